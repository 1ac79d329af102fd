package eligibility

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// OverlaySpec is an overlay file as written (see FORMAT.md): a policy
// variant of a rule set, in the manner of OpenFisca's reforms.
type OverlaySpec struct {
	// Format is always FormatOverlay.
	Format string `json:"format" required:"true"`
	// ID names the variant; a Decision lists the ids of the overlays applied.
	ID string `json:"id" required:"true"`
	// Base is the id of the rule set the overlay applies to.
	Base  string       `json:"base" required:"true"`
	Title housing.Text `json:"title" required:"true"`
	Notes string       `json:"notes,omitempty"`
	// References adds sources that new or replaced rules cite.
	References []ReferenceSpec `json:"references,omitempty"`
	// Parameters changes parameters' values from a date, or for a period.
	Parameters []ParamChangeSpec `json:"parameters,omitempty"`
	// AddParameters adds parameters for new rules.
	AddParameters ParamBlock   `json:"add_parameters,omitempty"`
	Imports       []ImportSpec `json:"imports,omitempty"`
	// Disable removes rules or score criteria by id.
	Disable []string `json:"disable,omitempty"`
	// Replace replaces rules by id (the new rule keeps its kind and place).
	Replace RuleChangesSpec `json:"replace,omitempty"`
	// Add adds rules after those of the same kind.
	Add RuleChangesSpec `json:"add,omitempty"`

	root *yaml.Node
}

// ParamChangeSpec sets a parameter's value from From until Until
// (inclusive); without Until the value holds from From on.
type ParamChangeSpec struct {
	Name  string        `json:"name" required:"true"`
	From  housing.Date  `json:"from" required:"true"`
	Until *housing.Date `json:"until,omitempty"`
	// Value is written as in a parameter file: a number, true or false, a
	// text or a list, according to the parameter's unit.
	Value yaml.Node `json:"value" required:"true"`
	Note  string    `json:"note,omitempty"`

	nodePos
}

// RuleChangesSpec lists rules by kind, for replace and add.
type RuleChangesSpec struct {
	Requirements []RuleSpec  `json:"requirements,omitempty"`
	Groups       []RuleSpec  `json:"groups,omitempty"`
	Exclusions   []RuleSpec  `json:"exclusions,omitempty"`
	Referrals    []RuleSpec  `json:"referrals,omitempty"`
	Priority     []ScoreSpec `json:"priority,omitempty"`
}

// Overlay is a parsed overlay file. Apply it to its base rule set with
// RuleSet.Apply, or per evaluation with WithVariant.
type Overlay struct {
	spec *OverlaySpec
	file string
	// problems are the file's own problems (unknown keys, wrong types…):
	// an overlay with problems never applies, and Apply reports them
	// together with those of applying the rest.
	problems housing.Problems
}

// ID returns the overlay's id.
func (o *Overlay) ID() string { return o.spec.ID }

// Base returns the id of the rule set the overlay applies to.
func (o *Overlay) Base() string { return o.spec.Base }

// Title returns the overlay's title.
func (o *Overlay) Title() housing.Text { return o.spec.Title }

// ParseOverlay reads an overlay file (YAML or JSON). It checks the file's
// shape; what the overlay changes is checked when it is applied to a rule
// set. Problems are reported like Parse's.
//
// Like go/parser, it returns the overlay as far as it could read it along
// with the error when the file is well-formed YAML but has problems (an
// unknown key, a value of the wrong type): applying that overlay fails, and
// reports the file's problems together with every problem of applying the
// rest, so that a tool can list them all at once. On a syntax error the
// overlay is nil.
func ParseOverlay(name string, data []byte) (*Overlay, error) {
	root, ps := reader.Parse(name, data)
	if ps != nil {
		return nil, input.FromReader(ps).Err("invalid overlay " + name)
	}
	var s OverlaySpec
	d := reader.NewDecoder(name, keepNodes)
	d.Decode(root, &s)
	s.root = root
	if s.Format != FormatOverlay && d.Count() == 0 {
		pos := root
		if n := mappingValue(root, "format"); n != nil {
			pos = n
		}
		d.ErrorAt(pos, "format", "%q; an overlay says format: %s", s.Format, FormatOverlay)
	}
	o := &Overlay{spec: &s, file: name}
	if err := d.Err(); err != nil {
		o.problems = input.Problems(err)
		return o, o.problems.Err("invalid overlay " + name)
	}
	return o, nil
}

