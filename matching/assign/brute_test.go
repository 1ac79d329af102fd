package assign

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// bruteForce enumerates every assignment (each row takes a distinct column
// or, when pen != nil, none) and returns the least total cost and whether
// any admissible assignment of finite cost exists. Without pen, exactly
// min(nr, nc) pairs must be made.
func bruteForce(nr, nc int, cost func(i, j int) (float64, bool), pen []float64) (float64, bool) {
	best := math.Inf(1)
	found := false
	used := make([]bool, nc)
	need := min(nr, nc)
	var rec func(i, matched int, acc float64)
	rec = func(i, matched int, acc float64) {
		if i == nr {
			if pen == nil && matched != need {
				return
			}
			if acc < best || !found {
				best = acc
				found = true
			}
			return
		}
		for j := 0; j < nc; j++ {
			if used[j] {
				continue
			}
			c, ok := cost(i, j)
			if !ok {
				continue
			}
			used[j] = true
			rec(i+1, matched+1, acc+c)
			used[j] = false
		}
		switch {
		case pen == nil:
			// Without unmatched costs a row may go without a column only
			// when rows outnumber columns.
			if nr-i-1 >= need-matched {
				rec(i+1, matched, acc)
			}
		case !math.IsInf(pen[i], 1):
			rec(i+1, matched, acc+pen[i])
		}
	}
	rec(0, 0, 0)
	return best, found
}

// instance is a random small problem with integer-valued costs (so float
// and integer solvers can be compared exactly) and ties on purpose.
type instance struct {
	nr, nc  int
	c       []int64 // Forbidden for forbidden pairs
	pen     []int64 // nil or per row (Forbidden: must match)
	maxCost int64
}

func randomInstance(r *rand.Rand, maxN int) instance {
	nr, nc := 1+r.IntN(maxN), 1+r.IntN(maxN)
	maxCost := []int64{3, 10, 1000}[r.IntN(3)]
	pForbid := []float64{0, 0.2, 0.5}[r.IntN(3)]
	in := instance{nr: nr, nc: nc, c: make([]int64, nr*nc), maxCost: maxCost}
	for k := range in.c {
		if r.Float64() < pForbid {
			in.c[k] = Forbidden
		} else {
			in.c[k] = r.Int64N(maxCost) - maxCost/4 // some negative costs
		}
	}
	if r.IntN(2) == 0 {
		in.pen = make([]int64, nr)
		for i := range in.pen {
			if r.IntN(6) == 0 {
				in.pen[i] = Forbidden
			} else {
				in.pen[i] = r.Int64N(maxCost)
			}
		}
	}
	return in
}

func (in instance) float() (Matrix, Options) {
	m := NewMatrix(in.nr, in.nc)
	for k, c := range in.c {
		if c == Forbidden {
			m.Data[k] = math.Inf(1)
		} else {
			m.Data[k] = float64(c)
		}
	}
	var opt Options
	if in.pen != nil {
		opt.Unmatched = make([]float64, in.nr)
		for i, p := range in.pen {
			if p == Forbidden {
				opt.Unmatched[i] = math.Inf(1)
			} else {
				opt.Unmatched[i] = float64(p)
			}
		}
	}
	return m, opt
}

func (in instance) sparse() (Sparse, IntSparse) {
	var fp []Triple[float64]
	var ip []Triple[int64]
	for k, c := range in.c {
		if c != Forbidden {
			fp = append(fp, Triple[float64]{Row: k / in.nc, Col: k % in.nc, Cost: float64(c)})
			ip = append(ip, Triple[int64]{Row: k / in.nc, Col: k % in.nc, Cost: c})
		}
	}
	s, err := NewSparse(in.nr, in.nc, fp)
	if err != nil {
		panic(err)
	}
	is, err := NewIntSparse(in.nr, in.nc, ip)
	if err != nil {
		panic(err)
	}
	return s, is
}

func (in instance) brute() (float64, bool) {
	m, opt := in.float()
	return bruteForce(in.nr, in.nc, func(i, j int) (float64, bool) {
		c := m.At(i, j)
		return c, !math.IsInf(c, 1)
	}, opt.Unmatched)
}

