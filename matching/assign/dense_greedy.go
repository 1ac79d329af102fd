package assign

import (
	"math"
	"slices"
)

// Cheap problems — independent costs, few distinct values (ties), tall
// matrices with many more rows than columns — are solved by a greedy start
// and a few shortest augmenting paths, in about one pass over the matrix,
// fused with the validation of its entries:
//
//   - rows ≤ cols: each row's minimum u_i (column prices v = 0), and the
//     row takes the first still-free column where its cost equals that
//     minimum. With many ties (integer costs of a few levels) nearly every
//     row finds one.
//   - rows > cols: each column's minimum over the rows (a row-major pass
//     that keeps one running minimum per column), and each column takes
//     the row of its minimum when no other column has it yet. With ties,
//     the columns left over look for any free row at their minimum in a
//     second, short pass.
//
// Either way the prices are dual feasible and the pairs taken tight, which
// is a valid state of the shortest-augmenting-path method (dense_core.go):
// the rows (columns, when tall) left free are augmented from it, tall
// problems through a strided view of the matrix instead of a transposed
// copy. When too many are left free, or the paths pass a budget of scans
// (structured costs), the caller turns to the usual method; the entries
// have been validated either way. The answer is exact: the augmenting
// paths keep the optimality conditions.

// Tuning of the greedy start (variables so that tests can force them).
var (
	// greedyFreeDiv: the start is kept when at most 1/greedyFreeDiv of the
	// rows (columns, when tall) are left free; square problems, where the
	// usual column reduction is a good start too, need 1/greedySquareDiv.
	greedyFreeDiv   = 3
	greedySquareDiv = 8
	// greedyTieDiv: tall problems with more than 1/greedyTieDiv of the
	// columns left free by their minima's rows run the tie pass.
	greedyTieDiv = 8
	// greedyTallK: entries kept per column of a tall matrix.
	greedyTallK = 4
	// greedyBudget bounds the augmenting paths' scans, in units of the
	// covered side's length (rows ≤ cols: rows scanned; tall: columns
	// scanned, each a strided read of the matrix).
	greedyBudget = 1
)

// solveGreedy validates the matrix (valid false: an entry is invalid; the
// caller's own check reports it) and, when it can, solves it by the greedy
// start and shortest augmenting paths (done). No unmatched costs.
func solveGreedy[T number](nr, nc int, c []T, inf, limit T) (x []int, done, valid bool) {
	if nr == 0 || nc == 0 {
		return nil, false, validAll(c, inf, limit)
	}
	if nr > nc {
		return solveGreedyTall(nr, nc, c, inf, limit)
	}
	s := newLapState(nr, nc, c, inf, nil, 0)
	x, y := s.x, s.y
	free := s.free[:0]
	giveUp := false
	div := greedyFreeDiv
	if nr == nc {
		div = greedySquareDiv
	}
	for i := 0; i < nr; i++ {
		ci := c[i*nc : i*nc+nc]
		m, jm, ok := rowScan(ci, inf, limit)
		if !ok {
			return nil, false, false
		}
		if giveUp {
			continue
		}
		if m == inf {
			giveUp = true // a row without a finite cost: the usual path reports it
			continue
		}
		if y[jm] < 0 {
			x[i], y[jm] = jm, i
			continue
		}
		j2 := -1
		for j := jm + 1; j < nc; j++ {
			if ci[j] == m && y[j] < 0 {
				j2 = j
				break
			}
		}
		if j2 >= 0 {
			x[i], y[j2] = j2, i
		} else {
			free = append(free, i)
			if len(free)*div > nr {
				giveUp = true
			}
		}
	}
	if giveUp {
		tracef("greedy wide: gave up, %d free", len(free))
		return nil, false, true
	}
	s.budget = max(greedyBudget*nr, 1)
	for _, f := range free {
		if !s.augment(f) {
			tracef("greedy wide: %d free, over budget after %d scans", len(free), s.scans)
			return nil, false, true // over budget, or infeasible: the usual path decides
		}
	}
	tracef("greedy wide: %d free, %d scans", len(free), s.scans)
	return s.x, true, true
}

