package assign

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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

// plainReader hides the Len method of its reader: ReadMatrix must then
// find a wrong length while reading (as from a pipe).
type plainReader struct{ r io.Reader }

func (p plainReader) Read(b []byte) (int, error) { return p.r.Read(b) }

// readers returns the ways the tests hand bytes to ReadMatrix: a
// bytes.Reader (length known), a plain stream, and a regular file.
func readers(t *testing.T, b []byte) map[string]func() io.Reader {
	path := filepath.Join(t.TempDir(), "m.bin")
	require.NoError(t, os.WriteFile(path, b, 0o600))
	return map[string]func() io.Reader{
		"sized":  func() io.Reader { return bytes.NewReader(b) },
		"stream": func() io.Reader { return plainReader{bytes.NewReader(b)} },
		"file": func() io.Reader {
			f, err := os.Open(path)
			require.NoError(t, err)
			t.Cleanup(func() { f.Close() })
			return f
		},
	}
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
		{"long side", encode(1<<25, 0, nil), "exceed the limit of 16777216 rows and columns together"},
		{"claims a gigabyte", encode(1<<14, 1<<13, []float64{1, 2}), "truncated: a 16384×8192 matrix needs 1073741840 bytes, found 32"},
		{"large truncated", encode(600, 1000, make([]float64, 400000))[:3200007], "needs 4800016 bytes, found 3200007"},
		{"large trailing", encode(600, 1000, make([]float64, 600001)), "8 bytes after the 600×1000 matrix"},
		{"overflow", encode(math.MaxInt64, 2, nil), "exceed the limit"},
		{"truncated", encode(2, 2, []float64{1, 2, 3}), "truncated: a 2×2 matrix needs 48 bytes, found 40"},
		{"truncated mid-value", encode(2, 2, []float64{1, 2, 3, 4})[:45], "needs 48 bytes, found 45"},
		{"trailing", append(encode(1, 1, []float64{1}), 0, 0, 0), "3 bytes after the 1×1 matrix"},
		{"nan", encode(2, 2, []float64{1, 2, math.NaN(), 4}), "row 1, column 0: cost NaN"},
		{"-inf", encode(1, 2, []float64{1, math.Inf(-1)}), "row 0, column 1: cost -Inf"},
	}
	for _, tc := range cases {
		for how, r := range readers(t, tc.in) {
			t.Run(tc.name+"/"+how, func(t *testing.T) {
				_, err := ReadMatrix(r())
				require.Error(t, err)
				assert.True(t, errors.Is(err, ErrInvalidInput), "%v", err)
				assert.Contains(t, err.Error(), tc.want)
			})
		}
	}
}

// TestReadMatrixMemory: a matrix is read with one allocation of its final
// size when the length is known, at most 1.5× (plus the 1 MiB staging
// blocks' rounding) from a stream, and a header that claims far more than
// the stream holds allocates no more than twice what arrived.
func TestReadMatrixMemory(t *testing.T) {
	const rows, cols = 700, 900
	data := make([]float64, rows*cols)
	for k := range data {
		data[k] = float64(k % 977)
	}
	b := encode(rows, cols, data)
	size := uint64(8 * rows * cols)
	br := bytes.NewReader(b)
	allocs := testing.AllocsPerRun(5, func() {
		br.Reset(b)
		if _, err := ReadMatrix(br); err != nil {
			t.Fatal(err)
		}
	})
	// The matrix, and the 16-byte header (it escapes through io.Reader).
	assert.Equal(t, 2.0, allocs)
	allocated := func(f func()) uint64 {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		f()
		runtime.ReadMemStats(&m1)
		return m1.TotalAlloc - m0.TotalAlloc
	}
	for how, r := range readers(t, b) {
		var m Matrix
		got := allocated(func() {
			var err error
			m, err = ReadMatrix(r())
			require.NoError(t, err)
		})
		assert.Equal(t, data, m.Data, how)
		assert.LessOrEqual(t, got, size*3/2+readBlock+64<<10, "%s: %d bytes allocated for a %d-byte matrix", how, got, size)
		if how != "stream" {
			assert.Less(t, got, size+64<<10, "%s: %d bytes allocated for a %d-byte matrix", how, got, size)
		}
	}
	// 16 GiB claimed, 3 MiB given, from a stream.
	lie := encode(1<<15, 1<<16, make([]float64, 3<<17))
	got := allocated(func() {
		_, err := ReadMatrix(plainReader{bytes.NewReader(lie)})
		require.ErrorIs(t, err, ErrInvalidInput)
	})
	assert.Less(t, got, uint64(2*len(lie)+readBlock))
}

