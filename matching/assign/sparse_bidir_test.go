package assign

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// withSparse runs f with the sparse solver's bidirectional search and
// augmenting row reduction set as given, restoring them after.
func withSparse(bidir, arr bool, f func()) {
	defer func(b, a bool) { sparseBidir, sparseARR = b, a }(sparseBidir, sparseARR)
	sparseBidir, sparseARR = bidir, arr
	f()
}

// TestSparseBidirAgainstBruteForce solves small square problems without
// unmatched costs (the bidirectional search's case) with the augmenting
// row reduction off, so that most rows are left to the search, with
// small integer costs (ties, zero-length cycles) and forbidden pairs.
func TestSparseBidirAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 7))
	feasible, infeasible := 0, 0
	for it := 0; it < 3000; it++ {
		in := randomInstance(r, 8)
		in.nc = in.nr
		in.c = in.c[:0]
		for k := 0; k < in.nr*in.nr; k++ {
			if r.IntN(3) == 0 {
				in.c = append(in.c, Forbidden)
			} else {
				in.c = append(in.c, r.Int64N(in.maxCost)-in.maxCost/4)
			}
		}
		in.pen = nil
		want, ok := in.brute()
		sp, isp := in.sparse()
		for _, arr := range []bool{false, true} {
			var sres Result
			var ires IntResult
			var serr, ierr error
			withSparse(true, arr, func() {
				sres, serr = SolveSparse(sp, Options{})
				ires, ierr = SolveSparseInt(isp, IntOptions{})
			})
			if !ok {
				require.True(t, errors.Is(serr, ErrInfeasible), "instance %d: %v", it, serr)
				require.True(t, errors.Is(ierr, ErrInfeasible), "instance %d: %v", it, ierr)
				continue
			}
			require.NoError(t, serr, "instance %d: %+v", it, in)
			require.NoError(t, ierr, "instance %d: %+v", it, in)
			require.Equal(t, want, sres.Cost, "instance %d: %+v", it, in)
			checkResult(t, in, sres.RowToCol, sres.ColToRow, sres.Cost)
			require.Equal(t, int64(want), ires.Cost, "instance %d", it)
			checkResult(t, in, ires.RowToCol, ires.ColToRow, float64(ires.Cost))
		}
		if ok {
			feasible++
		} else {
			infeasible++
		}
	}
	require.Greater(t, feasible, 1000)
	require.Greater(t, infeasible, 100)
}

// sparseSquare draws an n×n problem with about deg pairs a row plus one
// pair per row on a random permutation (so that it is feasible), integer
// costs in [0, maxCost) when maxCost > 0, else uniform floats in [0, 1).
func sparseSquare(r *rand.Rand, n, deg int, maxCost int64) (Sparse, IntSparse) {
	perm := r.Perm(n)
	var fp []Triple[float64]
	var ip []Triple[int64]
	seen := map[[2]int]bool{}
	add := func(i, j int) {
		if seen[[2]int{i, j}] {
			return
		}
		seen[[2]int{i, j}] = true
		if maxCost > 0 {
			c := r.Int64N(maxCost)
			fp = append(fp, Triple[float64]{i, j, float64(c)})
			ip = append(ip, Triple[int64]{i, j, c})
		} else {
			fp = append(fp, Triple[float64]{i, j, r.Float64()})
		}
	}
	for i := 0; i < n; i++ {
		add(i, perm[i])
		for k := 0; k < deg; k++ {
			add(i, r.IntN(n))
		}
	}
	s, err := NewSparse(n, n, fp)
	if err != nil {
		panic(err)
	}
	is, err := NewIntSparse(n, n, ip)
	if err != nil {
		panic(err)
	}
	return s, is
}

