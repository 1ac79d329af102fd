//go:build !unix

package sqlite_test

import "time"

// cpuTime is not measured on this system; benchmarks then report no
// per-CPU-second figure.
func cpuTime() time.Duration { return 0 }
