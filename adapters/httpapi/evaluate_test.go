package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
)

// cremaReferral is the referral that brings the Crema test households.
const cremaReferral = `{"id":"r1","household_id":"cr-ot-2022-004","programme_id":"crema.ospitalita-temporanea","date":"2025-02-20",
 "team":{"name":"Servizio sociale","kind":"social_service"},"with":[{"name":"Equipe Integrata Servizi Abitativi","kind":"integrated_housing"}]}`

func evaluateBody(t testing.TB, household []byte, overlays ...[]byte) []byte {
	t.Helper()
	req := map[string]json.RawMessage{
		"ruleset":   json.RawMessage(`"crema.ospitalita-temporanea"`),
		"date":      json.RawMessage(`"2025-03-03"`),
		"household": household,
		"referral":  json.RawMessage(cremaReferral),
	}
	if len(overlays) > 0 {
		var os []json.RawMessage
		for _, o := range overlays {
			os = append(os, yamlToJSON(t, o))
		}
		req["overlays"] = mustJSON(t, os)
	}
	return mustJSON(t, req)
}

func TestEvaluateAgreesWithTheSDK(t *testing.T) {
	s := newService(t, httpapi.Options{})
	hh := repoFile(t, "testdata/crema-household-family-of-four.json")
	r := s.call(t, "POST", "/v1/evaluate", tokenA, evaluateBody(t, hh))
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	got, err := eligibility.ParseDecision(r.body)
	if err != nil {
		t.Fatalf("the answer is not a housingkit.decision/v1: %v", err)
	}
	// The same through the SDK directly.
	h, err := housing.ReadHousehold("h.json", hh)
	if err != nil {
		t.Fatal(err)
	}
	var ref housing.Referral
	if err := json.Unmarshal([]byte(cremaReferral), &ref); err != nil {
		t.Fatal(err)
	}
	rs, _ := eligibility.Shipped("crema.ospitalita-temporanea")
	want, err := eligibility.Evaluate(rs, &h, housing.MustParseDate("2025-03-03"), eligibility.WithReferral(&ref))
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got)
	if string(wantJSON) != string(gotJSON) {
		t.Fatalf("decision differs from the SDK's:\n got %s\nwant %s", gotJSON, wantJSON)
	}
	if got.Outcome == "" || len(got.Reasons) == 0 {
		t.Fatalf("empty decision: %s", r.body)
	}
}

func TestEvaluateWithOverlayInTheRequest(t *testing.T) {
	s := newService(t, httpapi.Options{})
	// A household that owns an adequate dwelling: eligible without the
	// overlay, excluded with crema.owner-exclusion.
	var hh map[string]any
	if err := json.Unmarshal(repoFile(t, "testdata/crema-household-family-of-four.json"), &hh); err != nil {
		t.Fatal(err)
	}
	hh["ownership"] = map[string]any{"owns_dwelling": true, "adequate": true}
	body := mustJSON(t, hh)
	base := s.call(t, "POST", "/v1/evaluate", tokenA, evaluateBody(t, body))
	overlay := repoFile(t, "eligibility/rulesets/variants/crema.owner-exclusion.yaml")
	varied := s.call(t, "POST", "/v1/evaluate", tokenA, evaluateBody(t, body, overlay))
	if base.status != 200 || varied.status != 200 {
		t.Fatalf("statuses %d %d: %s %s", base.status, varied.status, base.body, varied.body)
	}
	b, v := base.json(t), varied.json(t)
	if b["outcome"] == v["outcome"] {
		t.Fatalf("the overlay changed nothing: outcome %v both times", b["outcome"])
	}
	if v["outcome"] != string(eligibility.Ineligible) {
		t.Fatalf("with the owner exclusion the outcome is %v, want ineligible", v["outcome"])
	}
	if !strings.Contains(string(varied.body), "owns_adequate_dwelling") {
		t.Fatalf("the decision does not name the overlay's exclusion: %s", varied.body)
	}
}
