package housing

import (
	"slices"

	"golang.org/x/text/language"
)

// Terms, reviews, warnings and what is due. A nil policy plans nothing: no
// planned end, no warning, no review, nothing due.

// PlannedEnd returns the date the tenancy's stay ends under the policy:
// start.AddMonths(term + the months of every renewal recorded), the day the
// household leaves. It is the zero Date for an open-ended policy, for a
// tenancy that has no start date, and when the end would fall after year
// 9999 (Activate, Renew and RenewalTerms refuse such a stay).
func (p *DurationPolicy) PlannedEnd(t Tenancy) Date {
	end, _ := p.endAfter(t, 0)
	return end
}

// endAfter returns the planned end after extra more months of renewal: the
// term, the recorded renewals and extra are added to the start in one step.
// It returns a CodeInvalid error when the end falls outside years 1..9999.
func (p *DurationPolicy) endAfter(t Tenancy, extra int) (Date, error) {
	if p == nil || p.Kind == PolicyOpenEnded || t.Start.IsZero() {
		return Date{}, nil
	}
	total := p.TermMonths + extra
	for _, r := range t.Renewals {
		total += r.Months
	}
	end, err := t.Start.AddMonths(total)
	if err != nil {
		return Date{}, &Error{Code: CodeInvalid, Key: "tenancy.end_out_of_range", Message: "the planned end: " + err.Error(), Err: err}
	}
	return end, nil
}

// WarningDate returns the date WarningDays before the planned end, when the
// household and the team are warned so that the exit is planned. It is the
// zero Date when the policy has no warning or no planned end.
func (p *DurationPolicy) WarningDate(t Tenancy) Date {
	end := p.PlannedEnd(t)
	if end.IsZero() || p == nil || p.WarningDays <= 0 {
		return Date{}
	}
	w, err := end.AddDays(-p.WarningDays)
	if err != nil {
		return Date{}
	}
	return w
}

// ReviewDates returns the scheduled review dates of the tenancy up to and
// including until: start.AddMonths(k × ReviewEveryMonths) for k = 1, 2, …,
// strictly before the planned end (or the exit date of an ended stay). It is
// empty when the policy has no reviews.
func (p *DurationPolicy) ReviewDates(t Tenancy, until Date) []Date {
	var out []Date
	for k := 1; ; k++ {
		s, ok := p.review(t, k)
		if !ok || s.After(until) {
			return out
		}
		out = append(out, s)
	}
}

// review returns the k-th scheduled review date (k ≥ 1), and false when
// there is none because the stay ends first or the policy has no reviews.
func (p *DurationPolicy) review(t Tenancy, k int) (Date, bool) {
	if p == nil || p.ReviewEveryMonths <= 0 || t.Start.IsZero() || k > (9999*12)/p.ReviewEveryMonths {
		return Date{}, false
	}
	s, err := t.Start.AddMonths(k * p.ReviewEveryMonths)
	if err != nil {
		return Date{}, false
	}
	limit := p.PlannedEnd(t)
	if t.Exit != nil && !t.Exit.Date.IsZero() && (limit.IsZero() || t.Exit.Date.Before(limit)) {
		limit = t.Exit.Date
	}
	if !limit.IsZero() && !s.Before(limit) {
		return Date{}, false
	}
	if s.Year() >= 9999 {
		return Date{}, false
	}
	return s, true
}

// reviewState matches the reviews held on or before asOf to the schedule
// and returns the scheduled dates still owed on or before asOf (due or
// overdue) and the first scheduled date not yet held (zero when the
// schedule has ended).
//
// The matching rule: reviews are taken in date order; a review held on or
// after one or more owed scheduled dates settles all of them (a late review
// catches up); a review held before the next scheduled date but after the
// one before it settles that next date early; any other review is an extra
// one and settles nothing.
func (p *DurationPolicy) reviewState(t Tenancy, asOf Date) (owed []Date, next Date) {
	held := make([]Date, 0, len(t.Reviews))
	for _, r := range t.Reviews {
		if !r.Date.IsZero() && !r.Date.After(asOf) {
			held = append(held, r.Date)
		}
	}
	slices.SortFunc(held, Date.Compare)
	k := 1
	prev := t.Start
	for _, h := range held {
		s, ok := p.review(t, k)
		if !ok {
			break
		}
		switch {
		case !s.After(h): // late or on time: settle every date up to h
			for ok && !s.After(h) {
				prev = s
				k++
				s, ok = p.review(t, k)
			}
		case h.After(prev): // early: settle the next date
			prev = s
			k++
		}
	}
	for j := k; ; j++ {
		s, ok := p.review(t, j)
		if !ok {
			break
		}
		if j == k {
			next = s
		}
		if s.After(asOf) {
			break
		}
		owed = append(owed, s)
	}
	return owed, next
}

