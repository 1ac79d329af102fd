package postgres

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// backendPIDs opens n connections of the pool at once (so that the pool
// holds n) and returns the process ids of their server backends.
func backendPIDs(tb testing.TB, pool *pgxpool.Pool, n int) []int {
	tb.Helper()
	ctx := context.Background()
	var (
		conns []*pgxpool.Conn
		pids  []int
	)
	for range n {
		c, err := pool.Acquire(ctx)
		if err != nil {
			tb.Fatal(err)
		}
		conns = append(conns, c)
		var pid int
		if err := c.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			tb.Fatal(err)
		}
		pids = append(pids, pid)
	}
	for _, c := range conns {
		c.Release()
	}
	return pids
}

// backendCPU returns the CPU time the server processes pids have used,
// read from /proc (the server runs on this machine in the benchmarks), and
// false when /proc does not have them (a remote server).
func backendCPU(pids []int) (time.Duration, bool) {
	var sum time.Duration
	for _, pid := range pids {
		// schedstat's first field is the time on a CPU in nanoseconds.
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/schedstat")
		if err != nil {
			return 0, false
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			return 0, false
		}
		ns, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, false
		}
		sum += time.Duration(ns)
	}
	return sum, true
}
