package eligibility

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr/types"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/params"
	"go.yaml.in/yaml/v3"
)

// compiler compiles a Spec, collecting every problem.
type compiler struct {
	file     string
	problems housing.Problems
	// roots holds the document of each file compiled, to give problems
	// the field path of their position.
	roots       map[string]*yaml.Node
	params      []paramDef
	paramByName map[string]int
	slots       []maskSlot
	exprEnv     types.Map
	refs        map[string]*ReferenceSpec
	ids         map[string]*yaml.Node
	files       map[string]*params.File
	used        map[int]bool // parameters named by some condition
	rule        string       // the rule being compiled ("rule x", "exception y of rule x"), for run-time errors
}

func (c *compiler) errorf(n *yaml.Node, format string, args ...any) {
	c.problems = append(c.problems, problemAt(c.file, n, format, args...))
}

// errorIn records a problem at n in another file (a base rule set's, when
// an overlay makes its parts clash).
func (c *compiler) errorIn(file string, n *yaml.Node, format string, args ...any) {
	c.problems = append(c.problems, problemAt(file, n, format, args...))
}

func validID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func validRuleSetID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func (c *compiler) checkID(id string, pos *yaml.Node) {
	if !validID(id) {
		c.errorf(pos, "id %q: use lower-case letters, digits and _ only, starting with a letter", id)
		return
	}
	if first, dup := c.ids[id]; dup {
		if first == nil {
			c.errorf(pos, "id %q is already used by the rule set: ids are unique across rules, exceptions and score criteria", id)
		} else {
			c.errorf(pos, "id %q is already used at line %d: ids are unique across rules, exceptions and score criteria", id, first.Line)
		}
		return
	}
	c.ids[id] = pos
}

func (c *compiler) checkLabel(t housing.Text, pos *yaml.Node, what string) {
	if strings.TrimSpace(t.IT) == "" {
		c.errorf(pos, "%s needs an Italian label (label.it)", what)
	}
	if strings.TrimSpace(t.EN) == "" {
		c.errorf(pos, "%s needs an English label (label.en)", what)
	}
}

func (c *compiler) reference(id, article string, pos *yaml.Node) *Reference {
	r, ok := c.refs[id]
	if !ok {
		ids := make([]string, 0, len(c.refs))
		for k := range c.refs {
			ids = append(ids, k)
		}
		slices.Sort(ids)
		c.errorf(pos, "reference %q is not among the rule set's references (%s)", id, strings.Join(ids, ", "))
		return &Reference{}
	}
	if article == "" {
		article = r.Article
	}
	return &Reference{Title: r.Title, Href: r.Href, Article: article}
}

// paramIndex returns the index of parameter name and marks it used.
func (c *compiler) paramIndex(name string, pos *yaml.Node) (int, bool) {
	i, ok := c.paramByName[name]
	if !ok {
		c.errorf(pos, "unknown parameter %q%s", name, suggest(name, c.paramNames()))
		return 0, false
	}
	if c.used == nil {
		c.used = map[int]bool{}
	}
	c.used[i] = true
	return i, true
}

// checkBasis checks a rule's basis: one of params.Bases, and a rule on the
// programme text quotes it in its article.
func (c *compiler) checkBasis(id string, b params.Basis, article string, pos *yaml.Node) {
	switch {
	case b == "":
	case !b.Valid():
		c.errorf(pos, "rule %s: basis %q; want one of text, source, programme_choice, assumption, placeholder", id, b)
	case b == params.BasisText && !strings.Contains(article, "«"):
		c.errorf(pos, "rule %s: basis text needs an article that quotes the programme text («…»)", id)
	}
}

