package housing_test

import (
	"errors"
	"fmt"

	"github.com/housingkit/housingkit/housing"
)

// started returns a tenancy under the policy that started on the date.
func started(p *housing.DurationPolicy, start string) housing.Tenancy {
	t := housing.Tenancy{ID: "t1", HouseholdID: "h1", UnitID: "u1", PolicyID: p.ID}
	if err := t.Propose(housing.MustParseDate(start), ""); err != nil {
		panic(err)
	}
	if err := t.Activate(p, housing.MustParseDate(start), ""); err != nil {
		panic(err)
	}
	return t
}

// A fixed maximum: Ferrara's temporary housing lasts at most 24 months. A
// stay that starts on a leap day ends on 28 February, two years on.
func ExampleDurationPolicy_fixed() {
	p, _ := housing.PolicyByID("ferrara-sud-est.housing-temporaneo")
	t := started(p, "2024-02-29")
	fmt.Println("planned end:", p.PlannedEnd(t))
	fmt.Println("warning:    ", p.WarningDate(t))
	fmt.Println("reviews:    ", p.ReviewDates(t, p.PlannedEnd(t)))
	for _, asOf := range []string{"2024-08-29", "2025-11-30", "2026-03-01"} {
		for _, d := range p.Due(t, housing.MustParseDate(asOf)) {
			fmt.Printf("%s %s: %s\n", asOf, d.Code, d.Text.EN)
		}
	}
	err := p.CanRenew(t, housing.Renewal{Date: housing.MustParseDate("2025-12-01")})
	fmt.Println(errors.Is(err, housing.ErrNotRenewable), housing.ErrorCode(err))
	// Output:
	// planned end: 2026-02-28
	// warning:     2025-11-30
	// reviews:     [2024-08-29 2025-02-28 2025-08-29]
	// 2024-08-29 review_due: A review of the stay is due today, 29 August 2024.
	// 2025-11-30 review_overdue: 3 reviews have not been held, the first due on 29 August 2024 (458 days overdue).
	// 2025-11-30 warning: The stay ends on 28 February 2026, in 90 days: plan the exit.
	// 2026-03-01 review_overdue: 3 reviews have not been held, the first due on 29 August 2024 (549 days overdue).
	// 2026-03-01 expired: The stay expired on 28 February 2026, 1 day ago, and no exit is recorded.
	// true forbidden
}

// A base term plus a bounded renewal that needs a reason: Crema's temporary
// hospitality lasts 12 months, renewable once for 12 months for proven
// reasons.
func ExampleDurationPolicy_renewable() {
	p, _ := housing.PolicyByID("crema.ospitalita-temporanea")
	t := started(p, "2024-01-31")
	fmt.Println("planned end:", t.PlannedEnd)

	err := t.Renew(p, housing.Renewal{Date: housing.MustParseDate("2024-12-15")})
	fmt.Println(errors.Is(err, housing.ErrRenewalReasonRequired), housing.ErrorCode(err))

	err = t.Renew(p, housing.Renewal{Date: housing.MustParseDate("2024-12-15"), Reason: "job_search", Note: "contract offer from 1 March"})
	fmt.Println(err, t.Status, "until", t.PlannedEnd)

	err = t.Renew(p, housing.Renewal{Date: housing.MustParseDate("2025-12-15"), Reason: "health"})
	fmt.Println(errors.Is(err, housing.ErrRenewalLimit))
	fmt.Println(housing.ErrorMessage(err))
	// Output:
	// planned end: 2025-01-31
	// true forbidden
	// <nil> renewed until 2026-01-31
	// true
	// no renewal left: the policy “Temporary hospitality (Municipality of Crema)” allows 1 in all and 1 is already recorded
}

// Open-ended until an exit event, with a mandatory review: Catania's
// transition housing has no planned end; a stay is reviewed every 6 months
// until public housing or a private lease is found.
func ExampleDurationPolicy_openEnded() {
	p, _ := housing.PolicyByID("catania.alloggi-di-transizione")
	t := started(p, "2024-04-30")
	fmt.Println("planned end is zero:", p.PlannedEnd(t).IsZero())
	fmt.Println("next review:", p.NextReview(t, housing.MustParseDate("2024-05-01")))

	_ = t.RecordReview(housing.MustParseDate("2024-10-28"), "care plan on track")
	fmt.Println("next review:", p.NextReview(t, housing.MustParseDate("2024-11-01")))
	for _, d := range p.Due(t, housing.MustParseDate("2025-05-02")) {
		fmt.Println(d.Code, d.Date, d.Text.IT)
	}
	_ = t.End(housing.Exit{Date: housing.MustParseDate("2025-06-10"), Pathway: housing.ExitPublicHousing})
	fmt.Println(t.Status, t.Exit.Pathway.Label(housing.Italian))
	// Output:
	// planned end is zero: true
	// next review: 2024-10-30
	// next review: 2025-04-30
	// review_overdue 2025-04-30 La verifica prevista il 30 aprile 2025 non risulta svolta: in ritardo di 2 giorni.
	// ended assegnazione di un alloggio ERP
}

