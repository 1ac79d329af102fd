package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const rentData = "testdata/rent/"

func runRent(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"rent"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func requireRentDecimal(t *testing.T, want string, got decimal.Decimal) {
	t.Helper()
	require.True(t, decimal.RequireFromString(want).Equal(got), "want %s, got %s", want, got)
}

// REFERENCE.md §4: rent ≤ 30% of income (the default policy liguria-30).
func TestRentAssessText(t *testing.T) {
	code, out, errs := runRent(t, "assess", "--household", rentData+"single-emilia-romagna.json", "--rent", "700", "--date", "2025-06-01")
	require.Equal(t, 0, code, errs)
	for _, want := range []string{
		"Policy: liguria-30 — Rent within 30% of gross income (social rental agency, Liguria)\n",
		"Household: mo-2025-017 — annual income €24,000.00; monthly rent €700.00, charges €0.00\n",
		"Verdict: NOT SUSTAINABLE (rent.not_sustainable)\n",
		"Maximum sustainable rent: €600.00 a month; gap €100.00\n",
		"  [FAIL] rent.incidence.above: rent of €8,400.00 a year on an income of €24,000.00 a year: incidence 35%, above the maximum of 30%\n",
		"      liguria-30.max_incidence = 30% (from 2015-01-01; ASC Tigullio, agenzia sociale per la casa (Liguria) [V])\n",
	} {
		assert.Contains(t, out, want)
	}
	code, out, _ = runRent(t, "assess", "--household", rentData+"single-emilia-romagna.json", "--rent", "600", "--date", "2025-06-01", "--lang", "it")
	require.Equal(t, 0, code)
	for _, want := range []string{
		"Nucleo: mo-2025-017 — reddito annuo 24.000,00 €; canone mensile 600,00 €, spese 0,00 €\n",
		"Esito: SOSTENIBILE (rent.sustainable)\n  il canone mensile di 600,00 € è sostenibile; canone massimo sostenibile: 600,00 €\n",
		"Canone massimo sostenibile: 600,00 € al mese; differenza 0,00 €\n",
		"Verifiche:\n  [ok] rent.incidence.within: ",
		"      liguria-30.max_incidence = 30% (dal 2015-01-01; ASC Tigullio, agenzia sociale per la casa (Liguria) [V])\n",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotRegexp(t, `\b(Verdict|Policy|Household|Tests|from|gap|a month|pass|FAIL)\b`, out, "English words in the Italian output")
}

// REFERENCE.md §7 and §1: minimum pension 603.40 × 13 × ISEE scale (4
// members 2.46 + 0.3 working parents with a child under 3 = 2.76).
func TestRentAssessJSONResidual(t *testing.T) {
	code, out, errs := runRent(t, "assess", "--household", rentData+"family-lombardia.json", "--rent", "480", "--charges", "60",
		"--policy", "residual-minimum-pension", "--date", "2025-06-01", "--format", "json")
	require.Equal(t, 0, code, errs)
	var got struct {
		Household      string          `json:"household"`
		Policy         string          `json:"policy"`
		Sustainable    bool            `json:"sustainable"`
		Code           string          `json:"code"`
		MaxRentMonthly decimal.Decimal `json:"max_rent_monthly"`
		GapMonthly     decimal.Decimal `json:"gap_monthly"`
		Scales         []struct {
			Value decimal.Decimal `json:"value"`
		} `json:"scales"`
		Tests []struct {
			Limit decimal.Decimal `json:"limit"`
		} `json:"tests"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "cr-2025-004", got.Household)
	assert.Equal(t, "residual-minimum-pension", got.Policy)
	assert.False(t, got.Sustainable)
	assert.Equal(t, "rent.none_sustainable", got.Code)
	// (20,000 − 7,844.20 × 2.76) ÷ 12 = −137.499… → −137.50; less 60 charges.
	requireRentDecimal(t, "-197.50", got.MaxRentMonthly)
	requireRentDecimal(t, "677.50", got.GapMonthly)
	requireRentDecimal(t, "2.76", got.Scales[0].Value)
	requireRentDecimal(t, "21649.992", got.Tests[0].Limit)

	code, out, errs = runRent(t, "assess", "--household", rentData+"family-lombardia.json", "--rent", "480", "--charges", "60",
		"--policy", "residual-minimum-pension", "--date", "2025-06-01", "--lang", "it")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Scala ISEE (DPCM 159/2013, Allegato 1) = 2,76\n  componenti: 4, parametro 2,46\n")
	assert.Contains(t, out, "Esito: NON SOSTENIBILE (rent.none_sustainable)\n")
	assert.Contains(t, out, "  [NO] rent.residual.short: reddito residuo: 20.000,00 € meno canone e spese per 6.480,00 € = 13.520,00 €")
}

// REFERENCE.md §4: Eurostat overburden 40% of income, as a policy file.
func TestRentAssessPolicyFile(t *testing.T) {
	code, out, errs := runRent(t, "assess", "--household", rentData+"single-emilia-romagna.json", "--rent", "700", "--charges", "100",
		"--policy", rentData+"overburden-40.yaml", "--date", "2025-06-01")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Verdict: SUSTAINABLE (rent.sustainable)")
	assert.Contains(t, out, "Maximum sustainable rent: €700.00 a month; gap €0.00")
	code, out, _ = runRent(t, "assess", "--household", rentData+"single-emilia-romagna.json", "--rent", "700.01", "--charges", "100",
		"--policy", rentData+"overburden-40.yaml", "--date", "2025-06-01")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Verdict: NOT SUSTAINABLE")
	// Modena 2× by shipped id: 24,000 ÷ 24 = 1,000 − 100 charges.
	code, out, _ = runRent(t, "assess", "--household", rentData+"single-emilia-romagna.json", "--rent", "900", "--charges", "100",
		"--policy", "modena-2x", "--date", "2025-06-01")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Maximum sustainable rent: €900.00 a month; gap €0.00")
}

// REFERENCE.md §3: band B in Lombardy (ISEE ≤ €16,000): 12 × 480 − 24% ×
// 20,000 = €960.
func TestRentSupport(t *testing.T) {
	code, out, errs := runRent(t, "support", "--household", rentData+"family-lombardia.json", "--rent", "480", "--year", "2025")
	require.Equal(t, 0, code, errs)
	for _, want := range []string{
		"Year: 2025 (figures in force on 2025-01-01)\n",
		"Household: cr-2025-004 — region Lombardia; annual income €20,000.00; monthly rent €480.00 (annual €5,760.00)\n",
		"Band: B\n",
		"Contribution: €960.00 a year (support.band_b)\n",
		"  erp-access-limits.lombardia_isee_access = €16,000.00 a year (from 2017-08-01; L.R. Lombardia 16/2016; R.R. 4/2017 [V])\n",
	} {
		assert.Contains(t, out, want)
	}
	assert.Equal(t, 1, bytes.Count([]byte(out), []byte("rent-support-fund.raise_max")), "each figure once")

	code, out, errs = runRent(t, "support", "--household", rentData+"family-lombardia.json", "--rent", "480", "--year", "2025", "--lang", "it")
	require.Equal(t, 0, code, errs)
	for _, want := range []string{
		"Anno: 2025 (valori in vigore il 2025-01-01)\n",
		"Nucleo: cr-2025-004 — regione Lombardia; reddito annuo 20.000,00 €; canone mensile 480,00 € (annuo 5.760,00 €)\n",
		"Fascia: B\n",
		"Contributo: 960,00 € l'anno (support.band_b)\n",
		"Valori:\n",
		"  erp-access-limits.lombardia_isee_access = 16.000,00 € l'anno (dal 2017-08-01; L.R. Lombardia 16/2016; R.R. 4/2017 [V])\n",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotRegexp(t, `\b(Scheme|Year|Household|Band|Contribution|Figures|from|a year)\b`, out, "English words in the Italian output")

	// A pensioner over 65 in Sicily: band A, 12 × 400 − 14% × 9,000 = 3,540
	// → capped at 3,098.74, raised by 25% → 3,873.43.
	code, out, errs = runRent(t, "support", "--household", rentData+"pensioner-sicilia.json", "--rent", "400", "--year", "2025", "--format", "json")
	require.Equal(t, 0, code, errs)
	var got struct {
		Household    string          `json:"household"`
		Region       string          `json:"region"`
		Band         string          `json:"band"`
		Contribution decimal.Decimal `json:"contribution"`
		RaiseRate    decimal.Decimal `json:"raise_rate"`
		Reasons      []struct {
			Code string `json:"code"`
		} `json:"reasons"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "ct-2025-031", got.Household)
	assert.Equal(t, "Sicilia", got.Region)
	assert.Equal(t, "A", got.Band)
	requireRentDecimal(t, "3873.43", got.Contribution)
	requireRentDecimal(t, "0.25", got.RaiseRate)
	require.Len(t, got.Reasons, 3)
	assert.Equal(t, "support.band_a", got.Reasons[0].Code)
}

func TestRentBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"missing flags", []string{"assess"}, []string{"--rent: is required", "--household: is required"}},
		{"bad amounts and format", []string{"assess", "--household", rentData + "single-emilia-romagna.json", "--rent", "abc", "--charges", "-5", "--format", "xml", "--date", "2025-13-01", "--lang", "!!"},
			[]string{`--rent: "abc": want an amount of euros`, "--charges: -5 is negative", `--format: "xml": want text or json`, "--date: date \"2025-13-01\"", "--lang:"}},
		{"exponent notation", []string{"assess", "--household", rentData + "single-emilia-romagna.json", "--rent", "1e400", "--charges", "5E1"},
			[]string{`--rent: "1e400": want an amount of euros such as 650.00`, `--charges: "5E1": want an amount of euros such as 650.00`}},
		{"sub-cent rent", []string{"assess", "--household", rentData + "single-emilia-romagna.json", "--rent", "650.005"}, []string{"--rent: 650.005 has digits below the cent"}},
		{"invalid household", []string{"assess", "--household", rentData + "invalid.json", "--rent", "500"},
			[]string{`testdata/rent/invalid.json:3:3: colour: unknown key "colour"`, "testdata/rent/invalid.json:5:41: members[0].birth_date: date \"1985-02-30\""}},
		{"household failing validation", []string{"assess", "--household", rentData + "fails-validation.json", "--rent", "500"},
			[]string{"testdata/rent/fails-validation.json:1:8: id: is required", `testdata/rent/fails-validation.json:1:33: members[0].role: unknown value "boss"`,
				"testdata/rent/fails-validation.json:1:114: members[0].incomes[0].annual: income -5 is negative"}},
		{"missing file", []string{"assess", "--household", rentData + "nope.json", "--rent", "500"}, []string{"--household: cannot read testdata/rent/nope.json: no such file"}},
		{"incomes not declared", []string{"assess", "--household", rentData + "incomes-not-declared.json", "--rent", "500", "--date", "2025-06-01"},
			[]string{"members[1].incomes: not declared: list the member's incomes, or [] for none\nhousingkit: rent assess: household nd-1: household income not known (1 problem)"}},
		{"unknown policy", []string{"assess", "--household", rentData + "single-emilia-romagna.json", "--rent", "500", "--policy", "generous"},
			[]string{`--policy: "generous" is neither a file nor a shipped policy (liguria-30, modena-2x, residual-minimum-pension)`}},
		{"invalid policy file", []string{"assess", "--household", rentData + "single-emilia-romagna.json", "--rent", "500", "--policy", rentData + "invalid-policy.yaml"},
			[]string{`testdata/rent/invalid-policy.yaml:7:5: tests[1]: a residual_income test needs "scale"`, `testdata/rent/invalid-policy.yaml:4:5: tests[0]: parameter "missing_parameter" is not among the policy's parameters`}},
		{"date before the figures", []string{"assess", "--household", rentData + "family-lombardia.json", "--rent", "500", "--policy", "residual-minimum-pension", "--date", "2023-06-01"},
			[]string{"parameter minimum-pension.monthly_amount has no value on 2023-06-01"}},
		{"support without year", []string{"support", "--household", rentData + "family-lombardia.json", "--rent", "480"}, []string{"--year: is required"}},
		{"support year out of range", []string{"support", "--household", rentData + "family-lombardia.json", "--rent", "480", "--year", "0"}, []string{"--year: 0 is outside 1..9999"}},
		{"support year without figures", []string{"support", "--household", rentData + "family-lombardia.json", "--rent", "480", "--year", "2023"}, []string{"minimum-pension.monthly_amount has no value on 2023-01-01"}},
		{"support needs the ISEE", []string{"support", "--household", rentData + "incomes-not-declared.json", "--rent", "480", "--year", "2025"}, []string{"members[1].incomes: not declared"}},
		{"unknown flag", []string{"assess", "--colour", "blue"}, []string{"unknown flag --colour (see --help)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runRent(t, tc.args...)
			assert.Equal(t, 2, code, errs)
			assert.Empty(t, out)
			for _, w := range tc.want {
				assert.Contains(t, errs, w)
			}
		})
	}
}

