package store

import (
	"fmt"

	"github.com/housingkit/housingkit/housing"
)

// The keys of the store's own errors (housing.Error.Key).
const (
	KeyTenant          = "store.tenant"           // invalid: malformed tenant
	KeyActor           = "store.actor"            // invalid: malformed actor
	KeyPage            = "store.page"             // invalid: bad page or query bounds
	KeyQuery           = "store.query"            // invalid: a query without a required value
	KeyReference       = "store.reference"        // invalid: names a record that does not exist
	KeyNotFound        = "store.not_found"        // not_found: no such record in this tenant
	KeyExists          = "store.exists"           // conflict: a record with that identifier exists
	KeyStale           = "store.stale"            // conflict: the record changed since it was read
	KeyUnitOccupied    = "store.unit_occupied"    // conflict: the unit has an overlapping stay
	KeyHouseholdPlaced = "store.household_placed" // conflict: the household has an overlapping stay
	KeyCapacity        = "store.capacity"         // conflict: the facility's beds are all taken
	KeyInUse           = "store.in_use"           // conflict: other records refer to it
	KeyBusy            = "store.busy"             // conflict: a concurrent transaction won; retry
	KeyReadOnly        = "store.read_only"        // forbidden: a write in a read-only transaction
	KeyImmutable       = "store.immutable"        // forbidden: the record cannot be changed or deleted
	KeyClosed          = "store.closed"           // internal: the store is closed
	KeyCancelled       = "store.cancelled"        // internal: the context was cancelled or timed out
	KeyTxDone          = "store.tx_done"          // internal: a transaction used after its function returned
	KeyDatabase        = "store.database"         // internal: a fault of the database
)

// Sentinels for errors.Is: errors.Is(err, store.ErrStale) matches exactly
// that conflict, errors.Is(err, housing.ErrConflict) every conflict.
var (
	ErrTenant          = &housing.Error{Code: housing.CodeInvalid, Key: KeyTenant}
	ErrReference       = &housing.Error{Code: housing.CodeInvalid, Key: KeyReference}
	ErrNotFound        = &housing.Error{Code: housing.CodeNotFound, Key: KeyNotFound}
	ErrExists          = &housing.Error{Code: housing.CodeConflict, Key: KeyExists}
	ErrStale           = &housing.Error{Code: housing.CodeConflict, Key: KeyStale}
	ErrUnitOccupied    = &housing.Error{Code: housing.CodeConflict, Key: KeyUnitOccupied}
	ErrHouseholdPlaced = &housing.Error{Code: housing.CodeConflict, Key: KeyHouseholdPlaced}
	ErrCapacity        = &housing.Error{Code: housing.CodeConflict, Key: KeyCapacity}
	ErrInUse           = &housing.Error{Code: housing.CodeConflict, Key: KeyInUse}
	ErrBusy            = &housing.Error{Code: housing.CodeConflict, Key: KeyBusy}
	ErrReadOnly        = &housing.Error{Code: housing.CodeForbidden, Key: KeyReadOnly}
	ErrImmutable       = &housing.Error{Code: housing.CodeForbidden, Key: KeyImmutable}
	ErrClosed          = &housing.Error{Code: housing.CodeInternal, Key: KeyClosed}
)

// NotFound returns the not_found error for the record of kind with id.
func NotFound(kind Kind, id string) error {
	return &housing.Error{Code: housing.CodeNotFound, Key: KeyNotFound, Message: fmt.Sprintf("no %s %q", kind, id)}
}

// Exists returns the conflict error for creating a record whose id is taken.
func Exists(kind Kind, id string) error {
	return &housing.Error{Code: housing.CodeConflict, Key: KeyExists, Message: fmt.Sprintf("%s %q already exists", kind, id)}
}

// Stale returns the conflict error for an update or delete of a record at
// version have when the stored one is at version stored.
func Stale(kind Kind, id string, have, stored int64) error {
	return &housing.Error{Code: housing.CodeConflict, Key: KeyStale,
		Message: fmt.Sprintf("%s %q changed since it was read: version %d given, %d stored; read it again", kind, id, have, stored)}
}

// MissingReference returns the invalid error for a field (such as
// "household_id") that names a record of kind that does not exist.
func MissingReference(field string, kind Kind, id string) error {
	return MissingReferences(housing.Problems{{Path: field, Message: fmt.Sprintf("no %s %q", kind, id)}})
}

// MissingReferences returns the invalid error (store.reference) for the
// problems ps, each a field naming a missing record, or nil when ps is
// empty.
func MissingReferences(ps housing.Problems) error {
	if len(ps) == 0 {
		return nil
	}
	return &housing.Error{Code: housing.CodeInvalid, Key: KeyReference, Message: "refers to a missing record", Problems: ps}
}

// InUse returns the conflict error for deleting a record that others refer
// to, naming one of them.
func InUse(kind Kind, id string, by Kind, byID string) error {
	return &housing.Error{Code: housing.CodeConflict, Key: KeyInUse,
		Message: fmt.Sprintf("%s %q cannot be deleted: %s %q refers to it", kind, id, by, byID)}
}

// ReadOnly returns the forbidden error for a write in a View transaction.
func ReadOnly() error {
	return &housing.Error{Code: housing.CodeForbidden, Key: KeyReadOnly, Message: "cannot write in a read-only transaction"}
}

// Immutable returns the forbidden error for changing or deleting a record
// that the store keeps as written, saying why.
func Immutable(kind Kind, id, why string) error {
	return &housing.Error{Code: housing.CodeForbidden, Key: KeyImmutable, Message: fmt.Sprintf("%s %q cannot be changed: %s", kind, id, why)}
}

// Busy returns the conflict error for a transaction that lost to a
// concurrent one (a serialization failure or deadlock that retries did not
// resolve); cause is kept for logs.
func Busy(cause error) error {
	return &housing.Error{Code: housing.CodeConflict, Key: KeyBusy, Message: "the store is busy with a concurrent change; try again", Err: cause}
}

// Internal wraps a fault of the database: the user sees a generic message,
// the operator's logs get detail (such as the statement) and the cause.
func Internal(detail string, cause error) error {
	return &housing.Error{Code: housing.CodeInternal, Key: KeyDatabase, Message: "storage error", Detail: detail, Err: cause}
}

// Closed returns the internal error for a call on a closed store.
func Closed() error {
	return &housing.Error{Code: housing.CodeInternal, Key: KeyClosed, Message: "the store is closed"}
}

// Cancelled returns the error for a call whose context was cancelled or
// timed out before it finished; nothing was written.
func Cancelled(cause error) error {
	return &housing.Error{Code: housing.CodeInternal, Key: KeyCancelled, Message: "the request was cancelled before it finished; nothing was written", Err: cause}
}

// TxDone returns the error for a repository call on a transaction whose
// function has returned.
func TxDone() error {
	return &housing.Error{Code: housing.CodeInternal, Key: KeyTxDone, Message: "the transaction has finished; use the Tx only inside its function"}
}
