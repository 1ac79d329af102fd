package simulation

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/housingkit/housingkit/housing"
)

// The monthly metrics of a replication. Flows count what happened in the
// month; stocks (waiting, occupied, occupied_beds, units, beds) are taken at
// the end of the month; wait_millidays_sum and stay_millidays_sum add up
// waits (of those admitted) and stays (of those who left) in thousandths
// of a day; returns_within_N count, by the month of the exit,
// the exits followed by a return within N months.
const (
	mArrivals       = "arrivals"
	mReturned       = "returns"
	mEligible       = "eligible"
	mRejected       = "rejected"
	mAdmissions     = "admissions"
	mAbandoned      = "abandoned"
	mRefusals       = "refusals"
	mRenewals       = "renewals"
	mReviews        = "reviews"
	mEndedAtLimit   = "ended_at_limit"
	mExits          = "exits"
	mWaiting        = "waiting"
	mOccupied       = "occupied"
	mOccupiedBeds   = "occupied_beds"
	mUnits          = "units"
	mBeds           = "beds"
	mWaitDaysSum    = "wait_millidays_sum"
	mStayDaysSum    = "stay_millidays_sum"
	mBurdenSum      = "burden_bp_sum"
	mBurdenN        = "burden_n"
	mBurdenNoIncome = "burden_no_income"
	mReturn6        = "returns_within_6"
	mReturn12       = "returns_within_12"
	mReturn24       = "returns_within_24"
)

var returnMetrics = []string{mReturn6, mReturn12, mReturn24}

// Metrics lists the monthly metrics of a RepResult, in output order.
var Metrics = []string{mArrivals, mReturned, mEligible, mRejected, mAdmissions, mAbandoned, mRefusals, mRenewals, mReviews,
	mEndedAtLimit, mExits, mWaiting, mOccupied, mOccupiedBeds, mUnits, mBeds, mWaitDaysSum, mStayDaysSum,
	mBurdenSum, mBurdenN, mBurdenNoIncome, mReturn6, mReturn12, mReturn24}

// RepResult is the raw result of one replication of one variant: integer
// counts only, so that it is exact, round-trips through JSON and merges
// across machines without changing a bit.
type RepResult struct {
	Variant     string `json:"variant"`
	Replication int    `json:"replication"`
	// Monthly holds every metric of Metrics, one value per month.
	Monthly map[string][]int64 `json:"monthly"`
	// Rejections counts rejections by reason (a rule's code, "incomplete:FACT",
	// "refer", "no_target_group", "no_ruleset_in_force"), per month.
	Rejections map[string][]int64 `json:"rejections"`
	// Exits counts exits by pathway, per month.
	Exits map[string][]int64 `json:"exits"`
	// WaitDays counts the admitted households by whole days waited.
	WaitDays []int64 `json:"wait_days"`
	// Events is how many events the run handled.
	Events int64 `json:"events"`
}

func newRepResult(variant string, rep, months, days int) *RepResult {
	r := &RepResult{Variant: variant, Replication: rep, Monthly: map[string][]int64{}, Rejections: map[string][]int64{}, Exits: map[string][]int64{}, WaitDays: make([]int64, days)}
	for _, k := range Metrics {
		r.Monthly[k] = make([]int64, months)
	}
	return r
}

func (r *RepResult) reject(reason string, month int) {
	s := r.Rejections[reason]
	if s == nil {
		s = make([]int64, len(r.Monthly[mArrivals]))
		r.Rejections[reason] = s
	}
	s[month]++
}

func (r *RepResult) exit(pathway string, month int) {
	s := r.Exits[pathway]
	if s == nil {
		s = make([]int64, len(r.Monthly[mArrivals]))
		r.Exits[pathway] = s
	}
	s[month]++
}

// RunOptions say which replications to run and how.
type RunOptions struct {
	// Replications overrides the scenario's number (0: the scenario's, or 20).
	Replications int
	// Workers is how many replications run at once (0: every core).
	Workers int
	// Shard and Shards run only the replications r with r % Shards ==
	// Shard (Shards 0: all).
	Shard, Shards int
	// Progress, when set, is called after each replication with how many
	// are done and how many there are; calls come from the workers, one at a
	// time.
	Progress func(done, total int)
}

// Results are the raw results of a run, by variant and replication.
type Results struct {
	Scenario string `json:"scenario"`
	// Variants lists "baseline" and the variants' ids.
	Variants     []string       `json:"variants"`
	Titles       []housing.Text `json:"titles"`
	Start        housing.Date   `json:"start"`
	Months       int            `json:"months"`
	Seed         uint64         `json:"seed"`
	Replications int            `json:"replications"`
	Precision    float64        `json:"precision"`
	// Reps holds the replications run, in replication order; each has one
	// RepResult per variant, in variant order.
	Reps [][]*RepResult `json:"reps"`
}

