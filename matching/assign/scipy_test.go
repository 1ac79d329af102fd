package assign

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScipyFixtures compares our optimum with the one scipy's
// linear_sum_assignment found on matrices it generated once
// (testdata/gen_scipy_fixtures.py).
func TestScipyFixtures(t *testing.T) {
	raw, err := os.ReadFile("testdata/scipy/fixtures.json")
	require.NoError(t, err)
	var fx struct {
		Cases []struct {
			Name      string  `json:"name"`
			File      string  `json:"file"`
			Rows      int     `json:"rows"`
			Cols      int     `json:"cols"`
			TotalCost float64 `json:"total_cost"`
		} `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(raw, &fx))
	require.Len(t, fx.Cases, 8)
	for _, c := range fx.Cases {
		t.Run(c.Name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata/scipy", c.File))
			require.NoError(t, err)
			defer f.Close()
			m, err := ReadMatrix(f)
			require.NoError(t, err)
			require.Equal(t, c.Rows, m.Rows)
			require.Equal(t, c.Cols, m.Cols)
			tol := 1e-9 * math.Max(1, math.Abs(c.TotalCost))
			for _, a := range []Algorithm{Dense, SparsePairs} {
				res, err := Solve(m, Options{}, a)
				require.NoError(t, err, a)
				assert.InDelta(t, c.TotalCost, res.Cost, tol, a)
				assert.Equal(t, min(m.Rows, m.Cols), m.Rows-res.Unmatched)
			}
			// Integer-valued fixtures go through the exact integer path too.
			im, integral := toInt(m)
			if integral {
				res, err := SolveDenseInt(im, IntOptions{})
				require.NoError(t, err)
				assert.Equal(t, int64(c.TotalCost), res.Cost)
				sres, err := SolveSparseInt(ToIntSparse(im), IntOptions{})
				require.NoError(t, err)
				assert.Equal(t, int64(c.TotalCost), sres.Cost)
			}
		})
	}
}

func toInt(m Matrix) (IntMatrix, bool) {
	im := NewIntMatrix(m.Rows, m.Cols)
	for k, c := range m.Data {
		switch {
		case math.IsInf(c, 1):
			im.Data[k] = Forbidden
		case c == math.Trunc(c):
			im.Data[k] = int64(c)
		default:
			return IntMatrix{}, false
		}
	}
	return im, true
}
