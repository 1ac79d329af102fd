package assign_test

import (
	"bytes"
	"fmt"
	"math"

	"github.com/housingkit/housingkit/matching/assign"
)

func ExampleSolveDense() {
	inf := math.Inf(1)
	// Three households (rows), four dwellings (columns); +Inf: unsuitable.
	m := assign.Matrix{Rows: 3, Cols: 4, Data: []float64{
		4, 1, 3, 9,
		inf, inf, inf, 5,
		2, 0, 5, 7,
	}}
	res, err := assign.SolveDense(m, assign.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.RowToCol, res.Cost)
	// Output: [1 3 0] 8
}

func ExampleSolveDense_unmatched() {
	inf := math.Inf(1)
	// Both households can only use dwelling 0; each may stay unmatched at
	// cost 10, so the solution always exists.
	m := assign.Matrix{Rows: 2, Cols: 2, Data: []float64{1, inf, 3, inf}}
	res, err := assign.SolveDense(m, assign.Options{Unmatched: assign.UniformUnmatched(2, 10)})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.RowToCol, res.Cost, res.Unmatched)
	_, err = assign.SolveDense(m, assign.Options{})
	fmt.Println(err)
	// Output:
	// [0 -1] 11 1
	// assign: infeasible: column 1 has no finite cost in any row, but every column must be used (square matrix)
}

func ExampleSolveDenseInt() {
	f := assign.Forbidden
	m := assign.IntMatrix{Rows: 3, Cols: 2, Data: []int64{
		7, 3,
		2, f,
		4, 4,
	}}
	// More rows than columns: every column is used, one row gets -1.
	res, err := assign.SolveDenseInt(m, assign.IntOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.RowToCol, res.Cost)
	// Output: [1 0 -1] 5
}

// Ties among equally good assignments are broken by a fixed scan order;
// to prefer earlier rows (higher priority) instead, make the rule part of
// the integer costs: scale the real costs by W and add a smaller term
// that orders the tied solutions.
func ExampleSolveDenseInt_tieBreak() {
	// Two households, one dwelling; the same cost 5 for both, unmatched 9.
	// Household 0 ranks first. Leaving household r unmatched costs an
	// extra (rows - r), so leaving the first-ranked one out costs most.
	const W, rows = 100, 2
	m := assign.IntMatrix{Rows: rows, Cols: 1, Data: []int64{5 * W, 5 * W}}
	pen := []int64{9*W + (rows - 0), 9*W + (rows - 1)}
	res, err := assign.SolveDenseInt(m, assign.IntOptions{Unmatched: pen})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.RowToCol, "real cost", res.Cost/W)
	// Output: [0 -1] real cost 14
}

func ExampleSolveSparse() {
	// Feasible pairs only, in any order.
	s, err := assign.NewSparse(3, 3, []assign.Triple[float64]{
		{Row: 0, Col: 0, Cost: 2}, {Row: 0, Col: 1, Cost: 1},
		{Row: 1, Col: 1, Cost: 1},
		{Row: 2, Col: 0, Cost: 1}, {Row: 2, Col: 2, Cost: 4},
	})
	if err != nil {
		panic(err)
	}
	res, err := assign.SolveSparse(s, assign.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.RowToCol, res.Cost)
	// Output: [0 1 2] 7
}

func ExampleSolveSparseInt() {
	// Row 2 has no feasible pair; with unmatched costs it simply stays out.
	s, err := assign.NewIntSparse(3, 2, []assign.Triple[int64]{
		{Row: 0, Col: 0, Cost: 4}, {Row: 0, Col: 1, Cost: 6},
		{Row: 1, Col: 0, Cost: 3},
	})
	if err != nil {
		panic(err)
	}
	res, err := assign.SolveSparseInt(s, assign.IntOptions{Unmatched: assign.UniformUnmatchedInt(3, 10)})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.RowToCol, res.Cost)
	// Output: [1 0 -1] 19
}

func ExampleSolve() {
	// Auto picks the sparse solver when few pairs are feasible.
	inf := math.Inf(1)
	m := assign.NewMatrix(20, 20)
	for i := 0; i < 20; i++ {
		for j := 0; j < 20; j++ {
			m.Set(i, j, inf)
		}
		m.Set(i, i, 1)
	}
	fmt.Println(assign.Choose(m, assign.Auto))
	res, err := assign.Solve(m, assign.Options{}, assign.Auto)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Cost)
	// Output:
	// sparse
	// 20
}

func ExampleSolveCapacitated() {
	// Two facilities with 2 and 3 beds. Households 0 and 1 need one bed,
	// household 2 needs three beds in one facility.
	p := assign.CapProblem{
		Capacity: []int{2, 3},
		Size:     []int{1, 1, 3},
		// Feasible facilities and costs per household (CSR).
		Start:     []int{0, 2, 4, 6},
		Facility:  []int{0, 1, 0, 1, 0, 1},
		Cost:      []int64{1, 2, 1, 2, 1, 1},
		Unmatched: []int64{10, 10, 30},
	}
	res, err := assign.SolveCapacitated(p, assign.CapOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Facility, res.Cost, res.Exact)
	// Output: [0 0 1] 3 true
}

func ExampleReadMatrix() {
	var buf bytes.Buffer
	if err := assign.WriteMatrix(&buf, assign.Matrix{Rows: 1, Cols: 2, Data: []float64{3, 1}}); err != nil {
		panic(err)
	}
	b := buf.Bytes()
	m, err := assign.ReadMatrix(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Rows, m.Cols, m.Data)
	_, err = assign.ReadMatrix(bytes.NewReader(b[:20]))
	fmt.Println(err)
	// Output:
	// 1 2 [3 1]
	// assign: invalid input: truncated: a 1×2 matrix needs 32 bytes, found 20
}

// Costs c_ij = i·j are the kind of structure (every row prefers the same
// columns) that makes shortest augmenting paths long; Auto turns to the
// auction's prices when they grow long, and Auction forces that method.
// Both are exact: the optimum pairs the largest i with the smallest j.
func ExampleSolve_auction() {
	n := 6
	m := assign.NewMatrix(n, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			m.Set(i, j, float64(i*j))
		}
	}
	for _, a := range []assign.Algorithm{assign.JV, assign.Auction} {
		res, err := assign.Solve(m, assign.Options{}, a)
		if err != nil {
			panic(err)
		}
		fmt.Println(a, res.Cost)
	}
	// Output:
	// jv 20
	// auction 20
}