// LoadOverlayFile reads an overlay file from disk.
func LoadOverlayFile(filename string) (*Overlay, error) {
	data, err := os.ReadFile(filename)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: "eligibility.file", Message: "cannot read overlay " + filename, Err: err}
	}
	return ParseOverlay(filename, data)
}

// LoadOverlayFS reads an overlay file from fsys.
func LoadOverlayFS(fsys fs.FS, name string) (*Overlay, error) {
	if fsys == nil {
		return nil, nilArgument("the file system to read the overlay from")
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: "eligibility.file", Message: "cannot read overlay " + name, Err: err}
	}
	return ParseOverlay(name, data)
}

type variantResult struct {
	rs  *RuleSet
	err error
}

// variant returns rs with o applied, built once and cached.
func (rs *RuleSet) variant(o *Overlay) (*RuleSet, error) {
	if v, ok := rs.overlays.Load(o); ok {
		r := v.(variantResult)
		return r.rs, r.err
	}
	v, err := rs.Apply(o)
	actual, _ := rs.overlays.LoadOrStore(o, variantResult{rs: v, err: err})
	r := actual.(variantResult)
	return r.rs, r.err
}

// Apply returns the variant of rs that the overlay describes; rs is
// unchanged. The overlay is validated as a whole: every problem is
// reported (at the overlay file's positions) and nothing is applied unless
// all of it applies. Applying is cheap: the rules the overlay leaves alone
// are shared with rs, not compiled again; parameters are resolved again
// and exceptions re-checked, since new values may make them overlap.
// Variants chain: apply another overlay to the result.
//
// An overlay that ParseOverlay returned with problems is not applied: the
// error lists its problems and those of applying the rest of it.
func (rs *RuleSet) Apply(o *Overlay, opts ...LoadOption) (*RuleSet, error) {
	if o == nil || o.spec == nil {
		return nil, housing.Errorf(housing.CodeInvalid, "eligibility.no_overlay", "no overlay")
	}
	if rs == nil {
		return nil, housing.Errorf(housing.CodeInvalid, "eligibility.no_ruleset", "no rule set to apply the overlay %s to", o.spec.ID)
	}
	v, err := rs.apply(o, opts)
	if len(o.problems) > 0 {
		return nil, input.Merge(o.problems, input.Problems(err), false).Err("invalid overlay " + o.file)
	}
	return v, err
}

