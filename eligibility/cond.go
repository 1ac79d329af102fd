package eligibility

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// tri is a three-valued truth: false, true, or unknown (a fact is missing).
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// evalFn evaluates a compiled condition; when the result is unknown it
// also returns the facts whose absence made it so.
type evalFn func(e *evalCtx) (tri, factSet)

// ccond is a compiled condition.
type ccond struct {
	eval   evalFn
	facts  factSet // every fact the condition reads
	params []int   // every parameter it reads (indexes, sorted)
	canon  string  // canonical text, equal for equal conditions
	// atoms is the conjunction of simple criteria the condition is, for the
	// overlap analysis of exceptions; analysable is false when it is not a
	// conjunction of criteria (any, not, expr).
	atoms      []atom
	analysable bool
	expr       *exprCond // the custom condition, for an expr condition
}

type opcode uint8

const (
	opEq opcode = iota + 1
	opNe
	opLt
	opLe
	opGt
	opGe
	opIn
	opNotIn
)

var opNames = map[string]opcode{"eq": opEq, "ne": opNe, "lt": opLt, "le": opLe, "gt": opGt, "ge": opGe, "in": opIn, "not_in": opNotIn}

var opSymbols = map[opcode]string{opEq: "=", opNe: "≠", opLt: "<", opLe: "≤", opGt: ">", opGe: "≥", opIn: "∈", opNotIn: "∉"}

// String returns the operator's name as written in files (eq, le, in…).
func (o opcode) String() string {
	for k, v := range opNames {
		if v == o {
			return k
		}
	}
	return "?"
}

// opsFor lists the operators each kind of fact accepts.
var opsFor = map[Kind][]opcode{
	KindInt:   {opEq, opNe, opLt, opLe, opGt, opGe, opIn, opNotIn},
	KindMoney: {opEq, opNe, opLt, opLe, opGt, opGe},
	KindBool:  {opEq, opNe},
	KindEnum:  {opEq, opNe, opIn, opNotIn},
	KindText:  {opEq, opNe, opIn, opNotIn},
	KindDate:  {opEq, opNe, opLt, opLe, opGt, opGe},
}

