package eligibility_test

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func semantics(t testing.TB) *eligibility.RuleSet {
	t.Helper()
	rs, err := eligibility.LoadFile("testdata/semantics.yaml")
	require.NoError(t, err)
	return rs
}

var team = &housing.Referral{Team: housing.Team{Name: "Equipe", Kind: housing.TeamMultidisciplinary}, Date: housing.MustParseDate("2024-01-10")}

// adult returns a one-person household with the given extra YAML fields.
func adult(t testing.TB, extra string) *housing.Household {
	return household(t, `{id: a, members: [{role: reference, birth_date: 1980-01-01, incomes: []`+memberExtra(extra)+`}], `+householdExtra(extra)+`}`)
}

func memberExtra(extra string) string {
	if strings.Contains(extra, "victim") {
		return ", victim_of_violence: true"
	}
	return ""
}

func householdExtra(extra string) string {
	return strings.ReplaceAll(extra, "victim", "")
}

func reason(t testing.TB, d *eligibility.Decision, code string) eligibility.Reason {
	t.Helper()
	for _, r := range d.Reasons {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no reason %s", code)
	return eligibility.Reason{}
}

func TestEffectiveDatedImportedParameter(t *testing.T) {
	rs := semantics(t)
	h := household(t, `{id: a, members: [{role: reference, birth_date: 1980-01-01, incomes: [], victim_of_violence: false}],
isee: {value: "18000.00", issued_on: 2024-01-05}, ownership: {owns_dwelling: false}}`)
	d, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"), eligibility.WithReferral(team))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Ineligible, d.Outcome)
	r := reason(t, d, "isee_limit")
	assert.Equal(t, eligibility.Failed, r.Status)
	require.Len(t, r.Parameters, 1)
	assert.Equal(t, "emilia_romagna_isee_access", r.Parameters[0].Name)
	assert.Equal(t, "17428", r.Parameters[0].Value.String())
	assert.Equal(t, "2021-01-01", r.Parameters[0].From.String())
	assert.Equal(t, "erp-access-limits", r.Parameters[0].Source)
	assert.Equal(t, "Regione Emilia-Romagna, requisiti ERP", r.Reference.Title)

	h.ISEE.IssuedOn = housing.MustParseDate("2025-01-05")
	d, err = eligibility.Evaluate(rs, h, housing.MustParseDate("2025-06-01"), eligibility.WithReferral(team))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Eligible, d.Outcome, "the 2025 limit is 20217.01")
	r = reason(t, d, "isee_limit")
	assert.Equal(t, "20217.01", r.Parameters[0].Value.String())
	assert.Equal(t, "2025-01-01", r.Parameters[0].From.String())
	assert.Equal(t, []string{"adult_alone"}, d.Groups)
}

func TestExceptionDecides(t *testing.T) {
	rs := semantics(t)
	on := housing.MustParseDate("2024-06-01")
	for _, tc := range []struct {
		name, extra string
		outcome     eligibility.Outcome
		status      eligibility.Status
		exception   string
		missing     []string
	}{
		{"over the limit, victim: the exception holds", `victim isee: {value: "25000", issued_on: 2024-01-05}, ownership: {owns_dwelling: false}`, eligibility.Eligible, eligibility.Passed, "violence", []string{}},
		{"ISEE unknown, victim: the exception decides without it", `victim ownership: {owns_dwelling: false}`, eligibility.Eligible, eligibility.Passed, "violence", []string{}},
		{"ISEE within, violence unknown: both ways it holds", `isee: {value: "1000", issued_on: 2024-01-05}, ownership: {owns_dwelling: false}`, eligibility.Eligible, eligibility.Passed, "", []string{}},
		{"ISEE over, violence unknown: undecided", `isee: {value: "25000", issued_on: 2024-01-05}, ownership: {owns_dwelling: false}`, eligibility.Incomplete, eligibility.Unknown, "", []string{"victim_of_violence"}},
		{"ISEE and violence unknown", `ownership: {owns_dwelling: false}`, eligibility.Incomplete, eligibility.Unknown, "", []string{"isee", "victim_of_violence"}},
		{"owner: excluded whatever is unknown", `ownership: {owns_dwelling: true, adequate: true}`, eligibility.Ineligible, eligibility.Unknown, "", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := eligibility.Evaluate(rs, adult(t, tc.extra), on, eligibility.WithReferral(team))
			require.NoError(t, err)
			assert.Equal(t, tc.outcome, d.Outcome)
			r := reason(t, d, "isee_limit")
			assert.Equal(t, tc.status, r.Status)
			assert.Equal(t, tc.exception, r.Exception)
			assert.Equal(t, tc.missing, d.Missing)
			if tc.exception != "" {
				assert.Equal(t, "art. 2", r.Reference.Article, "an exception cites its own article")
				assert.Equal(t, "Requirement met: ISEE within the limit (exception: victim of violence)", r.Message.EN)
				assert.Equal(t, "Requisito soddisfatto: ISEE entro il limite (eccezione: vittima di violenza)", r.Message.IT)
			}
			out, err := eligibility.EvaluateOutcome(rs, adult(t, tc.extra), on, eligibility.WithReferral(team))
			require.NoError(t, err)
			assert.Equal(t, d.Outcome, out)
		})
	}
}

