package matching

import "github.com/housingkit/housingkit/housing"

// Compatibility decides whether two households may live in the same
// facility when its residents share spaces (a co-housing building, a
// transition facility with a shared kitchen). It returns nil when they may,
// or a Violation with Code CodeCoHousing. It must be symmetric and
// deterministic. Match never passes a nil household, and the rules of this
// package require both.
type Compatibility func(a, b *housing.Household, on housing.Date) *Violation

// CoHousingRule is the built-in compatibility rule. Two households are
// compatible unless one of its enabled clauses separates them:
//
//   - SeparateMinors: a household with minors does not share spaces with a
//     single adult living alone (one member, 18 or over). Families with
//     children share with other families and with adults living together.
//   - ProtectVictims: a household with a member recorded as a victim of
//     violence (Person.VictimOfViolence) does not share spaces with a
//     household that has an adult man (sex M, 18 or over); women-only
//     facilities are the other way to protect them (housing.Restrictions).
//
// Both clauses are programme choices, not legal rules: a programme that
// wants another rule passes its own Compatibility. The Catania transition
// facilities put "private rooms for households or singles" around one
// shared kitchen (seed 001), so SeparateMinors is off by default.
type CoHousingRule struct {
	SeparateMinors bool
	ProtectVictims bool
}

// DefaultCompatibility is CoHousingRule with ProtectVictims only.
var DefaultCompatibility Compatibility = CoHousingRule{ProtectVictims: true}.Check

// Check applies the rule to a and b in both directions.
func (r CoHousingRule) Check(a, b *housing.Household, on housing.Date) *Violation {
	if v := r.oneWay(a, b, on); v != nil {
		return v
	}
	return r.oneWay(b, a, on)
}

func (r CoHousingRule) oneWay(a, b *housing.Household, on housing.Date) *Violation {
	if r.SeparateMinors && a.Minors(on) > 0 && b.Size() == 1 && b.Minors(on) == 0 {
		return violation(CodeCoHousing, "cohousing.minors_single", a.ID, b.ID)
	}
	if r.ProtectVictims && hasVictim(a) && adultMen(b, on) > 0 {
		return violation(CodeCoHousing, "cohousing.victim", a.ID, b.ID)
	}
	return nil
}

func hasVictim(h *housing.Household) bool {
	for _, m := range h.Members {
		if m.VictimOfViolence != nil && *m.VictimOfViolence {
			return true
		}
	}
	return false
}

func adultMen(h *housing.Household, on housing.Date) int {
	n := 0
	for _, m := range h.Members {
		if m.Sex == housing.SexMale && m.AgeOn(on) >= 18 {
			n++
		}
	}
	return n
}
