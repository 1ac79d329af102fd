package assign

import "math"

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

// colScan lowers cmin[j] to ci[j] (arg[j] = i) where it is smaller, and
// reports whether every entry of ci is valid (see rowScan).
func colScan[T number](ci, cmin []T, arg []int32, i int32, limit T) bool {
	switch r := any(ci).(type) {
	case []float64:
		return colScanFloat(r, any(cmin).([]float64), arg, i, float64(limit))
	case []int64:
		return colScanInt(r, any(cmin).([]int64), arg, i, int64(limit))
	}
	panic("unreachable")
}

func colScanFloat(ci, cmin []float64, arg []int32, i int32, limit float64) bool {
	cmin = cmin[:len(ci)]
	arg = arg[:len(ci)]
	for j, cc := range ci {
		if cc < cmin[j] {
			cmin[j] = cc
			arg[j] = i
		}
		if !(math.Abs(cc) <= limit) && !math.IsInf(cc, 1) {
			return false
		}
	}
	return true
}

func colScanInt(ci, cmin []int64, arg []int32, i int32, limit int64) bool {
	cmin = cmin[:len(ci)]
	arg = arg[:len(ci)]
	for j, cc := range ci {
		if cc < cmin[j] {
			cmin[j] = cc
			arg[j] = i
		}
		if cc != Forbidden && (cc > limit || cc < -limit) {
			return false
		}
	}
	return true
}

// tallState is the shortest-augmenting-path state of a tall problem seen
// transposed without copying it: its rows are the matrix's columns
// (nc of them, all to be covered) and its columns the matrix's rows (nr).
// Entry (row r, column q) is c[q*nc+r].
type tallState[T number] struct {
	nr, nc int
	c      []T
	inf    T
	x      []int // matrix column → matrix row (-1: free)
	y      []int // matrix row → matrix column (-1: free)
	v      []T   // price of each matrix row (≤ 0; 0 while it has no column)
	d      []T
	pred   []int
	col    []int
	scans  int
	budget int
	over   bool
}

// solveGreedyTall is solveGreedy for rows > cols.
func solveGreedyTall[T number](nr, nc int, c []T, inf, limit T) (x []int, done, valid bool) {
	if nr > math.MaxInt32 {
		return nil, false, validAll(c, inf, limit)
	}
	cmin := make([]T, nc)
	arg := make([]int32, nc)
	for j := range cmin {
		cmin[j] = inf
		arg[j] = -1
	}
	for i := 0; i < nr; i++ {
		if !colScan(c[i*nc:i*nc+nc], cmin, arg, int32(i), limit) {
			return nil, false, false
		}
	}
	s := &tallState[T]{nr: nr, nc: nc, c: c, inf: inf}
	s.x = make([]int, nc)
	s.y = make([]int, nr)
	for i := range s.y {
		s.y[i] = -1
	}
	var free []int
	for j, i := range arg {
		if i < 0 {
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
			for k, j := range free {
				if ci[j] == cmin[j] {
					s.x[j], s.y[i] = i, j
					free[k] = free[len(free)-1]
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
		return s.rowToCol(), true, true
	}
	s.v = make([]T, nr)
	s.d = make([]T, nr)
	s.pred = make([]int, nr)
	s.col = make([]int, nr)
	s.budget = max(greedyBudget*nc, 1)
	// Ascending order of the free columns (the pass above may shuffle
	// them): the result depends only on the input either way, but this
	// keeps it independent of the tie pass's bookkeeping.
	sortInts(free)
	for _, f := range free {
		if !s.augment(f) {
			tracef("greedy tall: %d free, over budget after %d scans", len(free), s.scans)
			return nil, false, true
		}
	}
	tracef("greedy tall: %d free, %d scans", len(free), s.scans)
	return s.rowToCol(), true, true
}

func (s *tallState[T]) rowToCol() []int {
	return s.y
}

func sortInts(a []int) {
	for k := 1; k < len(a); k++ {
		for t := k; t > 0 && a[t] < a[t-1]; t-- {
			a[t], a[t-1] = a[t-1], a[t]
		}
	}
}

// augment is lapState.augment (without unmatched costs) on the transposed
// view: from free matrix column f to a matrix row without a column.
func (s *tallState[T]) augment(f int) bool {
	n, stride := s.nr, s.nc
	c, v, x, y, inf := s.c, s.v, s.x, s.y, s.inf
	d, pred, col := s.d[:n], s.pred[:n], s.col[:n]
	for q := range col {
		col[q] = q
		pred[q] = f
		if cc := c[q*stride+f]; cc == inf {
			d[q] = inf
		} else {
			d[q] = cc - v[q]
		}
	}
	low, up := 0, 0
	end := -1
	var minD T
	for end < 0 {
		if up == low {
			if low == n {
				return false
			}
			minD = d[col[up]]
			up++
			for k := up; k < n; k++ {
				q := col[k]
				if h := d[q]; h <= minD {
					if h < minD {
						up = low
						minD = h
					}
					col[k] = col[up]
					col[up] = q
					up++
				}
			}
			if minD == inf {
				return false
			}
			for k := low; k < up; k++ {
				if y[col[k]] < 0 {
					end = col[k]
					break
				}
			}
			if end >= 0 {
				break
			}
		}
		q1 := col[low]
		low++
		s.scans++
		if s.budget > 0 && s.scans > s.budget {
			s.over = true
			return false
		}
		r := y[q1] // the matrix column that row q1 holds
		h := c[q1*stride+r] - v[q1] - minD
		for k := up; k < n; k++ {
			q := col[k]
			cc := c[q*stride+r]
			if cc == inf {
				continue
			}
			v2 := cc - v[q] - h
			if v2 < d[q] {
				pred[q] = r
				if v2 == minD {
					if y[q] < 0 {
						end = q
						break
					}
					col[k] = col[up]
					col[up] = q
					up++
				}
				d[q] = v2
			}
		}
	}
	for k := 0; k < low; k++ {
		q := col[k]
		v[q] += d[q] - minD
	}
	for {
		r := pred[end]
		y[end] = r
		k := x[r]
		x[r] = end
		if r == f {
			break
		}
		end = k
	}
	return true
}
