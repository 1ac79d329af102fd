package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// Need is a level of need in one domain of a multidimensional assessment.
type Need string

// The values of Need.
const (
	NeedNone   Need = "none"
	NeedLow    Need = "low"
	NeedMedium Need = "medium"
	NeedHigh   Need = "high"
)

// AssessmentDomains returns the domains of the multidimensional
// assessment a referral summarises (valutazione multidimensionale), in a
// new slice.
func AssessmentDomains() []string {
	return []string{"housing", "income", "work", "health", "relations", "care", "legal"}
}

// DomainNeed is the need assessed in one domain.
type DomainNeed struct {
	Domain string `json:"domain"`
	Need   Need   `json:"need"`
}

// Assessment is the summary of the team's multidimensional assessment
// that comes with a referral: a need per domain and the team's summary.
type Assessment struct {
	Domains []DomainNeed `json:"domains"`
	Summary string       `json:"summary,omitempty"`
}

// Validate checks the assessment and returns every problem at once.
func (a Assessment) Validate() error {
	var ps housing.Problems
	seen := map[string]bool{}
	domains := AssessmentDomains()
	for i, d := range a.Domains {
		at := housing.Index("domains", i)
		if !slices.Contains(domains, d.Domain) {
			ps.Add(at+".domain", "%q; want one of %v", d.Domain, domains)
		}
		if seen[d.Domain] {
			ps.Add(at+".domain", "%q is assessed twice", d.Domain)
		}
		seen[d.Domain] = true
		if !slices.Contains([]Need{NeedNone, NeedLow, NeedMedium, NeedHigh}, d.Need) {
			ps.Add(at+".need", "%q; want none, low, medium or high", d.Need)
		}
	}
	return ps.Err("invalid assessment")
}

// ReferralInput registers a referral.
type ReferralInput struct {
	// Referral names the programme, the team (and the teams it selects
	// with), the date and the personal record's reference.
	Referral housing.Referral `json:"referral"`
	// Household, when set, is created with the referral; otherwise the
	// household must exist.
	Household *housing.Household `json:"household,omitempty"`
	// Assessment is the multidimensional assessment's summary.
	Assessment Assessment `json:"assessment"`
}

// referralDoc is what casework keeps beside a stored referral.
type referralDoc struct {
	ReferralID  string     `json:"referral_id"`
	HouseholdID string     `json:"household_id"`
	Assessment  Assessment `json:"assessment"`
}

// RegisterReferral stores a referral (and its household when given) with
// the assessment's summary. Errors: invalid (the referral, household or
// assessment, with every problem; a team is required and, for the Ferrara
// programme, a personal record reference), not_found (programme), conflict
// (store.exists for a taken id).
func (c *Casework) RegisterReferral(ctx context.Context, tenant store.Tenant, in ReferralInput) error {
	r := in.Referral
	p, err := c.Programme(r.ProgrammeID)
	if err != nil {
		return err
	}
	var ps housing.Problems
	ps.Merge("referral", r.Validate())
	ps.Merge("assessment", in.Assessment.Validate())
	if in.Household != nil {
		if in.Household.ID != r.HouseholdID {
			ps.Add("household.id", "%q is not the referral's household %q", in.Household.ID, r.HouseholdID)
		}
		ps.Merge("household", in.Household.ValidateOn(r.Date))
	}
	if p.ID == ProgFerrara && r.RecordRef == "" {
		ps.Add("referral.record_ref", "the Ferrara programme admits by referral with a personal record (scheda personalizzata): its reference is required")
	}
	if err := ps.Err("cannot register the referral"); err != nil {
		return err
	}
	return c.write(ctx, tenant, "register_referral", func(w *work) error {
		if in.Household != nil {
			if err := w.tx.Households().Create(*in.Household); err != nil {
				return err
			}
			if err := w.journal(r.HouseholdID, r.Date, string(store.KindHousehold), r.HouseholdID, "", nil, in.Household); err != nil {
				return err
			}
		}
		if err := w.tx.Referrals().Create(r); err != nil {
			return err
		}
		doc := referralDoc{ReferralID: r.ID, HouseholdID: r.HouseholdID, Assessment: in.Assessment}
		if err := putDoc(w.tx, CollReferral, r.ID, r.HouseholdID, doc, 0); err != nil {
			return err
		}
		return w.journal(r.HouseholdID, r.Date, string(store.KindReferral), r.ID, "", nil, struct {
			Referral   housing.Referral `json:"referral"`
			Assessment Assessment       `json:"assessment"`
		}{r, in.Assessment})
	})
}

