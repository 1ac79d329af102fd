package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// A vendor opens the store in a file (created and migrated when new),
// places a household in a bed in one transaction, and reads the audit
// trail of the stay.
func Example() {
	dir, err := os.MkdirTemp("", "housingkit")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := store.WithActor(context.Background(), "operator-17")
	st, err := sqlite.Open(ctx, filepath.Join(dir, "housing.db"), sqlite.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()

	const tenant = store.Tenant("comune-catania")
	from := housing.MustParseDate("2025-03-01")
	// The registry: a transition-housing facility of 12 beds with one room.
	err = st.Update(ctx, tenant, func(tx store.Tx) error {
		if err := tx.Facilities().Create(housing.Facility{ID: "ct-at-1", Name: "Alloggio di transizione",
			Municipality: "Catania", BedCapacity: 12}); err != nil {
			return err
		}
		return tx.Units().Create(housing.Unit{ID: "ct-at-1-r1", FacilityID: "ct-at-1", Kind: housing.UnitRoom, Beds: 2,
			Contract: housing.ContractConcession, AvailableFrom: from, Municipality: "Catania"})
	})
	if err != nil {
		log.Fatal(err)
	}

	// The placement: the household and its stay, all or nothing.
	err = st.Update(ctx, tenant, func(tx store.Tx) error {
		h := housing.Household{ID: "hh-204", Members: []housing.Member{{Role: housing.RoleReference,
			Person: housing.Person{ID: "p-1", BirthDate: housing.MustParseDate("1979-06-02")}}}}
		if err := tx.Households().Create(h); err != nil {
			return err
		}
		stay := housing.Tenancy{ID: "st-1", HouseholdID: h.ID, UnitID: "ct-at-1-r1",
			ProgrammeID: "catania.alloggi-di-transizione", PolicyID: "catania.alloggi-di-transizione"}
		if err := stay.Propose(from, ""); err != nil {
			return err
		}
		policy, err := housing.PolicyByID(stay.PolicyID)
		if err != nil {
			return err
		}
		if err := stay.Activate(policy, from, ""); err != nil {
			return err
		}
		return tx.Tenancies().Create(stay)
	})
	if err != nil {
		log.Fatal(err)
	}

	// The audit trail and the occupancy, read in a read-only view.
	err = st.View(ctx, tenant, func(tx store.Tx) error {
		events, err := tx.Audit().List(store.AuditQuery{})
		if err != nil {
			return err
		}
		for _, e := range events {
			fmt.Println(e.Seq, e.Actor, e.Action, e.Kind, e.ID, "version", e.Version)
		}
		o, err := tx.Facilities().Occupancy("ct-at-1", from)
		if err != nil {
			return err
		}
		fmt.Printf("beds in use on %s: %d of %d\n", from, o.BedsInUse, o.BedCapacity)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// 1 operator-17 create facility ct-at-1 version 1
	// 2 operator-17 create unit ct-at-1-r1 version 1
	// 3 operator-17 create household hh-204 version 1
	// 4 operator-17 create tenancy st-1 version 1
	// beds in use on 2025-03-01: 2 of 12
}

// A municipal vacancy list is imported in one transaction: all of it, or,
// when a row is wrong, none of it, with the row's position in the error.
func ExampleStore_ImportUnits() {
	dir, err := os.MkdirTemp("", "housingkit")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "housing.db"), sqlite.Options{Synchronous: sqlite.SyncFull})
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()

	from := housing.MustParseDate("2025-01-01")
	var units []housing.Unit
	for i := range 3 {
		units = append(units, housing.Unit{ID: fmt.Sprintf("cr-%03d", i+1), Kind: housing.UnitApartment, Beds: 2 + i,
			Contract: housing.ContractAgreedRent, Rent: decimal.RequireFromString("380.00"), AvailableFrom: from, Municipality: "Crema"})
	}
	units[2].Beds = 0 // a row with a mistake
	fmt.Println(st.ImportUnits(ctx, "comune-crema", units))

	units[2].Beds = 4
	fmt.Println(st.ImportUnits(ctx, "comune-crema", units))
	st.View(ctx, "comune-crema", func(tx store.Tx) error {
		vacant, err := tx.Units().Vacant(store.VacancyQuery{AsOf: from, MinBeds: 3})
		fmt.Println(len(vacant), "vacant units with at least 3 beds", err)
		return nil
	})
	// Output:
	// invalid: invalid unit: units[2].beds: 0 beds: a unit has at least 1
	// <nil>
	// 2 vacant units with at least 3 beds <nil>
}
