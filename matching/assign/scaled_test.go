package assign

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// forceDense sets denseMode for the rest of the test.
func forceDense(t *testing.T, mode int) {
	old := denseMode
	denseMode = mode
	t.Cleanup(func() { denseMode = old })
}

// TestScaledAgainstBruteForce runs the brute-force comparison with the
// auction's prices forced on every problem it applies to (square and tall
// without unmatched costs), with a coarse and a fine last ε and few or
// many candidates, so that the repair rounds and the fallback run too.
func TestScaledAgainstBruteForce(t *testing.T) {
	forceDense(t, 2)
	defer func(k, r int, f float64) { scaledK, scaledRounds, auctionFinalRel = k, r, f }(scaledK, scaledRounds, auctionFinalRel)
	for _, tc := range []struct {
		k, rounds int
		final     float64
	}{{10, 12, 1e-7}, {1, 12, 1e-2}, {2, 1, 0.3}} {
		scaledK, scaledRounds, auctionFinalRel = tc.k, tc.rounds, tc.final
		testAgainstBruteForce(t, uint64(40+tc.k))
	}
}

// structured returns small instances of the benchmark's families: few
// distinct values, products plus noise, distances between clustered
// points, and i·j, as integers (so every solver is exact) of every shape.
func structured(r *rand.Rand, nr, nc, family int) instance {
	in := instance{nr: nr, nc: nc, c: make([]int64, nr*nc)}
	a, b := make([]float64, nr), make([]float64, nc)
	px, py, qx, qy := make([]float64, nr), make([]float64, nr), make([]float64, nc), make([]float64, nc)
	for i := range a {
		a[i] = r.Float64()
		cx := float64(r.IntN(2))
		px[i], py[i] = cx+0.05*r.NormFloat64(), cx+0.05*r.NormFloat64()
	}
	for j := range b {
		b[j] = r.Float64()
		qx[j], qy[j] = r.Float64(), r.Float64()
	}
	for i := 0; i < nr; i++ {
		for j := 0; j < nc; j++ {
			var c int64
			switch family {
			case 0:
				c = r.Int64N(3)
			case 1:
				c = int64(1000*a[i]*b[j]) + r.Int64N(10)
			case 2:
				c = int64(1000 * math.Hypot(px[i]-qx[j], py[i]-qy[j]))
			default:
				c = int64(i * j)
			}
			in.c[i*nc+j] = c
		}
	}
	return in
}

func TestStructuredAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(77, 78))
	for _, mode := range []int{0, 1, 2} {
		forceDense(t, mode)
		for it := 0; it < 400; it++ {
			in := structured(r, 1+r.IntN(7), 1+r.IntN(7), it%4)
			want, ok := in.brute()
			require.True(t, ok)
			m, _ := in.float()
			res, err := SolveDense(m, Options{})
			require.NoError(t, err)
			require.Equal(t, want, res.Cost, "mode %d instance %d: %+v", mode, it, in)
			checkResult(t, in, res.RowToCol, res.ColToRow, res.Cost)
			ires, err := SolveDenseInt(IntMatrix{Rows: in.nr, Cols: in.nc, Data: in.c}, IntOptions{})
			require.NoError(t, err)
			require.Equal(t, int64(want), ires.Cost)
			checkResult(t, in, ires.RowToCol, ires.ColToRow, float64(ires.Cost))
		}
	}
}

// TestStructuredMedium compares the methods on medium structured problems
// (where Auto switches to the auction's prices) of every shape.
func TestStructuredMedium(t *testing.T) {
	r := rand.New(rand.NewPCG(79, 80))
	for it := 0; it < 16; it++ {
		nr, nc := 100+r.IntN(250), 100+r.IntN(250)
		if it%4 == 0 {
			nc = nr
		}
		in := structured(r, nr, nc, it%4)
		m, _ := in.float()
		var costs []float64
		for _, mode := range []int{1, 0, 2} {
			forceDense(t, mode)
			res, err := SolveDense(m, Options{})
			require.NoError(t, err)
			checkResult(t, in, res.RowToCol, res.ColToRow, res.Cost)
			costs = append(costs, res.Cost)
		}
		require.Equal(t, costs[0], costs[1], "instance %d", it)
		require.Equal(t, costs[0], costs[2], "instance %d", it)
	}
}

