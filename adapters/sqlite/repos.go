package sqlite

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

var householdTable = newTable(table[housing.Household]{
	kind: store.KindHousehold, name: "households",
	id:       func(h housing.Household) string { return h.ID },
	validate: housing.Household.Validate,
	users: []user{
		{store.KindReferral, "referrals", "household_id", "referrals_household"},
		{store.KindDecision, "decisions", "household_id", "decisions_household"},
		{store.KindTenancy, "tenancies", "household_id", "tenancies_household"},
		{store.KindCarePlan, "care_plans", "household_id", "care_plans_household"},
		{store.KindWaitingEntry, "waiting_list", "household_id", "waiting_list_household"},
	},
})

var ownerTable = newTable(table[housing.Owner]{
	kind: store.KindOwner, name: "owners",
	id:       func(o housing.Owner) string { return o.ID },
	validate: housing.Owner.Validate,
	users: []user{
		{store.KindFacility, "facilities", "owner_id", "facilities_owner"},
		{store.KindUnit, "units", "owner_id", "units_owner"},
	},
})

var facilityTable = newTable(table[housing.Facility]{
	kind: store.KindFacility, name: "facilities",
	cols:     []string{"owner_id", "bed_capacity"},
	vals:     func(f housing.Facility) []any { return []any{null(f.OwnerID), int64(f.BedCapacity)} },
	id:       func(f housing.Facility) string { return f.ID },
	validate: housing.Facility.Validate,
	refs: func(t *tx, f housing.Facility) error {
		return t.ref("owner_id", store.KindOwner, "owners", f.OwnerID)
	},
	users: []user{{store.KindUnit, "units", "facility_id", "units_facility"}},
})

var unitTable = newTable(table[housing.Unit]{
	kind: store.KindUnit, name: "units",
	cols: []string{"facility_id", "owner_id", "programme_id", "kind", "contract", "beds", "step_free",
		"municipality", "sub_area", "rent", "service_charges", "available_from", "available_until"},
	vals: func(u housing.Unit) []any {
		return []any{null(u.FacilityID), null(u.OwnerID), u.ProgrammeID, string(u.Kind), string(u.Contract), int64(u.Beds),
			boolInt(u.StepFree), u.Municipality, u.SubArea, u.Rent.String(), u.ServiceCharges.String(),
			u.AvailableFrom.String(), date(u.AvailableUntil)}
	},
	id:       func(u housing.Unit) string { return u.ID },
	validate: housing.Unit.Validate,
	refs: func(t *tx, u housing.Unit) error {
		if err := t.ref("facility_id", store.KindFacility, "facilities", u.FacilityID); err != nil {
			return err
		}
		return t.ref("owner_id", store.KindOwner, "owners", u.OwnerID)
	},
	users: []user{{store.KindTenancy, "tenancies", "unit_id", "tenancies_unit"}},
})

var referralTable = newTable(table[housing.Referral]{
	kind: store.KindReferral, name: "referrals",
	cols:     []string{"household_id", "date"},
	vals:     func(r housing.Referral) []any { return []any{r.HouseholdID, r.Date.String()} },
	id:       func(r housing.Referral) string { return r.ID },
	validate: housing.Referral.Validate,
	refs: func(t *tx, r housing.Referral) error {
		return t.ref("household_id", store.KindHousehold, "households", r.HouseholdID)
	},
	users: []user{
		{store.KindDecision, "decisions", "referral_id", "decisions_referral"},
		{store.KindTenancy, "tenancies", "referral_id", "tenancies_referral"},
	},
})

var carePlanTable = newTable(table[housing.CarePlan]{
	kind: store.KindCarePlan, name: "care_plans",
	cols:     []string{"household_id", "tenancy_id", "start"},
	vals:     func(c housing.CarePlan) []any { return []any{c.HouseholdID, null(c.TenancyID), c.Start.String()} },
	id:       func(c housing.CarePlan) string { return c.ID },
	validate: housing.CarePlan.Validate,
	refs: func(t *tx, c housing.CarePlan) error {
		if err := t.ref("household_id", store.KindHousehold, "households", c.HouseholdID); err != nil {
			return err
		}
		return t.ref("tenancy_id", store.KindTenancy, "tenancies", c.TenancyID)
	},
})

type households struct{ t *tx }

// Create stores h at version 1. See store.Households.
func (r households) Create(h housing.Household) error { return householdTable.create(r.t, h) }

// Get returns the household with id. See store.Households.
func (r households) Get(id string) (store.Versioned[housing.Household], error) {
	return householdTable.get(r.t, id)
}

// Update replaces the household read at version. See store.Households.
func (r households) Update(h housing.Household, version int64) (int64, error) {
	return householdTable.update(r.t, h, version)
}

// Delete removes the household read at version. See store.Households.
func (r households) Delete(id string, version int64) error {
	return householdTable.delete(r.t, id, version)
}

// List returns households in identifier order. See store.Households.
func (r households) List(p store.Page) ([]store.Versioned[housing.Household], error) {
	return householdTable.list(r.t, p)
}

type owners struct{ t *tx }

// Create stores o at version 1. See store.Owners.
func (r owners) Create(o housing.Owner) error { return ownerTable.create(r.t, o) }

