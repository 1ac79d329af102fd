package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/housingkit/housingkit/simulation"
)

func runSmall(t *testing.T, opt simulation.RunOptions) *simulation.Results {
	t.Helper()
	sc, err := simulation.Load("../testdata/small.yaml")
	require.NoError(t, err)
	m, err := simulation.Prepare(sc)
	require.NoError(t, err)
	res, err := m.Run(context.Background(), opt)
	require.NoError(t, err)
	return res
}

// TestShardsMergeToTheSameBytes: two shards merged write exactly the files
// of one run.
func TestShardsMergeToTheSameBytes(t *testing.T) {
	dir := t.TempDir()
	whole := runSmall(t, simulation.RunOptions{Replications: 5})
	_, err := Write(filepath.Join(dir, "whole"), whole)
	require.NoError(t, err)
	var parts []*simulation.Results
	for i := 0; i < 2; i++ {
		part := runSmall(t, simulation.RunOptions{Replications: 5, Shard: i, Shards: 2, Workers: 1 + i})
		sd := filepath.Join(dir, "shard", string(rune('a'+i)))
		require.NoError(t, WriteRaw(sd, part))
		back, err := ReadRaw(sd)
		require.NoError(t, err)
		parts = append(parts, back)
	}
	merged, err := simulation.Merge(parts[1], parts[0])
	require.NoError(t, err)
	_, err = Write(filepath.Join(dir, "merged"), merged)
	require.NoError(t, err)
	names := append([]string{}, Files...)
	for _, c := range ChartFiles {
		names = append(names, c+".png", c+".svg")
	}
	for _, n := range names {
		a, err := os.ReadFile(filepath.Join(dir, "whole", n))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(dir, "merged", n))
		require.NoError(t, err)
		require.True(t, bytes.Equal(a, b), "%s differs", n)
	}
	// a shard alone is not the whole run
	_, err = simulation.Merge(parts[0])
	require.ErrorContains(t, err, "replication 1 is missing")
	_, err = simulation.Merge(parts[0], parts[0], parts[1])
	require.ErrorContains(t, err, "given twice")
}

func TestTable(t *testing.T) {
	res := runSmall(t, simulation.RunOptions{Replications: 3})
	var b bytes.Buffer
	require.NoError(t, Table(&b, simulation.Summarise(res)))
	t.Log("\n" + b.String())
	require.Contains(t, b.String(), "max-18 − baseline")
	require.Contains(t, b.String(), "waiting time, days (median)")
}