// TestSparseBidirMatchesOneSided compares the bidirectional search with
// the one-sided one and with the dense solver on larger random problems:
// the optimal costs must agree (exactly for integer costs).
func TestSparseBidirMatchesOneSided(t *testing.T) {
	r := rand.New(rand.NewPCG(32, 8))
	for it := 0; it < 60; it++ {
		n := 50 + r.IntN(300)
		deg := 1 + r.IntN(8)
		maxCost := []int64{0, 3, 20, 1000}[it%4]
		s, is := sparseSquare(r, n, deg, maxCost)
		arr := it%3 != 0
		// Half of them switch from one-sided to bidirectional searches
		// when 8 rows are left.
		defer func(k int) { sparseBidirFree = k }(sparseBidirFree)
		sparseBidirFree = []int{8, 1 << 30}[it%2]
		var bi, one Result
		var ibi, ione IntResult
		var err1, err2, err3, err4 error
		withSparse(true, arr, func() {
			bi, err1 = SolveSparse(s, Options{})
			if maxCost > 0 {
				ibi, err3 = SolveSparseInt(is, IntOptions{})
			}
		})
		withSparse(false, arr, func() {
			one, err2 = SolveSparse(s, Options{})
			if maxCost > 0 {
				ione, err4 = SolveSparseInt(is, IntOptions{})
			}
		})
		require.NoError(t, err1)
		require.NoError(t, err2)
		require.InDelta(t, one.Cost, bi.Cost, 1e-9*math.Max(1, math.Abs(one.Cost)), "instance %d (n=%d)", it, n)
		checkSparseAssignment(t, s, bi)
		if maxCost > 0 {
			require.NoError(t, err3)
			require.NoError(t, err4)
			require.Equal(t, ione.Cost, ibi.Cost, "instance %d (n=%d)", it, n)
			require.Equal(t, int64(bi.Cost), ibi.Cost)
			if n <= 200 {
				dense := IntMatrix{Rows: n, Cols: n, Data: make([]int64, n*n)}
				for k := range dense.Data {
					dense.Data[k] = Forbidden
				}
				for i := 0; i < n; i++ {
					for e := is.Start[i]; e < is.Start[i+1]; e++ {
						dense.Data[i*n+is.Col[e]] = is.Cost[e]
					}
				}
				dres, err := SolveDenseInt(dense, IntOptions{})
				require.NoError(t, err)
				require.Equal(t, dres.Cost, ibi.Cost, "instance %d (n=%d)", it, n)
			}
		}
	}
}

// checkSparseAssignment checks that res is a perfect matching of s's pairs
// of the stated cost.
func checkSparseAssignment(t *testing.T, s Sparse, res Result) {
	t.Helper()
	used := make([]bool, s.Cols)
	total := 0.0
	for i, j := range res.RowToCol {
		require.GreaterOrEqual(t, j, 0, "row %d unmatched", i)
		require.False(t, used[j], "column %d used twice", j)
		used[j] = true
		found := false
		for e := s.Start[i]; e < s.Start[i+1]; e++ {
			if s.Col[e] == j {
				total += s.Cost[e]
				found = true
			}
		}
		require.True(t, found, "row %d got column %d, not one of its pairs", i, j)
	}
	require.InDelta(t, total, res.Cost, 1e-9*math.Max(1, math.Abs(total)))
}

// TestSparseBidirCostMagnitude runs the sparse solver (reduction off) on
// costs at the limits MaxIntCost and MaxFloatCost allow (one-sided
// searches) and at the bidirectional search's own limit, 1/1024 of them:
// no dual may overflow.
func TestSparseBidirCostMagnitude(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 9))
	for it := 0; it < 800; it++ {
		n := 1 + r.IntN(7)
		// Within the bidirectional search's range, and at the limits.
		ilimit := MaxIntCost(n, n) / []int64{1024, 1}[it%2]
		flimit := MaxFloatCost(n, n) / []float64{1024, 1}[it%2]
		im := IntMatrix{Rows: n, Cols: n, Data: make([]int64, n*n)}
		fm := NewMatrix(n, n)
		for k := range im.Data {
			switch r.IntN(5) {
			case 0:
				im.Data[k], fm.Data[k] = Forbidden, math.Inf(1)
			case 1:
				im.Data[k], fm.Data[k] = ilimit, flimit
			case 2:
				im.Data[k], fm.Data[k] = -ilimit, -flimit
			default:
				x := 2*r.Float64() - 1
				im.Data[k], fm.Data[k] = int64(x*float64(ilimit)), x*flimit
			}
		}
		want, werr := SolveDenseInt(im, IntOptions{})
		fwant, ok := bruteForce(n, n, func(i, j int) (float64, bool) { c := fm.At(i, j); return c, !math.IsInf(c, 1) }, nil)
		withSparse(true, false, func() {
			got, err := SolveSparseInt(ToIntSparse(im), IntOptions{})
			if werr != nil {
				require.ErrorIs(t, err, ErrInfeasible, "instance %d", it)
			} else {
				require.NoError(t, err, "instance %d: %v", it, im)
				require.Equal(t, want.Cost, got.Cost, "instance %d: %v", it, im)
			}
			fgot, ferr := SolveSparse(ToSparse(fm), Options{})
			if !ok {
				require.ErrorIs(t, ferr, ErrInfeasible, "instance %d", it)
			} else {
				require.NoError(t, ferr, "instance %d: %v", it, fm)
				require.InDelta(t, fwant, fgot.Cost, 1e-9*flimit, "instance %d", it)
			}
		})
	}
}

