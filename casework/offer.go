package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/housingkit/housingkit/store"
)

// Proposal states.
const (
	ProposalOpen     = "open"     // waiting for answers
	ProposalAccepted = "accepted" // both the household and the landlord accepted
	ProposalRefused  = "refused"  // one of them refused
	ProposalPlaced   = "placed"   // the stay started
)

// Answer is one party's answer to a proposal.
type Answer struct {
	Accept bool         `json:"accept"`
	Date   housing.Date `json:"date"`
	// Reason is the refusal's reason code (see RefusalReason).
	Reason string `json:"reason,omitempty"`
	Note   string `json:"note,omitempty"`
	Actor  string `json:"actor"`
}

// Proposal is a unit proposed to a household by a matching, with the
// household's and the landlord's answers.
type Proposal struct {
	ID          string       `json:"id"`
	ProgrammeID string       `json:"programme_id"`
	HouseholdID string       `json:"household_id"`
	UnitID      string       `json:"unit_id"`
	OwnerID     string       `json:"owner_id,omitempty"`
	Date        housing.Date `json:"date"`
	Score       int64        `json:"score"`
	Mechanism   string       `json:"mechanism"`
	Status      string       `json:"status"`
	Household   *Answer      `json:"household,omitempty"`
	Landlord    *Answer      `json:"landlord,omitempty"`
	TenancyID   string       `json:"tenancy_id,omitempty"`
}

// hold is the claim of one household on a unit, from its acceptance until
// the stay ends (or the proposal falls through).
type hold struct {
	UnitID      string       `json:"unit_id"`
	ProposalID  string       `json:"proposal_id"`
	HouseholdID string       `json:"household_id"`
	Status      string       `json:"status"` // held, placed, released
	Since       housing.Date `json:"since"`
}

// Proposed is the result of Propose.
type Proposed struct {
	Proposals []Proposal           `json:"proposals"`
	Unmatched []matching.Unmatched `json:"unmatched"`
}

// declinedUntil returns the units the household refused (or whose landlord
// refused it) for a reason that still holds on on.
func (c *Casework) declined(ps []Proposal, on housing.Date) []string {
	var out []string
	for _, p := range ps {
		if p.Status != ProposalRefused {
			continue
		}
		for _, a := range []*Answer{p.Household, p.Landlord} {
			if a == nil || a.Accept {
				continue
			}
			r, ok := c.refusals[a.Reason]
			holds := !ok || r.ExpiresMonths == 0
			if ok && r.ExpiresMonths > 0 {
				until, err := a.Date.AddMonths(r.ExpiresMonths)
				holds = err != nil || on.Before(until)
			}
			if holds && !slices.Contains(out, p.UnitID) {
				out = append(out, p.UnitID)
			}
		}
	}
	return out
}

// Propose matches the programme's waiting list with its units vacant on
// on, through package matching (the Casework's mechanism; the programme's
// rent-sustainability policy as the rent check), and stores one open
// proposal per pair. Households with an open or accepted proposal or a
// running stay, and units held or under an open proposal, take no part; a
// unit the household refused before is not proposed to it again while the
// refusal's reason holds (RefusalReason.ExpiresMonths). Errors: not_found
// (programme), invalid (a zero date, matching's problems; KeyMechanism when
// the mechanism proposes several units to one household, as the
// capacitated one does for a household in a pool of beds: a stay names one
// unit, so nothing is written).
func (c *Casework) Propose(ctx context.Context, tenant store.Tenant, programmeID string, on housing.Date) (*Proposed, error) {
	p, err := c.Programme(programmeID)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		return nil, invalid(store.KeyQuery, "the matching date is required")
	}
	opt := matching.Options{Mechanism: c.mechanism}
	if p.RentPolicy != "" {
		rc, err := matching.ShippedRentCheck(p.RentPolicy, on)
		if err != nil {
			return nil, err
		}
		opt.RentCheck = rc
	}
	var out *Proposed
	err = c.write(ctx, tenant, "propose", func(w *work) error {
		in, busy, err := w.matchingInput(p, on)
		if err != nil {
			return err
		}
		out = &Proposed{Proposals: []Proposal{}, Unmatched: []matching.Unmatched{}}
		if len(in.Applicants) == 0 || len(in.Offer.Units) == 0 {
			for _, a := range in.Applicants {
				out.Unmatched = append(out.Unmatched, matching.Unmatched{Household: a.ID()})
			}
			return nil
		}
		res, err := matching.Match(in, opt)
		if err != nil {
			return err
		}
		out.Unmatched = res.Unmatched
		units := map[string]housing.Unit{}
		for _, u := range in.Offer.Units {
			units[u.ID] = u
		}
		for _, m := range res.Proposals {
			if len(m.Units) != 1 {
				// Several beds of a pool (the capacitated mechanism) for
				// one household: a stay names one unit in the store, so
				// nothing is written rather than the first bed only.
				return housing.Errorf(housing.CodeInvalid, KeyMechanism, "household %s was proposed %d units together (%s); casework records a stay in one unit only: use a mechanism that proposes one unit a household",
					m.Household, len(m.Units), strings.Join(m.Units, ", "))
			}
			unit := m.Units[0]
			busy[unit]++
			pr := Proposal{ID: fmt.Sprintf("%s.p%d", unit, busy[unit]), ProgrammeID: p.ID, HouseholdID: m.Household,
				UnitID: unit, OwnerID: units[unit].OwnerID, Date: on, Score: m.Score, Mechanism: string(res.Mechanism), Status: ProposalOpen}
			if err := putDoc(w.tx, CollProposal, pr.ID, pr.HouseholdID, pr, 0); err != nil {
				return err
			}
			if err := w.journal(pr.HouseholdID, on, CollProposal, pr.ID, "", nil, pr); err != nil {
				return err
			}
			out.Proposals = append(out.Proposals, pr)
		}
		return nil
	})
	return out, err
}

