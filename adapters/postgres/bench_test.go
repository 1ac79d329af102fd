package postgres

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// BenchmarkPlacements measures placements per second, one transaction
// each (check references, lock the facility, count its beds, write the
// tenancy, its version and its audit row), with 1 and 16 concurrent
// writers. Placement i goes to bed i mod 12 of a 12-bed facility of its
// own writer, so writers contend as clients of pgbench's TPC-B do on
// their branches (bench/storage.sh initialises pgbench with one branch per
// writer). Each facility has 12 single-bed units, so the store need not
// count the beds in use to know that a placement fits (see
// BenchmarkPlacementsCounted).
func BenchmarkPlacements(b *testing.B) {
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) { benchPlacements(b, writers, 0) })
	}
}

// BenchmarkPlacementsCounted is BenchmarkPlacements with one more
// single-bed unit in each 12-bed facility, left empty: the beds of the
// facility's units exceed its capacity, so every placement counts the
// beds in use during its stay.
func BenchmarkPlacementsCounted(b *testing.B) {
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) { benchPlacements(b, writers, 1) })
	}
}

// benchPlacements runs the placements of BenchmarkPlacements with spare
// more single-bed units in each facility.
func benchPlacements(b *testing.B, writers, spare int) {
	s, _ := openStore(b, Config{MaxConns: int32(writers)})
	ctx := context.Background()
	per := (b.N + writers - 1) / writers
	facs := (per + 11) / 12
	// Facilities, beds and households, loaded by COPY.
	var us []housing.Unit
	var hs []housing.Household
	err := s.Update(ctx, "bench", func(tx store.Tx) error {
		for w := range writers {
			for f := range facs {
				id := fmt.Sprintf("f-%02d-%05d", w, f)
				if err := tx.Facilities().Create(housing.Facility{ID: id, Name: id, Municipality: "Ferrara", BedCapacity: 12}); err != nil {
					return err
				}
				for bed := range 12 + spare {
					us = append(us, housing.Unit{ID: fmt.Sprintf("%s-%02d", id, bed), FacilityID: id, Kind: housing.UnitBed, Beds: 1,
						Contract: housing.ContractConcession, Rent: decimal.Zero, AvailableFrom: housing.MustDate(2024, 1, 1)})
				}
			}
			for i := range per {
				hs = append(hs, household(fmt.Sprintf("h-%02d-%06d", w, i)))
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.ImportUnits(ctx, "bench", us); err != nil {
		b.Fatal(err)
	}
	if err := s.ImportHouseholds(ctx, "bench", hs); err != nil {
		b.Fatal(err)
	}
	// The tenancies to place, made before the timer starts, so that the
	// client's CPU is the store's and the driver's, not fmt's.
	ts := make([][]housing.Tenancy, writers)
	for w := range ts {
		ts[w] = make([]housing.Tenancy, per)
		for i := range per {
			ts[w][i] = stay(fmt.Sprintf("t-%02d-%06d", w, i), fmt.Sprintf("h-%02d-%06d", w, i),
				fmt.Sprintf("f-%02d-%05d-%02d", w, i/12, i%12), housing.MustDate(2024, 3, 1))
		}
	}
	var (
		wg     sync.WaitGroup
		failed atomic.Int64
		next   atomic.Int64
	)
	pids := backendPIDs(b, s.Pool(), writers)
	server0, local := backendCPU(pids)
	client0 := processCPU()
	b.ResetTimer()
	t0 := time.Now()
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				if next.Add(1) > int64(b.N) {
					return
				}
				x := ts[w][i]
				err := s.Update(ctx, "bench", func(tx store.Tx) error { return tx.Tenancies().Create(x) })
				if err != nil {
					failed.Add(1)
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(t0)
	b.StopTimer()
	client := processCPU() - client0
	b.ReportMetric(float64(b.N)/el.Seconds(), "placements/s")
	// CPU per placement: of the writers' server backends (when the
	// server runs on this machine) and of this process (the store,
	// pgx and the benchmark's goroutines).
	if server, ok := backendCPU(pids); ok && local {
		b.ReportMetric(float64((server-server0).Microseconds())/float64(b.N), "server-µs/op")
	}
	b.ReportMetric(float64(client.Microseconds())/float64(b.N), "client-µs/op")
}

// BenchmarkBulkImport100k imports 100,000 units in one transaction
// (ImportUnits: COPY into a temporary table, one INSERT ... SELECT with
// the audit rows). Target: under 2 s.
func BenchmarkBulkImport100k(b *testing.B) {
	const n = 100_000
	us := make([]housing.Unit, n)
	for i := range us {
		us[i] = housing.Unit{ID: fmt.Sprintf("u-%06d", i), Kind: housing.UnitApartment, Beds: 1 + i%5, Bedrooms: i % 4,
			AreaSqm: decimal.New(int64(40+i%80), 0), Rent: decimal.New(int64(35000+i%50000), -2), ServiceCharges: decimal.New(5000, -2),
			Contract: housing.ContractAgreedRent, AvailableFrom: housing.MustDate(2024, 1, 1), Municipality: "Ferrara", SubArea: "centro"}
	}
	for range b.N {
		b.StopTimer()
		s, _ := openStore(b, Config{})
		b.StartTimer()
		t0 := time.Now()
		if err := s.ImportUnits(context.Background(), "bench", us); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t0).Seconds(), "s/100k-units")
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
