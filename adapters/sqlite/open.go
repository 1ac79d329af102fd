package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/housingkit/housingkit/housing"
	_ "modernc.org/sqlite" // registers the pure-Go driver "sqlite"
)

// Synchronous is SQLite's durability setting for the write-ahead log
// (PRAGMA synchronous).
type Synchronous string

// The values of Synchronous.
const (
	// SyncNormal syncs the log at checkpoints only: a committed transaction
	// survives a crash of the process, and the last transactions before a
	// power loss may roll back (the database stays consistent). The default.
	SyncNormal Synchronous = "NORMAL"
	// SyncFull syncs the log at every commit: a committed transaction
	// survives a power loss too, at the cost of one fsync per commit.
	SyncFull Synchronous = "FULL"
)

// Options configures Open. The zero value is ready to use.
type Options struct {
	// Logger receives migration and operator messages (never personal
	// data); nil discards them.
	Logger *slog.Logger
	// Synchronous is SyncNormal (the default) or SyncFull.
	Synchronous Synchronous
	// BusyTimeout is how long a connection waits for a lock held by another
	// process before it gives up with a conflict; 0 means 5 seconds.
	BusyTimeout time.Duration
	// ReadConns is the size of the read pool; 0 means one per CPU, at
	// least 2. Writes always go through one connection.
	ReadConns int
	// Now is the clock that stamps audit events; nil means time.Now.
	Now func() time.Time
}

// dsn returns the driver's data source name for path with the connection
// settings that every connection of one pool shares. Every pool uses WAL,
// a busy timeout and foreign keys; the writer begins its transactions with
// BEGIN IMMEDIATE, so that it takes the write lock before it reads and two
// processes never both read a state that one of them is about to change;
// readers are query-only.
func dsn(path string, o Options, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous("+string(o.Synchronous)+")")
	if writer {
		// A page cache large enough for a bulk import of 100,000 records
		// to stay in memory until it commits (the default is 2 MiB).
		q.Add("_pragma", "cache_size(-65536)")
		// Statement journals (the pages a multi-row INSERT of an import
		// changes, kept so that a failing statement can be undone alone)
		// stay in memory instead of spilling to a temporary file.
		q.Add("_pragma", "temp_store(MEMORY)")
		// Copy the write-ahead log into the file every 4,000 pages (16 MiB
		// of log) rather than every 1,000: a page that many transactions
		// change (the last leaf of a table, the audit trail's) is copied
		// once per checkpoint, so fewer checkpoints copy fewer pages.
		q.Add("_pragma", "wal_autocheckpoint(4000)")
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
		q.Set("_txlock", "deferred")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// withDefaults checks o and fills in its defaults.
func (o Options) withDefaults() (Options, error) {
	var ps housing.Problems
	switch strings.ToUpper(string(o.Synchronous)) {
	case "":
		o.Synchronous = SyncNormal
	case string(SyncNormal), string(SyncFull):
		o.Synchronous = Synchronous(strings.ToUpper(string(o.Synchronous)))
	default:
		ps.Add("synchronous", "%q: want NORMAL or FULL", o.Synchronous)
	}
	switch {
	case o.BusyTimeout == 0:
		o.BusyTimeout = 5 * time.Second
	case o.BusyTimeout < time.Millisecond:
		ps.Add("busy_timeout", "%s: want at least 1ms", o.BusyTimeout)
	}
	switch {
	case o.ReadConns == 0:
		o.ReadConns = max(2, runtime.NumCPU())
	case o.ReadConns < 0:
		ps.Add("read_conns", "%d is negative", o.ReadConns)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, ps.Err("invalid SQLite store options")
}

// openPools opens the writer (one connection) and the read pool on path
// and checks that the file is usable: a path that cannot be opened or a
// file that is not an SQLite database is an invalid error that names it.
func openPools(ctx context.Context, path string, o Options) (writer, reader *sql.DB, err error) {
	if path == "" {
		return nil, nil, housing.Errorf(housing.CodeInvalid, "store.path", "the SQLite store needs a file path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, nil, housing.Errorf(housing.CodeInvalid, "store.path", "SQLite file path %q: the characters ? and # are not allowed", path)
	}
	writer, err = sql.Open("sqlite", dsn(path, o, true))
	if err != nil {
		return nil, nil, openError(path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	// The first connection sets WAL mode in the file; check that it took.
	var mode string
	if err := writer.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		writer.Close()
		return nil, nil, openError(path, err)
	}
	if !strings.EqualFold(mode, "wal") {
		writer.Close()
		return nil, nil, housing.Errorf(housing.CodeInternal, "store.open", "SQLite file %s: journal mode is %q, not WAL", path, mode)
	}
	reader, err = sql.Open("sqlite", dsn(path, o, false))
	if err != nil {
		writer.Close()
		return nil, nil, openError(path, err)
	}
	reader.SetMaxOpenConns(o.ReadConns)
	reader.SetMaxIdleConns(o.ReadConns)
	if err := reader.PingContext(ctx); err != nil {
		writer.Close()
		reader.Close()
		return nil, nil, openError(path, err)
	}
	return writer, reader, nil
}

// openError wraps a failure to open path.
func openError(path string, err error) error {
	return &housing.Error{Code: housing.CodeInvalid, Key: "store.open",
		Message: fmt.Sprintf("cannot open SQLite file %s", path), Err: err}
}
