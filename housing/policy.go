package housing

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// PolicyKind is the shape of a tenancy-duration policy.
type PolicyKind string

// The values of PolicyKind.
const (
	// PolicyFixed: a fixed maximum stay that cannot be renewed (permanenza a
	// termine fisso), such as Ferrara's "fino a 24 mesi".
	PolicyFixed PolicyKind = "fixed"
	// PolicyRenewable: a base term plus a bounded number of renewals, each
	// possibly needing a recorded reason (termine rinnovabile), such as
	// Crema's "12 mesi, rinnovabili per altri 12 mesi in caso di comprovate
	// motivazioni".
	PolicyRenewable PolicyKind = "renewable"
	// PolicyOpenEnded: no planned end; the stay lasts until an exit event
	// such as a public-housing assignment or a private lease (fino
	// all'uscita), with mandatory periodic reviews, such as Catania's
	// transition housing.
	PolicyOpenEnded PolicyKind = "open_ended"
)

// PolicyKinds lists the values of PolicyKind.
var PolicyKinds = []PolicyKind{PolicyFixed, PolicyRenewable, PolicyOpenEnded}

// Label returns the name of k in lang.
func (k PolicyKind) Label(lang language.Tag) string { return label(lang, "policy_kind", k) }

// RenewalReason is one reason a renewal may record (motivazione del
// rinnovo): a stable code and its label in Italian and English.
type RenewalReason struct {
	Code  string `json:"code" yaml:"code"`
	Label Text   `json:"label" yaml:"label"`
}

// RenewalRule says how a renewable stay may be extended (rinnovo): at most
// Max renewals of at most Months months each. When ReasonRequired is set,
// every renewal must record one of Reasons; when it is not, a renewal may
// record one, and it must then be one of Reasons.
type RenewalRule struct {
	Max            int             `json:"max" yaml:"max"`
	Months         int             `json:"months" yaml:"months"`
	ReasonRequired bool            `json:"reason_required,omitempty" yaml:"reason_required"`
	Reasons        []RenewalReason `json:"reasons,omitempty" yaml:"reasons"`
}

// PolicyReference names the text a policy encodes (fonte): the programme
// document, the seed file it was read from, and the words it says.
type PolicyReference struct {
	Source string `json:"source" yaml:"source"`
	Seed   string `json:"seed,omitempty" yaml:"seed"`
	Quote  string `json:"quote,omitempty" yaml:"quote"`
	URL    string `json:"url,omitempty" yaml:"url"`
}

// AssumptionMark says where a figure of a policy comes from when it is not
// read in the programme text.
type AssumptionMark string

// The values of AssumptionMark.
const (
	// MarkProgrammeChoice: a choice the programme makes that its text does
	// not state (scelta del progetto), such as the review interval.
	MarkProgrammeChoice AssumptionMark = "programme_choice"
	// MarkPlaceholder: a value put in so the policy works, to be confirmed
	// by the office (segnaposto da confermare).
	MarkPlaceholder AssumptionMark = "placeholder"
)

// AssumptionMarks lists the values of AssumptionMark.
var AssumptionMarks = []AssumptionMark{MarkProgrammeChoice, MarkPlaceholder}

// Assumption marks one field of a policy as a programme choice or a
// placeholder, with a note that says why.
type Assumption struct {
	// Field is the policy key the note is about, such as
	// "review_every_months" or "renewals.reasons".
	Field string         `json:"field" yaml:"field"`
	Mark  AssumptionMark `json:"mark" yaml:"mark"`
	Note  Text           `json:"note" yaml:"note"`
}

// assumptionFields are the keys an Assumption may name.
var assumptionFields = []string{
	"term_months", "renewals", "renewals.max", "renewals.months", "renewals.reason_required",
	"renewals.reasons", "review_every_months", "warning_days", "exit_events",
}

