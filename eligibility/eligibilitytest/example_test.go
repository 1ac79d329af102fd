package eligibilitytest_test

import (
	"os"
	"testing"

	"github.com/housingkit/housingkit/eligibility/eligibilitytest"
)

// A vendor or an office proves its own rule sets from its own tests: every
// test-case file under the folder runs, each case as a subtest. (This
// example compiles but does not run: it needs the *testing.T of a test.)
func ExampleRunAll() {
	_ = func(t *testing.T) {
		eligibilitytest.RunAll(t, os.DirFS("rules"), ".")
	}
}
