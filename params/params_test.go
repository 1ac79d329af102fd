package params

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var d = housing.MustParseDate

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestShippedERPLimits(t *testing.T) {
	f, err := Shipped("erp-access-limits")
	require.NoError(t, err)
	// REFERENCE.md §2: Emilia-Romagna access limit €17,428 for 2021–24, €20,217.01 from 2025.
	v, from, ok := f.Parameters.At("emilia_romagna_isee_access", d("2024-12-31"))
	require.True(t, ok)
	assert.True(t, v.Num().Equal(dec("17428")), v.String())
	assert.Equal(t, "2021-01-01", from.String())
	v, from, ok = f.Parameters.At("emilia_romagna_isee_access", d("2025-01-01"))
	require.True(t, ok)
	assert.True(t, v.Num().Equal(dec("20217.01")))
	assert.Equal(t, "2025-01-01", from.String())
	// Sicily: €17,870.90 (2024), €16,859.34 (2023).
	v, _, _ = f.Parameters.At("sicilia_income_access", d("2023-06-30"))
	assert.True(t, v.Num().Equal(dec("16859.34")))
	// Lombardy's residence requirement ends with sentence 44/2020.
	_, _, ok = f.Parameters.At("lombardia_residence_years", d("2020-03-08"))
	assert.True(t, ok)
	_, ended, ok := f.Parameters.At("lombardia_residence_years", d("2020-03-09"))
	assert.False(t, ok)
	assert.Equal(t, "2020-03-09", ended.String())
	p, _ := f.Parameters.Get("sicilia_child_deduction")
	assert.True(t, p.Placeholder)

	_, err = Shipped("nope")
	assert.ErrorIs(t, err, housing.ErrNotFound)
}

func TestParseReportsEveryProblem(t *testing.T) {
	_, err := Parse("bad.yaml", []byte(`id: x
parameters:
  limit:
    unit: EUR
    values:
      2024-01-01: 100
      2023-01-01: 90
      2024-02-30: 1
      2025-01-01: lots
  Bad-Name:
    unit: EUR
    values: {2024-01-01: 1}
  switch:
    unit: bool
    values: {2024-01-01: 3}
  neg:
    unit: EUR/year
    values: {2024-01-01: -5}
  weird:
    unit: furlongs
    values: {2024-01-01: 1}
  guess:
    unit: EUR
    placeholder: true
    values: {2024-01-01: 1}
`))
	require.Error(t, err)
	var e *housing.Error
	require.ErrorAs(t, err, &e)
	got := map[string]string{}
	for _, p := range e.Problems {
		got[p.Pos()] = p.Message
	}
	assert.Equal(t, map[string]string{
		"bad.yaml:7:7":   "parameter limit: date 2023-01-01 is not after the previous date 2024-01-01 (write values in date order)",
		"bad.yaml:8:7":   `parameter limit: date "2024-02-30": day 30 out of range 1..29 for 2024-02`,
		"bad.yaml:9:19":  `parameter limit: want a number in EUR or null, got "lots"`,
		"bad.yaml:10:3":  `parameter name "Bad-Name": use lower-case letters, digits and _ only, starting with a letter`,
		"bad.yaml:15:26": `parameter switch: want true, false or null, got "3"`,
		"bad.yaml:18:26": "parameter neg: -5 is negative",
		"bad.yaml:20:5":  `parameter weird: unknown unit "furlongs"; want one of EUR, EUR/year, EUR/month, EUR/m2, percent, ratio, years, months, days, persons, count, points, bool, text, list`,
		"bad.yaml:23:5":  "parameter guess: a placeholder needs a note saying what must be confirmed",
	}, got)
}