func TestReadMatrixEmptyDimensions(t *testing.T) {
	m, err := ReadMatrix(bytes.NewReader(encode(0, 5, nil)))
	require.NoError(t, err)
	assert.Equal(t, 0, m.Rows)
	assert.Equal(t, 5, m.Cols)
	assert.Empty(t, m.Data)
}

// transpose returns the transpose of m.
func transpose(m Matrix) Matrix {
	t := Matrix{Rows: m.Cols, Cols: m.Rows, Data: make([]float64, len(m.Data))}
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			t.Data[j*m.Rows+i] = m.At(i, j)
		}
	}
	return t
}

// TestReadMatrixTransposed: a transposed read gives the transpose, from
// every kind of reader, on shapes whose rows cross the read chunks and the
// staging blocks of a stream (partial rows at both ends of a piece), with
// the finite entries counted and errors at the file's positions.
func TestReadMatrixTransposed(t *testing.T) {
	always := ReadOptions{Transpose: func(int, int) bool { return true }}
	for _, dims := range [][2]int{{1, 1}, {7, 3}, {3, 7}, {1, 9}, {1500, 700}, {700, 1500}, {3, 200003}, {200003, 2}} {
		rows, cols := dims[0], dims[1]
		data := make([]float64, rows*cols)
		finite := 0
		for k := range data {
			if k%7 == 3 {
				data[k] = math.Inf(1)
			} else {
				data[k] = float64(k%1013) - 17.5
				finite++
			}
		}
		b := encode(int64(rows), int64(cols), data)
		want := transpose(Matrix{Rows: rows, Cols: cols, Data: data})
		for how, r := range readers(t, b) {
			m, info, err := ReadMatrixWith(r(), always)
			require.NoError(t, err, "%d×%d %s", rows, cols, how)
			assert.True(t, info.Transposed)
			assert.Equal(t, finite, info.Finite, "%d×%d %s", rows, cols, how)
			assert.Equal(t, want.Rows, m.Rows)
			assert.Equal(t, want.Cols, m.Cols)
			assert.True(t, slices.Equal(asBytes(want.Data), asBytes(m.Data)), "%d×%d %s: not the transpose", rows, cols, how)
			// Not asked: the file's own layout, and the same count.
			m, info, err = ReadMatrixWith(r(), ReadOptions{Transpose: func(r, c int) bool { return r > c && r < 0 }})
			require.NoError(t, err)
			assert.False(t, info.Transposed)
			assert.Equal(t, finite, info.Finite)
			assert.True(t, slices.Equal(asBytes(data), asBytes(m.Data)))
		}
		// A NaN far into the file is reported at its own row and column.
		bad := slices.Clone(data)
		k := len(bad) - 2
		if k < 0 {
			k = 0
		}
		bad[k] = math.NaN()
		for how, r := range readers(t, encode(int64(rows), int64(cols), bad)) {
			_, _, err := ReadMatrixWith(r(), always)
			require.ErrorIs(t, err, ErrInvalidInput, how)
			assert.Contains(t, err.Error(), fmt.Sprintf("row %d, column %d: cost NaN at byte %d", k/cols, k%cols, 16+8*k), how)
		}
	}
	// The transposed read of a regular file allocates the matrix and one
	// chunk, no second matrix.
	const rows, cols = 1200, 500
	b := encode(rows, cols, make([]float64, rows*cols))
	path := filepath.Join(t.TempDir(), "tall.bin")
	require.NoError(t, os.WriteFile(path, b, 0o600))
	var m0, m1 runtime.MemStats
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	runtime.ReadMemStats(&m0)
	_, _, err = ReadMatrixWith(f, always)
	runtime.ReadMemStats(&m1)
	require.NoError(t, err)
	assert.Less(t, m1.TotalAlloc-m0.TotalAlloc, uint64(8*rows*cols+readChunk+64<<10))
}

