package eligibility_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const smallRules = `format: housingkit.ruleset/v1
id: test.small
version: "1"
title: {it: Prova, en: Test}
jurisdiction: {region: Lombardia}
valid_from: 2024-01-01
references:
  - {id: src, title: Source}
requirements:
  - id: income
    label: {it: reddito, en: income}
    reference: src
    when: {fact: has_income, op: eq, value: true}
groups:
  - id: small
    label: {it: piccolo, en: small}
    reference: src
    when: {fact: household_size, op: le, value: 2}
`

func TestRunTestsReportsFailuresAndResolvesPaths(t *testing.T) {
	fsys := fstest.MapFS{
		"rules/small.yaml": {Data: []byte(smallRules)},
		"rules/households/alone.json": {Data: []byte(`{"id": "alone", "members": [{"role": "reference", "birth_date": "1980-01-01",
  "incomes": [{"kind": "pension", "annual": "9000.00"}]}], "residence": {"municipality": "Crema"}, "emergency": {}, "needs": {}}`)},
		"rules/small.tests.yaml": {Data: []byte(`format: housingkit.testcases/v1
ruleset: small.yaml
cases:
  - name: alone with a pension
    date: 2024-05-01
    household_file: households/alone.json
    expect: {outcome: eligible, groups: [small], passed: [income]}
  - name: a wrong expectation
    date: 2024-05-01
    household: {id: three, members: [{role: reference, birth_date: 1980-01-01, incomes: []}, {role: child, birth_date: 2010-01-01, incomes: []}, {role: child, birth_date: 2012-01-01, incomes: []}]}
    expect: {outcome: eligible, groups: [small], passed: [income], missing: [isee]}
`)},
	}
	report, err := eligibility.RunTests(fsys, "rules/small.tests.yaml")
	require.NoError(t, err)
	assert.Equal(t, "test.small", report.RuleSet)
	assert.Equal(t, 1, report.Passed())
	assert.Equal(t, 1, report.Failed())
	assert.True(t, report.Results[0].Passed())
	bad := report.Results[1]
	assert.Equal(t, "rules/small.tests.yaml:8:5", bad.Position)
	assert.Equal(t, []string{
		"outcome: got ineligible, want eligible",
		"groups: got [], want [small]",
		"missing: got [], want [isee]",
		"reason income: got failed, want passed",
	}, bad.Failures)
}

