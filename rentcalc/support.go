package rentcalc

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Measure is the means measure a limit applies to.
type Measure string

// The values of Measure.
const (
	MeasureIncome Measure = "income" // the household's declared annual income
	MeasureISEE   Measure = "isee"   // the household's declared ISEE
)

// RaiseTarget says what the raise for households with an elderly or
// disabled member increases (DM 7 June 1999: the contribution or the income
// limits, by up to 25%).
type RaiseTarget string

// The values of RaiseTarget.
const (
	RaiseContribution RaiseTarget = "contribution"
	RaiseIncomeLimits RaiseTarget = "income_limits"
	RaiseNone         RaiseTarget = "none"
)

// SupportScheme is how a municipality applies the national rent-support
// fund: which raise it grants and, per region, which parameter is band B's
// income limit and which measure it applies to. The bands, incidences and
// caps themselves are the parameters of "rent-support-fund".
type SupportScheme struct {
	ID          string             `yaml:"id" json:"id" required:"true"`
	Title       housing.Text       `yaml:"title" json:"title" required:"true"`
	Description housing.Text       `yaml:"description" json:"description"`
	References  []params.Reference `yaml:"references" json:"references,omitempty"`
	// Parameters are the scheme's own figures, referred to by bare name.
	Parameters params.Set      `yaml:"parameters" json:"-"`
	Raise      SupportRaise    `yaml:"raise" json:"raise" required:"true"`
	Regions    []SupportRegion `yaml:"regions" json:"regions" required:"true"`
}

// SupportRaise is the raise for households with a member over 65 or
// disabled: what it applies to and its rate (a parameter reference, at most
// rent-support-fund.raise_max).
type SupportRaise struct {
	AppliesTo RaiseTarget `yaml:"applies_to" json:"applies_to" required:"true"`
	Rate      string      `yaml:"rate" json:"rate,omitempty"`
}

// SupportRegion names band B's income limit for a region.
type SupportRegion struct {
	// Names are the region's names as households record them.
	Names      []string `yaml:"names" json:"names" required:"true"`
	BandBLimit string   `yaml:"band_b_limit" json:"band_b_limit" required:"true"`
	Measure    Measure  `yaml:"measure" json:"measure" required:"true"`
}

// UnmarshalYAML decodes the raise and checks it (see yaml.Unmarshaler).
func (r *SupportRaise) UnmarshalYAML(n *yaml.Node) error {
	d := reader.NewDecoder("")
	type plain SupportRaise
	var p plain
	d.Decode(n, &p)
	*r = SupportRaise(p)
	if d.Count() > 0 {
		return d.Err()
	}
	switch {
	case r.AppliesTo != RaiseContribution && r.AppliesTo != RaiseIncomeLimits && r.AppliesTo != RaiseNone:
		d.Errorf(n, "applies_to %q; want contribution, income_limits or none", r.AppliesTo)
	case r.AppliesTo == RaiseNone && r.Rate != "":
		d.Errorf(n, "a raise that applies to none has no rate")
	case r.AppliesTo != RaiseNone && r.Rate == "":
		d.Errorf(n, "a raise needs a rate, such as rent-support-fund.raise_max")
	case r.Rate != "" && !validRef(r.Rate):
		d.Errorf(n, "parameter reference %q: want name or file-id.name", r.Rate)
	}
	return d.Err()
}

// UnmarshalYAML decodes a region and checks it (see yaml.Unmarshaler).
func (r *SupportRegion) UnmarshalYAML(n *yaml.Node) error {
	d := reader.NewDecoder("")
	type plain SupportRegion
	var p plain
	d.Decode(n, &p)
	*r = SupportRegion(p)
	if d.Count() > 0 {
		return d.Err()
	}
	if len(r.Names) == 0 {
		d.Errorf(n, "a region needs at least one name")
	}
	if !validRef(r.BandBLimit) {
		d.Errorf(n, "parameter reference %q: want name or file-id.name", r.BandBLimit)
	}
	if r.Measure != MeasureIncome && r.Measure != MeasureISEE {
		d.Errorf(n, "measure %q; want income or isee", r.Measure)
	}
	return d.Err()
}

