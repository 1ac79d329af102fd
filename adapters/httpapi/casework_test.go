package httpapi_test

import (
	"testing"

	"github.com/housingkit/housingkit/adapters/httpapi"
)

// TestCaseworkOverHTTP carries a Ferrara case from referral to exit through
// the casework endpoints, and checks that tenant B sees none of it.
func TestCaseworkOverHTTP(t *testing.T) {
	s := newService(t, httpapi.Options{})
	post := func(path, body string, want int) map[string]any {
		t.Helper()
		r := s.call(t, "POST", path, tokenA, []byte(body))
		mustStatus(t, r, want)
		if want >= 400 {
			r.problem(t)
			return nil
		}
		return r.json(t)
	}
	get := func(path, token string, want int) map[string]any {
		t.Helper()
		r := s.call(t, "GET", path, token, nil)
		mustStatus(t, r, want)
		if want >= 400 {
			r.problem(t)
			return nil
		}
		return r.json(t)
	}
	post("/v1/facilities", `{"id":"codigoro","name":"Codigoro","programme_id":"ferrara-sud-est.housing-temporaneo","municipality":"Codigoro","sub_area":"Delta Ferrarese","bed_capacity":6,"restrictions":{}}`, 201)
	post("/v1/units", `{"id":"codigoro-1","facility_id":"codigoro","programme_id":"ferrara-sud-est.housing-temporaneo","kind":"room","beds":1,"bedrooms":1,"area_sqm":"60","rent":"0","service_charges":"0","contract":"concession","available_from":"2025-01-01","restrictions":{}}`, 201)
	household := `{"id":"fe-01","members":[{"id":"` + fiscalCode + `","role":"reference","birth_date":"1990-06-12","sex":"F","incomes":[],"disability":"none","victim_of_violence":true,"leaving_care":false,"no_support_network":false,"recently_impoverished":false,"certified_hardship":false}],
 "residence":{"municipality":"Codigoro","region":"Emilia-Romagna","since":"2019-05-01"},"living_situation":"4.1","public_housing":{"available_now":false},"emergency":{"eviction_order":false,"safety_risk":false}}`
	referral := `{"household":` + household + `,"assessment":{"domains":[{"domain":"housing","need":"high"}],"summary":"needs a protected dwelling"},
 "referral":{"id":"r1","household_id":"fe-01","programme_id":"ferrara-sud-est.housing-temporaneo","date":"2025-02-10","record_ref":"FE-SE-2025-01","case_managed":true,
  "team":{"name":"Equipe territoriale multidisciplinare Delta Ferrarese","kind":"multidisciplinary"}}}`
	// Without the personal record's reference Ferrara refuses it.
	post("/v1/casework/referrals", `{"household":`+household+`,"assessment":{"domains":[]},"referral":{"id":"r0","household_id":"fe-01","programme_id":"ferrara-sud-est.housing-temporaneo","date":"2025-02-10","team":{"name":"x","kind":"multidisciplinary"}}}`, 400)
	post("/v1/casework/referrals", referral, 201)
	d := post("/v1/casework/referrals/r1/decision", `{"date":"2025-03-01"}`, 200)
	if d["decision"].(map[string]any)["outcome"] != "eligible" || d["waiting"] == nil {
		t.Fatalf("decision: %v", d)
	}
	wl := get("/v1/casework/waiting-list/ferrara-sud-est.housing-temporaneo", tokenA, 200)
	if n := len(wl["entries"].([]any)); n != 1 {
		t.Fatalf("waiting list has %d entries", n)
	}
	pr := post("/v1/casework/proposals", `{"programme_id":"ferrara-sud-est.housing-temporaneo","date":"2025-03-05"}`, 200)
	props := pr["proposals"].([]any)
	if len(props) != 1 {
		t.Fatalf("proposals: %v", pr)
	}
	id := props[0].(map[string]any)["id"].(string)
	post("/v1/casework/responses", `{"proposal_id":"`+id+`","by":"household","accept":true,"date":"2025-03-06"}`, 200)
	p := post("/v1/casework/responses", `{"proposal_id":"`+id+`","by":"landlord","accept":true,"date":"2025-03-06"}`, 200)
	if p["status"] != "accepted" {
		t.Fatalf("proposal after both accepted: %v", p)
	}
	k := post("/v1/casework/tenancies", `{"proposal_id":"`+id+`","tenancy_id":"t-fe-01","start":"2025-03-10"}`, 201)
	if k["end"] != "2027-03-10" {
		t.Fatalf("contract: %v", k)
	}
	// The unit is taken: a second start of the same proposal is refused.
	post("/v1/casework/tenancies", `{"proposal_id":"`+id+`","tenancy_id":"t-fe-02","start":"2025-03-10"}`, 409)
	post("/v1/casework/careplans", `{"id":"cp-fe-01","household_id":"fe-01","tenancy_id":"t-fe-01","keyworker":"as-03","start":"2025-03-10",
 "goals":[{"description":"domanda ERP presentata","due":"2025-06-30"}],"services":[{"service":"job_placement","start":"2025-04-01"}]}`, 201)
	due := get("/v1/casework/due?date=2025-07-15", tokenA, 200)
	if n := len(due["due"].([]any)); n != 1 {
		t.Fatalf("due: %v", due)
	}
	post("/v1/casework/tenancies/t-fe-01/reviews", `{"date":"2025-09-12","note":"verifica"}`, 200)
	ex := post("/v1/casework/tenancies/t-fe-01/exit", `{"date":"2026-01-20","pathway":"public_housing"}`, 200)
	if ex["status"] != "ended" {
		t.Fatalf("after exit: %v", ex)
	}
	get("/v1/casework/tenancies/t-fe-01/contract", tokenA, 200)
	if j := get("/v1/casework/journal/fe-01", tokenA, 200); len(j["entries"].([]any)) == 0 {
		t.Fatal("empty journal")
	}
	get("/v1/casework/reports?from=2025-01-01&to=2025-12-31", tokenA, 200)

	// Tenant B: nothing of it.
	get("/v1/casework/tenancies/t-fe-01/contract", tokenB, 404)
	get("/v1/casework/households/fe-01/proposals", tokenB, 200)
	if wl := get("/v1/casework/waiting-list/ferrara-sud-est.housing-temporaneo", tokenB, 200); len(wl["entries"].([]any)) != 0 {
		t.Fatal("B sees A's waiting list")
	}
	if j := get("/v1/casework/journal/fe-01", tokenB, 200); len(j["entries"].([]any)) != 0 {
		t.Fatal("B sees A's journal")
	}
	r := s.call(t, "POST", "/v1/casework/referrals/r1/decision", tokenB, []byte(`{"date":"2025-03-01"}`))
	mustStatus(t, r, 404)
	r = s.call(t, "POST", "/v1/casework/tenancies/t-fe-01/exit", tokenB, []byte(`{"date":"2026-01-20","pathway":"public_housing"}`))
	mustStatus(t, r, 404)
}
