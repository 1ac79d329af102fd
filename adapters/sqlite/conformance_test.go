package sqlite

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/store"
)

// TestConformance runs the conformance suite with a fresh temporary file
// per test.
func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T) store.Store {
			s, err := Open(context.Background(), filepath.Join(t.TempDir(), "store.db"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		Capabilities: storetest.Capabilities{Migrations: true, BulkImport: true},
		Migrations: &storetest.Migrations{
			Fresh: func(t *testing.T) storetest.MigrationDB {
				s, err := open(context.Background(), filepath.Join(t.TempDir(), "store.db"), Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return migrationDB{s}
			},
			GoldenFile: filepath.Join("testdata", "schema.sql"),
		},
	})
}

// migrationDB is a store's file under migration, for the suite.
type migrationDB struct{ s *Store }

func (m migrationDB) Latest() int {
	ms, err := Migrations()
	if err != nil {
		panic(err)
	}
	return len(ms)
}

func (m migrationDB) Version(ctx context.Context) (int, error) { return m.s.SchemaVersion(ctx) }

func (m migrationDB) To(ctx context.Context, version int) error { return m.s.Migrate(ctx, version) }

func (m migrationDB) Dump(ctx context.Context) (string, error) { return m.s.dumpSchema(ctx) }

// Seed writes the suite's survivor household with the SQL of version 1.
func (m migrationDB) Seed(ctx context.Context) error {
	body, err := json.Marshal(storetest.Survivor())
	if err != nil {
		return err
	}
	_, err = m.s.writer.ExecContext(ctx, `INSERT INTO households (tenant, id, version, body) VALUES (?, ?, 1, ?)`,
		string(storetest.SurvivorTenant), storetest.Survivor().ID, string(body))
	return err
}

// Store opens a second store over the same file.
func (m migrationDB) Store(t *testing.T) store.Store {
	s, err := Open(context.Background(), m.s.path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
