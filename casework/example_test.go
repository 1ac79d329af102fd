package casework_test

import (
	"context"
	"fmt"
	"os"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// A Crema case from referral to exit over the in-memory store.
func Example() {
	st := memory.New()
	defer st.Close()
	cw, err := casework.New(st, casework.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := store.WithActor(context.Background(), "op-1")
	const tenant = "comune-crema"
	day := housing.MustParseDate
	// The vacancy registry: one apartment of the programme.
	_ = st.Update(ctx, tenant, func(tx store.Tx) error {
		return tx.Units().Create(housing.Unit{ID: "via-roma-3", ProgrammeID: casework.ProgCrema, Kind: housing.UnitApartment, Beds: 2,
			AreaSqm: decimal.NewFromInt(45), Contract: housing.ContractConcession, AvailableFrom: day("2024-01-01")})
	})
	h, _ := housing.ReadHousehold("h.yaml", []byte(`
id: cr-7
members:
  - {role: reference, birth_date: 1980-01-01, incomes: [{kind: employment, annual: "9000.00", precarious: true}], recently_impoverished: true}
isee: {value: "5000.00", issued_on: 2024-01-20}
residence: {municipality: Crema, region: Lombardia, since: 2015-01-01}
living_situation: "8.1"
ownership: {owns_dwelling: false}
emergency: {eviction_order: false}
`))
	err = cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: &h, Referral: housing.Referral{ID: "r-7", HouseholdID: "cr-7",
		ProgrammeID: casework.ProgCrema, Date: day("2024-02-10"), Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService},
		With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	d, _ := cw.DecideEligibility(ctx, tenant, "r-7", day("2024-03-01"))
	fmt.Println("decision:", d.Decision.Outcome, "score", d.Waiting.Score)
	p, _ := cw.Propose(ctx, tenant, casework.ProgCrema, day("2024-03-05"))
	id := p.Proposals[0].ID
	fmt.Println("proposal:", id)
	for _, by := range []string{casework.ByHousehold, casework.ByLandlord} {
		_, _ = cw.Respond(ctx, tenant, casework.Response{ProposalID: id, By: by, Accept: true, Date: day("2024-03-06")})
	}
	k, _ := cw.StartTenancy(ctx, tenant, casework.StartInput{ProposalID: id, TenancyID: "t-7", Start: day("2024-04-01")})
	fmt.Println("stay until:", k.End)
	t, err := cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "t-7", Date: day("2025-02-15"), Reason: "job_search"})
	fmt.Println("renewal without evidence:", housing.ErrorCode(err))
	t, _ = cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "t-7", Date: day("2025-02-15"), Reason: "job_search",
		Evidence: "PROT-2025-42", Approver: "resp-ss"})
	fmt.Println("renewed until:", t.PlannedEnd)
	_, _ = cw.Exit(ctx, tenant, "t-7", housing.Exit{Date: day("2025-09-30"), Pathway: housing.ExitPrivateLease})
	r, _ := cw.Report(ctx, tenant, casework.Period{From: day("2024-01-01"), To: day("2025-12-31")}, "")
	_ = casework.WriteReport(os.Stdout, r, casework.FormatCSV, housing.English, 0)
	// Output:
	// decision: eligible score 4
	// proposal: via-roma-3.p1
	// stay until: 2025-04-01
	// renewal without evidence: invalid
	// renewed until: 2026-04-01
	// section,key,value
	// period,from,2024-01-01
	// period,to,2025-12-31
	// referrals,total,1
	// decisions,eligible,1
	// decision_reasons,eligible/fragile_household,1
	// decision_reasons,eligible/temporary_difficulty,1
	// admissions,households,1
	// admissions,persons,1
	// waiting_times,n,1
	// waiting_times,median_days,51
	// waiting_times,p90_days,51
	// length_of_stay,n,1
	// length_of_stay,median_days,547
	// length_of_stay,p90_days,547
	// renewals,job_search,1
	// exits,private_lease,1
	// limit_no_solution,stays,0
	// housed_6_months,households,1
	// housed_6_months,persons,1
	// ethos_at_entry,8.1,1
	// ethos_concepts_at_entry,insecure,1
}

// The agreed rent of a 55.5 m² flat in Catania's centre, class
// "signorile", at the middle of its band — from the shipped bands, whose
// figures are placeholders the office replaces.
func ExampleRentAgreement_Rent() {
	ct, err := casework.ShippedContracts()
	if err != nil {
		fmt.Println(err)
		return
	}
	a := ct.Agreements["catania.accordo-territoriale"]
	q, err := a.Rent("centro", "signorile", decimal.RequireFromString("55.5"), casework.PointMid)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.RateMin, q.RateMax, q.Rate, q.Monthly, q.Placeholder)
	term, _ := ct.Term(housing.ContractTransitional)
	fmt.Println(term.Policy, term.MinMonths, term.MaxMonths)
	_, err = a.Rent("mare", "signorile", decimal.RequireFromString("55.5"), casework.PointMid)
	fmt.Println(err)
	// Output:
	// 6.5 9 7.75 430.13 true
	// contract.transitional 1 18
	// invalid: cannot compute the agreed rent: zone: "mare" is not a zone of agreement catania.accordo-territoriale; want one of centro, semicentro, periferia
}
