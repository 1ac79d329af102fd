//go:build !lean

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/housingkit/housingkit/simulation/report"
)

// TestSimulateShardsMergeByteIdentical runs a shipped scenario on one
// machine and as two shards merged, and compares every file.
func TestSimulateShardsMergeByteIdentical(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	code, out, errOut := runElig(t, "simulate", "ferrara-24-vs-18", "--replications", "4", "--out", whole, "--seed", "5")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "max-18-months − baseline")
	assert.Empty(t, errOut, "no progress bar when stderr is not a terminal")
	var shards []string
	for _, s := range []string{"0/2", "1/2"} {
		d := filepath.Join(dir, "shard"+s[:1])
		code, out, errOut = runElig(t, "simulate", "ferrara-24-vs-18", "--replications", "4", "--out", d, "--seed", "5", "--shard", s, "--workers", "1")
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, "2 of 4 replications written")
		shards = append(shards, d)
	}
	merged := filepath.Join(dir, "merged")
	code, _, errOut = runElig(t, "simulate", "merge", shards[1], shards[0], "--out", merged)
	require.Equal(t, 0, code, errOut)
	names := append([]string{}, report.Files...)
	for _, c := range report.ChartFiles {
		names = append(names, c+".png", c+".svg")
	}
	for _, n := range names {
		a, err := os.ReadFile(filepath.Join(whole, n))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(merged, n))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(a, b), "%s differs", n)
	}
	// one shard is not the whole run
	code, _, errOut = runElig(t, "simulate", "merge", shards[0], "--out", filepath.Join(dir, "half"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "replication 1 is missing")
}

func TestSimulateBadInput(t *testing.T) {
	code, _, errOut := runElig(t, "simulate", "no-such-scenario")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "the shipped ones are")
	code, _, errOut = runElig(t, "simulate", "ferrara-24-vs-18", "--shard", "2/2")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "want I/N with 0 ≤ I < N")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("format: housingkit.scenario/v1\nid: x\nstart: 2025-02-30\nhorizon_months: 12\n"), 0o644))
	code, _, errOut = runElig(t, "simulate", bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "bad.yaml:3:8")
	assert.Contains(t, errOut, "population")
}
