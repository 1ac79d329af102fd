package eligibility

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/invopop/jsonschema"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// Outcome is the result of an eligibility decision.
type Outcome string

// The outcomes.
const (
	// Eligible: every requirement holds, no exclusion applies, at least one
	// target group matches, and no referral rule applies.
	Eligible Outcome = "eligible"
	// Ineligible: a requirement fails, an exclusion applies, or no target
	// group matches.
	Ineligible Outcome = "ineligible"
	// Refer: eligible, but other paths and services must be assessed first
	// (a referral rule applies).
	Refer Outcome = "refer"
	// Incomplete: facts are missing and the outcome depends on them; the
	// Decision lists them in Missing.
	Incomplete Outcome = "incomplete"
)

// Outcomes lists the outcomes.
var Outcomes = []Outcome{Eligible, Ineligible, Refer, Incomplete}

// Label returns the outcome's name in lang.
func (o Outcome) Label(lang language.Tag) string {
	return messages.Label(lang, "outcome."+string(o), string(o))
}

// Status is what a rule's result means for the household. It is written
// as its name ("passed", "failed", "unknown") in JSON and text.
//
// For requirements and target groups, passed means the condition holds
// (the requirement is met, the group matches); for exclusions and referral
// rules, passed means the rule does not apply, failed that it applies (the
// household is excluded, or referred); for score criteria, passed means the
// points are given. Unknown means facts are missing.
type Status uint8

// The statuses.
const (
	Passed Status = iota + 1
	Failed
	Unknown
)

var statusNames = [...]string{Passed: "passed", Failed: "failed", Unknown: "unknown"}

// String returns the status's name.
func (s Status) String() string {
	if int(s) < len(statusNames) && s > 0 {
		return statusNames[s]
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText writes the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a status's name.
func (s *Status) UnmarshalText(b []byte) error {
	for i, n := range statusNames {
		if n != "" && n == string(b) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("status %q: want passed, failed or unknown", b)
}

// JSONSchema describes a Status.
func (Status) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Enum: []any{"passed", "failed", "unknown"}}
}

// Label returns the status's name in lang.
func (s Status) Label(lang language.Tag) string {
	return messages.Label(lang, "status."+s.String(), s.String())
}

// Truth is a three-valued truth: the raw value of a rule's condition. It
// encodes in JSON as true, false or null (unknown).
type Truth uint8

// The truths.
const (
	False Truth = iota
	True
	Undetermined
)

// MarshalJSON writes true, false or null.
func (t Truth) MarshalJSON() ([]byte, error) {
	switch t {
	case False:
		return []byte("false"), nil
	case True:
		return []byte("true"), nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads true, false or null.
func (t *Truth) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true":
		*t = True
	case "false":
		*t = False
	case "null":
		*t = Undetermined
	default:
		return fmt.Errorf("truth: want true, false or null, got %s", b)
	}
	return nil
}

// JSONSchema describes a Truth.
func (Truth) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		Description: "the rule's condition: true, false, or null when unknown",
		OneOf:       []*jsonschema.Schema{{Type: "boolean"}, {Type: "null"}},
	}
}

// Decision is the result of evaluating a household against a rule set on a
// date, with the reasons. Its JSON encoding is a versioned contract,
// format "housingkit.decision/v1", documented in FORMAT.md and by the JSON
// Schema of "housingkit schema decision". Treat a Decision as read-only:
// the parameter lists and messages of its reasons, its lists of the groups
// and referral rules matched, of missing facts and of variants are shared
// with the rule set and with other decisions.
type Decision struct {
	// Format is always FormatDecision.
	Format  string     `json:"format"`
	RuleSet RuleSetRef `json:"ruleset"`
	// Date is the evaluation date: parameters are those in force on it.
	Date        housing.Date `json:"date"`
	HouseholdID string       `json:"household_id"`
	Outcome     Outcome      `json:"outcome"`
	// Groups lists the ids of the target groups matched, in rule-set order.
	Groups []string `json:"groups"`
	// Referrals lists the ids of the referral rules that apply.
	Referrals []string `json:"referrals"`
	// Score is the priority score; nil when the rule set has no scoring.
	Score *Score `json:"score,omitempty"`
	// Reasons has one entry per rule, in decision order: exclusions,
	// requirements, target groups, referral rules, score criteria.
	Reasons []Reason `json:"reasons"`
	// Missing lists the facts whose absence leaves the outcome undecided
	// (empty unless the outcome is incomplete), in vocabulary order.
	Missing []string `json:"missing"`
}