// TestSolveScaledDirect calls the auction path itself on small square and
// tall problems: when it answers, the answer is optimal, and it does
// answer on most of them (so the brute-force tests above test it, not
// only the fallback).
func TestSolveScaledDirect(t *testing.T) {
	r := rand.New(rand.NewPCG(81, 82))
	answered, total := 0, 0
	for it := 0; it < 2000; it++ {
		nc := 1 + r.IntN(7)
		nr := nc + r.IntN(4)
		var in instance
		if it%2 == 0 {
			in = structured(r, nr, nc, it%8/2)
		} else {
			in = randomInstance(r, 7)
			in.pen = nil
			if in.nr < in.nc {
				continue
			}
		}
		want, ok := in.brute()
		total++
		x, done := solveScaled(in.nr, in.nc, in.c, Forbidden)
		if !ok {
			require.False(t, done, "instance %d: infeasible, yet answered %v", it, x)
			continue
		}
		if !done {
			continue
		}
		answered++
		m, _ := in.float()
		res := finish(x, in.nr, in.nc, func(i, j int) float64 { return m.At(i, j) }, nil)
		if testing.Verbose() {
			t.Logf("%+v -> %v", in, x)
		}
		checkResult(t, in, res.RowToCol, res.ColToRow, res.Cost)
		require.Equal(t, want, res.Cost, "instance %d: %+v", it, in)
	}
	require.Greater(t, answered, total*3/4, "answered %d of %d", answered, total)
}

// TestScaledIncrementalCheck forces the tall problems' partial check (only
// the columns whose dual rose) on every round after the first, with one
// candidate per row so that many rounds run.
func TestScaledIncrementalCheck(t *testing.T) {
	forceDense(t, 2)
	defer func(k, d int) { scaledK, tallCheckDiv = k, d }(scaledK, tallCheckDiv)
	scaledK, tallCheckDiv = 1, 0
	testAgainstBruteForce(t, 71)
	scaledK = 2
	testAgainstBruteForce(t, 72)
	// Medium tall structured problems, against the shortest-path method.
	r := rand.New(rand.NewPCG(73, 74))
	answered := 0
	for it := 0; it < 24; it++ {
		nc := 20 + r.IntN(60)
		nr := nc + 1 + r.IntN(4*nc)
		scaledK = 1 + it%3
		if scaledAgrees(t, structured(r, nr, nc, it%4), fmt.Sprintf("instance %d (%d×%d)", it, nr, nc)) {
			answered++
		}
	}
	require.Greater(t, answered, 12)
}

// TestAuctionWideNearOptimal checks the auction itself on wide problems
// (made square with virtual rows, which bid for the cheapest column): every
// real row ends with a column of its own, and their total is within the
// auction's guarantee (rows × final ε) of the optimum.
func TestAuctionWideNearOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(87, 88))
	for it := 0; it < 1000; it++ {
		nr := 1 + r.IntN(6)
		nc := nr + 1 + r.IntN(5)
		in := structured(r, nr, nc, it%4)
		want, ok := in.brute()
		require.True(t, ok)
		ar, ok := auction(nr, nc, in.c, Forbidden)
		require.True(t, ok)
		lo, hi := 0.0, 0.0 // the cost range, as the auction takes it
		for _, c := range in.c {
			lo, hi = math.Min(lo, float64(c)), math.Max(hi, float64(c))
		}
		eps := math.Max(hi-lo, 1) * auctionFinalRel
		total, held := 0.0, make([]bool, nr)
		for j, i := range ar.y {
			if i >= 0 && int(i) < nr {
				require.False(t, held[i], "instance %d: row %d holds two columns", it, i)
				held[i] = true
				total += float64(in.c[int(i)*nc+j])
			}
		}
		for i, h := range held {
			require.True(t, h, "instance %d: row %d holds no column: %+v", it, i, in)
		}
		require.LessOrEqual(t, total, want+float64(nc)*eps+1e-9, "instance %d: %+v", it, in)
	}
}

