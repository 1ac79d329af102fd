package eligibility

import (
	"fmt"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/checked"
)

// Summary is what a Decision says without its reasons: the outcome, the
// groups and referral rules matched, the priority score's total, the first
// rule that makes the household ineligible and the missing facts. It is
// what Summarize returns, for callers that decide many households and
// count outcomes or rank them (such as simulations) but explain none.
//
// Its lists are shared with the rule set and with other decisions: treat
// them as read-only.
type Summary struct {
	// Outcome is the Decision's Outcome.
	Outcome Outcome
	// Groups and Referrals are the Decision's Groups and Referrals.
	Groups, Referrals []string
	// Scored is true when the rule set has a priority score (the
	// Decision's Score is not nil); Score is then its Total, 0 otherwise.
	Scored bool
	Score  int
	// FirstFailed is the code of the first exclusion that applies or
	// requirement that fails, in the order of the Decision's Reasons (the
	// first reason of kind Exclusion or Requirement with status Failed);
	// empty when there is none.
	FirstFailed string
	// Missing is the Decision's Missing.
	Missing []string
}

// Summarize evaluates household h against rs on date asOf as Evaluate
// does and returns the Summary of the decision, without building its
// reasons, their facts and parameter values, its messages or its
// tie-break values: every field agrees with the Decision that Evaluate
// returns, and so do the errors. It evaluates every rule and every score
// criterion (EvaluateOutcome, which stops at the first decisive rule, is
// faster when the outcome alone is wanted), and allocates nothing but the
// lists of groups and referral rules matched of a rule set with more than
// eight of either.
//
// Errors (code housing.CodeInvalid): as for Evaluate.
func Summarize(rs *RuleSet, h *housing.Household, asOf housing.Date, opts ...Option) (Summary, error) {
	rs, cfg, err := prepare(rs, h, asOf, opts)
	if err != nil {
		return Summary{}, err
	}
	e := getCtx()
	defer putCtx(e)
	e.p = rs.interval(asOf)
	e.f.extract(h, cfg.referral, asOf, rs.needScore)
	var first string
	for _, r := range rs.all {
		v, miss, exc := r.eval(e)
		e.results = append(e.results, ruleResult{v: v, miss: miss, exc: exc})
		if first == "" && (r.kind == Exclusion || r.kind == Requirement) && statusOf(r.kind, v) == Failed {
			first = r.id
		}
	}
	if e.err != nil {
		return Summary{}, rs.runError(e.err)
	}
	outcome, miss := rs.decide(e.results)
	s := Summary{Outcome: outcome, FirstFailed: first, Missing: miss.cachedNames()}
	s.Groups, s.Referrals = rs.matched(e.results)
	if len(rs.score) > 0 {
		s.Scored = true
		for _, c := range rs.score {
			_, _, pts, _ := c.eval(e)
			total, ok := checked.Add(s.Score, pts)
			if !ok && e.err == nil {
				e.err = fmt.Errorf("the score's points add up to more than can be counted (at criterion %s)", c.id)
			}
			s.Score = total
		}
		if rs.scoreCap != nil && s.Score > *rs.scoreCap {
			s.Score = *rs.scoreCap
		}
	}
	if e.err != nil {
		return Summary{}, rs.runError(e.err)
	}
	return s, nil
}
