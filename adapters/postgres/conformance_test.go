package postgres

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/store"
)

// TestConformance runs the conformance suite, each test on a database of
// its own (created and dropped by newTestDB), the store as the runtime
// login.
func TestConformance(t *testing.T) {
	baseURL(t)
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T) store.Store {
			s, _ := openStore(t, Config{})
			return s
		},
		Capabilities: storetest.Capabilities{BulkImport: true, Migrations: true},
		Migrations: &storetest.Migrations{
			Fresh:      freshMigrationDB,
			GoldenFile: filepath.Join("testdata", "schema.txt"),
		},
	})
}

// migrationDB is storetest.MigrationDB over a fresh database.
type migrationDB struct {
	db testDB
	m  *Migrator
}

func freshMigrationDB(t *testing.T) storetest.MigrationDB {
	db := newTestDB(t)
	m, err := NewMigrator(ctxT(t), db.AdminURL, MigratorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close(context.Background()) })
	return &migrationDB{db: db, m: m}
}

func (d *migrationDB) Latest() int                               { return d.m.Latest() }
func (d *migrationDB) Version(ctx context.Context) (int, error)  { return d.m.Current(ctx) }
func (d *migrationDB) To(ctx context.Context, version int) error { return d.m.To(ctx, version) }
func (d *migrationDB) Dump(ctx context.Context) (string, error) {
	c, err := pgx.Connect(ctx, d.db.AdminURL)
	if err != nil {
		return "", err
	}
	defer c.Close(ctx)
	return schemaDump(ctx, c)
}

// Seed writes the survivor household with the SQL of version 1, as the
// owner role in a transaction of its tenant.
func (d *migrationDB) Seed(ctx context.Context) error {
	h := storetest.Survivor()
	doc, err := json.Marshal(h)
	if err != nil {
		return err
	}
	c, err := pgx.Connect(ctx, d.db.AdminURL)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	return pgx.BeginFunc(ctx, c, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+OwnerRole); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "SELECT set_config('housingkit.tenant', $1, true)", string(storetest.SurvivorTenant)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO housingkit.households (tenant, id, version, doc) VALUES ($1, $2, 1, $3)",
			string(storetest.SurvivorTenant), h.ID, doc)
		return err
	})
}

func (d *migrationDB) Store(t *testing.T) store.Store {
	s, err := Open(ctxT(t), Config{URL: d.db.AppURL})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
