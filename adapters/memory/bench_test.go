package memory_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// setup creates n households and n beds in facilities of 12.
func setup(b *testing.B, n int) *memory.Store {
	b.Helper()
	st := memory.New()
	err := st.Update(context.Background(), "t", func(tx store.Tx) error {
		for f := 0; f*12 < n; f++ {
			if err := tx.Facilities().Create(storetest.Facility(fmt.Sprintf("f%05d", f), 12)); err != nil {
				return err
			}
		}
		for i := range n {
			if err := tx.Households().Create(storetest.Household(fmt.Sprintf("h%07d", i))); err != nil {
				return err
			}
			if err := tx.Units().Create(storetest.Unit(fmt.Sprintf("u%07d", i), fmt.Sprintf("f%05d", i/12))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkPlacement places one household a transaction, with the
// placement checks and its audit row, from 1 and 16 goroutines.
func BenchmarkPlacement(b *testing.B) {
	start := housing.MustParseDate("2025-03-01")
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			st := setup(b, b.N)
			ts := make([]housing.Tenancy, b.N)
			for i := range ts {
				ts[i] = storetest.Placed(fmt.Sprintf("t%07d", i), fmt.Sprintf("h%07d", i), fmt.Sprintf("u%07d", i), start)
			}
			var next atomic.Int64
			b.SetParallelism(writers)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := next.Add(1) - 1
					if err := st.Update(context.Background(), "t", func(tx store.Tx) error { return tx.Tenancies().Create(ts[i]) }); err != nil {
						b.Error(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "placements/s")
		})
	}
}

// BenchmarkVacant asks for the vacant beds among 10,000, half occupied.
func BenchmarkVacant(b *testing.B) {
	const n = 10_000
	st := setup(b, n)
	start := housing.MustParseDate("2025-03-01")
	err := st.Update(context.Background(), "t", func(tx store.Tx) error {
		for i := 0; i < n; i += 2 {
			if err := tx.Tenancies().Create(storetest.Placed(fmt.Sprintf("t%07d", i), fmt.Sprintf("h%07d", i), fmt.Sprintf("u%07d", i), start)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		_ = st.View(context.Background(), "t", func(tx store.Tx) error {
			vs, err := tx.Units().Vacant(store.VacancyQuery{AsOf: housing.MustParseDate("2025-03-11"), Page: store.Page{Limit: store.MaxLimit}})
			if err == nil && len(vs) != n/2 {
				b.Fatalf("%d vacant, want %d", len(vs), n/2)
			}
			return err
		})
	}
}
