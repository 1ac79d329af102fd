package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// ImportUnits stores units in one transaction of tenant, all or none, with
// the checks of Units.Create and one audit event per unit. The rows go to
// a temporary table by COPY (PostgreSQL refuses COPY FROM into a table
// with row-level security) and from there into the units table with one
// INSERT ... SELECT, which row-level security and the constraints check.
// It returns the first error Create would return, with the problem's path
// prefixed by "units[i]", or conflict (store.exists) for an identifier
// taken or repeated, and internal.
func (s *Store) ImportUnits(ctx context.Context, tenant store.Tenant, us []housing.Unit) error {
	return s.Update(ctx, tenant, func(stx store.Tx) error {
		t := stx.(*pgTx)
		ids := make([]string, len(us))
		seen := make(map[string]int, len(us))
		facs, owners := map[string]int{}, map[string]int{}
		for i, u := range us {
			if err := validate(store.KindUnit, u.ID, u.Validate); err != nil {
				return prefixed(err, housing.Index("units", i))
			}
			if j, ok := seen[u.ID]; ok {
				return housing.Errorf(housing.CodeConflict, store.KeyExists, "unit %q is given twice, at units[%d] and units[%d]", u.ID, j, i)
			}
			seen[u.ID] = i
			ids[i] = u.ID
			if _, ok := facs[u.FacilityID]; u.FacilityID != "" && !ok {
				facs[u.FacilityID] = i
			}
			if _, ok := owners[u.OwnerID]; u.OwnerID != "" && !ok {
				owners[u.OwnerID] = i
			}
		}
		if err := missingIn(t, "facilities", store.KindFacility, facs, "facility_id"); err != nil {
			return err
		}
		if err := missingIn(t, "owners", store.KindOwner, owners, "owner_id"); err != nil {
			return err
		}
		if err := takenIn(t, "units", store.KindUnit, ids); err != nil {
			return err
		}
		rows := make([][]any, len(us))
		for i, u := range us {
			restr, err := json.Marshal(u.Restrictions)
			if err != nil {
				return store.Internal("encoding unit "+u.ID, err)
			}
			rows[i] = []any{u.ID, nullable(u.FacilityID), nullable(u.ProgrammeID), nullable(u.OwnerID), string(u.Kind), int32(u.Beds), int32(u.Bedrooms),
				numeric(u.AreaSqm), u.StepFree, numeric(u.Rent), numeric(u.ServiceCharges), string(u.Contract),
				pgDate(u.AvailableFrom), pgDate(u.AvailableUntil), nullable(u.Municipality), nullable(u.SubArea), restr}
		}
		if _, err := t.exec("create import table", `CREATE TEMP TABLE hk_import_units (
			id text, facility_id text, programme_id text, owner_id text, kind text, beds integer, bedrooms integer,
			area_sqm numeric, step_free boolean, rent numeric, service_charges numeric, contract text,
			available_from date, available_until date, municipality text, sub_area text, restrictions jsonb) ON COMMIT DROP`); err != nil {
			return err
		}
		if err := t.beginNow(); err != nil {
			return err
		}
		if _, err := t.conn.CopyFrom(t.ctx, pgx.Identifier{"hk_import_units"}, []string{"id", "facility_id", "programme_id", "owner_id", "kind", "beds", "bedrooms",
			"area_sqm", "step_free", "rent", "service_charges", "contract", "available_from", "available_until", "municipality", "sub_area", "restrictions"},
			pgx.CopyFromRows(rows)); err != nil {
			return t.fail("copy units", err)
		}
		_, err := t.exec("insert imported units", `WITH w AS (
			INSERT INTO housingkit.units (tenant, id, version, facility_id, programme_id, owner_id, kind, beds, bedrooms, area_sqm, step_free,
				rent, service_charges, contract, available_from, available_until, municipality, sub_area, restrictions)
			SELECT $1, id, 1, facility_id, programme_id, owner_id, kind, beds, bedrooms, area_sqm, step_free,
				rent, service_charges, contract, available_from, available_until, municipality, sub_area, restrictions
			FROM hk_import_units
			RETURNING id, version)
		`+auditSQL("w", store.KindUnit, store.ActionCreate, 2), string(t.tenant), t.at, t.actor)
		return err
	})
}

