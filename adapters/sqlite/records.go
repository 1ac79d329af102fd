package sqlite

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// table describes how records of one kind are kept: a table with the
// columns tenant, id, version, the extra columns cols (values from vals)
// and body (the record as JSON). Its SQL is built once, from constants.
type table[T any] struct {
	kind store.Kind
	name string
	cols []string
	vals func(v T) []any
	id   func(v T) string
	// validate returns the record's own problems.
	validate func(v T) error
	// refs checks the records v names (store.reference).
	refs func(t *tx, v T) error
	// users lists the tables whose rows block a delete: kind, table and
	// column that names this record.
	users []user

	insertSQL, getSQL, versionSQL, updateSQL, deleteSQL, listSQL string
	// insertManySQL inserts bulkRows records in one statement.
	insertManySQL func() string
}

// user is a table whose rows refer to a record through column.
type user struct {
	kind   store.Kind
	table  string
	column string
	index  string // the index on (tenant, column)
}

func newTable[T any](t table[T]) *table[T] {
	cols := append([]string{"tenant", "id", "version"}, t.cols...)
	cols = append(cols, "body")
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
	t.insertSQL = "INSERT INTO " + t.name + " (" + strings.Join(cols, ", ") + ") VALUES (" + marks + ")"
	t.insertManySQL = sync.OnceValue(func() string { // some kB: built on the first import, not at start-up
		return "INSERT INTO " + t.name + " (" + strings.Join(cols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat("("+marks+"), ", bulkRows), ", ")
	})
	t.getSQL = "SELECT version, body FROM " + t.name + " WHERE tenant = ? AND id = ?"
	t.versionSQL = "SELECT version FROM " + t.name + " WHERE tenant = ? AND id = ?"
	set := []string{"version = ?"}
	for _, c := range t.cols {
		set = append(set, c+" = ?")
	}
	set = append(set, "body = ?")
	t.updateSQL = "UPDATE " + t.name + " SET " + strings.Join(set, ", ") + " WHERE tenant = ? AND id = ? AND version = ?"
	t.deleteSQL = "DELETE FROM " + t.name + " WHERE tenant = ? AND id = ? AND version = ?"
	t.listSQL = "SELECT version, body FROM " + t.name + " WHERE tenant = ? AND id > ? ORDER BY id LIMIT ?"
	return &t
}

// check validates v and the records it names.
func (tb *table[T]) check(t *tx, v T) error {
	if err := store.ValidateRecord(tb.kind, tb.id(v), func() error { return tb.validate(v) }); err != nil {
		return err
	}
	if tb.refs != nil {
		return tb.refs(t, v)
	}
	return nil
}

// row returns the values of every column of v at version.
func (tb *table[T]) row(t *tx, v T, version int64) ([]any, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: "store.value", Message: "cannot encode the " + string(tb.kind), Err: err}
	}
	args := []any{string(t.tenant), tb.id(v), version}
	if tb.vals != nil {
		args = append(args, tb.vals(v)...)
	}
	return append(args, string(body)), nil
}

func (tb *table[T]) create(t *tx, v T) error {
	return t.change(func() error {
		if err := tb.check(t, v); err != nil {
			return err
		}
		return tb.insert(t, v)
	})
}

// insert writes v at version 1 with its audit event; v has been checked.
func (tb *table[T]) insert(t *tx, v T) error {
	args, err := tb.row(t, v, 1)
	if err != nil {
		return err
	}
	if _, err := t.exec(tb.insertSQL, args...); err != nil {
		if housing.ErrorCode(err) == housing.CodeConflict {
			return store.Exists(tb.kind, tb.id(v))
		}
		return err
	}
	return t.audit(tb.kind, tb.id(v), store.ActionCreate, 1)
}

func (tb *table[T]) get(t *tx, id string) (store.Versioned[T], error) {
	var (
		out  store.Versioned[T]
		body string
	)
	found, err := t.scanOne(tb.getSQL, []any{string(t.tenant), id}, &out.Version, &body)
	if err != nil {
		return out, err
	}
	if !found {
		return out, store.NotFound(tb.kind, id)
	}
	return out, decode(tb.kind, id, body, &out.Value)
}

