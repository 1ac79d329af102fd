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
// time, each with its audit event. validate returns a record's own
// problems and refs those of its references (in the transaction; nil for
// none), in that order. A chunk that fails to insert (an identifier taken,
// or given twice) is written again one record at a time to find which,
// whose error is returned at its position.
//
// The records are validated and encoded (their rows, JSON bodies
// included) one chunk ahead by a second goroutine, which never touches the
// connection, while this one checks references and runs the INSERTs: on
// more than one core the encoding overlaps SQLite's work. The first
// problem in record order is returned, as if one goroutine did it all.
func importAll[T any](t *tx, tb *table[T], list string, vs []T, validate, refs func(v T) error) error {
	if err := t.writable(); err != nil {
		return err
	}
	// encoded is a chunk's rows; err (when at >= 0) is the problem of
	// record at, which stopped the chunk: its validation (refs not checked
	// yet) or, with encodeErr, its encoding (after its references).
	type encoded struct {
		rows      [][]any
		at        int
		err       error
		encodeErr bool
	}
	chunks := make(chan encoded, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(chunks)
		for start := 0; start < len(vs); start += bulkRows {
			chunk := vs[start:min(start+bulkRows, len(vs))]
			c := encoded{rows: make([][]any, 0, len(chunk)), at: -1}
			for i, v := range chunk {
				if err := validate(v); err != nil {
					c.at, c.err = i, err
					break
				}
				row, err := tb.row(t, v, 1)
				if err != nil {
					c.at, c.err, c.encodeErr = i, err, true
					break
				}
				c.rows = append(c.rows, row)
			}
			select {
			case chunks <- c:
			case <-stop:
				return
			}
			if c.at >= 0 {
				return
			}
		}
	}()
	args := make([]any, 0, bulkRows*(len(tb.cols)+4))
	start := 0
	for c := range chunks {
		chunk := vs[start:min(start+bulkRows, len(vs))]
		args = args[:0]
		for i, v := range chunk {
			if i == c.at && !c.encodeErr {
				return atIndex(list, start+i, c.err)
			}
			if refs != nil {
				if err := refs(v); err != nil {
					return atIndex(list, start+i, err)
				}
			}
			if i == c.at {
				return atIndex(list, start+i, c.err)
			}
			args = append(args, c.rows[i]...)
		}
		if len(chunk) == bulkRows {
			if _, err := t.exec(tb.insertManySQL(), args...); err == nil {
				if err := auditMany(t, tb.kind, chunk, tb.id); err != nil {
					return err
				}
				start += bulkRows
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
		start += bulkRows
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
			return store.ValidateRecord(store.KindUnit, u.ID, u.Validate)
		}, func(u housing.Unit) error {
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
		}, nil)
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
