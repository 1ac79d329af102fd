package eligibility

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
)

// Reading a Decision back from its JSON (for vendors who store decisions
// and audit them later) needs the kind of each value, which the JSON does
// not repeat: it comes from the fact's name or the parameter's unit.

// parseValue reads the JSON of a value of fact name.
func parseValue(name string, raw json.RawMessage) (Value, error) {
	id, ok := factByName[name]
	if !ok {
		return Value{}, fmt.Errorf("unknown fact %q", name)
	}
	def := &factDefs[id]
	v := Value{kind: def.kind, id: id}
	if string(raw) == "null" || len(raw) == 0 {
		return v, nil
	}
	v.known = true
	switch def.kind {
	case KindInt:
		var n int64
		if err := json.Unmarshal(raw, &n); err != nil {
			return v, fmt.Errorf("fact %s: %w", name, err)
		}
		v.setInt(n)
		return v, nil
	case KindBool:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return v, fmt.Errorf("fact %s: %w", name, err)
		}
		if b {
			v.setInt(1)
		}
		return v, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return v, fmt.Errorf("fact %s: want a string: %w", name, err)
	}
	switch def.kind {
	case KindMoney:
		d, err := decimal.NewFromString(s)
		if err != nil {
			return v, fmt.Errorf("fact %s: %q is not an amount", name, s)
		}
		if c, ok := toCents(d); ok {
			v.setCents(c)
		} else {
			v.x = &valueExt{dec: d}
		}
	case KindEnum:
		i := -1
		for k, e := range def.enum {
			if e == s {
				i = k
			}
		}
		if i < 0 {
			return v, fmt.Errorf("fact %s: unknown value %q", name, s)
		}
		v.setInt(int64(i + 1))
	case KindText:
		v.x = &valueExt{s: s}
	case KindDate:
		d, err := housing.ParseDate(s)
		if err != nil {
			return v, fmt.Errorf("fact %s: %w", name, err)
		}
		v.setInt(dayNumber(d))
	}
	return v, nil
}

type rawNamed struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

// UnmarshalJSON reads {"name": ..., "value": ...}.
func (f *FactValue) UnmarshalJSON(b []byte) error {
	var r rawNamed
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	v, err := parseValue(r.Name, r.Value)
	f.Value = v
	return err
}

// UnmarshalJSON reads a tie-break key with its value.
func (t *TieBreakValue) UnmarshalJSON(b []byte) error {
	var r struct {
		Fact  string          `json:"fact"`
		Order string          `json:"order"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	v, err := parseValue(r.Fact, r.Value)
	*t = TieBreakValue{Fact: r.Fact, Order: r.Order, Value: v}
	return err
}

// UnmarshalJSON reads a parameter with its value, typed by its unit.
func (p *ParamValue) UnmarshalJSON(b []byte) error {
	var r struct {
		paramValueJSON
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	*p = ParamValue{Name: r.Name, Unit: r.Unit, From: r.From, Source: r.Source, Placeholder: r.Placeholder, References: r.References}
	if !slices.Contains(params.Units, r.Unit) {
		return fmt.Errorf("parameter %s: unknown unit %s", r.Name, strconv.Quote(string(r.Unit)))
	}
	switch u := r.Unit; {
	case u == params.UnitBool:
		var x bool
		if err := json.Unmarshal(r.Value, &x); err != nil {
			return fmt.Errorf("parameter %s: %w", r.Name, err)
		}
		p.Value = params.Bool(x)
	case u == params.UnitText:
		var x string
		if err := json.Unmarshal(r.Value, &x); err != nil {
			return fmt.Errorf("parameter %s: %w", r.Name, err)
		}
		p.Value = params.Text(x)
	case u == params.UnitList:
		var x []string
		if err := json.Unmarshal(r.Value, &x); err != nil {
			return fmt.Errorf("parameter %s: %w", r.Name, err)
		}
		p.Value = params.List(x...)
	default:
		var x string
		if err := json.Unmarshal(r.Value, &x); err != nil {
			return fmt.Errorf("parameter %s: want a decimal string: %w", r.Name, err)
		}
		d, err := decimal.NewFromString(x)
		if err != nil {
			return fmt.Errorf("parameter %s: %q is not a number", r.Name, x)
		}
		p.Value = params.Number(u, d)
	}
	return nil
}

// ParseDecision reads a Decision from its JSON (format
// housingkit.decision/v1). It returns an error for another format, an
// unknown fact, a value of the wrong kind, and for anything Text could not
// render: no date, an unknown outcome, a null reason, a reason without
// code, kind, status, reference or message, a score part without status, a tie-break key in an unknown order. The
// problems are listed at once, each with its path.
func ParseDecision(data []byte) (*Decision, error) {
	var d Decision
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: "eligibility.decision", Message: "cannot read the decision: " + err.Error(), Err: err}
	}
	if d.Format != FormatDecision {
		return nil, housing.Errorf(housing.CodeInvalid, "eligibility.decision", "decision format %s; want %s", strconv.Quote(d.Format), FormatDecision)
	}
	// A null reason decodes as an empty one: tell them apart.
	var raw struct {
		Reasons []json.RawMessage `json:"reasons"`
	}
	_ = json.Unmarshal(data, &raw) // it decoded above
	var ps housing.Problems
	if d.Date.IsZero() {
		ps.Add("date", "is required")
	}
	if !slices.Contains(Outcomes, d.Outcome) {
		ps.Add("outcome", "unknown outcome %s; want one of eligible, ineligible, refer, incomplete", strconv.Quote(string(d.Outcome)))
	}
	if d.Score != nil {
		for i, pt := range d.Score.Parts {
			if pt.Status == 0 {
				ps.Add(housing.Index("score.parts", i)+".status", "is required")
			}
		}
		for i, k := range d.Score.TieBreak {
			if k.Order != "ascending" && k.Order != "descending" {
				ps.Add(housing.Index("score.tie_break", i)+".order", "%s; want ascending or descending", strconv.Quote(k.Order))
			}
		}
	}
	for i := range d.Reasons {
		at := housing.Index("reasons", i)
		if i < len(raw.Reasons) && string(bytes.TrimSpace(raw.Reasons[i])) == "null" {
			ps.Add(at, "is null")
			continue
		}
		r := &d.Reasons[i]
		if r.Code == "" {
			ps.Add(at+".code", "is required")
		}
		if r.Kind == 0 {
			ps.Add(at+".kind", "is required")
		}
		if r.Status == 0 {
			ps.Add(at+".status", "is required")
		}
		if r.Reference == nil {
			ps.Add(at+".reference", "is required")
		}
		if r.Message == nil {
			ps.Add(at+".message", "is required")
		}
	}
	if err := ps.Err("invalid decision"); err != nil {
		return nil, err
	}
	return &d, nil
}
