package matching

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/require"
)

// assignAgrees runs Match on in and Assign on a Matcher of in's whole offer
// (the units on offer given in a shuffled order) and requires the same
// proposals: the same households, with the same units, in the same order.
func assignAgrees(t *testing.T, r *rand.Rand, in Input, opt Options, what string) *Result {
	t.Helper()
	require.NoError(t, in.Validate(), what)
	res, matchErr := Match(in, opt)
	stock := in.Offer
	residents := make([][]housing.Household, len(stock.Facilities))
	for f := range stock.Facilities {
		residents[f] = stock.Facilities[f].Residents
	}
	m, err := NewMatcher(stock, opt)
	require.NoError(t, err, what)
	units := r.Perm(len(stock.Units))
	got, err := m.Assign(&Round{Applicants: in.Applicants, Units: units, Residents: residents, Date: in.Date, Seed: opt.Seed})
	if matchErr != nil {
		require.Error(t, err, what+": Match said %v", matchErr)
		return nil
	}
	require.NoError(t, err, what)
	var want, have []string
	for _, p := range res.Proposals {
		want = append(want, p.Household+" → "+fmt.Sprint(p.Units))
	}
	for _, a := range got {
		var ids []string
		for _, u := range a.Units {
			ids = append(ids, stock.Units[u].ID)
		}
		have = append(have, in.Applicants[a.Applicant].ID()+" → "+fmt.Sprint(ids))
	}
	require.Equal(t, want, have, what)
	byClass += int(m.byClass.Load())
	return res
}

// byClass counts the rounds served by serialByClass in assignAgrees.
var byClass int

// TestAssignAgreesWithMatch checks Matcher.Assign against Match on many
// seeded random markets: every mechanism; units that differ only in their
// id (so that classes are shared); preferences and declined units; a
// shared facility with residents (co-housing conflicts and their repair);
// rooms of a programme that splits households across rooms (suites); pools
// of beds; custom constraints and scorers (no classes).
func TestAssignAgreesWithMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 8))
	victim := single("res-v", "1990-01-01", housing.SexFemale, "9000")
	victim.Members[0].VictimOfViolence = housing.Bool(true)
	seen := map[string]int{}
	for trial := 0; trial < 300; trial++ {
		n, m := 2+r.IntN(14), 1+r.IntN(10)
		in := randomInput(r, n, m)
		// copies of units under other ids: classes of several units
		for k, c := 0, r.IntN(8); k < c; k++ {
			u := in.Offer.Units[r.IntN(len(in.Offer.Units))]
			u.ID = fmt.Sprintf("%s-copy%d", u.ID, k)
			in.Offer.Units = append(in.Offer.Units, u)
		}
		shared := trial%3 == 0
		if shared {
			o := transitionMarket()
			if trial%2 == 0 {
				o = splitOffer(true)
				o.Units = append(o.Units, room("r4", "ct-at-01", 1, "12"))
			}
			if r.IntN(2) == 0 {
				o.Facilities[0].Residents = []housing.Household{victim}
				o.Units = o.Units[1:] // the resident's room
			}
			in.Offer.Programmes = o.Programmes
			if len(o.Programmes) > 0 {
				in.Offer.Programmes = append(in.Offer.Programmes, Programme{Programme: housing.Programme{
					ID: "ct-habito", Name: housing.Text{IT: "Habito", EN: "Habito"}, RuleSetID: "x", DurationPolicyID: "y"}})
			}
			in.Offer.Facilities = o.Facilities
			in.Offer.Units = append(in.Offer.Units, o.Units...)
		}
		for i := range in.Applicants {
			a := &in.Applicants[i]
			if shared {
				a.Programmes = append(a.Programmes, "ct-transizione")
				a.Household.Needs.CanShare = housing.Bool(r.IntN(4) != 0)
				if r.IntN(4) == 0 {
					a.Household.Members[0].Sex = housing.SexMale
				}
			}
			if r.IntN(4) == 0 {
				a.Declined = []string{in.Offer.Units[r.IntN(len(in.Offer.Units))].ID}
			}
			if r.IntN(3) == 0 || trial%2 == 1 {
				a.Preferences = nil
			}
		}
		mechs := []Mechanism{SerialDictatorship, Lottery, Optimal, DeferredAcceptance}
		for _, mech := range mechs {
			opt := Options{Mechanism: mech, RentCheck: incomeShare("0.30"), Seed: uint64(trial)}
			if trial%5 == 1 {
				opt.Scorers = []Weighted{{Priority{}, 100}, {Waiting{}, 1}, {burdenScorer{}, 1}}
			}
			if trial%7 == 2 {
				opt.Constraints = append(DefaultConstraints(incomeShare("0.30")), sizeCap{})
			}
			res := assignAgrees(t, r, in, opt, fmt.Sprintf("trial %d, %s", trial, mech))
			if res == nil {
				continue
			}
			seen["matched"]++
			if res.Rounds > 1 {
				seen["repaired"]++
			}
			for _, p := range res.Proposals {
				if len(p.Units) > 1 {
					seen["suite"]++
				}
				if slices.Contains(in.Applicants[slices.IndexFunc(in.Applicants, func(a Applicant) bool { return a.ID() == p.Household })].Declined, p.Units[0]) {
					t.Fatalf("declined unit proposed: %s %v (%s)", p.Household, p.Units, mech)
				}
			}
		}
	}
	// the markets reach every path
	t.Logf("%v, %d rounds served by class", seen, byClass)
	require.Greater(t, seen["matched"], 1000)
	require.Positive(t, seen["repaired"])
	require.Positive(t, seen["suite"])
	require.Greater(t, byClass, 60, "rounds served by class")
	// pools of beds
	for trial := 0; trial < 40; trial++ {
		f1, b1 := bedFacility("fa", 2+r.IntN(6), "Centro")
		f2, b2 := bedFacility("fb", 2+r.IntN(6), "Librino")
		in := Input{Date: day, Offer: Offer{Facilities: []Facility{f1, f2}, Units: append(b1, b2...)}}
		for i := 0; i < 2+r.IntN(8); i++ {
			h := single(fmt.Sprintf("s%02d", i), "1980-01-01", housing.SexMale, "9000")
			if r.IntN(3) == 0 {
				h = family(fmt.Sprintf("f%02d", i), r.IntN(2), "12000")
			}
			in.Applicants = append(in.Applicants, applicant(h, r.IntN(3)*10, "2024-05-01", "ct-transizione"))
		}
		assignAgrees(t, r, in, Options{Mechanism: Capacitated}, fmt.Sprintf("beds %d", trial))
		assignAgrees(t, r, in, Options{Mechanism: SerialDictatorship}, fmt.Sprintf("beds %d, priority", trial))
	}
}

