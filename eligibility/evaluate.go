package eligibility

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"unsafe"

	"github.com/expr-lang/expr/vm"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/checked"
)

// Option changes one evaluation.
type Option interface{ apply(config) config }

type config struct {
	referral   *housing.Referral
	variant    *Overlay
	nilVariant bool // WithVariant(nil): refused
}

type referralOption struct{ r *housing.Referral }

func (o referralOption) apply(c config) config {
	c.referral = o.r
	return c
}

// WithReferral supplies the referral that brings the household: the
// referring team's kind, case management, the personal record and the
// referral date are facts. Without it, or with a nil referral, those facts
// are unknown.
func WithReferral(r *housing.Referral) Option { return referralOption{r} }

type variantOption struct{ o *Overlay }

func (o variantOption) apply(c config) config {
	c.variant = o.o
	c.nilVariant = o.o == nil
	return c
}

// WithVariant evaluates against the rule set with the overlay applied. The
// variant is built on first use and cached in the rule set, so passing the
// same *Overlay on every call costs a map lookup; an overlay that does not
// apply makes the evaluation fail with its problems, and so does a nil one.
func WithVariant(o *Overlay) Option { return variantOption{o} }

// evalCtx is the scratch space of one evaluation, pooled so that an
// outcome-only evaluation allocates nothing.
type evalCtx struct {
	f       facts
	p       *resolved
	err     error
	results []ruleResult
	env     map[string]any // the environment of custom conditions, reused
	vm      vm.VM          // the machine of custom conditions, reused
	budget  exprBudget     // what the running custom condition has used
}

type ruleResult struct {
	v    tri
	miss factSet
	exc  int
}

var ctxPool = sync.Pool{New: func() any { return new(evalCtx) }}

func getCtx() *evalCtx {
	e := ctxPool.Get().(*evalCtx)
	e.f = facts{}
	e.err = nil
	e.results = e.results[:0]
	return e
}

func putCtx(e *evalCtx) {
	e.p = nil
	ctxPool.Put(e)
}

// prepare checks the inputs, picks the variant and returns the rule set to
// apply and the options.
func prepare(rs *RuleSet, h *housing.Household, asOf housing.Date, opts []Option) (*RuleSet, config, error) {
	var cfg config
	for _, o := range opts {
		if o == nil {
			return nil, cfg, nilArgument("an evaluation option")
		}
		// By value, so that the config stays on the stack.
		cfg = o.apply(cfg)
	}
	if cfg.nilVariant {
		return nil, cfg, nilArgument("WithVariant: the overlay")
	}
	if rs == nil {
		return nil, cfg, housing.Errorf(housing.CodeInvalid, "eligibility.no_ruleset", "no rule set")
	}
	if h == nil {
		return nil, cfg, housing.Errorf(housing.CodeInvalid, "eligibility.no_household", "no household")
	}
	if cfg.variant != nil {
		v, err := rs.variant(cfg.variant)
		if err != nil {
			return nil, cfg, err
		}
		rs = v
	}
	if asOf.IsZero() {
		return nil, cfg, housing.Errorf(housing.CodeInvalid, "eligibility.no_date", "no evaluation date")
	}
	if asOf.Before(rs.validFrom) || (!rs.validTo.IsZero() && asOf.After(rs.validTo)) {
		return nil, cfg, housing.Errorf(housing.CodeInvalid, "eligibility.date_outside",
			"rule set %s is valid from %s%s: it cannot be applied on %s", rs.id, rs.validFrom, untilText(rs.validTo), asOf)
	}
	for i := range h.Members {
		if b := h.Members[i].BirthDate; b.After(asOf) {
			return nil, cfg, housing.Errorf(housing.CodeInvalid, "eligibility.born_after",
				"household %s: members[%d].birth_date %s is after the evaluation date %s", h.ID, i, b, asOf)
		}
	}
	if r := cfg.referral; r != nil && !r.Date.IsZero() && r.Date.Year() < 1900 {
		return nil, cfg, housing.Errorf(housing.CodeInvalid, "eligibility.referral_date",
			"the referral's date %s is before 1900", r.Date)
	}
	return rs, cfg, nil
}

