package matching

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching/mechanism"
)

// Tenant is a household already placed in a unit, which it may trade for
// another tenant's unit.
type Tenant struct {
	Applicant
	// Unit is the id of the unit the household holds now.
	Unit string `json:"unit"`
}

// Move proposes that a household leave one unit for another.
type Move struct {
	Household string `json:"household"`
	From      string `json:"from"`
	To        string `json:"to"`
}

// Transfers proposes exchanges of units among households already placed,
// by top trading cycles (Shapley–Scarf, matching/mechanism). Each household
// wants, in the order of its Preferences, the units other tenants hold that
// are feasible for it under opt's constraints (every constraint applies,
// so a move never breaks a rule a first placement keeps); units ranked
// after its own, unranked units and infeasible ones do not count. A
// household that ranks nothing stays. The result is individually rational
// (nobody moves to a unit it likes less than its own), Pareto efficient
// and in the core; households that stay are not listed, moves come in rank
// order.
//
// offer lists the tenants' units (with their facilities and programmes);
// opt's Mechanism, Seed, Scorers and LandlordScore are not used.
//
// Errors: housing.CodeInvalid for an invalid input (every problem listed),
// a tenant's unit missing from the offer or held by two tenants.
func Transfers(tenants []Tenant, offer Offer, on housing.Date, opt Options) ([]Move, error) {
	in := Input{Offer: offer, Date: on}
	for _, t := range tenants {
		in.Applicants = append(in.Applicants, t.Applicant)
	}
	if err := opt.validate(); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var ps housing.Problems
	holder := map[string]int{}
	for i, t := range tenants {
		at := housing.JoinPath(housing.Index("tenants", i), "unit")
		if j, ok := holder[t.Unit]; ok {
			ps.Add(at, "unit %q is held by tenants[%d] too", t.Unit, j)
		}
		holder[t.Unit] = i
		found := false
		for _, u := range offer.Units {
			found = found || u.ID == t.Unit
		}
		if !found {
			ps.Add(at, "unit %q is not in the offer", t.Unit)
		}
	}
	if err := ps.Err("invalid tenants"); err != nil {
		return nil, err
	}
	opt.Mechanism = Optimal
	pr, err := build(&in, &opt, false)
	if err != nil {
		return nil, err
	}
	// Units are numbered by their holder's row: unit k is held by row k.
	unitOf := map[string]string{}
	for _, t := range tenants {
		unitOf[t.ID()] = t.Unit
	}
	rowOfUnit := map[string]int{}
	owns := make([]int, len(pr.apps))
	for i, a := range pr.apps {
		rowOfUnit[unitOf[a.ID()]] = i
		owns[i] = i
	}
	prefs := make([][]int, len(pr.apps))
	for i, a := range pr.apps {
		feasible := map[string]bool{}
		cols, _ := pr.pairsOf(i)
		for _, j := range cols {
			feasible[pr.cols[j].units[0]] = true
		}
		for _, u := range a.Preferences {
			if u == unitOf[a.ID()] {
				break
			}
			if k, held := rowOfUnit[u]; held && feasible[u] {
				prefs[i] = append(prefs[i], k)
			}
		}
	}
	got, err := mechanism.TopTradingCycles(owns, prefs)
	if err != nil {
		return nil, mechanismFault(err)
	}
	var moves []Move
	for i, k := range got {
		if k != i {
			moves = append(moves, Move{Household: pr.apps[i].ID(), From: unitOf[pr.apps[i].ID()], To: unitOf[pr.apps[k].ID()]})
		}
	}
	return moves, nil
}
