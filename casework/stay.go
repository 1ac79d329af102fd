package casework

import (
	"context"
	"fmt"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// Location places a dwelling for a local rent agreement: its zone and
// dwelling class.
type Location struct {
	UnitID    string `json:"unit_id"`
	Agreement string `json:"agreement"`
	Zone      string `json:"zone"`
	Class     string `json:"class"`
}

// Renewal is a renewal as casework records it: the housing.Renewal with
// the evidence and who approved it.
type Renewal struct {
	Date     housing.Date `json:"date"`
	Months   int          `json:"months"`
	Reason   string       `json:"reason"`
	Evidence string       `json:"evidence"`
	Approver string       `json:"approver"`
	NewEnd   housing.Date `json:"new_end,omitzero"`
}

// Contract is the contract of a stay, with the facts at entry that
// reports count (persons, ETHOS living situation, the referral date).
type Contract struct {
	TenancyID   string               `json:"tenancy_id"`
	ProgrammeID string               `json:"programme_id"`
	HouseholdID string               `json:"household_id"`
	UnitID      string               `json:"unit_id"`
	FacilityID  string               `json:"facility_id,omitempty"`
	OwnerID     string               `json:"owner_id,omitempty"`
	Kind        housing.ContractKind `json:"kind"`
	PolicyID    string               `json:"policy_id"`
	Start       housing.Date         `json:"start"`
	// Months is the agreed term (0 when the policy alone sets it); End is
	// the contract's end (zero when open-ended).
	Months  int             `json:"months,omitempty"`
	End     housing.Date    `json:"end,omitzero"`
	Rent    decimal.Decimal `json:"rent"`
	Charges decimal.Decimal `json:"charges"`
	Quote   *RentQuote      `json:"quote,omitempty"`
	// Facts at entry.
	Persons      int           `json:"persons"`
	Ethos        housing.Ethos `json:"ethos,omitempty"`
	ReferralID   string        `json:"referral_id,omitempty"`
	ReferralDate housing.Date  `json:"referral_date,omitzero"`
	Renewals     []Renewal     `json:"renewals,omitempty"`
	Exit         *housing.Exit `json:"exit,omitempty"`
}

// StartInput starts a stay from an accepted proposal.
type StartInput struct {
	ProposalID string       `json:"proposal_id"`
	TenancyID  string       `json:"tenancy_id"`
	Start      housing.Date `json:"start"`
	// Months is the term agreed, within the contract's bounds (0: the
	// longest allowed).
	Months int `json:"months,omitempty"`
	// Point is where in the agreement's band the rent is set (default
	// min), for contracts at agreed rent.
	Point RentPoint `json:"point,omitempty"`
}

// StartTenancy starts the stay of an accepted proposal under the
// programme's contract and duration policy: the tenancy is stored (the
// store refuses a unit occupied, a household placed elsewhere, a full
// facility: conflict), the contract with its rent (zero for a free loan,
// the agreement's band × floor area for agreed rents, the unit's rent
// otherwise) and the facts at entry, the household leaves the waiting
// list. Errors: invalid (fields, a term outside the contract's bounds, a
// unit without a location for an agreed rent), not_found, conflict
// (casework.state when the proposal is not accepted; the placement
// conflicts).
func (c *Casework) StartTenancy(ctx context.Context, tenant store.Tenant, in StartInput) (*Contract, error) {
	var ps housing.Problems
	required(&ps, "proposal_id", in.ProposalID)
	store.CheckID(&ps, "tenancy_id", in.TenancyID)
	requiredDate(&ps, "start", in.Start)
	if in.Months < 0 {
		ps.Add("months", "%d is negative", in.Months)
	}
	if err := ps.Err("cannot start the tenancy"); err != nil {
		return nil, err
	}
	var out *Contract
	err := c.write(ctx, tenant, "start_tenancy", func(w *work) error {
		var p Proposal
		pv, err := getDoc(w.tx, CollProposal, in.ProposalID, &p)
		if err != nil {
			return err
		}
		if p.Status != ProposalAccepted {
			return conflict(KeyState, "proposal %q is %s: a stay starts from an accepted proposal", p.ID, p.Status)
		}
		prog, err := c.Programme(p.ProgrammeID)
		if err != nil {
			return err
		}
		term, _ := c.contracts.Term(prog.Contract)
		policyID := term.Policy
		if policyID == "" {
			policyID = prog.DurationPolicyID
		}
		pol, err := c.Policy(policyID)
		if err != nil {
			return err
		}
		u, err := w.tx.Units().Get(p.UnitID)
		if err != nil {
			return err
		}
		h, err := w.tx.Households().Get(p.HouseholdID)
		if err != nil {
			return err
		}
		var ref *housing.Referral
		refs, err := w.tx.Referrals().OfHousehold(p.HouseholdID)
		if err != nil {
			return err
		}
		for i := range refs {
			if refs[i].Value.ProgrammeID == p.ProgrammeID {
				ref = &refs[i].Value
			}
		}
		t := housing.Tenancy{ID: in.TenancyID, HouseholdID: p.HouseholdID, UnitID: p.UnitID, ProgrammeID: p.ProgrammeID, PolicyID: pol.ID}
		if ref != nil {
			t.ReferralID, t.ReferralDate = ref.ID, ref.Date
		}
		if err := t.Propose(p.Date, "proposal "+p.ID); err != nil {
			return err
		}
		if err := t.ActivateIn(pol, u.Value, in.Start, ""); err != nil {
			return err
		}
		k := Contract{TenancyID: t.ID, ProgrammeID: p.ProgrammeID, HouseholdID: p.HouseholdID, UnitID: p.UnitID,
			FacilityID: u.Value.FacilityID, OwnerID: u.Value.OwnerID, Kind: prog.Contract, PolicyID: pol.ID, Start: in.Start,
			Charges: u.Value.ServiceCharges, Persons: h.Value.Size(), Ethos: h.Value.LivingSituation,
			ReferralID: t.ReferralID, ReferralDate: t.ReferralDate, End: t.PlannedEnd}
		if term.MaxMonths > 0 {
			k.Months = in.Months
			if k.Months == 0 {
				k.Months = term.MaxMonths
			}
			if k.Months < term.MinMonths || k.Months > term.MaxMonths {
				return invalid(KeyContract, "a %s runs %d to %d months, not %d", term.Kind, term.MinMonths, term.MaxMonths, k.Months)
			}
			if k.End, err = in.Start.AddMonths(k.Months); err != nil {
				return err
			}
		}
		switch term.Rent {
		case RentZero:
			k.Rent = decimal.Zero
		case RentUnit:
			k.Rent = u.Value.Rent
		case RentByAgreement:
			var loc Location
			if _, err := getDoc(w.tx, CollLocations, p.UnitID, &loc); err != nil {
				if housing.ErrorCode(err) == housing.CodeNotFound {
					return invalid(KeyContract, "unit %q has no zone and class of a rent agreement: register them with SetLocation", p.UnitID)
				}
				return err
			}
			a, ok := c.contracts.Agreements[loc.Agreement]
			if !ok {
				return invalid(KeyContract, "unit %q names rent agreement %q, which is not loaded", p.UnitID, loc.Agreement)
			}
			point := in.Point
			if point == "" {
				point = PointMin
			}
			q, err := a.Rent(loc.Zone, loc.Class, u.Value.AreaSqm, point)
			if err != nil {
				return err
			}
			k.Rent, k.Quote = q.Monthly, &q
		}
		if err := w.tx.Tenancies().Create(t); err != nil {
			return err
		}
		if err := putDoc(w.tx, CollContract, t.ID, p.HouseholdID, k, 0); err != nil {
			return err
		}
		before := p
		p.Status, p.TenancyID = ProposalPlaced, t.ID
		if err := putDoc(w.tx, CollProposal, p.ID, p.HouseholdID, p, pv); err != nil {
			return err
		}
		var hd hold
		hv, err := getDoc(w.tx, CollHold, p.UnitID, &hd)
		if err != nil {
			return err
		}
		hd.Status = "placed"
		if err := putDoc(w.tx, CollHold, p.UnitID, p.UnitID, hd, hv); err != nil {
			return err
		}
		if e, err := w.tx.WaitingList().Get(p.ProgrammeID, p.HouseholdID); err == nil {
			if err := w.tx.WaitingList().Remove(p.ProgrammeID, p.HouseholdID, e.Version); err != nil {
				return err
			}
			if err := w.journal(p.HouseholdID, in.Start, string(store.KindWaitingEntry), e.Value.Key(), "admitted", e.Value, nil); err != nil {
				return err
			}
		} else if housing.ErrorCode(err) != housing.CodeNotFound {
			return err
		}
		if err := w.journal(p.HouseholdID, in.Start, CollProposal, p.ID, "", before, p); err != nil {
			return err
		}
		if err := w.journal(p.HouseholdID, in.Start, string(store.KindTenancy), t.ID, "", nil, struct {
			Tenancy  housing.Tenancy `json:"tenancy"`
			Contract Contract        `json:"contract"`
		}{t, k}); err != nil {
			return err
		}
		out = &k
		return nil
	})
	return out, err
}

// tenancyStep loads a tenancy with its policy and contract, applies step,
// and stores all three with a journal entry.
func (c *Casework) tenancyStep(ctx context.Context, tenant store.Tenant, op, tenancyID string, on housing.Date, reason string,
	step func(w *work, t *housing.Tenancy, pol *housing.DurationPolicy, k *Contract) error) (*housing.Tenancy, error) {
	var out *housing.Tenancy
	err := c.write(ctx, tenant, op, func(w *work) error {
		tv, err := w.tx.Tenancies().Get(tenancyID)
		if err != nil {
			return err
		}
		pol, err := c.Policy(tv.Value.PolicyID)
		if err != nil {
			return err
		}
		var k Contract
		kv, err := getDoc(w.tx, CollContract, tenancyID, &k)
		if err != nil {
			return err
		}
		t := tv.Value
		before := struct {
			Tenancy  housing.Tenancy `json:"tenancy"`
			Contract Contract        `json:"contract"`
		}{tv.Value, k}
		if err := step(w, &t, pol, &k); err != nil {
			return err
		}
		if _, err := w.tx.Tenancies().Update(t, tv.Version); err != nil {
			return err
		}
		if err := putDoc(w.tx, CollContract, tenancyID, t.HouseholdID, k, kv); err != nil {
			return err
		}
		out = &t
		return w.journal(t.HouseholdID, on, string(store.KindTenancy), t.ID, reason, before, struct {
			Tenancy  housing.Tenancy `json:"tenancy"`
			Contract Contract        `json:"contract"`
		}{t, k})
	})
	return out, err
}

// RenewInput renews a stay. Reason, Evidence and Approver are all
// required: a renewal rests on a proven reason (Crema: «comprovate
// motivazioni»), the reference of the document that proves it, and the
// officer who approved it.
type RenewInput struct {
	TenancyID string       `json:"tenancy_id"`
	Date      housing.Date `json:"date"`
	// Months is the renewal's length; 0 means the policy's.
	Months   int    `json:"months,omitempty"`
	Reason   string `json:"reason"`
	Evidence string `json:"evidence"`
	Approver string `json:"approver"`
	Note     string `json:"note,omitempty"`
}

// Renew renews the stay under its policy. Errors: invalid (casework.evidence
// for a missing reason, evidence or approver), not_found, and the
// policy's refusals (housing.ErrRenewalLimit, ErrRenewalReasonUnknown…).
func (c *Casework) Renew(ctx context.Context, tenant store.Tenant, in RenewInput) (*housing.Tenancy, error) {
	var ps housing.Problems
	required(&ps, "reason", in.Reason)
	required(&ps, "evidence", in.Evidence)
	required(&ps, "approver", in.Approver)
	requiredDate(&ps, "date", in.Date)
	if len(ps) > 0 {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: KeyEvidence, Message: "a renewal needs a reason code, the reference of its evidence and the approver", Problems: ps}
	}
	return c.tenancyStep(ctx, tenant, "renew", in.TenancyID, in.Date, in.Reason, func(w *work, t *housing.Tenancy, pol *housing.DurationPolicy, k *Contract) error {
		note := fmt.Sprintf("evidence %s; approved by %s", in.Evidence, in.Approver)
		if in.Note != "" {
			note += "; " + in.Note
		}
		if err := t.Renew(pol, housing.Renewal{Date: in.Date, Months: in.Months, Reason: in.Reason, Note: note}); err != nil {
			return err
		}
		r := t.Renewals[len(t.Renewals)-1]
		k.Renewals = append(k.Renewals, Renewal{Date: in.Date, Months: r.Months, Reason: in.Reason, Evidence: in.Evidence, Approver: in.Approver, NewEnd: t.PlannedEnd})
		if !t.PlannedEnd.IsZero() && (k.End.IsZero() || t.PlannedEnd.After(k.End)) {
			k.End = t.PlannedEnd
		}
		return nil
	})
}

