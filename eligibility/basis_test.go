package eligibility_test

import (
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/params"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShippedRulesSayWhereTheyComeFrom checks the traceability of the
// shipped rule sets and of every shipped overlay applied to its base: each
// rule states its basis (the programme text — then its article quotes the
// sentence, which loading checks —, another official source, the
// programme's choice, an assumption of the SDK's authors, a placeholder),
// and each parameter has one, stated or read from its references.
func TestShippedRulesSayWhereTheyComeFrom(t *testing.T) {
	sets := shippedWithVariants(t)
	for name, rs := range sets {
		for _, r := range rs.Rules() {
			assert.True(t, r.Basis.Valid(), "%s: rule %s states no basis", name, r.ID)
		}
		for _, p := range rs.ParameterNames() {
			param, _, _ := rs.Parameter(p)
			assert.True(t, params.BasisOf(param).Valid(), "%s: parameter %s has no basis", name, p)
		}
	}
}

// A rule on the programme text must quote it; an unknown basis is refused.
func TestBasisIsChecked(t *testing.T) {
	_, err := eligibility.Parse("b.yaml", []byte(`format: housingkit.ruleset/v1
id: t.basis
version: "1"
title: {it: t, en: t}
jurisdiction: {region: Lombardia}
valid_from: 2024-01-01
references: [{id: text, title: A text}]
requirements:
  - id: unquoted
    label: {it: a, en: a}
    reference: text
    article: art. 1
    basis: text
    when: {fact: has_income, op: eq, value: true}
  - id: odd
    label: {it: b, en: b}
    reference: text
    basis: hunch
    when: {fact: has_income, op: eq, value: true}
`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "b.yaml:9:5: requirements[0]: rule unquoted: basis text needs an article that quotes the programme text («…»)")
	assert.Contains(t, err.Error(), `b.yaml:15:5: requirements[1]: rule odd: basis "hunch"; want one of text, source, programme_choice, assumption, placeholder`)
}
