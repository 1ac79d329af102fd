package housing_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/housingkit/housingkit/housing"
)

// The life of a stay under Crema's policy: proposed after the referral,
// started, renewed once with a reason, ended with an exit. Every step is in
// the history; an illegal step is refused with a typed error and changes
// nothing.
func ExampleTenancy() {
	p, _ := housing.PolicyByID("crema.ospitalita-temporanea")
	t := housing.Tenancy{
		ID: "crema-2024-007", HouseholdID: "hh-42", UnitID: "cri-via-roma-3",
		ReferralDate: housing.MustParseDate("2024-01-10"), PolicyID: p.ID,
	}
	check := func(err error) {
		if err != nil {
			fmt.Println("refused:", err)
		}
	}
	check(t.Propose(housing.MustParseDate("2024-01-20"), "proposed by the integrated housing team"))
	check(t.Activate(p, housing.MustParseDate("2024-01-05"), "")) // before the referral
	check(t.Activate(p, housing.MustParseDate("2024-01-31"), "keys handed over"))
	check(t.Renew(p, housing.Renewal{Date: housing.MustParseDate("2024-12-10"), Reason: "public_housing_pending", Note: "ERP ranking position 12"}))
	check(t.End(housing.Exit{Date: housing.MustParseDate("2025-09-15"), Pathway: housing.ExitPublicHousing}))
	check(t.End(housing.Exit{Date: housing.MustParseDate("2025-09-16"), Pathway: housing.ExitFamily})) // twice

	for _, h := range t.History {
		line := fmt.Sprintf("%s %-9s → %-8s %s", h.Date, h.From, h.To, h.Note)
		fmt.Println(strings.TrimSpace(line))
	}
	fmt.Println("valid:", t.ValidateWith(p) == nil)
	// Output:
	// refused: conflict: the start on 5 January 2024 is before the referral on 10 January 2024
	// refused: conflict: the stay ended on 15 September 2025 (public housing (ERP) assignment): it cannot be ended a second time
	// 2024-01-20           → proposed proposed by the integrated housing team
	// 2024-01-31 proposed  → active   keys handed over
	// 2024-12-10 active    → renewed  ERP ranking position 12
	// 2025-09-15 renewed   → ended
	// valid: true
}

func ExampleTenancy_End() {
	p, _ := housing.PolicyByID("ferrara-sud-est.housing-temporaneo")
	t := housing.Tenancy{ID: "t", HouseholdID: "h", UnitID: "u", PolicyID: p.ID}
	_ = t.Propose(housing.MustParseDate("2024-03-01"), "")
	_ = t.Activate(p, housing.MustParseDate("2024-03-04"), "")

	err := t.End(housing.Exit{Date: housing.MustParseDate("2024-03-01"), Pathway: housing.ExitDropOut})
	fmt.Println(errors.Is(err, housing.ErrEndBeforeStart), housing.ErrorCode(err))

	err = t.End(housing.Exit{Date: housing.MustParseDate("2025-10-01"), Pathway: housing.ExitPrivateLease, Note: "lease at agreed rent"})
	fmt.Println(err, t.Status, t.Exit.Pathway.Label(housing.English))

	err = t.Renew(p, housing.Renewal{Date: housing.MustParseDate("2025-10-02")})
	fmt.Println(errors.Is(err, housing.ErrTenancyEnded), errors.Is(err, housing.ErrConflict))
	// Output:
	// true conflict
	// <nil> ended private-market lease
	// true true
}
