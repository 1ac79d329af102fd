package rentcalc

import (
	"math/rand/v2"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func l431(t testing.TB) *SupportScheme {
	t.Helper()
	s, err := ShippedSupportScheme(SchemeL431)
	require.NoError(t, err)
	return s
}

func isee(s string) *decimal.Decimal { v := dec(s); return &v }

func support(t testing.TB, year int, in SupportInput) *Support {
	t.Helper()
	s, err := shipped(t).Support(l431(t), year, in)
	require.NoError(t, err)
	return s
}

// REFERENCE.md §3: band A limit = 2 × minimum pension × 13 = €15,563.86
// (2024) and €15,688.40 (2025); band A brings the incidence down to 14%, at
// most €3,098.74; band B down to 24%, at most €2,324.06, below the regional
// ERP limit (REFERENCE.md §2: Lombardy ISEE €16,000; Sicily income
// €16,859.34 (2023) and €17,870.90 from the decree of 19 September 2024).
func TestSupportBands_REFERENCE_s3(t *testing.T) {
	single := comp(ref(40, 12))
	for _, tc := range []struct {
		name         string
		year         int
		region       string
		income, rent string
		isee         *decimal.Decimal
		band         Band
		code         string
		want         string
		limit        string
	}{
		{"band A capped", 2025, "Emilia-Romagna", "12000", "500", isee("9000"), BandA, "support.band_a", "3098.74", "15688.40"},
		{"band A below the cap", 2025, "Emilia-Romagna", "15000", "300", isee("9000"), BandA, "support.band_a", "1500", "15688.40"},
		{"band A limit 2025, at the limit", 2025, "Emilia-Romagna", "15688.40", "500", isee("9000"), BandA, "support.band_a", "3098.74", "15688.40"},
		{"band A limit 2025, one cent above", 2025, "Emilia-Romagna", "15688.41", "500", isee("9000"), BandB, "support.band_b", "2234.78", "20217.01"},
		{"band A limit 2024", 2024, "Sicilia", "15563.86", "400", nil, BandA, "support.band_a", "2621.06", "15563.86"},
		// Sicily's 2024 limit (€17,870.90) is in force from its decree of
		// 19 September 2024: on 1 January 2024 the 2023 limit applies.
		{"band A limit 2024, one cent above", 2024, "Sicilia", "15563.87", "400", nil, BandB, "support.band_b", "1064.67", "16859.34"},
		{"band B capped (Lombardy ISEE)", 2025, "Lombardia", "20000", "600", isee("14000"), BandB, "support.band_b", "2324.06", "16000"},
		{"band B at the ISEE limit", 2025, "Lombardy", "20000", "500", isee("16000.00"), BandB, "support.band_b", "1200", "16000"},
		{"band B one cent above the ISEE limit", 2025, "lombardia", "20000", "500", isee("16000.01"), BandNone, "support.income_above", "0", "16000"},
		{"band B incidence exactly 24%", 2025, "Sicilia", "17000", "340", nil, BandB, "support.incidence_below", "0", "17870.90"},
		{"band B incidence just above 24%", 2025, "Sicilia", "17000", "340.01", nil, BandB, "support.band_b", "0.12", "17870.90"},
		{"Sicily band B on income", 2025, "Sicilia", "17000", "450", nil, BandB, "support.band_b", "1320", "17870.90"},
		{"Sicily above band B", 2025, "Sicilia", "17870.91", "900", nil, BandNone, "support.income_above", "0", "17870.90"},
		{"incidence exactly 14%", 2025, "Emilia-Romagna", "12000", "140", isee("9000"), BandA, "support.incidence_below", "0", "15688.40"},
		{"incidence just above 14%", 2025, "Emilia-Romagna", "12000", "140.01", isee("9000"), BandA, "support.band_a", "0.12", "15688.40"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := support(t, tc.year, SupportInput{Composition: single, IncomeAnnual: dec(tc.income), ISEE: tc.isee, RentMonthly: dec(tc.rent), Region: tc.region})
			assert.Equal(t, tc.band, s.Band)
			assert.Equal(t, tc.code, s.Code)
			requireDec(t, tc.want, s.Contribution)
			requireDec(t, tc.limit, s.IncomeLimit)
			assert.Equal(t, tc.code, s.Reasons[0].Code)
		})
	}
	s := support(t, 2025, SupportInput{Composition: single, IncomeAnnual: dec("12000"), ISEE: isee("9000"), RentMonthly: dec("500"), Region: "Emilia-Romagna"})
	requireDec(t, "6000", s.RentAnnual, "12 × 500")
	requireDec(t, "0.5", *s.Incidence)
	requireDec(t, "4320", s.Uncapped)
	assert.Equal(t, "support.capped", s.Reasons[1].Code)
	assert.Equal(t, "band A (income €12,000.00 within €15,688.40): annual contribution of €3,098.74 to bring the rent's incidence down to 14% (at most €3,098.74)", s.Text.EN)
	assert.Equal(t, "fascia A (reddito 12.000,00 € entro 15.688,40 €): contributo annuo di 3.098,74 € per ridurre l'incidenza del canone al 14% (massimo 3.098,74 €)", s.Text.IT)
}

