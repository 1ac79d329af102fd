package assign

// Large dense problems spend nearly all their time in the shortest-path
// phase, scanning whole rows of the matrix for a handful of rows that the
// reductions left free. Optimal assignments of such problems use only
// cheap pairs, so that phase runs instead on a candidate subgraph — for
// each row the candK pairs of least reduced cost at the end of the
// reductions, plus the pair it holds — with the sparse solver's heap
// Dijkstra, starting from the reductions' state (which is dual feasible for
// the whole matrix).
//
// The outcome is then checked against every pair: with row prices
// u_i = c[i][x_i] - v[x_i] (or Unmatched[i] - vd[i] for an unmatched row)
// it is optimal for the whole matrix when no pair has c[i][j] - v[j] < u_i.
// Pairs that break this are added to the subgraph and the phase is run
// again from the reductions' state; after candRounds rounds (or if a row
// finds no path inside the subgraph) the plain dense phase runs instead.
// Either way the answer is exact.

// Tuning of the candidate subgraph (variables so that tests can force the
// subgraph onto small problems).
var (
	candMinN   = 400 // smallest problem (columns) worth the subgraph
	candK      = 12  // candidate pairs per row
	candRounds = 4   // check-and-extend rounds before the dense fallback
)

// sparsePhase tries to finish the solve on a candidate subgraph; it reports
// whether it did (then s.x, s.y, s.v, s.vd hold the optimum). It sets
// s.stuck when a row found no path inside the subgraph: every row prefers
// the same few columns, the mark of structured costs.
func (s *lapState[T]) sparsePhase(free []int) bool {
	nr, nc, c, v, inf := s.nr, s.nc, s.c, s.v, s.inf
	k := min(candK, nc)
	// Candidate columns per row: the k least reduced costs (ties: lower
	// column first), plus the held column.
	base := make([]int32, 0, nr*(k+1))
	baseStart := make([]int, nr+1)
	bestJ := make([]int32, k)
	bestH := make([]T, k)
	for i := 0; i < nr; i++ {
		ci := c[i*nc : i*nc+nc]
		// Among equal reduced costs the columns met first win: start each
		// row's scan at its own offset so that rows with many ties (few
		// distinct costs) do not all pick the same low columns.
		off := int(uint64(i) * 0x9E3779B97F4A7C15 >> 32 % uint64(nc))
		m := topK(ci[off:], v[off:nc], off, inf, bestH, bestJ, 0)
		m = topK(ci[:off], v[:off], 0, inf, bestH, bestJ, m)
		held := s.x[i]
		for t := 0; t < m; t++ {
			if int(bestJ[t]) == held {
				held = -1
			}
			base = append(base, bestJ[t])
		}
		if held >= 0 {
			base = append(base, int32(held))
		}
		baseStart[i+1] = len(base)
	}
	extra := make([][]int32, nr)
	for round := 0; round < candRounds; round++ {
		// Build the subgraph.
		start := make([]int, nr+1)
		n := len(base)
		for i := range extra {
			n += len(extra[i])
		}
		cols := make([]int32, 0, n)
		cost := make([]T, 0, n)
		for i := 0; i < nr; i++ {
			ci := c[i*nc : i*nc+nc]
			for _, j := range base[baseStart[i]:baseStart[i+1]] {
				cols = append(cols, j)
				cost = append(cost, ci[j])
			}
			for _, j := range extra[i] {
				cols = append(cols, j)
				cost = append(cost, ci[j])
			}
			start[i+1] = len(cols)
		}
		sp := &spState[T]{nr: nr, nc: nc, start: start, cols: cols, cost: cost, inf: inf, pen: s.pen}
		sp.x = append([]int(nil), s.x...)
		sp.y = append([]int(nil), s.y...)
		sp.v = append([]T(nil), s.v...)
		if s.vd != nil {
			sp.vd = append([]T(nil), s.vd...)
		}
		sp.xc = make([]T, nr)
		for i, j := range sp.x {
			if j >= 0 {
				sp.xc[i] = c[i*nc+j]
			}
		}
		sp.initScratch()
		for _, f := range free {
			if !sp.augment(f) {
				s.stuck = true
				return false
			}
		}
		// Check every pair against the row prices.
		violations := 0
		for i := 0; i < nr; i++ {
			var u T
			if j := sp.x[i]; j >= 0 {
				u = c[i*nc+j] - sp.v[j]
			} else if s.pen != nil {
				u = s.pen[i] - sp.vd[i]
			} else {
				continue // cannot happen: every row is matched
			}
			ci := c[i*nc : i*nc+nc]
			vv := sp.v[:len(ci)]
			for j, cc := range ci {
				if cc != inf && cc-vv[j] < u {
					if !contains(cols[start[i]:start[i+1]], int32(j)) {
						extra[i] = append(extra[i], int32(j))
						violations++
					}
				}
			}
		}
		tracef("subgraph round %d: %d violations", round, violations)
		if violations == 0 {
			copy(s.x, sp.x)
			copy(s.y, sp.y)
			copy(s.v, sp.v)
			copy(s.vd, sp.vd)
			return true
		}
	}
	return false
}

func contains(s []int32, j int32) bool {
	for _, x := range s {
		if x == j {
			return true
		}
	}
	return false
}

// topK merges the columns of row part ci (reduced by v, the first column
// being base) into the m best kept in bestH/bestJ (ascending, capacity
// len(bestH)), and returns the new count. Ties keep the earlier column.
func topK[T number](ci, v []T, base int, inf T, bestH []T, bestJ []int32, m int) int {
	k := len(bestH)
	v = v[:len(ci)]
	for j, cc := range ci {
		if cc == inf {
			continue
		}
		h := cc - v[j]
		if m == k && h >= bestH[k-1] {
			continue
		}
		p := m
		if m < k {
			m++
		} else {
			p = k - 1
		}
		for p > 0 && bestH[p-1] > h {
			bestH[p], bestJ[p] = bestH[p-1], bestJ[p-1]
			p--
		}
		bestH[p], bestJ[p] = h, int32(base+j)
	}
	return m
}
