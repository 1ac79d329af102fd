package eligibility

import (
	"encoding/json"
	"fmt"
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
// unknown fact, or a value of the wrong kind.
func ParseDecision(data []byte) (*Decision, error) {
	var d Decision
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: "eligibility.decision", Message: "cannot read the decision: " + err.Error(), Err: err}
	}
	if d.Format != FormatDecision {
		return nil, housing.Errorf(housing.CodeInvalid, "eligibility.decision", "decision format %s; want %s", strconv.Quote(d.Format), FormatDecision)
	}
	return &d, nil
}
