package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/housingkit/housingkit/simulation/scenarios"
)

// TestPolicysimRunsEveryShippedScenario runs the researcher's flow on every
// shipped scenario with a few replications.
func TestPolicysimRunsEveryShippedScenario(t *testing.T) {
	dir := t.TempDir()
	for _, id := range scenarios.IDs() {
		var out bytes.Buffer
		require.NoError(t, run(&out, id, filepath.Join(dir, id), 3), id)
		s := out.String()
		assert.Contains(t, s, "more-patience − baseline", id)
		assert.Contains(t, s, "more-patience: mean waiting time", id)
		for _, f := range []string{"summary.json", "totals.csv", "occupancy.png", "waiting_list.svg", "differences.png"} {
			_, err := os.Stat(filepath.Join(dir, id, f))
			assert.NoError(t, err, "%s: %s", id, f)
		}
	}
}
