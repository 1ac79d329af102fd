package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// Isolation is the isolation level of the store's read-write transactions.
type Isolation string

// The isolation levels a Store can run its writes at.
const (
	// ReadCommitted (the default) is enough for the store's invariants:
	// placements lock the facility row (SELECT ... FOR UPDATE) before they
	// count its beds, and the exclusion constraints refuse overlapping
	// stays whatever the isolation.
	ReadCommitted Isolation = "read committed"
	// RepeatableRead runs writes on one snapshot.
	RepeatableRead Isolation = "repeatable read"
	// Serializable runs writes as if one at a time; PostgreSQL then
	// aborts some with a serialization failure (40001), which the store
	// retries under its RetryPolicy. CockroachDB always runs at this level.
	Serializable Isolation = "serializable"
)

// Config configures a Store.
type Config struct {
	// URL is the runtime connection, such as
	// postgres://hk_app@db.example/housing?sslmode=verify-full. Its user
	// must be a member of AppRole and must not be a superuser, have
	// BYPASSRLS or act as the tables' owner: Open checks.
	URL string
	// MaxConns bounds the pool (default: pgxpool's, the larger of 4 and
	// the number of CPUs).
	MaxConns int32
	// Isolation is the level of Update's transactions (default
	// ReadCommitted). View always runs at repeatable read, read only.
	Isolation Isolation
	// Retry bounds the retries of transactions that fail with a
	// serialization failure or deadlock (default DefaultRetryPolicy()).
	Retry RetryPolicy
	// Logger receives operator records (retries, faults) without personal
	// data; nil logs nothing.
	Logger *slog.Logger
	// Clock stamps audit events (default time.Now).
	Clock func() time.Time
}

// Store is the PostgreSQL implementation of store.Store, safe for
// concurrent use. Every transaction sets the tenant with
// set_config('housingkit.tenant', tenant, true), local to the transaction,
// so that row-level security confines it to that tenant's rows and a
// pooled connection carries nothing over to its next user.
type Store struct {
	pool   *pgxpool.Pool
	begin  string
	retry  *retrier
	log    *slog.Logger
	clock  func() time.Time
	closed atomic.Bool
	// retries counts transactions run again after a serialization failure
	// or deadlock; gaveUp those that failed after the last attempt.
	retries, gaveUp atomic.Int64
}

// Stats are counters of a Store since it was opened.
type Stats struct {
	// Retries is the number of times a transaction was run again after a
	// serialization failure (40001) or a deadlock (40P01).
	Retries int64
	// GaveUp is the number of transactions that still failed so after
	// the retry policy's last attempt (they returned conflict store.busy).
	GaveUp int64
}

// Stats returns the store's counters.
func (s *Store) Stats() Stats { return Stats{Retries: s.retries.Load(), GaveUp: s.gaveUp.Load()} }

var (
	_ store.Store        = (*Store)(nil)
	_ store.BulkImporter = (*Store)(nil)
)

// Open connects to the database at cfg.URL and checks that the runtime
// role is safe to use (not a superuser, no BYPASSRLS, not acting as the
// tables' owner) and that the schema is at the latest migration. It
// returns invalid for a malformed URL or configuration, forbidden for a
// role that would bypass row-level security, conflict (postgres.schema)
// for a schema that is not migrated to this program's version, and
// internal when the database cannot be reached.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	pc, err := pgxpool.ParseConfig(cfg.URL)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: "postgres.url", Message: "the database URL is malformed: " + err.Error()}
	}
	if cfg.MaxConns < 0 {
		return nil, housing.Errorf(housing.CodeInvalid, "postgres.config", "max_conns %d is negative", cfg.MaxConns)
	}
	if cfg.MaxConns > 0 {
		pc.MaxConns = cfg.MaxConns
	}
	// Plan each execution for its parameters: a generic plan made while a
	// table was small (just after a bulk import, before autovacuum has
	// analysed it) would scan it whole on every placement as it grows.
	if _, ok := pc.ConnConfig.RuntimeParams["plan_cache_mode"]; !ok {
		pc.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	iso := cfg.Isolation
	switch iso {
	case "":
		iso = ReadCommitted
	case ReadCommitted, RepeatableRead, Serializable:
	default:
		return nil, housing.Errorf(housing.CodeInvalid, "postgres.config", "isolation %q: want %q, %q or %q", iso, ReadCommitted, RepeatableRead, Serializable)
	}
	rp := cfg.Retry
	if rp == (RetryPolicy{}) {
		rp = DefaultRetryPolicy()
	}
	s := &Store{
		begin: "BEGIN ISOLATION LEVEL " + string(iso),
		retry: newRetrier(rp),
		log:   cfg.Logger,
		clock: cfg.Clock,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	s.pool, err = pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, dbError("open pool", err)
	}
	if err := s.check(ctx); err != nil {
		s.pool.Close()
		return nil, err
	}
	return s, nil
}

