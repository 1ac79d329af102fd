package eligibility_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withExpr returns the base rule set with its condition replaced by the
// expression src (single-quoted in YAML) and the parameter.
func withExpr(src string) []byte {
	return []byte(strings.Replace(base, "when: {fact: household_size, op: le, param: max_size}",
		"when: {expr: '"+strings.ReplaceAll(src, "'", "''")+" && household_size <= param.max_size'}", 1))
}

// TestHostileExpressionsFailWithinTheirBudget runs expressions that the
// loader accepts but that would take the process down without a budget:
// each evaluation must fail fast, with an error naming the condition and
// the budget, allocating little.
func TestHostileExpressionsFailWithinTheirBudget(t *testing.T) {
	doubled := "let s0 = residence_municipality + \"0123456789\";"
	for i := 1; i <= 40; i++ {
		doubled += " let s" + itoa(i) + " = s" + itoa(i-1) + " + s" + itoa(i-1) + ";"
	}
	doubled += " len(s40) > 0"
	squared, shrunk := "let a0 = annual_income + 2;", "let a0 = annual_income + 2;"
	for i := 1; i <= 40; i++ {
		squared += " let a" + itoa(i) + " = a" + itoa(i-1) + " * a" + itoa(i-1) + ";"
		shrunk += " let a" + itoa(i) + " = a" + itoa(i-1) + " * 1e-300 * 1e-300;"
	}
	squared += " a40 > 0"
	shrunk += " a40 > 0"
	list := `let l = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]; `
	for _, tc := range []struct{ name, expr, budget string }{
		{"a range of a million", "count(1..1000000, # > 0) > 0", "memory budget"},
		{"nested loops over ranges", "all(1..1000, all(1..1000, all(1..1000, # > 0)))", "budget"},
		{"nested loops over a list", list + "all(l, all(l, all(l, all(l, all(l, all(l, all(l, all(l, # != \"z\"))))))))", "step budget"},
		{"nested map over a range", "len(map(1..1000, map(1..1000, map(1..1000, #)))) > 0", "budget"},
		{"reduce doubling a text", `reduce(1..64, #acc + #acc, "xxxxxxxx") != ""`, "byte budget"},
		{"reduce doubling a list", "len(reduce(1..64, concat(#acc, #acc), [1])) > 0", "budget"},
		{"reduce nesting lists", "len(string(reduce(1..64, (let a = #acc; map(1..2, a)), []))) > 0", "byte budget"},
		{"texts doubled without a loop", doubled, "byte budget"},
		{"repeat", `len(repeat(repeat("x", 1000), 1000000)) > 0`, "byte budget"},
		{"repeat in a loop", `len(reduce(1..1000, #acc + repeat("x", 100000), "")) > 0`, "byte budget"},
		{"replace", `len(replace(repeat("x", 100000), "x", repeat("y", 1000))) > 0`, "byte budget"},
		{"join", `len(join(map(1..100000, "x"), repeat("y", 10000))) > 0`, "byte budget"},
		{"split and join", `len(reduce(1..64, join(split(#acc, ""), #acc), "ab")) > 0`, "byte budget"},
		{"split into letters", `let s = repeat("abcdefgh", 500000); len(split(s, "")) > 0`, "byte budget"},
		{"squaring a decimal", squared, "number size budget"},
		{"a decimal exponent", shrunk, "number size budget"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := eligibility.Parse("hostile.yaml", withExpr(tc.expr))
			require.NoError(t, err, "the loader accepts it")
			h := household(t, `{id: x, members: [{role: reference, birth_date: 1980-01-01, incomes: [{kind: other, annual: "100.00"}]}], residence: {municipality: Crema}}`)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err = eligibility.Evaluate(rs, h, housing.MustParseDate("2024-02-01"))
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			require.Error(t, err)
			assert.ErrorIs(t, err, housing.ErrInvalid)
			assert.Contains(t, err.Error(), "rule set test.base: the custom condition of rule size at hostile.yaml:17:19 ")
			assert.Contains(t, err.Error(), tc.budget)
			if strings.HasSuffix(tc.budget, "budget") && tc.budget != "budget" {
				var he *housing.Error
				require.ErrorAs(t, err, &he)
				assert.Equal(t, "eligibility.budget", he.Key)
				assert.Contains(t, housing.ErrorMessage(err), tc.budget, "the user-facing message says it")
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%v, %d MiB allocated: %v", took.Round(time.Millisecond), alloc>>20, err)
			assert.Less(t, alloc, uint64(256<<20), "allocated")
			// The budgets are counted in steps and bytes, not time; the
			// bound on time catches a budget that is not enforced. The race
			// detector slows the machine loop about tenfold.
			limit := 10 * time.Second
			if raceEnabled {
				limit = 120 * time.Second
			}
			assert.Less(t, took, limit, "took")
		})
	}
}

