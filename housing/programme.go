package housing

import (
	"golang.org/x/text/language"
)

// Service is a service integrated with a stay, from the Ferrara list of
// services to integrate (servizi da integrare), plus the support the Crema
// and Catania programmes name.
type Service string

// The values of Service.
const (
	ServiceRegistry             Service = "registry"              // servizi anagrafici e altri servizi PA
	ServiceSocial               Service = "social"                // servizi sociali
	ServiceCommunityMedicine    Service = "community_medicine"    // medicina territoriale e di comunità
	ServiceMentalHealth         Service = "mental_health"         // salute mentale
	ServiceAddictions           Service = "addictions"            // dipendenze
	ServiceOccupationalHealth   Service = "occupational_health"   // medicina del lavoro
	ServiceEducation            Service = "education"             // istruzione e formazione
	ServiceJobPlacement         Service = "job_placement"         // inserimento occupazionale
	ServicePsychological        Service = "psychological"         // sostegno psicologico
	ServiceLegalAid             Service = "legal_aid"             // tutela legale
	ServiceCulturalMediation    Service = "cultural_mediation"    // mediazione linguistico culturale
	ServiceAssistedReturn       Service = "assisted_return"       // rimpatrio nel paese di origine
	ServiceComplementary        Service = "complementary"         // trasporto, babysitting…
	ServiceCommunity            Service = "community"             // associazionismo, vita di quartiere, volontariato
	ServiceFinancialAdvice      Service = "financial_advice"      // consulente di economia familiare (Crema)
	ServiceSocioEducational     Service = "socio_educational"     // accompagnamento socio-educativo (Catania)
	ServiceNeighbourhoodSupport Service = "neighbourhood_support" // relazioni di vicinato, co-housing
)

// Services lists the values of Service.
var Services = []Service{
	ServiceRegistry, ServiceSocial, ServiceCommunityMedicine, ServiceMentalHealth, ServiceAddictions,
	ServiceOccupationalHealth, ServiceEducation, ServiceJobPlacement, ServicePsychological, ServiceLegalAid,
	ServiceCulturalMediation, ServiceAssistedReturn, ServiceComplementary, ServiceCommunity,
	ServiceFinancialAdvice, ServiceSocioEducational, ServiceNeighbourhoodSupport,
}

// Label returns the name of s in lang.
func (s Service) Label(lang language.Tag) string { return label(lang, "service", s) }

// Programme is a temporary-housing programme (progetto / servizio
// abitativo) run by a district or municipality: its rule set decides who may
// enter, its duration policy how long a stay lasts.
type Programme struct {
	ID       string `json:"id"`
	Name     Text   `json:"name"`
	District string `json:"district"`
	// RuleSetID names the eligibility rule set (for example
	// "crema.ospitalita-temporanea").
	RuleSetID string `json:"ruleset_id"`
	// DurationPolicyID names the tenancy-duration policy.
	DurationPolicyID string    `json:"duration_policy_id"`
	Services         []Service `json:"services,omitempty"`
	// MaxFacilityBeds is the most beds a facility of the programme may
	// have, when the programme's text sets one (Catania's transition
	// housing: «una capienza massima ciascuna pari a 12 posti letto»); 0
	// means no limit. It is programme data, not a constant: offers and
	// facilities beyond it are invalid for the programme.
	MaxFacilityBeds int `json:"max_facility_beds,omitempty"`
	// SplitAcrossRooms: a household larger than the largest room of a
	// facility may be placed in several of its rooms (for example two
	// adjoining rooms of a transition facility), when the programme
	// allows it; false means one room or apartment per household.
	SplitAcrossRooms bool `json:"split_across_rooms,omitempty"`
}

// Validate checks the programme and returns every problem at once.
func (p Programme) Validate() error {
	var ps Problems
	if p.ID == "" {
		ps.Add("id", "is required")
	}
	if p.Name.IT == "" {
		ps.Add("name.it", "is required")
	}
	if p.Name.EN == "" {
		ps.Add("name.en", "is required")
	}
	if p.RuleSetID == "" {
		ps.Add("ruleset_id", "is required")
	}
	if p.DurationPolicyID == "" {
		ps.Add("duration_policy_id", "is required")
	}
	for i, s := range p.Services {
		checkEnum(&ps, Index("services", i), s, true, Services)
	}
	if p.MaxFacilityBeds < 0 {
		ps.Add("max_facility_beds", "%d is negative; 0 means no limit", p.MaxFacilityBeds)
	}
	return ps.Err("invalid programme")
}

// TeamKind is the kind of team that refers a household.
type TeamKind string

// The values of TeamKind.
const (
	// TeamMultidisciplinary: a multidisciplinary territorial team of social,
	// health and employment professionals (équipe territoriale
	// multidisciplinare), the only way into the Ferrara programme.
	TeamMultidisciplinary TeamKind = "multidisciplinary"
	// TeamSocialService: the municipal social service (servizio sociale
	// comunale).
	TeamSocialService TeamKind = "social_service"
	// TeamHousingAgency: a social rental agency's team (équipe dell'Agenzia
	// sociale per la casa).
	TeamHousingAgency TeamKind = "housing_agency"
	// TeamHealthService: a health service (servizio sanitario).
	TeamHealthService TeamKind = "health_service"
	// TeamThirdSector: a third-sector body (ente del Terzo settore).
	TeamThirdSector TeamKind = "third_sector"
	// TeamSelf: the household applied itself (domanda spontanea).
	TeamSelf TeamKind = "self"
	// TeamIntegratedHousing: a municipality's integrated housing-services
	// team (Equipe Integrata Servizi Abitativi — Crema), which selects
	// households together with the social service.
	TeamIntegratedHousing TeamKind = "integrated_housing"
)

