package eligibility_test

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every decision of every shipped test case reads in Italian with labels:
// no English words or ISO dates, and target groups and referral rules
// named by their labels, not by their ids.
func TestShippedDecisionsReadInItalian(t *testing.T) {
	names, err := fs.Glob(rulesets.FS, "*.tests.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	decisions := 0
	for _, name := range names {
		report, err := eligibility.RunTests(rulesets.FS, name)
		require.NoError(t, err, name)
		for _, r := range report.Results {
			d := r.Decision
			if d == nil {
				continue
			}
			decisions++
			it := d.Text(housing.Italian)
			where := path.Base(name) + " " + r.Name
			assert.Empty(t, englishLeft.FindAllString(it, -1), "%s: English words or ISO dates in\n%s", where, it)
			for _, line := range strings.Split(it, "\n") {
				if strings.HasPrefix(line, "Gruppi destinatari: ") || strings.HasPrefix(line, "Altri percorsi da valutare: ") {
					assert.NotContains(t, line, "_", "%s: an id instead of a label in %q", where, line)
				}
			}
		}
	}
	assert.Greater(t, decisions, 50)
}