// EvaluateOutcome returns only the outcome of evaluating household h
// against rs on date asOf: the fast path, which stops at the first
// decisive rule, computes no score and no reasons, and allocates nothing.
// It returns the same outcome as Evaluate.
//
// Errors (code housing.CodeInvalid): no rule set or household, a date
// outside the rule set's validity, a variant that does not apply to rs, or
// a custom condition that fails to run (such as a division by zero).
func EvaluateOutcome(rs *RuleSet, h *housing.Household, asOf housing.Date, opts ...Option) (Outcome, error) {
	rs, cfg, err := prepare(rs, h, asOf, opts)
	if err != nil {
		return "", err
	}
	e := getCtx()
	defer putCtx(e)
	e.p = rs.interval(asOf)
	e.f.extract(h, cfg.referral, asOf, rs.needOutcome)
	out := rs.outcomeFast(e)
	if e.err != nil {
		return "", rs.runError(e.err)
	}
	return out, nil
}

// runError is the error of an evaluation that failed: a custom condition
// that failed to run or exceeded its budget (key eligibility.budget), or
// points that cannot be counted. The message says it all, for the user.
func (rs *RuleSet) runError(err error) error {
	key := "eligibility.expr"
	var be *budgetError
	if errors.As(err, &be) {
		key = "eligibility.budget"
	}
	return &housing.Error{Code: housing.CodeInvalid, Key: key, Message: "rule set " + rs.id + ": " + err.Error()}
}

// outcomeFast decides the outcome evaluating as few rules as possible.
func (rs *RuleSet) outcomeFast(e *evalCtx) Outcome {
	undecided := false
	for _, r := range rs.exclusions {
		switch v, _, _ := r.eval(e); v {
		case triTrue:
			return Ineligible
		case triUnknown:
			undecided = true
		}
	}
	for _, r := range rs.requirements {
		switch v, _, _ := r.eval(e); v {
		case triFalse:
			return Ineligible
		case triUnknown:
			undecided = true
		}
	}
	if len(rs.groups) > 0 {
		g := triFalse
		for _, r := range rs.groups {
			v, _, _ := r.eval(e)
			if v == triTrue {
				g = triTrue
				break
			}
			if v == triUnknown {
				g = triUnknown
			}
		}
		switch g {
		case triFalse:
			return Ineligible
		case triUnknown:
			undecided = true
		}
	}
	if undecided {
		return Incomplete
	}
	refer := triFalse
	for _, r := range rs.referrals {
		v, _, _ := r.eval(e)
		if v == triTrue {
			return Refer
		}
		if v == triUnknown {
			refer = triUnknown
		}
	}
	if refer == triUnknown {
		return Incomplete
	}
	return Eligible
}

// decide computes the outcome and the missing facts from every rule's
// result (rs.all order).
func (rs *RuleSet) decide(res []ruleResult) (Outcome, factSet) {
	nx, nr, ng := len(rs.exclusions), len(rs.requirements), len(rs.groups)
	excl, req, grp, ref := res[:nx], res[nx:nx+nr], res[nx+nr:nx+nr+ng], res[nx+nr+ng:]
	var miss factSet
	for _, r := range excl {
		if r.v == triTrue {
			return Ineligible, 0
		}
		miss |= r.miss
	}
	for _, r := range req {
		if r.v == triFalse {
			return Ineligible, 0
		}
		miss |= r.miss
	}
	if ng > 0 {
		g, gmiss := triFalse, factSet(0)
		for _, r := range grp {
			if r.v == triTrue {
				g = triTrue
				break
			}
			if r.v == triUnknown {
				g, gmiss = triUnknown, gmiss|r.miss
			}
		}
		switch g {
		case triFalse:
			return Ineligible, 0
		case triUnknown:
			miss |= gmiss
		}
	}
	if miss != 0 {
		return Incomplete, miss
	}
	for _, r := range excl {
		if r.v == triUnknown {
			return Incomplete, miss
		}
	}
	for _, r := range req {
		if r.v == triUnknown {
			return Incomplete, miss
		}
	}
	referred := false
	for _, r := range ref {
		if r.v == triTrue {
			referred = true
		}
		miss |= r.miss
	}
	if referred {
		return Refer, 0
	}
	for _, r := range ref {
		if r.v == triUnknown {
			return Incomplete, miss
		}
	}
	return Eligible, 0
}