// A region without band B limit, and a household without ISEE where band
// B needs one, are bad input.
func TestRentSupportRegionAndISEE(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := dir + "/" + name
		require.NoError(t, writeRentFile(p, body))
		return p
	}
	puglia := write("puglia.json", `{"id": "ba-1", "members": [{"role": "reference", "birth_date": "1980-01-01", "incomes": []}],
 "residence": {"municipality": "Bari", "region": "Puglia"}, "emergency": {}, "needs": {}}`)
	code, _, errs := runRent(t, "support", "--household", puglia, "--rent", "400", "--year", "2025")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `region: scheme l431-art11 names no band B limit for region "Puglia"; want one of Emilia-Romagna, Lombardia, Sicilia`)
	// Band A is on income alone: no ISEE is asked below its limit; above it,
	// band B in Emilia-Romagna needs one.
	noISEE := write("noisee.json", `{"id": "mo-2", "members": [{"role": "reference", "birth_date": "1980-01-01", "incomes": []}],
 "residence": {"municipality": "Modena", "region": "Emilia-Romagna"}, "emergency": {}, "needs": {}}`)
	code, _, errs = runRent(t, "support", "--household", noISEE, "--rent", "400", "--year", "2025")
	assert.Equal(t, 0, code, errs)
	earner := write("earner.json", `{"id": "mo-3", "members": [{"role": "reference", "birth_date": "1980-01-01", "incomes": [{"kind": "employment", "annual": "18000.00"}]}],
 "residence": {"municipality": "Modena", "region": "Emilia-Romagna"}, "emergency": {}, "needs": {}}`)
	code, _, errs = runRent(t, "support", "--household", earner, "--rent", "400", "--year", "2025")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "isee: not declared: the income 18000.00 is above band A (15688.40) and band B in Emilia-Romagna is an ISEE limit")
}