// TestCheckFindsExpectationsTheRuleSetCannotMeet checks, without running
// the cases, that dates are in the rule set's validity and that
// expectations name its groups, referral rules, rules and exceptions; and
// that a file with problems of its own reports them with these.
func TestCheckFindsExpectationsTheRuleSetCannotMeet(t *testing.T) {
	fsys := fstest.MapFS{
		"rules/small.yaml": {Data: []byte(smallRules)},
		"rules/v.yaml": {Data: []byte(`format: housingkit.overlay/v1
id: test.v
base: test.small
title: {it: v, en: v}
disable: [smal]
colour: red
`)},
		"rules/small.tests.yaml": {Data: []byte(`format: housingkit.testcases/v1
ruleset: small.yaml
cases:
  - name: before the rule set
    date: 2023-12-31
    household: {id: a, members: [{role: reference, birth_date: 1980-01-01, incomes: []}]}
    expect: {outcome: eligible, groups: [smal, income], referrals: [x], passed: [income, nothing], failed: [small], unknown: [incme]}
  - name: exceptions and score
    date: 2024-05-01
    household: {id: b, members: [{role: reference, birth_date: 1980-01-01, incomes: []}]}
    expect: {outcome: eligible, exceptions: ["income: none", "nothing: x", "no colon"], score: 3}
    shoe_size: 42
  - name: a variant with problems
    date: 2024-05-01
    variant: v.yaml
    household: {id: c, members: [{role: reference, birth_date: 1980-01-01, incomes: []}]}
    expect: {outcome: eligible}
`)},
	}
	data, err := fsys.ReadFile("rules/small.tests.yaml")
	require.NoError(t, err)
	tf, err := eligibility.ParseTestFile("rules/small.tests.yaml", data)
	require.Error(t, err)
	require.NotNil(t, tf, "a file with problems comes back as far as it was read")
	err = tf.Check(fsys)
	assert.Equal(t, []string{
		`rules/small.tests.yaml:5:11: case "before the rule set": rule set test.small is valid from 2024-01-01 on, not on 2023-12-31`,
		`rules/small.tests.yaml:7:42: groups: rule set test.small has no group "smal" (did you mean "small"?)`,
		`rules/small.tests.yaml:7:48: groups: rule set test.small has no group "income"`,
		`rules/small.tests.yaml:7:69: referrals: rule set test.small has no referral "x"`,
		`rules/small.tests.yaml:7:90: passed: rule set test.small has no rule or score criterion "nothing"`,
		`rules/small.tests.yaml:7:127: unknown: rule set test.small has no rule or score criterion "incme" (did you mean "income"?)`,
		`rules/small.tests.yaml:11:46: exceptions: rule income has no exception "none"`,
		`rules/small.tests.yaml:11:62: exceptions: rule set test.small has no rule "nothing"`,
		`rules/small.tests.yaml:11:76: exceptions: "no colon": write "rule: exception"`,
		`rules/small.tests.yaml:11:96: score: rule set test.small has no priority scoring`,
		`rules/small.tests.yaml:12:5: cases[1].shoe_size: unknown key "shoe_size"; want one of name, date, note, household, household_file, referral, variant, expect`,
		`rules/v.yaml:5:11: disable[0]: disable: the rule set has no rule or score criterion "smal" (did you mean "small"?)`,
		`rules/v.yaml:6:1: colour: unknown key "colour"; want one of format, id, base, title, notes, references, parameters, add_parameters, imports, disable, replace, add`,
	}, problems(t, err))
	_, err = tf.Run(fsys)
	assert.Error(t, err, "a file with problems does not run")
}

func TestParseTestFileReportsEveryProblem(t *testing.T) {
	_, err := eligibility.ParseTestFile("t.yaml", []byte(`format: housingkit.testcases/v1
ruleset: crema.ospitalita-temporanea
cases:
  - name: bad household
    date: 2024-05-01
    household: {id: "", members: [{role: cousin, birth_date: 1980-01-01}], living_situation: "14.1"}
    expect: {outcome: maybe, missing: [isse]}
  - name: both
    date: 2024-02-30
    household: {id: x, members: [{role: reference, birth_date: 1980-01-01}]}
    household_file: x.json
    expect: {outcome: eligible}
  - name: neither
    date: 2024-05-01
    expect: {outcome: eligible, colour: red}
  - name: shape and meaning
    date: 2024-05-01
    household:
      id: y
      members:
        - {role: reference, birth_date: 1980-13-01}
      living_situation: "99.1"
    expect: {outcome: eligible}
`))
	assert.Equal(t, []string{
		"t.yaml:6:21: cases[0].household.id: is required",
		`t.yaml:6:34: cases[0].household.members: want exactly one member with role "reference", found 0`,
		`t.yaml:6:42: cases[0].household.members[0].role: unknown value "cousin"; want one of reference, partner, child, parent, relative, other`,
		`t.yaml:6:94: cases[0].household.living_situation: unknown ETHOS code "14.1"; want an operational sub-category such as "9.1", or "housed"`,
		`t.yaml:7:13: cases[0].expect.missing: unknown fact "isse" (did you mean "isee"?)`,
		`t.yaml:7:23: cases[0].expect.outcome: "maybe"; want one of eligible, ineligible, refer, incomplete`,
		"t.yaml:8:5: cases[1]: case \"both\": give household or household_file, not both",
		`t.yaml:9:11: cases[1].date: date "2024-02-30": day 30 out of range 1..29 for 2024-02`,
		"t.yaml:13:5: cases[2]: case \"neither\": give the household, inline or as household_file",
		`t.yaml:15:33: cases[2].expect.colour: unknown key "colour"; want one of outcome, groups, referrals, score, passed, failed, unknown, exceptions, missing`,
		// A household with a decoding problem is validated too; the
		// missing birth date on line 21 follows from the bad one.
		`t.yaml:21:41: cases[3].household.members[0].birth_date: date "1980-13-01": month 13 out of range 1..12`,
		`t.yaml:22:25: cases[3].household.living_situation: unknown ETHOS code "99.1"; want an operational sub-category such as "9.1", or "housed"`,
	}, problems(t, err))
}

