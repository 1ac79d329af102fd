package rentcalc

import (
	"fmt"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
)

// The names of the equivalence scales. A scale is selected by name and
// date: its coefficients are the parameters in force on that date.
const (
	// ScaleISEE is the ISEE scale of DPCM 159/2013 (Allegato 1): the table
	// by number of members and the increments for large families (3, 4, 5+
	// children), working parents with minor children (raised with a child
	// under 3; also a non-working lone parent with only minor children)
	// and each disabled member. It is the scale of the ISEE for housing.
	ScaleISEE = "isee"
	// ScaleISEE2026 is the ISEE scale with the large-family increments of
	// the 2026 reform (L. 199/2025 art. 1 c. 208–209: 2, 3, 4, 5+ children),
	// in force from 2026-01-01. The reform is reported to apply to some
	// benefits only; whether the ISEE used for housing adopts it is
	// UNCONFIRMED (REFERENCE.md §1), so it is a separate scale to choose
	// knowingly.
	ScaleISEE2026 = "isee-2026"
	// ScaleOECD is the OECD-modified scale (Eurostat): 1 for the first
	// member (the oldest), 0.5 for each other member aged 14 or over, 0.3
	// for each child under 14.
	ScaleOECD = "oecd-modified"
	// ScaleADI is the scale of the Assegno di inclusione (DL 48/2023 art.
	// 2): 1 for the first member; for each other member +0.5 if disabled,
	// +0.4 if aged 60 or over, +0.3 if an adult in certified severe
	// hardship, +0.15 for each minor up to the second and +0.10 for each
	// further minor; +0.4 once for an adult with care duties; capped at 2.2,
	// or 2.3 with a severely disabled or not self-sufficient member. Whether
	// one member may bring several increments is a parameter
	// (assegno-inclusione.scale_one_increment_per_member, a placeholder).
	ScaleADI = "adi"
)

// ScaleNames lists the scale names.
func ScaleNames() []string { return []string{ScaleISEE, ScaleISEE2026, ScaleOECD, ScaleADI} }

const maxTerms = 13

// Term indices of each scale kind.
const (
	iseeM1 = iota
	iseeM2
	iseeM3
	iseeM4
	iseeM5
	iseeFurther
	iseeCh2
	iseeCh3
	iseeCh4
	iseeCh5
	iseeWorking
	iseeWorkingYoung
	iseeDisability
)

const (
	adiBase = iota
	adiDisabled
	adiAged
	adiHardship
	adiMinor
	adiFurtherMinor
	adiCare
)

const (
	oecdFirst = iota
	oecdOther
	oecdChild
)

type scaleKind uint8

const (
	kindISEE scaleKind = iota + 1
	kindOECD
	kindADI
)

// term is one coefficient of a scale: the weight added once per count.
type term struct {
	code string // message key, "scale.isee.members"…
	fig  Figure
	w    decimal.Decimal
	fw   int64 // w × Scale.den
}

// Scale is an equivalence scale in force on a date, with its coefficients
// resolved from the parameter files. It is immutable and safe for
// concurrent use.
type Scale struct {
	name    string
	version string
	on      housing.Date
	kind    scaleKind
	terms   [maxTerms]term
	// Integer constants of the rules.
	youngAge, minMonths, childAge, agedAge, fullMinors int
	twoChildren, oneIncrement                          bool
	order                                              []int // ADI increments by weight, largest first
	// ADI caps.
	capped         bool
	cap, capSevere term
	figures        []Figure
	// den is the fixed-point denominator of the fast path (a power of
	// ten); 0 when some coefficient has too many digits for it.
	den int64
}

// ScaleValue is the value of a scale for a household, with the parts it
// added, for explanations. The parts add up to Value.
type ScaleValue struct {
	Scale   string          `json:"scale"`
	Version string          `json:"version"`
	Date    housing.Date    `json:"date"`
	Value   decimal.Decimal `json:"value"`
	Parts   []ScalePart     `json:"parts"`
}

// ScalePart is what one coefficient added: Count times the parameter's
// value (Amount is negative for a cap).
type ScalePart struct {
	Code      string          `json:"code"`
	Count     int             `json:"count"`
	Amount    decimal.Decimal `json:"amount"`
	Parameter string          `json:"parameter"`
	Text      housing.Text    `json:"text"`
}

// Name returns the scale's name.
func (s *Scale) Name() string { return s.name }

