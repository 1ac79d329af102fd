package memory

import (
	"slices"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

func refIfSet[T any](ps *housing.Problems, tab table[T], field string, kind store.Kind, id string) {
	if id == "" {
		return
	}
	if _, ok := tab[id]; !ok {
		ps.Add(field, "no %s %q", kind, id)
	}
}

var householdSpec = spec[housing.Household]{
	kind:  store.KindHousehold,
	tab:   func(ts *tenantState) table[housing.Household] { return ts.households },
	id:    func(h housing.Household) string { return h.ID },
	check: func(h housing.Household) error { return h.Validate() },
	inUse: func(ts *tenantState, id string) error {
		if by, ok := firstRef(ts.referrals, id, func(r housing.Referral) string { return r.HouseholdID }); ok {
			return store.InUse(store.KindHousehold, id, store.KindReferral, by)
		}
		for _, did := range ts.decisionOrder {
			if ts.decisions[did].rec.HouseholdID == id {
				return store.InUse(store.KindHousehold, id, store.KindDecision, did)
			}
		}
		if by, ok := firstRef(ts.tenancies, id, func(t housing.Tenancy) string { return t.HouseholdID }); ok {
			return store.InUse(store.KindHousehold, id, store.KindTenancy, by)
		}
		if by, ok := firstRef(ts.carePlans, id, func(c housing.CarePlan) string { return c.HouseholdID }); ok {
			return store.InUse(store.KindHousehold, id, store.KindCarePlan, by)
		}
		if by, ok := firstRef(ts.waiting, id, func(e store.WaitingEntry) string { return e.HouseholdID }); ok {
			return store.InUse(store.KindHousehold, id, store.KindWaitingEntry, by)
		}
		return nil
	},
}

type households struct{ t *tx }

func (r households) Create(h housing.Household) error { return create(r.t, householdSpec, h) }
func (r households) Get(id string) (store.Versioned[housing.Household], error) {
	return get(r.t, householdSpec, id)
}
func (r households) Update(h housing.Household, version int64) (int64, error) {
	return update(r.t, householdSpec, h, version)
}
func (r households) Delete(id string, version int64) error {
	return del(r.t, householdSpec, id, version)
}
func (r households) List(p store.Page) ([]store.Versioned[housing.Household], error) {
	return list(r.t, householdSpec, p)
}

var ownerSpec = spec[housing.Owner]{
	kind:  store.KindOwner,
	tab:   func(ts *tenantState) table[housing.Owner] { return ts.owners },
	id:    func(o housing.Owner) string { return o.ID },
	check: func(o housing.Owner) error { return o.Validate() },
	inUse: func(ts *tenantState, id string) error {
		if by, ok := firstRef(ts.facilities, id, func(f housing.Facility) string { return f.OwnerID }); ok {
			return store.InUse(store.KindOwner, id, store.KindFacility, by)
		}
		if by, ok := firstRef(ts.units, id, func(u housing.Unit) string { return u.OwnerID }); ok {
			return store.InUse(store.KindOwner, id, store.KindUnit, by)
		}
		return nil
	},
}

type owners struct{ t *tx }

func (r owners) Create(o housing.Owner) error { return create(r.t, ownerSpec, o) }
func (r owners) Get(id string) (store.Versioned[housing.Owner], error) {
	return get(r.t, ownerSpec, id)
}
func (r owners) Update(o housing.Owner, version int64) (int64, error) {
	return update(r.t, ownerSpec, o, version)
}
func (r owners) Delete(id string, version int64) error { return del(r.t, ownerSpec, id, version) }
func (r owners) List(p store.Page) ([]store.Versioned[housing.Owner], error) {
	return list(r.t, ownerSpec, p)
}

var facilitySpec = spec[housing.Facility]{
	kind:  store.KindFacility,
	tab:   func(ts *tenantState) table[housing.Facility] { return ts.facilities },
	id:    func(f housing.Facility) string { return f.ID },
	check: func(f housing.Facility) error { return f.Validate() },
	refs: func(ts *tenantState, f housing.Facility, ps *housing.Problems) {
		refIfSet(ps, ts.owners, "owner_id", store.KindOwner, f.OwnerID)
	},
	inUse: func(ts *tenantState, id string) error {
		if units := sortedKeys(ts.facilityUnits[id]); len(units) > 0 {
			return store.InUse(store.KindFacility, id, store.KindUnit, units[0])
		}
		return nil
	},
}

type facilities struct{ t *tx }

func (r facilities) Create(f housing.Facility) error { return create(r.t, facilitySpec, f) }
func (r facilities) Get(id string) (store.Versioned[housing.Facility], error) {
	return get(r.t, facilitySpec, id)
}
func (r facilities) Update(f housing.Facility, version int64) (int64, error) {
	return update(r.t, facilitySpec, f, version)
}
func (r facilities) Delete(id string, version int64) error {
	return del(r.t, facilitySpec, id, version)
}
func (r facilities) List(p store.Page) ([]store.Versioned[housing.Facility], error) {
	return list(r.t, facilitySpec, p)
}

// Occupancy returns who occupies the facility's units on the date on.
func (r facilities) Occupancy(id string, on housing.Date) (store.Occupancy, error) {
	if err := r.t.readable(); err != nil {
		return store.Occupancy{}, err
	}
	if on.IsZero() {
		return store.Occupancy{}, &housing.Error{Code: housing.CodeInvalid, Key: store.KeyQuery, Message: "the occupancy date is required"}
	}
	ts := r.t.ts
	f, ok := ts.facilities[id]
	if !ok {
		return store.Occupancy{}, store.NotFound(store.KindFacility, id)
	}
	o := store.Occupancy{FacilityID: id, Date: on, BedCapacity: f.val.BedCapacity, Units: []store.UnitOccupancy{}}
	for _, uid := range sortedKeys(ts.facilityUnits[id]) {
		u := ts.units[uid].val
		uo := store.UnitOccupancy{UnitID: uid, Beds: u.Beds}
		if t, ok := ts.occupant(uid, on); ok {
			uo.TenancyID, uo.HouseholdID = t.ID, t.HouseholdID
			o.BedsInUse += u.Beds
		}
		o.Units = append(o.Units, uo)
	}
	return o, nil
}

// occupant returns the stay occupying the unit on the date, if any (the
// first by identifier).
func (ts *tenantState) occupant(unitID string, on housing.Date) (housing.Tenancy, bool) {
	for _, tid := range sortedKeys(ts.unitTenancies[unitID]) {
		if t := ts.tenancies[tid].val; store.Occupies(t, on) {
			return t, true
		}
	}
	return housing.Tenancy{}, false
}

// bedsInUse returns the beds of the facility's units other than except
// that some stay other than skip keeps busy (busy reports whether a stay
// counts: occupies on a date, or overlaps a new stay).
func (ts *tenantState) bedsInUse(facilityID, except, skip string, busy func(housing.Tenancy) bool) int {
	n := 0
	for uid := range ts.facilityUnits[facilityID] {
		if uid == except {
			continue
		}
		for tid := range ts.unitTenancies[uid] {
			if tid != skip && busy(ts.tenancies[tid].val) {
				n += ts.units[uid].val.Beds
				break
			}
		}
	}
	return n
}

var unitSpec = spec[housing.Unit]{
	kind:  store.KindUnit,
	tab:   func(ts *tenantState) table[housing.Unit] { return ts.units },
	id:    func(u housing.Unit) string { return u.ID },
	check: func(u housing.Unit) error { return u.Validate() },
	refs: func(ts *tenantState, u housing.Unit, ps *housing.Problems) {
		refIfSet(ps, ts.facilities, "facility_id", store.KindFacility, u.FacilityID)
		refIfSet(ps, ts.owners, "owner_id", store.KindOwner, u.OwnerID)
	},
	inUse: func(ts *tenantState, id string) error {
		if ids := sortedKeys(ts.unitTenancies[id]); len(ids) > 0 {
			return store.InUse(store.KindUnit, id, store.KindTenancy, ids[0])
		}
		return nil
	},
}

type units struct{ t *tx }

func (r units) Create(u housing.Unit) error {
	if err := create(r.t, unitSpec, u); err != nil {
		return err
	}
	index(r.t, r.t.ts.facilityUnits, u.FacilityID, u.ID, true)
	return nil
}
func (r units) Get(id string) (store.Versioned[housing.Unit], error) { return get(r.t, unitSpec, id) }
func (r units) Update(u housing.Unit, version int64) (int64, error) {
	old, ok := r.t.ts.units[u.ID]
	v, err := update(r.t, unitSpec, u, version)
	if err != nil {
		return 0, err
	}
	if ok && old.val.FacilityID != u.FacilityID {
		index(r.t, r.t.ts.facilityUnits, old.val.FacilityID, u.ID, false)
		index(r.t, r.t.ts.facilityUnits, u.FacilityID, u.ID, true)
	}
	return v, nil
}
func (r units) Delete(id string, version int64) error {
	old, ok := r.t.ts.units[id]
	if err := del(r.t, unitSpec, id, version); err != nil {
		return err
	}
	if ok {
		index(r.t, r.t.ts.facilityUnits, old.val.FacilityID, id, false)
	}
	return nil
}
func (r units) List(p store.Page) ([]store.Versioned[housing.Unit], error) {
	return list(r.t, unitSpec, p)
}

// Vacant returns the units matching q that are vacant on q.AsOf.
func (r units) Vacant(q store.VacancyQuery) ([]store.Versioned[housing.Unit], error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	n, err := q.Check()
	if err != nil {
		return nil, err
	}
	ts := r.t.ts
	out := []store.Versioned[housing.Unit]{}
	for _, id := range sortedKeys(ts.units) {
		if len(out) == n {
			break
		}
		row := ts.units[id]
		u := row.val
		if !q.Matches(u) {
			continue
		}
		if _, busy := ts.occupant(id, q.AsOf); busy {
			continue
		}
		if f, ok := ts.facilities[u.FacilityID]; ok {
			inUse := ts.bedsInUse(u.FacilityID, id, "", func(t housing.Tenancy) bool { return store.Occupies(t, q.AsOf) })
			if inUse+u.Beds > f.val.BedCapacity {
				continue
			}
		}
		v, err := row.out()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

var referralSpec = spec[housing.Referral]{
	kind:  store.KindReferral,
	tab:   func(ts *tenantState) table[housing.Referral] { return ts.referrals },
	id:    func(r housing.Referral) string { return r.ID },
	check: func(r housing.Referral) error { return r.Validate() },
	refs: func(ts *tenantState, r housing.Referral, ps *housing.Problems) {
		refIfSet(ps, ts.households, "household_id", store.KindHousehold, r.HouseholdID)
	},
	inUse: func(ts *tenantState, id string) error {
		for _, did := range ts.decisionOrder {
			if ts.decisions[did].rec.ReferralID == id {
				return store.InUse(store.KindReferral, id, store.KindDecision, did)
			}
		}
		if by, ok := firstRef(ts.tenancies, id, func(t housing.Tenancy) string { return t.ReferralID }); ok {
			return store.InUse(store.KindReferral, id, store.KindTenancy, by)
		}
		return nil
	},
}

type referrals struct{ t *tx }

func (r referrals) Create(v housing.Referral) error { return create(r.t, referralSpec, v) }
func (r referrals) Get(id string) (store.Versioned[housing.Referral], error) {
	return get(r.t, referralSpec, id)
}
func (r referrals) Update(v housing.Referral, version int64) (int64, error) {
	return update(r.t, referralSpec, v, version)
}
func (r referrals) Delete(id string, version int64) error {
	return del(r.t, referralSpec, id, version)
}
func (r referrals) List(p store.Page) ([]store.Versioned[housing.Referral], error) {
	return list(r.t, referralSpec, p)
}
func (r referrals) OfHousehold(householdID string) ([]store.Versioned[housing.Referral], error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	return where(r.t.ts.referrals, func(v housing.Referral) bool { return v.HouseholdID == householdID },
		func(a, b *row[housing.Referral]) int { return byDateThenID(a.val.Date, b.val.Date, a.val.ID, b.val.ID) })
}

var carePlanSpec = spec[housing.CarePlan]{
	kind:  store.KindCarePlan,
	tab:   func(ts *tenantState) table[housing.CarePlan] { return ts.carePlans },
	id:    func(c housing.CarePlan) string { return c.ID },
	check: func(c housing.CarePlan) error { return c.Validate() },
	refs: func(ts *tenantState, c housing.CarePlan, ps *housing.Problems) {
		refIfSet(ps, ts.households, "household_id", store.KindHousehold, c.HouseholdID)
		refIfSet(ps, ts.tenancies, "tenancy_id", store.KindTenancy, c.TenancyID)
	},
}

type carePlans struct{ t *tx }

func (r carePlans) Create(c housing.CarePlan) error { return create(r.t, carePlanSpec, c) }
func (r carePlans) Get(id string) (store.Versioned[housing.CarePlan], error) {
	return get(r.t, carePlanSpec, id)
}
func (r carePlans) Update(c housing.CarePlan, version int64) (int64, error) {
	return update(r.t, carePlanSpec, c, version)
}
func (r carePlans) Delete(id string, version int64) error {
	return del(r.t, carePlanSpec, id, version)
}
func (r carePlans) List(p store.Page) ([]store.Versioned[housing.CarePlan], error) {
	return list(r.t, carePlanSpec, p)
}
func (r carePlans) OfHousehold(householdID string) ([]store.Versioned[housing.CarePlan], error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	return where(r.t.ts.carePlans, func(v housing.CarePlan) bool { return v.HouseholdID == householdID },
		func(a, b *row[housing.CarePlan]) int {
			return byDateThenID(a.val.Start, b.val.Start, a.val.ID, b.val.ID)
		})
}

var waitingSpec = spec[store.WaitingEntry]{
	kind:      store.KindWaitingEntry,
	tab:       func(ts *tenantState) table[store.WaitingEntry] { return ts.waiting },
	id:        func(e store.WaitingEntry) string { return e.Key() },
	check:     func(e store.WaitingEntry) error { return e.Validate() },
	composite: true,
	refs: func(ts *tenantState, e store.WaitingEntry, ps *housing.Problems) {
		refIfSet(ps, ts.households, "household_id", store.KindHousehold, e.HouseholdID)
		if e.DecisionID != "" {
			if _, ok := ts.decisions[e.DecisionID]; !ok {
				ps.Add("decision_id", "no %s %q", store.KindDecision, e.DecisionID)
			}
		}
	},
}

type waitingList struct{ t *tx }

func (r waitingList) Add(e store.WaitingEntry) error {
	if err := r.t.writable(); err != nil {
		return err
	}
	if err := waitingSpec.validate(r.t.ts, e); err != nil {
		return err
	}
	if _, ok := r.t.ts.waiting[e.Key()]; ok {
		return &housing.Error{Code: housing.CodeConflict, Key: store.KeyExists,
			Message: "household " + quote(e.HouseholdID) + " is already on the waiting list of programme " + quote(e.ProgrammeID)}
	}
	return create(r.t, waitingSpec, e)
}

func quote(s string) string { return `"` + s + `"` }

func (r waitingList) Get(programmeID, householdID string) (store.Versioned[store.WaitingEntry], error) {
	return get(r.t, waitingSpec, store.WaitingEntry{ProgrammeID: programmeID, HouseholdID: householdID}.Key())
}
func (r waitingList) Update(e store.WaitingEntry, version int64) (int64, error) {
	return update(r.t, waitingSpec, e, version)
}
func (r waitingList) Remove(programmeID, householdID string, version int64) error {
	return del(r.t, waitingSpec, store.WaitingEntry{ProgrammeID: programmeID, HouseholdID: householdID}.Key(), version)
}
func (r waitingList) Ranked(programmeID string, limit int) ([]store.Versioned[store.WaitingEntry], error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	n, err := store.Page{Limit: limit}.Size()
	if err != nil {
		return nil, err
	}
	out, err := where(r.t.ts.waiting, func(e store.WaitingEntry) bool { return e.ProgrammeID == programmeID },
		func(a, b *row[store.WaitingEntry]) int { return store.RankOrder(a.val, b.val) })
	if err != nil {
		return nil, err
	}
	return out[:min(n, len(out))], nil
}

type decisions struct{ t *tx }

func (r decisions) Append(d store.DecisionRecord) (int64, error) {
	if err := r.t.writable(); err != nil {
		return 0, err
	}
	if err := d.Validate(); err != nil {
		return 0, err
	}
	ts := r.t.ts
	var ps housing.Problems
	refIfSet(&ps, ts.households, "household_id", store.KindHousehold, d.HouseholdID)
	refIfSet(&ps, ts.referrals, "referral_id", store.KindReferral, d.ReferralID)
	if err := store.MissingReferences(ps); err != nil {
		return 0, err
	}
	if _, ok := ts.decisions[d.ID]; ok {
		return 0, store.Exists(store.KindDecision, d.ID)
	}
	r.t.event(store.KindDecision, d.ID, store.ActionAppend, 0)
	seq := ts.seq
	ts.audit[len(ts.audit)-1].Version = seq
	d.Seq = seq
	d.VariantIDs = slices.Clone(d.VariantIDs)
	d.Decision = slices.Clone(d.Decision)
	ts.decisions[d.ID] = &decisionRow{rec: d}
	n := len(ts.decisionOrder)
	ts.decisionOrder = append(ts.decisionOrder, d.ID)
	r.t.undo = append(r.t.undo, func() {
		delete(ts.decisions, d.ID)
		ts.decisionOrder = ts.decisionOrder[:n]
	})
	return seq, nil
}

func copyDecision(d store.DecisionRecord) store.DecisionRecord {
	d.VariantIDs = slices.Clone(d.VariantIDs)
	d.Decision = slices.Clone(d.Decision)
	return d
}

func (r decisions) Get(id string) (store.DecisionRecord, error) {
	if err := r.t.readable(); err != nil {
		return store.DecisionRecord{}, err
	}
	d, ok := r.t.ts.decisions[id]
	if !ok {
		return store.DecisionRecord{}, store.NotFound(store.KindDecision, id)
	}
	return copyDecision(d.rec), nil
}

func (r decisions) OfHousehold(householdID string) ([]store.DecisionRecord, error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	out := []store.DecisionRecord{}
	for _, id := range r.t.ts.decisionOrder {
		if d := r.t.ts.decisions[id]; d.rec.HouseholdID == householdID {
			out = append(out, copyDecision(d.rec))
		}
	}
	return out, nil
}

type audit struct{ t *tx }

func (r audit) List(q store.AuditQuery) ([]store.Event, error) {
	if err := r.t.readable(); err != nil {
		return nil, err
	}
	n, err := q.Check()
	if err != nil {
		return nil, err
	}
	out := []store.Event{}
	for _, e := range r.t.ts.audit {
		if len(out) == n {
			break
		}
		if q.Matches(e) {
			out = append(out, e)
		}
	}
	return out, nil
}
