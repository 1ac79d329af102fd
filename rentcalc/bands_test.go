package rentcalc

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func erBands(t testing.TB) *BandTable {
	t.Helper()
	b, err := ShippedBandTable(BandsEmiliaRomagna)
	require.NoError(t, err)
	return b
}

var medium = map[string]string{"quality": "medium", "location": "central", "comune": "large"}

// REFERENCE.md §5 (Emilia-Romagna structure: protection ISEE ≤ €7,620 on
// income only; access up to the access limit, objective rent reduced;
// permanence up to the permanence limit, objective rent; decadenza above,
// surcharged; optional −10% for single-person households) and §2 (access
// €20,217.01 and permanence €28,304.30 in 2025; €17,428 / €24,400.26 before).
// The percentages, rate and coefficients are the file's placeholders:
// protection 15% of the ISEE, access 80%, decadenza 120%, €45.00/m² a
// year, coefficients medium 1.0, central 1.1, large 1.0.
func TestSocialRentEmiliaRomagna_REFERENCE_s5_s2(t *testing.T) {
	src := shipped(t)
	for _, tc := range []struct {
		name        string
		on, isee    string
		members     int
		band        string
		annual      string
		monthly     string
		limit       string // "" for the last band
		placeholder string
	}{
		{"protection", "2025-06-01", "5000", 2, "protection", "750", "62.50", "7620", "social-rent-emilia-romagna.protection_isee_share"},
		{"protection at its limit", "2025-06-01", "7620", 2, "protection", "1143", "95.25", "7620", "social-rent-emilia-romagna.protection_isee_share"},
		{"access one cent above protection", "2025-06-01", "7620.01", 2, "access", "2376", "198", "20217.01", "social-rent-emilia-romagna.access_objective_share"},
		{"access at the 2025 access limit", "2025-06-01", "20217.01", 2, "access", "2376", "198", "20217.01", "social-rent-emilia-romagna.objective_rate"},
		{"permanence one cent above the access limit", "2025-06-01", "20217.02", 2, "permanence", "2970", "247.50", "28304.30", "social-rent-emilia-romagna.objective_rate"},
		{"permanence at its limit", "2025-06-01", "28304.30", 2, "permanence", "2970", "247.50", "28304.30", "social-rent-emilia-romagna.quality_medium"},
		{"decadenza above the permanence limit", "2025-06-01", "28304.31", 2, "decadenza", "3564", "297", "", "social-rent-emilia-romagna.decadenza_objective_share"},
		{"2024 access limit 17,428", "2024-06-01", "18000", 2, "permanence", "2970", "247.50", "24400.26", "social-rent-emilia-romagna.objective_rate"},
		{"single person: −10%", "2025-06-01", "15000", 1, "access", "2138.40", "178.20", "20217.01", "social-rent-emilia-romagna.access_objective_share"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := src.SocialRent(erBands(t), day(tc.on), SocialRentInput{ISEE: isee(tc.isee), Members: tc.members, AreaSqm: dec("60"), Classes: medium})
			require.NoError(t, err)
			assert.Equal(t, tc.band, r.Band)
			requireDec(t, tc.annual, r.RentAnnual)
			requireDec(t, tc.monthly, r.RentMonthly)
			if tc.limit == "" {
				assert.Nil(t, r.BandLimit)
			} else {
				require.NotNil(t, r.BandLimit)
				requireDec(t, tc.limit, *r.BandLimit)
			}
			assert.Contains(t, r.Placeholders, tc.placeholder)
			assert.Equal(t, "band.placeholders", r.Reasons[len(r.Reasons)-1].Code)
		})
	}
}