func ordHolds(op opcode, c int) bool {
	switch op {
	case opEq:
		return c == 0
	case opNe:
		return c != 0
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	case opGe:
		return c >= 0
	}
	return false
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// literal is a criterion's value, decoded for its fact's kind.
type literal struct {
	i    int64
	ints []int64
	m    money
	b    bool
	s    string
	strs []string
	mask uint64
}

// atom is one criterion of a conjunction, for the overlap analysis.
type atom struct {
	fact  factID
	op    opcode
	lit   *literal // nil when the criterion reads a parameter
	param int
	slot  int // enum mask slot when a parameter is compared with an enum fact
}

// maskSlot derives an enum mask from a text or list parameter on each
// interval, so that enum criteria on parameters are a bit test.
type maskSlot struct {
	param int
	fact  factID
	pos   *yaml.Node
	file  string
}

// paramDef is one parameter of a rule set: its own or imported.
type paramDef struct {
	name   string
	p      *params.Param
	source string // "" for the rule set's own, else the parameter file id
	pos    *yaml.Node
	file   string // the file pos is in
}

// rparam is a parameter's value resolved for one interval of dates.
type rparam struct {
	ok    bool
	from  housing.Date
	val   params.Value
	num   decimal.Decimal
	m     money
	i     int64
	intOK bool
	list  []string
}

// resolved holds every parameter's value on an interval of dates during
// which none of them changes: resolving once per interval, not per
// evaluation, is what makes evaluation cheap.
type resolved struct {
	start     housing.Date
	ps        []rparam
	masks     []uint64
	exprParam map[string]any
	// uses[i] lists the parameters rule i (rs.all, then rs.score) reads, as
	// a Decision reports them: shared by every decision on the interval.
	uses [][]ParamValue
}

func (c *compiler) kindOK(def *factDef, op opcode) bool {
	return slices.Contains(opsFor[def.kind], op)
}

// compileCond compiles a condition; it records problems and returns nil
// when the condition cannot be compiled.
func (c *compiler) compileCond(cond *Condition) *ccond {
	if cond.pos == nil {
		// Never decoded: the decoder has reported the missing key.
		return nil
	}
	switch {
	case cond.All != nil || cond.Any != nil:
		children := cond.All
		isAll := cond.All != nil
		if !isAll {
			children = cond.Any
		}
		parts := make([]*ccond, 0, len(children))
		ok := true
		for i := range children {
			p := c.compileCond(&children[i])
			if p == nil {
				ok = false
				continue
			}
			parts = append(parts, p)
		}
		if !ok {
			return nil
		}
		return combine(parts, isAll)
	case cond.Not != nil:
		inner := c.compileCond(cond.Not)
		if inner == nil {
			return nil
		}
		ev := inner.eval
		return &ccond{
			eval: func(e *evalCtx) (tri, factSet) {
				v, m := ev(e)
				switch v {
				case triTrue:
					return triFalse, 0
				case triFalse:
					return triTrue, 0
				}
				return triUnknown, m
			},
			facts: inner.facts, params: inner.params, canon: "not(" + inner.canon + ")",
		}
	case cond.exprNode != nil:
		return c.compileExpr(cond)
	}
	return c.compileCriterion(cond)
}

func combine(parts []*ccond, isAll bool) *ccond {
	out := &ccond{analysable: isAll}
	canons := make([]string, len(parts))
	evals := make([]evalFn, len(parts))
	for i, p := range parts {
		out.facts |= p.facts
		out.params = mergeInts(out.params, p.params)
		canons[i] = p.canon
		evals[i] = p.eval
		if isAll {
			out.analysable = out.analysable && p.analysable
			out.atoms = append(out.atoms, p.atoms...)
		}
	}
	slices.Sort(canons)
	if isAll {
		out.canon = "all(" + strings.Join(canons, ",") + ")"
		if len(parts) == 1 {
			out.canon = parts[0].canon
		}
		out.eval = func(e *evalCtx) (tri, factSet) {
			res, miss := triTrue, factSet(0)
			for _, ev := range evals {
				v, m := ev(e)
				if v == triFalse {
					return triFalse, 0
				}
				if v == triUnknown {
					res, miss = triUnknown, miss|m
				}
			}
			return res, miss
		}
		return out
	}
	out.canon = "any(" + strings.Join(canons, ",") + ")"
	if len(parts) == 1 {
		out.canon = parts[0].canon
		out.atoms, out.analysable = parts[0].atoms, parts[0].analysable
	}
	out.eval = func(e *evalCtx) (tri, factSet) {
		res, miss := triFalse, factSet(0)
		for _, ev := range evals {
			v, m := ev(e)
			if v == triTrue {
				return triTrue, 0
			}
			if v == triUnknown {
				res, miss = triUnknown, miss|m
			}
		}
		return res, miss
	}
	return out
}

func mergeInts(a, b []int) []int {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

func (c *compiler) compileCriterion(cond *Condition) *ccond {
	paramOK := true
	if cond.Param != "" {
		// Look the parameter up first, so that it counts as used even when
		// the criterion has other problems.
		_, paramOK = c.paramIndex(cond.Param, fieldNode(cond.pos, "param"))
	}
	id, ok := factByName[cond.Fact]
	if !ok {
		c.errorf(fieldNode(cond.pos, "fact"), "unknown fact %q%s", cond.Fact, suggest(cond.Fact, factNames()))
		return nil
	}
	def := &factDefs[id]
	op, ok := opNames[cond.Op]
	if !ok {
		c.errorf(fieldNode(cond.pos, "op"), "unknown op %q; want one of eq, ne, lt, le, gt, ge, in, not_in", cond.Op)
		return nil
	}
	if !c.kindOK(def, op) {
		c.errorf(fieldNode(cond.pos, "op"), "fact %s is %s: op %s does not apply; want one of %s", def.name, def.kind, cond.Op, joinOps(opsFor[def.kind]))
		return nil
	}
	out := &ccond{facts: 1 << id, analysable: true}
	if cond.valueNode != nil {
		lit, text, ok := c.decodeLiteral(def, op, cond.valueNode)
		if !ok {
			return nil
		}
		out.eval = literalEval(id, def, op, lit)
		out.canon = def.name + " " + op.String() + " " + text
		out.atoms = []atom{{fact: id, op: op, lit: lit}}
		return out
	}
	if !paramOK || cond.Param == "" {
		// No parameter, or an unknown one: already reported.
		return nil
	}
	idx := c.paramByName[cond.Param]
	if !c.paramFits(def, op, idx, cond.pos) {
		return nil
	}
	slot := -1
	if def.kind == KindEnum {
		slot = c.maskSlot(idx, id, cond.pos)
	}
	out.params = []int{idx}
	out.eval = paramEval(id, def, op, idx, slot)
	out.canon = def.name + " " + op.String() + " param." + cond.Param
	out.atoms = []atom{{fact: id, op: op, param: idx, slot: slot}}
	return out
}

func joinOps(ops []opcode) string {
	s := make([]string, len(ops))
	for i, o := range ops {
		s[i] = o.String()
	}
	return strings.Join(s, ", ")
}

func factNames() []string {
	out := make([]string, numFacts)
	for i := range factDefs {
		out[i] = factDefs[i].name
	}
	return out
}

// decodeLiteral reads a criterion's value for the fact's kind; it returns
// the literal, its canonical text, and false after recording a problem.
func (c *compiler) decodeLiteral(def *factDef, op opcode, n *yaml.Node) (*literal, string, bool) {
	lit := &literal{}
	list := op == opIn || op == opNotIn
	if list {
		if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
			c.errorf(n, "op %s wants a non-empty list of values", op)
			return nil, "", false
		}
	} else if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		c.errorf(n, "fact %s is %s: want one %s value, got %s", def.name, def.kind, def.kind, nodeKind(n))
		return nil, "", false
	}
	items := []*yaml.Node{n}
	if list {
		items = n.Content
	}
	var texts []string
	ok := true
	for _, it := range items {
		if it.Kind != yaml.ScalarNode || it.Tag == "!!null" {
			c.errorf(it, "fact %s is %s: want a %s value, got %s", def.name, def.kind, def.kind, nodeKind(it))
			ok = false
			continue
		}
		switch def.kind {
		case KindInt:
			v, err := strconv.ParseInt(it.Value, 10, 64)
			if err != nil || it.Tag != "!!int" {
				c.errorf(it, "fact %s is int: want a whole number, got %q", def.name, it.Value)
				ok = false
				continue
			}
			lit.i = v
			lit.ints = append(lit.ints, v)
			texts = append(texts, strconv.FormatInt(v, 10))
		case KindMoney:
			d, err := decimal.NewFromString(it.Value)
			if err != nil || (it.Tag != "!!int" && it.Tag != "!!float") {
				c.errorf(it, "fact %s is money: want an amount such as 1234.56, got %q", def.name, it.Value)
				ok = false
				continue
			}
			lit.m = moneyOf(d)
			texts = append(texts, d.String())
		case KindBool:
			if it.Tag != "!!bool" {
				c.errorf(it, "fact %s is bool: want true or false, got %q", def.name, it.Value)
				ok = false
				continue
			}
			lit.b = it.Value == "true"
			texts = append(texts, strconv.FormatBool(lit.b))
		case KindEnum:
			i := slices.Index(def.enum, it.Value)
			if i < 0 {
				c.errorf(it, "fact %s: unknown value %q; want one of %s", def.name, it.Value, strings.Join(def.enum, ", "))
				ok = false
				continue
			}
			lit.i = int64(i + 1)
			lit.mask |= 1 << i
			texts = append(texts, it.Value)
		case KindText:
			if strings.TrimSpace(it.Value) == "" {
				c.errorf(it, "fact %s: want a non-empty text", def.name)
				ok = false
				continue
			}
			lit.s = it.Value
			lit.strs = append(lit.strs, it.Value)
			texts = append(texts, strings.ToLower(it.Value))
		case KindDate:
			d, err := housing.ParseDate(it.Value)
			if err != nil {
				c.errorf(it, "fact %s is a date: %v", def.name, err)
				ok = false
				continue
			}
			lit.i = dayNumber(d)
			texts = append(texts, d.String())
		}
	}
	if !ok {
		return nil, "", false
	}
	if list {
		slices.Sort(texts)
		texts = slices.Compact(texts)
		return lit, "[" + strings.Join(texts, ",") + "]", true
	}
	return lit, texts[0], true
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.Tag == "!!null" {
		return "null"
	}
	return fmt.Sprintf("%q", n.Value)
}