// RuleSetRef identifies the rule set a decision applied.
type RuleSetRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	// Variants lists the overlays applied to the base rule set, in order.
	Variants []string `json:"variants,omitempty"`
}

// Score is a priority score with its parts.
type Score struct {
	// Total is the sum of the parts, capped at Cap when the rule set has one.
	Total int  `json:"total"`
	Cap   *int `json:"cap,omitempty"`
	// Parts lists each criterion's points, in rule-set order.
	Parts []ScorePart `json:"parts"`
	// TieBreak gives the values of the tie-break keys, in order; a ranking
	// orders equal totals by them, then by household id.
	TieBreak []TieBreakValue `json:"tie_break"`
}

// ScorePart is one criterion's contribution to a score.
type ScorePart struct {
	Code   string `json:"code"`
	Points int    `json:"points"`
	// Capped is true when the criterion's cap reduced its points.
	Capped bool   `json:"capped,omitempty"`
	Status Status `json:"status"`
}

// TieBreakValue is one tie-break key with the household's value.
type TieBreakValue struct {
	Fact  string `json:"fact"`
	Order string `json:"order"`
	Value Value  `json:"value"`
}

// Reason is one rule's result with what it rested on.
type Reason struct {
	// Code is the rule's id: stable, unique in the rule set.
	Code   string   `json:"code"`
	Kind   RuleKind `json:"kind"`
	Status Status   `json:"status"`
	// Holds is the value of the rule's condition (after exceptions).
	Holds Truth `json:"holds"`
	// Exception is the id of the exception that decided the result, if any.
	Exception string `json:"exception,omitempty"`
	// Points are the points given, for score criteria.
	Points int `json:"points,omitempty"`
	// Facts lists every fact the rule reads, with the household's value
	// (null when unknown).
	Facts []FactValue `json:"facts"`
	// Parameters lists every parameter the rule reads, with the value in
	// force on the date and the date it took effect.
	Parameters []ParamValue `json:"parameters"`
	Reference  *Reference   `json:"reference"`
	// Message says the result in Italian and English.
	Message *housing.Text `json:"message"`
	// Label names what the rule checks, in Italian and English (the
	// rule's label, without the result that Message adds); the text of a
	// decision names target groups and referral rules by it. It is nil in
	// decisions stored before reasons carried it.
	Label *housing.Text `json:"label,omitempty"`
	// Missing lists the facts that left the rule unknown.
	Missing []string `json:"missing,omitempty"`
}

// FactValue is a fact with the household's value; in JSON
// {"name": ..., "value": ...}.
type FactValue struct {
	Value
}

// Name returns the fact's name.
func (f FactValue) Name() string { return factDefs[f.id].name }

type factValueJSON struct {
	Name  string `json:"name"`
	Value Value  `json:"value"`
}

// MarshalJSON writes the fact's name and value.
func (f FactValue) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 48)
	b = append(b, `{"name":"`...)
	b = append(b, f.Name()...) // fact names are plain identifiers
	b = append(b, `","value":`...)
	b, err := f.Value.appendJSON(b)
	return append(b, '}'), err
}

// JSONSchemaAlias describes a FactValue by its JSON shape.
func (FactValue) JSONSchemaAlias() any { return factValueJSON{} }

// Value is a fact's value: a whole number, a bool, an exact amount, an
// enum or text value, or a date; or unknown. In JSON it is a number, a
// boolean, a string (amounts as decimal strings such as "1234.50", dates
// as "YYYY-MM-DD") or null.
type Value struct {
	kind  Kind
	known bool
	id    factID
	// i is an int, a bool (0/1), an enum value (index+1), a date (day
	// number) or an amount (cents) that fits in 32 bits; x holds the rest.
	i int32
	x *valueExt // text, amounts over 32 bits of cents or not whole cents, ints over 32 bits
}

