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
	assert.Contains(t, out, "ok    ../../eligibility/rulesets/crema.ospitalita-temporanea.yaml  rule set crema.ospitalita-temporanea 2.0.0: 5 rules, 5 score criteria, 9 parameters, 19 facts\n")
	assert.Contains(t, out, "ok    ../../eligibility/rulesets/crema.ospitalita-temporanea.tests.yaml  33 test cases of crema.ospitalita-temporanea\n")
	assert.Contains(t, out, "ok    ../../eligibility/rulesets/variants/crema.size-limit-5.yaml  overlay crema.size-limit-5 of crema.ospitalita-temporanea: parameter max_household_size changed\n")
	assert.Empty(t, errOut)
}

func TestCheckFolderWithVendorFiles(t *testing.T) {
	code, out, errOut := runElig(t, "check", eligData+"local", eligData+"bigger.yaml")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "ok    testdata/eligibility/local/small.tests.yaml  2 test cases of vendor.small\n"+
		"ok    testdata/eligibility/local/small.yaml  rule set vendor.small 0.1: 1 rule, 0 score criteria, 1 parameter, 1 fact\n"+
		"ok    testdata/eligibility/bigger.yaml  overlay vendor.bigger of vendor.small: parameter max_size changed\n", out, "notes.yaml has no format key and is skipped")
}

func TestCheckReportsEveryProblem(t *testing.T) {
	// A path that cannot be read is one more problem: the other files are
	// still checked.
	code, out, errOut := runElig(t, "check", eligData+"bad.yaml", eligData+"local/notes.yaml", eligData+"missing.yaml", eligData+"bigger.yaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out, "bigger.yaml is an overlay of a rule set not given, so it has a problem too")
	assert.Equal(t, strings.Join([]string{
		`testdata/eligibility/bad.yaml:13:38: requirements[0].when.op: unknown op "lte"; want one of eq, ne, lt, le, gt, ge, in, not_in`,
		`testdata/eligibility/bad.yaml:17:48: requirements[1].when.param: unknown parameter "limit"`,
		`testdata/eligibility/bigger.yaml: overlay vendor.bigger applies to rule set "vendor.small", which is neither among the files given nor shipped`,
		"testdata/eligibility/local/notes.yaml: no known format: a file says format: housingkit.ruleset/v1, housingkit.overlay/v1, housingkit.testcases/v1, housingkit.policy/v1 or housingkit.policytests/v1",
		"testdata/eligibility/missing.yaml: no such file or folder",
		"housingkit: 4 of 4 files have problems (5 problems)",
	}, "\n")+"\n", errOut)
}

// An overlay and a test file with problems of their own (unknown keys) also
// report every problem of what they change or name, in the same run.
func TestCheckReportsShapeAndMeaningTogether(t *testing.T) {
	code, out, errOut := runElig(t, "check", eligData+"local/small.yaml", eligData+"broken-overlay.yaml", eligData+"broken.tests.yaml")
	assert.Equal(t, 2, code)
	assert.Equal(t, "ok    testdata/eligibility/local/small.yaml  rule set vendor.small 0.1: 1 rule, 0 score criteria, 1 parameter, 1 fact\n", out)
	assert.Equal(t, strings.Join([]string{
		`testdata/eligibility/broken-overlay.yaml:6:47: parameters[0].value: parameter max_size is in persons: want a number, got "three"`,
		`testdata/eligibility/broken-overlay.yaml:7:12: parameters[1].name: unknown parameter "min_size" (did you mean "max_size"?)`,
		`testdata/eligibility/broken-overlay.yaml:8:11: disable[0]: disable: the rule set has no rule or score criterion "smal" (did you mean "small"?)`,
		`testdata/eligibility/broken-overlay.yaml:9:1: colour: unknown key "colour"; want one of format, id, base, title, notes, references, parameters, add_parameters, imports, disable, replace, add`,
		`testdata/eligibility/broken.tests.yaml:5:11: case "before the rules": rule set vendor.small is valid from 2024-01-01 on, not on 2023-06-01`,
		`testdata/eligibility/broken.tests.yaml:6:78: cases[0].household.pets: unknown key "pets"; want one of id, members, isee, assets, residence, work_municipality, living_situation, ownership, emergency, current_rent, needs, assessment, public_housing`,
		`testdata/eligibility/broken.tests.yaml:7:42: groups: rule set vendor.small has no group "smal"`,
		`testdata/eligibility/broken.tests.yaml:7:58: failed: rule set vendor.small has no rule or score criterion "smal" (did you mean "small"?)`,
		"housingkit: 2 of 3 files have problems (8 problems)",
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
		"housingkit: 1 of 1 files have problems (1 problem)\n", errOut)
}
