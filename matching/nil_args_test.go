package matching

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching/assign"
	"github.com/shopspring/decimal"
)

// Exported functions given nil return an error of code invalid: they never
// panic.
func TestNilArgumentsAreInvalid(t *testing.T) {
	call := func(name string, f func() error) {
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
	on := d("2025-03-01")
	in := Input{
		Applicants: []Applicant{applicant(single("A", "1980-01-01", housing.SexFemale, "20000"), 50, "2024-01-01")},
		Offer:      Offer{Units: []housing.Unit{apartment("a1", 2, "45", "300")}},
		Date:       on,
	}
	res, err := Match(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var nilRes *Result
	call("Match(nil constraint)", func() error { _, err := Match(in, Options{Constraints: []Constraint{Beds{}, nil}}); return err })
	call("Match(nil scorer)", func() error { _, err := Match(in, Options{Scorers: []Weighted{{Weight: 1}}}); return err })
	call("Transfers(nil constraint)", func() error {
		_, err := Transfers([]Tenant{{Applicant: in.Applicants[0], Unit: "a1"}}, in.Offer, on, Options{Constraints: []Constraint{nil}})
		return err
	})
	call("Result.WriteText(nil writer)", func() error { return res.WriteText(nil, housing.English) })
	call("(*Result)(nil).WriteText", func() error { return nilRes.WriteText(&bytes.Buffer{}, housing.English) })
	call("SustainabilityCheck(nil)", func() error {
		_, _, err := SustainabilityCheck(nil)(in.Applicants[0].Household, decimal.NewFromInt(300), decimal.Zero, on)
		return err
	})
	for name, f := range map[string]func() error{
		"assign.ReadMatrix(nil)":  func() error { _, err := assign.ReadMatrix(nil); return err },
		"assign.WriteMatrix(nil)": func() error { return assign.WriteMatrix(nil, assign.NewMatrix(1, 1)) },
	} {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			err = f()
		}()
		if !errors.Is(err, assign.ErrInvalidInput) {
			t.Errorf("%s: want assign.ErrInvalidInput, got %v", name, err)
		}
	}
}
