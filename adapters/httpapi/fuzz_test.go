package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/adapters/memory"
)

// FuzzEvaluateBody sends arbitrary bodies to POST /v1/evaluate (and the
// same bytes as a batch): whatever the input, the answer is never a 5xx,
// and an error is always a problem document.
func FuzzEvaluateBody(f *testing.F) {
	hh := string(repoFile(f, "testdata/crema-household-family-of-four.json"))
	overlay := string(yamlToJSON(f, repoFile(f, "eligibility/rulesets/variants/crema.size-limit-5.yaml")))
	for _, seed := range []string{
		`{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03","household":` + hh + `}`,
		`{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03","household":` + hh + `,"overlays":[` + overlay + `]}`,
		`{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03","household":` + hh + `,"referral":` + cremaReferral + `}`,
		`{"ruleset":"lombardia.housing-mix","date":"9999-12-31","household":{"id":"x","members":[{"role":"reference","birth_date":"0001-01-01","incomes":null}]}}`,
		`{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03","household":{},"overlays":[{"format":"housingkit.overlay/v1","id":"o","base":"crema.ospitalita-temporanea","params":{"x":{"value":"1e99999"}}}]}`,
		`{"overlays":[{"remove":["*"]},null,1,"x"]}`,
		`{"date":"2025-02-29"}`, `[]`, `null`, `"`, `{"household":{"members":[` + strings.Repeat(`{},`, 60) + `{}]}}`,
	} {
		f.Add([]byte(seed))
	}
	h := mustNew(f, httpapi.Options{Store: memory.New()})
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, path := range []string{"/v1/evaluate", "/v1/evaluate/batch"} {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(string(body)))
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s answered %d for %q: %s", path, rec.Code, body, rec.Body.String())
			}
			if rec.Code >= 400 && rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%s: error %d is not a problem: %s", path, rec.Code, rec.Body.String())
			}
			if path == "/v1/evaluate/batch" && rec.Code == 200 && strings.Contains(rec.Body.String(), `"status":5`) {
				t.Fatalf("batch line answered a 5xx problem for %q: %s", body, rec.Body.String())
			}
		}
	})
}