// REFERENCE.md §3: up to +25% for a household with a member over 65 or
// disabled; the shipped scheme raises the contribution (and its cap).
func TestSupportRaise_REFERENCE_s3(t *testing.T) {
	in := func(m Member, income, rent string) SupportInput {
		return SupportInput{Composition: comp(ref(40, 0), m), IncomeAnnual: dec(income), ISEE: isee("9000"), RentMonthly: dec(rent), Region: "Emilia-Romagna"}
	}
	// 3,098.74 × 1.25 = 3,873.425 → 3,873.43 (half away from zero).
	s := support(t, 2025, in(relative(65), "12000", "500"))
	requireDec(t, "3873.43", s.Contribution)
	requireDec(t, "3873.43", s.Cap)
	requireDec(t, "0.25", s.RaiseRate)
	assert.Contains(t, []string{s.Reasons[0].Code, s.Reasons[1].Code, s.Reasons[2].Code}, "support.raised")
	// Age 64: no raise.
	requireDec(t, "3098.74", support(t, 2025, in(relative(64), "12000", "500")).Contribution)
	// A disabled member: 1,500 × 1.25.
	requireDec(t, "1875", support(t, 2025, in(Member{Role: housing.RoleChild, Age: 20, Disability: housing.DisabilityMedium}, "15000", "300")).Contribution)
	// Never more than the rent: no income, rent 1,200 a year.
	requireDec(t, "1200", support(t, 2025, in(relative(80), "0", "100")).Contribution)

	// A scheme raising the income limits instead: 15,688.40 × 1.25 = 19,610.50.
	scheme, err := ParseSupportScheme("limits.yaml", []byte(`id: limits
title: {it: x, en: x}
raise: {applies_to: income_limits, rate: rent-support-fund.raise_max}
regions: [{names: [Emilia-Romagna], band_b_limit: erp-access-limits.emilia_romagna_isee_access, measure: isee}]
`))
	require.NoError(t, err)
	s, err = shipped(t).Support(scheme, 2025, in(relative(70), "19610.50", "600"))
	require.NoError(t, err)
	assert.Equal(t, BandA, s.Band)
	requireDec(t, "19610.5", s.BandALimit)
	requireDec(t, "3098.74", s.Contribution, "7200 − 2745.47 capped, not raised")
}