// ParseSupportScheme reads a support scheme (YAML or JSON), reporting every
// problem at "name:line:column" in a CodeInvalid *housing.Error.
func ParseSupportScheme(name string, data []byte) (*SupportScheme, error) {
	var s SupportScheme
	err := reader.Read(name, data, &s, reader.Validate(func() []reader.Problem {
		var ps []reader.Problem
		seen := map[string]bool{}
		for i, r := range s.Regions {
			for j, n := range r.Names {
				k := strings.ToLower(n)
				if seen[k] {
					ps = append(ps, reader.Problem{Path: housing.Index(housing.Index("regions", i)+".names", j), Message: fmt.Sprintf("region name %q is listed twice", n)})
				}
				seen[k] = true
			}
		}
		return ps
	}))
	if err != nil {
		return nil, input.Err(err, "invalid support scheme "+name)
	}
	return &s, nil
}

// SchemeL431 is the id of the shipped support scheme: the national fund of
// L. 431/1998 art. 11 with the contribution raised by 25% for households
// with a member over 65 or disabled, and band B limits for Emilia-Romagna,
// Lombardy and Sicily.
const SchemeL431 = "l431-art11"

var shippedSchemes = sync.OnceValues(func() (*shippedSet[*SupportScheme], error) {
	return loadShipped("policies/support", ParseSupportScheme, func(s *SupportScheme) string { return s.ID })
})

// ShippedSupportScheme returns the shipped support scheme id (SchemeL431),
// or a CodeNotFound error.
func ShippedSupportScheme(id string) (*SupportScheme, error) {
	s, err := shippedSchemes()
	if err != nil {
		return nil, err
	}
	return s.get("support scheme", id)
}

func (s *SupportScheme) region(name string) (SupportRegion, bool) {
	for _, r := range s.Regions {
		for _, n := range r.Names {
			if strings.EqualFold(strings.TrimSpace(name), n) {
				return r, true
			}
		}
	}
	return SupportRegion{}, false
}

func (s *SupportScheme) regionNames() string {
	var names []string
	for _, r := range s.Regions {
		names = append(names, r.name())
	}
	return strings.Join(names, ", ")
}

// name returns the region's first name.
func (r SupportRegion) name() string {
	if len(r.Names) == 0 {
		return ""
	}
	return r.Names[0]
}

// SupportInput is what the rent-support calculation reads.
type SupportInput struct {
	// Composition is read for the raise: a member aged over 65 (parameter
	// rent-support-fund.raise_min_age) or disabled.
	Composition Composition `json:"composition"`
	// IncomeAnnual is the household's taxable annual income, as declared.
	IncomeAnnual decimal.Decimal `json:"income_annual"`
	// ISEE is the declared ISEE, needed where band B's limit is an ISEE.
	ISEE *decimal.Decimal `json:"isee,omitempty"`
	// RentMonthly is the monthly rent of the registered lease, in cents.
	// Give it or RentAnnual, not both.
	RentMonthly decimal.Decimal `json:"rent_monthly,omitzero"`
	// RentAnnual is the yearly rent of the registered lease (the figure the
	// rent-support calls ask for), in cents; give it or RentMonthly.
	RentAnnual decimal.Decimal `json:"rent_annual,omitzero"`
	// Region is the household's region, which names band B's limit.
	Region string `json:"region"`
}

// SupportInputOf builds the input for household h and a monthly rent, with
// the composition on date on, the declared income and ISEE, and the region
// of residence. It returns a CodeInvalid error when incomes are not declared.
func SupportInputOf(h housing.Household, on housing.Date, rentMonthly decimal.Decimal) (SupportInput, error) {
	income, err := AnnualIncome(h)
	if err != nil {
		return SupportInput{}, err
	}
	in := SupportInput{Composition: CompositionOf(h, on), IncomeAnnual: income, RentMonthly: rentMonthly, Region: h.Residence.Region}
	if h.ISEE != nil {
		v := h.ISEE.Value
		in.ISEE = &v
	}
	return in, nil
}

// Band is a band of the national rent-support fund.
type Band string

// The values of Band.
const (
	BandA    Band = "A"
	BandB    Band = "B"
	BandNone Band = "none"
)

// Reason is one reason of a result: a stable code and its text.
type Reason struct {
	Code string       `json:"code"`
	Text housing.Text `json:"text"`
}

