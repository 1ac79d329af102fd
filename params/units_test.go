package params

import (
	"fmt"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

func TestEveryUnitHasALabel(t *testing.T) {
	for _, u := range Units {
		assert.True(t, unitTexts.Has("name."+string(u)), "unit %s has no name", u)
		it, en := u.Label(housing.Italian), u.Label(housing.English)
		assert.NotEmpty(t, it, u)
		assert.NotEmpty(t, en, u)
		if u != UnitText && u != UnitList && u != UnitRatio {
			assert.NotEqual(t, it, en, "unit %s: the Italian name is the English one", u)
		}
		if u.Numeric() && u != UnitRatio && u != UnitCount {
			assert.True(t, unitTexts.Has("format."+string(u)), "numeric unit %s has no way to write a number", u)
		}
	}
	assert.Equal(t, "persone", UnitPersons.Label(housing.Italian))
	assert.Equal(t, "euros a year", UnitEURYear.Label(housing.English))
	assert.Equal(t, "furlongs", Unit("furlongs").Label(housing.Italian))
}

func TestUnitFormat(t *testing.T) {
	cases := []struct {
		unit   Unit
		n      string
		it, en string
	}{
		{UnitPersons, "4", "4 persone", "4 persons"},
		{UnitPersons, "1", "1 persona", "1 person"},
		{UnitPersons, "0", "0 persone", "0 persons"},
		{UnitPoints, "2", "2 punti", "2 points"},
		{UnitPoints, "1", "1 punto", "1 point"},
		{UnitPoints, "-1", "-1 punto", "-1 point"}, // CLDR: the plural category of the absolute value
		{UnitPoints, "1.0", "1 punto", "1 point"},
		{UnitYears, "0.5", "0,5 anni", "0.5 years"},
		{UnitDays, "1000", "1.000 giorni", "1,000 days"},
		{UnitYears, "1", "1 anno", "1 year"},
		{UnitYears, "1.5", "1,5 anni", "1.5 years"},
		{UnitMonths, "12", "12 mesi", "12 months"},
		{UnitDays, "1", "1 giorno", "1 day"},
		{UnitEURYear, "16000", "16.000,00 € l'anno", "€16,000.00 a year"},
		{UnitEURYear, "6947.33", "6.947,33 € l'anno", "€6,947.33 a year"},
		{UnitEURMonth, "450.5", "450,50 € al mese", "€450.50 a month"},
		{UnitEUR, "41249.60", "41.249,60 €", "€41,249.60"},
		{UnitEUR, "-1234567.891", "-1.234.567,891 €", "-€1,234,567.891"},
		{UnitEURSqm, "4.125", "4,125 € al m²", "€4.125 per m²"},
		{UnitPercent, "30", "30%", "30%"},
		{UnitPercent, "12.5", "12,5%", "12.5%"},
		{UnitRatio, "0.35", "0,35", "0.35"},
		{UnitCount, "1200", "1.200", "1,200"},
		{UnitBool, "1", "1", "1"},
	}
	for _, c := range cases {
		n := decimal.RequireFromString(c.n)
		assert.Equal(t, c.it, c.unit.Format(housing.Italian, n), "%s %s", c.n, c.unit)
		assert.Equal(t, c.en, c.unit.Format(housing.English, n), "%s %s", c.n, c.unit)
	}
}

func ExampleUnit_Format() {
	limit := decimal.RequireFromString("16000")
	for _, lang := range housing.Languages {
		fmt.Println(UnitEURYear.Format(lang, limit), "|", UnitPersons.Format(lang, decimal.NewFromInt(4)), "|", UnitPoints.Format(lang, decimal.NewFromInt(1)))
	}
	fmt.Println(UnitEURYear.Label(housing.Italian), "|", UnitEURYear.Label(housing.English))
	// Output:
	// 16.000,00 € l'anno | 4 persone | 1 punto
	// €16,000.00 a year | 4 persons | 1 point
	// euro l'anno | euros a year
}
