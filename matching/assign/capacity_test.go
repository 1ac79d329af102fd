package assign

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func randomCapProblem(r *rand.Rand, nh, nf, maxSize, maxCap int, density float64) CapProblem {
	p := CapProblem{Capacity: make([]int, nf), Size: make([]int, nh), Start: make([]int, nh+1), Unmatched: make([]int64, nh)}
	for f := range p.Capacity {
		p.Capacity[f] = r.IntN(maxCap + 1)
	}
	for h := 0; h < nh; h++ {
		p.Size[h] = 1 + r.IntN(maxSize)
		p.Unmatched[h] = 5 + r.Int64N(30)
		for f := 0; f < nf; f++ {
			if r.Float64() < density {
				p.Facility = append(p.Facility, f)
				p.Cost = append(p.Cost, r.Int64N(25))
			}
		}
		p.Start[h+1] = len(p.Facility)
	}
	return p
}

// bruteCap enumerates every placement (each household in one of its
// feasible facilities or nowhere) that respects capacities.
func bruteCap(p CapProblem) int64 {
	nh := len(p.Size)
	room := append([]int(nil), p.Capacity...)
	best := Forbidden
	var rec func(h int, acc int64)
	rec = func(h int, acc int64) {
		if h == nh {
			best = min(best, acc)
			return
		}
		rec(h+1, acc+p.Unmatched[h])
		for e := p.Start[h]; e < p.Start[h+1]; e++ {
			f := p.Facility[e]
			if room[f] >= p.Size[h] {
				room[f] -= p.Size[h]
				rec(h+1, acc+p.Cost[e])
				room[f] += p.Size[h]
			}
		}
	}
	rec(0, 0)
	return best
}

func checkPlacement(t *testing.T, p CapProblem, res CapResult) {
	t.Helper()
	require.Len(t, res.Facility, len(p.Size))
	load := make([]int, len(p.Capacity))
	var total int64
	for h, f := range res.Facility {
		if f < 0 {
			require.Equal(t, -1, f)
			total += p.Unmatched[h]
			continue
		}
		found := false
		for e := p.Start[h]; e < p.Start[h+1]; e++ {
			if p.Facility[e] == f {
				total += p.Cost[e]
				found = true
			}
		}
		require.True(t, found, "household %d placed in infeasible facility %d", h, f)
		load[f] += p.Size[h]
	}
	for f, l := range load {
		require.LessOrEqual(t, l, p.Capacity[f], "facility %d over capacity", f)
	}
	require.Equal(t, total, res.Cost)
	require.LessOrEqual(t, res.LowerBound, res.Cost)
}

func TestCapacitatedAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 21))
	var gapSum, optSum, gapSum2 int64
	hOptimal, hOptimal2, runs := 0, 0, 0
	for it := 0; it < 400; it++ {
		nh, nf := 1+r.IntN(7), 1+r.IntN(3)
		maxSize := []int{1, 2, 3, 4}[it%4]
		p := randomCapProblem(r, nh, nf, maxSize, 6, 0.7)
		want := bruteCap(p)

		res, err := SolveCapacitated(p, CapOptions{})
		require.NoError(t, err)
		checkPlacement(t, p, res)
		assert.True(t, res.Exact, "instance %d", it)
		require.Equal(t, want, res.Cost, "instance %d: %+v", it, p)
		require.LessOrEqual(t, res.LowerBound, want)

		heur, err := SolveCapacitated(p, CapOptions{ExactLimit: -1})
		require.NoError(t, err)
		checkPlacement(t, p, heur)
		require.GreaterOrEqual(t, heur.Cost, want)
		if maxSize == 1 {
			require.Equal(t, "exact-flow", heur.Method)
			require.Equal(t, want, heur.Cost)
			continue
		}
		// The large-instance path: bed prices from the one-bed households.
		heur2, err := SolveCapacitated(p, CapOptions{ExactLimit: -1, RelaxMaxUnits: -1})
		require.NoError(t, err)
		checkPlacement(t, p, heur2)
		require.GreaterOrEqual(t, heur2.Cost, want)
		runs++
		if heur.Cost == want {
			hOptimal++
		}
		if heur2.Cost == want {
			hOptimal2++
		}
		gapSum += heur.Cost - want
		gapSum2 += heur2.Cost - want
		optSum += want
	}
	t.Logf("large-instance heuristic path on the same: optimal in %d, total gap %d (%.2f%%)",
		hOptimal2, gapSum2, 100*float64(gapSum2)/float64(optSum))
	assert.Less(t, float64(gapSum2), 0.05*float64(optSum))
	t.Logf("heuristic alone on %d small instances with multi-bed households: optimal in %d, total gap %d over total optimum %d (%.2f%%)",
		runs, hOptimal, gapSum, optSum, 100*float64(gapSum)/float64(optSum))
	// The heuristic is not exact, but must be close on these instances.
	assert.Less(t, float64(gapSum), 0.03*float64(optSum))
}

func TestCapacitatedErrors(t *testing.T) {
	ok := CapProblem{Capacity: []int{2}, Size: []int{1}, Start: []int{0, 1}, Facility: []int{0}, Cost: []int64{3}, Unmatched: []int64{9}}
	_, err := SolveCapacitated(ok, CapOptions{})
	require.NoError(t, err)
	bad := []struct {
		name string
		edit func(p *CapProblem)
		want string
	}{
		{"size", func(p *CapProblem) { p.Size = []int{0} }, "household 0 needs 0 beds"},
		{"capacity", func(p *CapProblem) { p.Capacity = []int{-1} }, "negative capacity"},
		{"unmatched", func(p *CapProblem) { p.Unmatched = nil }, "0 unmatched costs for 1 households"},
		{"unmatched forbidden", func(p *CapProblem) { p.Unmatched = []int64{Forbidden} }, "must be finite"},
		{"facility", func(p *CapProblem) { p.Facility = []int{3} }, "column outside"},
	}
	for _, tc := range bad {
		p := ok
		tc.edit(&p)
		_, err := SolveCapacitated(p, CapOptions{})
		require.ErrorIs(t, err, ErrInvalidInput, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
	}
}
