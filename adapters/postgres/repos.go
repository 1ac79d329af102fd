package postgres

import (
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// validate runs store.ValidateRecord for a record of kind.
func validate(kind store.Kind, id string, v func() error) error {
	return store.ValidateRecord(kind, id, v)
}

func encode(kind store.Kind, id string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, store.Internal("encoding "+string(kind)+" "+id, err)
	}
	return b, nil
}

// ---- households

var householdTable = newTable("households", store.KindHousehold, "doc")

type households struct{ t *pgTx }

func (r households) Create(h housing.Household) error {
	if err := r.t.usable(true); err != nil {
		return err
	}
	if err := validate(store.KindHousehold, h.ID, h.Validate); err != nil {
		return err
	}
	doc, err := encode(store.KindHousehold, h.ID, h)
	if err != nil {
		return err
	}
	return householdTable.create(r.t, h.ID, doc)
}

func (r households) Get(id string) (out store.Versioned[housing.Household], err error) {
	err = householdTable.get(r.t, id, func(row pgx.Row) error {
		out, err = docRow[housing.Household](store.KindHousehold, id, row)
		return err
	})
	return out, err
}

func (r households) Update(h housing.Household, version int64) (int64, error) {
	if err := r.t.usable(true); err != nil {
		return 0, err
	}
	if err := validate(store.KindHousehold, h.ID, h.Validate); err != nil {
		return 0, err
	}
	doc, err := encode(store.KindHousehold, h.ID, h)
	if err != nil {
		return 0, err
	}
	return householdTable.update(r.t, h.ID, version, doc)
}

func (r households) Delete(id string, version int64) error {
	return householdTable.remove(r.t, id, version,
		usage{kind: store.KindReferral, table: "referrals", col: "household_id"},
		usage{kind: store.KindDecision, table: "decisions", col: "household_id"},
		usage{kind: store.KindTenancy, table: "tenancies", col: "household_id"},
		usage{kind: store.KindCarePlan, table: "care_plans", col: "household_id"},
		usage{kind: store.KindWaitingEntry, table: "waiting_list", col: "household_id", key: "programme_id || '/' || household_id"})
}

func (r households) List(p store.Page) ([]store.Versioned[housing.Household], error) {
	return docList[housing.Household](r.t, householdTable, p)
}

// docRow scans (version, doc) and decodes doc.
func docRow[T any](kind store.Kind, id string, row pgx.Row) (store.Versioned[T], error) {
	var (
		out store.Versioned[T]
		doc []byte
	)
	if err := row.Scan(&out.Version, &doc); err != nil {
		return out, err
	}
	if err := json.Unmarshal(doc, &out.Value); err != nil {
		return out, decodeErr(kind, id, err)
	}
	return out, nil
}

// docList lists a page of a table selected as (version, doc).
func docList[T any](t *pgTx, tb table, p store.Page) ([]store.Versioned[T], error) {
	var out []store.Versioned[T]
	err := tb.list(t, p, "", nil, func(rows pgx.Rows) error {
		v, err := docRow[T](tb.kind, "", rows)
		out = append(out, v)
		return err
	})
	return out, err
}

// docWhere reads records selected as (version, doc) by a query.
func docWhere[T any](t *pgTx, kind store.Kind, sql string, args ...any) ([]store.Versioned[T], error) {
	if err := t.usable(false); err != nil {
		return nil, err
	}
	var out []store.Versioned[T]
	err := t.query("query "+string(kind), sql, args, func(rows pgx.Rows) error {
		v, err := docRow[T](kind, "", rows)
		out = append(out, v)
		return err
	})
	return out, err
}

// ---- owners

var ownerTable = newTable("owners", store.KindOwner, "name", "kind")

type owners struct{ t *pgTx }

func (r owners) Create(o housing.Owner) error {
	if err := r.t.usable(true); err != nil {
		return err
	}
	if err := validate(store.KindOwner, o.ID, o.Validate); err != nil {
		return err
	}
	return ownerTable.create(r.t, o.ID, o.Name, string(o.Kind))
}

func scanOwner(id string, row pgx.Row) (store.Versioned[housing.Owner], error) {
	out := store.Versioned[housing.Owner]{Value: housing.Owner{ID: id}}
	var kind string
	if err := row.Scan(&out.Version, &out.Value.Name, &kind); err != nil {
		return out, err
	}
	out.Value.Kind = housing.OwnerKind(kind)
	return out, nil
}

func (r owners) Get(id string) (out store.Versioned[housing.Owner], err error) {
	err = ownerTable.get(r.t, id, func(row pgx.Row) error {
		out, err = scanOwner(id, row)
		return err
	})
	return out, err
}

