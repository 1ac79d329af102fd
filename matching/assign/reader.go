package assign

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"runtime/debug"
	"unsafe"
)

// MaxReadEntries bounds rows×cols in ReadMatrix (2^28 entries, 2 GiB of
// costs).
const MaxReadEntries = 1 << 28

// MaxReadSide bounds rows+cols in ReadMatrix (2^24): a matrix with a zero
// dimension has no costs to read, but solving it still allocates per row
// and per column, so the header alone must not be able to ask for
// gigabytes.
const MaxReadSide = 1 << 24

// readBlock is the size of the staging blocks ReadMatrix uses when it
// cannot tell how many bytes its reader holds.
const readBlock = 1 << 20

// sizer is implemented by readers that know how many unread bytes they
// hold (bytes.Reader, strings.Reader, bytes.Buffer).
type sizer interface{ Len() int }

// statSeeker is implemented by *os.File: a regular file's remaining bytes
// are its size less the current offset.
type statSeeker interface {
	Stat() (fs.FileInfo, error)
	io.Seeker
}

// remaining reports how many unread bytes r holds, when it can tell.
func remaining(r io.Reader) (int64, bool) {
	switch s := r.(type) {
	case sizer:
		return int64(s.Len()), true
	case statSeeker:
		fi, err := s.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return 0, false
		}
		off, err := s.Seek(0, io.SeekCurrent)
		if err != nil || off > fi.Size() {
			return 0, false
		}
		return fi.Size() - off, true
	}
	return 0, false
}

// ReadMatrix reads a dense cost matrix in the binary format of
// `housingkit assign`: rows and cols as little-endian int64, then
// rows×cols little-endian float64 in row-major order. +Inf forbids a pair.
//
// It returns an *InputError (errors.Is ErrInvalidInput) for a short header,
// negative or too large dimensions (rows×cols > MaxReadEntries or
// rows+cols > MaxReadSide), a truncated body (saying how many bytes were
// expected and found), trailing bytes, or a NaN or -Inf cost (saying its
// row, column and byte offset).
//
// Memory: the costs are read straight into the matrix, allocated once at
// its final size. When r can tell how many bytes it holds (a regular
// *os.File, bytes.Reader, strings.Reader, bytes.Buffer) a wrong length is
// reported before anything is allocated. Otherwise (a pipe) the first half
// of the costs is staged in 1 MiB blocks and the matrix is allocated only
// once the stream has proved to hold that half: a short header can never
// make it allocate more than twice the bytes that actually arrived, and
// the peak is at most 1.5× the matrix.
func ReadMatrix(r io.Reader) (Matrix, error) {
	m, _, err := ReadMatrixWith(r, ReadOptions{})
	return m, err
}

// ReadOptions tune ReadMatrixWith.
type ReadOptions struct {
	// Transpose is called with the dimensions in the header; when it
	// returns true the matrix is returned transposed (cols×rows: Data[j*
	// rows+i] is the file's entry at row i, column j), written in place
	// as it is read, without a second copy of the matrix. Solvers that
	// want more columns than rows use it on tall files.
	Transpose func(rows, cols int) bool
	// Alloc, when set, provides the memory of the n costs (called once,
	// after the header and, when the length is known, the length have
	// been checked); its error is returned as it is. The default is a
	// slice of the Go heap. A command that reads one matrix and exits can
	// map fresh memory here, which the kernel may back with huge pages
	// without the runtime first clearing it page by page.
	Alloc func(n int) ([]float64, error)
	// Map lets the costs stay where they are: when the reader is a
	// regular *os.File holding exactly the matrix, at an offset that is a
	// multiple of 8, on Linux on a little-endian machine, and the matrix is
	// not transposed, Data is a private mapping of the file (nothing is
	// copied or allocated; writing to Data never changes the file) and
	// ReadInfo.Release unmaps it. The costs are checked as usual. The file
	// must not change while the matrix is used: one that shrinks makes
	// reading the lost part fault (a shrinking seen while the costs are
	// checked is reported as a truncated file; later, the program gets
	// SIGBUS unless it runs with debug.SetPanicOnFault). Where mapping is
	// not possible the costs are read as without it.
	Map bool
	// FiniteEnough, for a mapped matrix (Map), is called with the
	// header's dimensions; when it returns n ≥ 0 the costs are checked and
	// counted only until more than n are finite (in chunks of 1 MiB):
	// ReadInfo.Finite is then a partial count above n, ReadInfo.Checked
	// says how far it went, and a NaN or -Inf further on is left to the
	// solver, which reports it by row and column (every Solve function
	// checks the costs it is given). It saves a pass over a large matrix
	// that is solved at once, when all the caller needs of the count is
	// whether it exceeds n (a choice between the sparse and the dense
	// solver; n = 0: none). A matrix that is read, not mapped, is checked
	// as it is copied, whatever this says.
	FiniteEnough func(rows, cols int) int
}

