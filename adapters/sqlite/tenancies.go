package sqlite

import (
	"encoding/json"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// The queries name the index they need (INDEXED BY): on a fresh file,
// without statistics, SQLite's planner may otherwise walk the primary key
// of the tenant to honour an ORDER BY id, which turns a lookup into a
// scan of the tenant's rows.

// overlapsPeriod selects the stays that occupy their unit (stay_from set)
// at some time of the period [?5, ?6) (?6 NULL: no end).
const overlapsPeriod = `stay_from IS NOT NULL AND (stay_until IS NULL OR stay_until > ?5) AND (?6 IS NULL OR stay_from < ?6)`

const (
	// placementSQL reads in one statement what a placement is checked
	// against: the unit's beds, its facility and the facility's capacity,
	// whether the household exists, the first other stay overlapping the
	// period in the unit and of the household, and the beds of the
	// facility's other units that a stay occupies at some time of the
	// period. Parameters: tenant, unit, tenancy, household, from, until.
	//
	// When the beds of all the facility's units fit in its capacity (summed
	// from the index units_facility alone), no stay can overfill it: the
	// beds in use are then reported as 0 without looking for the stays of
	// each unit, and the capacity check passes as it would have.
	placementSQL = `SELECT u.beds, coalesce(u.facility_id, ''), coalesce(f.bed_capacity, 0),
		EXISTS (SELECT 1 FROM households WHERE tenant = ?1 AND id = ?4),
		coalesce((SELECT id FROM tenancies INDEXED BY tenancies_unit
			WHERE tenant = ?1 AND unit_id = ?2 AND id <> ?3 AND ` + overlapsPeriod + ` ORDER BY id LIMIT 1), ''),
		coalesce((SELECT id FROM tenancies INDEXED BY tenancies_household
			WHERE tenant = ?1 AND household_id = ?4 AND id <> ?3 AND ` + overlapsPeriod + ` ORDER BY id LIMIT 1), ''),
		CASE WHEN u.facility_id IS NULL OR u.beds + coalesce((SELECT sum(o.beds) FROM units o INDEXED BY units_facility
			WHERE o.tenant = ?1 AND o.facility_id = u.facility_id AND o.id <> ?2), 0) <= coalesce(f.bed_capacity, 0) THEN 0
		ELSE coalesce((SELECT sum(o.beds) FROM units o INDEXED BY units_facility
			WHERE o.tenant = ?1 AND o.facility_id = u.facility_id AND o.id <> ?2
			AND EXISTS (SELECT 1 FROM tenancies INDEXED BY tenancies_unit
				WHERE tenant = ?1 AND unit_id = o.id AND id <> ?3 AND ` + overlapsPeriod + `)), 0) END
		FROM units u LEFT JOIN facilities f ON f.tenant = u.tenant AND f.id = u.facility_id
		WHERE u.tenant = ?1 AND u.id = ?2`
	tenancyInsertSQL = `INSERT INTO tenancies (tenant, id, version, household_id, unit_id, referral_id, status, start, stay_from, stay_until, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	tenancyUpdateSQL = `UPDATE tenancies SET version = ?, referral_id = ?, status = ?, start = ?, stay_from = ?, stay_until = ?, body = ?
		WHERE tenant = ? AND id = ? AND version = ?`
	tenancyVersionSQL = `INSERT INTO tenancy_versions (tenant, id, version, body) VALUES (?, ?, ?, ?)`
	tenancyGetSQL     = `SELECT version, body FROM tenancies WHERE tenant = ? AND id = ?`
)

type tenancies struct{ t *tx }

// check validates t and the records it names, and, when it occupies its
// unit, refuses a stay that overlaps another in the unit or of the
// household, or that overfills the unit's facility: the placement checks
// of the package store, run in the write transaction. The single writer
// connection and BEGIN IMMEDIATE make the check and the write one step:
// no other writer can run between them.
func (r tenancies) check(v housing.Tenancy) error {
	t := r.t
	if err := store.ValidateRecord(store.KindTenancy, v.ID, v.Validate); err != nil {
		return err
	}
	from, until, occupies := store.Stay(v)
	var (
		beds, capacity, inUse   int64
		facility                string
		household               bool
		unitClash, householdHas string
		f                       any
	)
	if occupies {
		f = from.String()
	}
	found, err := t.scanOne(placementSQL, []any{string(t.tenant), v.UnitID, v.ID, v.HouseholdID, f, date(until)},
		&beds, &facility, &capacity, &household, &unitClash, &householdHas, &inUse)
	if err != nil {
		return err
	}
	if !found || !household {
		// The references in their order: household, referral, unit.
		if err := t.ref("household_id", store.KindHousehold, "households", v.HouseholdID); err != nil {
			return err
		}
	}
	if err := t.ref("referral_id", store.KindReferral, "referrals", v.ReferralID); err != nil {
		return err
	}
	switch {
	case !found:
		return store.MissingReference("unit_id", store.KindUnit, v.UnitID)
	case !occupies:
		return nil
	case unitClash != "":
		return store.UnitOccupied(v, unitClash)
	case householdHas != "":
		return store.HouseholdPlaced(v, householdHas)
	case facility == "":
		return nil
	}
	return store.CheckCapacity(facility, v.UnitID, int(capacity), int(inUse), int(beds))
}

// columns returns the stored columns of v after referral_id... body.
func stayColumns(v housing.Tenancy) (status, start, from, until any) {
	f, u, occupies := store.Stay(v)
	if !occupies {
		return string(v.Status), date(v.Start), nil, nil
	}
	return string(v.Status), date(v.Start), f.String(), date(u)
}

// Create stores t at version 1 after the placement checks. See
// store.Tenancies.
func (r tenancies) Create(v housing.Tenancy) error {
	t := r.t
	return t.change(func() error {
		if err := r.check(v); err != nil {
			return err
		}
		body, err := json.Marshal(v)
		if err != nil {
			return &housing.Error{Code: housing.CodeInvalid, Key: "store.value", Message: "cannot encode the tenancy", Err: err}
		}
		status, start, from, until := stayColumns(v)
		if _, err := t.exec(tenancyInsertSQL, string(t.tenant), v.ID, int64(1), v.HouseholdID, v.UnitID, null(v.ReferralID),
			status, start, from, until, string(body)); err != nil {
			if housing.ErrorCode(err) == housing.CodeConflict {
				return store.Exists(store.KindTenancy, v.ID)
			}
			return err
		}
		if _, err := t.exec(tenancyVersionSQL, string(t.tenant), v.ID, int64(1), string(body)); err != nil {
			return err
		}
		return t.audit(store.KindTenancy, v.ID, store.ActionCreate, 1)
	})
}

// Get returns the current version of the tenancy. See store.Tenancies.
func (r tenancies) Get(id string) (store.Versioned[housing.Tenancy], error) {
	var (
		out  store.Versioned[housing.Tenancy]
		body string
	)
	found, err := r.t.scanOne(tenancyGetSQL, []any{string(r.t.tenant), id}, &out.Version, &body)
	if err != nil {
		return out, err
	}
	if !found {
		return out, store.NotFound(store.KindTenancy, id)
	}
	return out, decode(store.KindTenancy, id, body, &out.Value)
}

// Update stores t as the next version after the placement checks. See
// store.Tenancies.
func (r tenancies) Update(v housing.Tenancy, version int64) (int64, error) {
	t := r.t
	var next int64
	err := t.change(func() error {
		if err := store.ValidateRecord(store.KindTenancy, v.ID, v.Validate); err != nil {
			return err
		}
		old, err := r.Get(v.ID)
		if err != nil {
			return err
		}
		if old.Version != version {
			return store.Stale(store.KindTenancy, v.ID, version, old.Version)
		}
		if old.Value.HouseholdID != v.HouseholdID || old.Value.UnitID != v.UnitID {
			return store.Immutable(store.KindTenancy, v.ID, "its household and unit are fixed; end it and create another")
		}
		if err := r.check(v); err != nil {
			return err
		}
		body, err := json.Marshal(v)
		if err != nil {
			return &housing.Error{Code: housing.CodeInvalid, Key: "store.value", Message: "cannot encode the tenancy", Err: err}
		}
		next = version + 1
		status, start, from, until := stayColumns(v)
		res, err := t.exec(tenancyUpdateSQL, next, null(v.ReferralID), status, start, from, until, string(body),
			string(t.tenant), v.ID, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return store.Stale(store.KindTenancy, v.ID, version, -1)
		}
		if _, err := t.exec(tenancyVersionSQL, string(t.tenant), v.ID, next, string(body)); err != nil {
			return err
		}
		return t.audit(store.KindTenancy, v.ID, store.ActionUpdate, next)
	})
	if err != nil {
		return 0, err
	}
	return next, nil
}

// History returns every version of the tenancy, oldest first. See
// store.Tenancies.
func (r tenancies) History(id string) ([]store.Versioned[housing.Tenancy], error) {
	vs, err := scanVersioned[housing.Tenancy](r.t, store.KindTenancy,
		`SELECT version, body FROM tenancy_versions WHERE tenant = ? AND id = ? ORDER BY version`, string(r.t.tenant), id)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, store.NotFound(store.KindTenancy, id)
	}
	return vs, nil
}

// List returns the current versions in identifier order. See
// store.Tenancies.
func (r tenancies) List(p store.Page) ([]store.Versioned[housing.Tenancy], error) {
	n, err := p.Size()
	if err != nil {
		return nil, err
	}
	return scanVersioned[housing.Tenancy](r.t, store.KindTenancy,
		`SELECT version, body FROM tenancies WHERE tenant = ? AND id > ? ORDER BY id LIMIT ?`, string(r.t.tenant), p.After, n)
}

// OfHousehold returns the household's tenancies by start (proposals
// first), then identifier. See store.Tenancies.
func (r tenancies) OfHousehold(householdID string) ([]store.Versioned[housing.Tenancy], error) {
	return scanVersioned[housing.Tenancy](r.t, store.KindTenancy,
		`SELECT version, body FROM tenancies INDEXED BY tenancies_household WHERE tenant = ? AND household_id = ? ORDER BY start NULLS FIRST, id`,
		string(r.t.tenant), householdID)
}

// OfUnit returns the unit's tenancies, ordered as OfHousehold. See
// store.Tenancies.
func (r tenancies) OfUnit(unitID string) ([]store.Versioned[housing.Tenancy], error) {
	return scanVersioned[housing.Tenancy](r.t, store.KindTenancy,
		`SELECT version, body FROM tenancies INDEXED BY tenancies_unit WHERE tenant = ? AND unit_id = ? ORDER BY start NULLS FIRST, id`,
		string(r.t.tenant), unitID)
}

// Running returns the running stays that started on or before asOf. See
// store.Tenancies.
func (r tenancies) Running(asOf housing.Date, p store.Page) ([]store.Versioned[housing.Tenancy], error) {
	if asOf.IsZero() {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: store.KeyQuery, Message: "the date of the running stays is required"}
	}
	n, err := p.Size()
	if err != nil {
		return nil, err
	}
	return scanVersioned[housing.Tenancy](r.t, store.KindTenancy,
		`SELECT version, body FROM tenancies WHERE tenant = ? AND status IN ('active', 'renewed') AND start <= ? AND id > ? ORDER BY id LIMIT ?`,
		string(r.t.tenant), asOf.String(), p.After, n)
}