// Decided is the result of DecideEligibility: the decision, the record
// kept in the trail, and the household's entry on the waiting list after
// it (nil when not on the list).
type Decided struct {
	Decision *eligibility.Decision `json:"decision"`
	Record   store.DecisionRecord  `json:"record"`
	Waiting  *store.WaitingEntry   `json:"waiting,omitempty"`
}

// DecideEligibility evaluates the referral's household against its
// programme's rule set (with the programme's variants) as of on, appends
// the decision to the trail with the rule set's version and variants, and
// places the household on the programme's waiting list when it is eligible
// (score: the decision's priority score; since: the referral date), or
// takes it off when it is not. Errors: not_found (referral, household,
// programme), invalid (a zero date, or the evaluation's own problems).
func (c *Casework) DecideEligibility(ctx context.Context, tenant store.Tenant, referralID string, on housing.Date) (*Decided, error) {
	if on.IsZero() {
		return nil, invalid(store.KeyQuery, "the decision date is required")
	}
	var out *Decided
	err := c.write(ctx, tenant, "decide_eligibility", func(w *work) error {
		ref, err := w.tx.Referrals().Get(referralID)
		if err != nil {
			return err
		}
		r := ref.Value
		p, err := c.Programme(r.ProgrammeID)
		if err != nil {
			return err
		}
		h, err := w.tx.Households().Get(r.HouseholdID)
		if err != nil {
			return err
		}
		res, err := w.decide(p, &r, h.Value, on, "")
		out = res
		return err
	})
	return out, err
}

