// Package store holds the storage ports of housingkit: the interfaces that
// every storage adapter implements (adapters/memory, adapters/sqlite,
// adapters/postgres) and the portable logic written once over them.
//
// # Shape
//
// A Store hands out transactions scoped to one Tenant (a municipality, a
// district, an agency): Store.Update runs a read-write unit of work that is
// committed when its function returns nil and rolled back otherwise, and
// Store.View a read-only one. A Tx gives one repository per kind of record:
// households, owners, facilities, units (the vacancy registry), referrals,
// decisions (the append-only trail of eligibility decisions), tenancies
// (with every stored version), care plans, the ranked waiting list, and the
// audit trail that every write appends to. Nothing a repository returns or
// changes belongs to another tenant: a record of tenant A is not_found for
// tenant B, and B may reuse A's identifiers.
//
// The repository methods take no context: the context given to Update or
// View governs every call made inside it.
//
// # Versions
//
// Every mutable record is stored with a Version: 1 on create, one more on
// each update. Update and Delete take the version the caller read; when the
// stored record has moved on they fail with code conflict (ErrStale), so two
// case workers cannot overwrite each other's changes unknowingly.
//
// # Placement
//
// A placement is the creation (or update) of a tenancy that occupies its
// unit: an active, renewed or ended stay. Its unit is occupied from Start
// until the exit date (exclusive), or with no end while the stay runs. The
// adapter refuses, with code conflict, a stay that overlaps another stay in
// the same unit (ErrUnitOccupied), a stay of a household that overlaps
// another stay of the same household (ErrHouseholdPlaced), and a stay that
// would put more beds in use in the unit's facility than its BedCapacity
// (ErrCapacity). The checks and the write happen in one transaction, so
// concurrent placements cannot both succeed: an adapter whose database runs
// transactions concurrently serialises placements in one facility and of one
// household (for example by locking their rows first) or relies on
// constraints and serialisable isolation.
//
// # Errors
//
// Every error a store returns is a *housing.Error with a code (invalid,
// not_found, conflict, forbidden, internal) and, for the store's own
// reasons, a Key from this package (store.stale, store.capacity, ...), never
// a bare driver error. Each method's comment lists the codes it returns;
// any method may also return internal for a fault of the database.
//
// # Audit
//
// Every successful write appends exactly one Event to the tenant's audit
// trail in the same transaction: what kind of record, which one, which
// action, the version written, who asked (see WithActor) and when. Events
// carry identifiers only, never personal data. They are never updated or
// deleted.
package store