// unknownFact is the result of a criterion on an unknown fact.
func unknownFact(id factID) (tri, factSet) { return triUnknown, 1 << id }

func literalEval(id factID, def *factDef, op opcode, lit *literal) evalFn {
	bit := factSet(1) << id
	switch def.kind {
	case KindInt, KindDate:
		slot := def.slot
		if op == opIn || op == opNotIn {
			want := op == opIn
			ints := lit.ints
			return func(e *evalCtx) (tri, factSet) {
				if e.f.known&bit == 0 {
					return unknownFact(id)
				}
				return triOf(slices.Contains(ints, e.f.ints[slot]) == want), 0
			}
		}
		v := lit.i
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			return triOf(ordHolds(op, cmpInt(e.f.ints[slot], v))), 0
		}
	case KindMoney:
		slot := def.slot
		m := lit.m
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			return triOf(ordHolds(op, e.f.money[slot].cmp(m))), 0
		}
	case KindBool:
		slot := def.slot
		want := int64(0)
		if lit.b {
			want = 1
		}
		eq := op == opEq
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			return triOf((e.f.ints[slot] == want) == eq), 0
		}
	case KindEnum:
		slot := def.slot
		mask := lit.mask
		in := op == opEq || op == opIn
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			return triOf((mask&(1<<(e.f.ints[slot]-1)) != 0) == in), 0
		}
	case KindText:
		slot := def.slot
		strs := lit.strs
		in := op == opEq || op == opIn
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			return triOf(containsFold(strs, e.f.strs[slot]) == in), 0
		}
	}
	panic("eligibility: unhandled kind")
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}