// decide evaluates, appends the decision and updates the waiting list;
// reason, when set, is why the list changes (a fact changed).
func (w *work) decide(p *Programme, r *housing.Referral, h housing.Household, on housing.Date, reason string) (*Decided, error) {
	d, err := eligibility.Evaluate(p.RuleSet, &h, on, eligibility.WithReferral(r))
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(d)
	if err != nil {
		return nil, store.Internal("encoding the decision", err)
	}
	prev, err := w.tx.Decisions().OfHousehold(h.ID)
	if err != nil {
		return nil, err
	}
	rec := store.DecisionRecord{ID: fmt.Sprintf("%s.d%d", h.ID, len(prev)+1), HouseholdID: h.ID, ReferralID: r.ID,
		RuleSetID: d.RuleSet.ID, RuleSetVersion: d.RuleSet.Version, VariantIDs: d.RuleSet.Variants,
		Date: on, Outcome: string(d.Outcome), AskedBy: w.actor, Decision: body}
	if rec.Seq, err = w.tx.Decisions().Append(rec); err != nil {
		return nil, err
	}
	if err := w.journal(h.ID, on, string(store.KindDecision), rec.ID, reason, nil, struct {
		ID       string   `json:"id"`
		RuleSet  string   `json:"ruleset"`
		Version  string   `json:"version"`
		Variants []string `json:"variants,omitempty"`
		Outcome  string   `json:"outcome"`
		Groups   []string `json:"groups"`
		Score    int      `json:"score"`
	}{rec.ID, rec.RuleSetID, rec.RuleSetVersion, rec.VariantIDs, rec.Outcome, d.Groups, score(d)}); err != nil {
		return nil, err
	}
	out := &Decided{Decision: d, Record: rec}
	cur, err := w.tx.WaitingList().Get(p.ID, h.ID)
	listed := err == nil
	if err != nil && housing.ErrorCode(err) != housing.CodeNotFound {
		return nil, err
	}
	why := reason
	if why == "" {
		why = "decision " + rec.ID
	}
	switch {
	case d.Outcome == eligibility.Eligible:
		e := store.WaitingEntry{ProgrammeID: p.ID, HouseholdID: h.ID, DecisionID: rec.ID,
			Score: decimal.NewFromInt(int64(score(d))), Since: r.Date}
		if listed {
			e.Since = cur.Value.Since
			if _, err := w.tx.WaitingList().Update(e, cur.Version); err != nil {
				return nil, err
			}
			err = w.journal(h.ID, on, string(store.KindWaitingEntry), e.Key(), why, cur.Value, e)
		} else {
			if err := w.tx.WaitingList().Add(e); err != nil {
				return nil, err
			}
			err = w.journal(h.ID, on, string(store.KindWaitingEntry), e.Key(), why, nil, e)
		}
		if err != nil {
			return nil, err
		}
		out.Waiting = &e
	case listed:
		if err := w.tx.WaitingList().Remove(p.ID, h.ID, cur.Version); err != nil {
			return nil, err
		}
		if err := w.journal(h.ID, on, string(store.KindWaitingEntry), cur.Value.Key(), why, cur.Value, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func score(d *eligibility.Decision) int {
	if d.Score == nil {
		return 0
	}
	return d.Score.Total
}

// UpdateHousehold stores the household's changed facts (read at version)
// and decides again, as of on, on its latest referral to every programme
// whose waiting list it is on: the list is re-ranked with the new scores
// (or the household taken off when no longer eligible), and reason — why
// the facts changed — is kept in the journal and on every decision's
// entry. Errors: invalid (household; a missing reason), not_found,
// conflict (store.stale).
func (c *Casework) UpdateHousehold(ctx context.Context, tenant store.Tenant, h housing.Household, version int64, on housing.Date, reason string) error {
	var ps housing.Problems
	required(&ps, "reason", reason)
	requiredDate(&ps, "date", on)
	if err := ps.Err("cannot update the household"); err != nil {
		return err
	}
	return c.write(ctx, tenant, "update_household", func(w *work) error {
		old, err := w.tx.Households().Get(h.ID)
		if err != nil {
			return err
		}
		if _, err := w.tx.Households().Update(h, version); err != nil {
			return err
		}
		if err := w.journal(h.ID, on, string(store.KindHousehold), h.ID, reason, old.Value, h); err != nil {
			return err
		}
		refs, err := w.tx.Referrals().OfHousehold(h.ID)
		if err != nil {
			return err
		}
		for _, id := range c.order {
			if _, err := w.tx.WaitingList().Get(id, h.ID); err != nil {
				if housing.ErrorCode(err) == housing.CodeNotFound {
					continue
				}
				return err
			}
			var last *housing.Referral
			for i := range refs {
				if refs[i].Value.ProgrammeID == id {
					last = &refs[i].Value
				}
			}
			if last == nil {
				continue
			}
			if _, err := w.decide(c.progs[id], last, h, on, reason); err != nil {
				return err
			}
		}
		return nil
	})
}

// Ranked is a household's place on a waiting list.
type Ranked struct {
	Position int                `json:"position"`
	Entry    store.WaitingEntry `json:"entry"`
}

// WaitingList returns the programme's waiting list in priority order
// (higher score, then earlier since, then household id).
func (c *Casework) WaitingList(ctx context.Context, tenant store.Tenant, programmeID string) ([]Ranked, error) {
	if _, err := c.Programme(programmeID); err != nil {
		return nil, err
	}
	var out []Ranked
	err := c.read(ctx, tenant, func(w *work) error {
		es, err := w.tx.WaitingList().Ranked(programmeID, store.MaxLimit)
		for i, e := range es {
			out = append(out, Ranked{Position: i + 1, Entry: e.Value})
		}
		return err
	})
	return out, err
}

// Onward is a referral onwards to another path or service, when the
// decision's outcome is "refer" (Ferrara: other, more appropriate paths
// are assessed first): where to, and what happened.
type Onward struct {
	ID          string       `json:"id"`
	ReferralID  string       `json:"referral_id"`
	HouseholdID string       `json:"household_id"`
	DecisionID  string       `json:"decision_id"`
	Date        housing.Date `json:"date"`
	// To names the service or programme referred to; Service is its kind
	// when it is a service of the programme's list.
	To      string          `json:"to"`
	Service housing.Service `json:"service,omitempty"`
	// Outcome is "pending", "taken_in" or "declined"; Note says what
	// happened.
	Outcome string       `json:"outcome"`
	Note    string       `json:"note,omitempty"`
	Closed  housing.Date `json:"closed,omitzero"`
}

// Onward outcomes.
var onwardOutcomes = []string{"pending", "taken_in", "declined"}

// ReferOnwards records that the household of the referral is referred to
// another path or service, which the latest decision on the referral must
// allow (outcome "refer"). Errors: invalid (fields), not_found, conflict
// (casework.state when the latest decision is not "refer"; store.exists).
func (c *Casework) ReferOnwards(ctx context.Context, tenant store.Tenant, o Onward) error {
	var ps housing.Problems
	store.CheckID(&ps, "id", o.ID)
	required(&ps, "referral_id", o.ReferralID)
	required(&ps, "to", o.To)
	requiredDate(&ps, "date", o.Date)
	if o.Outcome == "" {
		o.Outcome = "pending"
	}
	if !slices.Contains(onwardOutcomes, o.Outcome) {
		ps.Add("outcome", "%q; want pending, taken_in or declined", o.Outcome)
	}
	if o.Service != "" && !slices.Contains(housing.Services, o.Service) {
		ps.Add("service", "%q is not a service", o.Service)
	}
	if err := ps.Err("cannot refer onwards"); err != nil {
		return err
	}
	return c.write(ctx, tenant, "refer_onwards", func(w *work) error {
		r, err := w.tx.Referrals().Get(o.ReferralID)
		if err != nil {
			return err
		}
		ds, err := w.tx.Decisions().OfHousehold(r.Value.HouseholdID)
		if err != nil {
			return err
		}
		var last *store.DecisionRecord
		for i := range ds {
			if ds[i].ReferralID == o.ReferralID {
				last = &ds[i]
			}
		}
		if last == nil || last.Outcome != string(eligibility.Refer) {
			got := "no decision"
			if last != nil {
				got = "the outcome " + last.Outcome
			}
			return conflict(KeyState, "referral %q cannot be referred onwards: its latest decision has %s, not refer", o.ReferralID, got)
		}
		o.HouseholdID, o.DecisionID = r.Value.HouseholdID, last.ID
		if err := putDoc(w.tx, CollOnward, o.ID, o.HouseholdID, o, 0); err != nil {
			return err
		}
		return w.journal(o.HouseholdID, o.Date, CollOnward, o.ID, "", nil, o)
	})
}

// CloseOnward records what happened to a referral onwards: outcome
// taken_in or declined, on a date, with a note.
func (c *Casework) CloseOnward(ctx context.Context, tenant store.Tenant, id, outcome string, on housing.Date, note string) error {
	if outcome != "taken_in" && outcome != "declined" {
		return invalid("casework.outcome", "outcome %q; want taken_in or declined", outcome)
	}
	if on.IsZero() {
		return invalid(store.KeyQuery, "the date is required")
	}
	return c.write(ctx, tenant, "close_onward", func(w *work) error {
		var o Onward
		v, err := getDoc(w.tx, CollOnward, id, &o)
		if err != nil {
			return err
		}
		if o.Outcome != "pending" {
			return conflict(KeyState, "onward referral %q is already closed (%s)", id, o.Outcome)
		}
		before := o
		o.Outcome, o.Closed, o.Note = outcome, on, note
		if err := putDoc(w.tx, CollOnward, id, o.HouseholdID, o, v); err != nil {
			return err
		}
		return w.journal(o.HouseholdID, on, CollOnward, id, outcome, before, o)
	})
}
