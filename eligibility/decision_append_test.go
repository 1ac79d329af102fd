package eligibility_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/require"
)

// requireAppendIsMarshal checks that d.AppendJSON appends exactly what
// json.Marshal(d) returns, after a prefix it leaves alone, and fails where
// json.Marshal fails, leaving the buffer as it was.
func requireAppendIsMarshal(t testing.TB, d *eligibility.Decision, what string) {
	t.Helper()
	want, werr := json.Marshal(d)
	prefix := []byte(`{"line":7,"decision":`)
	got, err := d.AppendJSON(bytes.Clone(prefix))
	if werr != nil {
		if err == nil {
			t.Fatalf("%s: json.Marshal fails (%v), AppendJSON does not:\n%s", what, werr, got)
		}
		if !bytes.Equal(got, prefix) {
			t.Fatalf("%s: AppendJSON failed and changed the buffer: %s", what, got)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: AppendJSON fails (%v), json.Marshal does not", what, err)
	}
	if !bytes.HasPrefix(got, prefix) {
		t.Fatalf("%s: the prefix changed: %s", what, got[:min(len(got), len(prefix))])
	}
	if got := got[len(prefix):]; !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("%s: AppendJSON differs from json.Marshal at byte %d:\n got …%s\nwant …%s", what, i,
			got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
	}
}

// TestAppendJSONIsJSONMarshal checks AppendJSON against json.Marshal on
// the decisions of every shipped rule set and variant, for synthetic
// households (every outcome, unknown facts, with and without referral) on
// several dates, and checks that the decisions met every kind of fact
// value (in reasons or tie-break keys), both truths and null, and the
// outcomes.
func TestAppendJSONIsJSONMarshal(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 80
	}
	sets := shippedWithVariants(t)
	kinds := map[eligibility.Kind]bool{}
	outcomes := map[eligibility.Outcome]bool{}
	var scored, nullHolds bool
	for seed := uint64(21); seed <= 22; seed++ {
		p := newPopulation(seed, n, 0)
		for name, rs := range sets {
			for _, days := range []int{30, 700} {
				on := mustDate(rs.ValidFrom().AddDays(days))
				if !rs.ValidTo().IsZero() && on.After(rs.ValidTo()) {
					on = rs.ValidTo()
				}
				p := p.bornBy(on)
				for i, h := range p.hs {
					opts := []eligibility.Option{eligibility.WithReferral(p.refs[i])}
					if i%7 == 0 {
						opts = nil
					}
					d, err := eligibility.Evaluate(rs, h, on, opts...)
					require.NoError(t, err)
					requireAppendIsMarshal(t, d, fmt.Sprintf("%s on %s, seed %d, household %d", name, on, seed, i))
					outcomes[d.Outcome] = true
					if d.Score != nil {
						scored = true
						for _, k := range d.Score.TieBreak {
							if k.Value.Known() {
								kinds[k.Value.Kind()] = true
							}
						}
					}
					for _, r := range d.Reasons {
						nullHolds = nullHolds || r.Holds == eligibility.Undetermined
						for _, f := range r.Facts {
							if f.Known() {
								kinds[f.Kind()] = true
							}
						}
					}
				}
			}
		}
	}
	// (refer does not occur among the synthetic households; a referral
	// list is in decisionWithStrings.)
	for _, o := range []eligibility.Outcome{eligibility.Eligible, eligibility.Ineligible, eligibility.Incomplete} {
		require.True(t, outcomes[o], "outcome %s occurs", o)
	}
	require.True(t, scored && nullHolds, "scored decisions and unknown conditions occur")
	for _, k := range []eligibility.Kind{eligibility.KindInt, eligibility.KindBool, eligibility.KindMoney, eligibility.KindEnum, eligibility.KindText, eligibility.KindDate} {
		require.True(t, kinds[k], "a known %s fact occurs", k)
	}
}

// escapeCases are strings that encoding/json escapes, with what it writes.
var escapeCases = []struct{ in, want string }{
	{"", `""`},
	{"plain ASCII text", `"plain ASCII text"`},
	{`<a href="x">&amp;</a>`, `"\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e"`},
	{"\u2028 and \u2029", `"\u2028 and \u2029"`},
	{"bad \xff byte, cut \xe2\x80 rune", `"bad \ufffd byte, cut \ufffd\ufffd rune"`},
	{"surrogate \xed\xa0\x80", `"surrogate \ufffd\ufffd\ufffd"`},
	{"\x00\x01\x1f\x7f", `"\u0000\u0001\u001f` + "\x7f" + `"`},
	{"\b\f\n\r\t\\\"/", `"\b\f\n\r\t\\\"/"`},
	{"città è già così: 4 € 🏠", `"città è già così: 4 € 🏠"`},
	{"\u2027\u202a\ufffd", "\"\u2027\u202a\ufffd\""},
}

