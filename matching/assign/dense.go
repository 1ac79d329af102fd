package assign

import (
	"fmt"
	"math"
	"time"
)

// SolveDense finds a minimum-cost assignment of rows to columns of the
// dense matrix m.
//
// Without unmatched costs the smaller side is covered completely: every
// row when Rows ≤ Cols, every column when Rows > Cols (the other rows get
// -1). With opt.Unmatched each row either takes a column or pays its
// unmatched cost, whichever gives the least total.
//
// Errors: *InputError (errors.Is ErrInvalidInput) for a data length that
// does not match the dimensions, NaN or -Inf costs, finite costs beyond
// ±MaxFloatCost, or a wrong-length Unmatched or one with such values; *InfeasibleError (errors.Is ErrInfeasible) when no
// complete assignment of finite cost exists.
//
// Ties: the result depends only on the input (values and order), never on
// timing or platform. Among several optimal assignments the one returned is
// the one the solver's fixed scan order reaches first (columns and rows in
// ascending index; at equal distance a path to a free column is preferred
// to leaving a row unmatched). To impose a particular rule among equal
// costs, make it part of integer costs (see ExampleSolveDenseInt_tieBreak).
func SolveDense(m Matrix, opt Options) (Result, error) {
	return solveDenseFloat(m, opt, Auto)
}

func solveDenseFloat(m Matrix, opt Options, method Algorithm) (Result, error) {
	if err := checkDims(m.Rows, m.Cols, len(m.Data)); err != nil {
		return Result{}, err
	}
	limit := MaxFloatCost(m.Rows, m.Cols)
	validated := false
	if useGreedy(opt.Unmatched == nil, method) {
		x, done, valid, listed := solveGreedy(m.Rows, m.Cols, m.Data, math.Inf(1), limit)
		if done {
			return finish(x, m.Rows, m.Cols, func(i, j int) float64 { return m.Data[i*m.Cols+j] }, nil), nil
		}
		validated = valid
		method = afterGreedy(m.Rows, m.Cols, method, listed)
	}
	for k, c := range m.Data {
		if validated {
			break
		}
		if !(math.Abs(c) <= limit) { // NaN, ±Inf or too large: look closer
			if err := checkFloatCost(c, limit, true, k/m.Cols, k%m.Cols, "cost", "costs must be finite or +Inf"); err != nil {
				return Result{}, err
			}
		}
	}
	if err := checkFloatPen(opt.Unmatched, m.Rows, limit); err != nil {
		return Result{}, err
	}
	x, err := solveDenseGeneric(m.Rows, m.Cols, m.Data, math.Inf(1), opt.Unmatched, method)
	if err != nil {
		return Result{}, err
	}
	return finish(x, m.Rows, m.Cols, func(i, j int) float64 { return m.Data[i*m.Cols+j] }, opt.Unmatched), nil
}

// SolveDenseInt is SolveDense over int64 costs, exact and so fully
// deterministic. Forbidden forbids a pair (and, in opt.Unmatched, means the
// row must be matched); other costs must satisfy |c| ≤ MaxIntCost.
func SolveDenseInt(m IntMatrix, opt IntOptions) (IntResult, error) {
	return solveDenseInt(m, opt, Auto)
}