// valueExt holds the rare parts of a Value, so that a Value takes 16
// bytes (a decision holds one for every fact of every reason).
type valueExt struct {
	s   string
	dec decimal.Decimal
	n   int64
}

// setInt sets an int, bool, enum or date value.
func (v *Value) setInt(n int64) {
	if int64(int32(n)) == n {
		v.i = int32(n)
		return
	}
	v.x = &valueExt{n: n}
}

// setCents sets an amount of cents.
func (v *Value) setCents(c int64) {
	if int64(int32(c)) == c {
		v.i = int32(c)
		return
	}
	v.x = &valueExt{dec: decimal.New(c, -2)}
}

// n returns an int, bool, enum or date value.
func (v Value) n() int64 {
	if v.x != nil {
		return v.x.n
	}
	return int64(v.i)
}

func (f *facts) value(id factID) Value {
	var v Value
	f.valueInto(&v, id)
	return v
}

// valueInto writes fact id's value to *v, which must be zero: in place,
// so that filling a decision's reasons copies no more than it must.
func (f *facts) valueInto(v *Value, id factID) {
	def := &factDefs[id]
	v.kind, v.id = def.kind, id
	if !f.known.has(id) {
		return
	}
	v.known = true
	switch def.kind {
	case KindText:
		v.x = &valueExt{s: f.text(id)}
	case KindMoney:
		m := f.moneyOf(id)
		if m.dec != nil {
			v.x = &valueExt{dec: *m.dec}
		} else {
			v.setCents(m.cents)
		}
	default:
		v.setInt(f.int(id))
	}
}

// Kind returns the value's kind.
func (v Value) Kind() Kind { return v.kind }

// Known reports whether the value is known.
func (v Value) Known() bool { return v.known }

// Int returns an int value.
func (v Value) Int() int64 { return v.n() }

// Bool returns a bool value.
func (v Value) Bool() bool { return v.n() == 1 }

// Money returns a money value.
func (v Value) Money() decimal.Decimal {
	if v.x != nil {
		return v.x.dec
	}
	return decimal.New(int64(v.i), -2)
}

// text returns an enum or text value.
func (v Value) text() string {
	if v.kind == KindEnum {
		return factDefs[v.id].enum[v.n()-1]
	}
	if v.x != nil {
		return v.x.s
	}
	return ""
}

// Date returns a date value.
func (v Value) Date() housing.Date {
	if v.kind != KindDate || !v.known {
		return housing.Date{}
	}
	return dateOfDay(v.n())
}

// String returns the value as JSON writes it without quotes ("" when
// unknown).
func (v Value) String() string {
	if !v.known {
		return ""
	}
	switch v.kind {
	case KindBool:
		return strconv.FormatBool(v.n() == 1)
	case KindMoney:
		return v.Money().StringFixed(2)
	case KindEnum, KindText:
		return v.text()
	case KindDate:
		return dateOfDay(v.n()).String()
	}
	return strconv.FormatInt(v.n(), 10)
}

// MarshalJSON writes the value as a JSON number, boolean, string or null.
func (v Value) MarshalJSON() ([]byte, error) { return v.appendJSON(nil) }

func (v Value) appendJSON(b []byte) ([]byte, error) {
	if !v.known {
		return append(b, "null"...), nil
	}
	switch v.kind {
	case KindInt:
		return strconv.AppendInt(b, v.n(), 10), nil
	case KindBool:
		return strconv.AppendBool(b, v.n() == 1), nil
	case KindText:
		q, err := json.Marshal(v.String())
		return append(b, q...), err
	}
	// Amounts, dates and enum values are plain ASCII: no escaping needed.
	b = append(b, '"')
	b = append(b, v.String()...)
	return append(b, '"'), nil
}

// JSONSchema describes a Value.
func (Value) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		Description: "a fact's value: a whole number, a boolean, an amount as a decimal string, an enum or text value, a date YYYY-MM-DD, or null when unknown",
		OneOf: []*jsonschema.Schema{
			{Type: "integer"}, {Type: "boolean"}, {Type: "string"}, {Type: "null"},
		},
	}
}

