package scenarios

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/housingkit/housingkit/simulation"
)

// TestShippedScenariosRun prepares every shipped scenario and runs two
// replications of it, checking that households are admitted, that some are
// rejected for a reason of the rules, and that every month conserves.
func TestShippedScenariosRun(t *testing.T) {
	require.Equal(t, []string{"catania-transition-facilities", "crema-renewal-and-income", "ferrara-24-vs-18", "habito-registry-30-vs-40"}, IDs())
	for _, id := range IDs() {
		t.Run(id, func(t *testing.T) {
			sc, err := Load(id)
			require.NoError(t, err)
			m, err := simulation.Prepare(sc)
			require.NoError(t, err)
			res, err := m.Run(context.Background(), simulation.RunOptions{Replications: 2})
			require.NoError(t, err)
			s := simulation.Summarise(res)
			for _, v := range s.Variants {
				t.Logf("%s/%s: arrivals %.0f admitted %.0f rejected %.0f %v abandoned %.0f waiting %.1f occupancy %.2f wait %.0f days, at limit %.0f renewals %.0f exits %v",
					id, v.ID, v.Totals["arrivals"].Mean, v.Totals["admissions"].Mean, v.Totals["rejected"].Mean, keys(v.Rejections), v.Totals["abandoned"].Mean,
					v.Totals["mean_waiting_list"].Mean, v.Totals["mean_occupancy"].Mean, v.Totals["mean_wait_days"].Mean, v.Totals["ended_at_limit"].Mean, v.Totals["renewals"].Mean, keys(v.Exits))
				require.Greater(t, v.Totals["admissions"].Mean, 10.0)
				require.Greater(t, v.Totals["mean_occupancy"].Mean, 0.5)
			}
		})
	}
	_, err := Load("nope")
	require.ErrorContains(t, err, "the shipped ones are catania-transition-facilities")
}

func keys(m map[string]simulation.Estimate) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		out[k] = v.Mean
	}
	return out
}
