package assign

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// greedyOutcomes counts the greedy start's outcomes (from its trace) for
// the rest of the test.
func greedyOutcomes(t *testing.T) map[string]int {
	seen := map[string]int{}
	old := trace
	trace = func(format string, a ...any) {
		msg := fmt.Sprintf(format, a...)
		switch {
		case strings.Contains(msg, "over budget"):
			seen["over"]++
		case strings.Contains(msg, "gave up"):
			seen["gave up"]++
		case strings.HasPrefix(msg, "greedy tall"):
			seen["tall"]++
		default:
			seen["wide"]++
		}
	}
	t.Cleanup(func() { trace = old })
	return seen
}

// TestGreedyAgainstBruteForce runs the brute-force comparison with the
// greedy start kept whatever is left free (and with a tiny budget, so that
// the fallback after a partial start runs too), with and without the tall
// tie pass, and checks that each outcome was reached.
func TestGreedyAgainstBruteForce(t *testing.T) {
	defer func(f, s, tie, b int) { greedyFreeDiv, greedySquareDiv, greedyTieDiv, greedyBudget = f, s, tie, b }(greedyFreeDiv, greedySquareDiv, greedyTieDiv, greedyBudget)
	seen := greedyOutcomes(t)
	for k, tc := range []struct{ div, tie, budget int }{
		{1, 1, 1000}, // keep every start; tie pass only when all columns are left
		{1, 1 << 20, 1000},
		{1, 1 << 20, 1}, // the paths stop early: the usual method finishes
		{3, 8, 1},       // the defaults' shape
	} {
		greedyFreeDiv, greedySquareDiv, greedyTieDiv, greedyBudget = tc.div, tc.div, tc.tie, tc.budget
		testAgainstBruteForce(t, uint64(60+k))
	}
	// One entry kept per column: the tall paths read whole columns often.
	defer func(k int) { greedyTallK = k }(greedyTallK)
	greedyTallK = 1
	greedyFreeDiv, greedySquareDiv, greedyTieDiv, greedyBudget = 1, 1, 1<<20, 1000
	testAgainstBruteForce(t, 65)
	greedyTallK = 2
	testAgainstBruteForce(t, 66)
	for _, o := range []string{"tall", "wide", "over", "gave up"} {
		require.Greater(t, seen[o], 50, "outcome %q: %v", o, seen)
	}
}

// TestGreedyTiedAndTall compares the greedy start with the forced
// shortest-path method on medium tied, integer and uniform problems of
// every shape (tall ones with many rows per column), and with brute force
// on small tall ones whose costs have two or three levels.
func TestGreedyTiedAndTall(t *testing.T) {
	seen := greedyOutcomes(t)
	r := rand.New(rand.NewPCG(8, 1))
	for it := 0; it < 60; it++ {
		nr, nc := []int{30, 300, 40, 500, 200}[it%5], []int{300, 30, 40, 50, 200}[it%5]
		levels := []int64{2, 10, 1000, 1 << 40}[it/5%4]
		m := NewIntMatrix(nr, nc)
		for k := range m.Data {
			m.Data[k] = r.Int64N(levels)
			if it%3 == 2 && r.IntN(10) == 0 {
				m.Data[k] = Forbidden
			}
		}
		got, err := SolveDenseInt(m, IntOptions{})
		want, werr := solveDenseInt(m, IntOptions{}, JV)
		require.Equal(t, werr == nil, err == nil, "instance %d: %v / %v", it, err, werr)
		if err != nil {
			require.True(t, errors.Is(err, ErrInfeasible))
			continue
		}
		require.Equal(t, want.Cost, got.Cost, "instance %d (%d×%d, %d levels)", it, nr, nc, levels)
		checkIntAssignment(t, m, got)
		f := NewMatrix(nr, nc)
		for k, c := range m.Data {
			f.Data[k] = float64(c)
			if c == Forbidden {
				f.Data[k] = math.Inf(1)
			}
		}
		fres, err := SolveDense(f, Options{})
		require.NoError(t, err)
		require.Equal(t, float64(want.Cost), fres.Cost, "instance %d float", it)
	}
	require.Greater(t, seen["tall"], 10, "%v", seen)
	require.Greater(t, seen["wide"], 10, "%v", seen)
	for it := 0; it < 2000; it++ {
		nr := 2 + r.IntN(8)
		nc := 1 + r.IntN(min(nr, 4))
		in := instance{nr: nr, nc: nc, c: make([]int64, nr*nc)}
		lv := int64(2 + r.IntN(2))
		for k := range in.c {
			in.c[k] = r.Int64N(lv)
			if r.IntN(12) == 0 {
				in.c[k] = Forbidden
			}
		}
		if it%2 == 0 {
			in.nr, in.nc = nc, nr // wide: transpose
			tc := make([]int64, nr*nc)
			for i := 0; i < nr; i++ {
				for j := 0; j < nc; j++ {
					tc[j*nr+i] = in.c[i*nc+j]
				}
			}
			in.c = tc
		}
		want, ok := in.brute()
		m, _ := in.float()
		res, err := SolveDense(m, Options{})
		if !ok {
			require.True(t, errors.Is(err, ErrInfeasible), "instance %d: %v", it, err)
			continue
		}
		require.NoError(t, err, "instance %d", it)
		require.Equal(t, want, res.Cost, "instance %d: %+v", it, in)
		checkResult(t, in, res.RowToCol, res.ColToRow, res.Cost)
	}
}

