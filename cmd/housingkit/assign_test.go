package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/housingkit/housingkit/matching/assign"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeCosts(t *testing.T, rows, cols int64, data []float64) string {
	t.Helper()
	b := binary.LittleEndian.AppendUint64(nil, uint64(rows))
	b = binary.LittleEndian.AppendUint64(b, uint64(cols))
	for _, c := range data {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c))
	}
	p := filepath.Join(t.TempDir(), "costs.bin")
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return p
}

func runAssign(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"assign"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestAssignJSON(t *testing.T) {
	inf := math.Inf(1)
	// Rows 0..2, columns 0..3; row 1 may only take column 3.
	p := writeCosts(t, 3, 4, []float64{
		4, 1, 3, 9,
		inf, inf, inf, 5,
		2, 0, 5, 7,
	})
	for _, algo := range []string{"auto", "dense", "sparse", "jv", "auction"} {
		code, out, errs := runAssign(t, "--costs", p, "--format", "json", "--algorithm", algo)
		require.Equal(t, 0, code, errs)
		var got map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		assert.Equal(t, float64(3), got["rows"])
		assert.Equal(t, float64(4), got["cols"])
		// Optimum: row 0→1 (1), row 1→3 (5), row 2→0 (2) = 8.
		assert.Equal(t, float64(8), got["total_cost"])
		assert.Equal(t, []any{float64(1), float64(3), float64(0)}, got["assignment"])
		assert.GreaterOrEqual(t, got["solve_seconds"].(float64), 0.0)
		assert.GreaterOrEqual(t, got["solve_cpu_seconds"].(float64), 0.0)
		// Reading and solving: no less than the solve alone.
		assert.GreaterOrEqual(t, got["file_to_answer_seconds"].(float64), got["solve_seconds"].(float64))
		assert.GreaterOrEqual(t, got["file_to_answer_cpu_seconds"].(float64), 0.0)
		assert.Len(t, got, 8)
	}
}

func TestAssignMoreRowsThanColumns(t *testing.T) {
	p := writeCosts(t, 3, 2, []float64{
		1, 2,
		0, 9,
		5, 0,
	})
	for _, algo := range []string{"auto", "jv", "auction"} {
		code, out, errs := runAssign(t, "--costs", p, "--format", "json", "--algorithm", algo)
		require.Equal(t, 0, code, errs)
		var got assignOutput
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		assert.Equal(t, []int{-1, 0, 1}, got.Assignment, algo)
		assert.Equal(t, 0.0, got.TotalCost, algo)
	}
	code, _, errs := runAssign(t, "--costs", p, "--algorithm", "hungarian")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `--algorithm: "hungarian": want auto, dense, sparse, jv or auction`)
}

// TestAssignTall: a file with more rows than columns (read transposed for
// jv, as it is otherwise) is answered in the file's rows and columns, with
// the optimum of the untransposed solve, and errors name the file's
// positions.
func TestAssignTall(t *testing.T) {
	const rows, cols = 9, 4
	inf := math.Inf(1)
	rng := rand.New(rand.NewPCG(7, 9))
	data := make([]float64, rows*cols)
	for k := range data {
		data[k] = float64(rng.IntN(20))
		if rng.IntN(5) == 0 {
			data[k] = inf
		}
	}
	p := writeCosts(t, rows, cols, data)
	m := assign.Matrix{Rows: rows, Cols: cols, Data: data}
	want, err := assign.Solve(m, assign.Options{}, assign.JV)
	require.NoError(t, err)
	for _, algo := range []string{"auto", "dense", "sparse", "jv", "auction"} {
		code, out, errs := runAssign(t, "--costs", p, "--format", "json", "--algorithm", algo)
		require.Equal(t, 0, code, errs)
		var got assignOutput
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		assert.Equal(t, rows, got.Rows, algo)
		assert.Equal(t, cols, got.Cols, algo)
		assert.Equal(t, want.Cost, got.TotalCost, algo)
		require.Len(t, got.Assignment, rows)
		used := map[int]bool{}
		total := 0.0
		for i, j := range got.Assignment {
			if j >= 0 {
				assert.False(t, used[j], "%s: column %d used twice", algo, j)
				used[j] = true
				total += m.At(i, j)
			}
		}
		assert.Len(t, used, cols, algo)
		assert.Equal(t, want.Cost, total, algo)
	}
	code, out, errs := runAssign(t, "--costs", p)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "9 rows × 4 columns")
	assert.Contains(t, out, "assigned rows: 4; rows without a column: 5")
	for i, j := range want.RowToCol {
		if j >= 0 {
			assert.Contains(t, out, fmt.Sprintf("row %d → column %d (cost %v)", i, j, m.At(i, j)))
		}
	}
	// With jv the file is read transposed, with auto it is not: errors
	// are stated in the file's rows and columns either way.
	bad := slices.Clone(data)
	for i := 0; i < rows; i++ {
		bad[i*cols+2] = inf
	}
	big := slices.Clone(data)
	big[7*cols+1] = 1e308
	nan := slices.Clone(data)
	nan[7*cols+1] = math.NaN()
	for _, algo := range []string{"auto", "jv"} {
		// Column 2 has no finite cost: infeasible, and said of the column.
		code, _, errs = runAssign(t, "--costs", writeCosts(t, rows, cols, bad), "--algorithm", algo)
		assert.Equal(t, 2, code, algo)
		assert.Contains(t, errs, "infeasible: column 2 ", algo)
		// A cost the solver refuses is reported at its row and column.
		code, _, errs = runAssign(t, "--costs", writeCosts(t, rows, cols, big), "--algorithm", algo)
		assert.Equal(t, 2, code, algo)
		assert.Contains(t, errs, "row 7, column 1: cost 1e+308 outside ±", algo)
		// And so is a NaN.
		code, _, errs = runAssign(t, "--costs", writeCosts(t, rows, cols, nan), "--algorithm", algo)
		assert.Equal(t, 2, code, algo)
		assert.Contains(t, errs, "row 7, column 1: cost NaN at byte 248", algo)
	}
}

