package matching

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// check runs one constraint on a household and a unit (with optional
// facility and programme) on the package's test day.
func check(t *testing.T, c Constraint, a Applicant, u housing.Unit, f *Facility, p *Programme) *Violation {
	t.Helper()
	v := c.Check(&a, &Place{Unit: &u, Facility: f, Programme: p}, day)
	if v != nil {
		assert.Equal(t, c.Code(), v.Code, "a violation carries its constraint's code")
		assert.True(t, messages.Has(v.Key), "key %q has a message", v.Key)
	}
	return v
}

func TestBeds(t *testing.T) {
	a := applicant(family("f", 1, "20000"), 10, "2024-01-01") // 3 members
	assert.Nil(t, check(t, Beds{}, a, apartment("u", 3, "60", "400"), nil, nil))
	v := check(t, Beds{}, a, apartment("u", 2, "60", "400"), nil, nil)
	require.NotNil(t, v)
	assert.Equal(t, []any{2, 3}, v.Args)
	assert.Equal(t, "the unit has 2 beds for 3 members", v.Message(housing.English))
	assert.Equal(t, "l'alloggio ha 2 posti letto per 3 componenti", v.Message(housing.Italian))

	// One bed, one member: the singular in both languages.
	v = check(t, Beds{}, a, apartment("u", 1, "60", "400"), nil, nil)
	require.NotNil(t, v)
	assert.Equal(t, housing.Text{IT: "l'alloggio ha 1 posto letto per 3 componenti", EN: "the unit has 1 bed for 3 members"}, v.Text())
	single := applicant(family("s", 0, "20000"), 10, "2024-01-01")
	single.Household.Members = single.Household.Members[:1]
	v = check(t, Beds{}, single, apartment("u", 0, "60", "400"), nil, nil)
	require.NotNil(t, v)
	assert.Equal(t, housing.Text{IT: "l'alloggio ha 0 posti letto per 1 componente", EN: "the unit has 0 beds for 1 member"}, v.Text())
}

func TestAreaStandard(t *testing.T) {
	s := DefaultAreaStandard
	for _, tc := range []struct {
		kind    housing.UnitKind
		persons int
		want    string
	}{
		{housing.UnitApartment, 1, "14"},
		{housing.UnitApartment, 4, "56"},
		{housing.UnitApartment, 5, "66"},
		{housing.UnitApartment, 6, "76"},
		{housing.UnitRoom, 1, "9"},
		{housing.UnitRoom, 2, "14"},
		{housing.UnitRoom, 3, "19"},
		{housing.UnitBed, 1, "0"},
	} {
		assert.True(t, s.MinArea(tc.kind, tc.persons).Equal(dec(tc.want)), "%s for %d: got %s want %s", tc.kind, tc.persons, s.MinArea(tc.kind, tc.persons), tc.want)
	}
}

func TestArea(t *testing.T) {
	c := Area{Standard: DefaultAreaStandard}
	four := applicant(family("f", 2, "20000"), 10, "2024-01-01")
	assert.Nil(t, check(t, c, four, apartment("u", 4, "56", "400"), nil, nil), "56 m² is exactly the minimum for 4")
	v := check(t, c, four, apartment("u", 4, "55.99", "400"), nil, nil)
	require.NotNil(t, v)
	assert.Equal(t, "floor area 55.99 m², below the minimum of 56 m² for 4 persons", v.Message(housing.English))
	assert.Equal(t, "superficie di 55,99 m², sotto il minimo di 56 m² per 4 persone", v.Message(housing.Italian))

	f := transition("ct-at-1")
	couple := applicant(family("c", 0, "20000"), 10, "2024-01-01")
	assert.Nil(t, check(t, c, couple, room("r", "ct-at-1", 2, "14"), &f, nil), "a double room of 14 m²")
	assert.NotNil(t, check(t, c, couple, room("r", "ct-at-1", 2, "13.5"), &f, nil))
	assert.Nil(t, check(t, c, couple, room("r", "ct-at-1", 2, "0"), &f, nil), "area not recorded")
}

