package housing

import (
	"slices"
	"strings"

	"github.com/housingkit/housingkit/internal/text"
	"golang.org/x/text/language"
)

// TenancyStatus is the state of a tenancy in its life (stato
// dell'assegnazione).
type TenancyStatus string

// The values of TenancyStatus. The legal transitions are
//
//	(none) → proposed            Propose
//	proposed → active            Activate
//	proposed → cancelled         Cancel
//	active, renewed → renewed    Renew
//	active, renewed → ended      End, with an Exit
const (
	TenancyProposed  TenancyStatus = "proposed"  // proposta di assegnazione
	TenancyActive    TenancyStatus = "active"    // permanenza in corso
	TenancyRenewed   TenancyStatus = "renewed"   // permanenza rinnovata, in corso
	TenancyEnded     TenancyStatus = "ended"     // permanenza conclusa (uscita registrata)
	TenancyCancelled TenancyStatus = "cancelled" // proposta annullata prima dell'ingresso
)

// TenancyStatuses lists the values of TenancyStatus.
var TenancyStatuses = []TenancyStatus{TenancyProposed, TenancyActive, TenancyRenewed, TenancyEnded, TenancyCancelled}

// Label returns the name of s in lang.
func (s TenancyStatus) Label(lang language.Tag) string { return label(lang, "tenancy_status", s) }

// Running reports whether the household is living in the unit: the stay
// has started and not ended (active or renewed).
func (s TenancyStatus) Running() bool { return slices.Contains(tenancyMachine[actRenew].from, s) }

// tenancyAction is a step of a tenancy's life: one of the methods Propose,
// Activate, Renew, RecordReview, End and Cancel.
type tenancyAction uint8

// The actions of the tenancy state machine.
const (
	actPropose tenancyAction = iota
	actActivate
	actRenew
	actReview
	actEnd
	actCancel
)

// tenancyStep is one row of the tenancy state machine: the statuses an
// action may be taken in, the status it moves the tenancy to, and, for every
// other status, the sentinel of its refusal.
type tenancyStep struct {
	// name is the action as messages write it ("it cannot be renewed").
	name textKey
	// again replaces name when the tenancy is already in the status the
	// action moves to ("it cannot be ended a second time").
	again textKey
	// from lists the statuses the action may be taken in.
	from []TenancyStatus
	// to is the status after the action; empty for an action that keeps
	// the status and records no transition (a review).
	to TenancyStatus
	// refused is the refusal in each status outside from; otherwise is the
	// refusal in a status that is not one of TenancyStatuses.
	refused   map[TenancyStatus]*Error
	otherwise *Error
}

// tenancyMachine is the tenancy state machine, defined once: the methods
// take their legality, their target status and their refusals from it, and
// Validate checks a history against it. Its transitions are those listed
// under TenancyStatus.
var tenancyMachine = [...]tenancyStep{
	actPropose: {
		from: []TenancyStatus{""}, to: TenancyProposed,
		otherwise: ErrAlreadyProposed,
	},
	actActivate: {
		name: "action.start",
		from: []TenancyStatus{TenancyProposed}, to: TenancyActive,
		refused: map[TenancyStatus]*Error{
			"": ErrNotProposed, TenancyActive: ErrAlreadyStarted, TenancyRenewed: ErrAlreadyStarted,
			TenancyEnded: ErrTenancyEnded, TenancyCancelled: ErrTenancyCancelled,
		},
		otherwise: ErrNotStarted,
	},
	actRenew: {
		name: "action.renew",
		from: []TenancyStatus{TenancyActive, TenancyRenewed}, to: TenancyRenewed,
		refused:   notRunning,
		otherwise: ErrNotStarted,
	},
	actReview: {
		name:      "action.review",
		from:      []TenancyStatus{TenancyActive, TenancyRenewed},
		refused:   notRunning,
		otherwise: ErrNotStarted,
	},
	actEnd: {
		name: "action.end", again: "action.end_again",
		from: []TenancyStatus{TenancyActive, TenancyRenewed}, to: TenancyEnded,
		refused:   notRunning,
		otherwise: ErrNotStarted,
	},
	actCancel: {
		name: "action.cancel",
		from: []TenancyStatus{TenancyProposed}, to: TenancyCancelled,
		refused: map[TenancyStatus]*Error{
			"": ErrNotProposed, TenancyActive: ErrCannotCancel, TenancyRenewed: ErrCannotCancel,
			TenancyEnded: ErrTenancyEnded, TenancyCancelled: ErrTenancyCancelled,
		},
		otherwise: ErrNotStarted,
	},
}

