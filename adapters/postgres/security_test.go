package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(ctxT(t), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// strings1 runs a query of one text column.
func strings1(t *testing.T, c *pgx.Conn, sql string, args ...any) []string {
	t.Helper()
	rows, _ := c.Query(ctxT(t), sql, args...)
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// tenantTables lists the tables of the schema but the versions table.
func tenantTables(t *testing.T, c *pgx.Conn) []string {
	tabs := strings1(t, c, `SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'housingkit' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations' ORDER BY 1`)
	if len(tabs) < 11 {
		t.Fatalf("only %d tables in the schema: %v", len(tabs), tabs)
	}
	return tabs
}

// TestRowLevelSecurityOnEveryTable reads the catalogue: every table of the
// schema has a tenant column, row-level security enabled and forced, a
// policy in pg_policies that compares tenant with the transaction's
// setting, and belongs to the owner role.
func TestRowLevelSecurityOnEveryTable(t *testing.T) {
	db := migrated(t)
	c := connect(t, db.AdminURL)
	for _, tab := range tenantTables(t, c) {
		var (
			rls, forced, hasTenant bool
			owner                  string
		)
		err := c.QueryRow(ctxT(t), `SELECT c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner),
			EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant' AND a.attnum = 1)
			FROM pg_class c WHERE c.oid = ('housingkit.' || $1)::regclass`, tab).Scan(&rls, &forced, &owner, &hasTenant)
		if err != nil {
			t.Fatal(err)
		}
		if !rls || !forced {
			t.Errorf("%s: row-level security enabled %v, forced %v; want both", tab, rls, forced)
		}
		if owner != OwnerRole {
			t.Errorf("%s: owned by %s, want %s", tab, owner, OwnerRole)
		}
		if !hasTenant {
			t.Errorf("%s: its first column is not tenant", tab)
		}
		pols := strings1(t, c, `SELECT coalesce(qual, '') || ' | ' || coalesce(with_check, '') FROM pg_policies
			WHERE schemaname = 'housingkit' AND tablename = $1 AND cmd = 'ALL' AND permissive = 'PERMISSIVE'`, tab)
		if len(pols) == 0 {
			t.Errorf("%s: no policy in pg_policies", tab)
		}
		for _, p := range pols {
			if strings.Count(p, "current_setting('housingkit.tenant'::text, true)") != 2 {
				t.Errorf("%s: policy %q does not compare tenant with the transaction's setting in USING and WITH CHECK", tab, p)
			}
		}
	}
}

// TestKeysLeadWithTenant reads pg_constraint: every primary key, unique
// and exclusion constraint starts with tenant, and every foreign key
// includes it, so that Citus can distribute every table by tenant.
func TestKeysLeadWithTenant(t *testing.T) {
	db := migrated(t)
	c := connect(t, db.AdminURL)
	rows := strings1(t, c, `SELECT c.relname || ' ' || k.conname || ' ' || k.contype::text || ' ' ||
			array_to_string(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS x(n, i)
			JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.n ORDER BY x.i), ',')
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'housingkit' AND k.contype IN ('p', 'u', 'x', 'f') AND c.relname <> 'schema_migrations' ORDER BY 1`)
	kinds := map[string]int{}
	for _, r := range rows {
		f := strings.Fields(r)
		kinds[f[2]]++
		cols := strings.Split(f[3], ",")
		if f[2] == "f" {
			if !strings.Contains(","+f[3]+",", ",tenant,") {
				t.Errorf("%s %s: foreign key over (%s) without tenant", f[0], f[1], f[3])
			}
		} else if cols[0] != "tenant" {
			t.Errorf("%s %s (%s): over (%s), which does not start with tenant", f[0], f[1], f[2], f[3])
		}
	}
	if kinds["p"] != len(tenantTables(t, c)) || kinds["x"] != 2 || kinds["u"] == 0 {
		t.Errorf("constraints found by kind %v: want a primary key per table, 2 exclusion constraints, some unique ones", kinds)
	}
}

// seedTenant writes a household, a facility, a unit, a stay and a decision
// in tenant through the store.
func seedTenant(t *testing.T, s store.Store, tenant store.Tenant) {
	t.Helper()
	facilityFixture(t, s, tenant, 2, 1)
	err := s.Update(ctxT(t), tenant, func(tx store.Tx) error {
		if err := tx.Tenancies().Create(stay("t-1", "h-000", "bed-00", housing.MustDate(2024, 2, 1))); err != nil {
			return err
		}
		_, err := tx.Decisions().Append(store.DecisionRecord{ID: "d-1", HouseholdID: "h-000", RuleSetID: "rs", RuleSetVersion: "1",
			Date: housing.MustDate(2024, 1, 15), Outcome: "eligible", AskedBy: "svc", Decision: []byte(`{"outcome":"eligible"}`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNoTenantNoRows connects as the runtime login without the store:
// with no tenant set every table shows zero rows and refuses inserts; with
// another tenant set likewise; with the right one the rows appear. A
// pooled connection carries no tenant over from a transaction.
func TestNoTenantNoRows(t *testing.T) {
	s, db := openStore(t, Config{MaxConns: 1})
	seedTenant(t, s, "comune-a")
	c := connect(t, db.AppURL)
	count := func(tab, tenant string) int {
		t.Helper()
		var n int
		err := pgx.BeginFunc(ctxT(t), c, func(tx pgx.Tx) error {
			if tenant != "-" {
				if _, err := tx.Exec(ctxT(t), "SELECT set_config('housingkit.tenant', $1, true)", tenant); err != nil {
					return err
				}
			}
			return tx.QueryRow(ctxT(t), "SELECT count(*) FROM housingkit."+tab).Scan(&n)
		})
		if err != nil {
			t.Fatalf("count %s: %v", tab, err)
		}
		return n
	}
	total := 0
	for _, tab := range tenantTables(t, connect(t, db.AdminURL)) {
		if n := count(tab, "-"); n != 0 {
			t.Errorf("%s: %d rows visible with no tenant set", tab, n)
		}
		if n := count(tab, "comune-b"); n != 0 {
			t.Errorf("%s: %d rows of comune-a visible to comune-b", tab, n)
		}
		total += count(tab, "comune-a")
	}
	if total < 8 {
		t.Errorf("comune-a sees %d rows in all, want its seeded rows", total)
	}
	// Inserting another tenant's row, or any row without a tenant set.
	for _, tenant := range []string{"-", "comune-b"} {
		err := pgx.BeginFunc(ctxT(t), c, func(tx pgx.Tx) error {
			if tenant != "-" {
				tx.Exec(ctxT(t), "SELECT set_config('housingkit.tenant', $1, true)", tenant)
			}
			_, err := tx.Exec(ctxT(t), `INSERT INTO housingkit.households (tenant, id, version, doc) VALUES ('comune-a', 'x', 1, '{}')`)
			return err
		})
		if code(err) != "42501" {
			t.Errorf("insert of a comune-a row with tenant %s: %v, want SQLSTATE 42501 (row-level security)", tenant, err)
		}
	}
	// The store's one pooled connection holds no tenant after a transaction.
	if err := s.View(ctxT(t), "comune-a", func(store.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var setting *string
	if err := s.Pool().QueryRow(ctxT(t), "SELECT nullif(current_setting('housingkit.tenant', true), '')").Scan(&setting); err != nil {
		t.Fatal(err)
	}
	if setting != nil {
		t.Errorf("the pooled connection keeps tenant %q after the transaction", *setting)
	}
}

func code(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code
	}
	return ""
}

// TestRuntimeRoleChecked: Open refuses a superuser and a member of the
// owner role; the runtime login has neither BYPASSRLS nor the owner's
// powers, and may not change the schema.
func TestRuntimeRoleChecked(t *testing.T) {
	db := migrated(t)
	for _, tc := range []struct{ name, url string }{
		{"superuser", db.AdminURL},
	} {
		_, err := Open(ctxT(t), Config{URL: tc.url})
		if housing.ErrorCode(err) != housing.CodeForbidden {
			t.Errorf("Open as %s: %v, want forbidden", tc.name, err)
		}
	}
	// A login that inherits the owner role.
	if err := CreateRoles(ctxT(t), baseURL(t), "housingkit_test_owner_login"); err != nil {
		t.Fatal(err)
	}
	admin := connect(t, db.AdminURL)
	if _, err := admin.Exec(ctxT(t), "GRANT "+OwnerRole+" TO housingkit_test_owner_login"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(context.Background(), "REVOKE "+OwnerRole+" FROM housingkit_test_owner_login") })
	_, err := Open(ctxT(t), Config{URL: withDB(t, db.AdminURL, db.Name, "housingkit_test_owner_login")})
	if housing.ErrorCode(err) != housing.CodeForbidden {
		t.Errorf("Open as a member of the owner role: %v, want forbidden", err)
	}
	var super, bypass bool
	if err := admin.QueryRow(ctxT(t), "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1", testLogin).Scan(&super, &bypass); err != nil {
		t.Fatal(err)
	}
	if super || bypass {
		t.Errorf("runtime login: superuser %v, BYPASSRLS %v", super, bypass)
	}
	app := connect(t, db.AppURL)
	for _, sql := range []string{
		"ALTER TABLE housingkit.units DISABLE ROW LEVEL SECURITY",
		"DROP POLICY tenant_isolation ON housingkit.units",
		"CREATE TABLE housingkit.x (a int)",
		"TRUNCATE housingkit.units",
	} {
		if _, err := app.Exec(ctxT(t), sql); code(err) != "42501" {
			t.Errorf("%s as the runtime login: %v, want SQLSTATE 42501", sql, err)
		}
	}
	// A schema not at this program's version is refused.
	m, err := NewMigrator(ctxT(t), db.AdminURL, MigratorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close(context.Background())
	if err := m.Down(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctxT(t), Config{URL: db.AppURL}); !errors.Is(err, &housing.Error{Code: housing.CodeConflict, Key: "postgres.schema"}) {
		t.Errorf("Open on an unmigrated schema: %v, want conflict postgres.schema", err)
	}
}

// TestTrailsAppendOnly: the runtime role may not update or delete the
// audit, decision and tenancy-version rows (no privilege), and the owner
// may not either (trigger), nor truncate them.
func TestTrailsAppendOnly(t *testing.T) {
	s, db := openStore(t, Config{})
	seedTenant(t, s, "comune-a")
	app := connect(t, db.AppURL)
	owner := connect(t, db.AdminURL)
	for _, tab := range []string{"audit", "decisions", "tenancy_versions"} {
		for _, sql := range []string{"UPDATE housingkit." + tab + " SET tenant = tenant", "DELETE FROM housingkit." + tab} {
			err := pgx.BeginFunc(ctxT(t), app, func(tx pgx.Tx) error {
				tx.Exec(ctxT(t), "SELECT set_config('housingkit.tenant', 'comune-a', true)")
				_, err := tx.Exec(ctxT(t), sql)
				return err
			})
			if code(err) != "42501" {
				t.Errorf("%s as the runtime role: %v, want SQLSTATE 42501", sql, err)
			}
		}
		for _, sql := range []string{"UPDATE housingkit." + tab + " SET tenant = tenant", "DELETE FROM housingkit." + tab, "TRUNCATE housingkit." + tab + " CASCADE"} {
			var n int64
			err := pgx.BeginFunc(ctxT(t), owner, func(tx pgx.Tx) error {
				tx.Exec(ctxT(t), "SET LOCAL ROLE "+OwnerRole)
				tx.Exec(ctxT(t), "SELECT set_config('housingkit.tenant', 'comune-a', true)")
				if err := tx.QueryRow(ctxT(t), "SELECT count(*) FROM housingkit."+tab).Scan(&n); err != nil {
					return err
				}
				_, err := tx.Exec(ctxT(t), sql)
				return err
			})
			if n == 0 || code(err) != "P0001" || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s as the owner over %d rows: %v, want the trigger's refusal", sql, n, err)
			}
		}
	}
}

// TestExclusionConstraintRawSQL writes overlapping stays with raw SQL, as
// a buggy caller would, bypassing the store's checks: the database
// refuses them.
func TestExclusionConstraintRawSQL(t *testing.T) {
	s, db := openStore(t, Config{})
	facilityFixture(t, s, "comune-a", 3, 3)
	c := connect(t, db.AppURL)
	insert := func(id, household, unit, status, start string, exit any) error {
		return pgx.BeginFunc(ctxT(t), c, func(tx pgx.Tx) error {
			tx.Exec(ctxT(t), "SELECT set_config('housingkit.tenant', 'comune-a', true)")
			_, err := tx.Exec(ctxT(t), `INSERT INTO housingkit.tenancies (tenant, id, version, household_id, unit_id, status, start, exit_date, doc)
				VALUES ('comune-a', $1, 1, $2, $3, $4, $5::date, $6::date, '{}')`, id, household, unit, status, start, exit)
			return err
		})
	}
	if err := insert("a", "h-000", "bed-00", "ended", "2024-01-01", "2024-03-01"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name                                   string
		id, household, unit, status, start, ex string
		want                                   string
		constraint                             string
	}{
		{"same bed, overlapping", "b", "h-001", "bed-00", "active", "2024-02-15", "", "23P01", "tenancies_unit_no_overlap"},
		{"same bed, starts on the exit day", "c", "h-001", "bed-00", "active", "2024-03-01", "", "", ""},
		{"same household, another bed, overlapping", "d", "h-000", "bed-01", "active", "2024-02-01", "", "23P01", "tenancies_household_no_overlap"},
		{"same bed after c, still overlapping c", "e", "h-002", "bed-00", "ended", "2024-05-01", "2024-06-01", "23P01", "tenancies_unit_no_overlap"},
		{"a proposal does not occupy", "f", "h-002", "bed-00", "proposed", "2024-05-01", "", "", ""},
	} {
		var ex any
		if tc.ex != "" {
			ex = tc.ex
		}
		err := insert(tc.id, tc.household, tc.unit, tc.status, tc.start, ex)
		var pg *pgconn.PgError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v, want it written", tc.name, err)
		case tc.want != "" && (!errors.As(err, &pg) || pg.Code != tc.want || pg.ConstraintName != tc.constraint):
			t.Errorf("%s: %v, want SQLSTATE %s from %s", tc.name, err, tc.want, tc.constraint)
		}
	}
	// An update that makes a stay overlap is refused too.
	err := pgx.BeginFunc(ctxT(t), c, func(tx pgx.Tx) error {
		tx.Exec(ctxT(t), "SELECT set_config('housingkit.tenant', 'comune-a', true)")
		_, err := tx.Exec(ctxT(t), `UPDATE housingkit.tenancies SET exit_date = NULL, status = 'active' WHERE tenant = 'comune-a' AND id = 'a'`)
		return err
	})
	if code(err) != "23P01" {
		t.Errorf("reopening stay a over stay c: %v, want SQLSTATE 23P01", err)
	}
	// Through the store the same overlap is a conflict, never a driver error.
	err = s.Update(ctxT(t), "comune-a", func(tx store.Tx) error {
		return tx.Tenancies().Create(stay("g", "h-002", "bed-00", housing.MustDate(2024, 4, 1)))
	})
	if !errors.Is(err, store.ErrUnitOccupied) {
		t.Errorf("overlap through the store: %v, want conflict store.unit_occupied", err)
	}
}

// TestCreateTenancyFunctionUnderRLS calls housingkit.create_tenancy
// directly as the runtime login, as a buggy or hostile caller could: it
// runs as its caller, so with no tenant set, or with another tenant set
// than the one it is given, it finds none of the tenant's records and
// writes nothing; with the right tenant it writes the tenancy, its version
// and its audit row; and a second call with an overlapping stay is refused
// by the exclusion constraint without a row.
func TestCreateTenancyFunctionUnderRLS(t *testing.T) {
	s, db := openStore(t, Config{})
	facilityFixture(t, s, "comune-a", 3, 3)
	c := connect(t, db.AppURL)
	call := func(setTenant, id, household string) (outcome, other string) {
		t.Helper()
		err := pgx.BeginFunc(ctxT(t), c, func(tx pgx.Tx) error {
			if setTenant != "-" {
				if _, err := tx.Exec(ctxT(t), "SELECT set_config('housingkit.tenant', $1, true)", setTenant); err != nil {
					return err
				}
			}
			return tx.QueryRow(ctxT(t), `SELECT o_outcome, coalesce(o_other, '') FROM housingkit.create_tenancy('comune-a', $1, $2, 'bed-00', NULL,
				'active', '2024-03-01', NULL, '{}', '[2024-03-01,)', now(), 'test')`, id, household).Scan(&outcome, &other)
		})
		if err != nil {
			t.Fatalf("create_tenancy with tenant %s: %v", setTenant, err)
		}
		return outcome, other
	}
	count := func() (n int) {
		t.Helper()
		err := s.View(ctxT(t), "comune-a", func(tx store.Tx) error {
			ts, err := tx.Tenancies().OfUnit("bed-00")
			n = len(ts)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tenant := range []string{"-", "comune-b"} {
		if got, _ := call(tenant, "x", "h-000"); got != "missing" {
			t.Errorf("tenant %s set, placing into comune-a: outcome %q, want missing (row-level security hides the unit)", tenant, got)
		}
	}
	if n := count(); n != 0 {
		t.Fatalf("%d tenancies written by calls under another tenant", n)
	}
	if got, _ := call("comune-a", "x", "h-000"); got != "ok" {
		t.Fatalf("outcome %q, want ok", got)
	}
	if got, other := call("comune-a", "y", "h-001"); got != "unit" || other != "x" {
		t.Errorf("overlapping stay: outcome %q (%q), want unit (x)", got, other)
	}
	if n := count(); n != 1 {
		t.Errorf("%d tenancies in bed-00, want 1", n)
	}
	var events int
	err := s.View(ctxT(t), "comune-a", func(tx store.Tx) error {
		es, err := tx.Audit().List(store.AuditQuery{Kind: store.KindTenancy, ID: "x"})
		events = len(es)
		return err
	})
	if err != nil || events != 1 {
		t.Errorf("audit of x: %d events (%v), want 1", events, err)
	}
}
