package housing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every shipped policy has a file of test cases beside it, and they pass.
func TestShippedPolicyCases(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("policies", "*.tests.yaml"))
	require.NoError(t, err)
	tested := map[string]bool{}
	for _, name := range files {
		report, err := RunPolicyTests(os.DirFS("."), filepath.ToSlash(name))
		require.NoError(t, err, name)
		assert.NotEmpty(t, report.Results, name)
		for _, r := range report.Results {
			assert.True(t, r.Passed(), "%s %s: %v", r.Position, r.Name, r.Failures)
		}
		assert.Equal(t, len(report.Results), report.Passed())
		assert.Equal(t, filepath.Base(name), report.Policy+".tests.yaml", "a test file is named after its policy")
		tested[report.Policy] = true
	}
	for _, p := range ShippedPolicies() {
		assert.True(t, tested[p.ID], "the shipped policy %s has no test cases", p.ID)
	}
	// The test files beside the policies are not read as policies.
	assert.Len(t, ShippedPolicies(), 3)
}

// A case reports every expectation that the policy does not meet.
func TestPolicyCasesReportEveryFailure(t *testing.T) {
	src := `format: housingkit.policytests/v1
policy: crema.ospitalita-temporanea
cases:
  - name: wrong on purpose
    start: 2024-01-31
    events:
      - renew: {date: 2024-12-10}
      - renew: {date: 2024-12-11, reason: health}
        refused: renewal_limit
      - review: 2025-01-05
        refused: ended
    expect:
      planned_end: 2025-01-31
      warning_date: 2024-12-01
      renewals:
        - {on: 2024-06-01, allowed: false}
        - {on: 2024-06-02, allowed: true, left: 2, new_end: 2025-12-31}
        - {on: 2026-02-01, allowed: false, refused: not_renewable}
        - {on: 2026-02-02, allowed: true}
      due:
        - {on: 2024-07-31, codes: []}
        - {on: 2024-08-01, codes: [review_due]}
  - name: open-ended on purpose
    start: 2024-01-31
    expect:
      open_ended: true
  - name: right
    start: 2024-01-31
    expect:
      planned_end: 2025-01-31
`
	tf, err := ParsePolicyTests("crema.tests.yaml", []byte(src))
	require.NoError(t, err)
	report, err := tf.Run(nil)
	require.NoError(t, err)
	require.Len(t, report.Results, 3)
	assert.Equal(t, cremaID, report.Policy)
	assert.Equal(t, 1, report.Passed())
	assert.Equal(t, 2, report.Failed())
	assert.Equal(t, "crema.tests.yaml:4:5", report.Results[0].Position)
	assert.Equal(t, []string{
		"events[0]: the renewal on 2024-12-10 is refused: the policy “Temporary hospitality (Municipality of Crema)” requires a proven reason for a renewal, one of: job_search, public_housing_pending, private_lease_pending, savings_plan, health, care_plan_goals",
		"events[1]: the renewal on 2024-12-11 is accepted; want it refused (renewal_limit)",
		"events[2]: the review on 2025-01-05 is accepted; want it refused (ended)",
		"planned end: got 2026-01-31, want 2025-01-31",
		"warning date: got 2025-12-02, want 2024-12-01",
		"renewal on 2024-06-01: allowed (1 left, new end 2026-01-31); want it refused",
		"renewal on 2024-06-02: 1 renewals left, want 2",
		"renewal on 2024-06-02: new end 2026-01-31, want 2025-12-31",
		"renewal on 2026-02-01: refused for another reason (renewal_limit: no renewal left: the policy “Temporary hospitality (Municipality of Crema)” allows 1 in all and 1 is already recorded); want not_renewable",
		"renewal on 2026-02-02: refused (renewal_limit: no renewal left: the policy “Temporary hospitality (Municipality of Crema)” allows 1 in all and 1 is already recorded); want it allowed",
		"due on 2024-07-31: got [review_due], want nothing",
		"due on 2024-08-01: got [review_overdue], want [review_due]",
	}, report.Results[0].Failures)
	assert.Equal(t, []string{"planned end: got 2025-01-31, want none (open-ended)"}, report.Results[1].Failures)
	assert.True(t, report.Results[2].Passed())
}

