package matching

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/require"
)

// TestFastPathsAgree checks that the cached integer paths of Area and
// RentBurden give what the decimal paths give, on random figures that
// include half-way roundings and amounts with more than two decimals.
func TestFastPathsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(99, 100))
	area := Area{Standard: DefaultAreaStandard}
	for k := 0; k < 20000; k++ {
		income := fmt.Sprintf("%d.%02d", r.IntN(60000), r.IntN(100))
		if k%7 == 0 {
			income = fmt.Sprintf("%d.%03d", r.IntN(60000), r.IntN(1000)) // not whole cents
		}
		h := single("s", "1980-01-01", housing.SexMale, income)
		for n := r.IntN(5); n > 0; n-- {
			h.Members = append(h.Members, member(housing.RoleChild, "2015-01-01", housing.SexFemale, ""))
		}
		u := apartment("u", 1+r.IntN(6), fmt.Sprintf("%d.%02d", r.IntN(100), r.IntN(100)), fmt.Sprintf("%d.%02d", r.IntN(900), r.IntN(100)))
		if k%3 == 0 {
			u.Kind = housing.UnitRoom
		}
		if k%11 == 0 {
			u.ServiceCharges = dec("0")
			u.Rent = dec("0")
		}
		slow := Applicant{Household: h}
		fast := slow
		fast.facts = newFacts(&fast.Household)
		ps := &Place{Unit: &u}
		pf := &Place{Unit: &u, facts: newPlaceFacts(&u)}
		require.Equal(t, RentBurden{}.Points(&slow, ps, day), RentBurden{}.Points(&fast, pf, day), "income %s, cost %s", income, u.MonthlyCost())
		require.Equal(t, area.Check(&slow, ps, day) == nil, area.Check(&fast, pf, day) == nil, "area %s, %d persons", u.AreaSqm, h.Size())
	}
	// A half-way case: a rent of 1 cent a month on 240 a year is
	// 12 × 0.01 / 240 = 0.5‰, rounded half up to 1‰.
	h := single("s", "1980-01-01", housing.SexMale, "240")
	u := apartment("u", 1, "30", "0.01")
	u.ServiceCharges = dec("0")
	a := Applicant{Household: h}
	require.Equal(t, int64(999), RentBurden{}.Points(&a, &Place{Unit: &u}, day))
	a.facts = newFacts(&a.Household)
	require.Equal(t, int64(999), RentBurden{}.Points(&a, &Place{Unit: &u, facts: newPlaceFacts(&u)}, day))
}

// TestTestersAgreeWithCheck checks the built-in constraints' fast path
// against Check on every pair of random markets, with and without the
// cached facts.
func TestTestersAgreeWithCheck(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cs := DefaultConstraints(incomeShare("0.30"))
	for trial := 0; trial < 40; trial++ {
		in := randomInput(r, 8, 6)
		o := transitionMarket()
		in.Offer.Facilities = o.Facilities
		in.Offer.Units = append(in.Offer.Units, o.Units...)
		for i := range in.Applicants {
			if r.IntN(3) == 0 {
				in.Applicants[i].Declined = []string{"u00", "ct-at-1-r2"}
			}
			in.Applicants[i].Programmes = append(in.Applicants[i].Programmes, "ct-transizione")
			in.Applicants[i].Household.Needs.CanShare = housing.Bool(r.IntN(2) == 0)
		}
		places := in.Offer.places()
		for i := range in.Applicants {
			a := in.Applicants[i]
			cached := a
			cached.facts = newFacts(&cached.Household)
			for k := range places {
				p := places[k]
				pc := p
				pc.facts = newPlaceFacts(p.Unit)
				for _, c := range cs {
					want := c.Check(&a, &p, day) == nil
					require.Equal(t, want, passes(c, &a, &p, day), "%s: %s in %s", c.Code(), a.ID(), p.Unit.ID)
					require.Equal(t, want, passes(c, &cached, &pc, day), "%s cached: %s in %s", c.Code(), a.ID(), p.Unit.ID)
					require.Equal(t, want, c.Check(&cached, &pc, day) == nil)
				}
			}
		}
	}
}
