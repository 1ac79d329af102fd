// Command rulecheck is a regional office's flow with the SDK: the office
// keeps its own rule set and duration policy (rules/), with test cases
// beside them that prove the rules do what its decision says; it runs those
// tests, then decides one household with the rule set and explains the
// stay the policy gives it.
//
//	go run ./examples/rulecheck [-rules DIR] [-lang it|en]
//
// The same tests run from the office's own `go test` (rulecheck_test.go,
// through eligibility/eligibilitytest) and from the command line:
//
//	go run ./cmd/housingkit test examples/rulecheck/rules
//
// Exit status 1 when a test case fails, 2 when a file has problems.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
)

// The office's files, in the rules folder.
const (
	ruleSetFile    = "esempio.emergenza-abitativa.yaml"
	testsFile      = "esempio.emergenza-abitativa.tests.yaml"
	policyFile     = "esempio.emergenza-abitativa.policy.yaml"
	policyTestFile = "esempio.emergenza-abitativa.policy.tests.yaml"
)

// household is the household the program decides: a mother and her child
// under an eviction order.
const household = `{"id":"es-demo","members":[
 {"role":"reference","birth_date":"1988-10-02","sex":"F","incomes":[{"kind":"employment","annual":"11800.00"}],"victim_of_violence":false},
 {"role":"child","birth_date":"2017-04-12","incomes":[]}],
 "isee":{"value":"8450.00","issued_on":"2025-03-10"},
 "ownership":{"owns_dwelling":false},"emergency":{"eviction_order":true}}`

func main() {
	dir := flag.String("rules", defaultRules(), "folder of the office's rule set, policy and test cases")
	lang := flag.String("lang", "it", "language of the explanations: it or en")
	flag.Parse()
	os.Exit(run(os.Stdout, os.Stderr, *dir, *lang))
}

// defaultRules is the rules folder beside this file when run from the
// repository's root, else ./rules.
func defaultRules() string {
	if _, err := os.Stat(filepath.Join("examples", "rulecheck", "rules")); err == nil {
		return filepath.Join("examples", "rulecheck", "rules")
	}
	return "rules"
}

// run is the program; it returns the exit status.
func run(stdout, stderr io.Writer, dir, langName string) int {
	lang, err := housing.ParseLang(langName)
	if err != nil {
		fmt.Fprintln(stderr, "rulecheck:", err)
		return 2
	}
	rs, err := eligibility.LoadFile(filepath.Join(dir, ruleSetFile))
	if err != nil {
		fmt.Fprintln(stderr, "rulecheck:", err)
		return 2
	}
	policy, err := housing.LoadPolicyFile(filepath.Join(dir, policyFile))
	if err != nil {
		fmt.Fprintln(stderr, "rulecheck:", err)
		return 2
	}
	fsys := os.DirFS(dir)

	// 1. The office's test cases: rule set, then duration policy.
	passed, failed := 0, 0
	rep, err := eligibility.RunTests(fsys, testsFile, eligibility.WithRuleSet(rs))
	if err != nil {
		fmt.Fprintln(stderr, "rulecheck:", err)
		return 2
	}
	for _, r := range rep.Results {
		if r.Passed() {
			passed++
			fmt.Fprintf(stdout, "ok    %s\n", r.Name)
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL  %s  %s\n", r.Position, r.Name)
		for _, f := range r.Failures {
			fmt.Fprintf(stdout, "      %s\n", f)
		}
	}
	prep, err := housing.RunPolicyTests(fsys, policyTestFile, policy)
	if err != nil {
		fmt.Fprintln(stderr, "rulecheck:", err)
		return 2
	}
	for _, r := range prep.Results {
		if len(r.Failures) == 0 {
			passed++
			fmt.Fprintf(stdout, "ok    %s\n", r.Name)
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL  %s  %s\n", r.Position, r.Name)
		for _, f := range r.Failures {
			fmt.Fprintf(stdout, "      %s\n", f)
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n\n", passed, failed)
	if failed > 0 {
		return 1
	}

	// 2. A decision with the office's rules, and the stay its policy gives.
	h, err := housing.ReadHousehold("household.json", []byte(household))
	if err != nil {
		fmt.Fprintln(stderr, "rulecheck:", err)
		return 2
	}
	on := housing.MustParseDate("2025-04-01")
	d, err := eligibility.Evaluate(rs, &h, on)
	if err != nil {
		fmt.Fprintln(stderr, "rulecheck:", housing.ErrorMessage(err))
		return 2
	}
	fmt.Fprint(stdout, d.Text(lang))
	if d.Outcome != eligibility.Eligible {
		return 0
	}
	t := housing.Tenancy{ID: "t-demo", HouseholdID: h.ID, UnitID: "u-1", PolicyID: policy.ID, Start: housing.MustParseDate("2025-04-15")}
	fmt.Fprintf(stdout, "\n%s\n", policy.Explain(lang))
	fmt.Fprintf(stdout, "start %s, planned end %s, warning %s, reviews %v\n", t.Start, policy.PlannedEnd(t), policy.WarningDate(t),
		policy.ReviewDates(t, policy.PlannedEnd(t)))
	return 0
}
