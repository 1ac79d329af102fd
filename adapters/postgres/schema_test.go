package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// schemaQueries describe the schema housingkit from the catalogue, one
// sorted list of lines per kind of object: what pg_dump --schema-only
// would say, without depending on pg_dump's version or layout. Access
// lists show the privileges granted to roles other than the owner (a
// REVOKE leaves the owner's default privileges spelled out, which is no
// change). Objects that
// belong to the btree_gist extension are left out (the extension itself is
// listed).
var schemaQueries = []struct{ name, sql string }{
	{"extensions", `SELECT e.extname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
		WHERE n.nspname = 'housingkit'`},
	{"domains", `SELECT t.typname || ' ' || format_type(t.typbasetype, t.typtypmod) || ' ' || pg_get_constraintdef(c.oid)
		FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_constraint c ON c.contypid = t.oid
		WHERE n.nspname = 'housingkit' AND t.typtype = 'd'`},
	{"tables", `SELECT c.relname || ' owner=' || pg_get_userbyid(c.relowner) || ' rls=' || c.relrowsecurity || ' forced=' || c.relforcerowsecurity
			|| ' acl=' || array_to_string(ARRAY(SELECT DISTINCT pg_get_userbyid(a.grantee) || ':' || a.privilege_type
			                FROM aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a WHERE a.grantee <> c.relowner ORDER BY 1), ',')
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
			|| ' acl=' || array_to_string(ARRAY(SELECT DISTINCT pg_get_userbyid(a.grantee) || ':' || a.privilege_type
			                FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE a.grantee <> n.nspowner ORDER BY 1), ',')
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