// TestAssignByClassAgreesWithMatch: the priority mechanism over stocks of
// a few kinds of identical units (the simulation's case), with declined
// units, against Match.
func TestAssignByClassAgreesWithMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	before := byClass
	for trial := 0; trial < 200; trial++ {
		in := randomInput(r, 1+r.IntN(30), 1+r.IntN(3))
		kinds := in.Offer.Units
		in.Offer.Units = nil
		for k := 0; k < 1+r.IntN(40); k++ {
			u := kinds[r.IntN(len(kinds))]
			u.ID = fmt.Sprintf("v%03d", r.IntN(1000)*1000+k)
			in.Offer.Units = append(in.Offer.Units, u)
		}
		for i := range in.Applicants {
			a := &in.Applicants[i]
			a.Preferences = nil
			for d := r.IntN(3); d > 0; d-- {
				if id := in.Offer.Units[r.IntN(len(in.Offer.Units))].ID; !slices.Contains(a.Declined, id) {
					a.Declined = append(a.Declined, id)
				}
			}
		}
		assignAgrees(t, r, in, Options{Mechanism: SerialDictatorship, RentCheck: incomeShare("0.30")}, fmt.Sprintf("trial %d", trial))
	}
	require.Equal(t, 200, byClass-before)
}

// burdenScorer is a custom scorer (no classes): the rent burden again.
type burdenScorer struct{}

func (burdenScorer) Name() string { return "burden" }
func (burdenScorer) Points(a *Applicant, p *Place, on housing.Date) int64 {
	return RentBurden{}.Points(a, p, on)
}

// sizeCap is a custom constraint (no classes) that reads the unit's id.
type sizeCap struct{}

func (sizeCap) Code() string { return "size_cap" }
func (sizeCap) Check(a *Applicant, p *Place, _ housing.Date) *Violation {
	if len(p.Unit.ID)%2 == 0 && a.Household.Size() > 3 {
		return violation("size_cap", "constraint.beds", 0, 0)
	}
	return nil
}

// TestAssignAgreesOnShippedTestdata runs the example files of testdata
// with every mechanism.
func TestAssignAgreesOnShippedTestdata(t *testing.T) {
	hb, err := os.ReadFile(filepath.Join("testdata", "households.yaml"))
	require.NoError(t, err)
	apps, err := ReadApplicants("households.yaml", hb)
	require.NoError(t, err)
	ub, err := os.ReadFile(filepath.Join("testdata", "units.yaml"))
	require.NoError(t, err)
	o, err := ReadOffer("units.yaml", ub)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(1, 2))
	for _, mech := range Mechanisms {
		in := Input{Applicants: apps, Offer: o, Date: day}
		assignAgrees(t, r, in, Options{Mechanism: mech, Seed: 7}, string(mech))
		in.Applicants = slices.Clone(apps)
		in.Applicants[1].Declined = nil
		assignAgrees(t, r, in, Options{Mechanism: mech, Seed: 7, RentCheck: incomeShare("0.30")}, string(mech)+", rent")
	}
}

