package rentcalc

import (
	"fmt"
	"math"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
)

// Assessor is a sustainability policy compiled for a date: every figure
// resolved once, every scale built, and the integer form of each test
// prepared for the fast path. It is immutable and safe for concurrent use;
// compile once, assess many households.
type Assessor struct {
	policy *Policy
	on     housing.Date
	tests  []compiledTest
	// needsScale: some test reads the composition.
	needsScale bool
	// fast: every test has an exact integer form.
	fast bool
}

type compiledTest struct {
	Test
	charges bool
	// limit is the maximum incidence or the income multiple, as a ratio.
	limit decimal.Decimal
	// floorAnnual is the residual floor for one person a year.
	floorAnnual decimal.Decimal
	scale       *Scale
	figures     []Figure
	// Integer form (see CheckCents): the test's bound on the monthly rent
	// in cents is ⌊(a × income − b × scale) ÷ den⌋ − charges.
	a, b, den int64
}

// Compile resolves the policy's figures as of date on against s (plus the
// policy's own parameters, under the policy's id). It returns a CodeInvalid
// *housing.Error listing every problem at the test's position: a figure
// with no value on that date, of the wrong unit or out of range, or a scale
// not defined then.
func (s *Sources) Compile(p *Policy, on housing.Date) (*Assessor, error) {
	if err := s.errNil(); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, nilArgument("the policy")
	}
	var ps housing.Problems
	if _, clash := s.files[p.ID]; clash {
		ps.Add(p.ID, "policy id %q is also the id of a parameter file; rename the policy", p.ID)
		return nil, ps.Err("cannot compile policy " + p.ID)
	}
	src := s.With(p.ID, &p.Parameters)
	a := &Assessor{policy: p, on: on, fast: true}
	for i, t := range p.Tests {
		where := housing.Index("tests", i)
		l := &lookup{src: src, on: on, local: p.ID, at: t.pos}
		c := compiledTest{Test: t, charges: t.Costs == CostsRentAndCharges}
		// Checked again for policies built in code rather than parsed.
		if t.Costs != CostsRent && t.Costs != CostsRentAndCharges {
			l.add(where, "costs %q; want rent or rent_and_charges", t.Costs)
		}
		switch t.Kind {
		case TestMaxIncidence:
			f := l.get(where, t.Max, params.UnitRatio, params.UnitPercent)
			c.limit = f.Ratio()
			if f.Ref != "" && (!c.limit.IsPositive() || c.limit.GreaterThan(one)) {
				l.add(where, "maximum incidence %s is %s; want more than 0 and at most 100%%", f.Ref, f.Value)
			}
		case TestIncomeMultiple:
			f := l.get(where, t.Multiple, params.UnitRatio, params.UnitCount)
			c.limit = f.Value
			if f.Ref != "" && !c.limit.IsPositive() {
				l.add(where, "income multiple %s is %s; want more than 0", f.Ref, f.Value)
			}
		case TestResidualIncome:
			f := l.get(where, t.Floor, params.UnitEURYear, params.UnitEURMonth)
			switch {
			case f.Ref == "":
			case f.Unit == params.UnitEURMonth && t.FloorPayments == "":
				l.add(where, "floor %s is monthly (EUR/month): name its instalments a year in floor_payments, such as minimum-pension.payments_per_year", f.Ref)
			case f.Unit == params.UnitEURMonth:
				n := l.count(where, t.FloorPayments, params.UnitCount)
				if n < 1 && len(l.ps) == 0 {
					l.add(where, "floor_payments %s is %d; want at least 1", t.FloorPayments, n)
				}
				c.floorAnnual = f.Value.Mul(decimal.NewFromInt(int64(n)))
			case t.FloorPayments != "":
				l.add(where, "floor %s is already annual (EUR/year): remove floor_payments", f.Ref)
			default:
				c.floorAnnual = f.Value
			}
			sc, err := s.Scale(t.Scale, on)
			if err != nil {
				l.add(where, "%s", housing.ErrorMessage(err))
			}
			c.scale = sc
			a.needsScale = true
		default:
			l.add(where, "unknown test kind %q; want max_incidence, income_multiple or residual_income", t.Kind)
		}
		ps = append(ps, l.ps...)
		c.figures = l.used
		if !c.prepareFast() {
			a.fast = false
		}
		a.tests = append(a.tests, c)
	}
	if len(p.Tests) == 0 {
		ps.Add(p.ID, "a policy needs at least one test")
	}
	if err := ps.Err(fmt.Sprintf("cannot apply policy %s on %s", p.ID, on)); err != nil {
		return nil, err
	}
	return a, nil
}

