package matching

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/housingkit/housingkit/housing"
)

// column is what the mechanisms hand out: one unit, or (for the
// capacitated mechanism) a pool of identical beds of one facility.
type column struct {
	place Place
	// units are the ids of the units of the column, sorted: one for a
	// unit, every bed for a pool.
	units []string
	// beds is the number of beds of the column.
	beds int
	// pooled marks a pool of beds that several households may share.
	pooled bool
	// suite marks several rooms of one facility offered together to a
	// household larger than the facility's largest room (programmes with
	// SplitAcrossRooms); its rooms are also columns of their own, and
	// maxRoom is the beds of the facility's largest room.
	suite   bool
	maxRoom int
}

// problem is an Input compiled for the mechanisms: applicants in rank
// order (rows), columns in unit-id order, the feasible pairs with their
// scores, and what excluded the others.
type problem struct {
	on   housing.Date
	opt  *Options
	apps []*Applicant // rows, in rank order
	cols []column
	// CSR of feasible pairs: row i's columns are col[start[i]:start[i+1]]
	// in ascending order, each with its score.
	start []int
	col   []int
	score []int64
	// excluded[i][k] counts the units constraint k excluded for row i (a
	// pool counts its beds), only for rows without a feasible column;
	// declinedOnly[i] lists the columns excluded only as declined.
	excluded     [][]int
	declinedOnly [][]int
	constraints  []Constraint
	scorers      []Weighted
}

// rankOrder sorts applicants by the tie rule of the package: higher
// priority first, then earlier referral, then household id.
func rankOrder(a, b *Applicant) int {
	if c := cmp.Compare(b.Priority, a.Priority); c != 0 {
		return c
	}
	if c := a.ReferredOn.Compare(b.ReferredOn); c != 0 {
		return c
	}
	return strings.Compare(a.Household.ID, b.Household.ID)
}

// pairScore returns the weighted score of a pair and, when parts is not
// nil, appends its parts.
func pairScore(scorers []Weighted, a *Applicant, p *Place, on housing.Date, parts *[]ScorePart) (int64, error) {
	var total int64
	for _, w := range scorers {
		pts := w.Scorer.Points(a, p, on)
		if pts > MaxPoints || pts < -MaxPoints {
			return 0, housing.Errorf(housing.CodeInvalid, "matching.points", "scorer %q gave %d points to household %q and unit %q, beyond ±%d", w.Scorer.Name(), pts, a.ID(), p.Unit.ID, MaxPoints)
		}
		total += pts * w.Weight
		if parts != nil {
			*parts = append(*parts, ScorePart{Scorer: w.Scorer.Name(), Points: pts, Weight: w.Weight, Value: pts * w.Weight})
		}
	}
	return total, nil
}

// safeEvalRow is evalRow with a panic of a constraint or scorer (which
// callers may write) turned into an internal error of the row: it runs on a
// worker goroutine, where a panic would end the process.
func (pr *problem) safeEvalRow(i, declinedK int) (r rowPairs) {
	defer func() {
		if v := recover(); v != nil {
			r = rowPairs{err: &housing.Error{Code: housing.CodeInternal, Key: "matching.panic",
				Message: fmt.Sprintf("a constraint or scorer panicked on household %q: %v", pr.apps[i].ID(), v)}}
		}
	}()
	return pr.evalRow(i, declinedK)
}

// build evaluates every constraint on every applicant and column.
func build(in *Input, opt *Options, pooled bool) (*problem, error) {
	pr := &problem{on: in.Date, opt: opt, constraints: opt.constraints(), scorers: opt.scorers()}
	for _, w := range pr.scorers {
		if w.Scorer == nil {
			return nil, housing.Errorf(housing.CodeInvalid, "matching.scorer", "a weighted scorer has no scorer")
		}
		if w.Weight > MaxWeight || w.Weight < -MaxWeight {
			return nil, housing.Errorf(housing.CodeInvalid, "matching.weight", "weight %d of scorer %q is beyond ±%d", w.Weight, w.Scorer.Name(), MaxWeight)
		}
	}
	for _, c := range pr.constraints {
		if c == nil {
			return nil, housing.Errorf(housing.CodeInvalid, "matching.constraint", "a constraint is nil")
		}
	}
	// Copies, so that the facts cached in them stay out of the caller's
	// slice.
	apps := slices.Clone(in.Applicants)
	pr.apps = make([]*Applicant, len(apps))
	for i := range apps {
		apps[i].facts = newFacts(&apps[i].Household)
		pr.apps[i] = &apps[i]
	}
	slices.SortStableFunc(pr.apps, rankOrder)
	pr.cols = columns(&in.Offer, pooled)
	pr.cols = append(pr.cols, suites(pr.cols, pr.apps)...)

	declinedK := -1
	for k, c := range pr.constraints {
		if c.Code() == CodeDeclined {
			declinedK = k
		}
	}
	n := len(pr.apps)
	rows := make([]rowPairs, n)
	// Rows are independent: evaluate them on every processor, each writing
	// its own row, so the result does not depend on the schedule.
	workers := min(runtime.GOMAXPROCS(0), max(1, n/64))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				rows[i] = pr.safeEvalRow(i, declinedK)
			}
		}()
	}
	wg.Wait()
	pr.start = make([]int, n+1)
	pr.excluded = make([][]int, n)
	pr.declinedOnly = make([][]int, n)
	total := 0
	for i := range rows {
		if rows[i].err != nil {
			return nil, rows[i].err
		}
		total += len(rows[i].cols)
	}
	pr.col = make([]int, 0, total)
	pr.score = make([]int64, 0, total)
	for i := range rows {
		pr.col = append(pr.col, rows[i].cols...)
		pr.score = append(pr.score, rows[i].scores...)
		pr.start[i+1] = len(pr.col)
		pr.excluded[i] = rows[i].excluded
		pr.declinedOnly[i] = rows[i].declinedOnly
	}
	return pr, nil
}