func TestWithOverridesForAPeriod(t *testing.T) {
	p := MustNew("max_months", UnitMonths,
		Step{From: d("2020-01-01"), Value: Number(UnitMonths, dec("24"))},
		Step{From: d("2026-01-01"), Value: Number(UnitMonths, dec("30"))},
	)
	q, err := p.With(d("2024-01-01"), d("2024-12-31"), Number(UnitMonths, dec("18")))
	require.NoError(t, err)
	at := func(p *Param, s string) string {
		v, _, ok := p.At(d(s))
		if !ok {
			return "none"
		}
		return v.String()
	}
	assert.Equal(t, "24", at(q, "2023-12-31"))
	assert.Equal(t, "18", at(q, "2024-01-01"))
	assert.Equal(t, "18", at(q, "2024-12-31"))
	assert.Equal(t, "24", at(q, "2025-01-01"))
	assert.Equal(t, "30", at(q, "2026-01-01"))
	assert.Equal(t, "24", at(p, "2024-06-01"), "the original is unchanged")
	assert.Equal(t, "none", at(q, "2019-12-31"))

	// From a date on: later steps are replaced too.
	r, err := p.With(d("2025-01-01"), housing.Date{}, Number(UnitMonths, dec("18")))
	require.NoError(t, err)
	assert.Equal(t, "18", at(r, "2027-01-01"))

	// Until the last date there is: nothing resumes after it.
	u, err := p.With(d("2025-01-01"), d("9999-12-31"), Number(UnitMonths, dec("18")))
	require.NoError(t, err)
	assert.Equal(t, "18", at(u, "9999-12-31"))
	assert.Equal(t, "24", at(u, "2024-12-31"))

	_, err = p.With(d("2025-01-01"), housing.Date{}, Bool(true))
	assert.Equal(t, housing.CodeInvalid, housing.ErrorCode(err))
	assert.Equal(t, "parameter max_months holds months values, not bool", housing.ErrorMessage(err))
	_, err = p.With(d("2025-01-01"), d("2024-01-01"), Number(UnitMonths, dec("1")))
	assert.Equal(t, housing.CodeInvalid, housing.ErrorCode(err))
}

func TestGaps(t *testing.T) {
	p := MustNew("x", UnitEUR,
		Step{From: d("2022-01-01"), Value: Number(UnitEUR, dec("1"))},
		Step{From: d("2024-01-01"), Ended: true},
		Step{From: d("2025-01-01"), Value: Number(UnitEUR, dec("2"))},
	)
	assert.Empty(t, p.Gaps(d("2022-01-01"), d("2023-12-31")))
	assert.Equal(t, [][2]housing.Date{{d("2024-01-01"), d("2024-12-31")}}, p.Gaps(d("2022-01-01"), d("2026-01-01")))
	assert.Equal(t, [][2]housing.Date{{d("2021-06-01"), d("2021-12-31")}}, p.Gaps(d("2021-06-01"), d("2023-01-01")))
}

func TestSetWith(t *testing.T) {
	f, err := Shipped("erp-access-limits")
	require.NoError(t, err)
	s2, err := f.Parameters.With("lombardia_isee_access", d("2026-01-01"), housing.Date{}, Number(UnitEURYear, dec("18000")))
	require.NoError(t, err)
	v, _, _ := s2.At("lombardia_isee_access", d("2026-06-01"))
	assert.Equal(t, "18000", v.String())
	v, _, _ = f.Parameters.At("lombardia_isee_access", d("2026-06-01"))
	assert.Equal(t, "16000", v.String())
	_, err = f.Parameters.With("nope", d("2026-01-01"), housing.Date{}, Number(UnitEUR, dec("1")))
	assert.ErrorIs(t, err, housing.ErrNotFound)
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("id: a\nparameters:\n  x:\n    unit: EUR\n    values: {2024-01-01: 1, 2025-01-01: null}\n"))
	f.Add([]byte("id: a\nparameters:\n  l:\n    unit: list\n    values: {2024-01-01: [a, b]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("f.yaml", data)
		if err != nil {
			var e *housing.Error
			if !assert.ErrorAs(t, err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		for _, n := range file.Parameters.Names() {
			p, _ := file.Parameters.Get(n)
			for _, s := range p.Steps() {
				p.At(s.From)
			}
		}
	})
}

// Money is euros and cents wherever it is read: a figure in euros with
// digits below the cent is refused at its position.
func TestParseRefusesMoneyBelowTheCent(t *testing.T) {
	_, err := Parse("m.yaml", []byte("id: m\nparameters:\n  cap:\n    unit: EUR/year\n    values: {2024-01-01: 3098.745}\n  rate:\n    unit: ratio\n    values: {2024-01-01: 0.125}\n"))
	require.Error(t, err)
	var e *housing.Error
	require.ErrorAs(t, err, &e)
	require.Len(t, e.Problems, 1)
	assert.Equal(t, "m.yaml:5:26: parameters.cap: parameter cap: 3098.745 EUR/year has digits below the cent; write euros and cents such as 650.00", e.Problems[0].String())
}
