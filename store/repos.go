package store

import (
	"github.com/housingkit/housingkit/housing"
)

// Kind names a kind of stored record in audit events and error messages.
type Kind string

// The kinds of record.
const (
	KindHousehold    Kind = "household"
	KindOwner        Kind = "owner"
	KindFacility     Kind = "facility"
	KindUnit         Kind = "unit"
	KindReferral     Kind = "referral"
	KindDecision     Kind = "decision"
	KindTenancy      Kind = "tenancy"
	KindCarePlan     Kind = "care_plan"
	KindWaitingEntry Kind = "waiting_entry"
)

// Kinds lists the kinds of record.
var Kinds = []Kind{KindHousehold, KindOwner, KindFacility, KindUnit, KindReferral, KindDecision, KindTenancy, KindCarePlan, KindWaitingEntry}

// Every write method below may also return forbidden (store.read_only) in a
// View transaction and invalid (store.actor) when the context's actor is
// malformed; every method may return internal.

// Households is the repository of households.
type Households interface {
	// Create stores h at version 1. It returns
	// invalid with every problem of h.Validate and CheckID, or conflict
	// (store.exists) when the tenant has a household with h's ID.
	Create(h housing.Household) error
	// Get returns the household with id: not_found when there is none.
	Get(id string) (Versioned[housing.Household], error)
	// Update replaces the household with h's ID, read at version, and
	// returns the new version. It returns invalid, not_found, or conflict
	// (store.stale) when the stored version is not version.
	Update(h housing.Household, version int64) (int64, error)
	// Delete removes the household read at version. It returns not_found,
	// conflict (store.stale), or conflict (store.in_use) while a referral,
	// decision, tenancy, care plan or waiting-list entry refers to it.
	Delete(id string, version int64) error
	// List returns households in identifier order; invalid (store.page)
	// for a negative limit.
	List(p Page) ([]Versioned[housing.Household], error)
}

// Owners is the repository of owners of dwellings.
type Owners interface {
	// Create stores o at version 1: invalid (o.Validate, CheckID), conflict
	// (store.exists).
	Create(o housing.Owner) error
	// Get returns the owner with id: not_found.
	Get(id string) (Versioned[housing.Owner], error)
	// Update replaces the owner read at version: invalid, not_found,
	// conflict (store.stale).
	Update(o housing.Owner, version int64) (int64, error)
	// Delete removes the owner read at version: not_found, conflict
	// (store.stale), conflict (store.in_use) while a facility or unit names
	// it.
	Delete(id string, version int64) error
	// List returns owners in identifier order: invalid (store.page).
	List(p Page) ([]Versioned[housing.Owner], error)
}

// Facilities is the repository of facilities (buildings with a bed
// capacity whose rooms or beds are units).
type Facilities interface {
	// Create stores f at version 1: invalid (f.Validate, CheckID),
	// invalid (store.reference) when OwnerID names no owner, conflict
	// (store.exists).
	Create(f housing.Facility) error
	// Get returns the facility with id: not_found.
	Get(id string) (Versioned[housing.Facility], error)
	// Update replaces the facility read at version: invalid (also
	// store.reference), not_found, conflict (store.stale). Lowering
	// BedCapacity below the beds in use is allowed (it takes effect on
	// later placements).
	Update(f housing.Facility, version int64) (int64, error)
	// Delete removes the facility read at version: not_found, conflict
	// (store.stale), conflict (store.in_use) while a unit is in it.
	Delete(id string, version int64) error
	// List returns facilities in identifier order: invalid (store.page).
	List(p Page) ([]Versioned[housing.Facility], error)
	// Occupancy returns who occupies the facility's units on the date on
	// (see Occupies): not_found for an unknown facility, invalid
	// (store.query) for a zero date.
	Occupancy(id string, on housing.Date) (Occupancy, error)
}

// Units is the vacancy registry: apartments, rooms and beds, public and
// private.
type Units interface {
	// Create stores u at version 1: invalid (u.Validate, CheckID), invalid
	// (store.reference) when FacilityID or OwnerID names no record,
	// conflict (store.exists).
	Create(u housing.Unit) error
	// Get returns the unit with id: not_found.
	Get(id string) (Versioned[housing.Unit], error)
	// Update replaces the unit read at version: invalid (also
	// store.reference), not_found, conflict (store.stale).
	Update(u housing.Unit, version int64) (int64, error)
	// Delete removes the unit read at version: not_found, conflict
	// (store.stale), conflict (store.in_use) while a tenancy names it.
	Delete(id string, version int64) error
	// List returns units in identifier order: invalid (store.page).
	List(p Page) ([]Versioned[housing.Unit], error)
	// Vacant returns the units that match q and are vacant on q.AsOf (see
	// VacancyQuery.Matches), in identifier order. It returns invalid
	// (store.query, store.page) for a query without a date or with a
	// negative limit or bound.
	Vacant(q VacancyQuery) ([]Versioned[housing.Unit], error)
}

