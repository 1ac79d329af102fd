package casework

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strconv"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"golang.org/x/text/language"
)

// Period is a reporting period, both dates included.
type Period struct {
	From housing.Date `json:"from"`
	To   housing.Date `json:"to"`
}

// Contains reports whether d lies in the period.
func (p Period) Contains(d housing.Date) bool {
	return !d.IsZero() && !d.Before(p.From) && !d.After(p.To)
}

// Count is a labelled count.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Durations summarises durations in days: how many, the median and the
// 90th percentile, by the nearest-rank method (the value at rank ⌈p·n⌉ of
// the sorted list; the median of an even list is the lower middle value).
type Durations struct {
	N      int `json:"n"`
	Median int `json:"median_days"`
	P90    int `json:"p90_days"`
}

func durations(ds []int) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	slices.Sort(ds)
	rank := func(num, den int) int { return ds[(num*len(ds)+den-1)/den-1] }
	return Durations{N: len(ds), Median: rank(1, 2), P90: rank(9, 10)}
}

// Occupancy is the use of one facility's beds in one month of the period.
type Occupancy struct {
	FacilityID string `json:"facility_id"`
	Month      string `json:"month"`
	// BedDays is the beds occupied summed over the days of the month in
	// the period; CapacityDays the bed capacity times those days.
	BedDays      int `json:"bed_days"`
	CapacityDays int `json:"capacity_days"`
	// Percent is 100 × BedDays ÷ CapacityDays, rounded down.
	Percent int `json:"percent"`
}

// Report is what casework reports for a period, to funders and the
// office: referrals, decisions by outcome and by reason, admissions,
// occupancy, waiting times, lengths of stay, renewals, exits by pathway,
// stays that reached their limit with no exit solution, people housed at
// least 6 months, and ETHOS categories at entry.
type Report struct {
	Period      Period `json:"period"`
	ProgrammeID string `json:"programme_id,omitempty"`
	Referrals   int    `json:"referrals"`
	// Decisions counts the decisions taken in the period by outcome.
	Decisions []Count `json:"decisions"`
	// DecisionReasons counts them by outcome and reason: the target groups
	// matched (eligible), the referral rules that apply (refer), the
	// requirements not met and exclusions that apply (ineligible), the
	// missing facts (incomplete), as "outcome/code".
	DecisionReasons []Count `json:"decision_reasons"`
	Admissions      int     `json:"admissions"`
	// AdmittedPersons counts the members of the households admitted.
	AdmittedPersons int         `json:"admitted_persons"`
	Occupancy       []Occupancy `json:"occupancy"`
	// WaitingTimes are the days from referral to admission of the
	// admissions in the period.
	WaitingTimes Durations `json:"waiting_times"`
	// LengthOfStay are the days from start to exit of the exits in the
	// period.
	LengthOfStay Durations `json:"length_of_stay"`
	// Renewals counts the renewals decided in the period, by reason.
	Renewals []Count `json:"renewals"`
	Exits    []Count `json:"exits"`
	// LimitNoSolution counts the stays whose planned end fell on or before
	// the period's end and that were still running then, or ended on or
	// after it without a housing solution (public housing, private lease,
	// another programme, family).
	LimitNoSolution int `json:"limit_no_solution"`
	// Housed6Months counts the stays running in the period that had lasted
	// at least 6 months by its end (or their exit), and HousedPersons6Months
	// their members at entry.
	Housed6Months        int `json:"housed_6_months"`
	HousedPersons6Months int `json:"housed_persons_6_months"`
	// EthosAtEntry counts the admissions by ETHOS operational category of
	// the living situation at entry ("unknown" when not coded).
	EthosAtEntry []Count `json:"ethos_at_entry"`
	// EthosConceptsAtEntry counts them by conceptual category (roofless,
	// houseless, insecure, inadequate), "housed" or "unknown".
	EthosConceptsAtEntry []Count `json:"ethos_concepts_at_entry"`
}

// decisionView is the part of a stored decision that reports read.
type decisionView struct {
	Outcome   string   `json:"outcome"`
	Groups    []string `json:"groups"`
	Referrals []string `json:"referrals"`
	Missing   []string `json:"missing"`
	Reasons   []struct {
		Code   string `json:"code"`
		Kind   string `json:"kind"`
		Status string `json:"status"`
	} `json:"reasons"`
}

var solutions = []housing.ExitPathway{housing.ExitPublicHousing, housing.ExitPrivateLease, housing.ExitOtherProgramme, housing.ExitFamily}

