// Package storetest is the conformance suite of store.Store: every adapter
// (memory, SQLite, PostgreSQL) runs it from its own tests through a small
// Harness, so that they all behave the same way:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, storetest.Harness{
//			Open: func(t *testing.T) store.Store { return memory.New() },
//			Capabilities: storetest.Capabilities{BulkImport: true},
//		})
//	}
//
// The suite checks results and error codes — every error must be a
// *housing.Error with the code and store key the ports document, never a
// bare driver error. It proves create, read, update with a stale version,
// delete where allowed and refused where records refer to each other,
// every query of the ports, rollback on error and on panic, read-only
// views, the audit trail, tenant isolation through every method, exact
// money, the placement race (64 goroutines, a 12-bed facility: exactly 12
// succeed), and, for adapters that declare them, bulk import and schema
// migrations (up → down → up twice without artefacts, data kept, schema
// equal to a committed dump).
//
// What an adapter cannot do it declares in Capabilities; the suite then
// reports the part as not applicable (a skip with the reason), and fails
// when a declaration and the store disagree.
package storetest

import (
	"context"
	"flag"
	"testing"

	"github.com/housingkit/housingkit/store"
)

var update = flag.Bool("storetest.update", false, "rewrite the committed schema dumps of the migration tests")

// Capabilities declares what an adapter supports beyond the ports.
type Capabilities struct {
	// Migrations: the adapter owns a schema with migrations; the harness
	// then sets Harness.Migrations.
	Migrations bool
	// BulkImport: the store implements store.BulkImporter.
	BulkImport bool
}

// Harness is how the suite reaches an adapter.
type Harness struct {
	// Open returns a new, empty store, ready for use (migrated to its
	// latest schema). The suite closes it. Each test opens its own.
	Open func(t *testing.T) store.Store
	// Capabilities declares the optional parts.
	Capabilities Capabilities
	// Migrations is required when Capabilities.Migrations is set.
	Migrations *Migrations
	// Writers is the number of goroutines of the placement race; 0 means
	// 64.
	Writers int
}

// Migrations is what the suite needs to test an adapter's schema
// migrations.
type Migrations struct {
	// Fresh returns a handle on a new, empty database that no migration
	// has touched. The suite closes nothing: the harness cleans up with
	// t.Cleanup.
	Fresh func(t *testing.T) MigrationDB
	// GoldenFile is the committed dump of the schema at the latest
	// version (a file in the adapter's testdata). Run the adapter's tests
	// with -storetest.update to rewrite it.
	GoldenFile string
}

// MigrationDB is one database under migration.
type MigrationDB interface {
	// Latest returns the adapter's latest schema version.
	Latest() int
	// Version returns the version the database is at.
	Version(ctx context.Context) (int, error)
	// To migrates the database up or down to version.
	To(ctx context.Context, version int) error
	// Dump returns the schema (tables, columns, constraints, indexes,
	// triggers, policies; no rows) as text in a fixed order, so that two
	// equal schemas give equal dumps.
	Dump(ctx context.Context) (string, error)
	// Seed writes, with the SQL of the schema version the database is at,
	// the household Survivor() in the tenant SurvivorTenant. The suite
	// calls it at version 1.
	Seed(ctx context.Context) error
	// Store opens a store over the database, which is at the latest
	// version when the suite calls it. The suite closes it.
	Store(t *testing.T) store.Store
}

// Run runs the whole suite against the adapter of h, each part as a
// subtest.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.Open == nil {
		t.Fatal("storetest: Harness.Open is nil")
	}
	if h.Writers == 0 {
		h.Writers = 64
	}
	s := &suite{h: h}
	for _, tc := range []struct {
		name string
		fn   func(*testing.T)
	}{
		{"Tenant", s.testTenant},
		{"Households", s.testHouseholds},
		{"Owners", s.testOwners},
		{"Facilities", s.testFacilities},
		{"Units", s.testUnits},
		{"Referrals", s.testReferrals},
		{"CarePlans", s.testCarePlans},
		{"WaitingList", s.testWaitingList},
		{"Documents", s.testDocuments},
		{"Decisions", s.testDecisions},
		{"Tenancies", s.testTenancies},
		{"References", s.testReferences},
		{"DeleteInUse", s.testDeleteInUse},
		{"Capacity", s.testCapacity},
		{"Vacant", s.testVacant},
		{"Occupancy", s.testOccupancy},
		{"Due", s.testDue},
		{"Rollback", s.testRollback},
		{"ReadOnly", s.testReadOnly},
		{"Audit", s.testAudit},
		{"Isolation", s.testIsolation},
		{"Money", s.testMoney},
		{"PlacementRace", s.testPlacementRace},
		{"Closed", s.testClosed},
		{"BulkImport", s.testBulkImport},
		{"Migrations", s.testMigrations},
	} {
		t.Run(tc.name, tc.fn)
	}
}

type suite struct{ h Harness }

// open returns a fresh store closed at the end of the test.
func (s *suite) open(t *testing.T) store.Store {
	t.Helper()
	st := s.h.Open(t)
	if st == nil {
		t.Fatal("Harness.Open returned nil")
	}
	t.Cleanup(func() { st.Close() })
	return st
}
