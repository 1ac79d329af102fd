package casework_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

func day(s string) housing.Date { return housing.MustParseDate(s) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// fixedClock returns a clock that always says the same instant.
func fixedClock() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

func newCasework(t *testing.T, st store.Store) *casework.Casework {
	t.Helper()
	cw, err := casework.New(st, casework.Options{Clock: fixedClock})
	if err != nil {
		t.Fatalf("new: %v", err)
	}
	return cw
}

func actor() context.Context { return store.WithActor(context.Background(), "op-17") }

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func mustGet[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func wantCode(t *testing.T, what string, err error, code housing.Code, key string) {
	t.Helper()
	var he *housing.Error
	if !errors.As(err, &he) {
		t.Fatalf("%s: got %v (%T), want a *housing.Error %s %s", what, err, err, code, key)
	}
	if he.Code != code || (key != "" && he.Key != key) {
		t.Fatalf("%s: got %s %s (%v), want %s %s", what, he.Code, he.Key, err, code, key)
	}
}

func household(t *testing.T, yaml string) *housing.Household {
	t.Helper()
	h, err := housing.ReadHousehold("household.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("household: %v", err)
	}
	return &h
}

func count(cs []casework.Count, key string) int {
	for _, c := range cs {
		if c.Key == key {
			return c.Count
		}
	}
	return 0
}

// setup writes records straight into the store (facilities, units,
// owners) for a tenant.
func setup(t *testing.T, st store.Store, tenant store.Tenant, fn func(tx store.Tx) error) {
	t.Helper()
	if err := st.Update(store.WithActor(context.Background(), "setup"), tenant, fn); err != nil {
		t.Fatalf("setup: %v", err)
	}
}

func unit(id, facility, programme string, beds int, contract housing.ContractKind, rent string, from string) housing.Unit {
	kind := housing.UnitApartment
	if facility != "" {
		kind = housing.UnitRoom
	}
	return housing.Unit{ID: id, FacilityID: facility, ProgrammeID: programme, Kind: kind, Beds: beds, Bedrooms: 1,
		AreaSqm: dec("60"), Rent: dec(rent), ServiceCharges: dec("0"), Contract: contract, AvailableFrom: day(from)}
}
