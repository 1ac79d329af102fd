package matching

import (
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// Constraint decides whether a unit is feasible for an applicant on a date.
// Check returns nil when it is, or a Violation saying why not. Code is the
// stable reason code the constraint reports (the Code of its violations),
// under which unmatched households' reasons count excluded units.
//
// A Constraint must be deterministic and safe for concurrent use (Match
// evaluates rows in parallel); it may read everything in the Applicant and
// the Place but must change nothing. Match never passes a nil Applicant or
// Place (it refuses nil constraints with CodeInvalid), and the constraints
// of this package require both.
type Constraint interface {
	Code() string
	Check(a *Applicant, p *Place, on housing.Date) *Violation
}

// Violation is why a unit is not feasible for an applicant: a stable Code
// (the constraint's), a message Key and the message's Args.
// It is data first, text second: Text renders it in Italian and English.
type Violation struct {
	Code string `json:"code"`
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// Text returns the violation's message in Italian and English.
func (v *Violation) Text() housing.Text { return text(v.Key, v.Args...) }

// Message returns the violation's message in lang.
func (v *Violation) Message(lang language.Tag) string { return sprintf(lang, v.Key, v.Args...) }

// tester is the fast path of the built-in constraints: ok reports what
// Check(…) == nil reports, without building the violation.
type tester interface {
	ok(a *Applicant, p *Place, on housing.Date) bool
}

// passes reports whether c accepts the pair, by its fast path when it has
// one.
func passes(c Constraint, a *Applicant, p *Place, on housing.Date) bool {
	if t, ok := c.(tester); ok {
		return t.ok(a, p, on)
	}
	return c.Check(a, p, on) == nil
}

func violation(code, key string, args ...any) *Violation {
	return &Violation{Code: code, Key: key, Args: args}
}

// The codes of the built-in constraints.
const (
	CodeBeds          = "beds"
	CodeArea          = "area"
	CodeStepFree      = "step_free"
	CodeWomenOnly     = "women_only"
	CodeNoMinors      = "no_minors"
	CodeAge           = "age"
	CodeHouseholdSize = "household_size"
	CodeProgramme     = "programme"
	CodeRent          = "rent"
	CodeLocation      = "location"
	CodeAvailability  = "availability"
	CodeSharing       = "sharing"
	CodeCoHousing     = "cohousing"
	CodeDeclined      = "declined"
)

// Beds requires at least one bed per member: the unit's beds must be at
// least the household's size. Every member counts, children included
// (there is no cot allowance).
type Beds struct{}

// Code returns CodeBeds.
func (Beds) Code() string { return CodeBeds }

// Check rejects a unit with fewer beds than members.
func (c Beds) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if c.ok(a, p, on) {
		return nil
	}
	return violation(CodeBeds, "constraint.beds", p.Unit.Beds, a.Household.Size())
}

func (Beds) ok(a *Applicant, p *Place, _ housing.Date) bool { return p.Unit.Beds >= a.Household.Size() }

// AreaStandard is a minimum floor area by number of persons. The default,
// DefaultAreaStandard, follows the Italian health-ministry standard for
// dwellings (D.M. Sanità 5 luglio 1975, art. 2): 14 m² of floor area per
// inhabitant for the first four and 10 m² for each further one; a bedroom
// of 9 m² for one person and 14 m² for two. The decree gives no figure for
// a room of three or more; RoomFurther (5 m² per further person) extends
// the 9 → 14 step and is a programme choice to confirm. Regional building
// codes may set other figures: pass your own standard.
type AreaStandard struct {
	// PerPerson is the area per person for the first FirstPersons members
	// of a household in an apartment.
	PerPerson    decimal.Decimal
	FirstPersons int
	// PerFurtherPerson is the area for each member beyond FirstPersons.
	PerFurtherPerson decimal.Decimal
	// RoomFirst is the area of a room (in a facility) for one person;
	// RoomFurther is added for each further person.
	RoomFirst   decimal.Decimal
	RoomFurther decimal.Decimal
}

// DefaultAreaStandard is D.M. 5 luglio 1975, art. 2 (see AreaStandard).
var DefaultAreaStandard = AreaStandard{
	PerPerson:        decimal.NewFromInt(14),
	FirstPersons:     4,
	PerFurtherPerson: decimal.NewFromInt(10),
	RoomFirst:        decimal.NewFromInt(9),
	RoomFurther:      decimal.NewFromInt(5),
}

// MinArea returns the minimum floor area in m² for persons living in a unit
// of kind k: per person for an apartment, per room for a room; a bed has no
// area of its own (zero).
func (s AreaStandard) MinArea(k housing.UnitKind, persons int) decimal.Decimal {
	if persons <= 0 {
		return decimal.Zero
	}
	switch k {
	case housing.UnitApartment:
		first := min(persons, s.FirstPersons)
		return s.PerPerson.Mul(decimal.NewFromInt(int64(first))).
			Add(s.PerFurtherPerson.Mul(decimal.NewFromInt(int64(persons - first))))
	case housing.UnitRoom:
		return s.RoomFirst.Add(s.RoomFurther.Mul(decimal.NewFromInt(int64(persons - 1))))
	}
	return decimal.Zero
}

// minAreaCenti is MinArea in hundredths of m² when every figure of the
// standard is a whole number of m² (the default); ok is false otherwise.
func (s AreaStandard) minAreaCenti(k housing.UnitKind, persons int) (int64, bool) {
	whole := func(d decimal.Decimal) (int64, bool) {
		if d.Exponent() != 0 || d.NumDigits() > 6 {
			return 0, false
		}
		return d.CoefficientInt64(), true
	}
	if persons <= 0 || persons > 1000 {
		return 0, false
	}
	switch k {
	case housing.UnitApartment:
		pp, ok1 := whole(s.PerPerson)
		pf, ok2 := whole(s.PerFurtherPerson)
		first := min(persons, s.FirstPersons)
		return 100 * (pp*int64(first) + pf*int64(persons-first)), ok1 && ok2 && first >= 0
	case housing.UnitRoom:
		rf, ok1 := whole(s.RoomFirst)
		rn, ok2 := whole(s.RoomFurther)
		return 100 * (rf + rn*int64(persons-1)), ok1 && ok2
	}
	return 0, true
}

// Area requires the unit's floor area to meet Standard for the household's
// size. A unit whose area is not recorded (zero) and a single bed pass: the
// Beds constraint still applies to them.
type Area struct {
	Standard AreaStandard
}

// Code returns CodeArea.
func (Area) Code() string { return CodeArea }

// Check rejects a unit smaller than the standard's minimum.
func (c Area) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if c.ok(a, p, on) {
		return nil
	}
	need := c.Standard.MinArea(p.Unit.Kind, a.Household.Size())
	return violation(CodeArea, "constraint.area", p.Unit.AreaSqm, need, a.Household.Size())
}

