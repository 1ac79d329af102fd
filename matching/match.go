package matching

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/housingkit/housingkit/housing"
)

// Mechanism names the way Match turns feasible pairs into proposals.
type Mechanism string

// The mechanisms.
const (
	// Optimal maximises, in this order: the number of households housed,
	// the total score of the proposals, and then (see Match) the rank of
	// the households housed; solved exactly by matching/assign over the
	// feasible pairs only.
	Optimal Mechanism = "optimal"
	// SerialDictatorship serves households in rank order (priority score,
	// then earlier referral, then household id): each takes the unit it
	// prefers among those still free (its ranked preferences first, then
	// by score).
	SerialDictatorship Mechanism = "priority"
	// Lottery is random serial dictatorship: the order is drawn with
	// Options.Seed and exported in Result.Order so that an auditor can
	// re-run the draw.
	Lottery Mechanism = "lottery"
	// DeferredAcceptance is applicant-proposing deferred acceptance:
	// households propose in their preference order, landlords (units) keep
	// the proposer they rank highest (Options.LandlordScore, by default the
	// priority score, then the rank order). The result is stable.
	DeferredAcceptance Mechanism = "deferred-acceptance"
	// Capacitated places households in facilities with bed capacity: the
	// identical beds (units of kind bed) of a facility form one pool from
	// which a household of k members takes k beds, by
	// assign.SolveCapacitated with Optimal's objective (exact with few
	// households of several members, its documented heuristic beyond; see
	// Result.Method). Rooms and apartments hold one household each: when
	// the solver, which counts beds only, puts two in one, the household
	// first in rank order keeps it and the others move, in rank order, to
	// their best column with room left, or stay unmatched (Result.Method
	// is then "heuristic"). Exact when the offer holds only pools of beds.
	Capacitated Mechanism = "capacitated"
)

// Mechanisms lists the mechanisms.
var Mechanisms = []Mechanism{Optimal, SerialDictatorship, Lottery, DeferredAcceptance, Capacitated}

// ParseMechanism returns the mechanism named s.
func ParseMechanism(s string) (Mechanism, error) {
	for _, m := range Mechanisms {
		if string(m) == s {
			return m, nil
		}
	}
	return "", housing.Errorf(housing.CodeInvalid, "matching.mechanism", "unknown mechanism %q; want one of optimal, priority, lottery, deferred-acceptance, capacitated", s)
}

// Input is a matching: the applicants, the offer and the date on which
// ages, availability, rents and waiting times are taken.
type Input struct {
	Applicants []Applicant
	Offer      Offer
	Date       housing.Date
}

// Validate checks every applicant and the offer, that household ids are
// unique, and that a date is given. It returns every problem at once with
// paths such as "applicants[2].household.members[0].birth_date" and
// "offer.units[3].beds".
func (in Input) Validate() error {
	var ps housing.Problems
	if in.Date.IsZero() {
		ps.Add("date", "is required")
	}
	validateApplicantsOn(&ps, in.Applicants, in.Date)
	var ops housing.Problems
	in.Offer.validate(&ops)
	for _, p := range ops {
		ps = append(ps, housing.Problem{Path: housing.JoinPath("offer", p.Path), Message: p.Message})
	}
	return ps.Err("invalid matching input")
}

// Options choose the mechanism, the constraints and the scorers. The zero
// value is the optimal mechanism with DefaultConstraints(nil) (no rent
// check) and DefaultScorers.
type Options struct {
	// Mechanism defaults to Optimal.
	Mechanism Mechanism
	// Seed draws the lottery's order (Lottery only).
	Seed uint64
	// Constraints decide feasibility; nil means DefaultConstraints(RentCheck).
	Constraints []Constraint
	// RentCheck is used by the default constraints (nil: no rent check).
	RentCheck RentCheck
	// Scorers score feasible pairs; nil means DefaultScorers().
	Scorers []Weighted
	// Compatibility decides whether two households may live in the same
	// facility with shared spaces — a newcomer and a resident (through the
	// default constraints' CoHousing) and two households proposed there;
	// nil means DefaultCompatibility. A household found incompatible with one ranked
	// before it (in the mechanism's order) loses every unit of that
	// facility and the mechanism runs again: a repair that is exact for the
	// priority mechanisms and a heuristic for the others.
	Compatibility Compatibility
	// LandlordScore ranks applicants for a unit in deferred acceptance,
	// higher first, ties by rank order; nil ranks by priority score.
	LandlordScore func(a *Applicant, p *Place) int64
}