func (rs *RuleSet) apply(o *Overlay, opts []LoadOption) (*RuleSet, error) {
	cfg, err := loadOptions(opts)
	if err != nil {
		return nil, err
	}
	s := o.spec
	c := &compiler{
		file:        o.file,
		params:      slices.Clone(rs.params),
		paramByName: maps.Clone(rs.paramByName),
		slots:       slices.Clone(rs.slots),
		refs:        maps.Clone(rs.refs),
		ids:         map[string]*yaml.Node{},
		files:       cfg.files,
		roots:       map[string]*yaml.Node{o.file: s.root},
	}
	if rs.spec != nil {
		c.roots[rs.file] = rs.spec.root
	}
	if s.ID != "" && s.ID == s.Base {
		c.errorf(fieldNode(s.root, "id"), "overlay id %q is the id of its base rule set: give the variant an id of its own", s.ID)
	}
	if s.Base != rs.id {
		c.errorf(fieldNode(s.root, "base"), "overlay %s applies to rule set %q, not %q", s.ID, s.Base, rs.id)
		return nil, c.err(o.file)
	}
	if slices.Contains(rs.variants, s.ID) {
		c.errorf(fieldNode(s.root, "id"), "overlay %s is already applied to this rule set", s.ID)
		return nil, c.err(o.file)
	}
	refsNode := fieldNode(s.root, "references")
	for i := range s.References {
		r := &s.References[i]
		pos := refsNode
		if refsNode != nil && refsNode.Kind == yaml.SequenceNode && i < len(refsNode.Content) {
			pos = refsNode.Content[i]
		}
		if _, dup := c.refs[r.ID]; dup || !validID(r.ID) {
			c.errorf(pos, "reference id %q is invalid or already used by the rule set", r.ID)
			continue
		}
		c.refs[r.ID] = r
	}
	for i := range s.Parameters {
		c.changeParam(&s.Parameters[i])
	}
	for _, name := range s.AddParameters.Names() {
		p, _ := s.AddParameters.Get(name)
		c.addParam(paramDef{name: name, p: p, pos: s.AddParameters.keyPos(name), file: o.file})
	}
	for i := range s.Imports {
		c.importParams(&s.Imports[i])
	}
	c.exprEnv = exprEnv(c.params)

	v := &RuleSet{
		file: rs.file, id: rs.id, version: rs.version, title: rs.title, validFrom: rs.validFrom, validTo: rs.validTo,
		exclusions: slices.Clone(rs.exclusions), requirements: slices.Clone(rs.requirements), groups: slices.Clone(rs.groups),
		referrals: slices.Clone(rs.referrals), score: slices.Clone(rs.score), scoreCap: rs.scoreCap, tieBreak: rs.tieBreak,
		variants: append(slices.Clone(rs.variants), s.ID), base: rs,
	}
	lists := map[RuleKind]*[]*rule{Exclusion: &v.exclusions, Requirement: &v.requirements, TargetGroup: &v.groups, ReferralRule: &v.referrals}
	disableNode := fieldNode(s.root, "disable")
	for i, id := range s.Disable {
		pos := disableNode
		if disableNode != nil && disableNode.Kind == yaml.SequenceNode && i < len(disableNode.Content) {
			pos = disableNode.Content[i]
		}
		if !v.remove(id, lists) {
			c.errorf(pos, "disable: the rule set has no rule or score criterion %q%s", id, suggest(id, v.ruleIDs()))
		}
	}
	// Ids still in use, so that added rules cannot reuse them.
	for _, r := range slices.Concat(v.exclusions, v.requirements, v.groups, v.referrals) {
		c.ids[r.id] = nil
		for _, x := range r.exceptions {
			c.ids[x.id] = nil
		}
	}
	for _, sc := range v.score {
		c.ids[sc.id] = nil
	}
	replace := func(specs []RuleSpec, kind RuleKind) {
		list := lists[kind]
		for i := range specs {
			sp := &specs[i]
			at := slices.IndexFunc(*list, func(r *rule) bool { return r.id == sp.ID })
			if at < 0 {
				c.errorf(sp.pos, "replace: the rule set has no %s %q%s", kind, sp.ID, v.kindHint(sp.ID))
				continue
			}
			old := (*list)[at]
			delete(c.ids, old.id)
			for _, x := range old.exceptions {
				delete(c.ids, x.id)
			}
			if r := c.compileRule(sp, kind); r != nil {
				(*list)[at] = r
			}
		}
	}
	replace(s.Replace.Exclusions, Exclusion)
	replace(s.Replace.Requirements, Requirement)
	replace(s.Replace.Groups, TargetGroup)
	replace(s.Replace.Referrals, ReferralRule)
	for i := range s.Replace.Priority {
		sp := &s.Replace.Priority[i]
		at := slices.IndexFunc(v.score, func(r *scoreRule) bool { return r.id == sp.ID })
		if at < 0 {
			c.errorf(sp.pos, "replace: the rule set has no score criterion %q%s", sp.ID, v.kindHint(sp.ID))
			continue
		}
		delete(c.ids, sp.ID)
		if r := c.compileScore(sp); r != nil {
			v.score[at] = r
		}
	}
	add := func(specs []RuleSpec, kind RuleKind) {
		for i := range specs {
			if r := c.compileRule(&specs[i], kind); r != nil {
				*lists[kind] = append(*lists[kind], r)
			}
		}
	}
	add(s.Add.Exclusions, Exclusion)
	add(s.Add.Requirements, Requirement)
	add(s.Add.Groups, TargetGroup)
	add(s.Add.Referrals, ReferralRule)
	if len(s.Add.Priority) > 0 && rs.spec.Priority == nil {
		c.errorf(fieldNode(s.root, "add"), "add: the rule set has no priority scoring to add criteria to")
	} else {
		for i := range s.Add.Priority {
			if r := c.compileScore(&s.Add.Priority[i]); r != nil {
				v.score = append(v.score, r)
			}
		}
	}
	if len(v.requirements) == 0 && len(v.groups) == 0 {
		c.errorf(s.root, "the variant has no requirement and no target group left")
	}
	v.spec = v.buildSpec(rs.spec, c)
	if err := c.finish(v); err != nil {
		return nil, err
	}
	return v, nil
}

