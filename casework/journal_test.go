package casework_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
)

// TestConcurrentJournal: operations on one case at the same time (eight
// onward referrals of one household) all succeed, each with its own
// journal entry, on every store.
func TestConcurrentJournal(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			cw := newCasework(t, open(t))
			ctx := actor()
			const tenant = "ferrara"
			h := household(t, `
id: fe-02
members:
  - {role: reference, birth_date: 1990-06-12, sex: F, incomes: [], disability: none, victim_of_violence: true, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: child, birth_date: 2015-09-01, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
residence: {municipality: Codigoro, region: Emilia-Romagna, since: 2019-05-01}
living_situation: "4.1"
public_housing: {available_now: false}
emergency: {eviction_order: false, safety_risk: false}
`)
			must(t, "referral", cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: h, Referral: housing.Referral{ID: "r2", HouseholdID: "fe-02",
				ProgrammeID: casework.ProgFerrara, Date: day("2025-02-10"), RecordRef: "FE-2", CaseManaged: true,
				Team: housing.Team{Name: "Equipe", Kind: housing.TeamMultidisciplinary}}}))
			if d := mustGet[*casework.Decided](t, "decide")(cw.DecideEligibility(ctx, tenant, "r2", day("2025-03-01"))); d.Decision.Outcome != eligibility.Refer {
				t.Fatalf("outcome %s", d.Decision.Outcome)
			}
			const n = 8
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = cw.ReferOnwards(ctx, tenant, casework.Onward{ID: fmt.Sprintf("o%d", i), ReferralID: "r2", Date: day("2025-03-02"), To: fmt.Sprintf("servizio %d", i)})
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("onward %d: %v", i, err)
				}
			}
			j := mustGet[[]casework.Entry](t, "journal")(cw.Journal(ctx, tenant, "fe-02"))
			onwards := 0
			for _, e := range j {
				if e.Op == "refer_onwards" {
					onwards++
				}
			}
			if onwards != n {
				t.Fatalf("%d onward entries in the journal, want %d", onwards, n)
			}
		})
	}
}
