package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

const policyData = "testdata/policy/"

func TestCheckShippedPolicies(t *testing.T) {
	code, out, errOut := runElig(t, "check", "../../housing/policies")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "ok    ../../housing/policies/catania.alloggi-di-transizione.tests.yaml  2 test cases of catania.alloggi-di-transizione\n"+
		"ok    ../../housing/policies/catania.alloggi-di-transizione.yaml  policy catania.alloggi-di-transizione: until an exit event\n"+
		"ok    ../../housing/policies/crema.ospitalita-temporanea.tests.yaml  5 test cases of crema.ospitalita-temporanea\n"+
		"ok    ../../housing/policies/crema.ospitalita-temporanea.yaml  policy crema.ospitalita-temporanea: renewable term, 24 months at most\n"+
		"ok    ../../housing/policies/ferrara-sud-est.housing-temporaneo.tests.yaml  3 test cases of ferrara-sud-est.housing-temporaneo\n"+
		"ok    ../../housing/policies/ferrara-sud-est.housing-temporaneo.yaml  policy ferrara-sud-est.housing-temporaneo: fixed term, 24 months at most\n", out)
	assert.Empty(t, errOut)
}

func TestTestShippedPolicies(t *testing.T) {
	code, out, errOut := runElig(t, "test", "../../housing/policies")
	assert.Equal(t, 0, code, out+errOut)
	assert.Equal(t, "10 passed, 0 failed\n", out)
	assert.Empty(t, errOut)

	// Rule sets and policies in one run.
	code, out, errOut = runElig(t, "test", "../../housing/policies", "../../eligibility/rulesets")
	assert.Equal(t, 0, code, out+errOut)
	assert.Regexp(t, `^\d+ passed, 0 failed\n$`, out)
}

func TestTestOfficePolicyReportsFailures(t *testing.T) {
	code, out, errOut := runElig(t, "test", "-v", policyData+"pilot.yaml", policyData+"pilot.tests.yaml")
	assert.Equal(t, 1, code)
	assert.Equal(t, "ok    testdata/policy/pilot.tests.yaml:4:5  six months, then two renewals of three months\n"+
		"FAIL  testdata/policy/pilot.tests.yaml:14:5  wrong on purpose\n"+
		"      planned end: got 2026-07-15, want 2026-06-15\n"+
		"      due on 2026-03-16: got [review_overdue], want [review_due]\n"+
		"1 passed, 1 failed\n", out)
	assert.Equal(t, "housingkit: 1 of 2 test cases failed\n", errOut)

	code, out, _ = runElig(t, "check", policyData+"pilot.yaml", policyData+"pilot.tests.yaml")
	assert.Equal(t, 0, code)
	assert.Equal(t, "ok    testdata/policy/pilot.yaml  policy office.pilot: renewable term, 12 months at most\n"+
		"ok    testdata/policy/pilot.tests.yaml  2 test cases of office.pilot\n", out)
}

func TestCheckPolicyProblems(t *testing.T) {
	code, out, errOut := runElig(t, "check", policyData+"unformatted.yaml", policyData+"wrong-policy.tests.yaml", policyData+"pilot.tests.yaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, strings.Join([]string{
		`testdata/policy/pilot.tests.yaml:2:9: policy: "office.pilot" is neither among the policies given nor shipped (catania.alloggi-di-transizione, crema.ospitalita-temporanea, ferrara-sud-est.housing-temporaneo); a path to a policy file ends in .yaml, .yml or .json`,
		"testdata/policy/unformatted.yaml: no known format: a file says format: housingkit.ruleset/v1, housingkit.overlay/v1, housingkit.testcases/v1, housingkit.policy/v1 or housingkit.policytests/v1",
		`testdata/policy/wrong-policy.tests.yaml:2:9: policy: "office.elsewhere" is neither among the policies given nor shipped (catania.alloggi-di-transizione, crema.ospitalita-temporanea, ferrara-sud-est.housing-temporaneo); a path to a policy file ends in .yaml, .yml or .json`,
		"housingkit: 3 of 3 files have problems (3 problems)",
	}, "\n")+"\n", errOut)
}
