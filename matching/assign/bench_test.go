package assign

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"
)

// Benchmark inputs are generated in-process from fixed seeds. The n=4000
// cases are skipped with -short.

func uniformMatrix(n int, seed uint64) Matrix {
	r := rand.New(rand.NewPCG(seed, 1))
	m := NewMatrix(n, n)
	for k := range m.Data {
		m.Data[k] = r.Float64()
	}
	return m
}

func integerMatrix(n int, seed uint64) IntMatrix {
	r := rand.New(rand.NewPCG(seed, 2))
	m := NewIntMatrix(n, n)
	for k := range m.Data {
		m.Data[k] = r.Int64N(1000)
	}
	return m
}

func benchDense(b *testing.B, n int) {
	if n > 2000 && testing.Short() {
		b.Skip("n > 2000 skipped with -short")
	}
	m := uniformMatrix(n, 7)
	b.ResetTimer()
	for b.Loop() {
		if _, err := SolveDense(m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDenseInt(b *testing.B, n int) {
	if n > 2000 && testing.Short() {
		b.Skip("n > 2000 skipped with -short")
	}
	m := integerMatrix(n, 7)
	b.ResetTimer()
	for b.Loop() {
		if _, err := SolveDenseInt(m, IntOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDenseUniform2000(b *testing.B) { benchDense(b, 2000) }
func BenchmarkDenseUniform4000(b *testing.B) { benchDense(b, 4000) }
func BenchmarkDenseInt2000(b *testing.B)     { benchDenseInt(b, 2000) }
func BenchmarkDenseInt4000(b *testing.B)     { benchDenseInt(b, 4000) }

// sparseRandom draws each pair with probability density, costs uniform in
// [0,1) (or integers in [0,1000) when integer is set).
func sparseRandom(n int, density float64, seed uint64) Sparse {
	r := rand.New(rand.NewPCG(seed, 3))
	s := Sparse{Rows: n, Cols: n, Start: make([]int, n+1)}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if r.Float64() < density {
				s.Col = append(s.Col, j)
				s.Cost = append(s.Cost, r.Float64())
			}
		}
		s.Start[i+1] = len(s.Col)
	}
	return s
}

func BenchmarkSparse4000(b *testing.B) {
	if testing.Short() {
		b.Skip("n=4000 skipped with -short")
	}
	s := sparseRandom(4000, 0.01, 9)
	b.ResetTimer()
	for b.Loop() {
		if _, err := SolveSparse(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSparse2000(b *testing.B) {
	s := sparseRandom(2000, 0.01, 9)
	b.ResetTimer()
	for b.Loop() {
		if _, err := SolveSparse(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// capBenchProblem is 10,000 households × 1,000 facilities of 1–12 beds,
// 50 feasible facilities per household, unmatched cost 2000. With mixed
// set, sizes are 1 (60%), 2 (20%), 3 (10%), 4 (10%); otherwise every
// household needs one bed. Costs by geo: "random" draws 50 facilities and
// integer costs [0,1000) at random; "geographic" places households and
// facilities uniformly in the unit square and gives each household its 50
// nearest facilities at cost 1000·distance; "clustered" does the same
// with households concentrated in 6 areas (normal, σ = 0.04) and
// facilities spread uniformly.
func capBenchProblem(mixed bool, geo string) CapProblem {
	r := rand.New(rand.NewPCG(42, 4))
	const nh, nf, deg = 10000, 1000, 50
	p := CapProblem{Capacity: make([]int, nf), Size: make([]int, nh), Start: make([]int, nh+1), Unmatched: make([]int64, nh)}
	for f := range p.Capacity {
		p.Capacity[f] = 1 + r.IntN(12)
	}
	fx, fy := make([]float64, nf), make([]float64, nf)
	for f := range fx {
		fx[f], fy[f] = r.Float64(), r.Float64()
	}
	var cx, cy [6]float64
	for a := range cx {
		cx[a], cy[a] = r.Float64(), r.Float64()
	}
	mark := make([]bool, nf)
	type near struct {
		d float64
		f int
	}
	all := make([]near, nf)
	for h := 0; h < nh; h++ {
		p.Size[h] = 1
		if mixed {
			switch x := r.IntN(10); {
			case x >= 9:
				p.Size[h] = 4
			case x >= 8:
				p.Size[h] = 3
			case x >= 6:
				p.Size[h] = 2
			}
		}
		p.Unmatched[h] = 2000
		if geo == "random" {
			for picked := 0; picked < deg; {
				if f := r.IntN(nf); !mark[f] {
					mark[f] = true
					picked++
				}
			}
			for f := 0; f < nf; f++ {
				if mark[f] {
					mark[f] = false
					p.Facility = append(p.Facility, f)
					p.Cost = append(p.Cost, r.Int64N(1000))
				}
			}
		} else {
			x, y := r.Float64(), r.Float64()
			if geo == "clustered" {
				a := r.IntN(len(cx))
				x, y = cx[a]+0.04*r.NormFloat64(), cy[a]+0.04*r.NormFloat64()
			}
			for f := range all {
				all[f] = near{math.Hypot(x-fx[f], y-fy[f]), f}
			}
			slices.SortFunc(all, func(a, b near) int { return cmp.Compare(a.d, b.d) })
			picked := all[:deg]
			slices.SortFunc(picked, func(a, b near) int { return a.f - b.f })
			for _, n := range picked {
				p.Facility = append(p.Facility, n.f)
				p.Cost = append(p.Cost, int64(1000*n.d))
			}
		}
		p.Start[h+1] = len(p.Facility)
	}
	return p
}

// benchCap times SolveCapacitated with default options and reports the
// gap of its cost above a lower bound: the split relaxation's (computed
// outside the timing with RelaxMaxUnits large enough to run it) for mixed
// sizes, the exact optimum's for one bed each.
func benchCap(b *testing.B, mixed bool, geo string) {
	p := capBenchProblem(mixed, geo)
	lb := int64(0)
	if mixed {
		rel, err := SolveCapacitated(p, CapOptions{RelaxMaxUnits: 1 << 30})
		if err != nil {
			b.Fatal(err)
		}
		lb = rel.LowerBound
		// ResetTimer drops metrics: report this one after the loop.
		defer b.ReportMetric(float64(rel.Cost-lb)/float64(lb)*100, "relaxpath_gap%")
	}
	b.ResetTimer()
	var res CapResult
	cpu0 := processCPU()
	for b.Loop() {
		var err error
		if res, err = SolveCapacitated(p, CapOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	// On a shared machine CPU time is the fair figure (the solver is
	// single-threaded; the collector's work counts too).
	b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	if !mixed {
		lb = res.LowerBound
	}
	b.ReportMetric(float64(res.Cost-lb)/float64(lb)*100, "gap%")
}

// processCPU returns the CPU time (user and system) the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkCapacitatedSingles10000(b *testing.B) { benchCap(b, false, "random") }
func BenchmarkCapacitatedMixed10000(b *testing.B)   { benchCap(b, true, "random") }
func BenchmarkCapacitatedGeoSingles10000(b *testing.B) {
	benchCap(b, false, "geographic")
}
func BenchmarkCapacitatedGeoMixed10000(b *testing.B) { benchCap(b, true, "geographic") }
func BenchmarkCapacitatedClusteredSingles10000(b *testing.B) {
	benchCap(b, false, "clustered")
}
func BenchmarkCapacitatedClusteredMixed10000(b *testing.B) {
	benchCap(b, true, "clustered")
}

// rectMatrix is a seeded rows×cols matrix of integer costs in [0, levels)
// as float64: levels 10 gives the tied family of bench/matching.sh, a
// large one nearly independent costs.
func rectMatrix(rows, cols int, levels int64, seed uint64) Matrix {
	r := rand.New(rand.NewPCG(seed, 5))
	m := NewMatrix(rows, cols)
	for k := range m.Data {
		m.Data[k] = float64(r.Int64N(levels))
	}
	return m
}

func benchRect(b *testing.B, rows, cols int, levels int64) {
	m := rectMatrix(rows, cols, levels, 7)
	b.ResetTimer()
	cpu0 := processCPU()
	for b.Loop() {
		if _, err := SolveDense(m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// Tied costs (the greedy start's case) and tall and wide shapes solved in
// place (the greedy start's lists).
func BenchmarkDenseTies2000(b *testing.B)      { benchRect(b, 2000, 2000, 10) }
func BenchmarkDenseTall4000x1000(b *testing.B) { benchRect(b, 4000, 1000, 1<<40) }
func BenchmarkDenseWide1000x4000(b *testing.B) { benchRect(b, 1000, 4000, 1<<40) }
