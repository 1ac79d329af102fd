package eligibility

import (
	"errors"
	"math"
	"math/bits"

	"github.com/expr-lang/expr/ast"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
)

// Custom conditions made only of facts, parameters, number, bool and text
// literals, arithmetic, comparisons and the logical operators are also
// compiled to Go closures, so that they run without the expression
// machine, its environment map or boxed values. The closures follow the
// expression's semantics exactly — money arithmetic and comparisons use the
// same decimal operations as the overloaded operators, and a division is a
// shopspring division — and expr-lang still type-checks every expression at
// load. Anything else (functions, lists, ternaries, float arithmetic) runs
// on the expression machine.

type nkind uint8

const (
	nInt nkind = iota + 1
	nDec
	nBool
	nStr
	nFloat // a float literal, only next to a decimal
)

// nval is a value of a native expression. A decimal is held as i × 10^e
// while it fits in an int64, else in big.
type nval struct {
	k   nkind
	i   int64
	e   int32
	big *decimal.Decimal
	s   string
	f   float64
}

type nfn func(e *evalCtx) (nval, error)

var errDivZero = errors.New("division by zero")

// nativeExpr compiles node to a closure, or returns false when the node
// uses anything outside the native subset.
func (c *compiler) nativeExpr(node ast.Node) (nfn, nkind, bool) {
	switch n := node.(type) {
	case *ast.IdentifierNode:
		id, ok := factByName[n.Value]
		if !ok {
			return nil, 0, false
		}
		def := &factDefs[id]
		switch def.kind {
		case KindInt:
			slot := def.slot
			return func(e *evalCtx) (nval, error) { return nval{k: nInt, i: e.f.ints[slot]}, nil }, nInt, true
		case KindBool:
			slot := def.slot
			return func(e *evalCtx) (nval, error) { return nval{k: nBool, i: e.f.ints[slot]}, nil }, nBool, true
		case KindMoney:
			slot := def.slot
			return func(e *evalCtx) (nval, error) {
				m := e.f.money[slot]
				if m.dec != nil {
					return decVal(*m.dec), nil
				}
				return nval{k: nDec, i: m.cents, e: -2}, nil
			}, nDec, true
		case KindEnum, KindText, KindDate:
			return func(e *evalCtx) (nval, error) { return nval{k: nStr, s: e.f.exprValue(id).(string)}, nil }, nStr, true
		}
	case *ast.MemberNode:
		base, ok := n.Node.(*ast.IdentifierNode)
		prop, ok2 := n.Property.(*ast.StringNode)
		if !ok || !ok2 || base.Value != "param" || n.Optional {
			return nil, 0, false
		}
		idx, found := c.paramByName[prop.Value]
		if !found {
			return nil, 0, false
		}
		switch u := c.params[idx].p.Unit; {
		case u.Numeric():
			return func(e *evalCtx) (nval, error) {
				rp := &e.p.ps[idx]
				if rp.m.dec == nil {
					return nval{k: nDec, i: rp.m.cents, e: -2}, nil
				}
				return decVal(rp.num), nil
			}, nDec, true
		case u == params.UnitBool:
			return func(e *evalCtx) (nval, error) {
				b := int64(0)
				if e.p.ps[idx].val.Bool() {
					b = 1
				}
				return nval{k: nBool, i: b}, nil
			}, nBool, true
		case u == params.UnitText:
			return func(e *evalCtx) (nval, error) { return nval{k: nStr, s: e.p.ps[idx].val.Text()}, nil }, nStr, true
		}
	case *ast.IntegerNode:
		v := nval{k: nInt, i: int64(n.Value)}
		return func(*evalCtx) (nval, error) { return v, nil }, nInt, true
	case *ast.FloatNode:
		v := nval{k: nFloat, f: n.Value}
		return func(*evalCtx) (nval, error) { return v, nil }, nFloat, true
	case *ast.BoolNode:
		v := nval{k: nBool}
		if n.Value {
			v.i = 1
		}
		return func(*evalCtx) (nval, error) { return v, nil }, nBool, true
	case *ast.StringNode:
		v := nval{k: nStr, s: n.Value}
		return func(*evalCtx) (nval, error) { return v, nil }, nStr, true
	case *ast.UnaryNode:
		inner, k, ok := c.nativeExpr(n.Node)
		if !ok {
			return nil, 0, false
		}
		switch {
		case (n.Operator == "!" || n.Operator == "not") && k == nBool:
			return func(e *evalCtx) (nval, error) {
				v, err := inner(e)
				v.i ^= 1
				return v, err
			}, nBool, true
		case n.Operator == "-" && k == nInt:
			return func(e *evalCtx) (nval, error) {
				v, err := inner(e)
				v.i = -v.i
				return v, err
			}, nInt, true
		}
	case *ast.BinaryNode:
		return c.nativeBinary(n)
	}
	return nil, 0, false
}

