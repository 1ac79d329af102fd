package assign

import (
	"fmt"
	"math"
)

// Algorithm names a solver for Solve and SolveInt.
type Algorithm int

const (
	// Auto picks Sparse when at most AutoSparseDensity of the pairs are
	// feasible, Dense otherwise.
	Auto Algorithm = iota
	// Dense uses SolveDense (SolveDenseInt).
	Dense
	// SparsePairs collects the feasible pairs and uses SolveSparse
	// (SolveSparseInt).
	SparsePairs
	// JV forces the dense reductions and shortest augmenting paths
	// (Jonker–Volgenant with a candidate subgraph), never the auction.
	JV
	// Auction forces the dense auction's prices and the checked
	// candidate subgraph where they apply (square or tall problems
	// without unmatched costs), and JV where they do not or when the
	// repair rounds give up.
	Auction
)

// AutoSparseDensity is the share of feasible pairs at or below which Auto
// picks the sparse solver.
const AutoSparseDensity = 0.1

// String returns "auto", "dense", "sparse", "jv" or "auction".
func (a Algorithm) String() string {
	switch a {
	case Dense:
		return "dense"
	case SparsePairs:
		return "sparse"
	case JV:
		return "jv"
	case Auction:
		return "auction"
	default:
		return "auto"
	}
}

// Choose returns the algorithm Auto would use for m: SparsePairs when the
// share of finite entries is at most AutoSparseDensity, else Dense. Other
// values of a are returned unchanged.
func Choose(m Matrix, a Algorithm) Algorithm {
	if a != Auto {
		return a
	}
	finite := 0
	for _, c := range m.Data {
		if !math.IsInf(c, 1) {
			finite++
		}
	}
	if len(m.Data) > 0 && float64(finite) <= AutoSparseDensity*float64(len(m.Data)) {
		return SparsePairs
	}
	return Dense
}

// ChooseInt is Choose for integer matrices (Forbidden marks the pairs that
// are not feasible).
func ChooseInt(m IntMatrix, a Algorithm) Algorithm {
	if a != Auto {
		return a
	}
	finite := 0
	for _, c := range m.Data {
		if c != Forbidden {
			finite++
		}
	}
	if len(m.Data) > 0 && float64(finite) <= AutoSparseDensity*float64(len(m.Data)) {
		return SparsePairs
	}
	return Dense
}

// ToSparse collects the finite entries of m.
func ToSparse(m Matrix) Sparse {
	s := Sparse{Rows: m.Rows, Cols: m.Cols, Start: make([]int, m.Rows+1)}
	for i := 0; i < m.Rows; i++ {
		for j, c := range m.Data[i*m.Cols : (i+1)*m.Cols] {
			if !math.IsInf(c, 1) {
				s.Col = append(s.Col, j)
				s.Cost = append(s.Cost, c)
			}
		}
		s.Start[i+1] = len(s.Col)
	}
	return s
}

// ToIntSparse collects the entries of m that are not Forbidden.
func ToIntSparse(m IntMatrix) IntSparse {
	s := IntSparse{Rows: m.Rows, Cols: m.Cols, Start: make([]int, m.Rows+1)}
	for i := 0; i < m.Rows; i++ {
		for j, c := range m.Data[i*m.Cols : (i+1)*m.Cols] {
			if c != Forbidden {
				s.Col = append(s.Col, j)
				s.Cost = append(s.Cost, c)
			}
		}
		s.Start[i+1] = len(s.Col)
	}
	return s
}

// Solve solves m with the algorithm a (Auto: by density, see Choose).
// The optimal cost does not depend on a; the assignment among equal
// optima may. Errors as for SolveDense.
func Solve(m Matrix, opt Options, a Algorithm) (Result, error) {
	if err := checkDims(m.Rows, m.Cols, len(m.Data)); err != nil {
		return Result{}, err
	}
	if Choose(m, a) == SparsePairs {
		for k, c := range m.Data {
			if math.IsNaN(c) || math.IsInf(c, -1) {
				return Result{}, &InputError{Row: k / m.Cols, Col: k % m.Cols, Msg: fmt.Sprintf("cost %v (costs must be finite or +Inf)", c)}
			}
		}
		return SolveSparse(ToSparse(m), opt)
	}
	return solveDenseFloat(m, opt, a)
}

// SolveInt solves m with the algorithm a (Auto: by density).
func SolveInt(m IntMatrix, opt IntOptions, a Algorithm) (IntResult, error) {
	if err := checkDims(m.Rows, m.Cols, len(m.Data)); err != nil {
		return IntResult{}, err
	}
	if ChooseInt(m, a) == SparsePairs {
		return SolveSparseInt(ToIntSparse(m), opt)
	}
	return solveDenseInt(m, opt, a)
}
