//go:build !linux

package assign

// adviseHuge does nothing outside Linux.
func adviseHuge([]byte) {}