// Rounding: the objective rent is rounded to the cent once a year, the
// monthly rent is the annual ÷ 12 rounded half away from zero.
func TestSocialRentRounding(t *testing.T) {
	r, err := shipped(t).SocialRent(erBands(t), day("2025-06-01"), SocialRentInput{ISEE: isee("15000"), Members: 3, AreaSqm: dec("57.3"),
		Classes: map[string]string{"quality": "low", "location": "peripheral", "comune": "small"}})
	require.NoError(t, err)
	// 57.3 × 45 × 0.9 × 0.9 × 0.9 = 1,879.7265 → 1,879.73; ÷ 12 = 156.644… → 156.64.
	requireDec(t, "1879.73", *r.ObjectiveAnnual)
	requireDec(t, "156.64", *r.ObjectiveMonthly)
	// 80% → 1,503.784 → 1,503.78; ÷ 12 = 125.315 → 125.32 (half away from zero).
	requireDec(t, "1503.78", r.RentAnnual)
	requireDec(t, "125.32", r.RentMonthly)
	assert.Equal(t, "annual objective rent €1,879.73 = 57.3 m² × €45.00 per m² a year × coefficients (quality low 0.9, location peripheral 0.9, comune small 0.9)", r.Reasons[1].Text.EN)
	assert.Equal(t, "band access: monthly rent €125.32 (annual €1,503.78)", r.Text.EN)
	assert.Equal(t, "fascia accesso: canone mensile 125,32 € (annuo 1.503,78 €)", r.Text.IT)
}

func TestSocialRentErrors(t *testing.T) {
	src := shipped(t)
	_, err := src.SocialRent(erBands(t), day("2025-06-01"), SocialRentInput{Members: 0, AreaSqm: dec("-1")})
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "isee: not given: table emilia-romagna sets bands on the isee")
	assert.Contains(t, err.Error(), "members: 0: a household has at least one member")
	assert.Contains(t, err.Error(), "area_sqm: -1 is negative")
	_, err = src.SocialRent(erBands(t), day("2025-06-01"), SocialRentInput{ISEE: isee("15000"), Members: 2, AreaSqm: dec("60"), Classes: map[string]string{"quality": "luxury", "location": "central"}})
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), `classes.quality: dwelling class "luxury"; want one of high, low, medium`)
	assert.Contains(t, err.Error(), `classes.comune: dwelling class ""; want one of large, small`)
	// Before the access limits exist.
	_, err = src.SocialRent(erBands(t), day("2020-06-01"), SocialRentInput{ISEE: isee("15000"), Members: 2, AreaSqm: dec("60"), Classes: medium})
	require.ErrorIs(t, err, housing.ErrNotFound)
	assert.Contains(t, err.Error(), "erp-access-limits.emilia_romagna_isee_access has no value on 2020-06-01")
	// The protection band needs no dwelling class.
	_, err = src.SocialRent(erBands(t), day("2025-06-01"), SocialRentInput{ISEE: isee("100"), Members: 2})
	assert.NoError(t, err)

	_, err = ParseBandTable("t.yaml", []byte(`id: t
title: {it: x, en: x}
measure: wealth
bands:
  - {code: a, label: {it: a, en: a}, rent: share_of_objective, share: s}
  - {code: a, label: {it: b, en: b}, up_to: l, rent: share_of_rent, share: s}
`))
	require.ErrorIs(t, err, housing.ErrInvalid)
	for _, want := range []string{
		`t.yaml:6:5: bands[1]: rent "share_of_rent"; want share_of_income or share_of_objective`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = ParseBandTable("t.yaml", []byte(`id: t
title: {it: x, en: x}
measure: wealth
bands:
  - {code: a, label: {it: a, en: a}, rent: share_of_objective, share: s}
  - {code: a, label: {it: b, en: b}, up_to: l, rent: share_of_income, share: s}
`))
	for _, want := range []string{
		`t.yaml:3:10: measure: "wealth"; want income or isee`,
		"t.yaml:5:5: bands[0]: band a needs up_to (only the last band is open)",
		"t.yaml:5:5: bands[0]: band a is a share of the objective rent, but the table has no objective_rent",
		"t.yaml:6:5: bands[1]: the last band a has no upper limit: remove up_to",
		`t.yaml:6:5: bands[1]: band code "a" is used twice`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	// Limits must increase on the date of the calculation.
	tbl, err := ParseBandTable("d.yaml", []byte(`id: d
title: {it: x, en: x}
measure: income
parameters:
  low: {unit: EUR/year, values: {2020-01-01: 10000}}
  high: {unit: EUR/year, values: {2020-01-01: 9000}}
  share: {unit: percent, values: {2020-01-01: 10}}
bands:
  - {code: a, label: {it: a, en: a}, up_to: low, rent: share_of_income, share: share}
  - {code: b, label: {it: b, en: b}, up_to: high, rent: share_of_income, share: share}
  - {code: c, label: {it: c, en: c}, rent: share_of_income, share: share}
`))
	require.NoError(t, err)
	_, err = src.SocialRent(tbl, day("2025-01-01"), SocialRentInput{IncomeAnnual: isee("5000"), Members: 1})
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "d.yaml:10:5: table.bands[1].up_to: band b's limit 9000 is not above the previous band's 10000")
}