// tracef reports the solver's choices when a test sets trace.
func tracef(format string, a ...any) {
	if trace != nil {
		trace(format, a...)
	}
}

// trace, when set (tests), receives the solver's choices.
var trace func(format string, a ...any)

// newLapState allocates the working state of a dense solve with every row
// and column free and prices 0.
func newLapState[T number](nr, nc int, c []T, inf T, pen []T, budget int) *lapState[T] {
	s := &lapState[T]{nr: nr, nc: nc, c: c, inf: inf, pen: pen, budget: budget}
	s.x = make([]int, nr)
	s.y = make([]int, nc)
	s.v = make([]T, nc)
	s.d = make([]T, nc)
	s.pred = make([]int, nc)
	s.col = make([]int, nc)
	s.free = make([]int, nr)
	for i := range s.x {
		s.x[i] = -1
	}
	for j := range s.y {
		s.y[j] = -1
	}
	if pen != nil {
		s.vd = make([]T, nr)
	}
	return s
}

// validAll reports whether every entry of c is valid (see rowScan).
func validAll[T number](c []T, inf, limit T) bool {
	_, _, ok := rowScan(c, inf, limit)
	return ok
}

// rowScan returns the least entry of ci and its first column (inf and -1
// when none is finite), and whether every entry is valid: finite within
// ±limit, or inf (+Inf for float64, Forbidden for int64).
func rowScan[T number](ci []T, inf, limit T) (T, int, bool) {
	switch r := any(ci).(type) {
	case []float64:
		m, jm, ok := rowScanFloat(r, float64(limit))
		return T(m), jm, ok
	case []int64:
		m, jm, ok := rowScanInt(r, int64(limit))
		return T(m), jm, ok
	}
	panic("unreachable")
}

func rowScanFloat(ci []float64, limit float64) (float64, int, bool) {
	m, jm := math.Inf(1), -1
	for j, cc := range ci {
		if cc < m {
			m, jm = cc, j
		}
		if !(math.Abs(cc) <= limit) && !math.IsInf(cc, 1) {
			return m, jm, false
		}
	}
	return m, jm, true
}

func rowScanInt(ci []int64, limit int64) (int64, int, bool) {
	m, jm := Forbidden, -1
	for j, cc := range ci {
		if cc < m {
			m, jm = cc, j
		}
		if cc != Forbidden && (cc > limit || cc < -limit) {
			return m, jm, false
		}
	}
	return m, jm, true
}

// colScan keeps, for each column j, the k least entries seen so far
// (values lv[j*k:], rows lr[j*k:], ascending; an entry equal to a kept one
// goes after it, so earlier rows win ties) with thr[j] the k-th of them,
// offering it the entries of row i (ci); and reports whether every entry
// of ci is valid (see rowScan).
func colScan[T number](ci []T, thr, lv []T, lr []int32, k int, i int32, limit T) bool {
	switch r := any(ci).(type) {
	case []float64:
		return colScanFloat(r, any(thr).([]float64), any(lv).([]float64), lr, k, i, float64(limit))
	case []int64:
		return colScanInt(r, any(thr).([]int64), any(lv).([]int64), lr, k, i, int64(limit))
	}
	panic("unreachable")
}

func colScanFloat(ci, thr, lv []float64, lr []int32, k int, i int32, limit float64) bool {
	thr = thr[:len(ci)]
	for j, cc := range ci {
		if cc < thr[j] {
			thr[j] = keepLeast(lv[j*k:j*k+k], lr[j*k:j*k+k], cc, i)
		}
		if !(math.Abs(cc) <= limit) && !math.IsInf(cc, 1) {
			return false
		}
	}
	return true
}

func colScanInt(ci, thr, lv []int64, lr []int32, k int, i int32, limit int64) bool {
	thr = thr[:len(ci)]
	for j, cc := range ci {
		if cc < thr[j] {
			thr[j] = keepLeast(lv[j*k:j*k+k], lr[j*k:j*k+k], cc, i)
		}
		if cc != Forbidden && (cc > limit || cc < -limit) {
			return false
		}
	}
	return true
}

