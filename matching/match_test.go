package matching

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching/mechanism"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomInput builds a small market of apartments of the Catania agency:
// households of 1–4 members with incomes, priorities and referral dates,
// and units of 1–4 beds with rents, some step-free, some in other areas.
func randomInput(r *rand.Rand, n, m int) Input {
	in := Input{Date: day}
	for i := 0; i < n; i++ {
		var h housing.Household
		switch size := 1 + r.IntN(4); size {
		case 1:
			h = single(fmt.Sprintf("h%02d", i), "1980-05-05", housing.SexMale, fmt.Sprint(6000+r.IntN(20000)))
		default:
			h = family(fmt.Sprintf("h%02d", i), size-2, fmt.Sprint(8000+r.IntN(30000)))
		}
		h.Needs.StepFree = r.IntN(5) == 0
		a := applicant(h, r.IntN(4)*10, fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)))
		if r.IntN(2) == 0 {
			for _, k := range r.Perm(m)[:1+r.IntN(min(m, 3))] {
				a.Preferences = append(a.Preferences, fmt.Sprintf("u%02d", k))
			}
		}
		in.Applicants = append(in.Applicants, a)
	}
	for j := 0; j < m; j++ {
		beds := 1 + r.IntN(4)
		u := apartment(fmt.Sprintf("u%02d", j), beds, fmt.Sprint(14*beds+r.IntN(20)), fmt.Sprint(200+10*r.IntN(40)))
		u.StepFree = r.IntN(2) == 0
		if r.IntN(3) == 0 {
			u.SubArea = "Librino"
		}
		in.Offer.Units = append(in.Offer.Units, u)
	}
	return in
}

// feasibleScores evaluates constraints and scorers directly, for the brute
// force: score[i][j] with ok[i][j], households and units in input order.
func feasibleScores(t *testing.T, in Input, opt Options) (score [][]int64, ok [][]bool) {
	t.Helper()
	places := in.Offer.places()
	byID := map[string]*Place{}
	for k := range places {
		byID[places[k].Unit.ID] = &places[k]
	}
	for i := range in.Applicants {
		a := &in.Applicants[i]
		score = append(score, make([]int64, len(in.Offer.Units)))
		ok = append(ok, make([]bool, len(in.Offer.Units)))
		for j, u := range in.Offer.Units {
			p := byID[u.ID]
			feasible := true
			for _, c := range opt.constraints() {
				if c.Check(a, p, in.Date) != nil {
					feasible = false
				}
			}
			if feasible {
				s, err := pairScore(opt.scorers(), a, p, in.Date, nil)
				require.NoError(t, err)
				score[i][j], ok[i][j] = s, true
			}
		}
	}
	return score, ok
}

// bruteBest returns the greatest (housed, total score) over all
// assignments of at most one unit per household and household per unit.
func bruteBest(score [][]int64, ok [][]bool) (int, int64) {
	n := len(score)
	m := 0
	if n > 0 {
		m = len(score[0])
	}
	used := make([]bool, m)
	bestN, bestS := -1, int64(0)
	var rec func(i, housed int, total int64)
	rec = func(i, housed int, total int64) {
		if i == n {
			if housed > bestN || (housed == bestN && total > bestS) {
				bestN, bestS = housed, total
			}
			return
		}
		rec(i+1, housed, total)
		for j := 0; j < m; j++ {
			if ok[i][j] && !used[j] {
				used[j] = true
				rec(i+1, housed+1, total+score[i][j])
				used[j] = false
			}
		}
	}
	rec(0, 0, 0)
	return bestN, bestS
}

func TestOptimalEqualsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 2025))
	opt := Options{RentCheck: incomeShare("0.35")}
	for trial := 0; trial < 300; trial++ {
		n, m := 1+r.IntN(7), 1+r.IntN(7)
		in := randomInput(r, n, m)
		res, err := Match(in, opt)
		require.NoError(t, err)
		score, ok := feasibleScores(t, in, opt)
		wantN, wantS := bruteBest(score, ok)
		require.Equal(t, wantN, len(res.Proposals), "trial %d: households housed", trial)
		require.Equal(t, wantS, res.TotalScore, "trial %d: total score", trial)
		require.Equal(t, n-wantN, len(res.Unmatched))
		require.Equal(t, "exact", res.Method)
		for _, u := range res.Unmatched {
			require.NotEmpty(t, u.Reasons, "every household left out has a reason")
		}
	}
}