// prepare gives the options their default mechanism (Optimal), refuses an
// unknown one and validates the rest.
func (o *Options) prepare() error {
	if o.Mechanism == "" {
		o.Mechanism = Optimal
	}
	if _, err := ParseMechanism(string(o.Mechanism)); err != nil {
		return err
	}
	return o.validate()
}

// validate refuses nil constraints and scorers, with code CodeInvalid.
func (o *Options) validate() error {
	var ps housing.Problems
	for i, c := range o.Constraints {
		if c == nil {
			ps.Add(housing.Index("constraints", i), "is nil")
		}
	}
	for i, w := range o.Scorers {
		if w.Scorer == nil {
			ps.Add(housing.Index("scorers", i)+".scorer", "is nil")
		}
	}
	return ps.Err("invalid matching options")
}

// constraints returns Constraints, or the default ones with RentCheck and,
// for the residents, the options' compatibility rule.
func (o *Options) constraints() []Constraint {
	if o.Constraints != nil {
		return o.Constraints
	}
	cs := DefaultConstraints(o.RentCheck)
	for k, c := range cs {
		if _, ok := c.(CoHousing); ok {
			cs[k] = CoHousing{Rule: o.compatibility()}
		}
	}
	return cs
}

func (o *Options) scorers() []Weighted {
	if o.Scorers != nil {
		return o.Scorers
	}
	return DefaultScorers()
}

func (o *Options) compatibility() Compatibility {
	if o.Compatibility != nil {
		return o.Compatibility
	}
	return DefaultCompatibility
}

// Result is the outcome of a matching: a proposal for every household
// housed and reasons for every household left out, both in rank order.
type Result struct {
	Mechanism Mechanism    `json:"mechanism"`
	Date      housing.Date `json:"date"`
	// Lottery is the lottery's draw (Lottery only): seed, generator, the
	// list drawn from and the drawn order.
	Lottery *Draw `json:"lottery,omitempty"`
	// Order lists household ids in the order they chose: the rank order
	// for SerialDictatorship, the drawn order for Lottery.
	Order      []string    `json:"order,omitempty"`
	Households int         `json:"households"`
	Units      int         `json:"units"`
	Proposals  []Proposal  `json:"proposals"`
	Unmatched  []Unmatched `json:"unmatched"`
	// TotalScore is the sum of the proposals' scores.
	TotalScore int64 `json:"total_score"`
	// Method says how the solution was found, for the optimal mechanisms:
	// "exact"; "exact-scan-order" when the rank term of the tie rule did
	// not fit in int64 costs (see Match); for Capacitated the solver's
	// "exact-flow" or "branch-and-bound" (proven optimal),
	// "heuristic-proven" (the heuristic met its lower bound) or "heuristic"
	// (not proven optimal).
	Method string `json:"method,omitempty"`
	// Rounds counts the runs of the mechanism (more than 1 when co-housing
	// conflicts were repaired).
	Rounds int `json:"rounds"`
}

// Proposal pairs a household with a unit (or, for a pool of beds, with
// beds of one facility) and gives the score with its parts.
type Proposal struct {
	Household string   `json:"household"`
	Units     []string `json:"units"`
	Facility  string   `json:"facility,omitempty"`
	Programme string   `json:"programme,omitempty"`
	// PreferenceRank is the unit's 1-based rank in the household's
	// preferences, 0 when not listed.
	PreferenceRank int         `json:"preference_rank,omitempty"`
	Score          int64       `json:"score"`
	Parts          []ScorePart `json:"parts"`
}

