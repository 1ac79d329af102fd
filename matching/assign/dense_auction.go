package assign

import (
	"cmp"
	"math"
	"slices"
)

// Structured costs (distances between clustered points, products of a
// row figure and a column figure, c_ij = i·j) make the shortest augmenting
// paths of the dense solver long: every row prefers the same columns, so
// each path scans most of the matrix. The auction method of Bertsekas with
// ε-scaling copes with them: rows bid for their best column, raising its
// price by the gap to their second best plus ε, and ε shrinks phase by
// phase, so that prices settle by coarse steps first.
//
// Here the auction is only a source of dual prices: they select a
// candidate subgraph and start the exact shortest-path solver on it, whose
// result is then checked against every pair (dense_scaled.go). Exactness
// never depends on the auction, which is why it may run in float64 on
// integer costs and stop at a coarse ε.
//
// Tall problems (rows > cols) are made square without copying, with
// rows-cols virtual columns of zero cost: they are interchangeable, so a
// bid needs only the two cheapest, kept in a heap by price. Wide ones are
// made square with cols-rows virtual rows of zero cost, which bid for the
// cheapest column (a heap of all the columns by price). Either way the
// real rows bid, reading the row-major matrix in place along its rows.

// Tuning of the auction (variables so that tests can force them).
var (
	auctionTheta    = 6.0  // ε divisor between phases
	auctionStartRel = 0.25 // first phase's ε, relative to the cost range
	// auctionStartRelTall is auctionStartRel for tall problems (rows >
	// cols). Their phases at coarse ε kept almost no pairs and rescanned
	// nearly every row (clustered distances, 10,000×1,000: ~60k rescans
	// at ε = 0.042 and ~40k at 0.0069); starting at 0.02 skips those
	// phases and cut the solve's CPU time by 15–30% on clustered
	// distances, products and c_ij = i·j at 10,000×1,000.
	auctionStartRelTall = 0.02
	auctionFinalRel     = 1e-6 // last phase's ε, relative to the cost range
	auctionK            = 12   // columns each row keeps between full scans
	// auctionBidLimit bounds the bids of one phase, in units of rows: a
	// phase beyond it stops, and its prices are used as they are.
	auctionBidLimit = 100
	auctionKeep     = true
)

// auctionResult holds the prices of an auction (max(nr, nc) columns: real
// ones first, then virtual ones) and who holds each column at the end (y,
// -1 for nobody).
type auctionResult struct {
	p []float64
	y []int32
	// maxAbs is the largest absolute finite cost (virtual ones are 0).
	maxAbs float64
}

