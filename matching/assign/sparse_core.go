package assign

// The sparse solver works on feasible pairs only (compressed sparse rows).
// It follows the same plan as the dense one — column reduction with
// reduction transfer (square problems without unmatched costs), two passes
// of augmenting row reduction, then shortest augmenting paths — but the
// shortest paths use Dijkstra's method with a binary heap over the columns
// actually reached, so one augmentation costs O(E' log V') in the part of
// the graph it explores rather than O(cols) per scanned row. The dense
// solver also uses it on a candidate subgraph (see dense_sparsify.go).

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
	done    []bool
	touched []int32
	ready   []int32
	heap    minHeap[T]
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
	s.done = make([]bool, nc)
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
	free, bad := s.augmentingRowReduction(free)
	if bad >= 0 {
		return bad
	}
	for _, f := range free {
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
			umin, usub := inf, inf
			e1, e2 := -1, -1 // pair index, or dummy
			for e := s.start[i]; e < s.start[i+1]; e++ {
				h := s.cost[e] - v[s.cols[e]]
				if h < usub {
					if h >= umin {
						usub = h
						e2 = e
					} else {
						usub = umin
						umin = h
						e2 = e1
						e1 = e
					}
				}
			}
			if pen != nil && pen[i] != inf {
				h := pen[i] - vd[i]
				if h < usub {
					if h >= umin {
						usub = h
						e2 = dummy
					} else {
						usub = umin
						umin = h
						e2 = e1
						e1 = dummy
					}
				}
			}
			if e1 == -1 {
				return nil, i
			}
			colOf := func(e int) int {
				if e == dummy {
					return -1
				}
				return int(s.cols[e])
			}
			if usub == inf {
				if e1 == dummy {
					x[i] = -1
				} else if j := colOf(e1); y[j] < 0 {
					x[i], y[j], xc[i] = j, i, s.cost[e1]
				} else {
					free[nfree] = i
					nfree++
				}
				continue
			}
			i0 := -1
			if e1 != dummy {
				i0 = y[colOf(e1)]
			}
			if umin < usub {
				if e1 == dummy {
					vd[i] -= usub - umin
				} else {
					v[colOf(e1)] -= usub - umin
				}
			} else if i0 >= 0 {
				e1 = e2
				i0 = -1
				if e2 != dummy {
					i0 = y[colOf(e2)]
				}
			}
			if e1 == dummy {
				x[i] = -1
			} else {
				j := colOf(e1)
				x[i], y[j], xc[i] = j, i, s.cost[e1]
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
func (s *spState[T]) augment(f int) bool {
	v, x, y, xc, inf, pen, vd := s.v, s.x, s.y, s.xc, s.inf, s.pen, s.vd
	d, pred, predc, done := s.d, s.pred, s.predc, s.done
	start, cols, cost := s.start, s.cols, s.cost
	s.heap = s.heap[:0]
	touched := s.touched[:0]
	ready := s.ready[:0]
	defer func() {
		for _, j := range touched {
			d[j] = inf
			done[j] = false
		}
		s.touched, s.ready = touched, ready
	}()
	for e := start[f]; e < start[f+1]; e++ {
		j := cols[e]
		nd := cost[e] - v[j]
		if nd < d[j] {
			if d[j] == inf {
				touched = append(touched, j)
			}
			d[j], pred[j], predc[j] = nd, int32(f), cost[e]
			s.heap.push(nd, j)
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
		if len(s.heap) == 0 {
			if bestDummy == inf {
				return false
			}
			dist, dummyEnd = bestDummy, true
			break
		}
		it := s.heap.pop()
		j := it.j
		if done[j] || it.key != d[j] {
			continue
		}
		if bestDummy < it.key || (bestDummy == it.key && y[j] >= 0) {
			dist, dummyEnd = bestDummy, true
			break
		}
		dist = it.key
		if y[j] < 0 {
			end = j
			break
		}
		done[j] = true
		ready = append(ready, j)
		i := y[j]
		h := xc[i] - v[j] - dist
		if pen != nil && pen[i] != inf {
			if dv := pen[i] - vd[i] - h; dv < bestDummy {
				bestDummy, bestRow = dv, i
			}
		}
		for e := start[i]; e < start[i+1]; e++ {
			j2 := cols[e]
			if done[j2] {
				continue
			}
			nd := cost[e] - v[j2] - h
			if nd < d[j2] {
				if d[j2] == inf {
					touched = append(touched, j2)
				}
				d[j2], pred[j2], predc[j2] = nd, int32(i), cost[e]
				if nd == dist && y[j2] < 0 {
					end = j2
					break search
				}
				s.heap.push(nd, j2)
			}
		}
	}
	for _, j := range ready {
		v[j] += d[j] - dist
	}
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