func TestAssignPenalty(t *testing.T) {
	inf := math.Inf(1)
	// Both rows want column 0 only: without a penalty it is infeasible.
	p := writeCosts(t, 2, 2, []float64{1, inf, 3, inf})
	code, _, errs := runAssign(t, "--costs", p)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "infeasible")

	code, out, errs := runAssign(t, "--costs", p, "--penalty", "10", "--format", "json")
	require.Equal(t, 0, code, errs)
	var got assignOutput
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	// Row 0 → column 0 (1) with row 1 unmatched (10) costs 11, less than
	// row 1 → column 0 (3) with row 0 unmatched (10).
	assert.Equal(t, []int{0, -1}, got.Assignment)
	assert.Equal(t, 11.0, got.TotalCost)

	code, out, errs = runAssign(t, "--costs", p, "--penalty", "10")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "2 rows × 2 columns, dense solver")
	assert.Contains(t, out, "total cost: 11")
	assert.Contains(t, out, "row 0 → column 0 (cost 1)")
	assert.Contains(t, out, "row 1: unmatched")
	assert.Contains(t, out, "penalty 10 each")
}

func TestAssignBadInput(t *testing.T) {
	dir := t.TempDir()
	trunc := filepath.Join(dir, "trunc.bin")
	full := writeCosts(t, 2, 2, []float64{1, 2, 3, 4})
	b, err := os.ReadFile(full)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(trunc, b[:30], 0o600))
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"missing flag", nil, "--costs: is required: a binary cost matrix file"},
		{"no file", []string{"--costs", filepath.Join(dir, "nope.bin")}, "no such file"},
		{"truncated", []string{"--costs", trunc}, "a 2×2 matrix needs 48 bytes, found 30"},
		{"negative", []string{"--costs", writeCosts(t, -2, 2, nil)}, "negative dimensions"},
		{"huge", []string{"--costs", writeCosts(t, 1<<40, 1<<40, nil)}, "exceed the limit"},
		{"nan", []string{"--costs", writeCosts(t, 1, 2, []float64{0, math.NaN()})}, "row 0, column 1: cost NaN"},
		{"infeasible", []string{"--costs", writeCosts(t, 2, 2, []float64{math.Inf(1), math.Inf(1), 1, 2})}, "infeasible"},
		{"costs too large", []string{"--costs", writeCosts(t, 2, 2, []float64{1e308, 1e308, 1e308, 1e308}), "--format", "json"}, "row 0, column 0: cost 1e+308 outside ±"},
		{"sparse costs too large", []string{"--costs", writeCosts(t, 2, 2, []float64{-1e308, 0, 0, 1}), "--algorithm", "sparse"}, "row 0, column 0: cost -1e+308 outside ±"},
		{"penalty too large", []string{"--costs", full, "--penalty", "1e308"}, "row 0: unmatched cost 1e+308 outside ±"},
		{"bad algorithm", []string{"--costs", full, "--algorithm", "magic"}, `--algorithm: "magic"`},
		{"bad format", []string{"--costs", full, "--format", "xml"}, `--format: "xml"`},
		{"bad penalty", []string{"--costs", full, "--penalty", "NaN"}, "--penalty: NaN"},
		{"unknown flag", []string{"--costs", full, "--frobnicate"}, "unknown flag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runAssign(t, tc.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Contains(t, errs, tc.want)
		})
	}
}