func (c Area) ok(a *Applicant, p *Place, _ housing.Date) bool {
	if p.Unit.AreaSqm.IsZero() {
		return true
	}
	if p.facts != nil && p.facts.areaOK {
		// Fast path in hundredths of m², exact, for whole standards.
		if need, ok := c.Standard.minAreaCenti(p.Unit.Kind, a.Household.Size()); ok {
			return p.facts.areaCenti >= need
		}
	}
	return !p.Unit.AreaSqm.LessThan(c.Standard.MinArea(p.Unit.Kind, a.Household.Size()))
}

// StepFree requires a unit without architectural barriers when the
// household needs one (Needs.StepFree).
type StepFree struct{}

// Code returns CodeStepFree.
func (StepFree) Code() string { return CodeStepFree }

// Check rejects a unit with barriers for a household that needs none.
func (c StepFree) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if c.ok(a, p, on) {
		return nil
	}
	return violation(CodeStepFree, "constraint.step_free")
}

func (StepFree) ok(a *Applicant, p *Place, _ housing.Date) bool {
	return !a.Household.Needs.StepFree || p.Unit.StepFree
}

// WomenOnly enforces a women-only restriction of the unit, its facility or
// its programme: every adult member (18 or over on the date) must be
// recorded as female; minors (the women's children) may be of any sex.
type WomenOnly struct{}

// Code returns CodeWomenOnly.
func (WomenOnly) Code() string { return CodeWomenOnly }

// Check rejects a household with an adult not recorded as female.
func (WomenOnly) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if !p.Restrictions().WomenOnly {
		return nil
	}
	n := 0
	for _, m := range a.Household.Members {
		if m.AgeOn(on) >= 18 && m.Sex != housing.SexFemale {
			n++
		}
	}
	if n > 0 {
		return violation(CodeWomenOnly, "constraint.women_only", n)
	}
	return nil
}

// NoMinors enforces a no-minors restriction: no member under 18 on the date.
type NoMinors struct{}

// Code returns CodeNoMinors.
func (NoMinors) Code() string { return CodeNoMinors }

// Check rejects a household with minors.
func (NoMinors) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if !p.Restrictions().NoMinors {
		return nil
	}
	if n := a.Household.Minors(on); n > 0 {
		return violation(CodeNoMinors, "constraint.no_minors", n)
	}
	return nil
}

// AgeLimits enforces the minimum and maximum ages of the restrictions on
// every adult member (18 or over on the date), as housing.Restrictions
// defines them; a bound of 0 is no bound.
type AgeLimits struct{}

// Code returns CodeAge.
func (AgeLimits) Code() string { return CodeAge }

