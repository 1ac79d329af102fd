package rentcalc

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// REFERENCE.md §1: ISE = ISR + 0.20 × ISP; ISEE = ISE ÷ scale; employment
// deduction 20% up to €3,000; pensions 20% up to €1,000; rent up to €7,000
// + €500 per cohabiting child after the second.
func TestEstimateISEE_REFERENCE_s1(t *testing.T) {
	src := shipped(t)
	for _, tc := range []struct {
		name                    string
		in                      ISEEInput
		isr, ise, isee          string
		empDed, penDed, rentDed string
	}{
		{
			name:   "single employee renting",
			in:     ISEEInput{Composition: comp(ref(40, 12)), EmploymentIncome: dec("15000"), RentAnnual: dec("6000"), FinancialAssets: dec("10000")},
			empDed: "3000", rentDed: "6000",
			isr: "6000", ise: "8000", isee: "8000.00",
		},
		{
			name:   "employment deduction capped at 3000",
			in:     ISEEInput{Composition: comp(ref(40, 12), partner(40, 0)), EmploymentIncome: dec("20000")},
			empDed: "3000",
			isr:    "17000", ise: "17000", isee: "10828.03", // 17000 / 1.57 = 10828.025…
		},
		{
			name:   "pension deduction below and at the cap",
			in:     ISEEInput{Composition: comp(ref(70, 0)), PensionIncome: dec("4000.55"), RealEstateAssets: dec("50000")},
			penDed: "800.110",
			isr:    "3200.44", ise: "13200.44", isee: "13200.44",
		},
		{
			name:   "pension deduction capped at 1000",
			in:     ISEEInput{Composition: comp(ref(70, 0)), PensionIncome: dec("6000")},
			penDed: "1000",
			isr:    "5000", ise: "5000", isee: "5000.00",
		},
		{
			name:    "rent deduction raised by 500 for the third child",
			in:      ISEEInput{Composition: comp(ref(40, 12), partner(40, 12), child(20), child(19), child(18)), OtherIncome: dec("30000"), RentAnnual: dec("9000")},
			rentDed: "7500",
			// 5 members 2.85 + 0.2 (three children); no minors.
			isr: "22500", ise: "22500", isee: "7377.05", // 22500 / 3.05 = 7377.049…
		},
		{
			name:    "rent deduction capped at 7000 with two children",
			in:      ISEEInput{Composition: comp(ref(40, 12), child(20), child(19)), OtherIncome: dec("30000"), RentAnnual: dec("9000")},
			rentDed: "7000",
			isr:     "23000", ise: "23000", isee: "11274.51", // 23000 / 2.04 = 11274.509…
		},
		{
			name:    "the ISR does not go below zero",
			in:      ISEEInput{Composition: comp(ref(40, 0)), OtherIncome: dec("3000"), RentAnnual: dec("6000"), FinancialAssets: dec("5000")},
			rentDed: "6000",
			isr:     "0", ise: "1000", isee: "1000.00",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := src.EstimateISEE(tc.in, day("2025-06-01"), "")
			require.NoError(t, err)
			requireDec(t, tc.isr, e.ISR, "ISR")
			requireDec(t, tc.ise, e.ISE, "ISE")
			requireDec(t, tc.isee, e.ISEE, "ISEE")
			assert.Equal(t, int32(-2), e.ISEE.Exponent(), "ISEE is rounded to the cent")
			got := map[string]decimal.Decimal{}
			for _, d := range e.Deductions {
				got[d.Code] = d.Amount
			}
			for code, want := range map[string]string{"isee.deduction.employment": tc.empDed, "isee.deduction.pension": tc.penDed, "isee.deduction.rent": tc.rentDed} {
				if want == "" {
					assert.NotContains(t, got, code)
					continue
				}
				requireDec(t, want, got[code], code)
			}
		})
	}
}

// Rounding: ISE ÷ scale is rounded once, to the cent, half away from zero.
func TestEstimateISEERoundsHalfAwayFromZero(t *testing.T) {
	src := shipped(t)
	// 2 members (1.57): ISE 1.57 × 1000.005 = 1570.00785 → 1000.005 → 1000.01.
	e, err := src.EstimateISEE(ISEEInput{Composition: comp(ref(40, 0), partner(40, 0)), OtherIncome: dec("1570.00785")}, day("2025-06-01"), ScaleISEE)
	require.NoError(t, err)
	requireDec(t, "1000.01", e.ISEE)
}

func TestEstimateISEEFromHousehold(t *testing.T) {
	data := []byte(`{
  "id": "h1",
  "members": [
    {"role": "reference", "birth_date": "1985-05-01", "months_worked": 12,
     "incomes": [{"kind": "employment", "annual": "18000.00"}, {"kind": "other", "annual": "500"}]},
    {"role": "parent", "birth_date": "1950-01-01", "incomes": [{"kind": "pension", "annual": "7844.20"}]}
  ],
  "assets": {"financial": "3000", "real_estate": "0"},
  "residence": {"municipality": "Modena", "region": "Emilia-Romagna"},
  "emergency": {}, "needs": {},
  "current_rent": "550.00"
}`)
	h, err := housing.ReadHousehold("h1.json", data)
	require.NoError(t, err)
	in, err := ISEEInputOf(h, day("2025-06-01"))
	require.NoError(t, err)
	requireDec(t, "18000", in.EmploymentIncome)
	requireDec(t, "7844.20", in.PensionIncome)
	requireDec(t, "500", in.OtherIncome)
	requireDec(t, "6600", in.RentAnnual, "12 × 550")
	e, err := shipped(t).EstimateISEE(in, day("2025-06-01"), "")
	require.NoError(t, err)
	// 26344.20 − 3000 − 1000 − 6600 = 15744.20; + 0.2 × 3000 = 16344.20; ÷ 1.57.
	requireDec(t, "15744.20", e.ISR)
	requireDec(t, "16344.20", e.ISE)
	requireDec(t, "10410.32", e.ISEE)
	assert.Contains(t, e.Text.EN, "estimate (not the INPS computation)")

	h.Members[1].Incomes = nil
	_, err = ISEEInputOf(h, day("2025-06-01"))
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "members[1].incomes: not declared")
}

func TestEstimateISEEErrors(t *testing.T) {
	src := shipped(t)
	_, err := src.EstimateISEE(ISEEInput{Composition: comp(ref(40, 0)), OtherIncome: dec("-1"), RentAnnual: dec("-2")}, day("2025-06-01"), "")
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "other_income: -1 is negative")
	assert.Contains(t, err.Error(), "rent_annual: -2 is negative")
	_, err = src.EstimateISEE(ISEEInput{}, day("2025-06-01"), "")
	assert.ErrorContains(t, err, "composition.members: a household has at least one member")
	_, err = src.EstimateISEE(ISEEInput{Composition: comp(ref(40, 0))}, day("2014-12-31"), "")
	assert.ErrorIs(t, err, housing.ErrNotFound)
}