func solveDenseInt(m IntMatrix, opt IntOptions, method Algorithm) (IntResult, error) {
	if err := checkDims(m.Rows, m.Cols, len(m.Data)); err != nil {
		return IntResult{}, err
	}
	limit := MaxIntCost(m.Rows, m.Cols)
	validated := false
	if useGreedy(opt.Unmatched == nil, method) {
		x, done, valid, listed := solveGreedy(m.Rows, m.Cols, m.Data, Forbidden, limit)
		if done {
			return IntResult(finish(x, m.Rows, m.Cols, func(i, j int) int64 { return m.Data[i*m.Cols+j] }, nil)), nil
		}
		validated = valid
		method = afterGreedy(m.Rows, m.Cols, method, listed)
	}
	for k, c := range m.Data {
		if validated {
			break
		}
		if c != Forbidden && (c > limit || c < -limit) {
			return IntResult{}, &InputError{Row: k / m.Cols, Col: k % m.Cols, Msg: fmt.Sprintf("cost %d outside ±%d (MaxIntCost for this size)", c, limit)}
		}
	}
	if opt.Unmatched != nil {
		if len(opt.Unmatched) != m.Rows {
			return IntResult{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("%d unmatched costs for %d rows", len(opt.Unmatched), m.Rows)}
		}
		for i, p := range opt.Unmatched {
			if p != Forbidden && (p > limit || p < -limit) {
				return IntResult{}, &InputError{Row: i, Col: -1, Msg: fmt.Sprintf("unmatched cost %d outside ±%d (MaxIntCost for this size)", p, limit)}
			}
		}
	}
	x, err := solveDenseGeneric(m.Rows, m.Cols, m.Data, Forbidden, opt.Unmatched, method)
	if err != nil {
		return IntResult{}, err
	}
	r := finish(x, m.Rows, m.Cols, func(i, j int) int64 { return m.Data[i*m.Cols+j] }, opt.Unmatched)
	return IntResult(r), nil
}

// useGreedy says whether the greedy start (dense_greedy.go) is tried:
// without unmatched costs, when the method is chosen automatically.
func useGreedy(noPen bool, method Algorithm) bool {
	return noPen && method != JV && method != Auction && denseMode == 0 && greedyOn
}

// afterGreedy is the method for a problem the greedy start did not solve:
// a rectangular one goes straight to the auction's prices (its shortest
// paths are long: the greedy start's own paths gave up, so the budgeted
// JV attempt would only add its transposed copy and its scans); so does a
// square one whose rows' lists cannot be matched but for more than
// 1/listDeficitDiv of the rows (listed, from solveGreedy: structured
// costs, on which the reductions' candidate subgraph gets stuck after two
// passes over the matrix). Other square ones keep the usual choice (column
// reduction is a better start than the greedy one for independent costs).
func afterGreedy(nr, nc int, method Algorithm, listed int) Algorithm {
	if nr != nc || (listed >= 0 && listed < nr-nr/listDeficitDiv) {
		return Auction
	}
	return method
}

// greedyOn lets tests and benchmarks turn the greedy start off.
var greedyOn = true

// maxDim bounds each dimension and the number of entries so that index
// arithmetic cannot overflow and a request cannot ask for absurd memory.
const maxDim = 1<<31 - 1

func checkDims(rows, cols, n int) error {
	if rows < 0 || cols < 0 {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("negative dimensions %d×%d", rows, cols)}
	}
	if rows > maxDim || cols > maxDim || (cols > 0 && rows > maxDim/cols) {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("dimensions %d×%d too large", rows, cols)}
	}
	if n != rows*cols {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("%d costs for a %d×%d matrix (want %d)", n, rows, cols, rows*cols)}
	}
	return nil
}

// solveDenseGeneric runs the dense method (JV, Auction, or Auto for the
// choice described in the package documentation) and turns failures into
// InfeasibleError. It returns the column of each row (-1 when none).
func solveDenseGeneric[T number](nr, nc int, c []T, inf T, pen []T, method Algorithm) ([]int, error) {
	if nr == 0 {
		return []int{}, nil
	}
	switch denseMode {
	case 1:
		method = JV
	case 2:
		method = Auction
	}
	scaledOK := pen == nil && nc > 0
	if scaledOK && method == Auction {
		if x, ok := solveScaledShape(nr, nc, c, inf); ok {
			return x, nil
		}
	}
	budget := 0
	if scaledOK && method != JV && method != Auction {
		budget = max(int(jvBudget*float64(min(nr, nc))), 1)
	}
	t0 := time.Now()
	x, over, err := solveJV(nr, nc, c, inf, pen, budget)
	tracef("jv with budget %d: over %v, %v", budget, over, time.Since(t0))
	if over {
		t0 = time.Now()
		xs, ok := solveScaledShape(nr, nc, c, inf)
		tracef("auction: ok %v, %v", ok, time.Since(t0))
		if ok {
			return xs, nil
		}
		t0 = time.Now()
		x, _, err = solveJV(nr, nc, c, inf, pen, 0)
		tracef("jv: %v", time.Since(t0))
	}
	return x, err
}