func TestOptimalHousesMoreBeforeScoringHigher(t *testing.T) {
	// A (priority 90) could take either unit; B (priority 10) only the
	// small one. The best total score would give A the small one with its
	// first choice, but housing both comes first.
	a := applicant(single("A", "1980-01-01", housing.SexFemale, "20000"), 90, "2024-01-01")
	a.Preferences = []string{"small"}
	b := applicant(single("B", "1981-01-01", housing.SexMale, "20000"), 10, "2024-06-01")
	b.Household.Needs.SubAreas = []string{"Centro"}
	big := apartment("big", 2, "40", "300")
	big.SubArea = "Librino"
	in := Input{Date: day, Applicants: []Applicant{a, b}, Offer: Offer{Units: []housing.Unit{big, apartment("small", 1, "30", "300")}}}
	res, err := Match(in, Options{})
	require.NoError(t, err)
	require.Len(t, res.Proposals, 2)
	assert.Equal(t, []string{"big"}, res.Proposals[0].Units)
	assert.Equal(t, "A", res.Proposals[0].Household)
	assert.Equal(t, []string{"small"}, res.Proposals[1].Units)
}

func TestTieBreakEarlierReferralThenID(t *testing.T) {
	// Three identical singles, one unit: equal priority and score except
	// waiting time, which the scorer counts; with waiting weighted 0 the
	// earlier referral wins, and with equal referrals the smaller id.
	mk := func(id, ref string) Applicant {
		return applicant(single(id, "1980-01-01", housing.SexMale, "20000"), 50, ref)
	}
	scorers := []Weighted{{Priority{}, 100}, {Waiting{}, 0}}
	units := []housing.Unit{apartment("u1", 1, "30", "300")}
	for _, mech := range []Mechanism{Optimal, SerialDictatorship, DeferredAcceptance, Capacitated} {
		in := Input{Date: day, Applicants: []Applicant{mk("c", "2024-05-01"), mk("b", "2024-04-01"), mk("a", "2024-05-01")}, Offer: Offer{Units: units}}
		res, err := Match(in, Options{Mechanism: mech, Scorers: scorers})
		require.NoError(t, err)
		require.Len(t, res.Proposals, 1, mech)
		assert.Equal(t, "b", res.Proposals[0].Household, "%s: earlier referral", mech)
		in.Applicants[1].ReferredOn = d("2024-05-01")
		res, err = Match(in, Options{Mechanism: mech, Scorers: scorers})
		require.NoError(t, err)
		assert.Equal(t, "a", res.Proposals[0].Household, "%s: then household id", mech)
		assert.Equal(t, []string{"a", "b", "c"}, unmatchedAndMatched(res), mech)
	}
}

// unmatchedAndMatched lists the households of a result, proposals first.
func unmatchedAndMatched(res *Result) []string {
	var ids []string
	for _, p := range res.Proposals {
		ids = append(ids, p.Household)
	}
	for _, u := range res.Unmatched {
		ids = append(ids, u.Household)
	}
	return ids
}

func TestSameInputSameOutput(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, mech := range Mechanisms {
		in := randomInput(r, 9, 7)
		opt := Options{Mechanism: mech, Seed: 20251121, RentCheck: incomeShare("0.35")}
		first, err := Match(in, opt)
		require.NoError(t, err)
		want, _ := json.Marshal(first)
		for k := 0; k < 5; k++ {
			// Same content in another order gives the same result.
			shuffled := in
			shuffled.Applicants = slices.Clone(in.Applicants)
			shuffled.Offer.Units = slices.Clone(in.Offer.Units)
			r.Shuffle(len(shuffled.Applicants), func(a, b int) {
				shuffled.Applicants[a], shuffled.Applicants[b] = shuffled.Applicants[b], shuffled.Applicants[a]
			})
			r.Shuffle(len(shuffled.Offer.Units), func(a, b int) {
				shuffled.Offer.Units[a], shuffled.Offer.Units[b] = shuffled.Offer.Units[b], shuffled.Offer.Units[a]
			})
			got, err := Match(shuffled, opt)
			require.NoError(t, err)
			js, _ := json.Marshal(got)
			require.JSONEq(t, string(want), string(js), "%s, shuffle %d", mech, k)
		}
	}
}

