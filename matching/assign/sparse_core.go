package assign

// The sparse solver works on feasible pairs only (compressed sparse rows).
// It follows the same plan as the dense one — column reduction with
// reduction transfer (square problems without unmatched costs), two passes
// of augmenting row reduction (each row's few least pairs cached between
// its scans: see twoLeastRow), then shortest augmenting paths — but the
// shortest paths use Dijkstra's method with an indexed 4-ary heap over the
// columns actually reached, so one augmentation costs O(E' log V') in the
// part of the graph it explores rather than O(cols) per scanned row; a
// column whose offered distance exceeds that of a free column already
// reached is not offered (the search ends before it could be scanned).
// Square problems without unmatched costs search from both ends at once
// (sparse_bidir.go): the rows left after the reductions are far from the
// free columns, and one-sided searches scanned most of the graph. The
// dense solver also uses it on a candidate subgraph (see dense_sparsify.go
// and dense_scaled.go).

// spState is the working state of one sparse solve.
type spState[T number] struct {
	nr, nc int
	start  []int   // nr+1 offsets into cols/cost
	cols   []int32 // column of each pair
	cost   []T     // cost of each pair
	inf    T
	pen    []T
	x, y   []int
	xc     []T // cost of the pair row i holds
	v, vd  []T
	// Dijkstra scratch, kept between augmentations.
	d       []T
	pred    []int32
	predc   []T
	pos     []int32 // index in iheap, or posOut
	touched []int32
	ready   []int32 // columns scanned, in order
	readyD  []T     // their final distances (d holds ninf for them)
	ninf    T       // -inf: below every distance
	bound   T       // least distance of a free column reached in this search
	iheap   colHeap[T]
	// The reduction's per-row cache (see twoLeastRow).
	arrN  []uint8
	arrJ  []int32
	arrC  []T
	arrTh []T
}

type heapItem[T number] struct {
	key T
	j   int32
}

func newSpState[T number](nr, nc int, start []int, cols []int32, cost []T, inf T, pen []T) *spState[T] {
	s := &spState[T]{nr: nr, nc: nc, start: start, cols: cols, cost: cost, inf: inf, pen: pen}
	s.x = make([]int, nr)
	s.xc = make([]T, nr)
	s.y = make([]int, nc)
	s.v = make([]T, nc)
	if pen != nil {
		s.vd = make([]T, nr)
	}
	for i := range s.x {
		s.x[i] = -1
	}
	for j := range s.y {
		s.y[j] = -1
	}
	s.initScratch()
	return s
}

func (s *spState[T]) initScratch() {
	nc := s.nc
	s.d = make([]T, nc)
	for j := range s.d {
		s.d[j] = s.inf
	}
	s.pred = make([]int32, nc)
	s.predc = make([]T, nc)
	s.ninf = -s.inf
	s.pos = make([]int32, nc)
	for j := range s.pos {
		s.pos[j] = posOut
	}
}

// solve runs the whole sparse method from scratch; it returns -2 on
// success, a row that cannot be assigned, or -(j+3) for a column that no
// row can take (square problems without unmatched costs).
func (s *spState[T]) solve() int {
	var free []int
	if s.pen == nil && s.nr == s.nc {
		var bad int
		free, bad = s.columnReduction()
		if bad != -1 {
			return bad
		}
	} else {
		free = make([]int, s.nr)
		for i := range free {
			free[i] = i
		}
	}
	if sparseARR {
		var bad int
		free, bad = s.augmentingRowReduction(free)
		if bad >= 0 {
			return bad
		}
	}
	bidir := s.pen == nil && s.nr == s.nc && sparseBidir && len(free) > 0 && moderateCosts(s.cost, s.nr, s.nc)
	var b *biState[T]
	for k, f := range free {
		if bidir && len(free)-k <= sparseBidirFree {
			if b == nil {
				b = s.initBi()
			}
			if !s.augmentBi(b, f) {
				return f
			}
			continue
		}
		if !s.augment(f) {
			return f
		}
	}
	return -2
}

func (s *spState[T]) columnReduction() ([]int, int) {
	n := s.nc
	v, x, y, xc, inf := s.v, s.x, s.y, s.xc, s.inf
	imin := make([]int, n)
	for j := range v {
		v[j] = inf
		imin[j] = -1
	}
	for i := 0; i < s.nr; i++ {
		for e := s.start[i]; e < s.start[i+1]; e++ {
			j := s.cols[e]
			if c := s.cost[e]; c < v[j] {
				v[j] = c
				imin[j] = i
			}
		}
	}
	matches := make([]int, s.nr)
	for j := 0; j < n; j++ {
		i := imin[j]
		if i < 0 {
			return nil, -(j + 3)
		}
		matches[i]++
		if matches[i] == 1 {
			x[i] = j
			y[j] = i
			xc[i] = v[j]
		}
	}
	var free []int
	for i := 0; i < s.nr; i++ {
		switch matches[i] {
		case 0:
			free = append(free, i)
		case 1:
			j1 := x[i]
			m := inf
			for e := s.start[i]; e < s.start[i+1]; e++ {
				if j := int(s.cols[e]); j != j1 {
					if h := s.cost[e] - v[j]; h < m {
						m = h
					}
				}
			}
			if m != inf {
				v[j1] -= m
			}
		}
	}
	return free, -1
}

