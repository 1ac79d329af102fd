package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "store.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The catalogue: every table of the store is STRICT and has the tenant as
// its first column, and every primary key, unique index and foreign key
// leads with it (so that a distributed engine can shard by tenant).
func TestCatalogueTenantFirst(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	rows, err := s.reader.QueryContext(ctx, `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ?`, MigrationsTable)
	if err != nil {
		t.Fatal(err)
	}
	type tbl struct {
		name   string
		strict bool
	}
	var tables []tbl
	for rows.Next() {
		var x tbl
		if err := rows.Scan(&x.name, &x.strict); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, x)
	}
	rows.Close()
	if len(tables) < 11 {
		t.Fatalf("%d tables: %v", len(tables), tables)
	}
	q := func(query string, args ...any) [][]string {
		t.Helper()
		rows, err := s.reader.QueryContext(ctx, query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out [][]string
		for rows.Next() {
			vals := make([]string, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, vals)
		}
		return out
	}
	for _, tb := range tables {
		if !tb.strict {
			t.Errorf("table %s is not STRICT", tb.name)
		}
		cols := q(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, tb.name)
		if cols[0][0] != "tenant" {
			t.Errorf("table %s: first column %s, want tenant", tb.name, cols[0][0])
		}
		for _, c := range cols {
			if c[1] == "1" && c[0] != "tenant" {
				t.Errorf("table %s: primary key starts with %s, not tenant", tb.name, c[0])
			}
		}
		// Unique indexes (primary keys of WITHOUT ROWID tables and UNIQUE
		// constraints) and every other index.
		for _, ix := range q(`SELECT name, "unique", origin FROM pragma_index_list(?)`, tb.name) {
			first := q(`SELECT coalesce(name, '') FROM pragma_index_info(?) WHERE seqno = 0`, ix[0])
			if len(first) == 0 || first[0][0] != "tenant" {
				t.Errorf("table %s: index %s (unique %s, origin %s) does not lead with tenant", tb.name, ix[0], ix[1], ix[2])
			}
		}
		for _, fk := range q(`SELECT "table", "from", "to" FROM pragma_foreign_key_list(?) WHERE seq = 0`, tb.name) {
			if fk[1] != "tenant" || fk[2] != "tenant" {
				t.Errorf("table %s: foreign key to %s leads with %s → %s, not tenant", tb.name, fk[0], fk[1], fk[2])
			}
		}
	}
}

