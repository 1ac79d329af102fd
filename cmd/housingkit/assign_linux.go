package main

import (
	"fmt"
	"syscall"
	"unsafe"
)

// mappedCosts allocates n costs in fresh anonymous memory outside the Go
// heap, advised for transparent huge pages: reading a large matrix into it
// takes about 500 times fewer page faults than into heap memory the
// runtime clears first. The memory is never unmapped: `housingkit assign`
// reads one matrix and exits. Small matrices use the heap.
func mappedCosts(n int) ([]float64, error) {
	const min = 4 << 20
	if 8*n < min {
		return make([]float64, n), nil
	}
	b, err := syscall.Mmap(-1, 0, 8*n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil, fmt.Errorf("assign: cannot allocate %d bytes for the matrix: %w", 8*n, err)
	}
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	return unsafe.Slice((*float64)(unsafe.Pointer(&b[0])), n), nil
}