func (s *spState[T]) augmentingRowReduction(free []int) ([]int, int) {
	v, x, y, xc, inf, pen, vd := s.v, s.x, s.y, s.xc, s.inf, s.pen, s.vd
	s.initARRCache()
	defer func() { s.arrN, s.arrJ, s.arrC, s.arrTh = nil, nil, nil, nil }()
	const dummy = -3 // the row's own unmatched column
	nfree := len(free)
	for pass := 0; pass < 2; pass++ {
		k := 0
		prv := nfree
		nfree = 0
		budget := sparseARRMul*s.nc + 1000
		for k < prv {
			if budget == 0 {
				nfree += copy(free[nfree:], free[k:prv])
				break
			}
			budget--
			i := free[k]
			k++
			umin, usub, j1, j2, c1, c2 := s.twoLeastRow(i)
			if pen != nil && pen[i] != inf {
				h := pen[i] - vd[i]
				if h < usub {
					if h >= umin {
						usub, j2 = h, dummy
					} else {
						usub, umin = umin, h
						j2, c2 = j1, c1
						j1 = dummy
					}
				}
			}
			if j1 == -1 {
				return nil, i
			}
			if usub == inf {
				if j1 == dummy {
					x[i] = -1
				} else if y[j1] < 0 {
					x[i], y[j1], xc[i] = j1, i, c1
				} else {
					free[nfree] = i
					nfree++
				}
				continue
			}
			i0 := -1
			if j1 != dummy {
				i0 = y[j1]
			}
			if umin < usub {
				if j1 == dummy {
					vd[i] -= usub - umin
				} else {
					v[j1] -= usub - umin
				}
			} else if i0 >= 0 {
				j1, c1 = j2, c2
				i0 = -1
				if j2 != dummy {
					i0 = y[j2]
				}
			}
			if j1 == dummy {
				x[i] = -1
			} else {
				x[i], y[j1], xc[i] = j1, i, c1
			}
			if i0 >= 0 {
				x[i0] = -1
				if umin < usub {
					k--
					free[k] = i0
				} else {
					free[nfree] = i0
					nfree++
				}
			}
		}
	}
	return free[:nfree], -1
}

// minHeap is a binary heap of (key, column) ordered by key, then column
// (so ties pop the lower column first).
type minHeap[T number] []heapItem[T]

func (h *minHeap[T]) push(key T, j int32) {
	a := append(*h, heapItem[T]{key, j})
	k := len(a) - 1
	for k > 0 {
		p := (k - 1) / 2
		if a[p].key < key || (a[p].key == key && a[p].j < j) {
			break
		}
		a[k] = a[p]
		k = p
	}
	a[k] = heapItem[T]{key, j}
	*h = a
}

func (h *minHeap[T]) pop() heapItem[T] {
	a := *h
	top := a[0]
	last := a[len(a)-1]
	a = a[:len(a)-1]
	n := len(a)
	k := 0
	for {
		c := 2*k + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && (a[r].key < a[c].key || (a[r].key == a[c].key && a[r].j < a[c].j)) {
			c = r
		}
		if last.key < a[c].key || (last.key == a[c].key && last.j < a[c].j) {
			break
		}
		a[k] = a[c]
		k = c
	}
	if n > 0 {
		a[k] = last
	}
	*h = a
	return top
}

// augment finds a shortest augmenting path from free row f over the pairs
// and flips it; false when none of finite cost exists.
//
// Dijkstra's method over the columns reached, with an indexed 4-ary heap
// ordered by (distance, column): a column's entry is moved up when its
// distance drops, so the heap never holds stale entries and pops columns
// in the same order as a heap of every (distance, column) offered would.
func (s *spState[T]) augment(f int) bool {
	ok := s.search(f)
	d, pos, inf := s.d, s.pos, s.inf
	for _, j := range s.touched {
		d[j] = inf
		pos[j] = posOut
	}
	return ok
}

