package eligibility

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
	"go.yaml.in/yaml/v3"
)

// TestFile is a test-case file as written (see FORMAT.md): households in,
// decisions out, for one rule set.
type TestFile struct {
	// Format is always FormatTestCases.
	Format string `json:"format" required:"true"`
	// RuleSet is the id of a shipped rule set (or one given with
	// WithRuleSet), or the path of a rule-set file relative to this file.
	RuleSet string     `json:"ruleset" required:"true"`
	Cases   []TestCase `json:"cases" required:"true"`

	file string
	root *yaml.Node
	// problems are the file's own problems (see ParseTestFile).
	problems housing.Problems
}

// TestCase is one case: a household evaluated on a date (with an optional
// referral and variant) and what the decision must say.
type TestCase struct {
	Name string       `json:"name" required:"true"`
	Date housing.Date `json:"date" required:"true"`
	Note string       `json:"note,omitempty"`
	// Household is written inline (as household JSON or YAML, see the
	// household schema), or HouseholdFile names a file relative to this one.
	Household     yaml.Node `json:"household,omitempty"`
	HouseholdFile string    `json:"household_file,omitempty"`
	// Referral is the referral that brings the household, if any.
	Referral *housing.Referral `json:"referral,omitempty"`
	// Variant is the path of an overlay file, relative to this one.
	Variant string      `json:"variant,omitempty"`
	Expect  Expectation `json:"expect" required:"true"`

	household *housing.Household
	nodePos
}

// JSONSchemaProperty gives the schema of the household and referral
// properties: those of the housing types.
func (TestCase) JSONSchemaProperty(prop string) any {
	switch prop {
	case "household":
		return householdInput{}
	case "referral":
		return referralInput{}
	}
	return nil
}

// Expectation is what a test case's decision must say. Only what is
// written is checked: Outcome always; the lists and the score when given.
type Expectation struct {
	Outcome Outcome `json:"outcome" required:"true"`
	// Groups and Referrals, when given, must equal the decision's (in any
	// order).
	Groups    *[]string `json:"groups,omitempty"`
	Referrals *[]string `json:"referrals,omitempty"`
	// Score, when given, must equal the decision's total.
	Score *int `json:"score,omitempty"`
	// Passed, Failed and Unknown list reason codes that must have that
	// status.
	Passed  []string `json:"passed,omitempty"`
	Failed  []string `json:"failed,omitempty"`
	Unknown []string `json:"unknown,omitempty"`
	// Exceptions lists "code: exception" pairs that must have decided.
	Exceptions []string `json:"exceptions,omitempty"`
	// Missing, when given, must equal the decision's missing facts.
	Missing *[]string `json:"missing,omitempty"`
}

// CaseResult is the result of one test case.
type CaseResult struct {
	// Position is "file:line:column" of the case.
	Position string
	Name     string
	// Failures says what differed; empty when the case passed.
	Failures []string
	Decision *Decision
}

// Passed reports whether the case passed.
func (r CaseResult) Passed() bool { return len(r.Failures) == 0 }

// TestReport is the result of a test-case file.
type TestReport struct {
	File    string
	RuleSet string
	Results []CaseResult
}

// Passed returns the number of cases that passed.
func (r *TestReport) Passed() int {
	n := 0
	for _, c := range r.Results {
		if c.Passed() {
			n++
		}
	}
	return n
}

// Failed returns the number of cases that failed.
func (r *TestReport) Failed() int { return len(r.Results) - r.Passed() }

// TestOption changes how test cases run.
type TestOption interface{ applyTest(*testConfig) }

type testConfig struct {
	rulesets map[string]*RuleSet
	load     []LoadOption
	err      error // a nil rule set among the options
}

type ruleSetsOption []*RuleSet

func (o ruleSetsOption) applyTest(c *testConfig) {
	for _, rs := range o {
		if rs == nil {
			c.err = nilArgument("WithRuleSet: a rule set")
			continue
		}
		c.rulesets[rs.id] = rs
	}
}

