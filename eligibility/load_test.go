package eligibility_test

import (
	"os"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// problems returns the problems of a loading error as "position: message".
func problems(t *testing.T, err error) []string {
	t.Helper()
	require.Error(t, err)
	var e *housing.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, housing.CodeInvalid, e.Code)
	var out []string
	for _, p := range e.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestParseReportsEveryProblemWithPosition(t *testing.T) {
	data, err := os.ReadFile("testdata/bad.yaml")
	require.NoError(t, err)
	_, err = eligibility.Parse("bad.yaml", data)
	assert.Equal(t, []string{
		"bad.yaml:10:3: parameters: parameter max_size has no value from 2024-01-01 to 2024-05-31, but the rule set is valid from 2024-01-01 on",
		"bad.yaml:17:3: parameters.unused: parameter unused is not used by any rule",
		`bad.yaml:24:18: requirements[0].when.fact: unknown fact "househld_size" (did you mean "household_size"?)`,
		`bad.yaml:25:5: requirements[1]: reference "nosuch" is not among the rule set's references (src)`,
		"bad.yaml:28:11: requirements[1].when: fact annual_income is in EUR/year; parameter limit is in EUR/month: compare amounts of the same unit",
		`bad.yaml:32:5: requirements[2].colour: unknown key "colour"; want one of id, label, reference, article, basis, note, facts, when, exceptions`,
		`bad.yaml:33:65: requirements[2].when.value[1]: fact referral_team: unknown value "police"; want one of multidisciplinary, social_service, housing_agency, health_service, third_sector, self, integrated_housing`,
		`bad.yaml:38:42: expr: unknown parameter "nope"`,
		"bad.yaml:39:5: groups[1]: rule g2 needs an English label (label.en)",
		"bad.yaml:45:9: groups[1].exceptions[1]: exceptions x1 and x2 of rule g2 may both apply (for example from 2024-01-01) with different results (holds: false and true): state which prevails with overrides",
		"bad.yaml:46:9: groups[1].exceptions[2]: exceptions x2 and x3 of rule g2 are contradictory: the same condition gives holds: true and holds: false",
		`bad.yaml:47:5: groups[2]: id "size" is already used at line 21: ids are unique across rules, exceptions and score criteria`,
		`bad.yaml:50:41: groups[2].when.value: fact minors is int: want a whole number, got "two"`,
		"bad.yaml:54:18: groups[3].when.expr: expr: expected bool, but got decimal.Decimal",
		"bad.yaml:58:11: groups[4].when: a criterion compares its fact with either a value or a param, not both or neither",
	}, problems(t, err))
}

// base is a small valid rule set; tests replace parts of it.
const base = `format: housingkit.ruleset/v1
id: test.base
version: "1"
title: {it: Prova, en: Test}
jurisdiction: {region: Lombardia}
valid_from: 2024-01-01
references:
  - {id: src, title: Source}
parameters:
  max_size:
    unit: persons
    values: {2024-01-01: 4}
requirements:
  - id: size
    label: {it: a, en: a}
    reference: src
    when: {fact: household_size, op: le, param: max_size}
`

func TestParseAcceptsTheBase(t *testing.T) {
	rs, err := eligibility.Parse("base.yaml", []byte(base))
	require.NoError(t, err)
	assert.Equal(t, "test.base", rs.ID())
	assert.Equal(t, []string{"household_size"}, rs.Facts())
	assert.Equal(t, []string{"max_size"}, rs.ParameterNames())
	assert.True(t, rs.ValidTo().IsZero())
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, replace, with string
		want                string
	}{
		{"syntax", "title: {it: Prova, en: Test}", "title: {it: Prova, en: Test", "base.yaml:4:1: syntax: did not find expected ',' or '}'"},
		{"format", "format: housingkit.ruleset/v1", "format: housingkit.ruleset/v2", `base.yaml:1:9: format: format "housingkit.ruleset/v2"; a rule set says format: housingkit.ruleset/v1`},
		{"duplicate key", "version: \"1\"", "version: \"1\"\nversion: \"2\"", `base.yaml:4:1: version: duplicate key "version" (first at line 3)`},
		{"valid_to before valid_from", "valid_from: 2024-01-01", "valid_from: 2024-01-01\nvalid_to: 2023-12-31", "base.yaml:7:11: valid_to: valid_to 2023-12-31 is before valid_from 2024-01-01"},
		{"parameter ends before valid_to", "values: {2024-01-01: 4}", "values: {2024-01-01: 4, 2024-06-01: null}", "base.yaml:10:3: parameters: parameter max_size has no value from 2024-06-01 to then on, but the rule set is valid from 2024-01-01 on"},
		{"unknown op", "op: le", "op: lte", `base.yaml:17:38: requirements[0].when.op: unknown op "lte"; want one of eq, ne, lt, le, gt, ge, in, not_in`},
		{"op of the wrong kind", "{fact: household_size, op: le, param: max_size}", "{fact: has_income, op: le, value: true}", "base.yaml:17:34: requirements[0].when.op: fact has_income is bool: op le does not apply; want one of eq, ne"},
		{"unknown parameter", "param: max_size", "param: max_sise", `base.yaml:17:49: requirements[0].when.param: unknown parameter "max_sise" (did you mean "max_size"?)`},
		{"bool parameter for an int fact", "unit: persons", "unit: bool", "base.yaml:17:11: requirements[0].when: fact household_size is in persons; parameter max_size is in bool"},
		{"empty condition", "when: {fact: household_size, op: le, param: max_size}", "when: {}", "base.yaml:17:11: requirements[0].when: empty condition: use one of all, any, not, fact (with op and value or param), expr"},
		{"two forms", "when: {fact: household_size, op: le, param: max_size}", "when: {fact: household_size, op: le, param: max_size, expr: \"true\"}", "base.yaml:17:11: requirements[0].when: a condition uses one form only: all, any, not, fact (with op and value or param), or expr"},
		{"facts listed wrong", "    reference: src\n", "    reference: src\n    facts: [household_size, minors]\n", "base.yaml:14:5: requirements[0]: rule size: facts do not match its conditions (listed but not read: minors)"},
		{"bad id", "- id: size", "- id: Size", `base.yaml:14:5: requirements[0]: id "Size": use lower-case letters, digits and _ only, starting with a letter`},
		{"no rules", "requirements:", "exclusions:", "base.yaml:1:1: a rule set needs at least one requirement or target group"},
		{"unknown import", "requirements:", "imports:\n  - {from: nowhere, parameters: [x]}\nrequirements:", `base.yaml:14:5: imports[0]: imports: no parameter file "nowhere"; shipped ones are `},
		{"import clash", "requirements:", "imports:\n  - {from: erp-access-limits, parameters: [lombardia_isee_access, nope]}\nrequirements:", `base.yaml:14:5: imports[0]: imports: file erp-access-limits has no parameter "nope"`},
		{"expr syntax", "when: {fact: household_size, op: le, param: max_size}", "when: {expr: \"household_size <= param.max_size &&\"}", "base.yaml:17:53: expr: unexpected token EOF"},
		{"expr unknown fact", "when: {fact: household_size, op: le, param: max_size}", "when: {expr: \"houshold_size <= param.max_size\"}", `base.yaml:17:19: expr: unknown fact or name houshold_size (did you mean "household_size"?)`},
		{"date value", "{fact: household_size, op: le, param: max_size}", "{fact: referral_date, op: ge, value: 2024-02-30}", "base.yaml:17:48: requirements[0].when.value: fact referral_date is a date: date \"2024-02-30\": day 30 out of range 1..29 for 2024-02"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(base, tc.replace, tc.with, 1)
			require.NotEqual(t, base, src)
			_, err := eligibility.Parse("base.yaml", []byte(src))
			ps := problems(t, err)
			found := false
			for _, p := range ps {
				if strings.HasPrefix(p, tc.want) {
					found = true
				}
			}
			assert.True(t, found, "want a problem starting %q, got %q", tc.want, ps)
		})
	}
}