func ExampleDurationPolicy_Explain() {
	p, _ := housing.PolicyByID("catania.alloggi-di-transizione")
	fmt.Println(p.Explain(housing.English))
	// Output:
	// Transition housing (Catania, Habito project): a stay with no fixed end, lasting until an exit event: public housing (ERP) assignment; private-market lease. A review of the stay is mandatory every 6 months. To be confirmed by the office: the text gives neither a maximum stay nor a review interval; the review every 6 months is provisional and must be confirmed.
}

// Policy files are read strictly; every problem is reported at once with
// its position.
func ExampleParsePolicy() {
	src := []byte(`format: housingkit.policy/v1
id: roma.pilot
title: {it: Progetto pilota, en: Pilot}
kind: fixed
term_months: 18
warning_days: 600
review_every_months: "6"
renewals: {max: 1, months: 6}
reference: {source: Delibera 12/2025, colour: red}
`)
	_, err := housing.ParsePolicy("roma.yaml", src)
	var e *housing.Error
	if errors.As(err, &e) {
		for _, p := range e.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// roma.yaml:6:15: warning_days: 600 days is not shorter than the 18-month term: the warning would fall on or before the start
	// roma.yaml:7:22: review_every_months: want a whole number, got the text "6" (write it without quotes)
	// roma.yaml:8:11: renewals: only a renewable policy has renewals; this one is fixed
	// roma.yaml:9:39: reference.colour: unknown key "colour"; want one of source, seed, quote, url
}

func ExampleShippedPolicies() {
	for _, p := range housing.ShippedPolicies() {
		fmt.Printf("%s: %s, %d months at most\n", p.ID, p.Kind.Label(housing.English), p.MaxMonths())
	}
	// Output:
	// catania.alloggi-di-transizione: until an exit event, 0 months at most
	// crema.ospitalita-temporanea: renewable term, 24 months at most
	// ferrara-sud-est.housing-temporaneo: fixed term, 24 months at most
}

// An office proves that its policy does what the programme's text says with
// test cases: a stay, the events that happen to it and what the policy must
// give. Here the shipped Crema policy (12 months, renewable once for 12
// with a reason from its list) is tested, and one expectation is wrong on
// purpose.
func ExamplePolicyTestFile_Run() {
	src := []byte(`format: housingkit.policytests/v1
policy: crema.ospitalita-temporanea
cases:
  - name: renewed once for a job search
    start: 2024-01-31
    events:
      - renew: {date: 2024-12-10, reason: job_search}
      - renew: {date: 2025-12-10, reason: health}
        refused: renewal_limit
    expect:
      planned_end: 2026-01-31
      due:
        - {on: 2025-12-02, codes: [review_overdue, warning]}
  - name: wrong on purpose
    start: 2024-01-31
    expect:
      planned_end: 2025-01-30
      renewals:
        - {on: 2024-12-10, allowed: false}
`)
	tf, err := housing.ParsePolicyTests("crema.tests.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	report, err := tf.Run(nil) // the policy is shipped: no file to read
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range report.Results {
		fmt.Println(r.Position, r.Name, r.Passed())
		for _, f := range r.Failures {
			fmt.Println("  ", f)
		}
	}
	fmt.Printf("%d passed, %d failed\n", report.Passed(), report.Failed())
	// Output:
	// crema.tests.yaml:4:5 renewed once for a job search true
	// crema.tests.yaml:14:5 wrong on purpose false
	//    planned end: got 2025-01-31, want 2025-01-30
	//    renewal on 2024-12-10: allowed (1 left, new end 2026-01-31); want it refused
	// 1 passed, 1 failed
}

// A policy file must say its format, and a file of test cases is not a
// policy.
func ExampleParsePolicy_format() {
	_, err := housing.ParsePolicy("pilot.yaml", []byte("id: pilot\ntitle: {it: Pilota, en: Pilot}\nkind: fixed\nterm_months: 6\nreference: {source: Delibera 1/2026}\n"))
	fmt.Println(err)
	_, err = housing.ParsePolicy("pilot.yaml", []byte("format: housingkit.policytests/v1\nid: pilot\ntitle: {it: Pilota, en: Pilot}\nkind: fixed\nterm_months: 6\nreference: {source: Delibera 1/2026}\n"))
	fmt.Println(err)
	// Output:
	// invalid: invalid duration policy pilot.yaml: pilot.yaml:1:1: format: is required: a duration-policy file starts with format: housingkit.policy/v1
	// invalid: invalid duration policy pilot.yaml: pilot.yaml:1:9: format: "housingkit.policytests/v1" is the format of policy test cases, not of a policy; a duration-policy file says format: housingkit.policy/v1
}