// check refuses a runtime role that bypasses row-level security and a
// schema at another version than this program's.
func (s *Store) check(ctx context.Context) error {
	var (
		user                   string
		super, bypass, asOwner bool
		hasSchema, usage       bool
		hasVersions            bool
	)
	err := s.pool.QueryRow(ctx, `
		SELECT r.rolname, r.rolsuper, r.rolbypassrls,
		       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		               WHERE n.nspname = $1 AND c.relkind = 'r' AND pg_has_role(r.oid, c.relowner, 'USAGE')),
		       EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1),
		       EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1 AND has_schema_privilege(r.oid, oid, 'USAGE')),
		       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		               WHERE n.nspname = $1 AND c.relname = 'schema_migrations' AND has_table_privilege(r.oid, c.oid, 'SELECT'))
		FROM pg_roles r WHERE r.rolname = current_user`, Schema).Scan(&user, &super, &bypass, &asOwner, &hasSchema, &usage, &hasVersions)
	if err != nil {
		return dbError("check the runtime role", err)
	}
	switch {
	case super:
		return housing.Errorf(housing.CodeForbidden, "postgres.role", "role %q is a superuser, which bypasses row-level security: open the store as a member of %s", user, AppRole)
	case bypass:
		return housing.Errorf(housing.CodeForbidden, "postgres.role", "role %q has BYPASSRLS: open the store as a member of %s without it", user, AppRole)
	case asOwner:
		return housing.Errorf(housing.CodeForbidden, "postgres.role", "role %q owns (or inherits the owner of) the store's tables: migrate as %s, open the store as a member of %s only", user, OwnerRole, AppRole)
	case !hasSchema || !usage || !hasVersions:
		// The grants to AppRole come with the first migration.
		return housing.Errorf(housing.CodeConflict, "postgres.schema", "the database has no migrated %s schema that role %q (a member of %s?) may use: run Migrate first", Schema, user, AppRole)
	}
	var cur int
	if err := s.pool.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM "+Schema+".schema_migrations").Scan(&cur); err != nil {
		return dbError("read the schema version", err)
	}
	ms, err := Migrations()
	if err != nil {
		return err
	}
	if cur != len(ms) {
		return housing.Errorf(housing.CodeConflict, "postgres.schema", "the schema is at version %d, this program needs %d: run Migrate", cur, len(ms))
	}
	return nil
}

// Close closes the pool, waiting for connections in use to be returned.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.pool.Close()
	return nil
}

// Pool returns the store's connection pool, for a vendor's own queries
// (which are subject to row-level security like the store's: set the
// tenant with set_config('housingkit.tenant', $1, true) in each
// transaction).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Update runs fn in a read-write transaction of tenant, at the configured
// isolation. When the transaction fails with a serialization failure or a
// deadlock it runs fn again, up to the retry policy's bound, so fn must not
// have effects outside the transaction. It returns fn's error unchanged,
// invalid (store.tenant, store.actor), conflict (store.busy) when the
// retries did not resolve a conflict, and internal (store.closed,
// store.database) otherwise.
func (s *Store) Update(ctx context.Context, tenant store.Tenant, fn func(store.Tx) error) error {
	return s.run(ctx, tenant, false, fn)
}

// View runs fn in a read-only transaction of tenant on one snapshot
// (repeatable read). Writes fail with forbidden (store.read_only). It
// returns fn's error unchanged, invalid (store.tenant), or internal.
func (s *Store) View(ctx context.Context, tenant store.Tenant, fn func(store.Tx) error) error {
	return s.run(ctx, tenant, true, fn)
}

