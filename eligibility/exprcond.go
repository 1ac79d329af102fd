package eligibility

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Custom conditions are written in expr-lang (github.com/expr-lang/expr).
// The environment holds every fact by name, typed by its kind (int facts
// as int, bool as bool, money as an exact decimal, enum and text as
// string, dates as "YYYY-MM-DD" strings), and the rule set's parameters
// under "param" (numbers as exact decimals, switches as bool, texts as
// string, lists as []string). Money arithmetic and comparisons are exact:
// the operators + - * / < <= > >= == != are overloaded for decimals, and a
// number literal next to a decimal is read as the decimal it is written
// as. Expressions are compiled and type-checked when the rule set loads
// and must give a bool.

func exprTypeOf(k Kind) types.Type {
	switch k {
	case KindInt:
		return types.Int
	case KindBool:
		return types.Bool
	case KindMoney:
		return types.TypeOf(decimal.Decimal{})
	}
	return types.String
}

// exprEnv returns the compile-time environment of a rule set's parameters.
func exprEnv(defs []paramDef) types.Map {
	env := types.Map{}
	for i := range factDefs {
		env[factDefs[i].name] = exprTypeOf(factDefs[i].kind)
	}
	ps := types.Map{}
	for _, d := range defs {
		switch u := d.p.Unit; {
		case u.Numeric():
			ps[d.name] = types.TypeOf(decimal.Decimal{})
		case u == params.UnitBool:
			ps[d.name] = types.Bool
		case u == params.UnitText:
			ps[d.name] = types.String
		case u == params.UnitList:
			ps[d.name] = types.Array(types.String)
		}
	}
	env["param"] = ps
	env[budgetName] = types.TypeOf(&exprBudget{})
	return env
}

// toDec converts an operand of an overloaded operator to a decimal.
func toDec(v any) (decimal.Decimal, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		return x, nil
	case int:
		return decimal.NewFromInt(int64(x)), nil
	case float64:
		// The shortest decimal that reads back as x: the literal as written.
		return decimal.NewFromFloat(x), nil
	}
	return decimal.Decimal{}, fmt.Errorf("cannot use %T as a decimal", v)
}

// decOperands converts the operands of an overloaded operator and checks
// their size.
func decOperands(ps []any) (a, b decimal.Decimal, err error) {
	if a, err = toDec(ps[0]); err != nil {
		return
	}
	if b, err = toDec(ps[1]); err != nil {
		return
	}
	if err = checkDecimal(a); err == nil {
		err = checkDecimal(b)
	}
	return
}

func decArith(op string) func(params ...any) (any, error) {
	return func(ps ...any) (any, error) {
		a, b, err := decOperands(ps)
		if err != nil {
			return nil, err
		}
		var r decimal.Decimal
		switch op {
		case "+":
			r = a.Add(b)
		case "-":
			r = a.Sub(b)
		case "*":
			r = a.Mul(b)
		default:
			if b.IsZero() {
				return nil, errors.New("division by zero")
			}
			r = a.Div(b)
		}
		if err := checkDecimal(r); err != nil {
			return nil, err
		}
		return r, nil
	}
}

func decCompare(op string) func(params ...any) (any, error) {
	return func(ps ...any) (any, error) {
		a, b, err := decOperands(ps)
		if err != nil {
			return nil, err
		}
		c := a.Cmp(b)
		switch op {
		case "<":
			return c < 0, nil
		case "<=":
			return c <= 0, nil
		case ">":
			return c > 0, nil
		case ">=":
			return c >= 0, nil
		case "==":
			return c == 0, nil
		}
		return c != 0, nil
	}
}

