// Package migrate runs a store's schema migrations: numbered SQL scripts,
// each with an "up" and a "down" half, embedded in the adapter's binary.
// It moves a database up or down to a version one migration per
// transaction, records the applied versions in a table, logs every step
// through slog, and wraps every error with the version, name, direction and
// statement it concerns.
//
// The runner is dialect-neutral: an adapter gives it a DB (a way to run a
// transaction) and the placeholder style of its SQL. SQLite (through
// database/sql) and PostgreSQL (through pgx) both fit.
//
// Migrations are files named NNNN_name.up.sql and NNNN_name.down.sql in
// one folder, numbered from 1 without gaps (0001_init.up.sql, ...).
package migrate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Migration is one numbered schema change with its reverse.
type Migration struct {
	Version int
	Name    string
	// Up and Down are SQL scripts (one or more statements).
	Up, Down string
}

// fileRE is compiled at first use, not when every command of the program
// starts.
var fileRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([0-9]{4})_([a-z0-9_]+)\.(up|down)\.sql$`)
})

// Load reads the migrations in dir of fsys (such as an embed.FS). It
// returns an error naming the file for a name that does not follow
// NNNN_name.(up|down).sql, a missing half, two names for one version, an
// empty script, or versions that do not run 1, 2, 3, ... without a gap.
func Load(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("migrate: reading %s: %w", dir, err)
	}
	byVersion := map[int]*Migration{}
	var errs []error
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		m := fileRE().FindStringSubmatch(e.Name())
		if m == nil {
			errs = append(errs, fmt.Errorf("migrate: %s: name is not NNNN_name.up.sql or NNNN_name.down.sql", path.Join(dir, e.Name())))
			continue
		}
		v, _ := strconv.Atoi(m[1])
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			errs = append(errs, fmt.Errorf("migrate: reading %s: %w", path.Join(dir, e.Name()), err))
			continue
		}
		if strings.TrimSpace(string(data)) == "" {
			errs = append(errs, fmt.Errorf("migrate: %s is empty", path.Join(dir, e.Name())))
			continue
		}
		mg := byVersion[v]
		if mg == nil {
			mg = &Migration{Version: v, Name: m[2]}
			byVersion[v] = mg
		} else if mg.Name != m[2] {
			errs = append(errs, fmt.Errorf("migrate: %s: version %04d is also named %q", path.Join(dir, e.Name()), v, mg.Name))
			continue
		}
		if m[3] == "up" {
			mg.Up = string(data)
		} else {
			mg.Down = string(data)
		}
	}
	out := make([]Migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b Migration) int { return cmp.Compare(a.Version, b.Version) })
	errs = append(errs, check(out, dir)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func check(ms []Migration, where string) []error {
	var errs []error
	for i, m := range ms {
		if m.Version != i+1 {
			errs = append(errs, fmt.Errorf("migrate: %s: version %04d follows %04d; versions run 1, 2, 3, ... without a gap", where, m.Version, i))
			break
		}
		if strings.TrimSpace(m.Up) == "" {
			errs = append(errs, fmt.Errorf("migrate: %s: version %04d_%s has no up script", where, m.Version, m.Name))
		}
		if strings.TrimSpace(m.Down) == "" {
			errs = append(errs, fmt.Errorf("migrate: %s: version %04d_%s has no down script", where, m.Version, m.Name))
		}
	}
	return errs
}

// Tx is one transaction of the database.
type Tx interface {
	// Exec runs a statement with args, or, without args, a script of one
	// or more statements.
	Exec(ctx context.Context, query string, args ...any) error
	// Int64s runs a query that selects one integer column and returns its
	// values in the order the rows come.
	Int64s(ctx context.Context, query string, args ...any) ([]int64, error)
	// Strings runs a query that selects one text column.
	Strings(ctx context.Context, query string, args ...any) ([]string, error)
}

// DB runs transactions.
type DB interface {
	// InTx runs fn in one transaction, committed when fn returns nil and
	// rolled back otherwise, and returns fn's error or the commit's.
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Locker is implemented by a DB that can hold a lock across processes
// while the runner works (a PostgreSQL advisory lock), so that two
// processes starting at once do not migrate together. Lock returns the
// function that releases it.
type Locker interface {
	Lock(ctx context.Context) (unlock func(context.Context) error, err error)
}

// Placeholder returns the marker of the i-th (1-based) parameter of a
// statement.
type Placeholder func(i int) string

// Dollar writes PostgreSQL's $1, $2, ...; SQLite accepts it too.
func Dollar(i int) string { return "$" + strconv.Itoa(i) }

// Question writes ? for every parameter (SQLite, MySQL).
func Question(int) string { return "?" }

// Runner moves a database between versions of its schema.
type Runner struct {
	db          DB
	ms          []Migration
	table       string
	placeholder Placeholder
	log         *slog.Logger
	now         func() time.Time
}

// Option configures a Runner.
type Option func(*Runner)

// WithTable names the table of applied versions (default
// "schema_migrations"): lower-case letters, digits and '_'.
func WithTable(name string) Option { return func(r *Runner) { r.table = name } }

// WithLogger sets the logger of the runner's steps (default: none).
func WithLogger(l *slog.Logger) Option { return func(r *Runner) { r.log = l } }

// WithPlaceholder sets the parameter marker style (default Dollar).
func WithPlaceholder(p Placeholder) Option { return func(r *Runner) { r.placeholder = p } }

// WithClock sets the clock that stamps applied versions (default
// time.Now).
func WithClock(now func() time.Time) Option { return func(r *Runner) { r.now = now } }

var tableRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`) })

