package assign

import (
	"math"
	"slices"
	"time"
)

// The exact finish of the auction path: the auction's prices select, for
// each row, the scaledK pairs of least reduced cost (plus the pair it held
// in the auction); the sparse solver (shortest augmenting paths with a
// binary heap) solves that subgraph starting from those prices; the
// result is then checked against every pair of the matrix, and pairs that
// break the optimality conditions are added and the subgraph solved again.
//
// Shapes. Square and wide problems (rows ≤ cols) are solved with the rows
// as rows (the auction makes a wide problem square with virtual rows).
// Tall ones are solved transposed — the subgraph only, built from
// row-major scans.
// The matrix itself is never copied.
//
// Optimality conditions checked (rows ≤ cols after transposing the
// subgraph; u implicit, u_i = c[i][x_i] - v[x_i]):
//   - c[i][j] - v[j] ≥ u_i for every finite pair of the matrix;
//   - v[j] ≤ 0 for every column, and v[j] = 0 for every column left
//     without a row (not needed when the problem is square).
//
// They are the complementary slackness conditions of the assignment LP, so
// a result that passes is optimal, in exact arithmetic for int64 and with
// the same floating-point comparisons as the other solvers for float64.

var (
	scaledK      = 10  // candidate pairs per row
	scaledRounds = 400 // check-and-extend rounds before giving up
	// scaledStall gives up earlier when that many rounds in a row have not
	// lowered the least count of failed conditions seen.
	scaledStall = 48
	// tallCheckDiv: a tall problem's check reads only the columns whose
	// dual rose when they are at most 1/tallCheckDiv of the columns.
	tallCheckDiv = 8
)

