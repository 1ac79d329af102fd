package params

import (
	"fmt"
	"testing"

	"github.com/housingkit/housingkit/housing"
)

// Exported functions given nil return an error of code invalid, or change
// nothing where they return no error: they never panic.
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
	var np *Param
	call("NewSet(nil)", func() error { _, err := NewSet(nil); return err })
	call("LoadFS(nil)", func() error { _, err := LoadFS(nil, "data"); return err })
	call("(*Param)(nil).With", func() error { _, err := np.With(housing.Date{}, housing.Date{}, Value{}); return err })
	var ns *Set
	if got := ns.Replace(nil); got == nil || got.Len() != 0 {
		t.Errorf("(*Set)(nil).Replace(nil) = %v", got)
	}
	if _, _, ok := np.At(housing.MustParseDate("2025-01-01")); ok || np.Steps() != nil {
		t.Error("a nil parameter has a value")
	}
}
