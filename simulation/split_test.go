package simulation

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSplitAcrossRooms: under a programme that allows split placement, a
// household of 4 is housed in the apartment of 4 beds or in two rooms of 2
// beds of the facility, and its stay occupies both rooms until it ends:
// every month the occupied units are twice the households housed (less one
// when the apartment is let), the facility and the apartment house three
// households when full, and the results do not depend on the workers.
func TestSplitAcrossRooms(t *testing.T) {
	sc, err := Load("testdata/split.yaml")
	require.NoError(t, err)
	m, err := Prepare(sc)
	require.NoError(t, err)
	res, err := m.Run(context.Background(), RunOptions{Replications: 3, Workers: 1})
	require.NoError(t, err)
	full := 0
	for _, rr := range res.Reps {
		r := rr[0]
		checkConservation(t, r)
		for k := range r.Monthly[mOccupied] {
			beds, units := r.Monthly[mOccupiedBeds][k], r.Monthly[mOccupied][k]
			require.Zero(t, beds%4, "month %d: households of 4 only", k)
			housed := beds / 4
			require.LessOrEqual(t, housed, int64(3), "month %d: one in the apartment and two in the facility at most", k)
			require.Contains(t, []int64{2 * housed, 2*housed - 1}, units, "month %d: %d households housed in %d units", k, housed, units)
			if housed == 3 {
				full++
			}
		}
	}
	require.Positive(t, full, "the facility houses two households of 4 in its four rooms at some month end")
	par, err := m.Run(context.Background(), RunOptions{Replications: 3, Workers: 3})
	require.NoError(t, err)
	require.Equal(t, res, par)
}