// Replications returns the number of replications a run does.
func (m *Model) Replications(opt RunOptions) int {
	n := opt.Replications
	if n == 0 {
		n = m.sc.Replications
	}
	if n == 0 {
		n = 20
	}
	return n
}

// Run runs every variant on every replication (or the shard's share of
// them), replications in parallel on Workers goroutines. Each replication
// runs its variants one after the other on the same households and draws
// (common random numbers), so their differences are paired. The results do
// not depend on the number of workers: each replication's streams come from
// (seed, replication, household), never from a shared sequence.
func (m *Model) Run(ctx context.Context, opt RunOptions) (*Results, error) {
	n := m.Replications(opt)
	if n < 1 || n > MaxReplications {
		return nil, housing.Errorf(housing.CodeInvalid, "simulation.replications", "want 1 to %d replications, got %d", MaxReplications, n)
	}
	if opt.Shards < 0 || (opt.Shards > 0 && (opt.Shard < 0 || opt.Shard >= opt.Shards)) {
		return nil, housing.Errorf(housing.CodeInvalid, "simulation.shard", "shard %d of %d: want 0 ≤ shard < shards", opt.Shard, opt.Shards)
	}
	var todo []int
	for r := 0; r < n; r++ {
		if opt.Shards == 0 || r%opt.Shards == opt.Shard {
			todo = append(todo, r)
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(len(todo), 1))
	res := m.emptyResults(n)
	res.Reps = make([][]*RepResult, len(todo))
	var (
		next     atomic.Int64
		done     int
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(todo) || ctx.Err() != nil {
					return
				}
				out, err := m.RunReplication(todo[i])
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				res.Reps[i] = out
				done++
				if opt.Progress != nil {
					opt.Progress(done, len(todo))
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

func (m *Model) emptyResults(n int) *Results {
	res := &Results{Scenario: m.sc.ID, Start: m.sc.Start, Months: m.sc.HorizonMonths, Seed: m.sc.Seed, Replications: n, Precision: m.sc.Precision}
	if res.Precision == 0 {
		res.Precision = 0.05
	}
	for _, v := range m.variants {
		res.Variants = append(res.Variants, v.id)
		res.Titles = append(res.Titles, v.title)
	}
	return res
}

// RunReplication runs every variant on replication rep, in variant order,
// on the same households and draws.
func (m *Model) RunReplication(rep int) ([]*RepResult, error) {
	pop := m.newReplication(rep)
	out := make([]*RepResult, len(m.variants))
	for i, v := range m.variants {
		r, err := m.simulate(v, pop)
		if err != nil {
			return nil, fmt.Errorf("replication %d, variant %s: %w", rep, v.id, err)
		}
		out[i] = r
	}
	return out, nil
}

// Merge joins the results of shards of one run (the same scenario, seed and
// replications) into the results of the whole run, in replication order. It
// returns invalid when they are of different runs, when a replication is
// missing or given twice.
func Merge(parts ...*Results) (*Results, error) {
	if len(parts) == 0 {
		return nil, housing.Errorf(housing.CodeInvalid, "simulation.merge", "nothing to merge")
	}
	first := parts[0]
	out := *first
	out.Reps = nil
	seen := map[int]bool{}
	for i, p := range parts {
		if p.Scenario != first.Scenario || p.Seed != first.Seed || p.Replications != first.Replications || p.Months != first.Months || !slices.Equal(p.Variants, first.Variants) || p.Start != first.Start {
			return nil, housing.Errorf(housing.CodeInvalid, "simulation.merge", "part %d is of another run (scenario %s, seed %d, %d replications) than part 0 (scenario %s, seed %d, %d replications)",
				i, p.Scenario, p.Seed, p.Replications, first.Scenario, first.Seed, first.Replications)
		}
		for _, rr := range p.Reps {
			if len(rr) != len(first.Variants) {
				return nil, housing.Errorf(housing.CodeInvalid, "simulation.merge", "part %d has a replication with %d variants, want %d", i, len(rr), len(first.Variants))
			}
			k := rr[0].Replication
			if seen[k] {
				return nil, housing.Errorf(housing.CodeInvalid, "simulation.merge", "replication %d is given twice", k)
			}
			seen[k] = true
			out.Reps = append(out.Reps, rr)
		}
	}
	for k := 0; k < first.Replications; k++ {
		if !seen[k] {
			return nil, housing.Errorf(housing.CodeInvalid, "simulation.merge", "replication %d is missing: merge every shard of the run", k)
		}
	}
	slices.SortFunc(out.Reps, func(a, b []*RepResult) int { return a[0].Replication - b[0].Replication })
	return &out, nil
}
