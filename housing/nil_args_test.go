package housing

import (
	"fmt"
	"testing"
)

// callNil runs f, turning a panic into a test failure, and checks that it
// refuses its nil argument with CodeInvalid.
func callNil(t *testing.T, name string, f func() error) {
	t.Helper()
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		err = f()
	}()
	if ErrorCode(err) != CodeInvalid {
		t.Errorf("%s: want an error of code invalid, got %v", name, err)
	}
}

// Exported functions given nil return an error of code invalid: they never
// panic.
func TestNilArgumentsAreInvalid(t *testing.T) {
	var nilPolicy *DurationPolicy
	on := MustParseDate("2025-01-10")
	tn := newCremaTenancy()
	callNil(t, "LoadPolicies(nil)", func() error { _, err := LoadPolicies(nil, "policies"); return err })
	callNil(t, "(*DurationPolicy)(nil).Validate", nilPolicy.Validate)
	callNil(t, "(*DurationPolicy)(nil).RenewalTerms", func() error { _, err := nilPolicy.RenewalTerms(tn, on); return err })
	callNil(t, "(*DurationPolicy)(nil).CanRenew", func() error { return nilPolicy.CanRenew(tn, Renewal{Date: on}) })
	callNil(t, "Tenancy.Activate(nil)", func() error { c := tn; c.Status = TenancyProposed; return c.Activate(nil, on, "") })
	callNil(t, "Tenancy.ActivateIn(nil)", func() error {
		c := tn
		c.Status = TenancyProposed
		return c.ActivateIn(nil, Unit{ID: c.UnitID}, on, "")
	})
	callNil(t, "Tenancy.Renew(nil)", func() error { return tn.Renew(nil, Renewal{Date: on}) })
	callNil(t, "Tenancy.ValidateWith(nil)", func() error { return tn.ValidateWith(nil) })
}

// Methods of a nil policy that cannot return an error answer as for a policy
// that plans nothing.
func TestNilPolicyPlansNothing(t *testing.T) {
	var p *DurationPolicy
	tn := newCremaTenancy()
	on := MustParseDate("2025-01-10")
	if got := tn.Due(p, on); got != nil {
		t.Errorf("Due under a nil policy: %v", got)
	}
	if got := p.PlannedEnd(tn); !got.IsZero() {
		t.Errorf("PlannedEnd under a nil policy: %v", got)
	}
}