// notRunning are the refusals of an action that needs a running stay.
var notRunning = map[TenancyStatus]*Error{
	"": ErrNotStarted, TenancyProposed: ErrNotStarted,
	TenancyEnded: ErrTenancyEnded, TenancyCancelled: ErrTenancyCancelled,
}

// legalTransition reports whether the machine moves a tenancy from one
// status to the other by some action that records a transition.
func legalTransition(from, to TenancyStatus) bool {
	for _, s := range tenancyMachine {
		if s.to != "" && s.to == to && slices.Contains(s.from, from) {
			return true
		}
	}
	return false
}

// ExitPathway is how a stay ends (percorso di uscita): the outcome that
// programmes exist for and that researchers and funders count.
type ExitPathway string

// The values of ExitPathway.
const (
	ExitPublicHousing  ExitPathway = "public_housing"  // assegnazione di alloggio ERP (edilizia residenziale pubblica)
	ExitPrivateLease   ExitPathway = "private_lease"   // locazione sul mercato privato, anche con sostegno all'affitto
	ExitOtherProgramme ExitPathway = "other_programme" // passaggio ad altro progetto o servizio
	ExitFamily         ExitPathway = "family"          // rientro in famiglia o presso la rete amicale
	ExitDropOut        ExitPathway = "drop_out"        // abbandono volontario del percorso
	ExitRemoval        ExitPathway = "removal"         // dimissione o allontanamento dal progetto
	ExitDeath          ExitPathway = "death"           // decesso
	ExitOther          ExitPathway = "other"           // altro
)

// ExitPathways lists the values of ExitPathway.
var ExitPathways = []ExitPathway{
	ExitPublicHousing, ExitPrivateLease, ExitOtherProgramme, ExitFamily,
	ExitDropOut, ExitRemoval, ExitDeath, ExitOther,
}

// Label returns the name of e in lang.
func (e ExitPathway) Label(lang language.Tag) string { return label(lang, "exit", e) }

// Exit is the end of a stay (uscita / dimissione): the date the household
// left, by which pathway, and a note.
type Exit struct {
	Date    Date        `json:"date"`
	Pathway ExitPathway `json:"pathway"`
	Note    string      `json:"note,omitempty"`
}

// validate records the problems of the exit under prefix.
func (e Exit) validate(ps *Problems, prefix string) {
	if e.Date.IsZero() {
		ps.Add(JoinPath(prefix, "date"), "is required")
	}
	checkEnum(ps, JoinPath(prefix, "pathway"), e.Pathway, true, ExitPathways)
}

