package rentcalc

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

// Member is what the equivalence scales and the rent rules read of one
// member of a household, as of a date.
type Member struct {
	// Role is the member's place in the household; the ISEE scale reads
	// children (RoleChild) and parents (RoleReference and RolePartner).
	Role housing.Role `json:"role,omitempty"`
	// Age in whole years on the date of the calculation.
	Age        int                     `json:"age"`
	Disability housing.DisabilityLevel `json:"disability,omitempty"`
	// DisabilityPercent is the certified invalidity percentage (0 when not
	// known), for rules that name one (≥ 74%).
	DisabilityPercent int `json:"disability_percent,omitempty"`
	// MonthsWorked in the ISEE income year (0 when not known).
	MonthsWorked int `json:"months_worked,omitempty"`
	// CareDuties: an adult with care duties (carichi di cura), ADI scale.
	CareDuties bool `json:"care_duties,omitempty"`
	// CertifiedHardship: an adult in certified severe hardship, ADI scale.
	CertifiedHardship bool `json:"certified_hardship,omitempty"`
}

// Minor reports whether the member is under 18.
func (m Member) Minor() bool { return m.Age < 18 }

// Composition is a household as the scales see it: its members with their
// ages and conditions on a date. Build it from a housing.Household with
// CompositionOf, or directly for simulations.
type Composition struct {
	Members []Member `json:"members"`
}

// CompositionOf returns the composition of h on date on: each member's age
// on that date and the conditions the scales read. Facts that are not
// known (a nil MonthsWorked, CareDuties or CertifiedHardship) count as
// absent: 0 months, no care duties, no certified hardship.
func CompositionOf(h housing.Household, on housing.Date) Composition {
	c := Composition{Members: make([]Member, len(h.Members))}
	for i, m := range h.Members {
		x := Member{Role: m.Role, Age: m.AgeOn(on), Disability: m.Disability}
		if m.DisabilityPercent != nil {
			x.DisabilityPercent = *m.DisabilityPercent
		}
		if m.MonthsWorked != nil {
			x.MonthsWorked = *m.MonthsWorked
		}
		x.CareDuties = m.CareDuties != nil && *m.CareDuties
		x.CertifiedHardship = m.CertifiedHardship != nil && *m.CertifiedHardship
		c.Members[i] = x
	}
	return c
}

// first returns the index of the household's first member, whom the
// scales count at 1: the reference person, or the first listed member when
// none has that role.
func (c *Composition) first() int {
	for i := range c.Members {
		if c.Members[i].Role == housing.RoleReference {
			return i
		}
	}
	return 0
}

// plausible reports, without allocating, whether Validate would find no
// problem.
func (c *Composition) plausible() bool {
	if len(c.Members) == 0 {
		return false
	}
	for i := range c.Members {
		m := &c.Members[i]
		if m.Age < 0 || m.Age > 130 || m.MonthsWorked < 0 || m.MonthsWorked > 12 || m.DisabilityPercent < 0 || m.DisabilityPercent > 100 {
			return false
		}
		switch m.Disability {
		case "", housing.DisabilityNone, housing.DisabilityMedium, housing.DisabilitySevere, housing.DisabilityNotSelfSufficient:
		default:
			return false
		}
	}
	return true
}

// Validate checks the composition and returns every problem at once (code
// CodeInvalid), with paths such as "members[1].age".
func (c Composition) Validate() error {
	var ps housing.Problems
	c.validate(&ps, "")
	return ps.Err("invalid household composition")
}

func (c Composition) validate(ps *housing.Problems, prefix string) {
	if len(c.Members) == 0 {
		ps.Add(housing.JoinPath(prefix, "members"), "a household has at least one member")
	}
	for i, m := range c.Members {
		at := func(f string) string {
			return housing.JoinPath(housing.JoinPath(prefix, housing.Index("members", i)), f)
		}
		if m.Age < 0 || m.Age > 130 {
			ps.Add(at("age"), "%d is outside 0..130", m.Age)
		}
		if m.MonthsWorked < 0 || m.MonthsWorked > 12 {
			ps.Add(at("months_worked"), "%d is outside 0..12", m.MonthsWorked)
		}
		if m.DisabilityPercent < 0 || m.DisabilityPercent > 100 {
			ps.Add(at("disability_percent"), "%d is outside 0..100", m.DisabilityPercent)
		}
		switch m.Disability {
		case "", housing.DisabilityNone, housing.DisabilityMedium, housing.DisabilitySevere, housing.DisabilityNotSelfSufficient:
		default:
			ps.Add(at("disability"), "unknown value %q", string(m.Disability))
		}
	}
}

// AnnualIncome returns the household's annual income: the sum of every
// member's declared incomes, as they are declared (the SDK does not turn
// gross into net). It returns a CodeInvalid error listing each member whose
// incomes are not declared (a null list; an empty list declares no income).
func AnnualIncome(h housing.Household) (decimal.Decimal, error) {
	var ps housing.Problems
	for i, m := range h.Members {
		if m.Incomes == nil {
			ps.Add(housing.Index("members", i)+".incomes", "not declared: list the member's incomes, or [] for none")
		}
	}
	if err := ps.Err("household income not known"); err != nil {
		return decimal.Zero, err
	}
	sum, _ := h.AnnualIncome()
	return sum, nil
}