// exprOptions are the compile options shared by every expression, made on
// the first compile rather than when the program starts.
var exprOptions = sync.OnceValue(func() []expr.Option {
	var opts []expr.Option
	sigs := func(ret any) []any {
		switch ret.(type) {
		case bool:
			return []any{
				new(func(decimal.Decimal, decimal.Decimal) bool), new(func(decimal.Decimal, int) bool), new(func(int, decimal.Decimal) bool),
				new(func(decimal.Decimal, float64) bool), new(func(float64, decimal.Decimal) bool),
			}
		}
		return []any{
			new(func(decimal.Decimal, decimal.Decimal) decimal.Decimal), new(func(decimal.Decimal, int) decimal.Decimal), new(func(int, decimal.Decimal) decimal.Decimal),
			new(func(decimal.Decimal, float64) decimal.Decimal), new(func(float64, decimal.Decimal) decimal.Decimal),
		}
	}
	names := map[string]string{"+": "add", "-": "sub", "*": "mul", "/": "div", "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}
	for _, op := range []string{"+", "-", "*", "/"} {
		fn := "__dec_" + names[op]
		opts = append(opts, expr.Function(fn, decArith(op), sigs(decimal.Decimal{})...), expr.Operator(op, fn))
	}
	for _, op := range []string{"<", "<=", ">", ">=", "==", "!="} {
		fn := "__dec_" + names[op]
		opts = append(opts, expr.Function(fn, decCompare(op), sigs(true)...), expr.Operator(op, fn))
	}
	return append(opts, budgetOptions()...)
})

var paramRefRE = regexp.MustCompile(`\bparam\.([a-z][a-z0-9_]*)`)

// exprCond is a compiled custom condition.
type exprCond struct {
	pos    string // the expression's position, for errors
	rule   string // the rule it belongs to, for errors
	prog   *vm.Program
	native nfn // nil: run on the expression machine
	facts  []factID
}

func (c *compiler) compileExpr(cond *Condition) *ccond {
	src := cond.Expr
	n := cond.exprNode
	if strings.TrimSpace(src) == "" {
		c.errorf(n, "expr: empty expression")
		return nil
	}
	// Parameters named in the text count as used even if the expression
	// has errors, so that only the real problem is reported.
	for _, m := range paramRefRE.FindAllStringSubmatch(src, -1) {
		if idx, found := c.paramByName[m[1]]; found {
			if c.used == nil {
				c.used = map[int]bool{}
			}
			c.used[idx] = true
		}
	}
	tree, err := parser.Parse(src)
	if err != nil {
		c.exprError(n, err)
		return nil
	}
	// Collect the facts and parameters the expression names.
	var fs factSet
	var ps []int
	ok := true
	ast.Find(tree.Node, func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.IdentifierNode:
			if strings.HasPrefix(x.Value, "__") {
				c.exprAt(n, x.Location().From, "unknown name %s", x.Value)
				ok = false
				return false
			}
			if id, found := factByName[x.Value]; found {
				fs |= 1 << id
			}
		case *ast.MemberNode:
			if id, isIdent := x.Node.(*ast.IdentifierNode); isIdent && id.Value == "param" {
				if s, isStr := x.Property.(*ast.StringNode); isStr {
					idx, found := c.paramByName[s.Value]
					if !found {
						c.exprAt(n, x.Property.Location().From, "unknown parameter %q%s", s.Value, suggest(s.Value, c.paramNames()))
						ok = false
						return false
					}
					if c.used == nil {
						c.used = map[int]bool{}
					}
					c.used[idx] = true
					ps = mergeInts(ps, []int{idx})
				}
			}
		}
		return false
	})
	if !ok {
		return nil
	}
	patcher := &budgetPatcher{}
	opts := append([]expr.Option{expr.Env(c.exprEnv), expr.AsBool()}, exprOptions()...)
	prog, err := expr.Compile(src, append(opts, expr.Patch(patcher))...)
	if err != nil {
		c.exprError(n, err)
		return nil
	}
	for _, p := range patcher.problems {
		c.exprAt(n, p.at, "%s", p.msg)
	}
	if len(patcher.problems) > 0 {
		return nil
	}
	var ids []factID
	for i := factID(0); i < numFacts; i++ {
		if fs.has(i) {
			ids = append(ids, i)
		}
	}
	x := &exprCond{pos: exprProblem(c.file, n, 1, 0, "").Pos(), rule: c.rule, prog: prog, facts: ids}
	if fn, k, ok := c.nativeExpr(tree.Node); ok && k == nBool {
		x.native = fn
	}
	return &ccond{
		eval:   x.eval,
		expr:   x,
		facts:  fs,
		params: ps,
		canon:  "expr(" + strings.Join(strings.Fields(src), " ") + ")",
	}
}