// Version names the legal text of the scale.
func (s *Scale) Version() string { return s.version }

// Date returns the date whose coefficients the scale holds.
func (s *Scale) Date() housing.Date { return s.on }

// Figures returns the parameters the scale read, with their sources.
func (s *Scale) Figures() []Figure { return slices.Clone(s.figures) }

// Scale returns the scale name in force on date on. It returns a
// CodeNotFound *housing.Error for an unknown name, and for a scale with
// coefficients missing on that date (such as isee-2026 before 2026), listing
// every missing one.
func (s *Sources) Scale(name string, on housing.Date) (*Scale, error) {
	if err := s.errNil(); err != nil {
		return nil, err
	}
	l := &lookup{src: s, on: on}
	sc := &Scale{name: name, on: on}
	switch name {
	case ScaleISEE, ScaleISEE2026:
		sc.buildISEE(l, name == ScaleISEE2026)
	case ScaleOECD:
		sc.buildOECD(l)
	case ScaleADI:
		sc.buildADI(l)
	default:
		return nil, housing.Errorf(housing.CodeNotFound, "rentcalc.unknown_scale", "unknown equivalence scale %q; want one of %s", name, strings.Join(ScaleNames(), ", "))
	}
	if len(l.ps) > 0 {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: "rentcalc.scale_not_in_force", Message: fmt.Sprintf("equivalence scale %s is not defined on %s", name, on), Problems: l.ps}
	}
	sc.figures = l.used
	sc.fixDen()
	return sc, nil
}

func (s *Scale) setTerm(l *lookup, i int, code, ref string) {
	f := l.get("", ref, params.UnitRatio)
	s.terms[i] = term{code: code, fig: f, w: f.Value}
}

func (s *Scale) buildISEE(l *lookup, reform bool) {
	s.kind = kindISEE
	s.version = "DPCM 159/2013, Allegato 1"
	for i, ref := range []string{"isee.scale_1_member", "isee.scale_2_members", "isee.scale_3_members", "isee.scale_4_members", "isee.scale_5_members"} {
		s.setTerm(l, iseeM1+i, "scale.isee.members", ref)
	}
	s.setTerm(l, iseeFurther, "scale.isee.further_members", "isee.scale_further_member")
	if reform {
		s.version = "DPCM 159/2013; L. 199/2025 art. 1 c. 208-209 (use for housing ISEE unconfirmed)"
		s.twoChildren = true
		s.setTerm(l, iseeCh2, "scale.isee.children", "isee.reform2026_children_increment_2")
		s.setTerm(l, iseeCh3, "scale.isee.children", "isee.reform2026_children_increment_3")
		s.setTerm(l, iseeCh4, "scale.isee.children", "isee.reform2026_children_increment_4")
		s.setTerm(l, iseeCh5, "scale.isee.children", "isee.reform2026_children_increment_5_or_more")
	} else {
		s.setTerm(l, iseeCh3, "scale.isee.children", "isee.children_increment_3")
		s.setTerm(l, iseeCh4, "scale.isee.children", "isee.children_increment_4")
		s.setTerm(l, iseeCh5, "scale.isee.children", "isee.children_increment_5_or_more")
	}
	s.setTerm(l, iseeWorking, "scale.isee.working_parents", "isee.working_parents_increment")
	s.setTerm(l, iseeWorkingYoung, "scale.isee.working_parents_young_child", "isee.working_parents_increment_child_under_3")
	s.setTerm(l, iseeDisability, "scale.isee.disability", "isee.disability_increment")
	s.minMonths = l.count("", "isee.working_parents_min_months", params.UnitMonths)
	s.youngAge = l.count("", "isee.young_child_age", params.UnitYears)
}

func (s *Scale) buildOECD(l *lookup) {
	s.kind = kindOECD
	s.version = "OECD-modified (Eurostat)"
	s.setTerm(l, oecdFirst, "scale.oecd.first", "oecd-scale.first_member")
	s.setTerm(l, oecdOther, "scale.oecd.other", "oecd-scale.other_member")
	s.setTerm(l, oecdChild, "scale.oecd.child", "oecd-scale.child")
	s.childAge = l.count("", "oecd-scale.child_age", params.UnitYears)
}