// DurationPolicy is a tenancy-duration policy (politica di durata della
// permanenza): how long a stay under a programme may last, when it is
// reviewed, when the household is warned that the end is near, and whether
// and how it may be renewed. Policies are data: they are read from YAML or
// JSON files (see ParsePolicy) and the three seed programmes' policies ship
// with the package (see ShippedPolicies).
//
// # Month arithmetic
//
// Every date of a policy is counted from the tenancy's start date with
// Date.AddMonths, which keeps the day of the month and clamps it to the last
// day of a shorter month; the months are always added to the start date in
// one step, never chained. The planned end is
//
//	start.AddMonths(term_months + months of every renewal recorded)
//
// and the stay ends on that date: it is the day the household leaves, as in
// a lease running from 15 January 2024 to 15 January 2026, so a 24-month stay
// from 2024-01-15 ends on 2026-01-15. A 12-month stay from 2024-02-29 ends on
// 2025-02-28; one from 2024-01-31 ends on 2025-01-31; one from 2024-04-30 on
// 2025-04-30. The warning date is warning_days days before the planned end.
//
// # Reviews
//
// Reviews follow a fixed calendar anchored on the start date:
// start.AddMonths(k × review_every_months) for k = 1, 2, …, strictly before
// the planned end (or the exit), so a review held late does not shift the
// later ones. The reviews a tenancy records (Tenancy.Reviews) settle the
// calendar in date order: a review held on or after one or more scheduled
// dates still owed settles all of them (it catches up); a review held before
// the next scheduled date, but after the one before it, settles that next
// date early; any other review is an extra one. A scheduled date not settled
// is due on its day and overdue after it (see Due).
//
// A DurationPolicy is not modified by its methods and is safe for
// concurrent use once built.
type DurationPolicy struct {
	// ID is a stable identifier such as "crema.ospitalita-temporanea":
	// lower-case letters, digits, and single '.', '-' or '_' between them.
	ID    string     `json:"id" yaml:"id"`
	Title Text       `json:"title" yaml:"title"`
	Kind  PolicyKind `json:"kind" yaml:"kind"`
	// TermMonths is the base term in months (durata): the maximum stay of a
	// fixed policy, the first term of a renewable one; absent for an
	// open-ended policy.
	TermMonths int `json:"term_months,omitempty" yaml:"term_months"`
	// Renewals is the renewal rule of a renewable policy; absent otherwise.
	Renewals *RenewalRule `json:"renewals,omitempty" yaml:"renewals"`
	// ReviewEveryMonths is the interval of the reviews of the stay
	// (verifica periodica) in months; 0 means no scheduled reviews. An
	// open-ended policy must have reviews.
	ReviewEveryMonths int `json:"review_every_months,omitempty" yaml:"review_every_months"`
	// WarningDays is how many days before the planned end the household and
	// the team are warned so that the exit is planned (preavviso); 0 means
	// no warning. An open-ended policy has no planned end and no warning.
	WarningDays int `json:"warning_days,omitempty" yaml:"warning_days"`
	// ExitEvents lists the exits the stay waits for (eventi di uscita): for
	// an open-ended policy the events that end it, such as public housing
	// or a private lease; for the others the exits the programme aims at.
	ExitEvents []ExitPathway `json:"exit_events,omitempty" yaml:"exit_events"`
	// Reference names the programme text the policy encodes.
	Reference PolicyReference `json:"reference" yaml:"reference"`
	// Assumptions mark the figures that the programme text does not give.
	Assumptions []Assumption `json:"assumptions,omitempty" yaml:"assumptions"`
}

