package simulation

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// erlangC returns the probability of waiting and the mean wait of an M/M/c
// queue with arrival rate lambda and service rate mu.
func erlangC(c int, lambda, mu float64) (pWait, wq float64) {
	a := lambda / mu
	term, sum := 1.0, 0.0
	for k := 0; k < c; k++ {
		if k > 0 {
			term *= a / float64(k)
		}
		sum += term
	}
	top := term * a / float64(c) * float64(c) / (float64(c) - a)
	pWait = top / (sum + top)
	return pWait, pWait / (float64(c)*mu - lambda)
}

// TestMMcAgainstErlangC: configured as an M/M/c queue, the engine's mean
// wait and occupancy (after a warm-up of 24 months) are within the 95%
// interval of the analytical values. A 95% interval misses the true value
// for about one seed in twenty by design: the seed is fixed (seeds 1, 2 and
// 3 all give intervals holding both values; seed 11 missed the occupancy
// by 0.0004), so the test fails only when the engine changes.
func TestMMcAgainstErlangC(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	sc, err := Load("testdata/mmc.yaml")
	require.NoError(t, err)
	m, err := Prepare(sc)
	require.NoError(t, err)
	res, err := m.Run(context.Background(), RunOptions{})
	require.NoError(t, err)
	lambda, mu, c := 2/DaysPerMonth, 1/(2*DaysPerMonth), 5
	pWait, wq := erlangC(c, lambda, mu)
	require.InDelta(t, 0.5541, pWait, 1e-4)
	const warm = 24
	var waits, occs, zeros []float64
	for _, rr := range res.Reps {
		r := rr[0]
		var w, n, occ, z int64
		for k := warm; k < res.Months; k++ {
			w += r.Monthly[mWaitDaysSum][k]
			n += r.Monthly[mAdmissions][k]
			occ += r.Monthly[mOccupied][k]
		}
		_ = z
		waits = append(waits, float64(w)/1000/float64(n))
		occs = append(occs, float64(occ)/float64(c*(res.Months-warm)))
		zeros = append(zeros, float64(r.WaitDays[0]))
		require.Zero(t, sum(r.Monthly[mRejected]), "everyone is eligible")
	}
	ew := estimate(waits, 0.05, math.NaN())
	eo := estimate(occs, 0.05, math.NaN())
	t.Logf("mean wait: simulated %.2f days [%.2f, %.2f], Erlang C %.2f days", ew.Mean, ew.Lo, ew.Hi, wq)
	t.Logf("occupancy: simulated %.4f [%.4f, %.4f], analytical %.4f", eo.Mean, eo.Lo, eo.Hi, lambda/mu/float64(c))
	require.True(t, ew.Lo <= wq && wq <= ew.Hi, "Erlang C mean wait %.2f outside [%.2f, %.2f]", wq, ew.Lo, ew.Hi)
	rho := lambda / mu / float64(c)
	require.True(t, eo.Lo <= rho && rho <= eo.Hi, "occupancy %.4f outside [%.4f, %.4f]", rho, eo.Lo, eo.Hi)
	// the interval is narrow enough to mean something
	require.Less(t, ew.Hi-ew.Lo, 0.5*wq)
	// a variant with no change gives identical numbers
	for _, rr := range res.Reps {
		a, b := *rr[0], *rr[1]
		b.Variant = a.Variant
		require.Equal(t, a, b)
	}
}

// TestHandChecked is a scenario small enough to follow by hand: one unit,
// Ferrara's fixed 24-month stay, nobody leaves early or gives up, identical
// households (so first come, first served). The first household is housed
// on arrival; each later one when the stay before it ends, 24 calendar
// months after it started (the day the household leaves).
func TestHandChecked(t *testing.T) {
	sc, err := Load("testdata/hand.yaml")
	require.NoError(t, err)
	m, err := Prepare(sc)
	require.NoError(t, err)
	res, err := m.Run(context.Background(), RunOptions{Replications: 3})
	require.NoError(t, err)
	for _, rr := range res.Reps {
		r := rr[0]
		arr := m.arrivals(r.Replication)
		free := 0.0
		var admitted, ended int64
		var waitMilli int64
		for _, a := range arr {
			start := math.Max(a.t, free)
			if start >= m.days {
				break
			}
			admitted++
			waitMilli += int64(math.Round((start - a.t) * 1000))
			day := m.dayDate(start)
			end, _ := day.AddMonths(24)
			free = float64(sc.Start.DaysUntil(end))
			if free < m.days {
				ended++
			}
		}
		require.Equal(t, int64(len(arr)), sum(r.Monthly[mArrivals]))
		require.Equal(t, admitted, sum(r.Monthly[mAdmissions]))
		require.Equal(t, ended, sum(r.Monthly[mEndedAtLimit]))
		require.Equal(t, ended, sum(r.Exits["other"]))
		require.Equal(t, waitMilli, sum(r.Monthly[mWaitDaysSum]))
		require.Equal(t, int64(len(arr))-admitted, r.Monthly[mWaiting][res.Months-1])
		require.GreaterOrEqual(t, admitted, int64(2))
		// the 18-month variant: stays end 6 months earlier, so at least as
		// many are admitted
		require.GreaterOrEqual(t, sum(rr[1].Monthly[mAdmissions]), admitted)
	}
}
