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
//   - rows ≤ cols: each row's least entries (its minimum u_i is the first;
//     column prices v = 0), and the row takes the first still-free column
//     where its cost equals that minimum. With many ties (integer costs of
//     a few levels) nearly every row finds one.
//   - rows > cols: each column's least entries over the rows (a row-major
//     pass that keeps a short list per column), and each column takes the
//     row of its minimum when no other column has it yet. With ties, the
//     columns left over look for any free row at their minimum in a
//     second, short pass.
//
// Either way the prices are dual feasible and the pairs taken tight, which
// is a valid state of the shortest-augmenting-path method (dense_core.go):
// the rows (columns, when tall) left free are augmented from it by
// Dijkstra's method over the kept lists, reading a whole row (column) only
// when the list no longer bounds it (see listState), so tall matrices are
// read in place, without a transposed copy. When too many are left free,
// or the paths pass a budget of whole reads (structured costs), the caller
// turns to the usual method; the entries have been validated either way.
// The answer is exact: the augmenting paths keep the optimality conditions.

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
	// listDeficitDiv: a square problem the greedy start did not solve goes
	// straight to the auction's prices when a maximum matching of its
	// rows' lists (each row's greedyTallK least entries) leaves more than
	// 1/listDeficitDiv of the rows unmatched (see listMatching).
	listDeficitDiv = 16
)

// solveGreedy validates the matrix (valid false: an entry is invalid; the
// caller's own check reports it) and, when it can, solves it by the greedy
// start and shortest augmenting paths (done). No unmatched costs. When a
// valid square problem is not done, listed is the size of a maximum
// matching of its rows' lists (listMatching); otherwise it is -1.
func solveGreedy[T number](nr, nc int, c []T, inf, limit T) (x []int, done, valid bool, listed int) {
	if nr == 0 || nc == 0 || nr+nc > math.MaxInt32 {
		return nil, false, validAll(c, inf, limit), -1
	}
	if nr > nc {
		x, done, valid = solveGreedyTall(nr, nc, c, inf, limit)
		return x, done, valid, -1
	}
	x, done, valid, s := solveGreedyWide(nr, nc, c, inf, limit)
	listed = -1
	if valid && !done && nr == nc {
		listed = listMatching(nr, nc, s.k, s.lv, s.lr, inf)
		tracef("greedy: lists match %d of %d rows", listed, nr)
	}
	return x, done, valid, listed
}

// solveGreedyWide is solveGreedy for rows ≤ cols; it returns its state,
// whose lists are complete when the matrix is valid.
func solveGreedyWide[T number](nr, nc int, c []T, inf, limit T) (x []int, done, valid bool, s *listState[T]) {
	k := min(greedyTallK, nc)
	s = newListState(nr, nc, c, inf, k, true)
	x, y := s.x, s.y
	var free []int
	giveUp := false
	div := greedyFreeDiv
	if nr == nc {
		div = greedySquareDiv
	}
	for i := 0; i < nr; i++ {
		ci := c[i*nc : i*nc+nc]
		lv, lr := s.lv[i*k:i*k+k], s.lr[i*k:i*k+k]
		if !rowScanK(ci, lv, lr, limit) {
			return nil, false, false, s
		}
		s.thr[i] = lv[k-1]
		if giveUp {
			continue
		}
		m, jm := lv[0], int(lr[0])
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
		return nil, false, true, s
	}
	s.prepare(max(greedyBudget*nr, 1))
	for _, f := range free {
		if !s.augment(f) {
			tracef("greedy wide: %d free, over budget after %d scans", len(free), s.scans)
			return nil, false, true, s // over budget, or infeasible: the usual path decides
		}
	}
	tracef("greedy wide: %d free, %d scans", len(free), s.scans)
	return s.x, true, true, s
}

