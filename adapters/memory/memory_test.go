package memory_test

import (
	"context"
	"testing"

	"github.com/housingkit/housingkit/housing"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/store"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open:         func(*testing.T) store.Store { return memory.New() },
		Capabilities: storetest.Capabilities{BulkImport: true},
	})
}

// Values handed in and out are copies: changing them changes nothing
// stored.
func TestNoAliasing(t *testing.T) {
	st := memory.New()
	ctx := context.Background()
	h := storetest.Household("h1")
	if err := st.Update(ctx, "t", func(tx store.Tx) error { return tx.Households().Create(h) }); err != nil {
		t.Fatal(err)
	}
	h.Members[0].Incomes[0].Kind = housing.IncomeOther
	_ = st.View(ctx, "t", func(tx store.Tx) error {
		got, err := tx.Households().Get("h1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Value.Members[0].Incomes[0].Kind != housing.IncomeEmployment {
			t.Error("the caller's value aliases the stored one")
		}
		got.Value.Members[0].Incomes[0].Kind = housing.IncomeOther
		again, _ := tx.Households().Get("h1")
		if again.Value.Members[0].Incomes[0].Kind != housing.IncomeEmployment {
			t.Error("a returned value aliases the stored one")
		}
		return nil
	})
}

// Read-only transactions of a tenant run together; a read-write one of
// another tenant does not wait for them.
func TestViewsRunTogether(t *testing.T) {
	st := memory.New()
	ctx := context.Background()
	inside := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- st.View(ctx, "a", func(store.Tx) error { inside <- struct{}{}; <-release; return nil })
	}()
	<-inside
	if err := st.View(ctx, "a", func(store.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := st.Update(ctx, "b", func(tx store.Tx) error { return tx.Households().Create(storetest.Household("h1")) }); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
