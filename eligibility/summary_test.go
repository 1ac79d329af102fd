package eligibility_test

import (
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/require"
)

// shippedWithVariants loads every shipped rule set and every shipped
// variant applied to its base, by name.
func shippedWithVariants(t *testing.T) map[string]*eligibility.RuleSet {
	t.Helper()
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
			continue
		}
		o, err := eligibility.LoadOverlayFS(rulesets.FS, "variants/"+e.Name())
		require.NoError(t, err)
		base, ok := sets[o.Base()]
		require.True(t, ok, "variant %s of an unknown base %s", e.Name(), o.Base())
		v, err := base.Apply(o)
		require.NoError(t, err)
		sets[e.Name()] = v
	}
	return sets
}

// summaryOf is the Summary that d implies, worked out from its reasons.
func summaryOf(d *eligibility.Decision) eligibility.Summary {
	s := eligibility.Summary{Outcome: d.Outcome, Groups: d.Groups, Referrals: d.Referrals, Missing: d.Missing}
	if d.Score != nil {
		s.Scored, s.Score = true, d.Score.Total
	}
	for _, r := range d.Reasons {
		if r.Status == eligibility.Failed && (r.Kind == eligibility.Exclusion || r.Kind == eligibility.Requirement) {
			s.FirstFailed = r.Code
			break
		}
	}
	return s
}

// TestSummarizeAgreesWithEvaluate checks, for every shipped rule set and
// variant, on synthetic households and on several dates, that every field
// of Summarize's result is what Evaluate's decision says, and that every
// outcome and both kinds of failing rule occur.
func TestSummarizeAgreesWithEvaluate(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 300
	}
	sets := shippedWithVariants(t)
	for seed := uint64(11); seed <= 12; seed++ {
		p := newPopulation(seed, n, 0)
		for name, rs := range sets {
			for _, days := range []int{30, 400, 1100} {
				on := mustDate(rs.ValidFrom().AddDays(days))
				if !rs.ValidTo().IsZero() && on.After(rs.ValidTo()) {
					on = rs.ValidTo()
				}
				p := p.bornBy(on)
				outcomes, failed := map[eligibility.Outcome]int{}, map[eligibility.RuleKind]int{}
				for i, h := range p.hs {
					opts := []eligibility.Option{eligibility.WithReferral(p.refs[i])}
					if i%7 == 0 {
						opts = nil // the referral's facts unknown
					}
					d, err := eligibility.Evaluate(rs, h, on, opts...)
					require.NoError(t, err)
					got, err := eligibility.Summarize(rs, h, on, opts...)
					require.NoError(t, err)
					require.Equal(t, summaryOf(d), got, "%s on %s, seed %d, household %d", name, on, seed, i)
					outcomes[got.Outcome]++
					for _, r := range d.Reasons {
						if r.Code == got.FirstFailed {
							failed[r.Kind]++
						}
					}
				}
				require.Greater(t, len(outcomes), 1, "%s on %s: the synthetic households give more than one outcome", name, on)
				require.NotZero(t, failed[eligibility.Requirement]+failed[eligibility.Exclusion], "%s on %s: no household fails a rule", name, on)
			}
		}
	}
}

// TestSummarizeFailsAsEvaluateDoes checks that Summarize returns
// Evaluate's error for bad input, a custom condition that fails to run and
// a score that cannot be counted.
func TestSummarizeFailsAsEvaluateDoes(t *testing.T) {
	expr, err := eligibility.Parse("expr.yaml", []byte(strings.Replace(base, "when: {fact: household_size, op: le, param: max_size}",
		`when: {expr: "annual_income / household_size <= 100 && household_size <= param.max_size"}`, 1)))
	require.NoError(t, err)
	sem := semantics(t)
	h := adult(t, `ownership: {owns_dwelling: false}`)
	empty := &housing.Household{ID: "empty", Members: []housing.Member{}}
	for _, tc := range []struct {
		name string
		rs   *eligibility.RuleSet
		h    *housing.Household
		on   housing.Date
	}{
		{"division by zero", expr, empty, housing.MustParseDate("2024-02-01")},
		{"after validity", sem, h, housing.MustParseDate("2027-01-01")},
		{"no date", sem, h, housing.Date{}},
		{"no household", sem, nil, housing.MustParseDate("2024-06-01")},
		{"no rule set", nil, h, housing.MustParseDate("2024-06-01")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, want := eligibility.Evaluate(tc.rs, tc.h, tc.on)
			require.Error(t, want)
			s, err := eligibility.Summarize(tc.rs, tc.h, tc.on)
			require.Error(t, err)
			require.Equal(t, want.Error(), err.Error())
			require.ErrorIs(t, err, housing.ErrInvalid)
			require.Zero(t, s)
		})
	}
}

func BenchmarkSummarize(b *testing.B) {
	rs, err := eligibility.Shipped("crema.ospitalita-temporanea")
	require.NoError(b, err)
	on := mustDate(rs.ValidFrom().AddDays(400))
	p := newPopulation(2, 256, 0).bornBy(on)
	for _, mode := range []string{"Evaluate", "Summarize"} {
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				k := i % len(p.hs)
				var err error
				if mode == "Evaluate" {
					_, err = eligibility.Evaluate(rs, p.hs[k], on, eligibility.WithReferral(p.refs[k]))
				} else {
					_, err = eligibility.Summarize(rs, p.hs[k], on, eligibility.WithReferral(p.refs[k]))
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
