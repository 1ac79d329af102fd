package matching

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/require"
)

// bedFacility is a facility of n identical beds without shared spaces.
func bedFacility(id string, n int, sub string) (Facility, []housing.Unit) {
	f := Facility{Facility: housing.Facility{ID: id, ProgrammeID: "ct-transizione", Municipality: "Catania", SubArea: sub, BedCapacity: 12}}
	var us []housing.Unit
	for k := 1; k <= n; k++ {
		us = append(us, housing.Unit{ID: fmt.Sprintf("%s-b%02d", id, k), FacilityID: id, Kind: housing.UnitBed, Beds: 1,
			Rent: dec("0"), ServiceCharges: dec("0"), Contract: housing.ContractConcession, AvailableFrom: d("2025-01-01")})
	}
	return f, us
}

func TestCapacitatedEqualsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for trial := 0; trial < 150; trial++ {
		var o Offer
		nf := 1 + r.IntN(2)
		for k := 0; k < nf; k++ {
			f, us := bedFacility(fmt.Sprintf("f%d", k), 1+r.IntN(6), []string{"Librino", "Centro"}[k])
			o.Facilities = append(o.Facilities, f)
			o.Units = append(o.Units, us...)
		}
		var apps []Applicant
		n := 1 + r.IntN(6)
		for i := 0; i < n; i++ {
			var h housing.Household
			if size := 1 + r.IntN(4); size == 1 {
				h = single(fmt.Sprintf("h%d", i), "1980-01-01", housing.SexMale, "9000")
			} else {
				h = family(fmt.Sprintf("h%d", i), size-2, "9000")
			}
			if r.IntN(3) == 0 {
				h.Needs.SubAreas = []string{"Centro"}
			}
			a := applicant(h, r.IntN(5)*10, fmt.Sprintf("2024-%02d-01", 1+r.IntN(12)), "ct-transizione")
			apps = append(apps, a)
		}
		in := Input{Date: day, Applicants: apps, Offer: o}
		res, err := Match(in, Options{Mechanism: Capacitated})
		require.NoError(t, err)

		// Brute force over pools: each household in one facility or none.
		pr, err := build(&in, &Options{Mechanism: Capacitated}, true)
		require.NoError(t, err)
		left := make([]int, len(pr.cols))
		for j, c := range pr.cols {
			left[j] = c.beds
		}
		bestN, bestS := -1, int64(0)
		var rec func(i, housed int, total int64)
		rec = func(i, housed int, total int64) {
			if i == len(pr.apps) {
				if housed > bestN || (housed == bestN && total > bestS) {
					bestN, bestS = housed, total
				}
				return
			}
			rec(i+1, housed, total)
			cols, scores := pr.pairsOf(i)
			k := pr.apps[i].Household.Size()
			for e, j := range cols {
				if left[j] >= k {
					left[j] -= k
					rec(i+1, housed+1, total+scores[e])
					left[j] += k
				}
			}
		}
		rec(0, 0, 0)
		require.Equal(t, bestN, len(res.Proposals), "trial %d: households housed", trial)
		require.Equal(t, bestS, res.TotalScore, "trial %d: total score", trial)
		beds := 0
		for _, p := range res.Proposals {
			beds += len(p.Units)
		}
		total := 0
		for _, p := range res.Proposals {
			total += pr.apps[pr.rowOf(p.Household)].Household.Size()
		}
		require.Equal(t, total, beds, "each household gets one bed per member")
	}
}