// compileRule compiles a requirement, group, exclusion or referral rule.
func (c *compiler) compileRule(s *RuleSpec, kind RuleKind) *rule {
	c.checkID(s.ID, s.pos)
	c.checkLabel(s.Label, s.pos, "rule "+s.ID)
	ref := c.reference(s.Reference, s.Article, s.pos)
	c.checkBasis(s.ID, s.Basis, s.Article, s.pos)
	c.rule = "rule " + s.ID
	when := c.compileCond(&s.When)
	r := &rule{id: s.ID, kind: kind, label: s.Label, ref: ref, when: when, spec: s, file: c.file}
	ok := when != nil
	if ok {
		r.facts, r.params = when.facts, when.params
	}
	byID := map[string]*exception{}
	for i := range s.Exceptions {
		xs := &s.Exceptions[i]
		c.checkID(xs.ID, xs.pos)
		c.checkLabel(xs.Label, xs.pos, "exception "+xs.ID)
		xref := ref
		if xs.Reference != "" {
			xref = c.reference(xs.Reference, xs.Article, xs.pos)
		} else if xs.Article != "" {
			x := *ref
			x.Article = xs.Article
			xref = &x
		}
		c.rule = "exception " + xs.ID + " of rule " + s.ID
		xw := c.compileCond(&xs.When)
		if xw == nil {
			ok = false
			continue
		}
		x := &exception{id: xs.ID, label: xs.Label, ref: xref, when: xw, holds: xs.Holds, overrides: xs.Overrides, pos: xs.pos}
		byID[x.id] = x
		r.exceptions = append(r.exceptions, x)
		r.facts |= xw.facts
		r.params = mergeInts(r.params, xw.params)
	}
	if !ok {
		return nil
	}
	r.exceptions = c.orderExceptions(s.ID, r.exceptions, byID)
	c.checkDeclaredFacts(s.Facts, r.facts, s.pos, s.ID)
	r.canon = canonRule(s)
	r.ids = r.facts.ids()
	r.msgs = ruleMessages(kind, s.Label, r.exceptions)
	return r
}

// orderExceptions sorts exceptions so that each comes before those it
// overrides (file order otherwise) and reports unknown ids and cycles.
func (c *compiler) orderExceptions(ruleID string, xs []*exception, byID map[string]*exception) []*exception {
	for _, x := range xs {
		for _, o := range x.overrides {
			if o == x.id {
				c.errorf(x.pos, "exception %s overrides itself", x.id)
			} else if _, ok := byID[o]; !ok {
				c.errorf(x.pos, "exception %s overrides %q, which is not an exception of rule %s", x.id, o, ruleID)
			}
		}
	}
	var out []*exception
	state := map[string]int{} // 0 new, 1 visiting, 2 done
	var visit func(x *exception) bool
	// overriddenBy[o] lists exceptions that override o: they must come first.
	overriddenBy := map[string][]*exception{}
	for _, x := range xs {
		for _, o := range x.overrides {
			overriddenBy[o] = append(overriddenBy[o], x)
		}
	}
	visit = func(x *exception) bool {
		switch state[x.id] {
		case 1:
			c.errorf(x.pos, "exceptions of rule %s override each other in a cycle through %s", ruleID, x.id)
			return false
		case 2:
			return true
		}
		state[x.id] = 1
		for _, y := range overriddenBy[x.id] {
			if !visit(y) {
				return false
			}
		}
		state[x.id] = 2
		out = append(out, x)
		return true
	}
	for _, x := range xs {
		if !visit(x) {
			return xs
		}
	}
	return out
}

// overrides reports whether a takes precedence over b, directly or through
// other exceptions.
func overrides(a, b *exception, byID map[string]*exception) bool {
	seen := map[string]bool{}
	var walk func(x *exception) bool
	walk = func(x *exception) bool {
		for _, o := range x.overrides {
			if o == b.id {
				return true
			}
			if !seen[o] {
				seen[o] = true
				if y, ok := byID[o]; ok && walk(y) {
					return true
				}
			}
		}
		return false
	}
	return walk(a)
}

func (c *compiler) checkDeclaredFacts(declared []string, got factSet, pos *yaml.Node, id string) {
	if declared == nil {
		return
	}
	var want factSet
	for _, name := range declared {
		f, ok := factByName[name]
		if !ok {
			c.errorf(pos, "rule %s: facts lists unknown fact %q%s", id, name, suggest(name, factNames()))
			return
		}
		want |= 1 << f
	}
	if want != got {
		var msgs []string
		if extra := (want &^ got).names(); len(extra) > 0 {
			msgs = append(msgs, "listed but not read: "+strings.Join(extra, ", "))
		}
		if missing := (got &^ want).names(); len(missing) > 0 {
			msgs = append(msgs, "read but not listed: "+strings.Join(missing, ", "))
		}
		c.errorf(pos, "rule %s: facts do not match its conditions (%s)", id, strings.Join(msgs, "; "))
	}
}

