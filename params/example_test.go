package params_test

import (
	"fmt"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
)

func ExampleShipped() {
	f, _ := params.Shipped("erp-access-limits")
	for _, day := range []string{"2024-12-31", "2025-01-01"} {
		v, from, _ := f.Parameters.At("emilia_romagna_isee_access", housing.MustParseDate(day))
		fmt.Printf("%s: %s (in force from %s)\n", day, housing.FormatMoney(housing.English, v.Num()), from)
	}
	// Output:
	// 2024-12-31: €17,428.00 (in force from 2021-01-01)
	// 2025-01-01: €20,217.01 (in force from 2025-01-01)
}

func ExampleParse() {
	f, err := params.Parse("limits.yaml", []byte(`
id: example
parameters:
  max_stay:
    unit: months
    values:
      2022-02-01: 12
      2027-01-01: null
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, day := range []string{"2022-01-31", "2024-05-01", "2027-01-01"} {
		v, _, ok := f.Parameters.At("max_stay", housing.MustParseDate(day))
		fmt.Println(day, v, ok)
	}
	// Output:
	// 2022-01-31  false
	// 2024-05-01 12 true
	// 2027-01-01  false
}

func ExampleParam_With() {
	p := params.MustNew("max_stay", params.UnitMonths,
		params.Step{From: housing.MustParseDate("2020-01-01"), Value: params.Number(params.UnitMonths, decimal.NewFromInt(24))})
	// A policy variant: 18 months during 2025 only.
	v, _ := p.With(housing.MustParseDate("2025-01-01"), housing.MustParseDate("2025-12-31"),
		params.Number(params.UnitMonths, decimal.NewFromInt(18)))
	for _, day := range []string{"2024-12-31", "2025-06-30", "2026-01-01"} {
		x, _, _ := v.At(housing.MustParseDate(day))
		fmt.Println(day, x)
	}
	// Output:
	// 2024-12-31 24
	// 2025-06-30 18
	// 2026-01-01 24
}