// ImportHouseholds stores households in one transaction of tenant, all or
// none, like ImportUnits: the checks of Households.Create (problems
// prefixed by "households[i]"), conflict (store.exists), internal.
func (s *Store) ImportHouseholds(ctx context.Context, tenant store.Tenant, hs []housing.Household) error {
	return s.Update(ctx, tenant, func(stx store.Tx) error {
		t := stx.(*pgTx)
		ids := make([]string, len(hs))
		seen := make(map[string]int, len(hs))
		rows := make([][]any, len(hs))
		for i, h := range hs {
			if err := validate(store.KindHousehold, h.ID, h.Validate); err != nil {
				return prefixed(err, housing.Index("households", i))
			}
			if j, ok := seen[h.ID]; ok {
				return housing.Errorf(housing.CodeConflict, store.KeyExists, "household %q is given twice, at households[%d] and households[%d]", h.ID, j, i)
			}
			seen[h.ID] = i
			ids[i] = h.ID
			doc, err := encode(store.KindHousehold, h.ID, h)
			if err != nil {
				return err
			}
			rows[i] = []any{h.ID, string(doc)}
		}
		if err := takenIn(t, "households", store.KindHousehold, ids); err != nil {
			return err
		}
		if _, err := t.exec("create import table", "CREATE TEMP TABLE hk_import_households (id text, doc text) ON COMMIT DROP"); err != nil {
			return err
		}
		if err := t.beginNow(); err != nil {
			return err
		}
		if _, err := t.conn.CopyFrom(t.ctx, pgx.Identifier{"hk_import_households"}, []string{"id", "doc"}, pgx.CopyFromRows(rows)); err != nil {
			return t.fail("copy households", err)
		}
		_, err := t.exec("insert imported households", `WITH w AS (
			INSERT INTO housingkit.households (tenant, id, version, doc)
			SELECT $1, id, 1, doc::jsonb FROM hk_import_households
			RETURNING id, version)
		`+auditSQL("w", store.KindHousehold, store.ActionCreate, 2), string(t.tenant), t.at, t.actor)
		return err
	})
}

// missingIn returns invalid (store.reference) for the first (by input
// position) identifier of want that table lacks; want maps each to the
// index of the first record naming it.
func missingIn(t *pgTx, table string, kind store.Kind, want map[string]int, field string) error {
	if len(want) == 0 {
		return nil
	}
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	var found []string
	// FOR KEY SHARE: the records referred to cannot be deleted before the
	// import commits (the units table has no foreign keys to them).
	err := t.query("check references", "SELECT id FROM housingkit."+table+" WHERE tenant = $1 AND id = ANY($2) FOR KEY SHARE", []any{string(t.tenant), ids},
		func(rows pgx.Rows) error {
			var id string
			err := rows.Scan(&id)
			found = append(found, id)
			return err
		})
	if err != nil {
		return err
	}
	for _, id := range found {
		delete(want, id)
	}
	first, firstID := -1, ""
	for id, i := range want {
		if first < 0 || i < first {
			first, firstID = i, id
		}
	}
	if first < 0 {
		return nil
	}
	return missingRefs(housing.Problems{{Path: fmt.Sprintf("units[%d].%s", first, field), Message: fmt.Sprintf("no %s %q", kind, firstID)}})
}

// takenIn returns conflict (store.exists) for the first identifier of ids
// that table already holds.
func takenIn(t *pgTx, table string, kind store.Kind, ids []string) error {
	var id string
	err := t.queryRow("check identifiers", "SELECT x.id FROM unnest($2::text[]) WITH ORDINALITY AS x(id, n) JOIN housingkit."+table+
		" r ON r.tenant = $1 AND r.id = x.id ORDER BY x.n LIMIT 1", []any{string(t.tenant), ids}, &id)
	switch {
	case err == pgx.ErrNoRows:
		return nil
	case err != nil:
		return err
	}
	return store.Exists(kind, id)
}

// prefixed returns err with the paths of its problems under prefix.
func prefixed(err error, prefix string) error {
	he, ok := err.(*housing.Error)
	if !ok {
		return err
	}
	c := *he
	c.Problems = make(housing.Problems, len(he.Problems))
	for i, p := range he.Problems {
		p.Path = housing.JoinPath(prefix, p.Path)
		c.Problems[i] = p
	}
	c.Message = prefix + ": " + he.Message
	return &c
}

// numeric converts a decimal for COPY's binary format, exactly.
func numeric(d decimal.Decimal) pgtype.Numeric {
	return pgtype.Numeric{Int: new(big.Int).Set(d.Coefficient()), Exp: d.Exponent(), Valid: true}
}

// pgDate converts a date for COPY's binary format; the zero date is NULL.
func pgDate(d housing.Date) pgtype.Date {
	if d.IsZero() {
		return pgtype.Date{}
	}
	y, m, day := d.YMD()
	return pgtype.Date{Time: time.Date(y, m, day, 0, 0, 0, 0, time.UTC), Valid: true}
}