func (c *compiler) compileScore(s *ScoreSpec) *scoreRule {
	c.checkID(s.ID, s.pos)
	c.checkLabel(s.Label, s.pos, "score criterion "+s.ID)
	c.checkBasis(s.ID, s.Basis, s.Article, s.pos)
	r := &scoreRule{id: s.ID, label: s.Label, ref: c.reference(s.Reference, s.Article, s.pos), pointsParam: -1, cap: s.Cap, spec: s, file: c.file}
	ok := true
	if s.When != nil {
		c.rule = "score criterion " + s.ID
		r.when = c.compileCond(s.When)
		if r.when == nil {
			ok = false
		} else {
			r.facts, r.params = r.when.facts, r.when.params
		}
	}
	switch {
	case (s.Points == nil) == (s.PointsParam == ""):
		c.errorf(s.pos, "score criterion %s: give either points or points_param", s.ID)
		ok = false
	case s.Points != nil:
		if *s.Points < 0 {
			c.errorf(s.pos, "score criterion %s: points %d is negative", s.ID, *s.Points)
		}
		r.points = *s.Points
	default:
		idx, found := c.paramIndex(s.PointsParam, fieldNode(s.pos, "points_param"))
		if !found {
			ok = false
		} else if u := c.params[idx].p.Unit; u != params.UnitPoints {
			c.errorf(s.pos, "score criterion %s: points_param %s is in %s, not points", s.ID, s.PointsParam, u)
			ok = false
		} else {
			r.pointsParam = idx
			r.params = mergeInts(r.params, []int{idx})
		}
	}
	if s.Per != "" {
		f, found := factByName[s.Per]
		switch {
		case !found:
			c.errorf(s.pos, "score criterion %s: per names unknown fact %q%s", s.ID, s.Per, suggest(s.Per, factNames()))
			ok = false
		case factDefs[f].kind != KindInt:
			c.errorf(s.pos, "score criterion %s: per wants an int fact; %s is %s", s.ID, s.Per, factDefs[f].kind)
			ok = false
		default:
			r.per, r.hasPer = f, true
			r.facts |= 1 << f
		}
	}
	if s.Cap != nil && *s.Cap < 0 {
		c.errorf(s.pos, "score criterion %s: cap %d is negative", s.ID, *s.Cap)
	}
	if !ok {
		return nil
	}
	c.checkDeclaredFacts(s.Facts, r.facts, s.pos, s.ID)
	r.canon = canonJSON(s)
	r.ids = r.facts.ids()
	r.msgs = scoreMessages(s.Label)
	return r
}

// compileTieBreak compiles the tie-break keys.
func (c *compiler) compileTieBreak(p *PrioritySpec) []tieKey {
	if len(p.TieBreak) == 0 {
		c.errorf(p.pos, "priority: state the tie-break (tie_break) with at least one key")
	}
	var out []tieKey
	for _, k := range p.TieBreak {
		f, ok := factByName[k.Fact]
		if !ok {
			c.errorf(k.pos, "tie_break: unknown fact %q%s", k.Fact, suggest(k.Fact, factNames()))
			continue
		}
		if kd := factDefs[f].kind; kd != KindInt && kd != KindMoney && kd != KindDate {
			c.errorf(k.pos, "tie_break: fact %s is %s; want an int, money or date fact", k.Fact, kd)
			continue
		}
		if k.Order != "ascending" && k.Order != "descending" {
			c.errorf(k.pos, "tie_break: order %q; want ascending or descending", k.Order)
			continue
		}
		out = append(out, tieKey{fact: f, desc: k.Order == "descending"})
	}
	return out
}

