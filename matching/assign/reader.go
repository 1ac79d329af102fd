package assign

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
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
// row and column).
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
	if r == nil {
		return Matrix{}, &InputError{Row: -1, Col: -1, Msg: "no reader (nil)"}
	}
	var hdr [16]byte
	n, err := io.ReadFull(r, hdr[:])
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return Matrix{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("truncated header: expected 16 bytes (rows and cols as int64), found %d", n)}
		}
		return Matrix{}, err
	}
	rows := int64(binary.LittleEndian.Uint64(hdr[0:8]))
	cols := int64(binary.LittleEndian.Uint64(hdr[8:16]))
	if rows < 0 || cols < 0 {
		return Matrix{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("negative dimensions %d×%d in header", rows, cols)}
	}
	if rows > MaxReadEntries || cols > MaxReadEntries || (cols > 0 && rows > MaxReadEntries/cols) {
		return Matrix{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("dimensions %d×%d in header exceed the limit of %d entries", rows, cols, MaxReadEntries)}
	}
	if rows+cols > MaxReadSide {
		return Matrix{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("dimensions %d×%d in header exceed the limit of %d rows and columns together", rows, cols, MaxReadSide)}
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
	known, sized := remaining(r)
	if sized {
		switch {
		case known < body:
			return Matrix{}, truncated(16 + known)
		case known > body:
			return Matrix{}, trailing(known - body)
		}
	}
	var data []float64
	if sized || body <= 2*readBlock {
		data = make([]float64, total)
		if got, err := io.ReadFull(r, asBytes(data)); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return Matrix{}, truncated(16 + int64(got))
			}
			return Matrix{}, err
		}
	} else {
		// Stage the first half in blocks: the stream must prove it holds
		// that much before the whole matrix is allocated.
		half := body / 2
		var blocks [][]byte
		var staged int64
		for staged < half {
			b := make([]byte, min(readBlock, half-staged))
			got, err := io.ReadFull(r, b)
			staged += int64(got)
			if err != nil {
				if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
					return Matrix{}, truncated(16 + staged)
				}
				return Matrix{}, err
			}
			blocks = append(blocks, b)
		}
		data = make([]float64, total)
		raw := asBytes(data)
		off := 0
		for k, b := range blocks {
			off += copy(raw[off:], b)
			blocks[k] = nil
		}
		if got, err := io.ReadFull(r, raw[off:]); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return Matrix{}, truncated(16 + int64(off+got))
			}
			return Matrix{}, err
		}
	}
	if !sized {
		var one [1]byte
		if k, _ := io.ReadFull(r, one[:]); k > 0 {
			extra := int64(1)
			if rest, err := io.Copy(io.Discard, r); err == nil {
				extra += rest
			}
			return Matrix{}, trailing(extra)
		}
	}
	if !littleEndian {
		raw := asBytes(data)
		for k := range data {
			data[k] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*k:]))
		}
	}
	m := Matrix{Rows: int(rows), Cols: int(cols), Data: data}
	for k, c := range data {
		// One comparison finds both: NaN fails it, and so does -Inf.
		if !(c > math.Inf(-1)) {
			return Matrix{}, &InputError{Row: k / m.Cols, Col: k % m.Cols, Msg: fmt.Sprintf("cost %v (costs must be finite or +Inf)", c)}
		}
	}
	return m, nil
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
