package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/housingkit/housingkit/housing"
)

// The roles the schema is written for. They are group roles (NOLOGIN):
// people and programs log in as their own roles and are granted one of
// these. Roles are cluster-wide, so every database of one cluster that holds
// a housingkit schema shares them.
const (
	// OwnerRole owns the schema, its tables and functions. Migrations run
	// as this role (Migrate switches to it with SET ROLE), so that the
	// runtime role never owns what row-level security protects.
	OwnerRole = "housingkit_owner"
	// AppRole is the runtime role: it may read and write rows (never update
	// or delete the audit and decision trails) and nothing else. It must not
	// have BYPASSRLS; Open refuses a login that is a superuser, has
	// BYPASSRLS or owns the tables.
	AppRole = "housingkit_app"
)

// rolesLock is the key of the advisory lock that serialises CreateRoles in
// one database, since CREATE ROLE IF NOT EXISTS does not exist and two
// concurrent creations of one role make one of them fail.
const rolesLock = 0x686b726f6c6573 // "hkroles"

// CreateRoles creates OwnerRole and AppRole if they are missing, and makes
// each login in logins a member of AppRole, creating it (LOGIN, no
// superuser, no BYPASSRLS, no password) if missing. It is idempotent and
// safe to run concurrently. adminURL must name a role allowed to create
// roles (CREATEROLE or superuser).
//
// Errors: invalid (a login name that is empty or too long), internal (the
// database refused).
func CreateRoles(ctx context.Context, adminURL string, logins ...string) error {
	for _, l := range logins {
		if l == "" || len(l) > 63 {
			return housing.Errorf(housing.CodeInvalid, "postgres.role", "login role name %q: want 1 to 63 characters", l)
		}
	}
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return dbError("connect to create roles", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(rolesLock)); err != nil {
			return err
		}
		create := func(name, attrs string) error {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", name).Scan(&exists); err != nil {
				return err
			}
			if exists {
				return nil
			}
			_, err := tx.Exec(ctx, "CREATE ROLE "+pgx.Identifier{name}.Sanitize()+" "+attrs)
			var pg *pgconn.PgError
			if asPg(err, &pg) && pg.Code == "42710" { // duplicate_object: created meanwhile elsewhere
				return nil
			}
			return err
		}
		if err := create(OwnerRole, "NOLOGIN NOSUPERUSER NOBYPASSRLS"); err != nil {
			return err
		}
		if err := create(AppRole, "NOLOGIN NOSUPERUSER NOBYPASSRLS"); err != nil {
			return err
		}
		for _, l := range logins {
			if err := create(l, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, fmt.Sprintf("GRANT %s TO %s", pgx.Identifier{AppRole}.Sanitize(), pgx.Identifier{l}.Sanitize())); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return dbError("create roles", err)
	}
	return nil
}
