package matching

import (
	"os"
	"path/filepath"
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
