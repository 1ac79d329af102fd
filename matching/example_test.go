package matching_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/shopspring/decimal"
)

func person(born string, sex housing.Sex, role housing.Role, income string) housing.Member {
	m := housing.Member{Role: role, Person: housing.Person{BirthDate: housing.MustParseDate(born), Sex: sex, Incomes: []housing.IncomeSource{}}}
	if income != "" {
		m.Incomes = []housing.IncomeSource{{Kind: housing.IncomeEmployment, Annual: decimal.RequireFromString(income)}}
	}
	return m
}

// market is a small Catania market: a family of three under an eviction
// order, eligible for transition housing only; a mother with her son,
// eligible for transition housing and the social rental agency, who
// prefers the room; a 3-bed room of the transition facility and a 2-bed
// agency apartment.
func market() matching.Input {
	family := housing.Household{ID: "ct-at-2024-031", Residence: housing.Residence{Municipality: "Catania"}, Needs: housing.Needs{CanShare: housing.Bool(true)},
		Members: []housing.Member{
			person("1979-11-30", housing.SexMale, housing.RoleReference, "4800"),
			person("1983-02-28", housing.SexFemale, housing.RolePartner, ""),
			person("2016-02-29", housing.SexMale, housing.RoleChild, ""),
		}}
	mother := housing.Household{ID: "ct-asc-2024-090", Residence: housing.Residence{Municipality: "Catania"}, Needs: housing.Needs{CanShare: housing.Bool(true)},
		Members: []housing.Member{
			person("1990-05-17", housing.SexFemale, housing.RoleReference, "16000"),
			person("2012-09-09", housing.SexMale, housing.RoleChild, ""),
		}}
	facility := matching.Facility{Facility: housing.Facility{ID: "ct-at-01", ProgrammeID: "ct-alloggi-transizione", Municipality: "Catania",
		SubArea: "Librino", BedCapacity: 12, SharedSpaces: []housing.SharedSpace{housing.SharedKitchen}}}
	return matching.Input{
		Date: housing.MustParseDate("2025-03-01"),
		Applicants: []matching.Applicant{
			{Household: family, Programmes: []string{"ct-alloggi-transizione"}, Priority: 78, ReferredOn: housing.MustParseDate("2024-04-02")},
			{Household: mother, Programmes: []string{"ct-alloggi-transizione", "ct-habito-asc"}, Priority: 80, ReferredOn: housing.MustParseDate("2024-07-01"),
				Preferences: []string{"ct-at-01-r04"}},
		},
		Offer: matching.Offer{
			Facilities: []matching.Facility{facility},
			Units: []housing.Unit{
				{ID: "ct-at-01-r04", FacilityID: "ct-at-01", Kind: housing.UnitRoom, Beds: 3, AreaSqm: decimal.NewFromInt(20),
					Contract: housing.ContractConcession, AvailableFrom: housing.MustParseDate("2025-01-01")},
				{ID: "ct-asc-a01", ProgrammeID: "ct-habito-asc", Kind: housing.UnitApartment, Beds: 2, AreaSqm: decimal.NewFromInt(48),
					Rent: decimal.NewFromInt(330), ServiceCharges: decimal.NewFromInt(45), Contract: housing.ContractAgreedRent,
					AvailableFrom: housing.MustParseDate("2025-02-01"), Municipality: "Catania", SubArea: "Centro storico"},
			},
		},
	}
}

func show(res *matching.Result) {
	for _, p := range res.Proposals {
		fmt.Printf("%s → %s (score %d)\n", p.Household, strings.Join(p.Units, ", "), p.Score)
	}
	for _, u := range res.Unmatched {
		for _, r := range u.Reasons {
			fmt.Printf("%s: %s\n", u.Household, r.Text.EN)
		}
	}
}

// The optimal mechanism houses both households: the family takes the only
// unit it is eligible for, the mother the apartment, although she ranked
// the room first.
func ExampleMatch() {
	res, err := matching.Match(market(), matching.Options{Mechanism: matching.Optimal})
	if err != nil {
		fmt.Println(err)
		return
	}
	show(res)
	// Output:
	// ct-asc-2024-090 → ct-asc-a01 (score 8982)
	// ct-at-2024-031 → ct-at-01-r04 (score 9153)
}

// Serial dictatorship serves the ranked list in order: the mother (80)
// takes the room she prefers, and the family (78) is left out.
func ExampleMatch_priority() {
	res, err := matching.Match(market(), matching.Options{Mechanism: matching.SerialDictatorship})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("order:", strings.Join(res.Order, ", "))
	show(res)
	// Output:
	// order: ct-asc-2024-090, ct-at-2024-031
	// ct-asc-2024-090 → ct-at-01-r04 (score 9503)
	// ct-at-2024-031: feasible units: 1, proposed to households ranked higher (ct-asc-2024-090)
}