func TestReferralOutcome(t *testing.T) {
	rs := semantics(t)
	on := housing.MustParseDate("2024-06-01")
	family := func(living string) *housing.Household {
		return household(t, `{id: f, members: [{role: reference, birth_date: 1990-01-01, incomes: []}, {role: child, birth_date: 2020-01-01, incomes: []}],
isee: {value: "5000", issued_on: 2024-01-05}, ownership: {owns_dwelling: false}`+living+`}`)
	}
	d, err := eligibility.Evaluate(rs, family(`, living_situation: "1.1"`), on, eligibility.WithReferral(team))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Refer, d.Outcome)
	assert.Equal(t, []string{"with_minors"}, d.Groups)
	assert.Equal(t, []string{"minors_roofless"}, d.Referrals)
	assert.Equal(t, eligibility.Failed, reason(t, d, "minors_roofless").Status, "a referral rule that applies stands in the way of a plain eligible")
	assert.Equal(t, eligibility.True, reason(t, d, "minors_roofless").Holds)

	d, err = eligibility.Evaluate(rs, family(`, living_situation: "8.1"`), on, eligibility.WithReferral(team))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Eligible, d.Outcome)
	assert.Equal(t, eligibility.Passed, reason(t, d, "minors_roofless").Status)

	d, err = eligibility.Evaluate(rs, family(``), on, eligibility.WithReferral(team))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Incomplete, d.Outcome, "eligible, but whether to refer depends on the living situation")
	assert.Equal(t, []string{"ethos_concept"}, d.Missing)
	assert.Equal(t, eligibility.Undetermined, reason(t, d, "minors_roofless").Holds)
	assert.Equal(t, []string{"ethos_concept"}, reason(t, d, "minors_roofless").Missing)
}

func TestEvaluateRejectsBadInput(t *testing.T) {
	rs := semantics(t)
	h := adult(t, `ownership: {owns_dwelling: false}`)
	for _, tc := range []struct {
		name string
		on   housing.Date
		rs   *eligibility.RuleSet
		h    *housing.Household
		want string
	}{
		{"before validity", housing.MustParseDate("2023-12-31"), rs, h, "rule set test.semantics is valid from 2024-01-01 to 2026-12-31: it cannot be applied on 2023-12-31"},
		{"after validity", housing.MustParseDate("2027-01-01"), rs, h, "cannot be applied on 2027-01-01"},
		{"no date", housing.Date{}, rs, h, "no evaluation date"},
		{"no household", housing.MustParseDate("2024-06-01"), rs, nil, "no household"},
		{"no rule set", housing.MustParseDate("2024-06-01"), nil, h, "no rule set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eligibility.Evaluate(tc.rs, tc.h, tc.on)
			require.Error(t, err)
			assert.ErrorIs(t, err, housing.ErrInvalid)
			assert.Contains(t, err.Error(), tc.want)
			_, err = eligibility.EvaluateOutcome(tc.rs, tc.h, tc.on)
			assert.ErrorIs(t, err, housing.ErrInvalid)
		})
	}
}

