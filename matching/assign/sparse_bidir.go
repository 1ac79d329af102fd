package assign

// Bidirectional shortest augmenting paths (square problems without
// unmatched costs). After the reductions the few rows left free are far
// from the free columns: a search from one of them alone scans most of the
// graph before it can prove a path shortest. Here it meets a second search,
// run backwards over the pairs by column (a transposed copy) from every
// free column at once, and stops when the two radii together reach the
// best path seen, μ. The side that has scanned fewer columns goes next
// (by the smaller radius instead, the backward search, with its many
// sources, did nearly all the work).
//
// Column duals after the search. Let d_f be the forward distance of a
// column (exact for the columns the forward search scanned), d_b the
// backward one (distance to the nearest free column; exact for those the
// backward search scanned), M = min(forward radius, μ), which is at least
// μ - backward radius. The potential
//
//	π(j) = min(d_f(j), M) + max(μ - d_b(j), M) - M
//
// is feasible (π(j') ≤ π(j) + w for every arc j→j' of reduced cost w: each
// term is, and when both rise along an arc their sum rises by at most
// μ - d_f(j) - d_b(j') ≤ w), and equals d_f on the shortest path, so the
// path's arcs become tight. The duals move by v_j += π(j) - M: only the
// scanned columns change, forward ones down by M - d_f, backward ones up by
// μ - d_b - M when that is positive. A free column's dual may thus rise;
// that is allowed only because every column ends matched (square, no
// unmatched costs), so no condition bounds a free column's dual.

// moderateCosts reports whether every cost is within 1/1024 of the limit
// (MaxIntCost or MaxFloatCost) for the problem's size. The one-sided
// search only lowers duals, as the solvers' bound on them assumes; the
// bidirectional one also raises some, so it is kept to costs with ample
// room below the limit, where no drift of the duals can approach overflow.
func moderateCosts[T number](cost []T, nr, nc int) bool {
	var lim float64
	if T(1)/2 == 0 { // integer costs
		lim = float64(MaxIntCost(nr, nc))
	} else {
		lim = MaxFloatCost(nr, nc)
	}
	lim /= 1024
	for _, c := range cost {
		if f := float64(c); f > lim || f < -lim {
			return false
		}
	}
	return true
}

// biState is the backward half and the transposed pairs.
type biState[T number] struct {
	tstart []int
	trow   []int32
	tcost  []T
	freeC  []int32 // free columns
	db     []T     // backward tentative distance (inf: unreached, ninf: scanned)
	bdist  []T     // backward final distance of scanned columns
	fdist  []T     // forward final distance of scanned columns
	bnext  []int32 // column the row holding j moves to on the way to a free column
	bcost  []T     // cost of that pair
	posb   []int32
	bheap  colHeap[T]
	btouch []int32
	bready []int32
	mark   []bool // columns of the forward part of the path (simplicity check)
	path   []int32
}

func (s *spState[T]) initBi() *biState[T] {
	nr, nc := s.nr, s.nc
	b := &biState[T]{}
	b.tstart = make([]int, nc+1)
	for _, j := range s.cols {
		b.tstart[j+1]++
	}
	for j := 0; j < nc; j++ {
		b.tstart[j+1] += b.tstart[j]
	}
	b.trow = make([]int32, len(s.cols))
	b.tcost = make([]T, len(s.cols))
	next := make([]int, nc)
	copy(next, b.tstart[:nc])
	for i := 0; i < nr; i++ {
		for e := s.start[i]; e < s.start[i+1]; e++ {
			j := s.cols[e]
			b.trow[next[j]], b.tcost[next[j]] = int32(i), s.cost[e]
			next[j]++
		}
	}
	b.db = make([]T, nc)
	b.bdist = make([]T, nc)
	b.fdist = make([]T, nc)
	b.bnext = make([]int32, nc)
	b.bcost = make([]T, nc)
	b.posb = make([]int32, nc)
	b.mark = make([]bool, nc)
	for j := range b.db {
		b.db[j] = s.inf
		b.posb[j] = posOut
	}
	for j := 0; j < nc; j++ {
		if s.y[j] < 0 {
			b.freeC = append(b.freeC, int32(j))
		}
	}
	return b
}

