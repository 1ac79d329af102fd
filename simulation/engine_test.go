package simulation

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/housingkit/housingkit/housing"
)

func runSmall(t *testing.T, opt RunOptions) *Results {
	t.Helper()
	sc, err := Load("testdata/small.yaml")
	require.NoError(t, err)
	m, err := Prepare(sc)
	require.NoError(t, err)
	res, err := m.Run(context.Background(), opt)
	require.NoError(t, err)
	return res
}

// TestConservation checks every month of every run: arrivals = admitted +
// rejected + waiting + abandoned (cumulated), and no more households housed
// than units or beds on offer.
func TestConservation(t *testing.T) {
	res := runSmall(t, RunOptions{Replications: 3})
	for _, rr := range res.Reps {
		for _, r := range rr {
			checkConservation(t, r)
		}
	}
}

func checkConservation(t *testing.T, r *RepResult) {
	t.Helper()
	var arr, adm, rej, ab int64
	for k := range r.Monthly[mArrivals] {
		arr += r.Monthly[mArrivals][k]
		adm += r.Monthly[mAdmissions][k]
		rej += r.Monthly[mRejected][k]
		ab += r.Monthly[mAbandoned][k]
		w := r.Monthly[mWaiting][k]
		require.Equal(t, arr, adm+rej+w+ab, "variant %s replication %d month %d", r.Variant, r.Replication, k)
		require.LessOrEqual(t, r.Monthly[mOccupied][k], r.Monthly[mUnits][k])
		require.LessOrEqual(t, r.Monthly[mOccupiedBeds][k], r.Monthly[mBeds][k])
		var byReason int64
		for _, s := range r.Rejections {
			byReason += s[k]
		}
		require.Equal(t, r.Monthly[mRejected][k], byReason)
	}
}

// TestWorkersDoNotChangeResults: one worker or four, the same numbers.
func TestWorkersDoNotChangeResults(t *testing.T) {
	a := runSmall(t, RunOptions{Replications: 4, Workers: 1})
	b := runSmall(t, RunOptions{Replications: 4, Workers: 4})
	require.Equal(t, a, b)
}

// TestStockOverTime: a unit on offer from a later date is not occupied
// before it, and one withdrawn stays occupied until its stay ends but is not
// let again.
func TestStockOverTime(t *testing.T) {
	sc, err := Load("testdata/small.yaml")
	require.NoError(t, err)
	sc.Variants = nil
	sc.Stock.Units = []UnitSpec{
		{ID: "early", Kind: "apartment", Beds: 2, Until: housing.MustParseDate("2024-07-01")},
		{ID: "late", Kind: "apartment", Beds: 2, From: housing.MustParseDate("2025-01-01")},
	}
	m, err := Prepare(sc)
	require.NoError(t, err)
	res, err := m.Run(context.Background(), RunOptions{Replications: 3})
	require.NoError(t, err)
	for _, rr := range res.Reps {
		r := rr[0]
		checkConservation(t, r)
		for k := 0; k < 12; k++ {
			require.LessOrEqual(t, r.Monthly[mUnits][k], int64(1), "month %d: only the early unit exists", k)
		}
		// January 2025: the late unit is on offer, and the early one
		// counts while its last stay runs on
		require.Contains(t, []int64{1, 2}, r.Monthly[mUnits][12])
		if r.Monthly[mOccupied][11] == 0 {
			require.Equal(t, int64(1), r.Monthly[mUnits][12], "the early unit, empty and withdrawn, no longer counts")
		}
		var before int64
		for k := 6; k < 12; k++ {
			before += r.Monthly[mAdmissions][k]
		}
		require.Zero(t, before, "nobody is let a unit between the withdrawal of one and the offer of the other")
	}
}
