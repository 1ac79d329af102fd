package simulation

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
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
