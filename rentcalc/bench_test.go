package rentcalc

import (
	"math/rand/v2"
	"sync"
	"testing"
)

// population is a synthetic population for the benchmarks: 1,000,000
// households drawn with a fixed seed, each with a composition, an annual
// income, a monthly rent and monthly charges in cents.
type population struct {
	comps                 []Composition
	income, rent, charges []Cents
}

const populationSize = 1_000_000

var benchPopulation = sync.OnceValue(func() *population {
	r := rand.New(rand.NewPCG(2026, 11))
	p := &population{
		comps:   make([]Composition, populationSize),
		income:  make([]Cents, populationSize),
		rent:    make([]Cents, populationSize),
		charges: make([]Cents, populationSize),
	}
	// The members of all households share one backing array, in household
	// order, as a simulation holding a population would store them.
	flat := make([]Member, 0, 3*populationSize)
	ends := make([]int, populationSize)
	for i := range populationSize {
		flat = append(flat, randomComposition(r).Members...)
		ends[i] = len(flat)
		p.income[i] = Cents(r.Int64N(6_000_000))
		p.rent[i] = Cents(r.Int64N(150_000))
		p.charges[i] = Cents(r.Int64N(30_000))
	}
	start := 0
	for i, end := range ends {
		p.comps[i] = Composition{Members: flat[start:end:end]}
		start = end
	}
	return p
})

// BenchmarkCheckCents assesses the households of the 1M population in turn
// (one op = one assessment) through the integer fast path, for each shipped
// policy and for a policy combining five tests (two residual-income tests
// with the ADI and OECD scales).
func BenchmarkCheckCents(b *testing.B) {
	pop := benchPopulation()
	for _, name := range []string{PolicyLiguria30, PolicyModena2x, PolicyResidualMinimumPension, "combined"} {
		a := testAssessors(b)[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			sustainable := 0
			i := 0
			for b.Loop() {
				q, err := a.CheckCents(&pop.comps[i], pop.income[i], pop.rent[i], pop.charges[i])
				if err != nil {
					b.Fatal(err)
				}
				if q.Sustainable {
					sustainable++
				}
				if i++; i == populationSize {
					i = 0
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
		})
	}
}

// BenchmarkPopulation1M is one full pass over the 1M households per op,
// through the integer fast path.
func BenchmarkPopulation1M(b *testing.B) {
	pop := benchPopulation()
	for _, name := range []string{PolicyLiguria30, PolicyResidualMinimumPension, "combined"} {
		a := testAssessors(b)[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i := range populationSize {
					if _, err := a.CheckCents(&pop.comps[i], pop.income[i], pop.rent[i], pop.charges[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.N)*populationSize/b.Elapsed().Seconds(), "assessments/s")
		})
	}
}

// decimalInputs is a pool of 65,536 inputs with decimal amounts, cycled by
// the benchmarks of the decimal entry points.
var decimalInputs = sync.OnceValue(func() []Input {
	r := rand.New(rand.NewPCG(2026, 12))
	in := make([]Input, 1<<16)
	for i := range in {
		in[i] = randomInput(r)
	}
	return in
})

// BenchmarkCheck is Check on decimal inputs: conversion to cents, then the
// integer path.
func BenchmarkCheck(b *testing.B) {
	ins := decimalInputs()
	for _, name := range []string{PolicyLiguria30, PolicyResidualMinimumPension, "combined"} {
		a := testAssessors(b)[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := a.Check(ins[i&(len(ins)-1)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
		})
	}
}

// BenchmarkAssess is the full decimal assessment with explanations and
// it/en texts, for comparison.
func BenchmarkAssess(b *testing.B) {
	ins := decimalInputs()
	for _, name := range []string{PolicyLiguria30, PolicyResidualMinimumPension, "combined"} {
		a := testAssessors(b)[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := a.Assess(ins[i&(len(ins)-1)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
		})
	}
}

// BenchmarkScaleValue compares an equivalence scale's decimal Value (with
// parts and texts) to its fixed-point form used by the fast path.
func BenchmarkScaleValue(b *testing.B) {
	pop := benchPopulation()
	s, err := shipped(b).Scale(ScaleISEE, day("2025-06-01"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decimal", func(b *testing.B) {
		i := 0
		for b.Loop() {
			s.Value(pop.comps[i&0xffff])
			i++
		}
	})
	b.Run("fixed", func(b *testing.B) {
		i := 0
		for b.Loop() {
			s.fixed(&pop.comps[i&0xffff])
			i++
		}
	})
}