// listMatching returns the size of a maximum matching of the graph whose
// edges are the rows' listed entries (lv, lr: k per row; inf entries are
// no edges), by Hopcroft and Karp's method: O(edges·√rows), a small
// fraction of one pass over the matrix.
//
// It tells independent costs from structured ones. When every row lists
// its few cheapest columns at random, as with independent costs, nearly
// all rows can be matched within their lists (a random bipartite graph of
// a few edges per row has an almost perfect matching); when rows prefer
// the same columns, or nearby ones (distances between points: a dense
// area has more rows than columns near it), many cannot, and the
// reductions' candidate subgraph would get stuck after its full passes.
func listMatching[T number](nr, nc, k int, lv []T, lr []int32, inf T) int {
	x := make([]int32, nr) // row → column (-1: free)
	y := make([]int32, nc) // column → row (-1: free)
	for i := range x {
		x[i] = -1
	}
	for j := range y {
		y[j] = -1
	}
	size := 0
	// Greedy start: each row takes its first free listed column.
	for i := 0; i < nr; i++ {
		for t := i * k; t < i*k+k; t++ {
			if j := lr[t]; j >= 0 && lv[t] != inf && y[j] < 0 {
				x[i], y[j] = j, int32(i)
				size++
				break
			}
		}
	}
	dist := make([]int32, nr)
	queue := make([]int32, 0, nr)
	it := make([]int32, nr) // next list entry to try, per row (DFS)
	stack := make([]int32, 0, 64)
	for {
		// BFS from the free rows over alternating paths, in layers.
		queue = queue[:0]
		for i := range dist {
			dist[i] = -1
			if x[i] < 0 {
				dist[i] = 0
				queue = append(queue, int32(i))
			}
		}
		found := false
		for h := 0; h < len(queue); h++ {
			i := queue[h]
			for t := int(i) * k; t < int(i)*k+k; t++ {
				j := lr[t]
				if j < 0 || lv[t] == inf {
					continue
				}
				if g := y[j]; g < 0 {
					found = true
				} else if dist[g] < 0 {
					dist[g] = dist[i] + 1
					queue = append(queue, g)
				}
			}
		}
		if !found {
			return size
		}
		// DFS along the layers from each free row (iteratively).
		for i := range it {
			it[i] = int32(i * k)
		}
		for f := 0; f < nr; f++ {
			if x[f] >= 0 {
				continue
			}
			stack = append(stack[:0], int32(f))
			for len(stack) > 0 {
				i := stack[len(stack)-1]
				if it[i] == int32(int(i)*k+k) {
					dist[i] = -1 // dead end for this phase
					stack = stack[:len(stack)-1]
					continue
				}
				t := it[i]
				it[i]++
				j := lr[t]
				if j < 0 || lv[t] == inf {
					continue
				}
				g := y[j]
				if g < 0 {
					// Augment along the stack: each row takes the column
					// it last tried.
					for s := len(stack) - 1; s >= 0; s-- {
						r := stack[s]
						jr := lr[it[r]-1]
						x[r], y[jr] = jr, r
					}
					size++
					for _, r := range stack {
						dist[r] = -1 // used in this phase
					}
					stack = stack[:0]
					break
				}
				if dist[g] == dist[i]+1 {
					stack = append(stack, g)
				}
			}
		}
	}
}

// tracef reports the solver's choices when a test sets trace.
func tracef(format string, a ...any) {
	if trace != nil {
		trace(format, a...)
	}
}

// trace, when set (tests), receives the solver's choices.
var trace func(format string, a ...any)

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

// rowScanK keeps the k = len(lv) least entries of ci (values lv, columns
// lr, ascending, earlier columns first among equal values; lv starts all
// inf) and reports whether every entry is valid (see rowScan).
func rowScanK[T number](ci, lv []T, lr []int32, limit T) bool {
	switch r := any(ci).(type) {
	case []float64:
		return rowScanKFloat(r, any(lv).([]float64), lr, float64(limit))
	case []int64:
		return rowScanKInt(r, any(lv).([]int64), lr, int64(limit))
	}
	panic("unreachable")
}

func rowScanKFloat(ci, lv []float64, lr []int32, limit float64) bool {
	thr := lv[len(lv)-1]
	for j, cc := range ci {
		if cc < thr {
			thr = keepLeast(lv, lr, cc, int32(j))
		}
		if !(math.Abs(cc) <= limit) && !math.IsInf(cc, 1) {
			return false
		}
	}
	return true
}

func rowScanKInt(ci, lv []int64, lr []int32, limit int64) bool {
	thr := lv[len(lv)-1]
	for j, cc := range ci {
		if cc < thr {
			thr = keepLeast(lv, lr, cc, int32(j))
		}
		if cc != Forbidden && (cc > limit || cc < -limit) {
			return false
		}
	}
	return true
}

// listState is the shortest-augmenting-path state of the greedy start.
// Its nodes are the side to cover — the rows of a wide or square matrix,
// the columns of a tall one, read in place — and its items the other
// side; entry (item q, node j) is c[j*nc+q] when wide, c[q*nc+j] when
// tall.
//
// The paths are found by Dijkstra's method with a heap over the items,
// reading each node through its list of least entries (kept by the
// validation pass) and a lower bound for the others: the list's last
// value, since every item's price is ≤ 0. That bound enters the heap as a
// stand-in for the rest of the node; only when it comes first is the whole
// node read (for a tall matrix a strided pass over it). The distances are
// those of the dense method, so the result is exact.
type listState[T number] struct {
	nr, nc int
	c      []T
	inf    T
	wide   bool
	nn, ni int // nodes, items
	k      int
	lv     []T     // per node, its k least entries (ascending)
	lr     []int32 // and their items
	thr    []T     // per node, the last of them
	x      []int   // node → item (-1: free)
	y      []int   // item → node (-1: free)
	v      []T     // price of each item (≤ 0; 0 while it has no node)
	d      []T     // distance of each reached item
	pred   []int32 // the node an item was reached from (-1: not reached)
	done   []bool  // settled items
	seen   []int32 // items reached in this path (to reset)
	base   []T     // per reached node, the distance offset of its entries
	full   []bool  // nodes read whole in this path
	nodes  []int32 // nodes reached in this path (to reset)
	heap   minHeap[T]
	scans  int // whole nodes read
	budget int
}

