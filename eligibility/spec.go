package eligibility

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/housingkit/housingkit/params"
	"go.yaml.in/yaml/v3"
)

// The format tags that open every file of the package, so that a file's
// kind is known without guessing and each format can evolve by version.
const (
	FormatRuleSet   = "housingkit.ruleset/v1"
	FormatOverlay   = "housingkit.overlay/v1"
	FormatTestCases = "housingkit.testcases/v1"
	FormatDecision  = "housingkit.decision/v1"
)

// Spec is a rule-set file as written (see FORMAT.md). Parse reads it and
// compiles it into a RuleSet; the Spec is kept for diffs and variants.
type Spec struct {
	// Format is always FormatRuleSet.
	Format string `json:"format" required:"true"`
	// ID names the rule set: "<place>.<programme>", lower case, such as
	// "crema.ospitalita-temporanea".
	ID string `json:"id" required:"true"`
	// Version is the rule set's own version (for example "1.0.0"); a
	// Decision records it.
	Version string       `json:"version" required:"true"`
	Title   housing.Text `json:"title" required:"true"`
	// Programme names the programme (housing.Programme.ID) the rules serve.
	Programme    string           `json:"programme,omitempty"`
	Jurisdiction JurisdictionSpec `json:"jurisdiction" required:"true"`
	// ValidFrom and ValidTo bound the dates a household may be evaluated
	// on; ValidTo null or absent means open-ended. Every parameter must have
	// a value on every date of this period.
	ValidFrom housing.Date  `json:"valid_from" required:"true"`
	ValidTo   *housing.Date `json:"valid_to,omitempty"`
	// Notes is free text for readers: interpretations of the source text,
	// placeholders still to confirm.
	Notes string `json:"notes,omitempty"`
	// References are the legal or programme sources the rules cite by id.
	References []ReferenceSpec `json:"references" required:"true"`
	// Parameters are the rule set's own effective-dated figures, written as
	// a parameter file's "parameters:" mapping (package params).
	Parameters ParamBlock `json:"parameters,omitempty"`
	// Imports bring parameters from shipped parameter files by name.
	Imports      []ImportSpec `json:"imports,omitempty"`
	Requirements []RuleSpec   `json:"requirements,omitempty"`
	Groups       []RuleSpec   `json:"groups,omitempty"`
	Exclusions   []RuleSpec   `json:"exclusions,omitempty"`
	Referrals    []RuleSpec   `json:"referrals,omitempty"`
	// Priority is the priority scoring; nil when the programme ranks no one.
	Priority *PrioritySpec `json:"priority,omitempty"`

	root *yaml.Node
}

// JurisdictionSpec says where a rule set applies.
type JurisdictionSpec struct {
	Region         string   `json:"region" required:"true"`
	District       string   `json:"district,omitempty"`
	Municipalities []string `json:"municipalities,omitempty"`
}

// ReferenceSpec is a legal or programme source: a rule cites it by ID.
type ReferenceSpec struct {
	ID      string `json:"id" required:"true"`
	Title   string `json:"title" required:"true"`
	Href    string `json:"href,omitempty"`
	Article string `json:"article,omitempty"`
	Note    string `json:"note,omitempty"`
}

// nodePos, embedded in a spec type, keeps the node the value was decoded
// from, so that problems found when compiling it have its position.
type nodePos struct{ pos *yaml.Node }

// keepNode keeps n, the node the value was decoded from (see keepNodes).
func (p *nodePos) keepNode(n *yaml.Node) { p.pos = n }

// ImportSpec imports parameters from a parameter file by name: a file
// shipped with the SDK (params.Shipped) or one given to the loader with
// WithParameterFiles.
type ImportSpec struct {
	// From is the parameter file's id, such as "erp-access-limits".
	From string `json:"from" required:"true"`
	// Parameters lists the names imported; they join the rule set's own
	// parameters and must not clash with them.
	Parameters []string `json:"parameters" required:"true"`

	nodePos
}

