package matching

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/rentcalc"
	"github.com/shopspring/decimal"
)

// SustainabilityCheck adapts a rentcalc sustainability policy, compiled
// for the date of the matching, to a RentCheck: each rent is assessed with
// the policy's exact fast path (rentcalc.Assessor.Check) on the household's
// composition that day and its declared annual income. A household whose
// incomes are not declared for every member cannot be assessed: the unit is
// then not feasible, with the reason "rent sustainability cannot be
// assessed".
func SustainabilityCheck(a *rentcalc.Assessor) RentCheck {
	return func(h housing.Household, rent, charges decimal.Decimal, on housing.Date) (bool, decimal.Decimal, error) {
		in, err := rentcalc.InputOf(h, on, rent, charges)
		if err != nil {
			return false, decimal.Zero, err
		}
		q, err := a.Check(in)
		if err != nil {
			return false, decimal.Zero, err
		}
		return q.Sustainable, q.MaxRentMonthly.Decimal(), nil
	}
}

// ShippedRentCheck compiles the shipped rentcalc sustainability policy id
// (rentcalc.PolicyLiguria30, rentcalc.PolicyModena2x,
// rentcalc.PolicyResidualMinimumPension) with the shipped parameters for
// date on, and adapts it with SustainabilityCheck. It returns rentcalc's
// errors: CodeNotFound for an unknown id, CodeInvalid when a figure has no
// value on that date.
func ShippedRentCheck(id string, on housing.Date) (RentCheck, error) {
	p, err := rentcalc.ShippedPolicy(id)
	if err != nil {
		return nil, err
	}
	src, err := rentcalc.Shipped()
	if err != nil {
		return nil, err
	}
	a, err := src.Compile(p, on)
	if err != nil {
		return nil, err
	}
	return SustainabilityCheck(a), nil
}