// prepareFast computes the integer form of the test: its bound on the
// monthly rent in cents, for an income I in cents and a scale value
// sN/sD, is ⌊(a·I − b·sN) ÷ den⌋ minus the charges when counted:
//
//	max_incidence p = pN/pD:   (pN·I) ÷ (12·pD)
//	income_multiple k = kN/kD: (kD·I) ÷ (12·kN)
//	residual_income, floor F = fN/fD cents a year, scale s = sN/sD:
//	                           (fD·sD·I − fN·sN) ÷ (12·fD·sD)
//
// each the exact largest whole number of cents satisfying the test. It
// reports false when a figure has too many digits for int64.
func (c *compiledTest) prepareFast() bool {
	switch c.Kind {
	case TestMaxIncidence:
		n, d, ok := fraction(c.limit, 9)
		if !ok {
			return false
		}
		c.a, c.den = n, 12*d
	case TestIncomeMultiple:
		n, d, ok := fraction(c.limit, 9)
		if !ok || n <= 0 || n > 1<<40 {
			return false
		}
		c.a, c.den = d, 12*n
	case TestResidualIncome:
		if c.scale == nil || c.scale.den == 0 {
			return false
		}
		fN, fD, ok := fraction(c.floorAnnual.Mul(hundred), 6)
		if !ok {
			return false
		}
		fs, ok1 := mul(fD, c.scale.den)
		den, ok2 := mul(12, fs)
		if !ok1 || !ok2 {
			return false
		}
		c.a, c.b, c.den = fs, fN, den
	}
	return true
}

// Policy returns the compiled policy.
func (a *Assessor) Policy() *Policy { return a.policy }

// Date returns the date whose figures the assessor holds.
func (a *Assessor) Date() housing.Date { return a.on }

// Input is what a sustainability assessment reads.
type Input struct {
	// Composition is read by residual-income tests (the equivalence scale).
	Composition Composition `json:"composition"`
	// IncomeAnnual is the household's annual income, as declared.
	IncomeAnnual decimal.Decimal `json:"income_annual"`
	// RentMonthly and ChargesMonthly are the monthly rent and service
	// charges, in whole cents.
	RentMonthly    decimal.Decimal `json:"rent_monthly"`
	ChargesMonthly decimal.Decimal `json:"charges_monthly"`
}

// InputOf builds the input for household h on date on: its composition
// that day and its declared annual income. It returns a CodeInvalid error
// when some member's incomes are not declared.
func InputOf(h housing.Household, on housing.Date, rentMonthly, chargesMonthly decimal.Decimal) (Input, error) {
	income, err := AnnualIncome(h)
	if err != nil {
		return Input{}, err
	}
	return Input{Composition: CompositionOf(h, on), IncomeAnnual: income, RentMonthly: rentMonthly, ChargesMonthly: chargesMonthly}, nil
}

func (a *Assessor) validate(in *Input) error {
	var ps housing.Problems
	if in.IncomeAnnual.IsNegative() {
		ps.Add("income_annual", "%s is negative", in.IncomeAnnual)
	}
	for _, m := range []struct {
		path string
		v    decimal.Decimal
	}{{"rent_monthly", in.RentMonthly}, {"charges_monthly", in.ChargesMonthly}} {
		switch {
		case m.v.IsNegative():
			ps.Add(m.path, "%s is negative", m.v)
		case !isCents(m.v):
			ps.Add(m.path, "%s has digits below the cent; want euros and cents such as 650.00", m.v)
		}
	}
	if a.needsScale {
		in.Composition.validate(&ps, "composition")
	}
	return ps.Err("invalid assessment input")
}