// Check rejects a household with an adult outside the age bounds.
func (AgeLimits) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	r := p.Restrictions()
	if r.MinAge == 0 && r.MaxAge == 0 {
		return nil
	}
	for _, m := range a.Household.Members {
		age := m.AgeOn(on)
		if age < 18 {
			continue
		}
		if r.MinAge > 0 && age < r.MinAge {
			return violation(CodeAge, "constraint.age_min", age, r.MinAge)
		}
		if r.MaxAge > 0 && age > r.MaxAge {
			return violation(CodeAge, "constraint.age_max", age, r.MaxAge)
		}
	}
	return nil
}

// HouseholdSize enforces the maximum household size of the restrictions.
type HouseholdSize struct{}

// Code returns CodeHouseholdSize.
func (HouseholdSize) Code() string { return CodeHouseholdSize }

// Check rejects a household larger than the maximum.
func (c HouseholdSize) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if c.ok(a, p, on) {
		return nil
	}
	return violation(CodeHouseholdSize, "constraint.household_size", a.Household.Size(), p.Restrictions().MaxHouseholdSize)
}

func (HouseholdSize) ok(a *Applicant, p *Place, _ housing.Date) bool {
	r := p.Restrictions()
	return r.MaxHouseholdSize <= 0 || a.Household.Size() <= r.MaxHouseholdSize
}

// ProgrammeMember requires the unit's programme (its own, else its
// facility's) to be among the applicant's eligible programmes. A unit that
// belongs to no programme is open to every applicant.
type ProgrammeMember struct{}

// Code returns CodeProgramme.
func (ProgrammeMember) Code() string { return CodeProgramme }

// Check rejects a unit of a programme the household is not eligible for.
func (c ProgrammeMember) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if c.ok(a, p, on) {
		return nil
	}
	return violation(CodeProgramme, "constraint.programme", p.ProgrammeID())
}

func (ProgrammeMember) ok(a *Applicant, p *Place, _ housing.Date) bool {
	id := p.ProgrammeID()
	return id == "" || slices.Contains(a.Programmes, id)
}

// RentCheck assesses whether a household can sustain a monthly rent and
// service charges on a date. It returns whether it can, the highest monthly
// rent it could sustain with these charges, and an error when the
// assessment cannot be made (for example incomes not declared). It must be
// safe for concurrent use. SustainabilityCheck adapts package rentcalc's
// assessment.
type RentCheck func(h housing.Household, monthlyRent, charges decimal.Decimal, on housing.Date) (ok bool, maxRent decimal.Decimal, err error)

// Rent requires the rent to be sustainable for the household according to
// Assess. A unit without rent or charges (a free loan) passes without a
// check. When the check fails with an error the unit is not feasible, and
// the reason carries the error's message.
type Rent struct {
	Assess RentCheck
}

// Code returns CodeRent.
func (Rent) Code() string { return CodeRent }

// Check rejects an unsustainable rent.
func (c Rent) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	u := p.Unit
	if c.ok(a, p, on) {
		return nil
	}
	ok, maxRent, err := c.assess(a, p, on)
	if err != nil {
		return violation(CodeRent, "constraint.rent_unknown", housing.ErrorMessage(err))
	}
	if !ok {
		return violation(CodeRent, "constraint.rent", money(u.Rent), money(u.ServiceCharges), money(maxRent))
	}
	return nil
}

func (c Rent) ok(a *Applicant, p *Place, on housing.Date) bool {
	u := p.Unit
	if c.Assess == nil || (u.Rent.IsZero() && u.ServiceCharges.IsZero()) {
		return true
	}
	ok, _, err := c.assess(a, p, on)
	return ok && err == nil
}

// assess runs Assess, memoised per household by rent and charges during
// a matching (a RentCheck is deterministic).
func (c Rent) assess(a *Applicant, p *Place, on housing.Date) (bool, decimal.Decimal, error) {
	u := p.Unit
	if a.facts == nil || p.facts == nil || !p.facts.rentKeyOK {
		return c.Assess(a.Household, u.Rent, u.ServiceCharges, on)
	}
	key := p.facts.rentKey
	if res, hit := a.facts.rents[key]; hit {
		return res.ok, res.maxRent, res.err
	}
	ok, maxRent, err := c.Assess(a.Household, u.Rent, u.ServiceCharges, on)
	if a.facts.rents == nil {
		a.facts.rents = map[[2]int64]rentResult{}
	}
	a.facts.rents[key] = rentResult{ok, maxRent, err}
	return ok, maxRent, err
}

// Location requires the unit's sub-area or municipality (its own, else its
// facility's) to be among the household's accepted ones (Needs.SubAreas),
// compared without regard to case. An empty list accepts any place.
type Location struct{}

// Code returns CodeLocation.
func (Location) Code() string { return CodeLocation }

