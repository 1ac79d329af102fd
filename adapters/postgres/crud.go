package postgres

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// table describes a table of versioned records keyed by (tenant, id):
// its name, the kind of its records, and its data columns after tenant,
// id and version, in the order the records' values are given.
type table struct {
	name string
	kind store.Kind
	cols []string
	// sel is the select list of the data columns (with casts such as
	// rent::text), in the order of cols.
	sel string
}

func newTable(name string, kind store.Kind, cols ...string) table {
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = c
		if strings.HasSuffix(c, "::text") {
			cols[i] = strings.TrimSuffix(c, "::text")
		}
	}
	return table{name: "housingkit." + name, kind: kind, cols: cols, sel: strings.Join(sel, ", ")}
}

// create inserts the record id with vals at version 1 and appends its
// audit event in the same statement: conflict (store.exists) when the id
// is taken.
func (tb table) create(t *pgTx, id string, vals ...any) error {
	if err := t.usable(true); err != nil {
		return err
	}
	ph := make([]string, len(vals))
	for i := range vals {
		ph[i] = fmt.Sprintf("$%d", i+5)
	}
	sql := fmt.Sprintf(`WITH w AS (
		INSERT INTO %s (tenant, id, version, %s) VALUES ($1, $2, 1, %s)
		ON CONFLICT (tenant, id) DO NOTHING RETURNING id, version),
	a AS (%s)
	SELECT count(*) FROM w`, tb.name, strings.Join(tb.cols, ", "), strings.Join(ph, ", "), auditSQL("w", tb.kind, store.ActionCreate, 3))
	args := append([]any{string(t.tenant), id, t.at, t.actor}, vals...)
	var n int
	if err := t.queryRow("create "+string(tb.kind), sql, args, &n); err != nil {
		return err
	}
	if n == 0 {
		return store.Exists(tb.kind, id)
	}
	return nil
}

// update replaces the record id read at version with vals, appending the
// audit event: not_found, conflict (store.stale).
func (tb table) update(t *pgTx, id string, version int64, vals ...any) (int64, error) {
	if err := t.usable(true); err != nil {
		return 0, err
	}
	set := make([]string, len(vals))
	for i, c := range tb.cols {
		set[i] = fmt.Sprintf("%s = $%d", c, i+6)
	}
	sql := fmt.Sprintf(`WITH w AS (
		UPDATE %s SET %s, version = version + 1 WHERE tenant = $1 AND id = $2 AND version = $5 RETURNING id, version),
	a AS (%s)
	SELECT version FROM w`, tb.name, strings.Join(set, ", "), auditSQL("w", tb.kind, store.ActionUpdate, 3))
	args := append([]any{string(t.tenant), id, t.at, t.actor, version}, vals...)
	var v int64
	err := t.queryRow("update "+string(tb.kind), sql, args, &v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, tb.missOrStale(t, id, version)
	}
	return v, err
}

// missOrStale says why the record id at version was not there: not_found
// or conflict (store.stale).
func (tb table) missOrStale(t *pgTx, id string, version int64) error {
	var stored int64
	err := t.queryRow("read "+string(tb.kind), "SELECT version FROM "+tb.name+" WHERE tenant = $1 AND id = $2",
		[]any{string(t.tenant), id}, &stored)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return store.NotFound(tb.kind, id)
	case err != nil:
		return err
	case stored != version:
		return store.Stale(tb.kind, id, version, stored)
	}
	return store.Internal("record "+id+" is at the version given yet was not written", nil)
}

// usage is a table whose column refers to records of another kind.
type usage struct {
	kind  store.Kind
	table string
	col   string
	// key is the column that identifies the referring record in the
	// error (default id).
	key string
}

// remove deletes the record id read at version, after locking it and
// checking that no record of uses refers to it, and appends the audit
// event: not_found, conflict (store.stale, store.in_use).
func (tb table) remove(t *pgTx, id string, version int64, uses ...usage) error {
	if err := t.usable(true); err != nil {
		return err
	}
	var stored int64
	err := t.queryRow("lock "+string(tb.kind), "SELECT version FROM "+tb.name+" WHERE tenant = $1 AND id = $2 FOR UPDATE",
		[]any{string(t.tenant), id}, &stored)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return store.NotFound(tb.kind, id)
	case err != nil:
		return err
	case stored != version:
		return store.Stale(tb.kind, id, version, stored)
	}
	if len(uses) > 0 {
		parts := make([]string, len(uses))
		for i, u := range uses {
			key := u.key
			if key == "" {
				key = "id"
			}
			parts[i] = fmt.Sprintf("(SELECT %d AS n, %s::text AS id FROM housingkit.%s WHERE tenant = $1 AND %s = $2 ORDER BY 2 LIMIT 1)", i, key, u.table, u.col)
		}
		var (
			n    int
			byID string
		)
		err := t.queryRow("check uses of "+string(tb.kind), "SELECT n, id FROM ("+strings.Join(parts, " UNION ALL ")+") uses ORDER BY n LIMIT 1",
			[]any{string(t.tenant), id}, &n, &byID)
		switch {
		case err == nil:
			return store.InUse(tb.kind, id, uses[n].kind, byID)
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
	}
	sql := fmt.Sprintf(`WITH w AS (DELETE FROM %s WHERE tenant = $1 AND id = $2 AND version = $5 RETURNING id, version),
	a AS (%s)
	SELECT count(*) FROM w`, tb.name, auditSQL("w", tb.kind, store.ActionDelete, 3))
	var n int
	if err := t.queryRow("delete "+string(tb.kind), sql, []any{string(t.tenant), id, t.at, t.actor, version}, &n); err != nil {
		return err
	}
	if n == 0 {
		return tb.missOrStale(t, id, version)
	}
	return nil
}

