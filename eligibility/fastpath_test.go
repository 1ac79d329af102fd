package eligibility_test

import (
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
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
	sets := map[string]*eligibility.RuleSet{}
	for _, id := range eligibility.ShippedIDs() {
		rs, err := eligibility.Shipped(id)
		require.NoError(t, err)
		sets[id] = rs
	}
	variants, err := rulesets.FS.ReadDir("variants")
	require.NoError(t, err)
	for _, e := range variants {
		data, err := rulesets.FS.ReadFile("variants/" + e.Name())
		require.NoError(t, err)
		if f, _ := eligibility.FileFormat(e.Name(), data); f != eligibility.FormatOverlay {
			continue // a whole rule set (shipped, so already above) or its test cases
		}
		o, err := eligibility.LoadOverlayFS(rulesets.FS, "variants/"+e.Name())
		require.NoError(t, err)
		base, ok := sets[o.Base()]
		require.True(t, ok, "variant %s of an unknown base %s", e.Name(), o.Base())
		v, err := base.Apply(o)
		require.NoError(t, err)
		sets[e.Name()] = v
	}
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