// TestReadMatrixAlloc: ReadOptions.Alloc provides the memory, once, after
// the length has been checked; its error comes back as it is.
func TestReadMatrixAlloc(t *testing.T) {
	b := encode(2, 3, []float64{1, 2, 3, 4, 5, 6})
	calls := 0
	mem := make([]float64, 6)
	m, _, err := ReadMatrixWith(bytes.NewReader(b), ReadOptions{Alloc: func(n int) ([]float64, error) {
		calls++
		return mem[:n], nil
	}})
	require.NoError(t, err)
	assert.Equal(t, 1, calls)
	assert.Same(t, &mem[0], &m.Data[0])
	assert.Equal(t, []float64{1, 2, 3, 4, 5, 6}, m.Data)

	full := errors.New("no memory")
	_, _, err = ReadMatrixWith(bytes.NewReader(b), ReadOptions{Alloc: func(int) ([]float64, error) { return nil, full }})
	assert.ErrorIs(t, err, full)
	assert.NotErrorIs(t, err, ErrInvalidInput)
	_, _, err = ReadMatrixWith(bytes.NewReader(b), ReadOptions{Alloc: func(int) ([]float64, error) { return make([]float64, 2), nil }})
	assert.ErrorContains(t, err, "gave 2 costs for 6")
	// A wrong length is reported before anything is allocated.
	_, _, err = ReadMatrixWith(bytes.NewReader(b[:40]), ReadOptions{Alloc: func(int) ([]float64, error) { t.Fatal("allocated"); return nil, nil }})
	assert.ErrorContains(t, err, "truncated")
}

func ExampleReadMatrixWith() {
	// A 3×2 file, read as its 2×3 transpose.
	var buf bytes.Buffer
	_ = WriteMatrix(&buf, Matrix{Rows: 3, Cols: 2, Data: []float64{1, 2, 3, math.Inf(1), 5, 6}})
	m, info, err := ReadMatrixWith(&buf, ReadOptions{Transpose: func(rows, cols int) bool { return rows > cols }})
	fmt.Println(m.Rows, m.Cols, m.Data, info.Transposed, info.Finite, err)
	// Output: 2 3 [1 3 5 2 +Inf 6] true 5 <nil>
}

