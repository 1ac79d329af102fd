package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// Actor is the actor the handler names in the store's audit events when
// the request's context names none (see store.WithActor): a vendor's
// Authenticator may put the user's identifier in the request's context.
const Actor = "housingkit-httpapi"

// recordKind describes the endpoints of one repository of the store:
// POST /v1/{name}, GET /v1/{name}/{id}, GET /v1/{name}.
type recordKind[T any] struct {
	name     string
	validate func(T) error
	id       func(T) string
	create   func(store.Tx, T) error
	get      func(store.Tx, string) (store.Versioned[T], error)
	list     func(store.Tx, store.Page) ([]store.Versioned[T], error)
}

// Listing is the answer of a GET of a collection: the records, and the
// identifier to pass as ?after= for the next page (empty on the last).
type Listing[T any] struct {
	Items []store.Versioned[T] `json:"items"`
	Next  string               `json:"next,omitempty"`
}

func registerRecord[T any](h *Handler, k recordKind[T]) {
	h.handle(http.MethodPost, "/v1/"+k.name, tenant, func(rq *request) error {
		var v T
		if err := rq.readBody(&v, func() error { return k.validate(v) }); err != nil {
			return err
		}
		if err := h.update(rq, func(tx store.Tx) error { return k.create(tx, v) }); err != nil {
			return err
		}
		rq.w.Header().Set("Location", "/v1/"+k.name+"/"+k.id(v))
		return rq.writeJSON(http.StatusCreated, store.Versioned[T]{Value: v, Version: 1})
	})
	h.handle(http.MethodGet, "/v1/"+k.name+"/{id}", tenant, func(rq *request) error {
		var out store.Versioned[T]
		err := h.view(rq, func(tx store.Tx) (err error) {
			out, err = k.get(tx, rq.r.PathValue("id"))
			return err
		})
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, out)
	})
	h.handle(http.MethodGet, "/v1/"+k.name, tenant, func(rq *request) error {
		p, err := rq.page()
		if err != nil {
			return err
		}
		var items []store.Versioned[T]
		if err := h.view(rq, func(tx store.Tx) (err error) {
			items, err = k.list(tx, p)
			return err
		}); err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, listing(items, p, k.id))
	})
}

func listing[T any](items []store.Versioned[T], p store.Page, id func(T) string) Listing[T] {
	l := Listing[T]{Items: items}
	if l.Items == nil {
		l.Items = []store.Versioned[T]{}
	}
	if n, err := p.Size(); err == nil && len(items) == n && n > 0 {
		l.Next = id(items[len(items)-1].Value)
	}
	return l
}

// page reads ?after= and ?limit=.
func (rq *request) page() (store.Page, error) {
	var p store.Page
	p.After, _ = rq.query("after")
	if s, ok := rq.query("limit"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > store.MaxLimit {
			return p, invalid(housing.Problems{{Path: "?limit", Message: "want a whole number from 0 to " + strconv.Itoa(store.MaxLimit)}})
		}
		p.Limit = n
	}
	return p, nil
}

func (h *Handler) ctx(rq *request) context.Context {
	ctx := rq.r.Context()
	if store.ActorFrom(ctx) == "" {
		ctx = store.WithActor(ctx, Actor)
	}
	return ctx
}

// update runs fn in a read-write transaction of the request's tenant.
func (h *Handler) update(rq *request, fn func(store.Tx) error) error {
	return h.opt.Store.Update(h.ctx(rq), rq.tenant, fn)
}

// view runs fn in a read-only transaction of the request's tenant.
func (h *Handler) view(rq *request, fn func(store.Tx) error) error {
	return h.opt.Store.View(h.ctx(rq), rq.tenant, fn)
}