// Every mechanism accounts for every household: housed once, or left out
// with at least one reason, each with a code and texts in both languages.
func TestEveryHouseholdLeftOutHasReasons(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for _, mech := range Mechanisms {
		leftOut := 0
		for trial := 0; trial < 100; trial++ {
			in := randomInput(r, 1+r.IntN(10), 1+r.IntN(6))
			res, err := Match(in, Options{Mechanism: mech, Seed: uint64(trial), RentCheck: incomeShare("0.35")})
			require.NoError(t, err)
			seen := map[string]int{}
			for _, p := range res.Proposals {
				seen[p.Household]++
			}
			for _, u := range res.Unmatched {
				seen[u.Household]++
				leftOut++
				require.NotEmpty(t, u.Reasons, "%s trial %d: %s left out without a reason", mech, trial, u.Household)
				for _, why := range u.Reasons {
					assert.NotEmpty(t, why.Code)
					assert.NotEmpty(t, why.Text.IT)
					assert.NotEmpty(t, why.Text.EN)
				}
			}
			require.Len(t, seen, len(in.Applicants), "%s trial %d", mech, trial)
			for id, n := range seen {
				require.Equal(t, 1, n, "%s trial %d: %s listed %d times", mech, trial, id, n)
			}
		}
		require.Greater(t, leftOut, 50, "%s: the markets must leave households out", mech)
	}
}

// prefers reports whether household i prefers column a to column b in the
// order Match gives it (b == -1: nothing).
func prefOrder(t *testing.T, in Input, opt Options) (*problem, [][]int) {
	pr, err := build(&in, &opt, false)
	require.NoError(t, err)
	prefs := make([][]int, len(pr.apps))
	for i := range prefs {
		prefs[i] = pr.preferenceOrder(i, nil)
	}
	return pr, prefs
}

func TestSerialDictatorshipRespectsPriority(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 200; trial++ {
		in := randomInput(r, 2+r.IntN(8), 1+r.IntN(8))
		opt := Options{Mechanism: SerialDictatorship, RentCheck: incomeShare("0.35")}
		res, err := Match(in, opt)
		require.NoError(t, err)
		for _, u := range res.Unmatched {
			require.NotEmpty(t, u.Reasons, "every household left out has a reason")
		}
		pr, prefs := prefOrder(t, in, opt)
		got := map[string]string{}
		for _, p := range res.Proposals {
			got[p.Household] = p.Units[0]
		}
		holderRow := map[string]int{}
		for i, a := range pr.apps {
			if u, ok := got[a.ID()]; ok {
				holderRow[u] = i
			}
		}
		// Order is the rank order.
		for k := 1; k < len(res.Order); k++ {
			prev, cur := appByID(pr, res.Order[k-1]), appByID(pr, res.Order[k])
			require.LessOrEqual(t, rankOrder(prev, cur), 0)
		}
		// Every unit a household likes better than its own went to a
		// household served before it.
		for i, a := range pr.apps {
			for _, j := range prefs[i] {
				u := pr.cols[j].units[0]
				if u == got[a.ID()] {
					break
				}
				h, taken := holderRow[u]
				require.True(t, taken, "trial %d: %s preferred %s, which stayed free", trial, a.ID(), u)
				require.Less(t, h, i, "trial %d: %s lost %s to a lower-ranked household", trial, a.ID(), u)
			}
		}
	}
}

func appByID(pr *problem, id string) *Applicant {
	for _, a := range pr.apps {
		if a.ID() == id {
			return a
		}
	}
	return nil
}

