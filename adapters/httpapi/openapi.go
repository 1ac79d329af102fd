package httpapi

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/housingkit/housingkit/schema"
	"github.com/housingkit/housingkit/store"
)

// OpenAPIVersion is the version of the OpenAPI specification the service's
// description follows.
const OpenAPIVersion = "3.1.0"

// opDoc describes one endpoint in the OpenAPI document: its summary, the
// component schema of its request body (if any, with its media type) and of
// its success answer, and its success status.
type opDoc struct {
	summary     string
	request     string
	requestType string
	response    string
	respType    string
	status      string
	query       []queryParam
}

type queryParam struct {
	name, description string
	required          bool
	schema            map[string]any
}

var dateParam = map[string]any{"type": "string", "format": "date", "pattern": eligibility.DatePattern}

// docs describes every route by "METHOD path"; a test checks that no route
// is left out.
var docs = map[string]opDoc{
	"GET /healthz":      {summary: "The process is up", response: "Status"},
	"GET /readyz":       {summary: "The store answers (a read-only transaction)", response: "Status"},
	"GET /openapi.json": {summary: "This description (OpenAPI 3.1)", response: "Any"},
	"GET /v1/rulesets":  {summary: "The rule sets served", response: "RuleSetList"},
	"GET /v1/parameters": {summary: "Every shipped parameter with its value on a date", response: "ParameterList",
		query: []queryParam{{"date", "the date, YYYY-MM-DD", true, dateParam}}},
	"GET /v1/policies":                  {summary: "The shipped duration policies", response: "PolicyList"},
	"GET /v1/schemas":                   {summary: "The names of the JSON Schemas", response: "SchemaList"},
	"GET /v1/schemas/{name}":            {summary: "A JSON Schema", response: "Any", respType: "application/schema+json"},
	"POST /v1/evaluate":                 {summary: "Decide whether a household is eligible, with the reasons (overlays in the request)", request: "EvaluateRequest", response: "decision"},
	"POST /v1/evaluate/batch":           {summary: "Evaluate many households, streamed: a header line, then one household a line (NDJSON in and out)", request: "BatchLine", requestType: "application/x-ndjson", response: "BatchAnswerLine", respType: "application/x-ndjson"},
	"POST /v1/rent/assess":              {summary: "Assess whether a household can sustain a rent", request: "RentAssessRequest", response: "RentAssessResponse"},
	"POST /v1/rent/support":             {summary: "The rent-support contribution (L. 431/1998 art. 11) for a year", request: "RentSupportRequest", response: "RentSupportResponse"},
	"POST /v1/match":                    {summary: "Propose units to households, with the reasons of those left out", request: "MatchRequest", response: "MatchResult"},
	"GET /v1/tenancies/{id}/history":    {summary: "Every version of a tenancy", response: "TenancyHistory"},
	"GET /v1/facilities/{id}/occupancy": {summary: "Who occupies a facility's units on a date", response: "Occupancy", query: []queryParam{{"date", "the date, YYYY-MM-DD", true, dateParam}}},
	"GET /v1/vacancies": {summary: "Units vacant on a date", response: "UnitListing", query: []queryParam{
		{"date", "the date the units must be vacant on", true, dateParam},
		{"facility_id", "only units of this facility", false, map[string]any{"type": "string"}},
		{"programme_id", "only units of this programme", false, map[string]any{"type": "string"}},
		{"municipality", "only units in this municipality", false, map[string]any{"type": "string"}},
		{"min_beds", "only units with at least this many beds", false, map[string]any{"type": "integer", "minimum": 0}},
		{"after", "the identifier after which the page starts", false, map[string]any{"type": "string"}},
		{"limit", "at most this many units", false, map[string]any{"type": "integer", "minimum": 0}}}},
}