func TestSupportErrors(t *testing.T) {
	src := shipped(t)
	_, err := src.Support(l431(t), 2025, SupportInput{Composition: comp(ref(40, 0)), IncomeAnnual: dec("-1"), RentMonthly: dec("1.005"), Region: "Puglia"})
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "income_annual: -1 is negative")
	assert.Contains(t, err.Error(), "rent_monthly: 1.005 has digits below the cent")
	assert.Contains(t, err.Error(), `region: scheme l431-art11 names no band B limit for region "Puglia"; want one of Emilia-Romagna, Lombardia, Sicilia`)
	// Band A is on income alone (L. 431/1998 art. 11): no ISEE is needed
	// below its limit, even where band B's limit is an ISEE.
	a, err := src.Support(l431(t), 2025, SupportInput{Composition: comp(ref(40, 0)), IncomeAnnual: dec("9000"), RentMonthly: dec("300"), Region: "Lombardia"})
	require.NoError(t, err)
	assert.Equal(t, BandA, a.Band)
	requireDec(t, "2340", a.Contribution) // 3600 − 14% × 9000
	_, err = src.Support(l431(t), 2025, SupportInput{Composition: comp(ref(40, 0)), IncomeAnnual: dec("15688.41"), RentMonthly: dec("1"), Region: "Lombardia"})
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.ErrorContains(t, err, "isee: not declared: the income 15688.41 is above band A (15688.40) and band B in Lombardia is an ISEE limit")
	// The rent by the year gives the same as by the month; both at once is bad input.
	y, err := src.Support(l431(t), 2025, SupportInput{Composition: comp(ref(40, 0)), IncomeAnnual: dec("9000"), RentAnnual: dec("3600"), Region: "Lombardia"})
	require.NoError(t, err)
	requireDec(t, "2340", y.Contribution)
	requireDec(t, "3600", y.RentAnnual)
	_, err = src.Support(l431(t), 2025, SupportInput{Composition: comp(ref(40, 0)), IncomeAnnual: dec("9000"), RentMonthly: dec("300"), RentAnnual: dec("3600.005"), Region: "Lombardia"})
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.ErrorContains(t, err, "rent_annual: 3600.005 has digits below the cent")
	assert.ErrorContains(t, err, "rent_annual: give the rent by the month or by the year, not both (rent_monthly is 300)")
	_, err = src.Support(l431(t), 2023, SupportInput{Composition: comp(ref(40, 0)), IncomeAnnual: dec("1"), RentMonthly: dec("1"), Region: "Sicilia"})
	require.ErrorIs(t, err, housing.ErrNotFound)
	assert.Contains(t, err.Error(), "minimum-pension.monthly_amount has no value on 2023-01-01")

	_, err = ParseSupportScheme("s.yaml", []byte(`id: s
title: {it: x, en: x}
raise: {applies_to: everything}
regions:
  - {names: [], band_b_limit: "Bad", measure: wealth}
  - {names: [Sicilia], band_b_limit: erp-access-limits.sicilia_income_access, measure: income}
  - {names: [sicilia], band_b_limit: erp-access-limits.sicilia_income_access, measure: income}
`))
	require.ErrorIs(t, err, housing.ErrInvalid)
	for _, want := range []string{
		`s.yaml:3:8: raise: applies_to "everything"; want contribution, income_limits or none`,
		"s.yaml:5:5: regions[0]: a region needs at least one name",
		`s.yaml:5:5: regions[0]: parameter reference "Bad": want name or file-id.name`,
		`s.yaml:5:5: regions[0]: measure "wealth"; want income or isee`,
		`s.yaml:7:14: regions[2].names[0]: region name "sicilia" is listed twice`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	// A raise above the 25% maximum is refused.
	over, err := ParseSupportScheme("o.yaml", []byte(`id: o
title: {it: x, en: x}
parameters:
  raise: {unit: percent, values: {2020-01-01: 30}}
raise: {applies_to: contribution, rate: raise}
regions: [{names: [Sicilia], band_b_limit: erp-access-limits.sicilia_income_access, measure: income}]
`))
	require.NoError(t, err)
	_, err = src.Support(over, 2025, SupportInput{Composition: comp(ref(70, 0)), IncomeAnnual: dec("1"), RentMonthly: dec("1"), Region: "Sicilia"})
	assert.ErrorContains(t, err, "raise 0.3 is outside 0..0.25")
}