// TestSolveScaledWide calls the auction path on wide problems (auctioned
// with virtual rows, then solved as they are): small ones
// against brute force, medium structured ones against the shortest-path
// method; it must answer on most of them.
func TestSolveScaledWide(t *testing.T) {
	r := rand.New(rand.NewPCG(85, 86))
	answered, total := 0, 0
	for it := 0; it < 2000; it++ {
		nr := 1 + r.IntN(6)
		nc := nr + 1 + r.IntN(4)
		var in instance
		if it%2 == 0 {
			in = structured(r, nr, nc, it%8/2)
		} else {
			in = structured(r, nr, nc, 1)
			for k := range in.c {
				in.c[k] = r.Int64N(100) - 50
				if r.IntN(8) == 0 {
					in.c[k] = Forbidden
				}
			}
		}
		want, ok := in.brute()
		total++
		x, done := solveScaled(in.nr, in.nc, in.c, Forbidden)
		if !ok {
			require.False(t, done, "instance %d: infeasible, yet answered %v", it, x)
			continue
		}
		if !done {
			continue
		}
		answered++
		m, _ := in.float()
		res := finish(x, in.nr, in.nc, m.At, nil)
		checkResult(t, in, res.RowToCol, res.ColToRow, res.Cost)
		require.Equal(t, want, res.Cost, "instance %d: %+v", it, in)
	}
	require.Greater(t, answered, total*3/4, "answered %d of %d", answered, total)
	answered = 0
	for it := 0; it < 24; it++ {
		nr := 20 + r.IntN(60)
		nc := nr + 1 + r.IntN(4*nr)
		if scaledAgrees(t, structured(r, nr, nc, it%4), fmt.Sprintf("instance %d (%d×%d)", it, nr, nc)) {
			answered++
		}
	}
	require.Greater(t, answered, 16)
}

// TestAuctionTallStart runs the auction path on medium tall structured
// problems with the first ε of tall problems coarse (the square one's),
// the default and as fine as the last (a single phase, whose bid limit
// sends more problems to the fallback): the answers agree with the
// shortest-path method, and more than a quarter are answered by the
// auction path itself (all 16 with either scaled start).
func TestAuctionTallStart(t *testing.T) {
	defer func(s float64) { auctionStartRelTall = s }(auctionStartRelTall)
	for _, start := range []float64{auctionStartRel, auctionStartRelTall, auctionFinalRel} {
		auctionStartRelTall = start
		r := rand.New(rand.NewPCG(91, 92))
		answered := 0
		for it := 0; it < 16; it++ {
			nc := 20 + r.IntN(60)
			nr := nc + 1 + r.IntN(6*nc)
			if scaledAgrees(t, structured(r, nr, nc, it%4), fmt.Sprintf("start %g instance %d (%d×%d)", start, it, nr, nc)) {
				answered++
			}
		}
		t.Logf("start %g: %d of 16 answered", start, answered)
		require.Greater(t, answered, 4, "start %g", start)
	}
}

// scaledAgrees solves in by the shortest-path method and by the scaled
// path; when the scaled path answers (it may give up), its assignment must
// be valid and as cheap. It reports whether the scaled path answered.
func scaledAgrees(t *testing.T, in instance, what string) bool {
	t.Helper()
	m, _ := in.float()
	forceDense(t, 1)
	want, err := SolveDense(m, Options{})
	require.NoError(t, err)
	x, ok := solveScaled(in.nr, in.nc, m.Data, math.Inf(1))
	if !ok {
		return false
	}
	res := finish(x, in.nr, in.nc, m.At, nil)
	checkResult(t, in, res.RowToCol, res.ColToRow, res.Cost)
	require.Equal(t, want.Cost, res.Cost, what)
	return true
}
