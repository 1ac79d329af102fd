package matching

import (
	"fmt"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// transitionMarket is the Catania transition facility with 12 beds in six
// rooms, two agency apartments and one unit of another programme.
func transitionMarket() Offer {
	f := transition("ct-at-1")
	o := Offer{Facilities: []Facility{f}}
	for k, beds := range []int{1, 1, 2, 2, 3, 3} {
		o.Units = append(o.Units, room(fmt.Sprintf("ct-at-1-r%d", k+1), "ct-at-1", beds, fmt.Sprint(9+5*(beds-1)+k%2)))
	}
	o.Units = append(o.Units, apartment("asc-1", 4, "60", "420"), apartment("asc-2", 3, "50", "390"))
	other := apartment("hm-1", 5, "80", "300")
	other.ProgrammeID = "lo-housing-mix"
	o.Units = append(o.Units, other)
	return o
}

func TestReasonsNoFeasibleUnitCounts(t *testing.T) {
	// Six members, income 9,000: no unit has 6 beds; rents above 30% of
	// 750/month; the mix unit is of another programme; rooms 3-6 are too
	// small too.
	big := family("big", 4, "9000")
	in := Input{Date: day, Offer: transitionMarket(), Applicants: []Applicant{
		applicant(big, 50, "2024-02-01", "ct-transizione", "ct-habito"),
	}}
	res, err := Match(in, Options{RentCheck: incomeShare("0.30")})
	require.NoError(t, err)
	require.Len(t, res.Unmatched, 1)
	rs := res.Unmatched[0].Reasons
	require.Len(t, rs, 1)
	r := rs[0]
	assert.Equal(t, ReasonNoFeasibleUnit, r.Code)
	assert.Equal(t, 9, r.Units)
	got := map[string]int{}
	var order []string
	for _, e := range r.Exclusions {
		got[e.Code] = e.Units
		order = append(order, e.Code)
	}
	// Every unit lacks beds; every room (9–20 m²) and both apartments
	// (60 < 76, 50 < 76 m² for 6) are too small, the mix unit (80 m²) is
	// not; the three rented apartments fail the rent check; one unit is
	// of another programme.
	assert.Equal(t, map[string]int{CodeBeds: 9, CodeArea: 8, CodeRent: 3, CodeProgramme: 1}, got)
	assert.Equal(t, []string{CodeBeds, CodeArea, CodeRent, CodeProgramme}, order, "most units first")
	assert.Equal(t, "no feasible unit among 9 units (beds: 9 units; floor area: 8 units; rent sustainability: 3 units; programme: 1 unit)", r.Text.EN)
	assert.Equal(t, "nessun alloggio idoneo su 9 alloggi (posti letto: 9 alloggi; superficie: 8 alloggi; sostenibilità del canone: 3 alloggi; progetto: 1 alloggio)", r.Text.IT)
}

func TestReasonsOutrankedAndDeclined(t *testing.T) {
	// Two singles for the transition programme and one step-free room
	// that both can take; the higher-ranked one needs it, the other
	// declined the only other room.
	r2 := room("r2", "ct-at-1", 1, "10")
	r2.StepFree = true
	o := Offer{Facilities: []Facility{transition("ct-at-1")}, Units: []housing.Unit{room("r1", "ct-at-1", 1, "9"), r2}}
	hi := applicant(single("hi", "1970-01-01", housing.SexMale, "9000"), 80, "2024-05-01", "ct-transizione")
	hi.Household.Needs.StepFree = true
	hi.Preferences = []string{"r2"}
	lo := applicant(single("lo", "1972-01-01", housing.SexMale, "9000"), 30, "2024-01-01", "ct-transizione")
	lo.Declined = []string{"r1"}
	for _, mech := range []Mechanism{Optimal, SerialDictatorship, DeferredAcceptance, Capacitated} {
		res, err := Match(Input{Date: day, Offer: o, Applicants: []Applicant{lo, hi}}, Options{Mechanism: mech})
		require.NoError(t, err)
		require.Len(t, res.Proposals, 1, mech)
		assert.Equal(t, Proposal{Household: "hi", Units: []string{"r2"}, Facility: "ct-at-1", Programme: "ct-transizione", PreferenceRank: 1,
			Score: res.Proposals[0].Score, Parts: res.Proposals[0].Parts}, res.Proposals[0], mech)
		require.Len(t, res.Unmatched, 1)
		rs := res.Unmatched[0].Reasons
		require.Len(t, rs, 2, mech)
		assert.Equal(t, ReasonDeclinedBefore, rs[0].Code)
		assert.Equal(t, []string{"r1"}, rs[0].UnitIDs)
		assert.Equal(t, "declined before units that would be feasible: r1", rs[0].Text.EN)
		assert.Equal(t, ReasonOutranked, rs[1].Code)
		assert.Equal(t, []string{"r2"}, rs[1].UnitIDs)
		assert.Equal(t, []string{"hi"}, rs[1].Households)
	}
	res, err := Match(Input{Date: day, Offer: o, Applicants: []Applicant{lo, hi}}, Options{Mechanism: DeferredAcceptance})
	require.NoError(t, err)
	assert.Equal(t, "feasible units: 1, proposed to households the landlord prefers (hi)", res.Unmatched[0].Reasons[1].Text.EN)
}

func TestReasonAssignedElsewhere(t *testing.T) {
	// A (priority 20, needs step-free access) and B (priority 10) both
	// fit the one unit, which B ranked first. With priority weighted 1 and
	// a first choice worth 5 × 10, B scores 60 against A's 20: the optimal
	// mechanism houses B, and A learns the unit went to a household ranked
	// after it for a greater total score.
	a := applicant(single("A", "1980-01-01", housing.SexMale, "20000"), 20, "2024-01-01")
	a.Household.Needs.StepFree = true
	b := applicant(single("B", "1980-01-01", housing.SexMale, "20000"), 10, "2024-01-01")
	b.Preferences = []string{"u1"}
	u1 := apartment("u1", 1, "30", "300")
	u1.StepFree = true
	in := Input{Date: day, Applicants: []Applicant{a, b}, Offer: Offer{Units: []housing.Unit{u1}}}
	res, err := Match(in, Options{Scorers: []Weighted{{Priority{}, 1}, {Preference{Slots: 5}, 10}}})
	require.NoError(t, err)
	require.Len(t, res.Proposals, 1)
	assert.Equal(t, "B", res.Proposals[0].Household)
	assert.Equal(t, int64(60), res.Proposals[0].Score)
	r := res.Unmatched[0].Reasons
	require.Len(t, r, 1)
	assert.Equal(t, ReasonAssignedElsewhere, r[0].Code)
	assert.Equal(t, []string{"B"}, r[0].Households)
	assert.Equal(t, "alloggi idonei: 1, proposti ad altri nuclei nell'abbinamento di punteggio complessivo massimo (B)", r[0].Text.IT)
}

func TestCoHousingRepairWithinTheRun(t *testing.T) {
	// A woman victim of violence (priority 90) and a family with a father
	// (priority 70) both fit the transition facility; an apartment of the
	// agency fits the family too. The family may not share the kitchen
	// with her, so it gets the apartment, or nothing when there is none.
	w := single("w", "1990-01-01", housing.SexFemale, "6000")
	w.Members[0].VictimOfViolence = ptr(true)
	vic := applicant(w, 90, "2025-01-10", "ct-transizione")
	fam := applicant(family("fam", 1, "30000"), 70, "2024-06-01", "ct-transizione", "ct-habito")
	fam.Preferences = []string{"r3"}
	o := Offer{Facilities: []Facility{transition("ct-at-1")}, Units: []housing.Unit{
		room("r1", "ct-at-1", 1, "9"), room("r3", "ct-at-1", 3, "20"), apartment("asc-1", 3, "60", "400"),
	}}
	for _, mech := range Mechanisms {
		res, err := Match(Input{Date: day, Offer: o, Applicants: []Applicant{fam, vic}}, Options{Mechanism: mech, Seed: 7})
		require.NoError(t, err)
		got := map[string]string{}
		for _, p := range res.Proposals {
			got[p.Household] = p.Units[0]
		}
		if mech == Lottery && res.Order[0] == "fam" {
			// The family drew first and took r3: the woman loses the
			// facility.
			assert.Equal(t, map[string]string{"fam": "r3"}, got, mech)
			continue
		}
		assert.Equal(t, map[string]string{"w": "r1", "fam": "asc-1"}, got, mech)
	}
	o.Units = o.Units[:2]
	res, err := Match(Input{Date: day, Offer: o, Applicants: []Applicant{fam, vic}}, Options{Mechanism: SerialDictatorship})
	require.NoError(t, err)
	require.Len(t, res.Unmatched, 1)
	assert.Equal(t, 2, res.Rounds)
	r := res.Unmatched[0].Reasons
	require.Len(t, r, 1)
	assert.Equal(t, ReasonIncompatible, r[0].Code)
	assert.Equal(t, []string{"r3"}, r[0].UnitIDs)
	assert.Equal(t, []string{"w"}, r[0].Households)
	assert.Equal(t, "feasible units: 1, excluded as incompatible to live with w: household w, with a victim of violence, may not share spaces with fam, which includes an adult man", r[0].Text.EN)
}

func TestCapacitatedPoolsBeds(t *testing.T) {
	// A dormitory-style facility: 12 identical beds. Households of 3, 4,
	// 2, 2 and 1 (12 beds in all with one of 3 too many: 3+4+2+2+1 = 12).
	f := transition("ct-at-2")
	f.SharedSpaces = nil // no shared spaces: compatibility does not apply
	o := Offer{Facilities: []Facility{f}}
	for k := 1; k <= 12; k++ {
		o.Units = append(o.Units, housing.Unit{ID: fmt.Sprintf("b%02d", k), FacilityID: "ct-at-2", Kind: housing.UnitBed, Beds: 1,
			Rent: dec("0"), ServiceCharges: dec("0"), Contract: housing.ContractConcession, AvailableFrom: d("2025-01-01")})
	}
	apps := []Applicant{
		applicant(family("f3", 1, "9000"), 70, "2024-01-01", "ct-transizione"),
		applicant(family("f4", 2, "9000"), 60, "2024-01-01", "ct-transizione"),
		applicant(family("f2a", 0, "9000"), 50, "2024-01-01", "ct-transizione"),
		applicant(family("f2b", 0, "9000"), 40, "2024-01-01", "ct-transizione"),
		applicant(single("s1", "1980-01-01", housing.SexMale, "9000"), 30, "2024-01-01", "ct-transizione"),
		applicant(single("s2", "1981-01-01", housing.SexMale, "9000"), 20, "2024-01-01", "ct-transizione"),
	}
	res, err := Match(Input{Date: day, Offer: o, Applicants: apps}, Options{Mechanism: Capacitated})
	require.NoError(t, err)
	beds := map[string][]string{}
	for _, p := range res.Proposals {
		beds[p.Household] = p.Units
	}
	// Six households need 13 beds; housing five is the most. Leaving out
	// a single (s2, the lowest score) keeps the most score.
	assert.Equal(t, map[string][]string{
		"f3": {"b01", "b02", "b03"}, "f4": {"b04", "b05", "b06", "b07"}, "f2a": {"b08", "b09"}, "f2b": {"b10", "b11"}, "s1": {"b12"},
	}, beds)
	require.Len(t, res.Unmatched, 1)
	assert.Equal(t, "s2", res.Unmatched[0].Household)
	assert.Equal(t, ReasonOutranked, res.Unmatched[0].Reasons[0].Code)
	assert.Equal(t, 12, res.Unmatched[0].Reasons[0].Units)
	assert.Contains(t, res.Method, "branch-and-bound")
}

func TestInvalidInputListsEveryProblem(t *testing.T) {
	bad := single("", "1980-01-01", housing.SexMale, "9000")
	a := applicant(bad, -3, "2024-01-01")
	a.ReferredOn = housing.Date{}
	a.Preferences = []string{"u1", "u1"}
	u := apartment("u1", 0, "-1", "300")
	u.FacilityID = "nowhere"
	_, err := Match(Input{Date: day, Applicants: []Applicant{a}, Offer: Offer{Units: []housing.Unit{u, u}}}, Options{})
	require.Error(t, err)
	var he *housing.Error
	require.ErrorAs(t, err, &he)
	assert.Equal(t, housing.CodeInvalid, he.Code)
	var paths []string
	for _, p := range he.Problems {
		paths = append(paths, p.Path)
	}
	assert.Equal(t, []string{
		"applicants[0].household.id", "applicants[0].priority", "applicants[0].referred_on", "applicants[0].preferences[1]",
		"offer.units[0].beds", "offer.units[0].area_sqm", "offer.units[0].facility_id",
		"offer.units[1].beds", "offer.units[1].area_sqm", "offer.units[1].id", "offer.units[1].facility_id",
	}, paths)
	_, err = Match(Input{Date: day}, Options{Mechanism: "auction"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown mechanism "auction"`)
	_, err = Match(Input{Date: day, Applicants: []Applicant{applicant(single("s", "1980-01-01", "M", "1"), 1, "2024-01-01")},
		Offer: Offer{Units: []housing.Unit{apartment("u", 1, "30", "100")}}}, Options{Scorers: []Weighted{{Priority{}, MaxWeight + 1}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "beyond ±1000000")
}

func TestReasonTextListsFiveIDs(t *testing.T) {
	assert.Equal(t, housing.Text{IT: "a, b", EN: "a, b"}, some([]string{"a", "b"}))
	assert.Equal(t, housing.Text{IT: "a, b, c, d, e e altri 2", EN: "a, b, c, d, e and 2 more"}, some([]string{"a", "b", "c", "d", "e", "f", "g"}))
	assert.Equal(t, housing.Text{IT: "a, b, c, d, e, f", EN: "a, b, c, d, e, f"}, some([]string{"a", "b", "c", "d", "e", "f"}), "never \"e altri 1\"")
}

func TestCompatibilityOptionReachesResidents(t *testing.T) {
	// A family with a child and a resident living alone: compatible by
	// default, not with SeparateMinors.
	f := transition("ct-at-1")
	f.Residents = []housing.Household{single("res", "1960-01-01", housing.SexFemale, "8000")}
	o := Offer{Facilities: []Facility{f}, Units: []housing.Unit{room("r", "ct-at-1", 3, "20")}}
	in := Input{Date: day, Offer: o, Applicants: []Applicant{applicant(family("fam", 1, "9000"), 50, "2024-01-01", "ct-transizione")}}
	res, err := Match(in, Options{})
	require.NoError(t, err)
	assert.Len(t, res.Proposals, 1)
	res, err = Match(in, Options{Compatibility: CoHousingRule{SeparateMinors: true}.Check})
	require.NoError(t, err)
	require.Len(t, res.Unmatched, 1)
	assert.Equal(t, CodeCoHousing, res.Unmatched[0].Reasons[0].Exclusions[0].Code)
}
