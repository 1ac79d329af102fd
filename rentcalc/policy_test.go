package rentcalc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func problems(t *testing.T, err error) map[string]string {
	t.Helper()
	require.Error(t, err)
	var e *housing.Error
	require.ErrorAs(t, err, &e)
	got := map[string]string{}
	for _, p := range e.Problems {
		got[p.Pos()] = p.Message
	}
	return got
}

func TestParsePolicyReportsEveryProblemWithPosition(t *testing.T) {
	_, err := ParsePolicy("bad.yaml", []byte(`id: bad
title: {it: x, en: x}
colour: blue
parameters:
  cap: {unit: percent, values: {2024-01-01: 30}}
tests:
  - kind: max_incidence
    costs: rent
  - kind: max_burden
    costs: rent
  - kind: income_multiple
    costs: everything
    multiple: two
    max: cap
  - kind: residual_income
    costs: rent
    floor: Minimum-Pension
    scale: carli
  - kind: max_incidence
    costs: rent
    max: nope
`))
	var e *housing.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, housing.Problems{
		{File: "bad.yaml", Line: 3, Col: 1, Path: "colour", Message: `unknown key "colour"; want one of id, title, description, references, parameters, tests`},
		{File: "bad.yaml", Line: 7, Col: 5, Path: "tests[0]", Message: `a max_incidence test needs "max"`},
		{File: "bad.yaml", Line: 9, Col: 5, Path: "tests[1]", Message: `unknown test kind "max_burden"; want max_incidence, income_multiple or residual_income`},
		{File: "bad.yaml", Line: 11, Col: 5, Path: "tests[2]", Message: `costs "everything"; want rent or rent_and_charges`},
		{File: "bad.yaml", Line: 11, Col: 5, Path: "tests[2]", Message: `"max" does not belong to a income_multiple test`},
		{File: "bad.yaml", Line: 11, Col: 5, Path: "tests[2]", Message: `parameter "two" is not among the policy's parameters (cap); refer to another file's as file-id.name`},
		{File: "bad.yaml", Line: 15, Col: 5, Path: "tests[3]", Message: `parameter reference "Minimum-Pension": want name or file-id.name, the name in lower-case letters, digits and _`},
		{File: "bad.yaml", Line: 15, Col: 5, Path: "tests[3]", Message: `unknown equivalence scale "carli"; want one of isee, isee-2026, oecd-modified, adi`},
		{File: "bad.yaml", Line: 19, Col: 5, Path: "tests[4]", Message: `parameter "nope" is not among the policy's parameters (cap); refer to another file's as file-id.name`},
	}, e.Problems)

	_, err = ParsePolicy("empty.yaml", []byte("id: e\ntitle: {it: x, en: x}\ntests: []\n"))
	assert.ErrorContains(t, err, "empty.yaml:3:8: tests: a policy needs at least one test")
	_, err = ParsePolicy("syntax.yaml", []byte("id: [\n"))
	assert.ErrorContains(t, err, "syntax.yaml:")
}

func TestCompileProblems(t *testing.T) {
	src := shipped(t)
	p, err := ParsePolicy("p.yaml", []byte(`id: p
title: {it: x, en: x}
parameters:
  eur: {unit: EUR, values: {2024-01-01: 30}}
  big: {unit: percent, values: {2024-01-01: 130}}
  zero: {unit: ratio, values: {2024-01-01: 0}}
tests:
  - {kind: max_incidence, costs: rent, max: eur}
  - {kind: max_incidence, costs: rent, max: big}
  - {kind: income_multiple, costs: rent, multiple: zero}
  - {kind: residual_income, costs: rent, floor: minimum-pension.monthly_amount, scale: isee}
  - {kind: residual_income, costs: rent, floor: assegno-inclusione.income_threshold, floor_payments: minimum-pension.payments_per_year, scale: isee-2026}
`))
	require.NoError(t, err)
	_, err = src.Compile(p, day("2025-06-01"))
	got := problems(t, err)
	assert.Equal(t, "parameter p.eur has unit EUR; want ratio or percent", got["p.yaml:8:5"])
	assert.Equal(t, "maximum incidence p.big is 130; want more than 0 and at most 100%", got["p.yaml:9:5"])
	assert.Equal(t, "income multiple p.zero is 0; want more than 0", got["p.yaml:10:5"])
	assert.Equal(t, "floor minimum-pension.monthly_amount is monthly (EUR/month): name its instalments a year in floor_payments, such as minimum-pension.payments_per_year", got["p.yaml:11:5"])
	assert.Contains(t, err.Error(), "p.yaml:12:5: tests[4]: floor assegno-inclusione.income_threshold is already annual (EUR/year): remove floor_payments")
	assert.Contains(t, err.Error(), "p.yaml:12:5: tests[4]: equivalence scale isee-2026 is not defined on 2025-06-01")

	// Figures not in force on the date.
	res, _ := ShippedPolicy(PolicyResidualMinimumPension)
	_, err = src.Compile(res, day("2023-06-01"))
	assert.ErrorContains(t, err, "parameter minimum-pension.monthly_amount has no value on 2023-06-01")

	// A policy id must not hide a parameter file.
	clash, err := ParsePolicy("c.yaml", []byte("id: isee\ntitle: {it: x, en: x}\ntests: [{kind: max_incidence, costs: rent, max: minimum-pension.payments_per_year}]\n"))
	require.NoError(t, err)
	_, err = src.Compile(clash, day("2025-06-01"))
	assert.ErrorContains(t, err, `policy id "isee" is also the id of a parameter file`)
}

