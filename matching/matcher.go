package matching

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

// Matcher is Match prepared once for a stock of units and a set of options,
// for callers that match over the same stock again and again (a simulation
// that matches every day) and need the assignments but not the
// explanations. NewMatcher validates the options and the stock once; each
// Assign takes the units of the stock on offer, the applicants and the date,
// and gives the same assignments as Match on the same input and options —
// the same households, the same units, in the same order — without
// validating the applicants, and without the reasons for the households left
// out, the scores' parts or the lottery's draw.
//
// It saves in three places. The stock is validated, sorted and its figures
// computed once. When every constraint and scorer is one of this package's
// own — which read a unit's id only to check the household's Declined units
// and Preferences — the units that differ in nothing but their id (the
// identical apartments of a building, the beds of a facility) are checked
// and scored once per household, and each unit's id is then checked against
// the household's Declined and Preferences alone. And the priority
// mechanism picks each household's best free unit by one scan instead of
// sorting every feasible unit — by one look at each class of units when no
// repair can happen (no suite, no facility with shared spaces) and no
// household ranks units.
//
// A Matcher is immutable and safe for concurrent use; Assign keeps its
// working memory in a pool.
type Matcher struct {
	opt         Options
	constraints []Constraint
	scorers     []Weighted
	declinedK   int
	// classed: every constraint and scorer is the package's own, so units
	// of one class (class[u]) are told apart only by their ids.
	classed bool
	nclass  int
	class   []int

	units      []housing.Unit
	ids        [][]string // each unit's id, as a column's units
	facts      []*placeFacts
	facilities []Facility // without residents
	programmes []Programme
	facOf      []int // the unit's facility, or -1
	progOf     []int // the programme of the unit's place, or -1
	idRank     []int // the unit's position in unit-id order
	index      map[string]int

	scratch sync.Pool
	// byClass counts the rounds served by serialByClass (for tests).
	byClass atomic.Int64
}

// Round is one matching over a Matcher's stock.
type Round struct {
	// Applicants are the households waiting. Assign does not validate
	// them: each must be valid on Date (Applicant.Validate and
	// housing.Household.ValidateOn, for example once when it joins the
	// list), with a household id of its own.
	Applicants []Applicant
	// Units lists the units on offer as indexes in the stock's Units, each
	// once, in any order.
	Units []int
	// Residents holds, for each facility of the stock (by index in its
	// Facilities), the households living there now; nil or shorter when
	// there are none. They are not validated either, and the facility's
	// bed capacity is not checked against them.
	Residents [][]housing.Household
	// Date is the date of the matching.
	Date housing.Date
	// Seed draws the lottery's order (it replaces Options.Seed).
	Seed uint64
}

// Assignment is a household of a Round with the units proposed to it.
type Assignment struct {
	// Applicant is the household's index in Round.Applicants.
	Applicant int
	// Units are the units proposed, as indexes in the stock's Units: one
	// unit, the rooms of a suite, or beds of a pool.
	Units []int
}