func init() {
	for k, d := range map[string]opDoc{
		"POST /v1/casework/referrals":                {summary: "Register a referral (and its household)", request: "ReferralInput", response: "ReferralInput", status: "201"},
		"POST /v1/casework/referrals/{id}/decision":  {summary: "Decide a referral's eligibility and put the household on the waiting list", request: "DateRequest", response: "Decided"},
		"GET /v1/casework/waiting-list/{programme}":  {summary: "A programme's waiting list, ranked", response: "WaitingList"},
		"POST /v1/casework/proposals":                {summary: "Match the waiting list with the vacant units and store the proposals", request: "ProposeRequest", response: "Proposed"},
		"POST /v1/casework/proposals/unit":           {summary: "Propose one unit to one household", request: "ProposeUnitRequest", response: "Proposal", status: "201"},
		"POST /v1/casework/responses":                {summary: "A household's or landlord's answer to a proposal", request: "Response", response: "Proposal"},
		"GET /v1/casework/households/{id}/proposals": {summary: "A household's proposals", response: "ProposalList"},
		"POST /v1/casework/tenancies":                {summary: "Start the stay of an accepted proposal (a placement)", request: "StartInput", response: "Contract", status: "201"},
		"POST /v1/casework/tenancies/{id}/renewals":  {summary: "Renew a stay", request: "RenewInput", response: "tenancy"},
		"POST /v1/casework/tenancies/{id}/reviews":   {summary: "Record a review of a stay", request: "ReviewRequest", response: "tenancy"},
		"POST /v1/casework/tenancies/{id}/exit":      {summary: "End a stay with its exit pathway", request: "Exit", response: "tenancy"},
		"GET /v1/casework/tenancies/{id}/contract":   {summary: "The contract of a stay", response: "Contract"},
		"POST /v1/casework/careplans":                {summary: "Create a care plan", request: "CarePlan", response: "CarePlan", status: "201"},
		"GET /v1/casework/due":                       {summary: "Reviews, warnings, ends and goals due on a date", response: "DueList", query: []queryParam{{"date", "the date", true, dateParam}}},
		"GET /v1/casework/reports":                   {summary: "The casework report of a period", response: "Report", query: []queryParam{{"from", "first day", true, dateParam}, {"to", "last day", true, dateParam}, {"programme", "only this programme", false, map[string]any{"type": "string"}}}},
		"GET /v1/casework/journal/{ref}":             {summary: "The journal of a record: who did what, when, before and after", response: "Journal"},
	} {
		docs[k] = d
	}
}

// recordDocs names the component schema of each record kind.
var recordDocs = map[string]struct{ schema, what string }{
	"households": {"household", "household"},
	"owners":     {"Owner", "owner"},
	"facilities": {"facility", "facility"},
	"units":      {"unit", "unit"},
	"referrals":  {"referral", "referral"},
	"careplans":  {"CarePlan", "care plan"},
	"tenancies":  {"tenancy", "tenancy (a placement when created active)"},
}