// checkResult verifies that r is a well-formed assignment of the instance
// whose cost is the stated total, and that it covers what must be covered.
func checkResult(t *testing.T, in instance, rowToCol, colToRow []int, cost float64) {
	t.Helper()
	require.Len(t, rowToCol, in.nr)
	require.Len(t, colToRow, in.nc)
	total := 0.0
	matched := 0
	for i, j := range rowToCol {
		if j < 0 {
			require.Equal(t, -1, j)
			if in.pen != nil {
				require.NotEqual(t, Forbidden, in.pen[i], "row %d must be matched", i)
				total += float64(in.pen[i])
			}
			continue
		}
		require.Less(t, j, in.nc)
		require.Equal(t, i, colToRow[j])
		require.NotEqual(t, Forbidden, in.c[i*in.nc+j], "row %d got forbidden column %d", i, j)
		total += float64(in.c[i*in.nc+j])
		matched++
	}
	if in.pen == nil {
		require.Equal(t, min(in.nr, in.nc), matched)
	}
	require.Equal(t, total, cost)
}

func TestDenseAgainstBruteForce(t *testing.T) {
	testAgainstBruteForce(t, 1)
}

// TestCandidateSubgraphAgainstBruteForce forces the dense solver's
// candidate-subgraph phase onto small problems with very few candidates
// per row, so that its check-and-extend rounds and its fallback run.
func TestCandidateSubgraphAgainstBruteForce(t *testing.T) {
	for _, k := range []int{1, 2, 3} {
		defer func(n, k, r int) { candMinN, candK, candRounds = n, k, r }(candMinN, candK, candRounds)
		candMinN, candK = 0, k
		testAgainstBruteForce(t, uint64(10+k))
		candRounds = 1
		testAgainstBruteForce(t, uint64(20+k))
	}
}

func testAgainstBruteForce(t *testing.T, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 2))
	feasible, infeasible := 0, 0
	for it := 0; it < 1500; it++ {
		in := randomInstance(r, 7)
		if it%50 == 0 {
			in = randomInstance(r, 8)
		}
		want, ok := in.brute()
		m, opt := in.float()
		res, err := SolveDense(m, opt)
		im := IntMatrix{Rows: in.nr, Cols: in.nc, Data: in.c}
		ires, ierr := SolveDenseInt(im, IntOptions{Unmatched: in.pen})
		sp, isp := in.sparse()
		sres, serr := SolveSparse(sp, opt)
		sires, sierr := SolveSparseInt(isp, IntOptions{Unmatched: in.pen})
		if !ok {
			infeasible++
			require.Error(t, err, "instance %d: %+v", it, in)
			require.True(t, errors.Is(err, ErrInfeasible), "instance %d: %v", it, err)
			require.True(t, errors.Is(ierr, ErrInfeasible), "instance %d: %v", it, ierr)
			require.True(t, errors.Is(serr, ErrInfeasible), "instance %d: %v", it, serr)
			require.True(t, errors.Is(sierr, ErrInfeasible), "instance %d: %v", it, sierr)
			continue
		}
		feasible++
		require.NoError(t, err, "instance %d: %+v", it, in)
		require.NoError(t, ierr, "instance %d", it)
		require.Equal(t, want, res.Cost, "instance %d: %+v", it, in)
		checkResult(t, in, res.RowToCol, res.ColToRow, res.Cost)
		require.Equal(t, int64(want), ires.Cost, "instance %d", it)
		checkResult(t, in, ires.RowToCol, ires.ColToRow, float64(ires.Cost))
		require.NoError(t, serr, "instance %d: %+v", it, in)
		require.Equal(t, want, sres.Cost, "instance %d: %+v", it, in)
		checkResult(t, in, sres.RowToCol, sres.ColToRow, sres.Cost)
		require.NoError(t, sierr, "instance %d", it)
		require.Equal(t, int64(want), sires.Cost, "instance %d", it)
		checkResult(t, in, sires.RowToCol, sires.ColToRow, float64(sires.Cost))
	}
	// The generator must exercise both outcomes.
	require.Greater(t, feasible, 500)
	require.Greater(t, infeasible, 50)
}