func (s *Scale) buildADI(l *lookup) {
	s.kind = kindADI
	s.version = "DL 48/2023 art. 2"
	s.setTerm(l, adiBase, "scale.adi.base", "assegno-inclusione.scale_base")
	s.setTerm(l, adiDisabled, "scale.adi.disabled", "assegno-inclusione.scale_disabled")
	s.setTerm(l, adiAged, "scale.adi.aged", "assegno-inclusione.scale_aged")
	s.setTerm(l, adiHardship, "scale.adi.hardship", "assegno-inclusione.scale_hardship")
	s.setTerm(l, adiMinor, "scale.adi.minor", "assegno-inclusione.scale_minor")
	s.setTerm(l, adiFurtherMinor, "scale.adi.further_minor", "assegno-inclusione.scale_further_minor")
	s.setTerm(l, adiCare, "scale.adi.care", "assegno-inclusione.scale_care_duties")
	s.agedAge = l.count("", "assegno-inclusione.scale_aged_min_age", params.UnitYears)
	s.fullMinors = l.count("", "assegno-inclusione.scale_minors_at_full_increment", params.UnitCount)
	one := l.get("", "assegno-inclusione.scale_one_increment_per_member", params.UnitBool)
	s.oneIncrement = one.Flag
	capF := l.get("", "assegno-inclusione.scale_cap", params.UnitRatio)
	sevF := l.get("", "assegno-inclusione.scale_cap_severe", params.UnitRatio)
	s.capped = true
	s.cap = term{code: "scale.adi.cap", fig: capF, w: capF.Value}
	s.capSevere = term{code: "scale.adi.cap_severe", fig: sevF, w: sevF.Value}
	// The increments a member may bring, largest first (ties in term order).
	s.order = []int{adiDisabled, adiAged, adiHardship, adiMinor, adiFurtherMinor}
	slices.SortStableFunc(s.order, func(a, b int) int { return s.terms[b].w.Cmp(s.terms[a].w) })
}

// fixDen chooses the fast path's fixed-point denominator: the smallest
// power of ten that makes every coefficient a whole number (at most 10^9).
func (s *Scale) fixDen() {
	all := append(s.terms[:], s.cap, s.capSevere)
	den := int64(1)
	for _, t := range all {
		_, d, ok := fraction(t.w, 9)
		if !ok {
			s.den = 0
			return
		}
		den = max(den, d)
	}
	for i := range s.terms {
		s.terms[i].fw = fixed(s.terms[i].w, den)
	}
	s.cap.fw, s.capSevere.fw = fixed(s.cap.w, den), fixed(s.capSevere.w, den)
	s.den = den
}

// fixed returns w × den, exact because den is a multiple of w's denominator.
func fixed(w decimal.Decimal, den int64) int64 {
	n, d, _ := fraction(w, 9)
	return n * (den / d)
}

// tally counts how many times each term applies to c; severe reports a
// severely disabled or not self-sufficient member (the ADI's higher cap).
// It is the one place that encodes who brings which increment: the
// decimal Value and the fast path both sum its counts.
func (s *Scale) tally(c *Composition, n *[maxTerms]int32) (severe bool) {
	members := len(c.Members)
	if members == 0 {
		return false
	}
	switch s.kind {
	case kindISEE:
		if members <= 5 {
			n[iseeM1+members-1] = 1
		} else {
			n[iseeM5] = 1
			n[iseeFurther] = int32(members - 5)
		}
		children, minors, parents, working := 0, 0, 0, 0
		young := false
		for i := range c.Members {
			m := &c.Members[i]
			if m.Disability.Disabled() {
				n[iseeDisability]++
			}
			switch m.Role {
			case housing.RoleChild:
				children++
				if m.Minor() {
					minors++
					if m.Age < s.youngAge {
						young = true
					}
				}
			case housing.RoleReference, housing.RolePartner:
				parents++
				if m.MonthsWorked >= s.minMonths {
					working++
				}
			}
		}
		switch {
		case children >= 5:
			n[iseeCh5] = 1
		case children == 4:
			n[iseeCh4] = 1
		case children == 3:
			n[iseeCh3] = 1
		case children == 2 && s.twoChildren:
			n[iseeCh2] = 1
		}
		// Minor children and every parent worked the minimum months, or a
		// lone parent (working or not) with only minor children.
		if minors > 0 && parents > 0 && (working == parents || (parents == 1 && members == 1+minors)) {
			if young {
				n[iseeWorkingYoung] = 1
			} else {
				n[iseeWorking] = 1
			}
		}
	case kindOECD:
		first := 0
		for i := range c.Members {
			if c.Members[i].Age > c.Members[first].Age {
				first = i
			}
		}
		n[oecdFirst] = 1
		for i := range c.Members {
			if i == first {
				continue
			}
			if c.Members[i].Age >= s.childAge {
				n[oecdOther]++
			} else {
				n[oecdChild]++
			}
		}
	case kindADI:
		n[adiBase] = 1
		first := c.first()
		minors := 0
		care := false
		for i := range c.Members {
			m := &c.Members[i]
			if m.Disability == housing.DisabilitySevere || m.Disability == housing.DisabilityNotSelfSufficient {
				severe = true
			}
			minorTerm := -1
			if m.Minor() {
				minors++
				minorTerm = adiFurtherMinor
				if minors <= s.fullMinors {
					minorTerm = adiMinor
				}
			} else if m.CareDuties {
				care = true
			}
			if i == first {
				continue
			}
			for _, t := range s.order {
				var applies bool
				switch t {
				case adiDisabled:
					applies = m.Disability.Disabled()
				case adiAged:
					applies = m.Age >= s.agedAge
				case adiHardship:
					applies = m.CertifiedHardship && !m.Minor()
				default:
					applies = t == minorTerm
				}
				if applies {
					n[t]++
					if s.oneIncrement {
						break
					}
				}
			}
		}
		if care {
			n[adiCare] = 1
		}
	}
	return severe
}

