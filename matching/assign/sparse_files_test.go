package assign

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSparseFiles times SolveSparse on the matrix files of a directory
// (HOUSINGKIT_SPARSE_FILES; skipped without it), the pairs being the
// finite entries, against scipy's CPU seconds and optimum recorded for
// each file in scipy.jsonl there: a quick side-by-side for tuning, not a
// benchmark of record (bench/matching.sh is). It fails when an optimum
// differs from scipy's.
func TestSparseFiles(t *testing.T) {
	dir := os.Getenv("HOUSINGKIT_SPARSE_FILES")
	if dir == "" {
		t.Skip("HOUSINGKIT_SPARSE_FILES not set")
	}
	match := os.Getenv("HOUSINGKIT_SPARSE_MATCH")
	ref := scipyReference(dir)
	if v, err := strconv.Atoi(os.Getenv("HOUSINGKIT_ARR_MUL")); err == nil {
		defer func(k int) { sparseARRMul = k }(sparseARRMul)
		sparseARRMul = v
	}
	if v, err := strconv.Atoi(os.Getenv("HOUSINGKIT_BIDIR_FREE")); err == nil {
		defer func(k int) { sparseBidirFree = k }(sparseBidirFree)
		sparseBidirFree = v
	}
	if os.Getenv("HOUSINGKIT_NOBIDIR") != "" {
		defer func() { sparseBidir = true }()
		sparseBidir = false
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.bin"))
	var ratios []float64
	sumOurs := 0.0
	for _, path := range files {
		name := filepath.Base(path)
		if match != "" && !strings.Contains(name, match) {
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := ReadMatrix(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		s := ToSparse(m)
		m = Matrix{}
		debug.FreeOSMemory()
		gc := debug.SetGCPercent(-1)
		best, bestWall := math.Inf(1), math.Inf(1)
		var cost float64
		for k := 0; k < 5; k++ {
			c0, t0 := processCPU(), time.Now()
			res, err := SolveSparse(s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			best = math.Min(best, (processCPU() - c0).Seconds())
			bestWall = math.Min(bestWall, time.Since(t0).Seconds())
			cost = res.Cost
		}
		debug.SetGCPercent(gc)
		r, ok := ref[name]
		if ok && math.Abs(cost-r[1]) > 1e-9*math.Max(1, math.Abs(r[1])) {
			t.Errorf("%s: cost %.17g, scipy %.17g", name, cost, r[1])
		}
		if ok {
			ratios = append(ratios, best/r[0])
		}
		sumOurs += best
		t.Logf("%-12s ours %.4f s CPU (%.4f wall)  scipy %.4f s  ratio %.2f  cost %.12g", name, best, bestWall, r[0], best/r[0], cost)
	}
	if len(ratios) > 0 {
		t.Logf("CPU ratio median %.2f, max %.2f; ours %.4f s in all", median(ratios), slicesMax(ratios), sumOurs)
	}
}

func median(a []float64) float64 {
	b := append([]float64(nil), a...)
	for i := range b {
		for j := i + 1; j < len(b); j++ {
			if b[j] < b[i] {
				b[i], b[j] = b[j], b[i]
			}
		}
	}
	if len(b)%2 == 1 {
		return b[len(b)/2]
	}
	return (b[len(b)/2-1] + b[len(b)/2]) / 2
}

func slicesMax(a []float64) float64 {
	m := math.Inf(-1)
	for _, x := range a {
		m = math.Max(m, x)
	}
	return m
}