// TeamKinds lists the values of TeamKind.
var TeamKinds = []TeamKind{TeamMultidisciplinary, TeamSocialService, TeamHousingAgency, TeamHealthService, TeamThirdSector, TeamSelf, TeamIntegratedHousing}

// Label returns the name of k in lang.
func (k TeamKind) Label(lang language.Tag) string { return label(lang, "team", k) }

// Team is a referring team (équipe inviante).
type Team struct {
	Name string   `json:"name"`
	Kind TeamKind `json:"kind"`
}

// Referral is a team's request that a household be taken in by a programme
// (segnalazione), with the personal record it comes with (scheda
// personalizzata) and the integrated case management it starts (presa in
// carico integrata).
type Referral struct {
	ID          string `json:"id"`
	HouseholdID string `json:"household_id"`
	ProgrammeID string `json:"programme_id"`
	Team        Team   `json:"team"`
	// With lists the teams that select the household together with Team
	// (for Crema, the social service «in collaborazione con l'Equipe
	// Integrata Servizi Abitativi»); empty for a referral by one team.
	With []Team `json:"with,omitempty"`
	Date Date   `json:"date"`
	// RecordRef is the reference of the personal record (scheda
	// personalizzata) in the case-management system.
	RecordRef string `json:"record_ref,omitempty"`
	// CaseManaged: the household is in integrated case management (presa
	// in carico integrata) of the referring services.
	CaseManaged bool   `json:"case_managed,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Validate checks the referral and returns every problem at once.
func (r Referral) Validate() error {
	var ps Problems
	if r.ID == "" {
		ps.Add("id", "is required")
	}
	if r.HouseholdID == "" {
		ps.Add("household_id", "is required")
	}
	if r.ProgrammeID == "" {
		ps.Add("programme_id", "is required")
	}
	if r.Team.Name == "" {
		ps.Add("team.name", "is required")
	}
	checkEnum(&ps, "team.kind", r.Team.Kind, true, TeamKinds)
	for i, t := range r.With {
		at := Index("with", i)
		if t.Name == "" {
			ps.Add(JoinPath(at, "name"), "is required")
		}
		checkEnum(&ps, JoinPath(at, "kind"), t.Kind, true, TeamKinds)
	}
	if r.Date.IsZero() {
		ps.Add("date", "is required")
	} else if r.Date.Year() < 1900 {
		ps.Add("date", "%s is before 1900", r.Date)
	}
	return ps.Err("invalid referral")
}

// Goal is one goal of a care plan (obiettivo del progetto individualizzato).
type Goal struct {
	Description string `json:"description"`
	Due         Date   `json:"due,omitempty"`
	// Achieved is the date the goal was reached; zero while open.
	Achieved Date `json:"achieved,omitempty"`
}

// ActivatedService is a service activated for the household by a care plan.
type ActivatedService struct {
	Service  Service `json:"service"`
	Start    Date    `json:"start"`
	End      Date    `json:"end,omitempty"`
	Provider string  `json:"provider,omitempty"`
}

// CarePlan is the individual project that comes with each stay (progetto
// individualizzato / personalizzato): its goals towards autonomy, the
// services activated, and the dates of its reviews.
type CarePlan struct {
	ID          string             `json:"id"`
	HouseholdID string             `json:"household_id"`
	TenancyID   string             `json:"tenancy_id,omitempty"`
	Keyworker   string             `json:"keyworker,omitempty"`
	Start       Date               `json:"start"`
	Goals       []Goal             `json:"goals"`
	Services    []ActivatedService `json:"services"`
	Reviews     []Date             `json:"reviews,omitempty"`
}

// Validate checks the care plan and returns every problem at once.
func (c CarePlan) Validate() error {
	var ps Problems
	if c.ID == "" {
		ps.Add("id", "is required")
	}
	if c.HouseholdID == "" {
		ps.Add("household_id", "is required")
	}
	if c.Start.IsZero() {
		ps.Add("start", "is required")
	}
	if len(c.Goals) == 0 {
		ps.Add("goals", "a care plan has at least one goal")
	}
	for i, g := range c.Goals {
		if g.Description == "" {
			ps.Add(Index("goals", i)+".description", "is required")
		}
		if !g.Achieved.IsZero() && g.Achieved.Before(c.Start) {
			ps.Add(Index("goals", i)+".achieved", "%s is before the plan's start %s", g.Achieved, c.Start)
		}
	}
	for i, s := range c.Services {
		sp := Index("services", i)
		checkEnum(&ps, sp+".service", s.Service, true, Services)
		if s.Start.IsZero() {
			ps.Add(sp+".start", "is required")
		}
		if !s.End.IsZero() && s.End.Before(s.Start) {
			ps.Add(sp+".end", "%s is before start %s", s.End, s.Start)
		}
	}
	for i, r := range c.Reviews {
		if r.Before(c.Start) {
			ps.Add(Index("reviews", i), "review %s is before the plan's start %s", r, c.Start)
		}
	}
	return ps.Err("invalid care plan")
}