func TestExpressionRuntimeErrorIsReported(t *testing.T) {
	rs, err := eligibility.Parse("expr.yaml", []byte(strings.Replace(base, "when: {fact: household_size, op: le, param: max_size}",
		`when: {expr: "annual_income / household_size <= 100 && household_size <= param.max_size"}`, 1)))
	require.NoError(t, err)
	empty := &housing.Household{ID: "empty", Members: []housing.Member{}}
	_, err = eligibility.Evaluate(rs, empty, housing.MustParseDate("2024-02-01"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "division by zero")
	_, err = eligibility.EvaluateOutcome(rs, empty, housing.MustParseDate("2024-02-01"))
	assert.Contains(t, err.Error(), "division by zero")

	d, err := eligibility.Evaluate(rs, household(t, `{id: x, members: [{role: reference, birth_date: 1980-01-01, incomes: [{kind: other, annual: "100.00"}]}]}`), housing.MustParseDate("2024-02-01"))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Eligible, d.Outcome)
	assert.Equal(t, []string{"household_size", "annual_income"}, []string{d.Reasons[0].Facts[0].Name(), d.Reasons[0].Facts[1].Name()})
	assert.Equal(t, "100.00", d.Reasons[0].Facts[1].Value.String())
}

func TestConcurrentEvaluation(t *testing.T) {
	rs, err := eligibility.Shipped("crema.ospitalita-temporanea")
	require.NoError(t, err)
	data, err := os.ReadFile("../testdata/crema-household-family-of-four.json")
	require.NoError(t, err)
	h, err := housing.ReadHousehold("family.json", data)
	require.NoError(t, err)
	ref := &housing.Referral{Team: housing.Team{Kind: housing.TeamSocialService}, With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}, Date: housing.MustParseDate("2022-02-10")}
	want, err := eligibility.Evaluate(rs, &h, housing.MustParseDate("2022-03-01"), eligibility.WithReferral(ref))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				on := mustDate(housing.MustParseDate("2022-03-01").AddDays((g*200 + i) % 3))
				d, err := eligibility.Evaluate(rs, &h, on, eligibility.WithReferral(ref))
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, want.Outcome, d.Outcome)
				assert.Equal(t, want.Score.Total, d.Score.Total)
				out, _ := eligibility.EvaluateOutcome(rs, &h, on, eligibility.WithReferral(ref))
				assert.Equal(t, want.Outcome, out)
			}
		}()
	}
	wg.Wait()
}

func TestIncomeByKindChildrenAndNeeds(t *testing.T) {
	// The Sicilian "reddito convenzionale": employment income at 60 % after
	// a deduction per dependent child, plus other incomes.
	rs, err := eligibility.Parse("sicily.yaml", []byte(`format: housingkit.ruleset/v1
id: test.sicily
version: "1"
title: {it: Prova, en: Test}
jurisdiction: {region: Sicilia}
valid_from: 2024-01-01
references: [{id: src, title: Source}]
imports:
  - {from: erp-access-limits, parameters: [sicilia_income_access, sicilia_employment_income_share, sicilia_child_deduction]}
requirements:
  - id: conventional_income
    label: {it: reddito convenzionale entro il limite, en: conventional income within the limit}
    reference: src
    facts: [children, annual_income, employment_income]
    when: {expr: "(employment_income - param.sicilia_child_deduction * children) * param.sicilia_employment_income_share + (annual_income - employment_income) <= param.sicilia_income_access"}
  - id: shares
    label: {it: accetta la condivisione, en: accepts sharing}
    reference: src
    when: {all: [{fact: can_share, op: eq, value: true}, {fact: needs_step_free, op: eq, value: false}]}
`))
	require.NoError(t, err)
	h := household(t, `{id: s, needs: {can_share: true}, members: [
{role: reference, birth_date: 1980-01-01, incomes: [{kind: employment, annual: "25000.00"}, {kind: pension, annual: "1000.00"}]},
{role: child, birth_date: 2012-01-01, incomes: []}, {role: child, birth_date: 2014-01-01, incomes: []}]}`)
	d, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"))
	require.NoError(t, err)
	// (25000 − 2 × 516.46) × 0.60 + 1000 = 15380.248 ≤ 17870.90
	assert.Equal(t, eligibility.Eligible, d.Outcome)
	facts := map[string]string{}
	for _, f := range d.Reasons[0].Facts {
		facts[f.Name()] = f.Value.String()
	}
	assert.Equal(t, map[string]string{"children": "2", "annual_income": "26000.00", "employment_income": "25000.00"}, facts)
	h.Members[0].Incomes[0].Annual = mustDec("30000")
	d, err = eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Ineligible, d.Outcome, "(30000 − 1032.92) × 0.60 + 1000 = 18380.25 > 17870.90")
	h.Members[1].Incomes = nil
	d, err = eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"))
	require.NoError(t, err)
	assert.Equal(t, []string{"annual_income", "employment_income"}, d.Reasons[0].Missing, "undeclared incomes leave the sums unknown")
}
