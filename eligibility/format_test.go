package eligibility_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// factsTable writes the fact vocabulary as the Markdown table of FORMAT.md.
func factsTable() string {
	var b strings.Builder
	b.WriteString("| fact | kind | unit | meaning |\n|---|---|---|---|\n")
	for _, f := range eligibility.Facts() {
		unit := string(f.Unit)
		if len(f.Values) > 0 {
			unit = "one of " + strings.Join(f.Values, ", ")
			if f.Name == "living_situation" {
				unit = "an ETHOS code (1.1 … 13.1) or housed"
			}
		}
		sens := ""
		if f.Sensitive {
			sens = " *(sensitive)*"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s%s |\n", f.Name, f.Kind, unit, f.Description.EN, sens)
	}
	return b.String()
}

func section(doc, name string) (string, bool) {
	re := regexp.MustCompile(`(?s)<!-- ` + name + `:begin -->\n(.*?)<!-- ` + name + `:end -->`)
	m := re.FindStringSubmatch(doc)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// TestFormatDocIsCurrent keeps FORMAT.md honest: its fact table is the
// vocabulary (rewrite it with -update) and its complete example loads and
// decides as the text says.
func TestFormatDocIsCurrent(t *testing.T) {
	data, err := os.ReadFile("FORMAT.md")
	require.NoError(t, err)
	doc := string(data)
	table, ok := section(doc, "facts")
	require.True(t, ok, "FORMAT.md has a facts section")
	if *update {
		doc = strings.Replace(doc, "<!-- facts:begin -->\n"+table+"<!-- facts:end -->", "<!-- facts:begin -->\n"+factsTable()+"<!-- facts:end -->", 1)
		require.NoError(t, os.WriteFile("FORMAT.md", []byte(doc), 0o644))
		table = factsTable()
	}
	assert.Equal(t, factsTable(), table, "rerun with -update")

	example, ok := section(doc, "example")
	require.True(t, ok, "FORMAT.md has an example section")
	example = strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(example), "```"), "```yaml")
	rs, err := eligibility.Parse("FORMAT.md", []byte(example))
	require.NoError(t, err)
	assert.Equal(t, "example.housing-first", rs.ID())

	// The decisions the text walks through.
	on := housing.MustParseDate("2025-03-01")
	team := eligibility.WithReferral(&housing.Referral{Team: housing.Team{Name: "Equipe", Kind: housing.TeamMultidisciplinary}, Date: housing.MustParseDate("2025-02-01")})
	woman := household(t, `{id: w, living_situation: "4.1", ownership: {owns_dwelling: false}, emergency: {eviction_order: false},
assets: {financial: "0", real_estate: "0"},
members: [{role: reference, sex: F, birth_date: 1990-01-01, victim_of_violence: true, leaving_care: false, incomes: []}]}`)
	d, err := eligibility.Evaluate(rs, woman, on, team)
	require.NoError(t, err)
	assert.Equal(t, eligibility.Eligible, d.Outcome)
	assert.Equal(t, "violence_without_isee", reason(t, d, "isee_within_erp_limit").Exception)
	family := household(t, `{id: f, living_situation: "1.1", ownership: {owns_dwelling: false}, emergency: {eviction_order: true},
isee: {value: "3000", issued_on: 2025-01-10}, assets: {financial: "100", real_estate: "0"},
members: [{role: reference, sex: M, birth_date: 1985-01-01, incomes: [{kind: employment, annual: "6000"}], victim_of_violence: false, leaving_care: false},
{role: child, birth_date: 2015-01-01, incomes: []}]}`)
	d, err = eligibility.Evaluate(rs, family, on, team)
	require.NoError(t, err)
	assert.Equal(t, eligibility.Refer, d.Outcome)
	assert.Equal(t, []string{"minors_in_extreme_hardship"}, d.Referrals)
	assert.Equal(t, 5, d.Score.Total)
}
