package housing

import (
	"slices"
	"strings"

	"github.com/housingkit/housingkit/internal/text"
)

// Renewals.

// renewalsLeft returns how many more renewals the policy allows the tenancy.
func (p *DurationPolicy) renewalsLeft(t Tenancy) int {
	if p.Kind != PolicyRenewable || p.Renewals == nil {
		return 0
	}
	return max(0, p.Renewals.Max-len(t.Renewals))
}

// RenewalTerms says how a tenancy may be renewed: how many renewals are
// left, how long each may be, whether a reason is needed and which, the last
// day a renewal may be decided (the current planned end) and the planned
// end after a full renewal.
type RenewalTerms struct {
	Left           int             `json:"left"`
	Months         int             `json:"months"`
	ReasonRequired bool            `json:"reason_required"`
	Reasons        []RenewalReason `json:"reasons,omitempty"`
	Deadline       Date            `json:"deadline"`
	NewEnd         Date            `json:"new_end"`
}

// RenewalTerms returns the terms on which the tenancy may be renewed by a
// decision taken on the date on, or the reason it cannot be:
//
//   - CodeConflict ErrNotStarted, ErrTenancyEnded or ErrTenancyCancelled:
//     the stay is not running;
//   - CodeConflict ErrDateOrder: on is before the last recorded event;
//   - CodeForbidden ErrNotRenewable: the policy is not renewable;
//   - CodeForbidden ErrRenewalLimit: every allowed renewal is used;
//   - CodeConflict ErrRenewalAfterEnd: on is after the planned end, so the
//     stay has already expired.
func (p *DurationPolicy) RenewalTerms(t Tenancy, on Date) (RenewalTerms, error) {
	if p == nil {
		return RenewalTerms{}, errNilPolicy()
	}
	if err := t.may(actRenew); err != nil {
		return RenewalTerms{}, err
	}
	if err := t.checkOrder(on, textKey("event.renewal")); err != nil {
		return RenewalTerms{}, err
	}
	if p.Kind != PolicyRenewable || p.Renewals == nil {
		return RenewalTerms{}, tenancyError(ErrNotRenewable, p.Title, p.Kind)
	}
	if len(t.Renewals) >= p.Renewals.Max {
		return RenewalTerms{}, tenancyError(ErrRenewalLimit, p.Title, p.Renewals.Max, len(t.Renewals))
	}
	end := p.PlannedEnd(t)
	if on.After(end) {
		return RenewalTerms{}, tenancyError(ErrRenewalAfterEnd, on, end)
	}
	newEnd, err := p.endAfter(t, p.Renewals.Months)
	if err != nil {
		return RenewalTerms{}, err
	}
	return RenewalTerms{
		Left:           p.Renewals.Max - len(t.Renewals),
		Months:         p.Renewals.Months,
		ReasonRequired: p.Renewals.ReasonRequired,
		Reasons:        slices.Clone(p.Renewals.Reasons),
		Deadline:       end,
		NewEnd:         newEnd,
	}, nil
}

// CanRenew reports whether the renewal r may be recorded on the tenancy
// under the policy: nil when it may, otherwise a typed *Error that says why
// (see RenewalTerms for the state errors), and in particular
//
//   - CodeForbidden ErrRenewalLimit: a second renewal under Crema's policy;
//   - CodeForbidden ErrRenewalReasonRequired: no reason recorded where the
//     policy needs one;
//   - CodeForbidden ErrRenewalReasonUnknown: a reason not in the policy's
//     list;
//   - CodeForbidden ErrRenewalTooLong: more months than a renewal may last;
//   - CodeInvalid: a renewal without a date or with negative months.
//
// A renewal of 0 months means the full months the policy allows.
func (p *DurationPolicy) CanRenew(t Tenancy, r Renewal) error {
	if p == nil {
		return errNilPolicy()
	}
	if err := t.may(actRenew); err != nil {
		return err
	}
	if r.Date.IsZero() {
		return Errorf(CodeInvalid, "tenancy.renewal_date", "%s", messages.Format(English, "tenancy.renewal_date"))
	}
	if r.Months < 0 {
		return Errorf(CodeInvalid, "tenancy.renewal_months", "%s", messages.Format(English, "tenancy.renewal_months", text.Msg("policy.months", r.Months)))
	}
	terms, err := p.RenewalTerms(t, r.Date)
	if err != nil {
		return err
	}
	if r.Months > terms.Months {
		return tenancyError(ErrRenewalTooLong, text.Msg("policy.months", r.Months), p.Title, text.Msg("policy.months", terms.Months))
	}
	if r.Reason == "" {
		if terms.ReasonRequired {
			return tenancyError(ErrRenewalReasonRequired, p.Title, reasonCodes(terms.Reasons))
		}
		return nil
	}
	if _, ok := p.Reason(r.Reason); !ok {
		if len(terms.Reasons) == 0 {
			return tenancyError(ErrRenewalReasonUnknown, r.Reason, p.Title, "-")
		}
		return tenancyError(ErrRenewalReasonUnknown, r.Reason, p.Title, reasonCodes(terms.Reasons))
	}
	return nil
}

func reasonCodes(rs []RenewalReason) string {
	codes := make([]string, len(rs))
	for i, r := range rs {
		codes[i] = r.Code
	}
	return strings.Join(codes, ", ")
}
