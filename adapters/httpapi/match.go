package httpapi

import (
	"net/http"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
)

// MatchRequest is the body of POST /v1/match: the applicants and the offer
// (programmes, facilities with their residents, units) as the files of
// `housingkit match` hold them (the applicants list, and the offer object), the date of the matching, the mechanism
// (default optimal), the lottery's seed, and the shipped rent policy every
// rent must pass (none by default).
type MatchRequest struct {
	Date       housing.Date         `json:"date" required:"true"`
	Mechanism  string               `json:"mechanism,omitempty"`
	Seed       *uint64              `json:"seed,omitempty"`
	RentPolicy string               `json:"rent_policy,omitempty"`
	Applicants []matching.Applicant `json:"applicants" required:"true"`
	Offer      matching.Offer       `json:"offer" required:"true"`
}

func (q *MatchRequest) validate() error {
	var ps housing.Problems
	if q.Mechanism != "" {
		m, err := matching.ParseMechanism(q.Mechanism)
		if err != nil {
			ps.Add("mechanism", "%s", housing.ErrorMessage(err))
		} else if m == matching.Lottery && q.Seed == nil {
			ps.Add("seed", "is required with the lottery: its draw is reproducible from it")
		}
	}
	if err := (matching.Input{Applicants: q.Applicants, Offer: q.Offer, Date: q.Date}).Validate(); err != nil {
		ps.Merge("", err)
	}
	return ps.Err("")
}

func (h *Handler) match(rq *request) error {
	var q MatchRequest
	if err := rq.readBody(&q, q.validate); err != nil {
		return err
	}
	opt := matching.Options{}
	if q.Mechanism != "" {
		m, err := matching.ParseMechanism(q.Mechanism)
		if err != nil {
			return asInvalid(err, "mechanism")
		}
		opt.Mechanism = m
	}
	if q.Seed != nil {
		opt.Seed = *q.Seed
	}
	if q.RentPolicy != "" {
		c, err := matching.ShippedRentCheck(q.RentPolicy, q.Date)
		if err != nil {
			return asInvalid(err, "rent_policy")
		}
		opt.RentCheck = c
	}
	res, err := matching.Match(matching.Input{Applicants: q.Applicants, Offer: q.Offer, Date: q.Date}, opt)
	if err != nil {
		return asInvalid(err, "")
	}
	return rq.writeJSON(http.StatusOK, res)
}
