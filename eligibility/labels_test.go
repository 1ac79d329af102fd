package eligibility

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/text"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The catalogue is consistent (text.New checks both languages and their
// verbs), and outcomes, statuses and kinds of rules read as words in both
// languages, never as their ids in Italian.
func TestLabels(t *testing.T) {
	_, err := text.New(messageTexts)
	require.NoError(t, err)
	for _, o := range Outcomes {
		assert.NotEqual(t, string(o), o.Label(housing.Italian), o)
		assert.NotEmpty(t, o.Label(housing.English), o)
	}
	for _, s := range []Status{Passed, Failed, Unknown} {
		assert.NotEqual(t, s.String(), s.Label(housing.Italian), s)
	}
	for _, k := range []RuleKind{Requirement, TargetGroup, Exclusion, ReferralRule, ScoreCriterion} {
		assert.NotEqual(t, k.String(), k.Label(housing.Italian), k)
		assert.NotEmpty(t, k.Label(housing.English), k)
	}
	assert.Equal(t, "ammissibile, previa valutazione di altri percorsi", Refer.Label(housing.Italian))
	assert.Equal(t, "facts missing", Incomplete.Label(housing.English))
	assert.Equal(t, "da verificare", Unknown.Label(housing.Italian))
	assert.Equal(t, "gruppo destinatario", TargetGroup.Label(housing.Italian))
	assert.Equal(t, "assessment of other paths", ReferralRule.Label(housing.English))
	assert.Equal(t, "mystery", Outcome("mystery").Label(housing.Italian), "an unknown value is shown as it is")
	assert.Equal(t, "RuleKind(9)", RuleKind(9).Label(housing.Italian))
}