// Renewal is a recorded renewal of a stay (rinnovo): the date it was
// decided, how many months it adds, the reason code from the policy's list
// (motivazione) and a note with the evidence (comprovate motivazioni).
type Renewal struct {
	Date   Date   `json:"date"`
	Months int    `json:"months"`
	Reason string `json:"reason,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Review is a review of the stay that was held (verifica periodica), such
// as a review of the care plan with the household.
type Review struct {
	Date Date   `json:"date"`
	Note string `json:"note,omitempty"`
}

// Transition is one step of a tenancy's history: on Date it went from one
// status to another (From is empty for the proposal).
type Transition struct {
	Date Date          `json:"date"`
	From TenancyStatus `json:"from,omitempty"`
	To   TenancyStatus `json:"to"`
	Note string        `json:"note,omitempty"`
}

// Tenancy is the stay of a household in a unit under a programme
// (assegnazione temporanea / permanenza): proposed, started, possibly
// renewed and reviewed, and ended with an exit. Its duration follows the
// programme's DurationPolicy, named by PolicyID.
//
// Its life is a state machine (see TenancyStatus), defined once as a
// transition table: the methods Propose, Activate, Renew, RecordReview, End
// and Cancel move it on, each taking from the table whether the step is
// legal in the current status and the typed *Error that refuses it
// otherwise. A refused
// step leaves the tenancy exactly as it was. Every step is recorded in
// History.
type Tenancy struct {
	ID          string `json:"id"`
	HouseholdID string `json:"household_id"`
	UnitID      string `json:"unit_id"`
	ProgrammeID string `json:"programme_id,omitempty"`
	ReferralID  string `json:"referral_id,omitempty"`
	// ReferralDate is the date of the referral (segnalazione); the stay
	// cannot be proposed or start before it.
	ReferralDate Date `json:"referral_date,omitzero"`
	// PolicyID names the duration policy (such as
	// "crema.ospitalita-temporanea").
	PolicyID string        `json:"policy_id"`
	Status   TenancyStatus `json:"status"`
	// Start is the date the household moved in (data di ingresso).
	Start Date `json:"start,omitzero"`
	// PlannedEnd is the date the stay ends under the policy, kept up to
	// date by Activate and Renew (data di scadenza); zero for an open-ended
	// policy.
	PlannedEnd Date         `json:"planned_end,omitzero"`
	Renewals   []Renewal    `json:"renewals,omitempty"`
	Reviews    []Review     `json:"reviews,omitempty"`
	Exit       *Exit        `json:"exit,omitempty"`
	History    []Transition `json:"history,omitempty"`
}

// Errors of the tenancy state machine and of renewals. Each is a sentinel
// for errors.Is: errors.Is(err, housing.ErrRenewalLimit) matches exactly
// that refusal, errors.Is(err, housing.ErrForbidden) every refusal of the
// rules. The errors returned carry a message that says why, with the dates
// and figures involved.
var (
	// ErrAlreadyProposed: Propose on a tenancy that already has a status.
	ErrAlreadyProposed = &Error{Code: CodeConflict, Key: "tenancy.already_proposed"}
	// ErrNotProposed: Activate or Cancel on a tenancy never proposed.
	ErrNotProposed = &Error{Code: CodeConflict, Key: "tenancy.not_proposed"}
	// ErrAlreadyStarted: Activate on a stay that has started.
	ErrAlreadyStarted = &Error{Code: CodeConflict, Key: "tenancy.already_started"}
	// ErrNotStarted: Renew, RecordReview or End on a stay not started.
	ErrNotStarted = &Error{Code: CodeConflict, Key: "tenancy.not_started"}
	// ErrTenancyEnded: any step on a stay that has ended, such as ending
	// it twice or renewing it.
	ErrTenancyEnded = &Error{Code: CodeConflict, Key: "tenancy.ended"}
	// ErrTenancyCancelled: any step on a cancelled proposal.
	ErrTenancyCancelled = &Error{Code: CodeConflict, Key: "tenancy.cancelled"}
	// ErrCannotCancel: Cancel on a stay that has started (it ends with an
	// exit instead).
	ErrCannotCancel = &Error{Code: CodeConflict, Key: "tenancy.cancel_started"}
	// ErrBeforeReferral: a proposal or start dated before the referral.
	ErrBeforeReferral = &Error{Code: CodeConflict, Key: "tenancy.before_referral"}
	// ErrEndBeforeStart: an exit dated before the start.
	ErrEndBeforeStart = &Error{Code: CodeConflict, Key: "tenancy.end_before_start"}
	// ErrDateOrder: a step dated before the last recorded one.
	ErrDateOrder = &Error{Code: CodeConflict, Key: "tenancy.date_order"}
	// ErrUnitUnavailable: a start outside the unit's availability window.
	ErrUnitUnavailable = &Error{Code: CodeConflict, Key: "tenancy.unit_unavailable"}
	// ErrRenewalAfterEnd: a renewal decided after the planned end.
	ErrRenewalAfterEnd = &Error{Code: CodeConflict, Key: "tenancy.renewal_after_end"}
	// ErrPolicyMismatch: a step given a policy other than the tenancy's.
	ErrPolicyMismatch = &Error{Code: CodeInvalid, Key: "tenancy.policy_mismatch"}
	// ErrNotRenewable: a renewal under a fixed or open-ended policy.
	ErrNotRenewable = &Error{Code: CodeForbidden, Key: "tenancy.not_renewable"}
	// ErrRenewalLimit: a renewal beyond the policy's maximum, such as a
	// second renewal under Crema's policy.
	ErrRenewalLimit = &Error{Code: CodeForbidden, Key: "tenancy.renewal_limit"}
	// ErrRenewalReasonRequired: a renewal without a reason where the
	// policy needs one.
	ErrRenewalReasonRequired = &Error{Code: CodeForbidden, Key: "tenancy.renewal_reason_required"}
	// ErrRenewalReasonUnknown: a renewal reason not in the policy's list.
	ErrRenewalReasonUnknown = &Error{Code: CodeForbidden, Key: "tenancy.renewal_reason_unknown"}
	// ErrRenewalTooLong: a renewal longer than the policy allows.
	ErrRenewalTooLong = &Error{Code: CodeForbidden, Key: "tenancy.renewal_too_long"}
)

// textKey is a message key given as an argument of another message; it is
// translated into the same language before formatting.
type textKey = text.Key

// tenancyError returns a new *Error with the sentinel's code and key and the
// text of the key formatted with args in both languages (Message is the
// English one).
func tenancyError(sentinel *Error, args ...any) *Error {
	texts := Text{IT: tenancyText(Italian, sentinel.Key, args...), EN: tenancyText(English, sentinel.Key, args...)}
	return &Error{Code: sentinel.Code, Key: sentinel.Key, Message: texts.EN, Texts: &texts}
}

// tenancyText formats key in lang; the text layer renders each argument in
// lang (textKey arguments, Texts, dates, and the labels of statuses, exit
// pathways and policy kinds).
func tenancyText(lang language.Tag, key string, args ...any) string {
	return messages.Format(lang, key, args...)
}

// lastEvent returns the latest recorded transition, if any.
func (t *Tenancy) lastEvent() (Transition, bool) {
	if len(t.History) == 0 {
		return Transition{}, false
	}
	return t.History[len(t.History)-1], true
}

// may returns nil when the action may be taken in the tenancy's status,
// otherwise the typed refusal that the state machine gives for it.
func (t *Tenancy) may(a tenancyAction) error {
	step := &tenancyMachine[a]
	if slices.Contains(step.from, t.Status) {
		return nil
	}
	name := step.name
	if step.again != "" && t.Status == step.to {
		name = step.again
	}
	sentinel, ok := step.refused[t.Status]
	if !ok {
		sentinel = step.otherwise
	}
	switch sentinel {
	case ErrAlreadyProposed:
		return tenancyError(sentinel, t.Status)
	case ErrAlreadyStarted, ErrCannotCancel:
		return tenancyError(sentinel, t.Start)
	case ErrTenancyEnded:
		var end Date
		var pathway ExitPathway = ExitOther
		if t.Exit != nil {
			end, pathway = t.Exit.Date, t.Exit.Pathway
		}
		return tenancyError(sentinel, end, pathway, name)
	}
	return tenancyError(sentinel, name)
}

// checkOrder refuses an event (a textKey such as "event.renewal") dated on
// before the last recorded transition.
func (t *Tenancy) checkOrder(on Date, event textKey) error {
	if last, ok := t.lastEvent(); ok && on.Before(last.Date) {
		return tenancyError(ErrDateOrder, event, on, last.To, last.Date)
	}
	return nil
}

// checkPolicy refuses a nil policy or one that is not the tenancy's.
func (t *Tenancy) checkPolicy(p *DurationPolicy) error {
	if p == nil {
		return tenancyError(ErrPolicyMismatch, t.PolicyID, "-")
	}
	if p.ID != t.PolicyID {
		return tenancyError(ErrPolicyMismatch, t.PolicyID, p.ID)
	}
	return nil
}

// withTransition returns a copy of t moved to status on the date with the
// note recorded in its history. The copy shares no slice with t.
func (t *Tenancy) withTransition(on Date, to TenancyStatus, note string) Tenancy {
	c := *t
	c.Renewals = slices.Clone(t.Renewals)
	c.Reviews = slices.Clone(t.Reviews)
	c.History = append(slices.Clone(t.History), Transition{Date: on, From: t.Status, To: to, Note: note})
	if t.Exit != nil {
		e := *t.Exit
		c.Exit = &e
	}
	c.Status = to
	return c
}

// Propose records the proposal of the stay (proposta di assegnazione) on
// the date on. ID, HouseholdID, UnitID and PolicyID must be set. It returns
//
//   - CodeInvalid with every missing field as a problem;
//   - CodeConflict ErrAlreadyProposed when the tenancy already has a status;
//   - CodeConflict ErrBeforeReferral when on is before ReferralDate.
func (t *Tenancy) Propose(on Date, note string) error {
	if err := t.may(actPropose); err != nil {
		return err
	}
	var ps Problems
	for _, f := range []struct{ path, v string }{
		{"id", t.ID}, {"household_id", t.HouseholdID}, {"unit_id", t.UnitID}, {"policy_id", t.PolicyID},
	} {
		if f.v == "" {
			ps.Add(f.path, "is required")
		}
	}
	if on.IsZero() {
		ps.Add("date", "the proposal needs a date")
	}
	if err := ps.Err("cannot propose the tenancy"); err != nil {
		return err
	}
	if !t.ReferralDate.IsZero() && on.Before(t.ReferralDate) {
		return tenancyError(ErrBeforeReferral, textKey("event.proposal"), on, t.ReferralDate)
	}
	*t = t.withTransition(on, tenancyMachine[actPropose].to, note)
	return nil
}

// Activate records that the household moved in on the date on (ingresso): the
// stay becomes active and its PlannedEnd is set by the policy p, which must
// be the tenancy's (PolicyID). It returns
//
//   - CodeConflict ErrNotProposed, ErrAlreadyStarted, ErrTenancyEnded or
//     ErrTenancyCancelled when the tenancy is not a pending proposal;
//   - CodeConflict ErrBeforeReferral when on is before the referral date;
//   - CodeConflict ErrDateOrder when on is before the proposal;
//   - CodeInvalid ErrPolicyMismatch, or CodeInvalid for a missing date.
func (t *Tenancy) Activate(p *DurationPolicy, on Date, note string) error {
	if err := t.may(actActivate); err != nil {
		return err
	}
	if err := t.checkPolicy(p); err != nil {
		return err
	}
	if on.IsZero() {
		return Errorf(CodeInvalid, "tenancy.date_required", "%s", tenancyText(English, "tenancy.date_required", textKey("event.start")))
	}
	if !t.ReferralDate.IsZero() && on.Before(t.ReferralDate) {
		return tenancyError(ErrBeforeReferral, textKey("event.start"), on, t.ReferralDate)
	}
	if err := t.checkOrder(on, textKey("event.start")); err != nil {
		return err
	}
	c := t.withTransition(on, tenancyMachine[actActivate].to, note)
	c.Start = on
	end, err := p.endAfter(c, 0)
	if err != nil {
		return err
	}
	c.PlannedEnd = end
	*t = c
	return nil
}

// ActivateIn is Activate with the unit checked too: u must be the tenancy's unit
// (UnitID), available on the start date, and, when both the unit's
// availability and the stay have an end, available until the planned end.
// Beyond Activate's errors it returns CodeConflict ErrUnitUnavailable, or
// CodeInvalid when u is another unit.
func (t *Tenancy) ActivateIn(p *DurationPolicy, u Unit, on Date, note string) error {
	if u.ID != t.UnitID {
		return Errorf(CodeInvalid, "tenancy.unit_mismatch", "%s", tenancyText(English, "tenancy.unit_mismatch", t.UnitID, u.ID))
	}
	c := *t
	if err := c.Activate(p, on, note); err != nil {
		return err
	}
	fits := u.AvailableOn(on) &&
		(u.AvailableUntil.IsZero() || c.PlannedEnd.IsZero() || !c.PlannedEnd.After(u.AvailableUntil))
	if !fits {
		until := any(textKey("tenancy.no_end"))
		if !u.AvailableUntil.IsZero() {
			until = u.AvailableUntil
		}
		end := any(textKey("tenancy.no_end"))
		if !c.PlannedEnd.IsZero() {
			end = c.PlannedEnd
		}
		return tenancyError(ErrUnitUnavailable, u.ID, u.AvailableFrom, until, on, end)
	}
	*t = c
	return nil
}

// Renew records the renewal r under the policy p (the tenancy's): the
// planned end moves on by r.Months (the policy's full months when r.Months
// is 0) and the status becomes renewed. Whether the renewal is allowed is
// decided by p.CanRenew, whose typed errors Renew returns unchanged; it also
// returns CodeInvalid ErrPolicyMismatch.
func (t *Tenancy) Renew(p *DurationPolicy, r Renewal) error {
	if err := t.checkPolicy(p); err != nil {
		return err
	}
	if err := p.CanRenew(*t, r); err != nil {
		return err
	}
	if r.Months == 0 {
		r.Months = p.Renewals.Months
	}
	c := t.withTransition(r.Date, tenancyMachine[actRenew].to, r.Note)
	c.Renewals = append(c.Renewals, r)
	end, err := p.endAfter(c, 0)
	if err != nil {
		return err
	}
	c.PlannedEnd = end
	*t = c
	return nil
}

// RecordReview records a review of the stay held on the date on
// (verifica). Reviews are kept in date order; they settle the policy's
// scheduled reviews (see DurationPolicy.Due). It returns CodeConflict
// ErrNotStarted, ErrTenancyEnded or ErrTenancyCancelled when the stay is
// not running, CodeConflict ErrDateOrder when on is before the start, and
// CodeInvalid for a missing date.
func (t *Tenancy) RecordReview(on Date, note string) error {
	if err := t.may(actReview); err != nil {
		return err
	}
	if on.IsZero() {
		return Errorf(CodeInvalid, "tenancy.date_required", "%s", tenancyText(English, "tenancy.date_required", textKey("event.review")))
	}
	if on.Before(t.Start) {
		return tenancyError(ErrDateOrder, textKey("event.review"), on, TenancyActive, t.Start)
	}
	reviews := slices.Clone(t.Reviews)
	i, _ := slices.BinarySearchFunc(reviews, on, func(r Review, d Date) int {
		if r.Date.After(d) {
			return 1
		}
		return -1
	})
	t.Reviews = slices.Insert(reviews, i, Review{Date: on, Note: note})
	return nil
}

// End records the end of the stay with the exit e (uscita): the status
// becomes ended. A stay may end before its planned end (an early exit) or
// after it (an overstay). It returns
//
//   - CodeConflict ErrTenancyEnded when the stay has already ended (ending
//     twice), ErrNotStarted or ErrTenancyCancelled when it never started;
//   - CodeConflict ErrEndBeforeStart when the exit is dated before the
//     start, ErrDateOrder when before the last recorded step;
//   - CodeInvalid with a problem for a missing date or an unknown pathway.
func (t *Tenancy) End(e Exit) error {
	if err := t.may(actEnd); err != nil {
		return err
	}
	var ps Problems
	e.validate(&ps, "exit")
	if err := ps.Err("cannot end the tenancy"); err != nil {
		return err
	}
	if e.Date.Before(t.Start) {
		return tenancyError(ErrEndBeforeStart, e.Date, t.Start)
	}
	if err := t.checkOrder(e.Date, textKey("event.exit")); err != nil {
		return err
	}
	c := t.withTransition(e.Date, tenancyMachine[actEnd].to, e.Note)
	c.Exit = &e
	*t = c
	return nil
}

// Cancel withdraws a proposal before the household moves in (annullamento
// della proposta), on the date on. It returns CodeConflict ErrCannotCancel
// for a stay that has started (it ends with End instead), ErrTenancyEnded,
// ErrTenancyCancelled or ErrNotProposed for the other states, and
// ErrDateOrder when on is before the proposal.
func (t *Tenancy) Cancel(on Date, note string) error {
	if err := t.may(actCancel); err != nil {
		return err
	}
	if on.IsZero() {
		return Errorf(CodeInvalid, "tenancy.date_required", "%s", tenancyText(English, "tenancy.date_required", textKey("event.cancel")))
	}
	if err := t.checkOrder(on, textKey("event.cancel")); err != nil {
		return err
	}
	*t = t.withTransition(on, tenancyMachine[actCancel].to, note)
	return nil
}

// Validate checks the tenancy on its own and returns every problem at once,
// each with a field path (such as "renewals[1].date" or
// "history[2].from"), as an *Error of code CodeInvalid: required fields,
// fields that the status requires or forbids, dates in order, and a history
// made of legal transitions that ends in the current status.
func (t Tenancy) Validate() error {
	var ps Problems
	t.validate(&ps)
	return ps.Err("invalid tenancy")
}

// ValidateWith is Validate plus the checks that need the tenancy's policy:
// the policy is the tenancy's, the planned end is the policy's, and every
// renewal is one the policy allows (count, months, reason).
func (t Tenancy) ValidateWith(p *DurationPolicy) error {
	var ps Problems
	t.validate(&ps)
	switch {
	case p == nil:
		ps.Add("policy_id", "no policy given to check against")
	case p.ID != t.PolicyID:
		ps.Add("policy_id", "%q is not the policy given, %q", t.PolicyID, p.ID)
	default:
		if !t.Start.IsZero() && !t.PlannedEnd.Equal(p.PlannedEnd(t)) {
			ps.Add("planned_end", "%s is not the policy's planned end %s", t.PlannedEnd, p.PlannedEnd(t))
		}
		if len(t.Renewals) > 0 && (p.Kind != PolicyRenewable || p.Renewals == nil) {
			ps.Add("renewals", "the policy %s is %s and allows no renewal", p.ID, p.Kind)
			break
		}
		if p.Renewals == nil {
			break
		}
		if len(t.Renewals) > p.Renewals.Max {
			ps.Add("renewals", "%d renewals recorded; the policy %s allows at most %d", len(t.Renewals), p.ID, p.Renewals.Max)
		}
		for i, r := range t.Renewals {
			rp := Index("renewals", i)
			if r.Months > p.Renewals.Months {
				ps.Add(rp+".months", "%d months; a renewal lasts at most %d", r.Months, p.Renewals.Months)
			}
			switch _, ok := p.Reason(r.Reason); {
			case r.Reason == "" && p.Renewals.ReasonRequired:
				ps.Add(rp+".reason", "is required by the policy %s; want one of %s", p.ID, reasonCodes(p.Renewals.Reasons))
			case r.Reason != "" && !ok:
				ps.Add(rp+".reason", "unknown reason %q; want one of %s", r.Reason, reasonCodes(p.Renewals.Reasons))
			}
		}
	}
	return ps.Err("invalid tenancy")
}

func (t Tenancy) validate(ps *Problems) {
	for _, f := range []struct{ path, v string }{
		{"id", t.ID}, {"household_id", t.HouseholdID}, {"unit_id", t.UnitID}, {"policy_id", t.PolicyID},
	} {
		if strings.TrimSpace(f.v) == "" {
			ps.Add(f.path, "is required")
		}
	}
	checkEnum(ps, "status", t.Status, true, TenancyStatuses)

	started := t.Status.Running() || t.Status == TenancyEnded
	switch {
	case started && t.Start.IsZero():
		ps.Add("start", "is required for a %s stay", t.Status)
	case (t.Status == TenancyProposed || t.Status == TenancyCancelled) && !t.Start.IsZero():
		ps.Add("start", "a %s stay has not started, but start is %s", t.Status, t.Start)
	}
	if !t.Start.IsZero() && !t.ReferralDate.IsZero() && t.Start.Before(t.ReferralDate) {
		ps.Add("start", "%s is before the referral date %s", t.Start, t.ReferralDate)
	}
	if !t.PlannedEnd.IsZero() {
		switch {
		case t.Start.IsZero():
			ps.Add("planned_end", "is set but the stay has no start")
		case !t.PlannedEnd.After(t.Start):
			ps.Add("planned_end", "%s is not after the start %s", t.PlannedEnd, t.Start)
		}
	}

	switch {
	case t.Status == TenancyRenewed && len(t.Renewals) == 0:
		ps.Add("renewals", "a renewed stay has at least one renewal")
	case (t.Status == TenancyProposed || t.Status == TenancyActive || t.Status == TenancyCancelled) && len(t.Renewals) > 0:
		ps.Add("renewals", "a %s stay has no renewals, got %d", t.Status, len(t.Renewals))
	}
	var prev Date
	for i, r := range t.Renewals {
		rp := Index("renewals", i)
		switch {
		case r.Date.IsZero():
			ps.Add(rp+".date", "is required")
		case !t.Start.IsZero() && r.Date.Before(t.Start):
			ps.Add(rp+".date", "%s is before the start %s", r.Date, t.Start)
		case r.Date.Before(prev):
			ps.Add(rp+".date", "%s is before the previous renewal %s", r.Date, prev)
		case t.Exit != nil && r.Date.After(t.Exit.Date):
			ps.Add(rp+".date", "%s is after the exit %s", r.Date, t.Exit.Date)
		}
		if !r.Date.IsZero() {
			prev = r.Date
		}
		if r.Months < 1 {
			ps.Add(rp+".months", "%d: a renewal adds at least 1 month", r.Months)
		}
		if r.Reason != "" && !reasonCodeRE.MatchString(r.Reason) {
			ps.Add(rp+".reason", "%q is not a reason code", r.Reason)
		}
	}
	for i, r := range t.Reviews {
		rp := Index("reviews", i)
		switch {
		case r.Date.IsZero():
			ps.Add(rp+".date", "is required")
		case t.Start.IsZero():
			ps.Add(rp+".date", "a review of a stay that has not started")
		case r.Date.Before(t.Start):
			ps.Add(rp+".date", "%s is before the start %s", r.Date, t.Start)
		case t.Exit != nil && r.Date.After(t.Exit.Date):
			ps.Add(rp+".date", "%s is after the exit %s", r.Date, t.Exit.Date)
		case i > 0 && r.Date.Before(t.Reviews[i-1].Date):
			ps.Add(rp+".date", "%s is before the previous review %s", r.Date, t.Reviews[i-1].Date)
		}
	}

	switch {
	case t.Status == TenancyEnded && t.Exit == nil:
		ps.Add("exit", "an ended stay records its exit")
	case t.Status != TenancyEnded && t.Exit != nil:
		ps.Add("exit", "only an ended stay has an exit; this one is %s", t.Status)
	}
	if t.Exit != nil {
		t.Exit.validate(ps, "exit")
		if !t.Exit.Date.IsZero() && !t.Start.IsZero() && t.Exit.Date.Before(t.Start) {
			ps.Add("exit.date", "%s is before the start %s", t.Exit.Date, t.Start)
		}
	}

	t.validateHistory(ps)
}

func (t Tenancy) validateHistory(ps *Problems) {
	if t.Status == "" {
		if len(t.History) > 0 {
			ps.Add("history", "a tenancy without a status has no history")
		}
		return
	}
	if len(t.History) == 0 {
		ps.Add("history", "is required: a %s tenancy records at least its proposal", t.Status)
		return
	}
	from := TenancyStatus("")
	var prev Date
	renewals := 0
	for i, h := range t.History {
		hp := Index("history", i)
		if h.From != from {
			ps.Add(hp+".from", "%q does not follow the previous status %q", h.From, from)
		}
		checkEnum(ps, hp+".to", h.To, true, TenancyStatuses)
		if !legalTransition(h.From, h.To) {
			ps.Add(hp+".to", "%q cannot follow %q", h.To, h.From)
		}
		switch {
		case h.Date.IsZero():
			ps.Add(hp+".date", "is required")
		case h.Date.Before(prev):
			ps.Add(hp+".date", "%s is before the previous step %s", h.Date, prev)
		default:
			prev = h.Date
		}
		switch h.To {
		case TenancyProposed:
			if !t.ReferralDate.IsZero() && h.Date.Before(t.ReferralDate) {
				ps.Add(hp+".date", "the proposal on %s is before the referral date %s", h.Date, t.ReferralDate)
			}
		case TenancyActive:
			if !h.Date.Equal(t.Start) {
				ps.Add(hp+".date", "the start step is dated %s but start is %s", h.Date, t.Start)
			}
		case TenancyRenewed:
			if renewals < len(t.Renewals) && !h.Date.Equal(t.Renewals[renewals].Date) {
				ps.Add(hp+".date", "the renewal step is dated %s but renewals[%d] is %s", h.Date, renewals, t.Renewals[renewals].Date)
			}
			renewals++
		case TenancyEnded:
			if t.Exit != nil && !h.Date.Equal(t.Exit.Date) {
				ps.Add(hp+".date", "the exit step is dated %s but exit.date is %s", h.Date, t.Exit.Date)
			}
		}
		from = h.To
	}
	if from != t.Status {
		ps.Add("status", "%q is not the last status of the history, %q", t.Status, from)
	}
	if renewals != len(t.Renewals) {
		ps.Add("history", "%d renewal steps for %d renewals", renewals, len(t.Renewals))
	}
}

// Due returns what is due on the tenancy as of asOf under the policy p
// (see DurationPolicy.Due).
func (t Tenancy) Due(p *DurationPolicy, asOf Date) []Due { return p.Due(t, asOf) }
