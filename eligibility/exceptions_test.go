package eligibility_test

import (
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withExceptions returns the base rule set whose requirement has the given
// exceptions (YAML list items, indented for the rule).
func withExceptions(xs ...string) []byte {
	src := base + "    exceptions:\n"
	for _, x := range xs {
		src += "      - " + x + "\n"
	}
	return []byte(src)
}

func TestExceptionsThatCannotMeetLoad(t *testing.T) {
	_, err := eligibility.Parse("x.yaml", withExceptions(
		`{id: few_minors, label: {it: a, en: a}, when: {fact: minors, op: le, value: 1}, holds: true}`,
		`{id: many_minors, label: {it: b, en: b}, when: {fact: minors, op: ge, value: 2}, holds: false}`,
		`{id: rich, label: {it: c, en: c}, when: {all: [{fact: minors, op: eq, value: 1}, {fact: annual_income, op: gt, value: 100}]}, holds: true}`,
		`{id: rich_family, label: {it: d, en: d}, when: {all: [{fact: minors, op: in, value: [2, 3]}, {fact: annual_income, op: le, value: 100}]}, holds: false}`,
		`{id: teams, label: {it: e, en: e}, when: {all: [{fact: referral_team, op: in, value: [self]}, {fact: minors, op: eq, value: 0}]}, holds: true}`,
		`{id: not_teams, label: {it: f, en: f}, when: {all: [{fact: referral_team, op: not_in, value: [self, health_service]}, {fact: minors, op: ge, value: 2}]}, holds: false}`,
	))
	require.NoError(t, err, "disjoint conditions with different results need no order")
}

func TestOverlappingExceptionsNeedAnOrder(t *testing.T) {
	a := `{id: minors, label: {it: a, en: a}, when: {fact: minors, op: ge, value: 1}, holds: true}`
	b := `{id: violence, label: {it: b, en: b}, when: {fact: victim_of_violence, op: eq, value: true}, holds: false}`
	_, err := eligibility.Parse("x.yaml", withExceptions(a, b))
	assert.Equal(t, []string{"x.yaml:20:9: requirements[0].exceptions[1]: exceptions minors and violence of rule size may both apply (for example from 2024-01-01) with different results (holds: true and false): state which prevails with overrides"}, problems(t, err))

	ordered := strings.Replace(b, "holds: false}", "holds: false, overrides: [minors]}", 1)
	rs, err := eligibility.Parse("x.yaml", withExceptions(a, ordered))
	require.NoError(t, err)
	assert.Equal(t, []string{"violence", "minors"}, rs.Rules()[0].Exceptions, "an overriding exception comes first")
	h := household(t, `{id: h, members: [{role: reference, birth_date: 1990-01-01, victim_of_violence: true}, {role: child, birth_date: 2020-01-01},
{role: child, birth_date: 2021-01-01}, {role: child, birth_date: 2022-01-01}, {role: child, birth_date: 2023-01-01}]}`)
	d, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"))
	require.NoError(t, err)
	assert.Equal(t, "violence", d.Reasons[0].Exception)
	assert.Equal(t, eligibility.Ineligible, d.Outcome)

	h.Members[0].VictimOfViolence = nil
	d, err = eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Incomplete, d.Outcome, "the overriding exception is unknown and would change the result")
	assert.Equal(t, []string{"victim_of_violence"}, d.Missing)
}

func TestExceptionsThatCannotBeAnalysedNeedAnOrder(t *testing.T) {
	a := `{id: minors, label: {it: a, en: a}, when: {fact: minors, op: ge, value: 1}, holds: true}`
	b := `{id: low_income, label: {it: b, en: b}, when: {expr: "annual_income < 100"}, holds: false}`
	_, err := eligibility.Parse("x.yaml", withExceptions(a, b))
	assert.Equal(t, []string{"x.yaml:20:9: requirements[0].exceptions[1]: cannot prove that exceptions minors and low_income of rule size never apply together (a condition uses any, not or expr) and they give different results: state which prevails with overrides"}, problems(t, err))
}

func TestExceptionOrderProblems(t *testing.T) {
	a := `{id: a, label: {it: a, en: a}, when: {fact: minors, op: ge, value: 1}, holds: true, overrides: [b]}`
	b := `{id: b, label: {it: b, en: b}, when: {fact: minors, op: ge, value: 3}, holds: false, overrides: [a]}`
	c := `{id: c, label: {it: c, en: c}, when: {fact: minors, op: ge, value: 5}, holds: true, overrides: [c, z]}`
	_, err := eligibility.Parse("x.yaml", withExceptions(a, b, c))
	assert.Equal(t, []string{
		"x.yaml:19:9: requirements[0].exceptions[0]: exceptions of rule size override each other in a cycle through a",
		"x.yaml:21:9: requirements[0].exceptions[2]: exception c overrides itself",
		`x.yaml:21:9: requirements[0].exceptions[2]: exception c overrides "z", which is not an exception of rule size`,
		"x.yaml:21:9: requirements[0].exceptions[2]: exceptions b and c of rule size may both apply (for example from 2024-01-01) with different results (holds: false and true): state which prevails with overrides",
	}, problems(t, err))
}

func TestDuplicateAndDeadExceptions(t *testing.T) {
	a := `{id: a, label: {it: a, en: a}, when: {fact: minors, op: ge, value: 1}, holds: true}`
	same := `{id: b, label: {it: b, en: b}, when: {fact: minors, op: ge, value: 1}, holds: true}`
	_, err := eligibility.Parse("x.yaml", withExceptions(a, same))
	assert.Equal(t, []string{"x.yaml:20:9: requirements[0].exceptions[1]: exception b of rule size repeats the condition of exception a"}, problems(t, err))

	dead := `{id: b, label: {it: b, en: b}, when: {fact: minors, op: ge, value: 1}, holds: false, overrides: [a]}`
	_, err = eligibility.Parse("x.yaml", withExceptions(a, dead))
	assert.Equal(t, []string{"x.yaml:20:9: requirements[0].exceptions[1]: exceptions a and b of rule size have the same condition: the one overridden can never apply"}, problems(t, err))

	reordered := `{id: b, label: {it: b, en: b}, when: {all: [{fact: minors, op: ge, value: 1}]}, holds: false}`
	_, err = eligibility.Parse("x.yaml", withExceptions(a, reordered))
	assert.Equal(t, []string{"x.yaml:20:9: requirements[0].exceptions[1]: exceptions a and b of rule size are contradictory: the same condition gives holds: true and holds: false"}, problems(t, err), "conditions are compared after normalising")
}

func TestOverlapDependsOnParameterValues(t *testing.T) {
	src := strings.Replace(base, "values: {2024-01-01: 4}", "values: {2024-01-01: 4, 2025-01-01: 2}", 1)
	src += "    exceptions:\n" +
		"      - {id: big, label: {it: a, en: a}, when: {fact: household_size, op: gt, param: max_size}, holds: true}\n" +
		"      - {id: small, label: {it: b, en: b}, when: {fact: household_size, op: le, value: 3}, holds: false}\n"
	_, err := eligibility.Parse("x.yaml", []byte(src))
	assert.Equal(t, []string{"x.yaml:20:9: requirements[0].exceptions[1]: exceptions big and small of rule size may both apply (for example from 2025-01-01) with different results (holds: true and false): state which prevails with overrides"}, problems(t, err),
		"disjoint while the limit is 4, overlapping once it is 2")
}
