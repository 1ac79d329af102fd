package eligibility

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// checkExceptions reports, for each pair of exceptions of r, the ones that
// are duplicate, contradictory or that may apply together with different
// results without an order between them. Whether two conditions may hold
// together is decided exactly for conjunctions of criteria (on every
// interval of parameter values); when a condition uses any, not or expr
// the loader cannot prove the exceptions disjoint and asks for an order.
func (c *compiler) checkExceptions(r *rule, intervals []*resolved) {
	byID := map[string]*exception{}
	for _, x := range r.exceptions {
		byID[x.id] = x
	}
	// Report in file order.
	xs := slices.Clone(r.exceptions)
	slices.SortFunc(xs, func(a, b *exception) int { return a.pos.Line - b.pos.Line })
	for i, a := range xs {
		for _, b := range xs[i+1:] {
			ordered := overrides(a, b, byID) || overrides(b, a, byID)
			if a.when.canon == b.when.canon {
				switch {
				case ordered:
					c.errorIn(r.file, b.pos, "exceptions %s and %s of rule %s have the same condition: the one overridden can never apply", a.id, b.id, r.id)
				case a.holds == b.holds:
					c.errorIn(r.file, b.pos, "exception %s of rule %s repeats the condition of exception %s", b.id, r.id, a.id)
				default:
					c.errorIn(r.file, b.pos, "exceptions %s and %s of rule %s are contradictory: the same condition gives holds: %t and holds: %t", a.id, b.id, r.id, a.holds, b.holds)
				}
				continue
			}
			if a.holds == b.holds || ordered {
				continue
			}
			if !a.when.analysable || !b.when.analysable {
				c.errorIn(r.file, b.pos, "cannot prove that exceptions %s and %s of rule %s never apply together (a condition uses any, not or expr) and they give different results: state which prevails with overrides", a.id, b.id, r.id)
				continue
			}
			atoms := slices.Concat(a.when.atoms, b.when.atoms)
			for _, iv := range intervals {
				if satisfiable(atoms, iv) {
					c.errorIn(r.file, b.pos, "exceptions %s and %s of rule %s may both apply (for example from %s) with different results (holds: %t and %t): state which prevails with overrides", a.id, b.id, r.id, iv.start, a.holds, b.holds)
					break
				}
			}
		}
	}
}

// domain is the set of values a fact may take under a conjunction.
type domain struct {
	// int and date facts
	lo, hi   int64
	allowed  []int64 // nil: any in [lo, hi]
	excluded []int64
	// money facts
	mlo, mhi         *decimal.Decimal
	mloOpen, mhiOpen bool
	mExcluded        []decimal.Decimal
	// bool and enum facts: a bit mask of allowed values
	mask uint64
	// text facts
	texts     []string // nil: any
	textsSet  bool
	textsExcl []string
}

// satisfiable reports whether some household can satisfy every atom with
// the parameter values of iv.
func satisfiable(atoms []atom, iv *resolved) bool {
	doms := map[factID]*domain{}
	for _, a := range atoms {
		def := &factDefs[a.fact]
		d, ok := doms[a.fact]
		if !ok {
			d = &domain{lo: math.MinInt64, hi: math.MaxInt64}
			switch def.kind {
			case KindBool:
				d.mask = 3
			case KindEnum:
				d.mask = 1<<len(def.enum) - 1
			}
			doms[a.fact] = d
		}
		var rp *rparam
		if a.lit == nil {
			rp = &iv.ps[a.param]
			if !rp.ok {
				continue
			}
		}
		switch def.kind {
		case KindInt, KindDate:
			d.applyInt(a, rp)
		case KindMoney:
			m := decimal.Zero
			if rp != nil {
				m = rp.num
			} else {
				m = a.lit.m.decimal()
			}
			d.applyMoney(a.op, m)
		case KindBool:
			b := false
			if rp != nil {
				b = rp.val.Bool()
			} else {
				b = a.lit.b
			}
			bit := uint64(1)
			if b {
				bit = 2
			}
			if a.op == opEq {
				d.mask &= bit
			} else {
				d.mask &^= bit
			}
		case KindEnum:
			mask := uint64(0)
			if rp != nil {
				mask = iv.masks[a.slot]
			} else {
				mask = a.lit.mask
			}
			if a.op == opEq || a.op == opIn {
				d.mask &= mask
			} else {
				d.mask &^= mask
			}
		case KindText:
			var list []string
			if rp != nil {
				list = rp.list
			} else {
				list = a.lit.strs
			}
			low := make([]string, len(list))
			for i, s := range list {
				low[i] = strings.ToLower(strings.TrimSpace(s))
			}
			if a.op == opEq || a.op == opIn {
				if !d.textsSet {
					d.texts, d.textsSet = low, true
				} else {
					d.texts = slices.DeleteFunc(d.texts, func(s string) bool { return !slices.Contains(low, s) })
				}
			} else {
				d.textsExcl = append(d.textsExcl, low...)
			}
		}
	}
	for id, d := range doms {
		if !d.nonEmpty(factDefs[id].kind) {
			return false
		}
	}
	return true
}