// FuzzSparseSquare decodes a small square problem (side, then a cost byte
// per pair: 255 forbids it) and checks the sparse solver, with and without
// the bidirectional search and the reduction, against the dense one.
func FuzzSparseSquare(f *testing.F) {
	f.Add([]byte{3, 1, 2, 255, 0, 0, 255, 7, 1, 1})
	f.Add([]byte{4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{2, 255, 255, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		n := 1 + int(data[0])%9
		data = data[1:]
		im := IntMatrix{Rows: n, Cols: n, Data: make([]int64, n*n)}
		for k := range im.Data {
			c := byte(k * 37 % 11)
			if k < len(data) {
				c = data[k]
			}
			if c == 255 {
				im.Data[k] = Forbidden
			} else {
				im.Data[k] = int64(c%16) - 4
			}
		}
		want, werr := SolveDenseInt(im, IntOptions{})
		for _, bidir := range []bool{true, false} {
			for _, arr := range []bool{true, false} {
				withSparse(bidir, arr, func() {
					got, err := SolveSparseInt(ToIntSparse(im), IntOptions{})
					if werr != nil {
						if !errors.Is(err, ErrInfeasible) {
							t.Fatalf("bidir %v arr %v: dense infeasible, sparse %v", bidir, arr, err)
						}
						return
					}
					if err != nil {
						t.Fatalf("bidir %v arr %v: %v", bidir, arr, err)
					}
					if got.Cost != want.Cost {
						t.Fatalf("bidir %v arr %v: cost %d, dense %d", bidir, arr, got.Cost, want.Cost)
					}
					used := make([]bool, n)
					for i, j := range got.RowToCol {
						if j < 0 || used[j] || im.Data[i*n+j] == Forbidden {
							t.Fatalf("bidir %v arr %v: bad assignment %v", bidir, arr, got.RowToCol)
						}
						used[j] = true
					}
				})
			}
		}
	})
}

// TestSparseBidirLargeCosts solves larger sparse problems with integer
// costs spread over the whole range allowed, by the bidirectional search
// from the first free row (reduction off), against the dense solver: many
// searches in a row must not drive the duals out of range (int64 would
// wrap).
func TestSparseBidirLargeCosts(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 10))
	defer func(k int) { sparseBidirFree = k }(sparseBidirFree)
	sparseBidirFree = 1 << 30
	for it := 0; it < 12; it++ {
		n := 60 + r.IntN(200)
		// Within the bidirectional search's range (1/1024 of the limit),
		// and at the limit itself (one-sided searches).
		limit := MaxIntCost(n, n) / []int64{1024, 1}[it%2]
		require.Equal(t, it%2 == 0, moderateCosts([]int64{limit, -limit}, n, n))
		_, is := sparseSquare(r, n, 2+r.IntN(6), 1000)
		for k := range is.Cost {
			switch r.IntN(4) {
			case 0:
				is.Cost[k] = limit
			case 1:
				is.Cost[k] = -limit
			default:
				is.Cost[k] = r.Int64N(2*limit+1) - limit
			}
		}
		dense := IntMatrix{Rows: n, Cols: n, Data: make([]int64, n*n)}
		for k := range dense.Data {
			dense.Data[k] = Forbidden
		}
		for i := 0; i < n; i++ {
			for e := is.Start[i]; e < is.Start[i+1]; e++ {
				dense.Data[i*n+is.Col[e]] = is.Cost[e]
			}
		}
		want, err := SolveDenseInt(dense, IntOptions{})
		require.NoError(t, err)
		for _, arr := range []bool{false, true} {
			withSparse(true, arr, func() {
				got, err := SolveSparseInt(is, IntOptions{})
				require.NoError(t, err, "instance %d (n=%d)", it, n)
				require.Equal(t, want.Cost, got.Cost, "instance %d (n=%d, reduction %v)", it, n, arr)
			})
		}
	}
}