// NewMatcher validates opt and the stock (as Match validates an input's
// options and offer; the facilities' residents, which change from one round
// to the next, are given to each Round instead) and prepares them.
// Errors: housing.CodeInvalid with every problem listed.
func NewMatcher(stock Offer, opt Options) (*Matcher, error) {
	if err := opt.prepare(); err != nil {
		return nil, err
	}
	m := &Matcher{opt: opt, constraints: opt.constraints(), scorers: opt.scorers(), declinedK: -1}
	for _, w := range m.scorers {
		if w.Weight > MaxWeight || w.Weight < -MaxWeight {
			return nil, housing.Errorf(housing.CodeInvalid, "matching.weight", "weight %d of scorer %q is beyond ±%d", w.Weight, w.Scorer.Name(), MaxWeight)
		}
	}
	for k, c := range m.constraints {
		if c.Code() == CodeDeclined {
			m.declinedK = k
		}
	}
	stock.Facilities = slices.Clone(stock.Facilities)
	for i := range stock.Facilities {
		stock.Facilities[i].Residents = nil
	}
	var ps housing.Problems
	stock.validate(&ps)
	if err := ps.Err("invalid stock"); err != nil {
		return nil, err
	}
	m.units = slices.Clone(stock.Units)
	m.facilities = stock.Facilities
	m.programmes = slices.Clone(stock.Programmes)
	n := len(m.units)
	m.ids, m.facts = make([][]string, n), make([]*placeFacts, n)
	m.facOf, m.progOf, m.idRank = make([]int, n), make([]int, n), make([]int, n)
	m.index = make(map[string]int, n)
	facs := map[string]int{}
	for i := range m.facilities {
		facs[m.facilities[i].ID] = i
	}
	progs := map[string]int{}
	for i := range m.programmes {
		progs[m.programmes[i].ID] = i
	}
	order := make([]int, n)
	for u := range m.units {
		unit := &m.units[u]
		m.ids[u] = []string{unit.ID}
		m.facts[u] = newPlaceFacts(unit)
		m.index[unit.ID] = u
		m.facOf[u], m.progOf[u] = -1, -1
		if f, ok := facs[unit.FacilityID]; ok {
			m.facOf[u] = f
		}
		p := Place{Unit: unit}
		if f := m.facOf[u]; f >= 0 {
			p.Facility = &m.facilities[f]
		}
		if k, ok := progs[p.ProgrammeID()]; ok {
			m.progOf[u] = k
		}
		order[u] = u
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(m.units[a].ID, m.units[b].ID) })
	for k, u := range order {
		m.idRank[u] = k
	}
	m.classed = ownRules(m.constraints, m.scorers)
	m.class = make([]int, n)
	classes := map[string]int{}
	for u := range m.units {
		if !m.classed {
			m.class[u] = u
			continue
		}
		key := classKey(&m.units[u], m.facOf[u], m.progOf[u])
		c, ok := classes[key]
		if !ok {
			c = len(classes)
			classes[key] = c
		}
		m.class[u] = c
	}
	m.nclass = n
	if m.classed {
		m.nclass = len(classes)
	}
	return m, nil
}

// ownRules reports whether every constraint and scorer is one of the
// package's own, which read a unit's id only through Declined and the
// Preference scorer (whose points are 0 for a household without
// preferences).
func ownRules(cs []Constraint, ws []Weighted) bool {
	for _, c := range cs {
		switch c.(type) {
		case ProgrammeMember, Availability, Beds, Area, StepFree, WomenOnly, NoMinors, AgeLimits,
			HouseholdSize, Location, Sharing, CoHousing, Rent, Declined:
		default:
			return false
		}
	}
	for _, w := range ws {
		switch w.Scorer.(type) {
		case Priority, Waiting, Preference, SubArea, RentBurden, Fit:
		default:
			return false
		}
	}
	return true
}

// classKey is everything of a unit's place but the unit's id: units with
// the same key are the same to the package's constraints and scorers.
// Amounts are kept as coefficient and exponent, so that equal keys mean
// equal representations. TestClassKeyCoversUnit checks that every field of
// housing.Unit is here.
func classKey(u *housing.Unit, fac, prog int) string {
	dec := func(d decimal.Decimal) string {
		return d.Coefficient().String() + "e" + strconv.Itoa(int(d.Exponent()))
	}
	r := u.Restrictions
	return strings.Join([]string{
		strconv.Itoa(fac), strconv.Itoa(prog), u.FacilityID, u.ProgrammeID, u.OwnerID, string(u.Kind),
		strconv.Itoa(u.Beds), strconv.Itoa(u.Bedrooms), dec(u.AreaSqm), strconv.FormatBool(u.StepFree),
		dec(u.Rent), dec(u.ServiceCharges), string(u.Contract), u.AvailableFrom.String(), u.AvailableUntil.String(),
		u.Municipality, u.SubArea, strconv.FormatBool(r.WomenOnly), strconv.FormatBool(r.NoMinors),
		strconv.Itoa(r.MinAge), strconv.Itoa(r.MaxAge), strconv.Itoa(r.MaxHouseholdSize),
	}, "\x00")
}

// Units returns the number of units of the stock.
func (m *Matcher) Units() int { return len(m.units) }

// matcherScratch is one Assign's working memory.
type matcherScratch struct {
	facilities []Facility
	apps       []Applicant
	facts      []facts
	order      []int
	ptrs       []*Applicant
	units      []int
	cols       []column
	colUnit    []int // the column's stock unit, or -1 (suite, pool)
	cls        []int
	seen       []bool
	// per-row class cache
	stamp  []uint64
	gen    uint64
	feas   []bool
	scored []bool
	score  []int64
	start  []int
	col    []int
	scores []int64
	taken  []bool
	colOf  []int
	ident  []int
	fb     forbidden
}