// Text returns the value of fact for a reader of lang: numbers and
// amounts with the fact's unit ("4 persone", "16.000,00 € l'anno"), enum
// values with their label, booleans as yes/no, dates as lang writes them.
func (v Value) Text(lang language.Tag, fact string) string {
	if !v.known {
		return messages.Format(lang, "text.unknown")
	}
	id, ok := factByName[fact]
	switch v.kind {
	case KindBool:
		if v.n() == 1 {
			return messages.Format(lang, "text.yes")
		}
		return messages.Format(lang, "text.no")
	case KindMoney:
		if ok && factDefs[id].unit != "" {
			return factDefs[id].unit.Format(lang, v.Money())
		}
		return housing.FormatMoney(lang, v.Money())
	case KindInt:
		if ok && factDefs[id].unit != "" {
			return factDefs[id].unit.Format(lang, decimal.NewFromInt(v.n()))
		}
	case KindEnum:
		if ok && factDefs[id].label != nil {
			return factDefs[id].label(lang, v.text())
		}
	case KindDate:
		return housing.FormatDate(lang, v.Date())
	}
	return v.String()
}

// ParamValue is a parameter as a rule used it: its value on the evaluation
// date and the date that value took effect.
type ParamValue struct {
	json []byte // the JSON encoding, made once per rule set and interval

	Name  string
	Value params.Value
	Unit  params.Unit
	// From is the date the value took effect.
	From housing.Date
	// Source is the id of the parameter file it was imported from; empty
	// for the rule set's own parameters.
	Source string
	// Placeholder marks a figure not confirmed by a source.
	Placeholder bool
	References  []params.Reference
}

type paramValueJSON struct {
	Name        string             `json:"name"`
	Value       any                `json:"value"`
	Unit        params.Unit        `json:"unit"`
	From        housing.Date       `json:"from"`
	Source      string             `json:"source,omitempty"`
	Placeholder bool               `json:"placeholder,omitempty"`
	References  []params.Reference `json:"references,omitempty"`
}

// paramJSONValue is a parameter value as JSON writes it: numbers as
// decimal strings, switches as booleans, texts as strings, lists as arrays.
func paramJSONValue(v params.Value) any {
	switch u := v.Unit(); {
	case u == "":
		return nil
	case u == params.UnitBool:
		return v.Bool()
	case u == params.UnitText:
		return v.Text()
	case u == params.UnitList:
		return v.List()
	}
	return v.Num().String()
}

// MarshalJSON writes the parameter with its value.
func (p ParamValue) MarshalJSON() ([]byte, error) {
	if p.json != nil {
		return p.json, nil
	}
	return p.encode()
}

func (p ParamValue) encode() ([]byte, error) {
	return json.Marshal(paramValueJSON{Name: p.Name, Value: paramJSONValue(p.Value), Unit: p.Unit, From: p.From, Source: p.Source, Placeholder: p.Placeholder, References: p.References})
}

// JSONSchemaAlias describes a ParamValue by its JSON shape.
func (ParamValue) JSONSchemaAlias() any { return paramValueJSON{} }