// registerRecords adds the endpoints of the store's records.
func (h *Handler) registerRecords() {
	registerRecord(h, recordKind[housing.Household]{name: "households",
		validate: housing.Household.Validate, id: func(v housing.Household) string { return v.ID },
		create: func(tx store.Tx, v housing.Household) error { return tx.Households().Create(v) },
		get: func(tx store.Tx, id string) (store.Versioned[housing.Household], error) {
			return tx.Households().Get(id)
		},
		list: func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Household], error) {
			return tx.Households().List(p)
		}})
	registerRecord(h, recordKind[housing.Owner]{name: "owners",
		validate: housing.Owner.Validate, id: func(v housing.Owner) string { return v.ID },
		create: func(tx store.Tx, v housing.Owner) error { return tx.Owners().Create(v) },
		get:    func(tx store.Tx, id string) (store.Versioned[housing.Owner], error) { return tx.Owners().Get(id) },
		list:   func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Owner], error) { return tx.Owners().List(p) }})
	registerRecord(h, recordKind[housing.Facility]{name: "facilities",
		validate: housing.Facility.Validate, id: func(v housing.Facility) string { return v.ID },
		create: func(tx store.Tx, v housing.Facility) error { return tx.Facilities().Create(v) },
		get: func(tx store.Tx, id string) (store.Versioned[housing.Facility], error) {
			return tx.Facilities().Get(id)
		},
		list: func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Facility], error) {
			return tx.Facilities().List(p)
		}})
	registerRecord(h, recordKind[housing.Unit]{name: "units",
		validate: housing.Unit.Validate, id: func(v housing.Unit) string { return v.ID },
		create: func(tx store.Tx, v housing.Unit) error { return tx.Units().Create(v) },
		get:    func(tx store.Tx, id string) (store.Versioned[housing.Unit], error) { return tx.Units().Get(id) },
		list:   func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Unit], error) { return tx.Units().List(p) }})
	registerRecord(h, recordKind[housing.Referral]{name: "referrals",
		validate: housing.Referral.Validate, id: func(v housing.Referral) string { return v.ID },
		create: func(tx store.Tx, v housing.Referral) error { return tx.Referrals().Create(v) },
		get:    func(tx store.Tx, id string) (store.Versioned[housing.Referral], error) { return tx.Referrals().Get(id) },
		list: func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Referral], error) {
			return tx.Referrals().List(p)
		}})
	registerRecord(h, recordKind[housing.CarePlan]{name: "careplans",
		validate: housing.CarePlan.Validate, id: func(v housing.CarePlan) string { return v.ID },
		create: func(tx store.Tx, v housing.CarePlan) error { return tx.CarePlans().Create(v) },
		get:    func(tx store.Tx, id string) (store.Versioned[housing.CarePlan], error) { return tx.CarePlans().Get(id) },
		list: func(tx store.Tx, p store.Page) ([]store.Versioned[housing.CarePlan], error) {
			return tx.CarePlans().List(p)
		}})
	// A tenancy created running is a placement: the store refuses a stay
	// that overlaps another in the unit, a household placed twice, and a
	// facility over its beds, each with 409.
	registerRecord(h, recordKind[housing.Tenancy]{name: "tenancies",
		validate: housing.Tenancy.Validate, id: func(v housing.Tenancy) string { return v.ID },
		create: func(tx store.Tx, v housing.Tenancy) error { return tx.Tenancies().Create(v) },
		get:    func(tx store.Tx, id string) (store.Versioned[housing.Tenancy], error) { return tx.Tenancies().Get(id) },
		list: func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Tenancy], error) {
			return tx.Tenancies().List(p)
		}})

	h.handle(http.MethodGet, "/v1/tenancies/{id}/history", tenant, func(rq *request) error {
		var out []store.Versioned[housing.Tenancy]
		if err := h.view(rq, func(tx store.Tx) (err error) {
			out, err = tx.Tenancies().History(rq.r.PathValue("id"))
			return err
		}); err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, map[string]any{"versions": out})
	})
	h.handle(http.MethodGet, "/v1/facilities/{id}/occupancy", tenant, func(rq *request) error {
		on, err := rq.queryDate("date", true)
		if err != nil {
			return err
		}
		var out store.Occupancy
		if err := h.view(rq, func(tx store.Tx) (err error) {
			out, err = tx.Facilities().Occupancy(rq.r.PathValue("id"), on)
			return err
		}); err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, out)
	})
	h.handle(http.MethodGet, "/v1/vacancies", tenant, func(rq *request) error {
		on, err := rq.queryDate("date", true)
		if err != nil {
			return err
		}
		p, err := rq.page()
		if err != nil {
			return err
		}
		q := store.VacancyQuery{AsOf: on, Page: p}
		q.FacilityID, _ = rq.query("facility_id")
		q.ProgrammeID, _ = rq.query("programme_id")
		q.Municipality, _ = rq.query("municipality")
		if s, ok := rq.query("min_beds"); ok {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return invalid(housing.Problems{{Path: "?min_beds", Message: "want a whole number, 0 or more"}})
			}
			q.MinBeds = n
		}
		var items []store.Versioned[housing.Unit]
		if err := h.view(rq, func(tx store.Tx) (err error) {
			items, err = tx.Units().Vacant(q)
			return err
		}); err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, listing(items, p, func(u housing.Unit) string { return u.ID }))
	})
}
