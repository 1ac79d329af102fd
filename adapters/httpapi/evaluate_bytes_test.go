package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
)

// TestEvaluateBytesAreJSONMarshal holds the body of POST /v1/evaluate to
// what json.Marshal writes for the SDK's decision plus a newline, byte for
// byte, with the same headers, over shipped rule sets, their households,
// overlays in the request and a household id that needs escaping.
func TestEvaluateBytesAreJSONMarshal(t *testing.T) {
	var ref housing.Referral
	if err := json.Unmarshal([]byte(cremaReferral), &ref); err != nil {
		t.Fatal(err)
	}
	// escaped is the Crema family with an id that json.Marshal escapes
	// (HTML characters, U+2028, a quote, a backslash and a tab).
	var fam map[string]any
	if err := json.Unmarshal(repoFile(t, "testdata/crema-household-family-of-four.json"), &fam); err != nil {
		t.Fatal(err)
	}
	fam["id"] = "<a&b>\u2028\"q\"\\\tè"
	escaped := mustJSON(t, fam)
	for _, tc := range []struct {
		name, ruleset, date, household string
		raw                            []byte // household JSON, when not a file
		referral                       bool
		overlays                       []string
	}{
		{name: "crema", ruleset: "crema.ospitalita-temporanea", date: "2025-03-03", household: "testdata/crema-household-family-of-four.json", referral: true},
		{name: "crema-no-income", ruleset: "crema.ospitalita-temporanea", date: "2025-03-03", household: "testdata/crema-household-no-income.json"},
		{name: "crema-overlay", ruleset: "crema.ospitalita-temporanea", date: "2025-03-03", household: "testdata/crema-household-family-of-four.json", referral: true,
			overlays: []string{"eligibility/rulesets/variants/crema.owner-exclusion.yaml"}},
		{name: "crema-two-overlays", ruleset: "crema.ospitalita-temporanea", date: "2025-03-03", household: "testdata/crema-household-family-of-four.json",
			overlays: []string{"eligibility/rulesets/variants/crema.size-limit-target-a-only.yaml", "eligibility/rulesets/variants/crema.without-income.yaml"}},
		{name: "crema-escaped-id", ruleset: "crema.ospitalita-temporanea", date: "2025-03-03", raw: escaped, referral: true},
		{name: "catania-habito", ruleset: "catania.habito-agenzia-casa", date: "2021-06-01", household: "testdata/catania-habito-household-housing-first.json"},
		{name: "catania-habito-overlay", ruleset: "catania.habito-agenzia-casa", date: "2021-06-01", household: "testdata/catania-habito-household-housing-first.json",
			overlays: []string{"eligibility/rulesets/variants/catania.habito-owner-exclusion.yaml"}},
		{name: "catania-transition", ruleset: "catania.alloggi-di-transizione", date: "2025-03-03", household: "testdata/catania-transition-household-eviction.json"},
		{name: "catania-transition-overlay", ruleset: "catania.alloggi-di-transizione", date: "2025-03-03", household: "testdata/catania-transition-household-eviction.json",
			overlays: []string{"eligibility/rulesets/variants/catania.transizione-without-safety-risk.yaml"}},
		{name: "catania-transition-improper", ruleset: "catania.alloggi-di-transizione", date: "2025-03-03", household: "testdata/catania-transition-household-improper-dwelling.json"},
		{name: "ferrara", ruleset: "ferrara-sud-est.housing-temporaneo", date: "2025-03-03", household: "testdata/ferrara-household-woman-violence.json"},
		{name: "ferrara-overlay", ruleset: "ferrara-sud-est.housing-temporaneo", date: "2025-03-03", household: "testdata/ferrara-household-woman-violence.json",
			overlays: []string{"eligibility/rulesets/variants/ferrara.named-groups-only.yaml"}},
		{name: "housing-mix", ruleset: "lombardia.housing-mix", date: "2025-03-03", household: "testdata/housingmix-household-older-alone.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hh := tc.raw
			if hh == nil {
				hh = repoFile(t, tc.household)
			}
			req := map[string]json.RawMessage{
				"ruleset":   mustJSON(t, tc.ruleset),
				"date":      mustJSON(t, tc.date),
				"household": hh,
			}
			if tc.referral {
				req["referral"] = json.RawMessage(cremaReferral)
			}
			rs, err := eligibility.Shipped(tc.ruleset)
			if err != nil {
				t.Fatal(err)
			}
			var os []json.RawMessage
			for _, f := range tc.overlays {
				data := repoFile(t, f)
				os = append(os, yamlToJSON(t, data))
				o, err := eligibility.ParseOverlay(f, data)
				if err != nil {
					t.Fatal(err)
				}
				if rs, err = rs.Apply(o); err != nil {
					t.Fatal(err)
				}
			}
			if len(os) > 0 {
				req["overlays"] = mustJSON(t, os)
			}
			body := mustJSON(t, req)

			// The SDK's decision, encoded by json.Marshal as writeJSON
			// did before AppendJSON: the body plus a newline.
			h, err := housing.ReadHousehold("h.json", hh)
			if err != nil {
				t.Fatal(err)
			}
			var opts []eligibility.Option
			if tc.referral {
				opts = append(opts, eligibility.WithReferral(&ref))
			}
			d, err := eligibility.Evaluate(rs, &h, housing.MustParseDate(tc.date), opts...)
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, '\n')

			// Twice on one handler: the second time the variant comes
			// from the cache.
			srv := mustNew(t, httpapi.Options{})
			for round := range 2 {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/evaluate", bytes.NewReader(body)))
				if rec.Code != http.StatusOK {
					t.Fatalf("round %d: status %d: %s", round, rec.Code, rec.Body.String())
				}
				if got := rec.Body.Bytes(); !bytes.Equal(got, want) {
					t.Fatalf("round %d: body differs from json.Marshal's:\n got %s\nwant %s", round, got, want)
				}
				for k, v := range map[string]string{
					"Content-Type":           "application/json",
					"X-Content-Type-Options": "nosniff",
					"Content-Length":         strconv.Itoa(len(want)),
				} {
					if got := rec.Header().Values(k); len(got) != 1 || got[0] != v {
						t.Fatalf("round %d: header %s = %q, want %q", round, k, got, v)
					}
				}
			}
			if len(tc.overlays) > 0 && len(d.RuleSet.Variants) == 0 {
				t.Fatalf("the overlays named no variant: %s", want)
			}
		})
	}
}
