package assign

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// MaxReadEntries bounds rows×cols in ReadMatrix (2^28 entries, 2 GiB of
// costs), so that a corrupt header cannot ask for absurd memory.
const MaxReadEntries = 1 << 28

// ReadMatrix reads a dense cost matrix in the binary format of
// `housingkit assign`: rows and cols as little-endian int64, then
// rows×cols little-endian float64 in row-major order. +Inf forbids a pair.
//
// It returns an *InputError (errors.Is ErrInvalidInput) for a short header,
// negative or too large dimensions (rows×cols > MaxReadEntries), a
// truncated body (saying how many bytes were expected and found), trailing
// bytes, or a NaN or -Inf cost (saying its row and column). Memory grows
// with the bytes actually read, not with what the header claims.
func ReadMatrix(r io.Reader) (Matrix, error) {
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
	total := int(rows * cols)
	want := 16 + 8*int64(total)
	data := make([]float64, 0, min(total, 1<<20))
	buf := make([]byte, 1<<16)
	for len(data) < total {
		chunk := min(len(buf), 8*(total-len(data)))
		got, err := io.ReadFull(r, buf[:chunk])
		for k := 0; k+8 <= got; k += 8 {
			data = append(data, math.Float64frombits(binary.LittleEndian.Uint64(buf[k:k+8])))
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				found := 16 + 8*int64(len(data)) + int64(got%8)
				return Matrix{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("truncated: a %d×%d matrix needs %d bytes, found %d", rows, cols, want, found)}
			}
			return Matrix{}, err
		}
	}
	var one [1]byte
	if k, _ := io.ReadFull(r, one[:]); k > 0 {
		extra := int64(1)
		if rest, err := io.Copy(io.Discard, r); err == nil {
			extra += rest
		}
		return Matrix{}, &InputError{Row: -1, Col: -1, Msg: fmt.Sprintf("%d bytes after the %d×%d matrix: a %d×%d matrix needs %d bytes, found %d", extra, rows, cols, rows, cols, want, want+extra)}
	}
	m := Matrix{Rows: int(rows), Cols: int(cols), Data: data}
	for k, c := range data {
		if math.IsNaN(c) || math.IsInf(c, -1) {
			return Matrix{}, &InputError{Row: k / m.Cols, Col: k % m.Cols, Msg: fmt.Sprintf("cost %v (costs must be finite or +Inf)", c)}
		}
	}
	return m, nil
}

// WriteMatrix writes m in the format ReadMatrix reads.
func WriteMatrix(w io.Writer, m Matrix) error {
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
