package casework_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/housingkit/housingkit/store"
)

func cataniaCase(t *testing.T, st store.Store) {
	cw := newCasework(t, st)
	ctx := actor()
	const tenant = store.Tenant("catania")
	setup(t, st, tenant, func(tx store.Tx) error {
		if err := tx.Facilities().Create(housing.Facility{ID: "via-etnea", Name: "Via Etnea", ProgrammeID: casework.ProgCatania,
			Municipality: "Catania", BedCapacity: 12, SharedSpaces: []housing.SharedSpace{housing.SharedKitchen}}); err != nil {
			return err
		}
		if err := tx.Units().Create(unit("via-etnea-3", "via-etnea", casework.ProgCatania, 3, housing.ContractConcession, "0", "2024-01-01")); err != nil {
			return err
		}
		// A stay the vendor recorded without casework, from 20 March 2024:
		// it counts in the occupancy, not in the admissions.
		if err := tx.Units().Create(unit("via-etnea-2", "via-etnea", casework.ProgCatania, 2, housing.ContractConcession, "0", "2024-01-01")); err != nil {
			return err
		}
		other := *household(t, "id: ct-x\nmembers: [{role: reference, birth_date: 1970-01-01, incomes: []}]\n")
		if err := tx.Households().Create(other); err != nil {
			return err
		}
		pol, err := housing.PolicyByID("catania.alloggi-di-transizione")
		if err != nil {
			return err
		}
		stay := housing.Tenancy{ID: "t-x", HouseholdID: "ct-x", UnitID: "via-etnea-2", ProgrammeID: casework.ProgCatania, PolicyID: pol.ID}
		if err := stay.Propose(day("2024-03-19"), ""); err != nil {
			return err
		}
		if err := stay.Activate(pol, day("2024-03-20"), ""); err != nil {
			return err
		}
		return tx.Tenancies().Create(stay)
	})
	h := household(t, `
id: ct-01
members:
  - {role: reference, birth_date: 1979-02-02, sex: M, incomes: [{kind: employment, annual: 11000.00, precarious: true}], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: partner, birth_date: 1982-05-05, sex: F, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: child, birth_date: 2013-03-03, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
residence: {municipality: Catania, region: Sicilia, since: 2012-01-01}
living_situation: "9.1"
needs: {can_share: true}
emergency: {eviction_order: true, temporary_space: false, improper_dwelling: false, safety_risk: false}
`)
	must(t, "referral", cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: h,
		Referral: housing.Referral{ID: "r-ct-01", HouseholdID: "ct-01", ProgrammeID: casework.ProgCatania, Date: day("2024-01-15"),
			Team: housing.Team{Name: "Agenzia sociale per la casa Habito", Kind: housing.TeamHousingAgency}, RecordRef: "CT-HAB-01", CaseManaged: true}}))
	d := mustGet[*casework.Decided](t, "decide")(cw.DecideEligibility(ctx, tenant, "r-ct-01", day("2024-03-01")))
	if d.Decision.Outcome != eligibility.Eligible {
		t.Fatalf("outcome %s", d.Decision.Outcome)
	}
	pr := mustGet[*casework.Proposed](t, "propose")(cw.Propose(ctx, tenant, casework.ProgCatania, day("2024-03-05")))
	if len(pr.Proposals) != 1 {
		t.Fatalf("proposals: %+v", pr)
	}
	accept(t, cw, tenant, pr.Proposals[0].ID, day("2024-03-06"))
	k := mustGet[*casework.Contract](t, "start")(cw.StartTenancy(ctx, tenant, casework.StartInput{ProposalID: pr.Proposals[0].ID, TenancyID: "t-ct-01", Start: day("2024-03-15")}))
	if !k.End.IsZero() || k.PolicyID != "catania.alloggi-di-transizione" {
		t.Fatalf("an open-ended stay has no end: %+v", k)
	}
	// Open-ended: a review every 6 months, the first on 15 September.
	due := mustGet[[]casework.DueItem](t, "due")(cw.Due(ctx, tenant, day("2024-09-15")))
	if len(due) != 1 || due[0].Code != housing.DueReview {
		t.Fatalf("due: %+v", due)
	}
	mustGet[*housing.Tenancy](t, "review")(cw.Review(ctx, tenant, "t-ct-01", day("2024-09-15"), ""))
	mustGet[*housing.Tenancy](t, "exit")(cw.Exit(ctx, tenant, "t-ct-01", housing.Exit{Date: day("2025-01-10"), Pathway: housing.ExitPrivateLease}))

	r := mustGet[*casework.Report](t, "report")(cw.Report(ctx, tenant, casework.Period{From: day("2024-01-01"), To: day("2024-12-31")}, casework.ProgCatania))
	// Waiting 15 January → 15 March 2024 = 31 + 29 = 60 days; the exit
	// falls after the period; 6 months reached on 15 September; March:
	// 3 beds × 17 days + 2 beds × 12 days = 75 of 12 × 31 = 372 bed-days,
	// 20%.
	checkInts(t, "catania report", map[string][2]int{
		"referrals": {r.Referrals, 1}, "admissions": {r.Admissions, 1}, "persons": {r.AdmittedPersons, 3},
		"wait": {r.WaitingTimes.Median, 60}, "exits": {len(r.Exits), 0}, "stays": {r.LengthOfStay.N, 0},
		"housed 6": {r.Housed6Months, 1}, "persons 6": {r.HousedPersons6Months, 3}, "ethos 9.1": {count(r.EthosAtEntry, "9.1"), 1},
		"insecure": {count(r.EthosConceptsAtEntry, "insecure"), 1},
		"march":    {r.Occupancy[2].BedDays, 75}, "march cap": {r.Occupancy[2].CapacityDays, 372}, "march %": {r.Occupancy[2].Percent, 20},
		"limit": {r.LimitNoSolution, 0},
	})
}

