package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// asPg reports whether err wraps a *pgconn.PgError and sets *pg to it.
func asPg(err error, pg **pgconn.PgError) bool { return err != nil && errors.As(err, pg) }

// sqlstate returns the SQLSTATE of err, or "" when err carries none.
func sqlstate(err error) string {
	var pg *pgconn.PgError
	if asPg(err, &pg) {
		return pg.Code
	}
	return ""
}

// dbError turns an error of the driver or the server into a *housing.Error
// so that no driver error reaches callers: serialization failures and
// deadlocks that outlived the retries become conflict (store.busy),
// constraint violations that the adapter's own checks should have caught
// become conflict or invalid, a cancelled context keeps its cause, and
// everything else is internal with the SQLSTATE (when there is one) in the
// message, so that an operator can tell a terminated backend (57P01) from a
// lost connection. An error that already is a *housing.Error is returned
// unchanged. what says what the adapter was doing, for the logs.
func dbError(what string, err error) error {
	if err == nil {
		return nil
	}
	var he *housing.Error
	if errors.As(err, &he) {
		return err
	}
	var pg *pgconn.PgError
	if asPg(err, &pg) {
		detail := fmt.Sprintf("%s: SQLSTATE %s: %s", what, pg.Code, pg.Message)
		if pg.ConstraintName != "" {
			detail += " (constraint " + pg.ConstraintName + ")"
		}
		switch pg.Code {
		case "40001", "40P01":
			return store.Busy(err)
		case "23P01": // exclusion_violation: overlapping stays
			e := &housing.Error{Code: housing.CodeConflict, Key: store.KeyUnitOccupied, Message: "the unit has an overlapping stay", Detail: detail, Err: err}
			if pg.ConstraintName == "tenancies_household_no_overlap" {
				e.Key, e.Message = store.KeyHouseholdPlaced, "the household has an overlapping stay"
			}
			return e
		case "23505": // unique_violation
			return &housing.Error{Code: housing.CodeConflict, Key: store.KeyExists, Message: "a record with that identifier exists", Detail: detail, Err: err}
		case "23503": // foreign_key_violation
			if pg.Message != "" && isDeleteFK(pg) {
				return &housing.Error{Code: housing.CodeConflict, Key: store.KeyInUse, Message: "other records refer to it", Detail: detail, Err: err}
			}
			return &housing.Error{Code: housing.CodeInvalid, Key: store.KeyReference, Message: "refers to a missing record", Detail: detail, Err: err}
		case "25006": // read_only_sql_transaction
			return &housing.Error{Code: housing.CodeForbidden, Key: store.KeyReadOnly, Message: "cannot write in a read-only transaction", Detail: detail, Err: err}
		case "42501": // insufficient_privilege (incl. row-level security)
			return &housing.Error{Code: housing.CodeForbidden, Key: store.KeyImmutable, Message: "the database role may not do this", Detail: detail, Err: err}
		case "P0001": // raise_exception from the trails' triggers
			return &housing.Error{Code: housing.CodeForbidden, Key: store.KeyImmutable, Message: pg.Message, Detail: detail, Err: err}
		}
		msg := fmt.Sprintf("storage error (SQLSTATE %s)", pg.Code)
		switch {
		case pg.Code[:2] == "57" || pg.Code[:2] == "08":
			// 57P01 admin_shutdown (pg_terminate_backend), 57P02, 57P03,
			// 57014 query_canceled, 08xxx connection exceptions.
			msg = fmt.Sprintf("the database ended the connection or the statement (SQLSTATE %s); the transaction was rolled back and nothing of it was written", pg.Code)
		}
		return &housing.Error{Code: housing.CodeInternal, Key: store.KeyDatabase, Message: msg, Detail: detail, Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &housing.Error{Code: housing.CodeInternal, Key: store.KeyDatabase, Message: "storage call cancelled", Detail: what, Err: err}
	}
	return &housing.Error{Code: housing.CodeInternal, Key: store.KeyDatabase,
		Message: "storage error: " + connMessage(err), Detail: what, Err: err}
}

// isDeleteFK reports whether a foreign-key violation comes from deleting or
// updating a referenced row rather than from a row naming a missing one.
func isDeleteFK(pg *pgconn.PgError) bool {
	// PostgreSQL words the two cases "update or delete on table ... violates"
	// and "insert or update on table ... violates".
	return len(pg.Message) >= 16 && pg.Message[:16] == "update or delete"
}

// connMessage names the kind of failure of an error without a SQLSTATE.
func connMessage(err error) string {
	if pgconn.SafeToRetry(err) {
		return "could not reach the database"
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return "could not connect to the database"
	}
	return "the connection to the database failed"
}