// Text renders the decision for a reader of lang: the outcome, the groups,
// the score, every reason with its facts and parameters, and the missing
// facts.
func (d *Decision) Text(lang language.Tag) string {
	var b strings.Builder
	p := func(key string, args ...any) { b.WriteString(messages.Format(lang, key, args...)) }
	p("text.header", d.RuleSet.ID, d.RuleSet.Version, housing.FormatDate(lang, d.Date), d.HouseholdID)
	b.WriteByte('\n')
	if len(d.RuleSet.Variants) > 0 {
		p("text.variants", strings.Join(d.RuleSet.Variants, ", "))
		b.WriteByte('\n')
	}
	p("text.outcome", d.Outcome.Label(lang))
	b.WriteByte('\n')
	// Target groups and referral rules are named by their labels (their
	// ids when a stored decision has no labels).
	list := func(ids []string) string {
		if len(ids) == 0 {
			return messages.Format(lang, "text.none")
		}
		names := make([]string, len(ids))
		sep := ", "
		for i, id := range ids {
			names[i] = id
			for k := range d.Reasons {
				if r := &d.Reasons[k]; r.Code == id && r.Label != nil && (r.Kind == TargetGroup || r.Kind == ReferralRule) {
					names[i], sep = r.Label.In(lang), "; "
					break
				}
			}
		}
		return strings.Join(names, sep)
	}
	p("text.groups", list(d.Groups))
	b.WriteByte('\n')
	if len(d.Referrals) > 0 {
		p("text.referrals", list(d.Referrals))
		b.WriteByte('\n')
	}
	if d.Score != nil {
		if d.Score.Cap != nil {
			p("text.score_cap", d.Score.Total, *d.Score.Cap)
		} else {
			p("text.score", d.Score.Total)
		}
		b.WriteByte('\n')
		if len(d.Score.TieBreak) > 0 {
			var keys []string
			for _, k := range d.Score.TieBreak {
				keys = append(keys, fmt.Sprintf("%s %s = %s", k.Fact, messages.Format(lang, "text."+k.Order), k.Value.Text(lang, k.Fact)))
			}
			p("text.tie_break", strings.Join(keys, "; "))
			b.WriteByte('\n')
		}
	}
	p("text.reasons")
	b.WriteByte('\n')
	marks := map[Status]string{Passed: "✓", Failed: "✗", Unknown: "?"}
	for _, r := range d.Reasons {
		fmt.Fprintf(&b, "  %s [%s] %s", marks[r.Status], r.Code, r.Message.In(lang))
		if r.Kind == ScoreCriterion && r.Points > 0 {
			b.WriteString(" — ")
			p("text.points", r.Points)
		}
		b.WriteByte('\n')
		if len(r.Facts) > 0 {
			var fs []string
			for _, f := range r.Facts {
				fs = append(fs, f.Name()+" = "+f.Value.Text(lang, f.Name()))
			}
			b.WriteString("      ")
			p("text.facts", strings.Join(fs, "; "))
			b.WriteByte('\n')
		}
		if len(r.Parameters) > 0 {
			var ps []string
			for _, pv := range r.Parameters {
				ps = append(ps, messages.Format(lang, "text.param_from", pv.Name, paramText(lang, pv, r.Facts), housing.FormatDate(lang, pv.From)))
			}
			b.WriteString("      ")
			p("text.parameters", strings.Join(ps, "; "))
			b.WriteByte('\n')
		}
		ref := r.Reference.Title
		if r.Reference.Article != "" {
			ref += ", " + r.Reference.Article
		}
		b.WriteString("      ")
		p("text.reference", ref)
		b.WriteByte('\n')
	}
	if len(d.Missing) > 0 {
		var ms []string
		for _, m := range d.Missing {
			if id, ok := factByName[m]; ok {
				ms = append(ms, fmt.Sprintf("%s (%s)", m, factDefs[id].desc.In(lang)))
			}
		}
		p("text.missing", strings.Join(ms, "; "))
		b.WriteByte('\n')
	}
	return b.String()
}

// paramText writes a parameter's value for a reader of lang: numbers with
// their unit, switches as yes/no, and the items of a list with the labels
// of the enum fact of the reason they are compared with (when one of its
// facts has them all).
func paramText(lang language.Tag, p ParamValue, facts []FactValue) string {
	switch {
	case p.Unit == params.UnitBool:
		if p.Value.Bool() {
			return messages.Format(lang, "text.yes")
		}
		return messages.Format(lang, "text.no")
	case p.Unit == params.UnitList:
		return "[" + strings.Join(listLabels(lang, p.Value.List(), facts), ", ") + "]"
	case p.Unit.Numeric():
		return p.Unit.Format(lang, p.Value.Num())
	}
	return p.Value.String()
}

// listLabels returns items with the labels of the first enum fact among
// facts whose values include them all, or as they are.
func listLabels(lang language.Tag, items []string, facts []FactValue) []string {
	for _, f := range facts {
		def := &factDefs[f.id]
		if def.kind != KindEnum || def.label == nil {
			continue
		}
		all := true
		for _, it := range items {
			if !slices.Contains(def.enum, it) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		out := make([]string, len(items))
		for i, it := range items {
			out[i] = def.label(lang, it)
		}
		return out
	}
	return items
}
