package main

import (
	"bytes"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var intakeDate = housing.MustParseDate("2025-03-03")

func TestQuickstartRunsThePipeline(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, housing.English, intakeDate, "../../testdata"))
	s := out.String()
	// Intake: decisions with their reasons.
	assert.Contains(t, s, "cr-ot-2022-004       crema.ospitalita-temporanea: eligible, groups [temporary_difficulty fragile_household], priority 7")
	assert.Contains(t, s, "cr-ot-2025-009       crema.ospitalita-temporanea: ineligible\n    at_least_one_income: Requirement not met")
	// Habito's text ends in 2022: its 2025 referral is evaluated under the
	// labelled continuation, not the expired rule set.
	assert.Contains(t, s, "ct-habito-2021-118   catania.habito-agenzia-casa: eligible, groups [housing_first_homeless moderated_rent_lease]")
	// Matching: proposals, and the household left out with its reasons.
	assert.Contains(t, s, "Proposals: 4 of 6 households (units offered: 7)")
	assert.Contains(t, s, "cr-ot-2022-004 → cr-cri-1")
	assert.Contains(t, s, "ct-at-2025-017: no feasible unit among 7 units (beds: 7 units")
	// Stays: the policies' dates, counted with the month-end rule.
	assert.Contains(t, s, "cr-ot-2022-004 moves into cr-cri-1 on 17 March 2025: planned end 17 March 2026, warning on 16 January 2026")
	assert.Contains(t, s, "fe-2025-0147 moves into fe-cod-a1 on 17 March 2025: planned end 17 March 2027")
	// Renewals.
	assert.Contains(t, s, "renew: job search under way  ok: renewed, planned end 31 January 2026")
	assert.Contains(t, s, "(tenancy.renewal_limit)")
	assert.Contains(t, s, "exit on 2026-01-31: private-market lease")
	// The store kept the households, decisions and stays, and reads them back.
	assert.Contains(t, s, "households 7, decisions 7, stays 3")
	assert.Contains(t, s, "stay t-cr-ot-2022-004: cr-ot-2022-004 in cr-cri-1 from 17 March 2025, active, version 1")
	assert.Contains(t, s, "decision 3 of cr-ot-2022-004: eligible under crema.ospitalita-temporanea")
	assert.Contains(t, s, "still waiting for catania.alloggi-di-transizione: #1 ct-at-2025-017")
	assert.Contains(t, s, "ct-at-1 on 17 March 2025: 3 of 12 beds in use")
	assert.Contains(t, s, "vacant on 17 March 2025: 4 of 7 units")
	assert.Contains(t, s, "audit trail: 42 events, the last: delete waiting_entry")
}

func TestQuickstartIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, run(&a, housing.English, intakeDate, "../../testdata"))
	require.NoError(t, run(&b, housing.English, intakeDate, "../../testdata"))
	assert.Equal(t, a.String(), b.String())
}

func TestQuickstartInItalian(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, housing.Italian, intakeDate, "../../testdata"))
	s := out.String()
	assert.Contains(t, s, "150,00 €")
	assert.Contains(t, s, "17 marzo 2026")
	assert.Contains(t, s, "nessun rinnovo disponibile")
}

func TestQuickstartNeedsData(t *testing.T) {
	err := run(&bytes.Buffer{}, housing.English, intakeDate, t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "run from the repository root")
}