func habitoCase(t *testing.T, st store.Store) {
	cw := newCasework(t, st)
	ctx := actor()
	const tenant = store.Tenant("habito")
	must(t, "owner", cw.RegisterOwner(ctx, tenant, housing.Owner{ID: "own-1", Name: "privato", Kind: housing.OwnerPrivate}, day("2021-04-20")))
	offered := housing.Unit{ID: "hab-1", ProgrammeID: casework.ProgHabito, OwnerID: "own-1", Kind: housing.UnitApartment, Beds: 3, Bedrooms: 2,
		AreaSqm: dec("70"), Rent: dec("0"), ServiceCharges: dec("0"), Contract: housing.ContractAgreedRent, AvailableFrom: day("2021-05-01"), Municipality: "Catania"}
	must(t, "interest", cw.ExpressInterest(ctx, tenant, casework.Interest{ID: "mi-1", OwnerID: "own-1", Received: day("2021-04-20"), Unit: offered,
		Location: &casework.Location{Agreement: "catania.accordo-territoriale", Zone: "semicentro", Class: "media"}}))
	_, err := cw.Agree(ctx, tenant, "mi-1", casework.Agreement{Date: day("2021-05-12"), Contract: housing.ContractAgreedRent, Rent: dec("350.00"), From: day("2021-05-15")})
	wantCode(t, "agreement before the inspection", err, housing.CodeConflict, casework.KeyState)
	mustGet[*casework.Interest](t, "inspect")(cw.Inspect(ctx, tenant, "mi-1", casework.Inspection{Date: day("2021-05-10"), State: casework.InspectionSuitable, Inspector: "tec-2"}))
	// The band: 70 m² × 5.00–6.50 €/m² = 350.00–455.00 a month.
	_, err = cw.Agree(ctx, tenant, "mi-1", casework.Agreement{Date: day("2021-05-12"), Contract: housing.ContractAgreedRent, Rent: dec("349.99"), From: day("2021-05-15")})
	wantCode(t, "rent below the band", err, housing.CodeInvalid, casework.KeyContract)
	in := mustGet[*casework.Interest](t, "agree")(cw.Agree(ctx, tenant, "mi-1", casework.Agreement{Date: day("2021-05-12"), Contract: housing.ContractAgreedRent,
		Rent: dec("350.00"), Charges: dec("50.00"), From: day("2021-05-15")}))
	if in.Status != casework.InterestAgreed || !in.Unit.Rent.Equal(dec("350")) {
		t.Fatalf("interest: %+v", in)
	}
	h := household(t, `
id: hb-04
members:
  - {role: reference, birth_date: 1984-06-06, sex: M, incomes: [{kind: employment, annual: 31000.00}], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: partner, birth_date: 1986-07-07, sex: F, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: child, birth_date: 2014-01-01, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
isee: {value: 26000.00, issued_on: 2021-02-15}
residence: {municipality: Catania, region: Sicilia, since: 2010-01-01}
living_situation: "housed"
ownership: {owns_dwelling: false}
emergency: {eviction_order: false, temporary_space: false, improper_dwelling: false, safety_risk: false}
`)
	must(t, "referral", cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: h,
		Referral: housing.Referral{ID: "r-hb-04", HouseholdID: "hb-04", ProgrammeID: casework.ProgHabito, Date: day("2021-05-03"),
			Team: housing.Team{Name: "Agenzia sociale per la casa Habito", Kind: housing.TeamHousingAgency}, RecordRef: "HAB-04", CaseManaged: true}}))
	d := mustGet[*casework.Decided](t, "decide")(cw.DecideEligibility(ctx, tenant, "r-hb-04", day("2021-06-01")))
	if d.Decision.Outcome != eligibility.Eligible {
		t.Fatalf("outcome %s", d.Decision.Outcome)
	}
	census := mustGet[*casework.Census](t, "census")(cw.Census(ctx, tenant, day("2021-06-02"), nil))
	// One household of 3, housed, waiting; one unit of 3 beds at 400.00 a
	// month (350 + 50): band 300–500.
	if census.Waiting != 1 || census.Vacant != 1 || len(census.Demand) != 1 || census.Demand[0] != (casework.CensusRow{Size: 3, Need: "housed", Count: 1}) ||
		census.Offer[0] != (casework.CensusRow{Size: 3, RentBand: "300-500", Count: 1}) {
		t.Fatalf("census: %+v", census)
	}
	pr := mustGet[*casework.Proposed](t, "propose")(cw.Propose(ctx, tenant, casework.ProgHabito, day("2021-06-05")))
	if len(pr.Proposals) != 1 || pr.Proposals[0].OwnerID != "own-1" {
		t.Fatalf("proposals: %+v", pr)
	}
	id := pr.Proposals[0].ID
	rep := mustGet[*casework.LandlordReport](t, "landlord report")(cw.SustainabilityReport(ctx, tenant, id, day("2021-06-05"), ""))
	// Burden: 400 × 12 ÷ 31000 = 0.15483… → 0.1548; residual: (31000 −
	// 4800) ÷ 12 = 2183.33.
	if !rep.Sustainable || rep.Burden == nil || !rep.Burden.Equal(dec("0.1548")) || !rep.ResidualMonthly.Equal(dec("2183.33")) || rep.Persons != 3 {
		t.Fatalf("landlord report: %+v", rep)
	}
	b, _ := json.Marshal(rep)
	for _, sensitive := range []string{"birth", "isee", "ethos", "living", "members", "income_annual", "31000", "groups", "hb-04"} {
		if strings.Contains(strings.ToLower(string(b)), sensitive) {
			t.Errorf("the landlord report holds %q: %s", sensitive, b)
		}
	}
	accept(t, cw, tenant, id, day("2021-06-10"))
	k := mustGet[*casework.Contract](t, "start")(cw.StartTenancy(ctx, tenant, casework.StartInput{ProposalID: id, TenancyID: "t-hb-04", Start: day("2021-07-01")}))
	if !k.Rent.Equal(dec("350.00")) || k.Quote == nil || !k.Quote.Placeholder || k.Months != 36 || !k.End.Equal(day("2024-07-01")) || k.Kind != housing.ContractAgreedRent {
		t.Fatalf("contract: %+v", k)
	}
	_, err = cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "t-hb-04", Date: day("2024-05-01"), Reason: "legal_extension", Evidence: "PEC-2024-118"})
	wantCode(t, "renewal without approver", err, housing.CodeInvalid, casework.KeyEvidence)
	tn := mustGet[*housing.Tenancy](t, "renew")(cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "t-hb-04", Date: day("2024-05-01"),
		Reason: "legal_extension", Evidence: "PEC-2024-118", Approver: "dir-agenzia"}))
	if !tn.PlannedEnd.Equal(day("2026-07-01")) {
		t.Fatalf("planned end after 3+2: %s", tn.PlannedEnd)
	}
	mustGet[*housing.Tenancy](t, "exit")(cw.Exit(ctx, tenant, "t-hb-04", housing.Exit{Date: day("2025-03-31"), Pathway: housing.ExitPrivateLease}))
	k = mustGet[*casework.Contract](t, "contract")(cw.ContractOf(ctx, tenant, "t-hb-04"))
	if len(k.Renewals) != 1 || k.Renewals[0].Approver != "dir-agenzia" || k.Renewals[0].Evidence != "PEC-2024-118" || !k.End.Equal(day("2026-07-01")) {
		t.Fatalf("contract renewals: %+v", k)
	}
	r := mustGet[*casework.Report](t, "report")(cw.Report(ctx, tenant, casework.Period{From: day("2021-01-01"), To: day("2025-12-31")}, ""))
	// Waiting 3 May → 1 July 2021 = 31 + 28 = 59 days; stay 1 July 2021 →
	// 31 March 2025 = 1461 − 92 = 1369 days.
	checkInts(t, "habito report", map[string][2]int{
		"referrals": {r.Referrals, 1}, "admissions": {r.Admissions, 1}, "persons": {r.AdmittedPersons, 3},
		"wait": {r.WaitingTimes.Median, 59}, "stay": {r.LengthOfStay.Median, 1369}, "renewals": {count(r.Renewals, "legal_extension"), 1},
		"exits": {count(r.Exits, "private_lease"), 1}, "housed 6": {r.Housed6Months, 1}, "ethos": {count(r.EthosAtEntry, "housed"), 1},
		"limit": {r.LimitNoSolution, 0}, "moderated": {count(r.DecisionReasons, "eligible/moderated_rent_lease"), 1},
	})
}

