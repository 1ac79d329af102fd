package store

import (
	"context"
	"fmt"

	"github.com/housingkit/housingkit/housing"
)

// Stay returns the period a tenancy occupies its unit, from inclusive and
// until exclusive (a zero until means no end yet), and whether it occupies
// it at all: an active or renewed stay occupies from its start with no end
// (until an exit is recorded, whatever its planned end); an ended stay from
// its start until its exit date; a proposal or cancelled proposal, or an
// ended stay that left on the day it started, does not occupy.
func Stay(t housing.Tenancy) (from, until housing.Date, occupies bool) {
	switch {
	case t.Start.IsZero():
		return housing.Date{}, housing.Date{}, false
	case t.Status.Running():
		return t.Start, housing.Date{}, true
	case t.Status == housing.TenancyEnded && t.Exit != nil && t.Exit.Date.After(t.Start):
		return t.Start, t.Exit.Date, true
	}
	return housing.Date{}, housing.Date{}, false
}

// Occupies reports whether t occupies its unit on the date on.
func Occupies(t housing.Tenancy, on housing.Date) bool {
	from, until, ok := Stay(t)
	return ok && !on.Before(from) && (until.IsZero() || on.Before(until))
}

// Overlap reports whether two occupying tenancies' stays share a day.
func Overlap(a, b housing.Tenancy) bool {
	af, au, aok := Stay(a)
	bf, bu, bok := Stay(b)
	if !aok || !bok {
		return false
	}
	return (au.IsZero() || bf.Before(au)) && (bu.IsZero() || af.Before(bu))
}

// UnitOccupied returns the conflict for a stay t that overlaps the stay
// other in the same unit.
func UnitOccupied(t housing.Tenancy, otherID string) error {
	return &housing.Error{Code: housing.CodeConflict, Key: KeyUnitOccupied,
		Message: fmt.Sprintf("unit %q is occupied: tenancy %q overlaps the stay from %s", t.UnitID, otherID, t.Start)}
}

// HouseholdPlaced returns the conflict for a stay t of a household that
// already has the overlapping stay otherID.
func HouseholdPlaced(t housing.Tenancy, otherID string) error {
	return &housing.Error{Code: housing.CodeConflict, Key: KeyHouseholdPlaced,
		Message: fmt.Sprintf("household %q already has the stay %q overlapping the one from %s", t.HouseholdID, otherID, t.Start)}
}

// CapacityFull returns the conflict for a stay in unit unitID that would
// bring the facility's beds in use to inUse+beds over capacity.
func CapacityFull(facilityID, unitID string, capacity, inUse, beds int) error {
	return &housing.Error{Code: housing.CodeConflict, Key: KeyCapacity,
		Message: fmt.Sprintf("facility %q is full: %d of %d beds are in use during the stay, and unit %q has %d", facilityID, inUse, capacity, unitID, beds)}
}

// CheckCapacity is the capacity rule every adapter applies to an occupying
// stay in a unit of beds beds in a facility: the beds of the facility's
// other units that some stay occupies at any time in the stay's period
// (inUse), plus beds, must not exceed capacity. It returns CapacityFull or
// nil.
func CheckCapacity(facilityID, unitID string, capacity, inUse, beds int) error {
	if inUse+beds > capacity {
		return CapacityFull(facilityID, unitID, capacity, inUse, beds)
	}
	return nil
}

// PolicyLookup returns the duration policy with an identifier, such as
// housing.PolicyByID.
type PolicyLookup func(id string) (*housing.DurationPolicy, error)

// DueTenancy is a running stay with what is due on it.
type DueTenancy struct {
	Tenancy Versioned[housing.Tenancy] `json:"tenancy"`
	Items   []housing.Due              `json:"items"`
}

// Due returns the running stays of the transaction's tenant that have
// something due as of asOf under their duration policies — reviews due or
// overdue, warnings, expiries (housing.DurationPolicy.Due) — in tenancy
// identifier order. It returns invalid (store.query) for a zero date,
// not_found when a tenancy's policy is unknown to policies, and the errors
// of Tenancies.Running.
func Due(tx Tx, asOf housing.Date, policies PolicyLookup) ([]DueTenancy, error) {
	if asOf.IsZero() {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: KeyQuery, Message: "the due date is required"}
	}
	var out []DueTenancy
	page := Page{Limit: MaxLimit}
	for {
		ts, err := tx.Tenancies().Running(asOf, page)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			p, err := policies(t.Value.PolicyID)
			if err != nil || p == nil {
				return nil, &housing.Error{Code: housing.CodeNotFound, Key: KeyNotFound,
					Message: fmt.Sprintf("tenancy %q: no duration policy %q", t.Value.ID, t.Value.PolicyID), Err: err}
			}
			if items := p.Due(t.Value, asOf); len(items) > 0 {
				out = append(out, DueTenancy{Tenancy: t, Items: items})
			}
		}
		if len(ts) < page.Limit {
			return out, nil
		}
		page.After = ts[len(ts)-1].Value.ID
	}
}

// BulkImporter is implemented by stores that import many records in one
// transaction faster than one Create at a time (PostgreSQL with COPY).
// Discover it by type assertion. Each import is all or nothing, applies
// the checks of Create, and appends one audit event per record; it returns
// the errors of Create, the first one found.
type BulkImporter interface {
	ImportUnits(ctx context.Context, tenant Tenant, units []housing.Unit) error
	ImportHouseholds(ctx context.Context, tenant Tenant, households []housing.Household) error
}
