package postgres

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// RetryPolicy bounds how a write is retried after a serialization failure
// (SQLSTATE 40001) or a deadlock (40P01), the two errors after which
// PostgreSQL (and CockroachDB, and Citus) expect the client to run the whole
// transaction again. Any other error is returned at once.
//
// Attempt n (n ≥ 1) waits a backoff of BaseDelay·2^(n-1), capped at MaxDelay,
// scaled by a jitter factor in [0.5, 1) drawn from a source seeded with Seed;
// with Seed 0 there is no jitter, so runs are reproducible either way.
type RetryPolicy struct {
	// MaxAttempts is the number of times a transaction runs at most,
	// including the first; values below 1 mean 1 (no retry).
	MaxAttempts int
	// BaseDelay is the wait before the first retry.
	BaseDelay time.Duration
	// MaxDelay caps the wait before any retry.
	MaxDelay time.Duration
	// Seed seeds the jitter; 0 means no jitter.
	Seed uint64
}

// DefaultRetryPolicy returns the policy a Store uses when Config.Retry is
// the zero value: up to 10 attempts, 1 ms doubling to at most 100 ms, with
// jitter seeded by 1.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 10, BaseDelay: time.Millisecond, MaxDelay: 100 * time.Millisecond, Seed: 1}
}

// retrier runs functions under a RetryPolicy. It is safe for concurrent use:
// the jitter source is guarded by a mutex.
type retrier struct {
	p  RetryPolicy
	mu sync.Mutex
	r  *rand.Rand
}

func newRetrier(p RetryPolicy) *retrier {
	if p.MaxAttempts < 1 {
		p.MaxAttempts = 1
	}
	rt := &retrier{p: p}
	if p.Seed != 0 {
		rt.r = rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))
	}
	return rt
}

// retryable reports whether err is a serialization failure or a deadlock.
func retryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40001" || pg.Code == "40P01"
	}
	return false
}

// delay returns the wait before retry number n (1 for the first retry).
func (rt *retrier) delay(n int) time.Duration {
	d := rt.p.BaseDelay
	for i := 1; i < n && d < rt.p.MaxDelay; i++ {
		d *= 2
	}
	if rt.p.MaxDelay > 0 && d > rt.p.MaxDelay {
		d = rt.p.MaxDelay
	}
	if rt.r != nil && d > 0 {
		rt.mu.Lock()
		f := 0.5 + rt.r.Float64()/2
		rt.mu.Unlock()
		d = time.Duration(float64(d) * f)
	}
	return d
}

// do runs fn until it succeeds, fails with an error that is not retryable,
// the attempts run out, or ctx ends. It returns the last error of fn
// unchanged together with the number of attempts made.
func (rt *retrier) do(ctx context.Context, fn func() error) (int, error) {
	for n := 1; ; n++ {
		err := fn()
		if err == nil || !retryable(err) || n >= rt.p.MaxAttempts {
			return n, err
		}
		if d := rt.delay(n); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return n, err
			case <-t.C:
			}
		} else if ctx.Err() != nil {
			return n, err
		}
	}
}
