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
	copy(sol.colOf, r.Facility)
	sol.method = r.Method
	if r.Exact && r.Method == "heuristic" {
		sol.method = "heuristic-proven"
	}
	if pr.oneHousehold(&sol, fb, cp.Size) {
		sol.method = "heuristic"
	}
	next := make([]int, m) // next free bed of each pool
	for i, j := range sol.colOf {
		if j < 0 || !pr.cols[j].pooled {
			continue
		}
		k := cp.Size[i]
		sol.beds[i] = pr.cols[j].units[next[j] : next[j]+k]
		next[j] += k
	}
	return sol, nil
}

// oneHousehold repairs rooms and apartments that the capacitated solver,
// which counts beds only, gave to several households: the household first
// in rank order keeps the unit, and each other one, in rank order, takes
// its allowed column of highest score that still has room (a free room or
// apartment, or a pool with enough free beds), or stays unmatched. It
// reports whether anything was moved.
func (pr *problem) oneHousehold(sol *solution, fb *forbidden, size []int) bool {
	held := make([]int, len(pr.cols)) // households in a room, beds in a pool
	var moved []int
	for i, j := range sol.colOf {
		if j < 0 {
			continue
		}
		if pr.cols[j].pooled {
			held[j] += size[i]
			continue
		}
		if held[j] > 0 {
			sol.colOf[i] = -1
			moved = append(moved, i)
			continue
		}
		held[j] = 1
	}
	for _, i := range moved {
		cols, scores := pr.pairsOf(i)
		best, bestScore := -1, int64(0)
		for e, j := range cols {
			c := &pr.cols[j]
			room := (c.pooled && c.beds-held[j] >= size[i]) || (!c.pooled && held[j] == 0)
			if !room || fb.has(i, j) {
				continue
			}
			if best < 0 || scores[e] > bestScore {
				best, bestScore = j, scores[e]
			}
		}
		if best < 0 {
			continue
		}
		sol.colOf[i] = best
		if pr.cols[best].pooled {
			held[best] += size[i]
		} else {
			held[best] = 1
		}
	}
	return len(moved) > 0
}

func lcmInt(a, b int64) int64 {
	x, y := a, b
	for y != 0 {
		x, y = y, x%y
	}
	return a / x * b
}
