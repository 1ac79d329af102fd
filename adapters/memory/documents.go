package memory

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/housingkit/housingkit/store"
)

var documentSpec = spec[store.Document]{
	kind:      store.KindDocument,
	tab:       func(ts *tenantState) table[store.Document] { return ts.documents },
	id:        func(d store.Document) string { return d.Key() },
	check:     func(d store.Document) error { return d.Validate() },
	composite: true,
}

type documents struct{ t *tx }

// compact stores the body without insignificant white space, as the other
// stores give it back.
func compact(d store.Document) store.Document {
	var b bytes.Buffer
	if json.Compact(&b, d.Body) == nil {
		d.Body = b.Bytes()
	}
	return d
}

func (r documents) Create(d store.Document) error { return create(r.t, documentSpec, compact(d)) }

func (r documents) Get(collection, id string) (store.Versioned[store.Document], error) {
	return get(r.t, documentSpec, store.Document{Collection: collection, ID: id}.Key())
}

func (r documents) Update(d store.Document, version int64) (int64, error) {
	return update(r.t, documentSpec, compact(d), version)
}

func (r documents) List(collection string, p store.Page) ([]store.Versioned[store.Document], error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	n, err := p.Size()
	if err != nil {
		return nil, err
	}
	out, err := where(r.t.ts.documents, func(d store.Document) bool {
		return d.Collection == collection && d.ID > p.After
	}, nil)
	if err != nil {
		return nil, err
	}
	return out[:min(n, len(out))], nil
}

func (r documents) OfRef(collection, ref string) ([]store.Versioned[store.Document], error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	if ref == "" {
		return []store.Versioned[store.Document]{}, nil
	}
	return where(r.t.ts.documents, func(d store.Document) bool {
		return d.Collection == collection && d.Ref == ref
	}, func(a, b *row[store.Document]) int { return strings.Compare(a.val.ID, b.val.ID) })
}