// compileSpec compiles a rule-set source; files supplies parameter files
// to import from besides the shipped ones.
func compileSpec(file string, s *Spec, files map[string]*params.File) (*RuleSet, error) {
	c := &compiler{file: file, refs: map[string]*ReferenceSpec{}, ids: map[string]*yaml.Node{}, paramByName: map[string]int{}, files: files,
		roots: map[string]*yaml.Node{file: s.root}}
	c.header(s)
	for _, name := range s.Parameters.Names() {
		p, _ := s.Parameters.Get(name)
		c.addParam(paramDef{name: name, p: p, pos: s.Parameters.keyPos(name), file: file})
	}
	for i := range s.Imports {
		c.importParams(&s.Imports[i])
	}
	c.exprEnv = exprEnv(c.params)
	rs := &RuleSet{spec: s, file: file, id: s.ID, version: s.Version, title: s.Title, validFrom: s.ValidFrom}
	if s.ValidTo != nil {
		rs.validTo = *s.ValidTo
	}
	compileList := func(list []RuleSpec, kind RuleKind) []*rule {
		var out []*rule
		for i := range list {
			if r := c.compileRule(&list[i], kind); r != nil {
				out = append(out, r)
			}
		}
		return out
	}
	rs.exclusions = compileList(s.Exclusions, Exclusion)
	rs.requirements = compileList(s.Requirements, Requirement)
	rs.groups = compileList(s.Groups, TargetGroup)
	rs.referrals = compileList(s.Referrals, ReferralRule)
	if len(s.Requirements) == 0 && len(s.Groups) == 0 {
		c.errorf(s.root, "a rule set needs at least one requirement or target group")
	}
	if s.Priority != nil {
		for i := range s.Priority.Criteria {
			if r := c.compileScore(&s.Priority.Criteria[i]); r != nil {
				rs.score = append(rs.score, r)
			}
		}
		if len(s.Priority.Criteria) == 0 {
			c.errorf(s.Priority.pos, "priority: want at least one criterion")
		}
		if s.Priority.Cap != nil && *s.Priority.Cap < 0 {
			c.errorf(s.Priority.pos, "priority: cap %d is negative", *s.Priority.Cap)
		}
		rs.scoreCap = s.Priority.Cap
		rs.tieBreak = c.compileTieBreak(s.Priority)
	}
	c.checkUnused()
	if err := c.finish(rs); err != nil {
		return nil, err
	}
	return rs, nil
}

