package sqlite

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// occupiedOn selects the stays that occupy their unit on a date (one
// parameter, twice).
const occupiedOn = `stay_from IS NOT NULL AND stay_from <= ? AND (stay_until IS NULL OR stay_until > ?)`

// Occupancy returns who occupies the facility's units on the date on. See
// store.Facilities.
func (r facilities) Occupancy(id string, on housing.Date) (store.Occupancy, error) {
	t := r.t
	if on.IsZero() {
		return store.Occupancy{}, &housing.Error{Code: housing.CodeInvalid, Key: store.KeyQuery, Message: "the date of the occupancy is required"}
	}
	var capacity int64
	found, err := t.scanOne(`SELECT bed_capacity FROM facilities WHERE tenant = ? AND id = ?`, []any{string(t.tenant), id}, &capacity)
	if err != nil {
		return store.Occupancy{}, err
	}
	if !found {
		return store.Occupancy{}, store.NotFound(store.KindFacility, id)
	}
	o := store.Occupancy{FacilityID: id, Date: on, BedCapacity: int(capacity), Units: []store.UnitOccupancy{}}
	d := on.String()
	rows, err := t.query(`SELECT u.id, u.beds,
			coalesce((SELECT id FROM tenancies INDEXED BY tenancies_unit WHERE tenant = u.tenant AND unit_id = u.id AND `+occupiedOn+` ORDER BY id LIMIT 1), ''),
			coalesce((SELECT household_id FROM tenancies INDEXED BY tenancies_unit WHERE tenant = u.tenant AND unit_id = u.id AND `+occupiedOn+` ORDER BY id LIMIT 1), '')
		FROM units u INDEXED BY units_facility WHERE u.tenant = ? AND u.facility_id = ? ORDER BY u.id`, d, d, d, d, string(t.tenant), id)
	if err != nil {
		return store.Occupancy{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			u    store.UnitOccupancy
			beds int64
		)
		if err := rows.Scan(&u.UnitID, &beds, &u.TenancyID, &u.HouseholdID); err != nil {
			return store.Occupancy{}, dbError(err, "occupancy")
		}
		u.Beds = int(beds)
		if u.TenancyID != "" {
			o.BedsInUse += u.Beds
		}
		o.Units = append(o.Units, u)
	}
	if err := rows.Err(); err != nil {
		return store.Occupancy{}, dbError(err, "occupancy")
	}
	return o, nil
}

// occupiedOn2 is occupiedOn with the date as parameter 2.
const occupiedOn2 = `stay_from IS NOT NULL AND stay_from <= ?2 AND (stay_until IS NULL OR stay_until > ?2)`

// vacantSQL selects the units that pass the query's plain filters, are
// available and not occupied on the date, with the free beds of their
// facility (NULL outside a facility). Parameters (numbered): tenant, date,
// facility, programme, owner, municipality, sub-area, kind, contract (” for
// any), min beds, step-free, after.
const vacantSQL = `SELECT u.version, u.body, u.beds, u.rent, u.service_charges,
		(SELECT f.bed_capacity - coalesce((SELECT sum(o.beds) FROM units o INDEXED BY units_facility WHERE o.tenant = f.tenant AND o.facility_id = f.id
			AND EXISTS (SELECT 1 FROM tenancies INDEXED BY tenancies_unit WHERE tenant = o.tenant AND unit_id = o.id AND ` + occupiedOn2 + `)), 0)
		 FROM facilities f WHERE f.tenant = u.tenant AND f.id = u.facility_id)
	FROM units u
	WHERE u.tenant = ?1
	  AND u.available_from <= ?2 AND (u.available_until IS NULL OR u.available_until >= ?2)
	  AND NOT EXISTS (SELECT 1 FROM tenancies INDEXED BY tenancies_unit WHERE tenant = u.tenant AND unit_id = u.id AND ` + occupiedOn2 + `)
	  AND (?3 = '' OR u.facility_id = ?3) AND (?4 = '' OR u.programme_id = ?4) AND (?5 = '' OR u.owner_id = ?5)
	  AND (?6 = '' OR u.municipality = ?6) AND (?7 = '' OR u.sub_area = ?7) AND (?8 = '' OR u.kind = ?8)
	  AND (?9 = '' OR u.contract = ?9) AND u.beds >= ?10 AND (?11 = 0 OR u.step_free = 1) AND u.id > ?12
	ORDER BY u.id`

// Vacant returns the units that match q and are vacant on q.AsOf. The
// monthly-cost bound is checked on exact decimals, outside SQL. See
// store.Units.
func (r units) Vacant(q store.VacancyQuery) ([]store.Versioned[housing.Unit], error) {
	n, err := q.Check()
	if err != nil {
		return nil, err
	}
	t := r.t
	rows, err := t.query(vacantSQL, string(t.tenant), q.AsOf.String(), q.FacilityID, q.ProgrammeID, q.OwnerID, q.Municipality, q.SubArea,
		string(q.Kind), string(q.Contract), int64(q.MinBeds), boolInt(q.StepFree), q.After)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Versioned[housing.Unit]
	for rows.Next() && len(out) < n {
		var (
			v             store.Versioned[housing.Unit]
			body          string
			beds          int64
			rent, charges string
			free          *int64
		)
		if err := rows.Scan(&v.Version, &body, &beds, &rent, &charges, &free); err != nil {
			return nil, dbError(err, "vacant units")
		}
		if free != nil && beds > *free {
			continue
		}
		if q.MaxMonthlyCost != nil {
			rd, err1 := decimal.NewFromString(rent)
			cd, err2 := decimal.NewFromString(charges)
			if err1 != nil || err2 != nil {
				return nil, store.Internal("decoding the rent of a unit", err1)
			}
			if rd.Add(cd).GreaterThan(*q.MaxMonthlyCost) {
				continue
			}
		}
		if err := decode(store.KindUnit, "", body, &v.Value); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, "vacant units")
	}
	return out, nil
}