// A variant replaces the placeholders with confirmed figures: the result
// then lists none.
func TestSocialRentConfirmedFiguresHaveNoPlaceholders(t *testing.T) {
	tbl, err := ParseBandTable("own.yaml", []byte(`id: own
title: {it: x, en: x}
measure: income
parameters:
  limit: {unit: EUR/year, values: {2020-01-01: 10000}}
  low_share: {unit: percent, values: {2020-01-01: 10}}
  rate: {unit: EUR/m2, values: {2020-01-01: 3.5}}
  full: {unit: ratio, values: {2020-01-01: 1}}
objective_rent: {rate: rate, rate_period: month}
bands:
  - {code: low, label: {it: bassa, en: low}, up_to: limit, rent: share_of_income, share: low_share}
  - {code: high, label: {it: alta, en: high}, rent: share_of_objective, share: full}
`))
	require.NoError(t, err)
	r, err := shipped(t).SocialRent(tbl, day("2025-01-01"), SocialRentInput{IncomeAnnual: isee("12000"), Members: 2, AreaSqm: dec("50")})
	require.NoError(t, err)
	assert.Equal(t, "high", r.Band)
	// Monthly rate: 50 × 3.5 = 175.00 a month, 2,100.00 a year.
	requireDec(t, "175", *r.ObjectiveMonthly)
	requireDec(t, "2100", *r.ObjectiveAnnual)
	requireDec(t, "175", r.RentMonthly)
	assert.Empty(t, r.Placeholders)
	r, err = shipped(t).SocialRent(tbl, day("2025-01-01"), SocialRentInput{IncomeAnnual: isee("9999.99"), Members: 2})
	require.NoError(t, err)
	requireDec(t, "1000", r.RentAnnual) // 999.999 → 1,000.00
	requireDec(t, "83.33", r.RentMonthly)
}

func FuzzParseBandTable(f *testing.F) {
	if data, err := policiesFS.ReadFile("policies/bands/emilia-romagna.yaml"); err == nil {
		f.Add(data)
	}
	src, err := Shipped()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := ParseBandTable("f.yaml", data)
		if err != nil {
			var e *housing.Error
			if !assert.ErrorAs(t, err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		// Applying it may fail (missing figures, classes) but never panics.
		v := dec("12000")
		_, _ = src.SocialRent(tbl, day("2025-06-01"), SocialRentInput{ISEE: &v, IncomeAnnual: &v, Members: 1, AreaSqm: dec("50"), Classes: medium})
	})
}

func FuzzParseSupportScheme(f *testing.F) {
	if data, err := policiesFS.ReadFile("policies/support/l431-art11.yaml"); err == nil {
		f.Add(data)
	}
	src, err := Shipped()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSupportScheme("f.yaml", data)
		if err != nil {
			var e *housing.Error
			if !assert.ErrorAs(t, err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		_, _ = src.Support(s, 2025, SupportInput{Composition: comp(ref(70, 0)), IncomeAnnual: dec("12000"), ISEE: isee("9000"), RentMonthly: dec("500"), Region: "Sicilia"})
	})
}
