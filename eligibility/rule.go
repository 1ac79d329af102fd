package eligibility

import (
	"github.com/housingkit/housingkit/housing"
	"go.yaml.in/yaml/v3"
)

// rule is a compiled requirement, group, exclusion or referral rule.
type rule struct {
	id         string
	kind       RuleKind
	label      housing.Text
	ref        *Reference
	when       *ccond
	exceptions []*exception // in precedence order
	facts      factSet
	params     []int
	// msgs[t][k] is the message when the result is t (triFalse, triTrue,
	// triUnknown) and, k > 0, decided by exception k-1.
	msgs  [3][]*housing.Text
	ids   []factID
	spec  *RuleSpec
	canon string
	file  string
}

type exception struct {
	id        string
	label     housing.Text
	ref       *Reference
	when      *ccond
	holds     bool
	overrides []string
	pos       *yaml.Node
}

// eval returns the rule's result, the facts missing when it is unknown,
// and the index of the exception that decided it (-1 for none).
func (r *rule) eval(e *evalCtx) (tri, factSet, int) {
	if len(r.exceptions) == 0 {
		v, m := r.when.eval(e)
		return v, m, -1
	}
	// possible: bit 0 the result may be false, bit 1 it may be true.
	var possible uint8
	var miss factSet
	decided := -1
	for i, x := range r.exceptions {
		v, m := x.when.eval(e)
		if v == triTrue {
			possible |= bitOf(x.holds)
			decided = i
			break
		}
		if v == triUnknown {
			possible |= bitOf(x.holds)
			miss |= m
		}
	}
	if decided < 0 {
		v, m := r.when.eval(e)
		switch v {
		case triTrue:
			possible |= 2
		case triFalse:
			possible |= 1
		default:
			possible |= 3
			miss |= m
		}
	}
	switch possible {
	case 1:
		return triFalse, 0, decided
	case 2:
		return triTrue, 0, decided
	}
	return triUnknown, miss, -1
}

func bitOf(b bool) uint8 {
	if b {
		return 2
	}
	return 1
}

// scoreRule is a compiled criterion of the priority score.
type scoreRule struct {
	id          string
	label       housing.Text
	ref         *Reference
	when        *ccond // nil: always
	points      int
	pointsParam int // -1: the literal points
	per         factID
	hasPer      bool
	cap         *int
	facts       factSet
	params      []int
	msgs        [3]*housing.Text
	ids         []factID
	file        string
	spec        *ScoreSpec
	canon       string
}

type tieKey struct {
	fact factID
	desc bool
}
