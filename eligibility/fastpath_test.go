package eligibility_test

import (
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/stretchr/testify/require"
)

// TestOutcomeOnlyAgreesWithFull checks, for every shipped rule set and every
// shipped variant, on synthetic households, that the fast outcome-only path
// (EvaluateOutcome, which stops at the first decisive rule) gives the
// outcome of the full evaluation (Evaluate). The test cases of every rule
// set run both paths too (TestFile.Run), and so does FuzzParse on every rule
// set it reads.
func TestOutcomeOnlyAgreesWithFull(t *testing.T) {
	p := newPopulation(3, 2000, 0)
	sets := shippedWithVariants(t)
	for name, rs := range sets {
		on := mustDate(rs.ValidFrom().AddDays(400))
		if !rs.ValidTo().IsZero() && on.After(rs.ValidTo()) {
			on = rs.ValidTo()
		}
		p := p.bornBy(on)
		counts := map[eligibility.Outcome]int{}
		for i, h := range p.hs {
			out, err := eligibility.EvaluateOutcome(rs, h, on, eligibility.WithReferral(p.refs[i]))
			require.NoError(t, err)
			d, err := eligibility.Evaluate(rs, h, on, eligibility.WithReferral(p.refs[i]))
			require.NoError(t, err)
			require.Equal(t, d.Outcome, out, "%s, household %d", name, i)
			counts[out]++
		}
		require.Greater(t, len(counts), 1, "%s: the synthetic households give more than one outcome", name)
	}
}
