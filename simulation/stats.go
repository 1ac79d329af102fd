package simulation

import (
	"math"
	"slices"
	"strconv"
)

// Estimate is a mean over replications with its 95% confidence interval
// (Student's t) and the number of replications that would give an interval
// whose half-width is the stated precision (relative to the mean; for a
// difference, relative to the baseline's mean).
type Estimate struct {
	Mean float64 `json:"mean"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	SD   float64 `json:"sd"`
	// N is how many replications the estimate rests on (those in which the
	// quantity is defined, such as a mean waiting time when someone was
	// admitted).
	N int `json:"n"`
	// Needed is the number of replications for the stated precision
	// (0 when the mean is 0 or there are fewer than 2 replications).
	Needed int `json:"needed"`
}

// t975 is the 97.5% quantile of Student's t with df degrees of freedom.
func t975(df int) float64 {
	table := []float64{0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042}
	if df < 1 {
		return math.NaN()
	}
	if df < len(table) {
		return table[df]
	}
	// Cornish–Fisher expansion around the normal quantile.
	z, d := 1.959963984540054, float64(df)
	return z + (z*z*z+z)/(4*d) + (5*math.Pow(z, 5)+16*z*z*z+3*z)/(96*d*d)
}

// estimate summarises values (NaN values are left out) with precision
// relative to ref (the mean itself when ref is NaN).
func estimate(xs []float64, precision, ref float64) Estimate {
	var vals []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			vals = append(vals, x)
		}
	}
	e := Estimate{N: len(vals)}
	if len(vals) == 0 {
		e.Mean, e.Lo, e.Hi = math.NaN(), math.NaN(), math.NaN()
		return e
	}
	sum := 0.0
	for _, x := range vals {
		sum += x
	}
	e.Mean = sum / float64(len(vals))
	if len(vals) < 2 {
		e.Lo, e.Hi = e.Mean, e.Mean
		return e
	}
	ss := 0.0
	for _, x := range vals {
		ss += (x - e.Mean) * (x - e.Mean)
	}
	e.SD = math.Sqrt(ss / float64(len(vals)-1))
	t := t975(len(vals) - 1)
	h := t * e.SD / math.Sqrt(float64(len(vals)))
	e.Lo, e.Hi = e.Mean-h, e.Mean+h
	if math.IsNaN(ref) {
		ref = e.Mean
	}
	if target := precision * math.Abs(ref); target > 0 && e.SD > 0 {
		n := math.Ceil(math.Pow(t*e.SD/target, 2))
		e.Needed = int(math.Min(n, 1e9))
	} else if e.SD == 0 {
		e.Needed = 2
	}
	return e
}

// Totals lists the whole-run quantities of a replication, in output order.
var Totals = []string{
	"arrivals", "eligible", "rejected", "admissions", "abandoned", "refusals", "renewals", "reviews",
	"ended_at_limit", "exits", "returns", "mean_waiting_list", "mean_occupancy", "mean_bed_occupancy",
	"mean_wait_days", "median_wait_days", "p90_wait_days", "within_1_month", "within_3_months",
	"within_6_months", "within_12_months", "mean_stay_days", "return_rate_6", "return_rate_12",
	"return_rate_24", "rent_burden",
}

// MonthlySeries lists the monthly quantities, in output order.
var MonthlySeries = []string{
	"arrivals", "eligible", "rejected", "admissions", "abandoned", "renewals", "ended_at_limit", "exits",
	"returns", "waiting", "occupied", "occupancy", "bed_occupancy", "mean_wait_days", "mean_stay_days", "rent_burden",
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// monthly returns the monthly quantity name of r.
func monthly(r *RepResult, name string) []float64 {
	mo := r.Monthly
	n := len(mo[mArrivals])
	out := make([]float64, n)
	for k := 0; k < n; k++ {
		switch name {
		case "occupancy":
			out[k] = ratio(mo[mOccupied][k], mo[mUnits][k])
		case "bed_occupancy":
			out[k] = ratio(mo[mOccupiedBeds][k], mo[mBeds][k])
		case "mean_wait_days":
			out[k] = ratio(mo[mWaitDaysSum][k], mo[mAdmissions][k]) / 1000
		case "mean_stay_days":
			out[k] = ratio(mo[mStayDaysSum][k], mo[mExits][k]) / 1000
		case "rent_burden":
			out[k] = ratio(mo[mBurdenSum][k], mo[mBurdenN][k]) / 10000
		default:
			out[k] = float64(mo[name][k])
		}
	}
	return out
}

func sum(xs []int64) int64 {
	var s int64
	for _, x := range xs {
		s += x
	}
	return s
}

// quantileDays returns the smallest whole number of days within which a
// share q of the admitted households were housed.
func quantileDays(h []int64, q float64) float64 {
	total := sum(h)
	if total == 0 {
		return math.NaN()
	}
	need := int64(math.Ceil(q * float64(total)))
	var c int64
	for d, n := range h {
		c += n
		if c >= need {
			return float64(d)
		}
	}
	return float64(len(h) - 1)
}

func withinShare(h []int64, days float64) float64 {
	total := sum(h)
	if total == 0 {
		return math.NaN()
	}
	var c int64
	for d, n := range h {
		if float64(d) <= days {
			c += n
		}
	}
	return float64(c) / float64(total)
}

func mean(xs []float64) float64 {
	s, n := 0.0, 0
	for _, x := range xs {
		if !math.IsNaN(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// totals returns the whole-run quantities of r.
func totals(r *RepResult) map[string]float64 {
	mo := r.Monthly
	H := len(mo[mArrivals])
	t := map[string]float64{}
	for _, k := range []string{mArrivals, mEligible, mRejected, mAdmissions, mAbandoned, mRefusals, mRenewals, mReviews, mEndedAtLimit, mExits, mReturned} {
		t[k] = float64(sum(mo[k]))
	}
	t["mean_waiting_list"] = mean(monthly(r, mWaiting))
	t["mean_occupancy"] = mean(monthly(r, "occupancy"))
	t["mean_bed_occupancy"] = mean(monthly(r, "bed_occupancy"))
	t["mean_wait_days"] = ratio(sum(mo[mWaitDaysSum]), sum(mo[mAdmissions])) / 1000
	t["median_wait_days"] = quantileDays(r.WaitDays, 0.5)
	t["p90_wait_days"] = quantileDays(r.WaitDays, 0.9)
	for _, b := range []struct {
		name   string
		months float64
	}{{"within_1_month", 1}, {"within_3_months", 3}, {"within_6_months", 6}, {"within_12_months", 12}} {
		t[b.name] = withinShare(r.WaitDays, b.months*DaysPerMonth)
	}
	t["mean_stay_days"] = ratio(sum(mo[mStayDaysSum]), sum(mo[mExits])) / 1000
	// return rates over the exits whose window is fully observed
	for i, k := range []int{6, 12, 24} {
		var ex, ret int64
		for m := 0; m+k < H; m++ {
			ex += mo[mExits][m]
			ret += mo[returnMetrics[i]][m]
		}
		t[[]string{"return_rate_6", "return_rate_12", "return_rate_24"}[i]] = ratio(ret, ex)
	}
	t["rent_burden"] = ratio(sum(mo[mBurdenSum]), sum(mo[mBurdenN])) / 10000
	return t
}

// Summary is what a run found: for every variant, monthly series and
// whole-run totals with their intervals, and every variant against the
// baseline as paired differences.
type Summary struct {
	Scenario     string           `json:"scenario"`
	Start        string           `json:"start"`
	Months       int              `json:"months"`
	Seed         uint64           `json:"seed"`
	Replications int              `json:"replications"`
	Precision    float64          `json:"precision"`
	Variants     []VariantSummary `json:"variants"`
	// Differences has one entry per variant other than the baseline.
	Differences []Difference `json:"differences"`
	// Events is the number of events handled in the whole run.
	Events int64 `json:"events"`
}

// VariantSummary is one variant's results.
type VariantSummary struct {
	ID      string                `json:"id"`
	Title   string                `json:"title"`
	Totals  map[string]Estimate   `json:"totals"`
	Monthly map[string][]Estimate `json:"monthly"`
	// Rejections and Exits are totals by reason and by pathway.
	Rejections map[string]Estimate `json:"rejections"`
	Exits      map[string]Estimate `json:"exits"`
	// WaitMonths is the mean number of admitted households by whole
	// months waited (the last bin holds every longer wait).
	WaitMonths []float64 `json:"wait_months"`
}

// Difference is a variant minus the baseline, replication by replication
// (paired: the same households and draws), with its interval.
type Difference struct {
	Variant string                `json:"variant"`
	Totals  map[string]Estimate   `json:"totals"`
	Monthly map[string][]Estimate `json:"monthly"`
}

// diffMonthly lists the monthly series given as paired differences.
var diffMonthly = []string{"waiting", "occupancy", "admissions", "exits"}

// Summarise computes the summary of results. It depends on the results
// alone, in replication order, so merged shards give the same summary as
// one run.
func Summarise(res *Results) *Summary {
	s := &Summary{Scenario: res.Scenario, Start: res.Start.String(), Months: res.Months, Seed: res.Seed, Replications: len(res.Reps), Precision: res.Precision}
	nv := len(res.Variants)
	tot := make([][]map[string]float64, nv) // variant, rep
	for _, rr := range res.Reps {
		for v, r := range rr {
			tot[v] = append(tot[v], totals(r))
			s.Events += r.Events
		}
	}
	for v := 0; v < nv; v++ {
		vs := VariantSummary{ID: res.Variants[v], Title: res.Titles[v].EN, Totals: map[string]Estimate{}, Monthly: map[string][]Estimate{}, Rejections: map[string]Estimate{}, Exits: map[string]Estimate{}}
		for _, k := range Totals {
			xs := make([]float64, len(tot[v]))
			for i := range tot[v] {
				xs[i] = tot[v][i][k]
			}
			vs.Totals[k] = estimate(xs, res.Precision, math.NaN())
		}
		for _, k := range MonthlySeries {
			series := make([][]float64, len(res.Reps))
			for i, rr := range res.Reps {
				series[i] = monthly(rr[v], k)
			}
			vs.Monthly[k] = perMonth(series, res.Months, res.Precision, nil)
		}
		vs.Rejections = byKey(res, v, func(r *RepResult) map[string][]int64 { return r.Rejections }, res.Precision)
		vs.Exits = byKey(res, v, func(r *RepResult) map[string][]int64 { return r.Exits }, res.Precision)
		bins := max(res.Months, 1) + 1
		vs.WaitMonths = make([]float64, bins)
		for _, rr := range res.Reps {
			for d, n := range rr[v].WaitDays {
				b := min(int(float64(d)/DaysPerMonth), bins-1)
				vs.WaitMonths[b] += float64(n)
			}
		}
		for b := range vs.WaitMonths {
			vs.WaitMonths[b] /= float64(max(len(res.Reps), 1))
		}
		s.Variants = append(s.Variants, vs)
	}
	for v := 1; v < nv; v++ {
		d := Difference{Variant: res.Variants[v], Totals: map[string]Estimate{}, Monthly: map[string][]Estimate{}}
		for _, k := range Totals {
			xs := make([]float64, len(tot[v]))
			for i := range tot[v] {
				xs[i] = tot[v][i][k] - tot[0][i][k]
			}
			d.Totals[k] = estimate(xs, res.Precision, s.Variants[0].Totals[k].Mean)
		}
		for _, k := range diffMonthly {
			series := make([][]float64, len(res.Reps))
			base := make([][]float64, len(res.Reps))
			for i, rr := range res.Reps {
				a, b := monthly(rr[v], k), monthly(rr[0], k)
				for j := range a {
					a[j] -= b[j]
				}
				series[i], base[i] = a, b
			}
			d.Monthly[k] = perMonth(series, res.Months, res.Precision, base)
		}
		s.Differences = append(s.Differences, d)
	}
	return s
}

// perMonth summarises series[rep][month] month by month; precision is
// relative to the mean of ref[rep][month] when ref is given.
func perMonth(series [][]float64, months int, precision float64, ref [][]float64) []Estimate {
	out := make([]Estimate, months)
	xs := make([]float64, len(series))
	for k := 0; k < months; k++ {
		rm := math.NaN()
		if ref != nil {
			rs := make([]float64, len(ref))
			for i := range ref {
				rs[i] = ref[i][k]
			}
			rm = mean(rs)
		}
		for i := range series {
			xs[i] = series[i][k]
		}
		out[k] = estimate(xs, precision, rm)
	}
	return out
}

func byKey(res *Results, v int, get func(*RepResult) map[string][]int64, precision float64) map[string]Estimate {
	keys := map[string]bool{}
	for _, rr := range res.Reps {
		for k := range get(rr[v]) {
			keys[k] = true
		}
	}
	out := map[string]Estimate{}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		xs := make([]float64, len(res.Reps))
		for i, rr := range res.Reps {
			xs[i] = float64(sum(get(rr[v])[k]))
		}
		out[k] = estimate(xs, precision, math.NaN())
	}
	return out
}

// MarshalJSON writes an estimate whose figures are undefined (NaN, such as
// the mean waiting time of a variant where nobody was admitted) with nulls.
func (e Estimate) MarshalJSON() ([]byte, error) {
	f := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "null"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return []byte(`{"mean":` + f(e.Mean) + `,"lo":` + f(e.Lo) + `,"hi":` + f(e.Hi) + `,"sd":` + f(e.SD) +
		`,"n":` + strconv.Itoa(e.N) + `,"needed":` + strconv.Itoa(e.Needed) + `}`), nil
}