func (d *domain) applyInt(a atom, rp *rparam) {
	var v int64
	var list []int64
	integral := true
	if rp != nil {
		if a.op == opIn || a.op == opNotIn {
			for _, s := range rp.list {
				if x, err := strconv.ParseInt(s, 10, 64); err == nil {
					list = append(list, x)
				}
			}
		} else if rp.intOK {
			v = rp.i
		} else {
			// A fractional bound on a whole number: round it inwards.
			integral = false
			switch a.op {
			case opLt, opLe:
				v = rp.num.Floor().IntPart()
			case opGt, opGe:
				v = rp.num.Ceil().IntPart()
			}
		}
	} else {
		v, list = a.lit.i, a.lit.ints
	}
	switch a.op {
	case opEq:
		if !integral {
			d.allowed = []int64{}
			return
		}
		d.restrict([]int64{v})
	case opNe:
		if integral {
			d.excluded = append(d.excluded, v)
		}
	case opLt:
		if integral {
			v--
		}
		d.hi = min(d.hi, v)
	case opLe:
		d.hi = min(d.hi, v)
	case opGt:
		if integral {
			v++
		}
		d.lo = max(d.lo, v)
	case opGe:
		d.lo = max(d.lo, v)
	case opIn:
		d.restrict(list)
	case opNotIn:
		d.excluded = append(d.excluded, list...)
	}
}

func (d *domain) restrict(vs []int64) {
	if d.allowed == nil {
		d.allowed = slices.Clone(vs)
		return
	}
	d.allowed = slices.DeleteFunc(d.allowed, func(x int64) bool { return !slices.Contains(vs, x) })
}

func (d *domain) applyMoney(op opcode, m decimal.Decimal) {
	switch op {
	case opEq:
		d.lower(m, false)
		d.upper(m, false)
	case opNe:
		d.mExcluded = append(d.mExcluded, m)
	case opLt:
		d.upper(m, true)
	case opLe:
		d.upper(m, false)
	case opGt:
		d.lower(m, true)
	case opGe:
		d.lower(m, false)
	}
}

func (d *domain) lower(m decimal.Decimal, open bool) {
	if d.mlo == nil || m.GreaterThan(*d.mlo) || (m.Equal(*d.mlo) && open) {
		d.mlo, d.mloOpen = &m, open
	}
}

func (d *domain) upper(m decimal.Decimal, open bool) {
	if d.mhi == nil || m.LessThan(*d.mhi) || (m.Equal(*d.mhi) && open) {
		d.mhi, d.mhiOpen = &m, open
	}
}

func (d *domain) nonEmpty(k Kind) bool {
	switch k {
	case KindInt, KindDate:
		if d.lo > d.hi {
			return false
		}
		if d.allowed != nil {
			for _, v := range d.allowed {
				if v >= d.lo && v <= d.hi && !slices.Contains(d.excluded, v) {
					return true
				}
			}
			return false
		}
		// Whole numbers in [lo, hi] minus finitely many exclusions.
		var inRange []int64
		for _, v := range d.excluded {
			if v >= d.lo && v <= d.hi && !slices.Contains(inRange, v) {
				inRange = append(inRange, v)
			}
		}
		// hi-lo as unsigned is exact even for the full int64 range.
		return uint64(d.hi)-uint64(d.lo) >= uint64(len(inRange))
	case KindMoney:
		if d.mlo == nil || d.mhi == nil {
			return true
		}
		switch c := d.mlo.Cmp(*d.mhi); {
		case c > 0:
			return false
		case c == 0:
			if d.mloOpen || d.mhiOpen {
				return false
			}
			for _, x := range d.mExcluded {
				if x.Equal(*d.mlo) {
					return false
				}
			}
		}
		return true
	case KindBool, KindEnum:
		return d.mask != 0
	case KindText:
		if !d.textsSet {
			return true
		}
		for _, s := range d.texts {
			if !slices.Contains(d.textsExcl, s) {
				return true
			}
		}
		return false
	}
	return true
}
