package assign

import (
	"errors"
	"fmt"
	"math"
)

// Forbidden marks a pair that may not be assigned in integer cost matrices
// (IntMatrix, IntSparse entries are simply absent). It is the largest int64.
const Forbidden int64 = math.MaxInt64

// ErrInfeasible is matched (errors.Is) by every error saying that no
// complete assignment with finite cost exists.
var ErrInfeasible = errors.New("assign: infeasible")

// ErrInvalidInput is matched (errors.Is) by every error about malformed
// input: bad dimensions, NaN or -Inf costs, integer costs out of range,
// unsorted sparse rows.
var ErrInvalidInput = errors.New("assign: invalid input")

// InfeasibleError reports that no assignment of finite cost covers the
// side that must be covered: every row when rows ≤ cols (or when unmatched
// costs are given), every column when rows > cols.
type InfeasibleError struct {
	// Row is the row (in the caller's numbering) for which no augmenting
	// path of finite cost was found, or -1 when the whole problem was
	// rejected before solving (see Detail).
	Row int
	// Column is a column that no row can take, or -1.
	Column int
	// Detail says why, in English.
	Detail string
}

// Error says that the problem is infeasible, and why.
func (e *InfeasibleError) Error() string {
	return "assign: infeasible: " + e.Detail
}

// Is makes errors.Is(err, ErrInfeasible) true.
func (e *InfeasibleError) Is(target error) bool { return target == ErrInfeasible }

// InputError reports malformed input: where (Row, Col; -1 when not
// applicable) and what.
type InputError struct {
	Row, Col int
	Msg      string
}

// Error says where the input is malformed and what is wrong.
func (e *InputError) Error() string {
	switch {
	case e.Row >= 0 && e.Col >= 0:
		return fmt.Sprintf("assign: invalid input at row %d, column %d: %s", e.Row, e.Col, e.Msg)
	case e.Row >= 0:
		return fmt.Sprintf("assign: invalid input at row %d: %s", e.Row, e.Msg)
	default:
		return "assign: invalid input: " + e.Msg
	}
}

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// Matrix is a dense rows×cols cost matrix in row-major order:
// Data[i*Cols+j] is the cost of giving column j to row i. +Inf forbids the
// pair; NaN and -Inf are rejected.
type Matrix struct {
	Rows, Cols int
	Data       []float64
}

// NewMatrix returns a rows×cols matrix of zero costs.
func NewMatrix(rows, cols int) Matrix {
	return Matrix{Rows: rows, Cols: cols, Data: make([]float64, rows*cols)}
}

// At returns the cost of row i and column j.
func (m Matrix) At(i, j int) float64 { return m.Data[i*m.Cols+j] }

// Set sets the cost of row i and column j.
func (m Matrix) Set(i, j int, c float64) { m.Data[i*m.Cols+j] = c }

// IntMatrix is a dense rows×cols integer cost matrix in row-major order.
// Forbidden forbids a pair. Finite costs must satisfy
// |c| ≤ MaxIntCost(rows, cols) so that the solver's exact int64
// arithmetic cannot overflow.
type IntMatrix struct {
	Rows, Cols int
	Data       []int64
}

// NewIntMatrix returns a rows×cols matrix of zero costs.
func NewIntMatrix(rows, cols int) IntMatrix {
	return IntMatrix{Rows: rows, Cols: cols, Data: make([]int64, rows*cols)}
}

// At returns the cost of row i and column j.
func (m IntMatrix) At(i, j int) int64 { return m.Data[i*m.Cols+j] }

// Set sets the cost of row i and column j.
func (m IntMatrix) Set(i, j int, c int64) { m.Data[i*m.Cols+j] = c }

// MaxIntCost is the largest absolute finite cost (entries and unmatched
// costs) the integer solvers accept for a rows×cols problem:
// (2^62-1) / (4·(rows+cols+2)). Dual prices stay within
// (rows+cols)·2·max|c|, so no intermediate sum can overflow.
func MaxIntCost(rows, cols int) int64 {
	return (int64(1)<<62 - 1) / (4 * int64(rows+cols+2))
}

// MaxFloatCost is the largest absolute finite cost (entries and unmatched
// costs) the float64 solvers accept for a rows×cols problem:
// math.MaxFloat64 / (4·(rows+cols+2)), the bound of MaxIntCost for
// float64. Dual prices stay within (rows+cols)·2·max|c|, so no
// intermediate sum can overflow to ±Inf (which would make a feasible
// problem look infeasible, or a total cost infinite).
func MaxFloatCost(rows, cols int) float64 {
	return math.MaxFloat64 / (4 * (float64(rows) + float64(cols) + 2))
}

// checkFloatCost reports a cost that is NaN, -Inf, +Inf when inf is not
// allowed, or finite beyond ±limit; where names it ("cost", "unmatched
// cost") and why says what is allowed.
func checkFloatCost(c, limit float64, infOK bool, row, col int, where, why string) error {
	switch {
	case c >= -limit && c <= limit:
		return nil
	case math.IsInf(c, 1) && infOK:
		return nil
	case math.IsNaN(c) || math.IsInf(c, 0):
		return &InputError{Row: row, Col: col, Msg: fmt.Sprintf("%s %v (%s)", where, c, why)}
	default:
		return &InputError{Row: row, Col: col, Msg: fmt.Sprintf("%s %v outside ±%.6g (MaxFloatCost for this size: larger costs overflow float64 sums)", where, c, limit)}
	}
}

// Options tune a float64 solve. The zero value asks for a complete
// assignment of the smaller side.
type Options struct {
	// Unmatched, when non-nil, has one entry per row: the cost of leaving
	// that row without a column. Then a row may stay unmatched, no column
	// has to be used, and a solution exists whenever every row has a finite
	// unmatched cost. +Inf means the row must be matched.
	Unmatched []float64
}

// IntOptions tune an integer solve; see Options. Forbidden in Unmatched
// means the row must be matched.
type IntOptions struct {
	Unmatched []int64
}

// UniformUnmatched returns n copies of p, for Options.Unmatched.
func UniformUnmatched(n int, p float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = p
	}
	return s
}

// UniformUnmatchedInt returns n copies of p, for IntOptions.Unmatched.
func UniformUnmatchedInt(n int, p int64) []int64 {
	s := make([]int64, n)
	for i := range s {
		s[i] = p
	}
	return s
}

// Result is an optimal float64 assignment.
type Result struct {
	// RowToCol[i] is the column given to row i, or -1 when row i is
	// unassigned (more rows than columns, or left unmatched at its
	// Unmatched cost).
	RowToCol []int
	// ColToRow[j] is the row holding column j, or -1.
	ColToRow []int
	// Cost is the total: the costs of the assigned pairs plus the
	// Unmatched costs of the rows left unmatched (when Options.Unmatched is
	// set).
	Cost float64
	// Unmatched counts rows without a column.
	Unmatched int
}

// IntResult is an optimal integer assignment; see Result.
type IntResult struct {
	RowToCol  []int
	ColToRow  []int
	Cost      int64
	Unmatched int
}
