//go:build !linux

package assign

import "io"

// adviseHuge does nothing outside Linux.
func adviseHuge([]byte) {}

// mapMin is the smallest body ReadOptions.Map would map (it maps nothing
// outside Linux).
var mapMin int64 = 64 << 10

// mapCosts maps nothing outside Linux: the costs are read.
func mapCosts(io.Reader, int64) ([]float64, func() error, bool) { return nil, nil, false }
