package eligibility_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecisionBeyondItsInlineStorage evaluates a rule set with more score
// criteria, tie-break keys and matched groups than a decision keeps in its
// own allocation, and checks that every part is there, in order.
func TestDecisionBeyondItsInlineStorage(t *testing.T) {
	var groups, criteria strings.Builder
	for i := range 6 {
		fmt.Fprintf(&groups, "  - {id: g%d, label: {it: g%d, en: g%d}, reference: src, when: {fact: household_size, op: ge, value: %d}}\n", i, i, i, i)
	}
	for i := range 8 {
		fmt.Fprintf(&criteria, "    - {id: c%d, label: {it: c%d, en: c%d}, reference: src, when: {fact: household_size, op: ge, value: %d}, points: %d}\n", i, i, i, i, i+1)
	}
	src := `format: housingkit.ruleset/v1
id: test.storage
version: 1.0.0
title: {it: prova, en: test}
jurisdiction: {region: Lombardia}
valid_from: 2024-01-01
references: [{id: src, title: test}]
groups:
` + groups.String() + `priority:
  criteria:
` + criteria.String() + `  tie_break:
    - {fact: isee, order: ascending}
    - {fact: annual_income, order: descending}
    - {fact: referral_date, order: ascending}
`
	rs, err := eligibility.Parse("storage.yaml", []byte(src))
	require.NoError(t, err)
	h := household(t, `{id: s, members: [{role: reference, birth_date: 1980-01-01, incomes: [{kind: employment, annual: "1000.00"}]},
{role: partner, birth_date: 1981-01-01, incomes: []}, {role: child, birth_date: 2010-01-01, incomes: []}, {role: child, birth_date: 2012-01-01, incomes: []}],
isee: {value: "5000.00", issued_on: 2024-01-05}}`)
	d, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"), eligibility.WithReferral(team))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Eligible, d.Outcome)
	assert.Equal(t, []string{"g0", "g1", "g2", "g3", "g4"}, d.Groups)
	assert.Equal(t, []string{}, d.Referrals)
	require.NotNil(t, d.Score)
	var parts []string
	for _, p := range d.Score.Parts {
		parts = append(parts, fmt.Sprintf("%s=%d/%s", p.Code, p.Points, p.Status))
	}
	assert.Equal(t, []string{"c0=1/passed", "c1=2/passed", "c2=3/passed", "c3=4/passed", "c4=5/passed", "c5=0/failed", "c6=0/failed", "c7=0/failed"}, parts)
	assert.Equal(t, 15, d.Score.Total)
	require.Len(t, d.Score.TieBreak, 3)
	assert.Equal(t, `"5000.00"`, jsonOf(t, d.Score.TieBreak[0].Value))
	assert.Equal(t, "descending", d.Score.TieBreak[1].Order)
	assert.Equal(t, `"1000.00"`, jsonOf(t, d.Score.TieBreak[1].Value))
	assert.Equal(t, `"2024-01-10"`, jsonOf(t, d.Score.TieBreak[2].Value))
	require.Len(t, d.Reasons, 14)
	assert.Equal(t, "c7", d.Reasons[13].Code)
	assert.Equal(t, `4`, jsonOf(t, d.Reasons[13].Facts[0]))

	// Appending to a decision's lists never writes over another's.
	d2, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-06-01"))
	require.NoError(t, err)
	_ = append(d.Groups, "x")
	_ = append(d.Score.Parts, eligibility.ScorePart{Code: "x"})
	assert.Equal(t, d2.Groups, d.Groups)
	assert.Equal(t, []string{}, d.Referrals)
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	if f, ok := v.(eligibility.FactValue); ok {
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(b, &m))
		require.Equal(t, `"`+f.Name()+`"`, string(m["name"]))
		return string(m["value"])
	}
	return string(b)
}
