package rentcalc

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func compileShipped(t testing.TB, id, on string) *Assessor {
	t.Helper()
	p, err := ShippedPolicy(id)
	require.NoError(t, err)
	a, err := shipped(t).Compile(p, day(on))
	require.NoError(t, err)
	return a
}

func assess(t testing.TB, a *Assessor, c Composition, income, rent, charges string) *Assessment {
	t.Helper()
	r, err := a.Assess(Input{Composition: c, IncomeAnnual: dec(income), RentMonthly: dec(rent), ChargesMonthly: dec(charges)})
	require.NoError(t, err)
	return r
}

// REFERENCE.md §4: Liguria social rental agency, rent ≤ 30% of income.
func TestLiguria30_REFERENCE_s4(t *testing.T) {
	a := compileShipped(t, PolicyLiguria30, "2025-06-01")
	single := comp(ref(40, 12))
	r := assess(t, a, single, "24000", "600.00", "150")
	assert.True(t, r.Sustainable)
	assert.Equal(t, CodeSustainable, r.Code)
	requireDec(t, "600", r.MaxRentMonthly)
	requireDec(t, "0", r.GapMonthly)
	requireDec(t, "0.3", *r.Tests[0].Measured)
	requireDec(t, "7200", r.Tests[0].HousingCostAnnual, "12 × rent; charges not counted")
	// Boundary: one cent more fails.
	r = assess(t, a, single, "24000", "600.01", "0")
	assert.False(t, r.Sustainable)
	assert.Equal(t, "rent.incidence.above", r.Tests[0].Code)
	requireDec(t, "0.01", r.GapMonthly)
	// Exact floor: 30% × 10,000.10 ÷ 12 = 250.0025 → 250.00.
	r = assess(t, a, single, "10000.10", "250.00", "0")
	assert.True(t, r.Sustainable)
	requireDec(t, "250", r.MaxRentMonthly)
	assert.False(t, assess(t, a, single, "10000.10", "250.01", "0").Sustainable)
	// Texts in both languages.
	r = assess(t, a, single, "24000", "700", "0")
	assert.Equal(t, "rent of €8,400.00 a year on an income of €24,000.00 a year: incidence 35%, above the maximum of 30%", r.Tests[0].Text.EN)
	assert.Equal(t, "canone di 8.400,00 € l'anno su un reddito di 24.000,00 € l'anno: incidenza 35%, oltre il massimo del 30%", r.Tests[0].Text.IT)
	assert.Equal(t, "the monthly rent of €700.00 is not sustainable: the maximum sustainable rent is €600.00, €100.00 less", r.Text.EN)
	assert.Equal(t, "il canone mensile di 700,00 € non è sostenibile: il massimo sostenibile è 600,00 €, 100,00 € in meno", r.Text.IT)
	// The figure used, with its source.
	require.Len(t, r.Tests[0].Figures, 1)
	assert.Equal(t, "liguria-30.max_incidence", r.Tests[0].Figures[0].Ref)
	requireDec(t, "30", r.Tests[0].Figures[0].Value)
}

// REFERENCE.md §4: Modena Agenzia Casa, net monthly income ≥ 2 × (rent +
// service charges).
func TestModena2x_REFERENCE_s4(t *testing.T) {
	a := compileShipped(t, PolicyModena2x, "2025-06-01")
	c := comp(ref(40, 12))
	// 24,000 a year = 2,000 a month ≥ 2 × (900 + 100).
	r := assess(t, a, c, "24000", "900", "100")
	assert.True(t, r.Sustainable)
	requireDec(t, "900", r.MaxRentMonthly)
	requireDec(t, "2", *r.Tests[0].Measured)
	assert.Equal(t, "annual income of €24,000.00 is at least 2 times the rent and charges (€12,000.00 a year) = €24,000.00", r.Tests[0].Text.EN)
	r = assess(t, a, c, "24000", "900.01", "100")
	assert.False(t, r.Sustainable)
	assert.Equal(t, "rent.income_multiple.short", r.Tests[0].Code)
	// 20,000 ÷ 24 = 833.333… → 833.33, less 50.50 charges.
	r = assess(t, a, c, "20000", "782.83", "50.50")
	assert.True(t, r.Sustainable)
	requireDec(t, "782.83", r.MaxRentMonthly)
	assert.False(t, assess(t, a, c, "20000", "782.84", "50.50").Sustainable)
}

