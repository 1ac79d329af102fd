package rentcalc

import (
	"fmt"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
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
	if housing.ErrorCode(err) != housing.CodeInvalid {
		t.Errorf("%s: want an error of code invalid, got %v", name, err)
	}
}

// Exported functions given nil return an error of code invalid: they never
// panic.
func TestNilArgumentsAreInvalid(t *testing.T) {
	s := shipped(t)
	on := day("2025-01-10")
	p, err := ShippedPolicy(ShippedPolicyIDs()[0])
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Compile(p, on)
	if err != nil {
		t.Fatal(err)
	}
	var ns *Sources
	var na *Assessor
	callNil(t, "Compile(nil)", func() error { _, err := s.Compile(nil, on); return err })
	callNil(t, "(*Sources)(nil).Compile", func() error { _, err := ns.Compile(p, on); return err })
	callNil(t, "SocialRent(nil)", func() error { _, err := s.SocialRent(nil, on, SocialRentInput{}); return err })
	callNil(t, "(*Sources)(nil).SocialRent", func() error { _, err := ns.SocialRent(&BandTable{}, on, SocialRentInput{}); return err })
	callNil(t, "Support(nil)", func() error { _, err := s.Support(nil, 2024, SupportInput{}); return err })
	callNil(t, "(*Sources)(nil).Support", func() error { _, err := ns.Support(&SupportScheme{}, 2024, SupportInput{}); return err })
	callNil(t, "(*Sources)(nil).EstimateISEE", func() error { _, err := ns.EstimateISEE(ISEEInput{}, on, ""); return err })
	callNil(t, "(*Sources)(nil).ADIRentTopUp", func() error { _, err := ns.ADIRentTopUp(on, decimal.Zero, true); return err })
	callNil(t, "(*Sources)(nil).ArrearsSupport", func() error { _, err := ns.ArrearsSupport(on, ArrearsInput{}); return err })
	callNil(t, "(*Sources)(nil).Scale", func() error { _, err := ns.Scale(ScaleISEE, on); return err })
	callNil(t, "(*Sources)(nil).Figure", func() error { _, err := ns.Figure("x.y", on); return err })
	callNil(t, "CheckCents(nil)", func() error { _, err := a.CheckCents(nil, 1, 1, 1); return err })
	callNil(t, "(*Assessor)(nil).CheckCents", func() error { _, err := na.CheckCents(&Composition{}, 1, 1, 1); return err })
	callNil(t, "(*Assessor)(nil).Check", func() error { _, err := na.Check(Input{}); return err })
	callNil(t, "(*Assessor)(nil).Assess", func() error { _, err := na.Assess(Input{}); return err })
	if _, ok := ns.Set("x"); ok {
		t.Error("a nil *Sources has a file")
	}
	if w := ns.With("x", nil); w == nil || len(w.files) != 0 {
		t.Errorf("(*Sources)(nil).With(x, nil) = %v", w)
	}
}