func TestStepFree(t *testing.T) {
	h := single("s", "1950-05-05", housing.SexFemale, "8000")
	u := apartment("u", 1, "40", "300")
	assert.Nil(t, check(t, StepFree{}, applicant(h, 1, "2024-01-01"), u, nil, nil), "no need")
	h.Needs.StepFree = true
	assert.NotNil(t, check(t, StepFree{}, applicant(h, 1, "2024-01-01"), u, nil, nil))
	u.StepFree = true
	assert.Nil(t, check(t, StepFree{}, applicant(h, 1, "2024-01-01"), u, nil, nil))
}

func TestWomenOnlyInheritedFromFacility(t *testing.T) {
	f := transition("ct-at-1")
	f.Restrictions.WomenOnly = true
	u := room("r", "ct-at-1", 3, "20")
	mother := housing.Household{ID: "m", Residence: housing.Residence{Municipality: "Catania"}, Members: []housing.Member{
		member(housing.RoleReference, "1990-01-01", housing.SexFemale, "6000"),
		member(housing.RoleChild, "2007-03-02", housing.SexMale, ""), // 18 on 2025-03-02, the day after
	}}
	assert.Nil(t, check(t, WomenOnly{}, applicant(mother, 1, "2024-01-01"), u, &f, nil), "a mother with her 17-year-old son")
	mother.Members[1].BirthDate = d("2007-03-01") // 18 on the day
	v := check(t, WomenOnly{}, applicant(mother, 1, "2024-01-01"), u, &f, nil)
	require.NotNil(t, v)
	assert.Equal(t, []any{1}, v.Args)
	assert.Nil(t, check(t, WomenOnly{}, applicant(mother, 1, "2024-01-01"), u, nil, nil), "the unit alone is not restricted")
}

func TestNoMinorsFromProgramme(t *testing.T) {
	p := &Programme{Restrictions: housing.Restrictions{NoMinors: true}}
	h := family("f", 0, "20000")
	h.Members = append(h.Members, member(housing.RoleChild, "2007-03-01", housing.SexFemale, "")) // 18 on the day
	u := apartment("u", 4, "60", "400")
	assert.Nil(t, check(t, NoMinors{}, applicant(h, 1, "2024-01-01"), u, nil, p))
	h.Members[2].BirthDate = d("2007-03-02")
	v := check(t, NoMinors{}, applicant(h, 1, "2024-01-01"), u, nil, p)
	require.NotNil(t, v)
	assert.Equal(t, "no minors: the household has 1 minor", v.Message(housing.English))
	assert.Equal(t, "accoglienza senza minori: il nucleo ha 1 minore", v.Message(housing.Italian))
}

func TestAgeLimits(t *testing.T) {
	// Young people who have just come of age: 18 to 21 (a unit's own
	// restriction), children not counted.
	u := apartment("u", 2, "40", "300")
	u.Restrictions = housing.Restrictions{MinAge: 18, MaxAge: 21}
	young := single("y", "2003-03-01", housing.SexMale, "3000") // 22 on the day
	assert.NotNil(t, check(t, AgeLimits{}, applicant(young, 1, "2024-01-01"), u, nil, nil))
	young.Members[0].BirthDate = d("2003-03-02") // still 21
	assert.Nil(t, check(t, AgeLimits{}, applicant(young, 1, "2024-01-01"), u, nil, nil))
	young.Members = append(young.Members, member(housing.RoleChild, "2024-05-01", housing.SexFemale, ""))
	assert.Nil(t, check(t, AgeLimits{}, applicant(young, 1, "2024-01-01"), u, nil, nil), "a baby is not an adult member")
	older := single("o", "1960-01-01", housing.SexFemale, "9000")
	v := check(t, AgeLimits{}, applicant(older, 1, "2024-01-01"), u, nil, nil)
	require.NotNil(t, v)
	assert.Equal(t, []any{65, 21}, v.Args)
}

func TestHouseholdSizeStrictestWins(t *testing.T) {
	// Crema: households of at most 4 persons (programme); the facility says 6.
	p := &Programme{Restrictions: housing.Restrictions{MaxHouseholdSize: 4}}
	f := transition("f")
	f.Restrictions.MaxHouseholdSize = 6
	u := apartment("u", 6, "90", "400")
	assert.Nil(t, check(t, HouseholdSize{}, applicant(family("four", 2, "20000"), 1, "2024-01-01"), u, &f, p))
	v := check(t, HouseholdSize{}, applicant(family("five", 3, "20000"), 1, "2024-01-01"), u, &f, p)
	require.NotNil(t, v)
	assert.Equal(t, []any{5, 4}, v.Args)
}