func (s *Store) run(ctx context.Context, tenant store.Tenant, readOnly bool, fn func(store.Tx) error) error {
	if s.closed.Load() {
		return store.Closed()
	}
	if err := store.CheckCall(ctx, tenant, fn); err != nil {
		return err
	}
	actor := store.ActorFrom(ctx)
	if err := store.CheckActor(actor); err != nil {
		return err
	}
	var fnErr error
	attempts, err := s.retry.do(ctx, func() error {
		fnErr = nil
		err := s.attempt(ctx, tenant, actor, readOnly, fn, &fnErr)
		return err
	})
	if attempts > 1 {
		s.retries.Add(int64(attempts - 1))
		s.log.LogAttrs(ctx, slog.LevelDebug, "postgres: transaction retried", slog.Int("attempts", attempts), slog.String("sqlstate", sqlstate(err)))
	}
	switch {
	case err == nil:
		return nil
	case fnErr != nil && !retryable(err):
		return fnErr
	case retryable(err):
		s.gaveUp.Add(1)
		s.log.LogAttrs(ctx, slog.LevelWarn, "postgres: transaction gave up after retries", slog.Int("attempts", attempts), slog.String("sqlstate", sqlstate(err)))
		return store.Busy(err)
	}
	return dbError("transaction", err)
}

// attempt runs fn once in a transaction. It returns a retryable driver
// error when the transaction hit a serialization failure or deadlock
// (whatever fn returned), fn's error (also in *fnErr) when fn failed, or
// the error of beginning or committing.
func (s *Store) attempt(ctx context.Context, tenant store.Tenant, actor string, readOnly bool, fn func(store.Tx) error, fnErr *error) (err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// A connection left inside a transaction (a failed rollback, a lost
	// connection) is destroyed by the pool rather than reused.
	defer conn.Release()
	begin := s.begin
	if readOnly {
		begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	}
	// BEGIN and the tenant, local to the transaction, go to the server
	// with the transaction's first statement, in one round trip.
	tx := &pgTx{ctx: ctx, conn: conn.Conn(), tenant: tenant, actor: actor, readOnly: readOnly, at: s.clock().UTC(), pending: begin}
	committed := false
	defer func() {
		if !committed {
			rollback(conn)
		}
	}()
	if err := callFn(fn, tx); err != nil {
		*fnErr = err
		if tx.retry != nil {
			return tx.retry
		}
		return err
	}
	if tx.retry != nil {
		return tx.retry
	}
	if tx.pending != "" {
		// fn ran no statement: there is nothing to commit.
		committed = true
		return nil
	}
	if _, err := conn.Exec(ctx, "COMMIT"); err != nil {
		return err
	}
	committed = true
	return nil
}

// callFn calls fn; a panic is propagated after the deferred rollback.
func callFn(fn func(store.Tx) error, tx *pgTx) error {
	defer func() { tx.done = true }()
	return fn(tx)
}

