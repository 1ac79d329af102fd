package simulation_test

import (
	"context"
	"flag"
	"math"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/housingkit/housingkit/simulation"
	"github.com/housingkit/housingkit/simulation/scenarios"
)

// benchScenario is the shipped Crema study (a baseline and 3 variants:
// 12 months only, without the income requirement, both) scaled to about
// 100,000 arrivals over 120 months: every group's arrival rate and every
// unit count multiplied by the same factor.
func benchScenario(b *testing.B) *simulation.Scenario {
	sc, err := scenarios.Load("crema-renewal-and-income")
	if err != nil {
		b.Fatal(err)
	}
	rate := 0.0
	for _, g := range sc.Population.Groups {
		rate += g.Arrivals[0].PerMonth
	}
	k := *benchArrivals / (rate * float64(sc.HorizonMonths))
	for i := range sc.Population.Groups {
		for j := range sc.Population.Groups[i].Arrivals {
			sc.Population.Groups[i].Arrivals[j].PerMonth *= k
		}
	}
	for i := range sc.Stock.Units {
		sc.Stock.Units[i].Count = int(math.Round(float64(sc.Stock.Units[i].Count) * k))
	}
	// at this size the office matches once a day, over every unit vacant
	// and household waiting then
	sc.Programme.MatchEveryDays = 1
	return sc
}

// BenchmarkStudy100k runs 4 variants × 20 replications of 120 months with
// about 100,000 arrivals each, on every core (one op is the whole study;
// -sim.replications runs fewer, for a quick look).
func BenchmarkStudy100k(b *testing.B) {
	m, err := simulation.Prepare(benchScenario(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		start, cpu0 := time.Now(), cpuSeconds()
		res, err := m.Run(context.Background(), simulation.RunOptions{Replications: *benchReplications})
		if err != nil {
			b.Fatal(err)
		}
		el, cpu := time.Since(start), cpuSeconds()-cpu0
		var events, arrivals int64
		for _, rr := range res.Reps {
			for _, r := range rr {
				events += r.Events
				for _, a := range r.Monthly["arrivals"] {
					arrivals += a
				}
			}
		}
		cores := runtime.GOMAXPROCS(0)
		b.ReportMetric(float64(events)/el.Seconds()/float64(cores), "events/s/core")
		b.ReportMetric(float64(events)/cpu, "events/CPU-s")
		b.ReportMetric(cpu, "CPU-s")
		b.ReportMetric(float64(arrivals)/float64(len(res.Reps)*len(res.Variants)), "arrivals/run")
		b.ReportMetric(float64(events), "events")
	}
}

// BenchmarkVariantCost compares, on one replication, the baseline's run
// with the run of a variant that changes one parameter (Crema without
// renewal): the variant reuses the compiled rules and the decisions the
// baseline took, so it should cost no more. baseline+overlay adds instead
// the variant with a rule-set overlay (without the income requirement),
// which decides its own arrivals with the overlaid rules.
func BenchmarkVariantCost(b *testing.B) {
	sc := benchScenario(b)
	base := *sc
	base.Variants = nil
	one := *sc
	one.Variants = sc.Variants[:1] // 12 months only
	ov := *sc
	ov.Variants = sc.Variants[1:2] // without the income requirement
	mb, err := simulation.Prepare(&base)
	if err != nil {
		b.Fatal(err)
	}
	mo, err := simulation.Prepare(&ov)
	if err != nil {
		b.Fatal(err)
	}
	m1, err := simulation.Prepare(&one)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		m    *simulation.Model
	}{{"baseline", mb}, {"baseline+variant", m1}, {"baseline+overlay", mo}} {
		b.Run(c.name, func(b *testing.B) {
			cpu0, n := cpuSeconds(), 0
			for b.Loop() {
				if _, err := c.m.RunReplication(0); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric((cpuSeconds()-cpu0)/float64(n), "CPU-s/op")
		})
	}
}

// benchArrivals is the number of arrivals of a run of the benchmarks.
var benchArrivals = flag.Float64("sim.arrivals", 100_000, "arrivals of a run in the simulation benchmarks")

// benchReplications is the number of replications of BenchmarkStudy100k.
var benchReplications = flag.Int("sim.replications", 20, "replications of BenchmarkStudy100k")

// cpuSeconds returns the CPU time (user + system) the process has used.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