// REFERENCE.md §7 (INPS minimum pension €603.40 × 13 in 2025, €598.61 in
// 2024) and §1 (ISEE scale 1.57 for two members).
func TestResidualMinimumPension_REFERENCE_s7_s1(t *testing.T) {
	couple := comp(ref(40, 12), partner(40, 0))
	a := compileShipped(t, PolicyResidualMinimumPension, "2025-06-01")
	// Floor 603.40 × 13 = 7,844.20; × 1.57 = 12,315.394;
	// (20,000 − 12,315.394) ÷ 12 = 640.3838… → 640.38, less 80 charges.
	r := assess(t, a, couple, "20000", "560.38", "80")
	assert.True(t, r.Sustainable, r.Text.EN)
	requireDec(t, "560.38", r.MaxRentMonthly)
	requireDec(t, "12315.394", r.Tests[0].Limit)
	require.Len(t, r.Scales, 1)
	requireDec(t, "1.57", r.Scales[0].Value)
	assert.Equal(t, "residual income: €20,000.00 less rent and charges of €7,684.56 = €12,315.44, at least the floor of €7,844.20 × ISEE scale 1.57 = €12,315.39", r.Tests[0].Text.EN)
	assert.False(t, assess(t, a, couple, "20000", "560.39", "80").Sustainable)

	// 2024: 598.61 × 13 = 7,781.93; × 1.57 = 12,217.6301; (20,000 − that) ÷ 12 = 648.530… → 648.53.
	a24 := compileShipped(t, PolicyResidualMinimumPension, "2024-06-01")
	requireDec(t, "568.53", assess(t, a24, couple, "20000", "0", "80").MaxRentMonthly)

	// Below the floor even at zero rent: (5,000 − 7,844.20) ÷ 12 = −237.016… → −237.02.
	r = assess(t, a, comp(ref(40, 0)), "5000", "0", "0")
	assert.False(t, r.Sustainable)
	assert.Equal(t, CodeNoSustainableRent, r.Code)
	requireDec(t, "-237.02", r.MaxRentMonthly)
	assert.Equal(t, "the monthly rent of €0.00 is not sustainable, nor is any rent: even at zero rent the household is €237.02 a month short", r.Text.EN)
}

func TestZeroIncome(t *testing.T) {
	a := compileShipped(t, PolicyLiguria30, "2025-06-01")
	r := assess(t, a, comp(ref(30, 0)), "0", "0", "0")
	assert.True(t, r.Sustainable)
	assert.Nil(t, r.Tests[0].Measured)
	assert.Equal(t, "no income and no costs (rent): within the maximum of 30%", r.Tests[0].Text.EN)
	r = assess(t, a, comp(ref(30, 0)), "0", "0.01", "0")
	assert.False(t, r.Sustainable)
	requireDec(t, "0", r.MaxRentMonthly)
}

// combined is a policy with every kind of test, percent and ratio units,
// a yearly floor and the ADI scale.
const combined = `
id: combined
title: {it: Tutti i test, en: Every test}
parameters:
  max_incidence: {unit: ratio, values: {2024-01-01: 0.35}}
  multiple: {unit: ratio, values: {2024-01-01: 1.5}}
tests:
  - {kind: max_incidence, costs: rent_and_charges, max: max_incidence}
  - {kind: max_incidence, costs: rent, max: liguria-30.max_incidence}
  - {kind: income_multiple, costs: rent, multiple: multiple}
  - {kind: residual_income, costs: rent_and_charges, floor: assegno-inclusione.income_threshold, scale: adi}
  - {kind: residual_income, costs: rent, floor: minimum-pension.monthly_amount, floor_payments: minimum-pension.payments_per_year, scale: oecd-modified}
`

