package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/adapters/httpapi"
)

// Personal data the tests send; the log must never hold them.
const (
	fiscalCode  = "RSSMRA80A01H501U"
	fiscalCode2 = "BNCLRA85M41F205X"
	personName  = "Mario Rossi"
	personName2 = "Laura Bianchi"
)

// placementFixtures returns the bodies of a facility, two units, two
// households and their tenancies, ids prefixed with p.
func householdJSON(id, memberID, note string) []byte {
	return []byte(fmt.Sprintf(`{"id":%q,"members":[{"id":%q,"role":"reference","birth_date":"1980-01-01","incomes":[{"kind":"employment","annual":"12000.00","note":%q}]}]}`, id, memberID, note))
}

func facilityJSON(id string, beds int) []byte {
	return []byte(fmt.Sprintf(`{"id":%q,"name":"Casa comune","municipality":"Crema","bed_capacity":%d,"restrictions":{}}`, id, beds))
}

func unitJSON(id, facility string, beds int) []byte {
	return []byte(fmt.Sprintf(`{"id":%q,"facility_id":%q,"kind":"room","beds":%d,"area_sqm":"14","rent":"0","service_charges":"0","contract":"free_loan","available_from":"2025-01-01","restrictions":{}}`, id, facility, beds))
}

func tenancyJSON(id, household, unit, start string) []byte {
	return []byte(fmt.Sprintf(`{"id":%q,"household_id":%q,"unit_id":%q,"policy_id":"crema.ospitalita-temporanea","status":"active","start":%q,"planned_end":"2026-01-01",
"history":[{"date":%q,"to":"proposed"},{"date":%q,"from":"proposed","to":"active"}]}`, id, household, unit, start, start, start))
}

func mustStatus(t *testing.T, r reply, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d: %s", r.status, want, r.body)
	}
}

func TestCrossTenantIsNotFound(t *testing.T) {
	s := newService(t, httpapi.Options{})
	mustStatus(t, s.call(t, "POST", "/v1/households", tokenA, householdJSON("hh-1", fiscalCode, personName)), 201)
	mustStatus(t, s.call(t, "POST", "/v1/facilities", tokenA, facilityJSON("f-1", 4)), 201)
	mustStatus(t, s.call(t, "POST", "/v1/units", tokenA, unitJSON("u-1", "f-1", 1)), 201)
	mustStatus(t, s.call(t, "POST", "/v1/tenancies", tokenA, tenancyJSON("t-1", "hh-1", "u-1", "2025-03-01")), 201)
	mustStatus(t, s.call(t, "GET", "/v1/households/hh-1", tokenA, nil), 200)

	// Tenant B asks for every record of tenant A: 404, with no data.
	for _, path := range []string{"/v1/households/hh-1", "/v1/facilities/f-1", "/v1/units/u-1", "/v1/tenancies/t-1",
		"/v1/tenancies/t-1/history", "/v1/facilities/f-1/occupancy?date=2025-04-01"} {
		r := s.call(t, "GET", path, tokenB, nil)
		p := r.problem(t)
		if r.status != http.StatusNotFound || p.Code != "not_found" {
			t.Errorf("%s as tenant B: status %d code %s, want 404 not_found", path, r.status, p.Code)
		}
		for _, secret := range []string{fiscalCode, personName, "Casa comune", "2025-03-01"} {
			if strings.Contains(string(r.body), secret) {
				t.Errorf("%s as tenant B: the answer holds %q: %s", path, secret, r.body)
			}
		}
	}
	// Tenant B's listings are empty.
	for _, path := range []string{"/v1/households", "/v1/units", "/v1/tenancies", "/v1/vacancies?date=2025-01-01"} {
		r := s.call(t, "GET", path, tokenB, nil)
		mustStatus(t, r, 200)
		if items := r.json(t)["items"].([]any); len(items) != 0 {
			t.Errorf("%s as tenant B lists %d of A's records", path, len(items))
		}
	}
	// Tenant B cannot place its household in A's unit: the unit does not
	// exist for B (a reference to no record).
	mustStatus(t, s.call(t, "POST", "/v1/households", tokenB, householdJSON("hh-b", fiscalCode2, personName2)), 201)
	r := s.call(t, "POST", "/v1/tenancies", tokenB, tenancyJSON("t-b", "hh-b", "u-1", "2025-03-01"))
	if r.status != http.StatusBadRequest && r.status != http.StatusNotFound {
		t.Fatalf("B placing in A's unit: status %d, want 400 or 404: %s", r.status, r.body)
	}
	if strings.Contains(string(r.body), "Casa comune") || strings.Contains(string(r.body), fiscalCode) {
		t.Fatalf("the refusal leaks A's data: %s", r.body)
	}
	// A header naming a tenant changes nothing: the tenant is the token's.
	r = s.call(t, "GET", "/v1/households/hh-1", tokenB, nil, "X-Tenant: comune-a", "X-Housingkit-Tenant: comune-a")
	mustStatus(t, r, 404)
}

