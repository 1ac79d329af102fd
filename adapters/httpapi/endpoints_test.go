package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/housingkit/housingkit/rentcalc"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

func TestRentEndpointsAgreeWithTheSDK(t *testing.T) {
	s := newService(t, httpapi.Options{})
	hh := repoFile(t, "testdata/crema-household-family-of-four.json")
	r := s.call(t, "POST", "/v1/rent/assess", tokenA, []byte(`{"household":`+string(hh)+`,"rent":"450.00","charges":"60","policy":"modena-2x","date":"2025-03-01"}`))
	mustStatus(t, r, 200)
	var got struct {
		Household      string          `json:"household"`
		Sustainable    bool            `json:"sustainable"`
		MaxRentMonthly decimal.Decimal `json:"max_rent_monthly"`
	}
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	h, _ := housing.ReadHousehold("h.json", hh)
	on := housing.MustParseDate("2025-03-01")
	p, _ := rentcalc.ShippedPolicy("modena-2x")
	src, _ := rentcalc.Shipped()
	a, err := src.Compile(p, on)
	if err != nil {
		t.Fatal(err)
	}
	in, err := rentcalc.InputOf(h, on, decimal.RequireFromString("450"), decimal.RequireFromString("60"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := a.Assess(in)
	if got.Household != h.ID || got.Sustainable != want.Sustainable || !got.MaxRentMonthly.Equal(want.MaxRentMonthly) {
		t.Fatalf("assess: got %+v, SDK %v %s", got, want.Sustainable, want.MaxRentMonthly)
	}
	// Bad amounts and an unknown policy: every problem with its pointer.
	r = s.call(t, "POST", "/v1/rent/assess", tokenA, []byte(`{"household":`+string(hh)+`,"rent":"-1","charges":"1.001","policy":"nowhere","date":"2025-03-01"}`))
	mustStatus(t, r, 400)
	ptrs := map[string]bool{}
	for _, fp := range r.problem(t).Problems {
		ptrs[fp.Pointer] = true
	}
	for _, want := range []string{"/rent", "/charges", "/policy"} {
		if !ptrs[want] {
			t.Errorf("no problem at %s: %s", want, r.body)
		}
	}
	// Rent support for 2025.
	r = s.call(t, "POST", "/v1/rent/support", tokenA, []byte(`{"household":`+string(hh)+`,"rent":"380","year":2025}`))
	mustStatus(t, r, 200)
	var sup struct {
		Region       string          `json:"region"`
		Contribution decimal.Decimal `json:"contribution"`
		Band         string          `json:"band"`
	}
	json.Unmarshal(r.body, &sup)
	sin, err := rentcalc.SupportInputOf(h, housing.MustDate(2025, time.January, 1), decimal.RequireFromString("380"))
	if err != nil {
		t.Fatal(err)
	}
	scheme, _ := rentcalc.ShippedSupportScheme(rentcalc.SchemeL431)
	wantS, err := src.Support(scheme, 2025, sin)
	if err != nil {
		t.Fatal(err)
	}
	if sup.Region != "Lombardia" || !sup.Contribution.Equal(wantS.Contribution) || sup.Band != string(wantS.Band) {
		t.Fatalf("support: got %+v, SDK %s %s", sup, wantS.Band, wantS.Contribution)
	}
	mustStatus(t, s.call(t, "POST", "/v1/rent/support", tokenA, []byte(`{"household":`+string(hh)+`,"rent":"380","year":0}`)), 400)
}

// yamlFileJSON reads a YAML file of the repository as a JSON value.
func yamlFileJSON(t *testing.T, rel string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := yaml.Unmarshal(repoFile(t, rel), &v); err != nil {
		t.Fatal(err)
	}
	return datesAsText(v).(map[string]any)
}

// datesAsText turns the dates YAML decoded as times back into YYYY-MM-DD.
func datesAsText(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = datesAsText(x)
		}
	case []any:
		for i, x := range v {
			v[i] = datesAsText(x)
		}
	case time.Time:
		return v.Format(time.DateOnly)
	}
	return v
}

