package mechanism

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeferredAcceptanceIsStable(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for it := 0; it < 400; it++ {
		n, m := 1+r.IntN(10), 1+r.IntN(6)
		app := randomPrefs(r, n, m, 0.7)
		unit := randomPrefs(r, m, n, 0.8)
		capacity := make([]int, m)
		for o := range capacity {
			capacity[o] = r.IntN(3)
		}
		got, err := DeferredAcceptance(app, unit, capacity)
		require.NoError(t, err)
		blocking, err := Blocking(app, unit, capacity, got)
		require.NoError(t, err, "instance %d", it)
		assert.Empty(t, blocking, "instance %d", it)

		// Applicant-optimal: on small instances, no stable matching gives
		// any applicant a unit it prefers.
		if n <= 6 && m <= 4 {
			pos := func(a, o int) int {
				if o < 0 {
					return len(app[a])
				}
				for k, x := range app[a] {
					if x == o {
						return k
					}
				}
				return -1
			}
			cur := make([]int, n)
			var rec func(a int)
			stable := 0
			rec = func(a int) {
				if a == n {
					if b, err := Blocking(app, unit, capacity, cur); err == nil && len(b) == 0 {
						stable++
						for x := range cur {
							assert.LessOrEqual(t, pos(x, got[x]), pos(x, cur[x]), "instance %d: DA not applicant-optimal", it)
						}
					}
					return
				}
				cur[a] = -1
				rec(a + 1)
				for _, o := range app[a] {
					cur[a] = o
					rec(a + 1)
				}
			}
			rec(0)
			assert.GreaterOrEqual(t, stable, 1)
		}
	}
}

func TestBlockingFindsInstability(t *testing.T) {
	app := [][]int{{0, 1}, {0, 1}}
	unit := [][]int{{0, 1}, {0, 1}}
	capacity := []int{1, 1}
	// Applicant 0 is unit 0's favourite and wants it: (0,0) blocks.
	b, err := Blocking(app, unit, capacity, []int{1, 0})
	require.NoError(t, err)
	assert.Equal(t, []BlockingPair{{Applicant: 0, Unit: 0}}, b)
	// A free place also blocks.
	b, err = Blocking(app, unit, capacity, []int{0, -1})
	require.NoError(t, err)
	assert.Equal(t, []BlockingPair{{Applicant: 1, Unit: 1}}, b)
	_, err = Blocking(app, unit, capacity, []int{0, 0})
	assert.EqualError(t, err, "mechanism: got[1]: unit 0 over its capacity 1")
	_, err = Blocking(app, [][]int{{0}, {0, 1}}, capacity, []int{-1, 0})
	assert.EqualError(t, err, "mechanism: got[1]: applicant 1 and unit 0 do not accept each other")
}

func TestTopTradingCycles(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for it := 0; it < 300; it++ {
		n := 1 + r.IntN(6)
		owns := r.Perm(n)
		prefs := randomPrefs(r, n, n, 0.7)
		got, err := TopTradingCycles(owns, prefs)
		require.NoError(t, err)
		// rank: position in the effective list (own unit acceptable).
		rank := func(h, u int) int {
			for k, x := range prefs[h] {
				if x == u {
					return k
				}
				if x == owns[h] {
					break
				}
			}
			if u == owns[h] {
				return len(prefs[h])
			}
			return 1 << 30 // unacceptable
		}
		seen := map[int]bool{}
		for h, u := range got {
			require.False(t, seen[u], "unit %d given twice", u)
			seen[u] = true
			require.LessOrEqual(t, rank(h, u), rank(h, owns[h]), "instance %d: household %d worse off", it, h)
		}
		// Pareto efficiency by brute force over all reallocations.
		perm := make([]int, n)
		used := make([]bool, n)
		var rec func(h int)
		rec = func(h int) {
			if h == n {
				better, worse := false, false
				for x := 0; x < n; x++ {
					if rank(x, perm[x]) < rank(x, got[x]) {
						better = true
					}
					if rank(x, perm[x]) > rank(x, got[x]) {
						worse = true
					}
				}
				assert.False(t, better && !worse, "instance %d: %v Pareto-dominates %v", it, perm, got)
				return
			}
			for u := 0; u < n; u++ {
				if !used[u] {
					used[u] = true
					perm[h] = u
					rec(h + 1)
					used[u] = false
				}
			}
		}
		rec(0)
	}
	// Households 0 and 1 want each other's units; 2 keeps its own.
	got, err := TopTradingCycles([]int{0, 1, 2}, [][]int{{1}, {0, 2}, {0}})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 0, 2}, got)
}
