package rentcalc

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
)

// ISEEInput is what the ISEE estimate reads. Amounts are annual, in euros.
type ISEEInput struct {
	// Composition gives the equivalence scale and the cohabiting children
	// (members with role child) of the rent deduction.
	Composition Composition `json:"composition"`
	// EmploymentIncome is the household's employment income (lavoro
	// dipendente), which has its own deduction.
	EmploymentIncome decimal.Decimal `json:"employment_income"`
	// PensionIncome is the household's pension income, which has its own
	// deduction.
	PensionIncome decimal.Decimal `json:"pension_income"`
	// OtherIncome is every other income (self-employment, benefits,
	// maintenance…), counted without deduction.
	OtherIncome decimal.Decimal `json:"other_income"`
	// RentAnnual is the annual rent of the registered lease of the
	// household's home (zero when it does not rent).
	RentAnnual decimal.Decimal `json:"rent_annual"`
	// FinancialAssets and RealEstateAssets are the ISEE values of the
	// household's wealth (patrimonio mobiliare and immobiliare).
	FinancialAssets  decimal.Decimal `json:"financial_assets"`
	RealEstateAssets decimal.Decimal `json:"real_estate_assets"`
}

// ISEEInputOf builds the estimate's input from a household on date on:
// incomes by kind (employment, pension, everything else as other), the
// annual rent as 12 × the household's monthly CurrentRent, and the declared
// assets (none when not declared). It returns a CodeInvalid error when some
// member's incomes are not declared.
func ISEEInputOf(h housing.Household, on housing.Date) (ISEEInput, error) {
	if _, err := AnnualIncome(h); err != nil {
		return ISEEInput{}, err
	}
	in := ISEEInput{Composition: CompositionOf(h, on)}
	for _, m := range h.Members {
		for _, src := range m.Incomes {
			switch src.Kind {
			case housing.IncomeEmployment:
				in.EmploymentIncome = in.EmploymentIncome.Add(src.Annual)
			case housing.IncomePension:
				in.PensionIncome = in.PensionIncome.Add(src.Annual)
			default:
				in.OtherIncome = in.OtherIncome.Add(src.Annual)
			}
		}
	}
	if h.CurrentRent != nil {
		in.RentAnnual = h.CurrentRent.Mul(twelve)
	}
	if h.Assets != nil {
		in.FinancialAssets, in.RealEstateAssets = h.Assets.Financial, h.Assets.RealEstate
	}
	return in, nil
}

// ISEEEstimate is an estimate of a household's ISEE and how it was reached.
//
// It is an ESTIMATE for simulations, not the INPS computation: it applies
// the formula of DPCM 159/2013 (ISE = ISR + 20% × ISP, ISEE = ISE ÷ scale)
// with the main ISR deductions only — the rent (up to €7,000, +€500 for each
// cohabiting child after the second), 20% of employment income (up to
// €3,000) and 20% of pensions (up to €1,000), each applied once to the
// household's total — and takes the assets as given. The official ISEE
// also has deductions and allowances on the assets, other income items and
// rules this estimate leaves out. Figures come from the parameter file
// "isee".
type ISEEEstimate struct {
	Date  housing.Date `json:"date"`
	Scale ScaleValue   `json:"scale"`
	// Income is the sum of the incomes before deductions.
	Income     decimal.Decimal `json:"income"`
	Deductions []Deduction     `json:"deductions"`
	// ISR is the income indicator: income less deductions, not below zero.
	ISR decimal.Decimal `json:"isr"`
	// ISP is the assets indicator: financial plus real-estate assets.
	ISP decimal.Decimal `json:"isp"`
	// ISE = ISR + share × ISP, exact.
	ISE decimal.Decimal `json:"ise"`
	// ISEE = ISE ÷ scale, rounded to the cent half away from zero (the
	// only rounding of the estimate).
	ISEE    decimal.Decimal `json:"isee"`
	Figures []Figure        `json:"figures"`
	Text    housing.Text    `json:"text"`
}

// Deduction is one deduction from the ISR: the amount it applies to (Base),
// the amount deducted, and its cap.
type Deduction struct {
	Code   string          `json:"code"`
	Base   decimal.Decimal `json:"base"`
	Amount decimal.Decimal `json:"amount"`
	Cap    decimal.Decimal `json:"cap"`
	Text   housing.Text    `json:"text"`
}