func TestProgrammeMember(t *testing.T) {
	a := applicant(single("s", "1980-01-01", housing.SexMale, "9000"), 1, "2024-01-01", "ct-transizione")
	f := transition("ct-at-1")
	assert.Nil(t, check(t, ProgrammeMember{}, a, room("r", "ct-at-1", 1, "9"), &f, nil), "inherits ct-transizione from the facility")
	v := check(t, ProgrammeMember{}, a, apartment("u", 1, "30", "300"), nil, nil)
	require.NotNil(t, v)
	assert.Equal(t, []any{"ct-habito"}, v.Args)
	free := apartment("u", 1, "30", "300")
	free.ProgrammeID = ""
	assert.Nil(t, check(t, ProgrammeMember{}, a, free, nil, nil), "a unit of no programme is open to all")
}

func TestRentBoundary(t *testing.T) {
	// 30% of 18,000 / 12 = 450 for rent and charges: with 40 of charges,
	// a rent of 410 is the most.
	c := Rent{Assess: incomeShare("0.30")}
	a := applicant(single("s", "1980-01-01", housing.SexMale, "18000"), 1, "2024-01-01")
	assert.Nil(t, check(t, c, a, apartment("u", 1, "30", "410"), nil, nil))
	v := check(t, c, a, apartment("u", 1, "30", "410.01"), nil, nil)
	require.NotNil(t, v)
	assert.Equal(t, "rent of €410.01 plus charges of €40.00 is not sustainable for the household: the highest sustainable rent is €410.00", v.Message(housing.English))
	assert.Equal(t, "canone di 410,01 € più spese di 40,00 € non sostenibile per il nucleo: canone massimo sostenibile 410,00 €", v.Message(housing.Italian))

	free := apartment("u", 1, "30", "0")
	free.ServiceCharges = dec("0")
	free.Contract = housing.ContractFreeLoan
	a.Household.Members[0].Incomes = nil // not declared
	assert.Nil(t, check(t, c, a, free, nil, nil), "a free loan needs no rent check")
	v = check(t, c, a, apartment("u", 1, "30", "100"), nil, nil)
	require.NotNil(t, v)
	assert.Equal(t, "constraint.rent_unknown", v.Key)
	assert.Equal(t, "rent sustainability cannot be assessed: income not declared", v.Message(housing.English))
}

func TestLocation(t *testing.T) {
	h := single("s", "1980-01-01", housing.SexMale, "9000")
	f := transition("ct-at-1") // Catania, Librino
	u := room("r", "ct-at-1", 1, "9")
	a := applicant(h, 1, "2024-01-01")
	assert.Nil(t, check(t, Location{}, a, u, &f, nil), "no areas listed: any")
	a.Household.Needs.SubAreas = []string{"librino"}
	assert.Nil(t, check(t, Location{}, a, u, &f, nil), "sub-area inherited, case ignored")
	a.Household.Needs.SubAreas = []string{"Catania"}
	assert.Nil(t, check(t, Location{}, a, u, &f, nil), "municipality accepted")
	a.Household.Needs.SubAreas = []string{"Acireale", "Centro"}
	v := check(t, Location{}, a, u, &f, nil)
	require.NotNil(t, v)
	assert.Equal(t, []any{"Librino"}, v.Args)
}

func TestAvailability(t *testing.T) {
	a := applicant(single("s", "1980-01-01", housing.SexMale, "9000"), 1, "2024-01-01")
	u := apartment("u", 1, "30", "300")
	u.AvailableFrom = day
	assert.Nil(t, check(t, Availability{}, a, u, nil, nil), "available from the day itself")
	u.AvailableFrom, _ = day.AddDays(1)
	v := check(t, Availability{}, a, u, nil, nil)
	require.NotNil(t, v)
	assert.Equal(t, "the unit is available only from 2025-03-02", v.Message(housing.English))
	u.AvailableFrom = d("2024-01-01")
	u.AvailableUntil = day
	assert.Nil(t, check(t, Availability{}, a, u, nil, nil), "available until the day itself")
	u.AvailableUntil, _ = day.AddDays(-1)
	require.NotNil(t, check(t, Availability{}, a, u, nil, nil))
}

