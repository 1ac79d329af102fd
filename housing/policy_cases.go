package housing

import (
	"fmt"
	"github.com/housingkit/housingkit/internal/reader"
	"go.yaml.in/yaml/v3"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// PolicyTestFile is a file of test cases for a duration policy (format
// FormatPolicyTests; see housing/policies/FORMAT.md): each case starts a
// stay on a date, records events — renewals, reviews, an exit — and states
// what the policy must give: the planned end, the warning date, whether a
// renewal may be decided on a date, and what is due on dates. An office
// keeps one beside each policy file, so that the policy is proven to do
// what the programme's text says.
//
// ParsePolicyTests reads one; Run runs its cases.
type PolicyTestFile struct {
	// Format is always FormatPolicyTests.
	Format string `json:"format" yaml:"format"`
	// Policy names the policy under test: the id of a policy given to Run
	// or of a shipped one, or the path of a policy file relative to the
	// test file (a name ending in .yaml, .yml or .json).
	Policy string `json:"policy" yaml:"policy"`
	// Cases are the test cases, at least one.
	Cases []PolicyCase `json:"cases" yaml:"cases"`

	file      string
	positions []Problem // the position of the policy key and of each case
}

// PolicyCase is one test case: a stay that starts on Start under the
// policy, the events that happen to it in date order, and what is expected.
type PolicyCase struct {
	// Name says what the case shows; names are unique in a file.
	Name string `json:"name" yaml:"name"`
	// Start is the date the household moves in.
	Start Date `json:"start" yaml:"start"`
	// Events happen to the stay in date order, on or after Start.
	Events []PolicyEvent `json:"events,omitempty" yaml:"events"`
	// Expect is what the policy must give; at least one of its fields.
	Expect PolicyExpect `json:"expect" yaml:"expect"`
}

// PolicyEvent is one event of a case's stay: exactly one of Renew, Review
// and Exit. Each is recorded with the tenancy's own methods (Renew,
// RecordReview, End), so it is accepted or refused as it would be on a real
// stay. An event must be accepted, unless Refused names the refusal it must
// meet: the key of the error without its "tenancy." prefix, such as
// "renewal_limit" or "renewal_reason_required".
type PolicyEvent struct {
	// Renew is a renewal decided on its date; 0 months is the policy's
	// full renewal.
	Renew *Renewal `json:"renew,omitempty" yaml:"renew"`
	// Review is the date of a review held.
	Review *Date `json:"review,omitempty" yaml:"review"`
	// Exit ends the stay.
	Exit *Exit `json:"exit,omitempty" yaml:"exit"`
	// Refused is the refusal the event must meet; empty: it is accepted.
	Refused string `json:"refused,omitempty" yaml:"refused"`
}

// PolicyExpect is what a case expects of the policy. The planned end and
// the warning date are those after every event; a renewal check or a due
// check on a date sees the events dated on or before it, as the team would
// on that day.
type PolicyExpect struct {
	// PlannedEnd is the planned end of the stay.
	PlannedEnd *Date `json:"planned_end,omitempty" yaml:"planned_end"`
	// OpenEnded says the stay has no planned end (an open-ended policy).
	OpenEnded bool `json:"open_ended,omitempty" yaml:"open_ended"`
	// WarningDate is the date of the warning before the planned end.
	WarningDate *Date `json:"warning_date,omitempty" yaml:"warning_date"`
	// Renewals are checks of whether one more renewal may be decided on a
	// date.
	Renewals []RenewalCheck `json:"renewals,omitempty" yaml:"renewals"`
	// Due are checks of what is due on a date.
	Due []DueCheck `json:"due,omitempty" yaml:"due"`
}

// RenewalCheck says whether one more renewal may be decided on the date On
// (see DurationPolicy.RenewalTerms): Allowed, and then how many renewals are
// left and the planned end after it, or refused, and then for which reason.
type RenewalCheck struct {
	On Date `json:"on" yaml:"on"`
	// Allowed is required: true or false.
	Allowed *bool `json:"allowed" yaml:"allowed"`
	// Refused is the refusal of a renewal not allowed (see PolicyEvent).
	Refused string `json:"refused,omitempty" yaml:"refused"`
	// Left is how many renewals are left, counting this one.
	Left *int `json:"left,omitempty" yaml:"left"`
	// NewEnd is the planned end after a full renewal.
	NewEnd *Date `json:"new_end,omitempty" yaml:"new_end"`
}

// DueCheck says what is due on the stay on the date On (see
// DurationPolicy.Due): exactly the codes listed, in the order Due gives
// them (by date, then in the order of DueCodes); none when the list is
// empty.
type DueCheck struct {
	On    Date      `json:"on" yaml:"on"`
	Codes []DueCode `json:"codes" yaml:"codes"`
}

// PolicyCaseResult is the result of one case: its position
// ("file:line:column"), its name and what differed from the expectation
// (empty when it passed).
type PolicyCaseResult struct {
	Position string   `json:"position"`
	Name     string   `json:"name"`
	Failures []string `json:"failures,omitempty"`
}

// Passed reports whether the case passed.
func (r PolicyCaseResult) Passed() bool { return len(r.Failures) == 0 }

// PolicyTestReport is the result of running a test file: the policy's id
// and one result per case, in file order.
type PolicyTestReport struct {
	File    string             `json:"file"`
	Policy  string             `json:"policy"`
	Results []PolicyCaseResult `json:"results"`
}

// Passed returns how many cases passed.
func (r *PolicyTestReport) Passed() int {
	n := 0
	for _, c := range r.Results {
		if c.Passed() {
			n++
		}
	}
	return n
}

// Failed returns how many cases failed.
func (r *PolicyTestReport) Failed() int { return len(r.Results) - r.Passed() }

// refusalErrors are the errors a step of a stay may be refused with; a test
// case names each by its key without the "tenancy." prefix.
func refusalErrors() []*Error {
	return []*Error{
		ErrNotStarted, ErrTenancyEnded, ErrTenancyCancelled, ErrEndBeforeStart, ErrDateOrder,
		ErrRenewalAfterEnd, ErrNotRenewable, ErrRenewalLimit, ErrRenewalReasonRequired,
		ErrRenewalReasonUnknown, ErrRenewalTooLong,
	}
}

// refusal returns the key of the error a test case names name (such as
// "tenancy.renewal_limit" for "renewal_limit").
func refusal(name string) (string, bool) {
	for _, e := range refusalErrors() {
		if strings.TrimPrefix(e.Key, "tenancy.") == name {
			return e.Key, true
		}
	}
	return "", false
}

// refusalNames lists the names a test case may give refusals, sorted.
func refusalNames() string {
	var names []string
	for _, e := range refusalErrors() {
		names = append(names, strings.TrimPrefix(e.Key, "tenancy."))
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// Validate checks the test file on its own and returns every problem at
// once, each with its field path, as an *Error of code CodeInvalid.
func (tf *PolicyTestFile) Validate() error {
	if tf == nil {
		return Errorf(CodeInvalid, "argument.nil", "no policy test file given (nil)")
	}
	var ps Problems
	switch tf.Format {
	case FormatPolicyTests:
	case "":
		ps.Add("format", "is required: a file of policy test cases starts with format: %s", FormatPolicyTests)
	case FormatPolicy:
		ps.Add("format", "%q is the format of a policy, not of its test cases; a file of policy test cases says format: %s", tf.Format, FormatPolicyTests)
	default:
		ps.Add("format", "unknown format %q; a file of policy test cases says format: %s", tf.Format, FormatPolicyTests)
	}
	if strings.TrimSpace(tf.Policy) == "" {
		ps.Add("policy", "is required: the id of the policy under test, or the path of its file")
	}
	if len(tf.Cases) == 0 {
		ps.Add("cases", "is required: at least one test case")
	}
	names := map[string]int{}
	for i := range tf.Cases {
		tf.Cases[i].validate(&ps, Index("cases", i), names, i)
	}
	return ps.Err("invalid policy test cases")
}

func (c *PolicyCase) validate(ps *Problems, at string, names map[string]int, i int) {
	switch first, dup := names[c.Name]; {
	case strings.TrimSpace(c.Name) == "":
		ps.Add(at+".name", "is required: say what the case shows")
	case dup:
		ps.Add(at+".name", "%q is already the name of cases[%d]", c.Name, first)
	default:
		names[c.Name] = i
	}
	if c.Start.IsZero() {
		ps.Add(at+".start", "is required: the date the household moves in")
	}
	prev := c.Start
	for j, e := range c.Events {
		ep := Index(at+".events", j)
		n := 0
		var on Date
		if e.Renew != nil {
			n++
			on = e.Renew.Date
			if on.IsZero() {
				ps.Add(ep+".renew.date", "is required")
			}
			if e.Renew.Months < 0 {
				ps.Add(ep+".renew.months", "%d: want 0 (the policy's full renewal) or more", e.Renew.Months)
			}
		}
		if e.Review != nil {
			n++
			on = *e.Review
			if on.IsZero() {
				ps.Add(ep+".review", "is required: the date of the review")
			}
		}
		if e.Exit != nil {
			n++
			on = e.Exit.Date
			e.Exit.validate(ps, ep+".exit")
		}
		if n != 1 {
			ps.Add(ep, "want exactly one of renew, review and exit, got %d", n)
			continue
		}
		if e.Refused != "" {
			if _, ok := refusal(e.Refused); !ok {
				ps.Add(ep+".refused", "unknown refusal %q; want one of %s", e.Refused, refusalNames())
			}
		}
		if !on.IsZero() && !prev.IsZero() && on.Before(prev) {
			ps.Add(ep, "dated %s, before the start or the event before it (%s): list events in date order", on, prev)
		}
		if !on.IsZero() {
			prev = on
		}
	}
	x := c.Expect
	ep := at + ".expect"
	if x.PlannedEnd == nil && !x.OpenEnded && x.WarningDate == nil && len(x.Renewals) == 0 && len(x.Due) == 0 {
		ps.Add(ep, "state at least one of planned_end, open_ended, warning_date, renewals and due")
	}
	if x.PlannedEnd != nil && x.OpenEnded {
		ps.Add(ep+".open_ended", "a stay with a planned end (%s) is not open-ended", *x.PlannedEnd)
	}
	for j, r := range x.Renewals {
		rp := Index(ep+".renewals", j)
		if r.On.IsZero() {
			ps.Add(rp+".on", "is required: the date the renewal would be decided")
		}
		switch {
		case r.Allowed == nil:
			ps.Add(rp+".allowed", "is required: true or false")
		case *r.Allowed && r.Refused != "":
			ps.Add(rp+".refused", "an allowed renewal is not refused; remove it or say allowed: false")
		case !*r.Allowed && (r.Left != nil || r.NewEnd != nil):
			ps.Add(rp, "left and new_end describe an allowed renewal; this one is not allowed")
		}
		if r.Refused != "" {
			if _, ok := refusal(r.Refused); !ok {
				ps.Add(rp+".refused", "unknown refusal %q; want one of %s", r.Refused, refusalNames())
			}
		}
		if r.Left != nil && *r.Left < 1 {
			ps.Add(rp+".left", "%d: an allowed renewal leaves at least 1 (counting itself)", *r.Left)
		}
	}
	for j, d := range x.Due {
		dp := Index(ep+".due", j)
		if d.On.IsZero() {
			ps.Add(dp+".on", "is required")
		}
		for k, code := range d.Codes {
			checkEnum(ps, Index(dp+".codes", k), code, true, DueCodes)
		}
	}
}

// ParsePolicyTests reads a file of policy test cases (YAML or JSON; a name
// ending in ".json" is read as strict JSON). Reading is strict: every
// problem — syntax, unknown or duplicate keys, wrong types, impossible
// dates, and the problems of Validate placed at the values they concern —
// is reported at once, each with its file, line, column and field path, in
// an *Error of code CodeInvalid.
func ParsePolicyTests(name string, data []byte) (*PolicyTestFile, error) {
	root, rps := reader.Parse(name, data)
	if rps != nil {
		return nil, fromReader(&reader.Error{Problems: rps}).Err("invalid policy test cases " + name)
	}
	tf := &PolicyTestFile{file: name}
	d := reader.NewDecoder(name, reader.Validate(func() []reader.Problem { return toReader(tf.Validate()) }))
	if !d.DecodeValid(root, tf) {
		return nil, fromReader(d.Err()).Err("invalid policy test cases " + name)
	}
	at := func(n *yaml.Node) Problem { return Problem{File: name, Line: n.Line, Col: n.Column} }
	tf.positions = append(tf.positions, at(reader.NodeAt(root, "policy")))
	for i := range tf.Cases {
		tf.positions = append(tf.positions, at(reader.NodeAt(root, Index("cases", i))))
	}
	return tf, nil
}

// RunPolicyTests reads the test file name from fsys and runs it (see
// PolicyTestFile.Run).
func RunPolicyTests(fsys fs.FS, name string, policies ...*DurationPolicy) (*PolicyTestReport, error) {
	if fsys == nil {
		return nil, Errorf(CodeInvalid, "argument.nil", "no file system to read the policy test cases from (nil)")
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &Error{Code: CodeNotFound, Key: "policy.file", Message: "cannot read the policy test cases " + name, Err: err}
	}
	tf, err := ParsePolicyTests(name, data)
	if err != nil {
		return nil, err
	}
	return tf.Run(fsys, policies...)
}

// File returns the name the test file was read under.
func (tf *PolicyTestFile) File() string { return tf.file }

// Check finds the policy the test file names without running the cases:
// among policies (by id), then among the shipped ones, or, for a path,
// in fsys next to the test file. It returns an *Error of code CodeInvalid
// when the policy cannot be found or read, with every problem of its file.
func (tf *PolicyTestFile) Check(fsys fs.FS, policies ...*DurationPolicy) error {
	_, err := tf.policy(fsys, policies)
	return err
}

func (tf *PolicyTestFile) pos(i int) string {
	if i < len(tf.positions) {
		return tf.positions[i].Pos()
	}
	return tf.file
}

func (tf *PolicyTestFile) policy(fsys fs.FS, policies []*DurationPolicy) (*DurationPolicy, error) {
	if tf == nil {
		return nil, Errorf(CodeInvalid, "argument.nil", "no policy test file given (nil)")
	}
	if err := tf.Validate(); err != nil {
		return nil, err
	}
	fail := func(format string, args ...any) (*DurationPolicy, error) {
		p := Problem{File: tf.file}
		if len(tf.positions) > 0 {
			p = tf.positions[0]
		}
		p.Message = fmt.Sprintf(format, args...)
		return nil, Problems{p}.Err("invalid policy test cases " + tf.file)
	}
	switch strings.ToLower(path.Ext(tf.Policy)) {
	case ".yaml", ".yml", ".json":
		if fsys == nil {
			return nil, Errorf(CodeInvalid, "argument.nil", "no file system to read the policy %s from (nil)", tf.Policy)
		}
		name := path.Join(path.Dir(tf.file), tf.Policy)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fail("policy: cannot read the policy file %s", name)
		}
		return ParsePolicy(name, data)
	}
	for _, p := range policies {
		if p == nil {
			return nil, Errorf(CodeInvalid, "argument.nil", "a policy given to run %s is nil", tf.file)
		}
		if p.ID == tf.Policy {
			return p, nil
		}
	}
	if p, err := PolicyByID(tf.Policy); err == nil {
		return p, nil
	}
	var ids []string
	for _, p := range policies {
		ids = append(ids, p.ID)
	}
	for _, p := range shippedPolicies() {
		ids = append(ids, p.ID)
	}
	return fail("policy: %q is neither among the policies given nor shipped (%s); a path to a policy file ends in .yaml, .yml or .json", tf.Policy, strings.Join(ids, ", "))
}

// Run runs the cases of the test file against the policy it names (found
// as Check finds it). Each case starts a tenancy on its start date under
// the policy, records its events with the tenancy's methods, and compares
// what the policy gives with what the case expects. Cases that differ are
// results with failures, not errors; the error (CodeInvalid) is for a
// policy that cannot be found or read.
func (tf *PolicyTestFile) Run(fsys fs.FS, policies ...*DurationPolicy) (*PolicyTestReport, error) {
	p, err := tf.policy(fsys, policies)
	if err != nil {
		return nil, err
	}
	report := &PolicyTestReport{File: tf.file, Policy: p.ID}
	for i := range tf.Cases {
		c := &tf.Cases[i]
		report.Results = append(report.Results, PolicyCaseResult{Position: tf.pos(i + 1), Name: c.Name, Failures: c.run(p)})
	}
	return report, nil
}

// stay returns the case's tenancy after the events dated on or before
// until (all of them when until is zero), and the failures of its events
// when all were recorded.
func (c *PolicyCase) stay(p *DurationPolicy, until Date) (Tenancy, []string) {
	t := Tenancy{ID: "case", HouseholdID: "household", UnitID: "unit", PolicyID: p.ID}
	if err := t.Propose(c.Start, ""); err != nil {
		return t, []string{"the stay cannot be proposed on " + c.Start.String() + ": " + ErrorMessage(err)}
	}
	if err := t.Activate(p, c.Start, ""); err != nil {
		return t, []string{"the stay cannot start on " + c.Start.String() + ": " + ErrorMessage(err)}
	}
	var failures []string
	for j, e := range c.Events {
		var err error
		var what string
		var on Date
		switch {
		case e.Renew != nil:
			on, what = e.Renew.Date, "the renewal on "+e.Renew.Date.String()
			if !until.IsZero() && on.After(until) {
				return t, nil
			}
			err = t.Renew(p, *e.Renew)
		case e.Review != nil:
			on, what = *e.Review, "the review on "+e.Review.String()
			if !until.IsZero() && on.After(until) {
				return t, nil
			}
			err = t.RecordReview(on, "")
		case e.Exit != nil:
			on, what = e.Exit.Date, "the exit on "+e.Exit.Date.String()
			if !until.IsZero() && on.After(until) {
				return t, nil
			}
			err = t.End(*e.Exit)
		}
		at := fmt.Sprintf("events[%d]: ", j)
		switch {
		case e.Refused == "" && err != nil:
			failures = append(failures, at+what+" is refused: "+ErrorMessage(err))
		case e.Refused != "" && err == nil:
			failures = append(failures, at+what+" is accepted; want it refused ("+e.Refused+")")
		case e.Refused != "" && !isRefusal(err, e.Refused):
			failures = append(failures, at+what+" is refused for another reason ("+strings.TrimPrefix(refusalKey(err), "tenancy.")+": "+ErrorMessage(err)+"); want "+e.Refused)
		}
	}
	return t, failures
}

// isRefusal reports whether err is the refusal a test case names name.
func isRefusal(err error, name string) bool {
	key, ok := refusal(name)
	return ok && refusalKey(err) == key
}

// refusalKey returns the key of err, an *Error.
func refusalKey(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Key
	}
	return ""
}

// run runs the case and returns its failures.
func (c *PolicyCase) run(p *DurationPolicy) []string {
	t, failures := c.stay(p, Date{})
	x := c.Expect
	end := p.PlannedEnd(t)
	if x.PlannedEnd != nil && !end.Equal(*x.PlannedEnd) {
		failures = append(failures, fmt.Sprintf("planned end: got %s, want %s", dateOrNone(end), *x.PlannedEnd))
	}
	if x.OpenEnded && !end.IsZero() {
		failures = append(failures, fmt.Sprintf("planned end: got %s, want none (open-ended)", end))
	}
	if x.WarningDate != nil {
		if got := p.WarningDate(t); !got.Equal(*x.WarningDate) {
			failures = append(failures, fmt.Sprintf("warning date: got %s, want %s", dateOrNone(got), *x.WarningDate))
		}
	}
	for _, r := range x.Renewals {
		then, _ := c.stay(p, r.On)
		terms, err := p.RenewalTerms(then, r.On)
		at := "renewal on " + r.On.String() + ": "
		switch {
		case *r.Allowed && err != nil:
			failures = append(failures, at+"refused ("+strings.TrimPrefix(refusalKey(err), "tenancy.")+": "+ErrorMessage(err)+"); want it allowed")
		case !*r.Allowed && err == nil:
			failures = append(failures, fmt.Sprintf("%sallowed (%d left, new end %s); want it refused", at, terms.Left, terms.NewEnd))
		case !*r.Allowed && r.Refused != "" && !isRefusal(err, r.Refused):
			failures = append(failures, at+"refused for another reason ("+strings.TrimPrefix(refusalKey(err), "tenancy.")+": "+ErrorMessage(err)+"); want "+r.Refused)
		case *r.Allowed:
			if r.Left != nil && terms.Left != *r.Left {
				failures = append(failures, fmt.Sprintf("%s%d renewals left, want %d", at, terms.Left, *r.Left))
			}
			if r.NewEnd != nil && !terms.NewEnd.Equal(*r.NewEnd) {
				failures = append(failures, fmt.Sprintf("%snew end %s, want %s", at, terms.NewEnd, *r.NewEnd))
			}
		}
	}
	for _, d := range x.Due {
		then, _ := c.stay(p, d.On)
		var got []DueCode
		for _, item := range p.Due(then, d.On) {
			got = append(got, item.Code)
		}
		if !slices.Equal(got, d.Codes) {
			failures = append(failures, fmt.Sprintf("due on %s: got %s, want %s", d.On, codeList(got), codeList(d.Codes)))
		}
	}
	return failures
}

func dateOrNone(d Date) string {
	if d.IsZero() {
		return "none"
	}
	return d.String()
}

func codeList(cs []DueCode) string {
	if len(cs) == 0 {
		return "nothing"
	}
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return "[" + strings.Join(s, ", ") + "]"
}
