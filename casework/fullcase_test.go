package casework_test

import (
	"encoding/json"
	"testing"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// TestFullCases carries one case of each seed programme from referral to
// exit on every store, and checks the stored history and the report
// against numbers computed by hand in the comments.
func TestFullCases(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			t.Run("ferrara", func(t *testing.T) { ferraraCase(t, open(t)) })
			t.Run("catania", func(t *testing.T) { cataniaCase(t, open(t)) })
			t.Run("habito", func(t *testing.T) { habitoCase(t, open(t)) })
			t.Run("crema", func(t *testing.T) { cremaCase(t, open(t)) })
			t.Run("housing-mix", func(t *testing.T) { housingMixCase(t, open(t)) })
		})
	}
}

func ferraraCase(t *testing.T, st store.Store) {
	cw := newCasework(t, st)
	ctx := actor()
	const tenant = store.Tenant("distretto-sud-est")
	setup(t, st, tenant, func(tx store.Tx) error {
		if err := tx.Facilities().Create(housing.Facility{ID: "codigoro", Name: "Codigoro", ProgrammeID: casework.ProgFerrara,
			Municipality: "Codigoro", SubArea: "Delta Ferrarese", BedCapacity: 6}); err != nil {
			return err
		}
		return tx.Units().Create(unit("codigoro-1", "codigoro", casework.ProgFerrara, 1, housing.ContractConcession, "0", "2025-01-01"))
	})
	team := housing.Team{Name: "Equipe territoriale multidisciplinare Delta Ferrarese", Kind: housing.TeamMultidisciplinary}
	fe01 := household(t, `
id: fe-01
members:
  - {role: reference, birth_date: 1990-06-12, sex: F, incomes: [], disability: none, victim_of_violence: true, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
residence: {municipality: Codigoro, region: Emilia-Romagna, since: 2019-05-01}
living_situation: "4.1"
public_housing: {available_now: false}
emergency: {eviction_order: false, safety_risk: false}
`)
	fe02 := household(t, `
id: fe-02
members:
  - {role: reference, birth_date: 1990-06-12, sex: F, incomes: [], disability: none, victim_of_violence: true, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: child, birth_date: 2015-09-01, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: child, birth_date: 2019-02-14, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
residence: {municipality: Codigoro, region: Emilia-Romagna, since: 2019-05-01}
living_situation: "4.1"
public_housing: {available_now: false}
emergency: {eviction_order: false, safety_risk: false}
`)
	assess := casework.Assessment{Domains: []casework.DomainNeed{{Domain: "housing", Need: casework.NeedHigh}, {Domain: "relations", Need: casework.NeedMedium}}, Summary: "needs a protected dwelling"}
	// Ferrara admits only with a personal record.
	err := cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: fe01, Assessment: assess,
		Referral: housing.Referral{ID: "r1", HouseholdID: "fe-01", ProgrammeID: casework.ProgFerrara, Team: team, Date: day("2025-02-10"), CaseManaged: true}})
	wantCode(t, "referral without a record", err, housing.CodeInvalid, "")
	must(t, "referral fe-01", cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: fe01, Assessment: assess,
		Referral: housing.Referral{ID: "r1", HouseholdID: "fe-01", ProgrammeID: casework.ProgFerrara, Team: team, Date: day("2025-02-10"), RecordRef: "FE-SE-2025-01", CaseManaged: true}}))
	must(t, "referral fe-02", cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: fe02, Assessment: assess,
		Referral: housing.Referral{ID: "r2", HouseholdID: "fe-02", ProgrammeID: casework.ProgFerrara, Team: team, Date: day("2025-02-10"), RecordRef: "FE-SE-2025-02", CaseManaged: true}}))
	d1 := mustGet[*casework.Decided](t, "decide r1")(cw.DecideEligibility(ctx, tenant, "r1", day("2025-03-01")))
	if d1.Decision.Outcome != eligibility.Eligible || d1.Waiting == nil || d1.Record.RuleSetVersion == "" || d1.Record.RuleSetID != casework.ProgFerrara {
		t.Fatalf("decision r1: %s, waiting %v, record %+v", d1.Decision.Outcome, d1.Waiting, d1.Record)
	}
	d2 := mustGet[*casework.Decided](t, "decide r2")(cw.DecideEligibility(ctx, tenant, "r2", day("2025-03-01")))
	if d2.Decision.Outcome != eligibility.Refer || d2.Waiting != nil {
		t.Fatalf("decision r2: %s, waiting %v", d2.Decision.Outcome, d2.Waiting)
	}
	// Onwards only when the outcome is refer.
	err = cw.ReferOnwards(ctx, tenant, casework.Onward{ID: "o1", ReferralID: "r1", Date: day("2025-03-02"), To: "Centro antiviolenza"})
	wantCode(t, "onward of an eligible referral", err, housing.CodeConflict, casework.KeyState)
	must(t, "onward", cw.ReferOnwards(ctx, tenant, casework.Onward{ID: "o2", ReferralID: "r2", Date: day("2025-03-02"),
		To: "Casa rifugio per donne con figli", Service: housing.ServiceSocial}))
	must(t, "close onward", cw.CloseOnward(ctx, tenant, "o2", "taken_in", day("2025-03-20"), "accolta con i figli"))

	wl := mustGet[[]casework.Ranked](t, "waiting list")(cw.WaitingList(ctx, tenant, casework.ProgFerrara))
	if len(wl) != 1 || wl[0].Entry.HouseholdID != "fe-01" || !wl[0].Entry.Since.Equal(day("2025-02-10")) {
		t.Fatalf("waiting list: %+v", wl)
	}
	pr := mustGet[*casework.Proposed](t, "propose")(cw.Propose(ctx, tenant, casework.ProgFerrara, day("2025-03-05")))
	if len(pr.Proposals) != 1 || pr.Proposals[0].ID != "codigoro-1.p1" {
		t.Fatalf("proposals: %+v", pr)
	}
	accept(t, cw, tenant, "codigoro-1.p1", day("2025-03-06"))
	k := mustGet[*casework.Contract](t, "start")(cw.StartTenancy(ctx, tenant, casework.StartInput{ProposalID: "codigoro-1.p1", TenancyID: "t-fe-01", Start: day("2025-03-10")}))
	// 24 months from 10 March 2025.
	if !k.End.Equal(day("2027-03-10")) || k.Kind != housing.ContractConcession || k.Persons != 1 || k.Ethos != "4.1" {
		t.Fatalf("contract: %+v", k)
	}
	must(t, "care plan", cw.CreateCarePlan(ctx, tenant, housing.CarePlan{ID: "cp-fe-01", HouseholdID: "fe-01", TenancyID: "t-fe-01",
		Keyworker: "as-03", Start: day("2025-03-10"),
		Goals:    []housing.Goal{{Description: "domanda ERP presentata", Due: day("2025-06-30")}, {Description: "tirocinio avviato", Due: day("2025-09-30")}},
		Services: []housing.ActivatedService{{Service: housing.ServiceJobPlacement, Start: day("2025-04-01")}, {Service: housing.ServicePsychological, Start: day("2025-03-15")}}}))
	err = cw.CreateCarePlan(ctx, tenant, housing.CarePlan{ID: "cp-x", HouseholdID: "fe-01", TenancyID: "t-fe-01", Start: day("2025-03-10"),
		Goals: []housing.Goal{{Description: "x"}}, Services: []housing.ActivatedService{{Service: housing.ServiceFinancialAdvice, Start: day("2025-03-10")}}})
	wantCode(t, "a service outside Ferrara's list", err, housing.CodeInvalid, "")
	// On 15 July 2025 the first goal is overdue; the first review (10
	// September) is not due yet.
	due := mustGet[[]casework.DueItem](t, "due")(cw.Due(ctx, tenant, day("2025-07-15")))
	if len(due) != 1 || due[0].Code != casework.DueGoalOverdue || due[0].Goal != "domanda ERP presentata" {
		t.Fatalf("due on 2025-07-15: %+v", due)
	}
	due = mustGet[[]casework.DueItem](t, "due")(cw.Due(ctx, tenant, day("2025-09-11")))
	if len(due) != 2 || due[0].Code != housing.DueReviewOverdue || due[1].Code != casework.DueGoalOverdue {
		t.Fatalf("due on 2025-09-11: %+v", due)
	}
	mustGet[*housing.Tenancy](t, "review")(cw.Review(ctx, tenant, "t-fe-01", day("2025-09-12"), "verifica del progetto"))
	due = mustGet[[]casework.DueItem](t, "due")(cw.Due(ctx, tenant, day("2025-09-13")))
	if len(due) != 1 || due[0].Code != casework.DueGoalOverdue {
		t.Fatalf("due after the review: %+v", due)
	}
	var plan store.Versioned[housing.CarePlan]
	must(t, "read plan", st.View(ctx, tenant, func(tx store.Tx) error {
		var err error
		plan, err = tx.CarePlans().Get("cp-fe-01")
		return err
	}))
	if len(plan.Value.Reviews) != 1 || !plan.Value.Reviews[0].Equal(day("2025-09-12")) {
		t.Fatalf("the review meeting is not in the care plan: %+v", plan.Value.Reviews)
	}
	p := plan.Value
	p.Goals[0].Achieved = day("2025-10-01")
	must(t, "goal reached", cw.UpdateCarePlan(ctx, tenant, p, plan.Version, day("2025-10-01"), "domanda ERP presentata"))
	mustGet[*housing.Tenancy](t, "exit")(cw.Exit(ctx, tenant, "t-fe-01", housing.Exit{Date: day("2026-01-20"), Pathway: housing.ExitPublicHousing}))
	_, err = cw.Exit(ctx, tenant, "t-fe-01", housing.Exit{Date: day("2026-01-21"), Pathway: housing.ExitPublicHousing})
	wantCode(t, "exit twice", err, housing.CodeConflict, "")

	// The stored history: the tenancy's versions and the journal.
	var hist []store.Versioned[housing.Tenancy]
	must(t, "history", st.View(ctx, tenant, func(tx store.Tx) error {
		var err error
		hist, err = tx.Tenancies().History("t-fe-01")
		return err
	}))
	if len(hist) != 3 || hist[0].Value.Status != housing.TenancyActive || len(hist[1].Value.Reviews) != 1 || hist[2].Value.Status != housing.TenancyEnded {
		t.Fatalf("tenancy history: %d versions", len(hist))
	}
	j := mustGet[[]casework.Entry](t, "journal")(cw.Journal(ctx, tenant, "fe-01"))
	ops := ""
	for _, e := range j {
		ops += e.Op + ":" + e.Kind + " "
		if e.Actor != "op-17" || !e.At.Equal(fixedClock()) {
			t.Errorf("journal entry %s: actor %q at %s", e.ID, e.Actor, e.At)
		}
	}
	want := "register_referral:household register_referral:referral decide_eligibility:decision decide_eligibility:waiting_entry " +
		"propose:casework.proposal respond:casework.proposal respond:casework.proposal start_tenancy:waiting_entry start_tenancy:casework.proposal start_tenancy:tenancy " +
		"create_care_plan:care_plan review:care_plan review:tenancy update_care_plan:care_plan exit:tenancy "
	if ops != want {
		t.Errorf("journal:\n got %s\nwant %s", ops, want)
	}
	last := j[len(j)-1]
	var before, after struct {
		Tenancy housing.Tenancy `json:"tenancy"`
	}
	must(t, "before", json.Unmarshal(last.Before, &before))
	must(t, "after", json.Unmarshal(last.After, &after))
	if before.Tenancy.Status != housing.TenancyActive || after.Tenancy.Status != housing.TenancyEnded || last.Reason != "public_housing" {
		t.Errorf("exit entry: before %s after %s reason %s", before.Tenancy.Status, after.Tenancy.Status, last.Reason)
	}

	r := mustGet[*casework.Report](t, "report")(cw.Report(ctx, tenant, casework.Period{From: day("2025-01-01"), To: day("2026-12-31")}, ""))
	// Two referrals; one eligible (groups women_victims_of_violence and
	// households_without_minors), one refer; one admission of one person
	// after 28 days (10 February → 10 March 2025); one exit to public
	// housing after 316 days (10 March 2025 → 20 January 2026); housed 6
	// months (10 September 2025 ≤ 20 January 2026); ETHOS 4.1 at entry.
	checkInts(t, "ferrara report", map[string][2]int{
		"referrals":        {r.Referrals, 2},
		"eligible":         {count(r.Decisions, "eligible"), 1},
		"refer":            {count(r.Decisions, "refer"), 1},
		"eligible/women":   {count(r.DecisionReasons, "eligible/women_victims_of_violence"), 1},
		"admissions":       {r.Admissions, 1},
		"persons":          {r.AdmittedPersons, 1},
		"wait n":           {r.WaitingTimes.N, 1},
		"wait median":      {r.WaitingTimes.Median, 28},
		"stay median":      {r.LengthOfStay.Median, 316},
		"exits erp":        {count(r.Exits, "public_housing"), 1},
		"housed 6 months":  {r.Housed6Months, 1},
		"limit":            {r.LimitNoSolution, 0},
		"ethos 4.1":        {count(r.EthosAtEntry, "4.1"), 1},
		"occupancy months": {len(r.Occupancy), 24},
		// March 2025: 1 bed from the 10th to the 31st = 22 bed-days of 6 × 31 = 186, 11%.
		"march bed-days": {r.Occupancy[2].BedDays, 22},
		"march capacity": {r.Occupancy[2].CapacityDays, 186},
		"march percent":  {r.Occupancy[2].Percent, 11},
		// January 2026: the 1st to the 19th = 19 bed-days.
		"january 2026": {r.Occupancy[12].BedDays, 19},
	})
}

func checkInts(t *testing.T, what string, m map[string][2]int) {
	t.Helper()
	for k, v := range m {
		if v[0] != v[1] {
			t.Errorf("%s: %s = %d, want %d", what, k, v[0], v[1])
		}
	}
}

// accept records the household's and the landlord's acceptance.
func accept(t *testing.T, cw *casework.Casework, tenant store.Tenant, id string, on housing.Date) {
	t.Helper()
	mustGet[*casework.Proposal](t, "household accepts")(cw.Respond(actor(), tenant, casework.Response{ProposalID: id, By: casework.ByHousehold, Accept: true, Date: on}))
	p := mustGet[*casework.Proposal](t, "landlord accepts")(cw.Respond(actor(), tenant, casework.Response{ProposalID: id, By: casework.ByLandlord, Accept: true, Date: on}))
	if p.Status != casework.ProposalAccepted {
		t.Fatalf("proposal %s is %s after both accepted", id, p.Status)
	}
}
