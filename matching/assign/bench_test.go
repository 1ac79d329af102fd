package assign

import (
	"math/rand/v2"
	"testing"
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