func cremaCase(t *testing.T, st store.Store) {
	cw := newCasework(t, st)
	ctx := actor()
	const tenant = store.Tenant("crema")
	setup(t, st, tenant, func(tx store.Tx) error {
		for _, id := range []string{"cr-u1", "cr-u2"} {
			if err := tx.Units().Create(unit(id, "", casework.ProgCrema, 4, housing.ContractConcession, "150", "2024-01-01")); err != nil {
				return err
			}
		}
		return nil
	})
	h := household(t, `
id: cr-01
members:
  - {role: reference, birth_date: 1986-04-30, incomes: [{kind: employment, annual: 9100.00, precarious: true}], recently_impoverished: true}
  - {role: partner, birth_date: 1984-12-31, incomes: []}
  - {role: child, birth_date: 2012-08-15, incomes: []}
  - {role: child, birth_date: 2020-01-31, incomes: []}
isee: {value: 4210.00, issued_on: 2024-01-20}
residence: {municipality: Crema, region: Lombardia, since: 2015-01-01}
living_situation: "8.1"
ownership: {owns_dwelling: false}
emergency: {eviction_order: false}
`)
	must(t, "referral", cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: h,
		Referral: housing.Referral{ID: "r-cr-01", HouseholdID: "cr-01", ProgrammeID: casework.ProgCrema, Date: day("2024-02-10"),
			Team: housing.Team{Name: "Servizio sociale del Comune di Crema", Kind: housing.TeamSocialService},
			With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}}}))
	d := mustGet[*casework.Decided](t, "decide")(cw.DecideEligibility(ctx, tenant, "r-cr-01", day("2024-03-01")))
	// 2 minors × 2, fragility 2, ISEE 2, income per member 1 = 9.
	if d.Decision.Outcome != eligibility.Eligible || d.Waiting == nil || !d.Waiting.Score.Equal(dec("9")) {
		t.Fatalf("decision: %s %+v", d.Decision.Outcome, d.Waiting)
	}
	first := mustGet[*casework.Proposed](t, "propose")(cw.Propose(ctx, tenant, casework.ProgCrema, day("2024-03-05")))
	if len(first.Proposals) != 1 {
		t.Fatalf("proposals: %+v", first)
	}
	refused := first.Proposals[0]
	_, err := cw.Respond(ctx, tenant, casework.Response{ProposalID: refused.ID, By: casework.ByHousehold, Date: day("2024-03-06")})
	wantCode(t, "a refusal without a reason", err, housing.CodeInvalid, "")
	_, err = cw.Respond(ctx, tenant, casework.Response{ProposalID: refused.ID, By: casework.ByHousehold, Date: day("2024-03-06"), Reason: "rent_unsustainable"})
	wantCode(t, "a landlord's reason given by the household", err, housing.CodeInvalid, "")
	mustGet[*casework.Proposal](t, "refuse")(cw.Respond(ctx, tenant, casework.Response{ProposalID: refused.ID, By: casework.ByHousehold, Date: day("2024-03-06"), Reason: "too_far"}))
	second := mustGet[*casework.Proposed](t, "propose again")(cw.Propose(ctx, tenant, casework.ProgCrema, day("2024-03-07")))
	if len(second.Proposals) != 1 || second.Proposals[0].UnitID == refused.UnitID {
		t.Fatalf("the refused unit %s was proposed again: %+v", refused.UnitID, second)
	}
	id := second.Proposals[0].ID
	accept(t, cw, tenant, id, day("2024-03-08"))
	k := mustGet[*casework.Contract](t, "start")(cw.StartTenancy(ctx, tenant, casework.StartInput{ProposalID: id, TenancyID: "t-cr-01", Start: day("2024-04-01")}))
	if !k.End.Equal(day("2025-04-01")) || !k.Rent.Equal(dec("150")) {
		t.Fatalf("contract: %+v", k)
	}
	_, err = cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "t-cr-01", Date: day("2025-02-15"), Reason: "job_search", Approver: "resp-ss"})
	wantCode(t, "renewal without evidence", err, housing.CodeInvalid, casework.KeyEvidence)
	_, err = cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "t-cr-01", Date: day("2025-02-15"), Reason: "holiday", Evidence: "PROT-1", Approver: "resp-ss"})
	wantCode(t, "renewal for an unknown reason", err, housing.CodeForbidden, "tenancy.renewal_reason_unknown")
	mustGet[*housing.Tenancy](t, "renew")(cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "t-cr-01", Date: day("2025-02-15"),
		Reason: "job_search", Evidence: "PROT-2025-0042", Approver: "resp-ss"}))
	_, err = cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "t-cr-01", Date: day("2026-02-01"), Reason: "health", Evidence: "PROT-2026-7", Approver: "resp-ss"})
	if err == nil || !strings.Contains(err.Error(), "renew") {
		t.Fatalf("a second renewal: %v", err)
	}
	mustGet[*housing.Tenancy](t, "exit")(cw.Exit(ctx, tenant, "t-cr-01", housing.Exit{Date: day("2026-04-01"), Pathway: housing.ExitOther}))
	r := mustGet[*casework.Report](t, "report")(cw.Report(ctx, tenant, casework.Period{From: day("2024-01-01"), To: day("2026-12-31")}, ""))
	// Waiting 10 February → 1 April 2024 = 29 + 22 = 51 days; stay 730
	// days; the stay reached its end (1 April 2026) with no housing
	// solution.
	checkInts(t, "crema report", map[string][2]int{
		"referrals": {r.Referrals, 1}, "admissions": {r.Admissions, 1}, "persons": {r.AdmittedPersons, 4},
		"wait": {r.WaitingTimes.Median, 51}, "stay": {r.LengthOfStay.Median, 730}, "renewals": {count(r.Renewals, "job_search"), 1},
		"exits": {count(r.Exits, "other"), 1}, "limit": {r.LimitNoSolution, 1}, "housed 6": {r.HousedPersons6Months, 4},
	})
}

