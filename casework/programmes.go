package casework

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/rentcalc"
)

// The identifiers of the five seed programmes.
const (
	ProgFerrara    = "ferrara-sud-est.housing-temporaneo"
	ProgCatania    = "catania.alloggi-di-transizione"
	ProgHabito     = "catania.habito-agenzia-casa"
	ProgCrema      = "crema.ospitalita-temporanea"
	ProgHousingMix = "lombardia.housing-mix"
)

// SeedProgrammes returns the five seed programmes as casework runs them,
// each with its shipped rule set: Ferrara's temporary housing (24 months,
// concession, the Ferrara list of services), Catania's transition housing
// (open-ended, rooms in facilities of at most 12 beds), Habito's social
// rental agency (agreed-rent leases 3+2, rent sustainability at 30% of
// income), Crema's temporary hospitality (12 + 12 months for proven
// reasons, at most 4 persons) and Housing Mix (co-housing by free loan).
func SeedProgrammes() []Programme {
	ferrara := []housing.Service{housing.ServiceRegistry, housing.ServiceSocial, housing.ServiceCommunityMedicine,
		housing.ServiceMentalHealth, housing.ServiceAddictions, housing.ServiceOccupationalHealth, housing.ServiceEducation,
		housing.ServiceJobPlacement, housing.ServicePsychological, housing.ServiceLegalAid, housing.ServiceCulturalMediation,
		housing.ServiceAssistedReturn, housing.ServiceComplementary, housing.ServiceCommunity}
	return []Programme{
		{Programme: housing.Programme{ID: ProgFerrara, District: "Distretto Sud-Est (Ferrara)",
			Name:      housing.Text{IT: "Housing temporaneo", EN: "Temporary housing"},
			RuleSetID: ProgFerrara, DurationPolicyID: "ferrara-sud-est.housing-temporaneo", Services: ferrara},
			Contract: housing.ContractConcession},
		{Programme: housing.Programme{ID: ProgCatania, District: "Città metropolitana di Catania",
			Name:      housing.Text{IT: "Alloggi di transizione", EN: "Transition housing"},
			RuleSetID: ProgCatania, DurationPolicyID: "catania.alloggi-di-transizione",
			Services: []housing.Service{housing.ServiceSocioEducational, housing.ServiceSocial}, MaxFacilityBeds: 12},
			Contract: housing.ContractConcession},
		{Programme: housing.Programme{ID: ProgHabito, District: "Città metropolitana di Catania",
			Name:      housing.Text{IT: "Habito — Agenzia sociale per la casa", EN: "Habito — social rental agency"},
			RuleSetID: ProgHabito, DurationPolicyID: "contract.agreed-rent",
			Services: []housing.Service{housing.ServiceJobPlacement, housing.ServiceCulturalMediation, housing.ServiceSocial}},
			Contract: housing.ContractAgreedRent, RentPolicy: rentcalc.PolicyLiguria30},
		{Programme: housing.Programme{ID: ProgCrema, District: "Comune di Crema",
			Name:      housing.Text{IT: "Ospitalità temporanea", EN: "Temporary hospitality"},
			RuleSetID: ProgCrema, DurationPolicyID: "crema.ospitalita-temporanea",
			Services: []housing.Service{housing.ServiceFinancialAdvice, housing.ServiceSocial}},
			Contract: housing.ContractConcession, Restrictions: housing.Restrictions{MaxHouseholdSize: 4}},
		{Programme: housing.Programme{ID: ProgHousingMix, District: "Ambito territoriale (Lombardia)",
			Name:      housing.Text{IT: "Housing Mix (co-housing)", EN: "Housing Mix (co-housing)"},
			RuleSetID: ProgHousingMix, DurationPolicyID: "contract.free-loan",
			Services: []housing.Service{housing.ServiceNeighbourhoodSupport, housing.ServiceSocial, housing.ServiceCommunity}},
			Contract: housing.ContractFreeLoan},
	}
}