var (
	policyIDRE   = regexp.MustCompile(`^[a-z0-9]+([._-][a-z0-9]+)*$`)
	reasonCodeRE = regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)*$`)
)

// Limits that no real policy reaches: beyond them a figure is a typing
// mistake.
const (
	maxPolicyMonths   = 600 // 50 years
	maxPolicyRenewals = 99
	maxWarningDays    = 3650
)

// Validate checks the policy and returns every problem at once, each with
// its field path (such as "renewals.reasons[1].code"), as an *Error of code
// CodeInvalid.
func (p *DurationPolicy) Validate() error {
	var ps Problems
	switch {
	case p.ID == "":
		ps.Add("id", "is required")
	case !policyIDRE.MatchString(p.ID):
		ps.Add("id", "%q: want lower-case letters and digits separated by single '.', '-' or '_', such as \"crema.ospitalita-temporanea\"", p.ID)
	}
	if strings.TrimSpace(p.Title.IT) == "" {
		ps.Add("title.it", "is required")
	}
	if strings.TrimSpace(p.Title.EN) == "" {
		ps.Add("title.en", "is required")
	}
	checkEnum(&ps, "kind", p.Kind, true, PolicyKinds)

	knownKind := slices.Contains(PolicyKinds, p.Kind)
	switch {
	case p.TermMonths < 0 || p.TermMonths > maxPolicyMonths:
		ps.Add("term_months", "%d: want 1 to %d months", p.TermMonths, maxPolicyMonths)
	case p.Kind == PolicyOpenEnded && p.TermMonths != 0:
		ps.Add("term_months", "an open-ended policy has no term; remove it (got %d)", p.TermMonths)
	case (p.Kind == PolicyFixed || p.Kind == PolicyRenewable) && p.TermMonths == 0:
		ps.Add("term_months", "is required for a %s policy", p.Kind)
	}

	switch {
	case p.Kind == PolicyRenewable && p.Renewals == nil:
		ps.Add("renewals", "is required for a renewable policy")
	case knownKind && p.Kind != PolicyRenewable && p.Renewals != nil:
		ps.Add("renewals", "only a renewable policy has renewals; this one is %s", p.Kind)
	}
	if r := p.Renewals; r != nil {
		if r.Max < 1 || r.Max > maxPolicyRenewals {
			ps.Add("renewals.max", "%d: want 1 to %d renewals", r.Max, maxPolicyRenewals)
		}
		if r.Months < 1 || r.Months > maxPolicyMonths {
			ps.Add("renewals.months", "%d: want 1 to %d months", r.Months, maxPolicyMonths)
		}
		if r.ReasonRequired && len(r.Reasons) == 0 {
			ps.Add("renewals.reasons", "a renewal needs a reason, so the policy must list the allowed reasons")
		}
		seen := map[string]int{}
		for i, reason := range r.Reasons {
			rp := Index("renewals.reasons", i)
			switch {
			case reason.Code == "":
				ps.Add(rp+".code", "is required")
			case !reasonCodeRE.MatchString(reason.Code):
				ps.Add(rp+".code", "%q: want lower-case letters and digits joined by '_', such as \"job_search\"", reason.Code)
			default:
				if j, dup := seen[reason.Code]; dup {
					ps.Add(rp+".code", "%q is already the code of reasons[%d]", reason.Code, j)
				} else {
					seen[reason.Code] = i
				}
			}
			if strings.TrimSpace(reason.Label.IT) == "" {
				ps.Add(rp+".label.it", "is required")
			}
			if strings.TrimSpace(reason.Label.EN) == "" {
				ps.Add(rp+".label.en", "is required")
			}
		}
	}

	switch {
	case p.ReviewEveryMonths < 0 || p.ReviewEveryMonths > maxPolicyMonths:
		ps.Add("review_every_months", "%d: want 1 to %d months, or leave it out for no reviews", p.ReviewEveryMonths, maxPolicyMonths)
	case p.Kind == PolicyOpenEnded && p.ReviewEveryMonths == 0:
		ps.Add("review_every_months", "is required for an open-ended policy: a stay without an end must be reviewed")
	case p.ReviewEveryMonths > 0 && p.Kind != PolicyOpenEnded && p.TermMonths > 0 && p.TermMonths <= maxPolicyMonths && p.ReviewEveryMonths >= p.maxMonths():
		ps.Add("review_every_months", "%d: a review every %d months never falls before the end of a stay of at most %d months", p.ReviewEveryMonths, p.ReviewEveryMonths, p.maxMonths())
	}

	switch {
	case p.WarningDays < 0 || p.WarningDays > maxWarningDays:
		ps.Add("warning_days", "%d: want 1 to %d days, or leave it out for no warning", p.WarningDays, maxWarningDays)
	case p.Kind == PolicyOpenEnded && p.WarningDays != 0:
		ps.Add("warning_days", "an open-ended policy has no planned end to warn before; remove it (got %d)", p.WarningDays)
	case p.WarningDays > 0 && p.TermMonths > 0 && p.TermMonths <= maxPolicyMonths && p.WarningDays >= 28*p.TermMonths:
		// A term of n months is at least 28·n days long.
		ps.Add("warning_days", "%d days is not shorter than the %d-month term: the warning would fall on or before the start", p.WarningDays, p.TermMonths)
	}

	if p.Kind == PolicyOpenEnded && len(p.ExitEvents) == 0 {
		ps.Add("exit_events", "an open-ended policy must name the exit events that end the stay")
	}
	for i, e := range p.ExitEvents {
		ep := Index("exit_events", i)
		checkEnum(&ps, ep, e, true, ExitPathways)
		if slices.Index(p.ExitEvents, e) < i {
			ps.Add(ep, "%q is listed twice", e)
		}
	}

	if strings.TrimSpace(p.Reference.Source) == "" {
		ps.Add("reference.source", "is required: name the programme text the policy encodes")
	}
	for i, a := range p.Assumptions {
		ap := Index("assumptions", i)
		if !slices.Contains(assumptionFields, a.Field) {
			ps.Add(ap+".field", "%q: want one of %s", a.Field, strings.Join(assumptionFields, ", "))
		}
		checkEnum(&ps, ap+".mark", a.Mark, true, AssumptionMarks)
		if strings.TrimSpace(a.Note.IT) == "" {
			ps.Add(ap+".note.it", "is required")
		}
		if strings.TrimSpace(a.Note.EN) == "" {
			ps.Add(ap+".note.en", "is required")
		}
	}
	return ps.Err("invalid duration policy")
}

// maxMonths is the longest stay in months: the term plus every renewal; 0
// for an open-ended policy.
func (p *DurationPolicy) maxMonths() int {
	m := p.TermMonths
	if p.Renewals != nil && p.Renewals.Max > 0 && p.Renewals.Max <= maxPolicyRenewals &&
		p.Renewals.Months > 0 && p.Renewals.Months <= maxPolicyMonths {
		m += p.Renewals.Max * p.Renewals.Months
	}
	return m
}

// MaxMonths returns the longest stay the policy allows, in months: the term
// plus every possible renewal (24 for Ferrara, 12 + 12 for Crema), or 0 for
// an open-ended policy.
func (p *DurationPolicy) MaxMonths() int {
	if p.Kind == PolicyOpenEnded {
		return 0
	}
	return p.maxMonths()
}

// Reason returns the allowed renewal reason with the code, and whether there
// is one.
func (p *DurationPolicy) Reason(code string) (RenewalReason, bool) {
	if p.Renewals == nil {
		return RenewalReason{}, false
	}
	for _, r := range p.Renewals.Reasons {
		if r.Code == code {
			return r, true
		}
	}
	return RenewalReason{}, false
}

// Assumption returns the note that marks field (such as
// "review_every_months") as a programme choice or a placeholder, and whether
// there is one.
func (p *DurationPolicy) Assumption(field string) (Assumption, bool) {
	for _, a := range p.Assumptions {
		if a.Field == field {
			return a, true
		}
	}
	return Assumption{}, false
}

// Clone returns a deep copy of p.
func (p *DurationPolicy) Clone() *DurationPolicy {
	c := *p
	if p.Renewals != nil {
		r := *p.Renewals
		r.Reasons = slices.Clone(r.Reasons)
		c.Renewals = &r
	}
	c.ExitEvents = slices.Clone(p.ExitEvents)
	c.Assumptions = slices.Clone(p.Assumptions)
	return &c
}

// ParsePolicy reads a duration policy from a YAML or JSON file's contents.
// name is the file's name, used in positions and to choose the format: a
// name ending in ".json" is read as JSON (and must be valid JSON), any other
// as YAML. Reading is strict: unknown keys, duplicate keys, wrong types and
// impossible values (a negative term, a warning longer than the term, a
// renewal rule on a fixed policy…) are all reported at once as an *Error of
// code CodeInvalid whose Problems each have a position "file:line:column" as
// Path and a message that starts with the field path when there is one.
func ParsePolicy(name string, data []byte) (*DurationPolicy, error) {
	fail := func(ps Problems) (*DurationPolicy, error) {
		return nil, ps.Err("invalid duration policy " + name)
	}
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return fail(Problems{{Path: jsonErrorPos(name, data, err), Message: "syntax: " + err.Error()}})
		}
	}
	root, ps := ParseYAML(name, data)
	if ps != nil {
		return fail(ps)
	}
	var p DurationPolicy
	d := &YAMLDecoder{File: name}
	d.Decode(root, &p)
	ps = d.Problems
	// unreadable holds the positions of values the decoder could not read
	// (wrong type): their fields were left empty, so Validate's complaints
	// about them are skipped below.
	unreadable := map[string]bool{}
	for _, q := range ps {
		if strings.HasPrefix(q.Message, "want ") || strings.HasPrefix(q.Message, "aliases ") {
			unreadable[q.Path] = true
		}
	}
	// The decoder's problems carry positions only: add the field path.
	valuePaths, keyPaths := map[string]string{}, map[string]string{}
	recordPaths(d, root, "", valuePaths, keyPaths, 0)
	for i, q := range ps {
		paths := valuePaths
		if strings.HasPrefix(q.Message, "unknown key") || strings.HasPrefix(q.Message, "duplicate key") {
			paths = keyPaths
		}
		if fp := paths[q.Path]; fp != "" {
			ps[i].Message = fp + ": " + q.Message
		}
	}
	// Validate's problems carry field paths: place each at its value's
	// position, or, for a missing key, at the mapping that lacks it.
	if err := p.Validate(); err != nil {
		for _, q := range PlaceProblems(root, name, err.(*Error).Problems) {
			if !unreadable[q.Path] {
				ps = append(ps, q)
			}
		}
	}
	if len(ps) > 0 {
		SortProblems(ps)
		return fail(ps)
	}
	return &p, nil
}

// jsonErrorPos returns "file:line:column" of a JSON syntax error.
func jsonErrorPos(name string, data []byte, err error) string {
	se, ok := err.(*json.SyntaxError)
	if !ok {
		return name
	}
	off := int(se.Offset) - 1 // Offset counts the bytes read, the bad one included
	if off < 0 {
		off = 0
	}
	if off > len(data) {
		off = len(data)
	}
	line, col := 1, 1
	for _, r := range string(data[:off]) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%s:%d:%d", name, line, col)
}

// recordPaths records the field path of every value node and mapping key
// under n by position, the first (shallowest) path for each position.
func recordPaths(d *YAMLDecoder, n *yaml.Node, fieldPath string, values, keys map[string]string, depth int) {
	if depth > 64 {
		return
	}
	if pos := d.Pos(n); values[pos] == "" {
		values[pos] = fieldPath
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			kp := JoinPath(fieldPath, n.Content[i].Value)
			if pos := d.Pos(n.Content[i]); keys[pos] == "" {
				keys[pos] = kp
			}
			recordPaths(d, n.Content[i+1], kp, values, keys, depth+1)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			recordPaths(d, c, Index(fieldPath, i), values, keys, depth+1)
		}
	}
}

// LoadPolicyFile reads a duration policy from a YAML or JSON file on disk
// (see ParsePolicy). A file that cannot be read gives an *Error of code
// CodeNotFound.
func LoadPolicyFile(filename string) (*DurationPolicy, error) {
	data, err := os.ReadFile(filename)
	if err != nil {
		return nil, &Error{Code: CodeNotFound, Key: "policy.file", Message: "cannot read the duration policy file " + filename, Err: err}
	}
	return ParsePolicy(filename, data)
}

// LoadPolicies reads every duration policy file (*.yaml, *.yml, *.json)
// under dir in fsys, in lexical order of their paths. It returns all
// problems of all files at once, including two files with the same policy
// id, as an *Error of code CodeInvalid.
func LoadPolicies(fsys fs.FS, dir string) ([]*DurationPolicy, error) {
	var out []*DurationPolicy
	var ps Problems
	where := map[string]string{}
	err := fs.WalkDir(fsys, dir, func(name string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(path.Ext(name)) {
		case ".yaml", ".yml", ".json":
		default:
			return nil
		}
		if e.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		p, err := ParsePolicy(name, data)
		if err != nil {
			ps.Merge("", err)
			return nil
		}
		if first, dup := where[p.ID]; dup {
			ps.Add(name, "policy id %q is already defined in %s", p.ID, first)
			return nil
		}
		where[p.ID] = name
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, &Error{Code: CodeNotFound, Key: "policy.file", Message: "cannot read the duration policy files in " + dir, Err: err}
	}
	if err := ps.Err("invalid duration policies"); err != nil {
		return nil, err
	}
	return out, nil
}

//go:embed policies/*.yaml
var shippedPolicyFS embed.FS

var shippedPolicies = sync.OnceValue(func() []*DurationPolicy {
	ps, err := LoadPolicies(shippedPolicyFS, "policies")
	if err != nil {
		// The shipped files are part of the package; every test of the
		// package reveals a broken one.
		panic(fmt.Sprintf("housing: shipped duration policies: %v", err))
	}
	slices.SortFunc(ps, func(a, b *DurationPolicy) int { return strings.Compare(a.ID, b.ID) })
	return ps
})

// ShippedPolicies returns the duration policies of the seed programmes that
// ship with the package, ordered by id:
//
//   - "catania.alloggi-di-transizione": open-ended until public housing or a
//     private lease is found, reviewed every 6 months (placeholder);
//   - "crema.ospitalita-temporanea": 12 months, renewable once for 12 months
//     for a recorded reason from an allowed list;
//   - "ferrara-sud-est.housing-temporaneo": a fixed maximum of 24 months.
//
// Each call returns fresh copies that the caller may change.
func ShippedPolicies() []*DurationPolicy {
	src := shippedPolicies()
	out := make([]*DurationPolicy, len(src))
	for i, p := range src {
		out[i] = p.Clone()
	}
	return out
}

// PolicyByID returns a copy of the shipped duration policy with the id, or
// an *Error of code CodeNotFound.
func PolicyByID(id string) (*DurationPolicy, error) {
	var ids []string
	for _, p := range shippedPolicies() {
		if p.ID == id {
			return p.Clone(), nil
		}
		ids = append(ids, p.ID)
	}
	return nil, Errorf(CodeNotFound, "policy.not_found", "no shipped duration policy %q; the shipped ones are %s", id, strings.Join(ids, ", "))
}

// Terms, reviews, warnings and what is due.

// PlannedEnd returns the date the tenancy's stay ends under the policy:
// start.AddMonths(term + the months of every renewal recorded), the day the
// household leaves. It is the zero Date for an open-ended policy and for a
// tenancy that has no start date.
func (p *DurationPolicy) PlannedEnd(t Tenancy) Date { return p.endAfter(t, 0) }

// endAfter returns the planned end after extra more months of renewal: the
// term, the recorded renewals and extra are added to the start in one step.
func (p *DurationPolicy) endAfter(t Tenancy, extra int) Date {
	if p.Kind == PolicyOpenEnded || t.Start.IsZero() {
		return Date{}
	}
	total := p.TermMonths + extra
	for _, r := range t.Renewals {
		total += r.Months
	}
	return t.Start.AddMonths(total)
}

// WarningDate returns the date WarningDays before the planned end, when the
// household and the team are warned so that the exit is planned. It is the
// zero Date when the policy has no warning or no planned end.
func (p *DurationPolicy) WarningDate(t Tenancy) Date {
	end := p.PlannedEnd(t)
	if end.IsZero() || p.WarningDays <= 0 {
		return Date{}
	}
	return end.AddDays(-p.WarningDays)
}

// ReviewDates returns the scheduled review dates of the tenancy up to and
// including until: start.AddMonths(k × ReviewEveryMonths) for k = 1, 2, …,
// strictly before the planned end (or the exit date of an ended stay). It is
// empty when the policy has no reviews.
func (p *DurationPolicy) ReviewDates(t Tenancy, until Date) []Date {
	var out []Date
	for k := 1; ; k++ {
		s, ok := p.review(t, k)
		if !ok || s.After(until) {
			return out
		}
		out = append(out, s)
	}
}

// review returns the k-th scheduled review date (k ≥ 1), and false when
// there is none because the stay ends first or the policy has no reviews.
func (p *DurationPolicy) review(t Tenancy, k int) (Date, bool) {
	if p.ReviewEveryMonths <= 0 || t.Start.IsZero() || k > (9999*12)/p.ReviewEveryMonths {
		return Date{}, false
	}
	s := t.Start.AddMonths(k * p.ReviewEveryMonths)
	limit := p.PlannedEnd(t)
	if t.Exit != nil && !t.Exit.Date.IsZero() && (limit.IsZero() || t.Exit.Date.Before(limit)) {
		limit = t.Exit.Date
	}
	if !limit.IsZero() && !s.Before(limit) {
		return Date{}, false
	}
	if s.Year() >= 9999 {
		return Date{}, false
	}
	return s, true
}

// reviewState matches the reviews held on or before asOf to the schedule
// and returns the scheduled dates still owed on or before asOf (due or
// overdue) and the first scheduled date not yet held (zero when the
// schedule has ended).
//
// The matching rule: reviews are taken in date order; a review held on or
// after one or more owed scheduled dates settles all of them (a late review
// catches up); a review held before the next scheduled date but after the
// one before it settles that next date early; any other review is an extra
// one and settles nothing.
func (p *DurationPolicy) reviewState(t Tenancy, asOf Date) (owed []Date, next Date) {
	held := make([]Date, 0, len(t.Reviews))
	for _, r := range t.Reviews {
		if !r.Date.IsZero() && !r.Date.After(asOf) {
			held = append(held, r.Date)
		}
	}
	slices.SortFunc(held, Date.Compare)
	k := 1
	prev := t.Start
	for _, h := range held {
		s, ok := p.review(t, k)
		if !ok {
			break
		}
		switch {
		case !s.After(h): // late or on time: settle every date up to h
			for ok && !s.After(h) {
				prev = s
				k++
				s, ok = p.review(t, k)
			}
		case h.After(prev): // early: settle the next date
			prev = s
			k++
		}
	}
	for j := k; ; j++ {
		s, ok := p.review(t, j)
		if !ok {
			break
		}
		if j == k {
			next = s
		}
		if s.After(asOf) {
			break
		}
		owed = append(owed, s)
	}
	return owed, next
}

// NextReview returns the date of the next review the tenancy owes as of on:
// the first scheduled review date not yet held (see ReviewDates), counting
// the reviews recorded on or before on. It is normally on or after on; a
// date before on means that review is overdue (Due lists it). It is the zero
// Date when the policy has no reviews, the tenancy has not started or has
// ended, or no review falls before the planned end.
func (p *DurationPolicy) NextReview(t Tenancy, on Date) Date {
	if !t.Status.Running() {
		return Date{}
	}
	_, next := p.reviewState(t, on)
	return next
}

// DueCode is the stable code of an item due on a tenancy.
type DueCode string

// The values of DueCode.
const (
	// DueReview: a scheduled review falls today (verifica in scadenza).
	DueReview DueCode = "review_due"
	// DueReviewOverdue: one or more scheduled reviews were not held
	// (verifica scaduta); the item's date is the earliest one.
	DueReviewOverdue DueCode = "review_overdue"
	// DueWarning: the warning date is reached and the stay ends soon
	// (preavviso di scadenza); the item's date is the warning date.
	DueWarning DueCode = "warning"
	// DueExpiry: the stay ends today (scadenza).
	DueExpiry DueCode = "expiry"
	// DueExpired: the planned end has passed and no exit is recorded
	// (permanenza scaduta); the item's date is the planned end.
	DueExpired DueCode = "expired"
)

// DueCodes lists the values of DueCode in the order items of the same date
// are listed.
var DueCodes = []DueCode{DueReviewOverdue, DueReview, DueWarning, DueExpiry, DueExpired}

// Due is something a tenancy's team must act on as of a date: its stable
// code, the date it fell or falls due, and a sentence in Italian and
// English.
type Due struct {
	Code DueCode `json:"code"`
	Date Date    `json:"date"`
	Text Text    `json:"text"`
}

// Due returns what is due on the tenancy as of asOf, ordered by date: a
// review falling on asOf, reviews not held (overdue), the warning once its
// date is reached and until the planned end, the end itself on the planned
// end, and an expired stay after it. A tenancy that is not running (proposed,
// ended, cancelled) or that starts after asOf has nothing due.
func (p *DurationPolicy) Due(t Tenancy, asOf Date) []Due {
	if !t.Status.Running() || t.Start.IsZero() || asOf.Before(t.Start) {
		return nil
	}
	var out []Due
	owed, _ := p.reviewState(t, asOf)
	var late []Date
	for _, s := range owed {
		if s.Before(asOf) {
			late = append(late, s)
		} else {
			out = append(out, Due{Code: DueReview, Date: s, Text: inBothLanguages(func(l language.Tag) string {
				return Messages.Sprintf(l, "due.review_due", FormatDate(l, s))
			})})
		}
	}
	if len(late) > 0 {
		first := late[0]
		key := "due.review_overdue"
		if len(late) > 1 {
			key = "due.reviews_overdue"
		}
		out = append(out, Due{Code: DueReviewOverdue, Date: first, Text: inBothLanguages(func(l language.Tag) string {
			if len(late) > 1 {
				return Messages.Sprintf(l, key, len(late), FormatDate(l, first), policyDays(l, first.DaysUntil(asOf)))
			}
			return Messages.Sprintf(l, key, FormatDate(l, first), policyDays(l, first.DaysUntil(asOf)))
		})})
	}
	end := p.PlannedEnd(t)
	if !end.IsZero() {
		w := p.WarningDate(t)
		switch {
		case !w.IsZero() && !asOf.Before(w) && asOf.Before(end):
			key := "due.warning"
			if p.renewalsLeft(t) > 0 {
				key = "due.warning_renewable"
			}
			out = append(out, Due{Code: DueWarning, Date: w, Text: inBothLanguages(func(l language.Tag) string {
				return Messages.Sprintf(l, key, FormatDate(l, end), policyDays(l, asOf.DaysUntil(end)))
			})})
		case asOf.Equal(end):
			out = append(out, Due{Code: DueExpiry, Date: end, Text: inBothLanguages(func(l language.Tag) string {
				return Messages.Sprintf(l, "due.expiry", FormatDate(l, end))
			})})
		case asOf.After(end):
			out = append(out, Due{Code: DueExpired, Date: end, Text: inBothLanguages(func(l language.Tag) string {
				return Messages.Sprintf(l, "due.expired", FormatDate(l, end), policyDays(l, end.DaysUntil(asOf)))
			})})
		}
	}
	slices.SortStableFunc(out, func(a, b Due) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return slices.Index(DueCodes, a.Code) - slices.Index(DueCodes, b.Code)
	})
	return out
}

func inBothLanguages(f func(language.Tag) string) Text { return Text{IT: f(Italian), EN: f(English)} }

var monthsIT = [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

// FormatDate writes d the way lang writes a date in prose: "29 febbraio
// 2024" in Italian, "29 February 2024" in English; "" for the zero Date.
func FormatDate(lang language.Tag, d Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.YMD()
	if base, _ := lang.Base(); base.String() == "it" {
		return fmt.Sprintf("%d %s %d", day, monthsIT[m-1], y)
	}
	return fmt.Sprintf("%d %s %d", day, m, y)
}

// Renewals.

// renewalsLeft returns how many more renewals the policy allows the tenancy.
func (p *DurationPolicy) renewalsLeft(t Tenancy) int {
	if p.Kind != PolicyRenewable || p.Renewals == nil {
		return 0
	}
	return max(0, p.Renewals.Max-len(t.Renewals))
}

// RenewalTerms says how a tenancy may be renewed: how many renewals are
// left, how long each may be, whether a reason is needed and which, the last
// day a renewal may be decided (the current planned end) and the planned
// end after a full renewal.
type RenewalTerms struct {
	Left           int             `json:"left"`
	Months         int             `json:"months"`
	ReasonRequired bool            `json:"reason_required"`
	Reasons        []RenewalReason `json:"reasons,omitempty"`
	Deadline       Date            `json:"deadline"`
	NewEnd         Date            `json:"new_end"`
}

// RenewalTerms returns the terms on which the tenancy may be renewed by a
// decision taken on the date on, or the reason it cannot be:
//
//   - CodeConflict ErrNotStarted, ErrTenancyEnded or ErrTenancyCancelled:
//     the stay is not running;
//   - CodeConflict ErrDateOrder: on is before the last recorded event;
//   - CodeForbidden ErrNotRenewable: the policy is not renewable;
//   - CodeForbidden ErrRenewalLimit: every allowed renewal is used;
//   - CodeConflict ErrRenewalAfterEnd: on is after the planned end, so the
//     stay has already expired.
func (p *DurationPolicy) RenewalTerms(t Tenancy, on Date) (RenewalTerms, error) {
	if err := t.checkRunning(textKey("action.renew")); err != nil {
		return RenewalTerms{}, err
	}
	if err := t.checkOrder(on, textKey("event.renewal")); err != nil {
		return RenewalTerms{}, err
	}
	if p.Kind != PolicyRenewable || p.Renewals == nil {
		return RenewalTerms{}, tenancyError(ErrNotRenewable, p.Title, p.Kind)
	}
	if len(t.Renewals) >= p.Renewals.Max {
		return RenewalTerms{}, tenancyError(ErrRenewalLimit, p.Title, p.Renewals.Max, len(t.Renewals))
	}
	end := p.PlannedEnd(t)
	if on.After(end) {
		return RenewalTerms{}, tenancyError(ErrRenewalAfterEnd, on, end)
	}
	return RenewalTerms{
		Left:           p.Renewals.Max - len(t.Renewals),
		Months:         p.Renewals.Months,
		ReasonRequired: p.Renewals.ReasonRequired,
		Reasons:        slices.Clone(p.Renewals.Reasons),
		Deadline:       end,
		NewEnd:         p.endAfter(t, p.Renewals.Months),
	}, nil
}

// CanRenew reports whether the renewal r may be recorded on the tenancy
// under the policy: nil when it may, otherwise a typed *Error that says why
// (see RenewalTerms for the state errors), and in particular
//
//   - CodeForbidden ErrRenewalLimit: a second renewal under Crema's policy;
//   - CodeForbidden ErrRenewalReasonRequired: no reason recorded where the
//     policy needs one;
//   - CodeForbidden ErrRenewalReasonUnknown: a reason not in the policy's
//     list;
//   - CodeForbidden ErrRenewalTooLong: more months than a renewal may last;
//   - CodeInvalid: a renewal without a date or with negative months.
//
// A renewal of 0 months means the full months the policy allows.
func (p *DurationPolicy) CanRenew(t Tenancy, r Renewal) error {
	if err := t.checkRunning(textKey("action.renew")); err != nil {
		return err
	}
	if r.Date.IsZero() {
		return Errorf(CodeInvalid, "tenancy.renewal_date", "%s", Messages.Sprintf(English, "tenancy.renewal_date"))
	}
	if r.Months < 0 {
		return Errorf(CodeInvalid, "tenancy.renewal_months", "%s", Messages.Sprintf(English, "tenancy.renewal_months", r.Months))
	}
	terms, err := p.RenewalTerms(t, r.Date)
	if err != nil {
		return err
	}
	if r.Months > terms.Months {
		return tenancyError(ErrRenewalTooLong, r.Months, p.Title, terms.Months)
	}
	if r.Reason == "" {
		if terms.ReasonRequired {
			return tenancyError(ErrRenewalReasonRequired, p.Title, reasonCodes(terms.Reasons))
		}
		return nil
	}
	if _, ok := p.Reason(r.Reason); !ok {
		if len(terms.Reasons) == 0 {
			return tenancyError(ErrRenewalReasonUnknown, r.Reason, p.Title, "-")
		}
		return tenancyError(ErrRenewalReasonUnknown, r.Reason, p.Title, reasonCodes(terms.Reasons))
	}
	return nil
}

func reasonCodes(rs []RenewalReason) string {
	codes := make([]string, len(rs))
	for i, r := range rs {
		codes[i] = r.Code
	}
	return strings.Join(codes, ", ")
}

// Explanations.

// policyMonths writes "1 month" or "n months" in lang.
func policyMonths(lang language.Tag, n int) string {
	if n == 1 {
		return Messages.Sprintf(lang, "policy.month")
	}
	return Messages.Sprintf(lang, "policy.months", n)
}

// policyDays writes "1 day" or "n days" in lang.
func policyDays(lang language.Tag, n int) string {
	if n == 1 {
		return Messages.Sprintf(lang, "policy.day")
	}
	return Messages.Sprintf(lang, "policy.days", n)
}

// Explain describes the policy in Italian or English for the household and
// the team: how long the stay lasts, how it ends, whether and how it is
// renewed, when it is reviewed and warned, how the end date is counted, and
// which figures are programme choices or placeholders to confirm.
func (p *DurationPolicy) Explain(lang language.Tag) string {
	var parts []string
	title := p.Title.In(lang)
	switch {
	case p.Kind == PolicyFixed || (p.Kind == PolicyRenewable && p.Renewals == nil):
		parts = append(parts, Messages.Sprintf(lang, "policy.explain.fixed", title, policyMonths(lang, p.TermMonths)))
	case p.Kind == PolicyRenewable:
		var times string
		if p.Renewals.Max == 1 {
			times = Messages.Sprintf(lang, "policy.renewals.once")
		} else {
			times = Messages.Sprintf(lang, "policy.renewals.times", p.Renewals.Max)
		}
		parts = append(parts, Messages.Sprintf(lang, "policy.explain.renewable", title, policyMonths(lang, p.TermMonths),
			times, policyMonths(lang, p.Renewals.Months), policyMonths(lang, p.maxMonths())))
		if len(p.Renewals.Reasons) > 0 {
			labels := make([]string, len(p.Renewals.Reasons))
			for i, r := range p.Renewals.Reasons {
				labels[i] = r.Label.In(lang)
			}
			key := "policy.explain.reason_optional"
			if p.Renewals.ReasonRequired {
				key = "policy.explain.reason_required"
			}
			parts = append(parts, Messages.Sprintf(lang, key, strings.Join(labels, "; ")))
		}
	case p.Kind == PolicyOpenEnded:
		events := make([]string, len(p.ExitEvents))
		for i, e := range p.ExitEvents {
			events[i] = e.Label(lang)
		}
		parts = append(parts, Messages.Sprintf(lang, "policy.explain.open_ended", title, strings.Join(events, "; ")))
	}
	if p.ReviewEveryMonths > 0 {
		key := "policy.explain.review"
		if p.Kind == PolicyOpenEnded {
			key = "policy.explain.review_mandatory"
		}
		parts = append(parts, Messages.Sprintf(lang, key, policyMonths(lang, p.ReviewEveryMonths)))
	}
	if p.WarningDays > 0 {
		parts = append(parts, Messages.Sprintf(lang, "policy.explain.warning", policyDays(lang, p.WarningDays)))
	}
	if p.Kind != PolicyOpenEnded {
		parts = append(parts, Messages.Sprintf(lang, "policy.explain.end_rule"))
	}
	for _, a := range p.Assumptions {
		parts = append(parts, Messages.Sprintf(lang, "policy.assumption."+string(a.Mark), a.Note.In(lang)))
	}
	return strings.Join(parts, " ")
}