// Review records a review of the stay held on on; when the stay has a care
// plan, the review is its review meeting too (see ReviewMeeting).
func (c *Casework) Review(ctx context.Context, tenant store.Tenant, tenancyID string, on housing.Date, note string) (*housing.Tenancy, error) {
	return c.tenancyStep(ctx, tenant, "review", tenancyID, on, "", func(w *work, t *housing.Tenancy, _ *housing.DurationPolicy, _ *Contract) error {
		if err := t.RecordReview(on, note); err != nil {
			return err
		}
		return w.carePlanReview(t.HouseholdID, t.ID, on)
	})
}

// Exit ends the stay on the exit's date by its pathway, and frees the
// unit. Errors: invalid (pathway, date), not_found, and the tenancy's
// refusals (ErrTenancyEnded, ErrEndBeforeStart…).
func (c *Casework) Exit(ctx context.Context, tenant store.Tenant, tenancyID string, e housing.Exit) (*housing.Tenancy, error) {
	return c.tenancyStep(ctx, tenant, "exit", tenancyID, e.Date, string(e.Pathway), func(w *work, t *housing.Tenancy, _ *housing.DurationPolicy, k *Contract) error {
		if err := t.End(e); err != nil {
			return err
		}
		k.Exit = &e
		var hd hold
		hv, err := getDoc(w.tx, CollHold, t.UnitID, &hd)
		if err != nil {
			if housing.ErrorCode(err) == housing.CodeNotFound {
				return nil
			}
			return err
		}
		if hd.HouseholdID != t.HouseholdID || hd.Status == "released" {
			return nil
		}
		before := hd
		hd.Status = "released"
		if err := putDoc(w.tx, CollHold, t.UnitID, t.UnitID, hd, hv); err != nil {
			return err
		}
		return w.journal(t.UnitID, e.Date, CollHold, t.UnitID, "exit", before, hd)
	})
}

// ContractOf returns the contract of the stay.
func (c *Casework) ContractOf(ctx context.Context, tenant store.Tenant, tenancyID string) (*Contract, error) {
	var k Contract
	err := c.read(ctx, tenant, func(w *work) error {
		_, err := getDoc(w.tx, CollContract, tenancyID, &k)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &k, nil
}