func TestRunTestsRejectsUnknownRuleSetAndMissingFiles(t *testing.T) {
	fsys := fstest.MapFS{"t.yaml": {Data: []byte(`format: housingkit.testcases/v1
ruleset: nowhere.nothing
cases:
  - {name: x, date: 2024-05-01, household_file: gone.json, expect: {outcome: eligible}}
`)}}
	_, err := eligibility.RunTests(fsys, "t.yaml")
	ps := problems(t, err)
	require.Len(t, ps, 1)
	assert.True(t, strings.HasPrefix(ps[0], `t.yaml:2:10: no shipped rule set "nowhere.nothing"`), ps[0])

	fsys["t.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["t.yaml"].Data), "nowhere.nothing", "crema.ospitalita-temporanea", 1))}
	_, err = eligibility.RunTests(fsys, "t.yaml")
	ps = problems(t, err)
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0], "t.yaml:4:49: cannot read household file gone.json")
}

func TestWithRuleSetServesVendorsRuleSets(t *testing.T) {
	rs, err := eligibility.Parse("small.yaml", []byte(smallRules))
	require.NoError(t, err)
	fsys := fstest.MapFS{"t.yaml": {Data: []byte(`format: housingkit.testcases/v1
ruleset: test.small
cases:
  - {name: x, date: 2024-05-01, household: {id: x, members: [{role: reference, birth_date: 1980-01-01, incomes: []}]}, expect: {outcome: ineligible, failed: [income]}}
`)}}
	report, err := eligibility.RunTests(fsys, "t.yaml", eligibility.WithRuleSet(rs))
	require.NoError(t, err)
	assert.Equal(t, 1, report.Passed())
}

// A household file named by a case is read like an inline household: its
// problems at their positions in that file. A referral's team kind must be
// a known one.
func TestCheckHouseholdFileProblemsHavePositions(t *testing.T) {
	fsys := fstest.MapFS{
		"cases/h.yaml": {Data: []byte("id: h\nmembers:\n  - {role: cousin, birth_date: 1980-01-01}\nliving_situation: \"99.1\"\n")},
		"cases/t.yaml": {Data: []byte(`format: housingkit.testcases/v1
ruleset: crema.ospitalita-temporanea
cases:
  - name: a
    date: 2024-05-01
    household_file: h.yaml
    referral: {team: {name: Polizia, kind: police}, date: 2024-04-01}
    expect: {outcome: eligible}
`)},
	}
	data, err := fsys.ReadFile("cases/t.yaml")
	require.NoError(t, err)
	tf, err := eligibility.ParseTestFile("cases/t.yaml", data)
	require.Error(t, err)
	assert.Equal(t, []string{
		`cases/h.yaml:3:3: members: want exactly one member with role "reference", found 0`,
		`cases/h.yaml:3:12: members[0].role: unknown value "cousin"; want one of reference, partner, child, parent, relative, other`,
		`cases/h.yaml:4:19: living_situation: unknown ETHOS code "99.1"; want an operational sub-category such as "9.1", or "housed"`,
		`cases/t.yaml:7:44: cases[0].referral.team.kind: unknown value "police"; want one of multidisciplinary, social_service, housing_agency, health_service, third_sector, self, integrated_housing`,
	}, problems(t, tf.Check(fsys)))
}
