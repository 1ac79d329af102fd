package housing

import (
	"regexp"
	"slices"

	"golang.org/x/text/language"
)

// The format tags that open a duration-policy file and a file of its test
// cases (see housing/policies/FORMAT.md), so that a file's kind is known
// without guessing and each format can evolve by version.
const (
	FormatPolicy      = "housingkit.policy/v1"
	FormatPolicyTests = "housingkit.policytests/v1"
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
	// Format is FormatPolicy in a policy file, where ParsePolicy requires
	// it; a policy built in code may leave it empty.
	Format string `json:"format,omitempty" yaml:"format"`
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

// errNilPolicy refuses a nil *DurationPolicy where a policy is needed.
func errNilPolicy() *Error {
	return &Error{Code: CodeInvalid, Key: "argument.nil", Message: "no duration policy given (nil)"}
}

// Limits that no real policy reaches: beyond them a figure is a typing
// mistake.
const (
	maxPolicyMonths   = 600 // 50 years
	maxPolicyRenewals = 99
	maxWarningDays    = 3650
)

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
