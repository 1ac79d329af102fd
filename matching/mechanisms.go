package matching

import (
	"cmp"
	"slices"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching/mechanism"
)

// Draw is a lottery's draw, exported so that an auditor can re-run it:
// mechanism.DrawOrder over the positions 0..len(Applicants)-1 with Seed
// gives the positions of Order in Applicants.
type Draw struct {
	Seed uint64 `json:"seed"`
	// Source names the generator (see mechanism.DrawOrder).
	Source string `json:"source"`
	// Applicants is the list drawn from: household ids in rank order.
	Applicants []string `json:"applicants"`
	// Order is the drawn order: Order[0] chose first.
	Order []string `json:"order"`
}

// allowedPrefs returns every row's preference order over its allowed
// columns.
func (pr *problem) allowedPrefs(fb *forbidden) [][]int {
	prefs := make([][]int, len(pr.apps))
	for i := range pr.apps {
		var skip map[int]bool
		cols, _ := pr.pairsOf(i)
		for _, j := range cols {
			if fb.has(i, j) {
				if skip == nil {
					skip = map[int]bool{}
				}
				skip[j] = true
			}
		}
		prefs[i] = pr.preferenceOrder(i, skip)
	}
	return prefs
}

func ones(n int) []int {
	c := make([]int, n)
	for j := range c {
		c[j] = 1
	}
	return c
}

func mechanismFault(err error) error {
	return &housing.Error{Code: housing.CodeInternal, Key: "matching.mechanism", Message: "the allocation mechanism failed", Err: err}
}

// solveSerial runs serial dictatorship in the given order of rows (rank
// order when nil), one household per unit.
func (pr *problem) solveSerial(fb *forbidden, order []int) (solution, error) {
	if order == nil {
		order = make([]int, len(pr.apps))
		for i := range order {
			order[i] = i
		}
	}
	got, err := mechanism.SerialDictatorship(order, pr.allowedPrefs(fb), ones(len(pr.cols)))
	if err != nil {
		return solution{}, mechanismFault(err)
	}
	return solution{colOf: got, order: order}, nil
}

// solveLottery draws the order from the rows in rank order with the seed,
// then runs serial dictatorship. The draw does not depend on repairs: the
// same order is drawn in every round.
func (pr *problem) solveLottery(fb *forbidden) (solution, error) {
	list := make([]int, len(pr.apps))
	for i := range list {
		list[i] = i
	}
	l, got, err := mechanism.RandomSerialDictatorship(list, pr.opt.Seed, pr.allowedPrefs(fb), ones(len(pr.cols)))
	if err != nil {
		return solution{}, mechanismFault(err)
	}
	d := &Draw{Seed: l.Seed, Source: l.Source}
	for _, i := range l.Applicants {
		d.Applicants = append(d.Applicants, pr.apps[i].ID())
	}
	for _, i := range l.Order {
		d.Order = append(d.Order, pr.apps[i].ID())
	}
	return solution{colOf: got, order: l.Order, draw: d}, nil
}

// solveDeferred runs applicant-proposing deferred acceptance: households
// propose in their preference order; each unit ranks the households for
// which it is feasible by the landlord's score (landlordPrefers).
func (pr *problem) solveDeferred(fb *forbidden) (solution, error) {
	appPrefs := pr.allowedPrefs(fb)
	unitPrefs := make([][]int, len(pr.cols))
	for i, list := range appPrefs {
		for _, j := range list {
			unitPrefs[j] = append(unitPrefs[j], i)
		}
	}
	for j := range unitPrefs {
		slices.SortStableFunc(unitPrefs[j], func(a, b int) int {
			if pr.landlordPrefers(j, a, b) {
				return -1
			}
			if pr.landlordPrefers(j, b, a) {
				return 1
			}
			return cmp.Compare(a, b)
		})
	}
	got, err := mechanism.DeferredAcceptance(appPrefs, unitPrefs, ones(len(pr.cols)))
	if err != nil {
		return solution{}, mechanismFault(err)
	}
	return solution{colOf: got}, nil
}
