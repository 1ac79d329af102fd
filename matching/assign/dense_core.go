package assign

// The dense solver is the Jonker–Volgenant algorithm (LAPJV, 1987): column
// reduction with reduction transfer and two passes of augmenting row
// reduction give a good start, then each row still free is augmented along
// a shortest path found by Dijkstra's method over reduced costs (the
// shortest-augmenting-path step of Crouse 2016, scanning all columns of one
// distance together as JV does, which is what makes ties cheap).
//
// It works on the general rectangular problem with rows ≤ cols (or any
// shape when unmatched costs are given): every row takes a column or, when
// allowed, its own private "unmatched" column of cost Unmatched[i]. Those
// private columns are never stored; each is relaxed only from its own row
// and ends a path when reached.
//
// Dual prices: v[j] for real columns, vd[i] for row i's private column;
// row prices are implicit (u_i = c[i][x_i] - v[x_i]). When columns need not
// all be used (rectangular or unmatched costs), prices start at 0 and only
// decrease, so unused columns keep price 0 and the optimality conditions of
// the rectangular problem hold; column reduction is used only for square
// problems without unmatched costs.

type number interface{ ~int64 | ~float64 }

// lapState is the working state of one dense solve.
type lapState[T number] struct {
	nr, nc int
	c      []T // nr×nc row-major
	inf    T   // forbidden marker
	pen    []T // nil, or the unmatched cost per row (inf: must match)
	x      []int
	y      []int
	v      []T
	vd     []T
	d      []T
	pred   []int
	col    []int
	free   []int
	// scans counts the rows the shortest paths have scanned; past budget
	// (when positive) augment gives up and sets over.
	scans, budget int
	over          bool
	// stuck: the candidate subgraph left a row without a path.
	stuck bool
}

// solveDense runs the solver; it returns -2 on success, -4 when the
// shortest paths passed budget (> 0: rows scanned), -(j+5) for a column
// no row can take, or the row that could not be assigned (infeasible).
// When pen is nil, nr ≤ nc is required.
func solveDense[T number](nr, nc int, c []T, inf T, pen []T, budget int) (x []int, row int) {
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
	var nfree int
	if pen == nil && nr == nc {
		var bad int
		nfree, bad = s.columnReduction()
		if bad <= -3 {
			return nil, bad - 2
		}
		if bad != -1 {
			return nil, bad
		}
	} else {
		for i := 0; i < nr; i++ {
			s.free[i] = i
		}
		nfree = nr
	}
	var bad int
	// Square problems that go to the candidate subgraph skip the row
	// reductions: the subgraph's heap paths place the rows that column
	// reduction left free for less than the reductions' full-row scans.
	if !(pen == nil && nr == nc && nc >= candMinN) {
		nfree, bad = s.augmentingRowReduction(nfree)
		if bad >= 0 {
			return nil, bad
		}
	}
	if nfree > 0 && nc >= candMinN && s.sparsePhase(s.free[:nfree]) {
		tracef("jv: %d free, subgraph", nfree)
		return s.x, -2
	}
	if s.stuck && s.budget > 0 {
		// Structured costs (see sparsePhase): the paths would be long, so
		// a budgeted solve gives up now rather than after its budget.
		tracef("jv: %d free, subgraph stuck", nfree)
		return nil, -4
	}
	for k := 0; k < nfree; k++ {
		if !s.augment(s.free[k]) {
			if s.over {
				tracef("jv: %d free, over budget", nfree)
				return nil, -4
			}
			return nil, s.free[k]
		}
	}
	tracef("jv: %d free, %d scans (budget %d)", nfree, s.scans, s.budget)
	return s.x, -2
}

// columnReduction (square, no unmatched costs): v[j] = min_i c[i][j], each
// column offered to its lowest-index minimum row if that row has no column
// yet; then reduction transfer for rows that got exactly one column. It
// returns the number of free rows (in s.free) and a row or column that
// proves infeasibility (-1 when none): a column with no finite cost is
// reported as -(j+3) to tell it apart from rows.
func (s *lapState[T]) columnReduction() (int, int) {
	n := s.nc
	c, v, x, y, inf := s.c, s.v, s.x, s.y, s.inf
	imin := s.pred // reuse as scratch
	for j := 0; j < n; j++ {
		v[j] = inf
		imin[j] = -1
	}
	for i := 0; i < n; i++ {
		ci := c[i*n : i*n+n]
		vv := v[:len(ci)]
		im := imin[:len(ci)]
		for j, cc := range ci {
			if cc < vv[j] {
				vv[j] = cc
				im[j] = i
			}
		}
	}
	matches := s.col // scratch: number of columns whose minimum row is i
	for i := range matches {
		matches[i] = 0
	}
	for j := 0; j < n; j++ {
		if imin[j] < 0 {
			return 0, -(j + 3)
		}
		i := imin[j]
		matches[i]++
		if matches[i] == 1 {
			x[i] = j
			y[j] = i
		}
	}
	nfree := 0
	for i := 0; i < n; i++ {
		switch matches[i] {
		case 0:
			s.free[nfree] = i
			nfree++
		case 1:
			// Reduction transfer: lower v[j1] by the row's second-best
			// reduced cost so that row i is as tight as possible.
			j1 := x[i]
			ci := c[i*n : i*n+n]
			m := inf
			for j, cc := range ci {
				if j != j1 && cc != inf {
					if h := cc - v[j]; h < m {
						m = h
					}
				}
			}
			if m != inf {
				v[j1] -= m
			}
		}
	}
	return nfree, -1
}