// WithRuleSet makes rule sets available to test files by id, besides the
// shipped ones (a rule set given here hides a shipped one of the same id).
func WithRuleSet(rs ...*RuleSet) TestOption { return ruleSetsOption(rs) }

type loadOptsOption []LoadOption

func (o loadOptsOption) applyTest(c *testConfig) { c.load = append(c.load, o...) }

// WithLoadOptions passes load options to the rule sets a test file names by
// path.
func WithLoadOptions(opts ...LoadOption) TestOption { return loadOptsOption(opts) }

// ParseTestFile reads a test-case file (YAML or JSON) and the households
// written inline, which must be valid. Every problem is reported at once,
// at "name:line:column".
//
// Like go/parser, it returns the file as far as it could read it along with
// the error when the file is well-formed YAML but has problems: Check then
// reports them together with the problems of what the file names, and Run
// refuses to run it. On a syntax error the file is nil.
func ParseTestFile(name string, data []byte) (*TestFile, error) {
	root, ps := reader.Parse(name, data)
	if ps != nil {
		return nil, input.FromReader(ps).Err("invalid test-case file " + name)
	}
	var tf TestFile
	d := reader.NewDecoder(name, keepNodes)
	d.Decode(root, &tf)
	tf.file, tf.root = name, root
	if tf.Format != FormatTestCases && d.Count() == 0 {
		d.ErrorAt(fieldNode(root, "format"), "format", "%q; a test-case file says format: %s", tf.Format, FormatTestCases)
	}
	if len(tf.Cases) == 0 && d.Count() == 0 {
		d.ErrorAt(fieldNode(root, "cases"), "cases", "no test cases")
	}
	for i := range tf.Cases {
		tc := &tf.Cases[i]
		if tc.pos == nil {
			continue
		}
		at := housing.Index("cases", i)
		switch {
		case tc.Household.Kind != 0 && tc.HouseholdFile != "":
			d.ErrorAt(tc.pos, at, "case %q: give household or household_file, not both", tc.Name)
		case tc.Household.Kind == 0 && tc.HouseholdFile == "":
			d.ErrorAt(tc.pos, at, "case %q: give the household, inline or as household_file", tc.Name)
		case tc.Household.Kind != 0:
			var ps housing.Problems
			tc.household, ps = readHousehold(name, &tc.Household, at+".household")
			for _, p := range ps {
				d.Add(reader.Problem(p))
			}
		}
		if r := tc.Referral; r != nil && r.Team.Kind != "" && !slices.Contains(housing.TeamKinds, r.Team.Kind) {
			d.ErrorAt(reader.NodeAt(fieldNode(tc.pos, "referral"), "team.kind"), at+".referral.team.kind", "unknown value %q; want one of %s", r.Team.Kind, joinTeamKinds())
		}
		if !slices.Contains(Outcomes, tc.Expect.Outcome) && tc.Expect.Outcome != "" {
			d.ErrorAt(fieldNode(fieldNode(tc.pos, "expect"), "outcome"), at+".expect.outcome", "%q; want one of eligible, ineligible, refer, incomplete", tc.Expect.Outcome)
		}
		for _, m := range derefList(tc.Expect.Missing) {
			if _, ok := factByName[m]; !ok {
				d.ErrorAt(fieldNode(tc.pos, "expect"), at+".expect.missing", "unknown fact %q%s", m, suggest(m, factNames()))
			}
		}
	}
	if err := d.Err(); err != nil {
		tf.problems = input.Problems(err)
		return &tf, tf.problems.Err("invalid test-case file " + name)
	}
	return &tf, nil
}

// joinTeamKinds lists the kinds of referring teams.
func joinTeamKinds() string {
	return strings.Join(strs(housing.TeamKinds), ", ")
}

func derefList(p *[]string) []string {
	if p == nil {
		return nil
	}
	return *p
}

// readHousehold decodes and validates a household written at n in file,
// at the field path under, with its problems at their positions.
func readHousehold(file string, n *yaml.Node, under string) (*housing.Household, housing.Problems) {
	var h housing.Household
	err := reader.DecodeNode(file, n, &h, reader.Under(under), input.Validate(func() error { return h.Validate() }))
	if err != nil {
		return nil, input.Problems(err)
	}
	return &h, nil
}