// Verdict codes of an assessment.
const (
	// CodeSustainable: the rent passes every test.
	CodeSustainable = "rent.sustainable"
	// CodeNotSustainable: the rent fails a test; a lower rent would pass.
	CodeNotSustainable = "rent.not_sustainable"
	// CodeNoSustainableRent: even a zero rent fails (income too low for
	// the charges or the residual floor).
	CodeNoSustainableRent = "rent.none_sustainable"
)

// Assessment is the result of a sustainability assessment: the verdict,
// each test with its figures, the maximum sustainable rent and the gap.
type Assessment struct {
	Policy      string       `json:"policy"`
	PolicyTitle housing.Text `json:"policy_title"`
	Date        housing.Date `json:"date"`
	Sustainable bool         `json:"sustainable"`
	// Code is CodeSustainable, CodeNotSustainable or CodeNoSustainableRent.
	Code           string          `json:"code"`
	IncomeAnnual   decimal.Decimal `json:"income_annual"`
	RentMonthly    decimal.Decimal `json:"rent_monthly"`
	ChargesMonthly decimal.Decimal `json:"charges_monthly"`
	// MaxRentMonthly is the largest monthly rent, in whole cents, that
	// passes every test with the same income and charges: exact, not
	// rounded (one cent more fails a test). Negative when no rent passes:
	// then its opposite is the monthly shortfall at zero rent.
	MaxRentMonthly decimal.Decimal `json:"max_rent_monthly"`
	// GapMonthly is RentMonthly − MaxRentMonthly: positive, the amount by
	// which the rent exceeds what is sustainable; zero or negative, the
	// margin left.
	GapMonthly decimal.Decimal `json:"gap_monthly"`
	// Scales are the equivalence-scale values the tests used.
	Scales []ScaleValue `json:"scales,omitempty"`
	Tests  []TestResult `json:"tests"`
	Text   housing.Text `json:"text"`
}

// TestResult is the outcome of one test with its figures. Amounts are
// exact (not rounded); texts round them to the cent.
type TestResult struct {
	Kind   TestKind `json:"kind"`
	Costs  Costs    `json:"costs"`
	Passed bool     `json:"passed"`
	// Code is "rent.incidence.within" or "rent.incidence.above",
	// "rent.income_multiple.met" or "rent.income_multiple.short",
	// "rent.residual.met" or "rent.residual.short".
	Code string `json:"code"`
	// HousingCostAnnual is 12 × the monthly costs the test counts.
	HousingCostAnnual decimal.Decimal `json:"housing_cost_annual"`
	// Measured is the incidence (cost ÷ income, rounded to 4 decimals, nil
	// for a zero income), the income multiple (income ÷ cost, rounded to 2
	// decimals, nil for a zero cost) or the annual residual income.
	Measured *decimal.Decimal `json:"measured"`
	// Limit is the maximum incidence (a ratio), the required multiple, or
	// the required annual residual income (floor × scale).
	Limit decimal.Decimal `json:"limit"`
	// MaxRentMonthly is this test's bound on the monthly rent, in cents.
	MaxRentMonthly decimal.Decimal `json:"max_rent_monthly"`
	Figures        []Figure        `json:"figures"`
	Text           housing.Text    `json:"text"`
}