// New returns a runner of the migrations ms over db. It returns an error
// when ms is not numbered 1, 2, 3, ... without a gap with both halves, or
// the table name is malformed.
func New(db DB, ms []Migration, opts ...Option) (*Runner, error) {
	r := &Runner{db: db, ms: slices.Clone(ms), table: "schema_migrations", placeholder: Dollar, now: time.Now}
	for _, o := range opts {
		o(r)
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if db == nil {
		return nil, errors.New("migrate: no database")
	}
	if !tableRE().MatchString(r.table) {
		return nil, fmt.Errorf("migrate: table name %q: use lower-case letters, digits and '_', at most 63", r.table)
	}
	if errs := check(r.ms, "migrations"); len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// Latest returns the highest version the runner knows.
func (r *Runner) Latest() int { return len(r.ms) }

// Migrations returns a copy of the runner's migrations.
func (r *Runner) Migrations() []Migration { return slices.Clone(r.ms) }

func (r *Runner) ensureTable(ctx context.Context) error {
	q := "CREATE TABLE IF NOT EXISTS " + r.table + " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
	err := r.db.InTx(ctx, func(tx Tx) error { return tx.Exec(ctx, q) })
	if err != nil {
		return fmt.Errorf("migrate: creating table %s: %w", r.table, err)
	}
	return nil
}

// applied reads the applied versions and checks that they are 1..n of the
// runner's own migrations, with the same names.
func (r *Runner) applied(ctx context.Context, tx Tx) (int, error) {
	vs, err := tx.Int64s(ctx, "SELECT version FROM "+r.table+" ORDER BY version")
	if err != nil {
		return 0, fmt.Errorf("migrate: reading %s: %w", r.table, err)
	}
	names, err := tx.Strings(ctx, "SELECT name FROM "+r.table+" ORDER BY version")
	if err != nil {
		return 0, fmt.Errorf("migrate: reading %s: %w", r.table, err)
	}
	for i, v := range vs {
		switch {
		case v != int64(i+1):
			return 0, fmt.Errorf("migrate: %s holds version %d after %d: the applied versions have a gap", r.table, v, i)
		case v > int64(len(r.ms)):
			return 0, fmt.Errorf("migrate: the database is at version %d, newer than this program's latest %d; use a newer program", vs[len(vs)-1], len(r.ms))
		case i < len(names) && names[i] != r.ms[i].Name:
			return 0, fmt.Errorf("migrate: version %d was applied as %q but this program calls it %q", v, names[i], r.ms[i].Name)
		}
	}
	return len(vs), nil
}

// Current returns the version the database is at (0 before any
// migration), creating the versions table when missing. It returns an
// error when the database holds versions the runner does not know.
func (r *Runner) Current(ctx context.Context) (int, error) {
	if err := r.ensureTable(ctx); err != nil {
		return 0, err
	}
	var cur int
	err := r.db.InTx(ctx, func(tx Tx) (err error) {
		cur, err = r.applied(ctx, tx)
		return err
	})
	return cur, err
}

// Up applies every migration not yet applied.
func (r *Runner) Up(ctx context.Context) error { return r.To(ctx, r.Latest()) }

// Down reverts every applied migration.
func (r *Runner) Down(ctx context.Context) error { return r.To(ctx, 0) }

// To moves the database to version (0 to Latest), applying up scripts in
// order or down scripts in reverse order, each with its version row in its
// own transaction: a failing step leaves the database at the version
// before it, and To returns an error that names the step.
func (r *Runner) To(ctx context.Context, version int) error {
	if version < 0 || version > r.Latest() {
		return fmt.Errorf("migrate: version %d is out of range 0..%d", version, r.Latest())
	}
	if l, ok := r.db.(Locker); ok {
		unlock, err := l.Lock(ctx)
		if err != nil {
			return fmt.Errorf("migrate: taking the lock: %w", err)
		}
		defer func() {
			if err := unlock(context.WithoutCancel(ctx)); err != nil {
				r.log.Warn("migrate: releasing the lock failed", "error", err)
			}
		}()
	}
	if err := r.ensureTable(ctx); err != nil {
		return err
	}
	for {
		var (
			m    *Migration
			up   bool
			from int
		)
		start := time.Now()
		err := r.db.InTx(ctx, func(tx Tx) error {
			cur, err := r.applied(ctx, tx)
			if err != nil {
				return err
			}
			from, m = cur, nil
			switch {
			case cur == version:
				return nil
			case cur < version:
				m, up = &r.ms[cur], true
			default:
				m, up = &r.ms[cur-1], false
			}
			return r.step(ctx, tx, *m, up)
		})
		if err != nil {
			r.log.LogAttrs(ctx, slog.LevelError, "migration failed", slog.Int("from", from), slog.Int("target", version), slog.String("error", err.Error()))
			return err
		}
		if m == nil {
			return nil
		}
		dir := "down"
		if up {
			dir = "up"
		}
		r.log.LogAttrs(ctx, slog.LevelInfo, "migration applied",
			slog.Int("version", m.Version), slog.String("name", m.Name), slog.String("direction", dir),
			slog.Duration("took", time.Since(start)))
	}
}

func (r *Runner) step(ctx context.Context, tx Tx, m Migration, up bool) error {
	dir, script := "down", m.Down
	if up {
		dir, script = "up", m.Up
	}
	if err := tx.Exec(ctx, script); err != nil {
		return fmt.Errorf("migrate: version %04d_%s %s: %w", m.Version, m.Name, dir, err)
	}
	var err error
	if up {
		err = tx.Exec(ctx, fmt.Sprintf("INSERT INTO %s (version, name, applied_at) VALUES (%s, %s, %s)",
			r.table, r.placeholder(1), r.placeholder(2), r.placeholder(3)),
			int64(m.Version), m.Name, r.now().UTC().Format(time.RFC3339))
	} else {
		err = tx.Exec(ctx, fmt.Sprintf("DELETE FROM %s WHERE version = %s", r.table, r.placeholder(1)), int64(m.Version))
	}
	if err != nil {
		return fmt.Errorf("migrate: version %04d_%s %s: recording it in %s: %w", m.Version, m.Name, dir, r.table, err)
	}
	return nil
}