func (x *exprCond) eval(e *evalCtx) (tri, factSet) {
	var miss factSet
	for _, id := range x.facts {
		if !e.f.known.has(id) {
			miss |= 1 << id
		}
	}
	if miss != 0 {
		return triUnknown, miss
	}
	if x.native != nil {
		v, err := x.native(e)
		if err != nil {
			if e.err == nil {
				e.err = x.runError(err)
			}
			return triUnknown, 0
		}
		return triOf(v.i == 1), 0
	}
	return x.run(e)
}

// run evaluates the condition on the expression machine.
func (x *exprCond) run(e *evalCtx) (tri, factSet) {
	if e.env == nil {
		e.env = make(map[string]any, 8)
	}
	env := e.env
	clear(env)
	for _, id := range x.facts {
		env[factDefs[id].name] = e.f.exprValue(id)
	}
	env["param"] = e.p.exprParam
	e.budget.reset()
	env[budgetName] = &e.budget
	e.vm.MemoryBudget = exprMemoryBudget
	out, err := e.vm.Run(x.prog, env)
	if err != nil {
		if e.err == nil {
			e.err = x.runError(err)
		}
		return triUnknown, 0
	}
	b, _ := out.(bool)
	return triOf(b), 0
}

// where names the condition: "of rule x at file:line:col".
func (x *exprCond) where() string {
	if x.rule == "" {
		return "at " + x.pos
	}
	return "of " + x.rule + " at " + x.pos
}

// runError says which condition failed and, when it ran out of its
// budget, which budget.
func (x *exprCond) runError(err error) error {
	var be *budgetError
	if errors.As(err, &be) {
		return fmt.Errorf("the custom condition %s %w", x.where(), be)
	}
	var fe *file.Error
	if errors.As(err, &fe) && strings.Contains(fe.Message, "memory budget exceeded") {
		return fmt.Errorf("the custom condition %s %w", x.where(), errMemoryBudget)
	}
	if errors.As(err, &fe) {
		return fmt.Errorf("the custom condition %s failed: %s", x.where(), fe.Message)
	}
	return fmt.Errorf("the custom condition %s failed: %w", x.where(), err)
}

// exprValue returns fact id's value as the expression environment holds it.
func (f *facts) exprValue(id factID) any {
	def := &factDefs[id]
	switch def.kind {
	case KindInt:
		return int(f.int(id))
	case KindBool:
		return f.int(id) == 1
	case KindMoney:
		return f.moneyOf(id).decimal()
	case KindEnum:
		return def.enum[f.int(id)-1]
	case KindText:
		return f.text(id)
	case KindDate:
		return dateOfDay(f.int(id)).String()
	}
	return nil
}

func (c *compiler) paramNames() []string {
	out := make([]string, len(c.params))
	for i, p := range c.params {
		out[i] = p.name
	}
	return out
}

// exprError records an expr-lang error at its position inside the YAML
// scalar that holds the expression.
func (c *compiler) exprError(n *yaml.Node, err error) {
	var fe *file.Error
	if errors.As(err, &fe) {
		msg := fe.Message
		if name, found := strings.CutPrefix(msg, "unknown name "); found {
			msg = fmt.Sprintf("unknown fact or name %s%s", name, suggest(strings.Trim(name, `"`), factNames()))
		}
		c.problems = append(c.problems, exprProblem(c.file, n, fe.Line, fe.Column, "expr: %s", msg))
		return
	}
	c.errorf(n, "expr: %v", err)
}

// exprAt records a problem at rune offset off of the expression.
func (c *compiler) exprAt(n *yaml.Node, off int, format string, args ...any) {
	line, col := 1, 0
	for i, r := range []rune(n.Value) {
		if i == off {
			break
		}
		if r == '\n' {
			line, col = line+1, 0
		} else {
			col++
		}
	}
	c.problems = append(c.problems, exprProblem(c.file, n, line, col, "expr: "+format, args...))
}

// exprProblem returns a problem at a line and 0-based column inside an
// expression, mapped to the file: exact for expressions on one line, the
// line for block scalars.
func exprProblem(fileName string, n *yaml.Node, line, col int, format string, args ...any) housing.Problem {
	p := housing.Problem{File: fileName, Message: fmt.Sprintf(format, args...)}
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		p.Line, p.Col = n.Line+line, n.Column+col
		return p
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		col++
	}
	if line > 1 {
		p.Line, p.Col = n.Line+line-1, 1
		return p
	}
	p.Line, p.Col = n.Line, n.Column+col
	return p
}