func housingMixCase(t *testing.T, st store.Store) {
	cw := newCasework(t, st)
	ctx := actor()
	const tenant = store.Tenant("ambito-lodi")
	must(t, "owner", cw.RegisterOwner(ctx, tenant, housing.Owner{ID: "parrocchia", Name: "Parrocchia San Rocco", Kind: housing.OwnerChurch}, day("2025-01-10")))
	setup(t, st, tenant, func(tx store.Tx) error {
		return tx.Facilities().Create(housing.Facility{ID: "casa-mix", Name: "Casa Mix", OwnerID: "parrocchia", ProgrammeID: casework.ProgHousingMix,
			Municipality: "Lodi", BedCapacity: 6, CoHousing: true, SharedSpaces: []housing.SharedSpace{housing.SharedLiving}})
	})
	offered := unit("mix-1", "casa-mix", casework.ProgHousingMix, 1, housing.ContractFreeLoan, "0", "2025-03-01")
	offered.OwnerID = "parrocchia"
	must(t, "interest", cw.ExpressInterest(ctx, tenant, casework.Interest{ID: "mi-1", OwnerID: "parrocchia", Received: day("2025-01-15"), Unit: offered}))
	mustGet[*casework.Interest](t, "inspect")(cw.Inspect(ctx, tenant, "mi-1", casework.Inspection{Date: day("2025-02-01"), State: casework.InspectionNeedsWorks, Inspector: "tec-1", Note: "tinteggiatura"}))
	_, err := cw.Agree(ctx, tenant, "mi-1", casework.Agreement{Date: day("2025-02-10"), Contract: housing.ContractFreeLoan, Rent: dec("100"), From: day("2025-03-01")})
	wantCode(t, "a free loan with rent", err, housing.CodeInvalid, "")
	mustGet[*casework.Interest](t, "agree")(cw.Agree(ctx, tenant, "mi-1", casework.Agreement{Date: day("2025-02-10"), Contract: housing.ContractFreeLoan,
		From: day("2025-03-01"), Until: day("2027-12-31")}))
	h := household(t, `
id: lo-01
members:
  - {role: reference, birth_date: 1944-10-10, sex: F, incomes: [{kind: pension, annual: 11000.00}], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: true, recently_impoverished: false, certified_hardship: false}
residence: {municipality: Lodi, region: Lombardia, since: 2001-01-01}
living_situation: "housed"
needs: {can_share: true}
`)
	must(t, "referral", cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: h,
		Referral: housing.Referral{ID: "r-lo-01", HouseholdID: "lo-01", ProgrammeID: casework.ProgHousingMix, Date: day("2025-02-01"),
			Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService}}}))
	d := mustGet[*casework.Decided](t, "decide")(cw.DecideEligibility(ctx, tenant, "r-lo-01", day("2025-03-01")))
	if d.Decision.Outcome != eligibility.Eligible {
		t.Fatalf("outcome %s", d.Decision.Outcome)
	}
	pr := mustGet[*casework.Proposed](t, "propose")(cw.Propose(ctx, tenant, casework.ProgHousingMix, day("2025-03-05")))
	if len(pr.Proposals) != 1 {
		t.Fatalf("proposals: %+v", pr)
	}
	accept(t, cw, tenant, pr.Proposals[0].ID, day("2025-03-10"))
	k := mustGet[*casework.Contract](t, "start")(cw.StartTenancy(ctx, tenant, casework.StartInput{ProposalID: pr.Proposals[0].ID, TenancyID: "t-lo-01", Start: day("2025-04-01")}))
	if k.Kind != housing.ContractFreeLoan || !k.Rent.IsZero() || k.Months != 24 || !k.End.Equal(day("2027-04-01")) || k.OwnerID != "parrocchia" {
		t.Fatalf("contract: %+v", k)
	}
	mustGet[*housing.Tenancy](t, "review")(cw.Review(ctx, tenant, "t-lo-01", day("2025-10-01"), ""))
	r := mustGet[*casework.Report](t, "report")(cw.Report(ctx, tenant, casework.Period{From: day("2025-01-01"), To: day("2025-12-31")}, ""))
	// Waiting 1 February → 1 April 2025 = 28 + 31 = 59 days; April: 1 bed
	// × 30 days of 6 × 30 = 180, 16%.
	checkInts(t, "housing mix report", map[string][2]int{
		"referrals": {r.Referrals, 1}, "admissions": {r.Admissions, 1}, "wait": {r.WaitingTimes.Median, 59},
		"housed 6": {r.Housed6Months, 1}, "exits": {len(r.Exits), 0}, "april": {r.Occupancy[3].BedDays, 30}, "april %": {r.Occupancy[3].Percent, 16},
		"ethos": {count(r.EthosConceptsAtEntry, "housed"), 1},
	})
}

