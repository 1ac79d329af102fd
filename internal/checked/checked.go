// Package checked adds counts and reports when the sum would overflow, so
// that a total of beds, members or cents is either right or an error.
package checked

import "math"

// Add returns a + b and true, or 0 and false when the sum overflows int.
func Add(a, b int) (int, bool) {
	if (b > 0 && a > math.MaxInt-b) || (b < 0 && a < math.MinInt-b) {
		return 0, false
	}
	return a + b, true
}

// Add64 returns a + b and true, or 0 and false when the sum overflows int64.
func Add64(a, b int64) (int64, bool) {
	if (b > 0 && a > math.MaxInt64-b) || (b < 0 && a < math.MinInt64-b) {
		return 0, false
	}
	return a + b, true
}

// Sum adds the ints in xs, and reports false when any partial sum
// overflows.
func Sum(xs ...int) (int, bool) {
	s := 0
	for _, x := range xs {
		var ok bool
		if s, ok = Add(s, x); !ok {
			return 0, false
		}
	}
	return s, true
}

// Mul returns a × b and true, or 0 and false when the product overflows
// int.
func Mul(a, b int) (int, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt) || (b == -1 && a == math.MinInt) {
		return 0, false
	}
	return p, true
}