func TestLotteryReproducibleAndExported(t *testing.T) {
	in := randomInput(rand.New(rand.NewPCG(8, 9)), 10, 6)
	opt := Options{Mechanism: Lottery, Seed: 42}
	a, err := Match(in, opt)
	require.NoError(t, err)
	b, err := Match(in, opt)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	require.NotNil(t, a.Lottery)
	assert.Equal(t, uint64(42), a.Lottery.Seed)
	assert.Equal(t, "ChaCha8", a.Lottery.Source)
	assert.Equal(t, a.Order, a.Lottery.Order)
	// An auditor redraws the order from the exported list and seed.
	pos := make([]int, len(a.Lottery.Applicants))
	for k := range pos {
		pos[k] = k
	}
	var redrawn []string
	for _, k := range mechanism.DrawOrder(pos, a.Lottery.Seed) {
		redrawn = append(redrawn, a.Lottery.Applicants[k])
	}
	assert.Equal(t, a.Lottery.Order, redrawn)
	// The list drawn from is the rank order, and another seed draws
	// another order.
	ranked := slices.Clone(in.Applicants)
	slices.SortStableFunc(ranked, func(x, y Applicant) int { return rankOrder(&x, &y) })
	for k, ap := range ranked {
		assert.Equal(t, ap.ID(), a.Lottery.Applicants[k])
	}
	c, err := Match(in, Options{Mechanism: Lottery, Seed: 43})
	require.NoError(t, err)
	assert.NotEqual(t, a.Lottery.Order, c.Lottery.Order)
}

func TestDeferredAcceptanceStable(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for trial := 0; trial < 200; trial++ {
		in := randomInput(r, 2+r.IntN(8), 1+r.IntN(8))
		opt := Options{Mechanism: DeferredAcceptance, RentCheck: incomeShare("0.35")}
		if trial%2 == 1 {
			// Landlords who prefer the higher incomes.
			opt.LandlordScore = func(a *Applicant, _ *Place) int64 {
				inc, _ := a.Household.AnnualIncome()
				return inc.IntPart()
			}
		}
		res, err := Match(in, opt)
		require.NoError(t, err)
		pr, prefs := prefOrder(t, in, opt)
		colOf := make([]int, len(pr.apps))
		holder := map[int]int{}
		for i := range colOf {
			colOf[i] = -1
		}
		for _, p := range res.Proposals {
			i := slices.IndexFunc(pr.apps, func(a *Applicant) bool { return a.ID() == p.Household })
			j := slices.IndexFunc(pr.cols, func(c column) bool { return c.units[0] == p.Units[0] })
			colOf[i], holder[j] = j, i
		}
		// No blocking pair: a household that prefers a unit to its own
		// finds it held by a household the landlord ranks higher.
		for i := range pr.apps {
			for _, j := range prefs[i] {
				if j == colOf[i] {
					break
				}
				h, held := holder[j]
				require.True(t, held, "trial %d: unit %s free but wanted", trial, pr.cols[j].units[0])
				require.True(t, pr.landlordPrefers(j, h, i), "trial %d: blocking pair", trial)
			}
		}
		again, err := Match(in, opt)
		require.NoError(t, err)
		assert.Equal(t, res, again)
	}
}

func TestEmptyMarkets(t *testing.T) {
	one := []Applicant{applicant(single("s", "1980-01-01", housing.SexMale, "9000"), 10, "2024-01-01")}
	units := []housing.Unit{apartment("u", 1, "30", "300")}
	for _, mech := range Mechanisms {
		res, err := Match(Input{Date: day}, Options{Mechanism: mech})
		require.NoError(t, err, mech)
		assert.Empty(t, res.Proposals)
		assert.Empty(t, res.Unmatched)

		res, err = Match(Input{Date: day, Applicants: one}, Options{Mechanism: mech})
		require.NoError(t, err, mech)
		require.Len(t, res.Unmatched, 1)
		assert.Equal(t, housing.Text{IT: "nessun alloggio in offerta", EN: "no unit on offer"}, res.Unmatched[0].Reasons[0].Text)

		res, err = Match(Input{Date: day, Offer: Offer{Units: units}}, Options{Mechanism: mech})
		require.NoError(t, err, mech)
		assert.Equal(t, 1, res.Units)
		assert.Empty(t, res.Proposals)
	}
}

func TestParallelEvaluationIsDeterministic(t *testing.T) {
	// 600 households: several goroutines evaluate rows (run with -race).
	in := benchMarket(600, 100)
	opt := Options{RentCheck: incomeShare("0.30"), Mechanism: SerialDictatorship}
	a, err := Match(in, opt)
	require.NoError(t, err)
	b, err := Match(in, opt)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Len(t, a.Proposals, 100)
}