// ScorePart is one scorer's contribution: Value = Points × Weight.
type ScorePart struct {
	Scorer string `json:"scorer"`
	Points int64  `json:"points"`
	Weight int64  `json:"weight"`
	Value  int64  `json:"value"`
}

// Unmatched is a household left without a proposal, with its reasons.
type Unmatched struct {
	Household string   `json:"household"`
	Reasons   []Reason `json:"reasons"`
}

// solution is a mechanism's answer over rows and columns.
type solution struct {
	colOf []int // row → column or -1
	beds  [][]string
	order []int // rows in the order served (priority, lottery), or nil
	draw  *Draw
	// method describes how it was found, for Result.Method.
	method string
}

// Match proposes units to applicants with the mechanism of opt and gives
// every household left out its reasons. The same input and options give
// the same result.
//
// Ties are broken by a stated rule: households by rank order — higher
// priority score, then earlier referral date, then household id — and
// units by id. Mechanisms that serve households in order use that order
// (or the drawn one); each household takes its ranked preferences first,
// then the unit of highest score, then the lowest unit id. Optimal among
// equally good assignments prefers housing higher-ranked households (the
// sum of their ranks, encoded in the integer costs), then the solver's
// fixed scan order over rows in rank order and columns in unit-id order.
//
// Errors: housing.CodeInvalid for an invalid input (every problem listed)
// or options (unknown mechanism, weights or points out of range).
func Match(in Input, opt Options) (*Result, error) {
	if err := opt.prepare(); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	pr, err := build(&in, &opt, opt.Mechanism == Capacitated)
	if err != nil {
		return nil, err
	}
	fb := newForbidden()
	var sol solution
	rounds := 0
	for {
		rounds++
		sol, err = pr.solve(fb)
		if err != nil {
			return nil, err
		}
		if !pr.repair(&sol, fb) {
			break
		}
	}
	res := pr.result(&sol, fb)
	res.Rounds = rounds
	return res, nil
}

// forbidden holds the pairs excluded during repairs, with why.
type forbidden struct {
	pairs map[[2]int]*Violation
	// by[i] lists, for row i, the households whose presence excluded it.
	by map[int][]string
}

func newForbidden() *forbidden {
	return &forbidden{pairs: map[[2]int]*Violation{}, by: map[int][]string{}}
}

func (f *forbidden) has(i, j int) bool { _, ok := f.pairs[[2]int{i, j}]; return ok }

// solve runs the mechanism over the feasible pairs not forbidden.
func (pr *problem) solve(fb *forbidden) (solution, error) {
	switch pr.opt.Mechanism {
	case Optimal:
		return pr.solveOptimal(fb)
	case Capacitated:
		return pr.solveCapacitated(fb)
	case SerialDictatorship:
		return pr.solveSerial(fb, nil)
	case Lottery:
		return pr.solveLottery(fb)
	case DeferredAcceptance:
		return pr.solveDeferred(fb)
	}
	return solution{}, fmt.Errorf("matching: mechanism %q not wired", pr.opt.Mechanism)
}

// serviceRank returns, for each row, its position in the mechanism's order
// of service (the drawn order for the lottery, else the rank order).
func (pr *problem) serviceRank(sol *solution) []int {
	pos := make([]int, len(pr.apps))
	for i := range pos {
		pos[i] = i
	}
	if sol.order != nil {
		for k, i := range sol.order {
			pos[i] = k
		}
	}
	return pos
}

