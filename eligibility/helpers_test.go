package eligibility_test

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func mustDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// mustDate is the date of date arithmetic known to stay within years 1..9999.
func mustDate(d housing.Date, err error) housing.Date {
	if err != nil {
		panic(err)
	}
	return d
}

// household reads a household written in YAML, strictly.
func household(t testing.TB, src string) *housing.Household {
	t.Helper()
	h, err := housing.ReadHousehold("household.yaml", []byte(src))
	require.NoError(t, err)
	return &h
}