// augmentBi is augment for square problems without unmatched costs, by
// the bidirectional search; when the forward and backward halves of the
// path it finds share a column (possible only through cycles of zero or
// rounded-away length), it falls back to augment.
func (s *spState[T]) augmentBi(b *biState[T], f int) bool {
	ok, simple := s.searchBi(b, f)
	d, pos, inf := s.d, s.pos, s.inf
	for _, j := range s.touched {
		d[j] = inf
		pos[j] = posOut
	}
	for _, j := range b.btouch {
		b.db[j] = inf
		b.posb[j] = posOut
	}
	if !simple {
		if !s.augment(f) {
			return false
		}
		for k, j := range b.freeC {
			if s.y[j] >= 0 {
				last := len(b.freeC) - 1
				b.freeC[k] = b.freeC[last]
				b.freeC = b.freeC[:last]
				break
			}
		}
	}
	return ok
}

// searchBi is augmentBi without the resets; simple is false when the path
// found is not simple (nothing is changed then).
func (s *spState[T]) searchBi(b *biState[T], f int) (ok, simple bool) {
	v, x, y, xc, inf, ninf := s.v, s.x, s.y, s.xc, s.inf, s.ninf
	n := len(v)
	d, pred, predc, pos := s.d[:n], s.pred[:n], s.predc[:n], s.pos[:n]
	db, bdist, fdist, bnext, bcost, posb := b.db[:n], b.bdist[:n], b.fdist[:n], b.bnext[:n], b.bcost[:n], b.posb[:n]
	start, cols, cost := s.start, s.cols, s.cost
	tstart, trow, tcost := b.tstart, b.trow, b.tcost
	hf, hb := &s.iheap, &b.bheap
	hf.keys, hf.cols = hf.keys[:0], hf.cols[:0]
	hb.keys, hb.cols = hb.keys[:0], hb.cols[:0]
	touched, ready := s.touched[:0], s.ready[:0]
	btouch, bready := b.btouch[:0], b.bready[:0]
	defer func() {
		s.touched, s.ready = touched, ready
		b.btouch, b.bready = btouch, bready
	}()
	mu, meet := inf, int32(-1)
	// Backward sources: every free column at distance 0.
	for _, j := range b.freeC {
		db[j] = 0
		bnext[j] = -1
		btouch = append(btouch, j)
		hb.update(posb, 0, j)
	}
	// Forward source: row f.
	{
		rc := cols[start[f]:start[f+1]]
		rk := cost[start[f]:start[f+1]]
		rk = rk[:len(rc)]
		u := inf
		for k, j := range rc {
			if h := rk[k] - v[j]; h < u {
				u = h
			}
		}
		for k, j := range rc {
			c := rk[k]
			nd := c - v[j] - u
			if nd < d[j] {
				if d[j] == inf {
					touched = append(touched, j)
				}
				d[j], pred[j], predc[j] = nd, int32(f), c
				hf.update(pos, nd, j)
				if bj := db[j]; bj != inf && nd+bj < mu {
					mu, meet = nd+bj, j
				}
			}
		}
	}
	for {
		if len(hf.cols) == 0 || len(hb.cols) == 0 {
			if mu == inf {
				return false, true
			}
			break
		}
		tf, tb := hf.keys[0], hb.keys[0]
		if tf+tb >= mu {
			break
		}
		if len(ready) <= len(bready) {
			// Forward: scan the row holding column j.
			j := hf.cols[0]
			hf.pop(pos)
			pos[j] = posOut
			d[j] = ninf
			fdist[j] = tf
			ready = append(ready, j)
			i := y[j]
			if i < 0 {
				// A free column: μ ≤ tf already (tb can be below 0 only by
				// rounding).
				break
			}
			hh := xc[i] - v[j] - tf
			rc := cols[start[i]:start[i+1]]
			rk := cost[start[i]:start[i+1]]
			rk = rk[:len(rc)]
			for k, j2 := range rc {
				c := rk[k]
				nd := c - v[j2] - hh
				if nd < d[j2] && nd < mu {
					if d[j2] == inf {
						touched = append(touched, j2)
					}
					d[j2], pred[j2], predc[j2] = nd, int32(i), c
					hf.update(pos, nd, j2)
					if bj := db[j2]; bj != inf {
						if bj == ninf {
							bj = bdist[j2]
						}
						if nd+bj < mu {
							mu, meet = nd+bj, j2
						}
					}
				}
			}
			continue
		}
		// Backward: column j2 at distance tb; each row i holding a pair
		// (i, j2) and a column j = x[i] offers j at tb + reduced cost.
		j2 := hb.cols[0]
		hb.pop(posb)
		posb[j2] = posOut
		db[j2] = ninf
		bdist[j2] = tb
		bready = append(bready, j2)
		vj2 := v[j2]
		lo, hi := tstart[j2], tstart[j2+1]
		tr := trow[lo:hi]
		tk := tcost[lo:hi]
		tk = tk[:len(tr)]
		for k, i := range tr {
			j := x[i]
			if j < 0 || j == int(j2) {
				continue
			}
			c := tk[k]
			nb := tb + (c - vj2) - (xc[i] - v[j])
			if nb < db[j] && nb < mu {
				if db[j] == inf {
					btouch = append(btouch, int32(j))
				}
				db[j], bnext[j], bcost[j] = nb, j2, c
				hb.update(posb, nb, int32(j))
				if fj := d[j]; fj != inf {
					if fj == ninf {
						fj = fdist[j]
					}
					if nb+fj < mu {
						mu, meet = nb+fj, int32(j)
					}
				}
			}
		}
	}
	if !b.simplePath(s, meet, f) {
		return true, false
	}
	// Duals (see the top of the file).
	m := mu
	if len(hf.cols) > 0 && hf.keys[0] < m {
		m = hf.keys[0]
	}
	for _, j := range ready {
		v[j] += fdist[j] - m
	}
	for _, j := range bready {
		if r := mu - bdist[j]; r > m {
			v[j] += r - m
		}
	}
	// Flip the path: the backward part from meet to a free column first,
	// then the forward part from row f to meet.
	cur := meet
	row := y[cur]
	for row >= 0 {
		nx := bnext[cur]
		nrow := y[nx]
		y[nx] = row
		x[row], xc[row] = int(nx), bcost[cur]
		cur, row = nx, nrow
	}
	// cur is the free column the path ends at: no longer free.
	for k, j := range b.freeC {
		if j == cur {
			last := len(b.freeC) - 1
			b.freeC[k] = b.freeC[last]
			b.freeC = b.freeC[:last]
			break
		}
	}
	end := meet
	for {
		i := int(pred[end])
		y[end] = i
		k := x[i]
		if i == f {
			x[i], xc[i] = int(end), predc[end]
			break
		}
		x[i], xc[i] = int(end), predc[end]
		end = int32(k)
	}
	return true, true
}

// simplePath reports whether the forward tree path from row f to column
// meet and the backward one from meet to a free column share no column
// but meet.
func (b *biState[T]) simplePath(s *spState[T], meet int32, f int) bool {
	path := b.path[:0]
	for end := meet; ; {
		path = append(path, end)
		b.mark[end] = true
		i := int(s.pred[end])
		if i == f {
			break
		}
		end = int32(s.x[i])
	}
	ok := true
	for cur := meet; s.y[cur] >= 0; {
		cur = b.bnext[cur]
		if b.mark[cur] {
			ok = false
			break
		}
	}
	for _, j := range path {
		b.mark[j] = false
	}
	b.path = path
	return ok
}
