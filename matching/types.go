package matching

import (
	"github.com/housingkit/housingkit/internal/checked"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

// Applicant is a household waiting for a dwelling, with what its
// eligibility decision said about it: the programmes it is eligible for, its
// priority score and the date it was referred. Preferences and Declined are
// its own history with the offer.
type Applicant struct {
	// Household is the household, validated by housing.Household.Validate.
	Household housing.Household `json:"household"`
	// Programmes lists the ids of the programmes the household is eligible
	// for; a unit of another programme is not feasible.
	Programmes []string `json:"programmes"`
	// Priority is the priority score of the eligibility decision (punteggio
	// in graduatoria), at least 0; higher comes first.
	Priority int `json:"priority"`
	// ReferredOn is the date of the referral (or of the application); the
	// waiting time counts from it and earlier referrals win ties.
	ReferredOn housing.Date `json:"referred_on"`
	// Preferences ranks unit ids, best first (optional). Units not listed
	// are still acceptable, after the listed ones.
	Preferences []string `json:"preferences,omitempty"`
	// Declined lists the ids of units the household declined before; they
	// are not proposed again.
	Declined []string `json:"declined,omitempty"`

	// facts caches what scorers read on every pair; set by Match on its
	// own copy of the applicant.
	facts *facts
}

// facts are figures of a household computed once per matching, when first
// needed (load).
type facts struct {
	h      *housing.Household
	loaded bool
	// The household's annual income (load).
	income      decimal.Decimal
	incomeKnown bool
	// incomeCenti is the income in hundredths (incomeOK false when it is
	// not a whole number of cents below 10^13).
	incomeCenti int64
	incomeOK    bool
	// rents memoises the rent check by rent and charges in cents: the
	// household and the date are fixed, and one goroutine evaluates a
	// household's pairs.
	rents map[[2]int64]rentResult
}

type rentResult struct {
	ok      bool
	maxRent decimal.Decimal
	err     error
}

func newFacts(h *housing.Household) *facts {
	return &facts{h: h}
}

// load computes the income figures the first time they are needed (a
// matching over units without rent never needs them). One goroutine
// evaluates a household's pairs, and Match reads them again only after.
func (f *facts) load() {
	if f.loaded {
		return
	}
	f.loaded = true
	f.income, f.incomeKnown = f.h.AnnualIncome()
	f.incomeCenti, f.incomeOK = hundredths(f.income)
}

// annualIncome returns the household's annual income and whether it is
// declared for every member, from the cache when there is one.
func (a *Applicant) annualIncome() (decimal.Decimal, bool) {
	if a.facts != nil {
		a.facts.load()
		return a.facts.income, a.facts.incomeKnown
	}
	return a.Household.AnnualIncome()
}

// ID returns the household's id.
func (a *Applicant) ID() string { return a.Household.ID }

// PreferenceRank returns the 0-based rank of unitID in Preferences, or -1
// when it is not listed.
func (a *Applicant) PreferenceRank(unitID string) int {
	return slices.Index(a.Preferences, unitID)
}

// Validate checks the applicant and returns every problem at once (code
// housing.CodeInvalid) with field paths such as "household.members[0].sex".
func (a Applicant) Validate() error {
	var ps housing.Problems
	a.validate(&ps, "", housing.Date{})
	return ps.Err("invalid applicant")
}

func (a Applicant) validate(ps *housing.Problems, prefix string, on housing.Date) {
	at := func(f string) string { return housing.JoinPath(prefix, f) }
	if on.IsZero() {
		ps.Merge(at("household"), a.Household.Validate())
	} else {
		ps.Merge(at("household"), a.Household.ValidateOn(on))
	}
	if a.Priority < 0 {
		ps.Add(at("priority"), "%d is negative; a priority score is at least 0", a.Priority)
	}
	if a.ReferredOn.IsZero() {
		ps.Add(at("referred_on"), "is required")
	} else if a.ReferredOn.Year() < 1900 {
		ps.Add(at("referred_on"), "%s is before 1900", a.ReferredOn)
	}
	if len(a.Programmes) == 0 {
		ps.Add(at("programmes"), "list at least one programme the household is eligible for")
	}
	dupes(ps, at("programmes"), a.Programmes)
	dupes(ps, at("preferences"), a.Preferences)
	dupes(ps, at("declined"), a.Declined)
}

func dupes(ps *housing.Problems, path string, ids []string) {
	seen := map[string]int{}
	for i, id := range ids {
		if id == "" {
			ps.Add(housing.Index(path, i), "is empty")
			continue
		}
		if j, ok := seen[id]; ok {
			ps.Add(housing.Index(path, i), "%q repeats %s", id, housing.Index(path, j))
			continue
		}
		seen[id] = i
	}
}

// Facility is a facility with the households that live in it now, whose
// compatibility with newcomers the co-housing constraint checks. Its units
// (rooms, beds, apartments) are listed separately with its id.
type Facility struct {
	housing.Facility
	// Residents are the households living in the facility now (optional).
	Residents []housing.Household `json:"residents,omitempty"`
}

// Shared reports whether residents of the facility share spaces: it is
// co-housing or lists shared spaces.
func (f *Facility) Shared() bool {
	return f != nil && (f.CoHousing || len(f.SharedSpaces) > 0)
}

// Validate checks the facility and its residents and returns every problem
// at once.
func (f Facility) Validate() error {
	var ps housing.Problems
	ps.Merge("", f.Facility.Validate())
	for i, r := range f.Residents {
		ps.Merge(housing.Index("residents", i), r.Validate())
	}
	return ps.Err("invalid facility")
}

// Programme is a programme with the restrictions its units inherit (for
// example the Crema programme's households of at most 4 persons).
type Programme struct {
	housing.Programme
	// Restrictions apply to every unit of the programme, on top of the
	// facility's and the unit's own.
	Restrictions housing.Restrictions `json:"restrictions"`
}

// Validate checks the programme and returns every problem at once.
func (p Programme) Validate() error {
	var ps housing.Problems
	ps.Merge("", p.Programme.Validate())
	validateRestrictions(&ps, "restrictions", p.Restrictions)
	return ps.Err("invalid programme")
}

func validateRestrictions(ps *housing.Problems, prefix string, r housing.Restrictions) {
	if r.MinAge < 0 {
		ps.Add(housing.JoinPath(prefix, "min_age"), "%d is negative", r.MinAge)
	}
	if r.MaxAge < 0 {
		ps.Add(housing.JoinPath(prefix, "max_age"), "%d is negative", r.MaxAge)
	}
	if r.MaxAge > 0 && r.MinAge > r.MaxAge {
		ps.Add(housing.JoinPath(prefix, "max_age"), "%d is below min_age %d", r.MaxAge, r.MinAge)
	}
	if r.MaxHouseholdSize < 0 {
		ps.Add(housing.JoinPath(prefix, "max_household_size"), "%d is negative", r.MaxHouseholdSize)
	}
}

// Place is a unit with its context: the facility it stands in and the
// programme it belongs to (either may be nil). Constraints and scorers read
// units through it, so that a unit inherits its facility's and programme's
// restrictions, location and programme.
type Place struct {
	Unit      *housing.Unit
	Facility  *Facility
	Programme *Programme
	// Pool, for the capacitated mechanism, lists the identical beds of a
	// facility offered together; Unit is then a copy of the first with
	// Beds set to the pool's beds. Nil for a single unit.
	Pool []*housing.Unit

	// facts caches figures of the unit; set by Match on its own places.
	facts *placeFacts
	// rooms are the ids of a suite's rooms (a unit made of several rooms
	// of one facility, see Programme.SplitAcrossRooms); nil otherwise.
	rooms []string
}

// placeFacts are a unit's figures in hundredths, computed once per
// matching; ok is false when a figure is not a whole number of hundredths
// that fits comfortably in int64.
type placeFacts struct {
	areaCenti, costCenti int64
	areaOK, costOK       bool
	// rent and charges in cents, the key of the rent memo.
	rentKey   [2]int64
	rentKeyOK bool
}

func newPlaceFacts(u *housing.Unit) *placeFacts {
	f := &placeFacts{}
	f.areaCenti, f.areaOK = hundredths(u.AreaSqm)
	f.costCenti, f.costOK = hundredths(u.MonthlyCost())
	// 2 × cost × 12000 must fit int64 in RentBurden's fast path.
	f.costOK = f.costOK && f.costCenti < 1e12
	r, okR := hundredths(u.Rent)
	c, okC := hundredths(u.ServiceCharges)
	f.rentKey, f.rentKeyOK = [2]int64{r, c}, okR && okC
	return f
}

// hundredths returns d × 100 when it is a whole number below 10^15.
func hundredths(d decimal.Decimal) (int64, bool) {
	if d.IsZero() {
		return 0, true
	}
	if d.Exponent() < -2 || d.Exponent() > 10 || d.NumDigits() > 15 {
		return 0, false
	}
	v := d.Shift(2)
	if v.Exponent() < 0 || v.Abs().GreaterThanOrEqual(decimal.New(1, 15)) {
		return 0, false
	}
	return v.IntPart(), true
}

// UnitIDs returns the ids of the units of the place: the unit's, every
// bed of a pool, or every room of a suite.
func (p *Place) UnitIDs() []string {
	if p.rooms != nil {
		return slices.Clone(p.rooms)
	}
	if p.Pool == nil {
		return []string{p.Unit.ID}
	}
	ids := make([]string, len(p.Pool))
	for i, u := range p.Pool {
		ids[i] = u.ID
	}
	return ids
}

// preferenceRank returns the best rank of the place's units in the
// applicant's preferences, or -1.
func (p *Place) preferenceRank(a *Applicant) int {
	if p.Pool == nil {
		return a.PreferenceRank(p.Unit.ID)
	}
	best := -1
	for _, u := range p.Pool {
		if r := a.PreferenceRank(u.ID); r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	return best
}

// ProgrammeID returns the unit's programme, else its facility's.
func (p *Place) ProgrammeID() string {
	if p.Unit.ProgrammeID != "" {
		return p.Unit.ProgrammeID
	}
	if p.Facility != nil {
		return p.Facility.ProgrammeID
	}
	return ""
}

// Municipality returns the unit's municipality, else its facility's.
func (p *Place) Municipality() string {
	if p.Unit.Municipality != "" {
		return p.Unit.Municipality
	}
	if p.Facility != nil {
		return p.Facility.Municipality
	}
	return ""
}

// SubArea returns the unit's sub-area, else its facility's.
func (p *Place) SubArea() string {
	if p.Unit.SubArea != "" {
		return p.Unit.SubArea
	}
	if p.Facility != nil {
		return p.Facility.SubArea
	}
	return ""
}

// FacilityID returns the id of the unit's facility, or "".
func (p *Place) FacilityID() string { return p.Unit.FacilityID }

// Shared reports whether the unit's residents share spaces with other
// households (its facility is co-housing or has shared spaces).
func (p *Place) Shared() bool { return p.Facility.Shared() }

// Restrictions returns the restrictions that hold for the unit: its own,
// its facility's and its programme's together, the strictest of each:
// women-only and no-minors when any says so, the highest minimum age, the
// lowest maximum age and the lowest maximum household size that are set.
func (p *Place) Restrictions() housing.Restrictions {
	r := p.Unit.Restrictions
	if p.Facility != nil {
		r = stricter(r, p.Facility.Restrictions)
	}
	if p.Programme != nil {
		r = stricter(r, p.Programme.Restrictions)
	}
	return r
}

func stricter(a, b housing.Restrictions) housing.Restrictions {
	minPos := func(x, y int) int {
		switch {
		case x <= 0:
			return y
		case y <= 0:
			return x
		}
		return min(x, y)
	}
	return housing.Restrictions{
		WomenOnly:        a.WomenOnly || b.WomenOnly,
		NoMinors:         a.NoMinors || b.NoMinors,
		MinAge:           max(a.MinAge, b.MinAge),
		MaxAge:           minPos(a.MaxAge, b.MaxAge),
		MaxHouseholdSize: minPos(a.MaxHouseholdSize, b.MaxHouseholdSize),
	}
}

// Offer is what is on offer: the available units, the facilities they stand
// in and the programmes they belong to.
type Offer struct {
	Programmes []Programme    `json:"programmes,omitempty"`
	Facilities []Facility     `json:"facilities,omitempty"`
	Units      []housing.Unit `json:"units"`
}

// Validate checks every programme, facility and unit, that ids are unique,
// that each unit's facility is listed, and that the units of a facility fit
// its bed capacity (with the beds its residents occupy). It returns every
// problem at once with paths such as "units[3].beds".
func (o Offer) Validate() error {
	var ps housing.Problems
	o.validate(&ps)
	return ps.Err("invalid offer")
}

func (o Offer) validate(ps *housing.Problems) {
	progs := map[string]int{}
	for i, p := range o.Programmes {
		at := housing.Index("programmes", i)
		ps.Merge(at, p.Validate())
		if j, ok := progs[p.ID]; ok && p.ID != "" {
			ps.Add(housing.JoinPath(at, "id"), "programme %q is listed twice (first at programmes[%d])", p.ID, j)
		}
		progs[p.ID] = i
	}
	facs := map[string]int{}
	for i, f := range o.Facilities {
		at := housing.Index("facilities", i)
		ps.Merge(at, f.Validate())
		if j, ok := facs[f.ID]; ok && f.ID != "" {
			ps.Add(housing.JoinPath(at, "id"), "facility %q is listed twice (first at facilities[%d])", f.ID, j)
		}
		facs[f.ID] = i
		if f.ProgrammeID != "" && len(o.Programmes) > 0 {
			if _, ok := progs[f.ProgrammeID]; !ok {
				ps.Add(housing.JoinPath(at, "programme_id"), "programme %q is not listed in programmes", f.ProgrammeID)
			}
		}
	}
	units := map[string]int{}
	beds := map[string]int{}
	total, counted := 0, true // every unit's beds: pools and capacities are parts of it
	for i, u := range o.Units {
		at := housing.Index("units", i)
		ps.Merge(at, u.Validate())
		if j, ok := units[u.ID]; ok && u.ID != "" {
			ps.Add(housing.JoinPath(at, "id"), "unit %q is listed twice (first at units[%d])", u.ID, j)
		}
		units[u.ID] = i
		if u.FacilityID != "" {
			if _, ok := facs[u.FacilityID]; !ok {
				ps.Add(housing.JoinPath(at, "facility_id"), "facility %q is not listed in facilities", u.FacilityID)
			}
			beds[u.FacilityID] += u.Beds // a part of total, checked below
		}
		if counted {
			if total, counted = checked.Add(total, max(u.Beds, 0)); !counted {
				ps.Add(housing.JoinPath(at, "beds"), "%d beds: the units' beds add up to more than can be counted", u.Beds)
			}
		}
		if u.ProgrammeID != "" && len(o.Programmes) > 0 {
			if _, ok := progs[u.ProgrammeID]; !ok {
				ps.Add(housing.JoinPath(at, "programme_id"), "programme %q is not listed in programmes", u.ProgrammeID)
			}
		}
	}
	for i, f := range o.Facilities {
		if pi, ok := progs[f.ProgrammeID]; ok && f.ProgrammeID != "" {
			if limit := o.Programmes[pi].MaxFacilityBeds; limit > 0 {
				if f.BedCapacity > limit {
					ps.Add(housing.JoinPath(housing.Index("facilities", i), "bed_capacity"), "%d beds: programme %s allows at most %d beds per facility", f.BedCapacity, f.ProgrammeID, limit)
				} else if counted && beds[f.ID] > limit {
					ps.Add(housing.Index("facilities", i), "its units offer %d beds: programme %s allows at most %d beds per facility", beds[f.ID], f.ProgrammeID, limit)
				}
			}
		}
		occupied := 0
		for _, r := range f.Residents {
			occupied += r.Size()
		}
		if free := f.BedCapacity - occupied; counted && beds[f.ID] > free && f.BedCapacity > 0 {
			ps.Add(housing.Index("facilities", i), "its units offer %d beds, but only %d of its %d beds are free (%d taken by residents)",
				beds[f.ID], max(free, 0), f.BedCapacity, occupied)
		}
	}
}

// places returns the units with their context, sorted by unit id.
func (o *Offer) places() []Place {
	facs := map[string]*Facility{}
	for i := range o.Facilities {
		facs[o.Facilities[i].ID] = &o.Facilities[i]
	}
	progs := map[string]*Programme{}
	for i := range o.Programmes {
		progs[o.Programmes[i].ID] = &o.Programmes[i]
	}
	out := make([]Place, len(o.Units))
	for i := range o.Units {
		u := &o.Units[i]
		p := Place{Unit: u, Facility: facs[u.FacilityID]}
		p.Programme = progs[p.ProgrammeID()]
		out[i] = p
	}
	slices.SortStableFunc(out, func(a, b Place) int { return strings.Compare(a.Unit.ID, b.Unit.ID) })
	return out
}
