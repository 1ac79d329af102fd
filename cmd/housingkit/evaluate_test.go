package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var familyArgs = []string{"evaluate", "--ruleset", "crema.ospitalita-temporanea", "--household", "../../testdata/crema-household-family-of-four.json",
	"--referral", eligData + "referral-social-service.yaml", "--date", "2022-03-01"}

func TestEvaluateText(t *testing.T) {
	code, out, errOut := runElig(t, familyArgs...)
	assert.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(out, "Rule set crema.ospitalita-temporanea, version 1.0.0; evaluated on 2022-03-01; household cr-ot-2022-004\nOutcome: eligible\n"), out)
	assert.Contains(t, out, "Score: 9 (at most 10)\n")

	code, out, errOut = runElig(t, append(familyArgs, "--lang", "it")...)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Esito: ammissibile\n")
	assert.Contains(t, out, "Requisito soddisfatto: almeno un'entrata reddituale nel nucleo")
}

func TestEvaluateJSONIsTheDecisionContract(t *testing.T) {
	code, out, errOut := runElig(t, append(familyArgs, "--format", "json")...)
	assert.Equal(t, 0, code, errOut)
	var d map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Equal(t, "housingkit.decision/v1", d["format"])
	assert.Equal(t, "eligible", d["outcome"])
	assert.Equal(t, "2022-03-01", d["date"])
	assert.Equal(t, float64(9), d["score"].(map[string]any)["total"])
	assert.Contains(t, out, "«È partito", "no HTML escaping of the references")
}

func TestEvaluateRuleSetFileWithVariants(t *testing.T) {
	args := []string{"evaluate", "--ruleset", eligData + "local/small.yaml", "--household", "../../testdata/crema-household-family-of-four.json", "--date", "2024-06-01"}
	code, out, errOut := runElig(t, args...)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Outcome: ineligible\n")
	code, out, errOut = runElig(t, append(args, "--variant", eligData+"bigger.yaml")...)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Variants applied: vendor.bigger\n")
	assert.Contains(t, out, "Outcome: ineligible\n", "four people, at most three")
	assert.Contains(t, out, "max_size = 3 persons (from 2024-01-01)")
}

func TestEvaluateBadInputListsEveryProblem(t *testing.T) {
	code, out, errOut := runElig(t, "evaluate", "--ruleset", "nowhere", "--household", eligData+"bad.yaml", "--date", "2024-02-30", "--format", "xml", "--lang", "fr",
		"--variant", eligData+"missing.yaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	for _, want := range []string{
		"housingkit: cannot evaluate:\n",
		`--format: "xml": want text or json`,
		`--lang: language "fr": want one of it, en`,
		`--date: date "2024-02-30": day 30 out of range 1..29 for 2024-02`,
		`--ruleset: no shipped rule set "nowhere"; shipped ones are `,
		"cannot read overlay testdata/eligibility/missing.yaml",
		`testdata/eligibility/bad.yaml:1:1: unknown key "format"`,
	} {
		assert.Contains(t, errOut, want)
	}

	code, _, errOut = runElig(t, "evaluate", "--ruleset", "crema.ospitalita-temporanea", "--household", "../../testdata/crema-household-family-of-four.json", "--date", "2021-01-01")
	assert.Equal(t, 2, code)
	assert.Equal(t, "housingkit: rule set crema.ospitalita-temporanea is valid from 2022-02-01 on: it cannot be applied on 2021-01-01\n", errOut)

	code, _, errOut = runElig(t, "evaluate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--ruleset: is required")
	assert.Contains(t, errOut, "--household: is required")
	assert.Contains(t, errOut, "--date: is required")
}
