package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/migrate"
	"github.com/housingkit/housingkit/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationsTable is the table where the store records the schema versions
// applied to its file.
const MigrationsTable = "housingkit_migrations"

// Store is the SQLite store: one database file in WAL mode, written through
// one connection (transactions begin with BEGIN IMMEDIATE, so writers queue
// for the file's write lock instead of failing half-way) and read through a
// pool of read-only connections that see committed states only. It
// implements store.Store and store.BulkImporter and is safe for concurrent
// use. Open it with Open.
type Store struct {
	path   string
	opts   Options
	writer *sql.DB
	reader *sql.DB
	log    *slog.Logger
	now    func() time.Time
	closed atomic.Bool

	// commits counts the write transactions committed; every
	// checkpointEvery of them wake the checkpointer (ckpt), which copies
	// the write-ahead log into the file on its own connection (ckdb), off
	// the writer's path. stop ends it; it closes stopped when it has.
	commits atomic.Int64
	// checkpoints counts the checkpointer's checkpoints that succeeded.
	checkpoints atomic.Int64
	ckdb        *sql.DB
	ckpt        chan struct{}
	stop        chan struct{}
	stopped     chan struct{}

	mu    sync.Mutex
	stmts map[stmtKey]*sql.Stmt
	// pending counts the statements of stmts not prepared yet (nil).
	pending int
}

type stmtKey struct {
	writer bool
	query  string
}

var (
	_ store.Store        = (*Store)(nil)
	_ store.BulkImporter = (*Store)(nil)
)

// Open opens (creating it when missing) the SQLite store in the file at
// path and migrates its schema to the latest version. It returns invalid
// (store.path, store.open) for a bad path or options or a file that is not
// an SQLite database, and internal when a migration fails.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	s, err := open(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	run, err := s.migrator()
	if err == nil {
		err = run.Up(ctx)
	}
	if err != nil {
		s.Close()
		return nil, &housing.Error{Code: housing.CodeInternal, Key: "store.migrate",
			Message: "cannot bring the SQLite schema up to date", Detail: path, Err: err}
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, "sqlite store open", slog.String("synchronous", string(s.opts.Synchronous)),
		slog.Int("schema_version", run.Latest()), slog.Int("read_conns", s.opts.ReadConns))
	return s, nil
}