// matchingInput builds the matching of the programme on a date; busy
// counts the proposals made before of each unit (a proposal's id is the
// unit's id and its number, and names no household, so that it can be
// given to a landlord).
func (w *work) matchingInput(p *Programme, on housing.Date) (matching.Input, map[string]int, error) {
	in := matching.Input{Date: on, Offer: matching.Offer{Programmes: []matching.Programme{{Programme: p.Programme, Restrictions: p.Restrictions}}}}
	busy := map[string]int{}
	all, err := allDocs[Proposal](w.tx, CollProposal)
	if err != nil {
		return in, nil, err
	}
	taken := map[string]bool{}
	hhBusy := map[string]bool{}
	for _, pr := range all {
		busy[pr.UnitID]++
		if pr.Status == ProposalOpen || pr.Status == ProposalAccepted {
			taken[pr.UnitID] = true
			hhBusy[pr.HouseholdID] = true
		}
	}
	holds, err := allDocs[hold](w.tx, CollHold)
	if err != nil {
		return in, nil, err
	}
	for _, h := range holds {
		if h.Status != "released" {
			taken[h.UnitID] = true
		}
	}
	q := store.VacancyQuery{AsOf: on, ProgrammeID: p.ID, Page: store.Page{Limit: store.MaxLimit}}
	facilities := map[string]bool{}
	for {
		us, err := w.tx.Units().Vacant(q)
		if err != nil {
			return in, nil, err
		}
		for _, u := range us {
			if taken[u.Value.ID] {
				continue
			}
			in.Offer.Units = append(in.Offer.Units, u.Value)
			if f := u.Value.FacilityID; f != "" && !facilities[f] {
				facilities[f] = true
				fv, err := w.tx.Facilities().Get(f)
				if err != nil {
					return in, nil, err
				}
				in.Offer.Facilities = append(in.Offer.Facilities, matching.Facility{Facility: fv.Value})
			}
		}
		if len(us) < q.Limit {
			break
		}
		q.After = us[len(us)-1].Value.ID
	}
	ranked, err := w.tx.WaitingList().Ranked(p.ID, store.MaxLimit)
	if err != nil {
		return in, nil, err
	}
	for _, e := range ranked {
		hid := e.Value.HouseholdID
		if hhBusy[hid] {
			continue
		}
		ts, err := w.tx.Tenancies().OfHousehold(hid)
		if err != nil {
			return in, nil, err
		}
		if slices.ContainsFunc(ts, func(t store.Versioned[housing.Tenancy]) bool { return t.Value.Status.Running() }) {
			continue
		}
		h, err := w.tx.Households().Get(hid)
		if err != nil {
			return in, nil, err
		}
		mine, _, err := docsOf[Proposal](w.tx, CollProposal, hid)
		if err != nil {
			return in, nil, err
		}
		in.Applicants = append(in.Applicants, matching.Applicant{Household: h.Value, Programmes: []string{p.ID},
			Priority: int(e.Value.Score.IntPart()), ReferredOn: e.Value.Since, Declined: w.c.declined(mine, on)})
	}
	return in, busy, nil
}