// header checks the rule set's identity, period and references.
func (c *compiler) header(s *Spec) {
	root := s.root
	field := func(key string) *yaml.Node {
		if n := mappingValue(root, key); n != nil {
			return n
		}
		return root
	}
	if s.Format != FormatRuleSet {
		c.errorf(field("format"), "format %q; a rule set says format: %s", s.Format, FormatRuleSet)
	}
	if !validRuleSetID(s.ID) {
		c.errorf(field("id"), "id %q: use lower-case letters, digits, '.', '-' and '_', such as crema.ospitalita-temporanea", s.ID)
	}
	if strings.TrimSpace(s.Version) == "" {
		c.errorf(field("version"), "version is empty")
	}
	if strings.TrimSpace(s.Title.IT) == "" || strings.TrimSpace(s.Title.EN) == "" {
		c.errorf(field("title"), "title needs both it and en")
	}
	if strings.TrimSpace(s.Jurisdiction.Region) == "" {
		c.errorf(field("jurisdiction"), "jurisdiction.region is empty")
	}
	if s.ValidTo != nil && s.ValidTo.Before(s.ValidFrom) {
		c.errorf(field("valid_to"), "valid_to %s is before valid_from %s", s.ValidTo, s.ValidFrom)
	}
	refsNode := field("references")
	for i := range s.References {
		r := &s.References[i]
		pos := refsNode
		if refsNode.Kind == yaml.SequenceNode && i < len(refsNode.Content) {
			pos = refsNode.Content[i]
		}
		if !validID(r.ID) {
			c.errorf(pos, "reference id %q: use lower-case letters, digits and _ only", r.ID)
			continue
		}
		if _, dup := c.refs[r.ID]; dup {
			c.errorf(pos, "reference id %q is used twice", r.ID)
			continue
		}
		c.refs[r.ID] = r
	}
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func (c *compiler) addParam(p paramDef) {
	if i, dup := c.paramByName[p.name]; dup {
		other := c.params[i]
		where := "the rule set's own parameters"
		if other.source != "" {
			where = "the import from " + other.source
		}
		c.errorf(p.pos, "parameter %s is also defined by %s", p.name, where)
		return
	}
	c.paramByName[p.name] = len(c.params)
	c.params = append(c.params, p)
}

func (c *compiler) importParams(im *ImportSpec) {
	f, ok := c.files[im.From]
	if !ok {
		var err error
		f, err = params.Shipped(im.From)
		if err != nil {
			c.errorf(im.pos, "imports: no parameter file %q; shipped ones are %s", im.From, strings.Join(params.ShippedIDs(), ", "))
			return
		}
	}
	if len(im.Parameters) == 0 {
		c.errorf(im.pos, "imports from %s: list the parameters imported", im.From)
	}
	for _, name := range im.Parameters {
		p, ok := f.Parameters.Get(name)
		if !ok {
			c.errorf(im.pos, "imports: file %s has no parameter %q%s", im.From, name, suggest(name, f.Parameters.Names()))
			continue
		}
		c.addParam(paramDef{name: name, p: p, source: im.From, pos: im.pos, file: c.file})
	}
}

// checkUnused reports parameters no rule names.
func (c *compiler) checkUnused() {
	for i := range c.params {
		if !c.used[i] {
			c.errorf(c.params[i].pos, "parameter %s is not used by any rule", c.params[i].name)
		}
	}
}

// finish completes a rule set whose rules are compiled: checks parameter
// coverage of the validity period, resolves parameters per interval,
// checks exceptions and score parameters, and works out the facts needed.
func (c *compiler) finish(rs *RuleSet) error {
	rs.params, rs.paramByName, rs.slots, rs.exprEnv, rs.refs = c.params, c.paramByName, c.slots, c.exprEnv, c.refs
	rs.all = slices.Concat(rs.exclusions, rs.requirements, rs.groups, rs.referrals)
	for i := range c.params {
		p := &c.params[i]
		for _, g := range p.p.Gaps(rs.validFrom, rs.validTo) {
			end := g[1].String()
			if g[1].IsZero() {
				end = "then on"
			}
			c.errorIn(p.file, p.pos, "parameter %s has no value from %s to %s, but the rule set is valid from %s%s", p.name, g[0], end, rs.validFrom, untilText(rs.validTo))
		}
	}
	// Resolve even after problems, so that exceptions are checked too (a
	// parameter without a value leaves the criteria that read it out).
	rs.intervals = c.resolveIntervals(rs)
	for _, iv := range rs.intervals {
		iv.uses = make([][]ParamValue, 0, len(rs.all)+len(rs.score))
		for _, r := range rs.all {
			iv.uses = append(iv.uses, rs.paramValues(iv, r.params))
		}
		for _, s := range rs.score {
			iv.uses = append(iv.uses, rs.paramValues(iv, s.params))
		}
	}
	for _, r := range rs.all {
		c.checkExceptions(r, rs.intervals)
	}
	for _, s := range rs.score {
		if s.pointsParam < 0 {
			continue
		}
		for _, iv := range rs.intervals {
			rp := iv.ps[s.pointsParam]
			if rp.ok && (!rp.intOK || rp.i < 0) {
				c.errorIn(s.file, s.spec.pos, "score criterion %s: points_param %s is %s on %s; want a whole number ≥ 0", s.id, c.params[s.pointsParam].name, rp.num, iv.start)
			}
		}
	}
	var outcome, full factSet
	rs.nFacts = 0
	for _, r := range rs.all {
		outcome |= r.facts
		rs.nFacts += len(r.ids)
	}
	full = outcome
	for _, s := range rs.score {
		full |= s.facts
		rs.nFacts += len(s.ids)
	}
	rs.needScore = full.groups()
	for _, k := range rs.tieBreak {
		full |= 1 << k.fact
	}
	rs.needOutcome, rs.needFull = outcome.groups(), full.groups()
	rs.layout = newDecisionLayout(rs, maxLayoutParts, maxLayoutTies, maxLayoutVals)
	rs.groupLists, rs.referralLists = newIDLists(rs.groups), newIDLists(rs.referrals)
	return c.err(rs.file)
}

func untilText(d housing.Date) string {
	if d.IsZero() {
		return " on"
	}
	return " to " + d.String()
}

func (c *compiler) err(file string) error {
	if len(c.problems) == 0 {
		return nil
	}
	input.FillPaths(c.problems, c.roots)
	c.problems.Sort()
	return c.problems.Err("invalid rule set " + file)
}

// resolveIntervals splits the validity period where any parameter changes
// and resolves every parameter on each piece.
func (c *compiler) resolveIntervals(rs *RuleSet) []*resolved {
	starts := []housing.Date{rs.validFrom}
	for _, p := range rs.params {
		for _, st := range p.p.Steps() {
			if st.From.After(rs.validFrom) && (rs.validTo.IsZero() || !st.From.After(rs.validTo)) {
				starts = append(starts, st.From)
			}
		}
	}
	slices.SortFunc(starts, housing.Date.Compare)
	starts = slices.CompactFunc(starts, housing.Date.Equal)
	out := make([]*resolved, len(starts))
	for i, d := range starts {
		out[i] = resolve(rs.params, rs.slots, d, &c.problems)
	}
	return out
}

func canonRule(s *RuleSpec) string { return canonJSON(s) }

// canonJSON is a rule's source in a canonical form (its JSON encoding,
// which leaves out positions), to compare rules.
func canonJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(b)
}