// open opens the store without migrating it.
func open(ctx context.Context, path string, opts Options) (*Store, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	w, r, err := openPools(ctx, path, o)
	if err != nil {
		return nil, err
	}
	// The checkpoint connection: not query-only (a checkpoint writes the
	// file), but it never begins a transaction.
	ck, err := sql.Open("sqlite", dsn(path, o, true))
	if err != nil {
		w.Close()
		r.Close()
		return nil, openError(path, err)
	}
	ck.SetMaxOpenConns(1)
	ck.SetMaxIdleConns(1)
	ck.SetConnMaxLifetime(0)
	ck.SetConnMaxIdleTime(0)
	s := &Store{path: path, opts: o, writer: w, reader: r, ckdb: ck, log: o.Logger, now: o.Now, stmts: map[stmtKey]*sql.Stmt{},
		ckpt: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	if s.now == nil {
		s.now = time.Now
	}
	go s.checkpointer()
	return s, nil
}

// checkpointEvery is how many write transactions the checkpointer lets
// pass between two checkpoints (a placement adds about 12 pages to the
// log, so about 1,200 pages; the writer's own automatic checkpoint, at
// 4,000 pages, remains for when the checkpointer falls behind).
const checkpointEvery = 100

// checkpointer copies the write-ahead log into the database file when
// woken, with a passive checkpoint on its own connection: it waits for no
// lock and runs beside the writer, which then seldom has to checkpoint
// itself inside a commit. Once the log is copied whole, the writer starts
// it again from the beginning.
func (s *Store) checkpointer() {
	defer close(s.stopped)
	for {
		select {
		case <-s.stop:
			return
		case <-s.ckpt:
		}
		if _, err := s.ckdb.Exec(`PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
			s.log.LogAttrs(context.Background(), slog.LevelDebug, "sqlite checkpoint failed", slog.String("error", err.Error()))
			continue
		}
		s.checkpoints.Add(1)
	}
}

// Migrations returns the store's schema migrations as embedded in the
// binary: numbered SQL scripts with an up and a down half.
func Migrations() ([]migrate.Migration, error) {
	return migrate.Load(migrationFiles, "migrations")
}

// migrator returns the runner of the embedded migrations over the writer.
func (s *Store) migrator() (*migrate.Runner, error) {
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	return migrate.New(migrate.SQL(s.writer, nil), ms, migrate.WithTable(MigrationsTable),
		migrate.WithPlaceholder(migrate.Question), migrate.WithLogger(s.log))
}

// Migrate moves the schema to version (0 removes every table of the store,
// and its data). Open already brings the schema to the latest version; this
// is for operators and tests. It returns invalid for a version out of
// range and internal when a step fails (the step is rolled back).
func (s *Store) Migrate(ctx context.Context, version int) error {
	if s.closed.Load() {
		return store.Closed()
	}
	run, err := s.migrator()
	if err != nil {
		return &housing.Error{Code: housing.CodeInternal, Key: "store.migrate", Message: "cannot load the migrations", Err: err}
	}
	if version < 0 || version > run.Latest() {
		return housing.Errorf(housing.CodeInvalid, "store.migrate", "schema version %d is out of range 0..%d", version, run.Latest())
	}
	if err := run.To(ctx, version); err != nil {
		return &housing.Error{Code: housing.CodeInternal, Key: "store.migrate", Message: fmt.Sprintf("cannot migrate the schema to version %d", version), Err: err}
	}
	// Prepared statements may name tables that no longer exist.
	s.mu.Lock()
	for k, st := range s.stmts {
		if st != nil {
			st.Close()
		}
		delete(s.stmts, k)
	}
	s.pending = 0
	s.mu.Unlock()
	return nil
}

// SchemaVersion returns the schema version of the file.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	run, err := s.migrator()
	if err != nil {
		return 0, &housing.Error{Code: housing.CodeInternal, Key: "store.migrate", Message: "cannot load the migrations", Err: err}
	}
	v, err := run.Current(ctx)
	if err != nil {
		return 0, dbError(err, "reading the schema version")
	}
	return v, nil
}

// Close closes the store's connections. Calls after Close return internal
// (store.closed).
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	close(s.stop)
	<-s.stopped
	s.mu.Lock()
	for _, st := range s.stmts {
		if st != nil {
			st.Close()
		}
	}
	s.stmts = nil
	s.mu.Unlock()
	return errors.Join(s.ckdb.Close(), s.reader.Close(), s.writer.Close())
}

// cached returns the statement query prepared on the writer or the reader
// pool, or nil when it has not been prepared yet; then it notes the query
// so that the next transaction prepares it first. Statements are never
// prepared on a pool inside a transaction: the writer pool has one
// connection, which the transaction holds.
func (s *Store) cached(writer bool, query string) *sql.Stmt {
	k := stmtKey{writer, query}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.stmts[k]
	if !ok && s.stmts != nil {
		s.stmts[k] = nil
		s.pending++
	}
	return st
}

// prepare prepares the statements that transactions have asked for since
// the last call; it runs before a transaction begins. A failure is left
// for the transaction to meet (it prepares the statement itself).
func (s *Store) prepare(ctx context.Context, writer bool) {
	s.mu.Lock()
	if s.pending == 0 {
		s.mu.Unlock()
		return
	}
	var todo []string
	for k, st := range s.stmts {
		if st == nil && k.writer == writer {
			todo = append(todo, k.query)
		}
	}
	s.mu.Unlock()
	if len(todo) == 0 {
		return
	}
	db := s.reader
	if writer {
		db = s.writer
	}
	for _, q := range todo {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		s.mu.Lock()
		if cur, ok := s.stmts[stmtKey{writer, q}]; ok && cur == nil {
			s.stmts[stmtKey{writer, q}] = st
			s.pending--
		} else {
			st.Close()
		}
		s.mu.Unlock()
	}
}

// Update runs fn in a write transaction of tenant (BEGIN IMMEDIATE on the
// one writer connection). See store.Store.
func (s *Store) Update(ctx context.Context, tenant store.Tenant, fn func(store.Tx) error) error {
	return s.run(ctx, tenant, true, fn)
}

// View runs fn in a read-only transaction of tenant on the read pool. See
// store.Store.
func (s *Store) View(ctx context.Context, tenant store.Tenant, fn func(store.Tx) error) error {
	return s.run(ctx, tenant, false, fn)
}

func (s *Store) run(ctx context.Context, tenant store.Tenant, write bool, fn func(store.Tx) error) (err error) {
	if s.closed.Load() {
		return store.Closed()
	}
	if err := store.CheckCall(ctx, tenant, fn); err != nil {
		return err
	}
	db := s.reader
	if write {
		db = s.writer
	}
	s.prepare(ctx, write)
	sqlTx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err, "beginning a transaction")
	}
	t := &tx{s: s, ctx: ctx, tx: sqlTx, tenant: tenant, write: write}
	if write {
		t.actor = store.ActorFrom(ctx)
		t.actorErr = store.CheckActor(t.actor)
		t.at = s.now().UTC().Format(time.RFC3339Nano)
	}
	committed := false
	defer func() {
		t.done = true
		if committed {
			return
		}
		if rerr := sqlTx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			s.log.LogAttrs(context.WithoutCancel(ctx), slog.LevelWarn, "sqlite rollback failed", slog.String("error", rerr.Error()))
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if t.broken != nil {
		return t.broken
	}
	t.done = true
	if err := sqlTx.Commit(); err != nil {
		return dbError(err, "committing")
	}
	committed = true
	if write && s.commits.Add(1)%checkpointEvery == 0 {
		select {
		case s.ckpt <- struct{}{}:
		default: // a checkpoint is pending already
		}
	}
	return nil
}

// tx is one transaction of one tenant; it is its own set of repositories.
type tx struct {
	s        *Store
	ctx      context.Context
	tx       *sql.Tx
	tenant   store.Tenant
	write    bool
	done     bool
	actor    string
	actorErr error
	at       string
	// writes counts the write statements run; broken is set when a write
	// failed after one of its statements had written (see change).
	writes int
	broken error
	// stmts holds the statements used in the transaction, bound to it.
	stmts map[string]*sql.Stmt
	// nextSeq is the next audit sequence number of the tenant for the
	// bulk appends (auditMany), read by the first of them (0 before, and
	// after a single append, which numbers its event in SQL): the writer
	// is alone in the file while the transaction runs.
	nextSeq int64
}

// Tenant returns the tenant the transaction is scoped to.
func (t *tx) Tenant() store.Tenant { return t.tenant }

// Households returns the households repository.
func (t *tx) Households() store.Households { return households{t} }

// Owners returns the owners repository.
func (t *tx) Owners() store.Owners { return owners{t} }

// Facilities returns the facilities repository.
func (t *tx) Facilities() store.Facilities { return facilities{t} }

// Units returns the units repository.
func (t *tx) Units() store.Units { return units{t} }

// Referrals returns the referrals repository.
func (t *tx) Referrals() store.Referrals { return referrals{t} }

// Decisions returns the decisions trail.
func (t *tx) Decisions() store.Decisions { return decisions{t} }

// Tenancies returns the tenancies repository.
func (t *tx) Tenancies() store.Tenancies { return tenancies{t} }

// CarePlans returns the care plans repository.
func (t *tx) CarePlans() store.CarePlans { return carePlans{t} }

// WaitingList returns the waiting lists.
func (t *tx) WaitingList() store.WaitingList { return waitingList{t} }

// Audit returns the audit trail.
func (t *tx) Audit() store.Audit { return audit{t} }

// usable returns an error when the transaction is over.
func (t *tx) usable() error {
	if t.done {
		return store.TxDone()
	}
	return nil
}

// writable returns an error unless a write may run now.
func (t *tx) writable() error {
	if err := t.usable(); err != nil {
		return err
	}
	if !t.write {
		return store.ReadOnly()
	}
	return t.actorErr
}

// prepared returns query prepared for this transaction's connection.
func (t *tx) prepared(query string) (*sql.Stmt, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if cached := t.s.cached(t.write, query); cached != nil {
		st = t.tx.StmtContext(t.ctx, cached)
	} else {
		var err error
		if st, err = t.tx.PrepareContext(t.ctx, query); err != nil {
			return nil, dbError(err, "preparing: "+query)
		}
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[query] = st
	return st, nil
}

// exec runs a statement.
func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	st, err := t.prepared(query)
	if err != nil {
		return nil, err
	}
	res, err := st.ExecContext(t.ctx, args...)
	if err != nil {
		return nil, dbError(err, query)
	}
	t.writes++
	return res, nil
}

// query runs a query.
func (t *tx) query(query string, args ...any) (*sql.Rows, error) {
	st, err := t.prepared(query)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(t.ctx, args...)
	if err != nil {
		return nil, dbError(err, query)
	}
	return rows, nil
}

// scanOne runs a query and scans its first row into dest; it reports false
// when there is none.
func (t *tx) scanOne(query string, args []any, dest ...any) (bool, error) {
	st, err := t.prepared(query)
	if err != nil {
		return false, err
	}
	err = st.QueryRowContext(t.ctx, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, dbError(err, query)
	}
	return true, nil
}

// exists reports whether query finds a row.
func (t *tx) exists(query string, args ...any) (bool, error) {
	var one int
	return t.scanOne(query, args, &one)
}

// firstID returns the first text column of the first row of query, or "".
func (t *tx) firstID(query string, args ...any) (string, error) {
	var id string
	_, err := t.scanOne(query, args, &id)
	return id, err
}

// auditSQL appends one audit event, numbered after the tenant's last one
// (the last row of the primary key, one seek) in the same statement.
const auditSQL = `INSERT INTO audit_events (tenant, seq, at, actor, kind, record_id, action, version)
	SELECT ?1, coalesce((SELECT seq FROM audit_events WHERE tenant = ?1 ORDER BY seq DESC LIMIT 1), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7`

// audit appends one event of the write just made.
func (t *tx) audit(kind store.Kind, id string, action store.Action, version int64) error {
	if _, err := t.exec(auditSQL, string(t.tenant), t.at, t.actor, string(kind), id, string(action), version); err != nil {
		return err
	}
	// The next bulk append reads the last number again.
	t.nextSeq = 0
	return nil
}

// firstSeq reads the tenant's next audit sequence number: the last one
// plus one (the last row of the primary key, one seek).
func (t *tx) firstSeq() error {
	var last int64
	if _, err := t.scanOne(`SELECT seq FROM audit_events WHERE tenant = ? ORDER BY seq DESC LIMIT 1`, []any{string(t.tenant)}, &last); err != nil {
		return err
	}
	t.nextSeq = last + 1
	return nil
}

// auditManySQL appends bulkRows audit events in one statement.
var auditManySQL = sync.OnceValue(func() string {
	return `INSERT INTO audit_events (tenant, seq, at, actor, kind, record_id, action, version) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", bulkRows), ", ")
})

// auditMany appends the create events of bulkRows records just written.
func auditMany[T any](t *tx, kind store.Kind, vs []T, id func(T) string) error {
	if t.nextSeq == 0 {
		if err := t.firstSeq(); err != nil {
			return err
		}
	}
	// The values common to the rows are boxed once.
	tenant, at, actor, k, create, one := any(string(t.tenant)), any(t.at), any(t.actor), any(string(kind)), any(string(store.ActionCreate)), any(int64(1))
	args := make([]any, 0, 8*len(vs))
	for i, v := range vs {
		args = append(args, tenant, t.nextSeq+int64(i), at, actor, k, id(v), create, one)
	}
	if _, err := t.exec(auditManySQL(), args...); err != nil {
		return err
	}
	t.nextSeq += int64(len(vs))
	return nil
}

// change runs one write: its statements and its audit event happen
// together or not at all. A write checks everything it can before its
// first statement, and its first statement either writes or fails whole
// (SQLite undoes a failed statement), so a refused write leaves the
// transaction as it was and fn may go on. A failure after the first
// statement (a fault of the database) breaks the transaction: every later
// write fails and the transaction rolls back instead of committing.
func (t *tx) change(do func() error) error {
	if err := t.writable(); err != nil {
		return err
	}
	if t.broken != nil {
		return t.broken
	}
	seq, writes := t.nextSeq, t.writes
	err := do()
	if err != nil {
		t.nextSeq = seq
		if t.writes != writes {
			t.broken = &housing.Error{Code: housing.CodeInternal, Key: store.KeyDatabase,
				Message: "a write failed half-way; the transaction will be rolled back", Err: err}
			return t.broken
		}
	}
	return err
}

// dumpSchema returns the schema of the file (every table, index and
// trigger as SQLite keeps its SQL, without rows) in a fixed order.
func (s *Store) dumpSchema(ctx context.Context) (string, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
	if err != nil {
		return "", dbError(err, "dumping the schema")
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name string
		var sqlText sql.NullString
		if err := rows.Scan(&typ, &name, &sqlText); err != nil {
			return "", dbError(err, "dumping the schema")
		}
		fmt.Fprintf(&b, "-- %s %s\n%s;\n\n", typ, name, sqlText.String)
	}
	if err := rows.Err(); err != nil {
		return "", dbError(err, "dumping the schema")
	}
	return b.String(), nil
}

// CheckIntegrity runs SQLite's integrity and foreign-key checks over the
// whole file and returns internal with what they found, or nil.
func (s *Store) CheckIntegrity(ctx context.Context) error {
	if s.closed.Load() {
		return store.Closed()
	}
	var res []string
	rows, err := s.reader.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return dbError(err, "integrity check")
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return dbError(err, "integrity check")
		}
		if line != "ok" {
			res = append(res, line)
		}
	}
	rows.Close()
	fk, err := s.reader.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return dbError(err, "foreign key check")
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid, id sql.NullInt64
		if err := fk.Scan(&table, &rowid, &parent, &id); err != nil {
			return dbError(err, "foreign key check")
		}
		res = append(res, fmt.Sprintf("a row of %s refers to a missing row of %s", table, parent))
	}
	if len(res) > 0 {
		return &housing.Error{Code: housing.CodeInternal, Key: store.KeyDatabase,
			Message: "the SQLite file fails its integrity check: " + strings.Join(res, "; ")}
	}
	return nil
}