func checkIntAssignment(t *testing.T, m IntMatrix, r IntResult) {
	t.Helper()
	used := make([]bool, m.Cols)
	n := 0
	var total int64
	for i, j := range r.RowToCol {
		if j < 0 {
			continue
		}
		require.False(t, used[j], "column %d used twice", j)
		used[j] = true
		require.Equal(t, i, r.ColToRow[j])
		require.NotEqual(t, Forbidden, m.Data[i*m.Cols+j])
		total += m.Data[i*m.Cols+j]
		n++
	}
	require.Equal(t, min(m.Rows, m.Cols), n)
	require.Equal(t, r.Cost, total)
}

// TestGreedyValidation: the fused validation reports the first invalid
// entry in row-major order on every shape, as the plain check does.
func TestGreedyValidation(t *testing.T) {
	for _, sh := range [][2]int{{3, 3}, {2, 5}, {5, 2}} {
		for _, bad := range []float64{math.NaN(), math.Inf(-1), 1e308} {
			m := NewMatrix(sh[0], sh[1])
			m.Data[len(m.Data)-1] = math.Inf(1)
			m.Data[4] = bad
			m.Data[len(m.Data)-2] = math.NaN()
			_, err := SolveDense(m, Options{})
			require.True(t, errors.Is(err, ErrInvalidInput), "%v %v: %v", sh, bad, err)
			require.ErrorContains(t, err, fmt.Sprintf("row %d, column %d", 4/sh[1], 4%sh[1]))
		}
		im := NewIntMatrix(sh[0], sh[1])
		im.Data[4] = -Forbidden
		_, err := SolveDenseInt(im, IntOptions{})
		require.True(t, errors.Is(err, ErrInvalidInput), "%v: %v", sh, err)
		require.ErrorContains(t, err, fmt.Sprintf("row %d, column %d", 4/sh[1], 4%sh[1]))
	}
}

// TestAutoFallbacksAgainstBruteForce runs Auto's chain with a budget so
// small that the shortest paths give up, and an auction finish so weak
// (one candidate per row, one round) that it often gives up too, so that
// the final shortest-path solve answers; with and without the greedy
// start.
func TestAutoFallbacksAgainstBruteForce(t *testing.T) {
	defer func(b float64, k, r int, g bool) { jvBudget, scaledK, scaledRounds, greedyOn = b, k, r, g }(jvBudget, scaledK, scaledRounds, greedyOn)
	jvBudget, scaledK, scaledRounds = 1e-9, 1, 1
	failed := 0
	old := trace
	trace = func(format string, a ...any) {
		if strings.HasPrefix(format, "auction: ok") && a[0] == false {
			failed++
		}
	}
	defer func() { trace = old }()
	for _, g := range []bool{false, true} {
		greedyOn = g
		testAgainstBruteForce(t, 90)
	}
	require.Greater(t, failed, 10)
}

// kuhnMatching is the textbook augmenting-path maximum matching, the
// reference for listMatching.
func kuhnMatching(nr, nc, k int, lv []int64, lr []int32) int {
	y := make([]int, nc)
	for j := range y {
		y[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for t := i * k; t < i*k+k; t++ {
			j := lr[t]
			if j < 0 || lv[t] == Forbidden || seen[j] {
				continue
			}
			seen[j] = true
			if y[j] < 0 || try(y[j], seen) {
				y[j] = i
				return true
			}
		}
		return false
	}
	size := 0
	for i := 0; i < nr; i++ {
		if try(i, make([]bool, nc)) {
			size++
		}
	}
	return size
}

// TestListMatching compares listMatching with the textbook method on
// random lists (few columns per row, some of them forbidden or missing),
// and checks that a structured square problem goes to the auction.
func TestListMatching(t *testing.T) {
	r := rand.New(rand.NewPCG(91, 92))
	for it := 0; it < 3000; it++ {
		nr := 1 + r.IntN(30)
		nc := nr + r.IntN(3)
		k := 1 + r.IntN(4)
		lv := make([]int64, nr*k)
		lr := make([]int32, nr*k)
		span := 1 + r.IntN(nc)
		for i := 0; i < nr; i++ {
			cols := r.Perm(nc)
			for t := 0; t < k; t++ {
				lr[i*k+t] = int32(cols[t%nc] % span)
				switch r.IntN(10) {
				case 0:
					lv[i*k+t] = Forbidden
				case 1:
					lr[i*k+t] = -1
				}
			}
			// A row lists a column at most once.
			seen := map[int32]bool{}
			for t := 0; t < k; t++ {
				if j := lr[i*k+t]; j >= 0 && seen[j] {
					lr[i*k+t] = -1
				} else {
					seen[j] = true
				}
			}
		}
		require.Equal(t, kuhnMatching(nr, nc, k, lv, lr), listMatching(nr, nc, k, lv, lr, Forbidden), "instance %d", it)
	}
	// c_ij = i·j: every row lists columns 0..3, so 4 rows match.
	n := 64
	m := NewIntMatrix(n, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			m.Data[i*n+j] = int64(i * j)
		}
	}
	_, done, valid, listed := solveGreedy(n, n, m.Data, Forbidden, MaxIntCost(n, n))
	require.False(t, done)
	require.True(t, valid)
	require.Equal(t, 4, listed)
	require.Equal(t, Auction, afterGreedy(n, n, Auto, listed))
	require.Equal(t, Auto, afterGreedy(n, n, Auto, n-n/listDeficitDiv))
}