// EstimateISEE estimates the ISEE of in as of date on with the equivalence
// scale named scale ("" means ScaleISEE). It returns a CodeInvalid error for
// negative amounts or an invalid composition, and a CodeNotFound error when
// a figure has no value on that date.
func (s *Sources) EstimateISEE(in ISEEInput, on housing.Date, scale string) (*ISEEEstimate, error) {
	if err := s.errNil(); err != nil {
		return nil, err
	}
	var ps housing.Problems
	in.Composition.validate(&ps, "composition")
	for _, a := range []struct {
		path string
		v    decimal.Decimal
	}{{"employment_income", in.EmploymentIncome}, {"pension_income", in.PensionIncome}, {"other_income", in.OtherIncome}, {"rent_annual", in.RentAnnual}, {"financial_assets", in.FinancialAssets}, {"real_estate_assets", in.RealEstateAssets}} {
		if a.v.IsNegative() {
			ps.Add(a.path, "%s is negative", a.v)
		}
	}
	if err := ps.Err("invalid ISEE input"); err != nil {
		return nil, err
	}
	if scale == "" {
		scale = ScaleISEE
	}
	sc, err := s.Scale(scale, on)
	if err != nil {
		return nil, err
	}
	l := &lookup{src: s, on: on}
	eur := []params.Unit{params.UnitEURYear}
	empRate := l.get("", "isee.employment_deduction_rate", params.UnitRatio)
	empCap := l.get("", "isee.employment_deduction_cap", eur...)
	penRate := l.get("", "isee.pension_deduction_rate", params.UnitRatio)
	penCap := l.get("", "isee.pension_deduction_cap", eur...)
	rentCap := l.get("", "isee.rent_deduction_cap", eur...)
	perChild := l.get("", "isee.rent_deduction_per_further_child", eur...)
	before := l.count("", "isee.rent_deduction_children_before_increase", params.UnitCount)
	ispShare := l.get("", "isee.isp_share", params.UnitRatio)
	if len(l.ps) > 0 {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: "rentcalc.figures_not_in_force", Message: "ISEE figures missing on " + on.String(), Problems: l.ps}
	}

	e := &ISEEEstimate{Date: on, Scale: sc.Value(in.Composition)}
	e.Figures = append(sc.Figures(), l.used...)
	e.Income = in.EmploymentIncome.Add(in.PensionIncome).Add(in.OtherIncome)

	children := 0
	for _, m := range in.Composition.Members {
		if m.Role == housing.RoleChild {
			children++
		}
	}
	rentLimit := rentCap.Value.Add(perChild.Value.Mul(decimal.NewFromInt(int64(max(0, children-before)))))
	// deduct records min(base × rate, limit); the rent deduction has rate
	// 1 (the rent itself, up to the limit) and its text shows no rate.
	deduct := func(code string, base, rate, limit decimal.Decimal, showRate bool) {
		if base.IsZero() {
			return
		}
		amount := decimal.Min(base.Mul(rate), limit)
		args := []any{money(base), money(amount), money(limit)}
		if showRate {
			args = []any{money(base), percent(rate), money(amount), money(limit)}
		}
		e.Deductions = append(e.Deductions, Deduction{Code: code, Base: base, Amount: amount, Cap: limit, Text: text(code, args...)})
	}
	deduct("isee.deduction.employment", in.EmploymentIncome, empRate.Value, empCap.Value, true)
	deduct("isee.deduction.pension", in.PensionIncome, penRate.Value, penCap.Value, true)
	deduct("isee.deduction.rent", in.RentAnnual, one, rentLimit, false)

	e.ISR = e.Income
	for _, d := range e.Deductions {
		e.ISR = e.ISR.Sub(d.Amount)
	}
	e.ISR = decimal.Max(e.ISR, decimal.Zero)
	e.ISP = in.FinancialAssets.Add(in.RealEstateAssets)
	e.ISE = e.ISR.Add(ispShare.Value.Mul(e.ISP))
	e.ISEE = e.ISE.DivRound(e.Scale.Value, 2)
	e.Text = text("isee.estimate", money(e.ISR), number(ispShare.Value), money(e.ISP), money(e.ISE), number(e.Scale.Value), money(e.ISEE))
	return e, nil
}
