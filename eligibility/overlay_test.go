package eligibility_test

import (
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func crema(t testing.TB) *eligibility.RuleSet {
	t.Helper()
	rs, err := eligibility.Shipped("crema.ospitalita-temporanea")
	require.NoError(t, err)
	return rs
}

func shippedOverlay(t testing.TB, name string) *eligibility.Overlay {
	t.Helper()
	o, err := eligibility.LoadOverlayFS(rulesets.FS, "variants/"+name)
	require.NoError(t, err)
	return o
}

func overlay(t testing.TB, src string) *eligibility.Overlay {
	t.Helper()
	o, err := eligibility.ParseOverlay("overlay.yaml", []byte(src))
	require.NoError(t, err)
	return o
}

// five is a household of five without fragility.
func five(t testing.TB) *housing.Household {
	flags := `disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false`
	return household(t, `{id: five, living_situation: "8.1", ownership: {owns_dwelling: false}, emergency: {eviction_order: false}, members: [
{role: reference, birth_date: 1980-01-01, incomes: [{kind: employment, annual: "30000"}], `+flags+`},
{role: partner, birth_date: 1981-01-01, incomes: [], `+flags+`},
{role: child, birth_date: 2010-01-01, incomes: [], `+flags+`},
{role: child, birth_date: 2012-01-01, incomes: [], `+flags+`},
{role: child, birth_date: 2014-01-01, incomes: [], `+flags+`}]}`)
}

var social = &housing.Referral{Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService}, With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}, Date: housing.MustParseDate("2024-02-01")}

func TestApplyChangesAParameterFromADate(t *testing.T) {
	rs := crema(t)
	v, err := rs.Apply(shippedOverlay(t, "crema.size-limit-5.yaml"))
	require.NoError(t, err)
	assert.Equal(t, []string{"crema.size-limit-5"}, v.Variants())
	assert.Empty(t, rs.Variants(), "the base is unchanged")
	h := five(t)
	for _, tc := range []struct {
		on   string
		rs   *eligibility.RuleSet
		want eligibility.Outcome
	}{
		{"2024-12-31", v, eligibility.Ineligible},
		{"2025-01-01", v, eligibility.Eligible},
		{"2025-01-01", rs, eligibility.Ineligible},
	} {
		d, err := eligibility.Evaluate(tc.rs, h, housing.MustParseDate(tc.on), eligibility.WithReferral(social))
		require.NoError(t, err)
		assert.Equal(t, tc.want, d.Outcome, "%s %v", tc.on, tc.rs.Variants())
	}
	d, err := eligibility.Evaluate(v, h, housing.MustParseDate("2025-06-01"), eligibility.WithReferral(social))
	require.NoError(t, err)
	assert.Equal(t, []string{"crema.size-limit-5"}, d.RuleSet.Variants)
	r := reason(t, d, "temporary_difficulty")
	assert.Equal(t, "5", r.Parameters[0].Value.String())
	assert.Equal(t, "2025-01-01", r.Parameters[0].From.String())
}

func TestApplyForAPeriod(t *testing.T) {
	v, err := crema(t).Apply(overlay(t, `format: housingkit.overlay/v1
id: crema.pilot-2024
base: crema.ospitalita-temporanea
title: {it: Sperimentazione 2024, en: 2024 pilot}
parameters:
  - {name: max_household_size, from: 2024-01-01, until: 2024-12-31, value: 6}
`))
	require.NoError(t, err)
	p, _, _ := v.Parameter("max_household_size")
	for day, want := range map[string]string{"2023-12-31": "4", "2024-06-01": "6", "2025-01-01": "4"} {
		got, _, _ := p.At(housing.MustParseDate(day))
		assert.Equal(t, want, got.String(), day)
	}
}

func TestVariantsChainAndDiff(t *testing.T) {
	rs := crema(t)
	v1, err := rs.Apply(shippedOverlay(t, "crema.without-income.yaml"))
	require.NoError(t, err)
	v2, err := v1.Apply(shippedOverlay(t, "crema.size-limit-target-a-only.yaml"))
	require.NoError(t, err)
	assert.Equal(t, []string{"crema.without-income", "crema.size-limit-target-a-only"}, v2.Variants())
	var changes []string
	for _, c := range eligibility.Diff(rs, v2) {
		changes = append(changes, c.What+" "+c.ID+" "+c.Change)
	}
	assert.Equal(t, []string{"ruleset variants changed", "rule at_least_one_income removed", "rule fragile_household changed"}, changes)
	diff := eligibility.Diff(rs, v2)
	assert.Contains(t, diff[2].Detail, "condition all(any(")
	assert.Contains(t, diff[2].Detail, "household_size le param.max_household_size")

	v3, err := rs.Apply(shippedOverlay(t, "crema.size-limit-5.yaml"))
	require.NoError(t, err)
	assert.Equal(t, []eligibility.Change{
		{What: "ruleset", ID: "variants", Change: "changed", Detail: "[] → [crema.size-limit-5]"},
		{What: "parameter", ID: "max_household_size", Change: "changed", Detail: "2022-02-01: 4 → 2022-02-01: 4, 2025-01-01: 5"},
	}, eligibility.Diff(rs, v3))
	assert.Empty(t, eligibility.Diff(rs, rs))

	_, err = v2.Apply(shippedOverlay(t, "crema.without-income.yaml"))
	assert.Contains(t, err.Error(), "overlay crema.without-income is already applied to this rule set")
}