// auction runs a forward auction with ε-scaling on the nr×nc matrix c
// (row-major, inf forbids a pair), made square with zero-cost virtual
// columns when it is tall and zero-cost virtual rows when it is wide. ok
// is false when a real row has no finite cost, or (square and tall) a
// column has none. In the result, y[j] ≥ nr means a virtual row.
func auction[T number](nr, nc int, c []T, inf T) (res auctionResult, ok bool) {
	n := max(nr, nc)
	// Rows that bid: the real ones, and when wide the nc-nr virtual rows
	// (ids nr..nc-1) of zero cost that make it square.
	nbid := n
	p := make([]float64, n)
	// Column minima as first prices (every reduced cost ≥ 0), and the range
	// of finite costs (virtual ones are 0) for ε.
	for j := range p[:nc] {
		p[j] = math.Inf(1)
		if nr < nc {
			p[j] = 0
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	if nr != nc {
		lo, hi = 0, 0
	}
	for i := 0; i < nr; i++ {
		ci := c[i*nc : i*nc+nc]
		pp := p[:len(ci)]
		for j, cc := range ci {
			if cc == inf {
				continue
			}
			f := float64(cc)
			if f < pp[j] {
				pp[j] = f
			}
			if f > hi {
				hi = f
			}
		}
	}
	for j := range p[:nc] {
		if math.IsInf(p[j], 1) {
			if nr >= nc {
				return res, false // a column no row can take
			}
			p[j] = 0
		}
		lo = math.Min(lo, p[j])
		p[j] = -p[j]
	}
	span := hi - lo
	if !(span > 0) {
		span = 1
	}
	// Virtual columns (tall problems): a min-heap of their indices by
	// price.
	var vh []int32
	if nr > nc {
		vh = make([]int32, nr-nc)
		for t := range vh {
			vh[t] = int32(nc + t)
		}
	}
	siftDown := func(t int) {
		for {
			l := 2*t + 1
			if l >= len(vh) {
				return
			}
			if r := l + 1; r < len(vh) && p[vh[r]] < p[vh[l]] {
				l = r
			}
			if p[vh[t]] <= p[vh[l]] {
				return
			}
			vh[t], vh[l] = vh[l], vh[t]
			t = l
		}
	}
	// Every column (wide problems): a min-heap by price, with each
	// column's place in it, for the virtual rows, which bid for the
	// cheapest column.
	var ch, pos []int32
	if nr < nc {
		ch, pos = make([]int32, nc), make([]int32, nc)
		for j := range ch {
			ch[j] = int32(j)
		}
		slices.SortStableFunc(ch, func(a, b int32) int { return cmp.Compare(p[a], p[b]) })
		for t, j := range ch {
			pos[j] = int32(t)
		}
	}
	siftDownC := func(t int) {
		for {
			l := 2*t + 1
			if l >= len(ch) {
				return
			}
			if r := l + 1; r < len(ch) && p[ch[r]] < p[ch[l]] {
				l = r
			}
			if p[ch[t]] <= p[ch[l]] {
				return
			}
			ch[t], ch[l] = ch[l], ch[t]
			pos[ch[t]], pos[ch[l]] = int32(t), int32(l)
			t = l
		}
	}
	x := make([]int32, n)
	y := make([]int32, n)
	queue := make([]int32, 0, n)
	// Each row keeps the k real columns of least value c + p found at its
	// last full scan, and thr, the least value outside them then. Prices
	// only rise, so the other columns are still worth ≥ thr: while the
	// best listed column is worth ≤ thr, the bid computed from the list
	// (with thr bounding the second best) is a valid bid for the whole
	// row, and the row is rescanned only when it is not.
	k := min(auctionK, nc)
	list := make([]int32, n*k)
	// The listed columns' costs, as float64 (+Inf for a forbidden pair or
	// padding), so that a bid reads its list without touching the matrix.
	lc := make([]float64, n*k)
	thr := make([]float64, n)
	for i := range thr {
		thr[i] = math.Inf(-1) // no list yet: scan first
	}
	sc := rescanner[T]{k: k, nc: nc, inf: inf, p: p, bestW: make([]float64, k+1), bestJ: make([]int32, k+1)}
	eps := span * auctionStartRel
	if nr > nc {
		eps = span * auctionStartRelTall
	}
	final := span * auctionFinalRel
	for i := range x {
		x[i] = -1
	}
	for j := range y {
		y[j] = -1
	}
	for {
		// A new phase keeps the pairs that are already within the new ε
		// of their row's best value (ε-complementary slackness, all the
		// auction needs of a held pair; later bids only raise other
		// prices or take the column away) and frees the others. Freeing
		// every pair, as the textbook phase does, made tall problems rebid
		// all their rows in every phase.
		queue = queue[:0]
		for i := nbid - 1; i >= 0; i-- {
			if j := x[i]; j >= 0 {
				keep := auctionKeep
				if keep && i >= nr {
					keep = p[j] <= p[ch[0]]+eps // a virtual row: the cheapest column
				} else if keep {
					keep = auctionKeeps(int(j), nc, c[i*nc:i*nc+nc], p, list[i*k:i*k+k], lc[i*k:i*k+k], thr[i], vh, eps)
				}
				if !keep {
					y[j], x[i] = -1, -1
				}
			}
			if x[i] < 0 {
				queue = append(queue, int32(i))
			}
		}
		bids, rescans, kept := 0, 0, nbid-len(queue)
		limit := auctionBidLimit * nbid
		for len(queue) > 0 && bids < limit {
			i := int(queue[len(queue)-1])
			queue = queue[:len(queue)-1]
			bids++
			var w1, w2 float64
			var j1 int
			if i >= nr {
				// A virtual row (wide problems): every column costs 0,
				// so its best two are the two cheapest.
				j1 = int(ch[0])
				w1, w2 = p[j1], p[ch[1]]
				if len(ch) > 2 {
					w2 = math.Min(w2, p[ch[2]])
				}
			} else {
				li, lv := list[i*k:i*k+k], lc[i*k:i*k+k]
				w1, w2 = math.Inf(1), math.Inf(1)
				j1 = -1
				for t, j := range li {
					// +Inf costs (forbidden, padding) never win: w < w2
					// fails for w = +Inf.
					w := lv[t] + p[j]
					if w < w2 {
						if w < w1 {
							w2, w1, j1 = w1, w, int(j)
						} else {
							w2 = w
						}
					}
				}
				if !(w1 <= thr[i]) {
					rescans++
					m := sc.scan(c[i*nc:i*nc+nc], li, lv, thr[i])
					if m == 0 && vh == nil {
						return res, false
					}
					thr[i] = sc.bestW[k]
					w1, j1, w2 = sc.bestW[0], int(sc.bestJ[0]), sc.bestW[1]
				}
				if w2 > thr[i] {
					w2 = thr[i]
				}
				if vh != nil {
					// The two cheapest virtual columns (cost 0).
					a := p[vh[0]]
					b := math.Inf(1)
					if len(vh) > 1 {
						b = p[vh[1]]
					}
					if len(vh) > 2 {
						b = math.Min(b, p[vh[2]])
					}
					switch {
					case a < w1:
						w2 = math.Min(w1, b)
						w1, j1 = a, int(vh[0])
					case a < w2:
						w2 = a
					}
				}
			}
			if math.IsInf(w2, 1) {
				w2 = w1 + span
			}
			p[j1] += w2 - w1 + eps
			if j1 >= nc {
				siftDown(0)
			} else if ch != nil {
				siftDownC(int(pos[j1]))
			}
			if old := y[j1]; old >= 0 {
				x[old] = -1
				queue = append(queue, old)
			}
			y[j1], x[i] = int32(i), int32(j1)
		}
		tracef("auction phase eps %.3g: kept %d, bids %d, rescans %d", eps/span, kept, bids, rescans)
		if eps <= final {
			break
		}
		eps = math.Max(eps/auctionTheta, final)
	}
	return auctionResult{p: p, y: y, maxAbs: math.Max(math.Abs(lo), math.Abs(hi))}, true
}

// auctionKeeps reports whether row i's pair with column j (a virtual one
// when j ≥ nc) is within eps of the row's best value, known from its list
// (columns li, costs lv; the others are worth at least thr) and the
// cheapest virtual column (vh, by price). When the list no longer bounds
// the row's best value the pair is not kept. ci is the row.
func auctionKeeps[T number](j, nc int, ci []T, p []float64, li []int32, lv []float64, thr float64, vh []int32, eps float64) bool {
	best := math.Inf(1)
	for t, q := range li {
		best = math.Min(best, lv[t]+p[q])
	}
	if !(best <= thr) {
		return false
	}
	if len(vh) > 0 {
		best = math.Min(best, p[vh[0]])
	}
	wh := p[j]
	if j < nc {
		wh += float64(ci[j])
	}
	return wh <= best+eps
}

// rescanner finds a row's k+1 columns of least value c + p (ties: the
// lower column first) for the auction: the bidder's best two and its new
// list. The row is read in chunks, keeping only the entries at or below a
// cut — at first the largest current value of the row's old list (k
// columns are worth no more, so unless they are all there is, the k+1 best
// are among the entries kept), then the (k+1)-th least value found — so
// that nearly every entry costs a load, an add and a compare.
type rescanner[T number] struct {
	k, nc int
	inf   T
	p     []float64
	bestW []float64 // the k+1 least values, ascending (+Inf: none)
	bestJ []int32   // and their columns
	buf   []int32
}

// rescanChunk is the number of entries collected between insertions.
const rescanChunk = 256

// scan rescans the row ci whose old list is li, lv
// (thr < -Inf before the first scan: no list), writes its new list into
// li, lv and returns the number of finite entries found, up to k+1;
// bestW[k] is then the new threshold (the least value outside the list).
func (r *rescanner[T]) scan(ci []T, li []int32, lv []float64, thr float64) int {
	k, p := r.k, r.p
	cut0 := math.Inf(1)
	if !math.IsInf(thr, 0) {
		cut0 = math.Inf(-1)
		for t, j := range li {
			cut0 = math.Max(cut0, lv[t]+p[j])
		}
	}
	m := r.collect(ci, cut0)
	if m <= k && !math.IsInf(cut0, 1) {
		m = r.collect(ci, math.Inf(1)) // the old list was all there was below cut0
	}
	bestW, bestJ := r.bestW, r.bestJ
	if m == 0 {
		bestW[0], bestJ[0] = math.Inf(1), 0
	}
	for q := max(m, 1); q <= k; q++ {
		// Fewer than k+1 finite columns: repeat the last, with nothing
		// outside the list.
		bestW[q], bestJ[q] = math.Inf(1), bestJ[max(m, 1)-1]
	}
	copy(li, bestJ[:k])
	for t, j := range li {
		lv[t] = math.Inf(1)
		if t < m {
			lv[t] = float64(ci[j])
		}
	}
	return m
}

// collect fills bestW/bestJ with the k+1 least values of the row among
// the entries at or below cut (finite ones only) and returns their number.
func (r *rescanner[T]) collect(ci []T, cut float64) int {
	k, nc, p := r.k, r.nc, r.p
	bestW, bestJ := r.bestW, r.bestJ
	m := 0
	top := math.Inf(1) // the (k+1)-th value once there are k+1
	for j0 := 0; j0 < nc; j0 += rescanChunk {
		j1 := min(j0+rescanChunk, nc)
		r.buf = collectBelow(ci, p, j0, j1, cut, r.inf, r.buf[:0])
		for _, j := range r.buf {
			w := float64(ci[j]) + p[j]
			if w >= top {
				continue
			}
			q := m
			if m <= k {
				m++
			} else {
				q = k
			}
			for q > 0 && bestW[q-1] > w {
				bestW[q], bestJ[q] = bestW[q-1], bestJ[q-1]
				q--
			}
			bestW[q], bestJ[q] = w, j
			if m == k+1 {
				top = bestW[k]
			}
		}
		cut = math.Min(cut, top)
	}
	return m
}

// collectBelow appends to buf the columns j in [j0, j1) of the row ci
// whose value c + p[j] is at most cut, forbidden pairs (inf) excepted.
func collectBelow[T number](ci []T, p []float64, j0, j1 int, cut float64, inf T, buf []int32) []int32 {
	if f, ok := any(ci).([]float64); ok && !math.IsInf(cut, 1) {
		// A +Inf cost has value +Inf, above any finite cut.
		return collectBelowFloat(f[j0:j1], p[j0:j1], j0, cut, buf)
	}
	row := ci[j0:j1]
	pp := p[j0:j1]
	pp = pp[:len(row)]
	for j, cc := range row {
		if cc != inf && float64(cc)+pp[j] <= cut {
			buf = append(buf, int32(j0+j))
		}
	}
	return buf
}

func collectBelowFloat(row, pp []float64, j0 int, cut float64, buf []int32) []int32 {
	pp = pp[:len(row)]
	for j, cc := range row {
		if cc+pp[j] <= cut {
			buf = append(buf, int32(j0+j))
		}
	}
	return buf
}
