package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/migrate"
	"github.com/housingkit/housingkit/store"
)

// Schema is the PostgreSQL schema that holds every table of the store. The
// runner's table of applied versions, schema_migrations, is in it too.
const Schema = "housingkit"

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationsLock is the key of the advisory lock that keeps two processes
// from migrating one database at once.
const migrationsLock = 0x686b6d6967726174 // "hkmigrat"

// Migrations returns the store's schema migrations, in order.
func Migrations() ([]migrate.Migration, error) { return migrate.Load(migrationFiles, "migrations") }

// MigratorOptions configures a Migrator.
type MigratorOptions struct {
	// Logger receives one record per applied step; nil logs nothing.
	Logger *slog.Logger
	// Role is the role the migrations run as, so that it owns every table
	// (default OwnerRole). The URL's user must be that role or a member of
	// it (a superuser is a member of every role).
	Role string
}

// Migrator moves a database's housingkit schema between versions. It holds
// one connection, as the URL's user with SET ROLE to the owner role, and
// must be closed.
type Migrator struct {
	conn *pgx.Conn
	role string
	r    *migrate.Runner
}

// NewMigrator connects to url and prepares to migrate. It creates the
// schema housingkit (owned by the owner role) when missing. It returns
// invalid when the URL is malformed or the user may not act as the owner
// role, and internal when the database cannot be reached.
func NewMigrator(ctx context.Context, url string, opts MigratorOptions) (*Migrator, error) {
	role := opts.Role
	if role == "" {
		role = OwnerRole
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: "postgres.url", Message: "the database URL is malformed: " + err.Error()}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, dbError("connect to migrate", err)
	}
	var exists, member bool
	err = conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1),
		EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND pg_has_role(current_user, oid, 'MEMBER'))`, role).Scan(&exists, &member)
	if err == nil && (!exists || !member) {
		why := fmt.Sprintf("role %q does not exist: create it with CreateRoles", role)
		if exists {
			why = fmt.Sprintf("user %q is not a member of role %q: GRANT %s TO the user, or migrate as that role", cfg.User, role, role)
		}
		err = &housing.Error{Code: housing.CodeInvalid, Key: "postgres.role", Message: "cannot migrate: " + why}
	}
	if err == nil {
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+pgx.Identifier{role}.Sanitize()); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+Schema)
			return err
		})
		if err != nil {
			err = dbError("create schema "+Schema, err)
		}
	}
	var ms []migrate.Migration
	if err == nil {
		ms, err = Migrations()
	}
	m := &Migrator{conn: conn, role: role}
	if err == nil {
		m.r, err = migrate.New(m, ms, migrate.WithLogger(opts.Logger), migrate.WithTable("schema_migrations"))
	}
	if err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return m, nil
}

// Up applies every migration not yet applied.
func (m *Migrator) Up(ctx context.Context) error { return m.To(ctx, m.r.Latest()) }

// Down reverts every applied migration.
func (m *Migrator) Down(ctx context.Context) error { return m.To(ctx, 0) }

// To moves the schema to version (0 to Latest), one migration per
// transaction; the error names the failing step.
func (m *Migrator) To(ctx context.Context, version int) error {
	if err := m.r.To(ctx, version); err != nil {
		return migrateError(err)
	}
	return nil
}

// Current returns the version the schema is at.
func (m *Migrator) Current(ctx context.Context) (int, error) {
	v, err := m.r.Current(ctx)
	if err != nil {
		return 0, migrateError(err)
	}
	return v, nil
}

// Latest returns the newest version this program knows.
func (m *Migrator) Latest() int { return m.r.Latest() }

// Close closes the migrator's connection.
func (m *Migrator) Close(ctx context.Context) error { return m.conn.Close(ctx) }

// Migrate applies every pending migration to the database at url, as the
// owner role, logging each step to logger (nil: none). It is what a vendor
// runs at deployment, with a URL of a user allowed to act as OwnerRole; the
// runtime store is then opened with Open and a URL of a member of AppRole.
func Migrate(ctx context.Context, url string, logger *slog.Logger) error {
	m, err := NewMigrator(ctx, url, MigratorOptions{Logger: logger})
	if err != nil {
		return err
	}
	defer m.Close(context.WithoutCancel(ctx))
	return m.Up(ctx)
}

func migrateError(err error) error {
	var he *housing.Error
	if errors.As(err, &he) {
		return err
	}
	e := dbError("migrate", err).(*housing.Error)
	e.Message = err.Error()
	if e.Key == store.KeyDatabase {
		e.Key = "postgres.migrate"
	}
	return e
}

// InTx implements migrate.DB: one transaction as the owner role, with the
// search path set to the schema.
func (m *Migrator) InTx(ctx context.Context, fn func(migrate.Tx) error) error {
	return pgx.BeginFunc(ctx, m.conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+pgx.Identifier{m.role}.Sanitize()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "SET LOCAL search_path = "+Schema); err != nil {
			return err
		}
		return fn(migTx{tx})
	})
}

// Lock implements migrate.Locker with a session advisory lock.
func (m *Migrator) Lock(ctx context.Context) (func(context.Context) error, error) {
	if _, err := m.conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrationsLock)); err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		_, err := m.conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", int64(migrationsLock))
		return err
	}, nil
}

type migTx struct{ tx pgx.Tx }

func (t migTx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := t.tx.Exec(ctx, query, args...)
	return err
}

func (t migTx) Int64s(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, _ := t.tx.Query(ctx, query, args...)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (int64, error) {
		var v int64
		err := r.Scan(&v)
		return v, err
	})
}

func (t migTx) Strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, _ := t.tx.Query(ctx, query, args...)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