// RuleSpec is a requirement, a target group, an exclusion or a referral
// rule: an id, a label in both languages, the reference it rests on, a
// condition, and labelled exceptions.
type RuleSpec struct {
	// ID is the rule's stable code, unique in the rule set (lower case,
	// digits and _): it is the code of the rule's reason in a Decision.
	ID    string       `json:"id" required:"true"`
	Label housing.Text `json:"label" required:"true"`
	// Reference is the id of an entry of the rule set's references;
	// Article narrows it (for example "art. 3 c. 2").
	Reference string `json:"reference" required:"true"`
	Article   string `json:"article,omitempty"`
	// Basis says where the rule comes from: the programme text (its
	// article then quotes the sentence «…»), another official source, the
	// programme's choice, an assumption of the rule set's authors or a
	// placeholder. housingkit trace lists the rules by basis.
	Basis params.Basis `json:"basis,omitempty"`
	Note  string       `json:"note,omitempty"`
	// Facts, when given, must list exactly the facts the rule reads (its
	// condition and its exceptions'): documentation that the loader checks.
	Facts []string `json:"facts,omitempty"`
	// When is the rule's condition: a requirement holds, a group matches,
	// an exclusion applies, a referral rule sends to assessment when it is
	// true.
	When Condition `json:"when" required:"true"`
	// Exceptions change the rule's result when their own condition holds.
	Exceptions []ExceptionSpec `json:"exceptions,omitempty"`

	nodePos
}

// ExceptionSpec is a labelled exception to a rule, after Catala: when its
// condition holds, the rule's result is Holds instead of what the base
// condition says. Exceptions with different results that may apply
// together must be ordered with Overrides, or the rule set does not load.
type ExceptionSpec struct {
	ID    string       `json:"id" required:"true"`
	Label housing.Text `json:"label" required:"true"`
	// Reference and Article default to the rule's.
	Reference string    `json:"reference,omitempty"`
	Article   string    `json:"article,omitempty"`
	Note      string    `json:"note,omitempty"`
	When      Condition `json:"when" required:"true"`
	// Holds is the rule's result when the exception applies.
	Holds bool `json:"holds" required:"true"`
	// Overrides lists exceptions of the same rule that this one takes
	// precedence over when both apply.
	Overrides []string `json:"overrides,omitempty"`

	nodePos
}

// PrioritySpec is the priority scoring of eligible households: points per
// criterion, each optionally capped, a cap on the total, and the stated
// order that breaks ties between equal scores.
type PrioritySpec struct {
	// Cap bounds the total score; absent means no cap.
	Cap      *int        `json:"cap,omitempty"`
	Criteria []ScoreSpec `json:"criteria" required:"true"`
	// TieBreak orders households with the same score: by the first key,
	// then the next. Households still tied are ordered by household id, so
	// that a ranking is always deterministic.
	TieBreak []TieBreakSpec `json:"tie_break" required:"true"`

	nodePos
}

// ScoreSpec is one criterion of the priority score: Points (or the value of
// the parameter PointsParam) when the condition holds, multiplied by the
// int fact Per when given, and capped at Cap.
type ScoreSpec struct {
	ID          string       `json:"id" required:"true"`
	Label       housing.Text `json:"label" required:"true"`
	Reference   string       `json:"reference" required:"true"`
	Article     string       `json:"article,omitempty"`
	Basis       params.Basis `json:"basis,omitempty"`
	Note        string       `json:"note,omitempty"`
	Facts       []string     `json:"facts,omitempty"`
	When        *Condition   `json:"when,omitempty"`
	Points      *int         `json:"points,omitempty"`
	PointsParam string       `json:"points_param,omitempty"`
	Per         string       `json:"per,omitempty"`
	Cap         *int         `json:"cap,omitempty"`

	nodePos
}

// TieBreakSpec is one key of the tie-break: an int, money or date fact
// and its order. Households whose fact is unknown come after the others.
type TieBreakSpec struct {
	Fact  string `json:"fact" required:"true"`
	Order string `json:"order" required:"true"`

	nodePos
}

