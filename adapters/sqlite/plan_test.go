package sqlite

import (
	"context"
	"strings"
	"testing"
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
