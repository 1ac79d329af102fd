package assign

import (
	"fmt"
	"math"
	"sort"
)

// Sparse is a cost matrix given by its feasible pairs only, in compressed
// sparse row form: row i's pairs are Col[Start[i]:Start[i+1]] with costs
// Cost[Start[i]:Start[i+1]]. Start has Rows+1 entries, Start[0] = 0 and
// Start[Rows] = len(Col) = len(Cost); within a row columns are strictly
// increasing. Pairs not listed are forbidden. Costs must be finite.
type Sparse struct {
	Rows, Cols int
	Start      []int
	Col        []int
	Cost       []float64
}

// IntSparse is Sparse with int64 costs (|c| ≤ MaxIntCost).
type IntSparse struct {
	Rows, Cols int
	Start      []int
	Col        []int
	Cost       []int64
}

// Triple is one feasible pair for the sparse builders.
type Triple[T int64 | float64] struct {
	Row, Col int
	Cost     T
}

// NewSparse builds a Sparse from pairs in any order. It reports the first
// pair outside the dimensions or listed twice.
func NewSparse(rows, cols int, pairs []Triple[float64]) (Sparse, error) {
	start, col, cost, err := buildCSR(rows, cols, pairs)
	return Sparse{Rows: rows, Cols: cols, Start: start, Col: col, Cost: cost}, err
}

// NewIntSparse builds an IntSparse from pairs in any order; see NewSparse.
func NewIntSparse(rows, cols int, pairs []Triple[int64]) (IntSparse, error) {
	start, col, cost, err := buildCSR(rows, cols, pairs)
	return IntSparse{Rows: rows, Cols: cols, Start: start, Col: col, Cost: cost}, err
}

func buildCSR[T int64 | float64](rows, cols int, pairs []Triple[T]) ([]int, []int, []T, error) {
	if rows < 0 || cols < 0 || rows > maxDim || cols > maxDim {
		return nil, nil, nil, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("bad dimensions %d×%d", rows, cols)}
	}
	p := make([]Triple[T], len(pairs))
	copy(p, pairs)
	for _, t := range p {
		if t.Row < 0 || t.Row >= rows || t.Col < 0 || t.Col >= cols {
			return nil, nil, nil, &InputError{Row: t.Row, Col: t.Col, Msg: fmt.Sprintf("pair outside the %d×%d matrix", rows, cols)}
		}
	}
	sort.Slice(p, func(a, b int) bool {
		if p[a].Row != p[b].Row {
			return p[a].Row < p[b].Row
		}
		return p[a].Col < p[b].Col
	})
	start := make([]int, rows+1)
	col := make([]int, len(p))
	cost := make([]T, len(p))
	for k, t := range p {
		if k > 0 && p[k-1].Row == t.Row && p[k-1].Col == t.Col {
			return nil, nil, nil, &InputError{Row: t.Row, Col: t.Col, Msg: "pair listed twice"}
		}
		start[t.Row+1]++
		col[k], cost[k] = t.Col, t.Cost
	}
	for i := 0; i < rows; i++ {
		start[i+1] += start[i]
	}
	return start, col, cost, nil
}

func checkCSR(rows, cols int, start, col []int, ncost int) error {
	if rows < 0 || cols < 0 || rows > maxDim || cols > maxDim {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("bad dimensions %d×%d", rows, cols)}
	}
	if len(start) != rows+1 {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("Start has %d entries, want Rows+1 = %d", len(start), rows+1)}
	}
	if start[0] != 0 || start[rows] != len(col) || len(col) != ncost {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("Start[0]=%d, Start[Rows]=%d, %d columns, %d costs: want 0 and three equal counts", start[0], start[rows], len(col), ncost)}
	}
	for i := 0; i < rows; i++ {
		if start[i+1] < start[i] {
			return &InputError{Row: i, Col: -1, Msg: "Start decreases"}
		}
		prev := -1
		for e := start[i]; e < start[i+1]; e++ {
			j := col[e]
			if j < 0 || j >= cols {
				return &InputError{Row: i, Col: j, Msg: fmt.Sprintf("column outside 0..%d", cols-1)}
			}
			if j <= prev {
				return &InputError{Row: i, Col: j, Msg: "columns of a row must be strictly increasing"}
			}
			prev = j
		}
	}
	return nil
}

// SolveSparse is SolveDense over the feasible pairs of s only: a
// minimum-cost assignment covering the smaller side, or with
// opt.Unmatched each row either takes a column or pays its unmatched cost.
// Pair costs must be finite (list only feasible pairs). Errors and ties as
// for SolveDense; the optimal cost is the same, the assignment among equal
// optima may differ.
func SolveSparse(s Sparse, opt Options) (Result, error) {
	if err := checkCSR(s.Rows, s.Cols, s.Start, s.Col, len(s.Cost)); err != nil {
		return Result{}, err
	}
	limit := MaxFloatCost(s.Rows, s.Cols)
	for i := 0; i < s.Rows; i++ {
		for e := s.Start[i]; e < s.Start[i+1]; e++ {
			if err := checkFloatCost(s.Cost[e], limit, false, i, s.Col[e], "cost", "sparse costs must be finite; leave forbidden pairs out"); err != nil {
				return Result{}, err
			}
		}
	}
	if err := checkFloatPen(opt.Unmatched, s.Rows, limit); err != nil {
		return Result{}, err
	}
	x, err := solveSparseGeneric(s.Rows, s.Cols, s.Start, s.Col, s.Cost, math.Inf(1), opt.Unmatched)
	if err != nil {
		return Result{}, err
	}
	return finish(x, s.Rows, s.Cols, sparseCost(s.Start, s.Col, s.Cost), opt.Unmatched), nil
}

