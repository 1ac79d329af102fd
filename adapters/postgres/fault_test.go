package postgres

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// The fault tests run this test binary again as a child process that
// writes until it is killed with SIGKILL.
const (
	envChild    = "HOUSINGKIT_PG_CHILD"
	envChildURL = "HOUSINGKIT_PG_CHILD_URL"
	importBatch = 500
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(envChild); mode != "" {
		if err := child(mode, os.Getenv(envChildURL)); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child writes in a loop until killed: bulk imports of importBatch units,
// or placements (each with an update of its household) from 4 goroutines.
// It prints "ready" once the first transaction has committed.
func child(mode, url string) error {
	ctx := context.Background()
	s, err := Open(ctx, Config{URL: url, MaxConns: 4})
	if err != nil {
		return err
	}
	tenant := store.Tenant("comune-a")
	switch mode {
	case "bulk":
		for b := 0; ; b++ {
			us := make([]housing.Unit, importBatch)
			for i := range us {
				us[i] = housing.Unit{ID: fmt.Sprintf("u-%05d-%03d", b, i), Kind: housing.UnitApartment, Beds: 2, Contract: housing.ContractAgreedRent,
					Rent: decimal.New(int64(400+i), 0), AvailableFrom: housing.MustDate(2024, 1, 1), Municipality: "Ferrara"}
			}
			if err := s.ImportUnits(ctx, tenant, us); err != nil {
				return err
			}
			if b == 0 {
				fmt.Println("ready")
			}
		}
	case "burst":
		next := make(chan int)
		errs := make(chan error, 4)
		var done atomic.Int64
		for range 4 {
			go func() {
				for i := range next {
					err := s.Update(ctx, tenant, func(tx store.Tx) error {
						return burstPlacement(tx, i)
					})
					if err != nil {
						errs <- err
						return
					}
					if done.Add(1) == 1 {
						fmt.Println("ready")
					}
				}
			}()
		}
		for i := 0; ; i++ {
			select {
			case err := <-errs:
				return err
			case next <- i:
			}
		}
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// burstPlacement places household h-i in bed i mod 12 for the month
// i/12 after January 2024 (an ended stay of one month), and bumps the
// household's version in the same transaction.
func burstPlacement(tx store.Tx, i int) error {
	start, err := housing.MustDate(2024, 1, 1).AddMonths(i / 12)
	if err != nil {
		return err
	}
	end, err := start.AddMonths(1)
	if err != nil {
		return err
	}
	t := stay(fmt.Sprintf("t-%05d", i), fmt.Sprintf("h-%05d", i), fmt.Sprintf("bed-%02d", i%12), start)
	t.Status, t.Exit = housing.TenancyEnded, &housing.Exit{Date: end, Pathway: housing.ExitPrivateLease}
	t.History = append(t.History, housing.Transition{Date: end, From: housing.TenancyActive, To: housing.TenancyEnded})
	if err := tx.Tenancies().Create(t); err != nil {
		return err
	}
	h, err := tx.Households().Get(t.HouseholdID)
	if err != nil {
		return err
	}
	_, err = tx.Households().Update(h.Value, h.Version)
	return err
}

// runAndKill starts the child in mode, waits until it says ready and a
// little more, kills it with SIGKILL, and waits until the server has
// ended its backends.
func runAndKill(t *testing.T, db testDB, mode string, after time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"="+mode, envChildURL+"="+db.AppURL+"&application_name=hk_child")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "ready" {
				ready <- true
			}
		}
		close(ready)
	}()
	select {
	case ok := <-ready:
		if !ok {
			cmd.Wait()
			t.Fatalf("the child ended before it was ready")
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("the child was not ready within a minute")
	}
	time.Sleep(after)
	// Kill it while one of its backends is inside a transaction, so that the
	// kill lands in the middle of one.
	admin := connect(t, db.AdminURL)
	inTx := 0
	for deadline := time.Now().Add(5 * time.Second); inTx == 0 && time.Now().Before(deadline); {
		if err := admin.QueryRow(ctxT(t), "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'hk_child' AND xact_start IS NOT NULL", db.Name).Scan(&inTx); err != nil {
			t.Fatal(err)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	t.Logf("killed the child while %d of its transactions were open", inTx)
	if inTx == 0 {
		t.Error("the child had no open transaction in 5 s")
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child ended with %v before the kill", err)
	}
	// The server notices the closed sockets and rolls back.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var n int
		if err := admin.QueryRow(ctxT(t), "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'hk_child'", db.Name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d backends of the killed child still run after 30 s", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// count runs a count as the admin (who sees every tenant's rows).
func count(t *testing.T, c *pgx.Conn, sql string) int {
	t.Helper()
	var n int
	if err := c.QueryRow(ctxT(t), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// TestKilledDuringBulkImport kills a process in the middle of a stream of
// bulk imports: every import is there whole or not at all, each unit with
// its audit row, and the store opens and imports again.
func TestKilledDuringBulkImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	db := migrated(t)
	runAndKill(t, db, "bulk", 300*time.Millisecond)
	admin := connect(t, db.AdminURL)
	units := count(t, admin, "SELECT count(*) FROM housingkit.units")
	events := count(t, admin, "SELECT count(*) FROM housingkit.audit WHERE kind = 'unit'")
	t.Logf("%d units (%d imports) committed before the kill", units, units/importBatch)
	if units == 0 || units%importBatch != 0 {
		t.Errorf("%d units stored: want a positive multiple of %d (whole imports only)", units, importBatch)
	}
	if events != units {
		t.Errorf("%d audit events for %d units", events, units)
	}
	if n := count(t, admin, "SELECT count(*) FROM (SELECT 1 FROM housingkit.units GROUP BY substr(id, 1, 7) HAVING count(*) <> 500) x"); n != 0 {
		t.Errorf("%d imports stored in part", n)
	}
	s, err := Open(ctxT(t), Config{URL: db.AppURL})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.ImportUnits(ctxT(t), "comune-a", []housing.Unit{{ID: "after", Kind: housing.UnitRoom, Beds: 1, Contract: housing.ContractConcession, AvailableFrom: housing.MustDate(2024, 1, 1)}}); err != nil {
		t.Errorf("import after the kill: %v", err)
	}
}

// TestKilledDuringPlacements kills a process in the middle of a burst of
// placements, each of which also updates its household: every placement
// is there with its household update, its version row and its audit
// event, or none of them is; no facility is over capacity on any day.
func TestKilledDuringPlacements(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	db := migrated(t)
	s, err := Open(ctxT(t), Config{URL: db.AppURL})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	facilityFixture(t, s, "comune-a", 12, 0)
	hs := make([]housing.Household, 5000)
	for i := range hs {
		hs[i] = household(fmt.Sprintf("h-%05d", i))
	}
	if err := s.ImportHouseholds(ctxT(t), "comune-a", hs); err != nil {
		t.Fatal(err)
	}
	runAndKill(t, db, "burst", 300*time.Millisecond)
	admin := connect(t, db.AdminURL)
	placed := count(t, admin, "SELECT count(*) FROM housingkit.tenancies")
	t.Logf("%d placements committed before the kill", placed)
	for _, c := range []struct{ what, sql string }{
		{"households updated", "SELECT count(*) FROM housingkit.households WHERE version = 2"},
		{"tenancy versions", "SELECT count(*) FROM housingkit.tenancy_versions"},
		{"tenancy audit events", "SELECT count(*) FROM housingkit.audit WHERE kind = 'tenancy'"},
		{"household update events", "SELECT count(*) FROM housingkit.audit WHERE kind = 'household' AND action = 'update'"},
		{"placements whose household was updated", `SELECT count(*) FROM housingkit.tenancies t JOIN housingkit.households h
			ON h.tenant = t.tenant AND h.id = t.household_id AND h.version = 2`},
	} {
		if n := count(t, admin, c.sql); n != placed {
			t.Errorf("%d %s for %d placements", n, c.what, placed)
		}
	}
	if placed < 1 {
		t.Errorf("%d placements, want at least the one committed before ready", placed)
	}
	if n := count(t, admin, `SELECT count(*) FROM (SELECT d FROM generate_series('2024-01-01'::date, '2030-01-01', '1 day') d
		JOIN housingkit.tenancies t ON t.stay @> d::date GROUP BY d HAVING count(*) > 12) x`); n != 0 {
		t.Errorf("%d days with more than 12 beds in use", n)
	}
	// The store goes on where the child stopped.
	err = s.Update(ctxT(t), "comune-a", func(tx store.Tx) error { return burstPlacement(tx, 4999) })
	if err != nil {
		t.Errorf("placement after the kill: %v", err)
	}
}

// TestTerminatedBackend terminates the backend of a transaction in the
// middle of it (pg_terminate_backend): the call fails with code internal
// and SQLSTATE 57P01 in its message, nothing of the transaction is
// written, and the pool serves the next call on a new connection.
func TestTerminatedBackend(t *testing.T) {
	s, db := openStore(t, Config{MaxConns: 1})
	admin := connect(t, db.AdminURL)
	err := s.Update(ctxT(t), "comune-a", func(tx store.Tx) error {
		if err := tx.Households().Create(household("h-1")); err != nil {
			return err
		}
		pid := tx.(*pgTx).conn.PgConn().PID()
		var ok bool
		if err := admin.QueryRow(ctxT(t), "SELECT pg_terminate_backend($1, 5000)", pid).Scan(&ok); err != nil || !ok {
			t.Fatalf("terminate backend %d: %v %v", pid, ok, err)
		}
		return tx.Households().Create(household("h-2"))
	})
	var he *housing.Error
	if !errors.As(err, &he) || he.Code != housing.CodeInternal || !strings.Contains(err.Error(), "57P01") {
		t.Fatalf("terminated backend: %v, want code internal naming SQLSTATE 57P01", err)
	}
	t.Logf("error: %v", err)
	// The pool recovers: the next call works and sees nothing of the first.
	err = s.Update(ctxT(t), "comune-a", func(tx store.Tx) error {
		hs, err := tx.Households().List(store.Page{})
		if err != nil {
			return err
		}
		if len(hs) != 0 {
			t.Errorf("%d households written by the terminated transaction", len(hs))
		}
		return tx.Households().Create(household("h-3"))
	})
	if err != nil {
		t.Fatalf("the call after the termination: %v", err)
	}
	if n := count(t, admin, "SELECT count(*) FROM housingkit.households"); n != 1 {
		t.Errorf("%d households stored, want 1 (h-3)", n)
	}
}
