package postgres

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// The units table keeps every field in a column of its own: money as
// NUMERIC (read back as text, exactly), dates as date.
var unitTable = newTable("units", store.KindUnit,
	"facility_id", "programme_id", "owner_id", "kind", "beds", "bedrooms", "area_sqm::text", "step_free",
	"rent::text", "service_charges::text", "contract", "available_from", "available_until", "municipality", "sub_area", "restrictions")

// unitSel is the select list of a unit with its id first.
var unitSel = "id, " + unitTable.sel

func unitVals(u housing.Unit) ([]any, error) {
	restr, err := json.Marshal(u.Restrictions)
	if err != nil {
		return nil, store.Internal("encoding unit "+u.ID, err)
	}
	return []any{nullable(u.FacilityID), nullable(u.ProgrammeID), nullable(u.OwnerID), string(u.Kind), u.Beds, u.Bedrooms,
		u.AreaSqm.String(), u.StepFree, u.Rent.String(), u.ServiceCharges.String(), string(u.Contract),
		u.AvailableFrom, u.AvailableUntil, nullable(u.Municipality), nullable(u.SubArea), restr}, nil
}

// scanUnit reads a row selected with unitSel after the version.
func scanUnit(row pgx.Row) (store.Versioned[housing.Unit], error) {
	var (
		out            store.Versioned[housing.Unit]
		u              = &out.Value
		kind, contract string
		restr          []byte
	)
	err := row.Scan(&out.Version, &u.ID, str{&u.FacilityID}, str{&u.ProgrammeID}, str{&u.OwnerID}, &kind, &u.Beds, &u.Bedrooms,
		dec{&u.AreaSqm}, &u.StepFree, dec{&u.Rent}, dec{&u.ServiceCharges}, &contract, &u.AvailableFrom, &u.AvailableUntil,
		str{&u.Municipality}, str{&u.SubArea}, &restr)
	if err != nil {
		return out, err
	}
	u.Kind, u.Contract = housing.UnitKind(kind), housing.ContractKind(contract)
	if err := json.Unmarshal(restr, &u.Restrictions); err != nil {
		return out, decodeErr(store.KindUnit, u.ID, err)
	}
	return out, nil
}

type units struct{ t *pgTx }

func (r units) check(u housing.Unit) ([]any, error) {
	if err := r.t.usable(true); err != nil {
		return nil, err
	}
	if err := validate(store.KindUnit, u.ID, u.Validate); err != nil {
		return nil, err
	}
	if err := checkRefs(r.t,
		ref{"facility_id", store.KindFacility, "facilities", u.FacilityID},
		ref{"owner_id", store.KindOwner, "owners", u.OwnerID}); err != nil {
		return nil, err
	}
	return unitVals(u)
}

func (r units) Create(u housing.Unit) error {
	vals, err := r.check(u)
	if err != nil {
		return err
	}
	return unitTable.create(r.t, u.ID, vals...)
}

func (r units) Get(id string) (out store.Versioned[housing.Unit], err error) {
	tb := unitTable
	tb.sel = unitSel
	err = tb.get(r.t, id, func(row pgx.Row) error {
		out, err = scanUnit(row)
		return err
	})
	return out, err
}

func (r units) Update(u housing.Unit, version int64) (int64, error) {
	vals, err := r.check(u)
	if err != nil {
		return 0, err
	}
	return unitTable.update(r.t, u.ID, version, vals...)
}

func (r units) Delete(id string, version int64) error {
	return unitTable.remove(r.t, id, version, usage{kind: store.KindTenancy, table: "tenancies", col: "unit_id"})
}

func (r units) List(p store.Page) ([]store.Versioned[housing.Unit], error) {
	tb := unitTable
	tb.sel = unitSel
	var out []store.Versioned[housing.Unit]
	err := tb.list(r.t, p, "", nil, func(rows pgx.Rows) error {
		u, err := scanUnit(rows)
		out = append(out, u)
		return err
	})
	return out, err
}

// Vacant selects in SQL what VacancyQuery.Matches says, plus the vacancy:
// no stay occupies the unit on AsOf and, in a facility, its beds fit in
// the beds not in use on AsOf.
func (r units) Vacant(q store.VacancyQuery) ([]store.Versioned[housing.Unit], error) {
	if err := r.t.usable(false); err != nil {
		return nil, err
	}
	n, err := q.Check()
	if err != nil {
		return nil, err
	}
	args := []any{string(r.t.tenant), q.AsOf, q.After, n}
	where := []string{
		"u.tenant = $1", "u.id > $3",
		"u.available_from <= $2::date", "(u.available_until IS NULL OR u.available_until >= $2::date)",
		`NOT EXISTS (SELECT 1 FROM housingkit.tenancies t WHERE t.tenant = u.tenant AND t.unit_id = u.id AND t.stay @> $2::date)`,
		`(u.facility_id IS NULL OR u.beds <= (
			SELECT f.bed_capacity - coalesce((
				SELECT sum(o.beds) FROM housingkit.units o
				WHERE o.tenant = f.tenant AND o.facility_id = f.id AND EXISTS (
					SELECT 1 FROM housingkit.tenancies t WHERE t.tenant = o.tenant AND t.unit_id = o.id AND t.stay @> $2::date)), 0)
			FROM housingkit.facilities f WHERE f.tenant = u.tenant AND f.id = u.facility_id))`,
	}
	eq := func(col string, v string) {
		if v != "" {
			args = append(args, v)
			where = append(where, fmt.Sprintf("u.%s = $%d", col, len(args)))
		}
	}
	eq("facility_id", q.FacilityID)
	eq("programme_id", q.ProgrammeID)
	eq("owner_id", q.OwnerID)
	eq("municipality", q.Municipality)
	eq("sub_area", q.SubArea)
	eq("kind", string(q.Kind))
	eq("contract", string(q.Contract))
	if q.MinBeds > 0 {
		args = append(args, q.MinBeds)
		where = append(where, fmt.Sprintf("u.beds >= $%d", len(args)))
	}
	if q.StepFree {
		where = append(where, "u.step_free")
	}
	if q.MaxMonthlyCost != nil {
		args = append(args, q.MaxMonthlyCost.String())
		where = append(where, fmt.Sprintf("u.rent + u.service_charges <= $%d::numeric", len(args)))
	}
	sel := strings.ReplaceAll(", "+unitTable.sel, ", ", ", u.")
	sql := "SELECT u.version, u.id" + sel + " FROM housingkit.units u WHERE " + strings.Join(where, " AND ") + " ORDER BY u.id LIMIT $4"
	var out []store.Versioned[housing.Unit]
	err = r.t.query("vacant units", sql, args, func(rows pgx.Rows) error {
		u, err := scanUnit(rows)
		out = append(out, u)
		return err
	})
	return out, err
}