// Assign matches the applicants of r to the units on offer with the
// Matcher's mechanism and returns the assignments in rank order, as Match
// returns its proposals. Errors: housing.CodeInvalid for a unit index out
// of range or listed twice, a zero date, or a scorer's points out of range;
// housing.CodeInternal when a constraint or scorer panics.
func (m *Matcher) Assign(r *Round) (out []Assignment, err error) {
	if r.Date.IsZero() {
		return nil, housing.Errorf(housing.CodeInvalid, "matching.date", "the round has no date")
	}
	sc, _ := m.scratch.Get().(*matcherScratch)
	if sc == nil {
		sc = &matcherScratch{}
	}
	defer m.scratch.Put(sc)
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, &housing.Error{Code: housing.CodeInternal, Key: "matching.panic",
				Message: fmt.Sprintf("a constraint or scorer panicked: %v", v)}
		}
	}()
	// units on offer, in unit-id order
	sc.seen = grow(sc.seen, len(m.units))
	clear(sc.seen)
	sc.units = append(sc.units[:0], r.Units...)
	for _, u := range sc.units {
		if u < 0 || u >= len(m.units) {
			return nil, housing.Errorf(housing.CodeInvalid, "matching.unit", "unit index %d is not in the stock of %d units", u, len(m.units))
		}
		if sc.seen[u] {
			return nil, housing.Errorf(housing.CodeInvalid, "matching.unit", "unit %s is listed twice", m.units[u].ID)
		}
		sc.seen[u] = true
	}
	if !slices.IsSortedFunc(sc.units, func(a, b int) int { return cmp.Compare(m.idRank[a], m.idRank[b]) }) {
		slices.SortFunc(sc.units, func(a, b int) int { return cmp.Compare(m.idRank[a], m.idRank[b]) })
	}
	// facilities with this round's residents
	sc.facilities = append(sc.facilities[:0], m.facilities...)
	for f := range sc.facilities {
		if f < len(r.Residents) {
			sc.facilities[f].Residents = r.Residents[f]
		}
	}
	// applicants in rank order, with their facts
	n := len(r.Applicants)
	sc.apps = append(sc.apps[:0], r.Applicants...)
	sc.facts = grow(sc.facts, n)
	sc.order = sc.order[:0]
	for i := range sc.apps {
		f := &sc.facts[i]
		rents := f.rents
		clear(rents)
		*f = facts{h: &sc.apps[i].Household, rents: rents}
		sc.apps[i].facts = f
		sc.order = append(sc.order, i)
	}
	slices.SortStableFunc(sc.order, func(a, b int) int { return rankOrder(&sc.apps[a], &sc.apps[b]) })
	sc.ptrs = sc.ptrs[:0]
	for _, i := range sc.order {
		sc.ptrs = append(sc.ptrs, &sc.apps[i])
	}
	opt := m.opt
	opt.Seed = r.Seed
	pr := &problem{on: r.Date, opt: &opt, apps: sc.ptrs, constraints: m.constraints, scorers: m.scorers}
	// columns
	if opt.Mechanism == Capacitated {
		o := Offer{Programmes: m.programmes, Facilities: sc.facilities, Units: make([]housing.Unit, len(sc.units))}
		for k, u := range sc.units {
			o.Units[k] = m.units[u]
		}
		pr.cols = columns(&o, true)
		sc.colUnit = sc.colUnit[:0]
		for range pr.cols {
			sc.colUnit = append(sc.colUnit, -1)
		}
	} else {
		sc.cols, sc.colUnit = sc.cols[:0], sc.colUnit[:0]
		for _, u := range sc.units {
			p := Place{Unit: &m.units[u], facts: m.facts[u]}
			if f := m.facOf[u]; f >= 0 {
				p.Facility = &sc.facilities[f]
			}
			if k := m.progOf[u]; k >= 0 {
				p.Programme = &m.programmes[k]
			}
			sc.cols = append(sc.cols, column{place: p, units: m.ids[u], beds: m.units[u].Beds})
			sc.colUnit = append(sc.colUnit, u)
		}
		pr.cols = sc.cols
	}
	pr.cols = append(pr.cols, suites(pr.cols, pr.apps)...)
	// classes: the stock's for its units when the rules are the package's
	// own, else one for each column
	sc.cls = sc.cls[:0]
	nclass := 0
	for j := range pr.cols {
		if u := safeAt(sc.colUnit, j); u >= 0 && m.classed {
			sc.cls = append(sc.cls, m.class[u])
			continue
		}
		sc.cls = append(sc.cls, -1)
	}
	if m.classed {
		nclass = m.nclass
	}
	for j := range sc.cls {
		if sc.cls[j] < 0 {
			sc.cls[j] = nclass
			nclass++
		}
	}
	if opt.Mechanism == SerialDictatorship && m.classed && noRepairs(pr) {
		if out, ok := m.serialByClass(pr, sc, nclass); ok {
			return out, nil
		}
	}
	if err := m.evalRows(pr, sc, nclass); err != nil {
		return nil, err
	}
	// solve, repairing co-housing conflicts and shared rooms as Match does
	if sc.fb.pairs == nil {
		sc.fb = forbidden{pairs: map[[2]int]*Violation{}, by: map[int][]string{}}
	}
	clear(sc.fb.pairs)
	clear(sc.fb.by)
	var sol solution
	for {
		if opt.Mechanism == SerialDictatorship {
			sol = m.serial(pr, sc)
		} else if sol, err = pr.solve(&sc.fb); err != nil {
			return nil, err
		}
		if !pr.repair(&sol, &sc.fb) {
			break
		}
	}
	for i, j := range sol.colOf {
		if j < 0 {
			continue
		}
		a := Assignment{Applicant: sc.order[i]}
		switch {
		case sc.colUnit != nil && j < len(sc.colUnit) && sc.colUnit[j] >= 0 && (sol.beds == nil || sol.beds[i] == nil):
			a.Units = []int{sc.colUnit[j]}
		case sol.beds != nil && sol.beds[i] != nil:
			a.Units = m.indexes(sol.beds[i])
		default:
			a.Units = m.indexes(pr.cols[j].units)
		}
		out = append(out, a)
	}
	return out, nil
}