// Condition is a condition over household facts. Exactly one form is used:
//
//	all: [condition, ...]         every one holds
//	any: [condition, ...]         at least one holds
//	not: condition                it does not hold
//	fact: NAME, op: OP, value: V  a criterion comparing a fact with a literal
//	fact: NAME, op: OP, param: P  ... or with a parameter's value on the date
//	expr: "EXPRESSION"            a custom condition in expr-lang
//
// OP is one of eq, ne, lt, le, gt, ge, in, not_in (which ones depends on the
// fact's kind). Conditions are three-valued: a criterion on an unknown fact
// is unknown, and all/any/not follow Kleene's logic (false AND unknown is
// false, true OR unknown is true).
type Condition struct {
	All   []Condition `json:"all,omitempty"`
	Any   []Condition `json:"any,omitempty"`
	Not   *Condition  `json:"not,omitempty"`
	Fact  string      `json:"fact,omitempty"`
	Op    string      `json:"op,omitempty"`
	Value any         `json:"value,omitempty"`
	Param string      `json:"param,omitempty"`
	Expr  string      `json:"expr,omitempty"`

	pos       *yaml.Node
	valueNode *yaml.Node
	exprNode  *yaml.Node
}

// UnmarshalYAML decodes the condition, keeps its positions, and checks
// that exactly one form is used (see yaml.Unmarshaler); its error lists
// every problem with its line and column.
func (c *Condition) UnmarshalYAML(n *yaml.Node) error {
	d := reader.NewDecoder("")
	c.decode(d, n)
	return d.Err()
}

func (c *Condition) decode(d *reader.Decoder, n *yaml.Node) {
	type plain struct {
		All   []Condition `json:"all"`
		Any   []Condition `json:"any"`
		Not   *Condition  `json:"not"`
		Fact  string      `json:"fact"`
		Op    string      `json:"op"`
		Value yaml.Node   `json:"value"`
		Param string      `json:"param"`
		Expr  yaml.Node   `json:"expr"`
	}
	var p plain
	d.Decode(n, &p)
	*c = Condition{All: p.All, Any: p.Any, Not: p.Not, Fact: p.Fact, Op: p.Op, Param: p.Param, pos: n}
	if d.Count() > 0 {
		return
	}
	if p.Value.Kind != 0 {
		c.valueNode = &p.Value
		var v any
		if err := p.Value.Decode(&v); err == nil {
			c.Value = v
		}
	}
	if p.Expr.Kind != 0 {
		if p.Expr.Kind != yaml.ScalarNode || p.Expr.Tag == "!!null" {
			d.Errorf(&p.Expr, "expr: want an expression as a string")
			return
		}
		c.Expr = p.Expr.Value
		c.exprNode = &p.Expr
	}
	forms := 0
	if p.All != nil {
		forms++
	}
	if p.Any != nil {
		forms++
	}
	if p.Not != nil {
		forms++
	}
	if p.Fact != "" || p.Op != "" || c.valueNode != nil || p.Param != "" {
		forms++
	}
	if c.exprNode != nil {
		forms++
	}
	switch {
	case forms == 0:
		d.Errorf(n, "empty condition: use one of all, any, not, fact (with op and value or param), expr")
	case forms > 1:
		d.Errorf(n, "a condition uses one form only: all, any, not, fact (with op and value or param), or expr")
	case p.All != nil && len(p.All) == 0:
		d.Errorf(n, "all: want at least one condition")
	case p.Any != nil && len(p.Any) == 0:
		d.Errorf(n, "any: want at least one condition")
	case p.Fact != "" || p.Op != "" || c.valueNode != nil || p.Param != "":
		if p.Fact == "" {
			d.Errorf(n, "a criterion needs a fact")
		}
		if p.Op == "" {
			d.Errorf(n, "a criterion needs an op: eq, ne, lt, le, gt, ge, in or not_in")
		}
		if (c.valueNode == nil) == (p.Param == "") {
			d.Errorf(n, "a criterion compares its fact with either a value or a param, not both or neither")
		}
	}
}

// ParamBlock is the "parameters:" mapping of a rule set or overlay: the
// same shape as a parameter file's (see package params).
type ParamBlock struct {
	params.Set

	node *yaml.Node
}

// UnmarshalYAML decodes the parameters and keeps their positions (see
// yaml.Unmarshaler).
func (b *ParamBlock) UnmarshalYAML(n *yaml.Node) error {
	b.node = n
	return b.Set.UnmarshalYAML(n)
}

// keyPos returns the node of parameter name's key, or the block itself.
func (b *ParamBlock) keyPos(name string) *yaml.Node {
	if b.node != nil && b.node.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(b.node.Content); i += 2 {
			if b.node.Content[i].Value == name {
				return b.node.Content[i]
			}
		}
	}
	return b.node
}
