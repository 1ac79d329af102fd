package memory

import (
	"cmp"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

var tenancySpec = spec[housing.Tenancy]{
	kind:  store.KindTenancy,
	tab:   func(ts *tenantState) table[housing.Tenancy] { return ts.tenancies },
	id:    func(t housing.Tenancy) string { return t.ID },
	check: func(t housing.Tenancy) error { return t.Validate() },
	refs: func(ts *tenantState, t housing.Tenancy, ps *housing.Problems) {
		refIfSet(ps, ts.households, "household_id", store.KindHousehold, t.HouseholdID)
		refIfSet(ps, ts.units, "unit_id", store.KindUnit, t.UnitID)
		refIfSet(ps, ts.referrals, "referral_id", store.KindReferral, t.ReferralID)
	},
}

type tenancies struct{ t *tx }

// checkPlacement applies the placement rules of the store package to t,
// ignoring t's own stored version.
func (ts *tenantState) checkPlacement(t housing.Tenancy) error {
	if _, _, ok := store.Stay(t); !ok {
		return nil
	}
	for _, id := range sortedKeys(ts.unitTenancies[t.UnitID]) {
		if id != t.ID && store.Overlap(t, ts.tenancies[id].val) {
			return store.UnitOccupied(t, id)
		}
	}
	for _, id := range sortedKeys(ts.householdTenancies[t.HouseholdID]) {
		if id != t.ID && store.Overlap(t, ts.tenancies[id].val) {
			return store.HouseholdPlaced(t, id)
		}
	}
	u := ts.units[t.UnitID].val
	if f, ok := ts.facilities[u.FacilityID]; ok {
		inUse := ts.bedsInUse(u.FacilityID, u.ID, t.ID, func(o housing.Tenancy) bool { return store.Overlap(t, o) })
		return store.CheckCapacity(f.val.ID, u.ID, f.val.BedCapacity, inUse, u.Beds)
	}
	return nil
}

func (r tenancies) Create(t housing.Tenancy) error {
	if err := r.t.writable(); err != nil {
		return err
	}
	ts := r.t.ts
	if err := tenancySpec.validate(ts, t); err != nil {
		return err
	}
	if _, ok := ts.tenancies[t.ID]; ok {
		return store.Exists(store.KindTenancy, t.ID)
	}
	if err := ts.checkPlacement(t); err != nil {
		return err
	}
	if err := create(r.t, tenancySpec, t); err != nil {
		return err
	}
	index(r.t, ts.unitTenancies, t.UnitID, t.ID, true)
	index(r.t, ts.householdTenancies, t.HouseholdID, t.ID, true)
	r.appendHistory(t.ID)
	return nil
}

func (r tenancies) appendHistory(id string) {
	ts := r.t.ts
	n := len(ts.history[id])
	ts.history[id] = append(ts.history[id], ts.tenancies[id])
	r.t.undo = append(r.t.undo, func() {
		if n == 0 {
			delete(ts.history, id)
		} else {
			ts.history[id] = ts.history[id][:n]
		}
	})
}

func (r tenancies) Get(id string) (store.Versioned[housing.Tenancy], error) {
	return get(r.t, tenancySpec, id)
}

func (r tenancies) Update(t housing.Tenancy, version int64) (int64, error) {
	if err := r.t.writable(); err != nil {
		return 0, err
	}
	ts := r.t.ts
	if err := tenancySpec.validate(ts, t); err != nil {
		return 0, err
	}
	old, err := current(ts.tenancies, store.KindTenancy, t.ID, version)
	if err != nil {
		return 0, err
	}
	switch {
	case old.val.HouseholdID != t.HouseholdID:
		return 0, store.Immutable(store.KindTenancy, t.ID, "its household_id is "+quote(old.val.HouseholdID)+"; a stay of another household is another tenancy")
	case old.val.UnitID != t.UnitID:
		return 0, store.Immutable(store.KindTenancy, t.ID, "its unit_id is "+quote(old.val.UnitID)+"; a move to another unit is another tenancy")
	}
	if err := ts.checkPlacement(t); err != nil {
		return 0, err
	}
	v, err := update(r.t, tenancySpec, t, version)
	if err != nil {
		return 0, err
	}
	r.appendHistory(t.ID)
	return v, nil
}

func (r tenancies) History(id string) ([]store.Versioned[housing.Tenancy], error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	h, ok := r.t.ts.history[id]
	if !ok {
		return nil, store.NotFound(store.KindTenancy, id)
	}
	out := make([]store.Versioned[housing.Tenancy], 0, len(h))
	for _, row := range h {
		v, err := row.out()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (r tenancies) List(p store.Page) ([]store.Versioned[housing.Tenancy], error) {
	return list(r.t, tenancySpec, p)
}

func byStart(a, b *row[housing.Tenancy]) int {
	if c := a.val.Start.Compare(b.val.Start); c != 0 {
		return c
	}
	return cmp.Compare(a.val.ID, b.val.ID)
}

func (r tenancies) of(idx map[string]map[string]bool, key string) ([]store.Versioned[housing.Tenancy], error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	ids := idx[key]
	return where(r.t.ts.tenancies, func(t housing.Tenancy) bool { return ids[t.ID] }, byStart)
}

func (r tenancies) OfHousehold(householdID string) ([]store.Versioned[housing.Tenancy], error) {
	return r.of(r.t.ts.householdTenancies, householdID)
}

func (r tenancies) OfUnit(unitID string) ([]store.Versioned[housing.Tenancy], error) {
	return r.of(r.t.ts.unitTenancies, unitID)
}

func (r tenancies) Running(asOf housing.Date, p store.Page) ([]store.Versioned[housing.Tenancy], error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: store.KeyQuery, Message: "the date of running stays is required"}
	}
	n, err := p.Size()
	if err != nil {
		return nil, err
	}
	out := []store.Versioned[housing.Tenancy]{}
	ts := r.t.ts
	for _, id := range sortedKeys(ts.tenancies) {
		if len(out) == n {
			break
		}
		row := ts.tenancies[id]
		if id <= p.After || !row.val.Status.Running() || row.val.Start.After(asOf) {
			continue
		}
		v, err := row.out()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