func TestParseReadsJSON(t *testing.T) {
	rs, err := eligibility.Parse("base.json", []byte(`{
  "format": "housingkit.ruleset/v1", "id": "test.json", "version": "1",
  "title": {"it": "Prova", "en": "Test"}, "jurisdiction": {"region": "Sicilia"},
  "valid_from": "2024-01-01", "valid_to": "2024-12-31",
  "references": [{"id": "src", "title": "Source"}],
  "requirements": [{"id": "income", "label": {"it": "reddito", "en": "income"}, "reference": "src",
    "when": {"fact": "annual_income", "op": "le", "value": 17870.90}}]
}`))
	require.NoError(t, err)
	assert.Equal(t, "2024-12-31", rs.ValidTo().String())
	h := household(t, `{id: h, members: [{role: reference, birth_date: 1980-01-01, incomes: [{kind: employment, annual: "17870.90"}]}]}`)
	d, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Eligible, d.Outcome)
	h.Members[0].Incomes[0].Annual = h.Members[0].Incomes[0].Annual.Add(mustDec("0.001"))
	d, err = eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Ineligible, d.Outcome, "a tenth of a cent over the limit is over it: money compares exactly")
}

func TestShippedRuleSetsLoad(t *testing.T) {
	ids := eligibility.ShippedIDs()
	assert.Contains(t, ids, "crema.ospitalita-temporanea")
	for _, id := range ids {
		rs, err := eligibility.Shipped(id)
		require.NoError(t, err, id)
		assert.Equal(t, id, rs.ID())
		file, ok := eligibility.ShippedFile(id)
		assert.True(t, ok)
		// Labelled variants that are whole rule sets (an assumed
		// continuation) live in variants/.
		assert.Contains(t, []string{id + ".yaml", "variants/" + id + ".yaml"}, file)
	}
	_, err := eligibility.Shipped("nowhere.nothing")
	assert.ErrorIs(t, err, housing.ErrNotFound)
}