// repair looks for households proposed into the same shared facility that
// are incompatible. For each pair, the household later in the order of
// service loses the facility's columns. It reports whether anything was
// forbidden.
func (pr *problem) repair(sol *solution, fb *forbidden) bool {
	pos := pr.serviceRank(sol)
	if pr.repairSuites(sol, fb, pos) {
		return true
	}
	rule := pr.opt.compatibility()
	byFacility := map[string][]int{}
	for i, j := range sol.colOf {
		if j < 0 {
			continue
		}
		if p := &pr.cols[j].place; p.Shared() {
			byFacility[p.FacilityID()] = append(byFacility[p.FacilityID()], i)
		}
	}
	changed := false
	facs := make([]string, 0, len(byFacility))
	for f := range byFacility {
		facs = append(facs, f)
	}
	slices.Sort(facs)
	for _, f := range facs {
		rows := byFacility[f]
		slices.SortFunc(rows, func(a, b int) int { return cmp.Compare(pos[a], pos[b]) })
		var kept []int
		for _, i := range rows {
			var v *Violation
			var with string
			for _, k := range kept {
				if v = rule(&pr.apps[i].Household, &pr.apps[k].Household, pr.on); v != nil {
					with = pr.apps[k].ID()
					break
				}
			}
			if v == nil {
				kept = append(kept, i)
				continue
			}
			cols, _ := pr.pairsOf(i)
			for _, j := range cols {
				if pr.cols[j].place.FacilityID() == f {
					fb.pairs[[2]int{i, j}] = v
				}
			}
			fb.by[i] = append(fb.by[i], with)
			changed = true
		}
	}
	return changed
}

// result turns a solution into proposals and reasons.
func (pr *problem) result(sol *solution, fb *forbidden) *Result {
	res := &Result{Mechanism: pr.opt.Mechanism, Date: pr.on, Households: len(pr.apps), Method: sol.method}
	res.Units = pr.unitCount()
	res.Lottery = sol.draw
	if sol.order != nil {
		for _, i := range sol.order {
			res.Order = append(res.Order, pr.apps[i].ID())
		}
	}
	holder := map[int][]int{}
	for i, j := range sol.colOf {
		if j >= 0 {
			holder[j] = append(holder[j], i)
		}
	}
	pos := pr.serviceRank(sol)
	res.Proposals = []Proposal{}
	res.Unmatched = []Unmatched{}
	for i, a := range pr.apps {
		j := sol.colOf[i]
		if j < 0 {
			res.Unmatched = append(res.Unmatched, Unmatched{Household: a.ID(), Reasons: pr.reasons(i, holder, pos, fb)})
			continue
		}
		c := &pr.cols[j]
		p := Proposal{Household: a.ID(), Units: c.units, Facility: c.place.FacilityID(), Programme: c.place.ProgrammeID()}
		if sol.beds != nil && sol.beds[i] != nil {
			p.Units = sol.beds[i]
		}
		// The parts cannot fail here: build scored every feasible pair.
		p.Score, _ = pairScore(pr.scorers, a, &c.place, pr.on, &p.Parts)
		if r := c.place.preferenceRank(a); r >= 0 {
			p.PreferenceRank = r + 1
		}
		res.TotalScore += p.Score
		res.Proposals = append(res.Proposals, p)
	}
	return res
}

// validateApplicants validates each applicant at "applicants[i]" and
// reports a household id listed twice.
func validateApplicants(ps *housing.Problems, as []Applicant) {
	validateApplicantsOn(ps, as, housing.Date{})
}

// validateApplicantsOn is validateApplicants for a matching on the date
// on: a member born after it is a problem too.
func validateApplicantsOn(ps *housing.Problems, as []Applicant, on housing.Date) {
	seen := map[string]int{}
	for i, a := range as {
		at := housing.Index("applicants", i)
		a.validate(ps, at, on)
		if id := a.Household.ID; id != "" {
			if j, ok := seen[id]; ok {
				ps.Add(housing.JoinPath(at, "household.id"), "household %q is listed twice (first at applicants[%d])", id, j)
			}
			seen[id] = i
		}
	}
}