// TestAppendJSONEscapesAsEncodingJSON checks the escaping of strings: each
// case in every string field of a decision, as encoding/json writes it.
func TestAppendJSONEscapesAsEncodingJSON(t *testing.T) {
	for _, tc := range escapeCases {
		want, err := json.Marshal(tc.in)
		require.NoError(t, err)
		require.Equal(t, tc.want, string(want), "the expected escape of %q is encoding/json's", tc.in)
		d := decisionWithStrings(tc.in)
		requireAppendIsMarshal(t, d, fmt.Sprintf("%q", tc.in))
		got, err := d.AppendJSON(nil)
		require.NoError(t, err)
		require.Contains(t, string(got), `"household_id":`+tc.want+`,`)
	}
}

// decisionWithStrings returns a decision with s in every string field,
// every optional field set, and facts of every kind.
func decisionWithStrings(s string) *eligibility.Decision {
	cap := 10
	text := &housing.Text{IT: s, EN: s + "!"}
	var facts []eligibility.FactValue
	for _, f := range eligibility.Facts() {
		facts = append(facts, factValue(f, s))
	}
	d := &eligibility.Decision{
		Format:      s,
		RuleSet:     eligibility.RuleSetRef{ID: s, Version: s, Variants: []string{s, "v"}},
		Date:        housing.MustParseDate("2024-02-29"),
		HouseholdID: s,
		Outcome:     eligibility.Outcome(s),
		Groups:      []string{s},
		Referrals:   []string{s, "r"},
		Score: &eligibility.Score{Total: -3, Cap: &cap,
			Parts:    []eligibility.ScorePart{{Code: s, Points: -1, Capped: true, Status: eligibility.Passed}, {Code: "b", Status: eligibility.Status(9)}},
			TieBreak: []eligibility.TieBreakValue{{Fact: s, Order: s, Value: facts[0].Value}}},
		Reasons: []eligibility.Reason{
			{Code: s, Kind: eligibility.Requirement, Status: eligibility.Failed, Holds: eligibility.False, Exception: s, Points: -2, Facts: facts,
				Parameters: []eligibility.ParamValue{}, Reference: &eligibility.Reference{Title: s, Href: s, Article: s}, Message: text, Label: text, Missing: []string{s}},
			{Code: "x", Kind: eligibility.RuleKind(0), Status: eligibility.Unknown, Holds: eligibility.Undetermined, Missing: []string{}},
			{Code: "y", Kind: eligibility.ScoreCriterion, Holds: eligibility.True, Points: 4, Facts: []eligibility.FactValue{}, Reference: &eligibility.Reference{}, Message: &housing.Text{}},
		},
		Missing: []string{},
	}
	return d
}

// factValue returns a fact value of f's kind, read from JSON (the only way
// to make one outside the package); for text facts, s.
func factValue(f eligibility.FactInfo, s string) eligibility.FactValue {
	raw := map[eligibility.Kind]string{eligibility.KindInt: "-2147483649", eligibility.KindBool: "true", eligibility.KindMoney: `"-0.05"`, eligibility.KindDate: `"0001-01-01"`}[f.Kind]
	switch f.Kind {
	case eligibility.KindEnum:
		raw = `"` + f.Values[len(f.Values)-1] + `"`
	case eligibility.KindText:
		q, _ := json.Marshal(s)
		raw = string(q)
	}
	var fv eligibility.FactValue
	if err := json.Unmarshal([]byte(`{"name":"`+f.Name+`","value":`+raw+`}`), &fv); err != nil {
		panic(err)
	}
	return fv
}

// TestAppendJSONValues checks every kind of fact value at its edges:
// amounts of whole cents and not, within 32 bits of cents and beyond,
// signs, ints beyond 32 bits, the first and last dates, unknown values.
func TestAppendJSONValues(t *testing.T) {
	values := map[eligibility.Kind][]string{
		eligibility.KindInt:   {"0", "-1", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "null"},
		eligibility.KindBool:  {"true", "false", "null"},
		eligibility.KindMoney: {`"0"`, `"0.00"`, `"-0.05"`, `"0.5"`, `"-1"`, `"21474836.47"`, `"21474836.48"`, `"-21474836.48"`, `"-21474836.49"`, `"123456789012345.67"`, `"0.001"`, `"-12.345"`, `"1e3"`, `"100.10"`, "null"},
		eligibility.KindDate:  {`"0001-01-01"`, `"9999-12-31"`, `"2024-02-29"`, `"1999-10-09"`, "null"},
		eligibility.KindText:  {`""`, `"Crema"`, `"\u003c\u2028"`, "null"},
	}
	for _, f := range eligibility.Facts() {
		vs := values[f.Kind]
		if f.Kind == eligibility.KindEnum {
			vs = []string{"null"}
			for _, v := range f.Values {
				q, _ := json.Marshal(v)
				vs = append(vs, string(q))
			}
		}
		for _, raw := range vs {
			var fv eligibility.FactValue
			require.NoError(t, json.Unmarshal([]byte(`{"name":"`+f.Name+`","value":`+raw+`}`), &fv), "%s = %s", f.Name, raw)
			d := decisionWithStrings("s")
			d.Reasons[0].Facts = []eligibility.FactValue{fv}
			d.Score.TieBreak[0].Value = fv.Value
			requireAppendIsMarshal(t, d, f.Name+" = "+raw)
		}
	}
}

