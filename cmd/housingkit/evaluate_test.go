package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var familyArgs = []string{"evaluate", "--ruleset", "crema.ospitalita-temporanea", "--household", "../../testdata/crema-household-family-of-four.json",
	"--referral", eligData + "referral-social-service.yaml", "--date", "2022-03-01"}

func TestEvaluateText(t *testing.T) {
	code, out, errOut := runElig(t, familyArgs...)
	assert.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(out, "Rule set crema.ospitalita-temporanea, version 2.0.0; evaluated on 1 March 2022; household cr-ot-2022-004\nOutcome: eligible\n"), out)
	assert.Contains(t, out, "Score: 9 (at most 10)\n")
	assert.Contains(t, out, "max_household_size = 4 persons (from 1 February 2022)")
	assert.Contains(t, out, "lombardia_isee_access = €16,000.00 a year (from 1 August 2017)")

	code, out, errOut = runElig(t, append(familyArgs, "--lang", "it")...)
	assert.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(out, "Regole crema.ospitalita-temporanea, versione 2.0.0; data di valutazione 1 marzo 2022; nucleo cr-ot-2022-004\nEsito: ammissibile\n"), out)
	assert.Contains(t, out, "Requisito soddisfatto: almeno un'entrata reddituale nel nucleo")
	for _, want := range []string{
		"max_household_size = 4 persone (dal 1 febbraio 2022)",
		"points_low_income = 1 punto (dal 1 febbraio 2022)",
		"points_per_minor = 2 punti",
		"lombardia_isee_access = 16.000,00 € l'anno (dal 1 agosto 2017)",
		"household_size = 4 persone",
		"annual_income = 9.100,00 € l'anno",
		"referral_joint_team = Equipe Integrata Servizi Abitativi",
		"referral_date crescente = 25 gennaio 2022",
	} {
		assert.Contains(t, out, want)
	}
	// No English words, units or ISO dates left in the Italian text (rule
	// and fact codes aside).
	assert.Empty(t, englishLeft.FindAllString(out, -1), "English words or ISO dates in the Italian text")
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
	assert.Contains(t, out, "max_size = 3 persons (from 1 January 2024)")
}

