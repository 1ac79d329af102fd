package matching

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Beds that add up beyond int are an error at their unit, not a total
// that wraps round and passes the capacity check.
func TestOfferBedsThatOverflowAreRefused(t *testing.T) {
	f, us := bedFacility("f", 2, "Centro")
	for i := range us {
		us[i].Kind = "room"
		us[i].Beds = math.MaxInt/2 + 1
	}
	f.BedCapacity = 3
	err := Offer{Facilities: []Facility{f}, Units: us}.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "units[1].beds: 4611686018427387904 beds: the units' beds add up to more than can be counted")
	assert.NotContains(t, err.Error(), "free", "no capacity check on a wrapped total")

	err = f.Facility.ValidateUnits(us)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "units[1].beds: 4611686018427387904 beds: the units' beds add up to more than can be counted")
}