func paramEval(id factID, def *factDef, op opcode, idx, mslot int) evalFn {
	bit := factSet(1) << id
	slot := def.slot
	switch def.kind {
	case KindInt:
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			p := &e.p.ps[idx]
			if !p.ok {
				return triUnknown, 0
			}
			v := e.f.ints[slot]
			if op == opIn || op == opNotIn {
				// an int fact "in" a list parameter of whole numbers
				s := strconv.FormatInt(v, 10)
				return triOf(slices.Contains(p.list, s) == (op == opIn)), 0
			}
			if p.intOK {
				return triOf(ordHolds(op, cmpInt(v, p.i))), 0
			}
			return triOf(ordHolds(op, decimal.NewFromInt(v).Cmp(p.num))), 0
		}
	case KindMoney:
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			p := &e.p.ps[idx]
			if !p.ok {
				return triUnknown, 0
			}
			return triOf(ordHolds(op, e.f.money[slot].cmp(p.m))), 0
		}
	case KindBool:
		eq := op == opEq
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			p := &e.p.ps[idx]
			if !p.ok {
				return triUnknown, 0
			}
			return triOf(((e.f.ints[slot] == 1) == p.val.Bool()) == eq), 0
		}
	case KindEnum:
		in := op == opEq || op == opIn
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			if !e.p.ps[idx].ok {
				return triUnknown, 0
			}
			return triOf((e.p.masks[mslot]&(1<<(e.f.ints[slot]-1)) != 0) == in), 0
		}
	case KindText:
		in := op == opEq || op == opIn
		return func(e *evalCtx) (tri, factSet) {
			if e.f.known&bit == 0 {
				return unknownFact(id)
			}
			p := &e.p.ps[idx]
			if !p.ok {
				return triUnknown, 0
			}
			return triOf(containsFold(p.list, e.f.strs[slot]) == in), 0
		}
	}
	panic("eligibility: unhandled kind")
}

// unitsFit says which parameter units an int or money fact accepts.
func unitsFit(fact, param params.Unit) bool {
	if fact == param {
		return true
	}
	counts := []params.Unit{params.UnitPersons, params.UnitCount}
	return slices.Contains(counts, fact) && slices.Contains(counts, param)
}