func TestMatchEndpointAgreesWithTheSDK(t *testing.T) {
	s := newService(t, httpapi.Options{})
	apps := yamlFileJSON(t, "matching/testdata/households.yaml")
	offer := yamlFileJSON(t, "matching/testdata/units.yaml")
	req := map[string]any{"date": "2025-03-01", "mechanism": "optimal", "applicants": apps["applicants"], "offer": offer}
	body := mustJSON(t, req)
	r := s.call(t, "POST", "/v1/match", tokenA, body)
	mustStatus(t, r, 200)
	a, err := matching.ReadApplicants("households.yaml", repoFile(t, "matching/testdata/households.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	o, err := matching.ReadOffer("units.yaml", repoFile(t, "matching/testdata/units.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := matching.Match(matching.Input{Applicants: a, Offer: o, Date: housing.MustParseDate("2025-03-01")}, matching.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	var g, w any
	json.Unmarshal(r.body, &g)
	json.Unmarshal(wantJSON, &w)
	gj, _ := json.Marshal(g)
	wj, _ := json.Marshal(w)
	if string(gj) != string(wj) {
		t.Fatalf("match differs from the SDK:\n got %s\nwant %s", gj, wj)
	}
	// The lottery needs its seed.
	req["mechanism"] = "lottery"
	r = s.call(t, "POST", "/v1/match", tokenA, mustJSON(t, req))
	mustStatus(t, r, 400)
	if p := r.problem(t); p.Problems[0].Pointer != "/seed" {
		t.Fatalf("lottery without seed: %+v", p.Problems)
	}
}

func TestCatalogueEndpoints(t *testing.T) {
	s := newService(t, httpapi.Options{})
	r := s.call(t, "GET", "/v1/rulesets", tokenA, nil)
	mustStatus(t, r, 200)
	if !strings.Contains(string(r.body), `"id":"crema.ospitalita-temporanea"`) {
		t.Fatalf("rule sets: %s", r.body)
	}
	// Parameters as of two dates: the INPS minimum pension changes.
	for _, tc := range []struct{ date, missing string }{{"2025-06-01", ""}, {"1900-01-01", ""}} {
		r = s.call(t, "GET", "/v1/parameters?date="+tc.date, tokenA, nil)
		mustStatus(t, r, 200)
	}
	var p2024, p2025 struct {
		Files []httpapi.ParameterFile `json:"files"`
	}
	json.Unmarshal(s.call(t, "GET", "/v1/parameters?date=2024-06-01", tokenA, nil).body, &p2024)
	json.Unmarshal(s.call(t, "GET", "/v1/parameters?date=2025-06-01", tokenA, nil).body, &p2025)
	if len(p2025.Files) == 0 {
		t.Fatal("no parameter files")
	}
	changed := 0
	for i, f := range p2025.Files {
		for j, pv := range f.Parameters {
			old := p2024.Files[i].Parameters[j]
			if pv.InForce && old.InForce && pv.From != old.From {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Fatal("no parameter changed value between mid-2024 and mid-2025")
	}
	r = s.call(t, "GET", "/v1/parameters", tokenA, nil)
	mustStatus(t, r, 400)
	if p := r.problem(t); p.Problems[0].Parameter != "date" {
		t.Fatalf("missing date: %+v", p)
	}
	mustStatus(t, s.call(t, "GET", "/v1/parameters?date=2025-02-30", tokenA, nil), 400)
	r = s.call(t, "GET", "/v1/policies", tokenA, nil)
	mustStatus(t, r, 200)
	if !strings.Contains(string(r.body), `"crema.ospitalita-temporanea"`) {
		t.Fatalf("policies: %s", r.body)
	}
	r = s.call(t, "GET", "/v1/schemas", tokenA, nil)
	mustStatus(t, r, 200)
	r = s.call(t, "GET", "/v1/schemas/household", tokenA, nil)
	mustStatus(t, r, 200)
	if r.header.Get("Content-Type") != "application/schema+json" || !strings.Contains(string(r.body), `"$schema"`) {
		t.Fatalf("household schema: %s", r.header.Get("Content-Type"))
	}
	mustStatus(t, s.call(t, "GET", "/v1/schemas/nothing", tokenA, nil), 404)
}
