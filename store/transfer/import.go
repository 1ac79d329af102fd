package transfer

import (
	"context"
	"errors"
	"fmt"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// ImportOptions choose how Import writes.
type ImportOptions struct {
	// Partial writes the rows without problems, each in its own
	// transaction, and reports the others. Without it nothing is written
	// when any row has a problem.
	Partial bool
}

// rowError ties a store error to the record that caused it.
type rowError struct {
	row  int
	pos  string
	col  string
	kind store.Kind
	err  error
}

func (e *rowError) Error() string { return e.err.Error() }
func (e *rowError) Unwrap() error { return e.err }

// Import writes the batch b into the tenant's store: households first,
// then units, then referrals. rep is the report of reading the batch; its
// problems count as failed rows. It returns the report, completed with the
// problems found against the store (identifiers taken, records referred to
// that do not exist) and the counts of imported and skipped records, and:
//
//   - without Partial: nil when every record was written in one
//     transaction, or an *housing.Error of code invalid listing every
//     problem when any record has one, and then nothing is written;
//   - with Partial: nil, or the invalid error listing the rows left out
//     while the others are written.
//
// Errors of the store itself (internal, a cancelled context) are returned
// as they are.
func Import(ctx context.Context, st store.Store, tenant store.Tenant, b Batch, rep Report, opts ImportOptions) (Report, error) {
	if opts.Partial {
		return importPartial(ctx, st, tenant, b, rep)
	}
	if len(rep.Problems) == 0 {
		if err := precheck(ctx, st, tenant, b, &rep); err != nil {
			return rep, err
		}
	}
	if len(rep.Problems) > 0 {
		rep.Skipped = rep.Rows
		return rep, rep.Err()
	}
	err := write(ctx, st, tenant, b)
	var re *rowError
	switch {
	case err == nil:
		rep.Imported = b.Len()
		return rep, nil
	case errors.As(err, &re) && isInputError(re.err):
		rep.Problems = append(rep.Problems, Problem{Row: re.row, Pos: re.pos, Column: re.col, Message: housing.ErrorMessage(re.err)})
		rep.Skipped = rep.Rows
		return rep, rep.Err()
	case isInputError(err):
		rep.Problems = append(rep.Problems, Problem{Message: housing.ErrorMessage(err)})
		rep.Skipped = rep.Rows
		return rep, rep.Err()
	}
	return rep, err
}

// isInputError reports whether err is the input's fault (invalid,
// not_found, conflict), not the system's.
func isInputError(err error) bool {
	switch housing.ErrorCode(err) {
	case housing.CodeInvalid, housing.CodeNotFound, housing.CodeConflict, housing.CodeForbidden:
		return !errors.Is(err, store.ErrBusy)
	}
	return false
}

// write creates every record of b in one transaction, or, for a batch of
// only units or only households, through the store's BulkImporter when it
// has one.
func write(ctx context.Context, st store.Store, tenant store.Tenant, b Batch) error {
	if bi, ok := st.(store.BulkImporter); ok && len(b.Referrals) == 0 && (len(b.Units) == 0 || len(b.Households) == 0) {
		var err error
		if len(b.Units) > 0 {
			us := make([]housing.Unit, len(b.Units))
			for i, r := range b.Units {
				us[i] = r.Value
			}
			err = bi.ImportUnits(ctx, tenant, us)
		} else if len(b.Households) > 0 {
			hs := make([]housing.Household, len(b.Households))
			for i, r := range b.Households {
				hs[i] = r.Value
			}
			err = bi.ImportHouseholds(ctx, tenant, hs)
		}
		return err
	}
	return st.Update(ctx, tenant, func(tx store.Tx) error {
		for _, r := range b.Households {
			if err := tx.Households().Create(r.Value); err != nil {
				return &rowError{row: r.Row, pos: r.Pos, kind: store.KindHousehold, err: err}
			}
		}
		for _, r := range b.Units {
			if err := tx.Units().Create(r.Value); err != nil {
				return &rowError{row: r.Row, pos: r.Pos, kind: store.KindUnit, err: err}
			}
		}
		for _, r := range b.Referrals {
			if err := tx.Referrals().Create(r.Value); err != nil {
				return &rowError{row: r.Row, pos: r.Pos, kind: store.KindReferral, err: err}
			}
		}
		return nil
	})
}

// precheck finds, in one read-only transaction, every record whose
// identifier the store already holds or whose references name nothing, so
// that the report lists them all before anything is written.
func precheck(ctx context.Context, st store.Store, tenant store.Tenant, b Batch, rep *Report) error {
	households := map[string]bool{}
	for _, r := range b.Households {
		households[r.Value.ID] = true
	}
	add := func(row int, pos, col, format string, args ...any) {
		rep.Problems = append(rep.Problems, Problem{Row: row, Pos: pos, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	err := st.View(ctx, tenant, func(tx store.Tx) error {
		exists := func(err error) (bool, error) {
			switch {
			case err == nil:
				return true, nil
			case errors.Is(err, store.ErrNotFound):
				return false, nil
			}
			return false, err
		}
		for _, r := range b.Households {
			ok, err := exists(getErr(tx.Households().Get(r.Value.ID)))
			if err != nil {
				return err
			}
			if ok {
				add(r.Row, r.Pos, colFor(r.Pos, "household_id"), "household %q already exists in the store", r.Value.ID)
			}
		}
		for _, r := range b.Units {
			u := r.Value
			ok, err := exists(getErr(tx.Units().Get(u.ID)))
			if err != nil {
				return err
			}
			if ok {
				add(r.Row, r.Pos, colFor(r.Pos, "id"), "unit %q already exists in the store", u.ID)
			}
			for _, ref := range []struct {
				col, id string
				get     func(string) error
				kind    store.Kind
			}{
				{"facility_id", u.FacilityID, func(id string) error { return getErr(tx.Facilities().Get(id)) }, store.KindFacility},
				{"owner_id", u.OwnerID, func(id string) error { return getErr(tx.Owners().Get(id)) }, store.KindOwner},
			} {
				if ref.id == "" {
					continue
				}
				ok, err := exists(ref.get(ref.id))
				if err != nil {
					return err
				}
				if !ok {
					add(r.Row, r.Pos, colFor(r.Pos, ref.col), "no %s %q in the store", ref.kind, ref.id)
				}
			}
		}
		for _, r := range b.Referrals {
			ref := r.Value
			ok, err := exists(getErr(tx.Referrals().Get(ref.ID)))
			if err != nil {
				return err
			}
			if ok {
				add(r.Row, r.Pos, colFor(r.Pos, "referral_id"), "referral %q already exists in the store", ref.ID)
			}
			if !households[ref.HouseholdID] {
				ok, err := exists(getErr(tx.Households().Get(ref.HouseholdID)))
				if err != nil {
					return err
				}
				if !ok {
					add(r.Row, r.Pos, colFor(r.Pos, "household_id"), "no household %q in the batch or the store", ref.HouseholdID)
				}
			}
		}
		return nil
	})
	sortProblems(rep)
	return err
}

// colFor returns the CSV column for a CSV record (no position) and "" for
// a JSON record, whose position says where it is.
func colFor(pos, col string) string {
	if pos != "" {
		return ""
	}
	return col
}

func getErr[T any](_ store.Versioned[T], err error) error { return err }

// importPartial writes each record without problems in its own
// transaction.
func importPartial(ctx context.Context, st store.Store, tenant store.Tenant, b Batch, rep Report) (Report, error) {
	bad := map[int]bool{}
	for _, p := range rep.Problems {
		bad[p.Row] = true
	}
	try := func(row int, pos string, fn func(tx store.Tx) error) error {
		err := st.Update(ctx, tenant, fn)
		switch {
		case err == nil:
			rep.Imported++
			return nil
		case isInputError(err):
			rep.Problems = append(rep.Problems, Problem{Row: row, Pos: pos, Message: housing.ErrorMessage(err)})
			bad[row] = true
			return nil
		}
		return err
	}
	failedHouseholds := map[string]bool{}
	for _, r := range b.Households {
		before := rep.Imported
		if err := try(r.Row, r.Pos, func(tx store.Tx) error { return tx.Households().Create(r.Value) }); err != nil {
			return rep, err
		}
		if rep.Imported == before {
			failedHouseholds[r.Value.ID] = true
		}
	}
	for _, r := range b.Units {
		if err := try(r.Row, r.Pos, func(tx store.Tx) error { return tx.Units().Create(r.Value) }); err != nil {
			return rep, err
		}
	}
	for _, r := range b.Referrals {
		if failedHouseholds[r.Value.HouseholdID] {
			continue // its household's row is already reported
		}
		if err := try(r.Row, r.Pos, func(tx store.Tx) error { return tx.Referrals().Create(r.Value) }); err != nil {
			return rep, err
		}
	}
	rep.Skipped = len(bad)
	sortProblems(&rep)
	return rep, rep.Err()
}
