package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

func openTemp(t testing.TB, o sqlite.Options) (*sqlite.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "store.db")
	s, err := sqlite.Open(context.Background(), path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func household(id string) housing.Household {
	return housing.Household{ID: id, Members: []housing.Member{{Person: housing.Person{ID: id + "-p1",
		BirthDate: housing.MustParseDate("1980-05-01")}, Role: housing.RoleReference}}}
}

func facility(id string, beds int) housing.Facility {
	return housing.Facility{ID: id, Name: "Facility " + id, Municipality: "Catania", BedCapacity: beds}
}

func bed(id, facilityID string) housing.Unit {
	return housing.Unit{ID: id, FacilityID: facilityID, Kind: housing.UnitBed, Beds: 1, Contract: housing.ContractConcession,
		AvailableFrom: housing.MustParseDate("2025-01-01"), Municipality: "Catania"}
}

func stay(id, household, unit string, start string) housing.Tenancy {
	return housing.Tenancy{ID: id, HouseholdID: household, UnitID: unit, PolicyID: "catania.alloggi-di-transizione",
		Status: housing.TenancyActive, Start: housing.MustParseDate(start),
		History: []housing.Transition{{Date: housing.MustParseDate(start), To: housing.TenancyProposed},
			{Date: housing.MustParseDate(start), From: housing.TenancyProposed, To: housing.TenancyActive}}}
}

func TestSmoke(t *testing.T) {
	s, _ := openTemp(t, sqlite.Options{})
	ctx := store.WithActor(context.Background(), "op-1")
	err := s.Update(ctx, "ct", func(tx store.Tx) error {
		if err := tx.Facilities().Create(facility("f1", 2)); err != nil {
			return err
		}
		u := bed("b1", "f1")
		u.Rent = decimal.RequireFromString("12345678901234567.89")
		if err := tx.Units().Create(u); err != nil {
			return err
		}
		if err := tx.Households().Create(household("h1")); err != nil {
			return err
		}
		return tx.Tenancies().Create(stay("t1", "h1", "b1", "2025-02-01"))
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(ctx, "ct", func(tx store.Tx) error {
		u, err := tx.Units().Get("b1")
		if err != nil {
			return err
		}
		if !u.Value.Rent.Equal(decimal.RequireFromString("12345678901234567.89")) || u.Version != 1 {
			t.Errorf("rent %s version %d", u.Value.Rent, u.Version)
		}
		o, err := tx.Facilities().Occupancy("f1", housing.MustParseDate("2025-03-01"))
		if err != nil {
			return err
		}
		if o.BedsInUse != 1 || o.Units[0].TenancyID != "t1" {
			t.Errorf("occupancy %+v", o)
		}
		ev, err := tx.Audit().List(store.AuditQuery{})
		if err != nil {
			return err
		}
		if len(ev) != 4 || ev[3].Kind != store.KindTenancy || ev[3].Actor != "op-1" {
			t.Errorf("audit %+v", ev)
		}
		if err := tx.Households().Create(household("h2")); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("write in View: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Another tenant sees nothing.
	s.View(ctx, "other", func(tx store.Tx) error {
		if _, err := tx.Units().Get("b1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other tenant: %v", err)
		}
		return nil
	})
}

// 64 goroutines place 64 households into the 64 beds of a facility of 12:
// exactly 12 succeed.
func TestPlacementRace(t *testing.T) {
	s, _ := openTemp(t, sqlite.Options{})
	ctx := context.Background()
	err := s.Update(ctx, "ct", func(tx store.Tx) error {
		if err := tx.Facilities().Create(facility("f1", 12)); err != nil {
			return err
		}
		for i := range 64 {
			if err := tx.Units().Create(bed(fmt.Sprintf("b%02d", i), "f1")); err != nil {
				return err
			}
			if err := tx.Households().Create(household(fmt.Sprintf("h%02d", i))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 64)
	for i := range 64 {
		wg.Go(func() {
			errs[i] = s.Update(ctx, "ct", func(tx store.Tx) error {
				return tx.Tenancies().Create(stay(fmt.Sprintf("t%02d", i), fmt.Sprintf("h%02d", i), fmt.Sprintf("b%02d", i), "2025-02-01"))
			})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, store.ErrCapacity):
			t.Errorf("got %v, want a capacity conflict", err)
		}
	}
	if ok != 12 {
		t.Errorf("%d placements succeeded, want 12", ok)
	}
	s.View(ctx, "ct", func(tx store.Tx) error {
		o, err := tx.Facilities().Occupancy("f1", housing.MustParseDate("2025-02-01"))
		if err != nil || o.BedsInUse != 12 {
			t.Errorf("occupancy %d, %v", o.BedsInUse, err)
		}
		ev, err := tx.Audit().List(store.AuditQuery{Kind: store.KindTenancy})
		if err != nil || len(ev) != 12 {
			t.Errorf("%d audit rows, %v", len(ev), err)
		}
		return nil
	})
}

// An import whose multi-row INSERT fails on a taken or repeated identifier
// in the middle of a full chunk reports the unit at fault by its position
// and writes nothing.
func TestImportConflictInChunk(t *testing.T) {
	s, _ := openTemp(t, sqlite.Options{})
	ctx := context.Background()
	mk := func(n int, prefix string) []housing.Unit {
		us := make([]housing.Unit, n)
		for i := range us {
			us[i] = bed(fmt.Sprintf("%s%04d", prefix, i), "")
			us[i].Kind = housing.UnitApartment
		}
		return us
	}
	if err := s.ImportUnits(ctx, "ct", mk(10, "u")); err != nil {
		t.Fatal(err)
	}
	taken := mk(700, "x")
	taken[300].ID = "u0007"
	repeated := mk(700, "y")
	repeated[450].ID = repeated[20].ID
	for _, c := range []struct {
		name string
		us   []housing.Unit
		want string
	}{{"taken", taken, "units[300]"}, {"repeated", repeated, "units[450]"}} {
		err := s.ImportUnits(ctx, "ct", c.us)
		var he *housing.Error
		if !errors.As(err, &he) || he.Key != store.KeyExists || !strings.HasPrefix(he.Message, c.want+": ") {
			t.Errorf("%s: %v, want %s exists", c.name, err, c.want)
		}
	}
	err := s.View(ctx, "ct", func(tx store.Tx) error {
		all, err := tx.Units().List(store.Page{Limit: store.MaxLimit})
		if err == nil && len(all) != 10 {
			t.Errorf("%d units after the failed imports, want 10", len(all))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An import reports the first problem in record order, whether it is a
// record's own (found ahead by the encoding goroutine) or one of its
// references (checked in the transaction).
func TestImportFirstProblemInOrder(t *testing.T) {
	s, _ := openTemp(t, sqlite.Options{})
	ctx := context.Background()
	mk := func() []housing.Unit {
		us := make([]housing.Unit, 700)
		for i := range us {
			us[i] = bed(fmt.Sprintf("u%04d", i), "")
			us[i].Kind = housing.UnitApartment
		}
		return us
	}
	refFirst := mk()
	refFirst[100].FacilityID = "f-none"
	refFirst[400].Beds = 0
	invalidFirst := mk()
	invalidFirst[100].Beds = 0
	invalidFirst[400].FacilityID = "f-none"
	sameRecord := mk()
	sameRecord[300].Beds = 0
	sameRecord[300].FacilityID = "f-none"
	for _, c := range []struct {
		name string
		us   []housing.Unit
		code housing.Code
		key  string
		at   string
	}{
		{"reference first", refFirst, housing.CodeInvalid, store.KeyReference, "units[100]"},
		{"invalid first", invalidFirst, housing.CodeInvalid, "", "units[100]"},
		{"both in one record", sameRecord, housing.CodeInvalid, "", "units[300]"},
	} {
		err := s.ImportUnits(ctx, "ct", c.us)
		var he *housing.Error
		if !errors.As(err, &he) || he.Code != c.code || (c.key != "" && he.Key != c.key) || (c.key == "" && he.Key == store.KeyReference) ||
			!strings.Contains(err.Error(), c.at) {
			t.Errorf("%s: %v, want %s %s at %s", c.name, err, c.code, c.key, c.at)
		}
	}
}