// keepLeast inserts (c, i) into the ascending list lv/lr (c is below its
// last value), dropping the last entry, and returns the new last value.
func keepLeast[T number](lv []T, lr []int32, c T, i int32) T {
	p := len(lv) - 1
	for p > 0 && lv[p-1] > c {
		lv[p], lr[p] = lv[p-1], lr[p-1]
		p--
	}
	lv[p], lr[p] = c, i
	return lv[len(lv)-1]
}

// tallState is the shortest-augmenting-path state of a tall problem seen
// transposed without copying it: its rows are the matrix's columns
// (nc of them, all to be covered) and its columns the matrix's rows (nr).
//
// The paths are found by Dijkstra's method with a heap over the matrix's
// rows, reading each column through its list of least entries (kept by
// the validation pass) and a lower bound for the others: the list's last
// value, since every row's price is ≤ 0. That bound enters the heap as a
// stand-in for the rest of the column; only when it comes first is the
// whole column read, a strided pass over the matrix. The distances are
// those of the dense method, so the result is exact.
type tallState[T number] struct {
	nr, nc int
	c      []T
	inf    T
	k      int
	lv     []T     // per column, its k least entries (ascending)
	lr     []int32 // and their rows
	thr    []T     // per column, the last of them
	x      []int   // matrix column → matrix row (-1: free)
	y      []int   // matrix row → matrix column (-1: free)
	v      []T     // price of each matrix row (≤ 0; 0 while it has no column)
	d      []T     // distance of each reached row
	pred   []int32 // the column a reached row was reached from
	done   []bool  // settled rows
	seen   []int32 // rows reached in this path (to reset)
	base   []T     // per reached column, the distance offset of its entries
	full   []bool  // columns read whole in this path
	cols   []int32 // columns reached in this path (to reset)
	heap   minHeap[T]
	scans  int // whole columns read
	budget int
}

// solveGreedyTall is solveGreedy for rows > cols.
func solveGreedyTall[T number](nr, nc int, c []T, inf, limit T) (x []int, done, valid bool) {
	if nr+nc > math.MaxInt32 {
		return nil, false, validAll(c, inf, limit)
	}
	k := min(greedyTallK, nr)
	s := &tallState[T]{nr: nr, nc: nc, c: c, inf: inf, k: k}
	s.thr = make([]T, nc)
	s.lv = make([]T, nc*k)
	s.lr = make([]int32, nc*k)
	for j := range s.thr {
		s.thr[j] = inf
	}
	for t := range s.lv {
		s.lv[t] = inf
		s.lr[t] = -1
	}
	for i := 0; i < nr; i++ {
		if !colScan(c[i*nc:i*nc+nc], s.thr, s.lv, s.lr, k, int32(i), limit) {
			return nil, false, false
		}
	}
	s.x = make([]int, nc)
	s.y = make([]int, nr)
	for i := range s.y {
		s.y[i] = -1
	}
	var free []int
	for j := 0; j < nc; j++ {
		i := s.lr[j*k]
		if s.lv[j*k] == inf {
			return nil, false, true // a column without a finite cost
		}
		if s.y[i] < 0 {
			s.x[j], s.y[i] = int(i), j
		} else {
			s.x[j] = -1
			free = append(free, j)
		}
	}
	if len(free)*greedyTieDiv > nc {
		// Ties: look for other rows at each left-over column's minimum,
		// row by row (each row takes at most one), until none is left.
		for i := 0; i < nr && len(free) > 0; i++ {
			if s.y[i] >= 0 {
				continue
			}
			ci := c[i*nc : i*nc+nc]
			for t, j := range free {
				if ci[j] == s.lv[j*k] {
					s.x[j], s.y[i] = i, j
					free[t] = free[len(free)-1]
					free = free[:len(free)-1]
					break
				}
			}
		}
		if len(free)*greedyFreeDiv > nc {
			tracef("greedy tall: gave up after the tie pass, %d free", len(free))
			return nil, false, true
		}
	}
	if len(free) == 0 {
		return s.y, true, true
	}
	s.v = make([]T, nr)
	s.d = make([]T, nr)
	s.pred = make([]int32, nr)
	s.done = make([]bool, nr)
	s.base = make([]T, nc)
	s.full = make([]bool, nc)
	s.budget = max(greedyBudget*nc, 1)
	// Ascending order of the free columns (the tie pass may shuffle them).
	slices.Sort(free)
	for _, f := range free {
		if !s.augment(f) {
			tracef("greedy tall: %d free, over budget after %d scans", len(free), s.scans)
			return nil, false, true
		}
	}
	tracef("greedy tall: %d free, %d scans", len(free), s.scans)
	return s.y, true, true
}