// solveScaledShape runs solveScaled, which takes every shape as it is:
// tall problems are solved on a transposed subgraph, and wide ones auction
// with virtual rows, so the matrix is never copied.
func solveScaledShape[T number](nr, nc int, c []T, inf T) ([]int, bool) {
	return solveScaled(nr, nc, c, inf)
}

// jvBudget bounds, in units of columns, the rows that the shortest paths
// of the reductions-and-paths method may scan before Auto turns to the
// auction's prices: cheap problems finish far below it, structured ones
// (long paths) pass it early.
var jvBudget = 3.0

// solveJV runs the reductions and shortest paths, transposing when rows >
// cols without unmatched costs. With budget > 0 it gives up (over) once
// the paths have scanned that many rows.
func solveJV[T number](nr, nc int, c []T, inf T, pen []T, budget int) ([]int, bool, error) {
	if pen == nil && nr > nc {
		t := make([]T, nr*nc)
		for i := 0; i < nr; i++ {
			row := c[i*nc : i*nc+nc]
			for j, cc := range row {
				t[j*nr+i] = cc
			}
		}
		xt, over, err := solveJV(nc, nr, t, inf, nil, budget)
		if over {
			return nil, true, nil
		}
		if err != nil {
			if ie, ok := err.(*InfeasibleError); ok {
				ie.Row, ie.Column = -1, ie.Row
				ie.Detail = fmt.Sprintf("column %d cannot be given to any row without leaving another column uncovered at finite cost (more rows than columns: every column must be used)", ie.Column)
			}
			return nil, false, err
		}
		x := make([]int, nr)
		for i := range x {
			x[i] = -1
		}
		for j, i := range xt {
			x[i] = j
		}
		return x, false, nil
	}
	x, bad := solveDense(nr, nc, c, inf, pen, budget)
	switch {
	case bad == -2:
		return x, false, nil
	case bad == -4:
		return nil, true, nil
	case bad <= -5:
		j := -(bad + 5)
		return nil, false, &InfeasibleError{Row: -1, Column: j, Detail: fmt.Sprintf("column %d has no finite cost in any row, but every column must be used (square matrix)", j)}
	default:
		return nil, false, infeasibleRow(bad, pen != nil)
	}
}

func infeasibleRow(i int, withPenalty bool) error {
	if withPenalty {
		return &InfeasibleError{Row: i, Column: -1, Detail: fmt.Sprintf("row %d must be matched (no finite unmatched cost) but no column is left for it at finite cost", i)}
	}
	return &InfeasibleError{Row: i, Column: -1, Detail: fmt.Sprintf("row %d cannot be assigned: no complete assignment of the rows with finite cost exists", i)}
}

func finish[T number](x []int, nr, nc int, cost func(i, j int) T, pen []T) struct {
	RowToCol  []int
	ColToRow  []int
	Cost      T
	Unmatched int
} {
	y := make([]int, nc)
	for j := range y {
		y[j] = -1
	}
	var total T
	un := 0
	for i, j := range x {
		if j >= 0 {
			y[j] = i
			total += cost(i, j)
		} else {
			un++
			if pen != nil {
				total += pen[i]
			}
		}
	}
	return struct {
		RowToCol  []int
		ColToRow  []int
		Cost      T
		Unmatched int
	}{x, y, total, un}
}
