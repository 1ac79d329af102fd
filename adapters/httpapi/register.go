package httpapi

import "net/http"

// register adds every endpoint to the handler's mux.
func (h *Handler) register() {
	h.handle(http.MethodGet, "/healthz", public, h.healthz)
	h.handle(http.MethodGet, "/readyz", public, h.readyz)
	h.handle(http.MethodGet, "/openapi.json", public, h.openAPI)

	h.handle(http.MethodGet, "/v1/rulesets", open, h.listRuleSets)
	h.handle(http.MethodGet, "/v1/parameters", open, h.parameters)
	h.handle(http.MethodGet, "/v1/policies", open, h.policies)
	h.handle(http.MethodGet, "/v1/schemas", open, h.schemas)
	h.handle(http.MethodGet, "/v1/schemas/{name}", open, h.schemaByName)
	h.handle(http.MethodPost, "/v1/evaluate", open, h.evaluate)
	h.handle(http.MethodPost, "/v1/evaluate/batch", open, h.evaluateBatch)
	h.handle(http.MethodPost, "/v1/rent/assess", open, h.rentAssess)
	h.handle(http.MethodPost, "/v1/rent/support", open, h.rentSupport)
	h.handle(http.MethodPost, "/v1/match", open, h.match)

	h.registerRecords()
	if h.opt.Casework != nil {
		h.registerCasework()
	}
}