// reach relaxes the rows of column j, reached at offset b (an entry c of
// row q is at distance b + c - v[q]), through its list, and pushes the
// stand-in for its other rows (bound b + thr[j]).
func (s *tallState[T]) reach(j int, b T) {
	s.base[j] = b
	s.cols = append(s.cols, int32(j))
	k, inf := s.k, s.inf
	for t := j * k; t < j*k+k; t++ {
		q := s.lr[t]
		if q < 0 || s.lv[t] == inf {
			break
		}
		s.relax(q, b+s.lv[t]-s.v[q], j)
	}
	if s.thr[j] != inf {
		s.heap.push(b+s.thr[j], int32(s.nr+j))
	}
}

func (s *tallState[T]) relax(q int32, nd T, j int) {
	if s.done[q] {
		return
	}
	if s.pred[q] < 0 || nd < s.d[q] {
		if s.pred[q] < 0 {
			s.seen = append(s.seen, q)
		}
		s.d[q] = nd
		s.pred[q] = int32(j)
		s.heap.push(nd, q)
	}
}

// augment finds a shortest path from free matrix column f to a matrix row
// without a column and flips it; false when the budget of whole-column
// reads is spent or no path exists.
func (s *tallState[T]) augment(f int) bool {
	for _, q := range s.seen {
		s.pred[q] = -1
		s.done[q] = false
	}
	if s.seen == nil {
		for q := range s.pred {
			s.pred[q] = -1
		}
	}
	for _, j := range s.cols {
		s.full[j] = false
	}
	s.seen, s.cols, s.heap = s.seen[:0], s.cols[:0], s.heap[:0]
	var settled []int32
	s.reach(f, 0)
	end := int32(-1)
	var dEnd T
	for len(s.heap) > 0 {
		it := s.heap.pop()
		if int(it.j) >= s.nr {
			// The rest of a column comes first: read it whole.
			j := int(it.j) - s.nr
			if s.full[j] {
				continue
			}
			s.full[j] = true
			s.scans++
			if s.scans > s.budget {
				return false
			}
			b := s.base[j]
			for q := 0; q < s.nr; q++ {
				if cc := s.c[q*s.nc+j]; cc != s.inf {
					s.relax(int32(q), b+cc-s.v[q], j)
				}
			}
			continue
		}
		q := it.j
		if s.done[q] || it.key > s.d[q] {
			continue
		}
		if s.y[q] < 0 {
			end, dEnd = q, it.key
			break
		}
		s.done[q] = true
		settled = append(settled, q)
		// Row q holds column g: g's rows are reached past q's pair.
		g := s.y[q]
		s.reach(g, it.key-(s.c[int(q)*s.nc+g]-s.v[q]))
	}
	if end < 0 {
		return false // no finite path (the usual path reports it)
	}
	for _, q := range settled {
		s.v[q] += s.d[q] - dEnd
	}
	for {
		j := int(s.pred[end])
		s.y[end] = j
		prev := s.x[j]
		s.x[j] = int(end)
		if j == f {
			break
		}
		end = int32(prev)
	}
	return true
}