func testAssessors(t testing.TB) map[string]*Assessor {
	out := map[string]*Assessor{}
	for _, id := range ShippedPolicyIDs() {
		out[id] = compileShipped(t, id, "2025-06-01")
	}
	p, err := ParsePolicy("combined.yaml", []byte(combined))
	require.NoError(t, err)
	// The policy's own figures are resolved beside the shipped ones.
	src := shipped(t)
	liguria, _ := ShippedPolicy(PolicyLiguria30)
	a, err := src.With("liguria-30", &liguria.Parameters).Compile(p, day("2025-06-01"))
	require.NoError(t, err)
	out["combined"] = a
	return out
}

// randomInput draws an income (often with odd cents), a rent and charges.
func randomInput(r *rand.Rand) Input {
	return Input{
		Composition:    randomComposition(r),
		IncomeAnnual:   decimal.New(r.Int64N(6_000_000), -2),
		RentMonthly:    decimal.New(r.Int64N(150_000), -2),
		ChargesMonthly: decimal.New(r.Int64N(30_000), -2),
	}
}

// Properties over many random households, for every shipped policy and a
// policy combining every kind of test:
//   - the maximum sustainable rent is sustainable and one cent more is not;
//   - the verdict is "rent ≤ maximum";
//   - the integer fast path (Check) gives the same verdict and maximum as
//     the decimal path (Assess);
//   - a higher income never makes a rent less sustainable.
func TestAssessProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(20261121, 4))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for name, a := range testAssessors(t) {
		require.True(t, a.fast, name)
		t.Run(name, func(t *testing.T) {
			for range n {
				in := randomInput(r)
				res, err := a.Assess(in)
				require.NoError(t, err)
				max := res.MaxRentMonthly
				require.Equal(t, res.Sustainable, in.RentMonthly.LessThanOrEqual(max), "%+v", in)
				q, err := a.Check(in)
				require.NoError(t, err)
				require.Equal(t, res.Sustainable, q.Sustainable, "%+v", in)
				require.True(t, q.MaxRentMonthly.Decimal().Equal(max), "fast %s ≠ decimal %s for %+v", q.MaxRentMonthly, max, in)
				if !max.IsNegative() {
					at := in
					at.RentMonthly = max
					ok, err := a.Assess(at)
					require.NoError(t, err)
					require.True(t, ok.Sustainable, "max rent %s not sustainable: %+v", max, in)
					at.RentMonthly = max.Add(cent)
					ok, err = a.Assess(at)
					require.NoError(t, err)
					require.False(t, ok.Sustainable, "max rent %s + 0.01 sustainable: %+v", max, in)
				} else {
					at := in
					at.RentMonthly = decimal.Zero
					ok, err := a.Assess(at)
					require.NoError(t, err)
					require.False(t, ok.Sustainable)
				}
				richer := in
				richer.IncomeAnnual = in.IncomeAnnual.Add(decimal.New(r.Int64N(1_000_000)+1, -2))
				more, err := a.Assess(richer)
				require.NoError(t, err)
				require.True(t, more.MaxRentMonthly.GreaterThanOrEqual(max), "richer max %s < %s", more.MaxRentMonthly, max)
				require.True(t, !res.Sustainable || more.Sustainable, "a higher income made the rent unsustainable: %+v", in)
			}
		})
	}
}

// The fast path falls back to decimals for an income below the cent, with
// the same answer as Assess; and it equals Assess for huge incomes too.
func TestCheckFallback(t *testing.T) {
	for name, a := range testAssessors(t) {
		c := comp(ref(40, 12), partner(40, 0), child(3))
		for _, income := range []string{"24000.005", "18999.999", "123456789012345.67", "0"} {
			in := Input{Composition: c, IncomeAnnual: dec(income), RentMonthly: dec("500"), ChargesMonthly: dec("60")}
			res, err := a.Assess(in)
			require.NoError(t, err)
			q, err := a.Check(in)
			require.NoError(t, err)
			assert.Equal(t, res.Sustainable, q.Sustainable, name, income)
			assert.True(t, q.MaxRentMonthly.Decimal().Equal(res.MaxRentMonthly), "%s %s: %s ≠ %s", name, income, q.MaxRentMonthly, res.MaxRentMonthly)
		}
	}
}

