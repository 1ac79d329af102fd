package housing

import (
	"github.com/housingkit/housingkit/internal/checked"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// OwnerKind is the kind of body that offers a dwelling (soggetto
// proprietario), the list of the Housing Mix call for expressions of interest.
type OwnerKind string

// The values of OwnerKind.
const (
	OwnerPublicBody   OwnerKind = "public_body"   // ente pubblico
	OwnerMunicipality OwnerKind = "municipality"  // Comune
	OwnerASP          OwnerKind = "asp"           // Azienda pubblica di servizi alla persona
	OwnerERPCompany   OwnerKind = "erp_company"   // ALER, ACER, IACP: public-housing company
	OwnerHealthAgency OwnerKind = "health_agency" // ATS, ASST, ASL
	OwnerThirdSector  OwnerKind = "third_sector"  // ente del Terzo settore (ETS)
	OwnerChurch       OwnerKind = "church"        // Chiesa locale, congregazioni, istituti religiosi e secolari
	OwnerPrivate      OwnerKind = "private"       // privato cittadino
)

// OwnerKinds lists the values of OwnerKind.
var OwnerKinds = []OwnerKind{OwnerPublicBody, OwnerMunicipality, OwnerASP, OwnerERPCompany, OwnerHealthAgency, OwnerThirdSector, OwnerChurch, OwnerPrivate}

// Label returns the name of k in lang.
func (k OwnerKind) Label(lang language.Tag) string { return label(lang, "owner", k) }

// Owner is a body or person that offers dwellings (proprietario / locatore).
type Owner struct {
	ID   string    `json:"id"`
	Name string    `json:"name"`
	Kind OwnerKind `json:"kind"`
}

// Validate checks the owner and returns every problem at once.
func (o Owner) Validate() error {
	var ps Problems
	if o.ID == "" {
		ps.Add("id", "is required")
	}
	checkEnum(&ps, "kind", o.Kind, true, OwnerKinds)
	return ps.Err("invalid owner")
}

// SharedSpace is a space that residents of a facility share (spazio comune).
type SharedSpace string

// The values of SharedSpace.
const (
	SharedKitchen  SharedSpace = "kitchen"   // cucina
	SharedBathroom SharedSpace = "bathroom"  // servizi igienici
	SharedLiving   SharedSpace = "living"    // spazi di convivialità
	SharedLaundry  SharedSpace = "laundry"   // lavanderia
	SharedGarden   SharedSpace = "garden"    // giardino, orto
	SharedStudy    SharedSpace = "study"     // spazio studio o lavoro
	SharedPlayroom SharedSpace = "play_room" // spazio bambini
)

// SharedSpaces lists the values of SharedSpace.
var SharedSpaces = []SharedSpace{SharedKitchen, SharedBathroom, SharedLiving, SharedLaundry, SharedGarden, SharedStudy, SharedPlayroom}

// Label returns the name of s in lang.
func (s SharedSpace) Label(lang language.Tag) string { return label(lang, "shared", s) }

// Restrictions limit who may live in a facility or unit (vincoli di
// accoglienza). The zero value restricts nothing.
type Restrictions struct {
	// WomenOnly: only women, with their children (struttura per donne).
	WomenOnly bool `json:"women_only,omitempty"`
	// NoMinors: no members under 18.
	NoMinors bool `json:"no_minors,omitempty"`
	// MinAge and MaxAge bound every adult member's age; 0 means no bound.
	MinAge int `json:"min_age,omitempty"`
	MaxAge int `json:"max_age,omitempty"`
	// MaxHouseholdSize bounds the members of one household; 0 means none.
	MaxHouseholdSize int `json:"max_household_size,omitempty"`
}

func (r Restrictions) validate(ps *Problems, prefix string) {
	if r.MinAge < 0 {
		ps.Add(JoinPath(prefix, "min_age"), "%d is negative", r.MinAge)
	}
	if r.MaxAge < 0 {
		ps.Add(JoinPath(prefix, "max_age"), "%d is negative", r.MaxAge)
	}
	if r.MaxAge > 0 && r.MinAge > r.MaxAge {
		ps.Add(JoinPath(prefix, "max_age"), "%d is below min_age %d", r.MaxAge, r.MinAge)
	}
	if r.MaxHouseholdSize < 0 {
		ps.Add(JoinPath(prefix, "max_household_size"), "%d is negative", r.MaxHouseholdSize)
	}
}

// Facility is a building with a bed capacity (struttura), such as a
// transition-housing facility of at most 12 beds with private rooms and
// shared kitchen, bathrooms and living spaces, or a co-housing building.
// Its rooms or apartments are Units with the facility's ID.
type Facility struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	OwnerID     string `json:"owner_id,omitempty"`
	ProgrammeID string `json:"programme_id,omitempty"`
	Address     string `json:"address,omitempty"`
	// Municipality is the comune where the facility stands.
	Municipality string `json:"municipality"`
	// SubArea is the district's sub-area (for example "Delta Ferrarese").
	SubArea string `json:"sub_area,omitempty"`
	// BedCapacity is the number of beds (posti letto), at least 1.
	BedCapacity  int           `json:"bed_capacity"`
	SharedSpaces []SharedSpace `json:"shared_spaces,omitempty"`
	Restrictions Restrictions  `json:"restrictions"`
	// CoHousing marks separate housing modules with shared resources and
	// services (co-housing), where households' compatibility matters.
	CoHousing bool `json:"co_housing,omitempty"`
}

