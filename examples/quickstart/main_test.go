package main

import (
	"bytes"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstartRuns(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, housing.English, "../../testdata"))
	s := out.String()
	assert.Contains(t, s, "== 5 example households")
	assert.Contains(t, s, "ct-at-2024-031       3 member(s), reference person aged 45, income €4,800.00/year, living situation 9.1")
	assert.Contains(t, s, "the units have 14 beds in all, more than the facility's capacity of 12")
	assert.Contains(t, s, "renew: job search under way  ok: renewed, planned end 31 January 2026")
	assert.Contains(t, s, "(tenancy.renewal_limit)")
	assert.Contains(t, s, "2025-12-02 warning:")
	assert.Contains(t, s, "exit on 2026-01-31: private-market lease")
}

func TestQuickstartInItalian(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, housing.Italian, "../../testdata"))
	s := out.String()
	assert.Contains(t, s, "4.800,00 €")
	assert.Contains(t, s, "31 gennaio 2026")
	assert.NotContains(t, s, "planned end 31 January")
}

func TestQuickstartNeedsData(t *testing.T) {
	err := run(&bytes.Buffer{}, housing.English, t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "run from the repository root")
}