// rowPairs is one row's evaluation.
type rowPairs struct {
	cols         []int
	scores       []int64
	excluded     []int
	declinedOnly []int
	err          error
}

// evalRow finds row i's feasible columns and their scores. A pair stops at
// its first failing constraint — except one failing only as declined,
// which is told apart — so the cost is the cheap and selective constraints
// that come first. When no column is feasible, every constraint is
// evaluated on every column to count the units each excluded (the reason
// "no feasible unit" reports them all).
func (pr *problem) evalRow(i, declinedK int) rowPairs {
	a := pr.apps[i]
	var r rowPairs
	for j := range pr.cols {
		if c := &pr.cols[j]; c.suite && a.Household.Size() <= c.maxRoom {
			continue // one of the facility's rooms is large enough
		}
		p := &pr.cols[j].place
		failedAt := -1
		for k, c := range pr.constraints {
			if passes(c, a, p, pr.on) {
				continue
			}
			if k == declinedK && failedAt < 0 {
				failedAt = k
				continue
			}
			failedAt = k
			break
		}
		if failedAt == declinedK && declinedK >= 0 {
			r.declinedOnly = append(r.declinedOnly, j)
			continue
		}
		if failedAt >= 0 {
			continue
		}
		s, err := pairScore(pr.scorers, a, p, pr.on, nil)
		if err != nil {
			r.err = err
			return r
		}
		r.cols = append(r.cols, j)
		r.scores = append(r.scores, s)
	}
	if len(r.cols) == 0 {
		r.excluded = make([]int, len(pr.constraints))
		for j := range pr.cols {
			if pr.cols[j].suite {
				continue // its rooms are counted as columns of their own
			}
			p := &pr.cols[j].place
			for k, c := range pr.constraints {
				if !passes(c, a, p, pr.on) {
					r.excluded[k] += len(pr.cols[j].units)
				}
			}
		}
	}
	return r
}

// columns lists the units of the offer as columns sorted by unit id; with
// pooled, the bed units of each facility that agree in everything but
// their id become one pool (sorted by its first bed's id).
func columns(o *Offer, pooled bool) []column {
	places := o.places()
	var out []column
	pools := map[string]int{}
	for _, p := range places {
		u := p.Unit
		if !pooled || u.Kind != housing.UnitBed || u.FacilityID == "" {
			out = append(out, column{place: p, units: []string{u.ID}, beds: u.Beds})
			continue
		}
		key := poolKey(u)
		if k, ok := pools[key]; ok {
			c := &out[k]
			c.units = append(c.units, u.ID)
			c.beds += u.Beds
			c.place.Pool = append(c.place.Pool, u)
			continue
		}
		pools[key] = len(out)
		out = append(out, column{place: Place{Unit: u, Facility: p.Facility, Programme: p.Programme, Pool: []*housing.Unit{u}}, units: []string{u.ID}, beds: u.Beds, pooled: true})
	}
	// A pool's Unit is a copy of its first bed with the pool's beds.
	for k := range out {
		c := &out[k]
		if c.pooled {
			rep := *c.place.Unit
			rep.Beds = c.beds
			c.place.Unit = &rep
		}
		c.place.facts = newPlaceFacts(c.place.Unit)
	}
	return out
}

// poolKey identifies the beds that may share a pool: same facility and the
// same attributes in everything constraints and scorers read.
func poolKey(u *housing.Unit) string {
	var b strings.Builder
	sep := "\x00"
	for _, s := range []string{
		u.FacilityID, u.ProgrammeID, u.OwnerID, u.AreaSqm.String(), boolStr(u.StepFree), u.Rent.String(),
		u.ServiceCharges.String(), string(u.Contract), u.AvailableFrom.String(), u.AvailableUntil.String(),
		u.Municipality, u.SubArea, boolStr(u.Restrictions.WomenOnly), boolStr(u.Restrictions.NoMinors),
		itoa(u.Restrictions.MinAge), itoa(u.Restrictions.MaxAge), itoa(u.Restrictions.MaxHouseholdSize),
	} {
		b.WriteString(s)
		b.WriteString(sep)
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// pairsOf returns row i's feasible columns and their scores.
func (pr *problem) pairsOf(i int) (cols []int, scores []int64) {
	return pr.col[pr.start[i]:pr.start[i+1]], pr.score[pr.start[i]:pr.start[i+1]]
}

// preferenceOrder returns row i's feasible columns in the order the
// household prefers them: the units it ranked, in its order; then the
// others by score, highest first; ties by unit id (column order). Columns
// in skip are left out.
func (pr *problem) preferenceOrder(i int, skip map[int]bool) []int {
	a := pr.apps[i]
	cols, scores := pr.pairsOf(i)
	type cand struct {
		col   int
		rank  int
		score int64
	}
	cs := make([]cand, 0, len(cols))
	for e, j := range cols {
		if skip[j] {
			continue
		}
		r := pr.cols[j].place.preferenceRank(a)
		if r < 0 {
			r = len(a.Preferences)
		}
		cs = append(cs, cand{j, r, scores[e]})
	}
	// The column breaks every tie, so the order is total.
	slices.SortFunc(cs, func(x, y cand) int {
		if c := cmp.Compare(x.rank, y.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		return cmp.Compare(x.col, y.col)
	})
	out := make([]int, len(cs))
	for k, c := range cs {
		out[k] = c.col
	}
	return out
}

// rowOf returns the row of household id, or -1.
func (pr *problem) rowOf(id string) int {
	return slices.IndexFunc(pr.apps, func(a *Applicant) bool { return a.ID() == id })
}