func TestShippedPolicies(t *testing.T) {
	assert.Equal(t, []string{PolicyLiguria30, PolicyModena2x, PolicyResidualMinimumPension}, ShippedPolicyIDs())
	_, err := ShippedPolicy("nope")
	require.ErrorIs(t, err, housing.ErrNotFound)
	assert.EqualError(t, err, `not_found: no shipped policy "nope"; want one of liguria-30, modena-2x, residual-minimum-pension`)
	for _, id := range ShippedPolicyIDs() {
		p, err := ShippedPolicy(id)
		require.NoError(t, err)
		assert.NotEmpty(t, p.Title.IT)
		assert.NotEmpty(t, p.Title.EN)
		assert.NotEmpty(t, p.References, id)
	}
}

func TestLoadPolicy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(path, []byte("id: p\ntitle: {it: x, en: x}\ntests: [{kind: max_incidence, costs: rent, max: liguria_max}]\n"), 0o600))
	_, err := LoadPolicy(path)
	assert.ErrorContains(t, err, path+":3:9: tests[0]: parameter \"liguria_max\" is not among the policy's parameters")
	_, err = LoadPolicy(filepath.Join(dir, "missing.yaml"))
	assert.ErrorIs(t, err, housing.ErrInvalid)
}

func FuzzParsePolicy(f *testing.F) {
	for _, id := range ShippedPolicyIDs() {
		data, err := policiesFS.ReadFile("policies/sustainability/" + id + ".yaml")
		if err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(combined))
	src, err := Shipped()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy("f.yaml", data)
		if err != nil {
			var e *housing.Error
			if !assert.ErrorAs(t, err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		a, err := src.Compile(p, day("2025-06-01"))
		if err != nil {
			return
		}
		if _, err := a.Assess(Input{Composition: comp(ref(40, 6)), IncomeAnnual: dec("20000"), RentMonthly: dec("500")}); err != nil {
			t.Fatal(err)
		}
	})
}

// Values built in code rather than parsed are checked too: bad input
// returns an error and never panics.
func TestBuiltInCodeIsChecked(t *testing.T) {
	src := shipped(t)
	_, err := src.Compile(&Policy{ID: "x", Tests: []Test{{Kind: "nope", Costs: "all"}}}, day("2025-06-01"))
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), `tests[0]: costs "all"; want rent or rent_and_charges`)
	assert.Contains(t, err.Error(), `tests[0]: unknown test kind "nope"`)
	_, err = src.Compile(&Policy{ID: "empty"}, day("2025-06-01"))
	assert.ErrorContains(t, err, "empty: a policy needs at least one test")
	_, err = src.Compile(&Policy{ID: "y", Tests: []Test{{Kind: TestMaxIncidence, Costs: CostsRent}}}, day("2025-06-01"))
	assert.ErrorContains(t, err, `file "y" has no parameter ""`)

	_, err = src.SocialRent(&BandTable{ID: "none", Measure: MeasureIncome}, day("2025-06-01"), SocialRentInput{IncomeAnnual: isee("1"), Members: 1})
	assert.ErrorContains(t, err, "table: table none has no band")
	_, err = src.SocialRent(&BandTable{ID: "obj", Measure: MeasureIncome, Bands: []RentBand{{Code: "a", Rent: RentShareOfObjective}}}, day("2025-06-01"), SocialRentInput{IncomeAnnual: isee("1"), Members: 1})
	assert.ErrorContains(t, err, "table.bands[0]: band a is a share of the objective rent, but the table has no objective_rent")

	_, err = src.Support(&SupportScheme{ID: "s", Regions: []SupportRegion{{}}}, 2025, SupportInput{Composition: comp(ref(40, 0)), Region: "Sicilia"})
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), `scheme.raise.applies_to: ""`)
	assert.Contains(t, err.Error(), `names no band B limit for region "Sicilia"`)
}
