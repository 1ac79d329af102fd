package httpapi

import (
	"net/http"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/housing"
)

// The casework endpoints carry a case through its life over the store, by
// package casework: each is one transaction, written to the case's journal
// with the actor (Actor unless the request's context names one, see
// store.WithActor).
//
//	POST /v1/casework/referrals                     casework.ReferralInput → 201
//	POST /v1/casework/referrals/{id}/decision       {"date"} → casework.Decided
//	GET  /v1/casework/waiting-list/{programme}      the ranked waiting list
//	POST /v1/casework/proposals                     {"programme_id","date"} → casework.Proposed
//	POST /v1/casework/proposals/unit                {"programme_id","household_id","unit_id","date"} → casework.Proposal
//	POST /v1/casework/responses                     casework.Response → casework.Proposal
//	GET  /v1/casework/households/{id}/proposals     the household's proposals
//	POST /v1/casework/tenancies                     casework.StartInput → casework.Contract (a placement)
//	POST /v1/casework/tenancies/{id}/renewals       casework.RenewInput (tenancy_id from the path)
//	POST /v1/casework/tenancies/{id}/reviews        {"date","note"}
//	POST /v1/casework/tenancies/{id}/exit           housing.Exit
//	GET  /v1/casework/tenancies/{id}/contract       casework.Contract
//	POST /v1/casework/careplans                     housing.CarePlan
//	GET  /v1/casework/due?date=D                    reviews, warnings, ends and goals due
//	GET  /v1/casework/reports?from=D&to=D[&programme=ID]
//	GET  /v1/casework/journal/{ref}                 the journal of a record
func (h *Handler) registerCasework() {
	cw := h.opt.Casework
	h.handle(http.MethodPost, "/v1/casework/referrals", tenant, func(rq *request) error {
		var in casework.ReferralInput
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		if err := cw.RegisterReferral(h.ctx(rq), rq.tenant, in); err != nil {
			return err
		}
		rq.w.Header().Set("Location", "/v1/referrals/"+in.Referral.ID)
		return rq.writeJSON(http.StatusCreated, in)
	})
	h.handle(http.MethodPost, "/v1/casework/referrals/{id}/decision", tenant, func(rq *request) error {
		var in DateRequest
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		d, err := cw.DecideEligibility(h.ctx(rq), rq.tenant, rq.r.PathValue("id"), in.Date)
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, d)
	})
	h.handle(http.MethodGet, "/v1/casework/waiting-list/{programme}", tenant, func(rq *request) error {
		l, err := cw.WaitingList(h.ctx(rq), rq.tenant, rq.r.PathValue("programme"))
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, map[string]any{"entries": nonNil(l)})
	})
	h.handle(http.MethodPost, "/v1/casework/proposals", tenant, func(rq *request) error {
		var in ProposeRequest
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		p, err := cw.Propose(h.ctx(rq), rq.tenant, in.ProgrammeID, in.Date)
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, p)
	})
	h.handle(http.MethodPost, "/v1/casework/proposals/unit", tenant, func(rq *request) error {
		var in ProposeUnitRequest
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		p, err := cw.ProposeUnit(h.ctx(rq), rq.tenant, in.ProgrammeID, in.HouseholdID, in.UnitID, in.Date)
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusCreated, p)
	})
	h.handle(http.MethodPost, "/v1/casework/responses", tenant, func(rq *request) error {
		var in casework.Response
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		p, err := cw.Respond(h.ctx(rq), rq.tenant, in)
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, p)
	})
	h.handle(http.MethodGet, "/v1/casework/households/{id}/proposals", tenant, func(rq *request) error {
		ps, err := cw.Proposals(h.ctx(rq), rq.tenant, rq.r.PathValue("id"))
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, map[string]any{"proposals": nonNil(ps)})
	})
	h.handle(http.MethodPost, "/v1/casework/tenancies", tenant, func(rq *request) error {
		var in casework.StartInput
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		c, err := cw.StartTenancy(h.ctx(rq), rq.tenant, in)
		if err != nil {
			return err
		}
		rq.w.Header().Set("Location", "/v1/tenancies/"+in.TenancyID)
		return rq.writeJSON(http.StatusCreated, c)
	})
	h.handle(http.MethodPost, "/v1/casework/tenancies/{id}/renewals", tenant, func(rq *request) error {
		var in casework.RenewInput
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		in.TenancyID = rq.r.PathValue("id")
		t, err := cw.Renew(h.ctx(rq), rq.tenant, in)
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, t)
	})
	h.handle(http.MethodPost, "/v1/casework/tenancies/{id}/reviews", tenant, func(rq *request) error {
		var in ReviewRequest
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		t, err := cw.Review(h.ctx(rq), rq.tenant, rq.r.PathValue("id"), in.Date, in.Note)
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, t)
	})
	h.handle(http.MethodPost, "/v1/casework/tenancies/{id}/exit", tenant, func(rq *request) error {
		var in housing.Exit
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		t, err := cw.Exit(h.ctx(rq), rq.tenant, rq.r.PathValue("id"), in)
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, t)
	})
	h.handle(http.MethodGet, "/v1/casework/tenancies/{id}/contract", tenant, func(rq *request) error {
		c, err := cw.ContractOf(h.ctx(rq), rq.tenant, rq.r.PathValue("id"))
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, c)
	})
	h.handle(http.MethodPost, "/v1/casework/careplans", tenant, func(rq *request) error {
		var in housing.CarePlan
		if err := rq.readBody(&in, nil); err != nil {
			return err
		}
		if err := cw.CreateCarePlan(h.ctx(rq), rq.tenant, in); err != nil {
			return err
		}
		return rq.writeJSON(http.StatusCreated, in)
	})
	h.handle(http.MethodGet, "/v1/casework/due", tenant, func(rq *request) error {
		on, err := rq.queryDate("date", true)
		if err != nil {
			return err
		}
		d, err := cw.Due(h.ctx(rq), rq.tenant, on)
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, map[string]any{"due": nonNil(d)})
	})
	h.handle(http.MethodGet, "/v1/casework/reports", tenant, func(rq *request) error {
		from, err := rq.queryDate("from", true)
		if err != nil {
			return err
		}
		to, err := rq.queryDate("to", true)
		if err != nil {
			return err
		}
		prog, _ := rq.query("programme")
		r, err := cw.Report(h.ctx(rq), rq.tenant, casework.Period{From: from, To: to}, prog)
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, r)
	})
	h.handle(http.MethodGet, "/v1/casework/journal/{ref}", tenant, func(rq *request) error {
		j, err := cw.Journal(h.ctx(rq), rq.tenant, rq.r.PathValue("ref"))
		if err != nil {
			return err
		}
		return rq.writeJSON(http.StatusOK, map[string]any{"entries": nonNil(j)})
	})
}

// DateRequest is a body holding only a date (such as the decision of a
// referral on that date).
type DateRequest struct {
	Date housing.Date `json:"date" required:"true"`
}

// ProposeRequest is the body of POST /v1/casework/proposals.
type ProposeRequest struct {
	ProgrammeID string       `json:"programme_id" required:"true"`
	Date        housing.Date `json:"date" required:"true"`
}

// ProposeUnitRequest is the body of POST /v1/casework/proposals/unit: one
// unit proposed to one household by hand.
type ProposeUnitRequest struct {
	ProgrammeID string       `json:"programme_id" required:"true"`
	HouseholdID string       `json:"household_id" required:"true"`
	UnitID      string       `json:"unit_id" required:"true"`
	Date        housing.Date `json:"date" required:"true"`
}

// ReviewRequest is the body of POST /v1/casework/tenancies/{id}/reviews.
type ReviewRequest struct {
	Date housing.Date `json:"date" required:"true"`
	Note string       `json:"note,omitempty"`
}

// nonNil returns s, or an empty slice for nil (so that JSON says []).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