// Response is a party's answer to a proposal.
type Response struct {
	ProposalID string `json:"proposal_id"`
	// By is ByHousehold or ByLandlord.
	By     string       `json:"by"`
	Accept bool         `json:"accept"`
	Date   housing.Date `json:"date"`
	// Reason is required for a refusal: a code of the refusal reasons
	// that the party may give.
	Reason string `json:"reason,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Respond records the household's or the landlord's answer to an open
// proposal. A household that accepts takes the unit: when another
// household holds it, Respond returns conflict (casework.unit_taken), and
// of two households accepting the same unit at once one wins and the other
// gets conflict. When both parties have accepted the proposal is
// accepted; a refusal (with its reason code) refuses it, frees the unit,
// and keeps the unit out of the household's next matchings while the
// reason holds. Errors: invalid (fields, an unknown reason), not_found,
// conflict (casework.state for an answered or closed proposal,
// casework.unit_taken).
func (c *Casework) Respond(ctx context.Context, tenant store.Tenant, r Response) (*Proposal, error) {
	var ps housing.Problems
	required(&ps, "proposal_id", r.ProposalID)
	requiredDate(&ps, "date", r.Date)
	if r.By != ByHousehold && r.By != ByLandlord {
		ps.Add("by", "%q; want household or landlord", r.By)
	}
	if !r.Accept {
		rr, ok := c.refusals[r.Reason]
		switch {
		case r.Reason == "":
			ps.Add("reason", "a refusal needs a reason code")
		case !ok:
			ps.Add("reason", "%q is not a refusal reason", r.Reason)
		case rr.By != r.By:
			ps.Add("reason", "%q is a reason of the %s, not of the %s", r.Reason, rr.By, r.By)
		}
	}
	if err := ps.Err("invalid response"); err != nil {
		return nil, err
	}
	var out *Proposal
	err := c.write(ctx, tenant, "respond", func(w *work) error {
		var p Proposal
		v, err := getDoc(w.tx, CollProposal, r.ProposalID, &p)
		if err != nil {
			return err
		}
		if p.Status != ProposalOpen {
			return conflict(KeyState, "proposal %q is %s: it takes no more answers", p.ID, p.Status)
		}
		slot := &p.Household
		if r.By == ByLandlord {
			slot = &p.Landlord
		}
		if *slot != nil {
			return conflict(KeyState, "the %s has already answered proposal %q", r.By, p.ID)
		}
		if r.Date.Before(p.Date) {
			return invalid("casework.date", "the answer of %s is before the proposal of %s", r.Date, p.Date)
		}
		before := p
		*slot = &Answer{Accept: r.Accept, Date: r.Date, Reason: r.Reason, Note: r.Note, Actor: w.actor}
		switch {
		case !r.Accept:
			p.Status = ProposalRefused
			if err := w.release(p.UnitID, p.ID, r.Date); err != nil {
				return err
			}
		case r.By == ByHousehold:
			if err := w.take(p, r.Date); err != nil {
				return err
			}
		}
		if p.Status == ProposalOpen && p.Household != nil && p.Household.Accept && p.Landlord != nil && p.Landlord.Accept {
			p.Status = ProposalAccepted
		}
		if err := putDoc(w.tx, CollProposal, p.ID, p.HouseholdID, p, v); err != nil {
			return err
		}
		out = &p
		return w.journal(p.HouseholdID, r.Date, CollProposal, p.ID, r.Reason, before, p)
	})
	return out, err
}

// take puts the household's hold on the unit.
func (w *work) take(p Proposal, on housing.Date) error {
	var h hold
	v, err := getDoc(w.tx, CollHold, p.UnitID, &h)
	if err != nil && housing.ErrorCode(err) != housing.CodeNotFound {
		return err
	}
	if err == nil && h.Status != "released" {
		return conflict(KeyUnitTaken, "unit %q is taken: household %q accepted it first (proposal %q)", p.UnitID, h.HouseholdID, h.ProposalID)
	}
	nh := hold{UnitID: p.UnitID, ProposalID: p.ID, HouseholdID: p.HouseholdID, Status: "held", Since: on}
	if err := putDoc(w.tx, CollHold, p.UnitID, p.UnitID, nh, v); err != nil {
		if housing.ErrorCode(err) == housing.CodeConflict {
			return &housing.Error{Code: housing.CodeConflict, Key: KeyUnitTaken,
				Message: fmt.Sprintf("unit %q is taken: another household accepted it at the same time", p.UnitID), Err: err}
		}
		return err
	}
	return w.journal(p.UnitID, on, CollHold, p.UnitID, "", nilIfZero(h, v), nh)
}

// release frees the unit when the proposal holds it.
func (w *work) release(unitID, proposalID string, on housing.Date) error {
	var h hold
	v, err := getDoc(w.tx, CollHold, unitID, &h)
	if housing.ErrorCode(err) == housing.CodeNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if h.ProposalID != proposalID || h.Status == "released" {
		return nil
	}
	before := h
	h.Status = "released"
	if err := putDoc(w.tx, CollHold, unitID, unitID, h, v); err != nil {
		return err
	}
	return w.journal(unitID, on, CollHold, unitID, "", before, h)
}

func nilIfZero(h hold, version int64) any {
	if version == 0 {
		return nil
	}
	return h
}

// Proposals returns the household's proposals in identifier order.
func (c *Casework) Proposals(ctx context.Context, tenant store.Tenant, householdID string) ([]Proposal, error) {
	var out []Proposal
	err := c.read(ctx, tenant, func(w *work) error {
		ps, _, err := docsOf[Proposal](w.tx, CollProposal, householdID)
		out = ps
		return err
	})
	return out, err
}

// ProposeUnit proposes one unit to one household outside a matching, as
// an office does when it offers a landlord's dwelling to several
// candidates at once (the first household to accept takes it, see
// Respond). The household must be on the programme's waiting list, the
// unit of the programme and vacant on on, and the household must not have
// refused it for a reason that still holds. Errors: invalid, not_found,
// conflict (casework.declined, casework.unit_taken when held).
func (c *Casework) ProposeUnit(ctx context.Context, tenant store.Tenant, programmeID, householdID, unitID string, on housing.Date) (*Proposal, error) {
	p, err := c.Programme(programmeID)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		return nil, invalid(store.KeyQuery, "the proposal date is required")
	}
	var out *Proposal
	err = c.write(ctx, tenant, "propose_unit", func(w *work) error {
		if _, err := w.tx.WaitingList().Get(p.ID, householdID); err != nil {
			return err
		}
		u, err := w.tx.Units().Get(unitID)
		if err != nil {
			return err
		}
		if u.Value.ProgrammeID != p.ID {
			return invalid(KeyProgramme, "unit %q is not of programme %s", unitID, p.ID)
		}
		vs, err := listAll(func(pg store.Page) ([]store.Versioned[housing.Unit], error) {
			return w.tx.Units().Vacant(store.VacancyQuery{AsOf: on, ProgrammeID: p.ID, FacilityID: u.Value.FacilityID, OwnerID: u.Value.OwnerID, Page: pg})
		}, func(u housing.Unit) string { return u.ID })
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(vs, func(v store.Versioned[housing.Unit]) bool { return v.Value.ID == unitID }) {
			return conflict(KeyUnitTaken, "unit %q is not vacant on %s", unitID, on)
		}
		var hd hold
		if _, err := getDoc(w.tx, CollHold, unitID, &hd); err == nil && hd.Status != "released" {
			return conflict(KeyUnitTaken, "unit %q is held by household %q", unitID, hd.HouseholdID)
		}
		mine, _, err := docsOf[Proposal](w.tx, CollProposal, householdID)
		if err != nil {
			return err
		}
		if slices.Contains(c.declined(mine, on), unitID) {
			return conflict(KeyDeclined, "household %q refused unit %q for a reason that still holds on %s", householdID, unitID, on)
		}
		all, err := allDocs[Proposal](w.tx, CollProposal)
		if err != nil {
			return err
		}
		n := 1
		for _, m := range all {
			if m.UnitID == unitID {
				n++
			}
		}
		pr := Proposal{ID: fmt.Sprintf("%s.p%d", unitID, n), ProgrammeID: p.ID, HouseholdID: householdID,
			UnitID: unitID, OwnerID: u.Value.OwnerID, Date: on, Mechanism: "office", Status: ProposalOpen}
		if err := putDoc(w.tx, CollProposal, pr.ID, householdID, pr, 0); err != nil {
			return err
		}
		out = &pr
		return w.journal(householdID, on, CollProposal, pr.ID, "", nil, pr)
	})
	return out, err
}