// solveScaled solves the dense problem (no unmatched costs) by the
// auction's prices and the checked subgraph. It returns the column of each
// row (-1 for none) and true, or false when it gives up (an infeasible
// problem, or a subgraph that the rounds could not repair); the caller then
// runs the usual path, which also reports infeasibility.
func solveScaled[T number](nr, nc int, c []T, inf T) ([]int, bool) {
	if nr == 0 || nc == 0 {
		return nil, false
	}
	t0 := time.Now()
	ar, ok := auction(nr, nc, c, inf)
	tracef("auction prices: %v", time.Since(t0))
	if !ok {
		return nil, false
	}
	p := ar.p
	tall := nr > nc
	k := min(scaledK, nc)
	// Column duals for selecting candidates: v_j = -p_j.
	vsel := make([]T, nc)
	for j := range vsel {
		vsel[j] = T(-p[j])
	}
	// The auction's column of each real row (-1: none, or virtual).
	held := make([]int32, nr)
	for i := range held {
		held[i] = -1
	}
	for j := 0; j < nc; j++ {
		if i := ar.y[j]; i >= 0 && int(i) < nr && c[int(i)*nc+j] != inf {
			held[i] = int32(j)
		}
	}
	// Candidates per row (row-major scan).
	base := make([]int32, 0, nr*(k+1))
	baseStart := make([]int, nr+1)
	bestJ := make([]int32, k)
	bestH := make([]T, k)
	for i := 0; i < nr; i++ {
		ci := c[i*nc : i*nc+nc]
		off := int(uint64(i) * 0x9E3779B97F4A7C15 >> 32 % uint64(nc))
		m := topK(ci[off:], vsel[off:], off, inf, bestH, bestJ, 0)
		m = topK(ci[:off], vsel[:off], 0, inf, bestH, bestJ, m)
		h := held[i]
		for t := 0; t < m; t++ {
			if bestJ[t] == h {
				h = -1
			}
			base = append(base, bestJ[t])
		}
		if h >= 0 {
			base = append(base, h)
		}
		baseStart[i+1] = len(base)
	}
	// Start duals of the sparse problem's columns.
	var v0 []T
	if nr == nc {
		pmin := p[0]
		for _, q := range p[:nc] {
			pmin = min(pmin, q)
		}
		v0 = make([]T, nc)
		for j := range v0 {
			v0[j] = T(pmin - p[j])
		}
	} else {
		// Rectangular: the larger side's prices (the subgraph's columns:
		// the matrix's rows when tall, solved transposed, its columns when
		// wide) need not all be used. They start at price
		// 0: a shortest-path step changes only the prices of columns that
		// hold a row, and within a round a column never loses its row, so
		// columns left unused end at 0 as the optimality conditions
		// require (only a column freed by a repair round can need the
		// reset below). Prices taken from the auction left many unused
		// columns at nonzero prices, and their repair cycled on clustered
		// costs: each reset broke the conditions of that column's pairs,
		// which freed rows, which left other columns unused.
		v0 = make([]T, max(nr, nc))
	}
	// Start duals stay within the bound the other solvers keep (see
	// MaxIntCost), so that no sum of a cost and a dual can overflow; an
	// auction whose prices ran beyond it is not used.
	bound := float64(nr+nc+2) * math.Max(ar.maxAbs, 1)
	for _, d := range v0 {
		if math.Abs(float64(d)) > bound {
			return nil, false
		}
	}
	extra := make([][]int32, nr)
	rows, cols := nr, nc
	if tall {
		rows, cols = nc, nr
	}
	sp := &spState[T]{nr: rows, nc: cols, inf: inf}
	sp.x = make([]int, rows)
	sp.xc = make([]T, rows)
	sp.y = make([]int, cols)
	for i := range sp.x {
		sp.x[i] = -1
	}
	for j := range sp.y {
		sp.y[j] = -1
	}
	sp.v = v0
	sp.initScratch()
	sp.start, sp.cols, sp.cost = scaledGraph(nr, nc, c, tall, base, baseStart, extra)
	free := make([]int, rows)
	for r := range free {
		free[r] = r
	}
	bad := make([]bool, rows) // sparse rows with a violated condition
	least, leastRound := -1, 0
	var w []T
	var rose []int32
	if tall {
		w = make([]T, nc)
	}
	// The duals of the subgraph's rows at their last check.
	uChk := make([]T, rows)
	for round := 0; ; round++ {
		for _, r := range free {
			if !sp.augment(r) {
				return nil, false
			}
		}
		v := sp.v
		fixed := 0
		if nr != nc {
			// A column left without a row must have the largest dual, 0.
			for j := range sp.y {
				if sp.y[j] < 0 && v[j] != 0 {
					v[j] = 0
					fixed++
				}
			}
		}
		// Check the conditions. A pair that passed the last check, or that
		// has joined the subgraph since, still passes unless its row's
		// dual rose or its column's price did (prices only fall in the
		// shortest-path steps; the reset above raises them), so after the
		// first round only those are checked again: rows whose dual rose
		// (and every row when a price rose); for tall problems, whose
		// subgraph rows are the matrix's columns, the columns whose dual
		// rose, read row by row, when they are few.
		violations, checked := 0, 0
		if !tall {
			all := round == 0 || fixed > 0
			for i := 0; i < nr; i++ {
				u := sp.xc[i] - v[sp.x[i]]
				if !all && !(u > uChk[i]) {
					continue
				}
				uChk[i] = u
				checked++
				ci := c[i*nc : i*nc+nc]
				vv := v[:len(ci)]
				for j, cc := range ci {
					if cc != inf && cc-vv[j] < u {
						extra[i] = append(extra[i], int32(j))
						bad[i] = true
						violations++
					}
				}
			}
		} else {
			rose = rose[:0]
			for j := range w {
				w[j] = sp.xc[j] - v[sp.x[j]]
				if w[j] > uChk[j] {
					rose = append(rose, int32(j))
				}
				uChk[j] = w[j]
			}
			all := round == 0 || fixed > 0 || len(rose)*tallCheckDiv > nc
			checked = len(rose)
			for i := 0; i < nr; i++ {
				vi := v[i]
				ci := c[i*nc : i*nc+nc]
				if !all {
					for _, j := range rose {
						if cc := ci[j]; cc != inf && cc-vi < w[j] {
							extra[i] = append(extra[i], j)
							bad[j] = true
							violations++
						}
					}
					continue
				}
				ww := w[:len(ci)]
				for j, cc := range ci {
					if cc != inf && cc-vi < ww[j] {
						extra[i] = append(extra[i], int32(j))
						bad[j] = true
						violations++
					}
				}
			}
			if all {
				checked = nc
			}
		}
		if violations == 0 && fixed == 0 {
			x := make([]int, nr)
			if !tall {
				copy(x, sp.x)
			} else {
				for i := range x {
					x[i] = -1
				}
				for j, i := range sp.x {
					x[i] = j
				}
			}
			return x, true
		}
		if f := violations + fixed; least < 0 || f < least {
			least, leastRound = f, round
		}
		tracef("scaled round %d: %d violations, %d fixed, %d checked", round, violations, fixed, checked)
		if round+1 == scaledRounds || round-leastRound >= scaledStall || violations > 4*len(base) {
			return nil, false // the prices were far off, or repairs stall
		}
		// Free the rows whose conditions failed; the others keep their
		// pairs, which satisfy every condition, on the larger subgraph.
		free = free[:0]
		for r, b := range bad {
			if b {
				bad[r] = false
				free = append(free, r)
				sp.y[sp.x[r]] = -1
				sp.x[r] = -1
			}
		}
		sp.start, sp.cols, sp.cost = scaledGraph(nr, nc, c, tall, base, baseStart, extra)
	}
}

