package memory

import (
	"cmp"
	"slices"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// spec describes one kind of record for the generic operations.
type spec[T any] struct {
	kind  store.Kind
	tab   func(*tenantState) table[T]
	id    func(T) string
	check func(T) error
	// refs adds a problem for every reference of v that names no record.
	refs func(*tenantState, T, *housing.Problems)
	// inUse returns the error for deleting id while it is referred to.
	inUse func(*tenantState, string) error
	// composite: the id is made of fields that check checks (waiting-list
	// entries), so it is not checked as one identifier.
	composite bool
}

func (sp spec[T]) validate(ts *tenantState, v T) error {
	id := sp.id(v)
	if sp.composite {
		id = ""
	}
	if err := store.ValidateRecord(sp.kind, id, func() error { return sp.check(v) }); err != nil {
		return err
	}
	if sp.refs == nil {
		return nil
	}
	var ps housing.Problems
	sp.refs(ts, v, &ps)
	return store.MissingReferences(ps)
}

func create[T any](t *tx, sp spec[T], v T) error {
	if err := t.writable(); err != nil {
		return err
	}
	if err := sp.validate(t.ts, v); err != nil {
		return err
	}
	id, tab := sp.id(v), sp.tab(t.ts)
	if _, ok := tab[id]; ok {
		return store.Exists(sp.kind, id)
	}
	r, err := newRow(v, 1)
	if err != nil {
		return err
	}
	put(t, tab, id, r)
	t.event(sp.kind, id, store.ActionCreate, 1)
	return nil
}

func get[T any](t *tx, sp spec[T], id string) (store.Versioned[T], error) {
	if err := t.readable(); err != nil {
		return store.Versioned[T]{}, err
	}
	r, ok := sp.tab(t.ts)[id]
	if !ok {
		return store.Versioned[T]{}, store.NotFound(sp.kind, id)
	}
	return r.out()
}

// current returns the stored row of id at version, or not_found or stale.
func current[T any](tab table[T], kind store.Kind, id string, version int64) (*row[T], error) {
	r, ok := tab[id]
	if !ok {
		return nil, store.NotFound(kind, id)
	}
	if r.version != version {
		return nil, store.Stale(kind, id, version, r.version)
	}
	return r, nil
}

func update[T any](t *tx, sp spec[T], v T, version int64) (int64, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	if err := sp.validate(t.ts, v); err != nil {
		return 0, err
	}
	id, tab := sp.id(v), sp.tab(t.ts)
	if _, err := current(tab, sp.kind, id, version); err != nil {
		return 0, err
	}
	r, err := newRow(v, version+1)
	if err != nil {
		return 0, err
	}
	put(t, tab, id, r)
	t.event(sp.kind, id, store.ActionUpdate, r.version)
	return r.version, nil
}

func del[T any](t *tx, sp spec[T], id string, version int64) error {
	if err := t.writable(); err != nil {
		return err
	}
	tab := sp.tab(t.ts)
	if _, err := current(tab, sp.kind, id, version); err != nil {
		return err
	}
	if sp.inUse != nil {
		if err := sp.inUse(t.ts, id); err != nil {
			return err
		}
	}
	remove(t, tab, id)
	t.event(sp.kind, id, store.ActionDelete, version)
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func list[T any](t *tx, sp spec[T], p store.Page) ([]store.Versioned[T], error) {
	if err := t.readable(); err != nil {
		return nil, err
	}
	n, err := p.Size()
	if err != nil {
		return nil, err
	}
	tab := sp.tab(t.ts)
	out := []store.Versioned[T]{}
	for _, id := range sortedKeys(tab) {
		if id <= p.After {
			continue
		}
		if len(out) == n {
			break
		}
		v, err := tab[id].out()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// where returns the stored values of tab that keep selects, in the order
// of less (identifier order when less is nil).
func where[T any](tab table[T], keep func(T) bool, less func(a, b *row[T]) int) ([]store.Versioned[T], error) {
	var rows []*row[T]
	var ids []string
	for _, id := range sortedKeys(tab) {
		if keep(tab[id].val) {
			rows = append(rows, tab[id])
			ids = append(ids, id)
		}
	}
	if less != nil {
		slices.SortStableFunc(rows, less)
	}
	out := make([]store.Versioned[T], 0, len(rows))
	for _, r := range rows {
		v, err := r.out()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// firstRef returns the first id (in byte order) of tab whose value refers
// to id through ref.
func firstRef[T any](tab table[T], id string, ref func(T) string) (string, bool) {
	for _, k := range sortedKeys(tab) {
		if ref(tab[k].val) == id {
			return k, true
		}
	}
	return "", false
}

func byDateThenID(a, b housing.Date, ida, idb string) int {
	if c := a.Compare(b); c != 0 {
		return c
	}
	return cmp.Compare(ida, idb)
}