// ReadInfo describes what ReadMatrixWith read.
type ReadInfo struct {
	// Transposed is true when the matrix is the transpose of the file's.
	Transposed bool
	// Finite counts the entries that are not +Inf (feasible pairs) among
	// the first Checked.
	Finite int
	// Checked is the number of entries checked and counted: all of them,
	// unless ReadOptions.FiniteEnough stopped the count.
	Checked int
	// Release, set only when the costs are a mapping of the file
	// (ReadOptions.Map), unmaps them; the matrix must not be used after.
	Release func() error
}

// readChunk is the size in bytes of the pieces ReadMatrixWith reads and
// checks at a time (while they are still in the cache).
const readChunk = 1 << 20

// ReadMatrixWith is ReadMatrix with options; it also reports whether the
// matrix was transposed and how many entries are finite, counted while
// the costs are checked (so that choosing between the dense and the sparse
// solver needs no further pass). Errors give positions in the file's own
// layout. Memory as for ReadMatrix, plus one chunk of 1 MiB when
// transposing.
func ReadMatrixWith(r io.Reader, o ReadOptions) (Matrix, ReadInfo, error) {
	if r == nil {
		return Matrix{}, ReadInfo{}, &InputError{Row: -1, Col: -1, Msg: "no reader (nil)"}
	}
	var hdr [16]byte
	n, err := io.ReadFull(r, hdr[:])
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return Matrix{}, ReadInfo{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("truncated header: expected 16 bytes (rows and cols as int64), found %d", n)}
		}
		return Matrix{}, ReadInfo{}, err
	}
	rows := int64(binary.LittleEndian.Uint64(hdr[0:8]))
	cols := int64(binary.LittleEndian.Uint64(hdr[8:16]))
	if rows < 0 || cols < 0 {
		return Matrix{}, ReadInfo{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("negative dimensions %d×%d in header", rows, cols)}
	}
	if rows > MaxReadEntries || cols > MaxReadEntries || (cols > 0 && rows > MaxReadEntries/cols) {
		return Matrix{}, ReadInfo{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("dimensions %d×%d in header exceed the limit of %d entries", rows, cols, MaxReadEntries)}
	}
	if rows+cols > MaxReadSide {
		return Matrix{}, ReadInfo{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("dimensions %d×%d in header exceed the limit of %d rows and columns together", rows, cols, MaxReadSide)}
	}
	total := int(rows * cols)
	body := 8 * int64(total)
	want := 16 + body
	truncated := func(found int64) error {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("truncated: a %d×%d matrix needs %d bytes, found %d", rows, cols, want, found)}
	}
	trailing := func(extra int64) error {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("%d bytes after the %d×%d matrix: a %d×%d matrix needs %d bytes, found %d", extra, rows, cols, rows, cols, want, want+extra)}
	}
	// readErr turns a short read of the costs, got bytes into them, into
	// the truncation error.
	readErr := func(err error, got int64) error {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return truncated(16 + got)
		}
		return err
	}
	known, sized := remaining(r)
	if sized {
		switch {
		case known < body:
			return Matrix{}, ReadInfo{}, truncated(16 + known)
		case known > body:
			return Matrix{}, ReadInfo{}, trailing(known - body)
		}
	}
	in := &intake{rows: int(rows), cols: int(cols)}
	in.transposed = o.Transpose != nil && o.Transpose(in.rows, in.cols)
	if o.Map && sized && !in.transposed && littleEndian {
		if data, release, ok := mapCosts(r, body); ok {
			in.data = data
			enough := -1
			if o.FiniteEnough != nil {
				enough = o.FiniteEnough(in.rows, in.cols)
			}
			checked, err := in.checkMapped(enough)
			if err != nil {
				_ = release()
				return Matrix{}, ReadInfo{}, err
			}
			return Matrix{Rows: in.rows, Cols: in.cols, Data: data}, ReadInfo{Finite: in.finite, Checked: checked, Release: release}, nil
		}
	}
	alloc := func() error {
		if o.Alloc == nil {
			in.data = newCosts(total)
			return nil
		}
		d, err := o.Alloc(total)
		if err == nil && len(d) != total {
			err = fmt.Errorf("assign: ReadOptions.Alloc gave %d costs for %d", len(d), total)
		}
		in.data = d
		return err
	}
	if sized || body <= 2*readBlock {
		if err := alloc(); err != nil {
			return Matrix{}, ReadInfo{}, err
		}
		if err := in.readFrom(r, 0, total); err != nil {
			return Matrix{}, ReadInfo{}, err
		}
	} else {
		// Stage the first half in blocks: the stream must prove it holds
		// that much before the whole matrix is allocated.
		half := total / 2
		var blocks [][]float64
		staged := 0
		for staged < half {
			b := make([]float64, min(readBlock/8, half-staged))
			got, err := io.ReadFull(r, asBytes(b))
			if err != nil {
				return Matrix{}, ReadInfo{}, readErr(err, 8*int64(staged)+int64(got))
			}
			staged += len(b)
			blocks = append(blocks, b)
		}
		if err := alloc(); err != nil {
			return Matrix{}, ReadInfo{}, err
		}
		off := 0
		for k, b := range blocks {
			in.put(off, b)
			off += len(b)
			blocks[k] = nil
		}
		if err := in.readFrom(r, off, total); err != nil {
			return Matrix{}, ReadInfo{}, err
		}
	}
	if !sized {
		var one [1]byte
		if k, _ := io.ReadFull(r, one[:]); k > 0 {
			extra := int64(1)
			if rest, err := io.Copy(io.Discard, r); err == nil {
				extra += rest
			}
			return Matrix{}, ReadInfo{}, trailing(extra)
		}
	}
	if in.bad != nil {
		return Matrix{}, ReadInfo{}, in.bad
	}
	m := Matrix{Rows: in.rows, Cols: in.cols, Data: in.data}
	if in.transposed {
		m.Rows, m.Cols = in.cols, in.rows
	}
	return m, ReadInfo{Transposed: in.transposed, Finite: in.finite, Checked: total}, nil
}

