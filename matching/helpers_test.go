package matching

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

var day = housing.MustParseDate("2025-03-01")

func d(s string) housing.Date { return housing.MustParseDate(s) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ptr[T any](v T) *T { return &v }

// member returns a member with an annual employment income (empty for
// none).
func member(role housing.Role, born string, sex housing.Sex, income string) housing.Member {
	m := housing.Member{Role: role, Person: housing.Person{BirthDate: d(born), Sex: sex, Incomes: []housing.IncomeSource{}}}
	if income != "" {
		m.Incomes = []housing.IncomeSource{{Kind: housing.IncomeEmployment, Annual: dec(income)}}
	}
	return m
}

// single is a household of one adult.
func single(id string, born string, sex housing.Sex, income string) housing.Household {
	return housing.Household{
		ID:        id,
		Members:   []housing.Member{member(housing.RoleReference, born, sex, income)},
		Residence: housing.Residence{Municipality: "Catania"},
		Needs:     housing.Needs{CanShare: housing.Bool(true)},
	}
}

// family is two adults and n children born in 2015.
func family(id string, children int, income string) housing.Household {
	h := housing.Household{
		ID: id,
		Members: []housing.Member{
			member(housing.RoleReference, "1985-06-10", housing.SexMale, income),
			member(housing.RolePartner, "1987-09-02", housing.SexFemale, ""),
		},
		Residence: housing.Residence{Municipality: "Catania"},
		Needs:     housing.Needs{CanShare: housing.Bool(true)},
	}
	for i := 0; i < children; i++ {
		h.Members = append(h.Members, member(housing.RoleChild, "2015-01-15", housing.SexFemale, ""))
	}
	return h
}

func applicant(h housing.Household, priority int, referred string, programmes ...string) Applicant {
	if len(programmes) == 0 {
		programmes = []string{"ct-habito"}
	}
	return Applicant{Household: h, Priority: priority, ReferredOn: d(referred), Programmes: programmes}
}

// apartment is a moderated-rent apartment of the Catania agency.
func apartment(id string, beds int, area, rent string) housing.Unit {
	return housing.Unit{
		ID: id, ProgrammeID: "ct-habito", Kind: housing.UnitApartment, Beds: beds, Bedrooms: (beds + 1) / 2,
		AreaSqm: dec(area), Rent: dec(rent), ServiceCharges: dec("40"), Contract: housing.ContractModeratedRent,
		AvailableFrom: d("2025-01-01"), Municipality: "Catania", SubArea: "Centro",
	}
}

// room is a room of facility fac with free use (concession).
func room(id, fac string, beds int, area string) housing.Unit {
	return housing.Unit{
		ID: id, FacilityID: fac, Kind: housing.UnitRoom, Beds: beds, AreaSqm: dec(area),
		Rent: decimal.Zero, ServiceCharges: decimal.Zero, Contract: housing.ContractConcession, AvailableFrom: d("2025-01-01"),
	}
}

// transition is the Catania transition facility: 12 beds, shared kitchen.
func transition(id string) Facility {
	return Facility{Facility: housing.Facility{
		ID: id, Name: "Alloggio di transizione", ProgrammeID: "ct-transizione", Municipality: "Catania", SubArea: "Librino",
		BedCapacity: 12, SharedSpaces: []housing.SharedSpace{housing.SharedKitchen, housing.SharedBathroom, housing.SharedLiving},
	}}
}

// incomeShare is a test double of a rent check: rent plus charges at most
// share of the monthly gross income; the highest rent is share × income −
// charges, rounded to the cent.
func incomeShare(share string) RentCheck {
	s := dec(share)
	return func(h housing.Household, rent, charges decimal.Decimal, _ housing.Date) (bool, decimal.Decimal, error) {
		income, known := h.AnnualIncome()
		if !known {
			return false, decimal.Zero, housing.Errorf(housing.CodeInvalid, "test.income", "income not declared")
		}
		maxRent := income.Div(decimal.NewFromInt(12)).Mul(s).Sub(charges).Round(2)
		return rent.LessThanOrEqual(maxRent), maxRent, nil
	}
}
