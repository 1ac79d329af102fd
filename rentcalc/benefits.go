package rentcalc

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
)

// ADITopUp is the rent component of the Assegno di inclusione: the annual
// rent of a registered lease, up to a cap (€3,360 in 2024, €3,640 in 2025).
type ADITopUp struct {
	Date            housing.Date `json:"date"`
	RegisteredLease bool         `json:"registered_lease"`
	// RentAnnual is 12 × the monthly rent.
	RentAnnual decimal.Decimal `json:"rent_annual"`
	Cap        decimal.Decimal `json:"cap"`
	// Amount is min(RentAnnual, Cap) with a registered lease, else zero;
	// exact, as both are whole cents.
	Amount decimal.Decimal `json:"amount"`
	// Code is "adi.top_up", "adi.top_up.capped" or
	// "adi.top_up.no_registered_lease".
	Code    string       `json:"code"`
	Figures []Figure     `json:"figures"`
	Text    housing.Text `json:"text"`
}

// ADIRentTopUp returns the ADI rent top-up for a monthly rent on date on
// (parameter assegno-inclusione.rent_top_up_cap). It returns a CodeInvalid
// error for a negative rent or one with digits below the cent, and
// CodeNotFound before the ADI existed (2024).
func (s *Sources) ADIRentTopUp(on housing.Date, rentMonthly decimal.Decimal, registeredLease bool) (*ADITopUp, error) {
	if err := s.errNil(); err != nil {
		return nil, err
	}
	if rentMonthly.IsNegative() || !isCents(rentMonthly) {
		return nil, (housing.Problems{{Path: "rent_monthly", Message: rentMonthly.String() + ": want an amount of euros and cents, not negative"}}).Err("invalid ADI top-up input")
	}
	capF, err := s.figure("", "assegno-inclusione.rent_top_up_cap", on)
	if err != nil {
		return nil, err
	}
	t := &ADITopUp{Date: on, RegisteredLease: registeredLease, RentAnnual: rentMonthly.Mul(twelve), Cap: capF.Value, Figures: []Figure{capF}, Amount: decimal.Zero}
	switch {
	case !registeredLease:
		t.Code = "adi.top_up.no_registered_lease"
		t.Text = text(t.Code)
	case t.RentAnnual.GreaterThan(t.Cap):
		t.Amount, t.Code = t.Cap, "adi.top_up.capped"
		t.Text = text(t.Code, money(t.RentAnnual), money(t.Cap))
	default:
		t.Amount, t.Code = t.RentAnnual, "adi.top_up"
		t.Text = text(t.Code, money(t.RentAnnual), money(t.Cap))
	}
	return t, nil
}

// ArrearsInput is what the arrears-fund calculation reads.
type ArrearsInput struct {
	// Composition gives the priority members: aged 70 or over, disabled at
	// 74% or more (DisabilityPercent), minors.
	Composition Composition     `json:"composition"`
	ISEE        decimal.Decimal `json:"isee"`
	// Arrears is the rent owed.
	Arrears decimal.Decimal `json:"arrears"`
	// EvictionForArrears: an eviction for arrears has been served.
	EvictionForArrears bool `json:"eviction_for_arrears"`
	// RegisteredLease: the lease is registered.
	RegisteredLease bool `json:"registered_lease"`
	// SocialServicesCase: the household is followed by social services.
	SocialServicesCase bool `json:"social_services_case"`
}

// Arrears is the contribution of the fund for tenants in arrears through no
// fault of their own (DL 102/2013 art. 6 c. 5; DM 30 March 2016).
type Arrears struct {
	Date     housing.Date    `json:"date"`
	Eligible bool            `json:"eligible"`
	Cap      decimal.Decimal `json:"cap"`
	// Amount is min(arrears, cap) when eligible, else zero.
	Amount decimal.Decimal `json:"amount"`
	// Priority is set when a priority condition holds (listed in Reasons
	// with codes "arrears.priority.*").
	Priority bool         `json:"priority"`
	Reasons  []Reason     `json:"reasons"`
	Figures  []Figure     `json:"figures"`
	Text     housing.Text `json:"text"`
}

// ArrearsSupport returns the arrears-fund contribution on date on: eligible
// with ISEE ≤ €26,000, an eviction for arrears and a registered lease, up to
// €12,000; priority for a member aged 70 or over, a member disabled at 74%
// or more, a minor, or a social-services case. It returns CodeInvalid for
// negative amounts and CodeNotFound when a figure has no value then.
func (s *Sources) ArrearsSupport(on housing.Date, in ArrearsInput) (*Arrears, error) {
	if err := s.errNil(); err != nil {
		return nil, err
	}
	var ps housing.Problems
	if in.ISEE.IsNegative() {
		ps.Add("isee", "%s is negative", in.ISEE)
	}
	if in.Arrears.IsNegative() || !isCents(in.Arrears) {
		ps.Add("arrears", "%s: want an amount of euros and cents, not negative", in.Arrears)
	}
	in.Composition.validate(&ps, "composition")
	if err := ps.Err("invalid arrears input"); err != nil {
		return nil, err
	}
	l := &lookup{src: s, on: on}
	limit := l.get("", "arrears-fund.isee_limit", params.UnitEURYear)
	capF := l.get("", "arrears-fund.cap", params.UnitEUR)
	age := l.count("", "arrears-fund.priority_min_age", params.UnitYears)
	pct := l.count("", "arrears-fund.priority_min_disability_percent", params.UnitPercent)
	if len(l.ps) > 0 {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: "rentcalc.figures_not_in_force", Message: "arrears-fund figures missing on " + on.String(), Problems: l.ps}
	}
	a := &Arrears{Date: on, Cap: capF.Value, Amount: decimal.Zero, Figures: l.used, Eligible: true}
	fail := func(code string, args ...any) {
		a.Eligible = false
		a.Reasons = append(a.Reasons, Reason{code, text(code, args...)})
	}
	if in.ISEE.GreaterThan(limit.Value) {
		fail("arrears.isee_above", money(in.ISEE), money(limit.Value))
	}
	if !in.EvictionForArrears {
		fail("arrears.no_eviction")
	}
	if !in.RegisteredLease {
		fail("arrears.no_registered_lease")
	}
	var elderly, disabled, minor bool
	for _, m := range in.Composition.Members {
		elderly = elderly || m.Age >= age
		disabled = disabled || m.DisabilityPercent >= pct
		minor = minor || m.Minor()
	}
	for _, p := range []struct {
		ok   bool
		code string
		args []any
	}{
		{elderly, "arrears.priority.elderly", []any{age}},
		{disabled, "arrears.priority.disabled", []any{pct}},
		{minor, "arrears.priority.minor", nil},
		{in.SocialServicesCase, "arrears.priority.social_services", nil},
	} {
		if p.ok {
			a.Priority = true
			a.Reasons = append(a.Reasons, Reason{p.code, text(p.code, p.args...)})
		}
	}
	if a.Eligible {
		a.Amount = decimal.Min(in.Arrears, a.Cap)
		a.Text = text("arrears.eligible", money(a.Amount), money(in.Arrears), money(a.Cap))
	} else {
		a.Text = text("arrears.not_eligible")
	}
	return a, nil
}