// search is augment without the reset of the columns it reached (listed
// in s.touched).
func (s *spState[T]) search(f int) bool {
	v, x, y, xc, inf, pen, vd := s.v, s.x, s.y, s.xc, s.inf, s.pen, s.vd
	d, pred, predc, pos := s.d, s.pred, s.predc, s.pos
	start, cols, cost := s.start, s.cols, s.cost
	h := &s.iheap
	h.keys, h.cols = h.keys[:0], h.cols[:0]
	touched := s.touched[:0]
	ready, readyD := s.ready[:0], s.readyD[:0]
	s.bound = inf
	{
		rc := cols[start[f]:start[f+1]]
		rk := cost[start[f]:start[f+1]]
		rk = rk[:len(rc)]
		for k, j := range rc {
			c := rk[k]
			nd := c - v[j]
			if nd < d[j] {
				if d[j] == inf {
					touched = append(touched, j)
				}
				d[j], pred[j], predc[j] = nd, int32(f), c
				if y[j] < 0 && nd < s.bound {
					s.bound = nd
				}
				h.update(pos, nd, j)
			}
		}
	}
	bestDummy, bestRow := inf, -1
	if pen != nil && pen[f] != inf {
		bestDummy, bestRow = pen[f]-vd[f], f
	}
	var dist T
	end := int32(-1)
	dummyEnd := false
search:
	for {
		if len(h.cols) == 0 {
			if bestDummy == inf {
				s.touched, s.ready, s.readyD = touched, ready, readyD
				return false
			}
			dist, dummyEnd = bestDummy, true
			break
		}
		key, j := h.keys[0], h.cols[0]
		if bestDummy < key || (bestDummy == key && y[j] >= 0) {
			dist, dummyEnd = bestDummy, true
			break
		}
		dist = key
		if y[j] < 0 {
			end = j
			break
		}
		h.pop(pos)
		pos[j] = posOut
		d[j] = s.ninf // final: no pair can offer less
		ready = append(ready, j)
		readyD = append(readyD, dist)
		i := y[j]
		hh := xc[i] - v[j] - dist
		if pen != nil && pen[i] != inf {
			if dv := pen[i] - vd[i] - hh; dv < bestDummy {
				bestDummy, bestRow = dv, i
			}
		}
		s.touched = touched
		if e := s.relax(int32(i), cols[start[i]:start[i+1]], cost[start[i]:], hh, dist); e >= 0 {
			end = e
			touched = s.touched
			break search
		}
		touched = s.touched
	}
	readyD = readyD[:len(ready)]
	for k, j := range ready {
		v[j] += readyD[k] - dist
	}
	s.touched, s.ready, s.readyD = touched, ready, readyD
	if dummyEnd {
		r := bestRow
		j := x[r]
		x[r] = -1
		if r == f {
			return true
		}
		end = int32(j)
	}
	for {
		i := int(pred[end])
		y[end] = i
		k := x[i]
		x[i], xc[i] = int(end), predc[end]
		if i == f {
			break
		}
		end = int32(k)
	}
	return true
}

// relax offers the columns of scanned row i (columns rc, costs
// rk[:len(rc)]) at their distances through it, c - v[j] - hh; it returns a
// free column reached at distance dist (the search ends there), else -1.
func (s *spState[T]) relax(i int32, rc []int32, rk []T, hh, dist T) int32 {
	v, inf := s.v, s.inf
	// All of length nc: one bounds check per pair (on v[j]) covers them.
	n := len(v)
	d, pred, predc, pos, y := s.d[:n], s.pred[:n], s.predc[:n], s.pos[:n], s.y[:n]
	bound := s.bound
	rk = rk[:len(rc)]
	for k, j := range rc {
		c := rk[k]
		nd := c - v[j] - hh
		if nd < d[j] && nd <= bound {
			if d[j] == inf {
				s.touched = append(s.touched, j)
			}
			d[j], pred[j], predc[j] = nd, i, c
			if y[j] < 0 {
				if nd == dist {
					return j
				}
				bound = nd
			}
			s.iheap.update(pos, nd, j)
		}
	}
	s.bound = bound
	return -1
}

// sparseBidir turns the bidirectional search on, and sparseARR the
// augmenting row reduction (tests turn them off, to compare the searches
// and to leave them more rows).
var sparseBidir, sparseARR = true, true

// sparseBidirFree: the bidirectional search takes over when at most that
// many rows are left free. Its backward half starts from every free
// column, which costs more than it saves while they are many (and then a
// one-sided search soon meets one of them anyway).
var sparseBidirFree = 64

// posOut is spState.pos of a column outside the heap.
const posOut = -1

// colHeap is an indexed 4-ary min-heap of columns ordered by (key,
// column); pos[j] is column j's index in it, or posOut.
type colHeap[T number] struct {
	keys []T
	cols []int32
}

// update offers column j at key: it is inserted, or moved up when it is
// already in the heap (key is then never larger than its current one).
func (h *colHeap[T]) update(pos []int32, key T, j int32) {
	k := int(pos[j])
	if k < 0 {
		k = len(h.cols)
		h.keys = append(h.keys, key)
		h.cols = append(h.cols, j)
	}
	keys, cols := h.keys, h.cols
	for k > 0 {
		p := (k - 1) >> 2
		if keys[p] < key || (keys[p] == key && cols[p] < j) {
			break
		}
		keys[k], cols[k] = keys[p], cols[p]
		pos[cols[k]] = int32(k)
		k = p
	}
	keys[k], cols[k] = key, j
	pos[j] = int32(k)
}