func init() {
	page := []queryParam{
		{"after", "the identifier after which the page starts", false, map[string]any{"type": "string"}},
		{"limit", "at most this many records", false, map[string]any{"type": "integer", "minimum": 0}},
	}
	for name, d := range recordDocs {
		docs["POST /v1/"+name] = opDoc{summary: "Create a " + d.what, request: d.schema, response: "Versioned_" + d.schema, status: "201"}
		docs["GET /v1/"+name+"/{id}"] = opDoc{summary: "Get a " + d.what, response: "Versioned_" + d.schema}
		docs["GET /v1/"+name] = opDoc{summary: "List the " + d.what + " records", response: "Listing_" + d.schema, query: page}
	}
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPIDocument builds the OpenAPI 3.1 description of the handler's
// routes, with the shipped JSON Schemas and the schemas of the request and
// answer types made by the same reflector.
func (h *Handler) openAPIDocument() (map[string]any, error) {
	components := map[string]any{}
	for _, name := range schema.Names() {
		data, err := schema.Shipped(name)
		if err != nil {
			return nil, err
		}
		var s map[string]any
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, err
		}
		components[name] = s
	}
	reflected := map[string]any{
		"EvaluateRequest":     EvaluateRequest{},
		"BatchHeader":         BatchHeader{},
		"BatchItem":           BatchItem{},
		"BatchSummary":        BatchSummary{},
		"RentAssessRequest":   RentAssessRequest{},
		"RentAssessResponse":  RentAssessResponse{},
		"RentSupportRequest":  RentSupportRequest{},
		"RentSupportResponse": RentSupportResponse{},
		"MatchRequest":        MatchRequest{},
		"MatchResult":         matching.Result{},
		"Problem":             Problem{},
		"RuleSetList": struct {
			RuleSets []RuleSetInfo `json:"rulesets"`
		}{},
		"ParameterList": struct {
			Date  housing.Date    `json:"date"`
			Files []ParameterFile `json:"files"`
		}{},
		"PolicyList": struct {
			Policies []housing.DurationPolicy `json:"policies"`
		}{},
		"SchemaList": struct {
			Schemas []string `json:"schemas"`
		}{},
		"Status": struct {
			Status string `json:"status"`
		}{},
		"TenancyHistory": struct {
			Versions []store.Versioned[housing.Tenancy] `json:"versions"`
		}{},
		"Occupancy":     store.Occupancy{},
		"UnitListing":   Listing[housing.Unit]{},
		"Owner":         housing.Owner{},
		"ReferralInput": casework.ReferralInput{},
		"DateRequest":   DateRequest{},
		"Decided":       casework.Decided{},
		"WaitingList": struct {
			Entries []casework.Ranked `json:"entries"`
		}{},
		"ProposeRequest":     ProposeRequest{},
		"Proposed":           casework.Proposed{},
		"ProposeUnitRequest": ProposeUnitRequest{},
		"Proposal":           casework.Proposal{},
		"Response":           casework.Response{},
		"ProposalList": struct {
			Proposals []casework.Proposal `json:"proposals"`
		}{},
		"StartInput":    casework.StartInput{},
		"Contract":      casework.Contract{},
		"RenewInput":    casework.RenewInput{},
		"ReviewRequest": ReviewRequest{},
		"Exit":          housing.Exit{},
		"DueList": struct {
			Due []casework.DueItem `json:"due"`
		}{},
		"Report": casework.Report{},
		"Journal": struct {
			Entries []casework.Entry `json:"entries"`
		}{},
		"CarePlan": housing.CarePlan{},
	}
	for _, d := range recordDocs {
		reflected["Versioned_"+d.schema] = nil
		reflected["Listing_"+d.schema] = nil
	}
	for name, v := range reflected {
		if v == nil {
			continue
		}
		s, err := schema.For(v, schema.BaseID+"httpapi/"+name+".schema.json")
		if err != nil {
			return nil, err
		}
		data, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, err
		}
		// No $id: the schema lives in the document, its references
		// are the document's (#/components/schemas/NAME/$defs/…).
		delete(m, "$id")
		rebase(m, "#/components/schemas/"+name)
		components[name] = m
	}
	// The schemas follow the document's dialect (the OAS base dialect,
	// draft 2020-12 with OpenAPI's vocabulary): their own $schema goes.
	for _, c := range components {
		delete(c.(map[string]any), "$schema")
	}
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	// The overlays of a request are overlay documents: point the
	// reflected yaml.Node lists at the overlay schema.
	for _, name := range []string{"EvaluateRequest", "BatchHeader"} {
		setOverlays(components[name].(map[string]any), ref("overlay"))
	}
	components["TenancyHistory"] = map[string]any{"type": "object", "required": []string{"versions"},
		"properties": map[string]any{"versions": map[string]any{"type": "array", "items": ref("Versioned_tenancy")}}}
	components["UnitListing"] = ref("Listing_unit")
	for _, d := range recordDocs {
		components["Versioned_"+d.schema] = map[string]any{"type": "object", "required": []string{"value", "version"},
			"properties": map[string]any{"value": ref(d.schema), "version": map[string]any{"type": "integer", "minimum": 1}}}
		components["Listing_"+d.schema] = map[string]any{"type": "object", "required": []string{"items"},
			"properties": map[string]any{"items": map[string]any{"type": "array", "items": ref("Versioned_" + d.schema)},
				"next": map[string]any{"type": "string"}}}
	}
	components["Any"] = map[string]any{}
	components["BatchLine"] = map[string]any{"description": "one line of a batch: the first is a BatchHeader, every later one a BatchItem",
		"oneOf": []any{ref("BatchHeader"), ref("BatchItem")}}
	components["BatchAnswerLine"] = map[string]any{"description": "one line of a batch's answer, in input order, then the summary",
		"oneOf": []any{
			map[string]any{"type": "object", "required": []string{"line", "decision"}, "properties": map[string]any{"line": map[string]any{"type": "integer"}, "decision": ref("decision")}},
			map[string]any{"type": "object", "required": []string{"line", "household_id", "outcome"}, "properties": map[string]any{"line": map[string]any{"type": "integer"}, "household_id": map[string]any{"type": "string"}, "outcome": map[string]any{"enum": []string{"eligible", "ineligible", "refer", "incomplete"}}}},
			map[string]any{"type": "object", "required": []string{"line", "problem"}, "properties": map[string]any{"line": map[string]any{"type": "integer"}, "problem": ref("Problem")}},
			map[string]any{"type": "object", "required": []string{"summary"}, "properties": map[string]any{"summary": ref("BatchSummary")}},
		}}

	problem := map[string]any{"description": "an error (RFC 9457)", "content": map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}}
	paths := map[string]any{}
	for _, rt := range h.routes {
		d, ok := docs[rt.method+" "+rt.path]
		if !ok {
			d = opDoc{summary: rt.method + " " + rt.path, response: "Any"}
		}
		status := d.status
		if status == "" {
			status = "200"
		}
		respType := d.respType
		if respType == "" {
			respType = "application/json"
		}
		op := map[string]any{
			"operationId": operationID(rt.method, rt.path),
			"summary":     d.summary,
			"responses": map[string]any{
				status:    map[string]any{"description": "success", "content": map[string]any{respType: map[string]any{"schema": ref(d.response)}}},
				"default": problem,
			},
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range d.query {
			params = append(params, map[string]any{"name": q.name, "in": "query", "required": q.required, "description": q.description, "schema": q.schema})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if d.request != "" {
			rt := d.requestType
			if rt == "" {
				rt = "application/json"
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{rt: map[string]any{"schema": ref(d.request)}}}
		}
		switch rt.access {
		case public:
			op["security"] = []any{}
		}
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		item[strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi": OpenAPIVersion,
		"info": map[string]any{
			"title":       "housingkit",
			"version":     "v1",
			"description": "Eligibility, rent, matching and casework of temporary-housing programmes. Errors are application/problem+json (RFC 9457) with the SDK's code; texts in Italian or English by Accept-Language.",
			"license":     map[string]any{"name": "see the repository", "url": "https://github.com/housingkit/housingkit"},
		},
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"paths":             paths,
		"components": map[string]any{
			"schemas":         components,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "a token bound to one tenant"}},
		},
		"security": []any{map[string]any{"bearer": []any{}}},
	}, nil
}

