// Package sqlite is the embedded default store of housingkit: every
// tenant's households, dwellings, decisions and stays in one SQLite file,
// through the pure-Go driver modernc.org/sqlite (no C compiler, no server).
//
// # Connections
//
// Open sets the file in WAL mode (readers never block the writer nor each
// other) with a busy timeout and foreign keys on. Writes go through ONE
// connection: Store.Update begins with BEGIN IMMEDIATE, so a write
// transaction holds the file's write lock from its first statement and
// writers queue instead of failing half-way; a writer of another process
// that holds the lock longer than the busy timeout makes Update fail with
// conflict (store.busy), which the caller may retry. Store.View runs on a
// separate pool of read-only connections and sees one committed state.
// Synchronous is NORMAL by default (a committed transaction survives a
// crash of the process; a power loss may lose the last ones, never
// corrupt the file) or FULL (one fsync per commit). A background
// goroutine copies the write-ahead log into the file every 100 write
// transactions (a passive checkpoint on a connection of its own, which
// takes no lock the writer waits for), so that the writer seldom has to
// do it inside a commit.
//
// Do not call Update from inside Update's function: the writer connection
// is taken, and the inner call would wait for ever. Use the Tx you were
// given.
//
// # Schema
//
// The schema is a set of embedded SQL migrations (migrations/*.sql) run
// by internal/migrate when the store opens; Store.Migrate moves it to
// another version. Every table is STRICT and begins with the tenant
// column, which leads every primary key, unique constraint, index and
// foreign key; every statement filters by the transaction's tenant, so a
// tenant never reads or changes another's records. Money is TEXT (an
// exact decimal string: SQLite's NUMERIC would round it to a float) and
// dates are TEXT 'YYYY-MM-DD'. Each record keeps its full value as JSON
// beside the columns that queries read. The audit trail, the decisions
// and the stored versions of stays are append-only: triggers
// (RAISE(ABORT)) refuse to update or delete their rows whatever SQL runs.
//
// # Placements
//
// A stay that occupies a unit is checked in its write transaction: no
// overlapping stay in the unit, none of the household, and the facility's
// beds in use within capacity (see package store). Since there is one
// writer and it holds the write lock from BEGIN, no other placement can
// run between the check and the write: 64 concurrent placements into a
// 12-bed facility give exactly 12 stays.
//
// The store implements store.BulkImporter: ImportUnits and
// ImportHouseholds write many records in one transaction with prepared
// statements.
package sqlite