// TestClassKeyCoversUnit fails when housing.Unit gains a field that
// classKey does not read: units differing only there would share a class.
func TestClassKeyCoversUnit(t *testing.T) {
	var names []string
	ty := reflect.TypeFor[housing.Unit]()
	for i := 0; i < ty.NumField(); i++ {
		names = append(names, ty.Field(i).Name)
	}
	require.Equal(t, []string{"ID", "FacilityID", "ProgrammeID", "OwnerID", "Kind", "Beds", "Bedrooms", "AreaSqm", "StepFree",
		"Rent", "ServiceCharges", "Contract", "AvailableFrom", "AvailableUntil", "Municipality", "SubArea", "Restrictions"}, names,
		"housing.Unit changed: update classKey")
	rty := reflect.TypeFor[housing.Restrictions]()
	require.Equal(t, 5, rty.NumField(), "housing.Restrictions changed: update classKey")
	// every field but the id changes the key
	base := apartment("u", 2, "40", "300")
	k0 := classKey(&base, -1, -1)
	changes := []func(u *housing.Unit){
		func(u *housing.Unit) { u.FacilityID = "f" }, func(u *housing.Unit) { u.ProgrammeID = "p" },
		func(u *housing.Unit) { u.OwnerID = "o" }, func(u *housing.Unit) { u.Kind = housing.UnitRoom },
		func(u *housing.Unit) { u.Beds = 3 }, func(u *housing.Unit) { u.Bedrooms = 5 },
		func(u *housing.Unit) { u.AreaSqm = dec("40.0") }, func(u *housing.Unit) { u.StepFree = true },
		func(u *housing.Unit) { u.Rent = dec("301") }, func(u *housing.Unit) { u.ServiceCharges = dec("1") },
		func(u *housing.Unit) { u.Contract = housing.ContractConcession }, func(u *housing.Unit) { u.AvailableFrom = d("2025-01-02") },
		func(u *housing.Unit) { u.AvailableUntil = d("2030-01-01") }, func(u *housing.Unit) { u.Municipality = "Enna" },
		func(u *housing.Unit) { u.SubArea = "Nord" }, func(u *housing.Unit) { u.Restrictions.WomenOnly = true },
		func(u *housing.Unit) { u.Restrictions.NoMinors = true }, func(u *housing.Unit) { u.Restrictions.MinAge = 30 },
		func(u *housing.Unit) { u.Restrictions.MaxAge = 60 }, func(u *housing.Unit) { u.Restrictions.MaxHouseholdSize = 2 },
	}
	for k, change := range changes {
		u := base
		change(&u)
		require.NotEqual(t, k0, classKey(&u, -1, -1), "change %d", k)
	}
	u := base
	u.ID = "other"
	require.Equal(t, k0, classKey(&u, -1, -1))
	require.NotEqual(t, k0, classKey(&base, 0, -1))
	require.NotEqual(t, k0, classKey(&base, -1, 0))
}

// TestAssignRefusesBadRounds: bad unit indexes and a missing date are
// errors, not panics.
func TestAssignRefusesBadRounds(t *testing.T) {
	in := randomInput(rand.New(rand.NewPCG(3, 4)), 3, 3)
	m, err := NewMatcher(in.Offer, Options{Mechanism: SerialDictatorship})
	require.NoError(t, err)
	for _, r := range []Round{
		{Applicants: in.Applicants, Units: []int{0, 3}, Date: day},
		{Applicants: in.Applicants, Units: []int{-1}, Date: day},
		{Applicants: in.Applicants, Units: []int{1, 1}, Date: day},
		{Applicants: in.Applicants, Units: []int{1}},
	} {
		_, err := m.Assign(&r)
		require.Error(t, err)
		require.Equal(t, housing.CodeInvalid, housing.ErrorCode(err))
	}
	bad := in.Offer
	bad.Units = slices.Clone(bad.Units)
	bad.Units[0].Beds = 0
	_, err = NewMatcher(bad, Options{})
	require.Error(t, err)
	_, err = NewMatcher(in.Offer, Options{Mechanism: "nope"})
	require.Error(t, err)
	got, err := m.Assign(&Round{Applicants: in.Applicants, Date: day})
	require.NoError(t, err)
	require.Empty(t, got)
}

// A panicking scorer is an internal error of Assign too.
func TestAssignPanicIsAnError(t *testing.T) {
	in := randomInput(rand.New(rand.NewPCG(3, 4)), 3, 3)
	m, err := NewMatcher(in.Offer, Options{Scorers: []Weighted{{panicky{}, 1}}})
	require.NoError(t, err)
	_, err = m.Assign(&Round{Applicants: in.Applicants, Units: []int{0, 1, 2}, Date: day})
	require.Error(t, err)
	require.Equal(t, housing.CodeInternal, housing.ErrorCode(err))
}
