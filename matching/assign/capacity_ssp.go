package assign

// capSSP is an exact min-cost assignment of unit rows to columns with
// capacities (a transportation problem with unit demands), each row
// either taking a column or paying its own unmatched cost. It is the
// sparse solver generalised to columns that hold several rows: a column
// with room ends a path; a full column, when scanned, relaxes the pairs of
// every row it holds. Prices: v[j] ≤ 0 for columns (0 while a column has
// room), vd[i] for row i's unmatched option; row prices are implicit.
type capSSP struct {
	nr, nc int
	lo, hi []int // row i's pairs are cols/cost[lo[i]:hi[i]] (rows may share)
	// group[i] names row i's pair list: rows of one group have the same
	// pairs, so within one search only the row of the group with the
	// largest row price needs relaxing (the others give longer paths).
	group   []int32
	groupH  []int64
	gstamp  []int32
	stamp   int32
	cols    []int32
	cost    []int64
	pen     []int64 // every entry finite
	cap     []int
	x       []int
	xc      []int64
	members [][]int32
	pos     []int32
	v, vd   []int64
	d       []int64
	pred    []int32
	predc   []int64
	done    []bool
	touched []int32
	ready   []int32
	heap    minHeap[int64]
}

const capInf = Forbidden

func newCapSSP(nr, nc int, lo, hi []int, group []int32, ngroups int, cols []int32, cost []int64, pen []int64, capacity []int) *capSSP {
	s := &capSSP{nr: nr, nc: nc, lo: lo, hi: hi, group: group, cols: cols, cost: cost, pen: pen, cap: capacity}
	s.groupH = make([]int64, ngroups)
	s.gstamp = make([]int32, ngroups)
	s.x = make([]int, nr)
	s.xc = make([]int64, nr)
	s.pos = make([]int32, nr)
	s.members = make([][]int32, nc)
	s.v = make([]int64, nc)
	s.vd = make([]int64, nr)
	s.d = make([]int64, nc)
	s.pred = make([]int32, nc)
	s.predc = make([]int64, nc)
	s.done = make([]bool, nc)
	for j := range s.d {
		s.d[j] = capInf
	}
	for i := range s.x {
		s.x[i] = -1
	}
	return s
}

func (s *capSSP) join(i, j int, c int64) {
	s.x[i], s.xc[i] = j, c
	s.pos[i] = int32(len(s.members[j]))
	s.members[j] = append(s.members[j], int32(i))
}

func (s *capSSP) leave(i int) {
	j := s.x[i]
	m := s.members[j]
	p := s.pos[i]
	last := m[len(m)-1]
	m[p] = last
	s.pos[last] = p
	s.members[j] = m[:len(m)-1]
	s.x[i] = -1
}

// solve places every row; it cannot fail since unmatched costs are finite.
func (s *capSSP) solve() {
	var free []int
	for i := 0; i < s.nr; i++ {
		// Best option at zero prices; take it when it has room.
		best, bj, bc := s.pen[i], -1, int64(0)
		for e := s.lo[i]; e < s.hi[i]; e++ {
			if c := s.cost[e]; c <= best && (c < best || bj < 0) {
				best, bj, bc = c, int(s.cols[e]), c
			}
		}
		switch {
		case bj < 0:
			// stays unmatched at its own price
		case len(s.members[bj]) < s.cap[bj]:
			s.join(i, bj, bc)
		default:
			free = append(free, i)
		}
	}
	for _, f := range free {
		s.augment(f)
	}
}

func (s *capSSP) augment(f int) {
	v, vd, x, xc, pen := s.v, s.vd, s.x, s.xc, s.pen
	d, pred, predc, done := s.d, s.pred, s.predc, s.done
	lo, hi, cols, cost := s.lo, s.hi, s.cols, s.cost
	s.heap = s.heap[:0]
	touched, ready := s.touched[:0], s.ready[:0]
	s.stamp++
	group, groupH, gstamp, stamp := s.group, s.groupH, s.gstamp, s.stamp
	gstamp[group[f]], groupH[group[f]] = stamp, 0
	for e := lo[f]; e < hi[f]; e++ {
		j := cols[e]
		if done[j] {
			continue
		}
		if nd := cost[e] - v[j] - 0; nd < d[j] {
			if d[j] == capInf {
				touched = append(touched, j)
			}
			d[j], pred[j], predc[j] = nd, int32(f), cost[e]
			s.heap.push(nd, j)
		}
	}
	bestDummy, bestRow := pen[f]-vd[f], f
	var dist int64
	end := int32(-1)
	for len(s.heap) > 0 {
		it := s.heap.pop()
		j := it.j
		if done[j] || it.key != d[j] {
			continue
		}
		full := len(s.members[j]) >= s.cap[j]
		if bestDummy < it.key || (bestDummy == it.key && full) {
			break
		}
		dist = it.key
		if !full {
			end = j
			break
		}
		done[j] = true
		ready = append(ready, j)
		for _, i32 := range s.members[j] {
			i := int(i32)
			h := xc[i] - v[j] - dist
			if dv := pen[i] - vd[i] - h; dv < bestDummy {
				bestDummy, bestRow = dv, i
			}
			if g := group[i]; gstamp[g] == stamp && groupH[g] >= h {
				continue
			} else {
				gstamp[g], groupH[g] = stamp, h
			}
			for e := lo[i]; e < hi[i]; e++ {
				j := cols[e]
				if done[j] {
					continue
				}
				if nd := cost[e] - v[j] - h; nd < d[j] {
					if d[j] == capInf {
						touched = append(touched, j)
					}
					d[j], pred[j], predc[j] = nd, int32(i), cost[e]
					s.heap.push(nd, j)
				}
			}
		}
	}
	if end < 0 {
		dist = bestDummy
	}
	for _, j := range ready {
		v[j] += d[j] - dist
	}
	for _, j := range touched {
		d[j] = capInf
		done[j] = false
	}
	s.touched, s.ready = touched, ready
	if end < 0 {
		r := bestRow
		if r == f {
			return
		}
		end = int32(x[r])
		s.leave(r)
	}
	for {
		i := int(pred[end])
		k := x[i]
		if k >= 0 {
			s.leave(i)
		}
		s.join(i, int(end), predc[end])
		if i == f {
			return
		}
		end = int32(k)
	}
}

// total returns the cost of the current placement.
func (s *capSSP) total() int64 {
	var t int64
	for i, j := range s.x {
		if j >= 0 {
			t += s.xc[i]
		} else {
			t += s.pen[i]
		}
	}
	return t
}