// Referrals is the repository of referrals.
type Referrals interface {
	// Create stores r at version 1: invalid (r.Validate, CheckID), invalid
	// (store.reference) when HouseholdID names no household, conflict
	// (store.exists).
	Create(r housing.Referral) error
	// Get returns the referral with id: not_found.
	Get(id string) (Versioned[housing.Referral], error)
	// Update replaces the referral read at version: invalid (also
	// store.reference), not_found, conflict (store.stale).
	Update(r housing.Referral, version int64) (int64, error)
	// Delete removes the referral read at version: not_found, conflict
	// (store.stale), conflict (store.in_use) while a decision or tenancy
	// names it.
	Delete(id string, version int64) error
	// List returns referrals in identifier order: invalid (store.page).
	List(p Page) ([]Versioned[housing.Referral], error)
	// OfHousehold returns the household's referrals by date, then
	// identifier; an unknown household has none.
	OfHousehold(householdID string) ([]Versioned[housing.Referral], error)
}

// Decisions is the append-only trail of eligibility decisions: a decision
// once appended is never changed or removed.
type Decisions interface {
	// Append stores d and returns its sequence number (increasing in the
	// order of appends, not necessarily consecutive). It returns invalid
	// (d.Validate), invalid (store.reference) when HouseholdID or a set
	// ReferralID names no record, conflict (store.exists) when the ID is
	// taken.
	Append(d DecisionRecord) (int64, error)
	// Get returns the decision with id, Seq set: not_found.
	Get(id string) (DecisionRecord, error)
	// OfHousehold returns the household's decisions in the order they were
	// appended; an unknown household has none.
	OfHousehold(householdID string) ([]DecisionRecord, error)
}

// Tenancies is the repository of stays. A tenancy is never deleted; every
// version written is kept (History).
type Tenancies interface {
	// Create stores t at version 1. It returns invalid (t.Validate,
	// CheckID), invalid (store.reference) when HouseholdID, UnitID or a set
	// ReferralID names no record, conflict (store.exists), and, when t
	// occupies its unit (see Occupies), conflict store.unit_occupied,
	// store.household_placed or store.capacity (see the package comment).
	Create(t housing.Tenancy) error
	// Get returns the current version of the tenancy with id: not_found.
	Get(id string) (Versioned[housing.Tenancy], error)
	// Update stores t as the next version of the tenancy read at version,
	// with Create's checks (the tenancy's own earlier version does not
	// count as an overlapping stay). It returns invalid, not_found,
	// conflict (store.stale and the placement conflicts), and forbidden
	// (store.immutable) when t changes HouseholdID or UnitID.
	Update(t housing.Tenancy, version int64) (int64, error)
	// History returns every version of the tenancy, oldest first:
	// not_found.
	History(id string) ([]Versioned[housing.Tenancy], error)
	// List returns the current versions in identifier order: invalid
	// (store.page).
	List(p Page) ([]Versioned[housing.Tenancy], error)
	// OfHousehold returns the household's tenancies by start (proposals,
	// which have none, first), then identifier.
	OfHousehold(householdID string) ([]Versioned[housing.Tenancy], error)
	// OfUnit returns the unit's tenancies, ordered as OfHousehold.
	OfUnit(unitID string) ([]Versioned[housing.Tenancy], error)
	// Running returns the stays running (active or renewed) that started
	// on or before asOf, in identifier order: invalid (store.query) for a
	// zero date, invalid (store.page). See Due for what is due on them.
	Running(asOf housing.Date, p Page) ([]Versioned[housing.Tenancy], error)
}

// CarePlans is the repository of care plans with their goals, services and
// reviews.
type CarePlans interface {
	// Create stores c at version 1: invalid (c.Validate, CheckID), invalid
	// (store.reference) when HouseholdID or a set TenancyID names no
	// record, conflict (store.exists).
	Create(c housing.CarePlan) error
	// Get returns the care plan with id: not_found.
	Get(id string) (Versioned[housing.CarePlan], error)
	// Update replaces the care plan read at version: invalid (also
	// store.reference), not_found, conflict (store.stale).
	Update(c housing.CarePlan, version int64) (int64, error)
	// Delete removes the care plan read at version: not_found, conflict
	// (store.stale).
	Delete(id string, version int64) error
	// List returns care plans in identifier order: invalid (store.page).
	List(p Page) ([]Versioned[housing.CarePlan], error)
	// OfHousehold returns the household's care plans by start, then
	// identifier.
	OfHousehold(householdID string) ([]Versioned[housing.CarePlan], error)
}

// WaitingList is the ranked waiting list of each programme: one entry per
// household and programme.
type WaitingList interface {
	// Add puts e on its programme's list at version 1: invalid
	// (e.Validate), invalid (store.reference) when HouseholdID or a set
	// DecisionID names no record, conflict (store.exists) when the
	// household is already on that list.
	Add(e WaitingEntry) error
	// Get returns the household's entry on the programme's list:
	// not_found.
	Get(programmeID, householdID string) (Versioned[WaitingEntry], error)
	// Update replaces the entry read at version (same programme and
	// household): invalid, not_found, conflict (store.stale).
	Update(e WaitingEntry, version int64) (int64, error)
	// Remove takes the entry read at version off the list: not_found,
	// conflict (store.stale).
	Remove(programmeID, householdID string, version int64) error
	// Ranked returns the programme's list in priority order (see
	// RankOrder), at most limit entries (0 means DefaultLimit, at most
	// MaxLimit): invalid (store.page) for a negative limit.
	Ranked(programmeID string, limit int) ([]Versioned[WaitingEntry], error)
}

// Audit reads the tenant's audit trail.
type Audit interface {
	// List returns the events that match q in sequence order: invalid
	// (store.page) for a negative limit or AfterSeq.
	List(q AuditQuery) ([]Event, error)
}