func writeRentFile(path, body string) error { return os.WriteFile(path, []byte(body), 0o600) }

// The rent may be given by the year, as rent-support calls ask for it: the
// contribution is the same as for the same rent by the month.
func TestRentSupportAnnualRent(t *testing.T) {
	h := "../../testdata/crema-household-family-of-four.json"
	code, byMonth, errs := runRent(t, "support", "--household", h, "--rent", "380", "--year", "2025", "--format", "json")
	require.Equal(t, 0, code, errs)
	code, byYear, errs := runRent(t, "support", "--household", h, "--rent-annual", "4560", "--year", "2025", "--format", "json")
	require.Equal(t, 0, code, errs)
	var m, y struct {
		Contribution string `json:"contribution"`
		RentAnnual   string `json:"rent_annual"`
	}
	require.NoError(t, json.Unmarshal([]byte(byMonth), &m))
	require.NoError(t, json.Unmarshal([]byte(byYear), &y))
	assert.Equal(t, "4560", y.RentAnnual)
	assert.Equal(t, m.Contribution, y.Contribution)
	code, out, errs := runRent(t, "support", "--household", h, "--rent-annual", "4560", "--year", "2025", "--lang", "it")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "canone annuo 4.560,00 €")
	code, _, errs = runRent(t, "support", "--household", h, "--rent", "380", "--rent-annual", "4560", "--year", "2025")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--rent-annual: give the rent by the month (--rent) or by the year (--rent-annual), not both")
}
