package assign

import "math"

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
// bid needs only the two cheapest, kept in a heap by price. Wide problems
// are auctioned transposed, their columns bidding for the rows, read in
// place with a stride (auctionStrided; no copy of the matrix).

// Tuning of the auction (variables so that tests can force them).
var (
	auctionTheta    = 6.0  // ε divisor between phases
	auctionStartRel = 0.25 // first phase's ε, relative to the cost range
	auctionFinalRel = 1e-6 // last phase's ε, relative to the cost range
	auctionK        = 4    // columns each row keeps between full scans
	// auctionBidLimit bounds the bids of one phase, in units of rows: a
	// phase beyond it stops, and its prices are used as they are.
	auctionBidLimit = 100
	auctionKeep     = true
	// auctionStridedK replaces auctionK when the matrix is read through a
	// stride (wide problems), whose rescans cost a cache miss per entry.
	auctionStridedK = 8
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
// columns when it is tall. ok is false when a real row has no finite cost.
func auction[T number](nr, nc int, c []T, inf T) (res auctionResult, ok bool) {
	return auctionStrided(nr, nc, c, nc, 1, inf)
}

// auctionStrided is auction on the nr×nc matrix whose entry (i, j) is
// c[i*rs+j*cs]: rs = nc, cs = 1 for a row-major matrix, rs = 1, cs = nr
// for the transpose of a row-major nc×nr one, read in place (wide problems
// are auctioned that way, with their columns as bidders, so that no
// transposed copy is made).
func auctionStrided[T number](nr, nc int, c []T, rs, cs int, inf T) (res auctionResult, ok bool) {
	n := max(nr, nc)
	nbid := nr // rows that bid: the real ones (virtual columns when tall)
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
		ci := c[i*rs:]
		if cs == 1 {
			ci = ci[:nc]
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
			continue
		}
		for j := 0; j < nc; j++ {
			cc := ci[j*cs]
			if cc == inf {
				continue
			}
			f := float64(cc)
			if f < p[j] {
				p[j] = f
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
	if cs != 1 {
		k = min(auctionStridedK, nc) // a strided rescan costs more
	}
	list := make([]int32, n*k)
	thr := make([]float64, n)
	for i := range thr {
		thr[i] = math.Inf(-1) // no list yet: scan first
	}
	bestW := make([]float64, k+1)
	bestJ := make([]int32, k+1)
	eps := span * auctionStartRel
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
			if j := x[i]; j >= 0 && (!auctionKeep || !auctionKeeps(i, int(j), nc, c[i*rs:], cs, p, list[i*k:i*k+k], thr[i], vh, inf, eps)) {
				y[j], x[i] = -1, -1
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
			li := list[i*k : i*k+k]
			ci := c[i*rs:] // entry j at ci[j*cs]
			w1, w2 := math.Inf(1), math.Inf(1)
			j1 := -1
			for _, j := range li {
				cj := ci[int(j)*cs]
				if int(j) == j1 || cj == inf {
					continue // a short row repeats its last column
				}
				w := float64(cj) + p[j]
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
				m := 0
				cut := math.Inf(1)
				pp := p[:nc]
				if cs != 1 {
					pp = nil // strided: the loop below
				}
				for j, cc := range ci[:len(pp)] {
					w := float64(cc) + pp[j]
					if w >= cut || cc == inf {
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
					bestW[q], bestJ[q] = w, int32(j)
					if m == k+1 {
						cut = bestW[k]
					}
				}
				for j := 0; j < nc && cs != 1; j++ {
					// The same scan, reading down a column of c.
					cc := ci[j*cs]
					w := float64(cc) + p[j]
					if w >= cut || cc == inf {
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
					bestW[q], bestJ[q] = w, int32(j)
					if m == k+1 {
						cut = bestW[k]
					}
				}
				if m == 0 && vh == nil {
					return res, false
				}
				if m == 0 {
					bestW[0], bestJ[0] = math.Inf(1), 0
					m = 1
				}
				for q := m; q <= k; q++ {
					// Fewer than k+1 finite columns: repeat the last, with
					// nothing outside the list.
					bestW[q], bestJ[q] = math.Inf(1), bestJ[m-1]
				}
				copy(li, bestJ[:k])
				thr[i] = bestW[k]
				w1, j1, w2 = bestW[0], int(bestJ[0]), bestW[1]
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
			if math.IsInf(w2, 1) {
				w2 = w1 + span
			}
			p[j1] += w2 - w1 + eps
			if j1 >= nc {
				siftDown(0)
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
// (ci's columns, entry q at ci[q*cs]; the others are worth at least thr) and the cheapest
// virtual column (vh, by price). When the list no longer bounds the row's
// best value the pair is not kept.
func auctionKeeps[T number](i, j, nc int, ci []T, cs int, p []float64, li []int32, thr float64, vh []int32, inf T, eps float64) bool {
	best := math.Inf(1)
	for _, q := range li {
		if cq := ci[int(q)*cs]; cq != inf {
			best = math.Min(best, float64(cq)+p[q])
		}
	}
	if !(best <= thr) {
		return false
	}
	if len(vh) > 0 {
		best = math.Min(best, p[vh[0]])
	}
	wh := p[j]
	if j < nc {
		wh += float64(ci[j*cs])
	}
	return wh <= best+eps
}