// Support is the annual rent-support contribution of the national fund for
// one household and year, with how it was reached.
type Support struct {
	Scheme string       `json:"scheme"`
	Year   int          `json:"year"`
	Date   housing.Date `json:"date"`
	Band   Band         `json:"band"`
	// Code is "support.band_a" or "support.band_b" (a contribution),
	// "support.incidence_below" (in a band, but the rent's incidence does
	// not exceed the band's) or "support.income_above" (no band).
	Code         string          `json:"code"`
	IncomeAnnual decimal.Decimal `json:"income_annual"`
	// RentAnnual is 12 × the monthly rent.
	RentAnnual decimal.Decimal `json:"rent_annual"`
	// Incidence is RentAnnual ÷ IncomeAnnual rounded to 4 decimals (nil for
	// a zero income).
	Incidence *decimal.Decimal `json:"incidence"`
	// Measure and MeasureValue are what was compared with IncomeLimit.
	Measure      Measure         `json:"measure"`
	MeasureValue decimal.Decimal `json:"measure_value"`
	// IncomeLimit is the limit of the band (band B's for BandNone), raised
	// when the raise applies to income limits.
	IncomeLimit decimal.Decimal `json:"income_limit"`
	// BandALimit is 2 × the minimum pension × 13 (raised likewise).
	BandALimit decimal.Decimal `json:"band_a_limit"`
	// TargetIncidence is the band's incidence (14% or 24%).
	TargetIncidence decimal.Decimal `json:"target_incidence"`
	// Uncapped is max(0, RentAnnual − TargetIncidence × IncomeAnnual).
	Uncapped decimal.Decimal `json:"uncapped"`
	// Cap is the band's cap, raised and rounded to the cent when the raise
	// applies to the contribution.
	Cap decimal.Decimal `json:"cap"`
	// RaiseRate is the raise applied (zero when none).
	RaiseRate decimal.Decimal `json:"raise_rate"`
	// Contribution is the annual contribution: min(Uncapped, cap), raised,
	// rounded to the cent half away from zero, and at most RentAnnual.
	Contribution decimal.Decimal `json:"contribution"`
	Reasons      []Reason        `json:"reasons"`
	Figures      []Figure        `json:"figures"`
	Text         housing.Text    `json:"text"`
}