func TestCremaRules(t *testing.T) {
	rs, err := eligibility.Shipped("crema.ospitalita-temporanea")
	require.NoError(t, err)
	var ids []string
	kinds := map[eligibility.RuleKind]int{}
	for _, r := range rs.Rules() {
		ids = append(ids, r.ID)
		kinds[r.Kind]++
		assert.NotEmpty(t, r.Reference.Title, r.ID)
		assert.NotEmpty(t, r.Label.IT, r.ID)
		assert.NotEmpty(t, r.Label.EN, r.ID)
	}
	assert.Equal(t, []string{"lone_minor", "at_least_one_income", "selected_by_social_service", "temporary_difficulty", "fragile_household",
		"minors_in_household", "eviction_order_pending", "fragility", "isee_within_sap_limit", "low_income_per_member"}, ids)
	assert.Equal(t, map[eligibility.RuleKind]int{eligibility.Exclusion: 1, eligibility.Requirement: 2, eligibility.TargetGroup: 2, eligibility.ScoreCriterion: 5}, kinds)
	p, source, ok := rs.Parameter("lombardia_isee_access")
	require.True(t, ok)
	assert.Equal(t, "erp-access-limits", source)
	v, _, _ := p.At(housing.MustParseDate("2024-01-01"))
	assert.True(t, v.Num().Equal(mustDec("16000")))
	p, source, ok = rs.Parameter("max_household_size")
	require.True(t, ok)
	assert.Empty(t, source)
	v, from, _ := p.At(housing.MustParseDate("2030-01-01"))
	assert.Equal(t, "4", v.String())
	assert.Equal(t, "2022-02-01", from.String())
}