func (c *compiler) nativeBinary(n *ast.BinaryNode) (nfn, nkind, bool) {
	l, lk, ok := c.nativeExpr(n.Left)
	if !ok {
		return nil, 0, false
	}
	r, rk, ok := c.nativeExpr(n.Right)
	if !ok {
		return nil, 0, false
	}
	// decimal: the overloaded operators apply (a decimal on one side, a
	// decimal, int or float literal on the other).
	decimalOp := (lk == nDec && (rk == nDec || rk == nInt || rk == nFloat)) || (rk == nDec && (lk == nInt || lk == nFloat))
	op := n.Operator
	switch op {
	case "&&", "and", "||", "or":
		if lk != nBool || rk != nBool {
			return nil, 0, false
		}
		isAnd := op == "&&" || op == "and"
		return func(e *evalCtx) (nval, error) {
			a, err := l(e)
			if err != nil {
				return a, err
			}
			if (a.i == 1) != isAnd {
				return a, nil // short-circuit, as the expression machine does
			}
			return r(e)
		}, nBool, true
	case "+", "-", "*", "/":
		switch {
		case decimalOp:
			return func(e *evalCtx) (nval, error) {
				a, err := l(e)
				if err != nil {
					return a, err
				}
				b, err := r(e)
				if err != nil {
					return b, err
				}
				return decArithN(op, a, b)
			}, nDec, true
		case lk == nInt && rk == nInt && op != "/":
			return func(e *evalCtx) (nval, error) {
				a, err := l(e)
				if err != nil {
					return a, err
				}
				b, err := r(e)
				switch op {
				case "+":
					a.i += b.i
				case "-":
					a.i -= b.i
				default:
					a.i *= b.i
				}
				return a, err
			}, nInt, true
		}
	case "<", "<=", ">", ">=", "==", "!=":
		var cmp func(a, b nval) int
		switch {
		case decimalOp:
			cmp = decCmpN
		case lk == nInt && rk == nInt:
			cmp = func(a, b nval) int { return cmpInt(a.i, b.i) }
		case lk == nStr && rk == nStr:
			cmp = func(a, b nval) int {
				switch {
				case a.s < b.s:
					return -1
				case a.s > b.s:
					return 1
				}
				return 0
			}
		case lk == nBool && rk == nBool && (op == "==" || op == "!="):
			cmp = func(a, b nval) int { return cmpInt(a.i, b.i) }
		default:
			return nil, 0, false
		}
		return func(e *evalCtx) (nval, error) {
			a, err := l(e)
			if err != nil {
				return a, err
			}
			b, err := r(e)
			if err != nil {
				return b, err
			}
			c := cmp(a, b)
			var holds bool
			switch op {
			case "<":
				holds = c < 0
			case "<=":
				holds = c <= 0
			case ">":
				holds = c > 0
			case ">=":
				holds = c >= 0
			case "==":
				holds = c == 0
			default:
				holds = c != 0
			}
			v := nval{k: nBool}
			if holds {
				v.i = 1
			}
			return v, nil
		}, nBool, true
	}
	return nil, 0, false
}

// decVal holds d as a small decimal when its coefficient fits.
func decVal(d decimal.Decimal) nval {
	if d.NumDigits() <= 18 {
		return nval{k: nDec, i: d.CoefficientInt64(), e: d.Exponent()}
	}
	// A copy on the heap only here: taking &d would move d to the heap
	// on every call.
	p := new(decimal.Decimal)
	*p = d
	return nval{k: nDec, big: p}
}

// asDec converts an operand of a decimal operation, as toDec does.
func asDec(v nval) nval {
	switch v.k {
	case nInt:
		return nval{k: nDec, i: v.i}
	case nFloat:
		return decVal(decimal.NewFromFloat(v.f))
	}
	return v
}

func (v nval) decimal() decimal.Decimal {
	if v.big != nil {
		return *v.big
	}
	return decimal.New(v.i, v.e)
}

// align brings a and b to the same exponent without loss, or reports
// false when a mantissa would overflow.
func align(a, b nval) (int64, int64, int32, bool) {
	if a.big != nil || b.big != nil {
		return 0, 0, 0, false
	}
	x, y, ex, ey := a.i, b.i, a.e, b.e
	for ex > ey {
		hi, lo := bits.Mul64(uint64(abs64(x)), 10)
		if hi != 0 || lo > math.MaxInt64/2 {
			return 0, 0, 0, false
		}
		x *= 10
		ex--
	}
	for ey > ex {
		hi, lo := bits.Mul64(uint64(abs64(y)), 10)
		if hi != 0 || lo > math.MaxInt64/2 {
			return 0, 0, 0, false
		}
		y *= 10
		ey--
	}
	return x, y, ex, true
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func decCmpN(a, b nval) int {
	a, b = asDec(a), asDec(b)
	if x, y, _, ok := align(a, b); ok {
		return cmpInt(x, y)
	}
	return a.decimal().Cmp(b.decimal())
}

func decArithN(op string, a, b nval) (nval, error) {
	a, b = asDec(a), asDec(b)
	switch op {
	case "+", "-":
		if x, y, e, ok := align(a, b); ok {
			if op == "-" {
				y = -y
			}
			if s := x + y; (s > x) == (y > 0) || y == 0 {
				return nval{k: nDec, i: s, e: e}, nil
			}
		}
	case "*":
		if a.big == nil && b.big == nil {
			hi, lo := bits.Mul64(uint64(abs64(a.i)), uint64(abs64(b.i)))
			if hi == 0 && lo <= math.MaxInt64 {
				p := int64(lo)
				if (a.i < 0) != (b.i < 0) {
					p = -p
				}
				return nval{k: nDec, i: p, e: a.e + b.e}, nil
			}
		}
	}
	x, y := a.decimal(), b.decimal()
	switch op {
	case "+":
		return decVal(x.Add(y)), nil
	case "-":
		return decVal(x.Sub(y)), nil
	case "*":
		return decVal(x.Mul(y)), nil
	}
	if y.IsZero() {
		return nval{}, errDivZero
	}
	return decVal(x.Div(y)), nil
}
