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

func ExampleSources_Support() {
	src := rentcalc.MustShipped()
	scheme, err := rentcalc.ShippedSupportScheme(rentcalc.SchemeL431)
	if err != nil {
		fmt.Println(err)
		return
	}
	isee := decimal.RequireFromString("9000")
	s, err := src.Support(scheme, 2025, rentcalc.SupportInput{
		Composition:  rentcalc.Composition{Members: []rentcalc.Member{{Role: housing.RoleReference, Age: 67}}},
		IncomeAnnual: decimal.RequireFromString("12000"),
		ISEE:         &isee,
		RentMonthly:  decimal.RequireFromString("500"),
		Region:       "Emilia-Romagna",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Band, s.Contribution)
	for _, r := range s.Reasons {
		fmt.Println(r.Text.EN)
	}
	// Output:
	// A 3873.43
	// band A (income €12,000.00 within €15,688.40): annual contribution of €3,873.43 to bring the rent's incidence down to 14% (at most €3,873.43)
	// contribution of €4,320.00 capped at €3,098.74
	// raise of 25% for a member aged 65 or over or disabled, applied to the contribution
}

func ExampleProRate() {
	// Three contributions, €5,000 of funds: shares to the cent that add up.
	shares, err := rentcalc.ProRate([]decimal.Decimal{
		decimal.RequireFromString("3098.74"),
		decimal.RequireFromString("2324.06"),
		decimal.RequireFromString("1000.00"),
	}, decimal.RequireFromString("5000"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(shares)
	// Output:
	// [2412.3 1809.22 778.48]
}

func ExampleProRateShare() {
	paid, _ := rentcalc.ProRateShare(decimal.RequireFromString("3098.74"), decimal.RequireFromString("0.753"))
	fmt.Println(paid)
	// Output:
	// 2333.35
}

func ExampleSources_ADIRentTopUp() {
	src := rentcalc.MustShipped()
	for _, day := range []string{"2024-06-01", "2025-06-01"} {
		t, err := src.ADIRentTopUp(housing.MustParseDate(day), decimal.RequireFromString("320"), true)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(day, t.Amount, t.Text.EN)
	}
	// Output:
	// 2024-06-01 3360 ADI rent top-up: annual rent of €3,840.00, capped at €3,360.00
	// 2025-06-01 3640 ADI rent top-up: annual rent of €3,840.00, capped at €3,640.00
}

func ExampleSources_ArrearsSupport() {
	src := rentcalc.MustShipped()
	a, err := src.ArrearsSupport(housing.MustParseDate("2025-06-01"), rentcalc.ArrearsInput{
		Composition:        rentcalc.Composition{Members: []rentcalc.Member{{Role: housing.RoleReference, Age: 72}}},
		ISEE:               decimal.RequireFromString("11000"),
		Arrears:            decimal.RequireFromString("14500"),
		EvictionForArrears: true,
		RegisteredLease:    true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Eligible, a.Amount, a.Priority)
	fmt.Println(a.Text.EN)
	// Output:
	// true 12000 true
	// contribution of €12,000.00 towards arrears of €14,500.00 (at most €12,000.00)
}

func ExampleSources_SocialRent() {
	src := rentcalc.MustShipped()
	table, err := rentcalc.ShippedBandTable(rentcalc.BandsEmiliaRomagna)
	if err != nil {
		fmt.Println(err)
		return
	}
	isee := decimal.RequireFromString("15000")
	r, err := src.SocialRent(table, housing.MustParseDate("2025-06-01"), rentcalc.SocialRentInput{
		ISEE:    &isee,
		Members: 2,
		AreaSqm: decimal.RequireFromString("60"),
		Classes: map[string]string{"quality": "medium", "location": "central", "comune": "large"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, reason := range r.Reasons[:len(r.Reasons)-1] {
		fmt.Println(reason.Text.EN)
	}
	fmt.Println(r.Text.EN)
	fmt.Println(len(r.Placeholders), "placeholder figures used")
	// Output:
	// band access: ISEE of €15,000.00 within €20,217.01
	// annual objective rent €2,970.00 = 60 m² × €45.00 per m² a year × coefficients (quality medium 1, location central 1.1, comune large 1)
	// annual rent €2,376.00 = 80% of the objective rent of €2,970.00
	// band access: monthly rent €198.00 (annual €2,376.00)
	// 5 placeholder figures used
}

func ExampleParsePolicy() {
	// A policy given as data: the Eurostat overburden threshold (housing
	// costs above 40% of income) with its own dated parameter.
	p, err := rentcalc.ParsePolicy("overburden.yaml", []byte(`
id: overburden-40
title: {it: Costi abitativi entro il 40% del reddito, en: Housing costs within 40% of income}
parameters:
  max_incidence:
    unit: percent
    references: [{title: "Eurostat, housing cost overburden rate", certainty: V}]
    values: {2010-01-01: 40}
tests:
  - {kind: max_incidence, costs: rent_and_charges, max: max_incidence}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := rentcalc.MustShipped().Compile(p, housing.MustParseDate("2025-06-01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	q, err := a.Check(rentcalc.Input{
		IncomeAnnual:   decimal.RequireFromString("18000"),
		RentMonthly:    decimal.RequireFromString("520"),
		ChargesMonthly: decimal.RequireFromString("80"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Sustainable, q.MaxRentMonthly)

	// Problems are reported with their positions.
	_, err = rentcalc.ParsePolicy("bad.yaml", []byte("id: bad\ntitle: {it: x, en: x}\ntests:\n  - {kind: max_incidence, costs: rent}\n"))
	fmt.Println(err)
	// Output:
	// true 520.00
	// invalid: invalid sustainability policy bad.yaml: bad.yaml:4:5: tests[0]: a max_incidence test needs "max"
}

func ExampleCentsOf() {
	for _, s := range []string{"650.5", "650.505", "1e3"} {
		c, ok := rentcalc.CentsOf(decimal.RequireFromString(s))
		fmt.Println(s, int64(c), ok)
	}
	// Output:
	// 650.5 65050 true
	// 650.505 0 false
	// 1e3 100000 true
}

func ExampleCompositionOf() {
	data := []byte(`{"id": "h1", "residence": {"municipality": "Crema"}, "emergency": {}, "needs": {},
  "members": [
    {"role": "reference", "birth_date": "1990-03-01", "months_worked": 12, "incomes": []},
    {"role": "child", "birth_date": "2024-05-10", "incomes": []}]}`)
	h, err := housing.ReadHousehold("h1.json", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := rentcalc.CompositionOf(h, housing.MustParseDate("2026-03-01"))
	for _, m := range c.Members {
		fmt.Println(m.Role, m.Age, m.MonthsWorked)
	}
	scale, _ := rentcalc.MustShipped().Scale(rentcalc.ScaleISEE, housing.MustParseDate("2026-03-01"))
	fmt.Println(scale.Value(c).Value)
	// Output:
	// reference 36 12
	// child 1 0
	// 1.87
}
