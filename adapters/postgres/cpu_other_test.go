//go:build !unix

package postgres

import "time"

// processCPU is not measured on this system: the benchmark's client
// figure is then 0.
func processCPU() time.Duration { return 0 }
