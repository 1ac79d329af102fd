package casework_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/adapters/postgres"
	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/store"
)

// stores lists the adapters the casework suite runs on: memory, SQLite
// (a file per test), and PostgreSQL when HOUSINGKIT_POSTGRES_URL names a
// server (a database per test; in CI the variable is always set).
func stores(t *testing.T) map[string]func(t *testing.T) store.Store {
	out := map[string]func(t *testing.T) store.Store{
		"memory": func(t *testing.T) store.Store { return memory.New() },
		"sqlite": func(t *testing.T) store.Store {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "casework.db"), sqlite.Options{})
			if err != nil {
				t.Fatalf("open sqlite: %v", err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
	if base := os.Getenv("HOUSINGKIT_POSTGRES_URL"); base != "" {
		out["postgres"] = func(t *testing.T) store.Store { return openPostgres(t, base) }
	} else if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but HOUSINGKIT_POSTGRES_URL is not set")
	}
	return out
}

const testLogin = "housingkit_casework_test"

// openPostgres makes a fresh database, migrates it as the admin and opens
// the store as a runtime login; the database is dropped when t ends.
func openPostgres(t *testing.T, base string) store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := postgres.CreateRoles(ctx, base, testLogin); err != nil {
		t.Fatalf("create roles: %v", err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "hk_casework_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name+" OWNER "+postgres.OwnerRole); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if c, err := pgx.Connect(ctx, base); err == nil {
			c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	if err := postgres.Migrate(ctx, u.String(), nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	u.User = url.User(testLogin)
	s, err := postgres.Open(ctx, postgres.Config{URL: u.String()})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