// Support computes the annual contribution of the national rent-support
// fund (L. 431/1998 art. 11) for year, with the figures in force on 1
// January of that year:
//
//   - band A: income ≤ 2 × the INPS minimum pension × 13; the contribution
//     brings the rent's incidence down to 14%, at most €3,098.74;
//   - band B: the region's measure (income or ISEE) ≤ its ERP access limit;
//     down to 24%, at most €2,324.06;
//   - with a member over 65 or disabled, the scheme's raise (up to 25%)
//     increases the contribution or the income limits.
//
// The contribution is rounded once, to the cent half away from zero. Funds
// that fall short are shared with ProRate or ProRateShare. It returns a
// CodeInvalid error for bad input (including a region the scheme does not
// list, or a missing ISEE where band B needs it) and CodeNotFound when a
// figure has no value on that date.
func (s *Sources) Support(scheme *SupportScheme, year int, in SupportInput) (*Support, error) {
	if err := s.errNil(); err != nil {
		return nil, err
	}
	if scheme == nil {
		return nil, nilArgument("the support scheme")
	}
	var ps housing.Problems
	if year < 1 || year > 9999 {
		ps.Add("year", "%d is outside 1..9999", year)
	}
	if in.IncomeAnnual.IsNegative() {
		ps.Add("income_annual", "%s is negative", in.IncomeAnnual)
	}
	if in.RentMonthly.IsNegative() {
		ps.Add("rent_monthly", "%s is negative", in.RentMonthly)
	} else if !isCents(in.RentMonthly) {
		ps.Add("rent_monthly", "%s has digits below the cent", in.RentMonthly)
	}
	if in.RentAnnual.IsNegative() {
		ps.Add("rent_annual", "%s is negative", in.RentAnnual)
	} else if !isCents(in.RentAnnual) {
		ps.Add("rent_annual", "%s has digits below the cent", in.RentAnnual)
	}
	if !in.RentMonthly.IsZero() && !in.RentAnnual.IsZero() {
		ps.Add("rent_annual", "give the rent by the month or by the year, not both (rent_monthly is %s)", in.RentMonthly)
	}
	if in.ISEE != nil && in.ISEE.IsNegative() {
		ps.Add("isee", "%s is negative", *in.ISEE)
	}
	if scheme.Raise.AppliesTo != RaiseContribution && scheme.Raise.AppliesTo != RaiseIncomeLimits && scheme.Raise.AppliesTo != RaiseNone {
		ps.Add("scheme.raise.applies_to", "%q; want contribution, income_limits or none", scheme.Raise.AppliesTo)
	}
	region, ok := scheme.region(in.Region)
	if !ok {
		ps.Add("region", "scheme %s names no band B limit for region %q; want one of %s", scheme.ID, in.Region, scheme.regionNames())
	}
	in.Composition.validate(&ps, "composition")
	if err := ps.Err("invalid rent-support input"); err != nil {
		return nil, err
	}
	on, _ := housing.NewDate(year, time.January, 1)
	l := &lookup{src: s.With(scheme.ID, &scheme.Parameters), on: on, local: scheme.ID}
	eurYear := []params.Unit{params.UnitEURYear}
	pension := l.get("", "minimum-pension.monthly_amount", params.UnitEURMonth)
	payments := l.get("", "minimum-pension.payments_per_year", params.UnitCount)
	pensions := l.get("", "rent-support-fund.band_a_minimum_pensions", params.UnitCount)
	incA := l.get("", "rent-support-fund.band_a_incidence", params.UnitRatio)
	capA := l.get("", "rent-support-fund.band_a_cap", eurYear...)
	incB := l.get("", "rent-support-fund.band_b_incidence", params.UnitRatio)
	capB := l.get("", "rent-support-fund.band_b_cap", eurYear...)
	raiseMax := l.get("", "rent-support-fund.raise_max", params.UnitRatio)
	raiseAge := l.count("", "rent-support-fund.raise_min_age", params.UnitYears)
	limitBF := l.get("", region.BandBLimit, eurYear...)
	var rate decimal.Decimal
	if scheme.Raise.AppliesTo != RaiseNone {
		f := l.get("", scheme.Raise.Rate, params.UnitRatio, params.UnitPercent)
		rate = f.Ratio()
		if f.Ref != "" && raiseMax.Ref != "" && (rate.IsNegative() || rate.GreaterThan(raiseMax.Value)) {
			l.add(f.Ref, "raise %s is outside 0..%s (rent-support-fund.raise_max)", rate, raiseMax.Value)
		}
	}
	if len(l.ps) > 0 {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: "rentcalc.figures_not_in_force", Message: "rent-support figures missing or invalid on " + on.String(), Problems: l.ps}
	}

	out := &Support{Scheme: scheme.ID, Year: year, Date: on, IncomeAnnual: in.IncomeAnnual, Figures: l.used, RaiseRate: decimal.Zero}
	out.RentAnnual = in.RentAnnual
	if in.RentAnnual.IsZero() {
		out.RentAnnual = in.RentMonthly.Mul(twelve)
	}
	if !in.IncomeAnnual.IsZero() {
		v := out.RentAnnual.DivRound(in.IncomeAnnual, 4)
		out.Incidence = &v
	}
	limitA := pensions.Value.Mul(pension.Value).Mul(payments.Value)
	limitB := limitBF.Value
	raised := false
	if scheme.Raise.AppliesTo != RaiseNone && rate.IsPositive() {
		for _, m := range in.Composition.Members {
			if m.Age >= raiseAge || m.Disability.Disabled() {
				raised = true
				break
			}
		}
	}
	factor := one
	if raised {
		factor = one.Add(rate)
		out.RaiseRate = rate
		out.Reasons = append(out.Reasons, Reason{"support.raised", text("support.raised", percent(rate), raiseAge, msgKey("support.raise."+string(scheme.Raise.AppliesTo)))})
		if scheme.Raise.AppliesTo == RaiseIncomeLimits {
			limitA, limitB = limitA.Mul(factor), limitB.Mul(factor)
		}
	}
	out.BandALimit = limitA
	// Band A is on taxable income alone (L. 431/1998 art. 11, DM 7 June
	// 1999): an ISEE is asked only when the income is above band A and the
	// region's band B limit is an ISEE.
	if region.Measure == MeasureISEE && in.ISEE == nil && in.IncomeAnnual.GreaterThan(limitA) {
		return nil, housing.Errorf(housing.CodeInvalid, "rentcalc.isee_needed", "invalid rent-support input: isee: not declared: the income %s is above band A (%s) and band B in %s is an ISEE limit", in.IncomeAnnual.StringFixed(2), limitA.StringFixed(2), region.name())
	}
	measureB := in.IncomeAnnual
	if region.Measure == MeasureISEE && in.ISEE != nil {
		measureB = *in.ISEE
	}
	var cap decimal.Decimal
	switch {
	case in.IncomeAnnual.LessThanOrEqual(limitA):
		out.Band, out.Measure, out.MeasureValue, out.IncomeLimit = BandA, MeasureIncome, in.IncomeAnnual, limitA
		out.TargetIncidence, cap = incA.Value, capA.Value
	case measureB.LessThanOrEqual(limitB):
		out.Band, out.Measure, out.MeasureValue, out.IncomeLimit = BandB, region.Measure, measureB, limitB
		out.TargetIncidence, cap = incB.Value, capB.Value
	default:
		out.Band, out.Measure, out.MeasureValue, out.IncomeLimit = BandNone, region.Measure, measureB, limitB
		out.Code = "support.income_above"
		out.Uncapped, out.Cap, out.Contribution = decimal.Zero, decimal.Zero, decimal.Zero
		out.Text = text(out.Code, msgKey("support.measure."+string(region.Measure)), money(measureB), money(limitB))
		out.Reasons = append([]Reason{{out.Code, out.Text}}, out.Reasons...)
		return out, nil
	}
	out.Uncapped = decimal.Max(decimal.Zero, out.RentAnnual.Sub(out.TargetIncidence.Mul(in.IncomeAnnual)))
	contribution := decimal.Min(out.Uncapped, cap)
	capped := out.Uncapped.GreaterThan(cap)
	out.Cap = cap
	if raised && scheme.Raise.AppliesTo == RaiseContribution {
		contribution = contribution.Mul(factor)
		out.Cap = roundCent(cap.Mul(factor))
	}
	out.Contribution = decimal.Min(roundCent(contribution), out.RentAnnual)
	band := string(out.Band)
	if out.Uncapped.IsZero() {
		out.Code = "support.incidence_below"
		out.Text = text(out.Code, band, percent(incidence(out)), percent(out.TargetIncidence))
	} else {
		out.Code = "support.band_" + strings.ToLower(band)
		out.Text = text(out.Code, msgKey("support.measure."+string(out.Measure)), money(out.MeasureValue), money(out.IncomeLimit), money(out.Contribution), percent(out.TargetIncidence), money(out.Cap))
	}
	reasons := []Reason{{out.Code, out.Text}}
	if capped {
		reasons = append(reasons, Reason{"support.capped", text("support.capped", money(out.Uncapped), money(cap))})
	}
	out.Reasons = append(reasons, out.Reasons...)
	return out, nil
}

