// Package postgres is the PostgreSQL store of housingkit (store.Store) for
// vendors that outgrow one SQLite file: many case workers at once, many
// municipalities (tenants) in one database, and the database itself
// enforcing what matters most.
//
// # Setting up
//
// The schema lives in the PostgreSQL schema "housingkit" and is created
// by embedded SQL migrations (migrations/*.sql) run by internal/migrate,
// which logs each step through slog. Two group roles split the powers:
//
//   - OwnerRole (housingkit_owner) owns the schema and every table;
//     migrations run as it (Migrate connects as any member of it and
//     switches with SET ROLE). It needs CREATE on the database (for the
//     schema and the trusted extension btree_gist).
//   - AppRole (housingkit_app) is granted only SELECT, INSERT, UPDATE and
//     DELETE on the tables (no DELETE on tenancies and documents, which are
//     never deleted), and only SELECT and INSERT on the append-only trails
//     (audit, decisions, tenancy_versions). The login a Store runs
//     as is a member of it; Open refuses a superuser, a role with
//     BYPASSRLS, and a role that owns (or inherits the owner of) the
//     tables.
//
// CreateRoles makes both roles and the runtime login idempotently:
//
//	postgres.CreateRoles(ctx, adminURL, "hk_app")   // once per cluster
//	postgres.Migrate(ctx, ownerURL, logger)         // at each deployment
//	s, err := postgres.Open(ctx, postgres.Config{URL: appURL})
//
// # What the database enforces
//
// Tenant isolation: every table has a tenant column, row-level security
// enabled and FORCED (the owner is subject to it too), and one policy
// tenant_isolation that lets a row be seen or written only when it
// matches current_setting('housingkit.tenant'). The store sets it with
// set_config('housingkit.tenant', $1, true) in the first round trip of each
// transaction, so it is local to the transaction and never leaks to the
// next user of a pooled connection; a connection that has not set it sees
// no rows at all.
//
// No double booking: a tenancy's stay column is a daterange that the
// database computes from its status, start and exit date, and two
// exclusion constraints (btree_gist) refuse two overlapping stays in one
// unit, or of one household, whatever SQL writes them. A placement in a
// facility locks the facility row (SELECT ... FOR UPDATE) before counting
// its beds in use, so concurrent placements into one facility run one
// after the other and never exceed its capacity. A new tenancy is
// written by one call of the function housingkit.create_tenancy
// (migrations 0003 to 0005), which runs as its caller (row-level
// security, the privileges and every constraint apply to it), does those
// checks and inserts in a subtransaction (a block with an exception
// handler), so that the primary key and the exclusion constraints
// themselves say whether the stay overlaps another and a refusal undoes
// only the insert: the transaction goes on. Each placement uses one
// subtransaction; a transaction that creates more than 64 tenancies
// overflows PostgreSQL's per-session cache of them and slows other
// sessions' snapshots while it runs, so place in transactions of a few
// households. One round trip, on plans prepared once per connection, all of
// them look-ups by a key (sequential scans are off in the function, so
// that no plan made while a table was small scans it once it has grown).
// The count of beds in use, needed only when a facility's units have more
// beds than its capacity, looks up one stay per unit of the facility by a
// hash index of the stays by unit (migration 0004).
//
// Append-only trails: the audit, decisions and tenancy_versions tables
// refuse UPDATE, DELETE and TRUNCATE by trigger (for every role) and the
// runtime role lacks those privileges. Every write appends its audit row
// in the same statement as the write.
//
// Money is NUMERIC (exact at any size, read back as text into
// decimal.Decimal) and dates are date. Identifiers compare in byte order
// (COLLATE "C"). A tenant identifier (1 to 63 bytes) and a record version
// (at least 1) are the domains housingkit.tenant_id and housingkit.version
// (migration 0005) rather than CHECK constraints, which PostgreSQL 15
// parses and plans again at every INSERT and UPDATE. Bulk imports (store.BulkImporter) go through COPY into a
// temporary table and one INSERT ... SELECT, since PostgreSQL refuses
// COPY FROM into a table with row-level security.
//
// # Concurrency and retries
//
// Writes run at read committed by default (Config.Isolation), which the
// facility lock and the constraints make safe. At serializable, or on
// engines that always run so, a transaction may fail with a serialization
// failure (SQLSTATE 40001) or a deadlock (40P01); Update then runs the
// whole function again under Config.Retry (a bound on attempts, an
// exponential backoff with jitter from a seeded source), and returns
// conflict (store.busy) when the bound is reached. The function given to
// Update must therefore have no effects outside the transaction.
//
// Faults: a connection lost in the middle of a transaction (a terminated
// backend, a network failure) fails the call with code internal and the
// SQLSTATE in the message (57P01 for pg_terminate_backend); PostgreSQL
// rolls the transaction back, so nothing of it is written, and the pool
// discards the broken connection and opens a new one for the next call.
//
// # Citus
//
// Every primary key and unique constraint leads with tenant (a test reads
// pg_catalog to keep it so), every foreign key includes tenant, and every
// statement the store sends filters by tenant = $1: each table can be
// distributed by tenant and co-located with the others, and each
// transaction is routed to the one worker that holds its tenant, where
// everything the store uses (modifying CTEs, SELECT ... FOR UPDATE,
// exclusion constraints that include the distribution column) works as on
// one server:
//
//	SELECT create_distributed_table('housingkit.owners', 'tenant');
//	SELECT create_distributed_table('housingkit.households', 'tenant', colocate_with => 'housingkit.owners');
//	-- ... every table, referenced tables before the tables that refer to them
//
// Run the migrations first, on the coordinator, then distribute. Check
// with your Citus version: whether it propagates row-level security
// (ENABLE/FORCE and the policies) to the shards, or whether they must be
// applied to each shard too (older versions needed run_command_on_shards);
// and how it handles the identity columns (audit.seq, decisions.seq) of
// distributed tables. The per-tenant counters of the suite hold either way,
// since a sequence number need only increase, not be consecutive.
//
// # CockroachDB
//
// CockroachDB speaks the PostgreSQL protocol, but the schema uses what it
// lacks, so a CockroachDB adapter needs migrations of its own:
//
//   - no exclusion constraints and no btree_gist, and no range types
//     (daterange): overlapping stays could only be refused by the
//     placement's own check in the same transaction (correct at
//     serializable, CockroachDB's default, but not enforced against other
//     writers), with the stay as two date columns;
//   - row-level security arrived only in v25.2 (ENABLE/FORCE, policies,
//     BYPASSRLS), with known differences, such as ON CONFLICT DO NOTHING
//     not checking policies on a conflicting row; before that, tenants
//     could be isolated only by the application or by database;
//   - triggers and stored generated columns over such expressions are
//     missing or limited in older versions: the append-only trails would
//     rest on privileges alone;
//   - no domains (CREATE DOMAIN): the tenant and version rules would be
//     CHECK constraints on each table, as before migration 0005;
//   - create_tenancy is PL/pgSQL with an exception block (a
//     subtransaction); CockroachDB's PL/pgSQL support is recent and
//     partial, so the placement would be statements sent by the adapter;
//   - every transaction runs at serializable and may fail with 40001
//     (restart) at any statement or at commit: the retry wrapper with a
//     generous bound (Config.Retry) is what it needs.
//
// The retry wrapper, the tenant-leading keys and the tenant in every query
// are what carries over; a CockroachDB adapter would need its own
// migrations.
package postgres