func TestOverlayIsValidatedAsAWhole(t *testing.T) {
	rs := crema(t)
	_, err := rs.Apply(overlay(t, `format: housingkit.overlay/v1
id: crema.broken
base: crema.ospitalita-temporanea
title: {it: Rotto, en: Broken}
parameters:
  - {name: max_household_size, from: 2025-01-01, value: "five"}
  - {name: max_size, from: 2025-01-01, value: 5}
  - {name: housing_difficulty, from: 2025-01-01, value: [insecure, police]}
disable: [nothing_here]
replace:
  requirements:
    - id: temporary_difficulty
      label: {it: x, en: x}
      reference: crema_2022
      when: {fact: minors, op: ge, value: 1}
add:
  groups:
    - id: at_least_one_income
      label: {it: y, en: y}
      reference: nowhere
      when: {fact: minors, op: ge, value: 1}
`))
	assert.Equal(t, []string{
		`overlay.yaml:6:57: parameters[0].value: parameter max_household_size is in persons: want a number, got "five"`,
		`overlay.yaml:7:12: parameters[1].name: unknown parameter "max_size"`,
		`overlay.yaml:8:5: parameters[2]: parameter housing_difficulty holds "police" on 2025-01-01, not a value of fact ethos_concept, which crema.ospitalita-temporanea.yaml:224:15 compares it with; want one of roofless, houseless, insecure, inadequate, housed`,
		`overlay.yaml:9:11: disable[0]: disable: the rule set has no rule or score criterion "nothing_here"`,
		`overlay.yaml:12:7: replace.requirements[0]: replace: the rule set has no requirement "temporary_difficulty" (temporary_difficulty is a group)`,
		`overlay.yaml:18:7: add.groups[0]: id "at_least_one_income" is already used by the rule set: ids are unique across rules, exceptions and score criteria`,
		`overlay.yaml:18:7: add.groups[0]: reference "nowhere" is not among the rule set's references (assegno_sociale, codice_civile, crema_2022, housingkit_placeholder, lombardia_sap)`,
	}, problems(t, err))
	d, err := eligibility.Evaluate(rs, five(t), housing.MustParseDate("2025-06-01"), eligibility.WithReferral(social))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Ineligible, d.Outcome, "the base is untouched")
}

func TestOverlayForAnotherRuleSet(t *testing.T) {
	_, err := crema(t).Apply(overlay(t, strings.Replace(`format: housingkit.overlay/v1
id: x
base: BASE
title: {it: x, en: x}
`, "BASE", "ferrara.other", 1)))
	assert.Equal(t, []string{`overlay.yaml:3:7: base: overlay x applies to rule set "ferrara.other", not "crema.ospitalita-temporanea"`}, problems(t, err))
}

func TestParseOverlayRejectsBadShape(t *testing.T) {
	_, err := eligibility.ParseOverlay("o.yaml", []byte("format: housingkit.overlay/v1\nid: x\nbase: y\ntitle: {it: x, en: x}\ndisable: nope\nextra: 1\n"))
	assert.Equal(t, []string{`o.yaml:5:10: disable: want a list, got "nope"`, `o.yaml:6:1: extra: unknown key "extra"; want one of format, id, base, title, notes, references, parameters, add_parameters, imports, disable, replace, add`}, problems(t, err))
	_, err = eligibility.ParseOverlay("o.yaml", []byte("format: housingkit.ruleset/v1\nid: x\nbase: y\ntitle: {it: x, en: x}\n"))
	assert.Equal(t, []string{`o.yaml:1:9: format: "housingkit.ruleset/v1"; an overlay says format: housingkit.overlay/v1`}, problems(t, err))
}