func TestEvaluateBadInputListsEveryProblem(t *testing.T) {
	code, out, errOut := runElig(t, "evaluate", "--ruleset", "nowhere", "--household", eligData+"bad.yaml", "--date", "2024-02-30", "--format", "xml", "--lang", "fr",
		"--variant", eligData+"missing.yaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	for _, want := range []string{
		"\nhousingkit: cannot evaluate (13 problems)\n",
		`--format: "xml": want text or json`,
		`--lang: language "fr": want one of it, en`,
		`--date: date "2024-02-30": day 30 out of range 1..29 for 2024-02`,
		`--ruleset: no shipped rule set "nowhere"; shipped ones are `,
		"--variant: cannot read testdata/eligibility/missing.yaml: no such file",
		`testdata/eligibility/bad.yaml:1:1: format: unknown key "format"`,
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

// englishLeft finds English unit words, English words of the rendering and
// ISO dates: none should appear in an Italian text (codes of rules and facts
// are identifiers, written with underscores, and are not matched).
var englishLeft = regexp.MustCompile(`\b(persons?|points?|EUR|years?|months?|from|unknown|yes|none|roofless|houseless|insecure|inadequate)\b|\b\d{4}-\d{2}-\d{2}\b`)

// Two --variant flags chain in order: the decision lists both, and each
// change is in force (no income requirement, and room for five).
func TestEvaluateChainsVariants(t *testing.T) {
	variants := "../../eligibility/rulesets/variants/"
	args := []string{"evaluate", "--ruleset", "crema.ospitalita-temporanea", "--household", "../../testdata/crema-household-no-income.json", "--date", "2025-03-03",
		"--variant", variants + "crema.without-income.yaml", "--variant", variants + "crema.size-limit-5.yaml"}
	code, out, errOut := runElig(t, args...)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Variants applied: crema.without-income, crema.size-limit-5\n")
	assert.Contains(t, out, "max_household_size = 5 persons (from 1 January 2025)")
	assert.NotContains(t, out, "[at_least_one_income]")
	assert.Contains(t, out, "Outcome: facts missing\n", "without the income requirement, only the referral is missing")

	code, out, errOut = runElig(t, append(args, "--format", "json")...)
	assert.Equal(t, 0, code, errOut)
	var d struct {
		RuleSet struct {
			Variants []string `json:"variants"`
		} `json:"ruleset"`
		Missing []string `json:"missing"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Equal(t, []string{"crema.without-income", "crema.size-limit-5"}, d.RuleSet.Variants)
	assert.Equal(t, []string{"referral_team", "referral_joint_team"}, d.Missing)

	// The same overlay twice is bad input.
	code, _, errOut = runElig(t, "evaluate", "--ruleset", "crema.ospitalita-temporanea", "--household", "../../testdata/crema-household-no-income.json", "--date", "2025-03-03",
		"--variant", variants+"crema.without-income.yaml", "--variant", variants+"crema.without-income.yaml")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "crema.without-income.yaml:4:5: id: overlay crema.without-income is already applied to this rule set")
}

// Problems of the household and referral files, of shape and of meaning,
// are all reported at their file:line:column, in the order of the file.
func TestEvaluateReportsInputProblemsWithPositions(t *testing.T) {
	code, out, errOut := runElig(t, "evaluate", "--ruleset", "crema.ospitalita-temporanea", "--household", eligData+"household-mistakes.yaml",
		"--referral", eligData+"referral-unknown-team.yaml", "--date", "2024-06-01")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, strings.Join([]string{
		`testdata/eligibility/household-mistakes.yaml:5:64: members[0].incomes[0].kind: unknown value "salary"; want one of employment, self_employment, pension, benefit, maintenance, other`,
		`testdata/eligibility/household-mistakes.yaml:6:11: members[1].role: unknown value "cousin"; want one of reference, partner, child, parent, relative, other`,
		`testdata/eligibility/household-mistakes.yaml:8:5: members[1].shoe_size: unknown key "shoe_size"; want one of role, id, birth_date, sex, citizenship, disability, disability_percent, incomes, employment, months_worked, victim_of_violence, leaving_care, no_support_network, recently_impoverished, care_duties, certified_hardship`,
		`testdata/eligibility/household-mistakes.yaml:9:19: living_situation: unknown ETHOS code "99.1"; want an operational sub-category such as "9.1", or "housed"`,
		`testdata/eligibility/referral-unknown-team.yaml:1:36: team.kind: unknown value "police"; want one of multidisciplinary, social_service, housing_agency, health_service, third_sector, self, integrated_housing`,
		"housingkit: cannot evaluate (5 problems)",
	}, "\n")+"\n", errOut)
}

// A figure imported from a shipped parameter file and used in a later year
// than the file's last value is flagged; in the year of the data it is not.
func TestEvaluateFlagsExtrapolatedFigures(t *testing.T) {
	args := []string{"evaluate", "--ruleset", "crema.ospitalita-temporanea", "--household", "../../testdata/crema-household-family-of-four.json"}
	code, out, errOut := runElig(t, append(args, "--date", "2031-03-03")...)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `\nEXTRAPOLATED: erp-access-limits\.[a-z_]+ \(from \d{4}-\d\d-\d\d\) is used past its source's last value, of \d{4}-\d\d-\d\d\n`, out)
	code, out, errOut = runElig(t, append(args, "--date", "2025-03-03", "--lang", "it")...)
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "ESTRAPOLATO")
	// With --format json, standard output stays the decision and the flag
	// goes to standard error.
	code, out, errOut = runElig(t, append(args, "--date", "2031-03-03", "--format", "json")...)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `^EXTRAPOLATED: erp-access-limits\.[a-z_]+ \(from \d{4}-\d\d-\d\d\) is used past its source's last value, of \d{4}-\d\d-\d\d\n`, errOut)
	var d map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Equal(t, "housingkit.decision/v1", d["format"])
}

// TestEvaluateHelpListsShippedRuleSets: the --ruleset flag's help names
// every shipped rule set, although the list is made only when help is
// shown.
func TestEvaluateHelpListsShippedRuleSets(t *testing.T) {
	code, out, errOut := runElig(t, "evaluate", "--help")
	assert.Equal(t, 0, code, errOut)
	for _, id := range eligibility.ShippedIDs() {
		assert.Contains(t, out, id)
	}
	assert.Contains(t, out, "rule set: a shipped id (catania.alloggi-di-transizione, ")
}
