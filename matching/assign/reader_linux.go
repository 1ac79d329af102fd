package assign

import (
	"io"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on Linux (x86-64 and
// arm64 with 4 KiB base pages).
const hugePage = 2 << 20

// adviseHuge asks the kernel to back the whole huge pages inside b with
// transparent huge pages (madvise MADV_HUGEPAGE): about 500 times fewer
// page faults when b is first written. It is advice: where the kernel
// cannot or will not, nothing changes.
func adviseHuge(b []byte) {
	if len(b) < 2*hugePage {
		return
	}
	p := uintptr(unsafe.Pointer(&b[0]))
	lo := (p + hugePage - 1) &^ (hugePage - 1)
	hi := (p + uintptr(len(b))) &^ (hugePage - 1)
	if hi > lo {
		_ = syscall.Madvise(b[lo-p:hi-p], syscall.MADV_HUGEPAGE)
	}
}

// mapMin is the smallest body ReadOptions.Map maps: below it reading is
// as cheap as mapping.
var mapMin int64 = 64 << 10

// mapCosts maps the next body bytes of r, a regular file whose remaining
// bytes are exactly those (ReadMatrixWith has checked), privately
// (copy-on-write) as float64s, and moves r's offset past them, as a read
// would; ok is false when r is not an *os.File, the body is small, the
// offset is not a multiple of 8, or the kernel refuses.
func mapCosts(r io.Reader, body int64) (data []float64, release func() error, ok bool) {
	f, isFile := r.(*os.File)
	if !isFile || body < max(mapMin, 8) || body > int64(^uint(0)>>2) {
		return nil, nil, false
	}
	off, err := f.Seek(0, io.SeekCurrent)
	if err != nil || off%8 != 0 {
		return nil, nil, false
	}
	start := off &^ int64(os.Getpagesize()-1)
	conn, err := f.SyscallConn()
	if err != nil {
		return nil, nil, false
	}
	var b []byte
	var merr error
	if err := conn.Control(func(fd uintptr) {
		b, merr = syscall.Mmap(int(fd), start, int(off-start+body), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	}); err != nil || merr != nil {
		return nil, nil, false
	}
	if _, err := f.Seek(body, io.SeekCurrent); err != nil {
		_ = syscall.Munmap(b)
		return nil, nil, false
	}
	// MADV_POPULATE_READ (Linux 5.14) maps every page of the file, readable,
	// in one call instead of one page fault per 64 KiB read (fault-around);
	// writes still copy their page. Older kernels refuse it (EINVAL), and
	// then nothing changes.
	_ = unix.Madvise(b, unix.MADV_POPULATE_READ)
	p := b[off-start:]
	return unsafe.Slice((*float64)(unsafe.Pointer(&p[0])), body/8), func() error { return syscall.Munmap(b) }, true
}