// Property: a contribution is never negative, never above its (raised)
// cap and never above the annual rent.
func TestSupportProperties(t *testing.T) {
	src := shipped(t)
	scheme := l431(t)
	r := rand.New(rand.NewPCG(7, 7))
	regions := []string{"Emilia-Romagna", "Lombardia", "Sicilia"}
	for range 5000 {
		in := SupportInput{
			Composition:  randomComposition(r),
			IncomeAnnual: decimal.New(r.Int64N(3_000_000), -2),
			ISEE:         isee(decimal.New(r.Int64N(3_000_000), -2).String()),
			RentMonthly:  decimal.New(r.Int64N(200_000), -2),
			Region:       regions[r.IntN(3)],
		}
		s, err := src.Support(scheme, 2024+r.IntN(2), in)
		require.NoError(t, err)
		require.False(t, s.Contribution.IsNegative(), "%+v", in)
		require.True(t, s.Contribution.LessThanOrEqual(s.Cap), "%s > cap %s: %+v", s.Contribution, s.Cap, in)
		require.True(t, s.Contribution.LessThanOrEqual(s.RentAnnual), "%+v", in)
		require.Equal(t, int32(-2), s.Contribution.Round(2).Exponent())
		require.True(t, s.Contribution.Equal(s.Contribution.Round(2)), "whole cents")
		if s.Band == BandNone {
			require.True(t, s.Contribution.IsZero())
		}
	}
}

func TestProRate(t *testing.T) {
	got, err := ProRate([]decimal.Decimal{dec("3098.74"), dec("2324.06"), dec("1000.00"), dec("0")}, dec("5000"))
	require.NoError(t, err)
	// Exact shares 2412.2968…, 1809.2265…, 778.4767…: the floors add up to
	// 4,999.98 and the two cents left go to the largest remainders (first
	// and third).
	sum := decimal.Zero
	for _, g := range got {
		sum = sum.Add(g)
	}
	requireDec(t, "5000", sum)
	requireDec(t, "2412.30", got[0])
	requireDec(t, "1809.22", got[1])
	requireDec(t, "778.48", got[2])
	requireDec(t, "0", got[3])

	full, err := ProRate([]decimal.Decimal{dec("10"), dec("20")}, dec("30"))
	require.NoError(t, err)
	requireDec(t, "10", full[0])
	requireDec(t, "20", full[1])

	_, err = ProRate([]decimal.Decimal{dec("-1"), dec("0.001")}, dec("-5"))
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "requests[0]: -1")
	assert.Contains(t, err.Error(), "requests[1]: 0.001")
	assert.Contains(t, err.Error(), "funds: -5")

	r := rand.New(rand.NewPCG(3, 9))
	for range 2000 {
		n := 1 + r.IntN(20)
		req := make([]decimal.Decimal, n)
		total := decimal.Zero
		for i := range req {
			req[i] = decimal.New(r.Int64N(400_000), -2)
			total = total.Add(req[i])
		}
		funds := decimal.New(r.Int64N(total.Mul(hundred).IntPart()+1), -2)
		got, err := ProRate(req, funds)
		require.NoError(t, err)
		sum := decimal.Zero
		for i, g := range got {
			require.False(t, g.IsNegative())
			require.True(t, g.LessThanOrEqual(req[i]))
			// Within a cent of the exact proportional share.
			if !total.IsZero() {
				exact := req[i].Mul(funds).Div(total)
				require.True(t, g.Sub(exact).Abs().LessThan(cent), "%s vs %s", g, exact)
			}
			sum = sum.Add(g)
		}
		require.True(t, sum.Equal(decimal.Min(funds, total)), "sum %s funds %s total %s", sum, funds, total)
	}
}

// REFERENCE.md §3: Sicily paid 75.3% of the contributions in 2023.
func TestProRateShare_REFERENCE_s3(t *testing.T) {
	got, err := ProRateShare(dec("3098.74"), dec("0.753"))
	require.NoError(t, err)
	requireDec(t, "2333.35", got) // 2333.35122
	_, err = ProRateShare(dec("1"), dec("1.01"))
	assert.ErrorIs(t, err, housing.ErrInvalid)
}

