package simulation

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shopspring/decimal"
)

func TestCasesResampled(t *testing.T) {
	sc, err := Load("testdata/cases.yaml")
	require.NoError(t, err)
	m, err := Prepare(sc)
	require.NoError(t, err)
	require.Len(t, m.groups[0].cases, 4)
	pop := m.newReplication(0)
	seen := map[string]bool{}
	for _, a := range pop.firsts {
		ep, err := pop.episode(a, m.dayDate(a.t))
		require.NoError(t, err)
		h := ep.hh.h
		require.NoError(t, h.ValidateOn(m.dayDate(a.t)))
		seen[h.Residence.Municipality] = true
		switch h.Residence.Municipality {
		case "Comacchio":
			require.Nil(t, h.ISEE, "not declared")
			require.Equal(t, 2, h.Size())
		case "Codigoro":
			require.NotNil(t, h.ISEE)
			// the two Codigoro cases are in the bands 0-3000 and 3000-6000
			require.True(t, h.ISEE.Value.LessThan(decimal.NewFromInt(6000)), "%s", h.ISEE.Value)
		}
	}
	require.Len(t, seen, 3)
	res, err := m.Run(context.Background(), RunOptions{})
	require.NoError(t, err)
	for _, r := range res.Reps[0] {
		checkConservation(t, r)
		require.Positive(t, sum(r.Monthly[mAdmissions]))
	}
}

func TestCasesFileProblems(t *testing.T) {
	_, err := readCases("bad.csv", []byte("id,size,minors,municipality,isee_band,living_situation,reference_age_band,reference_sex,shoe_size\nx,0,0,A,0-3000,9.9,35-44,Q,42\n"))
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{"bad.csv:1:9", `unknown column "shoe_size"`} {
		require.Contains(t, msg, want)
	}
	_, err = readCases("bad.csv", []byte("id,size,minors,municipality,isee_band,living_situation,reference_age_band,reference_sex\nx,0,0,A,lots,9.9,35-44,Q\n"))
	require.Error(t, err)
	msg = err.Error()
	for _, want := range []string{"bad.csv:2:3: size", "bad.csv:2:9: isee_band", "bad.csv:2:14: living_situation", "bad.csv:2:24: reference_sex"} {
		require.Contains(t, msg, want)
	}
}
