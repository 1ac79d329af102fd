package housing

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// block returns the fenced code between <!-- name:begin --> and
// <!-- name:end --> in doc.
func block(t *testing.T, doc, name string) string {
	t.Helper()
	re := regexp.MustCompile("(?s)<!-- " + name + ":begin -->\n(?:```yaml\n)?(.*?)(?:```\n)?<!-- " + name + ":end -->")
	m := re.FindStringSubmatch(doc)
	require.NotNil(t, m, "policies/FORMAT.md has a %s block", name)
	return m[1]
}

// TestPolicyFormatDoc keeps policies/FORMAT.md true: its complete policy
// parses, its test cases parse and pass against it, its failure example
// names a case where it is, and it lists every refusal a test may name.
func TestPolicyFormatDoc(t *testing.T) {
	data, err := os.ReadFile("policies/FORMAT.md")
	require.NoError(t, err)
	doc := string(data)

	p, err := ParsePolicy("esempio.casa-ponte.yaml", []byte(block(t, doc, "policy")))
	require.NoError(t, err)
	assert.Equal(t, PolicyRenewable, p.Kind)
	for _, key := range []string{"format", "id", "title", "kind", "term_months", "renewals", "review_every_months", "warning_days", "exit_events", "reference", "assumptions"} {
		assert.Contains(t, "\n"+block(t, doc, "policy"), "\n"+key+":", "the complete example uses %s", key)
		assert.Contains(t, doc, "| `"+key+"` |", "the table of keys lists %s", key)
	}

	tf, err := ParsePolicyTests("esempio.casa-ponte.tests.yaml", []byte(block(t, doc, "tests")))
	require.NoError(t, err)
	report, err := tf.Run(nil, p)
	require.NoError(t, err)
	require.NotEmpty(t, report.Results)
	for _, r := range report.Results {
		assert.True(t, r.Passed(), "%s %s: %v", r.Position, r.Name, r.Failures)
	}

	fail := regexp.MustCompile(`FAIL  (\S+)  (.+)`).FindStringSubmatch(doc)
	require.NotNil(t, fail)
	found := false
	for _, r := range report.Results {
		if r.Name == fail[2] {
			found = true
			assert.Equal(t, r.Position, fail[1], "the failure example gives the case's position")
		}
	}
	assert.True(t, found, "the failure example names a case of the example: %q", fail[2])

	assert.Equal(t, "`"+strings.ReplaceAll(refusalNames(), ", ", "`, `")+"`\n", block(t, doc, "refusals"))
	for _, c := range DueCodes {
		assert.Contains(t, doc, "`"+string(c)+"`", "the due codes are explained")
	}
}
