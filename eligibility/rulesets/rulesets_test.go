package rulesets_test

import (
	"testing"

	"github.com/housingkit/housingkit/eligibility/eligibilitytest"
	"github.com/housingkit/housingkit/eligibility/rulesets"
)

// TestShippedRuleSets runs every test-case file shipped beside the rule
// sets.
func TestShippedRuleSets(t *testing.T) {
	eligibilitytest.RunAll(t, rulesets.FS, ".")
}