func newListState[T number](nr, nc int, c []T, inf T, k int, wide bool) *listState[T] {
	s := &listState[T]{nr: nr, nc: nc, c: c, inf: inf, wide: wide, k: k, nn: nc, ni: nr}
	if wide {
		s.nn, s.ni = nr, nc
	}
	s.thr = make([]T, s.nn)
	s.lv = make([]T, s.nn*k)
	s.lr = make([]int32, s.nn*k)
	for j := range s.thr {
		s.thr[j] = inf
	}
	for t := range s.lv {
		s.lv[t] = inf
		s.lr[t] = -1
	}
	s.x = make([]int, s.nn)
	s.y = make([]int, s.ni)
	for j := range s.x {
		s.x[j] = -1
	}
	for q := range s.y {
		s.y[q] = -1
	}
	return s
}

// prepare allocates the path state; budget bounds the whole-node reads.
func (s *listState[T]) prepare(budget int) {
	s.v = make([]T, s.ni)
	s.d = make([]T, s.ni)
	s.pred = make([]int32, s.ni)
	for q := range s.pred {
		s.pred[q] = -1
	}
	s.done = make([]bool, s.ni)
	s.base = make([]T, s.nn)
	s.full = make([]bool, s.nn)
	s.budget = budget
}

// at is entry (item q, node j).
func (s *listState[T]) at(q, j int) T {
	if s.wide {
		return s.c[j*s.nc+q]
	}
	return s.c[q*s.nc+j]
}

// solveGreedyTall is solveGreedy for rows > cols.
func solveGreedyTall[T number](nr, nc int, c []T, inf, limit T) (x []int, done, valid bool) {
	k := min(greedyTallK, nr)
	s := newListState(nr, nc, c, inf, k, false)
	for i := 0; i < nr; i++ {
		if !colScan(c[i*nc:i*nc+nc], s.thr, s.lv, s.lr, k, int32(i), limit) {
			return nil, false, false
		}
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
	s.prepare(max(greedyBudget*nc, 1))
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

// reach relaxes the items of node j, reached at offset b (an entry c of
// item q is at distance b + c - v[q]), through its list, and pushes the
// stand-in for its other items (bound b + thr[j]).
func (s *listState[T]) reach(j int, b T) {
	s.base[j] = b
	s.nodes = append(s.nodes, int32(j))
	k, inf := s.k, s.inf
	for t := j * k; t < j*k+k; t++ {
		q := s.lr[t]
		if q < 0 || s.lv[t] == inf {
			break
		}
		s.relax(q, b+s.lv[t]-s.v[q], j)
	}
	if s.thr[j] != inf {
		s.heap.push(b+s.thr[j], int32(s.ni+j))
	}
}

func (s *listState[T]) relax(q int32, nd T, j int) {
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

// readWhole relaxes every item of node j (the stand-in for its unlisted
// items came first).
func (s *listState[T]) readWhole(j int) {
	b, inf, v := s.base[j], s.inf, s.v
	if s.wide {
		row := s.c[j*s.nc : j*s.nc+s.nc]
		for q, cc := range row {
			if cc != inf {
				s.relax(int32(q), b+cc-v[q], j)
			}
		}
		return
	}
	for q := 0; q < s.nr; q++ {
		if cc := s.c[q*s.nc+j]; cc != inf {
			s.relax(int32(q), b+cc-v[q], j)
		}
	}
}

// augment finds a shortest path from free node f to an item without a
// node and flips it; false when the budget of whole-node reads is spent
// or no path exists.
func (s *listState[T]) augment(f int) bool {
	for _, q := range s.seen {
		s.pred[q] = -1
		s.done[q] = false
	}
	for _, j := range s.nodes {
		s.full[j] = false
	}
	s.seen, s.nodes, s.heap = s.seen[:0], s.nodes[:0], s.heap[:0]
	var settled []int32
	s.reach(f, 0)
	end := int32(-1)
	var dEnd T
	for len(s.heap) > 0 {
		it := s.heap.pop()
		if int(it.j) >= s.ni {
			// The rest of a node comes first: read it whole.
			j := int(it.j) - s.ni
			if s.full[j] {
				continue
			}
			s.full[j] = true
			s.scans++
			if s.scans > s.budget {
				return false
			}
			s.readWhole(j)
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
		// Item q is held by node g: g's items are reached past q's pair.
		g := s.y[q]
		s.reach(g, it.key-(s.at(int(q), g)-s.v[q]))
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