// Evaluate decides whether household h is eligible under rs on date asOf
// and says why: the outcome, the target groups matched, the priority score
// with its parts, a reason for every rule (with the facts and parameter
// values it used, its reference and a message in Italian and English),
// and the facts missing when the outcome is incomplete.
//
// The household is read as it is: call h.Validate() at intake. Facts that
// the household leaves unknown (nil pointers, undeclared incomes, a missing
// ISEE, no referral) make the rules that read them unknown, and the outcome
// incomplete only when it depends on them: false AND unknown is false.
//
// Errors (code housing.CodeInvalid): as for EvaluateOutcome.
func Evaluate(rs *RuleSet, h *housing.Household, asOf housing.Date, opts ...Option) (*Decision, error) {
	rs, cfg, err := prepare(rs, h, asOf, opts)
	if err != nil {
		return nil, err
	}
	e := getCtx()
	defer putCtx(e)
	e.p = rs.interval(asOf)
	e.f.extract(h, cfg.referral, asOf, rs.needFull)
	for _, r := range rs.all {
		v, miss, exc := r.eval(e)
		e.results = append(e.results, ruleResult{v: v, miss: miss, exc: exc})
	}
	if e.err != nil {
		return nil, rs.runError(e.err)
	}
	outcome, miss := rs.decide(e.results)
	d, facts := rs.newDecision()
	d.RuleSet = RuleSetRef{ID: rs.id, Version: rs.version, Variants: rs.variants[:len(rs.variants):len(rs.variants)]}
	d.Date = asOf
	d.HouseholdID = h.ID
	d.Outcome = outcome
	d.Missing = miss.cachedNames()
	d.Groups, d.Referrals = rs.matched(e.results)
	// Reasons and fact values are written in place, with no copies of
	// whole structs: one allocation holds all the reasons, one all their
	// fact values.
	reason := func(rr *Reason, fids []factID, i int) {
		fs := facts[:len(fids):len(fids)]
		facts = facts[len(fids):]
		for k, id := range fids {
			e.f.valueInto(&fs[k].Value, id)
		}
		rr.Facts = fs
		rr.Parameters = e.p.uses[i]
	}
	for i, r := range rs.all {
		res := &e.results[i]
		rr := &d.Reasons[i]
		rr.Code, rr.Kind, rr.Status, rr.Holds = r.id, r.kind, statusOf(r.kind, res.v), truthOf(res.v)
		rr.Reference, rr.Message, rr.Label = r.ref, r.msgs[res.v][res.exc+1], &r.label
		reason(rr, r.ids, i)
		if res.exc >= 0 {
			x := r.exceptions[res.exc]
			rr.Exception, rr.Reference = x.id, x.ref
		}
		if res.v == triUnknown {
			rr.Missing = res.miss.cachedNames()
		}
	}
	if sc := d.Score; sc != nil {
		sc.Cap = rs.scoreCap
		for j, s := range rs.score {
			v, miss, pts, capped := s.eval(e)
			st := statusOf(ScoreCriterion, v)
			rr := &d.Reasons[len(rs.all)+j]
			rr.Code, rr.Kind, rr.Status, rr.Holds, rr.Points = s.id, ScoreCriterion, st, truthOf(v), pts
			rr.Reference, rr.Message, rr.Label = s.ref, s.msgs[v], &s.label
			reason(rr, s.ids, len(rs.all)+j)
			if v == triUnknown {
				rr.Missing = miss.cachedNames()
			}
			sc.Parts[j] = ScorePart{Code: s.id, Points: pts, Capped: capped, Status: st}
			total, ok := checked.Add(sc.Total, pts)
			if !ok && e.err == nil {
				e.err = fmt.Errorf("the score's points add up to more than can be counted (at criterion %s)", s.id)
			}
			sc.Total = total
		}
		if rs.scoreCap != nil && sc.Total > *rs.scoreCap {
			sc.Total = *rs.scoreCap
		}
		for j, k := range rs.tieBreak {
			t := &sc.TieBreak[j]
			t.Fact, t.Order = factDefs[k.fact].name, "ascending"
			if k.desc {
				t.Order = "descending"
			}
			e.f.valueInto(&t.Value, k.fact)
		}
	}
	if e.err != nil {
		return nil, rs.runError(e.err)
	}
	return d, nil
}

// matched returns the ids of the target groups and of the referral rules
// that hold, in rule-set order: lists shared between decisions (built when
// the rule set is compiled) when the rule set has at most maxSharedIDs of
// each, new ones otherwise.
func (rs *RuleSet) matched(res []ruleResult) (groups, referrals []string) {
	nx, nr := len(rs.exclusions), len(rs.requirements)
	return rs.groupLists.of(res[nx+nr : nx+nr+len(rs.groups)]), rs.referralLists.of(res[nx+nr+len(rs.groups):])
}

// maxSharedIDs is the most target groups (and referral rules) a rule set
// may have for the lists of those matched to be shared: there are 2ⁿ.
const maxSharedIDs = 8

