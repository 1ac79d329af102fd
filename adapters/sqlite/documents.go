package sqlite

import (
	"bytes"
	"encoding/json"

	"github.com/housingkit/housingkit/store"
)

// Documents returns the documents repository.
func (t *tx) Documents() store.Documents { return documents{t} }

type documents struct{ t *tx }

// body returns the document's body without insignificant white space.
func docBody(d store.Document) string {
	var b bytes.Buffer
	if json.Compact(&b, d.Body) != nil {
		return string(d.Body)
	}
	return b.String()
}

func (r documents) Create(d store.Document) error {
	t := r.t
	return t.change(func() error {
		if err := d.Validate(); err != nil {
			return err
		}
		ok, err := t.exists(`SELECT 1 FROM documents WHERE tenant = ? AND collection = ? AND id = ?`, string(t.tenant), d.Collection, d.ID)
		if err != nil {
			return err
		}
		if ok {
			return store.Exists(store.KindDocument, d.Key())
		}
		if _, err := t.exec(`INSERT INTO documents (tenant, collection, id, version, ref, body) VALUES (?, ?, ?, 1, ?, ?)`,
			string(t.tenant), d.Collection, d.ID, null(d.Ref), docBody(d)); err != nil {
			return err
		}
		return t.audit(store.KindDocument, d.Key(), store.ActionCreate, 1)
	})
}

func (r documents) Get(collection, id string) (store.Versioned[store.Document], error) {
	out := store.Versioned[store.Document]{Value: store.Document{Collection: collection, ID: id}}
	var (
		ref  *string
		body string
	)
	found, err := r.t.scanOne(`SELECT version, ref, body FROM documents WHERE tenant = ? AND collection = ? AND id = ?`,
		[]any{string(r.t.tenant), collection, id}, &out.Version, &ref, &body)
	if err != nil {
		return out, err
	}
	if !found {
		return out, store.NotFound(store.KindDocument, out.Value.Key())
	}
	if ref != nil {
		out.Value.Ref = *ref
	}
	out.Value.Body = json.RawMessage(body)
	return out, nil
}

func (r documents) Update(d store.Document, version int64) (int64, error) {
	t := r.t
	err := t.change(func() error {
		if err := d.Validate(); err != nil {
			return err
		}
		var stored int64
		found, err := t.scanOne(`SELECT version FROM documents WHERE tenant = ? AND collection = ? AND id = ?`,
			[]any{string(t.tenant), d.Collection, d.ID}, &stored)
		switch {
		case err != nil:
			return err
		case !found:
			return store.NotFound(store.KindDocument, d.Key())
		case stored != version:
			return store.Stale(store.KindDocument, d.Key(), version, stored)
		}
		res, err := t.exec(`UPDATE documents SET version = ?, ref = ?, body = ? WHERE tenant = ? AND collection = ? AND id = ? AND version = ?`,
			version+1, null(d.Ref), docBody(d), string(t.tenant), d.Collection, d.ID, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return store.Stale(store.KindDocument, d.Key(), version, -1)
		}
		return t.audit(store.KindDocument, d.Key(), store.ActionUpdate, version+1)
	})
	if err != nil {
		return 0, err
	}
	return version + 1, nil
}

func (r documents) List(collection string, p store.Page) ([]store.Versioned[store.Document], error) {
	n, err := p.Size()
	if err != nil {
		return nil, err
	}
	return r.scan(`SELECT id, version, ref, body FROM documents WHERE tenant = ? AND collection = ? AND id > ? ORDER BY id LIMIT ?`,
		collection, string(r.t.tenant), collection, p.After, n)
}

func (r documents) OfRef(collection, ref string) ([]store.Versioned[store.Document], error) {
	if ref == "" {
		if err := r.t.usable(); err != nil {
			return nil, err
		}
		return []store.Versioned[store.Document]{}, nil
	}
	return r.scan(`SELECT id, version, ref, body FROM documents WHERE tenant = ? AND collection = ? AND ref = ? ORDER BY id`,
		collection, string(r.t.tenant), collection, ref)
}

func (r documents) scan(query, collection string, args ...any) ([]store.Versioned[store.Document], error) {
	rows, err := r.t.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.Versioned[store.Document]{}
	for rows.Next() {
		var (
			v    store.Versioned[store.Document]
			ref  *string
			body string
		)
		if err := rows.Scan(&v.Value.ID, &v.Version, &ref, &body); err != nil {
			return nil, dbError(err, query)
		}
		v.Value.Collection = collection
		if ref != nil {
			v.Value.Ref = *ref
		}
		v.Value.Body = json.RawMessage(body)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, query)
	}
	return out, nil
}