// arrBudget bounds the row reductions of one pass (JV's augmenting row
// reduction can ping-pong on near ties; what is left goes to augment).
var arrMul = 1

func arrBudget(n int) int { return arrMul*n + 1000 }

// sparseARRMul is arrMul for the sparse solver, whose reductions are cheap.
var sparseARRMul = 8

// augmentingRowReduction runs two passes of JV's augmenting row reduction
// over s.free[:nfree]; it returns the rows still free, or a row with no
// finite option at all.
func (s *lapState[T]) augmentingRowReduction(nfree int) (int, int) {
	n := s.nc
	c, v, x, y, inf, pen, vd, free := s.c, s.v, s.x, s.y, s.inf, s.pen, s.vd, s.free
	dummy := n // column index standing for "the row's own unmatched column"
	for pass := 0; pass < 2; pass++ {
		k := 0
		prv := nfree
		nfree = 0
		budget := arrBudget(n)
		for k < prv {
			if budget == 0 {
				nfree += copy(free[nfree:], free[k:prv])
				break
			}
			budget--
			i := free[k]
			k++
			ci := c[i*n : i*n+n]
			umin, usub := inf, inf
			j1, j2 := -1, -1
			vv := v[:len(ci)]
			for j, cc := range ci {
				if cc == inf {
					continue
				}
				h := cc - vv[j]
				if h < usub {
					if h >= umin {
						usub = h
						j2 = j
					} else {
						usub = umin
						umin = h
						j2 = j1
						j1 = j
					}
				}
			}
			if pen != nil && pen[i] != inf {
				h := pen[i] - vd[i]
				if h < usub {
					if h >= umin {
						usub = h
						j2 = dummy
					} else {
						usub = umin
						umin = h
						j2 = j1
						j1 = dummy
					}
				}
			}
			if j1 < 0 {
				return 0, i // no finite option
			}
			if usub == inf {
				// Only one option: take it if it is free, else leave the
				// row to the augmentation (no finite price step exists).
				if j1 == dummy {
					x[i] = -1
				} else if y[j1] < 0 {
					x[i] = j1
					y[j1] = i
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
				j1 = j2
				i0 = -1
				if j2 != dummy {
					i0 = y[j2]
				}
			}
			if j1 == dummy {
				x[i] = -1
			} else {
				x[i] = j1
				y[j1] = i
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
	return nfree, -1
}

// augment finds a shortest augmenting path from free row f and flips it.
// It returns false when no path of finite cost exists.
func (s *lapState[T]) augment(f int) bool {
	n := s.nc
	c, v, x, y, inf, pen, vd := s.c, s.v, s.x, s.y, s.inf, s.pen, s.vd
	d, pred, col := s.d[:n], s.pred[:n], s.col[:n]
	cf := c[f*n : f*n+n]
	for j := range col {
		col[j] = j
		pred[j] = f
		if cc := cf[j]; cc == inf {
			d[j] = inf
		} else {
			d[j] = cc - v[j]
		}
	}
	bestDummy, bestRow := inf, -1
	if pen != nil && pen[f] != inf {
		bestDummy, bestRow = pen[f]-vd[f], f
	}
	low, up := 0, 0
	end := -1
	dummyEnd := false
	var minD T
	for end < 0 && !dummyEnd {
		if up == low {
			// Collect the unscanned columns of least distance in
			// col[low:up].
			if low == n {
				minD = inf
			} else {
				minD = d[col[up]]
				up++
				for k := up; k < n; k++ {
					j := col[k]
					if h := d[j]; h <= minD {
						if h < minD {
							up = low
							minD = h
						}
						col[k] = col[up]
						col[up] = j
						up++
					}
				}
			}
			if bestDummy < minD {
				minD = bestDummy
				dummyEnd = true
				break
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
			if bestDummy == minD {
				dummyEnd = true
				break
			}
		}
		// Scan one column of least distance: relax from its row.
		j1 := col[low]
		low++
		s.scans++
		if s.budget > 0 && s.scans > s.budget {
			s.over = true
			return false
		}
		i := y[j1]
		ci := c[i*n : i*n+n]
		h := ci[j1] - v[j1] - minD
		if pen != nil && pen[i] != inf {
			if dv := pen[i] - vd[i] - h; dv < bestDummy {
				bestDummy, bestRow = dv, i
			}
		}
		for k := up; k < n; k++ {
			j := col[k]
			cc := ci[j]
			if cc == inf {
				continue
			}
			v2 := cc - v[j] - h
			if v2 < d[j] {
				pred[j] = i
				if v2 == minD {
					if y[j] < 0 {
						end = j
						break
					}
					col[k] = col[up]
					col[up] = j
					up++
				}
				d[j] = v2
			}
		}
	}
	// Update the prices of the scanned columns.
	for k := 0; k < low; k++ {
		j := col[k]
		v[j] += d[j] - minD
	}
	// Flip the path.
	if dummyEnd {
		r := bestRow
		j := x[r]
		x[r] = -1
		if r == f {
			return true
		}
		end = j
	}
	for {
		i := pred[end]
		y[end] = i
		k := x[i]
		x[i] = end
		if i == f {
			break
		}
		end = k
	}
	return true
}
