// Package memory is an in-memory store.Store for tests and simulations.
//
// It keeps every record as its JSON encoding (so that nothing a caller holds
// aliases the stored state, as with a database) and is safe for concurrent
// use: each tenant has its own lock, read-only transactions of a tenant run
// together, and read-write ones one at a time, which makes them serialisable.
// A transaction is all or nothing: every write records how to undo itself,
// and a failed or panicking transaction is undone in reverse order before
// the lock is released. Listings are in a fixed order (identifiers in byte
// order, or the order the port documents), so runs are reproducible.
//
// Nothing is kept after the Store is dropped.
package memory

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// Store is an in-memory store.Store. The zero value is not usable; call New.
type Store struct {
	now func() time.Time

	mu      sync.Mutex
	tenants map[store.Tenant]*tenantState
	closed  bool
}

// Option configures a Store.
type Option func(*Store)

// WithClock sets the clock that stamps audit events (default time.Now),
// for reproducible simulations.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// New returns an empty store.
func New(opts ...Option) *Store {
	s := &Store{now: time.Now, tenants: map[store.Tenant]*tenantState{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

var (
	_ store.Store        = (*Store)(nil)
	_ store.BulkImporter = (*Store)(nil)
)

func (s *Store) tenant(t store.Tenant) (*tenantState, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, store.Closed()
	}
	ts := s.tenants[t]
	if ts == nil {
		ts = newTenantState()
		s.tenants[t] = ts
	}
	return ts, nil
}

// Update runs fn in a read-write transaction of tenant (see store.Store).
// Read-write transactions of one tenant run one at a time.
func (s *Store) Update(ctx context.Context, tenant store.Tenant, fn func(store.Tx) error) (err error) {
	return s.run(ctx, tenant, true, fn)
}

// View runs fn in a read-only transaction of tenant (see store.Store).
func (s *Store) View(ctx context.Context, tenant store.Tenant, fn func(store.Tx) error) error {
	return s.run(ctx, tenant, false, fn)
}

func (s *Store) run(ctx context.Context, tenant store.Tenant, write bool, fn func(store.Tx) error) (err error) {
	if err := store.CheckCall(ctx, tenant, fn); err != nil {
		return err
	}
	ts, err := s.tenant(tenant)
	if err != nil {
		return err
	}
	actor := store.ActorFrom(ctx)
	if err := store.CheckActor(actor); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return store.Cancelled(err)
	}
	if write {
		ts.mu.Lock()
		defer ts.mu.Unlock()
	} else {
		ts.mu.RLock()
		defer ts.mu.RUnlock()
	}
	t := &tx{ts: ts, tenant: tenant, write: write, actor: actor, at: s.now().UTC()}
	committed := false
	defer func() {
		t.done = true
		if !committed {
			t.rollback()
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return store.Cancelled(err)
	}
	committed = true
	return nil
}

// Close marks the store closed: later calls return internal (store.closed).
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// ImportUnits creates every unit in one transaction: all or none (see
// store.BulkImporter). The error names the first unit refused by its
// index.
func (s *Store) ImportUnits(ctx context.Context, tenant store.Tenant, units []housing.Unit) error {
	return s.Update(ctx, tenant, func(tx store.Tx) error {
		for i, u := range units {
			if err := tx.Units().Create(u); err != nil {
				return fmt.Errorf("units[%d]: %w", i, err)
			}
		}
		return nil
	})
}

// ImportHouseholds creates every household in one transaction: all or
// none (see store.BulkImporter).
func (s *Store) ImportHouseholds(ctx context.Context, tenant store.Tenant, households []housing.Household) error {
	return s.Update(ctx, tenant, func(tx store.Tx) error {
		for i, h := range households {
			if err := tx.Households().Create(h); err != nil {
				return fmt.Errorf("households[%d]: %w", i, err)
			}
		}
		return nil
	})
}

// row is one stored version of a record: its JSON and a private decoded
// copy that queries read and that never leaves the package.
type row[T any] struct {
	val     T
	data    []byte
	version int64
}

func newRow[T any](v T, version int64) (*row[T], error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, store.Internal("encoding the record", err)
	}
	r := &row[T]{data: data, version: version}
	if err := json.Unmarshal(data, &r.val); err != nil {
		return nil, store.Internal("decoding the record", err)
	}
	return r, nil
}

// out returns a fresh copy of the stored value.
func (r *row[T]) out() (store.Versioned[T], error) {
	var v T
	if err := json.Unmarshal(r.data, &v); err != nil {
		return store.Versioned[T]{}, store.Internal("decoding the record", err)
	}
	return store.Versioned[T]{Value: v, Version: r.version}, nil
}

type table[T any] map[string]*row[T]

type decisionRow struct {
	rec store.DecisionRecord
}

type tenantState struct {
	mu sync.RWMutex

	households table[housing.Household]
	owners     table[housing.Owner]
	facilities table[housing.Facility]
	units      table[housing.Unit]
	referrals  table[housing.Referral]
	tenancies  table[housing.Tenancy]
	history    map[string][]*row[housing.Tenancy]
	carePlans  table[housing.CarePlan]
	waiting    table[store.WaitingEntry]
	documents  table[store.Document]
	decisions  map[string]*decisionRow
	// decisionOrder lists decision ids in the order appended.
	decisionOrder []string
	audit         []store.Event
	seq           int64

	// Indexes: unit → its tenancies, household → its tenancies, facility →
	// its units.
	unitTenancies      map[string]map[string]bool
	householdTenancies map[string]map[string]bool
	facilityUnits      map[string]map[string]bool
}

func newTenantState() *tenantState {
	return &tenantState{
		households: table[housing.Household]{}, owners: table[housing.Owner]{},
		facilities: table[housing.Facility]{}, units: table[housing.Unit]{},
		referrals: table[housing.Referral]{}, tenancies: table[housing.Tenancy]{},
		history: map[string][]*row[housing.Tenancy]{}, carePlans: table[housing.CarePlan]{},
		waiting: table[store.WaitingEntry]{}, documents: table[store.Document]{}, decisions: map[string]*decisionRow{},
		unitTenancies: map[string]map[string]bool{}, householdTenancies: map[string]map[string]bool{},
		facilityUnits: map[string]map[string]bool{},
	}
}

type tx struct {
	ts     *tenantState
	tenant store.Tenant
	write  bool
	done   bool
	actor  string
	at     time.Time
	undo   []func()
}

func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

func (t *tx) readable() error {
	if t.done {
		return store.TxDone()
	}
	return nil
}

func (t *tx) writable() error {
	if t.done {
		return store.TxDone()
	}
	if !t.write {
		return store.ReadOnly()
	}
	return nil
}

// event appends an audit event, undone with the transaction.
func (t *tx) event(kind store.Kind, id string, action store.Action, version int64) {
	ts := t.ts
	prevSeq, n := ts.seq, len(ts.audit)
	ts.seq++
	ts.audit = append(ts.audit, store.Event{Seq: ts.seq, At: t.at, Actor: t.actor, Kind: kind, ID: id, Action: action, Version: version})
	t.undo = append(t.undo, func() { ts.seq, ts.audit = prevSeq, ts.audit[:n] })
}

// put sets tab[id] to r, undone with the transaction.
func put[T any](t *tx, tab table[T], id string, r *row[T]) {
	old, had := tab[id]
	tab[id] = r
	t.undo = append(t.undo, func() {
		if had {
			tab[id] = old
		} else {
			delete(tab, id)
		}
	})
}

// remove deletes tab[id], undone with the transaction.
func remove[T any](t *tx, tab table[T], id string) {
	old, had := tab[id]
	if !had {
		return
	}
	delete(tab, id)
	t.undo = append(t.undo, func() { tab[id] = old })
}

// index adds or removes id in idx[key], undone with the transaction.
func index(t *tx, idx map[string]map[string]bool, key, id string, add bool) {
	if key == "" {
		return
	}
	set := idx[key]
	had := set[id]
	if had == add {
		return
	}
	if add {
		if set == nil {
			set = map[string]bool{}
			idx[key] = set
		}
		set[id] = true
	} else {
		delete(set, id)
	}
	t.undo = append(t.undo, func() {
		if add {
			delete(idx[key], id)
		} else {
			if idx[key] == nil {
				idx[key] = map[string]bool{}
			}
			idx[key][id] = true
		}
	})
}

func (t *tx) Tenant() store.Tenant           { return t.tenant }
func (t *tx) Households() store.Households   { return households{t} }
func (t *tx) Owners() store.Owners           { return owners{t} }
func (t *tx) Facilities() store.Facilities   { return facilities{t} }
func (t *tx) Units() store.Units             { return units{t} }
func (t *tx) Referrals() store.Referrals     { return referrals{t} }
func (t *tx) Decisions() store.Decisions     { return decisions{t} }
func (t *tx) Tenancies() store.Tenancies     { return tenancies{t} }
func (t *tx) CarePlans() store.CarePlans     { return carePlans{t} }
func (t *tx) WaitingList() store.WaitingList { return waitingList{t} }
func (t *tx) Documents() store.Documents     { return documents{t} }
func (t *tx) Audit() store.Audit             { return audit{t} }