// idLists are the lists of the ids of the rules of one kind that hold in
// a decision, by the set of those rules (bit i for the i-th rule).
type idLists struct {
	ids   []string   // every rule's id, in rule-set order
	lists [][]string // by set; nil when there are more than maxSharedIDs rules
}

func newIDLists(rules []*rule) idLists {
	l := idLists{ids: make([]string, len(rules))}
	for i, r := range rules {
		l.ids[i] = r.id
	}
	if len(rules) > maxSharedIDs {
		return l
	}
	l.lists = make([][]string, 1<<len(rules))
	for set := range l.lists {
		list := []string{}
		for i, id := range l.ids {
			if set&(1<<i) != 0 {
				list = append(list, id)
			}
		}
		l.lists[set] = list[:len(list):len(list)]
	}
	return l
}

// of returns the ids of the rules whose results hold.
func (l idLists) of(res []ruleResult) []string {
	if l.lists != nil {
		set := 0
		for i := range res {
			if res[i].v == triTrue {
				set |= 1 << i
			}
		}
		return l.lists[set]
	}
	out := []string{}
	for i := range res {
		if res[i].v == triTrue {
			out = append(out, l.ids[i])
		}
	}
	return out[:len(out):len(out)]
}

// decisionLayout is the shape of the one allocation that holds a decision
// of a rule set with everything but its reasons: the score, its parts and
// tie-break values, and the fact values of every reason. It is a struct
// type built for the rule set (reflect.StructOf), so that the allocation
// is exactly as large as the rule set needs and the collector knows where
// its pointers are.
//
// The types built stay in reflect's cache for the life of the process, so
// their number is bounded: a rule set with more score criteria, tie-break
// keys or fact values than the limits below has those allocated apart
// (one allocation more each).
type decisionLayout struct {
	typ                      reflect.Type
	score, parts, ties, vals uintptr // offsets of the fields
	// How many of each the allocation holds (0 when they are allocated
	// apart), and how many a decision has.
	inParts, inTies, inVals int
	nParts, nTies, nVals    int
}

// The most score parts, tie-break values and fact values a decision's
// allocation holds.
const (
	maxLayoutParts = 16
	maxLayoutTies  = 4
	maxLayoutVals  = 64
)

// newDecisionLayout builds the layout of rs's decisions, with at most
// maxParts score parts, maxTies tie-break values and maxVals fact values in
// the allocation.
func newDecisionLayout(rs *RuleSet, maxParts, maxTies, maxVals int) *decisionLayout {
	l := &decisionLayout{nVals: rs.nFacts}
	inside := func(n, limit int) int {
		if n > limit {
			return 0
		}
		return n
	}
	fields := []reflect.StructField{{Name: "D", Type: reflect.TypeFor[Decision]()}}
	add := func(name string, t reflect.Type) int {
		fields = append(fields, reflect.StructField{Name: name, Type: t})
		return len(fields) - 1
	}
	var fs, fp, ft int
	if len(rs.score) > 0 {
		l.nParts, l.nTies = len(rs.score), len(rs.tieBreak)
		l.inParts, l.inTies = inside(l.nParts, maxParts), inside(l.nTies, maxTies)
		fs = add("S", reflect.TypeFor[Score]())
		fp = add("P", reflect.ArrayOf(l.inParts, reflect.TypeFor[ScorePart]()))
		ft = add("T", reflect.ArrayOf(l.inTies, reflect.TypeFor[TieBreakValue]()))
	}
	l.inVals = inside(l.nVals, maxVals)
	fv := add("V", reflect.ArrayOf(l.inVals, reflect.TypeFor[FactValue]()))
	l.typ = reflect.StructOf(fields)
	if len(rs.score) > 0 {
		l.score, l.parts, l.ties = l.typ.Field(fs).Offset, l.typ.Field(fp).Offset, l.typ.Field(ft).Offset
	}
	l.vals = l.typ.Field(fv).Offset
	return l
}

// sliceAt returns the n elements of type T at offset off of the object at
// p, or an empty slice that is not nil when n is 0 (so that JSON writes
// [], and no pointer points past the object).
func sliceAt[T any](p unsafe.Pointer, off uintptr, n int) []T {
	if n == 0 {
		return []T{}
	}
	return unsafe.Slice((*T)(unsafe.Add(p, off)), n)
}