func (r owners) Update(o housing.Owner, version int64) (int64, error) {
	if err := r.t.usable(true); err != nil {
		return 0, err
	}
	if err := validate(store.KindOwner, o.ID, o.Validate); err != nil {
		return 0, err
	}
	return ownerTable.update(r.t, o.ID, version, o.Name, string(o.Kind))
}

func (r owners) Delete(id string, version int64) error {
	return ownerTable.remove(r.t, id, version,
		usage{kind: store.KindFacility, table: "facilities", col: "owner_id"},
		usage{kind: store.KindUnit, table: "units", col: "owner_id"})
}

func (r owners) List(p store.Page) ([]store.Versioned[housing.Owner], error) {
	var out []store.Versioned[housing.Owner]
	// The id is not among the data columns: select it as the first.
	tb := ownerTable
	tb.sel = "id, " + tb.sel
	err := tb.list(r.t, p, "", nil, func(rows pgx.Rows) error {
		o := store.Versioned[housing.Owner]{}
		var kind string
		if err := rows.Scan(&o.Version, &o.Value.ID, &o.Value.Name, &kind); err != nil {
			return err
		}
		o.Value.Kind = housing.OwnerKind(kind)
		out = append(out, o)
		return nil
	})
	return out, err
}

// ---- facilities

var facilityTable = newTable("facilities", store.KindFacility, "doc", "owner_id", "programme_id", "municipality", "sub_area", "bed_capacity")

type facilities struct{ t *pgTx }

func facilityVals(f housing.Facility) ([]any, error) {
	doc, err := encode(store.KindFacility, f.ID, f)
	if err != nil {
		return nil, err
	}
	return []any{doc, nullable(f.OwnerID), nullable(f.ProgrammeID), f.Municipality, nullable(f.SubArea), f.BedCapacity}, nil
}

func (r facilities) check(f housing.Facility) ([]any, error) {
	if err := r.t.usable(true); err != nil {
		return nil, err
	}
	if err := validate(store.KindFacility, f.ID, f.Validate); err != nil {
		return nil, err
	}
	if err := checkRefs(r.t, ref{"owner_id", store.KindOwner, "owners", f.OwnerID}); err != nil {
		return nil, err
	}
	return facilityVals(f)
}

func (r facilities) Create(f housing.Facility) error {
	vals, err := r.check(f)
	if err != nil {
		return err
	}
	return facilityTable.create(r.t, f.ID, vals...)
}

func (r facilities) Get(id string) (out store.Versioned[housing.Facility], err error) {
	tb := facilityTable
	tb.sel = "doc"
	err = tb.get(r.t, id, func(row pgx.Row) error {
		out, err = docRow[housing.Facility](store.KindFacility, id, row)
		return err
	})
	return out, err
}

func (r facilities) Update(f housing.Facility, version int64) (int64, error) {
	vals, err := r.check(f)
	if err != nil {
		return 0, err
	}
	return facilityTable.update(r.t, f.ID, version, vals...)
}

func (r facilities) Delete(id string, version int64) error {
	return facilityTable.remove(r.t, id, version, usage{kind: store.KindUnit, table: "units", col: "facility_id"})
}

func (r facilities) List(p store.Page) ([]store.Versioned[housing.Facility], error) {
	tb := facilityTable
	tb.sel = "doc"
	return docList[housing.Facility](r.t, tb, p)
}

func (r facilities) Occupancy(id string, on housing.Date) (store.Occupancy, error) {
	out := store.Occupancy{FacilityID: id, Date: on}
	if err := r.t.usable(false); err != nil {
		return out, err
	}
	if on.IsZero() {
		return out, &housing.Error{Code: housing.CodeInvalid, Key: store.KeyQuery, Message: "the occupancy date is required"}
	}
	err := r.t.queryRow("read facility", "SELECT bed_capacity FROM housingkit.facilities WHERE tenant = $1 AND id = $2",
		[]any{string(r.t.tenant), id}, &out.BedCapacity)
	if err == pgx.ErrNoRows {
		return out, store.NotFound(store.KindFacility, id)
	}
	if err != nil {
		return out, err
	}
	err = r.t.query("occupancy", `
		SELECT u.id, u.beds, t.id, t.household_id
		FROM housingkit.units u
		LEFT JOIN housingkit.tenancies t ON t.tenant = u.tenant AND t.unit_id = u.id AND t.stay @> $3::date
		WHERE u.tenant = $1 AND u.facility_id = $2
		ORDER BY u.id`, []any{string(r.t.tenant), id, on}, func(rows pgx.Rows) error {
		var uo store.UnitOccupancy
		if err := rows.Scan(&uo.UnitID, &uo.Beds, str{&uo.TenancyID}, str{&uo.HouseholdID}); err != nil {
			return err
		}
		if uo.TenancyID != "" {
			out.BedsInUse += uo.Beds
		}
		out.Units = append(out.Units, uo)
		return nil
	})
	return out, err
}

