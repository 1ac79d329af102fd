package matching

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/housingkit/housingkit/housing"
	txt "github.com/housingkit/housingkit/internal/text"
	"golang.org/x/text/language"
)

// Label returns the mechanism's name in lang.
func (m Mechanism) Label(lang language.Tag) string {
	return messages.Label(lang, "mechanism."+string(m), string(m))
}

// WriteText writes the result as a report in lang: the mechanism, the
// lottery's seed and order, one line per proposal with its score and
// non-zero parts, and one line per reason of every household left out.
func (r *Result) WriteText(w io.Writer, lang language.Tag) error {
	switch {
	case r == nil:
		return housing.Errorf(housing.CodeInvalid, "argument.nil", "no result to write (nil)")
	case w == nil:
		return housing.Errorf(housing.CodeInvalid, "argument.nil", "no writer to write the result to (nil)")
	}
	var b strings.Builder
	line := func(indent, key string, args ...any) {
		b.WriteString(indent)
		b.WriteString(sprintf(lang, key, args...))
		b.WriteByte('\n')
	}
	line("", "report.title", r.Date.String(), r.Mechanism.Label(lang))
	if r.Lottery != nil {
		line("", "report.seed", strconv.FormatUint(r.Lottery.Seed, 10), r.Lottery.Source)
	}
	if len(r.Order) > 0 {
		line("", "report.order", strings.Join(r.Order, ", "))
	}
	if r.Method != "" {
		method := r.Method
		method = messages.Label(lang, "method."+method, method)
		line("", "report.method", method)
	}
	line("", "report.proposals", len(r.Proposals), r.Households, r.Units)
	for _, p := range r.Proposals {
		var parts []string
		for _, sp := range p.Parts {
			if sp.Value == 0 {
				continue
			}
			label := messages.Label(lang, "scorer."+sp.Scorer, sp.Scorer)
			parts = append(parts, txt.Sprintf(lang, "%s %d", label, sp.Value))
		}
		if p.PreferenceRank > 0 {
			parts = append(parts, sprintf(lang, "report.preference", p.PreferenceRank))
		}
		line("  ", "report.proposal", p.Household, strings.Join(p.Units, ", "), p.Score, strings.Join(parts, ", "))
	}
	line("", "report.total", r.TotalScore)
	line("", "report.unmatched", len(r.Unmatched))
	for _, u := range r.Unmatched {
		for k, reason := range u.Reasons {
			who := strings.Repeat(" ", len(u.Household))
			if k == 0 {
				who = u.Household
			}
			fmt.Fprintf(&b, "  %s: %s\n", who, reason.Text.In(lang))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
