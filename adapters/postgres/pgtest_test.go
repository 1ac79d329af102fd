package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// envURL names the variable the tests read the server's URL from.
const envURL = "HOUSINGKIT_POSTGRES_URL"

// testLogin is the login role the tests' runtime pool uses: a member of
// AppRole, created (cluster-wide, idempotently) by CreateRoles.
const testLogin = "housingkit_test_app"

// baseURL returns the URL of the test server, skipping the test with a
// message that says how to run it when the variable is unset, and failing
// it instead when CI=true (in CI the PostgreSQL tests must run).
func baseURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(envURL)
	if u == "" {
		msg := envURL + " is not set: the PostgreSQL tests need a server. Run them with\n" +
			"  bash .ci/postgres.sh   # starts PostgreSQL on 127.0.0.1:5432 if it is not running\n" +
			"  " + envURL + "='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./adapters/postgres/"
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but " + msg)
		}
		t.Skip(msg)
	}
	return u
}

// testDB is one fresh database made for one test, dropped at its end.
type testDB struct {
	Name     string
	AdminURL string // the URL of the server's admin (a superuser), to this database
	AppURL   string // the same with the runtime login testLogin
}

// staleAfter is how old a test database must be to be dropped by a later
// test: one left by a test run that was killed (its cleanup never ran),
// far older than any test run lasts.
const staleAfter = 6 * time.Hour

// newTestDB creates an empty database hk_test_<unix seconds>_<random>
// owned by OwnerRole (so that migrations running as OwnerRole may create
// the schema and btree_gist), the roles if missing, and drops the database
// when t ends. It first drops the test databases older than staleAfter.
func newTestDB(t testing.TB) testDB {
	t.Helper()
	base := baseURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := CreateRoles(ctx, base, testLogin); err != nil {
		t.Fatalf("create roles: %v", err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	name := fmt.Sprintf("hk_test_%d_%s", now.Unix(), hex.EncodeToString(b[:]))
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", envURL, err)
	}
	defer admin.Close(ctx)
	dropStale(ctx, t, admin, now)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name+" OWNER "+OwnerRole); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return testDB{Name: name, AdminURL: withDB(t, base, name, ""), AppURL: withDB(t, base, name, testLogin)}
}

// dropStale drops, once a test process, the test databases whose name says
// they were made more than staleAfter before now.
func dropStale(ctx context.Context, t testing.TB, admin *pgx.Conn, now time.Time) {
	dropStaleOnce.Do(func() {
		rows, err := admin.Query(ctx, `SELECT datname FROM pg_database
			WHERE datname ~ '^hk_test_[0-9]{1,18}_[0-9a-f]+$' AND split_part(datname, '_', 3)::bigint < $1`,
			now.Add(-staleAfter).Unix())
		if err != nil {
			t.Fatalf("list stale test databases: %v", err)
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatalf("list stale test databases: %v", err)
		}
		for _, n := range names {
			if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)"); err != nil {
				t.Logf("drop stale test database %s: %v", n, err) // another test process may be dropping it
				continue
			}
			t.Logf("dropped %s, left by a test run more than %v ago", n, staleAfter)
		}
	})
}

// dropStaleOnce makes dropStale's work once a test process.
var dropStaleOnce sync.Once

// withDB returns u with its database replaced by db and, when user is not
// empty, its user replaced by user (the password dropped: the test server
// trusts loopback connections).
func withDB(t testing.TB, u, db, user string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "postgres" && p.Scheme != "postgresql") {
		t.Fatalf("%s must be a URL such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable, got %q", envURL, u)
	}
	p.Path = "/" + db
	if user != "" {
		p.User = url.User(user)
	}
	return p.String()
}

// migrated returns a fresh database migrated to the latest version.
func migrated(t testing.TB) testDB {
	t.Helper()
	db := newTestDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := Migrate(ctx, db.AdminURL, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// openStore returns a store over a fresh migrated database, as the
// runtime login, closed when t ends.
func openStore(t testing.TB, cfg Config) (*Store, testDB) {
	t.Helper()
	db := migrated(t)
	cfg.URL = db.AppURL
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, db
}
