package memory_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// The suite must fail a broken store. Each breakage runs the suite in a
// child process (this test binary) and expects it to fail with the named
// check.
func TestSuiteFailsBrokenStores(t *testing.T) {
	if mode := os.Getenv("HOUSINGKIT_BROKEN_STORE"); mode != "" {
		t.Skip("the parent runs the broken store")
	}
	for mode, want := range map[string]string{
		"one-tenant":   "B gets A's record",
		"ignore-stale": "update at stale version 1: no error",
	} {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestBrokenConformance$", "-test.count=1")
		cmd.Env = append(os.Environ(), "HOUSINGKIT_BROKEN_STORE="+mode)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("%s: the suite passed a broken store", mode)
			continue
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("%s: the suite failed without %q:\n%s", mode, want, tail(string(out), 40))
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestBrokenConformance runs the suite on a broken store when the parent
// asks for it.
func TestBrokenConformance(t *testing.T) {
	mode := os.Getenv("HOUSINGKIT_BROKEN_STORE")
	if mode == "" {
		t.Skip("run by TestSuiteFailsBrokenStores")
	}
	storetest.Run(t, storetest.Harness{
		Open:         func(*testing.T) store.Store { return broken{Store: memory.New(), mode: mode} },
		Capabilities: storetest.Capabilities{},
	})
}

// broken is a memory store with one fault.
type broken struct {
	*memory.Store
	mode string
}

func (b broken) Update(ctx context.Context, tenant store.Tenant, fn func(store.Tx) error) error {
	if b.mode == "one-tenant" && tenant.Validate() == nil {
		tenant = storetest.TenantA
	}
	return b.Store.Update(ctx, tenant, b.wrap(fn))
}

func (b broken) View(ctx context.Context, tenant store.Tenant, fn func(store.Tx) error) error {
	if b.mode == "one-tenant" && tenant.Validate() == nil {
		tenant = storetest.TenantA
	}
	return b.Store.View(ctx, tenant, b.wrap(fn))
}

// wrap runs fn on the broken transaction; a nil fn stays nil, for the
// store to refuse.
func (b broken) wrap(fn func(store.Tx) error) func(store.Tx) error {
	if fn == nil {
		return nil
	}
	return func(tx store.Tx) error { return fn(brokenTx{tx, b.mode}) }
}

type brokenTx struct {
	store.Tx
	mode string
}

func (t brokenTx) Households() store.Households {
	if t.mode == "ignore-stale" {
		return staleBlind{t.Tx.Households()}
	}
	return t.Tx.Households()
}

// staleBlind updates whatever version is stored.
type staleBlind struct{ store.Households }

func (s staleBlind) Update(h housing.Household, _ int64) (int64, error) {
	cur, err := s.Households.Get(h.ID)
	if err != nil {
		return 0, err
	}
	return s.Households.Update(h, cur.Version)
}
