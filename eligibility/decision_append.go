package eligibility

import (
	"strconv"
	"unicode/utf8"

	"github.com/housingkit/housingkit/housing"
)

// AppendJSON appends the JSON encoding of d (format
// housingkit.decision/v1) to dst and returns the extended buffer: byte for
// byte what json.Marshal(d) returns, strings escaped the same way (<, >
// and & as \u003c, \u003e and \u0026, U+2028 and U+2029 escaped, invalid
// UTF-8 as \ufffd). It fails where json.Marshal fails (a date outside
// years 1..9999), and then returns dst as it was.
//
// It is json.Marshal without reflection and without encoding/json's
// re-validation of what the MarshalJSON methods of a decision's values
// return: for services that write many decisions into a reused buffer.
func (d *Decision) AppendJSON(dst []byte) ([]byte, error) {
	if d == nil {
		return append(dst, "null"...), nil
	}
	b, err := d.appendJSON(dst)
	if err != nil {
		return dst, err
	}
	return b, nil
}

func (d *Decision) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"format":`...)
	b = appendJSONString(b, d.Format)
	b = append(b, `,"ruleset":{"id":`...)
	b = appendJSONString(b, d.RuleSet.ID)
	b = append(b, `,"version":`...)
	b = appendJSONString(b, d.RuleSet.Version)
	if len(d.RuleSet.Variants) > 0 {
		b = append(b, `,"variants":`...)
		b = appendJSONStrings(b, d.RuleSet.Variants)
	}
	b = append(b, `},"date":`...)
	if b, err = appendJSONDate(b, d.Date); err != nil {
		return b, err
	}
	b = append(b, `,"household_id":`...)
	b = appendJSONString(b, d.HouseholdID)
	b = append(b, `,"outcome":`...)
	b = appendJSONString(b, string(d.Outcome))
	b = append(b, `,"groups":`...)
	b = appendJSONStrings(b, d.Groups)
	b = append(b, `,"referrals":`...)
	b = appendJSONStrings(b, d.Referrals)
	if s := d.Score; s != nil {
		b = append(b, `,"score":{"total":`...)
		b = strconv.AppendInt(b, int64(s.Total), 10)
		if s.Cap != nil {
			b = append(b, `,"cap":`...)
			b = strconv.AppendInt(b, int64(*s.Cap), 10)
		}
		b = append(b, `,"parts":`...)
		if s.Parts == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i := range s.Parts {
				p := &s.Parts[i]
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"code":`...)
				b = appendJSONString(b, p.Code)
				b = append(b, `,"points":`...)
				b = strconv.AppendInt(b, int64(p.Points), 10)
				if p.Capped {
					b = append(b, `,"capped":true`...)
				}
				b = append(b, `,"status":`...)
				b = appendJSONString(b, p.Status.String())
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, `,"tie_break":`...)
		if s.TieBreak == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i := range s.TieBreak {
				t := &s.TieBreak[i]
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"fact":`...)
				b = appendJSONString(b, t.Fact)
				b = append(b, `,"order":`...)
				b = appendJSONString(b, t.Order)
				b = append(b, `,"value":`...)
				b = t.Value.appendJSONFast(b)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	b = append(b, `,"reasons":`...)
	if d.Reasons == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range d.Reasons {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = d.Reasons[i].appendJSON(b); err != nil {
				return b, err
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"missing":`...)
	b = appendJSONStrings(b, d.Missing)
	return append(b, '}'), nil
}