// SolveSparseInt is SolveSparse over int64 costs.
func SolveSparseInt(s IntSparse, opt IntOptions) (IntResult, error) {
	if err := checkCSR(s.Rows, s.Cols, s.Start, s.Col, len(s.Cost)); err != nil {
		return IntResult{}, err
	}
	limit := MaxIntCost(s.Rows, s.Cols)
	for i := 0; i < s.Rows; i++ {
		for e := s.Start[i]; e < s.Start[i+1]; e++ {
			if c := s.Cost[e]; c > limit || c < -limit {
				return IntResult{}, &InputError{Row: i, Col: s.Col[e], Msg: fmt.Sprintf("cost %d outside ±%d (MaxIntCost for this size; leave forbidden pairs out)", c, limit)}
			}
		}
	}
	if err := checkIntPen(opt.Unmatched, s.Rows, limit); err != nil {
		return IntResult{}, err
	}
	x, err := solveSparseGeneric(s.Rows, s.Cols, s.Start, s.Col, s.Cost, Forbidden, opt.Unmatched)
	if err != nil {
		return IntResult{}, err
	}
	return IntResult(finish(x, s.Rows, s.Cols, sparseCost(s.Start, s.Col, s.Cost), opt.Unmatched)), nil
}

func checkFloatPen(pen []float64, rows int, limit float64) error {
	if pen == nil {
		return nil
	}
	if len(pen) != rows {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("%d unmatched costs for %d rows", len(pen), rows)}
	}
	for i, p := range pen {
		if err := checkFloatCost(p, limit, true, i, -1, "unmatched cost", "must be finite or +Inf"); err != nil {
			return err
		}
	}
	return nil
}

func checkIntPen(pen []int64, rows int, limit int64) error {
	if pen == nil {
		return nil
	}
	if len(pen) != rows {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("%d unmatched costs for %d rows", len(pen), rows)}
	}
	for i, p := range pen {
		if p != Forbidden && (p > limit || p < -limit) {
			return &InputError{Row: i, Col: -1, Msg: fmt.Sprintf("unmatched cost %d outside ±%d (MaxIntCost for this size)", p, limit)}
		}
	}
	return nil
}

// sparseCost looks a pair's cost up by binary search in its row.
func sparseCost[T number](start, col []int, cost []T) func(i, j int) T {
	return func(i, j int) T {
		lo, hi := start[i], start[i+1]
		k := lo + sort.SearchInts(col[lo:hi], j)
		return cost[k]
	}
}

func solveSparseGeneric[T number](nr, nc int, start, col []int, cost []T, inf T, pen []T) ([]int, error) {
	if pen == nil && nr > nc {
		// Transpose so that rows ≤ cols.
		tstart := make([]int, nc+1)
		for _, j := range col {
			tstart[j+1]++
		}
		for j := 0; j < nc; j++ {
			tstart[j+1] += tstart[j]
		}
		tcol := make([]int, len(col))
		tcost := make([]T, len(cost))
		next := make([]int, nc)
		copy(next, tstart[:nc])
		for i := 0; i < nr; i++ {
			for e := start[i]; e < start[i+1]; e++ {
				j := col[e]
				tcol[next[j]], tcost[next[j]] = i, cost[e]
				next[j]++
			}
		}
		xt, err := solveSparseGeneric(nc, nr, tstart, tcol, tcost, inf, nil)
		if err != nil {
			if ie, ok := err.(*InfeasibleError); ok {
				ie.Row, ie.Column = -1, ie.Row
				ie.Detail = fmt.Sprintf("column %d cannot be given to any row without leaving another column uncovered (more rows than columns: every column must be used)", ie.Column)
			}
			return nil, err
		}
		x := make([]int, nr)
		for i := range x {
			x[i] = -1
		}
		for j, i := range xt {
			x[i] = j
		}
		return x, nil
	}
	if nr == 0 {
		return []int{}, nil
	}
	c32 := make([]int32, len(col))
	for k, j := range col {
		c32[k] = int32(j)
	}
	s := newSpState(nr, nc, start, c32, cost, inf, pen)
	bad := s.solve()
	switch {
	case bad == -2:
		return s.x, nil
	case bad <= -3:
		j := -(bad + 3)
		return nil, &InfeasibleError{Row: -1, Column: j, Detail: fmt.Sprintf("column %d has no feasible pair, but every column must be used (square problem)", j)}
	default:
		return nil, infeasibleRow(bad, pen != nil)
	}
}