func TestDenseFloatAgainstBruteForce(t *testing.T) {
	// Uniform real costs: no ties, every solver path on its own data.
	r := rand.New(rand.NewPCG(3, 4))
	for it := 0; it < 400; it++ {
		nr, nc := 1+r.IntN(7), 1+r.IntN(7)
		m := NewMatrix(nr, nc)
		for k := range m.Data {
			m.Data[k] = r.Float64()
		}
		var opt Options
		if it%2 == 1 {
			opt.Unmatched = make([]float64, nr)
			for i := range opt.Unmatched {
				opt.Unmatched[i] = 0.3 * r.Float64()
			}
		}
		want, ok := bruteForce(nr, nc, func(i, j int) (float64, bool) { return m.At(i, j), true }, opt.Unmatched)
		require.True(t, ok)
		res, err := SolveDense(m, opt)
		require.NoError(t, err)
		require.InDelta(t, want, res.Cost, 1e-12, "instance %d", it)
	}
}

// Costs of huge magnitude: within ±MaxFloatCost the float solvers agree
// with brute force (no dual price overflows to ±Inf, which made feasible
// problems look infeasible); beyond it they refuse the input, saying where.
func TestFloatCostMagnitude(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for it := 0; it < 1500; it++ {
		nr, nc := 1+r.IntN(6), 1+r.IntN(6)
		limit := MaxFloatCost(nr, nc)
		m := NewMatrix(nr, nc)
		for k := range m.Data {
			switch r.IntN(6) {
			case 0:
				m.Data[k] = math.Inf(1)
			case 1:
				m.Data[k] = limit
			case 2:
				m.Data[k] = -limit
			default:
				m.Data[k] = (2*r.Float64() - 1) * limit
			}
		}
		var opt Options
		if r.IntN(2) == 0 {
			opt.Unmatched = UniformUnmatched(nr, (2*r.Float64()-1)*limit)
		}
		want, ok := bruteForce(nr, nc, func(i, j int) (float64, bool) { c := m.At(i, j); return c, !math.IsInf(c, 1) }, opt.Unmatched)
		res, err := SolveDense(m, opt)
		sres, serr := SolveSparse(ToSparse(m), opt)
		if !ok {
			require.ErrorIs(t, err, ErrInfeasible, "instance %d: %v", it, m)
			require.ErrorIs(t, serr, ErrInfeasible, "instance %d: %v", it, m)
			continue
		}
		require.NoError(t, err, "instance %d: %v %v", it, m, opt.Unmatched)
		require.NoError(t, serr, "instance %d: %v %v", it, m, opt.Unmatched)
		tol := 1e-9 * limit
		require.InDelta(t, want, res.Cost, tol, "instance %d", it)
		require.InDelta(t, want, sres.Cost, tol, "instance %d", it)
	}

	m := Matrix{Rows: 2, Cols: 2, Data: []float64{1, 1e308, 3, 4}}
	_, err := SolveDense(m, Options{})
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	require.Equal(t, [2]int{0, 1}, [2]int{ie.Row, ie.Col})
	require.ErrorContains(t, err, "assign: invalid input at row 0, column 1: cost 1e+308 outside ±")
	_, err = SolveSparse(ToSparse(m), Options{})
	require.ErrorIs(t, err, ErrInvalidInput)
	require.ErrorContains(t, err, "row 0, column 1: cost 1e+308 outside")
	_, err = Solve(Matrix{Rows: 1, Cols: 1, Data: []float64{0}}, Options{Unmatched: []float64{-1e308}}, Auto)
	require.ErrorIs(t, err, ErrInvalidInput)
	require.ErrorContains(t, err, "row 0: unmatched cost -1e+308 outside")
	// The limit itself is accepted, and NaN, -Inf and a sparse +Inf still
	// say what they are.
	_, err = SolveDense(Matrix{Rows: 1, Cols: 1, Data: []float64{MaxFloatCost(1, 1)}}, Options{})
	require.NoError(t, err)
	_, err = SolveDense(Matrix{Rows: 1, Cols: 2, Data: []float64{0, math.NaN()}}, Options{})
	require.ErrorContains(t, err, "row 0, column 1: cost NaN (costs must be finite or +Inf)")
	_, err = SolveDense(Matrix{Rows: 1, Cols: 1, Data: []float64{math.Inf(-1)}}, Options{})
	require.ErrorContains(t, err, "cost -Inf (costs must be finite or +Inf)")
	_, err = SolveSparse(Sparse{Rows: 1, Cols: 1, Start: []int{0, 1}, Col: []int{0}, Cost: []float64{math.Inf(1)}}, Options{})
	require.ErrorContains(t, err, "cost +Inf (sparse costs must be finite; leave forbidden pairs out)")
}
