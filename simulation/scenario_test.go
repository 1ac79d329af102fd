package simulation

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/housingkit/housingkit/housing"
)

func TestLoadSmall(t *testing.T) {
	sc, err := Load("testdata/small.yaml")
	require.NoError(t, err)
	require.Equal(t, "small", sc.ID)
	require.Len(t, sc.Variants, 2)
	require.Equal(t, 18, *sc.Variants[0].Policy.TermMonths)
	require.NotNil(t, sc.Variants[1].Behaviour)
	// the variant's behaviour is the base's with its own keys replaced
	require.Equal(t, 2.0, sc.Variants[1].Behaviour.PatienceMonths)
	require.Equal(t, 12.0, sc.Variants[1].Behaviour.Exits.Family)
}

func TestParseReportsEveryProblemWithPositions(t *testing.T) {
	data, err := os.ReadFile("testdata/small.yaml")
	require.NoError(t, err)
	bad := strings.Replace(string(data), "horizon_months: 24", "horizon_months: 0\nhorizon: 3", 1)
	bad = strings.Replace(bad, "income_share: 0.8", "income_share: 1.8", 1)
	bad = strings.Replace(bad, "behaviour: {patience_months: 2}", "behaviour: {patience_months: two}", 1)
	_, err = Parse("bad.yaml", []byte(bad), nil)
	require.Error(t, err)
	require.Equal(t, housing.CodeInvalid, housing.ErrorCode(err))
	msg := err.Error()
	for _, want := range []string{"bad.yaml:6:1: horizon: unknown key", "bad.yaml:14:21: population.groups[0].income_share: want a probability", "variants[1].behaviour.patience_months"} {
		require.Contains(t, msg, want)
	}
	// the check problems come after the decoding problems are fixed
	bad2 := strings.Replace(string(data), "horizon_months: 24", "horizon_months: 0", 1)
	bad2 = strings.Replace(bad2, "income_share: 0.8", "income_share: 1.8", 1)
	_, err = Parse("bad2.yaml", []byte(bad2), nil)
	require.Error(t, err)
	require.Contains(t, err.Error(), "bad2.yaml:5:17: horizon_months: want 1 to 1200 months, got 0")
	require.Contains(t, err.Error(), "bad2.yaml:13:21: population.groups[0].income_share: want a probability from 0 to 1, got 1.8")
}
