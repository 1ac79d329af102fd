package httpapi

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/housingkit/housingkit/housing"
)

// FuzzSplitAgreesWithStrictReader checks the fast reading of an evaluate
// body (split at the top level, each part read by the strict reader)
// against the strict reader's reading of the whole body: both accept or
// both refuse, and what they accept is the same request.
func FuzzSplitAgreesWithStrictReader(f *testing.F) {
	hh, err := os.ReadFile("../../testdata/crema-household-family-of-four.json")
	if err != nil {
		f.Fatal(err)
	}
	ref := `{"id":"r1","household_id":"x","programme_id":"p","date":"2025-02-20","team":{"name":"t","kind":"social_service"}}`
	for _, s := range []string{
		`{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03","household":` + string(hh) + `}`,
		`{"ruleset":"a","date":"2025-03-03","household":` + string(hh) + `,"referral":` + ref + `,"overlays":[{"id":"x"}]}`,
		`{"ruleset":"a","ruleset":"b","date":"2025-03-03","household":{}}`,
		`{"ruleset":1,"date":null,"household":{"id":"x","members":[{"role":"reference","birth_date":"1980-01-01","incomes":[]}]},"referral":null}`,
		`{"Ruleset":"a"}`, `{} `, `{}x`, `[]`, `{"household":{"id":"\u00e9","members":[]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, _, _, fps, err := parseEvaluate(data)
		if err != nil {
			t.Skip()
		}
		var strict EvaluateRequest
		serr := readJSON(data, &strict, strict.validate)
		if (len(fps) == 0) != (serr == nil) {
			t.Fatalf("fast reading problems %v, strict reading %v, for %q", fps, serr, data)
		}
		if serr != nil {
			return
		}
		a, _ := json.Marshal(struct {
			R, D, H, F any
		}{fast.RuleSet, fast.Date, fast.Household, fast.Referral})
		b, _ := json.Marshal(struct {
			R, D, H, F any
		}{strict.RuleSet, strict.Date, strict.Household, strict.Referral})
		if string(a) != string(b) {
			t.Fatalf("readings differ for %q:\nfast   %s\nstrict %s", data, a, b)
		}
	})
}

// TestSplitColumnsInCharacters: a problem inside a member that starts after
// non-ASCII text on its line is placed where the strict reader places it
// (columns count characters, not bytes).
func TestSplitColumnsInCharacters(t *testing.T) {
	body := []byte(`{"ruleset":"città-è","date":"2025-03-03","household":{"id":"x","members":[{"role":"reference","birth_date":"1980-13-01","incomes":[]}]}}`)
	_, _, _, fast, err := parseEvaluate(body)
	if err != nil {
		t.Fatal(err)
	}
	var strict EvaluateRequest
	sps, _ := problemsOf(readJSON(body, &strict, strict.validate))
	at := func(ps []housing.Problem) [2]int {
		for _, p := range ps {
			if strings.HasSuffix(p.Path, "birth_date") {
				return [2]int{p.Line, p.Col}
			}
		}
		t.Fatalf("no birth_date problem in %v", ps)
		return [2]int{}
	}
	want := [2]int{1, utf8.RuneCount(body[:bytes.Index(body, []byte(`"1980-13-01"`))]) + 1}
	if got := at(sps); got != want {
		t.Errorf("strict reader: birth_date problem at %v, want %v", got, want)
	}
	if got := at(fast); got != want {
		t.Errorf("split reading: birth_date problem at %v, want %v", got, want)
	}
}
