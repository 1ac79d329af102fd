package matching

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/rentcalc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestShippedRentCheckLiguria30(t *testing.T) {
	// Rent ≤ 30% of the gross income, charges not counted: 18,000 a year
	// sustains 450.00 a month.
	check, err := ShippedRentCheck(rentcalc.PolicyLiguria30, day)
	require.NoError(t, err)
	c := Rent{Assess: check}
	a := applicant(single("s", "1980-01-01", housing.SexMale, "18000"), 1, "2024-01-01")
	assert.Nil(t, check2(t, c, a, apartment("u", 1, "30", "450.00")))
	v := check2(t, c, a, apartment("u", 1, "30", "450.01"))
	require.NotNil(t, v)
	assert.Equal(t, "rent of €450.01 plus charges of €40.00 is not sustainable for the household: the highest sustainable rent is €450.00", v.Message(housing.English))

	a.Household.Members[0].Incomes = nil
	v = check2(t, c, a, apartment("u", 1, "30", "100.00"))
	require.NotNil(t, v)
	assert.Equal(t, "constraint.rent_unknown", v.Key)
	assert.Contains(t, v.Message(housing.English), "rent sustainability cannot be assessed: household income not known")
}

func TestShippedRentCheckModena(t *testing.T) {
	// Income ≥ 2 × 12 × (rent + charges): 18,000 sustains 750 a month of
	// rent and charges, so 710 of rent with 40 of charges.
	check, err := ShippedRentCheck(rentcalc.PolicyModena2x, day)
	require.NoError(t, err)
	c := Rent{Assess: check}
	a := applicant(single("s", "1980-01-01", housing.SexMale, "18000"), 1, "2024-01-01")
	assert.Nil(t, check2(t, c, a, apartment("u", 1, "30", "710.00")))
	assert.NotNil(t, check2(t, c, a, apartment("u", 1, "30", "710.01")))
}

func TestShippedRentCheckUnknown(t *testing.T) {
	_, err := ShippedRentCheck("nowhere-50", day)
	require.Error(t, err)
	assert.Equal(t, housing.CodeNotFound, housing.ErrorCode(err))
}

func check2(t *testing.T, c Constraint, a Applicant, u housing.Unit) *Violation {
	t.Helper()
	return check(t, c, a, u, nil, nil)
}
