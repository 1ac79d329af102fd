package housing

import (
	"strings"

	"golang.org/x/text/language"
)

// Explanations.

// policyMonths writes "1 month" or "n months" in lang.
func policyMonths(lang language.Tag, n int) string {
	return messages.Format(lang, "policy.months", n)
}

// policyDays writes "1 day" or "n days" in lang.
func policyDays(lang language.Tag, n int) string {
	return messages.Format(lang, "policy.days", n)
}

// Explain describes the policy in Italian or English for the household and
// the team: how long the stay lasts, how it ends, whether and how it is
// renewed, when it is reviewed and warned, how the end date is counted, and
// which figures are programme choices or placeholders to confirm.
func (p *DurationPolicy) Explain(lang language.Tag) string {
	var parts []string
	title := p.Title.In(lang)
	switch {
	case p.Kind == PolicyFixed || (p.Kind == PolicyRenewable && p.Renewals == nil):
		parts = append(parts, messages.Format(lang, "policy.explain.fixed", title, policyMonths(lang, p.TermMonths)))
	case p.Kind == PolicyRenewable:
		var times string
		if p.Renewals.Max == 1 {
			times = messages.Format(lang, "policy.renewals.once")
		} else {
			times = messages.Format(lang, "policy.renewals.times", p.Renewals.Max)
		}
		parts = append(parts, messages.Format(lang, "policy.explain.renewable", title, policyMonths(lang, p.TermMonths),
			times, policyMonths(lang, p.Renewals.Months), policyMonths(lang, p.maxMonths())))
		if len(p.Renewals.Reasons) > 0 {
			labels := make([]string, len(p.Renewals.Reasons))
			for i, r := range p.Renewals.Reasons {
				labels[i] = r.Label.In(lang)
			}
			key := "policy.explain.reason_optional"
			if p.Renewals.ReasonRequired {
				key = "policy.explain.reason_required"
			}
			parts = append(parts, messages.Format(lang, key, strings.Join(labels, "; ")))
		}
	case p.Kind == PolicyOpenEnded:
		events := make([]string, len(p.ExitEvents))
		for i, e := range p.ExitEvents {
			events[i] = e.Label(lang)
		}
		parts = append(parts, messages.Format(lang, "policy.explain.open_ended", title, strings.Join(events, "; ")))
	}
	if p.ReviewEveryMonths > 0 {
		key := "policy.explain.review"
		if p.Kind == PolicyOpenEnded {
			key = "policy.explain.review_mandatory"
		}
		parts = append(parts, messages.Format(lang, key, policyMonths(lang, p.ReviewEveryMonths)))
	}
	if p.WarningDays > 0 {
		parts = append(parts, messages.Format(lang, "policy.explain.warning", policyDays(lang, p.WarningDays)))
	}
	if p.Kind != PolicyOpenEnded {
		parts = append(parts, messages.Format(lang, "policy.explain.end_rule"))
	}
	for _, a := range p.Assumptions {
		parts = append(parts, messages.Format(lang, "policy.assumption."+string(a.Mark), a.Note.In(lang)))
	}
	return strings.Join(parts, " ")
}