// Charges near the int64 limit must not wrap the fast path's bound around
// to a huge positive rent: it falls back to decimals, which either agree
// with Assess or say the maximum does not fit in cents.
func TestCheckCentsHugeCharges(t *testing.T) {
	a := compileShipped(t, PolicyResidualMinimumPension, "2025-06-01")
	c := comp(ref(40, 0))
	q, err := a.CheckCents(&c, 0, 0, Cents(math.MaxInt64))
	if err == nil {
		assert.False(t, q.Sustainable, "max %s", q.MaxRentMonthly)
	} else {
		assert.ErrorContains(t, err, "does not fit")
	}
	in := Input{Composition: c, IncomeAnnual: dec("0"), RentMonthly: dec("0"), ChargesMonthly: dec("92000000000000000")}
	q, err = a.Check(in)
	require.NoError(t, err)
	r, err := a.Assess(in)
	require.NoError(t, err)
	assert.False(t, q.Sustainable)
	assert.True(t, q.MaxRentMonthly.Decimal().Equal(r.MaxRentMonthly), "%s ≠ %s", q.MaxRentMonthly, r.MaxRentMonthly)
}

func TestCheckCentsDoesNotAllocate(t *testing.T) {
	a := testAssessors(t)["combined"]
	c := comp(ref(40, 12), partner(40, 0), child(3))
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := a.CheckCents(&c, 2400000, 50000, 6000); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
}

func TestAssessInputErrors(t *testing.T) {
	a := testAssessors(t)["combined"]
	_, err := a.Assess(Input{IncomeAnnual: dec("-1"), RentMonthly: dec("500.005"), ChargesMonthly: dec("-3")})
	require.ErrorIs(t, err, housing.ErrInvalid)
	var e *housing.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, housing.Problems{
		{Path: "income_annual", Message: "-1 is negative"},
		{Path: "rent_monthly", Message: "500.005 has digits below the cent; want euros and cents such as 650.00"},
		{Path: "charges_monthly", Message: "-3 is negative"},
		{Path: "composition.members", Message: "a household has at least one member"},
	}, e.Problems)
	_, err = a.Check(Input{Composition: comp(ref(1, 0)), IncomeAnnual: dec("1000"), RentMonthly: dec("-1")})
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "rent_monthly: -1.00 is negative")
	// The fast path reports an invalid composition as Assess does.
	bad := comp(Member{Role: "reference", Age: -3})
	_, err = a.Check(Input{Composition: bad, IncomeAnnual: dec("1000"), RentMonthly: dec("10")})
	assert.ErrorContains(t, err, "composition.members[0].age: -3 is outside 0..130")
	_, err = a.CheckCents(&Composition{}, 100000, 1000, 0)
	assert.ErrorContains(t, err, "composition.members: a household has at least one member")
	// A policy without residual-income test does not need a composition.
	_, err = testAssessors(t)[PolicyLiguria30].Assess(Input{IncomeAnnual: dec("1000"), RentMonthly: dec("10")})
	assert.NoError(t, err)
}

func TestInputOf(t *testing.T) {
	h := housing.Household{ID: "h", Members: []housing.Member{
		{Role: housing.RoleReference, Person: housing.Person{BirthDate: day("1980-01-01"), Incomes: []housing.IncomeSource{{Kind: housing.IncomeEmployment, Annual: dec("15000")}, {Kind: housing.IncomeBenefit, Annual: dec("1200.50")}}}},
		{Role: housing.RoleChild, Person: housing.Person{BirthDate: day("2015-01-01"), Incomes: []housing.IncomeSource{}}},
	}}
	in, err := InputOf(h, day("2025-06-01"), dec("500"), dec("40"))
	require.NoError(t, err)
	requireDec(t, "16200.50", in.IncomeAnnual)
	assert.Equal(t, 10, in.Composition.Members[1].Age)
	h.Members[1].Incomes = nil
	_, err = InputOf(h, day("2025-06-01"), dec("500"), dec("40"))
	assert.ErrorContains(t, err, "members[1].incomes: not declared")
}
