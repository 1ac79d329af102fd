package housing

import (
	"embed"
	"fmt"
	"github.com/housingkit/housingkit/internal/reader"
	"go.yaml.in/yaml/v3"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
)

// Validate checks the policy and returns every problem at once, each with
// its field path (such as "renewals.reasons[1].code"), as an *Error of code
// CodeInvalid.
func (p *DurationPolicy) Validate() error {
	if p == nil {
		return errNilPolicy()
	}
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

// validateFile is Validate for a policy read from a file, which must also
// say format: FormatPolicy.
func (p *DurationPolicy) validateFile() error {
	var ps Problems
	switch p.Format {
	case FormatPolicy:
	case "":
		ps.Add("format", "is required: a duration-policy file starts with format: %s", FormatPolicy)
	case FormatPolicyTests:
		ps.Add("format", "%q is the format of policy test cases, not of a policy; a duration-policy file says format: %s", p.Format, FormatPolicy)
	default:
		ps.Add("format", "unknown format %q; a duration-policy file says format: %s", p.Format, FormatPolicy)
	}
	if err := p.Validate(); err != nil {
		ps = append(ps, err.(*Error).Problems...)
	}
	return ps.Err("invalid duration policy")
}

// ParsePolicy reads a duration policy from a YAML or JSON file's contents.
// name is the file's name, used in positions and to choose the format: a
// name ending in ".json" is read as strict JSON, any other as YAML. The
// file says format: FormatPolicy. Reading
// is strict: unknown keys, duplicate keys, wrong types and impossible values
// (a negative term, a warning longer than the term, a renewal rule on a
// fixed policy…) are all reported at once as an *Error of code CodeInvalid
// whose Problems each have the file, line, column and field path of the
// value concerned.
func ParsePolicy(name string, data []byte) (*DurationPolicy, error) {
	var p DurationPolicy
	if err := readFile(name, data, &p, "duration policy", func() error { return p.validateFile() }); err != nil {
		return nil, err
	}
	return &p, nil
}

// declaredFormat returns the top-level format a YAML or JSON file
// declares, or "" when it declares none or cannot be read.
func declaredFormat(name string, data []byte) string {
	root, ps := reader.Parse(name, data)
	if ps != nil || root.Kind != yaml.MappingNode {
		return ""
	}
	if v := reader.MappingValue(root, "format"); v != nil {
		return v.Value
	}
	return ""
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
// under dir in fsys, in lexical order of their paths, passing over the
// files of policy test cases (format FormatPolicyTests) kept beside them. It returns all
// problems of all files at once, including two files with the same policy
// id, as an *Error of code CodeInvalid.
func LoadPolicies(fsys fs.FS, dir string) ([]*DurationPolicy, error) {
	if fsys == nil {
		return nil, Errorf(CodeInvalid, "argument.nil", "no file system to read the duration policies from (nil)")
	}
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
		if declaredFormat(name, data) == FormatPolicyTests {
			return nil // test cases kept beside the policies
		}
		p, err := ParsePolicy(name, data)
		if err != nil {
			ps.Merge("", err)
			return nil
		}
		if first, dup := where[p.ID]; dup {
			ps = append(ps, Problem{File: name, Message: fmt.Sprintf("policy id %q is already defined in %s", p.ID, first)})
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