func TestSharing(t *testing.T) {
	f := transition("ct-at-1")
	h := single("s", "1980-01-01", housing.SexMale, "9000")
	h.Needs.CanShare = housing.Bool(false)
	a := applicant(h, 1, "2024-01-01")
	assert.NotNil(t, check(t, Sharing{}, a, room("r", "ct-at-1", 1, "9"), &f, nil))
	assert.Nil(t, check(t, Sharing{}, a, apartment("u", 1, "30", "300"), nil, nil))
	f.SharedSpaces = nil
	assert.Nil(t, check(t, Sharing{}, a, room("r", "ct-at-1", 1, "9"), &f, nil), "nothing shared")
	f.CoHousing = true
	assert.NotNil(t, check(t, Sharing{}, a, room("r", "ct-at-1", 1, "9"), &f, nil), "co-housing shares")
}

func TestCoHousingWithResidents(t *testing.T) {
	f := transition("ct-at-1")
	f.Residents = []housing.Household{single("resident", "1975-04-04", housing.SexMale, "7000")}
	c := CoHousing{Rule: CoHousingRule{SeparateMinors: true, ProtectVictims: true}.Check}
	u := room("r", "ct-at-1", 3, "20")
	fam := applicant(family("fam", 1, "15000"), 1, "2024-01-01")
	assert.Nil(t, check(t, CoHousing{Rule: DefaultCompatibility}, fam, u, &f, nil), "families and singles share by default")
	v := check(t, c, fam, u, &f, nil)
	require.NotNil(t, v)
	assert.Equal(t, "household fam, with minors, may not share spaces with resident, a single adult", v.Message(housing.English))
	// The same family turns compatible when its child comes of age.
	fam.Household.Members[2].BirthDate = d("2007-03-01")
	assert.Nil(t, check(t, c, fam, u, &f, nil))
	// A woman victim of violence and a resident man.
	w := single("w", "1990-01-01", housing.SexFemale, "6000")
	w.Members[0].VictimOfViolence = ptr(true)
	v = check(t, c, applicant(w, 1, "2024-01-01"), u, &f, nil)
	require.NotNil(t, v)
	assert.Equal(t, "cohousing.victim", v.Key)
	f.Residents[0].Members[0].Sex = housing.SexFemale
	assert.Nil(t, check(t, c, applicant(w, 1, "2024-01-01"), u, &f, nil))
	assert.Nil(t, check(t, CoHousing{Rule: CoHousingRule{}.Check}, fam, u, &f, nil), "no clause enabled")
}

func TestDeclined(t *testing.T) {
	a := applicant(single("s", "1980-01-01", housing.SexMale, "9000"), 1, "2024-01-01")
	a.Declined = []string{"u1"}
	assert.NotNil(t, check(t, Declined{}, a, apartment("u1", 1, "30", "300"), nil, nil))
	assert.Nil(t, check(t, Declined{}, a, apartment("u2", 1, "30", "300"), nil, nil))
}

func TestRestrictionsMerge(t *testing.T) {
	u := apartment("u", 2, "40", "300")
	u.Restrictions = housing.Restrictions{MinAge: 18, MaxAge: 30}
	f := transition("f")
	f.Restrictions = housing.Restrictions{WomenOnly: true, MinAge: 21, MaxAge: 0, MaxHouseholdSize: 3}
	p := &Programme{Restrictions: housing.Restrictions{MaxAge: 25, MaxHouseholdSize: 4}}
	got := (&Place{Unit: &u, Facility: &f, Programme: p}).Restrictions()
	assert.Equal(t, housing.Restrictions{WomenOnly: true, MinAge: 21, MaxAge: 25, MaxHouseholdSize: 3}, got)
}

func TestCatalogueCoversCodes(t *testing.T) {
	for _, c := range DefaultConstraints(incomeShare("0.3")) {
		assert.True(t, messages.Has("code."+c.Code()), c.Code())
	}
	for _, m := range Mechanisms {
		assert.True(t, messages.Has("mechanism."+string(m)), m)
	}
	for _, w := range DefaultScorers() {
		assert.True(t, messages.Has("scorer."+w.Scorer.Name()), w.Scorer.Name())
	}
}
