package eligibility_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var benchDate = housing.MustParseDate("2024-06-01")

// TestHandWrittenCremaAgrees checks the rule set against the hand-written
// Go function on synthetic households, outcome by outcome, and that the
// fast outcome-only path agrees with the full evaluation.
func TestHandWrittenCremaAgrees(t *testing.T) {
	rs := crema(t)
	p := newPopulation(1, 20000, 0)
	counts := map[eligibility.Outcome]int{}
	for i, h := range p.hs {
		want := handCrema(h, p.refs[i])
		out, err := eligibility.EvaluateOutcome(rs, h, benchDate, eligibility.WithReferral(p.refs[i]))
		require.NoError(t, err)
		d, err := eligibility.Evaluate(rs, h, benchDate, eligibility.WithReferral(p.refs[i]))
		require.NoError(t, err)
		if !assert.Equal(t, want, out, "household %d", i) || !assert.Equal(t, out, d.Outcome, "household %d", i) {
			t.Log(d.Text(housing.English))
			return
		}
		counts[out]++
	}
	for _, o := range []eligibility.Outcome{eligibility.Eligible, eligibility.Ineligible, eligibility.Incomplete} {
		assert.Greater(t, counts[o], 1000, "the synthetic population exercises %s", o)
	}
	t.Logf("outcomes over %d households: %v", len(p.hs), counts)
}

func TestOutcomeOnlyDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	p := newPopulation(2, 256, 0)
	for _, id := range eligibility.ShippedIDs() {
		rs, err := eligibility.Shipped(id)
		require.NoError(t, err)
		on := mustDate(rs.ValidFrom().AddDays(400))
		p := p.bornBy(on)
		i := 0
		allocs := totalAllocs(2000, func() {
			_, _ = eligibility.EvaluateOutcome(rs, p.hs[i%256], on, eligibility.WithReferral(p.refs[i%256]))
			i++
		})
		// A collection may empty the pool of scratch space: a few
		// allocations to refill it are allowed, not one in a hundred runs.
		assert.LessOrEqual(t, allocs, uint64(20), id)
	}
}

// totalAllocs runs f n times and returns how many allocations the runs
// made in all (testing.AllocsPerRun rounds the average down, and would not
// see one allocation every other run). It runs f n times first, so that
// caches filled on first use (the lists of missing facts) are warm.
func totalAllocs(n int, f func()) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for range n {
		f()
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		f()
	}
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
}

// TestFullDecisionAllocations pins the cost of a full decision of the
// Crema rule set: one allocation for the decision (with its score and its
// reasons' fact values), one for its reasons; none for messages, parameter
// lists, missing facts or the lists of the groups matched.
func TestFullDecisionAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	rs := crema(t)
	p := newPopulation(2, 256, 0)
	i := 0
	allocs := totalAllocs(2000, func() {
		_, _ = eligibility.Evaluate(rs, p.hs[i%256], benchDate, eligibility.WithReferral(p.refs[i%256]))
		i++
	})
	// Exactly 2 per decision, and a few to refill the pool of scratch
	// space after a collection.
	assert.GreaterOrEqual(t, allocs, uint64(2*2000))
	assert.LessOrEqual(t, allocs, uint64(2*2000+20))
}

const poolSize = 1 << 14

// cpuTime returns the CPU time the process has used (user and system,
// every thread: the collector's work counts too).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// meter reports decisions per second of wall time and per second of CPU
// time: on a shared machine the second is the fair per-core figure.
type meter struct{ cpu0 time.Duration }

func startMeter() meter { return meter{cpu0: cpuTime()} }

func (m meter) report(b *testing.B, decisions int) {
	b.ReportMetric(float64(decisions)/b.Elapsed().Seconds(), "decisions/s")
	if cpu := cpuTime() - m.cpu0; cpu > 0 {
		b.ReportMetric(float64(decisions)/cpu.Seconds(), "decisions/cpu-s")
	}
}

func reportRate(b *testing.B, m meter) { m.report(b, b.N) }