// scaledGraph builds the subgraph of solveScaled in compressed sparse rows:
// row i's candidates and extras, or for a tall problem the transpose
// (column j's list of rows). Lists are sorted and without repeats, as the
// sparse solver's ties expect.
func scaledGraph[T number](nr, nc int, c []T, tall bool, base []int32, baseStart []int, extra [][]int32) ([]int, []int32, []T) {
	rows := nr
	if tall {
		rows = nc
	}
	start := make([]int, rows+1)
	n := len(base)
	for _, e := range extra {
		n += len(e)
	}
	each := func(i int, f func(j int32)) {
		for _, j := range base[baseStart[i]:baseStart[i+1]] {
			f(j)
		}
		for _, j := range extra[i] {
			f(j)
		}
	}
	if !tall {
		cols := make([]int32, 0, n)
		cost := make([]T, 0, n)
		for i := 0; i < nr; i++ {
			a := len(cols)
			each(i, func(j int32) { cols = append(cols, j) })
			row := cols[a:]
			slices.Sort(row)
			cols = cols[:a+dedup(row)]
			for _, j := range cols[a:] {
				cost = append(cost, c[i*nc+int(j)])
			}
			start[i+1] = len(cols)
		}
		return start, cols, cost
	}
	// Transposed: rows in ascending order fill each column's list in
	// ascending order; a row's own repeats are skipped with a stamp.
	stamp := make([]int32, nc)
	for j := range stamp {
		stamp[j] = -1
	}
	for i := 0; i < nr; i++ {
		each(i, func(j int32) {
			if stamp[j] != int32(i) {
				stamp[j] = int32(i)
				start[j+1]++
			}
		})
	}
	for j := 0; j < nc; j++ {
		start[j+1] += start[j]
	}
	next := append([]int(nil), start[:nc]...)
	cols := make([]int32, start[nc])
	cost := make([]T, start[nc])
	for j := range stamp {
		stamp[j] = -1
	}
	for i := 0; i < nr; i++ {
		each(i, func(j int32) {
			if stamp[j] != int32(i) {
				stamp[j] = int32(i)
				cols[next[j]], cost[next[j]] = int32(i), c[i*nc+int(j)]
				next[j]++
			}
		})
	}
	return start, cols, cost
}

// dedup removes adjacent repeats of a sorted list and returns its length.
func dedup(a []int32) int {
	if len(a) == 0 {
		return 0
	}
	n := 1
	for _, x := range a[1:] {
		if x != a[n-1] {
			a[n] = x
			n++
		}
	}
	return n
}

// denseMode forces a dense method (tests, benchmarks): 0 chooses, 1 is the
// reductions and shortest paths, 2 the auction's prices first.
var denseMode = 0