// Every problem of a test file is reported at once, at its position.
func TestParsePolicyTestsReportsEveryProblem(t *testing.T) {
	src := `policy: ""
cases:
  - name: one
    start: 2024-01-31
    events:
      - {review: 2024-03-01, renew: {date: 2024-03-01}}
      - review: 2024-02-01
      - review: 2024-01-01
      - exit: {date: 2024-05-01, pathway: lottery}
        refused: sorry
    expect: {}
  - name: one
    start: 2024-13-01
    colour: red
    expect:
      planned_end: 2025-01-31
      open_ended: true
      renewals:
        - {on: 2024-06-01}
        - {allowed: true, refused: renewal_limit, left: 0}
      due:
        - {on: 2024-06-01, codes: [soon]}
`
	_, err := ParsePolicyTests("t.yaml", []byte(src))
	assert.Equal(t, []string{
		"t.yaml:1:1: format: is required: a file of policy test cases starts with format: housingkit.policytests/v1",
		"t.yaml:1:9: policy: is required: the id of the policy under test, or the path of its file",
		"t.yaml:6:9: cases[0].events[0]: want exactly one of renew, review and exit, got 2",
		"t.yaml:8:9: cases[0].events[2]: dated 2024-01-01, before the start or the event before it (2024-02-01): list events in date order",
		"t.yaml:9:43: cases[0].events[3].exit.pathway: unknown value \"lottery\"; want one of public_housing, private_lease, other_programme, family, drop_out, removal, death, other",
		"t.yaml:10:18: cases[0].events[3].refused: unknown refusal \"sorry\"; want one of cancelled, date_order, end_before_start, ended, not_renewable, not_started, renewal_after_end, renewal_limit, renewal_reason_required, renewal_reason_unknown, renewal_too_long",
		"t.yaml:11:13: cases[0].expect: state at least one of planned_end, open_ended, warning_date, renewals and due",
		"t.yaml:12:11: cases[1].name: \"one\" is already the name of cases[0]",
		"t.yaml:13:12: cases[1].start: date \"2024-13-01\": month 13 out of range 1..12",
		"t.yaml:14:5: cases[1].colour: unknown key \"colour\"; want one of name, start, events, expect",
		"t.yaml:17:19: cases[1].expect.open_ended: a stay with a planned end (2025-01-31) is not open-ended",
		"t.yaml:19:11: cases[1].expect.renewals[0].allowed: is required: true or false",
		"t.yaml:20:11: cases[1].expect.renewals[1].on: is required: the date the renewal would be decided",
		"t.yaml:20:36: cases[1].expect.renewals[1].refused: an allowed renewal is not refused; remove it or say allowed: false",
		"t.yaml:20:57: cases[1].expect.renewals[1].left: 0: an allowed renewal leaves at least 1 (counting itself)",
		"t.yaml:22:36: cases[1].expect.due[0].codes[0]: unknown value \"soon\"; want one of review_overdue, review_due, warning, expiry, expired",
	}, problemsOf(t, err))

	_, err = ParsePolicyTests("t.json", []byte(`{"format": "housingkit.policy/v1",}`))
	assert.Equal(t, []string{`t.json:1:35: syntax: unexpected "}": a comma before the closing '}' (trailing commas are not allowed in JSON)`}, problemsOf(t, err))
	_, err = ParsePolicyTests("t.yaml", []byte("format: housingkit.policy/v1\npolicy: x\ncases: [{name: a, start: 2024-01-01, expect: {open_ended: true}}]\n"))
	assert.Equal(t, []string{`t.yaml:1:9: format: "housingkit.policy/v1" is the format of a policy, not of its test cases; a file of policy test cases says format: housingkit.policytests/v1`}, problemsOf(t, err))
}

