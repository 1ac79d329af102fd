package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// BenchmarkPlacements measures placements per second, one Store.Update
// each (reference checks, overlap checks in the unit and of the
// household, the facility's beds in use, the stay, its first version and
// its audit row), with 1 and 16 concurrent writers, under synchronous
// NORMAL (target ≥ 3,000/s) and FULL. Each writer places its own
// households into 12-bed facilities of its own.
func BenchmarkPlacements(b *testing.B) {
	for _, sync := range []sqlite.Synchronous{sqlite.SyncNormal, sqlite.SyncFull} {
		for _, writers := range []int{1, 16} {
			b.Run(fmt.Sprintf("sync=%s/writers=%d", sync, writers), func(b *testing.B) {
				benchPlacements(b, sync, writers)
			})
		}
	}
}

func benchPlacements(b *testing.B, syncMode sqlite.Synchronous, writers int) {
	s, _ := openTemp(b, sqlite.Options{Synchronous: syncMode})
	ctx := context.Background()
	per := (b.N + writers - 1) / writers
	facs := (per + 11) / 12
	var us []housing.Unit
	var hs []housing.Household
	err := s.Update(ctx, "bench", func(tx store.Tx) error {
		for w := range writers {
			for f := range facs {
				id := fmt.Sprintf("f-%02d-%05d", w, f)
				if err := tx.Facilities().Create(storetest.Facility(id, 12)); err != nil {
					return err
				}
				for bed := range 12 {
					us = append(us, storetest.Unit(fmt.Sprintf("%s-%02d", id, bed), id))
				}
			}
			for i := range per {
				hs = append(hs, storetest.Household(fmt.Sprintf("h-%02d-%06d", w, i)))
			}
		}
		return nil
	})
	if err == nil {
		err = s.ImportUnits(ctx, "bench", us)
	}
	if err == nil {
		err = s.ImportHouseholds(ctx, "bench", hs)
	}
	if err != nil {
		b.Fatal(err)
	}
	start := housing.MustParseDate("2025-03-01")
	var (
		wg   sync.WaitGroup
		next atomic.Int64
	)
	b.ResetTimer()
	t0, c0 := time.Now(), cpuTime()
	for w := range writers {
		wg.Go(func() {
			for i := range per {
				if next.Add(1) > int64(b.N) {
					return
				}
				unit := fmt.Sprintf("f-%02d-%05d-%02d", w, i/12, i%12)
				err := s.Update(ctx, "bench", func(tx store.Tx) error {
					return tx.Tenancies().Create(storetest.Placed(fmt.Sprintf("t-%02d-%06d", w, i), fmt.Sprintf("h-%02d-%06d", w, i), unit, start))
				})
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	el, cpu := time.Since(t0), cpuTime()-c0
	b.StopTimer()
	b.ReportMetric(float64(b.N)/el.Seconds(), "placements/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "placements/CPU-s")
	}
}

// BenchmarkBulkImport100k imports 100,000 units in one transaction
// (ImportUnits: the checks of Units.Create, one prepared INSERT of the
// unit and one of its audit row each). Target: under 2 s.
func BenchmarkBulkImport100k(b *testing.B) {
	n := benchUnits
	us := make([]housing.Unit, n)
	for i := range us {
		us[i] = housing.Unit{ID: fmt.Sprintf("u-%06d", i), Kind: housing.UnitApartment, Beds: 1 + i%5, Bedrooms: i % 4,
			AreaSqm: decimal.New(int64(40+i%80), 0), Rent: decimal.New(int64(35000+i%50000), -2), ServiceCharges: decimal.New(5000, -2),
			Contract: housing.ContractAgreedRent, AvailableFrom: housing.MustDate(2024, 1, 1), Municipality: "Ferrara", SubArea: "centro"}
	}
	for range b.N {
		b.StopTimer()
		s, _ := openTemp(b, sqlite.Options{})
		b.StartTimer()
		t0, c0 := time.Now(), cpuTime()
		if err := s.ImportUnits(context.Background(), "bench", us); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t0).Seconds()*100_000/float64(n), "s/100k-units")
		if c := cpuTime() - c0; c > 0 {
			b.ReportMetric(c.Seconds()*100_000/float64(n), "CPU-s/100k-units")
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// benchUnits is the size of BenchmarkBulkImport100k's import.
var benchUnits = 100_000