// Validate checks the facility and returns every problem at once.
func (f Facility) Validate() error {
	var ps Problems
	if f.ID == "" {
		ps.Add("id", "is required")
	}
	if f.Municipality == "" {
		ps.Add("municipality", "is required")
	}
	if f.BedCapacity < 1 {
		ps.Add("bed_capacity", "%d beds: a facility has at least 1", f.BedCapacity)
	}
	for i, s := range f.SharedSpaces {
		checkEnum(&ps, Index("shared_spaces", i), s, true, SharedSpaces)
	}
	f.Restrictions.validate(&ps, "restrictions")
	return ps.Err("invalid facility")
}

// ValidateUnits checks that the units of f fit it: each names f, and their
// beds add up to at most the bed capacity. It returns every problem at once,
// with paths "units[i]".
func (f Facility) ValidateUnits(units []Unit) error {
	var ps Problems
	beds, counted := 0, true
	for i, u := range units {
		if u.FacilityID != f.ID {
			ps.Add(Index("units", i)+".facility_id", "unit %q belongs to facility %q, not %q", u.ID, u.FacilityID, f.ID)
			continue
		}
		if counted {
			if beds, counted = checked.Add(beds, u.Beds); !counted {
				ps.Add(Index("units", i)+".beds", "%d beds: the units' beds add up to more than can be counted", u.Beds)
			}
		}
	}
	if counted && beds > f.BedCapacity {
		ps.Add("units", "the units have %d beds in all, more than the facility's capacity of %d", beds, f.BedCapacity)
	}
	return ps.Err("units do not fit facility " + f.ID)
}

// UnitKind is what a unit is: a whole apartment, a private room in a
// facility, or a single bed.
type UnitKind string

// The values of UnitKind.
const (
	UnitApartment UnitKind = "apartment" // appartamento
	UnitRoom      UnitKind = "room"      // stanza
	UnitBed       UnitKind = "bed"       // posto letto
)

// UnitKinds lists the values of UnitKind.
var UnitKinds = []UnitKind{UnitApartment, UnitRoom, UnitBed}

// Label returns the name of k in lang.
func (k UnitKind) Label(lang language.Tag) string { return label(lang, "unit_kind", k) }

// ContractKind is the contract under which a unit is offered.
type ContractKind string

// The values of ContractKind.
const (
	// ContractAgreedRent: lease at agreed rent (canone concordato, L.
	// 431/1998 art. 2 c. 3), 3 + 2 years.
	ContractAgreedRent ContractKind = "agreed_rent"
	// ContractModeratedRent: lease at moderated rent (canone moderato /
	// calmierato) of a social rental agency or public body.
	ContractModeratedRent ContractKind = "moderated_rent"
	// ContractTransitional: transitional lease (contratto transitorio, DM
	// 16/1/2017), at most 18 months with a stated reason.
	ContractTransitional ContractKind = "transitional"
	// ContractFreeLoan: free loan for use (comodato d'uso gratuito).
	ContractFreeLoan ContractKind = "free_loan"
	// ContractConcession: administrative concession or hospitality agreement
	// (concessione / accordo di ospitalità) of a municipal programme.
	ContractConcession ContractKind = "concession"
)

