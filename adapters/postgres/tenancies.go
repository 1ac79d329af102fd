package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

type tenancies struct{ t *pgTx }

// stayRange returns the daterange literal of the period t occupies its
// unit (store.Stay), and whether it occupies it.
func stayRange(t housing.Tenancy) (string, bool) {
	from, until, ok := store.Stay(t)
	if !ok {
		return "", false
	}
	return "[" + from.String() + "," + until.String() + ")", true
}

// place runs the checks of a placement for the tenancy x (created when
// version is 0, by create, else replacing version) and writes it with its
// version row and audit event. The unit's facility row is locked FOR
// UPDATE before its beds are counted, so that concurrent placements in one
// facility run one after the other; the exclusion constraints refuse an
// overlap that a caller bypassing these checks would write.
func (r tenancies) place(x housing.Tenancy, version int64) (int64, error) {
	t := r.t
	if err := t.usable(true); err != nil {
		return 0, err
	}
	if err := validate(store.KindTenancy, x.ID, x.Validate); err != nil {
		return 0, err
	}
	stay, occupies := stayRange(x)
	if version == 0 {
		if err := r.create(x, stay, occupies); err != nil {
			return 0, err
		}
		return 1, nil
	}
	// The stored tenancy, locked: not_found, stale, immutable fields.
	var (
		stored   int64
		hh, unit string
	)
	err := t.queryRow("lock tenancy", "SELECT version, household_id, unit_id FROM housingkit.tenancies WHERE tenant = $1 AND id = $2 FOR UPDATE",
		[]any{string(t.tenant), x.ID}, &stored, &hh, &unit)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, store.NotFound(store.KindTenancy, x.ID)
	case err != nil:
		return 0, err
	case stored != version:
		return 0, store.Stale(store.KindTenancy, x.ID, version, stored)
	case hh != x.HouseholdID:
		return 0, store.Immutable(store.KindTenancy, x.ID, "its household cannot change (create a new tenancy)")
	case unit != x.UnitID:
		return 0, store.Immutable(store.KindTenancy, x.ID, "its unit cannot change (end it and create a new tenancy)")
	}
	// References, the unit's beds and facility, and the facility's lock.
	lock := ""
	if occupies {
		lock = " FOR UPDATE"
	}
	var (
		unitFound, hhFound, refFound bool
		beds, capacity               *int
		facility                     string
		unitOther, hhOther           string
		inUse                        int
	)
	stmts := []stmt{{`
		SELECT u.id IS NOT NULL, u.beds, coalesce(u.facility_id, ''),
		       (SELECT f.bed_capacity FROM housingkit.facilities f WHERE f.tenant = $1 AND f.id = u.facility_id` + lock + `),
		       EXISTS (SELECT 1 FROM housingkit.households h WHERE h.tenant = $1 AND h.id = $3),
		       $4::text IS NULL OR EXISTS (SELECT 1 FROM housingkit.referrals x WHERE x.tenant = $1 AND x.id = $4)
		FROM (SELECT 1) one
		LEFT JOIN housingkit.units u ON u.tenant = $1 AND u.id = $2`,
		[]any{string(t.tenant), x.UnitID, x.HouseholdID, nullable(x.ReferralID)},
		func(r pgx.Row) error { return r.Scan(&unitFound, &beds, &facility, &capacity, &hhFound, &refFound) }}}
	if occupies {
		// A second statement of the same round trip: it runs after the
		// first has taken the facility's lock, and at read committed on a
		// new snapshot, so it sees every placement committed before.
		stmts = append(stmts, stmt{`
			SELECT coalesce((SELECT id FROM housingkit.tenancies WHERE tenant = $1 AND unit_id = $2 AND id <> $4 AND stay && $5::daterange ORDER BY id LIMIT 1), ''),
			       coalesce((SELECT id FROM housingkit.tenancies WHERE tenant = $1 AND household_id = $3 AND id <> $4 AND stay && $5::daterange ORDER BY id LIMIT 1), ''),
			       coalesce((SELECT sum(o.beds) FROM housingkit.units o
			                 WHERE o.tenant = $1 AND o.facility_id = (SELECT facility_id FROM housingkit.units WHERE tenant = $1 AND id = $2) AND o.id <> $2
			                   AND EXISTS (SELECT 1 FROM housingkit.tenancies s WHERE s.tenant = $1 AND s.unit_id = o.id AND s.id <> $4 AND s.stay && $5::daterange)), 0)`,
			[]any{string(t.tenant), x.UnitID, x.HouseholdID, x.ID, stay},
			func(r pgx.Row) error { return r.Scan(&unitOther, &hhOther, &inUse) }})
	}
	if err := t.pipeline("check placement", stmts...); err != nil {
		return 0, err
	}
	if err := missingTenancyRefs(&x, hhFound, unitFound, refFound); err != nil {
		return 0, err
	}
	if occupies {
		switch {
		case unitOther != "":
			return 0, store.UnitOccupied(x, unitOther)
		case hhOther != "":
			return 0, store.HouseholdPlaced(x, hhOther)
		case facility != "" && capacity != nil && beds != nil:
			if err := store.CheckCapacity(facility, x.UnitID, *capacity, inUse, *beds); err != nil {
				return 0, err
			}
		}
	}
	doc, err := encode(store.KindTenancy, x.ID, x)
	if err != nil {
		return 0, err
	}
	args := []any{string(t.tenant), x.ID, t.at, t.actor, x.HouseholdID, x.UnitID, nullable(x.ReferralID), string(x.Status), dateParam(x.Start), dateParam(exitDate(x)), doc, version}
	sql := `WITH w AS (
		UPDATE housingkit.tenancies SET referral_id = $7, status = $8, start = $9, exit_date = $10, doc = $11, version = version + 1
		WHERE tenant = $1 AND id = $2 AND version = $12 AND household_id = $5 AND unit_id = $6
		RETURNING id, version, doc),
	v AS (INSERT INTO housingkit.tenancy_versions (tenant, tenancy_id, version, doc) SELECT $1, id, version, doc FROM w),
	a AS (` + auditSQL("w", store.KindTenancy, store.ActionUpdate, 3) + `)
	SELECT version FROM w`
	var v int64
	err = t.queryRow("write tenancy", sql, args, &v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, tenancyTable.missOrStale(t, x.ID, version)
	}
	return v, err
}