// pop removes the smallest entry (the caller has read it at index 0) and
// leaves its column's pos for the caller to set.
func (h *colHeap[T]) pop(pos []int32) {
	n := len(h.cols) - 1
	key, j := h.keys[n], h.cols[n]
	h.keys, h.cols = h.keys[:n], h.cols[:n]
	if n == 0 {
		return
	}
	keys, cols := h.keys, h.cols
	k := 0
	for {
		c := 4*k + 1
		if c >= n {
			break
		}
		m := c
		mk, mj := keys[c], cols[c]
		for q := c + 1; q < c+4 && q < n; q++ {
			if kq := keys[q]; kq < mk || (kq == mk && cols[q] < mj) {
				m, mk, mj = q, kq, cols[q]
			}
		}
		if key < mk || (key == mk && j < mj) {
			break
		}
		keys[k], cols[k] = mk, mj
		pos[mj] = int32(k)
		k = m
	}
	keys[k], cols[k] = key, j
	pos[j] = int32(k)
}

// arrK is how many least pairs of each row the reduction keeps between
// full scans of the row.
const arrK = 4

func (s *spState[T]) initARRCache() {
	s.arrN = make([]uint8, s.nr)
	s.arrJ = make([]int32, s.nr*arrK)
	s.arrC = make([]T, s.nr*arrK)
	s.arrTh = make([]T, s.nr)
}

// twoLeastRow returns the least and second least reduced cost c - v[j]
// over row i's pairs (umin = usub when tied) and their columns (-1 when
// none) and costs, through a cache: a full scan keeps the row's arrK
// pairs of least reduced cost and the next least value, th. Within the
// reduction the duals only fall, so reduced costs only rise, and every
// pair left out of the cache still costs at least th: when the two least
// of the cached pairs, at today's duals, are within th, they are the
// row's two least (a tie with a pair left out gives the same values).
func (s *spState[T]) twoLeastRow(i int) (umin, usub T, j1, j2 int, c1, c2 T) {
	v, inf := s.v, s.inf
	if m := int(s.arrN[i]); m > 0 {
		cj := s.arrJ[i*arrK : i*arrK+m]
		cc := s.arrC[i*arrK : i*arrK+m]
		cc = cc[:len(cj)]
		umin, usub = inf, inf
		k1, k2 := -1, -1
		for k, j := range cj {
			h := cc[k] - v[j]
			if h < usub {
				if h >= umin {
					usub, k2 = h, k
				} else {
					usub, umin = umin, h
					k2, k1 = k1, k
				}
			}
		}
		if usub <= s.arrTh[i] {
			j1, j2 = -1, -1
			if k1 >= 0 {
				j1, c1 = int(cj[k1]), cc[k1]
			}
			if k2 >= 0 {
				j2, c2 = int(cj[k2]), cc[k2]
			}
			return umin, usub, j1, j2, c1, c2
		}
	}
	// Full scan: the arrK+1 least, in order.
	lo, hi := s.start[i], s.start[i+1]
	rc := s.cols[lo:hi]
	rk := s.cost[lo:hi]
	rk = rk[:len(rc)]
	var bh [arrK + 1]T
	var bj [arrK + 1]int32
	var bc [arrK + 1]T
	n := 0
	worst := inf
	for k, j := range rc {
		h := rk[k] - v[j]
		if h >= worst && n == arrK+1 {
			continue
		}
		// Insert after the entries not above h (ties keep row order).
		p := n
		if n == arrK+1 {
			p = arrK
		} else {
			n++
		}
		for p > 0 && bh[p-1] > h {
			bh[p], bj[p], bc[p] = bh[p-1], bj[p-1], bc[p-1]
			p--
		}
		bh[p], bj[p], bc[p] = h, j, rk[k]
		if n == arrK+1 {
			worst = bh[arrK]
		}
	}
	m := min(n, arrK)
	copy(s.arrJ[i*arrK:], bj[:m])
	copy(s.arrC[i*arrK:], bc[:m])
	s.arrN[i] = uint8(m)
	s.arrTh[i] = inf
	if n > arrK {
		s.arrTh[i] = bh[arrK]
	}
	umin, usub, j1, j2 = inf, inf, -1, -1
	if n > 0 {
		umin, j1, c1 = bh[0], int(bj[0]), bc[0]
	}
	if n > 1 {
		usub, j2, c2 = bh[1], int(bj[1]), bc[1]
	}
	return umin, usub, j1, j2, c1, c2
}
