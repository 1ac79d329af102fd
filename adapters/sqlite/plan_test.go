package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/store"
)

// The statements of a placement and the lookups of the queries use an
// index: none scans a tenant's rows (on a fresh file, without statistics,
// SQLite's planner would otherwise walk the primary key to honour ORDER
// BY id).
func TestQueryPlans(t *testing.T) {
	s := openTest(t)
	stmts := []string{placementSQL, vacantSQL}
	for _, tb := range []struct {
		name  string
		users []user
	}{{"households", householdTable.users}, {"owners", ownerTable.users}, {"facilities", facilityTable.users},
		{"units", unitTable.users}, {"referrals", referralTable.users}} {
		for _, u := range tb.users {
			stmts = append(stmts, inUseSQL(u))
		}
	}
	for _, q := range stmts {
		n := strings.Count(q, "?")
		args := make([]any, max(n, 12))
		for i := range args {
			args[i] = "x"
		}
		rows, err := s.reader.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args[:max(n, 12)]...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, p := range plan {
			// The vacancy query walks the tenant's units by identifier (its
			// order and its paging); everything else is a lookup.
			if strings.HasPrefix(p, "SCAN") || (strings.Contains(p, "USING PRIMARY KEY (tenant=?)") && !strings.HasPrefix(q, "SELECT u.version, u.body")) {
				t.Errorf("%s\nplan: %s", q, strings.Join(plan, "; "))
			}
		}
	}
}

// The checkpointer copies the log into the file as write transactions
// commit, and Close stops it.
func TestCheckpointer(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for i := range 3 * checkpointEvery {
		if err := s.Update(ctx, "t1", func(tx store.Tx) error {
			return tx.Households().Create(storetest.Household(fmt.Sprintf("h%04d", i)))
		}); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); s.checkpoints.Load() == 0; {
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint after 300 write transactions")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if s.Close(); s.ckdb.Ping() == nil {
		t.Error("the checkpoint connection is open after Close")
	}
	select {
	case <-s.stopped:
	default:
		t.Error("the checkpointer runs after Close")
	}
}