// The policy under test is a policy given, a shipped one, or a file next to
// the test file.
func TestPolicyTestsFindTheirPolicy(t *testing.T) {
	crema, err := os.ReadFile(filepath.Join("policies", cremaID+".yaml"))
	require.NoError(t, err)
	short := strings.Replace(string(crema), "term_months: 12", "term_months: 6", 1)
	short = strings.Replace(short, "id: crema.ospitalita-temporanea", "id: crema.short", 1)
	short = strings.Replace(short, "review_every_months: 6", "review_every_months: 2", 1)
	tests := func(policy, end string) []byte {
		return []byte("format: housingkit.policytests/v1\npolicy: " + policy + "\ncases:\n  - name: end\n    start: 2024-01-31\n    expect: {planned_end: " + end + "}\n")
	}
	fsys := fstest.MapFS{
		"office/short.yaml":          {Data: []byte(short)},
		"office/short.tests.yaml":    {Data: tests("short.yaml", "2024-07-31")},
		"office/shipped.tests.yaml":  {Data: tests(cremaID, "2025-01-31")},
		"office/missing.tests.yaml":  {Data: tests("nowhere.yaml", "2025-01-31")},
		"office/unknown.tests.yaml":  {Data: tests("roma.pilot", "2025-01-31")},
		"office/broken.tests.yaml":   {Data: tests("broken.yaml", "2025-01-31")},
		"office/broken.yaml":         {Data: []byte("format: housingkit.policy/v1\nid: x\n")},
		"office/given.tests.yaml":    {Data: tests("crema.short", "2024-07-31")},
		"office/policies/other.yaml": {Data: []byte("x: 1")},
	}
	for _, name := range []string{"office/short.tests.yaml", "office/shipped.tests.yaml"} {
		report, err := RunPolicyTests(fsys, name)
		require.NoError(t, err, name)
		assert.Equal(t, 1, report.Passed(), name)
	}
	given, err := ParsePolicy("short.yaml", []byte(short))
	require.NoError(t, err)
	report, err := RunPolicyTests(fsys, "office/given.tests.yaml", given)
	require.NoError(t, err)
	assert.Equal(t, "crema.short", report.Policy)
	assert.Equal(t, 1, report.Passed())

	_, err = RunPolicyTests(fsys, "office/missing.tests.yaml")
	assert.Equal(t, []string{"office/missing.tests.yaml:2:9: policy: cannot read the policy file office/nowhere.yaml"}, problemsOf(t, err))
	_, err = RunPolicyTests(fsys, "office/unknown.tests.yaml")
	assert.Equal(t, []string{`office/unknown.tests.yaml:2:9: policy: "roma.pilot" is neither among the policies given nor shipped (catania.alloggi-di-transizione, crema.ospitalita-temporanea, ferrara-sud-est.housing-temporaneo); a path to a policy file ends in .yaml, .yml or .json`}, problemsOf(t, err))
	_, err = RunPolicyTests(fsys, "office/broken.tests.yaml")
	for _, p := range problemsOf(t, err) {
		assert.True(t, strings.HasPrefix(p, "office/broken.yaml:"), p)
	}
	_, err = RunPolicyTests(fsys, "office/none.tests.yaml")
	assert.Equal(t, CodeNotFound, ErrorCode(err))
}

// Nil arguments of the test-case functions are refused with CodeInvalid.
func TestPolicyTestsNilArguments(t *testing.T) {
	var tf *PolicyTestFile
	callNil(t, "RunPolicyTests(nil)", func() error { _, err := RunPolicyTests(nil, "x.tests.yaml"); return err })
	callNil(t, "(*PolicyTestFile)(nil).Run", func() error { _, err := tf.Run(nil); return err })
	callNil(t, "(*PolicyTestFile)(nil).Check", func() error { return tf.Check(nil) })
	callNil(t, "(*PolicyTestFile)(nil).Validate", tf.Validate)
	ok, err := ParsePolicyTests("t.yaml", []byte("format: housingkit.policytests/v1\npolicy: p.yaml\ncases: [{name: a, start: 2024-01-01, expect: {open_ended: true}}]\n"))
	require.NoError(t, err)
	callNil(t, "Run(nil file system) of a test file naming a path", func() error { _, err := ok.Run(nil); return err })
	callNil(t, "Run(nil policy)", func() error { _, err := ok.Run(fstest.MapFS{}, nil); return err })
}

// Any input gives a test file or problems with positions, and a test file
// runs (or names a policy that is not found) without a panic.
func FuzzParsePolicyTests(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("policies", "*.tests.yaml"))
	require.NoError(f, err)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add("t.yaml", data)
	}
	f.Add("t.json", []byte(`{"format": "housingkit.policytests/v1", "policy": "crema.ospitalita-temporanea", "cases": [{"name": "a", "start": "2024-01-31", "events": [{"renew": {"date": "2024-12-10", "months": 0}}], "expect": {"open_ended": true}}]}`))
	f.Add("t.yaml", []byte("format: housingkit.policytests/v1\npolicy: p.yaml\ncases: [{name: a, start: 9999-12-31, events: [{review: 9999-12-31}], expect: {due: [{on: 9999-12-31, codes: []}]}}]\n"))
	fsys := fstest.MapFS{"p.yaml": {Data: []byte("format: housingkit.policy/v1\nid: p\ntitle: {it: p, en: p}\nkind: renewable\nterm_months: 1\nrenewals: {max: 99, months: 600}\nreview_every_months: 1\nreference: {source: s}\n")}}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" || strings.ContainsAny(name, ":\n") {
			name = "f.yaml"
		}
		tf, err := ParsePolicyTests(name, data)
		if err != nil {
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, CodeInvalid, e.Code)
			for _, q := range e.Problems {
				require.True(t, q.File == name && q.Line > 0, "problem without position: %+v", q)
			}
			return
		}
		report, err := tf.Run(fsys)
		if err != nil {
			require.Equal(t, CodeInvalid, ErrorCode(err), "%v", err)
			return
		}
		require.Len(t, report.Results, len(tf.Cases))
	})
}