// Check rejects a unit outside the accepted sub-areas and municipalities.
func (Location) Check(a *Applicant, p *Place, _ housing.Date) *Violation {
	if len(a.Household.Needs.SubAreas) == 0 {
		return nil
	}
	if subAreaIndex(a, p) >= 0 {
		return nil
	}
	where := p.SubArea()
	if where == "" {
		where = p.Municipality()
	}
	return violation(CodeLocation, "constraint.location", where)
}

// subAreaIndex returns the index in Needs.SubAreas of the unit's sub-area
// or municipality, or -1.
func subAreaIndex(a *Applicant, p *Place) int {
	sub, mun := p.SubArea(), p.Municipality()
	for i, s := range a.Household.Needs.SubAreas {
		if (sub != "" && strings.EqualFold(s, sub)) || (mun != "" && strings.EqualFold(s, mun)) {
			return i
		}
	}
	return -1
}

// Availability requires the unit to be available on the date of the
// matching (housing.Unit.AvailableOn).
type Availability struct{}

// Code returns CodeAvailability.
func (Availability) Code() string { return CodeAvailability }

// Check rejects a unit not available on the date.
func (Availability) Check(_ *Applicant, p *Place, on housing.Date) *Violation {
	if p.Unit.AvailableOn(on) {
		return nil
	}
	if on.Before(p.Unit.AvailableFrom) {
		return violation(CodeAvailability, "constraint.available_from", p.Unit.AvailableFrom.String())
	}
	return violation(CodeAvailability, "constraint.available_until", p.Unit.AvailableUntil.String())
}

// Sharing requires a household that accepts shared spaces (Needs.CanShare)
// for a unit in a facility that is co-housing or has shared spaces.
type Sharing struct{}

// Code returns CodeSharing.
func (Sharing) Code() string { return CodeSharing }

// Check rejects a shared unit for a household that does not accept sharing
// or was not asked (Needs.CanShare nil): a shared kitchen is proposed only
// to those who said yes.
func (c Sharing) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if c.ok(a, p, on) {
		return nil
	}
	return violation(CodeSharing, "constraint.sharing")
}

func (Sharing) ok(a *Applicant, p *Place, _ housing.Date) bool {
	return !p.Shared() || (a.Household.Needs.CanShare != nil && *a.Household.Needs.CanShare)
}

// CoHousing requires the household to be compatible, by Rule, with every
// household already living in the unit's facility when residents share
// spaces. Compatibility with other households proposed into the same
// facility in the same matching is enforced by Match itself (see Options).
type CoHousing struct {
	Rule Compatibility
}

// Code returns CodeCoHousing.
func (CoHousing) Code() string { return CodeCoHousing }

// Check rejects a unit whose facility has a resident incompatible with the
// household.
func (c CoHousing) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if c.Rule == nil || !p.Shared() {
		return nil
	}
	for i := range p.Facility.Residents {
		r := &p.Facility.Residents[i]
		if v := c.Rule(&a.Household, r, on); v != nil {
			return v
		}
	}
	return nil
}

// Declined excludes the units the household declined before (for a pool of
// beds: the pool, when any of its beds was declined).
type Declined struct{}

// Code returns CodeDeclined.
func (Declined) Code() string { return CodeDeclined }

// Check rejects a unit the household declined.
func (c Declined) Check(a *Applicant, p *Place, on housing.Date) *Violation {
	if c.ok(a, p, on) {
		return nil
	}
	return violation(CodeDeclined, "constraint.declined")
}

func (Declined) ok(a *Applicant, p *Place, _ housing.Date) bool {
	if len(a.Declined) == 0 {
		return true
	}
	for _, id := range p.UnitIDs() {
		if slices.Contains(a.Declined, id) {
			return false
		}
	}
	return true
}

// DefaultConstraints returns the built-in constraints: programme,
// availability, beds, area (DefaultAreaStandard), step-free access,
// women-only, no minors, ages, household size, location, sharing,
// co-housing with the residents (DefaultCompatibility), rent (with check;
// omitted when check is nil) and units declined before.
//
// Order matters twice: Match stops checking a pair at its first failing
// constraint, so cheap and selective ones come first and the rent
// assessment, the costliest, last but one; and among constraints that
// excluded as many units, a reason lists them in this order.
func DefaultConstraints(check RentCheck) []Constraint {
	cs := []Constraint{
		ProgrammeMember{}, Availability{}, Beds{}, Area{Standard: DefaultAreaStandard}, StepFree{}, WomenOnly{}, NoMinors{},
		AgeLimits{}, HouseholdSize{}, Location{}, Sharing{}, CoHousing{Rule: DefaultCompatibility},
	}
	if check != nil {
		cs = append(cs, Rent{Assess: check})
	}
	return append(cs, Declined{})
}