// AppendJSON writes fact names as they are: they must need no escaping.
func TestFactNamesNeedNoEscaping(t *testing.T) {
	plain := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	for _, f := range eligibility.Facts() {
		require.Regexp(t, plain, f.Name)
	}
}

// AppendJSON fails where json.Marshal fails: a date outside years
// 1..9999; and a nil decision is null.
func TestAppendJSONFailsAsMarshal(t *testing.T) {
	d := decisionWithStrings("s")
	after, err := housing.MustParseDate("9999-12-31").AddDays(0)
	require.NoError(t, err)
	d.Date = after
	requireAppendIsMarshal(t, d, "last date")
	var far housing.Date
	require.Error(t, json.Unmarshal([]byte(`"10000-01-01"`), &far), "a date past year 9999 cannot be read")
	var nilDecision *eligibility.Decision
	got, err := nilDecision.AppendJSON([]byte("x"))
	require.NoError(t, err)
	require.Equal(t, "xnull", string(got))
	// Parameters without their cached JSON (a decision read back) are
	// encoded as json.Marshal encodes them.
	rs, err := eligibility.Shipped("crema.ospitalita-temporanea")
	require.NoError(t, err)
	p := newPopulation(3, 20, 0).bornBy(housing.MustParseDate("2025-03-03"))
	for i, h := range p.hs {
		dd, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2025-03-03"), eligibility.WithReferral(p.refs[i]))
		require.NoError(t, err)
		j, err := json.Marshal(dd)
		require.NoError(t, err)
		back, err := eligibility.ParseDecision(j)
		require.NoError(t, err)
		requireAppendIsMarshal(t, back, "read back "+h.ID)
		again, err := back.AppendJSON(nil)
		require.NoError(t, err)
		require.Equal(t, string(j), string(again))
	}
}

// FuzzDecisionAppendJSON: for any decision json.Unmarshal reads, and for
// any string put in every string field of a decision, AppendJSON writes
// what json.Marshal writes.
func FuzzDecisionAppendJSON(f *testing.F) {
	f.Add(smallDecision(f), "")
	for _, tc := range escapeCases {
		f.Add([]byte(`{"format":"`+strings.ReplaceAll(tc.in, `"`, `'`)+`","reasons":[{"code":"a","facts":[{"name":"isee","value":"-1.5"}],"parameters":[{"name":"p","unit":"EUR","value":"1.50","from":"2024-01-01"}]}]}`), tc.in)
	}
	f.Add([]byte(`{"score":{"total":1,"parts":null,"tie_break":[{"fact":"residence_since","order":"x","value":"2024-01-01"}]},"groups":null}`), "\xed\xa0\x80")
	f.Fuzz(func(t *testing.T, data []byte, s string) {
		var d eligibility.Decision
		if json.Unmarshal(data, &d) == nil {
			requireAppendIsMarshal(t, &d, "read")
		}
		requireAppendIsMarshal(t, decisionWithStrings(s), "strings")
	})
}

// BenchmarkDecisionJSON encodes the decisions of 64 Crema households by
// json.Marshal and by AppendJSON into a reused buffer.
func BenchmarkDecisionJSON(b *testing.B) {
	rs, err := eligibility.Shipped("crema.ospitalita-temporanea")
	require.NoError(b, err)
	on := housing.MustParseDate("2025-03-03")
	p := newPopulation(5, 64, 0).bornBy(on)
	ds := make([]*eligibility.Decision, len(p.hs))
	size := 0
	for i, h := range p.hs {
		ds[i], err = eligibility.Evaluate(rs, h, on, eligibility.WithReferral(p.refs[i]))
		require.NoError(b, err)
		j, _ := json.Marshal(ds[i])
		size += len(j)
	}
	b.Run("marshal", func(b *testing.B) {
		b.SetBytes(int64(size / len(ds)))
		i := 0
		for b.Loop() {
			if _, err := json.Marshal(ds[i%len(ds)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("append", func(b *testing.B) {
		b.SetBytes(int64(size / len(ds)))
		var buf []byte
		i := 0
		for b.Loop() {
			var err error
			if buf, err = ds[i%len(ds)].AppendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