// intake receives the costs of a matrix as they are read, in the file's
// order: it checks them, counts the finite ones and stores them in data,
// transposed when asked.
type intake struct {
	rows, cols int
	transposed bool
	data       []float64
	finite     int
	stage      []float64 // one chunk, when transposing
	// bad is the first NaN or -Inf: reported once the whole file has been
	// read, so that a wrong length is reported first, as it is for readers
	// that know their length before reading.
	bad error
}

// readFrom reads the costs k0..total-1 of the file from r.
func (in *intake) readFrom(r io.Reader, k0, total int) error {
	if k0 >= total {
		return nil
	}
	// Straight into the matrix, one chunk at a time, each checked while it
	// is in the cache; for a transposed read through a staging buffer of
	// whole rows when the chunk holds one, so that put writes each
	// column's part of them in one run.
	if in.transposed && in.stage == nil {
		size := readChunk / 8
		if in.cols <= size {
			size = size / in.cols * in.cols
		}
		in.stage = make([]float64, min(size, total-k0))
	}
	for k := k0; k < total; {
		chunk := in.data[k:min(total, k+readChunk/8)]
		if in.transposed {
			chunk = in.stage[:min(len(in.stage), total-k)]
		}
		got, err := io.ReadFull(r, asBytes(chunk))
		if err != nil {
			return in.short(err, k, got, total)
		}
		in.put(k, chunk)
		k += len(chunk)
	}
	return nil
}

// checkMapped checks and counts the costs of a mapped file in place (put
// copies nothing when the chunk is the matrix's own memory), all of them
// or, when enough ≥ 0, chunks until more than enough are finite; it
// returns how many it checked. A fault while reading them, the file
// having shrunk since its size was taken, is reported as a truncated file.
func (in *intake) checkMapped(enough int) (checked int, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			err = &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("truncated while being read: the %d×%d matrix's file shrank after its size was checked", in.rows, in.cols)}
		}
	}()
	for checked < len(in.data) && in.bad == nil && (enough < 0 || in.finite <= enough) {
		end := min(len(in.data), checked+readChunk/8)
		in.put(checked, in.data[checked:end])
		checked = end
	}
	return checked, in.bad
}

// short is the error of a read of the costs from k on that got only got
// bytes.
func (in *intake) short(err error, k, got, total int) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("truncated: a %d×%d matrix needs %d bytes, found %d", in.rows, in.cols, 16+8*int64(total), 16+8*int64(k)+int64(got))}
	}
	return err
}

