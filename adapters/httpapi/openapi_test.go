package httpapi_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// metaSchemas are the OpenAPI 3.1 meta-schemas in testdata, by $id.
var metaSchemas = map[string]string{
	"https://spec.openapis.org/oas/3.1/schema/2022-10-07":      "testdata/oas3.1/schema.json",
	"https://spec.openapis.org/oas/3.1/schema-base/2022-10-07": "testdata/oas3.1/schema-base.json",
	"https://spec.openapis.org/oas/3.1/dialect/base":           "testdata/oas3.1/dialect-base.schema.json",
	"https://spec.openapis.org/oas/3.1/meta/base":              "testdata/oas3.1/meta-base.schema.json",
}

func TestOpenAPIDocumentIsValidOpenAPI31(t *testing.T) {
	s := newService(t, httpapi.Options{})
	r := s.call(t, "GET", "/openapi.json", "", nil)
	mustStatus(t, r, 200)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	for id, file := range metaSchemas {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(id, v); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := c.Compile("https://spec.openapis.org/oas/3.1/schema-base/2022-10-07")
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("/openapi.json is not a valid OpenAPI 3.1 document:\n%v", err)
	}

	// The meta-schema catches a broken description (the validator is not
	// a yes-man).
	var broken map[string]any
	json.Unmarshal(r.body, &broken)
	broken["paths"].(map[string]any)["/v1/evaluate"].(map[string]any)["post"].(map[string]any)["responses"] = "none"
	bb, _ := json.Marshal(broken)
	bdoc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bb))
	if err := sch.Validate(bdoc); err == nil {
		t.Fatal("a document whose responses are a string passed the meta-schema")
	}

	// Every route is described, and every $ref resolves: compile each
	// component schema of the document with its siblings.
	var m struct {
		Paths      map[string]map[string]struct{ Summary string }
		Components struct{ Schemas map[string]any }
	}
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/v1/evaluate", "/v1/evaluate/batch", "/v1/rent/assess", "/v1/rent/support", "/v1/match",
		"/v1/rulesets", "/v1/parameters", "/v1/policies", "/v1/schemas/{name}", "/v1/tenancies", "/v1/households/{id}", "/healthz", "/readyz"} {
		if _, ok := m.Paths[want]; !ok {
			t.Errorf("%s is not described", want)
		}
	}
	for path, item := range m.Paths {
		for method, op := range item {
			if op.Summary == "" || strings.HasPrefix(op.Summary, strings.ToUpper(method)+" ") {
				t.Errorf("%s %s has no summary of its own", method, path)
			}
		}
	}
	dc := jsonschema.NewCompiler()
	if err := dc.AddResource("https://example.invalid/openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	for name := range m.Components.Schemas {
		if _, err := dc.Compile("https://example.invalid/openapi.json#/components/schemas/" + name); err != nil {
			t.Errorf("component %s does not compile: %v", name, err)
		}
	}

	// A decision the service answers satisfies the document's decision
	// schema, and the evaluate request the tests send its request schema.
	check := func(component string, body []byte) {
		t.Helper()
		sc, err := dc.Compile("https://example.invalid/openapi.json#/components/schemas/" + component)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if err := sc.Validate(inst); err != nil {
			t.Errorf("%s: %v", component, err)
		}
	}
	hh := repoFile(t, "testdata/crema-household-family-of-four.json")
	req := evaluateBody(t, hh, repoFile(t, "eligibility/rulesets/variants/crema.owner-exclusion.yaml"))
	check("EvaluateRequest", req)
	ev := s.call(t, "POST", "/v1/evaluate", tokenA, req)
	mustStatus(t, ev, 200)
	check("decision", ev.body)
	bad := s.call(t, "POST", "/v1/evaluate", tokenA, []byte(`{}`))
	check("Problem", bad.body)
}
