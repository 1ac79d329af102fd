package postgres_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/shopspring/decimal"

	"github.com/housingkit/housingkit/adapters/postgres"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// A vendor sets the database up once (roles, then the schema as the owner
// role) and opens the store as a login that is only a member of
// postgres.AppRole. It needs a server, so it does not run as a test
// without one; TestConformance and the other tests run the same calls.
func Example() {
	adminURL := os.Getenv("HOUSINGKIT_POSTGRES_URL") // e.g. postgres://postgres@127.0.0.1:5432/housing
	if adminURL == "" {
		fmt.Println("set HOUSINGKIT_POSTGRES_URL")
		return
	}
	ctx := context.Background()
	// Once per cluster: the owner and runtime roles, and the runtime login.
	if err := postgres.CreateRoles(ctx, adminURL, "hk_app"); err != nil {
		fmt.Println(err)
		return
	}
	// At each deployment: the migrations, run as postgres.OwnerRole.
	if err := postgres.Migrate(ctx, adminURL, slog.Default()); err != nil {
		fmt.Println(err)
		return
	}
	// At run time: the pool, as the runtime login.
	s, err := postgres.Open(ctx, postgres.Config{URL: "postgres://hk_app@127.0.0.1:5432/housing"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
}

// A placement is one transaction: the tenancy is written with its audit
// row, or, when the bed is taken or the facility full, nothing is.
func Example_placement() {
	ctx := store.WithActor(context.Background(), "caseworker-17")
	s, err := postgres.Open(ctx, postgres.Config{URL: os.Getenv("HOUSINGKIT_APP_URL")})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	start := housing.MustDate(2025, 3, 1)
	err = s.Update(ctx, "comune-ferrara", func(tx store.Tx) error {
		if err := tx.Facilities().Create(housing.Facility{ID: "casa-1", Name: "Casa di transizione", Municipality: "Ferrara", BedCapacity: 12}); err != nil {
			return err
		}
		if err := tx.Units().Create(housing.Unit{ID: "casa-1/letto-1", FacilityID: "casa-1", Kind: housing.UnitBed, Beds: 1,
			Contract: housing.ContractConcession, Rent: decimal.Zero, AvailableFrom: start}); err != nil {
			return err
		}
		if err := tx.Households().Create(housing.Household{ID: "hh-42", Members: []housing.Member{{Role: housing.RoleReference,
			Person: housing.Person{BirthDate: housing.MustDate(1979, 4, 2)}}}}); err != nil {
			return err
		}
		return tx.Tenancies().Create(housing.Tenancy{ID: "ten-1", HouseholdID: "hh-42", UnitID: "casa-1/letto-1", PolicyID: "ferrara.transizione",
			Status: housing.TenancyActive, Start: start, History: []housing.Transition{
				{Date: start, To: housing.TenancyProposed}, {Date: start, From: housing.TenancyProposed, To: housing.TenancyActive}}})
	})
	if err != nil {
		fmt.Println(housing.ErrorCode(err), err) // conflict store.unit_occupied, store.capacity, ...
		return
	}
	// The audit trail: who placed whom, when, and every other write.
	_ = s.View(ctx, "comune-ferrara", func(tx store.Tx) error {
		evs, err := tx.Audit().List(store.AuditQuery{Kind: store.KindTenancy, ID: "ten-1"})
		for _, e := range evs {
			fmt.Println(e.Seq, e.Actor, e.Action, e.Kind, e.ID, e.Version)
		}
		return err
	})
}