// decode reads a stored body.
func decode(kind store.Kind, id, body string, v any) error {
	if err := json.Unmarshal([]byte(body), v); err != nil {
		return store.Internal("decoding "+string(kind)+" "+id, err)
	}
	return nil
}

// current returns the stored version of id: not_found when there is
// none, conflict (store.stale) when it is not version.
func (tb *table[T]) current(t *tx, id string, version int64) error {
	var stored int64
	found, err := t.scanOne(tb.versionSQL, []any{string(t.tenant), id}, &stored)
	if err != nil {
		return err
	}
	if !found {
		return store.NotFound(tb.kind, id)
	}
	if stored != version {
		return store.Stale(tb.kind, id, version, stored)
	}
	return nil
}

func (tb *table[T]) update(t *tx, v T, version int64) (int64, error) {
	var next int64
	err := t.change(func() error {
		if err := tb.check(t, v); err != nil {
			return err
		}
		id := tb.id(v)
		if err := tb.current(t, id, version); err != nil {
			return err
		}
		next = version + 1
		return tb.rewrite(t, v, version)
	})
	return next, err
}

// rewrite stores v as the version after version, with its audit event.
func (tb *table[T]) rewrite(t *tx, v T, version int64) error {
	args, err := tb.row(t, v, version+1)
	if err != nil {
		return err
	}
	// UPDATE takes: version, cols..., body, then tenant, id, old version.
	set := append(args[2:], string(t.tenant), tb.id(v), version)
	res, err := t.exec(tb.updateSQL, set...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return store.Stale(tb.kind, tb.id(v), version, -1)
	}
	return t.audit(tb.kind, tb.id(v), store.ActionUpdate, version+1)
}

func (tb *table[T]) delete(t *tx, id string, version int64) error {
	return t.change(func() error {
		if err := tb.current(t, id, version); err != nil {
			return err
		}
		for _, u := range tb.users {
			by, err := t.firstID(inUseSQL(u), string(t.tenant), id)
			if err != nil {
				return err
			}
			if by != "" {
				return store.InUse(tb.kind, id, u.kind, by)
			}
		}
		if _, err := t.exec(tb.deleteSQL, string(t.tenant), id, version); err != nil {
			return err
		}
		return t.audit(tb.kind, id, store.ActionDelete, version)
	})
}

// inUseSQL returns the query of the first row of u that names a record.
func inUseSQL(u user) string {
	return "SELECT " + u.idColumn() + " FROM " + u.table + " INDEXED BY " + u.index + " WHERE tenant = ? AND " + u.column + " = ? ORDER BY 1 LIMIT 1"
}

// idColumn is what names a row of the user table in an in_use error.
func (u user) idColumn() string {
	if u.table == "waiting_list" {
		return "programme_id || '/' || household_id"
	}
	return "id"
}

func (tb *table[T]) list(t *tx, p store.Page) ([]store.Versioned[T], error) {
	n, err := p.Size()
	if err != nil {
		return nil, err
	}
	return scanVersioned[T](t, tb.kind, tb.listSQL, string(t.tenant), p.After, n)
}

// scanVersioned runs a query that selects version and body.
func scanVersioned[T any](t *tx, kind store.Kind, query string, args ...any) ([]store.Versioned[T], error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Versioned[T]
	for rows.Next() {
		var (
			v    store.Versioned[T]
			body string
		)
		if err := rows.Scan(&v.Version, &body); err != nil {
			return nil, dbError(err, query)
		}
		if err := decode(kind, "", body, &v.Value); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, query)
	}
	return out, nil
}

// ref checks that the record of kind with id exists in table (when id is
// set), and returns store.reference naming field otherwise.
func (t *tx) ref(field string, kind store.Kind, table, id string) error {
	if id == "" {
		return nil
	}
	ok, err := t.exists("SELECT 1 FROM "+table+" WHERE tenant = ? AND id = ?", string(t.tenant), id)
	if err != nil {
		return err
	}
	if !ok {
		return store.MissingReference(field, kind, id)
	}
	return nil
}

// null returns nil for an empty string, so that an unset reference is
// NULL in its column.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// date returns the date as YYYY-MM-DD, or nil for a zero date.
func date(d housing.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