// create stores the new tenancy x with its first version row and audit
// event by one call of housingkit.create_tenancy (migration 0003), which
// runs the checks of a placement in the order place does, locks the
// facility, and inserts only when they pass; stay is the period x
// occupies its unit, if it does.
func (r tenancies) create(x housing.Tenancy, stay string, occupies bool) error {
	t := r.t
	doc, err := encode(store.KindTenancy, x.ID, x)
	if err != nil {
		return err
	}
	var stayArg any
	if occupies {
		stayArg = stay
	}
	var (
		outcome, other, facility     string
		unitFound, hhFound, refFound bool
		beds, capacity, inUse        *int
	)
	err = t.queryRow("create tenancy", `SELECT o_outcome, coalesce(o_other, ''), o_unit_found, o_household_found, o_referral_found,
		o_beds, o_capacity, coalesce(o_facility, ''), o_in_use
		FROM housingkit.create_tenancy($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::daterange, $11, $12)`,
		[]any{string(t.tenant), x.ID, x.HouseholdID, x.UnitID, nullable(x.ReferralID), string(x.Status), dateParam(x.Start), dateParam(exitDate(x)), doc, stayArg, t.at, t.actor},
		&outcome, &other, &unitFound, &hhFound, &refFound, &beds, &capacity, &facility, &inUse)
	if err != nil {
		return err
	}
	switch outcome {
	case "ok":
		return nil
	case "missing":
		return missingTenancyRefs(&x, hhFound, unitFound, refFound)
	case "unit":
		return store.UnitOccupied(x, other)
	case "household":
		return store.HouseholdPlaced(x, other)
	case "exists":
		return store.Exists(store.KindTenancy, x.ID)
	case "capacity":
		if capacity != nil && beds != nil && inUse != nil {
			if err := store.CheckCapacity(facility, x.UnitID, *capacity, *inUse, *beds); err != nil {
				return err
			}
		}
	}
	return &housing.Error{Code: housing.CodeInternal, Key: store.KeyDatabase,
		Message: fmt.Sprintf("storage error: create_tenancy answered %q for tenancy %q", outcome, x.ID)}
}