// setOverlays replaces the schema of the "overlays" items of a reflected
// request (a list of YAML nodes to the reflector) with ref.
func setOverlays(s map[string]any, ref map[string]any) {
	defs, _ := s["$defs"].(map[string]any)
	for _, d := range defs {
		dm, _ := d.(map[string]any)
		props, _ := dm["properties"].(map[string]any)
		if o, ok := props["overlays"].(map[string]any); ok {
			o["items"] = ref
			delete(o, "type")
			o["type"] = "array"
		}
	}
	for k := range defs {
		if k == "Node" {
			delete(defs, k)
		}
	}
}

// rebase rewrites the local references "#/$defs/…" of a schema moved to
// base in a document.
func rebase(v any, base string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "$ref" && strings.HasPrefix(s, "#/") {
				v[k] = base + s[1:]
				continue
			}
			rebase(x, base)
		}
	case []any:
		for _, x := range v {
			rebase(x, base)
		}
	}
}

func operationID(method, path string) string {
	parts := []string{strings.ToLower(method)}
	for _, p := range strings.Split(path, "/") {
		p = strings.Trim(p, "{}")
		p = strings.ReplaceAll(p, ".", "_")
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "_")
}

func (h *Handler) openAPI(rq *request) error {
	doc, err := h.openAPIDocument()
	if err != nil {
		return internalError("building the OpenAPI document: " + err.Error())
	}
	return rq.writeJSON(http.StatusOK, doc)
}

// routeKeys lists the handler's routes as "METHOD path", sorted.
func (h *Handler) routeKeys() []string {
	var out []string
	for _, rt := range h.routes {
		out = append(out, rt.method+" "+rt.path)
	}
	sort.Strings(out)
	return out
}
