package matching

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching/assign"
)

// solveCapacitated places households in columns with bed capacities by
// assign.SolveCapacitated, with Optimal's objective: a column holds as
// many households as its beds allow (pools of beds) and rooms and
// apartments are then repaired to one household each (see repair). Each
// household in a pool takes the pool's lowest free bed ids, in rank order.
func (pr *problem) solveCapacitated(fb *forbidden) (solution, error) {
	n, m := len(pr.apps), len(pr.cols)
	sol := solution{colOf: make([]int, n), beds: make([][]string, n)}
	for i := range sol.colOf {
		sol.colOf[i] = -1
	}
	lo, hi, any := pr.scoreRange(fb)
	if !any {
		sol.method = "exact-flow"
		return sol, nil
	}
	cp := assign.CapProblem{
		Capacity:  make([]int, m),
		Size:      make([]int, n),
		Start:     make([]int, n+1),
		Unmatched: make([]int64, n),
	}
	beds, lcm := 0, int64(1)
	for j, c := range pr.cols {
		cp.Capacity[j] = c.beds
		beds += c.beds
	}
	for i, a := range pr.apps {
		cp.Size[i] = a.Household.Size()
		lcm = lcmInt(lcm, int64(cp.Size[i]))
		if lcm > 1<<40 {
			return solution{}, housing.Errorf(housing.CodeInvalid, "matching.scale", "household sizes too varied for the capacitated solver")
		}
	}
	total := 0
	for _, k := range cp.Size {
		total += k
	}
	obj, err := newObjective(n, min(n, beds), lo, hi, assign.MaxIntCost(total, m)/lcm)
	if err != nil {
		return solution{}, err
	}
	for i := range pr.apps {
		cols, scores := pr.pairsOf(i)
		for e, j := range cols {
			if fb.has(i, j) {
				continue
			}
			cp.Facility = append(cp.Facility, j)
			cp.Cost = append(cp.Cost, -obj.value(i, n, scores[e]))
		}
		cp.Start[i+1] = len(cp.Facility)
	}
	r, err := assign.SolveCapacitated(cp, assign.CapOptions{})
	if err != nil {
		return solution{}, &housing.Error{Code: housing.CodeInternal, Key: "matching.solver", Message: "the capacitated solver failed", Err: err}
	}
	next := make([]int, m) // next free bed of each pool
	for i, j := range r.Facility {
		sol.colOf[i] = j
		if j < 0 || !pr.cols[j].pooled {
			continue
		}
		k := cp.Size[i]
		sol.beds[i] = pr.cols[j].units[next[j] : next[j]+k]
		next[j] += k
	}
	sol.method = r.Method
	if r.Exact && r.Method == "heuristic" {
		sol.method = "heuristic-proven"
	}
	return sol, nil
}

func lcmInt(a, b int64) int64 {
	x, y := a, b
	for y != 0 {
		x, y = y, x%y
	}
	return a / x * b
}
