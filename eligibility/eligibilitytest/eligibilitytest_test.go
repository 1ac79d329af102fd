package eligibilitytest_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/housingkit/housingkit/eligibility/eligibilitytest"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
	fatal  string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) { r.fatal = fmt.Sprintf(format, args...) }

const cases = `format: housingkit.testcases/v1
ruleset: crema.ospitalita-temporanea
cases:
  - name: wrong on purpose
    date: 2024-03-01
    household: {id: x, members: [{role: reference, birth_date: 1980-01-01, incomes: []}]}
    expect: {outcome: eligible}
`

func TestRunReportsAFailingCaseWithItsDecision(t *testing.T) {
	r := &recorder{TB: t}
	report := eligibilitytest.Run(r, fstest.MapFS{"t.yaml": {Data: []byte(cases)}}, "t.yaml")
	require.NotNil(t, report)
	assert.Equal(t, 1, report.Failed())
	require.Len(t, r.errors, 1)
	assert.True(t, strings.HasPrefix(r.errors[0], "t.yaml:4:5: wrong on purpose\n  outcome: got ineligible, want eligible\n"), r.errors[0])
	assert.Contains(t, r.errors[0], "✗ [at_least_one_income] Requirement not met")
}

func TestRunFailsOnAFileThatDoesNotLoad(t *testing.T) {
	r := &recorder{TB: t}
	report := eligibilitytest.Run(r, fstest.MapFS{"t.yaml": {Data: []byte(strings.Replace(cases, "crema.", "nowhere.", 1))}}, "t.yaml")
	assert.Nil(t, report)
	assert.Contains(t, r.fatal, "cannot run test-case file t.yaml\n  t.yaml:2:10: no shipped rule set")
}

func TestRunAllShipped(t *testing.T) {
	eligibilitytest.RunAll(t, rulesets.FS, ".")
}