// appendJSON appends the JSON of a reason, as json.Marshal writes it.
func (r *Reason) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"code":`...)
	b = appendJSONString(b, r.Code)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, r.Kind.String())
	b = append(b, `,"status":`...)
	b = appendJSONString(b, r.Status.String())
	switch r.Holds {
	case False:
		b = append(b, `,"holds":false`...)
	case True:
		b = append(b, `,"holds":true`...)
	default:
		b = append(b, `,"holds":null`...)
	}
	if r.Exception != "" {
		b = append(b, `,"exception":`...)
		b = appendJSONString(b, r.Exception)
	}
	if r.Points != 0 {
		b = append(b, `,"points":`...)
		b = strconv.AppendInt(b, int64(r.Points), 10)
	}
	b = append(b, `,"facts":`...)
	if r.Facts == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Facts {
			if i > 0 {
				b = append(b, ',')
			}
			// As FactValue.MarshalJSON: fact names are plain identifiers.
			b = append(b, `{"name":"`...)
			b = append(b, r.Facts[i].Name()...)
			b = append(b, `","value":`...)
			b = r.Facts[i].Value.appendJSONFast(b)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"parameters":`...)
	if r.Parameters == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Parameters {
			if i > 0 {
				b = append(b, ',')
			}
			p := &r.Parameters[i]
			if p.json != nil {
				// json.Marshal's own output: compact and escaped already.
				b = append(b, p.json...)
				continue
			}
			j, err := p.encode()
			if err != nil {
				return b, err
			}
			b = append(b, j...)
		}
		b = append(b, ']')
	}
	b = append(b, `,"reference":`...)
	if ref := r.Reference; ref == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"title":`...)
		b = appendJSONString(b, ref.Title)
		if ref.Href != "" {
			b = append(b, `,"href":`...)
			b = appendJSONString(b, ref.Href)
		}
		if ref.Article != "" {
			b = append(b, `,"article":`...)
			b = appendJSONString(b, ref.Article)
		}
		b = append(b, '}')
	}
	b = append(b, `,"message":`...)
	b = appendJSONText(b, r.Message)
	if r.Label != nil {
		b = append(b, `,"label":`...)
		b = appendJSONText(b, r.Label)
	}
	if len(r.Missing) > 0 {
		b = append(b, `,"missing":`...)
		b = appendJSONStrings(b, r.Missing)
	}
	return append(b, '}'), nil
}

// appendJSONFast appends v's JSON: what appendJSON writes, without going
// through strings for the common amounts and dates.
func (v Value) appendJSONFast(b []byte) []byte {
	if !v.known {
		return append(b, "null"...)
	}
	switch v.kind {
	case KindInt:
		return strconv.AppendInt(b, v.n(), 10)
	case KindBool:
		return strconv.AppendBool(b, v.n() == 1)
	case KindText:
		return appendJSONString(b, v.text())
	case KindMoney:
		if v.x == nil {
			b = append(b, '"')
			b = appendCents(b, int64(v.i))
			return append(b, '"')
		}
	case KindDate:
		b = append(b, '"')
		b = appendDateText(b, dateOfDay(v.n()))
		return append(b, '"')
	}
	// Amounts, dates and enum values are plain ASCII: no escaping needed.
	b = append(b, '"')
	b = append(b, v.String()...)
	return append(b, '"')
}

// appendCents appends an amount of cents as decimal.New(c, -2).StringFixed(2)
// writes it: "-0.05", "1234.50".
func appendCents(b []byte, c int64) []byte {
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	c %= 100
	return append(b, '.', byte('0'+c/10), byte('0'+c%10))
}

// appendDateText appends d as d.String() writes it: YYYY-MM-DD, or
// nothing for the zero Date.
func appendDateText(b []byte, d housing.Date) []byte {
	if d.IsZero() {
		return b
	}
	y, m, day := d.YMD()
	if y < 1 || y > 9999 {
		return append(b, d.String()...)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+day/10), byte('0'+day%10))
}

// appendJSONDate appends d as d.MarshalJSON writes it.
func appendJSONDate(b []byte, d housing.Date) ([]byte, error) {
	if d.IsZero() {
		return append(b, "null"...), nil
	}
	if y := d.Year(); y < 1 || y > 9999 {
		j, err := d.MarshalJSON()
		return append(b, j...), err
	}
	b = append(b, '"')
	b = appendDateText(b, d)
	return append(b, '"'), nil
}

// appendJSONText appends a text as json.Marshal writes a *housing.Text.
func appendJSONText(b []byte, t *housing.Text) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"it":`...)
	b = appendJSONString(b, t.IT)
	b = append(b, `,"en":`...)
	b = appendJSONString(b, t.EN)
	return append(b, '}')
}

// appendJSONStrings appends a list of strings as json.Marshal writes a
// []string: null when nil.
func appendJSONStrings(b []byte, list []string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// jsonSafe marks the ASCII bytes that encoding/json writes as they are in
// a string when it escapes HTML: not the control characters, '"', '\\',
// '<', '>' and '&'. Bytes from 0x80 are not marked: they start a UTF-8
// sequence that must be checked.
var jsonSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		switch c {
		case '"', '\\', '<', '>', '&':
		default:
			t[c] = true
		}
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes a string with HTML escaping (json.Marshal's default): \", \\,
// \b, \f, \n, \r, \t, other control characters and <, >, & as \u00XX,
// U+2028 and U+2029 as \u2028 and \u2029, and each byte of invalid UTF-8
// as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonSafe[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
