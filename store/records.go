package store

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

// MaxIDLen is the longest record identifier accepted.
const MaxIDLen = 200

// CheckID adds a problem at field when id is empty, longer than MaxIDLen,
// or holds control characters, surrounding spaces or '/' (identifiers
// appear in paths and audit events).
func CheckID(ps *housing.Problems, field, id string) {
	switch {
	case id == "":
		ps.Add(field, "is required")
	case len(id) > MaxIDLen:
		ps.Add(field, "is %d bytes long; at most %d are allowed", len(id), MaxIDLen)
	case strings.TrimSpace(id) != id:
		ps.Add(field, "%q has leading or trailing spaces", id)
	case strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '/' }):
		ps.Add(field, "%q holds a control character or '/'", id)
	}
}

// CheckRef adds a problem at field when a set reference id is malformed
// (an empty one is allowed).
func CheckRef(ps *housing.Problems, field, id string) {
	if id != "" {
		CheckID(ps, field, id)
	}
}

// ValidateRecord returns the problems of v's own Validate method together
// with those of its identifier, as one invalid error whose message names
// the kind: what every adapter checks before a create or update.
func ValidateRecord(kind Kind, id string, validate func() error) error {
	var ps housing.Problems
	ps.Merge("", validate())
	if id != "" {
		CheckID(&ps, "id", id)
	}
	return ps.Err(fmt.Sprintf("invalid %s", kind))
}

// MaxDecisionBytes bounds the JSON of a stored decision.
const MaxDecisionBytes = 1 << 20

// DecisionRecord is one eligibility decision as kept in the audit trail:
// the decision itself as JSON (an eligibility.Decision, kept as bytes so
// that the store does not depend on the eligibility package), with what it
// was decided under and who asked.
type DecisionRecord struct {
	ID          string `json:"id"`
	HouseholdID string `json:"household_id"`
	// ReferralID names the referral decided on, if any.
	ReferralID string `json:"referral_id,omitempty"`
	// RuleSetID and RuleSetVersion name the rule set as evaluated.
	RuleSetID      string `json:"ruleset_id"`
	RuleSetVersion string `json:"ruleset_version"`
	// VariantIDs lists the variants (overlays) applied, in order.
	VariantIDs []string `json:"variant_ids,omitempty"`
	// Date is the date the decision was taken as of.
	Date housing.Date `json:"date"`
	// Outcome is the decision's outcome code (such as "eligible"), kept
	// apart for queries.
	Outcome string `json:"outcome"`
	// AskedBy identifies who asked for the decision (a user or service id).
	AskedBy string `json:"asked_by"`
	// Decision is the decision as JSON: a JSON object.
	Decision json.RawMessage `json:"decision"`
	// Seq is set by the store: the order of appends.
	Seq int64 `json:"seq,omitempty"`
}

// Validate checks the record and returns every problem at once.
func (d DecisionRecord) Validate() error {
	var ps housing.Problems
	CheckID(&ps, "id", d.ID)
	CheckID(&ps, "household_id", d.HouseholdID)
	CheckRef(&ps, "referral_id", d.ReferralID)
	CheckID(&ps, "ruleset_id", d.RuleSetID)
	if d.RuleSetVersion == "" {
		ps.Add("ruleset_version", "is required")
	}
	for i, v := range d.VariantIDs {
		CheckID(&ps, housing.Index("variant_ids", i), v)
	}
	if d.Date.IsZero() {
		ps.Add("date", "is required")
	}
	if d.Outcome == "" {
		ps.Add("outcome", "is required")
	}
	if d.AskedBy == "" {
		ps.Add("asked_by", "is required")
	} else if err := CheckActor(d.AskedBy); err != nil {
		ps.Add("asked_by", "%s", housing.ErrorMessage(err))
	}
	switch {
	case len(d.Decision) == 0:
		ps.Add("decision", "is required")
	case len(d.Decision) > MaxDecisionBytes:
		ps.Add("decision", "is %d bytes; at most %d are allowed", len(d.Decision), MaxDecisionBytes)
	case !json.Valid(d.Decision):
		ps.Add("decision", "is not valid JSON")
	case !bytes.HasPrefix(bytes.TrimSpace(d.Decision), []byte("{")):
		ps.Add("decision", "is not a JSON object")
	}
	return ps.Err("invalid decision")
}

// WaitingEntry is a household's place on a programme's waiting list.
type WaitingEntry struct {
	ProgrammeID string `json:"programme_id"`
	HouseholdID string `json:"household_id"`
	// DecisionID names the decision that put the household on the list,
	// if any.
	DecisionID string `json:"decision_id,omitempty"`
	// Score is the priority score: higher comes first.
	Score decimal.Decimal `json:"score"`
	// Since is the date the household joined the list: earlier comes
	// first among equal scores.
	Since housing.Date `json:"since"`
}

// Key returns the entry's identifier in audit events: "programme/household".
func (e WaitingEntry) Key() string { return e.ProgrammeID + "/" + e.HouseholdID }

// Validate checks the entry and returns every problem at once.
func (e WaitingEntry) Validate() error {
	var ps housing.Problems
	CheckID(&ps, "programme_id", e.ProgrammeID)
	CheckID(&ps, "household_id", e.HouseholdID)
	CheckRef(&ps, "decision_id", e.DecisionID)
	if e.Since.IsZero() {
		ps.Add("since", "is required")
	}
	return ps.Err("invalid waiting-list entry")
}

// RankOrder orders a waiting list: higher score first, then earlier Since,
// then household identifier (byte order), so that the order is total.
func RankOrder(a, b WaitingEntry) int {
	if c := b.Score.Cmp(a.Score); c != 0 {
		return c
	}
	if c := a.Since.Compare(b.Since); c != 0 {
		return c
	}
	return cmp.Compare(a.HouseholdID, b.HouseholdID)
}

