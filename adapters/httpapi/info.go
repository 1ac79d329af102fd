package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/housingkit/housingkit/schema"
	"github.com/housingkit/housingkit/store"
)

func (h *Handler) healthz(rq *request) error {
	return rq.writeJSON(http.StatusOK, map[string]string{"status": "ok"})
}

// ReadyTenant is the tenant of the read-only transaction /readyz opens to
// ping the store; it sees no other tenant's records.
const ReadyTenant store.Tenant = "housingkit-readyz"

func (h *Handler) readyz(rq *request) error {
	if h.opt.Store == nil {
		return rq.writeJSON(http.StatusOK, map[string]string{"status": "ready", "store": "none"})
	}
	ctx, cancel := context.WithTimeout(rq.r.Context(), 2*time.Second)
	defer cancel()
	err := h.opt.Store.View(ctx, ReadyTenant, func(tx store.Tx) error {
		_, err := tx.Units().List(store.Page{Limit: 1})
		return err
	})
	if err != nil {
		h.log.Warn("store not ready", "code", string(housing.ErrorCode(err)), "key", asSDK(err).Key)
		writeProblemStatus(rq.w, rq.lang, http.StatusServiceUnavailable, &housing.Error{Code: housing.CodeInternal, Key: "http.not_ready", Message: "the store does not answer"})
		return nil
	}
	return rq.writeJSON(http.StatusOK, map[string]string{"status": "ready", "store": "ok"})
}

// ParameterValue is one parameter of GET /v1/parameters with its value on
// the date asked for. Value is a decimal string for numeric units, a bool,
// a text or a list of texts; absent (with InForce false) when the parameter
// has no value on that date.
type ParameterValue struct {
	Name        string             `json:"name"`
	Unit        params.Unit        `json:"unit"`
	InForce     bool               `json:"in_force"`
	Value       any                `json:"value,omitempty"`
	From        housing.Date       `json:"from,omitzero"`
	Description housing.Text       `json:"description"`
	Placeholder bool               `json:"placeholder,omitempty"`
	Note        string             `json:"note,omitempty"`
	Basis       params.Basis       `json:"basis,omitempty"`
	References  []params.Reference `json:"references,omitempty"`
}

// ParameterFile is one shipped parameter file of GET /v1/parameters.
type ParameterFile struct {
	ID         string           `json:"id"`
	Title      housing.Text     `json:"title"`
	Parameters []ParameterValue `json:"parameters"`
}

func (h *Handler) parameters(rq *request) error {
	on, err := rq.queryDate("date", true)
	if err != nil {
		return err
	}
	files := []ParameterFile{}
	for _, id := range params.ShippedIDs() {
		f, err := params.Shipped(id)
		if err != nil {
			return internalError("parameters " + id + ": " + err.Error())
		}
		pf := ParameterFile{ID: f.ID, Title: f.Title, Parameters: []ParameterValue{}}
		for _, name := range f.Parameters.Names() {
			p, _ := f.Parameters.Get(name)
			pv := ParameterValue{Name: name, Unit: p.Unit, Description: p.Description, Placeholder: p.Placeholder,
				Note: p.Note, Basis: params.BasisOf(p), References: p.References}
			if v, from, ok := p.At(on); ok {
				pv.InForce, pv.From, pv.Value = true, from, valueJSON(p.Unit, v)
			}
			pf.Parameters = append(pf.Parameters, pv)
		}
		files = append(files, pf)
	}
	return rq.writeJSON(http.StatusOK, map[string]any{"date": on, "files": files})
}

// valueJSON is the JSON form of a parameter value: money and other numbers
// as decimal strings (no digit lost), the rest as themselves.
func valueJSON(u params.Unit, v params.Value) any {
	switch {
	case u.Numeric():
		return v.Num().String()
	case u == params.UnitBool:
		return v.Bool()
	case u == params.UnitList:
		return v.List()
	}
	return v.Text()
}

func (h *Handler) policies(rq *request) error {
	return rq.writeJSON(http.StatusOK, map[string]any{"policies": housing.ShippedPolicies()})
}

func (h *Handler) schemas(rq *request) error {
	return rq.writeJSON(http.StatusOK, map[string]any{"schemas": schema.Names()})
}

func (h *Handler) schemaByName(rq *request) error {
	name := rq.r.PathValue("name")
	data, err := schema.Shipped(name)
	if err != nil {
		return err
	}
	if !json.Valid(data) {
		return internalError("schema " + name + " is not JSON")
	}
	rq.w.Header().Set("Content-Type", "application/schema+json")
	rq.w.WriteHeader(http.StatusOK)
	_, _ = rq.w.Write(data)
	return nil
}