// Report computes the report for the period, of one programme when
// programmeID is set. Errors: invalid (a period without dates or ending
// before it starts), not_found (programme).
func (c *Casework) Report(ctx context.Context, tenant store.Tenant, period Period, programmeID string) (*Report, error) {
	if period.From.IsZero() || period.To.IsZero() || period.To.Before(period.From) {
		return nil, invalid(store.KeyQuery, "a report period needs from and to, to not before from")
	}
	if programmeID != "" {
		if _, err := c.Programme(programmeID); err != nil {
			return nil, err
		}
	}
	r := &Report{Period: period, ProgrammeID: programmeID}
	in := func(p string) bool { return programmeID == "" || p == programmeID }
	err := c.read(ctx, tenant, func(w *work) error {
		refs, err := listAll(w.tx.Referrals().List, func(r housing.Referral) string { return r.ID })
		if err != nil {
			return err
		}
		refProg := map[string]string{}
		for _, rv := range refs {
			refProg[rv.Value.ID] = rv.Value.ProgrammeID
			if in(rv.Value.ProgrammeID) && period.Contains(rv.Value.Date) {
				r.Referrals++
			}
		}
		hs, err := listAll(w.tx.Households().List, func(h housing.Household) string { return h.ID })
		if err != nil {
			return err
		}
		outcomes, reasons := map[string]int{}, map[string]int{}
		for _, h := range hs {
			ds, err := w.tx.Decisions().OfHousehold(h.Value.ID)
			if err != nil {
				return err
			}
			for _, d := range ds {
				if !period.Contains(d.Date) || !in(refProg[d.ReferralID]) {
					continue
				}
				var v decisionView
				if err := json.Unmarshal(d.Decision, &v); err != nil {
					return store.Internal("decoding decision "+d.ID, err)
				}
				outcomes[d.Outcome]++
				for _, code := range reasonCodes(v) {
					reasons[d.Outcome+"/"+code]++
				}
			}
		}
		r.Decisions, r.DecisionReasons = counts(outcomes), counts(reasons)

		contracts, err := allDocs[Contract](w.tx, CollContract)
		if err != nil {
			return err
		}
		var waits, stays []int
		renewals, exits, ethos, concepts := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		for _, k := range contracts {
			if !in(k.ProgrammeID) {
				continue
			}
			if period.Contains(k.Start) {
				r.Admissions++
				r.AdmittedPersons += k.Persons
				if !k.ReferralDate.IsZero() {
					waits = append(waits, k.ReferralDate.DaysUntil(k.Start))
				}
				e := "unknown"
				if k.Ethos.Valid() {
					e = string(k.Ethos)
				}
				ethos[e]++
				concepts[needOf(k.Ethos)]++
			}
			for _, rn := range k.Renewals {
				if period.Contains(rn.Date) {
					renewals[rn.Reason]++
				}
			}
			if k.Exit != nil && period.Contains(k.Exit.Date) {
				exits[string(k.Exit.Pathway)]++
				stays = append(stays, k.Start.DaysUntil(k.Exit.Date))
			}
			// Stays running in the period, and how long by its end.
			end := period.To
			if k.Exit != nil && k.Exit.Date.Before(end) {
				end = k.Exit.Date
			}
			if !k.Start.After(period.To) && (k.Exit == nil || !k.Exit.Date.Before(period.From)) {
				if six, err := k.Start.AddMonths(6); err == nil && !six.After(end) {
					r.Housed6Months++
					r.HousedPersons6Months += k.Persons
				}
			}
		}
		ts, err := listAll(w.tx.Tenancies().List, func(t housing.Tenancy) string { return t.ID })
		if err != nil {
			return err
		}
		for _, tv := range ts {
			t := tv.Value
			if !in(t.ProgrammeID) || t.PlannedEnd.IsZero() || t.PlannedEnd.After(period.To) || t.PlannedEnd.Before(period.From) {
				continue
			}
			switch {
			case t.Status.Running():
				r.LimitNoSolution++
			case t.Exit != nil && !t.Exit.Date.Before(t.PlannedEnd) && !slices.Contains(solutions, t.Exit.Pathway):
				r.LimitNoSolution++
			}
		}
		r.WaitingTimes, r.LengthOfStay = durations(waits), durations(stays)
		r.Renewals, r.Exits, r.EthosAtEntry, r.EthosConceptsAtEntry = counts(renewals), counts(exits), counts(ethos), counts(concepts)
		occ, err := w.occupancy(period, in)
		r.Occupancy = occ
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func reasonCodes(v decisionView) []string {
	switch eligibility.Outcome(v.Outcome) {
	case eligibility.Eligible:
		return v.Groups
	case eligibility.Refer:
		return v.Referrals
	case eligibility.Incomplete:
		return v.Missing
	}
	var out []string
	for _, rs := range v.Reasons {
		if rs.Status == "failed" && (rs.Kind == "requirement" || rs.Kind == "exclusion") {
			out = append(out, rs.Code)
		}
	}
	return out
}

func counts(m map[string]int) []Count {
	out := []Count{}
	for k, n := range m {
		out = append(out, Count{Key: k, Count: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// occupancy counts bed-days by facility and month of the period, over
// every stay of the store (store.Stay: from the start until the exit, or
// without an end while it runs), not only those casework started.
func (w *work) occupancy(period Period, in func(string) bool) ([]Occupancy, error) {
	fs, err := listAll(w.tx.Facilities().List, func(f housing.Facility) string { return f.ID })
	if err != nil {
		return nil, err
	}
	ts, err := listAll(w.tx.Tenancies().List, func(t housing.Tenancy) string { return t.ID })
	if err != nil {
		return nil, err
	}
	type stay struct {
		facility    string
		beds        int
		from, until housing.Date
	}
	var stays []stay
	units := map[string]housing.Unit{}
	for _, tv := range ts {
		from, until, ok := store.Stay(tv.Value)
		if !ok {
			continue
		}
		u, seen := units[tv.Value.UnitID]
		if !seen {
			uv, err := w.tx.Units().Get(tv.Value.UnitID)
			if err != nil {
				return nil, err
			}
			u = uv.Value
			units[u.ID] = u
		}
		if u.FacilityID != "" {
			stays = append(stays, stay{u.FacilityID, u.Beds, from, until})
		}
	}
	out := []Occupancy{}
	for _, f := range fs {
		if f.Value.ProgrammeID != "" && !in(f.Value.ProgrammeID) {
			continue
		}
		start := period.From
		for !start.After(period.To) {
			y, m, _ := start.YMD()
			first, _ := housing.NewDate(y, m, 1)
			next, _ := first.AddMonths(1)
			end := next
			if last, _ := period.To.AddDays(1); last.Before(end) {
				end = last
			}
			o := Occupancy{FacilityID: f.Value.ID, Month: first.String()[:7], CapacityDays: start.DaysUntil(end) * f.Value.BedCapacity}
			for _, s := range stays {
				if s.facility != f.Value.ID {
					continue
				}
				from, until := s.from, end
				if from.Before(start) {
					from = start
				}
				if !s.until.IsZero() && s.until.Before(until) {
					until = s.until
				}
				if from.Before(until) {
					o.BedDays += s.beds * from.DaysUntil(until)
				}
			}
			if o.CapacityDays > 0 {
				o.Percent = 100 * o.BedDays / o.CapacityDays
			}
			out = append(out, o)
			start = next
		}
	}
	return out, nil
}

// Row is one line of an exported report: a section, a key within it, and
// the value as text.
type Row struct {
	Section string `json:"section"`
	Key     string `json:"key"`
	Value   string `json:"value"`
}

// Rows flattens the report into rows. With threshold > 1, every count of
// people or cases from 1 to threshold−1 is suppressed, written
// "<threshold" (small cells could identify people); zeros, percentages and
// day figures are kept. The day figures of a summary over fewer than
// threshold stays are suppressed too. In a section that splits one total
// (decisions by outcome, renewals by reason, exits by pathway, admissions
// by ETHOS category) a single suppressed count could be recovered by
// subtraction from the total, so the smallest other count of that
// section is suppressed too, written "suppressed" (complementary
// suppression).
func (r *Report) Rows(threshold int) []Row {
	small := func(v int) bool { return threshold > 1 && v > 0 && v < threshold }
	n := func(v int) string {
		if small(v) {
			return "<" + strconv.Itoa(threshold)
		}
		return strconv.Itoa(v)
	}
	var out []Row
	add := func(s, k, v string) { out = append(out, Row{s, k, v}) }
	split := func(s string, cs []Count) {
		suppressed, smallest := 0, -1
		for i, c := range cs {
			if small(c.Count) {
				suppressed++
			} else if c.Count > 0 && (smallest < 0 || c.Count < cs[smallest].Count) {
				smallest = i
			}
		}
		for i, c := range cs {
			v := n(c.Count)
			if suppressed == 1 && i == smallest {
				v = "suppressed"
			}
			add(s, c.Key, v)
		}
	}
	add("period", "from", r.Period.From.String())
	add("period", "to", r.Period.To.String())
	if r.ProgrammeID != "" {
		add("period", "programme", r.ProgrammeID)
	}
	add("referrals", "total", n(r.Referrals))
	split("decisions", r.Decisions)
	for _, c := range r.DecisionReasons {
		add("decision_reasons", c.Key, n(c.Count))
	}
	add("admissions", "households", n(r.Admissions))
	add("admissions", "persons", n(r.AdmittedPersons))
	for _, o := range r.Occupancy {
		add("occupancy", o.FacilityID+" "+o.Month, strconv.Itoa(o.Percent)+"%")
	}
	for _, d := range []struct {
		s string
		v Durations
	}{{"waiting_times", r.WaitingTimes}, {"length_of_stay", r.LengthOfStay}} {
		add(d.s, "n", n(d.v.N))
		if threshold > 1 && d.v.N > 0 && d.v.N < threshold {
			add(d.s, "median_days", "suppressed")
			add(d.s, "p90_days", "suppressed")
		} else {
			add(d.s, "median_days", strconv.Itoa(d.v.Median))
			add(d.s, "p90_days", strconv.Itoa(d.v.P90))
		}
	}
	split("renewals", r.Renewals)
	split("exits", r.Exits)
	add("limit_no_solution", "stays", n(r.LimitNoSolution))
	add("housed_6_months", "households", n(r.Housed6Months))
	add("housed_6_months", "persons", n(r.HousedPersons6Months))
	split("ethos_at_entry", r.EthosAtEntry)
	split("ethos_concepts_at_entry", r.EthosConceptsAtEntry)
	return out
}

func eligibilityOutcomeLabel(lang language.Tag, key string) string {
	return eligibility.Outcome(key).Label(lang)
}