func (m *Matcher) indexes(ids []string) []int {
	out := make([]int, len(ids))
	for k, id := range ids {
		out[k] = m.index[id]
	}
	return out
}

func safeAt(s []int, j int) int {
	if j < len(s) {
		return s[j]
	}
	return -1
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// evalRows finds every row's feasible columns and scores, as build does
// (without counting what excluded the others, which only reasons need):
// the constraints but Declined and the scorers are evaluated once per row
// and class of columns; Declined on each column of a feasible class, and
// the score on each column when the household ranks units.
func (m *Matcher) evalRows(pr *problem, sc *matcherScratch, nclass int) error {
	sc.stamp = grow(sc.stamp, nclass)
	sc.feas, sc.scored, sc.score = grow(sc.feas, nclass), grow(sc.scored, nclass), grow(sc.score, nclass)
	n := len(pr.apps)
	sc.start = append(sc.start[:0], 0)
	sc.col, sc.scores = sc.col[:0], sc.scores[:0]
	dk := m.declinedK
	for i := 0; i < n; i++ {
		a := pr.apps[i]
		size := a.Household.Size()
		ranks := len(a.Preferences) > 0
		declined := dk >= 0 && len(a.Declined) > 0
		sc.gen++
		for j := range pr.cols {
			c := &pr.cols[j]
			if c.suite && size <= c.maxRoom {
				continue // one of the facility's rooms is large enough
			}
			p := &c.place
			k := sc.cls[j]
			if sc.stamp[k] != sc.gen {
				sc.stamp[k], sc.scored[k], sc.feas[k] = sc.gen, false, true
				for kk, con := range pr.constraints {
					if kk != dk && !passes(con, a, p, pr.on) {
						sc.feas[k] = false
						break
					}
				}
			}
			if !sc.feas[k] || (declined && !passes(pr.constraints[dk], a, p, pr.on)) {
				continue
			}
			var s int64
			if ranks || !sc.scored[k] {
				var err error
				if s, err = pairScore(pr.scorers, a, p, pr.on, nil); err != nil {
					return err
				}
				if !ranks {
					sc.score[k], sc.scored[k] = s, true
				}
			} else {
				s = sc.score[k]
			}
			sc.col = append(sc.col, j)
			sc.scores = append(sc.scores, s)
		}
		sc.start = append(sc.start, len(sc.col))
	}
	pr.start, pr.col, pr.score = sc.start, sc.col, sc.scores
	return nil
}

// serial is solveSerial in rank order: each household, in rank order,
// takes the first free column of its preference order (preferenceOrder:
// ranked units first, then higher score, then lower column), found by one
// scan over its feasible columns.
func (m *Matcher) serial(pr *problem, sc *matcherScratch) solution {
	n := len(pr.apps)
	sc.taken = grow(sc.taken, len(pr.cols))
	clear(sc.taken)
	sc.colOf = grow(sc.colOf, n)
	sc.ident = grow(sc.ident, n)
	fb := len(sc.fb.pairs) > 0
	for i := 0; i < n; i++ {
		sc.ident[i] = i
		a := pr.apps[i]
		cols, scores := pr.pairsOf(i)
		best, bestRank, bestScore := -1, 0, int64(0)
		for e, j := range cols {
			if sc.taken[j] || (fb && sc.fb.has(i, j)) {
				continue
			}
			rank := 0
			if len(a.Preferences) > 0 {
				if rank = pr.cols[j].place.preferenceRank(a); rank < 0 {
					rank = len(a.Preferences)
				}
			}
			if best < 0 || rank < bestRank || (rank == bestRank && scores[e] > bestScore) {
				best, bestRank, bestScore = j, rank, scores[e]
			}
		}
		sc.colOf[i] = best
		if best >= 0 {
			sc.taken[best] = true
		}
	}
	return solution{colOf: sc.colOf, order: sc.ident}
}

// noRepairs reports whether no round of the mechanism can be repaired: no
// suite and no unit in a facility with shared spaces (the two repairs of
// Match), and no household that ranks units.
func noRepairs(pr *problem) bool {
	for j := range pr.cols {
		if c := &pr.cols[j]; c.suite || c.pooled || c.place.Shared() {
			return false
		}
	}
	for _, a := range pr.apps {
		if len(a.Preferences) > 0 {
			return false
		}
	}
	return true
}

// serialByClass is serial dictatorship in rank order over classes of
// columns, for rounds that need no repair and households that rank no
// units: each household takes, among the classes feasible for it (every
// constraint but Declined), the one of highest score, ties to the lowest
// column, and in it the lowest free column it did not decline — the
// first free column of preferenceOrder, as serial finds it, without
// listing every feasible pair. ok is false when a scorer fails: evalRows
// then reports the error as Match does.
func (m *Matcher) serialByClass(pr *problem, sc *matcherScratch, nclass int) (out []Assignment, ok bool) {
	// the columns of each class, in column order
	sc.start = grow(sc.start, nclass+1)
	clear(sc.start)
	for _, k := range sc.cls {
		sc.start[k+1]++
	}
	for k := 1; k <= nclass; k++ {
		sc.start[k] += sc.start[k-1]
	}
	sc.col = grow(sc.col, len(pr.cols))
	sc.ident = grow(sc.ident, nclass) // next column to look at, per class
	copy(sc.ident, sc.start[:nclass])
	for j, k := range sc.cls {
		sc.col[sc.ident[k]] = j
		sc.ident[k]++
	}
	copy(sc.ident, sc.start[:nclass])
	sc.taken = grow(sc.taken, len(pr.cols))
	clear(sc.taken)
	dk := m.declinedK
	for i, a := range pr.apps {
		declined := dk >= 0 && len(a.Declined) > 0
		best, bestScore := -1, int64(0)
		for k := 0; k < nclass; k++ {
			end := sc.start[k+1]
			for sc.ident[k] < end && sc.taken[sc.col[sc.ident[k]]] {
				sc.ident[k]++
			}
			if sc.ident[k] == end {
				continue
			}
			p := &pr.cols[sc.col[sc.ident[k]]].place
			feasible := true
			for kk, con := range pr.constraints {
				if kk != dk && !passes(con, a, p, pr.on) {
					feasible = false
					break
				}
			}
			if !feasible {
				continue
			}
			j := -1
			for e := sc.ident[k]; e < end; e++ {
				c := sc.col[e]
				if !sc.taken[c] && (!declined || passes(pr.constraints[dk], a, &pr.cols[c].place, pr.on)) {
					j = c
					break
				}
			}
			if j < 0 {
				continue
			}
			s, err := pairScore(pr.scorers, a, &pr.cols[j].place, pr.on, nil)
			if err != nil {
				return nil, false
			}
			if best < 0 || s > bestScore || (s == bestScore && j < best) {
				best, bestScore = j, s
			}
		}
		if best >= 0 {
			sc.taken[best] = true
			out = append(out, Assignment{Applicant: sc.order[i], Units: []int{sc.colUnit[best]}})
		}
	}
	m.byClass.Add(1)
	return out, true
}
