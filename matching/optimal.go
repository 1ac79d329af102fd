package matching

import (
	"math"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching/assign"
)

// objective encodes the optimal mechanism's lexicographic objective —
// households housed, then total score, then the rank of the households
// housed — in one int64 value per pair, larger is better:
//
//	value(i, j) = (B + s(i,j) − smin)·K + (n − i)
//
// where s is the pair's score, smin and smax the least and greatest scores
// of the allowed pairs, R = smax − smin, B = R·min(n, m) + 1 (so housing one
// more household outweighs any change of total score), K = n(n+1)/2 + 1
// (so any change of total score outweighs any change of ranks) and n − i
// is row i's rank bonus (rows are in rank order). Leaving a household
// unmatched is worth 0. When the values would exceed the solver's exact
// int64 range, the rank term is dropped (K = 1, ties by scan order); when
// even that does not fit, an error says so.
type objective struct {
	smin, b, k int64
	rankTerm   bool
}

func newObjective(n, m int, smin, smax int64, limit int64) (objective, error) {
	r := smax - smin
	// top = B + R = R·(min(n,m)+1) + 1 is the largest B + s − smin; every
	// product is checked by division first so nothing overflows.
	mult := int64(min(n, m)) + 1
	if r <= (limit-1)/mult {
		b := r*int64(min(n, m)) + 1
		top := b + r
		k := int64(n)*int64(n+1)/2 + 1
		if top <= (limit-int64(n))/k {
			return objective{smin: smin, b: b, k: k, rankTerm: true}, nil
		}
		return objective{smin: smin, b: b, k: 1}, nil
	}
	return objective{}, housing.Errorf(housing.CodeInvalid, "matching.scale",
		"scores range over %d with %d households and %d units: too wide for exact integer costs (limit %d); lower the weights", r, n, m, limit)
}

func (o objective) value(i, n int, s int64) int64 {
	v := (o.b + s - o.smin) * o.k
	if o.rankTerm {
		v += int64(n - i)
	}
	return v
}

func (o objective) method() string {
	if o.rankTerm {
		return "exact"
	}
	return "exact-scan-order"
}

// scoreRange returns the least and greatest scores of the allowed pairs.
func (pr *problem) scoreRange(fb *forbidden) (lo, hi int64, any bool) {
	lo, hi = math.MaxInt64, math.MinInt64
	for i := range pr.apps {
		cols, scores := pr.pairsOf(i)
		for e, j := range cols {
			if fb.has(i, j) {
				continue
			}
			lo, hi, any = min(lo, scores[e]), max(hi, scores[e]), true
		}
	}
	return lo, hi, any
}

// solveOptimal solves the sparse assignment over the allowed pairs with a
// zero cost of staying unmatched and cost −value for each pair.
func (pr *problem) solveOptimal(fb *forbidden) (solution, error) {
	n, m := len(pr.apps), len(pr.cols)
	sol := solution{colOf: make([]int, n)}
	for i := range sol.colOf {
		sol.colOf[i] = -1
	}
	lo, hi, any := pr.scoreRange(fb)
	if !any {
		sol.method = "exact"
		return sol, nil
	}
	obj, err := newObjective(n, m, lo, hi, assign.MaxIntCost(n, m))
	if err != nil {
		return solution{}, err
	}
	sp := assign.IntSparse{Rows: n, Cols: m, Start: make([]int, n+1)}
	for i := range pr.apps {
		cols, scores := pr.pairsOf(i)
		for e, j := range cols {
			if fb.has(i, j) {
				continue
			}
			sp.Col = append(sp.Col, j)
			sp.Cost = append(sp.Cost, -obj.value(i, n, scores[e]))
		}
		sp.Start[i+1] = len(sp.Col)
	}
	r, err := assign.SolveSparseInt(sp, assign.IntOptions{Unmatched: make([]int64, n)})
	if err != nil {
		// The problem is built to be valid and always feasible (every row
		// may stay unmatched), so any error is a fault of the system.
		return solution{}, &housing.Error{Code: housing.CodeInternal, Key: "matching.solver", Message: "the assignment solver failed", Err: err}
	}
	copy(sol.colOf, r.RowToCol)
	sol.method = obj.method()
	return sol, nil
}
