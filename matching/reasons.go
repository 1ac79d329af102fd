package matching

import (
	"cmp"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
)

// The codes of the reasons why a household got no proposal.
const (
	// ReasonNoFeasibleUnit: every unit failed some constraint; Exclusions
	// count, per constraint code, the units it excluded (a unit failing
	// several constraints counts under each).
	ReasonNoFeasibleUnit = "no_feasible_unit"
	// ReasonDeclinedBefore: units that would be feasible were declined by
	// the household before (UnitIDs).
	ReasonDeclinedBefore = "declined_before"
	// ReasonOutranked: the feasible units (UnitIDs) went to households
	// (Households) ranked before it: higher in the ranked list, drawn
	// earlier, or preferred by the landlord.
	ReasonOutranked = "outranked"
	// ReasonAssignedElsewhere: the optimal mechanism gave the feasible
	// units to households ranked after it, because the total score is
	// greater that way.
	ReasonAssignedElsewhere = "assigned_elsewhere"
	// ReasonIncompatible: feasible units in a facility with shared spaces
	// were excluded because the household may not live with a household
	// (Households) proposed there.
	ReasonIncompatible = "incompatible"
	// ReasonLeftOut: feasible units stayed free (only the capacitated
	// heuristic can leave them so).
	ReasonLeftOut = "left_out"
)

// Reason is one reason why a household got no proposal: a stable Code, the
// figures it rests on, and its text in Italian and English.
type Reason struct {
	Code string `json:"code"`
	// Units is how many units the reason concerns: all units on offer for
	// ReasonNoFeasibleUnit, else the feasible units concerned.
	Units      int         `json:"units"`
	Exclusions []Exclusion `json:"exclusions,omitempty"`
	// UnitIDs lists the units concerned, in unit-id order, and Households
	// the households that took them, in rank order (or, for
	// ReasonIncompatible, those it may not live with, by id); each list is
	// cut at MaxReasonIDs, and Units counts all the units.
	UnitIDs    []string `json:"unit_ids,omitempty"`
	Households []string `json:"households,omitempty"`
	// Violation is the co-housing rule's reason (ReasonIncompatible).
	Violation *housing.Text `json:"violation,omitempty"`
	Text      housing.Text  `json:"text"`
}

// Exclusion counts the units a constraint excluded, with a text such as
// "beds: 12 units".
type Exclusion struct {
	Code  string       `json:"code"`
	Units int          `json:"units"`
	Text  housing.Text `json:"text"`
}

// reasons explains why row i got nothing.
func (pr *problem) reasons(i int, holder map[int][]int, pos []int, fb *forbidden) []Reason {
	var out []Reason
	a := pr.apps[i]
	cols, _ := pr.pairsOf(i)
	if len(cols) == 0 {
		out = append(out, pr.noFeasible(i, pr.unitCount()))
	}
	if d := pr.declinedOnly[i]; len(d) > 0 {
		var ids []string
		for _, j := range d {
			ids = append(ids, pr.cols[j].units...)
		}
		slices.Sort(ids)
		out = append(out, Reason{Code: ReasonDeclinedBefore, Units: len(ids), UnitIDs: capped(ids),
			Text: text("reason.declined_before", some(ids))})
	}
	var (
		outUnits, elseUnits, incUnits, freeUnits idList
		outBy, elseBy                            []int
		incV                                     *Violation
	)
	size := a.Household.Size()
	for _, j := range cols {
		c := &pr.cols[j]
		if v, ok := fb.pairs[[2]int{i, j}]; ok && v.Code == CodeRoomTaken {
			// A room of the suite went to a household served earlier.
			if k := pr.rowOf(v.Args[0].(string)); k >= 0 {
				outBy = append(outBy, k)
			}
			outUnits.add(c.units)
			continue
		} else if ok {
			incUnits.add(c.units)
			if incV == nil {
				incV = v
			}
			continue
		}
		hs := holder[j]
		if c.pooled {
			used := 0
			for _, k := range hs {
				used += pr.apps[k].Household.Size()
			}
			if c.beds-used >= size {
				hs = nil
			}
		}
		if len(hs) == 0 {
			freeUnits.add(c.units)
			continue
		}
		above := false
		for _, k := range hs {
			if pr.outranks(k, i, j, pos) {
				above = true
			}
		}
		if above {
			outBy = append(outBy, hs...)
			outUnits.add(c.units)
		} else {
			elseBy = append(elseBy, hs...)
			elseUnits.add(c.units)
		}
	}
	if outUnits.n > 0 {
		key := "reason.outranked"
		switch pr.opt.Mechanism {
		case Lottery:
			key = "reason.outranked_lottery"
		case DeferredAcceptance:
			key = "reason.outranked_landlord"
		}
		by := pr.households(outBy)
		out = append(out, Reason{Code: ReasonOutranked, Units: outUnits.n, UnitIDs: outUnits.ids, Households: capped(by),
			Text: text(key, outUnits.n, some(by))})
	}
	if elseUnits.n > 0 {
		by := pr.households(elseBy)
		out = append(out, Reason{Code: ReasonAssignedElsewhere, Units: elseUnits.n, UnitIDs: elseUnits.ids, Households: capped(by),
			Text: text("reason.assigned_elsewhere", elseUnits.n, some(by))})
	}
	if incUnits.n > 0 {
		by := slices.Compact(sorted(fb.by[i]))
		vt := incV.Text()
		out = append(out, Reason{Code: ReasonIncompatible, Units: incUnits.n, UnitIDs: incUnits.ids, Households: capped(by), Violation: &vt,
			Text: text("reason.incompatible", incUnits.n, some(by), vt)})
	}
	if freeUnits.n > 0 {
		out = append(out, Reason{Code: ReasonLeftOut, Units: freeUnits.n, UnitIDs: freeUnits.ids,
			Text: text("reason.left_out", freeUnits.n)})
	}
	return out
}

