package matching

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTransfersCycleAndFeasibility(t *testing.T) {
	// Three tenants of the agency: A holds a1 and wants a2; B holds a2 and
	// wants a3; C holds a3 and wants a1 — a cycle of three. D holds a4 and
	// wants a1, but has five members and a1 has 2 beds: not feasible, so D
	// stays.
	units := []housing.Unit{apartment("a1", 2, "45", "300"), apartment("a2", 3, "55", "300"), apartment("a3", 4, "70", "300"), apartment("a4", 6, "90", "300")}
	ten := func(h housing.Household, unit string, prefs ...string) Tenant {
		a := applicant(h, 50, "2024-01-01")
		a.Preferences = prefs
		return Tenant{Applicant: a, Unit: unit}
	}
	tenants := []Tenant{
		ten(single("A", "1980-01-01", housing.SexFemale, "20000"), "a1", "a2"),
		ten(family("B", 0, "20000"), "a2", "a3"),
		ten(family("C", 0, "20000"), "a3", "a1", "a3"),
		ten(family("D", 3, "20000"), "a4", "a1"),
	}
	moves, err := Transfers(tenants, Offer{Units: units}, day, Options{})
	require.NoError(t, err)
	assert.Equal(t, []Move{{"A", "a1", "a2"}, {"B", "a2", "a3"}, {"C", "a3", "a1"}}, moves)

	// C now ranks its own unit first: nobody can move.
	tenants[2].Preferences = []string{"a3", "a1"}
	moves, err = Transfers(tenants, Offer{Units: units}, day, Options{})
	require.NoError(t, err)
	assert.Empty(t, moves)

	tenants[3].Unit = "a1"
	_, err = Transfers(tenants, Offer{Units: units}, day, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `tenants[3].unit: unit "a1" is held by tenants[0] too`)
}
