package assign

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func encode(rows, cols int64, data []float64) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(rows))
	b = binary.LittleEndian.AppendUint64(b, uint64(cols))
	for _, c := range data {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c))
	}
	return b
}

func TestReadMatrixRoundTrip(t *testing.T) {
	m := Matrix{Rows: 2, Cols: 3, Data: []float64{1, 2.5, math.Inf(1), -4, 0, 7}}
	var buf bytes.Buffer
	require.NoError(t, WriteMatrix(&buf, m))
	require.Equal(t, encode(2, 3, m.Data), buf.Bytes())
	got, err := ReadMatrix(&buf)
	require.NoError(t, err)
	assert.Equal(t, m, got)
}

func TestReadMatrixErrors(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "truncated header: expected 16 bytes (rows and cols as int64), found 0"},
		{"short header", encode(2, 2, nil)[:11], "found 11"},
		{"negative", encode(-1, 3, nil), "negative dimensions -1×3"},
		{"huge", encode(1<<20, 1<<20, nil), "exceed the limit"},
		{"overflow", encode(math.MaxInt64, 2, nil), "exceed the limit"},
		{"truncated", encode(2, 2, []float64{1, 2, 3}), "truncated: a 2×2 matrix needs 48 bytes, found 40"},
		{"truncated mid-value", encode(2, 2, []float64{1, 2, 3, 4})[:45], "needs 48 bytes, found 45"},
		{"trailing", append(encode(1, 1, []float64{1}), 0, 0, 0), "3 bytes after the 1×1 matrix"},
		{"nan", encode(2, 2, []float64{1, 2, math.NaN(), 4}), "row 1, column 0: cost NaN"},
		{"-inf", encode(1, 2, []float64{1, math.Inf(-1)}), "row 0, column 1: cost -Inf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadMatrix(bytes.NewReader(tc.in))
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalidInput), "%v", err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestReadMatrixEmptyDimensions(t *testing.T) {
	m, err := ReadMatrix(bytes.NewReader(encode(0, 5, nil)))
	require.NoError(t, err)
	assert.Equal(t, 0, m.Rows)
	assert.Equal(t, 5, m.Cols)
	assert.Empty(t, m.Data)
}

func FuzzReadMatrix(f *testing.F) {
	f.Add(encode(2, 2, []float64{1, 2, 3, 4}))
	f.Add(encode(1, 3, []float64{math.Inf(1), 0, 1}))
	f.Add(encode(2, 2, []float64{1}))
	f.Add(encode(-5, 2, nil))
	f.Add([]byte{1, 2, 3})
	f.Add(encode(2, 2, []float64{1e308, -1e308, 0, 1}))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadMatrix(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("error not marked invalid input: %v", err)
			}
			return
		}
		if m.Rows*m.Cols != len(m.Data) || 16+8*len(m.Data) != len(b) {
			t.Fatalf("inconsistent matrix %d×%d with %d costs from %d bytes", m.Rows, m.Cols, len(m.Data), len(b))
		}
		// Whatever was read must solve, or fail cleanly: infeasible, or
		// costs beyond MaxFloatCost; a solution has a finite total.
		if len(m.Data) <= 64 {
			for _, a := range []Algorithm{Dense, SparsePairs} {
				res, err := Solve(m, Options{}, a)
				switch {
				case err == nil && (math.IsInf(res.Cost, 0) || math.IsNaN(res.Cost)):
					t.Fatalf("%v: total cost %v", a, res.Cost)
				case err != nil && !errors.Is(err, ErrInfeasible) && !errors.Is(err, ErrInvalidInput):
					t.Fatalf("%v: unexpected error: %v", a, err)
				}
			}
		}
	})
}