// noFeasible counts, per constraint code, the units that excluded row i.
func (pr *problem) noFeasible(i, total int) Reason {
	counts := map[string]int{}
	var order []string
	for k, c := range pr.constraints {
		n := pr.excluded[i][k]
		if n == 0 {
			continue
		}
		code := c.Code()
		if _, ok := counts[code]; !ok {
			order = append(order, code)
		}
		counts[code] += n
	}
	// Most units first; equal counts in the constraints' order.
	slices.SortStableFunc(order, func(x, y string) int { return cmp.Compare(counts[y], counts[x]) })
	r := Reason{Code: ReasonNoFeasibleUnit, Units: total}
	if total == 0 {
		r.Text = text("reason.no_units")
		return r
	}
	var it, en []string
	for _, code := range order {
		n := counts[code]
		cu := countUnits(n)
		t := housing.Text{
			IT: sprintf(housing.Italian, "exclusion", CodeLabel(housing.Italian, code), cu.IT),
			EN: sprintf(housing.English, "exclusion", CodeLabel(housing.English, code), cu.EN),
		}
		r.Exclusions = append(r.Exclusions, Exclusion{Code: code, Units: n, Text: t})
		it = append(it, t.IT)
		en = append(en, t.EN)
	}
	r.Text = text("reason.no_feasible_unit", countUnits(total), housing.Text{IT: strings.Join(it, "; "), EN: strings.Join(en, "; ")})
	return r
}

// outranks reports whether row k comes before row i for column j in the
// mechanism: preferred by the landlord in deferred acceptance, earlier in
// the order of service otherwise.
func (pr *problem) outranks(k, i, j int, pos []int) bool {
	if pr.opt.Mechanism == DeferredAcceptance {
		return pr.landlordPrefers(j, k, i)
	}
	return pos[k] < pos[i]
}

// landlordPrefers reports whether column j's landlord ranks row k above
// row i: by Options.LandlordScore (higher first) when set, else by priority
// score; ties by rank order.
func (pr *problem) landlordPrefers(j, k, i int) bool {
	sk, si := pr.landlordScore(j, k), pr.landlordScore(j, i)
	if sk != si {
		return sk > si
	}
	return k < i
}

func (pr *problem) landlordScore(j, i int) int64 {
	if pr.opt.LandlordScore != nil {
		return pr.opt.LandlordScore(pr.apps[i], &pr.cols[j].place)
	}
	return int64(pr.apps[i].Priority)
}

// MaxReasonIDs is the most ids a Reason lists in UnitIDs and Households:
// in a city-wide matching, a household left out may have hundreds of
// feasible units taken by others, and the proposals already say who took
// each.
const MaxReasonIDs = 50

func capped(ids []string) []string {
	if len(ids) > MaxReasonIDs {
		return slices.Clone(ids[:MaxReasonIDs]) // not holding the rest
	}
	return ids
}

// textListMax is how many ids a reason's text lists; the rest are
// counted ("and 12 more"). The reason's UnitIDs and Households list all.
const textListMax = 5

// some joins up to textListMax ids, counting the rest, in both languages;
// one id more than textListMax is named rather than counted ("and 1
// more" would say less in as many words).
func some(ids []string) housing.Text {
	if len(ids) <= textListMax+1 {
		s := strings.Join(ids, ", ")
		return housing.Text{IT: s, EN: s}
	}
	return text("list.more", strings.Join(ids[:textListMax], ", "), len(ids)-textListMax)
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// idList counts ids and keeps the first MaxReasonIDs.
type idList struct {
	n   int
	ids []string
}

func (l *idList) add(ids []string) {
	l.n += len(ids)
	for _, id := range ids {
		if len(l.ids) < MaxReasonIDs {
			l.ids = append(l.ids, id)
		}
	}
}

// households returns the ids of rows, once each, in rank order.
func (pr *problem) households(rows []int) []string {
	slices.Sort(rows)
	rows = slices.Compact(rows)
	ids := make([]string, len(rows))
	for k, i := range rows {
		ids[k] = pr.apps[i].ID()
	}
	return ids
}
