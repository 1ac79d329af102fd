package housing

import (
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// Role is a member's place in the household (relazione con l'intestatario).
type Role string

// The values of Role.
const (
	// RoleReference is the reference person (intestatario / richiedente);
	// a household has exactly one.
	RoleReference Role = "reference"
	RolePartner   Role = "partner"  // coniuge o convivente
	RoleChild     Role = "child"    // figlio/a
	RoleParent    Role = "parent"   // genitore
	RoleRelative  Role = "relative" // altro parente
	RoleOther     Role = "other"    // altro convivente
)

// Roles lists the values of Role.
var Roles = []Role{RoleReference, RolePartner, RoleChild, RoleParent, RoleRelative, RoleOther}

// Label returns the name of r in lang.
func (r Role) Label(lang language.Tag) string { return label(lang, "role", r) }

// Member is a person in a household with their role.
type Member struct {
	Role Role `json:"role"`
	Person
}

// DeclaredISEE is the household's ISEE as declared in its DSU (attestazione
// ISEE), with the date it was issued. Value is in euros per year.
type DeclaredISEE struct {
	Value decimal.Decimal `json:"value"`
	// IssuedOn is the date of the attestation; an ISEE is valid until 31
	// December of the year it was issued.
	IssuedOn Date `json:"issued_on"`
	// Current marks an ISEE corrente (updated after a drop of income).
	Current bool `json:"current,omitempty"`
}

// ValidOn reports whether the attestation is valid on d: issued on or before
// d and in the same calendar year (an ordinary ISEE expires on 31 December).
func (i DeclaredISEE) ValidOn(d Date) bool {
	return !i.IssuedOn.After(d) && i.IssuedOn.Year() == d.Year()
}

// Assets is the household's declared wealth (patrimonio), in euros.
type Assets struct {
	// Financial is movable wealth (patrimonio mobiliare): deposits, securities.
	Financial decimal.Decimal `json:"financial"`
	// RealEstate is the ISEE value of real estate (patrimonio immobiliare).
	RealEstate decimal.Decimal `json:"real_estate"`
}

// Residence is where the household is registered (residenza anagrafica).
type Residence struct {
	// Municipality is the comune's name or ISTAT code.
	Municipality string `json:"municipality"`
	// Region is the region's name (for example "Emilia-Romagna").
	Region string `json:"region,omitempty"`
	// Since is the date of registration in the municipality.
	Since Date `json:"since"`
}

// Ownership is the household's ownership of a dwelling (titolarità di
// diritti reali su un alloggio), which excludes from public housing when the
// dwelling is adequate.
type Ownership struct {
	// OwnsDwelling: some member owns (or has another real right on) a
	// dwelling in Italy.
	OwnsDwelling bool `json:"owns_dwelling"`
	// SharePercent is the largest share owned, 0–100.
	SharePercent int `json:"share_percent,omitempty"`
	// Adequate: the owned dwelling is adequate to the household.
	Adequate bool `json:"adequate,omitempty"`
}

// Emergency holds the housing-emergency facts that the Catania rules name
// (emergenza abitativa). A nil field means "not known".
type Emergency struct {
	// EvictionOrder: the dwelling is subject to an eviction order
	// (ordinanza di sgombero) or an enforceable eviction (sfratto esecutivo).
	EvictionOrder *bool `json:"eviction_order,omitempty"`
	// EvictionDate is when the order takes effect, if known.
	EvictionDate Date `json:"eviction_date,omitempty"`
	// TemporarySpace: living in spaces provided temporarily by social
	// services (spazi procurati temporaneamente dai Servizi Sociali).
	TemporarySpace *bool `json:"temporary_space,omitempty"`
	// ImproperDwelling: living in spaces improperly used as a dwelling, or
	// another precarious solution (spazi impropriamente adibiti ad alloggio).
	ImproperDwelling *bool `json:"improper_dwelling,omitempty"`
	// SafetyRisk: the current dwelling puts people's safety at risk (rischi
	// per l'incolumità delle persone).
	SafetyRisk *bool `json:"safety_risk,omitempty"`
}

// Household is the people who apply and live together (nucleo familiare),
// with the facts that eligibility, rent and matching rules read.
type Household struct {
	// ID identifies the household in the vendor's records.
	ID      string   `json:"id"`
	Members []Member `json:"members"`
	// ISEE is the declared ISEE; nil when not declared.
	ISEE *DeclaredISEE `json:"isee,omitempty"`
	// Assets is the declared wealth; nil when not declared.
	Assets    *Assets   `json:"assets,omitempty"`
	Residence Residence `json:"residence"`
	// WorkMunicipality is where the reference person works, for rules that
	// accept residence or work in the comune.
	WorkMunicipality string `json:"work_municipality,omitempty"`
	// LivingSituation is the current living situation coded with ETHOS.
	LivingSituation Ethos `json:"living_situation,omitempty"`
	// Ownership of a dwelling; nil when not known.
	Ownership *Ownership `json:"ownership,omitempty"`
	Emergency Emergency  `json:"emergency"`
	// CurrentRent is the monthly rent paid now, if any (canone attuale).
	CurrentRent *decimal.Decimal `json:"current_rent,omitempty"`
	// Needs lists what the household needs from a dwelling.
	Needs Needs `json:"needs"`
	// Assessment is what the referring team recorded about the household
	// as a whole; nil when nothing was recorded.
	Assessment *Assessment `json:"assessment,omitempty"`
	// PublicHousing is the household's position towards public housing
	// (ERP); nil when not known.
	PublicHousing *PublicHousingAccess `json:"public_housing,omitempty"`
}

// Assessment holds the judgements that a referring team records about a
// household as a whole (valutazione del nucleo), which the programme texts
// name as conditions of access. A nil field means "not assessed": the rules
// that read it are unknown, not false.
type Assessment struct {
	// TemporaryDifficulty: the household is in temporary difficulty finding
	// a dwelling on its own (difficoltà temporanea nel reperimento di un
	// alloggio in maniera autonoma — Crema).
	TemporaryDifficulty *bool `json:"temporary_difficulty,omitempty"`
	// Fragile: a fragile household, for whom an answer to its housing need
	// can resolve a moment of difficulty (nucleo familiare fragile — Crema).
	Fragile *bool `json:"fragile,omitempty"`
	// ExtremeHardship: the household is in extreme hardship (nucleo in
	// difficoltà estrema / in condizioni di disagio estremo — Ferrara).
	ExtremeHardship *bool `json:"extreme_hardship,omitempty"`
}

// PublicHousingAccess is the household's position towards public housing
// (edilizia residenziale pubblica, ERP): whether it can enter now.
type PublicHousingAccess struct {
	// AvailableNow: an ERP dwelling can be assigned to the household now (an
	// assignment or offer in hand); false when it cannot immediately access
	// public housing (non può immediatamente accedere all'ERP — Ferrara).
	AvailableNow *bool `json:"available_now,omitempty"`
	// RankingPosition is the household's position in the municipality's ERP
	// ranking (graduatoria ERP), 1 = first; nil when not ranked or unknown.
	RankingPosition *int `json:"ranking_position,omitempty"`
}

// Needs is what a household needs from a dwelling, read by matching.
type Needs struct {
	// StepFree: a member needs a dwelling without architectural barriers.
	StepFree bool `json:"step_free,omitempty"`
	// CanShare: the household accepts shared kitchen, bathrooms or living
	// spaces (transition housing, co-housing); nil when not asked.
	CanShare *bool `json:"can_share,omitempty"`
	// SubAreas lists the sub-areas or municipalities the household accepts;
	// empty means any.
	SubAreas []string `json:"sub_areas,omitempty"`
}

// Bool returns a pointer to b, for the facts that may be unknown (nil):
// Emergency{EvictionOrder: housing.Bool(true)}.
func Bool(b bool) *bool { return &b }

// Size returns the number of members.
func (h Household) Size() int { return len(h.Members) }

// Reference returns the reference person and true, or false when there is
// none.
func (h Household) Reference() (Member, bool) {
	for _, m := range h.Members {
		if m.Role == RoleReference {
			return m, true
		}
	}
	return Member{}, false
}

// CountAged returns how many members are at least min and at most max years
// old on d (max < 0 means no upper bound).
func (h Household) CountAged(d Date, min, max int) int {
	n := 0
	for _, m := range h.Members {
		a := m.AgeOn(d)
		if a >= min && (max < 0 || a <= max) {
			n++
		}
	}
	return n
}

// Minors returns how many members are under 18 on d.
func (h Household) Minors(d Date) int { return h.CountAged(d, 0, 17) }

// AnnualIncome returns the sum of all members' annual incomes, and whether
// it is known for every member.
func (h Household) AnnualIncome() (decimal.Decimal, bool) {
	sum, known := decimal.Zero, true
	for _, m := range h.Members {
		v, ok := m.AnnualIncome()
		if !ok {
			known = false
		}
		sum = sum.Add(v)
	}
	return sum, known
}

// IncomeCount returns how many income sources with a positive amount the
// household has, and whether incomes are declared for every member.
func (h Household) IncomeCount() (int, bool) {
	n, known := 0, true
	for _, m := range h.Members {
		if m.Incomes == nil {
			known = false
		}
		for _, in := range m.Incomes {
			if in.Annual.IsPositive() {
				n++
			}
		}
	}
	return n, known
}

// ResidenceYears returns whole years of residence in the municipality on d,
// and false when the date of registration is unknown.
func (h Household) ResidenceYears(d Date) (int, bool) {
	if h.Residence.Since.IsZero() {
		return 0, false
	}
	if h.Residence.Since.After(d) {
		return 0, true
	}
	return h.Residence.Since.YearsUntil(d), true
}

// MaxMembers is the most members a household may have: a larger one is
// refused by Validate (and so by ReadHousehold) as a mistake of the input.
const MaxMembers = 50

// checkCents records a problem when the amount at path has digits below the
// cent (trailing zeros, as in 12.50 or 12.500, are fine).
func checkCents(ps *Problems, path string, amount decimal.Decimal) {
	if !amount.Equal(amount.Round(2)) {
		ps.Add(path, "%s has digits below the cent; want euros and cents such as 650.00", amount)
	}
}

// Validate checks the household and returns every problem at once (code
// CodeInvalid), each with its field path, such as "members[2].birth_date".
func (h Household) Validate() error {
	var ps Problems
	h.validate(&ps, "")
	return ps.Err("invalid household")
}

// ValidateOn is Validate for a household considered on the date asOf: a
// birth date after asOf is a problem too.
func (h Household) ValidateOn(asOf Date) error {
	var ps Problems
	h.validate(&ps, "")
	h.checkBornBy(&ps, "", asOf)
	return ps.Err("invalid household")
}

// checkBornBy records a problem for each member born after asOf.
func (h Household) checkBornBy(ps *Problems, prefix string, asOf Date) {
	if asOf.IsZero() {
		return
	}
	for i, m := range h.Members {
		if m.BirthDate.After(asOf) {
			ps.Add(JoinPath(prefix, Index("members", i)+".birth_date"), "%s is after the date the household is considered on, %s", m.BirthDate, asOf)
		}
	}
}

func (h Household) validate(ps *Problems, prefix string) {
	at := func(f string) string { return JoinPath(prefix, f) }
	if h.ID == "" {
		ps.Add(at("id"), "is required")
	}
	if len(h.Members) == 0 {
		ps.Add(at("members"), "a household has at least one member")
	}
	if len(h.Members) > MaxMembers {
		ps.Add(at("members"), "%d members; a household has at most %d", len(h.Members), MaxMembers)
	}
	refs := 0
	for i, m := range h.Members {
		mp := at(Index("members", i))
		checkEnum(ps, JoinPath(mp, "role"), m.Role, true, Roles)
		if m.Role == RoleReference {
			refs++
		}
		m.Person.validate(ps, mp, Date{})
	}
	if len(h.Members) > 0 && refs != 1 {
		ps.Add(at("members"), "want exactly one member with role %q, found %d", RoleReference, refs)
	}
	if h.ISEE != nil {
		if h.ISEE.Value.IsNegative() {
			ps.Add(at("isee.value"), "ISEE %s is negative", h.ISEE.Value)
		}
		checkCents(ps, at("isee.value"), h.ISEE.Value)
		if h.ISEE.IssuedOn.IsZero() {
			ps.Add(at("isee.issued_on"), "is required with a declared ISEE")
		}
	}
	if h.Assets != nil {
		if h.Assets.Financial.IsNegative() {
			ps.Add(at("assets.financial"), "%s is negative", h.Assets.Financial)
		}
		if h.Assets.RealEstate.IsNegative() {
			ps.Add(at("assets.real_estate"), "%s is negative", h.Assets.RealEstate)
		}
		checkCents(ps, at("assets.financial"), h.Assets.Financial)
		checkCents(ps, at("assets.real_estate"), h.Assets.RealEstate)
	}
	if h.LivingSituation != "" && !h.LivingSituation.Valid() {
		ps.Add(at("living_situation"), "unknown ETHOS code %q; want an operational sub-category such as \"9.1\", or \"housed\"", string(h.LivingSituation))
	}
	if h.Ownership != nil && (h.Ownership.SharePercent < 0 || h.Ownership.SharePercent > 100) {
		ps.Add(at("ownership.share_percent"), "%d is outside 0..100", h.Ownership.SharePercent)
	}
	if h.CurrentRent != nil && h.CurrentRent.IsNegative() {
		ps.Add(at("current_rent"), "rent %s is negative", *h.CurrentRent)
	}
	if h.PublicHousing != nil && h.PublicHousing.RankingPosition != nil && *h.PublicHousing.RankingPosition < 1 {
		ps.Add(at("public_housing.ranking_position"), "%d is not a ranking position; want 1 or more", *h.PublicHousing.RankingPosition)
	}
	if h.CurrentRent != nil {
		checkCents(ps, at("current_rent"), *h.CurrentRent)
	}
	for i, m := range h.Members {
		if !h.Residence.Since.IsZero() && !m.BirthDate.IsZero() && h.Residence.Since.Before(m.BirthDate) && m.Role == RoleReference {
			ps.Add(at("residence.since"), "%s is before the reference person's birth date %s (members[%d])", h.Residence.Since, m.BirthDate, i)
		}
	}
}