// get reads the record id: scan receives its version and data columns.
func (tb table) get(t *pgTx, id string, scan func(pgx.Row) error) error {
	if err := t.usable(false); err != nil {
		return err
	}
	err := t.pipeline("read "+string(tb.kind), stmt{"SELECT version, " + tb.sel + " FROM " + tb.name + " WHERE tenant = $1 AND id = $2",
		[]any{string(t.tenant), id}, scan})
	if errors.Is(err, pgx.ErrNoRows) {
		return store.NotFound(tb.kind, id)
	}
	return err
}

// list reads a page of records in identifier order; where, when not
// empty, adds a condition on $4.
func (tb table) list(t *pgTx, p store.Page, where string, arg any, scan func(pgx.Rows) error) error {
	if err := t.usable(false); err != nil {
		return err
	}
	n, err := p.Size()
	if err != nil {
		return err
	}
	args := []any{string(t.tenant), p.After, n}
	sql := "SELECT version, " + tb.sel + " FROM " + tb.name + " WHERE tenant = $1 AND id > $2"
	if where != "" {
		sql += " AND " + where
		args = append(args, arg)
	}
	sql += " ORDER BY id LIMIT $3"
	return t.query("list "+string(tb.kind), sql, args, scan)
}

// scanErr passes pgx.ErrNoRows and a *housing.Error (a decoding problem)
// through and turns a driver error into a *housing.Error.
func scanErr(t *pgTx, what string, err error) error {
	var he *housing.Error
	if err == nil || errors.Is(err, pgx.ErrNoRows) || errors.As(err, &he) {
		return err
	}
	return t.fail(what, err)
}

// ref is a reference from a field of a record to a record of a kind.
type ref struct {
	field string
	kind  store.Kind
	table string
	id    string
}

// checkRefs returns invalid (store.reference) with one problem per set
// reference that names no record of the tenant. A reference is checked
// with FOR KEY SHARE, so that the record cannot be deleted before the
// transaction ends.
func checkRefs(t *pgTx, refs ...ref) error {
	var (
		parts []string
		args  = []any{string(t.tenant)}
		set   []ref
	)
	for _, r := range refs {
		if r.id == "" {
			continue
		}
		args = append(args, r.id)
		set = append(set, r)
		// Decisions are never deleted: no lock is needed (and the runtime
		// role, which may not update them, could not take it).
		lock := " FOR KEY SHARE"
		if r.table == "decisions" {
			lock = ""
		}
		parts = append(parts, fmt.Sprintf("EXISTS (SELECT 1 FROM housingkit.%s WHERE tenant = $1 AND id = $%d%s)", r.table, len(args), lock))
	}
	if len(set) == 0 {
		return nil
	}
	found := make([]bool, len(set))
	dest := make([]any, len(set))
	for i := range found {
		dest[i] = &found[i]
	}
	if err := t.queryRow("check references", "SELECT "+strings.Join(parts, ", "), args, dest...); err != nil {
		return err
	}
	var ps housing.Problems
	for i, r := range set {
		if !found[i] {
			ps = append(ps, housing.Problem{Path: r.field, Message: fmt.Sprintf("no %s %q", r.kind, r.id)})
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return missingRefs(ps)
}

// missingRefs is the invalid error (store.reference) for the problems ps,
// each a field naming a missing record.
func missingRefs(ps housing.Problems) error {
	return &housing.Error{Code: housing.CodeInvalid, Key: store.KeyReference, Message: "refers to a missing record", Problems: ps}
}

// nullable returns nil for the empty string, so that an unset reference is
// stored as NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// str reads a nullable text column.
type str struct{ s *string }

func (v str) Scan(src any) error {
	switch x := src.(type) {
	case nil:
		*v.s = ""
	case string:
		*v.s = x
	default:
		return fmt.Errorf("text column holds %T", src)
	}
	return nil
}

// dec reads a NUMERIC column selected as text into a decimal, exactly.
type dec struct{ d *decimal.Decimal }

func (v dec) Scan(src any) error {
	s, ok := src.(string)
	if !ok {
		return fmt.Errorf("numeric column read as %T, want text", src)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}

// decodeErr is the error for a stored document that does not decode.
func decodeErr(kind store.Kind, id string, err error) error {
	return store.Internal(fmt.Sprintf("decoding stored %s %q", kind, id), err)
}