// Assess assesses in under the policy with decimal arithmetic and returns
// the full explanation. It returns a CodeInvalid error for negative
// amounts, rents or charges with digits below the cent, or (for policies
// with a residual-income test) an invalid composition.
//
// Each test compares exact values — nothing is rounded before a
// comparison — and its bound on the rent is the exact floor to the cent.
func (a *Assessor) Assess(in Input) (*Assessment, error) {
	if a == nil {
		return nil, nilArgument("the assessor")
	}
	if err := a.validate(&in); err != nil {
		return nil, err
	}
	out := &Assessment{Policy: a.policy.ID, PolicyTitle: a.policy.Title, Date: a.on, Sustainable: true,
		IncomeAnnual: in.IncomeAnnual, RentMonthly: in.RentMonthly, ChargesMonthly: in.ChargesMonthly}
	income := in.IncomeAnnual
	var maxRent decimal.Decimal
	scales := map[*Scale]ScaleValue{}
	for i := range a.tests {
		t := &a.tests[i]
		monthly := in.RentMonthly
		charges := decimal.Zero
		if t.charges {
			charges = in.ChargesMonthly
			monthly = monthly.Add(charges)
		}
		cost := monthly.Mul(twelve)
		r := TestResult{Kind: t.Kind, Costs: t.Costs, HousingCostAnnual: cost, Figures: t.figures}
		costs := msgKey("rent.costs." + string(t.Costs))
		switch t.Kind {
		case TestMaxIncidence:
			r.Limit = t.limit
			r.Passed = cost.LessThanOrEqual(t.limit.Mul(income))
			r.MaxRentMonthly = floorCentsOf(t.limit.Mul(income), twelve).Sub(charges)
			r.Code = pick(r.Passed, "rent.incidence.within", "rent.incidence.above")
			if income.IsZero() {
				r.Text = text(r.Code+".no_income", costs, percent(t.limit))
			} else {
				m := cost.DivRound(income, 4)
				r.Measured = &m
				r.Text = text(r.Code, costs, money(cost), money(income), percent(m), percent(t.limit))
			}
		case TestIncomeMultiple:
			r.Limit = t.limit
			required := t.limit.Mul(cost)
			r.Passed = income.GreaterThanOrEqual(required)
			r.MaxRentMonthly = floorCentsOf(income, t.limit.Mul(twelve)).Sub(charges)
			r.Code = pick(r.Passed, "rent.income_multiple.met", "rent.income_multiple.short")
			if !cost.IsZero() {
				m := income.DivRound(cost, 2)
				r.Measured = &m
			}
			r.Text = text(r.Code, money(income), number(t.limit), costs, money(cost), money(required))
		case TestResidualIncome:
			sv, ok := scales[t.scale]
			if !ok {
				sv = t.scale.Value(in.Composition)
				scales[t.scale] = sv
				out.Scales = append(out.Scales, sv)
			}
			required := t.floorAnnual.Mul(sv.Value)
			residual := income.Sub(cost)
			r.Limit, r.Measured = required, &residual
			r.Passed = residual.GreaterThanOrEqual(required)
			r.MaxRentMonthly = floorCentsOf(income.Sub(required), twelve).Sub(charges)
			r.Code = pick(r.Passed, "rent.residual.met", "rent.residual.short")
			r.Text = text(r.Code, money(income), costs, money(cost), money(residual), money(t.floorAnnual), msgKey("scale.name."+t.scale.name), number(sv.Value), money(required))
		}
		if i == 0 || r.MaxRentMonthly.LessThan(maxRent) {
			maxRent = r.MaxRentMonthly
		}
		out.Sustainable = out.Sustainable && r.Passed
		out.Tests = append(out.Tests, r)
	}
	out.MaxRentMonthly = maxRent
	out.GapMonthly = in.RentMonthly.Sub(maxRent)
	switch {
	case out.Sustainable:
		out.Code = CodeSustainable
		out.Text = text(out.Code, money(in.RentMonthly), money(maxRent))
	case maxRent.IsNegative():
		out.Code = CodeNoSustainableRent
		out.Text = text(out.Code, money(in.RentMonthly), money(maxRent.Neg()))
	default:
		out.Code = CodeNotSustainable
		out.Text = text(out.Code, money(in.RentMonthly), money(maxRent), money(out.GapMonthly))
	}
	return out, nil
}