func TestWithVariantPerCall(t *testing.T) {
	rs := crema(t)
	o := shippedOverlay(t, "crema.without-income.yaml")
	h := household(t, `{id: poor, living_situation: "8.1", ownership: {owns_dwelling: false}, emergency: {eviction_order: false},
members: [{role: reference, birth_date: 1980-01-01, incomes: []}]}`)
	on := housing.MustParseDate("2024-03-01")
	base, err := eligibility.EvaluateOutcome(rs, h, on, eligibility.WithReferral(social))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Ineligible, base)
	for range 3 {
		out, err := eligibility.EvaluateOutcome(rs, h, on, eligibility.WithReferral(social), eligibility.WithVariant(o))
		require.NoError(t, err)
		assert.Equal(t, eligibility.Eligible, out)
	}
	d, err := eligibility.Evaluate(rs, h, on, eligibility.WithVariant(o), eligibility.WithReferral(social))
	require.NoError(t, err)
	assert.Equal(t, []string{"crema.without-income"}, d.RuleSet.Variants)

	bad := overlay(t, "format: housingkit.overlay/v1\nid: x\nbase: other\ntitle: {it: x, en: x}\n")
	_, err = eligibility.EvaluateOutcome(rs, h, on, eligibility.WithVariant(bad))
	assert.ErrorIs(t, err, housing.ErrInvalid)
}

// An overlay with problems of its own comes back as far as it was read:
// applying it never succeeds, and reports its problems with those of
// applying the rest, each at its position.
func TestOverlayWithProblemsReportsEverythingWhenApplied(t *testing.T) {
	rs := crema(t)
	o, err := eligibility.ParseOverlay("o.yaml", []byte(`format: housingkit.overlay/v1
id: o
base: crema.ospitalita-temporanea
title: {it: o, en: o}
parameters:
  - {name: max_household_size, from: 2025-01-01, value: 5, colour: red}
  - {name: max_houshold_size, from: 2025-01-01, value: 5}
disable: [fragile_houshold]
`))
	require.Error(t, err)
	require.NotNil(t, o)
	_, err = rs.Apply(o)
	assert.Equal(t, []string{
		`o.yaml:6:60: parameters[0].colour: unknown key "colour"; want one of name, from, until, value, note`,
		`o.yaml:7:12: parameters[1].name: unknown parameter "max_houshold_size" (did you mean "max_household_size"?)`,
		`o.yaml:8:11: disable[0]: disable: the rule set has no rule or score criterion "fragile_houshold" (did you mean "fragile_household"?)`,
	}, problems(t, err))
	_, err = eligibility.Evaluate(rs, &housing.Household{ID: "h"}, housing.MustParseDate("2025-03-01"), eligibility.WithVariant(o))
	assert.Error(t, err, "nor per evaluation")
	_, err = rs.Apply(nil)
	assert.Error(t, err)
}

// An overlay cannot take its base's id, nor give a person count a
// fraction.
func TestOverlayRefusesItsBaseIDAndFractionalPersons(t *testing.T) {
	src := `format: housingkit.overlay/v1
id: crema.size-limit-5
base: crema.ospitalita-temporanea
title: {it: x, en: x}
parameters:
  - name: max_household_size
    from: 2025-01-01
    value: 5
`
	_, err := crema(t).Apply(overlay(t, src))
	require.NoError(t, err)

	_, err = crema(t).Apply(overlay(t, strings.Replace(src, "id: crema.size-limit-5", "id: crema.ospitalita-temporanea", 1)))
	require.Error(t, err)
	assert.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), `overlay.yaml:2:5: id: overlay id "crema.ospitalita-temporanea" is the id of its base rule set: give the variant an id of its own`)

	_, err = crema(t).Apply(overlay(t, strings.Replace(src, "value: 5", "value: 4.5", 1)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "overlay.yaml:8:12: parameters[0].value: parameter max_household_size is in persons: want a whole number, got 4.5")
	_, err = crema(t).Apply(overlay(t, strings.Replace(src, "value: 5", "value: 5.0", 1)))
	assert.NoError(t, err, "5.0 is a whole number")
}

// An overlay's amount in euros is euros and cents, written without an
// exponent, like every amount the SDK reads.
func TestOverlayMoneyIsEurosAndCents(t *testing.T) {
	_, err := crema(t).Apply(overlay(t, `format: housingkit.overlay/v1
id: crema.cents
base: crema.ospitalita-temporanea
title: {it: Centesimi, en: Cents}
parameters:
  - {name: income_per_member_limit, from: 2025-01-01, value: 6000.555}
  - {name: income_per_member_limit, from: 2026-01-01, value: 6e3}
`))
	assert.Equal(t, []string{
		`overlay.yaml:6:62: parameters[0].value: parameter income_per_member_limit: 6000.555 EUR/year has digits below the cent; write euros and cents such as 650.00`,
		`overlay.yaml:7:62: parameters[1].value: parameter income_per_member_limit is in EUR/year: want a number, got "6e3"`,
	}, problems(t, err))
}
