package matching

import (
	"github.com/housingkit/housingkit/housing"
	"math"
	"strings"
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

// A member born after the matching date, or a referral before 1900, is
// refused with its path.
func TestInputRefusesImpossibleDates(t *testing.T) {
	a := applicant(family("f", 1, "9000"), 1, "2024-01-01")
	a.Household.Members[2].BirthDate = d("2025-03-02")
	b := applicant(single("s", "1980-01-01", "M", "9000"), 1, "1899-12-31")
	in := Input{Date: d("2025-03-01"), Applicants: []Applicant{a, b}, Offer: Offer{Units: []housing.Unit{apartment("u", 2, "40", "300")}}}
	err := in.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "applicants[0].household.members[2].birth_date: 2025-03-02 is after the date the household is considered on, 2025-03-01")
	assert.Contains(t, err.Error(), "applicants[1].referred_on: 1899-12-31 is before 1900")
	_, err = Match(in, Options{})
	assert.ErrorIs(t, err, housing.ErrInvalid)
}

type panicky struct{}

func (panicky) Name() string { return "panicky" }
func (panicky) Points(*Applicant, *Place, housing.Date) int64 {
	panic("a scorer that panics")
}

// A scorer that panics on a worker goroutine is an internal error of
// Match, not the end of the process.
func TestPanickingScorerIsAnInternalError(t *testing.T) {
	in := Input{Date: day, Applicants: []Applicant{applicant(single("s", "1980-01-01", "M", "9000"), 1, "2024-01-01")},
		Offer: Offer{Units: []housing.Unit{apartment("u", 2, "40", "300")}}}
	_, err := Match(in, Options{Scorers: []Weighted{{Scorer: panicky{}, Weight: 1}}})
	require.Error(t, err)
	assert.Equal(t, housing.CodeInternal, housing.ErrorCode(err))
	assert.Contains(t, err.Error(), `a constraint or scorer panicked on household "s": a scorer that panics`)
}

// FuzzParseMechanism: a mechanism is read back from its own name only.
func FuzzParseMechanism(f *testing.F) {
	for _, m := range Mechanisms {
		f.Add(string(m))
	}
	f.Add("")
	f.Add("Optimal")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMechanism(s)
		if err != nil {
			if m != "" || !strings.Contains(err.Error(), "unknown mechanism") {
				t.Fatalf("ParseMechanism(%q) = %q, %v", s, m, err)
			}
			return
		}
		if string(m) != s {
			t.Fatalf("ParseMechanism(%q) = %q", s, m)
		}
	})
}