// RunTests runs the test cases of file name in fsys and reports each
// case's result. It returns an error (code CodeInvalid, every problem with
// its position) when the file, its rule set, a household file or a variant
// cannot be loaded; failing cases are not errors but results.
func RunTests(fsys fs.FS, name string, opts ...TestOption) (*TestReport, error) {
	if fsys == nil {
		return nil, nilArgument("the file system to read the test cases from")
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: "eligibility.file", Message: "cannot read test-case file " + name, Err: err}
	}
	tf, err := ParseTestFile(name, data)
	if tf == nil {
		return nil, err
	}
	// A file with problems does not run; Run reports them with the
	// problems of what the file names.
	return tf.Run(fsys, opts...)
}

// Check loads everything the test file names — its rule set, household
// files and variants — without running the cases, checks that every case's
// date is one the rule set is valid on and that its expectations name
// target groups, referral rules, rules, score criteria and exceptions of
// the rule set (or of the case's variant), and returns every problem (code
// CodeInvalid), the file's own ones included.
func (tf *TestFile) Check(fsys fs.FS, opts ...TestOption) error {
	_, err := tf.prepare(fsys, opts)
	return err
}

// prepared is a test file with everything it names loaded.
type prepared struct {
	rs       *RuleSet
	variants map[string]*RuleSet
}

func (tf *TestFile) prepare(fsys fs.FS, opts []TestOption) (*prepared, error) {
	switch {
	case tf == nil:
		return nil, nilArgument("the test file")
	case fsys == nil:
		return nil, nilArgument("the file system to read what the test file names from")
	}
	cfg := testConfig{rulesets: map[string]*RuleSet{}}
	for _, o := range opts {
		if o == nil {
			return nil, nilArgument("a test option")
		}
		o.applyTest(&cfg)
	}
	if cfg.err != nil {
		return nil, cfg.err
	}
	dir := path.Dir(tf.file)
	var ps housing.Problems
	rs, err := tf.ruleSet(fsys, dir, cfg)
	if err != nil {
		ps.Merge("", err)
		return nil, input.Merge(tf.problems, ps, true).Err("cannot run test-case file " + tf.file)
	}
	p := &prepared{rs: rs, variants: map[string]*RuleSet{}}
	for i := range tf.Cases {
		tc := &tf.Cases[i]
		if tc.HouseholdFile != "" {
			hp := path.Join(dir, tc.HouseholdFile)
			data, err := fs.ReadFile(fsys, hp)
			if err != nil {
				ps = append(ps, problemAt(tf.file, fieldNode(tc.pos, "household_file"), "cannot read household file %s: %s", hp, readErr(err)))
				continue
			}
			// Read as inline households are, so that every problem
			// has its position in the household file.
			h, err := housing.ReadHousehold(hp, data)
			if err != nil {
				ps = append(ps, input.Problems(err)...)
				continue
			}
			tc.household = &h
		}
		use := rs
		if tc.Variant != "" {
			v, done := p.variants[tc.Variant]
			if !done {
				// An overlay with problems of its own comes back as far
				// as it was read: applying it reports them with the rest.
				o, err := LoadOverlayFS(fsys, path.Join(dir, tc.Variant))
				if o != nil {
					v, err = rs.Apply(o, cfg.load...)
				}
				if err != nil {
					ps.Merge("", err)
				}
				p.variants[tc.Variant] = v
			}
			use = v
		}
		if use != nil {
			tf.checkCase(&ps, tc, use)
		}
	}
	if err := input.Merge(tf.problems, ps, true).Err("cannot run test-case file " + tf.file); err != nil {
		return nil, err
	}
	return p, nil
}

