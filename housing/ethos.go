package housing

import (
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// EthosConcept is one of the four conceptual categories of the European
// typology of homelessness and housing exclusion ETHOS (FEANTSA), in the
// Italian translation of fio.PSD.
type EthosConcept string

// The four conceptual categories of ETHOS.
const (
	EthosRoofless   EthosConcept = "roofless"   // senza tetto
	EthosHouseless  EthosConcept = "houseless"  // senza casa
	EthosInsecure   EthosConcept = "insecure"   // sistemazioni insicure
	EthosInadequate EthosConcept = "inadequate" // sistemazioni inadeguate
)

// EthosConcepts lists the conceptual categories in ETHOS order.
var EthosConcepts = []EthosConcept{EthosRoofless, EthosHouseless, EthosInsecure, EthosInadequate}

// Label returns the name of c in lang.
func (c EthosConcept) Label(lang language.Tag) string { return label(lang, "ethos", c) }

// EthosCategory is an ETHOS operational category, 1 to 13.
type EthosCategory int

// EthosCategories lists the operational categories 1..13.
var EthosCategories = []EthosCategory{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}

// Concept returns the conceptual category that c belongs to.
func (c EthosCategory) Concept() EthosConcept {
	switch {
	case c >= 1 && c <= 2:
		return EthosRoofless
	case c >= 3 && c <= 7:
		return EthosHouseless
	case c >= 8 && c <= 10:
		return EthosInsecure
	case c >= 11 && c <= 13:
		return EthosInadequate
	}
	return ""
}

// Label returns the name of c in lang, or "" for a number outside 1..13.
func (c EthosCategory) Label(lang language.Tag) string {
	if c < 1 || c > 13 {
		return ""
	}
	return messages.Format(lang, "ethos.cat."+strconv.Itoa(int(c)))
}

// Ethos is a living situation coded with an ETHOS operational sub-category
// ("9.1": under threat of eviction from a rented dwelling), the code a
// household's current living situation (situazione abitativa attuale) is
// recorded with. Two values are not ETHOS codes: EthosHoused ("housed"),
// adequately housed, and the empty value, not known.
type Ethos string

// The ETHOS operational sub-categories, and the two extra values.
const (
	EthosLivingRough            Ethos = "1.1"  // public space or external space
	EthosNightShelter           Ethos = "2.1"  // night shelter
	EthosHomelessHostel         Ethos = "3.1"  // homeless hostel
	EthosTemporaryAccommodation Ethos = "3.2"  // temporary accommodation
	EthosTransitionalSupported  Ethos = "3.3"  // transitional supported accommodation
	EthosWomensShelter          Ethos = "4.1"  // women's shelter
	EthosMigrantReception       Ethos = "5.1"  // reception centre for migrants
	EthosMigrantWorkers         Ethos = "5.2"  // migrant workers' accommodation
	EthosLeavingPenal           Ethos = "6.1"  // due to leave a penal institution
	EthosLeavingMedical         Ethos = "6.2"  // due to leave a medical institution
	EthosLeavingChildrensHome   Ethos = "6.3"  // due to leave a children's home
	EthosOlderHomelessCare      Ethos = "7.1"  // residential care for older homeless people
	EthosSupportedHousing       Ethos = "7.2"  // supported accommodation for formerly homeless
	EthosWithFamilyFriends      Ethos = "8.1"  // temporarily with family or friends
	EthosNoLegalTenancy         Ethos = "8.2"  // no legal (sub)tenancy
	EthosIllegalOccupation      Ethos = "8.3"  // illegal occupation of land
	EthosEvictionRented         Ethos = "9.1"  // under threat of eviction, rented
	EthosRepossessionOwned      Ethos = "9.2"  // under threat of repossession, owned
	EthosThreatOfViolence       Ethos = "10.1" // under threat of violence
	EthosMobileHome             Ethos = "11.1" // mobile home
	EthosNonConventional        Ethos = "11.2" // non-conventional building
	EthosTemporaryStructure     Ethos = "11.3" // temporary structure
	EthosUnfitHousing           Ethos = "12.1" // dwelling unfit for habitation
	EthosExtremeOvercrowding    Ethos = "13.1" // extreme overcrowding
	EthosHoused                 Ethos = "housed"
)

// EthosCodes lists the 24 ETHOS operational sub-categories in order.
var EthosCodes = []Ethos{
	EthosLivingRough, EthosNightShelter,
	EthosHomelessHostel, EthosTemporaryAccommodation, EthosTransitionalSupported,
	EthosWomensShelter, EthosMigrantReception, EthosMigrantWorkers,
	EthosLeavingPenal, EthosLeavingMedical, EthosLeavingChildrensHome,
	EthosOlderHomelessCare, EthosSupportedHousing,
	EthosWithFamilyFriends, EthosNoLegalTenancy, EthosIllegalOccupation,
	EthosEvictionRented, EthosRepossessionOwned, EthosThreatOfViolence,
	EthosMobileHome, EthosNonConventional, EthosTemporaryStructure,
	EthosUnfitHousing, EthosExtremeOvercrowding,
}

// livingSituations are the values a household's living situation may take.
var livingSituations = append(append([]Ethos{}, EthosCodes...), EthosHoused)

// Category returns the operational category of e (9 for "9.1"), or 0 for
// "housed", "" and unknown codes.
func (e Ethos) Category() EthosCategory {
	head, _, ok := strings.Cut(string(e), ".")
	if !ok {
		return 0
	}
	n := 0
	for _, c := range head {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	if n < 1 || n > 13 {
		return 0
	}
	return EthosCategory(n)
}

// Concept returns the conceptual category of e, or "" when e is not an
// ETHOS code.
func (e Ethos) Concept() EthosConcept { return e.Category().Concept() }

// Valid reports whether e is one of the ETHOS sub-categories or "housed".
func (e Ethos) Valid() bool {
	for _, v := range livingSituations {
		if v == e {
			return true
		}
	}
	return false
}

// Label returns the name of e in lang.
func (e Ethos) Label(lang language.Tag) string { return label(lang, "ethos", e) }