// NextReview returns the date of the next review the tenancy owes as of on:
// the first scheduled review date not yet held (see ReviewDates), counting
// the reviews recorded on or before on. It is normally on or after on; a
// date before on means that review is overdue (Due lists it). It is the zero
// Date when the policy has no reviews, the tenancy has not started or has
// ended, or no review falls before the planned end.
func (p *DurationPolicy) NextReview(t Tenancy, on Date) Date {
	if !t.Status.Running() {
		return Date{}
	}
	_, next := p.reviewState(t, on)
	return next
}

// DueCode is the stable code of an item due on a tenancy.
type DueCode string

// The values of DueCode.
const (
	// DueReview: a scheduled review falls today (verifica in scadenza).
	DueReview DueCode = "review_due"
	// DueReviewOverdue: one or more scheduled reviews were not held
	// (verifica scaduta); the item's date is the earliest one.
	DueReviewOverdue DueCode = "review_overdue"
	// DueWarning: the warning date is reached and the stay ends soon
	// (preavviso di scadenza); the item's date is the warning date.
	DueWarning DueCode = "warning"
	// DueExpiry: the stay ends today (scadenza).
	DueExpiry DueCode = "expiry"
	// DueExpired: the planned end has passed and no exit is recorded
	// (permanenza scaduta); the item's date is the planned end.
	DueExpired DueCode = "expired"
)

// DueCodes lists the values of DueCode in the order items of the same date
// are listed.
var DueCodes = []DueCode{DueReviewOverdue, DueReview, DueWarning, DueExpiry, DueExpired}

// Due is something a tenancy's team must act on as of a date: its stable
// code, the date it fell or falls due, and a sentence in Italian and
// English.
type Due struct {
	Code DueCode `json:"code"`
	Date Date    `json:"date"`
	Text Text    `json:"text"`
}

// Due returns what is due on the tenancy as of asOf, ordered by date: a
// review falling on asOf, reviews not held (overdue), the warning once its
// date is reached and until the planned end, the end itself on the planned
// end, and an expired stay after it. A tenancy that is not running (proposed,
// ended, cancelled) or that starts after asOf has nothing due.
func (p *DurationPolicy) Due(t Tenancy, asOf Date) []Due {
	if p == nil || !t.Status.Running() || t.Start.IsZero() || asOf.Before(t.Start) {
		return nil
	}
	var out []Due
	owed, _ := p.reviewState(t, asOf)
	var late []Date
	for _, s := range owed {
		if s.Before(asOf) {
			late = append(late, s)
		} else {
			out = append(out, Due{Code: DueReview, Date: s, Text: inBothLanguages(func(l language.Tag) string {
				return messages.Format(l, "due.review_due", FormatDate(l, s))
			})})
		}
	}
	if len(late) > 0 {
		first := late[0]
		key := "due.review_overdue"
		if len(late) > 1 {
			key = "due.reviews_overdue"
		}
		out = append(out, Due{Code: DueReviewOverdue, Date: first, Text: inBothLanguages(func(l language.Tag) string {
			if len(late) > 1 {
				return messages.Format(l, key, len(late), FormatDate(l, first), policyDays(l, first.DaysUntil(asOf)))
			}
			return messages.Format(l, key, FormatDate(l, first), policyDays(l, first.DaysUntil(asOf)))
		})})
	}
	end := p.PlannedEnd(t)
	if !end.IsZero() {
		w := p.WarningDate(t)
		switch {
		case !w.IsZero() && !asOf.Before(w) && asOf.Before(end):
			key := "due.warning"
			if p.renewalsLeft(t) > 0 {
				key = "due.warning_renewable"
			}
			out = append(out, Due{Code: DueWarning, Date: w, Text: inBothLanguages(func(l language.Tag) string {
				return messages.Format(l, key, FormatDate(l, end), policyDays(l, asOf.DaysUntil(end)))
			})})
		case asOf.Equal(end):
			out = append(out, Due{Code: DueExpiry, Date: end, Text: inBothLanguages(func(l language.Tag) string {
				return messages.Format(l, "due.expiry", FormatDate(l, end))
			})})
		case asOf.After(end):
			out = append(out, Due{Code: DueExpired, Date: end, Text: inBothLanguages(func(l language.Tag) string {
				return messages.Format(l, "due.expired", FormatDate(l, end), policyDays(l, end.DaysUntil(asOf)))
			})})
		}
	}
	slices.SortStableFunc(out, func(a, b Due) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return slices.Index(DueCodes, a.Code) - slices.Index(DueCodes, b.Code)
	})
	return out
}

func inBothLanguages(f func(language.Tag) string) Text { return Text{IT: f(Italian), EN: f(English)} }