// newDecision allocates a decision for rs with its reasons (and their
// score parts and tie-break values) in place, and the storage of its
// reasons' fact values: two allocations, one for the reasons and one for
// the rest.
func (rs *RuleSet) newDecision() (d *Decision, facts []FactValue) {
	l := rs.layout
	p := reflect.New(l.typ).UnsafePointer()
	d = (*Decision)(p)
	if len(rs.score) > 0 {
		sc := (*Score)(unsafe.Add(p, l.score))
		sc.Parts = sliceAt[ScorePart](p, l.parts, l.inParts)
		if l.inParts != l.nParts {
			sc.Parts = make([]ScorePart, l.nParts)
		}
		sc.TieBreak = sliceAt[TieBreakValue](p, l.ties, l.inTies)
		if l.inTies != l.nTies {
			sc.TieBreak = make([]TieBreakValue, l.nTies)
		}
		d.Score = sc
	}
	d.Format = FormatDecision
	d.Reasons = make([]Reason, len(rs.all)+len(rs.score))
	facts = sliceAt[FactValue](p, l.vals, l.inVals)
	if l.inVals != l.nVals {
		facts = make([]FactValue, l.nVals)
	}
	return d, facts
}

// namesCache shares the name lists of sets of missing facts between
// decisions (they are read-only), so that a decision does not allocate
// them.
var namesCache = struct {
	sync.RWMutex
	m map[factSet][]string
}{m: map[factSet][]string{}}

// cachedNames returns s.names() from the cache (empty, not nil, for none).
func (s factSet) cachedNames() []string {
	if s == 0 {
		return []string{}
	}
	namesCache.RLock()
	n, ok := namesCache.m[s]
	namesCache.RUnlock()
	if ok {
		return n
	}
	n = s.names()
	n = n[:len(n):len(n)]
	namesCache.Lock()
	if len(namesCache.m) < 4096 {
		namesCache.m[s] = n
	}
	namesCache.Unlock()
	return n
}

// eval returns the criterion's result, the missing facts, its points and
// whether its cap reduced them.
func (s *scoreRule) eval(e *evalCtx) (tri, factSet, int, bool) {
	v, miss := triTrue, factSet(0)
	if s.when != nil {
		v, miss = s.when.eval(e)
	}
	if v != triTrue {
		return v, miss, 0, false
	}
	base := s.points
	if s.pointsParam >= 0 {
		rp := &e.p.ps[s.pointsParam]
		if !rp.ok {
			return triUnknown, 0, 0, false
		}
		base = int(rp.i)
	}
	pts := base
	if s.hasPer {
		if !e.f.known.has(s.per) {
			return triUnknown, 1 << s.per, 0, false
		}
		per := e.f.int(s.per)
		p, ok := checked.Mul(base, int(per))
		if !ok || int64(int(per)) != per {
			if e.err == nil {
				e.err = fmt.Errorf("score criterion %s: %d points × %s %d is more than can be counted", s.id, base, factDefs[s.per].name, per)
			}
			return triUnknown, 0, 0, false
		}
		pts = p
	}
	if s.cap != nil && pts > *s.cap {
		return triTrue, 0, *s.cap, true
	}
	return triTrue, 0, pts, false
}

// paramValues lists parameters as a Decision reports them on interval iv.
func (rs *RuleSet) paramValues(iv *resolved, idx []int) []ParamValue {
	out := make([]ParamValue, len(idx))
	for i, x := range idx {
		pd := &rs.params[x]
		rp := &iv.ps[x]
		pv := ParamValue{Name: pd.name, Value: rp.val, Unit: pd.p.Unit, From: rp.from, Source: pd.source, Placeholder: pd.p.Placeholder, References: pd.p.References}
		pv.json, _ = pv.encode()
		out[i] = pv
	}
	return out
}

func statusOf(kind RuleKind, v tri) Status {
	switch {
	case v == triUnknown:
		return Unknown
	case kind == Exclusion || kind == ReferralRule:
		if v == triTrue {
			return Failed
		}
		return Passed
	case v == triTrue:
		return Passed
	}
	return Failed
}

func truthOf(v tri) Truth {
	switch v {
	case triTrue:
		return True
	case triFalse:
		return False
	}
	return Undetermined
}

// factIDs lists the facts of a set in vocabulary order.
func (s factSet) ids() []factID {
	var out []factID
	for i := factID(0); i < numFacts; i++ {
		if s.has(i) {
			out = append(out, i)
		}
	}
	return out
}

func (r *rule) factIDs() []factID { return r.ids }

func (s *scoreRule) factIDs() []factID { return s.ids }