// ---- referrals

var referralTable = newTable("referrals", store.KindReferral, "doc", "household_id", "programme_id", "date")

type referrals struct{ t *pgTx }

func (r referrals) check(x housing.Referral) ([]any, error) {
	if err := r.t.usable(true); err != nil {
		return nil, err
	}
	if err := validate(store.KindReferral, x.ID, x.Validate); err != nil {
		return nil, err
	}
	if err := checkRefs(r.t, ref{"household_id", store.KindHousehold, "households", x.HouseholdID}); err != nil {
		return nil, err
	}
	doc, err := encode(store.KindReferral, x.ID, x)
	if err != nil {
		return nil, err
	}
	return []any{doc, x.HouseholdID, x.ProgrammeID, x.Date}, nil
}

func (r referrals) Create(x housing.Referral) error {
	vals, err := r.check(x)
	if err != nil {
		return err
	}
	return referralTable.create(r.t, x.ID, vals...)
}

func (r referrals) Get(id string) (out store.Versioned[housing.Referral], err error) {
	tb := referralTable
	tb.sel = "doc"
	err = tb.get(r.t, id, func(row pgx.Row) error {
		out, err = docRow[housing.Referral](store.KindReferral, id, row)
		return err
	})
	return out, err
}

func (r referrals) Update(x housing.Referral, version int64) (int64, error) {
	vals, err := r.check(x)
	if err != nil {
		return 0, err
	}
	return referralTable.update(r.t, x.ID, version, vals...)
}

func (r referrals) Delete(id string, version int64) error {
	return referralTable.remove(r.t, id, version,
		usage{kind: store.KindDecision, table: "decisions", col: "referral_id"},
		usage{kind: store.KindTenancy, table: "tenancies", col: "referral_id"})
}

func (r referrals) List(p store.Page) ([]store.Versioned[housing.Referral], error) {
	tb := referralTable
	tb.sel = "doc"
	return docList[housing.Referral](r.t, tb, p)
}

func (r referrals) OfHousehold(householdID string) ([]store.Versioned[housing.Referral], error) {
	return docWhere[housing.Referral](r.t, store.KindReferral,
		"SELECT version, doc FROM housingkit.referrals WHERE tenant = $1 AND household_id = $2 ORDER BY date, id",
		string(r.t.tenant), householdID)
}

// ---- care plans

var carePlanTable = newTable("care_plans", store.KindCarePlan, "doc", "household_id", "tenancy_id", "start")

type carePlans struct{ t *pgTx }

func (r carePlans) check(c housing.CarePlan) ([]any, error) {
	if err := r.t.usable(true); err != nil {
		return nil, err
	}
	if err := validate(store.KindCarePlan, c.ID, c.Validate); err != nil {
		return nil, err
	}
	if err := checkRefs(r.t,
		ref{"household_id", store.KindHousehold, "households", c.HouseholdID},
		ref{"tenancy_id", store.KindTenancy, "tenancies", c.TenancyID}); err != nil {
		return nil, err
	}
	doc, err := encode(store.KindCarePlan, c.ID, c)
	if err != nil {
		return nil, err
	}
	return []any{doc, c.HouseholdID, nullable(c.TenancyID), c.Start}, nil
}

func (r carePlans) Create(c housing.CarePlan) error {
	vals, err := r.check(c)
	if err != nil {
		return err
	}
	return carePlanTable.create(r.t, c.ID, vals...)
}

func (r carePlans) Get(id string) (out store.Versioned[housing.CarePlan], err error) {
	tb := carePlanTable
	tb.sel = "doc"
	err = tb.get(r.t, id, func(row pgx.Row) error {
		out, err = docRow[housing.CarePlan](store.KindCarePlan, id, row)
		return err
	})
	return out, err
}

func (r carePlans) Update(c housing.CarePlan, version int64) (int64, error) {
	vals, err := r.check(c)
	if err != nil {
		return 0, err
	}
	return carePlanTable.update(r.t, c.ID, version, vals...)
}

func (r carePlans) Delete(id string, version int64) error {
	return carePlanTable.remove(r.t, id, version)
}

func (r carePlans) List(p store.Page) ([]store.Versioned[housing.CarePlan], error) {
	tb := carePlanTable
	tb.sel = "doc"
	return docList[housing.CarePlan](r.t, tb, p)
}

func (r carePlans) OfHousehold(householdID string) ([]store.Versioned[housing.CarePlan], error) {
	return docWhere[housing.CarePlan](r.t, store.KindCarePlan,
		"SELECT version, doc FROM housingkit.care_plans WHERE tenant = $1 AND household_id = $2 ORDER BY start, id",
		string(r.t.tenant), householdID)
}