// REFERENCE.md §7: ADI rent top-up with a registered lease ≤ €3,360 (2024),
// ≤ €3,640 (2025).
func TestADIRentTopUp_REFERENCE_s7(t *testing.T) {
	src := shipped(t)
	for _, tc := range []struct {
		on, rent string
		lease    bool
		amount   string
		code     string
	}{
		{"2025-03-01", "250", true, "3000", "adi.top_up"},
		{"2025-03-01", "303.33", true, "3639.96", "adi.top_up"},
		{"2025-03-01", "303.34", true, "3640", "adi.top_up.capped"},
		{"2024-03-01", "300", true, "3360", "adi.top_up.capped"},
		{"2024-03-01", "280", true, "3360", "adi.top_up"},
		{"2025-03-01", "250", false, "0", "adi.top_up.no_registered_lease"},
	} {
		got, err := src.ADIRentTopUp(day(tc.on), dec(tc.rent), tc.lease)
		require.NoError(t, err)
		requireDec(t, tc.amount, got.Amount, tc.on, tc.rent)
		assert.Equal(t, tc.code, got.Code)
	}
	_, err := src.ADIRentTopUp(day("2023-12-31"), dec("100"), true)
	assert.ErrorIs(t, err, housing.ErrNotFound)
	_, err = src.ADIRentTopUp(day("2025-01-01"), dec("-100"), true)
	assert.ErrorIs(t, err, housing.ErrInvalid)
}

// REFERENCE.md §3: arrears fund, ISEE ≤ €26,000, eviction for arrears,
// registered lease, up to €12,000; priority for a member over 70, disabled
// ≥ 74%, a minor or a social-services case.
func TestArrearsSupport_REFERENCE_s3(t *testing.T) {
	src := shipped(t)
	base := ArrearsInput{Composition: comp(ref(40, 0)), ISEE: dec("26000"), Arrears: dec("15000"), EvictionForArrears: true, RegisteredLease: true}
	a, err := src.ArrearsSupport(day("2025-01-01"), base)
	require.NoError(t, err)
	assert.True(t, a.Eligible)
	requireDec(t, "12000", a.Amount)
	assert.False(t, a.Priority)

	above := base
	above.ISEE = dec("26000.01")
	above.RegisteredLease = false
	a, err = src.ArrearsSupport(day("2025-01-01"), above)
	require.NoError(t, err)
	assert.False(t, a.Eligible)
	requireDec(t, "0", a.Amount)
	assert.Equal(t, []string{"arrears.isee_above", "arrears.no_registered_lease"}, reasonCodes(a.Reasons))

	small := base
	small.Arrears = dec("4500.50")
	small.Composition = comp(ref(69, 0), Member{Role: housing.RolePartner, Age: 70, DisabilityPercent: 73}, child(17))
	small.SocialServicesCase = true
	a, err = src.ArrearsSupport(day("2025-01-01"), small)
	require.NoError(t, err)
	requireDec(t, "4500.50", a.Amount)
	assert.True(t, a.Priority)
	assert.Equal(t, []string{"arrears.priority.elderly", "arrears.priority.minor", "arrears.priority.social_services"}, reasonCodes(a.Reasons))
	small.Composition = comp(ref(69, 0), Member{Role: housing.RolePartner, Age: 50, DisabilityPercent: 74})
	small.SocialServicesCase = false
	a, _ = src.ArrearsSupport(day("2025-01-01"), small)
	assert.Equal(t, []string{"arrears.priority.disabled"}, reasonCodes(a.Reasons))
	assert.Equal(t, "priority: a member with invalidity of at least 74%", a.Reasons[0].Text.EN)

	_, err = src.ArrearsSupport(day("2016-01-01"), base)
	assert.ErrorIs(t, err, housing.ErrNotFound)
}

func reasonCodes(rs []Reason) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}
