package rentcalc

import (
	"math/bits"

	"github.com/shopspring/decimal"
)

// RentPaymentsPerYear is the number of monthly rents in a year: an annual
// rent is 12 × the monthly rent. It is a fact of the calendar, not a
// figure of a rule; figures that are paid a different number of times a
// year (the INPS minimum pension, 13 instalments) carry their own count as
// a parameter.
const RentPaymentsPerYear = 12

var (
	twelve  = decimal.NewFromInt(RentPaymentsPerYear)
	one     = decimal.NewFromInt(1)
	cent    = decimal.New(1, -2)
	hundred = decimal.NewFromInt(100)
)

// Cents is an amount of money in euro cents. The fast path of the
// sustainability assessment (Assessor.Check) works in Cents: integer
// arithmetic that is exact as long as every amount is a whole number of
// cents, which CentsOf checks.
type Cents int64

// CentsOf returns d in cents and true when d is a whole number of cents
// that fits an int64; otherwise false (d has digits below the cent, or is
// too large). It does not allocate.
func CentsOf(d decimal.Decimal) (Cents, bool) {
	if d.IsZero() {
		return 0, true
	}
	if d.NumDigits() > 18 {
		return 0, false
	}
	c, e := d.CoefficientInt64(), int(d.Exponent())
	switch {
	case e >= -2:
		v, ok := mulPow10(c, e+2)
		return Cents(v), ok
	default:
		p, ok := pow10(-2 - e)
		if !ok || c%p != 0 {
			return 0, false
		}
		return Cents(c / p), true
	}
}

// Decimal returns c in euros.
func (c Cents) Decimal() decimal.Decimal { return decimal.New(int64(c), -2) }

// String returns c in euros with two decimals, such as "1234.50".
func (c Cents) String() string { return c.Decimal().StringFixed(2) }

// isCents reports whether d is a whole number of cents.
func isCents(d decimal.Decimal) bool { return d.Round(2).Equal(d) }

// roundCent rounds to the cent, half away from zero (decimal.Round).
func roundCent(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// floorCentsOf returns n ÷ d rounded down (towards −∞) to the cent, exactly
// (d > 0): QuoRem truncates towards zero and leaves an exact remainder.
func floorCentsOf(n, d decimal.Decimal) decimal.Decimal {
	q, r := n.QuoRem(d, 2)
	if r.IsNegative() {
		q = q.Sub(cent)
	}
	return q
}

var pow10s = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

func pow10(k int) (int64, bool) {
	if k < 0 || k >= len(pow10s) {
		return 0, false
	}
	return pow10s[k], true
}

func mulPow10(c int64, k int) (int64, bool) {
	p, ok := pow10(k)
	if !ok {
		return 0, false
	}
	return mul(c, p)
}

// fraction returns d as num/den with den a power of ten no larger than
// 10^maxDigits, or false when it does not fit int64.
func fraction(d decimal.Decimal, maxDigits int) (num, den int64, ok bool) {
	if d.IsZero() {
		return 0, 1, true
	}
	if d.NumDigits() > 18 {
		return 0, 0, false
	}
	c, e := d.CoefficientInt64(), int(d.Exponent())
	if e >= 0 {
		v, ok := mulPow10(c, e)
		return v, 1, ok
	}
	// Strip trailing zeros so that 0.300 is 3/10.
	for e < 0 && c%10 == 0 {
		c /= 10
		e++
	}
	if -e > maxDigits {
		return 0, 0, false
	}
	p, _ := pow10(-e)
	return c, p, true
}

// mul returns a × b and whether it did not overflow int64.
func mul(a, b int64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	ua, ub := abs64(a), abs64(b)
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > 1<<63-1 {
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

// add returns a + b and whether it did not overflow int64.
func add(a, b int64) (int64, bool) {
	s := a + b
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, false
	}
	return s, true
}

func abs64(a int64) uint64 {
	if a < 0 {
		return uint64(-a)
	}
	return uint64(a)
}

// floorDiv returns ⌊n ÷ d⌋ for d > 0.
func floorDiv(n, d int64) int64 {
	q := n / d
	if n%d != 0 && n < 0 {
		q--
	}
	return q
}
