package eligibility

import (
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/expr-lang/expr/types"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/invopop/jsonschema"
	"golang.org/x/text/language"
)

// RuleKind is what a rule does in a decision. It is written as its name
// ("requirement", "group", "exclusion", "referral", "score") in JSON and
// text.
type RuleKind uint8

// The kinds of rules.
const (
	// Requirement: must hold for every eligible household.
	Requirement RuleKind = iota + 1
	// TargetGroup: a household is eligible when at least one group matches
	// (and every requirement holds and no exclusion applies).
	TargetGroup
	// Exclusion: a household to which it applies is ineligible.
	Exclusion
	// ReferralRule: an eligible household to which it applies is referred
	// for assessment of other paths first (outcome refer).
	ReferralRule
	// ScoreCriterion: points of the priority score.
	ScoreCriterion
)

var ruleKindNames = [...]string{Requirement: "requirement", TargetGroup: "group", Exclusion: "exclusion", ReferralRule: "referral", ScoreCriterion: "score"}

// String returns the kind's name.
func (k RuleKind) String() string {
	if int(k) < len(ruleKindNames) && k > 0 {
		return ruleKindNames[k]
	}
	return "RuleKind(" + strconv.Itoa(int(k)) + ")"
}

// Label returns the kind's name in lang: "requisito" / "requirement",
// "gruppo destinatario" / "target group".
func (k RuleKind) Label(lang language.Tag) string {
	return messages.Label(lang, "kind."+k.String(), k.String())
}

// MarshalText writes the kind's name.
func (k RuleKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name.
func (k *RuleKind) UnmarshalText(b []byte) error {
	for i, n := range ruleKindNames {
		if n != "" && n == string(b) {
			*k = RuleKind(i)
			return nil
		}
	}
	return fmt.Errorf("rule kind %q: want one of requirement, group, exclusion, referral, score", b)
}

// JSONSchema describes a RuleKind.
func (RuleKind) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Enum: []any{"requirement", "group", "exclusion", "referral", "score"}}
}

// RuleSet is a compiled rule set: immutable and safe for concurrent use by
// any number of goroutines. Load it with Parse, LoadFile, LoadFS or
// Shipped; derive variants with Apply.
type RuleSet struct {
	spec      *Spec
	file      string
	id        string
	version   string
	title     housing.Text
	validFrom housing.Date
	validTo   housing.Date

	params      []paramDef
	paramByName map[string]int
	slots       []maskSlot
	intervals   []*resolved
	exprEnv     types.Map
	refs        map[string]*ReferenceSpec

	exclusions   []*rule
	requirements []*rule
	groups       []*rule
	referrals    []*rule
	all          []*rule // in decision order: exclusions, requirements, groups, referrals
	score        []*scoreRule
	scoreCap     *int
	tieBreak     []tieKey

	needOutcome group
	needScore   group // the outcome's facts and the score's (Summarize)
	needFull    group
	nFacts      int // the fact values of a decision's reasons
	layout      *decisionLayout
	// The lists of the ids of the target groups and of the referral
	// rules a decision matched.
	groupLists, referralLists idLists

	variants []string
	base     *RuleSet
	overlays sync.Map // *Overlay → variantResult
}

// ID returns the rule set's id.
func (rs *RuleSet) ID() string { return rs.id }

// Version returns the rule set's version.
func (rs *RuleSet) Version() string { return rs.version }

// Title returns the rule set's title in both languages.
func (rs *RuleSet) Title() housing.Text { return rs.title }

// ValidFrom returns the first date the rule set may be applied on.
func (rs *RuleSet) ValidFrom() housing.Date { return rs.validFrom }

// ValidTo returns the last date the rule set may be applied on, or the zero
// Date when it is open-ended.
func (rs *RuleSet) ValidTo() housing.Date { return rs.validTo }

// Variants returns the ids of the overlays applied to the base rule set to
// obtain this one, in order (empty for a base rule set).
func (rs *RuleSet) Variants() []string { return slices.Clone(rs.variants) }

// Spec returns the rule set's source as written (for a variant, the base's
// source with the overlays applied). The returned value shares its lists
// with the rule set: read it, do not modify it.
func (rs *RuleSet) Spec() Spec { return *rs.spec }

// Parameter returns the parameter named name (the rule set's own or an
// imported one) and the id of the file it comes from ("" for its own).
func (rs *RuleSet) Parameter(name string) (*params.Param, string, bool) {
	i, ok := rs.paramByName[name]
	if !ok {
		return nil, "", false
	}
	return rs.params[i].p, rs.params[i].source, true
}

// ParameterNames returns the names of the rule set's parameters: its own in
// file order, then the imported ones.
func (rs *RuleSet) ParameterNames() []string {
	out := make([]string, len(rs.params))
	for i, p := range rs.params {
		out[i] = p.name
	}
	return out
}

// RuleInfo describes one rule of a rule set.
type RuleInfo struct {
	ID        string       `json:"id"`
	Kind      RuleKind     `json:"kind"`
	Label     housing.Text `json:"label"`
	Reference Reference    `json:"reference"`
	// Basis is where the rule comes from, as its file states it ("" when
	// the file does not say).
	Basis params.Basis `json:"basis,omitempty"`
	// Facts lists the facts the rule reads, Parameters the parameters.
	Facts      []string `json:"facts"`
	Parameters []string `json:"parameters"`
	// Exceptions lists the ids of the rule's exceptions, in precedence order.
	Exceptions []string `json:"exceptions,omitempty"`
}

// Rules returns the rules in decision order: exclusions, requirements,
// target groups, referral rules, then score criteria.
func (rs *RuleSet) Rules() []RuleInfo {
	var out []RuleInfo
	for _, r := range rs.all {
		info := RuleInfo{ID: r.id, Kind: r.kind, Label: r.label, Reference: *r.ref, Basis: r.spec.Basis, Facts: r.facts.names(), Parameters: rs.paramNamesOf(r.params)}
		for _, x := range r.exceptions {
			info.Exceptions = append(info.Exceptions, x.id)
		}
		out = append(out, info)
	}
	for _, s := range rs.score {
		out = append(out, RuleInfo{ID: s.id, Kind: ScoreCriterion, Label: s.label, Reference: *s.ref, Basis: s.spec.Basis, Facts: s.facts.names(), Parameters: rs.paramNamesOf(s.params)})
	}
	return out
}

func (rs *RuleSet) paramNamesOf(idx []int) []string {
	out := make([]string, len(idx))
	for i, x := range idx {
		out[i] = rs.params[x].name
	}
	return out
}

// Facts returns the names of the facts the rule set reads, in vocabulary
// order.
func (rs *RuleSet) Facts() []string {
	var fs factSet
	for _, r := range rs.all {
		fs |= r.facts
	}
	for _, s := range rs.score {
		fs |= s.facts
	}
	return fs.names()
}

// interval returns the resolved parameters in force on d.
func (rs *RuleSet) interval(d housing.Date) *resolved {
	iv := rs.intervals
	lo, hi := 0, len(iv)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if iv[mid].start.After(d) {
			hi = mid - 1
		} else {
			lo = mid
		}
	}
	return iv[lo]
}

// Reference is the source a rule rests on, as a Decision carries it.
type Reference struct {
	Title   string `json:"title"`
	Href    string `json:"href,omitempty"`
	Article string `json:"article,omitempty"`
}
