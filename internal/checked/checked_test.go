package checked

import (
	"math"
	"math/big"
	"testing"
)

func TestAdd(t *testing.T) {
	for _, c := range []struct {
		a, b, want int
		ok         bool
	}{
		{1, 2, 3, true},
		{math.MaxInt, 0, math.MaxInt, true},
		{math.MaxInt, 1, 0, false},
		{math.MaxInt - 1, 1, math.MaxInt, true},
		{math.MinInt, -1, 0, false},
		{math.MinInt, 1, math.MinInt + 1, true},
		{math.MinInt + 1, -1, math.MinInt, true},
		{-5, 3, -2, true},
		{math.MaxInt, math.MinInt, -1, true},
	} {
		got, ok := Add(c.a, c.b)
		if got != c.want || ok != c.ok {
			t.Errorf("Add(%d, %d) = %d, %v; want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
		g64, ok64 := Add64(int64(c.a), int64(c.b))
		if g64 != int64(c.want) || ok64 != c.ok {
			t.Errorf("Add64(%d, %d) = %d, %v", c.a, c.b, g64, ok64)
		}
	}
	if s, ok := Sum(1, 2, 3); s != 6 || !ok {
		t.Errorf("Sum = %d, %v", s, ok)
	}
	if _, ok := Sum(math.MaxInt, 1, -1); ok {
		t.Error("Sum overflowing on the way reported no overflow")
	}
}

func TestMul(t *testing.T) {
	for _, c := range []struct {
		a, b, want int
		ok         bool
	}{
		{3, 4, 12, true},
		{0, math.MaxInt, 0, true},
		{math.MaxInt, 1, math.MaxInt, true},
		{math.MaxInt, 2, 0, false},
		{math.MinInt, -1, 0, false},
		{-1, math.MinInt, 0, false},
		{math.MinInt, 1, math.MinInt, true},
		{1 << 31, 1 << 31, 1 << 62, true},
		{1 << 32, 1 << 31, 0, false},
		{-(1 << 31), 1 << 32, math.MinInt, true},
	} {
		got, ok := Mul(c.a, c.b)
		if got != c.want || ok != c.ok {
			t.Errorf("Mul(%d, %d) = %d, %v; want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}

// FuzzAdd checks Add64 against two's complement and Mul against math/big.
func FuzzAdd(f *testing.F) {
	f.Add(int64(1), int64(2))
	f.Add(int64(math.MaxInt64), int64(1))
	f.Fuzz(func(t *testing.T, a, b int64) {
		got, ok := Add64(a, b)
		// Two's complement: a sum overflows exactly when both operands have
		// the same sign and the wrapped sum has the other.
		overflows := (a > 0 && b > 0 && a+b < 0) || (a < 0 && b < 0 && a+b >= 0)
		if ok == overflows {
			t.Fatalf("Add64(%d, %d) = %d, %v", a, b, got, ok)
		}
		if ok && got != a+b {
			t.Fatalf("Add64(%d, %d) = %d", a, b, got)
		}
		exact := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
		p, ok := Mul(int(a), int(b))
		if ok != exact.IsInt64() || (ok && int64(p) != exact.Int64()) {
			t.Fatalf("Mul(%d, %d) = %d, %v; exact %v", a, b, p, ok, exact)
		}
	})
}