// TestAssignMapped: a file large enough to be mapped is solved as a read
// one would be, by every algorithm; a NaN or -Inf past the part the reader
// checks (it stops once the automatic choice is made) is still reported
// by row and column, with status 2.
func TestAssignMapped(t *testing.T) {
	const rows, cols = 200, 1000 // 1.6 MB: past the first chunk the reader checks
	r := rand.New(rand.NewPCG(7, 9))
	data := make([]float64, rows*cols)
	for k := range data {
		data[k] = float64(r.IntN(1000))
	}
	want, err := assign.SolveDense(assign.Matrix{Rows: rows, Cols: cols, Data: data}, assign.Options{})
	require.NoError(t, err)
	p := writeCosts(t, rows, cols, data)
	for _, algo := range []string{"auto", "dense", "sparse", "jv", "auction"} {
		code, out, errs := runAssign(t, "--costs", p, "--format", "json", "--algorithm", algo)
		require.Equal(t, 0, code, errs)
		var got assignOutput
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		assert.Equal(t, want.Cost, got.TotalCost, algo)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(-1)} {
		d := slices.Clone(data)
		d[len(d)-2] = bad
		p := writeCosts(t, rows, cols, d)
		for _, algo := range []string{"auto", "dense", "sparse", "jv", "auction"} {
			code, out, errs := runAssign(t, "--costs", p, "--algorithm", algo)
			assert.Equal(t, 2, code, algo)
			assert.Empty(t, out)
			assert.Contains(t, errs, fmt.Sprintf("row %d, column %d: cost %v", rows-1, cols-2, bad), algo)
		}
	}
}

// TestMappedFault: a fault on the mapped costs (the file shrank) becomes
// an error; other panics and faults elsewhere do not.
func TestMappedFault(t *testing.T) {
	const rows, cols = 64, 2048
	p := writeCosts(t, rows, cols, make([]float64, rows*cols))
	f, err := os.Open(p)
	require.NoError(t, err)
	m, info, err := assign.ReadMatrixWith(f, assign.ReadOptions{Map: true})
	f.Close()
	require.NoError(t, err)
	if info.Release == nil {
		t.Skip("not mapped on this platform")
	}
	defer info.Release() //nolint:errcheck
	require.NoError(t, os.Truncate(p, 4096))
	caught := func(f func()) (r any) {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() { r = recover() }()
		f()
		return nil
	}
	var sink float64
	r := caught(func() { sink += m.Data[len(m.Data)-1] })
	require.NotNil(t, r)
	err = mappedFault(r, m.Data)
	require.ErrorIs(t, err, assign.ErrInvalidInput)
	assert.Contains(t, err.Error(), "the file shrank")
	assert.Nil(t, mappedFault(r, m.Data[:8]), "a fault outside the costs")
	assert.Nil(t, mappedFault("boom", m.Data))
}

// TestAssignJSONBytes: the hand-written JSON of assign is encoding/json's,
// byte for byte, over floats of every magnitude and form and assignments
// empty, nil and long; NaN and ±Inf are refused as there.
func TestAssignJSONBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99e-7, 1e-7, 1.5e-10, 1e20, 1e21, 123456789e15, -2.5e-9, math.MaxFloat64, math.SmallestNonzeroFloat64, 27, 0.000123, 1e-300}
	for range 300 {
		floats = append(floats, math.Float64frombits(r.Uint64()), r.NormFloat64()*math.Pow(10, float64(r.IntN(60)-30)))
	}
	assignments := [][]int{nil, {}, {-1}, {3, -1, 0, 12345678901}}
	long := make([]int, 5000)
	for k := range long {
		long[k] = r.IntN(20000) - 1
	}
	assignments = append(assignments, long)
	for k, f := range floats {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		o := assignOutput{Rows: k, Cols: -k, TotalCost: f, Assignment: assignments[k%len(assignments)], SolveSeconds: floats[(k+1)%len(floats)], SolveCPUSeconds: math.Abs(f), FileToAnswerSeconds: math.Abs(f) / 3, FileToAnswerCPUSeconds: float64(k)}
		if math.IsNaN(o.SolveSeconds) || math.IsInf(o.SolveSeconds, 0) {
			o.SolveSeconds = 0.5
		}
		var want bytes.Buffer
		require.NoError(t, json.NewEncoder(&want).Encode(o))
		got, err := appendAssignJSON(nil, o)
		require.NoError(t, err)
		require.Equal(t, want.String(), string(got), "%v", o.TotalCost)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		_, err := appendAssignJSON(nil, assignOutput{TotalCost: bad})
		require.Error(t, err)
		require.Error(t, json.NewEncoder(io.Discard).Encode(assignOutput{TotalCost: bad}))
	}
}
