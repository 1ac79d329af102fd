package eligibility_test

import (
	"fmt"
	"testing"

	. "github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
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
	rs, err := Shipped("crema.ospitalita-temporanea")
	if err != nil {
		t.Fatal(err)
	}
	h := household(t, "id: h1\nmembers: [{role: reference, id: p1, birth_date: 1980-01-01}]\n")
	on := housing.MustParseDate("2025-03-03")
	var nilRS *RuleSet
	var nilTF *TestFile
	callNil(t, "Evaluate(nil rule set)", func() error { _, err := Evaluate(nil, h, on); return err })
	callNil(t, "Evaluate(nil household)", func() error { _, err := Evaluate(rs, nil, on); return err })
	callNil(t, "EvaluateOutcome(nil rule set)", func() error { _, err := EvaluateOutcome(nil, h, on); return err })
	callNil(t, "EvaluateOutcome(nil household)", func() error { _, err := EvaluateOutcome(rs, nil, on); return err })
	callNil(t, "Evaluate(WithVariant(nil))", func() error { _, err := Evaluate(rs, h, on, WithVariant(nil)); return err })
	callNil(t, "Evaluate(nil option)", func() error { _, err := Evaluate(rs, h, on, nil); return err })
	callNil(t, "EvaluateOutcome(nil option)", func() error { _, err := EvaluateOutcome(rs, h, on, nil); return err })
	callNil(t, "LoadFS(nil)", func() error { _, err := LoadFS(nil, "x.yaml"); return err })
	callNil(t, "LoadFS(WithParameterFiles(nil))", func() error {
		_, err := Parse("x.yaml", []byte("format: housingkit.ruleset/v1\n"), WithParameterFiles(nil))
		return err
	})
	callNil(t, "Parse(nil option)", func() error { _, err := Parse("x.yaml", []byte("format: housingkit.ruleset/v1\n"), nil); return err })
	callNil(t, "LoadOverlayFS(nil)", func() error { _, err := LoadOverlayFS(nil, "x.yaml"); return err })
	callNil(t, "RuleSet.Apply(nil)", func() error { _, err := rs.Apply(nil); return err })
	callNil(t, "(*RuleSet)(nil).Apply", func() error { _, err := nilRS.Apply(&Overlay{}); return err })
	callNil(t, "RunTests(nil)", func() error { _, err := RunTests(nil, "x.tests.yaml"); return err })
	callNil(t, "(*TestFile)(nil).Check", func() error { return nilTF.Check(nil) })
	callNil(t, "(*TestFile)(nil).Run", func() error { _, err := nilTF.Run(nil); return err })
	callNil(t, "TestFile.Run(nil file system)", func() error { _, err := (&TestFile{}).Run(nil); return err })
	callNil(t, "TestFile.Run(nil option)", func() error { _, err := (&TestFile{}).Run(nil, nil); return err })
	callNil(t, "TestFile.Run(WithRuleSet(nil))", func() error { _, err := (&TestFile{}).Run(nil, WithRuleSet(nil)); return err })
	if Diff(nil, rs) != nil || Diff(rs, nil) != nil {
		t.Error("Diff with a nil rule set lists changes")
	}
}