func FuzzReadMatrix(f *testing.F) {
	withMapMin(f, 0)
	path := filepath.Join(f.TempDir(), "m.bin")
	f.Add(encode(2, 2, []float64{1, 2, 3, 4}))
	f.Add(encode(1, 3, []float64{math.Inf(1), 0, 1}))
	f.Add(encode(2, 2, []float64{1}))
	f.Add(encode(-5, 2, nil))
	f.Add([]byte{1, 2, 3})
	f.Add(encode(2, 2, []float64{1e308, -1e308, 0, 1}))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadMatrix(bytes.NewReader(b))
		// A stream without a known length reads the same matrix or fails
		// with the same message.
		ms, errs := ReadMatrix(plainReader{bytes.NewReader(b)})
		if (err == nil) != (errs == nil) || (err != nil && err.Error() != errs.Error()) {
			t.Fatalf("sized reader: %v; stream: %v", err, errs)
		}
		if err == nil && (ms.Rows != m.Rows || ms.Cols != m.Cols || !slices.Equal(asBytes(ms.Data), asBytes(m.Data))) {
			t.Fatalf("sized and stream readers read different matrices")
		}
		// So does a file, mapped where it can be.
		if werr := os.WriteFile(path, b, 0o600); werr != nil {
			t.Fatal(werr)
		}
		file, ferr := os.Open(path)
		if ferr != nil {
			t.Fatal(ferr)
		}
		mm, info, errm := ReadMatrixWith(file, ReadOptions{Map: true})
		file.Close()
		if (err == nil) != (errm == nil) || (err != nil && err.Error() != errm.Error()) {
			t.Fatalf("sized reader: %v; mapped file: %v", err, errm)
		}
		if err == nil && (mm.Rows != m.Rows || mm.Cols != m.Cols || !slices.Equal(asBytes(mm.Data), asBytes(m.Data))) {
			t.Fatalf("sized reader and mapped file read different matrices")
		}
		if info.Release != nil {
			if rerr := info.Release(); rerr != nil {
				t.Fatal(rerr)
			}
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("error not marked invalid input: %v", err)
			}
			return
		}
		if m.Rows*m.Cols != len(m.Data) || 16+8*len(m.Data) != len(b) {
			t.Fatalf("inconsistent matrix %d×%d with %d costs from %d bytes", m.Rows, m.Cols, len(m.Data), len(b))
		}
		// Read transposed, from both kinds of reader: the transpose, and
		// the finite entries counted.
		finite := 0
		for _, c := range m.Data {
			if !math.IsInf(c, 1) {
				finite++
			}
		}
		want := transpose(m)
		for _, r := range []io.Reader{bytes.NewReader(b), plainReader{bytes.NewReader(b)}} {
			mt, info, err := ReadMatrixWith(r, ReadOptions{Transpose: func(int, int) bool { return true }})
			if err != nil {
				t.Fatalf("transposed read fails where the plain one succeeds: %v", err)
			}
			if info.Finite != finite || mt.Rows != want.Rows || mt.Cols != want.Cols || !slices.Equal(asBytes(mt.Data), asBytes(want.Data)) {
				t.Fatalf("transposed read of a %d×%d matrix: %d×%d, %d finite (want %d)", m.Rows, m.Cols, mt.Rows, mt.Cols, info.Finite, finite)
			}
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

// withMapMin sets mapMin for a test.
func withMapMin(t testing.TB, n int64) {
	old := mapMin
	mapMin = n
	t.Cleanup(func() { mapMin = old })
}

// TestReadMatrixMapped: with Map, a regular file's costs are its private
// mapping (where the platform maps), read at any offset that is a multiple
// of 8, with the same matrix, count and errors as a read, and the file's
// offset moved past them; writing to the matrix leaves the file alone.
// Transposed reads, readers that are not files and misaligned offsets are
// read as usual.
func TestReadMatrixMapped(t *testing.T) {
	withMapMin(t, 0)
	const rows, cols = 300, 700
	data := make([]float64, rows*cols)
	finite := 0
	for k := range data {
		if k%5 == 2 {
			data[k] = math.Inf(1)
		} else {
			data[k] = float64(k%997) * 0.5
			finite++
		}
	}
	body := encode(rows, cols, data)
	dir := t.TempDir()
	for _, prefix := range []int{0, 8, 4096 + 24, 3} {
		path := filepath.Join(dir, fmt.Sprintf("m%d.bin", prefix))
		require.NoError(t, os.WriteFile(path, append(make([]byte, prefix), body...), 0o600))
		f, err := os.Open(path)
		require.NoError(t, err)
		_, err = f.Seek(int64(prefix), io.SeekStart)
		require.NoError(t, err)
		m, info, err := ReadMatrixWith(f, ReadOptions{Map: true})
		require.NoError(t, err)
		mapped := runtime.GOOS == "linux" && littleEndian && prefix%8 == 0
		assert.Equal(t, mapped, info.Release != nil, "prefix %d", prefix)
		assert.Equal(t, finite, info.Finite)
		assert.Equal(t, len(data), info.Checked)
		assert.Equal(t, rows, m.Rows)
		assert.True(t, slices.Equal(asBytes(data), asBytes(m.Data)))
		off, err := f.Seek(0, io.SeekCurrent)
		require.NoError(t, err)
		assert.Equal(t, int64(prefix+len(body)), off, "offset after the matrix")
		m.Data[7] = -1 // copy-on-write: the file keeps its bytes
		f.Close()
		if info.Release != nil {
			require.NoError(t, info.Release())
		}
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, body, b[prefix:])
	}
	// Transposed: read.
	path := filepath.Join(dir, "m0.bin")
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	m, info, err := ReadMatrixWith(f, ReadOptions{Map: true, Transpose: func(int, int) bool { return true }})
	require.NoError(t, err)
	assert.True(t, info.Transposed)
	assert.Nil(t, info.Release)
	assert.True(t, slices.Equal(asBytes(transpose(Matrix{Rows: rows, Cols: cols, Data: data}).Data), asBytes(m.Data)))
	// Not a file: read.
	_, info, err = ReadMatrixWith(bytes.NewReader(body), ReadOptions{Map: true})
	require.NoError(t, err)
	assert.Nil(t, info.Release)
	// Errors are the read's, at the same positions.
	bad := slices.Clone(data)
	bad[len(bad)-3] = math.Inf(-1)
	for how, r := range readers(t, encode(rows, cols, bad)) {
		_, _, err := ReadMatrixWith(r(), ReadOptions{Map: true})
		require.ErrorIs(t, err, ErrInvalidInput, how)
		k := len(bad) - 3
		assert.Contains(t, err.Error(), fmt.Sprintf("row %d, column %d: cost -Inf at byte %d", k/cols, k%cols, 16+8*k), how)
	}
}

