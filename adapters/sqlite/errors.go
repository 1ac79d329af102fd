package sqlite

import (
	"context"
	"errors"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dbError turns a driver error into an *housing.Error with a portable code,
// so that callers never see driver errors: a lock still held by another
// process after the busy timeout, or a uniqueness violation, is a conflict;
// a write refused by a trigger (the append-only audit trail) is forbidden;
// a foreign key to a missing record is invalid (store.reference); a cancelled context keeps
// its cause; the rest is internal. what says what was being done, for the
// operator's detail.
func dbError(err error, what string) error {
	if err == nil {
		return nil
	}
	var he *housing.Error
	if errors.As(err, &he) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return store.Cancelled(err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code()
		switch {
		case code&0xff == sqlite3.SQLITE_BUSY || code&0xff == sqlite3.SQLITE_LOCKED:
			return &housing.Error{Code: housing.CodeConflict, Key: store.KeyBusy,
				Message: "the database is busy with another writer; try again", Detail: what, Err: err}
		case code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &housing.Error{Code: housing.CodeConflict, Key: store.KeyExists,
				Message: "a record with this identifier already exists", Detail: what, Err: err}
		case code == sqlite3.SQLITE_CONSTRAINT_TRIGGER:
			return &housing.Error{Code: housing.CodeForbidden, Key: store.KeyImmutable,
				Message: "the record cannot be changed: " + se.Error(), Detail: what, Err: err}
		case code == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &housing.Error{Code: housing.CodeInvalid, Key: store.KeyReference,
				Message: "the record refers to a record that does not exist", Detail: what, Err: err}
		case code == sqlite3.SQLITE_CONSTRAINT_CHECK || code == sqlite3.SQLITE_CONSTRAINT_NOTNULL || code == sqlite3.SQLITE_CONSTRAINT_DATATYPE:
			return &housing.Error{Code: housing.CodeInvalid, Key: "store.value",
				Message: "a value does not fit the schema: " + se.Error(), Detail: what, Err: err}
		case code&0xff == sqlite3.SQLITE_FULL:
			return &housing.Error{Code: housing.CodeInternal, Key: store.KeyDatabase,
				Message: "the disk is full", Detail: what, Err: err}
		}
	}
	return store.Internal(what, err)
}
