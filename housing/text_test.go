package housing

import (
	"errors"
	"fmt"
	"testing"

	"github.com/housingkit/housingkit/internal/text"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Both languages of the housing catalogue have the same keys and the same
// formatting verbs (NewCatalog refuses anything else), and every
// enumeration value and ETHOS code has a label.
func TestCatalogueComplete(t *testing.T) {
	_, err := text.New(labels, tenancyTexts)
	require.NoError(t, err)
	require.NoError(t, mustEnumLabels("sex", Sexes))
	require.NoError(t, mustEnumLabels("citizenship", Citizenships))
	require.NoError(t, mustEnumLabels("disability", DisabilityLevels))
	require.NoError(t, mustEnumLabels("employment", EmploymentStatuses))
	require.NoError(t, mustEnumLabels("income", IncomeKinds))
	require.NoError(t, mustEnumLabels("role", Roles))
	require.NoError(t, mustEnumLabels("owner", OwnerKinds))
	require.NoError(t, mustEnumLabels("shared", SharedSpaces))
	require.NoError(t, mustEnumLabels("unit_kind", UnitKinds))
	require.NoError(t, mustEnumLabels("contract", ContractKinds))
	require.NoError(t, mustEnumLabels("service", Services))
	require.NoError(t, mustEnumLabels("team", TeamKinds))
	require.NoError(t, mustEnumLabels("ethos", EthosConcepts))
	require.NoError(t, mustEnumLabels("ethos", livingSituations))
	for _, c := range EthosCategories {
		assert.NotEmpty(t, c.Label(Italian))
		assert.NotEqual(t, c.Label(Italian), c.Label(English))
	}
	assert.Len(t, EthosCodes, 24)
	assert.Len(t, EthosCategories, 13)
}

func TestFormatMoney(t *testing.T) {
	cases := []struct{ in, it, en string }{
		{"1234.56", "1.234,56 €", "€1,234.56"},
		{"0", "0,00 €", "€0.00"},
		{"0.005", "0,01 €", "€0.01"},    // half away from zero
		{"-0.005", "-0,01 €", "-€0.01"}, // half away from zero
		{"999.994", "999,99 €", "€999.99"},
		{"1000000", "1.000.000,00 €", "€1,000,000.00"},
		{"20217.01", "20.217,01 €", "€20,217.01"},
	}
	for _, c := range cases {
		d := decimal.RequireFromString(c.in)
		assert.Equal(t, c.it, FormatMoney(Italian, d), c.in)
		assert.Equal(t, c.en, FormatMoney(English, d), c.in)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]string{"it": "it", "it-IT": "it", "en": "en", "en-GB,it;q=0.5": "en", "fr,it;q=0.8": "it"} {
		got, err := ParseLang(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got.String(), in)
	}
	for _, bad := range []string{"!!", "fr", ""} {
		_, err := ParseLang(bad)
		assert.Error(t, err, bad)
	}
}

func TestErrorCodes(t *testing.T) {
	err := fmt.Errorf("saving: %w", Errorf(CodeForbidden, "tenancy.renewal_limit", "the stay was already renewed once"))
	assert.ErrorIs(t, err, ErrForbidden)
	assert.NotErrorIs(t, err, ErrConflict)
	assert.ErrorIs(t, err, &Error{Code: CodeForbidden, Key: "tenancy.renewal_limit"})
	assert.NotErrorIs(t, err, &Error{Code: CodeForbidden, Key: "tenancy.other"})
	assert.Equal(t, CodeForbidden, ErrorCode(err))
	assert.Equal(t, "the stay was already renewed once", ErrorMessage(err))

	internal := &Error{Code: CodeInternal, Message: "storage failed", Detail: "sqlite: disk I/O error at page 7", Err: errors.New("disk")}
	assert.Equal(t, "storage failed", ErrorMessage(internal))
	assert.NotContains(t, ErrorMessage(internal), "page 7", "detail stays out of the user's message")
	assert.Equal(t, CodeInternal, ErrorCode(errors.New("plain")))
	assert.Equal(t, "internal error", ErrorMessage(errors.New("secret detail")))
	assert.Equal(t, Code(""), ErrorCode(nil))
}
