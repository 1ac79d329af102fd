package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTestShippedRuleSets(t *testing.T) {
	code, out, errOut := runElig(t, "test", "../../eligibility/rulesets")
	assert.Equal(t, 0, code, out+errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	assert.Regexp(t, `^\d+ passed, 0 failed$`, last)
	assert.Empty(t, errOut)
}

func TestTestReportsFailuresAndExitsOne(t *testing.T) {
	code, out, errOut := runElig(t, "test", eligData+"failing.tests.yaml")
	assert.Equal(t, 1, code)
	assert.Equal(t, "FAIL  testdata/eligibility/failing.tests.yaml:11:5  wrong on purpose\n"+
		"      outcome: got ineligible, want eligible\n"+
		"      groups: got [], want [temporary_difficulty]\n"+
		"1 passed, 1 failed\n", out)
	assert.Equal(t, "housingkit: 1 of 2 test cases failed\n", errOut)
}

func TestTestVerboseAndVendorRuleSetByID(t *testing.T) {
	code, out, errOut := runElig(t, "test", "-v", eligData+"local")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "ok    testdata/eligibility/local/small.tests.yaml:4:5  alone\n"+
		"ok    testdata/eligibility/local/small.tests.yaml:8:5  three\n"+
		"2 passed, 0 failed\n", out)

	code, out, _ = runElig(t, "test", "-v", "--lang", "it", eligData+"failing.tests.yaml")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "      | Esito: non ammissibile\n")
}

func TestTestBadInputExitsTwo(t *testing.T) {
	code, out, errOut := runElig(t, "test", eligData+"bad.yaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "housingkit: no test-case files in testdata/eligibility/bad.yaml\n", errOut)

	// A test file whose rule set is not found among the files or shipped.
	code, out, errOut = runElig(t, "test", eligData+"local/small.tests.yaml")
	assert.Equal(t, 2, code)
	assert.Equal(t, "0 passed, 0 failed\n", out)
	assert.Contains(t, errOut, `testdata/eligibility/local/small.tests.yaml:2:10: no shipped rule set "vendor.small"`)
}
