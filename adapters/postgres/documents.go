package postgres

import (
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/housingkit/housingkit/store"
)

// Documents returns the documents repository.
func (t *pgTx) Documents() store.Documents { return documents{t} }

type documents struct{ t *pgTx }

func (r documents) Create(d store.Document) error {
	t := r.t
	if err := t.usable(true); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	var n int
	err := t.queryRow("create document", `WITH w AS (
		INSERT INTO housingkit.documents (tenant, collection, id, version, ref, doc)
		VALUES ($1, $5, $6, 1, $7, $8::jsonb)
		ON CONFLICT (tenant, collection, id) DO NOTHING RETURNING $2::text AS id, version),
	a AS (`+auditSQL("w", store.KindDocument, store.ActionCreate, 3)+`)
	SELECT count(*) FROM w`,
		[]any{string(t.tenant), d.Key(), t.at, t.actor, d.Collection, d.ID, nullable(d.Ref), string(d.Body)}, &n)
	if err != nil {
		return err
	}
	if n == 0 {
		return store.Exists(store.KindDocument, d.Key())
	}
	return nil
}

func (r documents) Get(collection, id string) (store.Versioned[store.Document], error) {
	out := store.Versioned[store.Document]{Value: store.Document{Collection: collection, ID: id}}
	if err := r.t.usable(false); err != nil {
		return out, err
	}
	var body string
	err := r.t.pipeline("read document", stmt{`SELECT version, ref, doc::text FROM housingkit.documents
		WHERE tenant = $1 AND collection = $2 AND id = $3`, []any{string(r.t.tenant), collection, id},
		func(row pgx.Row) error { return row.Scan(&out.Version, str{&out.Value.Ref}, &body) }})
	if errors.Is(err, pgx.ErrNoRows) {
		return out, store.NotFound(store.KindDocument, out.Value.Key())
	}
	out.Value.Body = []byte(body)
	return out, err
}

func (r documents) Update(d store.Document, version int64) (int64, error) {
	t := r.t
	if err := t.usable(true); err != nil {
		return 0, err
	}
	if err := d.Validate(); err != nil {
		return 0, err
	}
	var v int64
	err := t.queryRow("update document", `WITH w AS (
		UPDATE housingkit.documents SET ref = $7, doc = $8::jsonb, version = version + 1
		WHERE tenant = $1 AND collection = $5 AND id = $6 AND version = $9
		RETURNING $2::text AS id, version),
	a AS (`+auditSQL("w", store.KindDocument, store.ActionUpdate, 3)+`)
	SELECT version FROM w`,
		[]any{string(t.tenant), d.Key(), t.at, t.actor, d.Collection, d.ID, nullable(d.Ref), string(d.Body), version}, &v)
	if !errors.Is(err, pgx.ErrNoRows) {
		return v, err
	}
	var stored int64
	err = t.queryRow("read document", `SELECT version FROM housingkit.documents WHERE tenant = $1 AND collection = $2 AND id = $3`,
		[]any{string(t.tenant), d.Collection, d.ID}, &stored)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, store.NotFound(store.KindDocument, d.Key())
	case err != nil:
		return 0, err
	}
	return 0, store.Stale(store.KindDocument, d.Key(), version, stored)
}

func (r documents) List(collection string, p store.Page) ([]store.Versioned[store.Document], error) {
	if err := r.t.usable(false); err != nil {
		return nil, err
	}
	n, err := p.Size()
	if err != nil {
		return nil, err
	}
	return r.scan(collection, `SELECT id, version, ref, doc::text FROM housingkit.documents
		WHERE tenant = $1 AND collection = $2 AND id > $3 ORDER BY id LIMIT $4`, string(r.t.tenant), collection, p.After, n)
}

func (r documents) OfRef(collection, ref string) ([]store.Versioned[store.Document], error) {
	if err := r.t.usable(false); err != nil {
		return nil, err
	}
	if ref == "" {
		return []store.Versioned[store.Document]{}, nil
	}
	return r.scan(collection, `SELECT id, version, ref, doc::text FROM housingkit.documents
		WHERE tenant = $1 AND collection = $2 AND ref = $3 ORDER BY id`, string(r.t.tenant), collection, ref)
}

func (r documents) scan(collection, sql string, args ...any) ([]store.Versioned[store.Document], error) {
	out := []store.Versioned[store.Document]{}
	err := r.t.query("list documents", sql, args, func(rows pgx.Rows) error {
		v := store.Versioned[store.Document]{Value: store.Document{Collection: collection}}
		var body string
		if err := rows.Scan(&v.Value.ID, &v.Version, str{&v.Value.Ref}, &body); err != nil {
			return err
		}
		v.Value.Body = []byte(body)
		out = append(out, v)
		return nil
	})
	return out, err
}
