package eligibility

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/vm/runtime"
	"github.com/shopspring/decimal"
)

// The budget of a custom condition. An expression that `check` accepts
// cannot take the process down when it is evaluated: each evaluation of
// a condition on the expression machine has
//
//   - a step budget: every evaluation of the body of all, any, none, one,
//     filter, map, count, sum, reduce, find… is a step;
//   - a byte budget: every text, list and number that a loop body, a
//     text concatenation, repeat, replace, join, split or splitAfter
//     produces is counted
//     (a list with what it holds) before or as it is made;
//   - the expression machine's own memory budget, which counts the
//     elements of ranges (1..n), list and map literals, concat, sort and
//     reverse;
//   - a size limit on decimals (digits and exponent), so that no
//     multiplication or comparison works on numbers no amount can reach.
//
// and fails that evaluation with an error naming the condition's position
// and the budget. At load, expressions are limited in size, list and map
// literals hold only numbers, texts and booleans (so nested lists are built
// only by loops, whose results are counted), and the builtins that are not
// deterministic (now) or that compound sizes without a loop (toJSON,
// fromJSON, toBase64, fromBase64) are not available.
const (
	// exprMaxNodes bounds the size of an expression's syntax tree.
	exprMaxNodes = 2000
	// exprMaxSteps bounds the loop-body evaluations of one evaluation.
	exprMaxSteps = 1_000_000
	// exprMaxBytes bounds the bytes counted in one evaluation.
	exprMaxBytes = 16 << 20
	// exprMemoryBudget is the expression machine's own budget (elements).
	exprMemoryBudget = 1_000_000
	// exprMaxDecimalBits and exprMaxDecimalExp bound a decimal's
	// coefficient and exponent (about 10,000 digits).
	exprMaxDecimalBits = 1 << 15
	exprMaxDecimalExp  = 10_000
)

// exprDisabled are the builtins a condition cannot call.
var exprDisabled = []string{"now", "toJSON", "fromJSON", "toBase64", "fromBase64"}

// budgetError is the error of an evaluation that ran out of its budget.
type budgetError struct {
	what  string // "step", "byte", "memory", "number size"
	limit string
}

func (e *budgetError) Error() string {
	return fmt.Sprintf("exceeded its %s budget (%s)", e.what, e.limit)
}

var (
	errStepBudget   = &budgetError{"step", fmt.Sprintf("%d loop steps", exprMaxSteps)}
	errByteBudget   = &budgetError{"byte", fmt.Sprintf("%d bytes of texts, lists and numbers", exprMaxBytes)}
	errMemoryBudget = &budgetError{"memory", fmt.Sprintf("%d elements of ranges and lists", exprMemoryBudget)}
	errDecimalSize  = &budgetError{"number size", fmt.Sprintf("decimals of at most %d bits and exponents within ±%d", exprMaxDecimalBits, exprMaxDecimalExp)}
)

// exprBudget is what one evaluation of a condition has used. The
// environment holds it under budgetName; only the calls the patcher
// inserts can name it.
type exprBudget struct {
	steps int
	bytes int
}

const budgetName = "__budget"

var budgetType = reflect.TypeOf(&exprBudget{})

func (b *exprBudget) reset() { *b = exprBudget{} }

// spend counts n bytes.
func (b *exprBudget) spend(n int) error {
	if n < 0 || n > exprMaxBytes-b.bytes {
		b.bytes = exprMaxBytes
		return errByteBudget
	}
	b.bytes += n
	return nil
}

// sizeOf returns the bytes v takes, counting what lists hold, and stops
// counting past limit (so a list that shares its elements many times over
// costs no more than the budget to measure).
func sizeOf(v any, limit int) int {
	switch x := v.(type) {
	case string:
		return len(x)
	case decimal.Decimal:
		return 16 + x.Coefficient().BitLen()/8
	case []string:
		n := 16 * len(x)
		for _, s := range x {
			if n > limit {
				break
			}
			n += len(s)
		}
		return n
	case []any:
		n := 16 * len(x)
		for _, e := range x {
			if n > limit {
				break
			}
			n += sizeOf(e, limit-n)
		}
		return n
	case map[string]any:
		n := 48 * len(x)
		for k, e := range x {
			if n > limit {
				break
			}
			n += len(k) + sizeOf(e, limit-n)
		}
		return n
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		return rv.Len() * int(rv.Type().Elem().Size())
	}
	return 8
}

// checkDecimal refuses a decimal beyond the size limits.
func checkDecimal(d decimal.Decimal) error {
	if e := d.Exponent(); e > exprMaxDecimalExp || e < -exprMaxDecimalExp || d.Coefficient().BitLen() > exprMaxDecimalBits {
		return errDecimalSize
	}
	return nil
}

