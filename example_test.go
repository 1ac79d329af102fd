package housingkit_test

import (
	"fmt"
	"os"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
)

// Example reads one of the example households, the way a vendor reads a
// form submitted by a case worker, and shows the facts the rules read.
func Example() {
	data, err := os.ReadFile("testdata/catania-transition-household-eviction.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := housing.ReadHousehold("household.json", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	on := housing.MustParseDate("2024-04-02")
	income, _ := h.AnnualIncome()
	fmt.Println("members:", h.Size(), "minors:", h.Minors(on))
	fmt.Println("income:", housing.FormatMoney(housing.Italian, income))
	fmt.Println("living situation:", h.LivingSituation, h.LivingSituation.Label(housing.English))
	fmt.Println("eviction order:", *h.Emergency.EvictionOrder)
	// Output:
	// members: 3 minors: 1
	// income: 4.800,00 €
	// living situation: 9.1 under threat of eviction (rented)
	// eviction order: true
}

// Example_eligibility is the README's shortest real use: is this household
// eligible for Crema's temporary hospitality, and why?
func Example_eligibility() {
	data, err := os.ReadFile("testdata/crema-household-family-of-four.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := housing.ReadHousehold("testdata/crema-household-family-of-four.json", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	rs, err := eligibility.Shipped("crema.ospitalita-temporanea")
	if err != nil {
		fmt.Println(err)
		return
	}
	ref := housing.Referral{ID: "r1", HouseholdID: h.ID, ProgrammeID: rs.ID(), Date: housing.MustParseDate("2025-02-20"),
		Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService},
		With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}}
	d, err := eligibility.Evaluate(rs, &h, housing.MustParseDate("2025-03-03"), eligibility.WithReferral(&ref))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome, d.Groups, d.Score.Total)
	for _, r := range d.Reasons[:3] {
		fmt.Println(r.Code, r.Status, "—", r.Message.In(housing.Italian))
	}
	// Output:
	// eligible [temporary_difficulty fragile_household] 7
	// lone_minor passed — Causa di esclusione non presente: minore senza adulti nel nucleo — da segnalare ai servizi per la tutela dei minori, non a un programma per nuclei familiari
	// at_least_one_income passed — Requisito soddisfatto: almeno un'entrata reddituale nel nucleo, anche se limitata o precaria
	// selected_by_social_service passed — Requisito soddisfatto: nucleo individuato dal servizio sociale comunale con l'Equipe Integrata Servizi Abitativi
}
