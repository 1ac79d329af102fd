package rentcalc

import (
	"math/rand/v2"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var day = housing.MustParseDate

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func shipped(t testing.TB) *Sources {
	t.Helper()
	s, err := Shipped()
	require.NoError(t, err)
	return s
}

// requireDec asserts that got equals want (a decimal literal).
func requireDec(t testing.TB, want string, got decimal.Decimal, msgAndArgs ...any) {
	t.Helper()
	require.Truef(t, dec(want).Equal(got), "want %s, got %s %v", want, got, msgAndArgs)
}

// adult, child… build members for tests.
func ref(age, months int) Member {
	return Member{Role: housing.RoleReference, Age: age, MonthsWorked: months}
}
func partner(age, months int) Member {
	return Member{Role: housing.RolePartner, Age: age, MonthsWorked: months}
}
func child(age int) Member          { return Member{Role: housing.RoleChild, Age: age} }
func relative(age int) Member       { return Member{Role: housing.RoleRelative, Age: age} }
func comp(ms ...Member) Composition { return Composition{Members: ms} }

// randomComposition draws a household of 1–8 members: a reference person,
// maybe a partner, children, maybe a grandparent, with random ages,
// disabilities, months worked, care duties and hardship.
func randomComposition(r *rand.Rand) Composition {
	var ms []Member
	adult := func(role housing.Role, lo, hi int) Member {
		m := Member{Role: role, Age: lo + r.IntN(hi-lo+1), MonthsWorked: r.IntN(13)}
		if r.IntN(8) == 0 {
			m.Disability = []housing.DisabilityLevel{housing.DisabilityMedium, housing.DisabilitySevere, housing.DisabilityNotSelfSufficient}[r.IntN(3)]
			m.DisabilityPercent = 40 + r.IntN(61)
		}
		m.CareDuties = r.IntN(6) == 0
		m.CertifiedHardship = r.IntN(10) == 0
		return m
	}
	ms = append(ms, adult(housing.RoleReference, 18, 90))
	if r.IntN(2) == 0 {
		ms = append(ms, adult(housing.RolePartner, 18, 90))
	}
	for n := r.IntN(r.IntN(6) + 1); n > 0; n-- {
		c := Member{Role: housing.RoleChild, Age: r.IntN(30)}
		if c.Age >= 18 {
			c.MonthsWorked = r.IntN(13)
		}
		if r.IntN(12) == 0 {
			c.Disability = housing.DisabilityMedium
		}
		ms = append(ms, c)
	}
	if r.IntN(6) == 0 {
		ms = append(ms, adult(housing.RoleParent, 55, 95))
	}
	// Shuffle so that the reference person is not always first.
	r.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
	return Composition{Members: ms}
}