// BenchmarkCrema measures decisions per second on one core over a pool of
// synthetic households: outcome only, full decisions with reasons, full
// decisions encoded as JSON, and the hand-written Go function.
func BenchmarkCrema(b *testing.B) {
	rs := crema(b)
	p := newPopulation(42, poolSize, 0)
	b.Run("outcome", func(b *testing.B) {
		b.ReportAllocs()
		m := startMeter()
		for i := 0; b.Loop(); i++ {
			k := i & (poolSize - 1)
			if _, err := eligibility.EvaluateOutcome(rs, p.hs[k], benchDate, eligibility.WithReferral(p.refs[k])); err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b, m)
	})
	b.Run("full", func(b *testing.B) {
		b.ReportAllocs()
		m := startMeter()
		for i := 0; b.Loop(); i++ {
			k := i & (poolSize - 1)
			if _, err := eligibility.Evaluate(rs, p.hs[k], benchDate, eligibility.WithReferral(p.refs[k])); err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b, m)
	})
	b.Run("full+json", func(b *testing.B) {
		b.ReportAllocs()
		m := startMeter()
		for i := 0; b.Loop(); i++ {
			k := i & (poolSize - 1)
			d, err := eligibility.Evaluate(rs, p.hs[k], benchDate, eligibility.WithReferral(p.refs[k]))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(d); err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b, m)
	})
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		m := startMeter()
		for i := 0; b.Loop(); i++ {
			k := i & (poolSize - 1)
			_ = handCrema(p.hs[k], p.refs[k])
		}
		reportRate(b, m)
	})
}

// BenchmarkShipped measures every shipped rule set, outcome only and full.
func BenchmarkShipped(b *testing.B) {
	p := newPopulation(42, poolSize, 0)
	for _, id := range eligibility.ShippedIDs() {
		rs, err := eligibility.Shipped(id)
		require.NoError(b, err)
		on := mustDate(rs.ValidFrom().AddDays(400))
		if !rs.ValidTo().IsZero() && on.After(rs.ValidTo()) {
			on = rs.ValidTo()
		}
		p := p.bornBy(on)
		b.Run(id+"/outcome", func(b *testing.B) {
			m := startMeter()
			for i := 0; b.Loop(); i++ {
				k := i & (poolSize - 1)
				if _, err := eligibility.EvaluateOutcome(rs, p.hs[k], on, eligibility.WithReferral(p.refs[k])); err != nil {
					b.Fatal(err)
				}
			}
			reportRate(b, m)
		})
		b.Run(id+"/full", func(b *testing.B) {
			m := startMeter()
			for i := 0; b.Loop(); i++ {
				k := i & (poolSize - 1)
				if _, err := eligibility.Evaluate(rs, p.hs[k], on, eligibility.WithReferral(p.refs[k])); err != nil {
					b.Fatal(err)
				}
			}
			reportRate(b, m)
		})
	}
}

// BenchmarkCrema1M decides a million distinct synthetic households (seed
// 7), generated in chunks outside the timer: run it with -benchtime=1x.
func BenchmarkCrema1M(b *testing.B) {
	rs := crema(b)
	for _, mode := range []string{"outcome", "full", "hand-written"} {
		b.Run(mode, func(b *testing.B) { decideMillion(b, rs, benchDate, mode) })
	}
}

// BenchmarkShipped1M decides a million distinct synthetic households (seed
// 7) with every shipped rule set, outcome only and with full reasons, on
// the date BenchmarkShipped uses: run it with -benchtime=1x.
func BenchmarkShipped1M(b *testing.B) {
	for _, id := range eligibility.ShippedIDs() {
		rs, err := eligibility.Shipped(id)
		require.NoError(b, err)
		on := mustDate(rs.ValidFrom().AddDays(400))
		if !rs.ValidTo().IsZero() && on.After(rs.ValidTo()) {
			on = rs.ValidTo()
		}
		for _, mode := range []string{"outcome", "full"} {
			b.Run(id+"/"+mode, func(b *testing.B) { decideMillion(b, rs, on, mode) })
		}
	}
}

// decideMillion decides a million households with rs on date on, in mode
// "outcome" (EvaluateOutcome), "full" (Evaluate) or "hand-written"
// (handCrema), and reports decisions per second of wall and of CPU time.
// The households are generated in chunks, outside the timer, and the
// generator's garbage is collected before each timed chunk, so that the
// timed part pays only for its own.
func decideMillion(b *testing.B, rs *eligibility.RuleSet, on housing.Date, mode string) {
	const total, chunk = 1_000_000, 15_625 // 64 chunks: exactly a million
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		s := newSynth(7)
		counts := map[eligibility.Outcome]int{}
		for done := 0; done < total; done += chunk {
			hs := make([]*housing.Household, chunk)
			refs := make([]*housing.Referral, chunk)
			for i := range hs {
				hs[i], refs[i] = s.household(done + i)
			}
			bornBy := population{hs: hs, refs: refs}.bornBy(on)
			hs = bornBy.hs
			runtime.GC()
			b.StartTimer()
			c0 := cpuTime()
			for i, h := range hs {
				var out eligibility.Outcome
				switch mode {
				case "outcome":
					out, _ = eligibility.EvaluateOutcome(rs, h, on, eligibility.WithReferral(refs[i]))
				case "full":
					d, err := eligibility.Evaluate(rs, h, on, eligibility.WithReferral(refs[i]))
					if err != nil {
						b.Fatal(err)
					}
					out = d.Outcome
				default:
					out = handCrema(h, refs[i])
				}
				counts[out]++
			}
			cpu += cpuTime() - c0
			b.StopTimer()
		}
		b.StartTimer()
		if counts[eligibility.Eligible]+counts[eligibility.Refer] == 0 {
			b.Fatal(fmt.Sprint(counts))
		}
	}
	b.ReportMetric(float64(b.N*total)/b.Elapsed().Seconds(), "decisions/s")
	b.ReportMetric(float64(b.N*total)/cpu.Seconds(), "decisions/cpu-s")
}