// Value returns the scale's value for c and the parts it added. The sum is
// exact: coefficients are decimals and nothing is rounded.
func (s *Scale) Value(c Composition) ScaleValue {
	var n [maxTerms]int32
	severe := s.tally(&c, &n)
	v := ScaleValue{Scale: s.name, Version: s.version, Date: s.on, Value: decimal.Zero}
	for i, t := range s.terms {
		if n[i] == 0 || t.code == "" {
			continue
		}
		amount := decimal.NewFromInt(int64(n[i])).Mul(t.w)
		v.Value = v.Value.Add(amount)
		v.Parts = append(v.Parts, ScalePart{Code: t.code, Count: int(n[i]), Amount: amount, Parameter: t.fig.Ref, Text: s.partText(i, int(n[i]), len(c.Members), amount)})
	}
	if s.capped {
		cp := s.cap
		if severe {
			cp = s.capSevere
		}
		if v.Value.GreaterThan(cp.w) {
			amount := cp.w.Sub(v.Value)
			v.Value = cp.w
			v.Parts = append(v.Parts, ScalePart{Code: cp.code, Count: 1, Amount: amount, Parameter: cp.fig.Ref, Text: text(cp.code, number(cp.w), number(amount))})
		}
	}
	return v
}

// fixed returns the scale's value for c times s.den; s.den must be > 0.
// It is Value's sum in integers, without allocating.
func (s *Scale) fixed(c *Composition) int64 {
	var n [maxTerms]int32
	severe := s.tally(c, &n)
	var v int64
	for i := range s.terms {
		v += int64(n[i]) * s.terms[i].fw
	}
	if s.capped {
		cp := s.cap.fw
		if severe {
			cp = s.capSevere.fw
		}
		v = min(v, cp)
	}
	return v
}

func (s *Scale) partText(i, count, members int, amount decimal.Decimal) housing.Text {
	t := s.terms[i]
	switch {
	case s.kind == kindISEE && i <= iseeM5:
		return text(t.code, min(members, 5), number(amount))
	case s.kind == kindISEE && i >= iseeCh2 && i <= iseeCh5:
		return text(t.code, i-iseeCh2+2, number(amount))
	case s.kind == kindISEE && i == iseeWorkingYoung:
		return text(t.code, s.youngAge, number(amount))
	case s.kind == kindISEE && i == iseeWorking:
		return text(t.code, number(amount))
	case s.kind == kindOECD && i == oecdFirst:
		return text(t.code, number(amount))
	case s.kind == kindOECD:
		return text(t.code, s.childAge, count, number(amount))
	case s.kind == kindADI && (i == adiBase || i == adiCare):
		return text(t.code, number(amount))
	case s.kind == kindADI && i == adiAged:
		return text(t.code, s.agedAge, count, number(amount))
	}
	return text(t.code, count, number(amount))
}
