package sqlite

import (
	"context"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// ImportUnits stores every unit at version 1 in one transaction, with the
// checks of Units.Create and one audit event each, or none of them: the
// first problem found is returned with the unit's position
// ("units[i]..."). Each statement is prepared once for the whole import.
// See store.BulkImporter.
func (s *Store) ImportUnits(ctx context.Context, tenant store.Tenant, units []housing.Unit) error {
	return s.Update(ctx, tenant, func(stx store.Tx) error {
		t := stx.(*tx)
		known := map[[2]string]bool{}
		ref := func(field string, kind store.Kind, table, id string) error {
			if id == "" || known[[2]string{table, id}] {
				return nil
			}
			if err := t.ref(field, kind, table, id); err != nil {
				return err
			}
			known[[2]string{table, id}] = true
			return nil
		}
		for i, u := range units {
			err := store.ValidateRecord(store.KindUnit, u.ID, u.Validate)
			if err == nil {
				err = ref("facility_id", store.KindFacility, "facilities", u.FacilityID)
			}
			if err == nil {
				err = ref("owner_id", store.KindOwner, "owners", u.OwnerID)
			}
			if err == nil {
				err = t.writable()
			}
			if err == nil {
				err = unitTable.insert(t, u)
			}
			if err != nil {
				return atIndex("units", i, err)
			}
		}
		return nil
	})
}

// ImportHouseholds stores every household at version 1 in one transaction,
// with the checks of Households.Create and one audit event each, or none
// of them. See ImportUnits and store.BulkImporter.
func (s *Store) ImportHouseholds(ctx context.Context, tenant store.Tenant, households []housing.Household) error {
	return s.Update(ctx, tenant, func(stx store.Tx) error {
		t := stx.(*tx)
		for i, h := range households {
			err := store.ValidateRecord(store.KindHousehold, h.ID, h.Validate)
			if err == nil {
				err = t.writable()
			}
			if err == nil {
				err = householdTable.insert(t, h)
			}
			if err != nil {
				return atIndex("households", i, err)
			}
		}
		return nil
	})
}

// atIndex places the problems of err under list[i], or, for an error
// without problems, adds the position to its message.
func atIndex(list string, i int, err error) error {
	he, ok := err.(*housing.Error)
	if !ok {
		return err
	}
	c := *he
	prefix := housing.Index(list, i)
	if len(c.Problems) > 0 {
		ps := make(housing.Problems, len(c.Problems))
		for j, p := range c.Problems {
			ps[j] = housing.Problem{Path: housing.JoinPath(prefix, p.Path), Message: p.Message}
		}
		c.Problems = ps
	} else {
		c.Message = prefix + ": " + c.Message
	}
	return &c
}
