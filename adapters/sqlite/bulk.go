package sqlite

import (
	"context"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// bulkRows is how many records a bulk import writes per INSERT statement:
// one statement of many rows costs far less than as many statements.
const bulkRows = 256

// importAll checks and writes the records of an import, bulkRows at a
// time, each with its audit event; check returns a record's problems. A
// chunk that fails to insert (an identifier taken, or given twice) is
// written again one record at a time to find which, whose error is
// returned at its position.
func importAll[T any](t *tx, tb *table[T], list string, vs []T, check func(v T) error) error {
	if err := t.writable(); err != nil {
		return err
	}
	args := make([]any, 0, bulkRows*(len(tb.cols)+4))
	for start := 0; start < len(vs); start += bulkRows {
		chunk := vs[start:min(start+bulkRows, len(vs))]
		args = args[:0]
		for i, v := range chunk {
			if err := check(v); err != nil {
				return atIndex(list, start+i, err)
			}
			row, err := tb.row(t, v, 1)
			if err != nil {
				return atIndex(list, start+i, err)
			}
			args = append(args, row...)
		}
		if len(chunk) == bulkRows {
			if _, err := t.exec(tb.insertManySQL, args...); err == nil {
				if err := auditMany(t, tb.kind, chunk, tb.id); err != nil {
					return err
				}
				continue
			} else if housing.ErrorCode(err) != housing.CodeConflict {
				return err
			}
			// The failed statement wrote nothing: find the record at fault.
		}
		for i, v := range chunk {
			if err := tb.insert(t, v); err != nil {
				return atIndex(list, start+i, err)
			}
		}
	}
	return nil
}

// ImportUnits stores every unit at version 1 in one transaction, with the
// checks of Units.Create and one audit event each, or none of them: the
// first problem found is returned with the unit's position
// ("units[i]..."). The units and their audit rows are written 256 to a
// prepared INSERT statement.
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
		return importAll(t, unitTable, "units", units, func(u housing.Unit) error {
			if err := store.ValidateRecord(store.KindUnit, u.ID, u.Validate); err != nil {
				return err
			}
			if err := ref("facility_id", store.KindFacility, "facilities", u.FacilityID); err != nil {
				return err
			}
			return ref("owner_id", store.KindOwner, "owners", u.OwnerID)
		})
	})
}

// ImportHouseholds stores every household at version 1 in one transaction,
// with the checks of Households.Create and one audit event each, or none
// of them. See ImportUnits and store.BulkImporter.
func (s *Store) ImportHouseholds(ctx context.Context, tenant store.Tenant, households []housing.Household) error {
	return s.Update(ctx, tenant, func(stx store.Tx) error {
		t := stx.(*tx)
		return importAll(t, householdTable, "households", households, func(h housing.Household) error {
			return store.ValidateRecord(store.KindHousehold, h.ID, h.Validate)
		})
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