// The lottery draws the order with the seed; the draw is in the result so
// that an auditor can re-run it with mechanism.DrawOrder.
func ExampleMatch_lottery() {
	res, err := matching.Match(market(), matching.Options{Mechanism: matching.Lottery, Seed: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("seed %d (%s), drawn from %v: %v\n", res.Lottery.Seed, res.Lottery.Source, res.Lottery.Applicants, res.Lottery.Order)
	show(res)
	// Output:
	// seed 3 (ChaCha8), drawn from [ct-asc-2024-090 ct-at-2024-031]: [ct-at-2024-031 ct-asc-2024-090]
	// ct-asc-2024-090 → ct-asc-a01 (score 8982)
	// ct-at-2024-031 → ct-at-01-r04 (score 9153)
}

// In deferred acceptance the landlords rank the households. Here the
// transition facility prefers to fill its 3 beds, so it keeps the family;
// the mother, rejected, proposes to the apartment next. The result is
// stable: no household and landlord would rather pair up.
func ExampleMatch_deferredAcceptance() {
	fillBeds := func(a *matching.Applicant, p *matching.Place) int64 {
		return int64(a.Household.Size())
	}
	res, err := matching.Match(market(), matching.Options{Mechanism: matching.DeferredAcceptance, LandlordScore: fillBeds})
	if err != nil {
		fmt.Println(err)
		return
	}
	show(res)
	// Output:
	// ct-asc-2024-090 → ct-asc-a01 (score 8982)
	// ct-at-2024-031 → ct-at-01-r04 (score 9153)
}

// The capacitated mechanism pools the identical beds of a facility: a
// household of k members takes k beds of one facility. In a women-only
// facility of 3 beds, a mother with her son takes 2 and a woman alone 1;
// the two sisters, referred later, find one bed left.
func ExampleMatch_capacitated() {
	on := housing.MustParseDate("2025-03-01")
	f := matching.Facility{Facility: housing.Facility{ID: "ct-at-02", ProgrammeID: "ct-alloggi-transizione", Municipality: "Catania",
		BedCapacity: 3, Restrictions: housing.Restrictions{WomenOnly: true}}}
	var beds []housing.Unit
	for _, id := range []string{"b1", "b2", "b3"} {
		beds = append(beds, housing.Unit{ID: id, FacilityID: "ct-at-02", Kind: housing.UnitBed, Beds: 1,
			Contract: housing.ContractConcession, AvailableFrom: on})
	}
	hh := func(id string, members ...housing.Member) matching.Applicant {
		return matching.Applicant{Household: housing.Household{ID: id, Members: members, Residence: housing.Residence{Municipality: "Catania"}},
			Programmes: []string{"ct-alloggi-transizione"}, Priority: 50, ReferredOn: housing.MustParseDate("2025-01-10")}
	}
	in := matching.Input{Date: on, Offer: matching.Offer{Facilities: []matching.Facility{f}, Units: beds}, Applicants: []matching.Applicant{
		hh("mother", person("1990-05-17", housing.SexFemale, housing.RoleReference, "9000"), person("2012-09-09", housing.SexMale, housing.RoleChild, "")),
		hh("woman", person("1988-01-01", housing.SexFemale, housing.RoleReference, "")),
		hh("sisters", person("1970-01-01", housing.SexFemale, housing.RoleReference, ""), person("1972-01-01", housing.SexFemale, housing.RoleRelative, "")),
	}}
	in.Applicants[2].ReferredOn = housing.MustParseDate("2025-02-10")
	res, err := matching.Match(in, matching.Options{Mechanism: matching.Capacitated})
	if err != nil {
		fmt.Println(err)
		return
	}
	show(res)
	// Output:
	// mother → b1, b2 (score 6070)
	// woman → b3 (score 6070)
	// sisters: feasible units: 3, proposed to households ranked higher (mother, woman)
}

// Without a feasible unit, the reason counts how many units each
// constraint excluded. A rent check (here 30% of the gross monthly income,
// a stand-in for package rentcalc's sustainability assessment) excludes the
// apartment.
func ExampleMatch_reasons() {
	in := market()
	in.Applicants[1].Household.Members[0].Incomes[0].Annual = decimal.NewFromInt(12000)
	in.Applicants = in.Applicants[1:]
	in.Applicants[0].Household.Needs.CanShare = housing.Bool(false)
	thirtyPercent := func(h housing.Household, rent, charges decimal.Decimal, _ housing.Date) (bool, decimal.Decimal, error) {
		income, _ := h.AnnualIncome()
		maxRent := income.Div(decimal.NewFromInt(12)).Mul(decimal.RequireFromString("0.30")).Sub(charges).Round(2)
		return rent.LessThanOrEqual(maxRent), maxRent, nil
	}
	res, err := matching.Match(in, matching.Options{RentCheck: thirtyPercent})
	if err != nil {
		fmt.Println(err)
		return
	}
	show(res)
	res.WriteText(os.Stdout, housing.Italian)
	// Output:
	// ct-asc-2024-090: no feasible unit among 2 units (shared spaces: 1 unit; rent sustainability: 1 unit)
	// Abbinamento del 2025-03-01 — meccanismo: ottimo (punteggio complessivo massimo)
	// Metodo: esatto
	// Proposte: 0 nuclei su 1 (alloggi offerti: 2)
	// Punteggio complessivo: 0
	// Senza proposta: 1
	//   ct-asc-2024-090: nessun alloggio idoneo su 2 alloggi (spazi condivisi: 1 alloggio; sostenibilità del canone: 1 alloggio)
}

// ReadApplicants reads a households file strictly and reports every
// problem at once, each at its line and column.
func ExampleReadApplicants() {
	file := []byte(`applicants:
  - household:
      id: ct-at-2025-051
      members:
        - {role: reference, birth_date: 1988-06-01, sex: W, incomes: []}
      residence: {municipality: Catania}
      emergency: {}
      needs: {can_share: true}
    programmes: [ct-alloggi-transizione]
    priority: 40
    referred: 2025-02-01
`)
	_, err := matching.ReadApplicants("households.yaml", file)
	// Every problem at once, sorted by position: a typo'd key does not
	// hide an invalid value elsewhere.
	for _, p := range err.(*housing.Error).Problems {
		fmt.Println(p)
	}
	// Output:
	// households.yaml:2:5: applicants[0].referred_on: is required
	// households.yaml:5:58: applicants[0].household.members[0].sex: unknown value "W"; want one of F, M, X
	// households.yaml:11:5: applicants[0].referred: unknown key "referred"; want one of household, programmes, priority, referred_on, preferences, declined
}

// The area standard of D.M. 5 luglio 1975: 14 m² per person for the first
// four in an apartment, 10 m² for each further one; 9 m² for a single
// room, 14 m² for a double.
func ExampleAreaStandard_MinArea() {
	s := matching.DefaultAreaStandard
	for n := 1; n <= 6; n++ {
		fmt.Printf("%d persons: apartment %s m², room %s m²\n", n, s.MinArea(housing.UnitApartment, n), s.MinArea(housing.UnitRoom, n))
	}
	// Output:
	// 1 persons: apartment 14 m², room 9 m²
	// 2 persons: apartment 28 m², room 14 m²
	// 3 persons: apartment 42 m², room 19 m²
	// 4 persons: apartment 56 m², room 24 m²
	// 5 persons: apartment 66 m², room 29 m²
	// 6 persons: apartment 76 m², room 34 m²
}

// Households already placed may trade units by top trading cycles: the
// family of three, crowded in the 2-bed agency apartment, wants the 3-bed
// room, and the mother with her son, in that room, wants an apartment of
// her own; both move.
func ExampleTransfers() {
	in := market()
	family, mother := in.Applicants[0], in.Applicants[1]
	family.Preferences = []string{"ct-at-01-r04"}
	mother.Preferences = []string{"ct-asc-a01"}
	moves, err := matching.Transfers([]matching.Tenant{
		{Applicant: family, Unit: "ct-asc-a01"},
		{Applicant: mother, Unit: "ct-at-01-r04"},
	}, in.Offer, in.Date, matching.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range moves {
		fmt.Printf("%s: %s → %s\n", m.Household, m.From, m.To)
	}
	// Output:
	// ct-asc-2024-090: ct-at-01-r04 → ct-asc-a01
	// ct-at-2024-031: ct-asc-a01 → ct-at-01-r04
}

// A Matcher validates and prepares the stock once; each round then names
// the units on offer (indexes in the stock) and the applicants, validated
// by the caller when they joined the list, and gets Match's assignments
// without the explanations.
func ExampleMatcher() {
	in := market()
	m, err := matching.NewMatcher(in.Offer, matching.Options{Mechanism: matching.SerialDictatorship})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range in.Applicants {
		if err := a.Validate(); err != nil { // once, when the household joins the list
			fmt.Println(err)
			return
		}
	}
	for _, units := range [][]int{{0, 1}, {1}} {
		got, err := m.Assign(&matching.Round{Applicants: in.Applicants, Units: units, Date: in.Date})
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, a := range got {
			fmt.Printf("%s → %s\n", in.Applicants[a.Applicant].Household.ID, in.Offer.Units[a.Units[0]].ID)
		}
	}
	// Output:
	// ct-asc-2024-090 → ct-at-01-r04
	// ct-asc-2024-090 → ct-asc-a01
}

// ExampleSuiteUnit: two rooms of a facility let together to a household
// too large for either.
func ExampleSuiteUnit() {
	a := housing.Unit{ID: "ct-01-a", FacilityID: "ct-01", Kind: housing.UnitRoom, Beds: 2, AreaSqm: decimal.RequireFromString("14"),
		Rent: decimal.RequireFromString("120.00"), ServiceCharges: decimal.RequireFromString("20.00"), StepFree: true}
	b := housing.Unit{ID: "ct-01-b", FacilityID: "ct-01", Kind: housing.UnitRoom, Beds: 3, AreaSqm: decimal.RequireFromString("18"),
		Rent: decimal.RequireFromString("150.00"), ServiceCharges: decimal.RequireFromString("25.00")}
	u := matching.SuiteUnit([]*housing.Unit{&a, &b})
	fmt.Println(u.ID, u.Beds, u.AreaSqm, u.Rent.StringFixed(2), u.ServiceCharges.StringFixed(2), u.StepFree)
	// Output: ct-01-a+ct-01-b 5 32 270.00 45.00 false
}