// BenchmarkCrema1MResident decides a million distinct synthetic households
// (seed 7) with full reasons while all of them stay in memory, as when a
// whole register is loaded at once: the collector then works under the
// real load of a live heap of a million households, which the chunked
// BenchmarkCrema1M keeps small. Generation happens once, outside the
// timer; run it with -benchtime=1x.
//
// In "kept" every decision stays live too, as a vendor's batch holds them
// to rank, store or report (the live heap grows by a million decisions);
// in "discarded" each is dropped once its outcome is counted, as when a
// batch streams them out. Each reports decisions per second of wall and
// of CPU time (user and system, collector included), the page faults a
// decision costs (fresh heap memory is zeroed by the kernel on first
// touch), the live heap the decisions ran beside (live-MB) and the heap at
// the end (end-MB). Run each mode in its own process (-bench
// 'Crema1MResident/kept'): in one process the second runs in the heap
// the first grew, without its page faults.
func BenchmarkCrema1MResident(b *testing.B) {
	const total = 1_000_000
	rs := crema(b)
	s := newSynth(7)
	hs := make([]*housing.Household, total)
	refs := make([]*housing.Referral, total)
	for i := range hs {
		hs[i], refs[i] = s.household(i)
	}
	hs = population{hs: hs, refs: refs}.bornBy(benchDate).hs
	for _, keep := range []bool{true, false} {
		name := "discarded"
		if keep {
			name = "kept"
		}
		b.Run(name, func(b *testing.B) {
			var ds []*eligibility.Decision
			if keep {
				ds = make([]*eligibility.Decision, total)
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			live := float64(ms.HeapAlloc) / (1 << 20)
			var cpu time.Duration
			var faults int64
			b.ResetTimer()
			for b.Loop() {
				counts := map[eligibility.Outcome]int{}
				u0 := readUsage()
				for i, h := range hs {
					d, err := eligibility.Evaluate(rs, h, benchDate, eligibility.WithReferral(refs[i]))
					if err != nil {
						b.Fatal(err)
					}
					counts[d.Outcome]++
					if keep {
						ds[i] = d
					}
				}
				u := readUsage().sub(u0)
				cpu, faults = cpu+u.cpu, faults+u.faults
				if counts[eligibility.Eligible] == 0 {
					b.Fatal(fmt.Sprint(counts))
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&ms)
			n := float64(b.N * total)
			b.ReportMetric(n/b.Elapsed().Seconds(), "decisions/s")
			b.ReportMetric(n/cpu.Seconds(), "decisions/cpu-s")
			b.ReportMetric(float64(faults)/n, "faults/decision")
			b.ReportMetric(live, "live-MB")
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "end-MB")
			runtime.KeepAlive(ds)
		})
	}
	runtime.KeepAlive(hs)
	runtime.KeepAlive(refs)
}

// usage is the process's CPU time (user and system, every thread) and
// its minor page faults, at one moment.
type usage struct {
	cpu    time.Duration
	faults int64
}

func readUsage() usage {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return usage{cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), faults: ru.Minflt}
}

func (u usage) sub(v usage) usage {
	return usage{cpu: u.cpu - v.cpu, faults: u.faults - v.faults}
}

// BenchmarkLoad measures loading (parsing and compiling) the Crema rule set.
func BenchmarkLoad(b *testing.B) {
	data, err := rulesets.FS.ReadFile("crema.ospitalita-temporanea.yaml")
	require.NoError(b, err)
	for b.Loop() {
		if _, err := eligibility.Parse("crema.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApply measures deriving a variant that changes a parameter.
func BenchmarkApply(b *testing.B) {
	rs := crema(b)
	o, err := eligibility.LoadOverlayFS(rulesets.FS, "variants/crema.size-limit-5.yaml")
	require.NoError(b, err)
	for b.Loop() {
		if _, err := rs.Apply(o); err != nil {
			b.Fatal(err)
		}
	}
}
