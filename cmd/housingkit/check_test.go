package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

const eligData = "testdata/eligibility/"

func runElig(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckShippedRuleSets(t *testing.T) {
	code, out, errOut := runElig(t, "check", "../../eligibility/rulesets")
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "ok    ../../eligibility/rulesets/crema.ospitalita-temporanea.yaml  rule set crema.ospitalita-temporanea 1.0.0: 5 rules, 5 score criteria, 10 parameters, 16 facts\n")
	assert.Contains(t, out, "ok    ../../eligibility/rulesets/crema.ospitalita-temporanea.tests.yaml  27 test cases of crema.ospitalita-temporanea\n")
	assert.Contains(t, out, "ok    ../../eligibility/rulesets/variants/crema.size-limit-5.yaml  overlay crema.size-limit-5 of crema.ospitalita-temporanea: parameter max_household_size changed\n")
	assert.Empty(t, errOut)
}

func TestCheckFolderWithVendorFiles(t *testing.T) {
	code, out, errOut := runElig(t, "check", eligData+"local", eligData+"bigger.yaml")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "ok    testdata/eligibility/local/small.tests.yaml  2 test cases of vendor.small\n"+
		"ok    testdata/eligibility/local/small.yaml  rule set vendor.small 0.1: 1 rules, 0 score criteria, 1 parameters, 1 facts\n"+
		"ok    testdata/eligibility/bigger.yaml  overlay vendor.bigger of vendor.small: parameter max_size changed\n", out, "notes.yaml has no format key and is skipped")
}

func TestCheckReportsEveryProblem(t *testing.T) {
	code, out, errOut := runElig(t, "check", eligData+"bad.yaml", eligData+"local/notes.yaml", eligData+"missing.yaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "housingkit: cannot read the files: testdata/eligibility/missing.yaml: no such file or folder\n", errOut)

	code, out, errOut = runElig(t, "check", eligData+"bad.yaml", eligData+"local/notes.yaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, strings.Join([]string{
		`testdata/eligibility/bad.yaml:13:38: unknown op "lte"; want one of eq, ne, lt, le, gt, ge, in, not_in`,
		`testdata/eligibility/bad.yaml:17:48: unknown parameter "limit"`,
		"testdata/eligibility/local/notes.yaml: no known format: a file says format: housingkit.ruleset/v1, housingkit.overlay/v1 or housingkit.testcases/v1",
		"housingkit: 2 of 2 files have problems",
	}, "\n")+"\n", errOut)
}

func TestCheckNeedsAPath(t *testing.T) {
	code, _, errOut := runElig(t, "check")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "requires at least 1 arg")
}

// A file that is not even well-formed YAML is reported with its position,
// also when it is found in a folder, instead of being passed over.
func TestCheckReportsSyntaxErrors(t *testing.T) {
	code, out, errOut := runElig(t, "check", eligData+"broken")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "testdata/eligibility/broken/typo.yaml:3:1: syntax: did not find expected ',' or ']'\n"+
		"housingkit: 1 of 1 files have problems\n", errOut)
}