// checkCase checks what a case can be checked for without running it:
// its date is one rs is valid on, and its expectations name rules of rs.
func (tf *TestFile) checkCase(ps *housing.Problems, tc *TestCase, rs *RuleSet) {
	if tc.pos == nil {
		return
	}
	if d := tc.Date; !d.IsZero() && (d.Before(rs.validFrom) || (!rs.validTo.IsZero() && d.After(rs.validTo))) {
		*ps = append(*ps, problemAt(tf.file, fieldNode(tc.pos, "date"), "case %q: rule set %s is valid from %s%s, not on %s", tc.Name, rs.id, rs.validFrom, untilText(rs.validTo), d))
	}
	kinds := map[string]RuleKind{}
	exceptions := map[string][]string{}
	for _, r := range rs.all {
		kinds[r.id] = r.kind
		for _, x := range r.exceptions {
			exceptions[r.id] = append(exceptions[r.id], x.id)
		}
	}
	for _, s := range rs.score {
		kinds[s.id] = ScoreCriterion
	}
	expect := fieldNode(tc.pos, "expect")
	add := func(key string, i int, format string, args ...any) {
		n := mappingValue(expect, key)
		if n != nil && n.Kind == yaml.SequenceNode && i < len(n.Content) {
			n = n.Content[i]
		} else {
			n = fieldNode(expect, key)
		}
		*ps = append(*ps, problemAt(tf.file, n, format, args...))
	}
	ofKind := func(key string, ids []string, kind RuleKind) {
		for i, id := range ids {
			if k, ok := kinds[id]; !ok || k != kind {
				add(key, i, "%s: rule set %s has no %s %q%s", key, rs.id, kind, id, suggest(id, idsOf(kinds, kind)))
			}
		}
	}
	ofKind("groups", derefList(tc.Expect.Groups), TargetGroup)
	ofKind("referrals", derefList(tc.Expect.Referrals), ReferralRule)
	for _, key := range []string{"passed", "failed", "unknown"} {
		var codes []string
		switch key {
		case "passed":
			codes = tc.Expect.Passed
		case "failed":
			codes = tc.Expect.Failed
		default:
			codes = tc.Expect.Unknown
		}
		for i, code := range codes {
			if _, ok := kinds[code]; !ok {
				add(key, i, "%s: rule set %s has no rule or score criterion %q%s", key, rs.id, code, suggest(code, slices.Sorted(maps.Keys(kinds))))
			}
		}
	}
	for i, pair := range tc.Expect.Exceptions {
		code, exc, found := strings.Cut(pair, ":")
		code, exc = strings.TrimSpace(code), strings.TrimSpace(exc)
		switch _, ok := kinds[code]; {
		case !found:
			add("exceptions", i, "exceptions: %q: write \"rule: exception\"", pair)
		case !ok:
			add("exceptions", i, "exceptions: rule set %s has no rule %q%s", rs.id, code, suggest(code, slices.Sorted(maps.Keys(kinds))))
		case !slices.Contains(exceptions[code], exc):
			add("exceptions", i, "exceptions: rule %s has no exception %q%s", code, exc, suggest(exc, exceptions[code]))
		}
	}
	if tc.Expect.Score != nil && len(rs.score) == 0 {
		*ps = append(*ps, problemAt(tf.file, fieldNode(expect, "score"), "score: rule set %s has no priority scoring", rs.id))
	}
}