// dateParam returns d as a parameter that pgx encodes in the binary format
// directly (a pgtype.Date; NULL for the zero Date) rather than through
// Date.Value's text, which it would parse back. A date outside years
// 1..9999 is returned as it is, so that its Value reports the error.
func dateParam(d housing.Date) any {
	if y := d.Year(); !d.IsZero() && (y < 1 || y > 9999) {
		return d
	}
	return pgDate(d)
}

// exitDate returns the exit date of an ended stay, for the stay column.
func exitDate(t housing.Tenancy) housing.Date {
	if t.Exit != nil {
		return t.Exit.Date
	}
	return housing.Date{}
}

func (r tenancies) Create(x housing.Tenancy) error {
	_, err := r.place(x, 0)
	return err
}

func (r tenancies) Update(x housing.Tenancy, version int64) (int64, error) {
	if version < 1 {
		// No tenancy is ever at a version below 1: say whether it exists.
		return 0, tenancyTable.missOrStale(r.t, x.ID, version)
	}
	return r.place(x, version)
}

var tenancyTable = newTable("tenancies", store.KindTenancy, "doc")

func (r tenancies) Get(id string) (out store.Versioned[housing.Tenancy], err error) {
	err = tenancyTable.get(r.t, id, func(row pgx.Row) error {
		out, err = docRow[housing.Tenancy](store.KindTenancy, id, row)
		return err
	})
	return out, err
}

func (r tenancies) History(id string) ([]store.Versioned[housing.Tenancy], error) {
	out, err := docWhere[housing.Tenancy](r.t, store.KindTenancy,
		"SELECT version, doc FROM housingkit.tenancy_versions WHERE tenant = $1 AND tenancy_id = $2 ORDER BY version",
		string(r.t.tenant), id)
	if err == nil && len(out) == 0 {
		return nil, store.NotFound(store.KindTenancy, id)
	}
	return out, err
}

func (r tenancies) List(p store.Page) ([]store.Versioned[housing.Tenancy], error) {
	return docList[housing.Tenancy](r.t, tenancyTable, p)
}

func (r tenancies) OfHousehold(householdID string) ([]store.Versioned[housing.Tenancy], error) {
	return docWhere[housing.Tenancy](r.t, store.KindTenancy,
		"SELECT version, doc FROM housingkit.tenancies WHERE tenant = $1 AND household_id = $2 ORDER BY start NULLS FIRST, id",
		string(r.t.tenant), householdID)
}

func (r tenancies) OfUnit(unitID string) ([]store.Versioned[housing.Tenancy], error) {
	return docWhere[housing.Tenancy](r.t, store.KindTenancy,
		"SELECT version, doc FROM housingkit.tenancies WHERE tenant = $1 AND unit_id = $2 ORDER BY start NULLS FIRST, id",
		string(r.t.tenant), unitID)
}

func (r tenancies) Running(asOf housing.Date, p store.Page) ([]store.Versioned[housing.Tenancy], error) {
	if err := r.t.usable(false); err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: store.KeyQuery, Message: "the as-of date is required"}
	}
	n, err := p.Size()
	if err != nil {
		return nil, err
	}
	return docWhere[housing.Tenancy](r.t, store.KindTenancy, `SELECT version, doc FROM housingkit.tenancies
		WHERE tenant = $1 AND status IN ('active', 'renewed') AND start <= $2::date AND id > $3 ORDER BY id LIMIT $4`,
		string(r.t.tenant), asOf, p.After, n)
}

// missingTenancyRefs is the invalid error naming the household, unit and
// referral of tenancy x that were not found, or nil when all were.
func missingTenancyRefs(x *housing.Tenancy, hhFound, unitFound, refFound bool) error {
	var ps housing.Problems
	if !hhFound {
		ps.Add("household_id", "no %s %q", store.KindHousehold, x.HouseholdID)
	}
	if !unitFound {
		ps.Add("unit_id", "no %s %q", store.KindUnit, x.UnitID)
	}
	if !refFound {
		ps.Add("referral_id", "no %s %q", store.KindReferral, x.ReferralID)
	}
	if len(ps) == 0 {
		return nil
	}
	return missingRefs(ps)
}