// The database itself refuses to change or remove audit rows, decisions
// and stored versions of stays, and to delete stays, whatever SQL a caller
// runs.
func TestTrailsAppendOnly(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	err := s.Update(ctx, "t1", func(tx store.Tx) error {
		if err := tx.Households().Create(storetest.Household("h1")); err != nil {
			return err
		}
		if err := tx.Units().Create(storetest.Unit("u1", "")); err != nil {
			return err
		}
		if _, err := tx.Decisions().Append(storetest.Decision("d1", "h1")); err != nil {
			return err
		}
		return tx.Tenancies().Create(storetest.Placed("s1", "h1", "u1", housing.MustParseDate("2025-02-01")))
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func(table string) int {
		var n int
		if err := s.reader.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, stmt := range []struct{ table, sql string }{
		{"audit_events", `UPDATE audit_events SET actor = 'someone else'`},
		{"audit_events", `DELETE FROM audit_events`},
		{"decisions", `UPDATE decisions SET outcome = 'ineligible'`},
		{"decisions", `DELETE FROM decisions`},
		{"tenancy_versions", `UPDATE tenancy_versions SET body = '{}'`},
		{"tenancy_versions", `DELETE FROM tenancy_versions`},
		{"tenancies", `DELETE FROM tenancies`},
	} {
		before := count(stmt.table)
		if before == 0 {
			t.Fatalf("%s is empty", stmt.table)
		}
		_, err := s.writer.ExecContext(ctx, stmt.sql)
		if err == nil {
			t.Errorf("%s: accepted", stmt.sql)
			continue
		}
		if got := dbError(err, stmt.sql); !errors.Is(got, store.ErrImmutable) {
			t.Errorf("%s: %v maps to %v, want forbidden store.immutable", stmt.sql, err, got)
		}
		if after := count(stmt.table); after != before {
			t.Errorf("%s: %d rows, then %d", stmt.sql, before, after)
		}
	}
}

// The connections are set up as the design says: WAL, a busy timeout,
// foreign keys, one writer, read-only readers.
func TestConnections(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	conn, err := s.reader.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var mode string
	var timeout, fk int
	for _, p := range []struct {
		pragma string
		dest   any
	}{{"journal_mode", &mode}, {"busy_timeout", &timeout}, {"foreign_keys", &fk}} {
		if err := conn.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(p.dest); err != nil {
			t.Fatal(err)
		}
	}
	if mode != "wal" || timeout != 5000 || fk != 1 {
		t.Errorf("journal_mode %s, busy_timeout %d, foreign_keys %d", mode, timeout, fk)
	}
	if got := s.writer.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer pool of %d connections, want 1", got)
	}
	if _, err := s.reader.ExecContext(ctx, `DELETE FROM households`); err == nil {
		t.Error("a reader connection wrote")
	}
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "x.db"), Options{Synchronous: "OFF"}); housing.ErrorCode(err) != housing.CodeInvalid {
		t.Errorf("synchronous OFF: %v", err)
	}
}

// A write that fails after its first statement (a fault of the database,
// forced here by a trigger on the version table) breaks the transaction:
// even when fn ignores the error and returns nil, nothing is committed,
// and later writes in it fail.
func TestHalfWriteBreaksTransaction(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	err := s.Update(ctx, "t1", func(tx store.Tx) error {
		if err := tx.Households().Create(storetest.Household("h1")); err != nil {
			return err
		}
		return tx.Units().Create(storetest.Unit("u1", ""))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.ExecContext(ctx, `CREATE TEMP TRIGGER fault BEFORE INSERT ON tenancy_versions BEGIN SELECT RAISE(FAIL, 'disk fault'); END`); err != nil {
		t.Fatal(err)
	}
	var first, later error
	err = s.Update(ctx, "t1", func(tx store.Tx) error {
		first = tx.Tenancies().Create(storetest.Placed("s1", "h1", "u1", housing.MustParseDate("2025-02-01")))
		later = tx.Households().Create(storetest.Household("h2"))
		return nil // the caller ignores the errors
	})
	if first == nil || later == nil || err == nil {
		t.Fatalf("create %v, later write %v, commit %v: want three errors", first, later, err)
	}
	if housing.ErrorCode(err) != housing.CodeInternal {
		t.Errorf("commit: %v, want internal", err)
	}
	if _, err := s.writer.ExecContext(ctx, `DROP TRIGGER temp.fault`); err != nil {
		t.Fatal(err)
	}
	s.View(ctx, "t1", func(tx store.Tx) error {
		if _, err := tx.Tenancies().Get("s1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the half-written stay: %v", err)
		}
		if _, err := tx.Households().Get("h2"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the later household: %v", err)
		}
		ev, _ := tx.Audit().List(store.AuditQuery{})
		if len(ev) != 2 {
			t.Errorf("%d audit rows, want the 2 of the first transaction", len(ev))
		}
		return nil
	})
	// A refused write, by contrast, leaves the transaction usable.
	err = s.Update(ctx, "t1", func(tx store.Tx) error {
		if err := tx.Households().Create(storetest.Household("h1")); !errors.Is(err, store.ErrExists) {
			t.Errorf("duplicate: %v", err)
		}
		return tx.Households().Create(storetest.Household("h3"))
	})
	if err != nil {
		t.Errorf("after a refused write: %v", err)
	}
}