// put takes the costs k0..k0+len(vals)-1 of the file (in its order): it
// fixes their byte order, checks them (the first NaN or -Inf is kept in
// in.bad, with its position), counts the finite ones and stores them.
func (in *intake) put(k0 int, vals []float64) {
	if !littleEndian {
		raw := asBytes(vals)
		for k := range vals {
			vals[k] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*k:]))
		}
	}
	if in.bad == nil {
		inf, ninf := math.Inf(1), math.Inf(-1)
		finite := 0
		for p, c := range vals {
			// One comparison finds both: NaN fails it, and so does -Inf.
			if !(c > ninf) {
				k := k0 + p
				in.bad = &InputError{Row: k / in.cols, Col: k % in.cols, Msg: fmt.Sprintf("cost %v at byte %d (costs must be finite or +Inf)", c, 16+8*int64(k))}
				break
			}
			if c < inf {
				finite++
			}
		}
		in.finite += finite
	}
	if !in.transposed {
		if len(vals) > 0 && &in.data[k0] != &vals[0] {
			copy(in.data[k0:], vals)
		}
		return
	}
	transposeInto(in.data, in.rows, in.cols, k0, vals)
}

// transposeTile is the number of the file's rows transposeInto moves
// together: each column's part of them is written as one run.
const transposeTile = 64

// transposeInto stores vals, the entries k0..k0+len(vals)-1 of a rows×cols
// matrix in row-major order, into dst, its transpose (dst[j*rows+i]).
func transposeInto(dst []float64, rows, cols, k0 int, vals []float64) {
	i, j := k0/cols, k0%cols
	p := 0
	if j != 0 { // the end of a row begun in an earlier piece
		for ; j < cols && p < len(vals); j++ {
			dst[j*rows+i] = vals[p]
			p++
		}
		if j < cols {
			return
		}
		i++
	}
	full := (len(vals) - p) / cols
	for b := 0; b < full; b += transposeTile {
		t := min(transposeTile, full-b)
		src := vals[p+b*cols : p+(b+t)*cols]
		at := i + b
		jj := 0
		// Eight columns at a time: eight runs written, eight adjacent
		// costs (a cache line) read from each row.
		for ; jj+8 <= cols; jj += 8 {
			o := jj*rows + at
			d0 := dst[o : o+t]
			d1 := dst[o+rows : o+rows+t]
			d2 := dst[o+2*rows : o+2*rows+t]
			d3 := dst[o+3*rows : o+3*rows+t]
			d4 := dst[o+4*rows : o+4*rows+t]
			d5 := dst[o+5*rows : o+5*rows+t]
			d6 := dst[o+6*rows : o+6*rows+t]
			d7 := dst[o+7*rows : o+7*rows+t]
			for q := range d0 {
				r := src[q*cols+jj : q*cols+jj+8]
				d0[q], d1[q], d2[q], d3[q] = r[0], r[1], r[2], r[3]
				d4[q], d5[q], d6[q], d7[q] = r[4], r[5], r[6], r[7]
			}
		}
		for ; jj < cols; jj++ {
			run := dst[jj*rows+at : jj*rows+at+t]
			for q := range run {
				run[q] = src[q*cols+jj]
			}
		}
	}
	p += full * cols
	i += full
	for j = 0; p < len(vals); j++ { // the start of a row that ends in a later piece
		dst[j*rows+i] = vals[p]
		p++
	}
}

// newCosts allocates the matrix; on Linux it asks for huge pages for
// it (as numpy does for large arrays), which makes filling it several
// times cheaper in page faults when the runtime hands out fresh memory
// (not when it clears reused memory first).
func newCosts(n int) []float64 {
	data := make([]float64, n)
	adviseHuge(asBytes(data))
	return data
}

// littleEndian reports whether float64 values are stored little-endian in
// memory, so that the file's bytes are the matrix's bytes.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// asBytes views the memory of s as bytes (no copy).
func asBytes(s []float64) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), 8*len(s))
}

// WriteMatrix writes m in the format ReadMatrix reads.
func WriteMatrix(w io.Writer, m Matrix) error {
	if w == nil {
		return &InputError{Row: -1, Col: -1, Msg: "no writer (nil)"}
	}
	if err := checkDims(m.Rows, m.Cols, len(m.Data)); err != nil {
		return err
	}
	buf := make([]byte, 0, 1<<16)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(m.Rows))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(m.Cols))
	for _, c := range m.Data {
		if len(buf)+8 > cap(buf) {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(c))
	}
	_, err := w.Write(buf)
	return err
}
