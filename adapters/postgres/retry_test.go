package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestRetrier(t *testing.T) {
	ser := &pgconn.PgError{Code: "40001"}
	dead := &pgconn.PgError{Code: "40P01"}
	other := &pgconn.PgError{Code: "23505"}
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		errs    []error
		max     int
		want    int
		wantErr error
	}{
		{"success", []error{nil}, 5, 1, nil},
		{"serialization then success", []error{ser, ser, nil}, 5, 3, nil},
		{"deadlock then success", []error{dead, nil}, 5, 2, nil},
		{"bound", []error{ser, ser, ser, ser, ser, ser, ser}, 4, 4, ser},
		{"other error not retried", []error{other, nil}, 5, 1, other},
		{"no retry below 1", []error{ser, nil}, 0, 1, ser},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := newRetrier(RetryPolicy{MaxAttempts: tc.max, BaseDelay: time.Microsecond, MaxDelay: 10 * time.Microsecond, Seed: 3})
			calls := 0
			n, err := rt.do(ctx, func() error {
				e := tc.errs[calls]
				calls++
				return e
			})
			if n != tc.want || calls != tc.want || !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Errorf("attempts %d, calls %d, err %v; want %d, %v", n, calls, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestRetryDelay(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: time.Millisecond, MaxDelay: 8 * time.Millisecond}
	rt := newRetrier(p) // no seed: no jitter
	want := []time.Duration{1, 2, 4, 8, 8, 8}
	for i, w := range want {
		if d := rt.delay(i + 1); d != w*time.Millisecond {
			t.Errorf("delay(%d) = %v, want %v", i+1, d, w*time.Millisecond)
		}
	}
	// With a seed the jitter is in [0.5, 1) of the backoff and the same
	// seed gives the same delays.
	p.Seed = 42
	a, b := newRetrier(p), newRetrier(p)
	for i := 1; i <= 6; i++ {
		da, db := a.delay(i), b.delay(i)
		if da != db {
			t.Errorf("delay(%d): %v and %v with the same seed", i, da, db)
		}
		full := want[i-1] * time.Millisecond
		if da < full/2 || da >= full {
			t.Errorf("delay(%d) = %v, want in [%v, %v)", i, da, full/2, full)
		}
	}
}

func TestRetryStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	rt := newRetrier(RetryPolicy{MaxAttempts: 100, BaseDelay: time.Hour, MaxDelay: time.Hour})
	calls := 0
	n, err := rt.do(ctx, func() error {
		calls++
		cancel()
		return &pgconn.PgError{Code: "40001"}
	})
	if n != 1 || calls != 1 || err == nil {
		t.Errorf("attempts %d, calls %d, err %v; want 1 attempt that returns its error", n, calls, err)
	}
}
