package params

import (
	"fmt"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Unit is the unit of a parameter's values. Numeric units hold decimals;
// "bool", "text" and "list" hold a switch, a word and a list of words.
type Unit string

// The units a parameter may have.
const (
	UnitEUR      Unit = "EUR"       // an amount of money
	UnitEURYear  Unit = "EUR/year"  // an annual amount
	UnitEURMonth Unit = "EUR/month" // a monthly amount
	UnitEURSqm   Unit = "EUR/m2"    // an amount per square metre
	UnitPercent  Unit = "percent"   // 30 means 30%
	UnitRatio    Unit = "ratio"     // 0.30 means 30%; also scale coefficients
	UnitYears    Unit = "years"
	UnitMonths   Unit = "months"
	UnitDays     Unit = "days"
	UnitPersons  Unit = "persons"
	UnitCount    Unit = "count"
	UnitPoints   Unit = "points"
	UnitBool     Unit = "bool"
	UnitText     Unit = "text"
	UnitList     Unit = "list"
)

// Units lists every unit.
var Units = []Unit{UnitEUR, UnitEURYear, UnitEURMonth, UnitEURSqm, UnitPercent, UnitRatio, UnitYears, UnitMonths, UnitDays, UnitPersons, UnitCount, UnitPoints, UnitBool, UnitText, UnitList}

// Numeric reports whether u's values are decimals.
func (u Unit) Numeric() bool { return u != UnitBool && u != UnitText && u != UnitList }

// Reference is the source of a figure: a law, decree, regional act or
// programme text, with how sure the figure is: "V" read in the source, "D"
// derived by arithmetic from read figures, "M" unverified.
type Reference struct {
	Title     string `yaml:"title" json:"title" required:"true"`
	Href      string `yaml:"href" json:"href,omitempty"`
	Article   string `yaml:"article" json:"article,omitempty"`
	Certainty string `yaml:"certainty" json:"certainty,omitempty"`
}

// Value is one value of a parameter: a decimal, a bool, a text or a list of
// texts, according to the parameter's unit.
type Value struct {
	unit Unit
	num  decimal.Decimal
	b    bool
	s    string
	list []string
}

// Num returns a numeric value (zero for other kinds).
func (v Value) Num() decimal.Decimal { return v.num }

// Bool returns a bool value.
func (v Value) Bool() bool { return v.b }

// Text returns a text value.
func (v Value) Text() string { return v.s }

// List returns a list value (a copy).
func (v Value) List() []string { return slices.Clone(v.list) }

// Contains reports whether a list value contains s.
func (v Value) Contains(s string) bool { return slices.Contains(v.list, s) }

// Unit returns the value's unit.
func (v Value) Unit() Unit { return v.unit }

// String returns the value as written in a data file ("" for the zero
// Value, which stands for "no value").
func (v Value) String() string {
	switch v.unit {
	case "":
		return ""
	case UnitBool:
		return fmt.Sprint(v.b)
	case UnitText:
		return v.s
	case UnitList:
		return "[" + strings.Join(v.list, ", ") + "]"
	}
	return v.num.String()
}

// Equal reports whether v and w are the same value.
func (v Value) Equal(w Value) bool {
	if v.unit.Numeric() != w.unit.Numeric() {
		return false
	}
	if v.unit.Numeric() {
		return v.num.Equal(w.num)
	}
	return v.unit == w.unit && v.b == w.b && v.s == w.s && slices.Equal(v.list, w.list)
}

// Number returns a numeric value in unit u.
func Number(u Unit, d decimal.Decimal) Value { return Value{unit: u, num: d} }

// Bool returns a bool value.
func Bool(b bool) Value { return Value{unit: UnitBool, b: b} }

// Text returns a text value.
func Text(s string) Value { return Value{unit: UnitText, s: s} }

// List returns a list value.
func List(items ...string) Value { return Value{unit: UnitList, list: slices.Clone(items)} }

// Step is a value in force from a date until the next step; a Step with
// Ended set ends the parameter (a null in the file).
type Step struct {
	From  housing.Date
	Value Value
	Ended bool
	// DateAssumed: the source gives the value but not the date it takes
	// effect; From is an assumption of the file's authors (for example
	// 1 January of the year the value is for), listed in the file's
	// assumed_dates.
	DateAssumed bool
}

// Param is an effective-dated parameter.
type Param struct {
	Name        string
	Description housing.Text
	Unit        Unit
	References  []Reference
	// Placeholder marks figures that are not confirmed by a source ([M]):
	// a rule-set author must confirm them. Note says what is unconfirmed.
	Placeholder bool
	Note        string
	// Basis says where the figure comes from when the file states it; see
	// BasisOf for the basis read from the references otherwise.
	Basis Basis
	steps []Step
}

// Steps returns the parameter's steps in date order.
func (p *Param) Steps() []Step {
	if p == nil {
		return nil
	}
	return slices.Clone(p.steps)
}

// At returns the value in force on d, the date it took effect, and true; or
// false when no value is in force (before the first step, or after a null).
func (p *Param) At(d housing.Date) (Value, housing.Date, bool) {
	if p == nil {
		return Value{}, housing.Date{}, false
	}
	// Steps are few; a backwards scan is faster than a binary search here.
	for i := len(p.steps) - 1; i >= 0; i-- {
		s := p.steps[i]
		if !s.From.After(d) {
			if s.Ended {
				return Value{}, s.From, false
			}
			return s.Value, s.From, true
		}
	}
	return Value{}, housing.Date{}, false
}

// Gaps returns the sub-periods of [from, to] on which p has no value (to
// zero means open-ended: checked up to the last step).
func (p *Param) Gaps(from, to housing.Date) [][2]housing.Date {
	var gaps [][2]housing.Date
	if _, _, ok := p.At(from); !ok {
		end := to
		for _, s := range p.steps {
			if s.From.After(from) && !s.Ended {
				end, _ = s.From.AddDays(-1) // s.From is after from: the day before is a date
				break
			}
		}
		gaps = append(gaps, [2]housing.Date{from, end})
	}
	for _, s := range p.steps {
		if s.Ended && s.From.After(from) && (to.IsZero() || !s.From.After(to)) {
			end := to
			for _, t := range p.steps {
				if t.From.After(s.From) && !t.Ended {
					end, _ = t.From.AddDays(-1) // t.From is after s.From
					break
				}
			}
			gaps = append(gaps, [2]housing.Date{s.From, end})
		}
	}
	return gaps
}

// With returns a copy of p whose value is v from from until until
// (inclusive); a zero until means from then on. The original is unchanged.
// It returns an error of code CodeInvalid when p is nil, v's kind does not
// fit p's unit or until is before from.
func (p *Param) With(from, until housing.Date, v Value) (*Param, error) {
	if p == nil {
		return nil, housing.Errorf(housing.CodeInvalid, "argument.nil", "no parameter to change (nil)")
	}
	if p.Unit.Numeric() != v.unit.Numeric() || (!p.Unit.Numeric() && p.Unit != v.unit) {
		return nil, housing.Errorf(housing.CodeInvalid, "params.unit", "parameter %s holds %s values, not %s", p.Name, p.Unit, v.unit)
	}
	if !until.IsZero() && until.Before(from) {
		return nil, housing.Errorf(housing.CodeInvalid, "params.period", "parameter %s: period ends %s before it starts %s", p.Name, until, from)
	}
	v.unit = p.Unit
	q := *p
	var steps []Step
	for _, s := range p.steps {
		if s.From.Before(from) {
			steps = append(steps, s)
		}
	}
	steps = append(steps, Step{From: from, Value: v})
	// A period that ends on 9999-12-31 runs to the last date there is.
	if after, err := until.AddDays(1); !until.IsZero() && err == nil {
		// What was in force the day after the period resumes then.
		if old, _, ok := p.At(after); ok {
			steps = append(steps, Step{From: after, Value: old})
		} else {
			steps = append(steps, Step{From: after, Ended: true})
		}
		for _, s := range p.steps {
			if s.From.After(after) {
				steps = append(steps, s)
			}
		}
	}
	q.steps = steps
	q.References = slices.Clone(p.References)
	return &q, nil
}

// New returns a parameter with the given steps, checked as a file would be.
func New(name string, unit Unit, steps ...Step) (*Param, error) {
	p := &Param{Name: name, Unit: unit}
	var ps housing.Problems
	for i, s := range steps {
		if s.From.IsZero() {
			ps.Add(housing.Index(name, i), "a step needs a date")
		}
		if i > 0 && !s.From.After(steps[i-1].From) {
			ps.Add(housing.Index(name, i), "%s is not after the previous step %s", s.From, steps[i-1].From)
		}
		if !s.Ended {
			if s.Value.unit.Numeric() != unit.Numeric() || (!unit.Numeric() && s.Value.unit != unit) {
				ps.Add(housing.Index(name, i), "value of unit %s in a parameter of unit %s", s.Value.unit, unit)
			}
			s.Value.unit = unit
		}
		p.steps = append(p.steps, s)
	}
	if err := ps.Err("invalid parameter " + name); err != nil {
		return nil, err
	}
	return p, nil
}

// MustNew is New for parameters written in code (tests, examples); it
// panics on an invalid parameter.
func MustNew(name string, unit Unit, steps ...Step) *Param {
	p, err := New(name, unit, steps...)
	if err != nil {
		panic(err)
	}
	return p
}

// paramFile is the on-disk shape of one parameter.
type paramFile struct {
	Description housing.Text `yaml:"description"`
	Unit        Unit         `yaml:"unit" required:"true"`
	References  []Reference  `yaml:"references"`
	Placeholder bool         `yaml:"placeholder"`
	Note        string       `yaml:"note"`
	Values      yaml.Node    `yaml:"values" required:"true"`
	// AssumedDates lists the keys of values whose effective date the
	// source does not give (an assumption of the file's authors).
	AssumedDates []housing.Date `yaml:"assumed_dates"`
	Basis        Basis          `yaml:"basis"`
}

// decodeParam decodes one parameter named name from n.
func decodeParam(d *reader.Decoder, name string, n *yaml.Node) *Param {
	var f paramFile
	before := d.Count()
	d.Decode(n, &f)
	if d.Count() > before {
		return nil
	}
	if !slices.Contains(Units, f.Unit) {
		d.Errorf(n, "parameter %s: unknown unit %q; want one of %s", name, f.Unit, joinUnits())
		return nil
	}
	p := &Param{Name: name, Description: f.Description, Unit: f.Unit, References: f.References, Placeholder: f.Placeholder, Note: f.Note, Basis: f.Basis}
	if f.Basis != "" && !f.Basis.Valid() {
		d.Errorf(n, "parameter %s: basis %q; want one of text, source, programme_choice, assumption, placeholder", name, f.Basis)
	}
	if f.Placeholder && f.Note == "" {
		d.Errorf(n, "parameter %s: a placeholder needs a note saying what must be confirmed", name)
	}
	for _, r := range f.References {
		if r.Certainty != "" && r.Certainty != "V" && r.Certainty != "D" && r.Certainty != "M" {
			d.Errorf(n, "parameter %s: certainty %q; want V (read in the source), D (derived) or M (unverified)", name, r.Certainty)
		}
	}
	keys, vals := d.Mapping(&f.Values)
	if len(keys) == 0 {
		d.Errorf(&f.Values, "parameter %s: want at least one dated value", name)
		return nil
	}
	for i, k := range keys {
		from, err := housing.ParseDate(k.Value)
		if err != nil {
			d.Errorf(k, "parameter %s: %v", name, err)
			continue
		}
		if len(p.steps) > 0 && !from.After(p.steps[len(p.steps)-1].From) {
			d.Errorf(k, "parameter %s: date %s is not after the previous date %s (write values in date order)", name, from, p.steps[len(p.steps)-1].From)
			continue
		}
		step, ok := decodeValue(d, name, f.Unit, vals[i])
		if !ok {
			continue
		}
		step.From = from
		step.DateAssumed = slices.Contains(f.AssumedDates, from)
		p.steps = append(p.steps, step)
	}
	for _, a := range f.AssumedDates {
		if !slices.ContainsFunc(p.steps, func(s Step) bool { return s.From == a }) {
			d.Errorf(n, "parameter %s: assumed_dates lists %s, which is not a date of its values", name, a)
		}
	}
	return p
}

func decodeValue(d *reader.Decoder, name string, unit Unit, n *yaml.Node) (Step, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return Step{Ended: true}, true
	}
	v := Value{unit: unit}
	switch unit {
	case UnitBool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.Errorf(n, "parameter %s: want true, false or null, got %q", name, n.Value)
			return Step{}, false
		}
		v.b = n.Value == "true"
	case UnitText:
		if n.Kind != yaml.ScalarNode {
			d.Errorf(n, "parameter %s: want a text or null", name)
			return Step{}, false
		}
		v.s = n.Value
	case UnitList:
		d.Decode(n, &v.list)
	default:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			d.Errorf(n, "parameter %s: want a number in %s or null, got %q", name, unit, n.Value)
			return Step{}, false
		}
		x, err := decimal.NewFromString(n.Value)
		if err != nil || strings.ContainsAny(n.Value, "eE") {
			d.Errorf(n, "parameter %s: want a decimal number such as 1234.56, got %q", name, n.Value)
			return Step{}, false
		}
		if x.IsNegative() && unit != UnitRatio && unit != UnitPoints {
			d.Errorf(n, "parameter %s: %s is negative", name, n.Value)
			return Step{}, false
		}
		if (unit == UnitEUR || unit == UnitEURYear || unit == UnitEURMonth) && !x.Equal(x.Round(2)) {
			d.Errorf(n, "parameter %s: %s %s has digits below the cent; write euros and cents such as 650.00", name, n.Value, unit)
			return Step{}, false
		}
		v.num = x
	}
	return Step{Value: v}, true
}

func joinUnits() string {
	s := make([]string, len(Units))
	for i, u := range Units {
		s[i] = string(u)
	}
	return strings.Join(s, ", ")
}