// ContractKinds lists the values of ContractKind.
var ContractKinds = []ContractKind{ContractAgreedRent, ContractModeratedRent, ContractTransitional, ContractFreeLoan, ContractConcession}

// Label returns the name of k in lang.
func (k ContractKind) Label(lang language.Tag) string { return label(lang, "contract", k) }

// Unit is a dwelling that can be offered (alloggio): an apartment, a room in
// a facility, or a bed. Amounts are monthly, in euros.
type Unit struct {
	ID string `json:"id"`
	// FacilityID names the facility the unit is in, if any; the unit then
	// inherits the facility's restrictions and shares its spaces.
	FacilityID  string   `json:"facility_id,omitempty"`
	ProgrammeID string   `json:"programme_id,omitempty"`
	OwnerID     string   `json:"owner_id,omitempty"`
	Kind        UnitKind `json:"kind"`
	// Beds is the number of beds (posti letto), at least 1.
	Beds int `json:"beds"`
	// Bedrooms is the number of bedrooms (camere da letto).
	Bedrooms int `json:"bedrooms,omitempty"`
	// AreaSqm is the floor area in square metres (superficie).
	AreaSqm decimal.Decimal `json:"area_sqm"`
	// StepFree: accessible without architectural barriers (senza barriere
	// architettoniche).
	StepFree bool `json:"step_free,omitempty"`
	// Rent is the monthly rent (canone mensile); zero for a free loan.
	Rent decimal.Decimal `json:"rent"`
	// ServiceCharges is the monthly service charges (spese condominiali e
	// accessorie).
	ServiceCharges decimal.Decimal `json:"service_charges"`
	Contract       ContractKind    `json:"contract"`
	// AvailableFrom and AvailableUntil bound when the unit can be let; a zero
	// AvailableUntil means open-ended.
	AvailableFrom  Date   `json:"available_from"`
	AvailableUntil Date   `json:"available_until,omitempty"`
	Municipality   string `json:"municipality,omitempty"`
	SubArea        string `json:"sub_area,omitempty"`
	// Restrictions of the unit itself, on top of its facility's.
	Restrictions Restrictions `json:"restrictions"`
}

// MonthlyCost returns rent plus service charges.
func (u Unit) MonthlyCost() decimal.Decimal { return u.Rent.Add(u.ServiceCharges) }

// AvailableOn reports whether the unit can be let on d.
func (u Unit) AvailableOn(d Date) bool {
	if !u.AvailableFrom.IsZero() && d.Before(u.AvailableFrom) {
		return false
	}
	return u.AvailableUntil.IsZero() || !d.After(u.AvailableUntil)
}

// Validate checks the unit and returns every problem at once.
func (u Unit) Validate() error {
	var ps Problems
	if u.ID == "" {
		ps.Add("id", "is required")
	}
	checkEnum(&ps, "kind", u.Kind, true, UnitKinds)
	checkEnum(&ps, "contract", u.Contract, true, ContractKinds)
	if u.Beds < 1 {
		ps.Add("beds", "%d beds: a unit has at least 1", u.Beds)
	}
	if u.Kind == UnitBed && u.Beds != 1 {
		ps.Add("beds", "a unit of kind bed has exactly 1 bed, not %d", u.Beds)
	}
	if u.Bedrooms < 0 {
		ps.Add("bedrooms", "%d is negative", u.Bedrooms)
	}
	if u.AreaSqm.IsNegative() {
		ps.Add("area_sqm", "%s is negative", u.AreaSqm)
	}
	if u.Rent.IsNegative() {
		ps.Add("rent", "rent %s is negative", u.Rent)
	}
	if u.ServiceCharges.IsNegative() {
		ps.Add("service_charges", "%s is negative", u.ServiceCharges)
	}
	checkCents(&ps, "rent", u.Rent)
	checkCents(&ps, "service_charges", u.ServiceCharges)
	if u.Contract == ContractFreeLoan && u.Rent.IsPositive() {
		ps.Add("rent", "a free loan (comodato) has no rent, got %s", u.Rent)
	}
	if u.AvailableFrom.IsZero() {
		ps.Add("available_from", "is required")
	}
	if !u.AvailableUntil.IsZero() && u.AvailableUntil.Before(u.AvailableFrom) {
		ps.Add("available_until", "%s is before available_from %s", u.AvailableUntil, u.AvailableFrom)
	}
	u.Restrictions.validate(&ps, "restrictions")
	return ps.Err("invalid unit")
}
