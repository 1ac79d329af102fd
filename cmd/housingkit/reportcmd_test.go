//go:build !lean

package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reportStore writes a Crema case (referral 10 February 2024, admission 1
// April, exit 30 September 2025 to a private lease) into a SQLite file.
func reportStore(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "cases.db")
	ctx := store.WithActor(context.Background(), "test")
	st, err := sqlite.Open(ctx, file, sqlite.Options{})
	require.NoError(t, err)
	defer st.Close()
	cw, err := casework.New(st, casework.Options{})
	require.NoError(t, err)
	day := housing.MustParseDate
	require.NoError(t, st.Update(ctx, "comune-crema", func(tx store.Tx) error {
		return tx.Units().Create(housing.Unit{ID: "u1", ProgrammeID: casework.ProgCrema, Kind: housing.UnitApartment, Beds: 2,
			AreaSqm: decimal.NewFromInt(45), Contract: housing.ContractConcession, AvailableFrom: day("2024-01-01")})
	}))
	h, err := housing.ReadHousehold("h.yaml", []byte(`
id: cr-7
members:
  - {role: reference, birth_date: 1980-01-01, incomes: [{kind: employment, annual: "9000.00", precarious: true}], recently_impoverished: true}
isee: {value: "5000.00", issued_on: 2024-01-20}
residence: {municipality: Crema, region: Lombardia, since: 2015-01-01}
living_situation: "8.1"
ownership: {owns_dwelling: false}
emergency: {eviction_order: false}
`))
	require.NoError(t, err)
	require.NoError(t, cw.RegisterReferral(ctx, "comune-crema", casework.ReferralInput{Household: &h, Referral: housing.Referral{ID: "r-7", HouseholdID: "cr-7",
		ProgrammeID: casework.ProgCrema, Date: day("2024-02-10"), Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService},
		With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}}}))
	_, err = cw.DecideEligibility(ctx, "comune-crema", "r-7", day("2024-03-01"))
	require.NoError(t, err)
	p, err := cw.Propose(ctx, "comune-crema", casework.ProgCrema, day("2024-03-05"))
	require.NoError(t, err)
	for _, by := range []string{casework.ByHousehold, casework.ByLandlord} {
		_, err = cw.Respond(ctx, "comune-crema", casework.Response{ProposalID: p.Proposals[0].ID, By: by, Accept: true, Date: day("2024-03-06")})
		require.NoError(t, err)
	}
	_, err = cw.StartTenancy(ctx, "comune-crema", casework.StartInput{ProposalID: p.Proposals[0].ID, TenancyID: "t-7", Start: day("2024-04-01")})
	require.NoError(t, err)
	_, err = cw.Exit(ctx, "comune-crema", "t-7", housing.Exit{Date: day("2025-09-30"), Pathway: housing.ExitPrivateLease})
	require.NoError(t, err)
	return "sqlite:" + file
}

func TestReportCommand(t *testing.T) {
	db := reportStore(t)
	args := []string{"report", "--store", db, "--tenant", "comune-crema", "--from", "2024-01-01", "--to", "2025-12-31"}

	code, out, errs := runCmd(t, append(args, "--format", "csv", "--suppress", "1")...)
	require.Equal(t, 0, code, errs)
	// 10 February → 1 April 2024 = 51 days; 1 April 2024 → 30 September
	// 2025 = 547 days.
	for _, want := range []string{"referrals,total,1\n", "admissions,persons,1\n", "waiting_times,median_days,51\n",
		"length_of_stay,median_days,547\n", "exits,private_lease,1\n", "ethos_at_entry,8.1,1\n", "housed_6_months,households,1\n"} {
		assert.Contains(t, out, want)
	}
	code, out, errs = runCmd(t, append(args, "--format", "csv")...)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "referrals,total,<5\n")
	assert.Contains(t, out, "waiting_times,median_days,suppressed\n")

	code, out, errs = runCmd(t, append(args, "--format", "json")...)
	require.Equal(t, 0, code, errs)
	var doc struct {
		Format    string `json:"format"`
		Threshold int    `json:"suppression_threshold"`
		Rows      []casework.Row
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "housingkit.report/v1", doc.Format)
	assert.Equal(t, 5, doc.Threshold)

	code, out, errs = runCmd(t, append(args, "--lang", "it")...)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Uscite per percorso")
	assert.Contains(t, out, "locazione sul mercato privato")
	code, out, _ = runCmd(t, append(args, "--lang", "en", "--suppress", "1")...)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Exits by pathway")

	code, _, errs = runCmd(t, "report", "--store", db, "--tenant", "comune-crema", "--from", "2025-12-31", "--to", "2024-01-01")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "to not before from")
	code, _, errs = runCmd(t, "report", "--store", db, "--tenant", "Comune", "--from", "x", "--format", "xml", "--suppress", "0")
	assert.Equal(t, 2, code)
	for _, want := range []string{"--tenant", "--from", "--to", "--format", "--suppress"} {
		assert.Contains(t, errs, want)
	}
	code, _, errs = runCmd(t, append(args, "--programme", "nowhere")...)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `no programme "nowhere"`)
}
