package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/rentcalc"
	"github.com/shopspring/decimal"
)

// RentAssessRequest is the body of POST /v1/rent/assess: can the household
// sustain a monthly rent and charges under a shipped sustainability policy
// (default liguria-30), with the figures in force on date?
type RentAssessRequest struct {
	Household housing.Household `json:"household" required:"true"`
	Rent      decimal.Decimal   `json:"rent" required:"true"`
	Charges   decimal.Decimal   `json:"charges,omitempty"`
	Policy    string            `json:"policy,omitempty"`
	Date      housing.Date      `json:"date" required:"true"`
}

func (q *RentAssessRequest) validate() error {
	var ps housing.Problems
	ps.Merge("household", q.Household.Validate())
	checkAmount(&ps, "rent", q.Rent)
	checkAmount(&ps, "charges", q.Charges)
	if q.Policy != "" {
		if _, err := rentcalc.ShippedPolicy(q.Policy); err != nil {
			ps.Add("policy", "unknown policy %q; want one of %s", q.Policy, strings.Join(rentcalc.ShippedPolicyIDs(), ", "))
		}
	}
	return ps.Err("")
}

// checkAmount records a problem for a negative amount or one with digits
// below the cent.
func checkAmount(ps *housing.Problems, path string, d decimal.Decimal) {
	switch {
	case d.IsNegative():
		ps.Add(path, "%s is negative", d)
	case !d.Round(2).Equal(d):
		ps.Add(path, "%s has digits below the cent", d)
	}
}

// RentAssessResponse is the answer of POST /v1/rent/assess.
type RentAssessResponse struct {
	Household string `json:"household"`
	*rentcalc.Assessment
}

func (h *Handler) rentAssess(rq *request) error {
	var q RentAssessRequest
	if err := rq.readBody(&q, q.validate); err != nil {
		return err
	}
	id := q.Policy
	if id == "" {
		id = rentcalc.PolicyLiguria30
	}
	p, err := rentcalc.ShippedPolicy(id)
	if err != nil {
		return err
	}
	src, err := rentcalc.Shipped()
	if err != nil {
		return internalError("rent figures: " + err.Error())
	}
	a, err := src.Compile(p, q.Date)
	if err != nil {
		return asInvalid(err, "date")
	}
	in, err := rentcalc.InputOf(q.Household, q.Date, q.Rent, q.Charges)
	if err != nil {
		return asInvalid(err, "household")
	}
	r, err := a.Assess(in)
	if err != nil {
		return asInvalid(err, "")
	}
	return rq.writeJSON(http.StatusOK, RentAssessResponse{Household: q.Household.ID, Assessment: r})
}

// asInvalid returns the error of a computation refused for its input
// (invalid, or a figure missing on the date asked for) as an invalid
// request with its problems under path; other errors unchanged.
func asInvalid(err error, path string) error {
	switch housing.ErrorCode(err) {
	case housing.CodeInvalid, housing.CodeNotFound:
		var ps housing.Problems
		ps.Merge(path, err)
		return invalid(ps)
	}
	return err
}

// RentSupportRequest is the body of POST /v1/rent/support: the national
// rent-support contribution (L. 431/1998 art. 11) for a household paying a
// monthly rent, for a year.
type RentSupportRequest struct {
	Household housing.Household `json:"household" required:"true"`
	Rent      decimal.Decimal   `json:"rent" required:"true"`
	Year      int               `json:"year" required:"true"`
}

func (q *RentSupportRequest) validate() error {
	var ps housing.Problems
	ps.Merge("household", q.Household.Validate())
	checkAmount(&ps, "rent", q.Rent)
	if q.Year < 1 || q.Year > 9999 {
		ps.Add("year", "%d is outside 1..9999", q.Year)
	}
	return ps.Err("")
}

// RentSupportResponse is the answer of POST /v1/rent/support.
type RentSupportResponse struct {
	Household string `json:"household"`
	Region    string `json:"region"`
	*rentcalc.Support
}

func (h *Handler) rentSupport(rq *request) error {
	var q RentSupportRequest
	if err := rq.readBody(&q, q.validate); err != nil {
		return err
	}
	src, err := rentcalc.Shipped()
	if err != nil {
		return internalError("rent figures: " + err.Error())
	}
	scheme, err := rentcalc.ShippedSupportScheme(rentcalc.SchemeL431)
	if err != nil {
		return internalError("support scheme: " + err.Error())
	}
	jan1, _ := housing.NewDate(q.Year, time.January, 1)
	in, err := rentcalc.SupportInputOf(q.Household, jan1, q.Rent)
	if err != nil {
		return asInvalid(err, "household")
	}
	s, err := src.Support(scheme, q.Year, in)
	if err != nil {
		return asInvalid(err, "")
	}
	return rq.writeJSON(http.StatusOK, RentSupportResponse{Household: q.Household.ID, Region: in.Region, Support: s})
}
