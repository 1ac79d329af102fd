package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/store"
)

// Mount the service under a prefix of a vendor's own mux, with bearer
// tokens per tenant, and ask for a decision.
func Example() {
	tokens, err := httpapi.ParseTokens("tokens.txt", []byte("comune-crema "+httpapi.HashToken("a-long-secret-token-of-crema")+"\n"))
	if err != nil {
		panic(err)
	}
	h, err := httpapi.New(httpapi.Options{Store: memory.New(), Auth: tokens})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/housing/", http.StripPrefix("/housing", h))

	body := `{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03",
	 "household":{"id":"h1","members":[{"role":"reference","birth_date":"1980-05-01","incomes":[]}]}}`
	req := httptest.NewRequest("POST", "/housing/v1/evaluate", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer a-long-secret-token-of-crema")
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	var d struct {
		Outcome string   `json:"outcome"`
		Missing []string `json:"missing"`
	}
	json.Unmarshal(rec.Body.Bytes(), &d)
	fmt.Println(rec.Code, d.Outcome)

	// Without the token: 401, as a problem document.
	req = httptest.NewRequest("POST", "/housing/v1/evaluate", strings.NewReader(body))
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output:
	// 200 ineligible
	// 401 application/problem+json
}

// A vendor's own authentication: the tenant comes from the vendor's
// session, never from a header the client writes.
func ExampleAuthenticatorFunc() {
	sessions := map[string]store.Tenant{"s-123": "comune-ferrara"}
	auth := httpapi.AuthenticatorFunc(func(r *http.Request) (store.Tenant, error) {
		c, err := r.Cookie("session")
		if err != nil {
			return "", httpapi.ErrUnauthenticated
		}
		t, ok := sessions[c.Value]
		if !ok {
			return "", httpapi.ErrUnauthenticated
		}
		return t, nil
	})
	h, err := httpapi.New(httpapi.Options{Store: memory.New(), Auth: auth})
	if err != nil {
		panic(err)
	}
	for _, cookie := range []string{"session=s-123", "session=forged"} {
		req := httptest.NewRequest("GET", "/v1/households/h1", nil)
		req.Header.Set("Cookie", cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(cookie, rec.Code)
	}
	// Output:
	// session=s-123 404
	// session=forged 401
}

// The line of a tokens file for a token: the token itself is never stored.
func ExampleHashToken() {
	fmt.Println("comune-crema", httpapi.HashToken("abc"))
	// Output:
	// comune-crema sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
}

// Field paths of the SDK as JSON pointers into a request body.
func ExamplePointer() {
	fmt.Println(httpapi.Pointer("household.members[2].birth_date"))
	fmt.Println(httpapi.Pointer("overlays[0].parameters[1].value"))
	// Output:
	// /household/members/2/birth_date
	// /overlays/0/parameters/1/value
}