// TestReadMatrixFiniteEnough: a mapped matrix is checked and counted
// chunk by chunk until more than FiniteEnough's answer is finite; a NaN
// before that point is reported, one after it is not (the solver reports
// it); the whole matrix is checked when the count never gets there, or
// when the matrix is read rather than mapped.
func TestReadMatrixFiniteEnough(t *testing.T) {
	if runtime.GOOS != "linux" || !littleEndian {
		t.Skip("mapping is Linux-only")
	}
	withMapMin(t, 0)
	const rows, cols = 1000, 400 // 3.05 MiB: four chunks
	data := make([]float64, rows*cols)
	for k := range data {
		data[k] = float64(k % 13)
	}
	late := slices.Clone(data)
	late[len(late)-1] = math.NaN()
	path := filepath.Join(t.TempDir(), "m.bin")
	read := func(b []byte, enough int) (ReadInfo, error) {
		require.NoError(t, os.WriteFile(path, b, 0o600))
		f, err := os.Open(path)
		require.NoError(t, err)
		defer f.Close()
		var gotDims [2]int
		_, info, err := ReadMatrixWith(f, ReadOptions{Map: true, FiniteEnough: func(r, c int) int {
			gotDims = [2]int{r, c}
			return enough
		}})
		assert.Equal(t, [2]int{rows, cols}, gotDims)
		return info, err
	}
	info, err := read(encode(rows, cols, late), 0)
	require.NoError(t, err, "the NaN is past the checked chunk")
	assert.Equal(t, readChunk/8, info.Checked)
	assert.Equal(t, readChunk/8, info.Finite)
	info, err = read(encode(rows, cols, late), readChunk/8+5)
	require.NoError(t, err)
	assert.Equal(t, 2*readChunk/8, info.Checked)
	_, err = read(encode(rows, cols, late), rows*cols)
	require.ErrorIs(t, err, ErrInvalidInput, "counting to the end finds the NaN")
	_, err = read(encode(rows, cols, late), -1)
	require.ErrorIs(t, err, ErrInvalidInput, "negative: everything is checked")
	early := slices.Clone(data)
	early[5] = math.NaN()
	_, err = read(encode(rows, cols, early), 0)
	require.ErrorIs(t, err, ErrInvalidInput, "a NaN in the first chunk")
	// Read, not mapped: everything is checked.
	_, info, err = ReadMatrixWith(bytes.NewReader(encode(rows, cols, late)), ReadOptions{Map: true, FiniteEnough: func(int, int) int { return 0 }})
	require.ErrorIs(t, err, ErrInvalidInput)
	assert.Zero(t, info.Checked)
}

// TestReadMatrixMappedShrunk: a mapped file that shrinks before its costs
// are checked gives a truncation error, not a crash.
func TestReadMatrixMappedShrunk(t *testing.T) {
	if runtime.GOOS != "linux" || !littleEndian {
		t.Skip("mapping is Linux-only")
	}
	withMapMin(t, 0)
	const rows, cols = 64, 1024
	path := filepath.Join(t.TempDir(), "m.bin")
	require.NoError(t, os.WriteFile(path, encode(rows, cols, make([]float64, rows*cols)), 0o600))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Seek(16, io.SeekStart)
	require.NoError(t, err)
	data, release, ok := mapCosts(f, 8*rows*cols)
	require.True(t, ok)
	defer release() //nolint:errcheck
	require.NoError(t, os.Truncate(path, 4096))
	in := &intake{rows: rows, cols: cols, data: data}
	_, err = in.checkMapped(-1)
	require.ErrorIs(t, err, ErrInvalidInput)
	assert.Contains(t, err.Error(), "truncated while being read")
}