func pick(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

// Quick is the result of the fast path: the verdict and the maximum
// sustainable monthly rent in cents (negative when no rent is sustainable).
type Quick struct {
	Sustainable    bool
	MaxRentMonthly Cents
}

// Check is the fast path of Assess: the same verdict and maximum rent,
// without explanations. It works in integer cents when every amount is a
// whole number of cents and the products fit int64 (they do for any real
// income), and otherwise falls back to the decimal computation of Assess,
// so its answer is always exact. It returns the errors of Assess.
func (a *Assessor) Check(in Input) (Quick, error) {
	if a == nil {
		return Quick{}, nilArgument("the assessor")
	}
	income, ok1 := CentsOf(in.IncomeAnnual)
	rent, ok2 := CentsOf(in.RentMonthly)
	charges, ok3 := CentsOf(in.ChargesMonthly)
	if ok1 && ok2 && ok3 {
		if q, ok, err := a.checkCents(&in.Composition, income, rent, charges); ok || err != nil {
			return q, err
		}
	}
	return a.checkDecimal(in)
}

// CheckCents is Check for amounts already in cents: an annual income, a
// monthly rent and monthly charges. It does not allocate. The composition
// is read (and validated) only by policies with a residual-income test.
func (a *Assessor) CheckCents(c *Composition, incomeAnnual, rentMonthly, chargesMonthly Cents) (Quick, error) {
	switch {
	case a == nil:
		return Quick{}, nilArgument("the assessor")
	case c == nil:
		return Quick{}, nilArgument("the composition")
	}
	q, ok, err := a.checkCents(c, incomeAnnual, rentMonthly, chargesMonthly)
	if ok || err != nil {
		return q, err
	}
	return a.checkDecimal(Input{Composition: *c, IncomeAnnual: incomeAnnual.Decimal(), RentMonthly: rentMonthly.Decimal(), ChargesMonthly: chargesMonthly.Decimal()})
}

// checkCents is the integer computation; ok is false when it cannot be
// exact (a figure with too many digits, or an overflow).
func (a *Assessor) checkCents(c *Composition, income, rent, charges Cents) (Quick, bool, error) {
	if income < 0 || rent < 0 || charges < 0 {
		return Quick{}, false, negativeError(income, rent, charges)
	}
	if !a.fast || (a.needsScale && !c.plausible()) {
		// The decimal path reports the composition's problems.
		return Quick{}, false, nil
	}
	bound := int64(math.MaxInt64)
	for i := range a.tests {
		t := &a.tests[i]
		num, ok := mul(t.a, int64(income))
		if !ok {
			return Quick{}, false, nil
		}
		if t.b != 0 {
			sb, ok1 := mul(t.b, t.scale.fixed(c))
			num, ok = add(num, -sb)
			if !ok1 || !ok {
				return Quick{}, false, nil
			}
		}
		b := floorDiv(num, t.den)
		if t.charges {
			if b, ok = add(b, -int64(charges)); !ok {
				return Quick{}, false, nil
			}
		}
		bound = min(bound, b)
	}
	return Quick{Sustainable: int64(rent) <= bound, MaxRentMonthly: Cents(bound)}, true, nil
}

func negativeError(income, rent, charges Cents) error {
	var ps housing.Problems
	if income < 0 {
		ps.Add("income_annual", "%s is negative", income)
	}
	if rent < 0 {
		ps.Add("rent_monthly", "%s is negative", rent)
	}
	if charges < 0 {
		ps.Add("charges_monthly", "%s is negative", charges)
	}
	return ps.Err("invalid assessment input")
}

// checkDecimal answers Check with the decimal computation of Assess.
func (a *Assessor) checkDecimal(in Input) (Quick, error) {
	r, err := a.Assess(in)
	if err != nil {
		return Quick{}, err
	}
	max, ok := CentsOf(r.MaxRentMonthly)
	if !ok {
		return Quick{}, &housing.Error{Code: housing.CodeInvalid, Key: "rentcalc.too_large", Message: fmt.Sprintf("maximum rent %s does not fit the fast path's cents", r.MaxRentMonthly)}
	}
	return Quick{Sustainable: r.Sustainable, MaxRentMonthly: max}, nil
}
