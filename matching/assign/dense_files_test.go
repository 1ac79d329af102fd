package assign

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDenseFiles times SolveDense on the matrix files of a directory
// (HOUSINGKIT_DENSE_FILES; skipped without it), made by a script that
// also records scipy's CPU seconds and optimum for each file in
// scipy.jsonl: a quick side-by-side for tuning. Not a benchmark of record
// (bench/matching.sh is).
func TestDenseFiles(t *testing.T) {
	dir := os.Getenv("HOUSINGKIT_DENSE_FILES")
	if dir == "" {
		t.Skip("HOUSINGKIT_DENSE_FILES not set")
	}
	match := os.Getenv("HOUSINGKIT_DENSE_MATCH")
	ref := scipyReference(dir)
	if os.Getenv("HOUSINGKIT_DENSE_TRACE") != "" {
		trace = t.Logf
		defer func() { trace = nil }()
	}
	if v, err := strconv.ParseFloat(os.Getenv("HOUSINGKIT_AUCTION_FINAL"), 64); err == nil {
		defer func(f float64) { auctionFinalRel = f }(auctionFinalRel)
		auctionFinalRel = v
	}
	if v, err := strconv.Atoi(os.Getenv("HOUSINGKIT_SCALED_K")); err == nil {
		defer func(k int) { scaledK = k }(scaledK)
		scaledK = v
	}
	if v, err := strconv.Atoi(os.Getenv("HOUSINGKIT_AUCTION_K")); err == nil {
		defer func(k int) { auctionK = k }(auctionK)
		auctionK = v
	}
	if os.Getenv("HOUSINGKIT_AUCTION_NOKEEP") != "" {
		defer func() { auctionKeep = true }()
		auctionKeep = false
	}
	if v, err := strconv.Atoi(os.Getenv("HOUSINGKIT_SCALED_ROUNDS")); err == nil {
		defer func(k int) { scaledRounds = k }(scaledRounds)
		scaledRounds = v
	}
	if v, err := strconv.Atoi(os.Getenv("HOUSINGKIT_CAND_K")); err == nil {
		defer func(k int) { candK = k }(candK)
		candK = v
	}
	method := Auto
	if os.Getenv("HOUSINGKIT_DENSE_JV") != "" {
		method = JV
	}
	if v, err := strconv.Atoi(os.Getenv("HOUSINGKIT_SQUARE_DIV")); err == nil {
		defer func(k int) { greedySquareDiv = k }(greedySquareDiv)
		greedySquareDiv = v
	}
	if v, err := strconv.Atoi(os.Getenv("HOUSINGKIT_GREEDY_BUDGET")); err == nil {
		defer func(k int) { greedyBudget = k }(greedyBudget)
		greedyBudget = v
	}
	if v, err := strconv.ParseFloat(os.Getenv("HOUSINGKIT_AUCTION_START"), 64); err == nil {
		defer func(f float64) { auctionStartRel = f }(auctionStartRel)
		auctionStartRel = v
	}
	if v, err := strconv.ParseFloat(os.Getenv("HOUSINGKIT_AUCTION_START_TALL"), 64); err == nil {
		defer func(f float64) { auctionStartRelTall = f }(auctionStartRelTall)
		auctionStartRelTall = v
	}
	if v, err := strconv.ParseFloat(os.Getenv("HOUSINGKIT_AUCTION_THETA"), 64); err == nil {
		defer func(f float64) { auctionTheta = f }(auctionTheta)
		auctionTheta = v
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.bin"))
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
		best := math.Inf(1)
		var cost float64
		for k := 0; k < 3; k++ {
			c0 := processCPU()
			res, err := solveDenseFloat(m, Options{}, method)
			if err != nil {
				t.Fatal(err)
			}
			best = math.Min(best, (processCPU() - c0).Seconds())
			cost = res.Cost
		}
		r, ok := ref[name]
		same := "?"
		if ok {
			same = "same"
			if math.Abs(cost-r[1]) > 1e-9*math.Max(1, math.Abs(r[1])) {
				same = "DIFFERENT"
			}
		}
		if same == "DIFFERENT" {
			t.Logf("cost %.17g want %.17g", cost, r[1])
		}
		t.Logf("%-28s ours %.4f s  scipy %.4f s  ratio %.2f  %s", name, best, r[0], best/r[0], same)
	}
}

// scipyReference reads the scipy.jsonl of a directory of matrix files:
// scipy's CPU seconds and optimum by file name (none when it is missing).
func scipyReference(dir string) map[string][2]float64 {
	ref := map[string][2]float64{}
	f, err := os.Open(filepath.Join(dir, "scipy.jsonl"))
	if err != nil {
		return ref
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct {
			File     string  `json:"file"`
			ScipyCPU float64 `json:"scipy_cpu"`
			Total    float64 `json:"total"`
		}
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			ref[r.File] = [2]float64{r.ScipyCPU, r.Total}
		}
	}
	return ref
}
