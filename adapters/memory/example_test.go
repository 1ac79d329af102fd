package memory_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// fixedClock stamps every audit event with the same time, so that the
// examples print the same output on every run.
func fixedClock() time.Time { return time.Date(2025, 3, 3, 9, 30, 0, 0, time.UTC) }

// Open the in-memory store and register a facility with its beds, all in
// one transaction of one tenant.
func Example() {
	st := memory.New(memory.WithClock(fixedClock))
	defer st.Close()
	ctx := context.Background()
	err := st.Update(ctx, "comune-crema", func(tx store.Tx) error {
		if err := tx.Facilities().Create(housing.Facility{ID: "casa-1", Name: "Casa di via Roma", Municipality: "Crema", BedCapacity: 2}); err != nil {
			return err
		}
		for _, id := range []string{"casa-1-a", "casa-1-b"} {
			u := housing.Unit{ID: id, FacilityID: "casa-1", Kind: housing.UnitBed, Beds: 1, Contract: housing.ContractConcession,
				Rent: decimal.Zero, ServiceCharges: decimal.RequireFromString("30"), AvailableFrom: housing.MustParseDate("2025-01-01")}
			if err := tx.Units().Create(u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = st.View(ctx, "comune-crema", func(tx store.Tx) error {
		vs, err := tx.Units().Vacant(store.VacancyQuery{AsOf: housing.MustParseDate("2025-03-03"), FacilityID: "casa-1"})
		for _, v := range vs {
			fmt.Println(v.Value.ID, "version", v.Version)
		}
		return err
	})
	// Output:
	// casa-1-a version 1
	// casa-1-b version 1
}

// A placement is all or nothing: the household moves in and the audit
// row is written in one transaction, and a bed that another placement took
// first is refused with a conflict the caller can recognise.
func Example_placement() {
	st := memory.New(memory.WithClock(fixedClock))
	ctx := store.WithActor(context.Background(), "operator-7")
	tenant := store.Tenant("comune-crema")
	policy, _ := housing.PolicyByID("crema.ospitalita-temporanea")
	_ = st.Update(ctx, tenant, func(tx store.Tx) error {
		_ = tx.Facilities().Create(housing.Facility{ID: "casa-1", Name: "Casa di via Roma", Municipality: "Crema", BedCapacity: 1})
		_ = tx.Units().Create(housing.Unit{ID: "casa-1-a", FacilityID: "casa-1", Kind: housing.UnitBed, Beds: 1,
			Contract: housing.ContractConcession, AvailableFrom: housing.MustParseDate("2025-01-01")})
		for _, id := range []string{"hh-1", "hh-2"} {
			_ = tx.Households().Create(housing.Household{ID: id, Members: []housing.Member{{Role: housing.RoleReference,
				Person: housing.Person{BirthDate: housing.MustParseDate("1985-02-01")}}}})
		}
		return nil
	})

	placeIn := func(tenancyID, householdID string) error {
		return st.Update(ctx, tenant, func(tx store.Tx) error {
			t := housing.Tenancy{ID: tenancyID, HouseholdID: householdID, UnitID: "casa-1-a", PolicyID: policy.ID}
			on := housing.MustParseDate("2025-03-03")
			if err := t.Propose(on, ""); err != nil {
				return err
			}
			if err := t.Activate(policy, on, ""); err != nil {
				return err
			}
			return tx.Tenancies().Create(t)
		})
	}
	fmt.Println(placeIn("t-1", "hh-1"))
	err := placeIn("t-2", "hh-2")
	fmt.Println(errors.Is(err, housing.ErrConflict), housing.ErrorMessage(err))
	// Output:
	// <nil>
	// true unit "casa-1-a" is occupied: tenancy "t-1" overlaps the stay from 2025-03-03
}

// Read the audit trail: every write left one event with who did it and
// when, and the decisions of a household are kept as they were taken.
func Example_auditTrail() {
	st := memory.New(memory.WithClock(fixedClock))
	ctx := store.WithActor(context.Background(), "operator-7")
	_ = st.Update(ctx, "comune-crema", func(tx store.Tx) error {
		h := housing.Household{ID: "hh-1", Members: []housing.Member{{Role: housing.RoleReference,
			Person: housing.Person{BirthDate: housing.MustParseDate("1985-02-01")}}}}
		if err := tx.Households().Create(h); err != nil {
			return err
		}
		_, err := tx.Decisions().Append(store.DecisionRecord{ID: "dec-1", HouseholdID: "hh-1",
			RuleSetID: "crema.ospitalita-temporanea", RuleSetVersion: "2025.1", Date: housing.MustParseDate("2025-03-03"),
			Outcome: "eligible", AskedBy: "operator-7", Decision: []byte(`{"outcome":"eligible"}`)})
		return err
	})
	_ = st.View(context.Background(), "comune-crema", func(tx store.Tx) error {
		events, err := tx.Audit().List(store.AuditQuery{})
		if err != nil {
			return err
		}
		for _, e := range events {
			fmt.Println(e.Seq, e.At.Format(time.RFC3339), e.Actor, e.Action, e.Kind, e.ID)
		}
		ds, err := tx.Decisions().OfHousehold("hh-1")
		for _, d := range ds {
			fmt.Println(d.ID, d.RuleSetID, d.RuleSetVersion, d.Date, d.Outcome, string(d.Decision))
		}
		return err
	})
	// Output:
	// 1 2025-03-03T09:30:00Z operator-7 create household hh-1
	// 2 2025-03-03T09:30:00Z operator-7 append decision dec-1
	// dec-1 crema.ospitalita-temporanea 2025.1 2025-03-03 eligible {"outcome":"eligible"}
}