// TestExpressionLimitsAtLoad: what cannot be bounded at evaluation is
// refused when the rule set loads.
func TestExpressionLimitsAtLoad(t *testing.T) {
	huge := "household_size > 0" + strings.Repeat(" && household_size > 0", 700)
	for _, tc := range []struct{ name, expr, want string }{
		{"now", "now() != nil", "unknown fact or name now"},
		{"toJSON", `toJSON(household_size) != ""`, "unknown fact or name toJSON"},
		{"fromJSON", `fromJSON(residence_municipality) != nil`, "unknown fact or name fromJSON"},
		{"toBase64", `toBase64(residence_municipality) != ""`, "unknown fact or name toBase64"},
		{"nested list literal", "let a = [1, 1]; let b = [a, a]; len(b) > 0", "hostile.yaml:17:44: expr: a list written in an expression holds only numbers, texts and booleans"},
		{"nested map literal", "let a = {x: 1}; let b = {x: a, y: a}; len(b) > 0", "a map written in an expression holds only numbers, texts and booleans"},
		{"the budget itself", "__budget != nil", "hostile.yaml:17:19: expr: unknown name __budget"},
		{"a budget function", `__repeat(__budget, "x", 9) != ""`, "unknown name __repeat"},
		{"too large", huge, "exceeds maximum allowed nodes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eligibility.Parse("hostile.yaml", withExpr(tc.expr))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestBudgetedOperationsKeepTheirMeaning: the counted versions of +,
// repeat, replace and join give what the builtins give.
func TestBudgetedOperationsKeepTheirMeaning(t *testing.T) {
	h := household(t, `{id: x, members: [{role: reference, birth_date: 1980-01-01, incomes: [{kind: other, annual: "100.00"}]}], residence: {municipality: Crema}}`)
	for _, src := range []string{
		`(annual_income - 50) + (annual_income - 50) == 100 && (annual_income * 0.5) + 1 == 51`,
		`1 + 2.5 == 3.5 && household_size + 1 == 2`,
		`residence_municipality + "!" == "Crema!"`,
		`repeat("ab", 3) == "ababab"`,
		`replace("a-b-c", "-", "+") == "a+b+c"`,
		`replace("aaa", "", "-") == "-a-a-a-"`,
		`join(["a", "b"], ", ") == "a, b"`,
		`join(split("a,b", ",")) == "ab"`,
		`len(split("a,b,c", ",", 2)) == 2 && splitAfter("a,b", ",")[0] == "a," && len(split("", ",")) == 1 && len(split("abc", "")) == 3`,
		`reduce(1..3, #acc + "x", "") == "xxx"`,
		`all(1..3, # > 0) && count(1..10, # % 2 == 0) == 5 && sum(map(1..4, # * 2)) == 20`,
		`let l = [1, "a", true]; len(l) == 3`,
	} {
		rs, err := eligibility.Parse("ok.yaml", withExpr(src))
		require.NoError(t, err, src)
		d, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-02-01"))
		require.NoError(t, err, src)
		assert.Equal(t, eligibility.Eligible, d.Outcome, src)
	}
}

// A household evaluated before one of its members is born, or brought by a
// referral dated before 1900, is refused: ages would otherwise be unknown
// and dates meaningless.
func TestEvaluationRefusesImpossibleDates(t *testing.T) {
	rs, err := eligibility.Parse("base.yaml", []byte(base))
	require.NoError(t, err)
	on := housing.MustParseDate("2024-02-01")
	h := household(t, `{id: x, members: [{role: reference, birth_date: 1980-01-01}, {role: child, birth_date: 2024-02-02}]}`)
	_, err = eligibility.Evaluate(rs, h, on)
	assert.ErrorIs(t, err, housing.ErrInvalid)
	assert.ErrorContains(t, err, "household x: members[1].birth_date 2024-02-02 is after the evaluation date 2024-02-01")
	_, err = eligibility.EvaluateOutcome(rs, h, on)
	assert.ErrorContains(t, err, "is after the evaluation date")

	ok := household(t, `{id: y, members: [{role: reference, birth_date: 1980-01-01}, {role: child, birth_date: 2024-02-01}]}`)
	_, err = eligibility.Evaluate(rs, ok, on)
	require.NoError(t, err, "born on the day is fine")
	ref := &housing.Referral{Team: housing.Team{Name: "t", Kind: housing.TeamSocialService}, Date: housing.MustParseDate("1899-12-31")}
	_, err = eligibility.Evaluate(rs, ok, on, eligibility.WithReferral(ref))
	assert.ErrorIs(t, err, housing.ErrInvalid)
	assert.ErrorContains(t, err, "the referral's date 1899-12-31 is before 1900")
}

// Points that multiply or add up beyond int are an evaluation error, not a
// score that wraps round.
func TestScoreOverflowIsAnError(t *testing.T) {
	src := base + `priority:
  criteria:
    - {id: big, label: {it: b, en: b}, reference: src, points: 4611686018427387904}
    - {id: bigger, label: {it: b, en: b}, reference: src, points: 4611686018427387904}
  tie_break: [{fact: household_size, order: ascending}]
`
	rs, err := eligibility.Parse("score.yaml", []byte(src))
	require.NoError(t, err)
	h := household(t, `{id: x, members: [{role: reference, birth_date: 1980-01-01}, {role: partner, birth_date: 1980-01-01}]}`)
	_, err = eligibility.Evaluate(rs, h, housing.MustParseDate("2024-02-01"))
	assert.ErrorIs(t, err, housing.ErrInvalid)
	assert.ErrorContains(t, err, "rule set test.base: the score's points add up to more than can be counted (at criterion bigger)")

	per := strings.Replace(src, "points: 4611686018427387904}\n    - {id: bigger, label: {it: b, en: b}, reference: src, points: 4611686018427387904}", "points: 4611686018427387904, per: household_size}", 1)
	rs, err = eligibility.Parse("score.yaml", []byte(per))
	require.NoError(t, err)
	_, err = eligibility.Evaluate(rs, h, housing.MustParseDate("2024-02-01"))
	assert.ErrorContains(t, err, "score criterion big: 4611686018427387904 points × household_size 2 is more than can be counted")
}