func fieldNode(root *yaml.Node, key string) *yaml.Node {
	if n := mappingValue(root, key); n != nil {
		return n
	}
	return root
}

// remove drops the rule or score criterion id from v.
func (v *RuleSet) remove(id string, lists map[RuleKind]*[]*rule) bool {
	for _, l := range lists {
		if i := slices.IndexFunc(*l, func(r *rule) bool { return r.id == id }); i >= 0 {
			*l = slices.Delete(slices.Clone(*l), i, i+1)
			return true
		}
	}
	if i := slices.IndexFunc(v.score, func(r *scoreRule) bool { return r.id == id }); i >= 0 {
		v.score = slices.Delete(slices.Clone(v.score), i, i+1)
		return true
	}
	return false
}

// kindHint says what kind id has when it exists under another kind.
// ruleIDs lists the ids of the rules and score criteria.
func (v *RuleSet) ruleIDs() []string {
	var out []string
	for _, r := range slices.Concat(v.exclusions, v.requirements, v.groups, v.referrals) {
		out = append(out, r.id)
	}
	for _, r := range v.score {
		out = append(out, r.id)
	}
	return out
}

func (v *RuleSet) kindHint(id string) string {
	for _, r := range slices.Concat(v.exclusions, v.requirements, v.groups, v.referrals) {
		if r.id == id {
			return fmt.Sprintf(" (%s is a %s)", id, r.kind)
		}
	}
	for _, r := range v.score {
		if r.id == id {
			return fmt.Sprintf(" (%s is a score criterion)", id)
		}
	}
	return ""
}

// changeParam applies one parameter change.
func (c *compiler) changeParam(ch *ParamChangeSpec) {
	idx, ok := c.paramIndex(ch.Name, fieldNode(ch.pos, "name"))
	if !ok {
		return
	}
	pd := &c.params[idx]
	val, ok := c.paramValue(pd.p.Unit, &ch.Value, ch.Name)
	if !ok {
		return
	}
	var until housing.Date
	if ch.Until != nil {
		until = *ch.Until
	}
	p, err := pd.p.With(ch.From, until, val)
	if err != nil {
		c.errorf(ch.pos, "%s", housing.ErrorMessage(err))
		return
	}
	pd.p = p
	pd.pos, pd.file = ch.pos, c.file
}

// paramValue reads a value written as in a parameter file for unit u.
func (c *compiler) paramValue(u params.Unit, n *yaml.Node, name string) (params.Value, bool) {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		c.errorf(n, "parameter %s: an overlay cannot end a parameter with null; give a value", name)
	case u == params.UnitBool:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
			return params.Bool(n.Value == "true"), true
		}
		c.errorf(n, "parameter %s is bool: want true or false, got %s", name, nodeKind(n))
	case u == params.UnitText:
		if n.Kind == yaml.ScalarNode {
			return params.Text(n.Value), true
		}
		c.errorf(n, "parameter %s is text: want a text, got %s", name, nodeKind(n))
	case u == params.UnitList:
		if n.Kind == yaml.SequenceNode {
			var items []string
			for _, it := range n.Content {
				if it.Kind != yaml.ScalarNode {
					c.errorf(it, "parameter %s is a list of texts: got %s", name, nodeKind(it))
					return params.Value{}, false
				}
				items = append(items, it.Value)
			}
			return params.List(items...), true
		}
		c.errorf(n, "parameter %s is a list: want a list, got %s", name, nodeKind(n))
	default:
		if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
			if d, err := decimal.NewFromString(n.Value); err == nil && !strings.ContainsAny(n.Value, "eE") {
				if d.IsNegative() && u != params.UnitRatio && u != params.UnitPoints {
					c.errorf(n, "parameter %s: %s is negative", name, n.Value)
					return params.Value{}, false
				}
				if (u == params.UnitPersons || u == params.UnitCount) && !d.IsInteger() {
					c.errorf(n, "parameter %s is in %s: want a whole number, got %s", name, u, n.Value)
					return params.Value{}, false
				}
				if (u == params.UnitEUR || u == params.UnitEURYear || u == params.UnitEURMonth) && !d.Equal(d.Round(2)) {
					c.errorf(n, "parameter %s: %s %s has digits below the cent; write euros and cents such as 650.00", name, n.Value, u)
					return params.Value{}, false
				}
				return params.Number(u, d), true
			}
		}
		c.errorf(n, "parameter %s is in %s: want a number, got %s", name, u, nodeKind(n))
	}
	return params.Value{}, false
}

