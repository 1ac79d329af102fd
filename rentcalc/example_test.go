package rentcalc_test

import (
	"fmt"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/rentcalc"
	"github.com/shopspring/decimal"
)

func ExampleSources_Scale() {
	src := rentcalc.MustShipped()
	// Two working parents and a child of 2, on 1 June 2025.
	family := rentcalc.Composition{Members: []rentcalc.Member{
		{Role: housing.RoleReference, Age: 35, MonthsWorked: 12},
		{Role: housing.RolePartner, Age: 33, MonthsWorked: 8},
		{Role: housing.RoleChild, Age: 2},
	}}
	for _, name := range []string{rentcalc.ScaleISEE, rentcalc.ScaleOECD, rentcalc.ScaleADI} {
		scale, err := src.Scale(name, housing.MustParseDate("2025-06-01"))
		if err != nil {
			fmt.Println(err)
			return
		}
		v := scale.Value(family)
		fmt.Printf("%s = %s\n", name, v.Value)
		for _, p := range v.Parts {
			fmt.Printf("  %s\n", p.Text.EN)
		}
	}
	// Output:
	// isee = 2.34
	//   members: 3, parameter 2.04
	//   minor children, one under 3, and parents who worked (or a lone parent): +0.3
	// oecd-modified = 1.8
	//   first member: 1
	//   other members aged 14 or over × 1: +0.5
	//   children under 14 × 1: +0.3
	// adi = 1.15
	//   first member: 1
	//   minors up to the second × 1: +0.15
}

func ExampleSources_EstimateISEE() {
	src := rentcalc.MustShipped()
	in := rentcalc.ISEEInput{
		Composition:      rentcalc.Composition{Members: []rentcalc.Member{{Role: housing.RoleReference, Age: 40, MonthsWorked: 12}}},
		EmploymentIncome: decimal.RequireFromString("15000"),
		RentAnnual:       decimal.RequireFromString("6000"),
		FinancialAssets:  decimal.RequireFromString("10000"),
	}
	e, err := src.EstimateISEE(in, housing.MustParseDate("2025-06-01"), rentcalc.ScaleISEE)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range e.Deductions {
		fmt.Println(d.Text.EN)
	}
	fmt.Println(e.Text.EN)
	// Output:
	// employment income €15,000.00: 20% deducted, €3,000.00 (at most €3,000.00)
	// annual rent €6,000.00: €6,000.00 deducted (at most €7,000.00)
	// estimate (not the INPS computation): ISR €6,000.00 + 0.2 × ISP €10,000.00 = ISE €8,000.00; ISE ÷ scale 1 = ISEE €8,000.00
}

func ExampleAssessor_Assess() {
	src := rentcalc.MustShipped()
	policy, err := rentcalc.ShippedPolicy(rentcalc.PolicyModena2x)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := src.Compile(policy, housing.MustParseDate("2025-06-01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := a.Assess(rentcalc.Input{
		IncomeAnnual:   decimal.RequireFromString("20000"),
		RentMonthly:    decimal.RequireFromString("800"),
		ChargesMonthly: decimal.RequireFromString("50.50"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Code, r.MaxRentMonthly, r.GapMonthly)
	fmt.Println(r.Tests[0].Text.EN)
	fmt.Println(r.Text.EN)
	fmt.Println(r.Text.IT)
	// Output:
	// rent.not_sustainable 782.83 17.17
	// annual income of €20,000.00 is less than 2 times the rent and charges (€10,206.00 a year) = €20,412.00
	// the monthly rent of €800.00 is not sustainable: the maximum sustainable rent is €782.83, €17.17 less
	// il canone mensile di 800,00 € non è sostenibile: il massimo sostenibile è 782,83 €, 17,17 € in meno
}

func ExampleAssessor_CheckCents() {
	src := rentcalc.MustShipped()
	policy, _ := rentcalc.ShippedPolicy(rentcalc.PolicyResidualMinimumPension)
	a, err := src.Compile(policy, housing.MustParseDate("2025-06-01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	couple := rentcalc.Composition{Members: []rentcalc.Member{
		{Role: housing.RoleReference, Age: 40},
		{Role: housing.RolePartner, Age: 38},
	}}
	// Annual income €20,000.00, rent €560.38 and charges €80.00 a month.
	for _, rent := range []rentcalc.Cents{56038, 56039} {
		q, err := a.CheckCents(&couple, 2_000_000, rent, 8_000)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(rent, q.Sustainable, q.MaxRentMonthly)
	}
	// Output:
	// 560.38 true 560.38
	// 560.39 false 560.38
}