// Action is what a write did.
type Action string

// The values of Action.
const (
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
	ActionDelete Action = "delete"
	ActionAppend Action = "append" // a decision appended to the trail
)

// Event is one row of the audit trail: one per successful write, written
// in the same transaction. It carries identifiers only.
type Event struct {
	// Seq increases in the order events were written (not necessarily
	// consecutive).
	Seq int64 `json:"seq"`
	// At is when the write's transaction ran, by the store's clock.
	At time.Time `json:"at"`
	// Actor is the context's actor (WithActor), or "" when none was set.
	Actor  string `json:"actor"`
	Kind   Kind   `json:"kind"`
	ID     string `json:"id"`
	Action Action `json:"action"`
	// Version is the record's version after the write (the deleted
	// version for a delete, the sequence number for an append).
	Version int64 `json:"version"`
}

// AuditQuery selects audit events: of one kind and record when set, after
// a sequence number, at most Limit (0 means DefaultLimit, at most MaxLimit).
type AuditQuery struct {
	Kind     Kind
	ID       string
	AfterSeq int64
	Limit    int
}

// Check returns the limit to use, or invalid (store.page) for a negative
// limit or AfterSeq.
func (q AuditQuery) Check() (int, error) {
	if q.AfterSeq < 0 {
		return 0, &housing.Error{Code: housing.CodeInvalid, Key: KeyPage, Message: fmt.Sprintf("after_seq %d is negative", q.AfterSeq)}
	}
	return Page{Limit: q.Limit}.Size()
}

// Matches reports whether e is selected by q (ignoring AfterSeq and Limit).
func (q AuditQuery) Matches(e Event) bool {
	return (q.Kind == "" || e.Kind == q.Kind) && (q.ID == "" || e.ID == q.ID) && e.Seq > q.AfterSeq
}

// VacancyQuery selects vacant units as of a date. Empty fields select
// everything.
type VacancyQuery struct {
	// AsOf is required: the date the units must be vacant on.
	AsOf         housing.Date
	FacilityID   string
	ProgrammeID  string
	OwnerID      string
	Municipality string
	SubArea      string
	Kind         housing.UnitKind
	Contract     housing.ContractKind
	// MinBeds selects units with at least that many beds.
	MinBeds int
	// StepFree selects only step-free units when true.
	StepFree bool
	// MaxMonthlyCost selects units whose rent plus service charges is at
	// most the amount, when set.
	MaxMonthlyCost *decimal.Decimal
	// After and Limit page through the result by unit identifier.
	Page
}

// Check returns the limit to use, or invalid (store.query or store.page)
// for a query without a date or with a negative bound.
func (q VacancyQuery) Check() (int, error) {
	var ps housing.Problems
	if q.AsOf.IsZero() {
		ps.Add("as_of", "is required")
	}
	if q.MinBeds < 0 {
		ps.Add("min_beds", "%d is negative", q.MinBeds)
	}
	if q.MaxMonthlyCost != nil && q.MaxMonthlyCost.IsNegative() {
		ps.Add("max_monthly_cost", "%s is negative", q.MaxMonthlyCost)
	}
	if len(ps) > 0 {
		return 0, &housing.Error{Code: housing.CodeInvalid, Key: KeyQuery, Message: "invalid vacancy query", Problems: ps}
	}
	return q.Page.Size()
}

// Matches reports whether u passes the query's filters, including its
// availability on AsOf, but not whether it is occupied: a unit is vacant
// on AsOf when it matches, no stay occupies it on AsOf, and, when it is in
// a facility, its beds fit in the facility's beds not in use on AsOf.
func (q VacancyQuery) Matches(u housing.Unit) bool {
	switch {
	case !u.AvailableOn(q.AsOf),
		q.FacilityID != "" && u.FacilityID != q.FacilityID,
		q.ProgrammeID != "" && u.ProgrammeID != q.ProgrammeID,
		q.OwnerID != "" && u.OwnerID != q.OwnerID,
		q.Municipality != "" && u.Municipality != q.Municipality,
		q.SubArea != "" && u.SubArea != q.SubArea,
		q.Kind != "" && u.Kind != q.Kind,
		q.Contract != "" && u.Contract != q.Contract,
		u.Beds < q.MinBeds,
		q.StepFree && !u.StepFree,
		q.MaxMonthlyCost != nil && u.MonthlyCost().GreaterThan(*q.MaxMonthlyCost):
		return false
	}
	return u.ID > q.After
}

// Occupancy is who occupies a facility's units on a date.
type Occupancy struct {
	FacilityID  string       `json:"facility_id"`
	Date        housing.Date `json:"date"`
	BedCapacity int          `json:"bed_capacity"`
	// BedsInUse is the sum of the beds of the occupied units.
	BedsInUse int `json:"beds_in_use"`
	// Units lists every unit of the facility in identifier order, with
	// the stay occupying it, if any.
	Units []UnitOccupancy `json:"units"`
}

// UnitOccupancy is one unit of an Occupancy; TenancyID and HouseholdID are
// empty when the unit is free on the date.
type UnitOccupancy struct {
	UnitID      string `json:"unit_id"`
	Beds        int    `json:"beds"`
	TenancyID   string `json:"tenancy_id,omitempty"`
	HouseholdID string `json:"household_id,omitempty"`
}

// Free returns the beds not in use (negative when over capacity, which a
// lowered capacity can cause).
func (o Occupancy) Free() int { return o.BedCapacity - o.BedsInUse }