func TestCredentialsRequired(t *testing.T) {
	s := newService(t, httpapi.Options{})
	for _, tc := range []struct{ name, auth string }{
		{"none", ""},
		{"wrong scheme", "Basic " + tokenA},
		{"unknown token", "Bearer token-nobody-has-0000000000"},
		{"short token", "Bearer abc"},
		{"token with a suffix", "Bearer " + tokenA + "x"},
	} {
		r := s.call(t, "GET", "/v1/households/hh-1", "", nil, "Authorization: "+tc.auth)
		p := r.problem(t)
		if r.status != http.StatusUnauthorized || p.Key != "http.unauthenticated" || r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: status %d key %s, want 401 http.unauthenticated with WWW-Authenticate", tc.name, r.status, p.Key)
		}
		// The rule endpoints too need a credential when the handler has
		// an Authenticator.
		r = s.call(t, "GET", "/v1/rulesets", "", nil, "Authorization: "+tc.auth)
		mustStatus(t, r, 401)
	}
	// Health and description need none.
	mustStatus(t, s.call(t, "GET", "/healthz", "", nil), 200)
	mustStatus(t, s.call(t, "GET", "/readyz", "", nil), 200)
	mustStatus(t, s.call(t, "GET", "/openapi.json", "", nil), 200)
}

func TestNoAuthenticatorNoTenantData(t *testing.T) {
	// A handler without any Authenticator: rule endpoints open, records
	// refused.
	h := mustNew(t, httpapi.Options{})
	rec := newRecorder()
	h.ServeHTTP(rec, mustRequest(t, "GET", "/v1/households/x", ""))
	if rec.Code != 401 {
		t.Fatalf("records without an Authenticator: %d, want 401", rec.Code)
	}
	rec = newRecorder()
	h.ServeHTTP(rec, mustRequest(t, "GET", "/v1/rulesets", ""))
	if rec.Code != 200 {
		t.Fatalf("rule sets without an Authenticator: %d, want 200", rec.Code)
	}
}

func TestVendorAuthenticator(t *testing.T) {
	// A vendor's own authentication: a session cookie it checks itself.
	auth := httpapi.AuthenticatorFunc(func(r *http.Request) (storeTenant, error) {
		c, err := r.Cookie("session")
		if err != nil || c.Value != "valid-session-of-comune-a" {
			return "", httpapi.ErrUnauthenticated
		}
		return "comune-a", nil
	})
	s := newService(t, httpapi.Options{Auth: auth})
	mustStatus(t, s.call(t, "POST", "/v1/households", "", householdJSON("hh-1", fiscalCode, personName), "Cookie: session=valid-session-of-comune-a"), 201)
	mustStatus(t, s.call(t, "GET", "/v1/households/hh-1", "", nil, "Cookie: session=other"), 401)
	mustStatus(t, s.call(t, "GET", "/v1/households/hh-1", "", nil, "Cookie: session=valid-session-of-comune-a"), 200)
}

func TestTokensFile(t *testing.T) {
	_, err := httpapi.ParseTokens("t.txt", []byte("comune-a "+tokenA+"\nBad_Tenant "+httpapi.HashToken(tokenB)+"\ncomune-b sha256:00\ncomune-c "+httpapi.HashToken(tokenA)+"\ncomune-d "+httpapi.HashToken(tokenA)+"\n"))
	if err == nil {
		t.Fatal("a tokens file with a raw token, a bad tenant, a short hash and a duplicate was accepted")
	}
	msg := err.Error()
	for _, want := range []string{"t.txt:1", "t.txt:2", "t.txt:3", "t.txt:5", "already on line 4"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not mention %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, tokenA) {
		t.Errorf("the error repeats the raw token: %s", msg)
	}
	if _, err := httpapi.ParseTokens("t.txt", []byte("# nothing\n")); err == nil {
		t.Fatal("a file without tokens was accepted")
	}
	if got := httpapi.HashToken("abc"); got != "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatalf("HashToken(abc) = %s", got)
	}
}

func TestConflictInItalian(t *testing.T) {
	s := newService(t, httpapi.Options{})
	mustStatus(t, s.call(t, "POST", "/v1/facilities", tokenA, facilityJSON("f-1", 4)), 201)
	mustStatus(t, s.call(t, "POST", "/v1/units", tokenA, unitJSON("u-1", "f-1", 1)), 201)
	for _, h := range []string{"h-1", "h-2"} {
		mustStatus(t, s.call(t, "POST", "/v1/households", tokenA, householdJSON(h, "", "x")), 201)
	}
	mustStatus(t, s.call(t, "POST", "/v1/tenancies", tokenA, tenancyJSON("t-1", "h-1", "u-1", "2025-03-01")), 201)
	r := s.call(t, "POST", "/v1/tenancies", tokenA, tenancyJSON("t-2", "h-2", "u-1", "2025-04-01"), "Accept-Language: it")
	mustStatus(t, r, 409)
	p := r.problem(t)
	if p.Key != "store.unit_occupied" || p.Title != "Conflitto" || !strings.HasPrefix(p.Detail, "L'alloggio è già occupato") || !strings.Contains(p.Detail, `"u-1"`) {
		t.Fatalf("Italian conflict: %+v", p)
	}
	r = s.call(t, "POST", "/v1/tenancies", tokenA, tenancyJSON("t-2", "h-2", "u-1", "2025-04-01"), "Accept-Language: en")
	if p := r.problem(t); p.Title != "Conflict" || !strings.HasPrefix(p.Detail, `unit "u-1" is occupied`) {
		t.Fatalf("English conflict: %+v", p)
	}
}
