package assign

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAutoChoosesByDensity(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, tc := range []struct {
		density float64
		want    Algorithm
	}{{0.05, SparsePairs}, {0.5, Dense}, {1, Dense}} {
		n := 300
		m := NewMatrix(n, n)
		im := NewIntMatrix(n, n)
		for k := range m.Data {
			// The diagonal keeps every instance feasible.
			if k%(n+1) == 0 || r.Float64() < tc.density {
				c := r.Int64N(100)
				m.Data[k], im.Data[k] = float64(c), c
			} else {
				m.Data[k], im.Data[k] = math.Inf(1), Forbidden
			}
		}
		assert.Equal(t, tc.want, Choose(m, Auto))
		assert.Equal(t, tc.want, ChooseInt(im, Auto))
		assert.Equal(t, Dense, Choose(m, Dense))
		auto, err := Solve(m, Options{}, Auto)
		require.NoError(t, err)
		dense, err := Solve(m, Options{}, Dense)
		require.NoError(t, err)
		sparse, err := Solve(m, Options{}, SparsePairs)
		require.NoError(t, err)
		iauto, err := SolveInt(im, IntOptions{}, Auto)
		require.NoError(t, err)
		assert.Equal(t, dense.Cost, auto.Cost)
		assert.Equal(t, dense.Cost, sparse.Cost)
		assert.Equal(t, dense.Cost, float64(iauto.Cost))
	}
	assert.Equal(t, "sparse", SparsePairs.String())
	assert.Equal(t, "auto", Auto.String())
}

// TestMediumAgreement compares dense (with its candidate subgraph), sparse
// and integer solvers on medium random problems of every shape, with and
// without unmatched costs and forbidden pairs.
func TestMediumAgreement(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for it := 0; it < 12; it++ {
		nr, nc := 300+r.IntN(300), 300+r.IntN(300)
		in := instance{nr: nr, nc: nc, c: make([]int64, nr*nc)}
		forbid := []float64{0, 0.5, 0.95}[it%3]
		for k := range in.c {
			if r.Float64() < forbid {
				in.c[k] = Forbidden
			} else {
				in.c[k] = r.Int64N(50)
			}
		}
		if it%2 == 1 {
			in.pen = UniformUnmatchedInt(nr, 30)
		}
		m, opt := in.float()
		dense, derr := SolveDense(m, opt)
		ires, ierr := SolveDenseInt(IntMatrix{Rows: nr, Cols: nc, Data: in.c}, IntOptions{Unmatched: in.pen})
		sp, isp := in.sparse()
		sres, serr := SolveSparse(sp, opt)
		sires, sierr := SolveSparseInt(isp, IntOptions{Unmatched: in.pen})
		if derr != nil {
			require.ErrorIs(t, derr, ErrInfeasible)
			require.ErrorIs(t, ierr, ErrInfeasible)
			require.ErrorIs(t, serr, ErrInfeasible)
			require.ErrorIs(t, sierr, ErrInfeasible)
			continue
		}
		require.NoError(t, ierr)
		require.NoError(t, serr)
		require.NoError(t, sierr)
		checkResult(t, in, dense.RowToCol, dense.ColToRow, dense.Cost)
		checkResult(t, in, sres.RowToCol, sres.ColToRow, sres.Cost)
		assert.Equal(t, dense.Cost, sres.Cost, "instance %d", it)
		assert.Equal(t, int64(dense.Cost), ires.Cost, "instance %d", it)
		assert.Equal(t, int64(dense.Cost), sires.Cost, "instance %d", it)
	}
}
