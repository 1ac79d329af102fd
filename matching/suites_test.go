package matching

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// splitOffer is a transition facility of three rooms (2, 2 and 3 beds) of
// a programme that may or may not place a household in several rooms.
func splitOffer(split bool) Offer {
	prog := Programme{Programme: housing.Programme{
		ID: "ct-transizione", Name: housing.Text{IT: "Alloggi di transizione", EN: "Transition housing"},
		RuleSetID: "catania.alloggi-di-transizione", DurationPolicyID: "catania.alloggi-di-transizione",
		MaxFacilityBeds: 12, SplitAcrossRooms: split,
	}}
	return Offer{
		Programmes: []Programme{prog},
		Facilities: []Facility{transition("ct-at-01")},
		Units:      []housing.Unit{room("r1", "ct-at-01", 2, "30"), room("r2", "ct-at-01", 2, "30"), room("r3", "ct-at-01", 3, "40")},
	}
}

func proposalsByHousehold(res *Result) map[string][]string {
	out := map[string][]string{}
	for _, p := range res.Proposals {
		out[p.Household] = p.Units
	}
	return out
}

// A household larger than the largest room is placed in several rooms of
// one facility when the programme allows it, and only then.
func TestSplitAcrossRooms(t *testing.T) {
	five := applicant(family("fam-5", 3, "18000"), 10, "2025-01-10", "ct-transizione")
	two := applicant(single("single-2", "1990-01-01", housing.SexFemale, "9000"), 5, "2025-01-12", "ct-transizione")
	two.Household.Members = append(two.Household.Members, member(housing.RoleChild, "2016-01-01", housing.SexMale, ""))

	for _, mech := range []Mechanism{Optimal, SerialDictatorship, Capacitated} {
		t.Run(string(mech), func(t *testing.T) {
			res, err := Match(Input{Applicants: []Applicant{five, two}, Offer: splitOffer(true), Date: day}, Options{Mechanism: mech})
			require.NoError(t, err)
			got := proposalsByHousehold(res)
			// The fewest rooms with enough beds, fewest beds first, then the
			// lowest ids: r1 and r3 (5 beds); the other household takes r2.
			assert.Equal(t, []string{"r1", "r3"}, got["fam-5"])
			assert.Equal(t, []string{"r2"}, got["single-2"])
			assert.Equal(t, 3, res.Units, "a suite's rooms are counted once")
			for _, p := range res.Proposals {
				if p.Household == "fam-5" {
					assert.Equal(t, "ct-at-01", p.Facility)
				}
			}
		})
	}

	res, err := Match(Input{Applicants: []Applicant{five, two}, Offer: splitOffer(false), Date: day}, Options{})
	require.NoError(t, err)
	got := proposalsByHousehold(res)
	assert.NotContains(t, got, "fam-5", "without split placement no room holds five")
	require.Len(t, res.Unmatched, 1)
	assert.Equal(t, ReasonNoFeasibleUnit, res.Unmatched[0].Reasons[0].Code)
}

// When a household served earlier holds a room of the best suite, the
// larger household gets another suite; when no suite is left, it is told
// that the rooms went to the household served before it.
func TestSplitAcrossRoomsYieldsToEarlierHouseholds(t *testing.T) {
	five := applicant(family("fam-5", 3, "18000"), 1, "2025-01-10", "ct-transizione")
	first := applicant(single("first", "1990-01-01", housing.SexFemale, "9000"), 50, "2025-01-01", "ct-transizione")
	first.Preferences = []string{"r1"}
	res, err := Match(Input{Applicants: []Applicant{five, first}, Offer: splitOffer(true), Date: day}, Options{Mechanism: SerialDictatorship})
	require.NoError(t, err)
	got := proposalsByHousehold(res)
	assert.Equal(t, []string{"r1"}, got["first"])
	assert.Equal(t, []string{"r2", "r3"}, got["fam-5"])

	// Two households of five: one suite each is not possible (7 beds).
	other := applicant(family("fam-5b", 3, "18000"), 0, "2025-01-11", "ct-transizione")
	res, err = Match(Input{Applicants: []Applicant{five, other}, Offer: splitOffer(true), Date: day}, Options{Mechanism: SerialDictatorship})
	require.NoError(t, err)
	got = proposalsByHousehold(res)
	assert.Equal(t, []string{"r1", "r3"}, got["fam-5"])
	require.Len(t, res.Unmatched, 1)
	assert.Equal(t, "fam-5b", res.Unmatched[0].Household)
	codes := []string{}
	for _, r := range res.Unmatched[0].Reasons {
		codes = append(codes, r.Code)
	}
	assert.Contains(t, codes, ReasonOutranked)
}

// A suite holding a room the household declined before is not proposed
// to it: the declined room counts for every suite it is part of.
func TestSuiteWithADeclinedRoomIsNotProposed(t *testing.T) {
	five := applicant(family("fam-5", 3, "18000"), 10, "2025-01-10", "ct-transizione")
	five.Declined = []string{"r1"}
	for _, mech := range []Mechanism{Optimal, SerialDictatorship, Lottery, DeferredAcceptance} {
		res, err := Match(Input{Applicants: []Applicant{five}, Offer: splitOffer(true), Date: day}, Options{Mechanism: mech})
		require.NoError(t, err)
		assert.Equal(t, []string{"r2", "r3"}, proposalsByHousehold(res)["fam-5"], mech)
	}
	five.Declined = []string{"r3"} // every suite of 5 beds holds r3
	res, err := Match(Input{Applicants: []Applicant{five}, Offer: splitOffer(true), Date: day}, Options{Mechanism: SerialDictatorship})
	require.NoError(t, err)
	require.Empty(t, res.Proposals)
	var codes []string
	for _, r := range res.Unmatched[0].Reasons {
		codes = append(codes, r.Code)
	}
	assert.Contains(t, codes, ReasonDeclinedBefore)
}