// TestProposeSeveralBedsRefused: with the capacitated mechanism a household
// of three is proposed three beds of a facility together; a stay names one
// unit in the store, so Propose refuses (invalid, casework.mechanism) and
// writes no proposal rather than recording the first bed only.
func TestProposeSeveralBedsRefused(t *testing.T) {
	st := stores(t)["memory"](t)
	cw, err := casework.New(st, casework.Options{Clock: fixedClock, Mechanism: matching.Capacitated})
	must(t, "new", err)
	const tenant = store.Tenant("catania")
	setup(t, st, tenant, func(tx store.Tx) error {
		if err := tx.Facilities().Create(housing.Facility{ID: "via-etnea", Name: "Via Etnea", ProgrammeID: casework.ProgCatania,
			Municipality: "Catania", BedCapacity: 12, SharedSpaces: []housing.SharedSpace{housing.SharedKitchen}}); err != nil {
			return err
		}
		for _, id := range []string{"b1", "b2", "b3"} {
			u := unit(id, "via-etnea", casework.ProgCatania, 1, housing.ContractConcession, "0", "2024-01-01")
			u.Kind = housing.UnitBed
			if err := tx.Units().Create(u); err != nil {
				return err
			}
		}
		return nil
	})
	h := household(t, `
id: ct-03
members:
  - {role: reference, birth_date: 1979-02-02, sex: M, incomes: [{kind: employment, annual: 11000.00, precarious: true}], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: partner, birth_date: 1982-05-05, sex: F, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: other, birth_date: 1990-03-03, sex: M, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
residence: {municipality: Catania, region: Sicilia, since: 2012-01-01}
living_situation: "9.1"
needs: {can_share: true}
emergency: {eviction_order: true, temporary_space: false, improper_dwelling: false, safety_risk: false}
`)
	ctx := actor()
	must(t, "referral", cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: h,
		Referral: housing.Referral{ID: "r-ct-03", HouseholdID: "ct-03", ProgrammeID: casework.ProgCatania, Date: day("2024-01-15"),
			Team: housing.Team{Name: "Agenzia sociale per la casa Habito", Kind: housing.TeamHousingAgency}, RecordRef: "CT-HAB-03", CaseManaged: true}}))
	if d := mustGet[*casework.Decided](t, "decide")(cw.DecideEligibility(ctx, tenant, "r-ct-03", day("2024-03-01"))); d.Decision.Outcome != eligibility.Eligible {
		t.Fatalf("outcome %s", d.Decision.Outcome)
	}
	_, err = cw.Propose(ctx, tenant, casework.ProgCatania, day("2024-03-05"))
	wantCode(t, "three beds together", err, housing.CodeInvalid, casework.KeyMechanism)
	if !strings.Contains(err.Error(), "3 units together") {
		t.Errorf("message: %v", err)
	}
	if j, _ := cw.Journal(ctx, tenant, "ct-03"); slices.ContainsFunc(j, func(e casework.Entry) bool { return e.Kind == casework.CollProposal }) {
		t.Errorf("a proposal was written: %+v", j)
	}
}