// buildSpec writes the variant's source: the base's with the rules and
// parameters of the variant.
func (v *RuleSet) buildSpec(base *Spec, c *compiler) *Spec {
	s := *base
	s.Exclusions = ruleSpecs(v.exclusions)
	s.Requirements = ruleSpecs(v.requirements)
	s.Groups = ruleSpecs(v.groups)
	s.Referrals = ruleSpecs(v.referrals)
	if base.Priority != nil {
		p := *base.Priority
		p.Criteria = nil
		for _, r := range v.score {
			p.Criteria = append(p.Criteria, *r.spec)
		}
		s.Priority = &p
	}
	var own []*params.Param
	var imports []ImportSpec
	for _, pd := range c.params {
		if pd.source == "" {
			own = append(own, pd.p)
			continue
		}
		if i := slices.IndexFunc(imports, func(im ImportSpec) bool { return im.From == pd.source }); i >= 0 {
			imports[i].Parameters = append(imports[i].Parameters, pd.name)
		} else {
			imports = append(imports, ImportSpec{From: pd.source, Parameters: []string{pd.name}})
		}
	}
	set, _ := params.NewSet(own...)
	s.Parameters = ParamBlock{Set: *set}
	s.Imports = imports
	s.References = nil
	for _, r := range c.refs {
		s.References = append(s.References, *r)
	}
	slices.SortFunc(s.References, func(a, b ReferenceSpec) int { return strings.Compare(a.ID, b.ID) })
	return &s
}

func ruleSpecs(rs []*rule) []RuleSpec {
	out := make([]RuleSpec, len(rs))
	for i, r := range rs {
		out[i] = *r.spec
	}
	return out
}

// Change is one difference between two rule sets, as Diff lists them.
type Change struct {
	// What is "ruleset" (identity, period, title), "parameter", "rule" or
	// "priority".
	What string `json:"what"`
	ID   string `json:"id"`
	// Change is "added", "removed" or "changed".
	Change string `json:"change"`
	Detail string `json:"detail,omitempty"`
}

// String writes the change on one line.
func (c Change) String() string {
	s := c.What + " " + c.ID + " " + c.Change
	if c.Detail != "" {
		s += ": " + c.Detail
	}
	return s
}