// idsOf lists the ids of kind, sorted.
func idsOf(kinds map[string]RuleKind, kind RuleKind) []string {
	var out []string
	for id, k := range kinds {
		if k == kind {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// Run runs the cases of a parsed test file; relative paths (rule set,
// household files, variants) are resolved in fsys next to the file. Each
// case is evaluated in full and outcome-only, and both must agree.
func (tf *TestFile) Run(fsys fs.FS, opts ...TestOption) (*TestReport, error) {
	p, err := tf.prepare(fsys, opts)
	if err != nil {
		return nil, err
	}
	report := &TestReport{File: tf.file, RuleSet: p.rs.id}
	for i := range tf.Cases {
		tc := &tf.Cases[i]
		use := p.rs
		if tc.Variant != "" {
			use = p.variants[tc.Variant]
		}
		res := CaseResult{Position: posOf(tf.file, tc.pos), Name: tc.Name}
		var eopts []Option
		if tc.Referral != nil {
			eopts = append(eopts, WithReferral(tc.Referral))
		}
		d, err := Evaluate(use, tc.household, tc.Date, eopts...)
		if err != nil {
			res.Failures = append(res.Failures, "evaluation failed: "+err.Error())
		} else {
			res.Decision = d
			res.Failures = tc.Expect.check(d)
			if out, err := EvaluateOutcome(use, tc.household, tc.Date, eopts...); err != nil || out != d.Outcome {
				res.Failures = append(res.Failures, fmt.Sprintf("the outcome-only evaluation gives %s (%v), the full one %s", out, err, d.Outcome))
			}
		}
		report.Results = append(report.Results, res)
	}
	return report, nil
}

func (tf *TestFile) ruleSet(fsys fs.FS, dir string, cfg testConfig) (*RuleSet, error) {
	if isDataFile(tf.RuleSet) {
		return LoadFS(fsys, path.Join(dir, tf.RuleSet), cfg.load...)
	}
	if rs, ok := cfg.rulesets[tf.RuleSet]; ok {
		return rs, nil
	}
	rs, err := Shipped(tf.RuleSet)
	if err != nil {
		var ps housing.Problems
		ps = append(ps, problemAt(tf.file, fieldNode(tf.root, "ruleset"), "%s", housing.ErrorMessage(err)))
		return nil, ps.Err("unknown rule set")
	}
	return rs, nil
}

// check compares a decision with the expectation and says what differs.
func (x *Expectation) check(d *Decision) []string {
	var out []string
	if d.Outcome != x.Outcome {
		out = append(out, fmt.Sprintf("outcome: got %s, want %s", d.Outcome, x.Outcome))
	}
	sameSet := func(what string, got []string, want *[]string) {
		if want == nil {
			return
		}
		g, w := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(*want))
		if !slices.Equal(g, w) {
			out = append(out, fmt.Sprintf("%s: got [%s], want [%s]", what, strings.Join(g, ", "), strings.Join(w, ", ")))
		}
	}
	sameSet("groups", d.Groups, x.Groups)
	sameSet("referrals", d.Referrals, x.Referrals)
	sameSet("missing", d.Missing, x.Missing)
	if x.Score != nil {
		switch {
		case d.Score == nil:
			out = append(out, fmt.Sprintf("score: the rule set has no scoring, want %d", *x.Score))
		case d.Score.Total != *x.Score:
			var parts []string
			for _, p := range d.Score.Parts {
				parts = append(parts, fmt.Sprintf("%s %d", p.Code, p.Points))
			}
			out = append(out, fmt.Sprintf("score: got %d (%s), want %d", d.Score.Total, strings.Join(parts, ", "), *x.Score))
		}
	}
	byCode := map[string]*Reason{}
	for i := range d.Reasons {
		byCode[d.Reasons[i].Code] = &d.Reasons[i]
	}
	status := func(st Status, codes []string) {
		for _, code := range codes {
			r, ok := byCode[code]
			switch {
			case !ok:
				out = append(out, fmt.Sprintf("reason %s: the rule set has no such rule", code))
			case r.Status != st:
				out = append(out, fmt.Sprintf("reason %s: got %s, want %s", code, r.Status, st))
			}
		}
	}
	status(Passed, x.Passed)
	status(Failed, x.Failed)
	status(Unknown, x.Unknown)
	for _, pair := range x.Exceptions {
		code, exc, _ := strings.Cut(pair, ":")
		code, exc = strings.TrimSpace(code), strings.TrimSpace(exc)
		r, ok := byCode[code]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("exception %s: the rule set has no rule %s", pair, code))
		case r.Exception != exc:
			out = append(out, fmt.Sprintf("reason %s: decided by exception %q, want %q", code, r.Exception, exc))
		}
	}
	return out
}

// readErr says why a file could not be read, in the user's terms rather
// than the operating system's.
func readErr(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, fs.ErrInvalid):
		return "not a valid file name"
	}
	return "the file cannot be read"
}