// paramFits checks that parameter idx can be compared with fact def by op.
func (c *compiler) paramFits(def *factDef, op opcode, idx int, pos *yaml.Node) bool {
	pd := &c.params[idx]
	u := pd.p.Unit
	list := op == opIn || op == opNotIn
	switch def.kind {
	case KindInt:
		if list {
			if u != params.UnitList {
				c.errorf(pos, "op %s wants a list parameter; %s is in %s", op, pd.name, u)
				return false
			}
			return true
		}
		if !u.Numeric() || !unitsFit(def.unit, u) {
			c.errorf(pos, "fact %s is in %s; parameter %s is in %s", def.name, def.unit, pd.name, u)
			return false
		}
	case KindMoney:
		if !u.Numeric() || !unitsFit(def.unit, u) {
			c.errorf(pos, "fact %s is in %s; parameter %s is in %s: compare amounts of the same unit", def.name, def.unit, pd.name, u)
			return false
		}
	case KindBool:
		if u != params.UnitBool {
			c.errorf(pos, "fact %s is bool; parameter %s is in %s, not bool", def.name, pd.name, u)
			return false
		}
	case KindEnum, KindText:
		want := params.UnitText
		if list {
			want = params.UnitList
		}
		if u != want {
			c.errorf(pos, "op %s on fact %s wants a parameter of unit %s; %s is in %s", op, def.name, want, pd.name, u)
			return false
		}
	case KindDate:
		c.errorf(pos, "fact %s is a date: compare it with a literal date, parameters hold no dates", def.name)
		return false
	}
	return true
}

func (c *compiler) maskSlot(idx int, id factID, pos *yaml.Node) int {
	for i, s := range c.slots {
		if s.param == idx && s.fact == id {
			return i
		}
	}
	c.slots = append(c.slots, maskSlot{param: idx, fact: id, pos: pos, file: c.file})
	return len(c.slots) - 1
}

// suggest returns ` (did you mean "x"?)` for the closest name, or "".
func suggest(name string, names []string) string {
	// At most 2 edits, or a third of the name's length: "nope" is not a
	// typo of "late".
	best, bestD := "", max(2, len(name)/3)+1
	for _, n := range names {
		if d := editDistance(name, n); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// resolve computes every parameter's value on date d.
func resolve(defs []paramDef, slots []maskSlot, d housing.Date, ps *housing.Problems) *resolved {
	r := &resolved{start: d, ps: make([]rparam, len(defs)), masks: make([]uint64, len(slots)), exprParam: make(map[string]any, len(defs))}
	for i := range defs {
		v, from, ok := defs[i].p.At(d)
		rp := rparam{ok: ok, from: from, val: v}
		if ok {
			switch {
			case v.Unit().Numeric():
				rp.num = v.Num()
				rp.m = moneyOf(v.Num())
				if v.Num().IsInteger() && v.Num().Abs().LessThan(decimal.New(1, 15)) {
					rp.i, rp.intOK = v.Num().IntPart(), true
				}
				r.exprParam[defs[i].name] = v.Num()
			case v.Unit() == params.UnitBool:
				r.exprParam[defs[i].name] = v.Bool()
			case v.Unit() == params.UnitText:
				rp.list = []string{v.Text()}
				r.exprParam[defs[i].name] = v.Text()
			case v.Unit() == params.UnitList:
				rp.list = v.List()
				r.exprParam[defs[i].name] = v.List()
			}
		}
		r.ps[i] = rp
	}
	for i, s := range slots {
		rp := &r.ps[s.param]
		if !rp.ok {
			continue
		}
		def := &factDefs[s.fact]
		for _, v := range rp.list {
			j := slices.Index(def.enum, v)
			if j < 0 {
				if ps != nil {
					pd := &defs[s.param]
					*ps = append(*ps, problemAt(pd.file, pd.pos, "parameter %s holds %q on %s, not a value of fact %s, which %s compares it with; want one of %s",
						pd.name, v, d, def.name, posOf(s.file, s.pos), strings.Join(def.enum, ", ")))
				}
				continue
			}
			r.masks[i] |= 1 << j
		}
	}
	return r
}

// problemAt returns a problem of file at n's position (the file alone when
// n is nil).
func problemAt(file string, n *yaml.Node, format string, args ...any) housing.Problem {
	return housing.Problem(reader.At(file, n, format, args...))
}

// posOf returns "file:line:column" of n, for messages.
func posOf(file string, n *yaml.Node) string {
	if n == nil {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, n.Line, n.Column)
}

// popcount is used by the overlap analysis on enum masks.
func popcount(m uint64) int { return bits.OnesCount64(m) }