// budgetFunctions are the functions the patcher calls. Each takes the
// evaluation's budget first.
var budgetFunctions = []*builtin.Function{
	{
		// __tick(b, v) counts a loop step and the size of its result v.
		Name: "__tick",
		Func: func(args ...any) (any, error) {
			b := args[0].(*exprBudget)
			b.steps++
			if b.steps > exprMaxSteps {
				return nil, errStepBudget
			}
			if err := b.spend(sizeOf(args[1], exprMaxBytes-b.bytes)); err != nil {
				return nil, err
			}
			return args[1], nil
		},
		Validate: func(args []reflect.Type) (reflect.Type, error) {
			if len(args) != 2 {
				return nil, errors.New("__tick: want 2 arguments")
			}
			return args[1], nil
		},
	},
	{
		// __add(b, x, y) is x + y where x or y may be a text (or is not
		// yet known to be a number when the patcher runs): a text is
		// counted before it is made, decimals add exactly as the
		// overloaded operator does, other numbers as the machine does.
		Name: "__add",
		Func: func(args ...any) (any, error) {
			x, xs := args[1].(string)
			y, ys := args[2].(string)
			if xs && ys {
				if err := args[0].(*exprBudget).spend(len(x) + len(y)); err != nil {
					return nil, err
				}
				return x + y, nil
			}
			_, xd := args[1].(decimal.Decimal)
			_, yd := args[2].(decimal.Decimal)
			if xd || yd {
				return decAdd(args[1:]...)
			}
			return runtime.Add(args[1], args[2]), nil
		},
		Validate: func(args []reflect.Type) (reflect.Type, error) {
			if len(args) != 3 {
				return nil, errors.New("__add: want 3 arguments")
			}
			return addType(args[1], args[2]), nil
		},
	},
	{
		// __repeat(b, s, n) is repeat(s, n).
		Name: "__repeat",
		Func: func(args ...any) (any, error) {
			s, n := args[1].(string), args[2].(int)
			if n < 0 {
				return nil, fmt.Errorf("repeat: negative count %d", n)
			}
			if len(s) > 0 && n > exprMaxBytes/len(s) {
				return nil, errByteBudget
			}
			if err := args[0].(*exprBudget).spend(len(s) * n); err != nil {
				return nil, err
			}
			return strings.Repeat(s, n), nil
		},
		Types: []reflect.Type{reflect.TypeOf(func(*exprBudget, string, int) string { return "" })},
	},
	{
		// __replace(b, s, old, new[, n]) is replace(s, old, new[, n]).
		Name: "__replace",
		Func: func(args ...any) (any, error) {
			s, old, repl := args[1].(string), args[2].(string), args[3].(string)
			n := -1
			if len(args) == 5 {
				n = args[4].(int)
			}
			count := strings.Count(s, old)
			if old == "" {
				count = utf8.RuneCountInString(s) + 1
			}
			if n >= 0 && n < count {
				count = n
			}
			grow := len(repl) - len(old)
			if grow > 0 && count > (exprMaxBytes-len(s))/grow {
				return nil, errByteBudget
			}
			if err := args[0].(*exprBudget).spend(len(s) + count*grow); err != nil {
				return nil, err
			}
			return strings.Replace(s, old, repl, n), nil
		},
		Types: []reflect.Type{
			reflect.TypeOf(func(*exprBudget, string, string, string) string { return "" }),
			reflect.TypeOf(func(*exprBudget, string, string, string, int) string { return "" }),
		},
	},
	splitFunction("__split", strings.SplitN),
	splitFunction("__splitAfter", strings.SplitAfterN),
	{
		// __join(b, list[, sep]) is join(list[, sep]).
		Name: "__join",
		Func: func(args ...any) (any, error) {
			sep := ""
			if len(args) == 3 {
				sep = args[2].(string)
			}
			var elems []string
			switch l := args[1].(type) {
			case []string:
				elems = l
			case []any:
				elems = make([]string, len(l))
				for i, e := range l {
					s, ok := e.(string)
					if !ok {
						return nil, fmt.Errorf("join: element %d is %T, not a text", i, e)
					}
					elems[i] = s
				}
			default:
				return nil, fmt.Errorf("join: want a list of texts, got %T", args[1])
			}
			b := args[0].(*exprBudget)
			if len(elems) > 1 && len(sep) > 0 && len(elems)-1 > exprMaxBytes/len(sep) {
				return nil, errByteBudget
			}
			if len(elems) > 1 {
				if err := b.spend((len(elems) - 1) * len(sep)); err != nil {
					return nil, err
				}
			}
			for _, s := range elems {
				if err := b.spend(len(s)); err != nil {
					return nil, err
				}
			}
			return strings.Join(elems, sep), nil
		},
		Types: []reflect.Type{
			reflect.TypeOf(func(*exprBudget, []string, string) string { return "" }),
			reflect.TypeOf(func(*exprBudget, []string) string { return "" }),
			reflect.TypeOf(func(*exprBudget, []any, string) string { return "" }),
			reflect.TypeOf(func(*exprBudget, []any) string { return "" }),
		},
	},
}