// Diff lists what changed from rule set a to rule set b (typically a base
// and its variant, or two versions): identity and period, parameters
// (added, removed, or with different units or values), rules and score
// criteria (added, removed, or changed in kind, label, reference,
// condition or exceptions), and the priority's cap and tie-break. Rules are
// compared by their compiled conditions, so a reformatted file that means
// the same shows no change. With a nil rule set there is nothing to compare
// and the list is empty.
func Diff(a, b *RuleSet) []Change {
	if a == nil || b == nil {
		return nil // nothing to compare
	}
	var out []Change
	add := func(what, id, change, format string, args ...any) {
		out = append(out, Change{What: what, ID: id, Change: change, Detail: fmt.Sprintf(format, args...)})
	}
	if a.id != b.id {
		add("ruleset", "id", "changed", "%s → %s", a.id, b.id)
	}
	if a.version != b.version {
		add("ruleset", "version", "changed", "%s → %s", a.version, b.version)
	}
	if !a.validFrom.Equal(b.validFrom) || !a.validTo.Equal(b.validTo) {
		add("ruleset", "validity", "changed", "%s–%s → %s–%s", a.validFrom, a.validTo, b.validFrom, b.validTo)
	}
	if a.title != b.title {
		add("ruleset", "title", "changed", "%q → %q", a.title.EN, b.title.EN)
	}
	if !slices.Equal(a.variants, b.variants) {
		add("ruleset", "variants", "changed", "[%s] → [%s]", strings.Join(a.variants, ", "), strings.Join(b.variants, ", "))
	}
	names := slices.Concat(a.ParameterNames(), b.ParameterNames())
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		pa, _, inA := a.Parameter(name)
		pb, _, inB := b.Parameter(name)
		switch {
		case !inA:
			add("parameter", name, "added", "%s", stepsText(pb))
		case !inB:
			add("parameter", name, "removed", "%s", stepsText(pa))
		case pa.Unit != pb.Unit:
			add("parameter", name, "changed", "unit %s → %s", pa.Unit, pb.Unit)
		case stepsText(pa) != stepsText(pb):
			add("parameter", name, "changed", "%s → %s", stepsText(pa), stepsText(pb))
		}
	}
	type entry struct {
		kind  RuleKind
		label housing.Text
		ref   *Reference
		cond  string
		excs  string
		other string
	}
	index := func(rs *RuleSet) ([]string, map[string]entry) {
		var ids []string
		m := map[string]entry{}
		for _, r := range rs.all {
			var xs []string
			for _, x := range r.exceptions {
				xs = append(xs, fmt.Sprintf("%s holds %t when %s", x.id, x.holds, x.when.canon))
			}
			ids = append(ids, r.id)
			m[r.id] = entry{kind: r.kind, label: r.label, ref: r.ref, cond: r.when.canon, excs: strings.Join(xs, "; ")}
		}
		for _, s := range rs.score {
			cond := "always"
			if s.when != nil {
				cond = s.when.canon
			}
			ids = append(ids, s.id)
			m[s.id] = entry{kind: ScoreCriterion, label: s.label, ref: s.ref, cond: cond, other: s.canon}
		}
		return ids, m
	}
	idsA, ea := index(a)
	idsB, eb := index(b)
	for _, id := range idsA {
		x := ea[id]
		y, ok := eb[id]
		if !ok {
			add("rule", id, "removed", "%s", x.kind)
			continue
		}
		var parts []string
		if x.kind != y.kind {
			parts = append(parts, fmt.Sprintf("kind %s → %s", x.kind, y.kind))
		}
		if x.label != y.label {
			parts = append(parts, fmt.Sprintf("label %q → %q", x.label.EN, y.label.EN))
		}
		if *x.ref != *y.ref {
			parts = append(parts, fmt.Sprintf("reference %q → %q", x.ref.Title, y.ref.Title))
		}
		if x.cond != y.cond {
			parts = append(parts, fmt.Sprintf("condition %s → %s", x.cond, y.cond))
		}
		if x.excs != y.excs {
			parts = append(parts, fmt.Sprintf("exceptions [%s] → [%s]", x.excs, y.excs))
		}
		if x.other != y.other && x.cond == y.cond {
			parts = append(parts, "points, per or cap changed")
		}
		if len(parts) > 0 {
			out = append(out, Change{What: "rule", ID: id, Change: "changed", Detail: strings.Join(parts, "; ")})
		}
	}
	for _, id := range idsB {
		if _, ok := ea[id]; !ok {
			add("rule", id, "added", "%s", eb[id].kind)
		}
	}
	capText := func(p *int) string {
		if p == nil {
			return "none"
		}
		return fmt.Sprint(*p)
	}
	if capText(a.scoreCap) != capText(b.scoreCap) {
		add("priority", "cap", "changed", "%s → %s", capText(a.scoreCap), capText(b.scoreCap))
	}
	if !slices.Equal(a.tieBreak, b.tieBreak) {
		add("priority", "tie_break", "changed", "")
	}
	return out
}

func stepsText(p *params.Param) string {
	var parts []string
	for _, st := range p.Steps() {
		if st.Ended {
			parts = append(parts, st.From.String()+": null")
		} else {
			parts = append(parts, st.From.String()+": "+st.Value.String())
		}
	}
	return strings.Join(parts, ", ")
}