func incidence(s *Support) decimal.Decimal {
	if s.Incidence == nil {
		return decimal.Zero
	}
	return *s.Incidence
}

// ProRate shares funds among requested contributions when they fall short
// (municipalities pro-rate to the funds available): each request gets its
// proportional share rounded down to the cent, and the cents left over go
// one each to the largest remainders (ties to the earlier request). The
// shares add up to the funds exactly, and none exceeds its request. When
// the funds cover every request, each is paid in full. Requests and funds
// must be whole cents, not negative (CodeInvalid otherwise).
func ProRate(requests []decimal.Decimal, funds decimal.Decimal) ([]decimal.Decimal, error) {
	var ps housing.Problems
	total := decimal.Zero
	for i, r := range requests {
		if r.IsNegative() || !isCents(r) {
			ps.Add(housing.Index("requests", i), "%s: want an amount of euros and cents, not negative", r)
		}
		total = total.Add(r)
	}
	if funds.IsNegative() || !isCents(funds) {
		ps.Add("funds", "%s: want an amount of euros and cents, not negative", funds)
	}
	if err := ps.Err("invalid pro-rating"); err != nil {
		return nil, err
	}
	out := make([]decimal.Decimal, len(requests))
	if funds.GreaterThanOrEqual(total) {
		copy(out, requests)
		return out, nil
	}
	rems := make([]decimal.Decimal, len(requests))
	given := decimal.Zero
	for i, r := range requests {
		num := r.Mul(funds)
		out[i] = floorCentsOf(num, total)
		rems[i] = num.Sub(out[i].Mul(total))
		given = given.Add(out[i])
	}
	left := funds.Sub(given).Div(cent).IntPart()
	order := make([]int, len(requests))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rems[b].Cmp(rems[a]) })
	for _, i := range order[:left] {
		out[i] = out[i].Add(cent)
	}
	return out, nil
}

// ProRateShare pays share (a ratio from 0 to 1, such as the 75.3% Sicily
// paid in 2023) of amount, rounded to the cent half away from zero.
func ProRateShare(amount, share decimal.Decimal) (decimal.Decimal, error) {
	if share.IsNegative() || share.GreaterThan(one) {
		return decimal.Zero, housing.Errorf(housing.CodeInvalid, "rentcalc.invalid_share", "share %s is outside 0..1", share)
	}
	if amount.IsNegative() {
		return decimal.Zero, housing.Errorf(housing.CodeInvalid, "rentcalc.invalid_amount", "amount %s is negative", amount)
	}
	return roundCent(amount.Mul(share)), nil
}