// Get returns the owner with id. See store.Owners.
func (r owners) Get(id string) (store.Versioned[housing.Owner], error) {
	return ownerTable.get(r.t, id)
}

// Update replaces the owner read at version. See store.Owners.
func (r owners) Update(o housing.Owner, version int64) (int64, error) {
	return ownerTable.update(r.t, o, version)
}

// Delete removes the owner read at version. See store.Owners.
func (r owners) Delete(id string, version int64) error { return ownerTable.delete(r.t, id, version) }

// List returns owners in identifier order. See store.Owners.
func (r owners) List(p store.Page) ([]store.Versioned[housing.Owner], error) {
	return ownerTable.list(r.t, p)
}

type facilities struct{ t *tx }

// Create stores f at version 1. See store.Facilities.
func (r facilities) Create(f housing.Facility) error { return facilityTable.create(r.t, f) }

// Get returns the facility with id. See store.Facilities.
func (r facilities) Get(id string) (store.Versioned[housing.Facility], error) {
	return facilityTable.get(r.t, id)
}

// Update replaces the facility read at version. See store.Facilities.
func (r facilities) Update(f housing.Facility, version int64) (int64, error) {
	return facilityTable.update(r.t, f, version)
}

// Delete removes the facility read at version. See store.Facilities.
func (r facilities) Delete(id string, version int64) error {
	return facilityTable.delete(r.t, id, version)
}

// List returns facilities in identifier order. See store.Facilities.
func (r facilities) List(p store.Page) ([]store.Versioned[housing.Facility], error) {
	return facilityTable.list(r.t, p)
}

type units struct{ t *tx }

// Create stores u at version 1. See store.Units.
func (r units) Create(u housing.Unit) error { return unitTable.create(r.t, u) }

// Get returns the unit with id. See store.Units.
func (r units) Get(id string) (store.Versioned[housing.Unit], error) { return unitTable.get(r.t, id) }

// Update replaces the unit read at version. See store.Units.
func (r units) Update(u housing.Unit, version int64) (int64, error) {
	return unitTable.update(r.t, u, version)
}

// Delete removes the unit read at version. See store.Units.
func (r units) Delete(id string, version int64) error { return unitTable.delete(r.t, id, version) }

// List returns units in identifier order. See store.Units.
func (r units) List(p store.Page) ([]store.Versioned[housing.Unit], error) {
	return unitTable.list(r.t, p)
}

type referrals struct{ t *tx }

// Create stores r at version 1. See store.Referrals.
func (r referrals) Create(ref housing.Referral) error { return referralTable.create(r.t, ref) }

// Get returns the referral with id. See store.Referrals.
func (r referrals) Get(id string) (store.Versioned[housing.Referral], error) {
	return referralTable.get(r.t, id)
}

// Update replaces the referral read at version. See store.Referrals.
func (r referrals) Update(ref housing.Referral, version int64) (int64, error) {
	return referralTable.update(r.t, ref, version)
}

// Delete removes the referral read at version. See store.Referrals.
func (r referrals) Delete(id string, version int64) error {
	return referralTable.delete(r.t, id, version)
}

// List returns referrals in identifier order. See store.Referrals.
func (r referrals) List(p store.Page) ([]store.Versioned[housing.Referral], error) {
	return referralTable.list(r.t, p)
}

// OfHousehold returns the household's referrals by date, then identifier.
// See store.Referrals.
func (r referrals) OfHousehold(householdID string) ([]store.Versioned[housing.Referral], error) {
	return scanVersioned[housing.Referral](r.t, store.KindReferral,
		`SELECT version, body FROM referrals INDEXED BY referrals_household WHERE tenant = ? AND household_id = ? ORDER BY date, id`,
		string(r.t.tenant), householdID)
}

type carePlans struct{ t *tx }

// Create stores c at version 1. See store.CarePlans.
func (r carePlans) Create(c housing.CarePlan) error { return carePlanTable.create(r.t, c) }

// Get returns the care plan with id. See store.CarePlans.
func (r carePlans) Get(id string) (store.Versioned[housing.CarePlan], error) {
	return carePlanTable.get(r.t, id)
}

// Update replaces the care plan read at version. See store.CarePlans.
func (r carePlans) Update(c housing.CarePlan, version int64) (int64, error) {
	return carePlanTable.update(r.t, c, version)
}

// Delete removes the care plan read at version. See store.CarePlans.
func (r carePlans) Delete(id string, version int64) error {
	return carePlanTable.delete(r.t, id, version)
}

// List returns care plans in identifier order. See store.CarePlans.
func (r carePlans) List(p store.Page) ([]store.Versioned[housing.CarePlan], error) {
	return carePlanTable.list(r.t, p)
}

// OfHousehold returns the household's care plans by start, then
// identifier. See store.CarePlans.
func (r carePlans) OfHousehold(householdID string) ([]store.Versioned[housing.CarePlan], error) {
	return scanVersioned[housing.CarePlan](r.t, store.KindCarePlan,
		`SELECT version, body FROM care_plans INDEXED BY care_plans_household WHERE tenant = ? AND household_id = ? ORDER BY start, id`,
		string(r.t.tenant), householdID)
}