// splitFunction returns the counted version of split or splitAfter: the
// list (16 bytes a part) and its texts are counted before they are made.
func splitFunction(name string, split func(s, sep string, n int) []string) *builtin.Function {
	return &builtin.Function{
		Name: name,
		Func: func(args ...any) (any, error) {
			s, sep := args[1].(string), args[2].(string)
			n := -1
			if len(args) == 4 {
				n = runtime.ToInt(args[3])
			}
			parts := strings.Count(s, sep) + 1
			if sep == "" {
				parts = utf8.RuneCountInString(s)
			}
			if n >= 0 && n < parts {
				parts = n
			}
			if err := args[0].(*exprBudget).spend(16*parts + len(s)); err != nil {
				return nil, err
			}
			return split(s, sep, n), nil
		},
		Types: []reflect.Type{
			reflect.TypeOf(func(*exprBudget, string, string) []string { return nil }),
			reflect.TypeOf(func(*exprBudget, string, string, int) []string { return nil }),
		},
	}
}

// budgetOptions declares the budget functions and disables the builtins
// a condition cannot call.
func budgetOptions() []expr.Option {
	opts := []expr.Option{expr.MaxNodes(exprMaxNodes)}
	for _, f := range budgetFunctions {
		opts = append(opts, func(c *conf.Config) { c.Functions[f.Name] = f })
	}
	for _, name := range exprDisabled {
		opts = append(opts, expr.DisableBuiltin(name))
	}
	return opts
}

// budgetPatcher rewrites a type-checked expression so that it keeps to its
// budget: loop bodies go through __tick, text concatenation through
// __add, repeat, replace and join through their counted versions. It
// records list and map literals that hold anything but numbers, texts and
// booleans.
type budgetPatcher struct {
	problems []patchProblem
}

type patchProblem struct {
	at  int // rune offset in the expression
	msg string
}

func budgetIdent() ast.Node { return &ast.IdentifierNode{Value: budgetName} }

func budgetCall(name string, args ...ast.Node) ast.Node {
	return &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}, Arguments: append([]ast.Node{budgetIdent()}, args...)}
}

// Visit implements ast.Visitor.
func (p *budgetPatcher) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.PredicateNode:
		body := n.Node
		n.Node = budgetCall("__tick", body)
		n.Node.SetLocation(body.Location())
	case *ast.BinaryNode:
		if n.Operator == "+" && textOrUnknown(n.Left.Type()) && textOrUnknown(n.Right.Type()) {
			p.replace(node, budgetCall("__add", n.Left, n.Right))
		}
	case *ast.BuiltinNode:
		switch n.Name {
		case "repeat", "replace", "join", "split", "splitAfter":
			p.replace(node, budgetCall("__"+n.Name, n.Arguments...))
		}
	case *ast.ArrayNode:
		for _, e := range n.Nodes {
			if !isScalar(e.Type()) {
				p.problems = append(p.problems, patchProblem{e.Location().From, "a list written in an expression holds only numbers, texts and booleans"})
				return
			}
		}
	case *ast.MapNode:
		for _, pn := range n.Pairs {
			if pair, ok := pn.(*ast.PairNode); ok && !isScalar(pair.Value.Type()) {
				p.problems = append(p.problems, patchProblem{pair.Value.Location().From, "a map written in an expression holds only numbers, texts and booleans"})
				return
			}
		}
	}
}

func (p *budgetPatcher) replace(node *ast.Node, with ast.Node) { ast.Patch(node, with) }

func isString(t reflect.Type) bool { return t != nil && t.Kind() == reflect.String }

var anyType = reflect.TypeOf((*any)(nil)).Elem()

var decAdd = decArith("+")

// addType is the type of x + y.
func addType(x, y reflect.Type) reflect.Type {
	isInt := func(t reflect.Type) bool { return t != nil && t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64 }
	isFloat := func(t reflect.Type) bool {
		return t != nil && (t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64)
	}
	switch {
	case isString(x) && isString(y):
		return x
	case x == decimalType && (y == decimalType || isInt(y) || isFloat(y)), y == decimalType && (isInt(x) || isFloat(x)):
		return decimalType
	case isInt(x) && isInt(y):
		return reflect.TypeOf(0)
	case (isInt(x) || isFloat(x)) && (isInt(y) || isFloat(y)):
		return reflect.TypeOf(0.0)
	}
	return anyType
}

// textOrUnknown reports whether a value of type t may be a text.
func textOrUnknown(t reflect.Type) bool {
	return t == nil || t.Kind() == reflect.Interface || isString(t)
}

var decimalType = reflect.TypeOf(decimal.Decimal{})

// isScalar reports whether t is certainly a number, text or boolean.
func isScalar(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return t == decimalType
}
