package matching

import (
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

// Scorer gives a feasible pair points: higher is better for the pair. A
// pair's score is the sum over the scorers of Weight × Points, in integers,
// so that matching is exact and deterministic. Name is the stable name of
// the part in proposals. A Scorer must be deterministic and safe for
// concurrent use, and its points must stay within ±MaxPoints. Match never
// passes a nil Applicant or Place (it refuses nil scorers with
// CodeInvalid), and the scorers of this package require both.
type Scorer interface {
	Name() string
	Points(a *Applicant, p *Place, on housing.Date) int64
}

// Weighted is a scorer with its integer weight.
type Weighted struct {
	Scorer Scorer
	Weight int64
}

// Limits of scorers' points and weights, which keep every score far from
// int64 overflow.
const (
	MaxPoints = 1_000_000_000
	MaxWeight = 1_000_000
)

// Priority scores the eligibility priority score: points = Applicant.Priority.
type Priority struct{}

// Name returns "priority".
func (Priority) Name() string { return "priority" }

// Points returns the applicant's priority score.
func (Priority) Points(a *Applicant, _ *Place, _ housing.Date) int64 { return int64(a.Priority) }

// Waiting scores the waiting time: points = days from the referral to the
// date of the matching (0 when the referral is later).
type Waiting struct{}

// Name returns "waiting".
func (Waiting) Name() string { return "waiting" }

// Points returns the days waited.
func (Waiting) Points(a *Applicant, _ *Place, on housing.Date) int64 {
	return int64(max(0, a.ReferredOn.DaysUntil(on)))
}

// Preference scores the household's own ranking of units: the unit ranked
// first gets Slots points, the second Slots−1, and so on; a unit ranked
// beyond Slots or not listed gets 0. A pool of beds takes the best rank of
// its beds.
type Preference struct {
	Slots int
}

// Name returns "preference".
func (Preference) Name() string { return "preference" }

// Points returns the points of the unit's rank.
func (s Preference) Points(a *Applicant, p *Place, _ housing.Date) int64 {
	r := p.preferenceRank(a)
	if r < 0 || r >= s.Slots {
		return 0
	}
	return int64(s.Slots - r)
}

// SubArea scores the place: when the household lists sub-areas or
// municipalities (Needs.SubAreas, best first) the first listed gets as many
// points as there are entries, the next one point fewer, down to 1; when it
// lists none, a unit in its municipality of residence gets 1 point (staying
// near school, work and networks) and others 0.
type SubArea struct{}

// Name returns "sub_area".
func (SubArea) Name() string { return "sub_area" }

// Points returns the place's points.
func (SubArea) Points(a *Applicant, p *Place, _ housing.Date) int64 {
	subs := a.Household.Needs.SubAreas
	if len(subs) > 0 {
		if i := subAreaIndex(a, p); i >= 0 {
			return int64(len(subs) - i)
		}
		return 0
	}
	if m := p.Municipality(); m != "" && strings.EqualFold(m, a.Household.Residence.Municipality) {
		return 1
	}
	return 0
}

// RentBurden scores how little of its income the household would spend on
// the unit: burden = 12 × (rent + service charges) ÷ annual gross income of
// all members, in thousandths rounded half up; points = 1000 − burden, at
// least 0. A unit with no rent or charges gets 1000; when the income is not
// declared for every member or is zero, a unit with a cost gets 0.
type RentBurden struct{}

// Name returns "rent_burden".
func (RentBurden) Name() string { return "rent_burden" }

// Points returns 1000 minus the burden in thousandths.
func (RentBurden) Points(a *Applicant, p *Place, _ housing.Date) int64 {
	if p.facts != nil && p.facts.costOK {
		if p.facts.costCenti <= 0 {
			return 1000 // no cost: the income is not needed
		}
		if a.facts != nil {
			if a.facts.load(); a.facts.incomeOK {
				// Fast path in cents, exact: the same rounding as below.
				cost, inc := p.facts.costCenti, a.facts.incomeCenti
				if !a.facts.incomeKnown || inc <= 0 {
					return 0
				}
				burden := (2*cost*12000 + inc) / (2 * inc) // half up
				return max(0, 1000-burden)
			}
		}
	}
	cost := p.Unit.MonthlyCost()
	if !cost.IsPositive() {
		return 1000
	}
	income, known := a.annualIncome()
	if !known || !income.IsPositive() {
		return 0
	}
	// The exact quotient rounded half up: q, plus 1 when the remainder is
	// at least half the divisor.
	q, r := cost.Mul(decimal.NewFromInt(12000)).QuoRem(income, 0)
	burden := q.IntPart()
	if r.Mul(decimal.NewFromInt(2)).GreaterThanOrEqual(income) {
		burden++
	}
	return max(0, 1000-burden)
}

// Fit scores how well the unit's size fits the household: points = −(beds
// − members), so a unit with empty beds loses one point per empty bed and a
// unit that fits exactly loses none. Beds (and pools of beds) always fit:
// the beds a household leaves free go to others.
type Fit struct{}

// Name returns "fit".
func (Fit) Name() string { return "fit" }

// Points returns minus the number of beds the household would leave empty.
func (Fit) Points(a *Applicant, p *Place, _ housing.Date) int64 {
	if p.Unit.Kind == housing.UnitBed {
		return 0
	}
	return -int64(max(0, p.Unit.Beds-a.Household.Size()))
}

// DefaultScorers returns the built-in scorers with their default weights:
// priority × 100, waiting days × 1, preference (5 slots) × 50, sub-area ×
// 20, rent burden × 1, fit × 10. With eligibility scores up to 100 the
// priority part (up to 10,000) outweighs two years of waiting (730), a
// first choice (250), the place and the rent burden (up to 1,000).
func DefaultScorers() []Weighted {
	return []Weighted{
		{Priority{}, 100},
		{Waiting{}, 1},
		{Preference{Slots: 5}, 50},
		{SubArea{}, 20},
		{RentBurden{}, 1},
		{Fit{}, 10},
	}
}
