package casework_test

import (
	"testing"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// TestTransitionalLease: an office's own programme letting by transitional
// lease — the term agreed lies within 1–18 months, the rent comes from the
// agreement's band, the contract's end is due before the policy's
// maximum; a unit's availability period can be changed.
func TestTransitionalLease(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			progs := casework.SeedProgrammes()
			prog := progs[3] // Crema's rules
			prog.ID, prog.DurationPolicyID, prog.Contract = "crema.transitorio", "contract.transitional", housing.ContractTransitional
			cw, err := casework.New(st, casework.Options{Programmes: []casework.Programme{prog}, Clock: fixedClock})
			must(t, "new", err)
			ctx := actor()
			const tenant = "crema"
			setup(t, st, tenant, func(tx store.Tx) error {
				u := unit("tr-1", "", prog.ID, 2, housing.ContractTransitional, "0", "2024-01-01")
				return tx.Units().Create(u)
			})
			must(t, "availability", cw.SetAvailability(ctx, tenant, "tr-1", day("2024-02-01"), day("2025-12-31"), day("2024-01-20"), "the owner lets it until the end of 2025"))
			must(t, "location", cw.SetLocation(ctx, tenant, casework.Location{UnitID: "tr-1", Agreement: "catania.accordo-territoriale", Zone: "periferia", Class: "economica"}, day("2024-01-20")))
			h := lone(t, "h1", "9000.00")
			must(t, "referral", cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: h, Referral: housing.Referral{ID: "r1", HouseholdID: "h1",
				ProgrammeID: prog.ID, Date: day("2024-02-10"), Team: housing.Team{Name: "SS", Kind: housing.TeamSocialService},
				With: []housing.Team{{Name: "EISA", Kind: housing.TeamIntegratedHousing}}}}))
			mustGet[*casework.Decided](t, "decide")(cw.DecideEligibility(ctx, tenant, "r1", day("2024-03-01")))
			p := mustGet[*casework.Proposed](t, "propose")(cw.Propose(ctx, tenant, prog.ID, day("2024-03-05")))
			if len(p.Proposals) != 1 {
				t.Fatalf("proposals: %+v", p)
			}
			accept(t, cw, tenant, p.Proposals[0].ID, day("2024-03-06"))
			_, err = cw.StartTenancy(ctx, tenant, casework.StartInput{ProposalID: p.Proposals[0].ID, TenancyID: "t1", Start: day("2024-04-01"), Months: 19})
			wantCode(t, "19 months", err, housing.CodeInvalid, casework.KeyContract)
			k := mustGet[*casework.Contract](t, "start")(cw.StartTenancy(ctx, tenant, casework.StartInput{ProposalID: p.Proposals[0].ID, TenancyID: "t1",
				Start: day("2024-04-01"), Months: 6, Point: casework.PointMax}))
			// 60 m² × 4.50 €/m² (periferia, economica, highest) = 270.00.
			if !k.End.Equal(day("2024-10-01")) || !k.Rent.Equal(dec("270.00")) || k.Months != 6 {
				t.Fatalf("contract: %+v", k)
			}
			due := mustGet[[]casework.DueItem](t, "due")(cw.Due(ctx, tenant, day("2024-10-01")))
			found := false
			for _, d := range due {
				found = found || (d.Code == casework.DueContractEnd && d.Date.Equal(day("2024-10-01")))
			}
			if !found {
				t.Fatalf("the contract's end is not due: %+v", due)
			}
			j := mustGet[[]casework.Entry](t, "journal")(cw.Journal(ctx, tenant, "tr-1"))
			if len(j) < 2 || j[0].Op != "set_availability" || j[0].Reason != "the owner lets it until the end of 2025" {
				t.Fatalf("unit journal: %+v", j)
			}
		})
	}
}
