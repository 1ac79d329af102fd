package matching

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadExampleFiles(t *testing.T) {
	hb, err := os.ReadFile(filepath.Join("testdata", "households.yaml"))
	require.NoError(t, err)
	apps, err := ReadApplicants("households.yaml", hb)
	require.NoError(t, err)
	require.Len(t, apps, 2)
	assert.Equal(t, "ct-at-2024-031", apps[0].ID())
	assert.Equal(t, 78, apps[0].Priority)
	assert.Equal(t, d("2024-04-02"), apps[0].ReferredOn)
	assert.Equal(t, []string{"ct-at-01-r04"}, apps[0].Preferences)
	assert.Equal(t, 3, apps[0].Household.Size())
	assert.Equal(t, []string{"ct-asc-a01"}, apps[1].Declined)

	ub, err := os.ReadFile(filepath.Join("testdata", "units.yaml"))
	require.NoError(t, err)
	o, err := ReadOffer("units.yaml", ub)
	require.NoError(t, err)
	require.Len(t, o.Facilities, 1)
	assert.Equal(t, 12, o.Facilities[0].BedCapacity)
	assert.True(t, o.Facilities[0].Shared())
	require.Len(t, o.Facilities[0].Residents, 1)
	require.Len(t, o.Programmes, 2)
	assert.Equal(t, 4, o.Programmes[0].Restrictions.MaxHouseholdSize)
	require.Len(t, o.Units, 2)
	assert.True(t, o.Units[1].Rent.Equal(dec("330.00")))

	res, err := Match(Input{Applicants: apps, Offer: o, Date: day}, Options{})
	require.NoError(t, err)
	// The mother declined the apartment before, so both want the room.
	require.Len(t, res.Proposals, 1)
	assert.Equal(t, []string{"ct-at-01-r04"}, res.Proposals[0].Units)
	assert.Equal(t, 1, res.Proposals[0].PreferenceRank)
	require.Len(t, res.Unmatched, 1)
	var codes []string
	for _, r := range res.Unmatched[0].Reasons {
		codes = append(codes, r.Code)
	}
	assert.Equal(t, []string{ReasonDeclinedBefore, ReasonOutranked}, codes)
}

// FuzzReadApplicants checks that no households file makes the reader
// panic, and that what it accepts is valid.
func FuzzReadApplicants(f *testing.F) {
	for _, name := range []string{"households.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"applicants": []}`))
	f.Add([]byte(`{"applicants": [{"household": {"id": "x", "members": [{"role": "reference", "birth_date": "2000-02-30"}]}}]}`))
	f.Add([]byte("applicants:\n  - priority: -1\n    referred_on: 2024-01-01\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		apps, err := ReadApplicants("f", data)
		if err != nil {
			var he *housing.Error
			require.ErrorAs(t, err, &he)
			require.Equal(t, housing.CodeInvalid, he.Code)
			require.NotEmpty(t, he.Problems)
			return
		}
		for _, a := range apps {
			require.NoError(t, a.Validate())
		}
	})
}

// FuzzReadOffer checks the units reader the same way.
func FuzzReadOffer(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "units.yaml"))
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(`{"units": [{"id": "u", "kind": "bed", "beds": 2}]}`))
	f.Add([]byte("facilities:\n  - {id: f, municipality: X, bed_capacity: 1}\nunits: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := ReadOffer("f", data)
		if err != nil {
			var he *housing.Error
			require.ErrorAs(t, err, &he)
			require.Equal(t, housing.CodeInvalid, he.Code)
			require.NotEmpty(t, he.Problems)
			return
		}
		require.NoError(t, o.Validate())
	})
}

// Catania's transition facilities hold «una capienza massima ciascuna pari
// a 12 posti letto» (seed 001): a limit the programme record carries
// (max_facility_beds), so that a facility or an offer beyond it is invalid
// for that programme.
func TestFacilityBeyondTheProgrammeLimitIsInvalid(t *testing.T) {
	ub, err := os.ReadFile(filepath.Join("testdata", "units.yaml"))
	require.NoError(t, err)
	o, err := ReadOffer("units.yaml", ub)
	require.NoError(t, err)
	require.Equal(t, 12, o.Programmes[0].MaxFacilityBeds)

	big := o
	big.Facilities = []Facility{o.Facilities[0]}
	big.Facilities[0].BedCapacity = 14
	err = big.Validate()
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "facilities[0].bed_capacity: 14 beds: programme ct-alloggi-transizione allows at most 12 beds per facility")

	// A facility of 12 beds whose rooms add up to 13.
	rooms := o
	rooms.Facilities = []Facility{o.Facilities[0]}
	rooms.Facilities[0].Residents = nil
	rooms.Units = []housing.Unit{o.Units[0], o.Units[0]}
	rooms.Units[0].Beds, rooms.Units[1].Beds, rooms.Units[1].ID = 6, 7, "ct-at-01-r05"
	err = rooms.Validate()
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "facilities[0]: its units offer 13 beds: programme ct-alloggi-transizione allows at most 12 beds per facility")

	// Without the programme's limit, a facility of 13 beds is valid.
	rooms.Programmes = slices.Clone(o.Programmes)
	rooms.Programmes[0].MaxFacilityBeds = 0
	rooms.Facilities[0].BedCapacity = 13
	require.NoError(t, rooms.Validate())
}
