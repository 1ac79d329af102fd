package eligibility_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallDecision is the JSON of a decision of the base test rule set.
func smallDecision(t testing.TB) []byte {
	rs, err := eligibility.Parse("base.yaml", []byte(base))
	require.NoError(t, err)
	h := household(t, `{id: x, members: [{role: reference, birth_date: 1980-01-01, incomes: [{kind: other, annual: "100.00"}]}]}`)
	d, err := eligibility.Evaluate(rs, h, housing.MustParseDate("2024-02-01"))
	require.NoError(t, err)
	b, err := json.Marshal(d)
	require.NoError(t, err)
	return b
}

// A stored decision that Text cannot render is refused when it is read.
func TestParseDecisionRefusesWhatTextCannotRender(t *testing.T) {
	good := string(smallDecision(t))
	_, err := eligibility.ParseDecision([]byte(good))
	require.NoError(t, err)
	for _, tc := range []struct{ name, from, to, want string }{
		{"null reason", `"reasons":[{`, `"reasons":[null,{`, "reasons[0]: is null"},
		{"missing reference", `"reference":{"title":"Source"},`, ``, "reasons[0].reference: is required"},
		{"null reference", `"reference":{"title":"Source"}`, `"reference":null`, "reasons[0].reference: is required"},
		{"null message", `"message":{`, `"message":null,"x":{`, "reasons[0].message: is required"},
		{"unknown outcome", `"outcome":"eligible"`, `"outcome":"maybe"`, `outcome: unknown outcome "maybe"`},
		{"unknown kind", `"kind":"requirement"`, `"kind":"wish"`, `rule kind "wish"`},
		{"no date", `"date":"2024-02-01"`, `"date":null`, "date: is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := bytes.Replace([]byte(good), []byte(tc.from), []byte(tc.to), 1)
			require.NotEqual(t, good, string(bad), "the replacement applies")
			d, err := eligibility.ParseDecision(bad)
			assert.Nil(t, d)
			require.Error(t, err)
			assert.ErrorIs(t, err, housing.ErrInvalid)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// FuzzParseDecision: whatever ParseDecision accepts, Text renders in both
// languages without a panic, and it writes back to JSON that reads back
// the same.
func FuzzParseDecision(f *testing.F) {
	f.Add(smallDecision(f))
	if golden, err := os.ReadFile("testdata/decision.golden.json"); err == nil {
		f.Add(golden)
	}
	f.Add([]byte(`{"format":"housingkit.decision/v1","reasons":[null]}`))
	f.Add([]byte(`{"format":"housingkit.decision/v1","date":"2024-01-01","outcome":"eligible","reasons":[{"code":"a","kind":"requirement","status":"passed","holds":true,"facts":[],"parameters":[],"reference":null,"message":null}]}`))
	f.Add([]byte(`{"format":"housingkit.decision/v1","date":"2024-01-01","outcome":"eligible","score":{"total":1,"parts":[],"tie_break":[{"fact":"isee","order":"sideways","value":"1.00"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := eligibility.ParseDecision(data)
		if err != nil {
			if d != nil {
				t.Fatal("a decision with an error")
			}
			return
		}
		_ = d.Text(housing.Italian)
		_ = d.Text(housing.English)
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("an accepted decision does not write back: %v", err)
		}
		back, err := eligibility.ParseDecision(out)
		if err != nil {
			t.Fatalf("a written decision does not read back: %v\n%s", err, out)
		}
		again, err := json.Marshal(back)
		if err != nil || !bytes.Equal(out, again) {
			t.Fatalf("the round trip changes the decision:\n%s\n%s", out, again)
		}
	})
}

// FuzzEnumUnmarshal: the decoders of a decision's enums (rule kind,
// status, truth) accept exactly the names they write, and a fact value
// reads back as it writes.
func FuzzEnumUnmarshal(f *testing.F) {
	for _, s := range []string{"requirement", "group", "exclusion", "referral", "score", "passed", "failed", "unknown", "true", "false", "null", "", "Status(0)", "RuleKind(9)", `{"name":"isee","value":"1.00"}`, `{"name":"adults","value":2.5}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var k eligibility.RuleKind
		if k.UnmarshalText(b) == nil {
			if out, err := k.MarshalText(); err != nil || !bytes.Equal(out, b) {
				t.Fatalf("rule kind %q writes back as %q, %v", b, out, err)
			}
		}
		var s eligibility.Status
		if s.UnmarshalText(b) == nil {
			if out, err := s.MarshalText(); err != nil || !bytes.Equal(out, b) {
				t.Fatalf("status %q writes back as %q, %v", b, out, err)
			}
		}
		var tr eligibility.Truth
		if tr.UnmarshalJSON(b) == nil {
			if out, err := tr.MarshalJSON(); err != nil || !bytes.Equal(out, b) {
				t.Fatalf("truth %q writes back as %q, %v", b, out, err)
			}
		}
		var fv eligibility.FactValue
		if fv.UnmarshalJSON(b) == nil {
			out, err := fv.MarshalJSON()
			if err != nil {
				t.Fatalf("fact value %q does not write: %v", b, err)
			}
			var back eligibility.FactValue
			if err := back.UnmarshalJSON(out); err != nil {
				t.Fatalf("fact value %q writes %s, which does not read back: %v", b, out, err)
			}
			again, _ := back.MarshalJSON()
			if !bytes.Equal(out, again) {
				t.Fatalf("fact value %q: %s then %s", b, out, again)
			}
			_ = fv.Value.Text(housing.Italian, fv.Name())
		}
	})
}

// FuzzFileFormat: FileFormat answers for any input — the declared format
// or "" — or refuses a file that is not YAML or JSON with CodeInvalid; and a
// file that declares a format is parsed by the parser of that format
// without a panic.
func FuzzFileFormat(f *testing.F) {
	f.Add("r.yaml", []byte(base))
	f.Add("o.yaml", []byte("format: housingkit.overlay/v1\nid: x\nbase: y\n"))
	f.Add("t.json", []byte(`{"format": "housingkit.testcases/v1", "ruleset": "x", "cases": []}`))
	f.Add("x.json", []byte(`{"format": "housingkit.ruleset/v1",}`))
	f.Add("x.yaml", []byte("- format: x\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		format, err := eligibility.FileFormat(name, data)
		if err != nil {
			if format != "" || housing.ErrorCode(err) != housing.CodeInvalid {
				t.Fatalf("FileFormat = %q, %v", format, err)
			}
			return
		}
		switch format {
		case eligibility.FormatRuleSet:
			_, _ = eligibility.Parse(name, data)
		case eligibility.FormatOverlay:
			_, _ = eligibility.ParseOverlay(name, data)
		case eligibility.FormatTestCases:
			_, _ = eligibility.ParseTestFile(name, data)
		}
	})
}
