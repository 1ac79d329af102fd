package store_test

import (
	"context"
	"fmt"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// What the team must act on today: the running stays with a review due or
// overdue, a warning before the end, or an expired stay, computed by each
// stay's duration policy.
func ExampleDue() {
	st := memory.New()
	ctx := context.Background()
	policy, _ := housing.PolicyByID("crema.ospitalita-temporanea") // 12 months, reviews every 6
	_ = st.Update(ctx, "comune-crema", func(tx store.Tx) error {
		for i, start := range []string{"2025-01-01", "2024-06-01", "2025-06-01"} {
			hh, unit, id := fmt.Sprintf("hh-%d", i+1), fmt.Sprintf("u-%d", i+1), fmt.Sprintf("t-%d", i+1)
			_ = tx.Households().Create(housing.Household{ID: hh, Members: []housing.Member{{Role: housing.RoleReference,
				Person: housing.Person{BirthDate: housing.MustParseDate("1980-01-01")}}}})
			_ = tx.Units().Create(housing.Unit{ID: unit, Kind: housing.UnitApartment, Beds: 2, Contract: housing.ContractConcession,
				AvailableFrom: housing.MustParseDate("2024-01-01")})
			t := housing.Tenancy{ID: id, HouseholdID: hh, UnitID: unit, PolicyID: policy.ID}
			_ = t.Propose(housing.MustParseDate(start), "")
			_ = t.Activate(policy, housing.MustParseDate(start), "")
			if err := tx.Tenancies().Create(t); err != nil {
				return err
			}
		}
		return nil
	})
	_ = st.View(ctx, "comune-crema", func(tx store.Tx) error {
		due, err := store.Due(tx, housing.MustParseDate("2025-07-01"), housing.PolicyByID)
		for _, d := range due {
			for _, item := range d.Items {
				fmt.Println(d.Tenancy.Value.ID, item.Code, item.Date)
			}
		}
		return err
	})
	// Output:
	// t-1 review_due 2025-07-01
	// t-2 review_overdue 2024-12-01
	// t-2 expired 2025-06-01
}