// rollback ends the connection's transaction, closing the connection when
// that fails so that the pool does not hand it out again.
func rollback(conn *pgxpool.Conn) {
	c := conn.Conn()
	if c.IsClosed() || c.PgConn().TxStatus() == 'I' {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := c.Exec(ctx, "ROLLBACK"); err != nil {
		_ = c.Close(ctx)
	}
}

// pgTx is one transaction of one tenant: store.Tx.
type pgTx struct {
	ctx      context.Context
	conn     *pgx.Conn
	tenant   store.Tenant
	actor    string
	readOnly bool
	at       time.Time
	// retry is the first serialization failure or deadlock met, which
	// makes Update run the whole transaction again.
	retry error
	done  bool
	// pending is the BEGIN statement not yet sent: it goes with the
	// tenant's set_config in the batch of the first statement.
	pending string
}

func (t *pgTx) Tenant() store.Tenant           { return t.tenant }
func (t *pgTx) Households() store.Households   { return households{t} }
func (t *pgTx) Owners() store.Owners           { return owners{t} }
func (t *pgTx) Facilities() store.Facilities   { return facilities{t} }
func (t *pgTx) Units() store.Units             { return units{t} }
func (t *pgTx) Referrals() store.Referrals     { return referrals{t} }
func (t *pgTx) Decisions() store.Decisions     { return decisions{t} }
func (t *pgTx) Tenancies() store.Tenancies     { return tenancies{t} }
func (t *pgTx) CarePlans() store.CarePlans     { return carePlans{t} }
func (t *pgTx) WaitingList() store.WaitingList { return waitingList{t} }
func (t *pgTx) Audit() store.Audit             { return audit{t} }

// fail turns a driver error met while doing what into a *housing.Error,
// remembering a serialization failure or deadlock so that the transaction
// is retried.
func (t *pgTx) fail(what string, err error) error {
	if err == nil {
		return nil
	}
	if retryable(err) && t.retry == nil {
		t.retry = err
	}
	return dbError(what, err)
}

// usable returns an error when the transaction is over (used after fn
// returned) or, for writes, read-only.
func (t *pgTx) usable(write bool) error {
	if t.done {
		return store.TxDone()
	}
	if write && t.readOnly {
		return store.ReadOnly()
	}
	return nil
}

// send sends the queued statements in one round trip, preceded by BEGIN
// and the tenant's set_config when the transaction has not begun, whose
// results it consumes. The caller reads the statements' results and
// closes the batch.
func (t *pgTx) send(b *pgx.Batch) (pgx.BatchResults, error) {
	prelude := 0
	if t.pending != "" {
		nb := &pgx.Batch{}
		nb.Queue(t.pending)
		nb.Queue("SELECT set_config('housingkit.tenant', $1, true)", string(t.tenant))
		nb.QueuedQueries = append(nb.QueuedQueries, b.QueuedQueries...)
		b, prelude, t.pending = nb, 2, ""
	}
	br := t.conn.SendBatch(t.ctx, b)
	for range prelude {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, err
		}
	}
	return br, nil
}

// beginNow sends BEGIN and the tenant if they are pending, for work that
// uses the connection directly (COPY).
func (t *pgTx) beginNow() error {
	if t.pending == "" {
		return nil
	}
	br, err := t.send(&pgx.Batch{})
	if err == nil {
		err = br.Close()
	}
	return t.fail("begin", err)
}

func (t *pgTx) exec(what, sql string, args ...any) (pgconn.CommandTag, error) {
	b := &pgx.Batch{}
	b.Queue(sql, args...)
	br, err := t.send(b)
	if err != nil {
		return pgconn.CommandTag{}, t.fail(what, err)
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag, t.fail(what, err)
}

// stmt is one statement of a pipeline and how to read its one row.
type stmt struct {
	sql  string
	args []any
	scan func(pgx.Row) error
}

// pipeline sends the statements in one round trip and scans each one's
// row in order. It returns the first error: pgx.ErrNoRows unchanged, a
// *housing.Error from a scan unchanged, any other as a *housing.Error.
func (t *pgTx) pipeline(what string, stmts ...stmt) error {
	b := &pgx.Batch{}
	for _, s := range stmts {
		b.Queue(s.sql, s.args...)
	}
	br, err := t.send(b)
	if err != nil {
		return t.fail(what, err)
	}
	var first error
	for _, s := range stmts {
		err := s.scan(br.QueryRow())
		if first == nil {
			first = err
		}
	}
	if err := br.Close(); first == nil {
		first = err
	}
	return scanErr(t, what, first)
}

func (t *pgTx) queryRow(what, sql string, args []any, dest ...any) error {
	return t.pipeline(what, stmt{sql, args, func(r pgx.Row) error { return r.Scan(dest...) }})
}

// query runs sql and calls scan for each row.
func (t *pgTx) query(what, sql string, args []any, scan func(pgx.Rows) error) error {
	b := &pgx.Batch{}
	b.Queue(sql, args...)
	br, err := t.send(b)
	if err != nil {
		return t.fail(what, err)
	}
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return t.fail(what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			rows.Close()
			return scanErr(t, what, err)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return t.fail(what, err)
	}
	return t.fail(what, br.Close())
}

// auditCTE returns the clause that appends one audit event for every row
// the data-modifying CTE named w returns (columns id and version), with
// its parameters numbered from n.
func auditSQL(w string, kind store.Kind, action store.Action, n int) string {
	return fmt.Sprintf(`INSERT INTO housingkit.audit (tenant, at, actor, kind, record_id, action, version)
		SELECT $1, $%d, $%d, '%s', %s.id, '%s', %s.version FROM %s`, n, n+1, kind, w, action, w, w)
}
