package postgres

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var update = flag.Bool("update", false, "rewrite testdata/schema.txt from the migrated database")

// schemaQueries describe the schema housingkit from the catalogue, one
// sorted list of lines per kind of object: what pg_dump --schema-only
// would say, without depending on pg_dump's version or layout. Objects that
// belong to the btree_gist extension are left out (the extension itself is
// listed).
var schemaQueries = []struct{ name, sql string }{
	{"extensions", `SELECT e.extname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
		WHERE n.nspname = 'housingkit'`},
	{"domains", `SELECT t.typname || ' ' || format_type(t.typbasetype, t.typtypmod) || ' ' || pg_get_constraintdef(c.oid)
		FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_constraint c ON c.contypid = t.oid
		WHERE n.nspname = 'housingkit' AND t.typtype = 'd'`},
	{"tables", `SELECT c.relname || ' owner=' || pg_get_userbyid(c.relowner) || ' rls=' || c.relrowsecurity || ' forced=' || c.relforcerowsecurity
			|| ' acl=' || coalesce(array_to_string(ARRAY(SELECT x::text FROM unnest(c.relacl) x ORDER BY 1), ','), '')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'housingkit' AND c.relkind IN ('r', 'p')`},
	{"columns", `SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
			|| CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
			|| CASE WHEN a.attidentity::text <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
			|| CASE WHEN a.attgenerated::text <> '' THEN ' generated ' || pg_get_expr(d.adbin, d.adrelid)
			        WHEN d.adbin IS NOT NULL THEN ' default ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE n.nspname = 'housingkit' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`},
	{"constraints", `SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'housingkit'`},
	{"indexes", `SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'housingkit'`},
	{"policies", `SELECT tablename || ' ' || policyname || ' ' || permissive || ' ' || cmd || ' ' || array_to_string(roles, ',')
			|| ' using ' || coalesce(qual, '') || ' check ' || coalesce(with_check, '')
		FROM pg_policies WHERE schemaname = 'housingkit'`},
	{"triggers", `SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'housingkit' AND NOT t.tgisinternal`},
	{"functions", `SELECT p.proname || ' owner=' || pg_get_userbyid(p.proowner) || E'\n' || pg_get_functiondef(p.oid)
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE n.nspname = 'housingkit'
		  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`},
	{"schema", `SELECT n.nspname || ' owner=' || pg_get_userbyid(n.nspowner)
			|| ' acl=' || coalesce(array_to_string(ARRAY(SELECT x::text FROM unnest(n.nspacl) x ORDER BY 1), ','), '')
		FROM pg_namespace n WHERE n.nspname = 'housingkit'`},
}

// schemaDump returns the description of the schema housingkit.
func schemaDump(ctx context.Context, conn *pgx.Conn) (string, error) {
	var b strings.Builder
	for _, q := range schemaQueries {
		rows, _ := conn.Query(ctx, q.sql+" ORDER BY 1")
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return "", fmt.Errorf("schema dump, %s: %w", q.name, err)
		}
		fmt.Fprintf(&b, "-- %s\n", q.name)
		for _, l := range lines {
			b.WriteString(strings.TrimRight(l, "\n"))
			b.WriteByte('\n')
		}
	}
	return b.String(), nil
}

// dumpOf connects to url as the admin and dumps the schema.
func dumpOf(t *testing.T, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	d, err := schemaDump(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestMigrationsUpDownUp moves a fresh database up, down and up twice and
// checks that each "up" leaves the schema the committed dump describes
// (testdata/schema.txt; rewrite it with go test -run TestMigrationsUpDownUp
// -update) and each "down" leaves nothing of it but the empty schema and the
// versions table.
func TestMigrationsUpDownUp(t *testing.T) {
	db := newTestDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	m, err := NewMigrator(ctx, db.AdminURL, MigratorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close(ctx)
	golden := filepath.Join("testdata", "schema.txt")
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	first := dumpOf(t, db.AdminURL)
	if *update {
		if err := os.WriteFile(golden, []byte(first), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestMigrationsUpDownUp -update ./adapters/postgres to write it)", err)
	}
	if first != string(want) {
		t.Fatalf("the schema after up differs from %s (rerun with -update if the change is meant):\n%s", golden, lineDiff(string(want), first))
	}
	var empty string
	for round := 1; round <= 2; round++ {
		if err := m.Down(ctx); err != nil {
			t.Fatalf("round %d: down: %v", round, err)
		}
		if v, err := m.Current(ctx); err != nil || v != 0 {
			t.Fatalf("round %d: after down at version %d, %v; want 0", round, v, err)
		}
		d := dumpOf(t, db.AdminURL)
		if empty == "" {
			empty = d
		} else if d != empty {
			t.Fatalf("round %d: down left a different schema than round 1:\n%s", round, lineDiff(empty, d))
		}
		for _, artefact := range []string{"owners", "tenancies", "audit", "tenant_name", "refuse_change", "btree_gist", "tenant_isolation"} {
			if strings.Contains(d, artefact) {
				t.Errorf("round %d: down left %q behind:\n%s", round, artefact, d)
			}
		}
		if err := m.Up(ctx); err != nil {
			t.Fatalf("round %d: up: %v", round, err)
		}
		if d := dumpOf(t, db.AdminURL); d != first {
			t.Fatalf("round %d: up after down differs from the first up:\n%s", round, lineDiff(first, d))
		}
	}
}

// lineDiff lists the lines only in a (-) and only in b (+).
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out strings.Builder
	for _, l := range strings.Split(a, "\n") {
		if !mb[l] {
			out.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if !ma[l] {
			out.WriteString("+ " + l + "\n")
		}
	}
	return out.String()
}
