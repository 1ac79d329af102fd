package casework_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// TestVariantDecision: a programme run with a variant of its rule set (a
// household without income admitted to Crema's programme) stores decisions
// that name the rule set's version and the variant; the trail keeps them.
func TestVariantDecision(t *testing.T) {
	v, err := eligibility.LoadOverlayFS(rulesets.FS, "variants/crema.without-income.yaml")
	must(t, "variant", err)
	progs := casework.SeedProgrammes()
	prog := progs[3]
	prog.Variants = []*eligibility.Overlay{v}
	st := stores(t)["memory"](t)
	cw, err := casework.New(st, casework.Options{Programmes: []casework.Programme{prog}})
	must(t, "new", err)
	h := lone(t, "h5", "9000.00")
	h.Members[0].Incomes = []housing.IncomeSource{}
	must(t, "referral", cw.RegisterReferral(actor(), "crema", casework.ReferralInput{Household: h, Referral: housing.Referral{ID: "r5", HouseholdID: "h5",
		ProgrammeID: casework.ProgCrema, Date: day("2024-02-10"), Team: housing.Team{Name: "SS", Kind: housing.TeamSocialService},
		With: []housing.Team{{Name: "EISA", Kind: housing.TeamIntegratedHousing}}}}))
	d := mustGet[*casework.Decided](t, "decide")(cw.DecideEligibility(actor(), "crema", "r5", day("2024-03-01")))
	if d.Decision.Outcome != eligibility.Eligible || !slices.Contains(d.Record.VariantIDs, v.ID()) || d.Record.RuleSetVersion == "" {
		t.Fatalf("decision %s, variants %v, version %q", d.Decision.Outcome, d.Record.VariantIDs, d.Record.RuleSetVersion)
	}
	must(t, "trail", st.View(actor(), "crema", func(tx store.Tx) error {
		rs, err := tx.Decisions().OfHousehold("h5")
		if err != nil {
			return err
		}
		if len(rs) != 1 || !slices.Equal(rs[0].VariantIDs, d.Record.VariantIDs) || rs[0].AskedBy != "op-17" || rs[0].ReferralID != "r5" {
			t.Fatalf("stored decisions: %d", len(rs))
		}
		return nil
	}))
	// Without the variant the same household is ineligible.
	cw2 := newCasework(t, stores(t)["memory"](t))
	must(t, "referral", cw2.RegisterReferral(actor(), "crema", casework.ReferralInput{Household: h, Referral: housing.Referral{ID: "r5", HouseholdID: "h5",
		ProgrammeID: casework.ProgCrema, Date: day("2024-02-10"), Team: housing.Team{Name: "SS", Kind: housing.TeamSocialService},
		With: []housing.Team{{Name: "EISA", Kind: housing.TeamIntegratedHousing}}}}))
	if d := mustGet[*casework.Decided](t, "decide")(cw2.DecideEligibility(actor(), "crema", "r5", day("2024-03-01"))); d.Decision.Outcome == eligibility.Eligible {
		t.Fatalf("a household without income is eligible without the variant")
	}
}

// TestSplitPlacementRefused: a programme that allows split placement over
// several rooms is refused with the field named, since a stay over several
// rooms cannot be recorded in the store (it would be written as its first
// room only).
func TestSplitPlacementRefused(t *testing.T) {
	progs := casework.SeedProgrammes()
	prog := progs[0]
	prog.SplitAcrossRooms = true
	_, err := casework.New(stores(t)["memory"](t), casework.Options{Programmes: []casework.Programme{prog}})
	wantCode(t, "split placement", err, housing.CodeInvalid, "")
	var he *housing.Error
	if !errors.As(err, &he) || len(he.Problems) != 1 || he.Problems[0].Path != "programmes[0].split_across_rooms" {
		t.Fatalf("problems of %v", err)
	}
}
