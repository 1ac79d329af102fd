package eligibility_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing/fstest"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
)

// exampleHousehold is a mother and a child staying with relatives, with a
// precarious income, referred by the social service.
func exampleHousehold() (*housing.Household, *housing.Referral) {
	h, err := housing.ReadHousehold("household.yaml", []byte(`
id: cr-100
members:
  - {role: reference, birth_date: 1990-05-01, incomes: [{kind: employment, annual: "8400.00", precarious: true}],
     recently_impoverished: true}
  - {role: child, birth_date: 2016-09-01, incomes: []}
isee: {value: "5200.00", issued_on: 2024-01-15}
living_situation: "8.1"
ownership: {owns_dwelling: false}
emergency: {eviction_order: false}
`))
	if err != nil {
		panic(err)
	}
	ref := &housing.Referral{Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService}, With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}, Date: housing.MustParseDate("2024-02-01")}
	return &h, ref
}

func ExampleParse() {
	rs, err := eligibility.Parse("rules.yaml", []byte(`
format: housingkit.ruleset/v1
id: example.small
version: "1"
title: {it: Esempio, en: Example}
jurisdiction: {region: Lombardia}
valid_from: 2024-01-01
references: [{id: act, title: "Delibera n. 1/2024"}]
parameters:
  max_size:
    unit: persons
    values: {2024-01-01: 4}
requirements:
  - id: small_household
    label: {it: al massimo 4 persone, en: at most 4 people}
    reference: act
    when: {fact: household_size, op: le, param: max_size}
  - id: income
    label: {it: almeno un reddito, en: at least one income}
    reference: act
    when: {fact: has_income, op: eq, value: true}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rs.ID(), rs.Facts())

	_, err = eligibility.Parse("rules.yaml", []byte(`
format: housingkit.ruleset/v1
id: example.small
version: "1"
title: {it: Esempio, en: Example}
jurisdiction: {region: Lombardia}
valid_from: 2024-01-01
references: [{id: act, title: "Delibera n. 1/2024"}]
requirements:
  - id: small_household
    label: {it: al massimo 4 persone, en: at most 4 people}
    reference: act
    when: {fact: househol_size, op: le, param: max_size}
`))
	fmt.Println(err)
	// Output:
	// example.small [household_size has_income]
	// invalid: invalid rule set rules.yaml: rules.yaml:13:18: requirements[0].when.fact: unknown fact "househol_size" (did you mean "household_size"?); rules.yaml:13:48: requirements[0].when.param: unknown parameter "max_size"
}

func ExampleEvaluate() {
	rs, _ := eligibility.Shipped("crema.ospitalita-temporanea")
	h, ref := exampleHousehold()
	d, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-03-01"), eligibility.WithReferral(ref))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome, d.Groups, d.Score.Total)
	r := d.Reasons[1]
	fmt.Println(r.Code, r.Status, r.Facts[0].Name(), r.Facts[0].Value)
	fmt.Println(r.Message.IT)
	fmt.Println(r.Message.EN)
	// Output:
	// eligible [temporary_difficulty fragile_household] 7
	// at_least_one_income passed has_income true
	// Requisito soddisfatto: almeno un'entrata reddituale nel nucleo, anche se limitata o precaria
	// Requirement met: at least one income in the household, even if small or precarious
}

func ExampleEvaluate_incomplete() {
	rs, _ := eligibility.Shipped("crema.ospitalita-temporanea")
	h, _ := exampleHousehold()
	// Without the referral, the referring team is unknown: the outcome
	// waits for it, since everything else holds.
	d, _ := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-03-01"))
	fmt.Println(d.Outcome, d.Missing)
	// With no income at all the household is ineligible whatever the
	// referral: false AND unknown is false.
	h.Members[0].Incomes = []housing.IncomeSource{}
	d, _ = eligibility.Evaluate(rs, h, housing.MustParseDate("2024-03-01"))
	fmt.Println(d.Outcome, d.Missing)
	// Output:
	// incomplete [referral_team referral_joint_team]
	// ineligible []
}

func ExampleEvaluateOutcome() {
	rs, _ := eligibility.Shipped("crema.ospitalita-temporanea")
	h, ref := exampleHousehold()
	out, _ := eligibility.EvaluateOutcome(rs, h, housing.MustParseDate("2024-03-01"), eligibility.WithReferral(ref))
	fmt.Println(out)
	// Output:
	// eligible
}

func ExampleRuleSet_Apply() {
	rs, _ := eligibility.Shipped("crema.ospitalita-temporanea")
	o, err := eligibility.ParseOverlay("variant.yaml", []byte(`
format: housingkit.overlay/v1
id: crema.without-income
base: crema.ospitalita-temporanea
title: {it: Anche senza entrate, en: Without income too}
disable: [at_least_one_income]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := rs.Apply(o)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, ref := exampleHousehold()
	h.Members[0].Incomes = []housing.IncomeSource{}
	for _, r := range []*eligibility.RuleSet{rs, v} {
		out, _ := eligibility.EvaluateOutcome(r, h, housing.MustParseDate("2024-03-01"), eligibility.WithReferral(ref))
		fmt.Println(r.Variants(), out)
	}
	for _, c := range eligibility.Diff(rs, v) {
		fmt.Println(c)
	}
	// Output:
	// [] ineligible
	// [crema.without-income] eligible
	// ruleset variants changed: [] → [crema.without-income]
	// rule at_least_one_income removed: requirement
}

func ExampleWithVariant() {
	rs, _ := eligibility.Shipped("crema.ospitalita-temporanea")
	o, _ := eligibility.LoadOverlayFS(rulesets.FS, "variants/crema.size-limit-5.yaml")
	h, ref := exampleHousehold()
	// A household of five: both target groups are limited to four people,
	// so it is ineligible. The variant raises the limit to five from 2025.
	for range 3 {
		h.Members = append(h.Members, housing.Member{Role: housing.RoleChild, Person: housing.Person{BirthDate: housing.MustParseDate("2018-01-01"), Incomes: []housing.IncomeSource{}}})
	}
	h.Members[0].RecentlyImpoverished = nil
	h.ISEE.IssuedOn = housing.MustParseDate("2025-01-15")
	on := housing.MustParseDate("2025-03-01")
	base, _ := eligibility.EvaluateOutcome(rs, h, on, eligibility.WithReferral(ref))
	variant, _ := eligibility.EvaluateOutcome(rs, h, on, eligibility.WithReferral(ref), eligibility.WithVariant(o))
	fmt.Println(len(h.Members), base, variant)
	// Output:
	// 5 ineligible eligible
}

func ExampleRunTests() {
	fsys := fstest.MapFS{"crema.tests.yaml": {Data: []byte(`
format: housingkit.testcases/v1
ruleset: crema.ospitalita-temporanea
cases:
  - name: alone without income
    date: 2024-03-01
    household: {id: a, members: [{role: reference, birth_date: 1980-01-01, incomes: []}]}
    expect: {outcome: ineligible, failed: [at_least_one_income]}
  - name: a wrong expectation
    date: 2024-03-01
    household: {id: b, members: [{role: reference, birth_date: 1980-01-01, incomes: []}]}
    expect: {outcome: eligible}
`)}}
	report, err := eligibility.RunTests(fsys, "crema.tests.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range report.Results {
		fmt.Println(r.Position, r.Name, r.Passed(), r.Failures)
	}
	fmt.Printf("%d passed, %d failed\n", report.Passed(), report.Failed())
	// Output:
	// crema.tests.yaml:5:5 alone without income true []
	// crema.tests.yaml:9:5 a wrong expectation false [outcome: got ineligible, want eligible]
	// 1 passed, 1 failed
}

func ExampleSummarize() {
	rs, _ := eligibility.Shipped("crema.ospitalita-temporanea")
	h, ref := exampleHousehold()
	s, err := eligibility.Summarize(rs, h, housing.MustParseDate("2024-03-01"), eligibility.WithReferral(ref))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Outcome, s.Groups, s.Score)
	// With no income at all, the first rule that fails is the income
	// requirement.
	h.Members[0].Incomes = []housing.IncomeSource{}
	s, _ = eligibility.Summarize(rs, h, housing.MustParseDate("2024-03-01"), eligibility.WithReferral(ref))
	fmt.Println(s.Outcome, s.FirstFailed)
	// Output:
	// eligible [temporary_difficulty fragile_household] 7
	// ineligible at_least_one_income
}

// A service writing many decisions, one JSON line each, appends them into
// one reused buffer: the bytes are json.Marshal's, without its reflection.
func ExampleDecision_AppendJSON() {
	rs, _ := eligibility.Shipped("crema.ospitalita-temporanea")
	h, ref := exampleHousehold()
	d, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-03-01"), eligibility.WithReferral(ref))
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf []byte
	for range 2 {
		buf, err = d.AppendJSON(buf[:0])
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	want, _ := json.Marshal(d)
	fmt.Println(bytes.Equal(buf, want))
	fmt.Println(string(buf[:91]))
	// Output:
	// true
	// {"format":"housingkit.decision/v1","ruleset":{"id":"crema.ospitalita-temporanea","version":
}
