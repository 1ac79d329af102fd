package storetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

func countEvents(t *testing.T, st store.Store, tenant store.Tenant) int {
	t.Helper()
	n := 0
	mustView(t, st, tenant, func(tx store.Tx) error {
		after := int64(0)
		for {
			es, err := tx.Audit().List(store.AuditQuery{AfterSeq: after, Limit: store.MaxLimit})
			noErr(t, "audit", err)
			n += len(es)
			if len(es) < store.MaxLimit {
				return nil
			}
			after = es[len(es)-1].Seq
		}
	})
	return n
}

func (s *suite) testRollback(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	createAll(t, st, TenantA, households("h0", "h1"), facilityWith("f", 4, Unit("u1", "f")),
		place(Placed("t1", "h1", "u1", day("2025-02-01"))))
	before := countEvents(t, st, TenantA)
	boom := errors.New("boom")
	err := st.Update(ctx, TenantA, func(tx store.Tx) error {
		for _, err := range []error{
			tx.Households().Create(Household("h2")),
			tx.Units().Create(Unit("u2", "f")),
			tx.Households().Delete("h0", 1),
			tx.Tenancies().Create(Placed("t2", "h2", "u2", day("2025-02-01"))),
			func() error {
				_, err := tx.Tenancies().Update(Ended(Placed("t1", "h1", "u1", day("2025-02-01")), day("2025-03-01")), 1)
				return err
			}(),
			func() error { _, err := tx.Decisions().Append(Decision("d1", "h1")); return err }(),
			tx.WaitingList().Add(Waiting("p1", "h1", "1", "2025-01-01")),
		} {
			if err != nil {
				t.Errorf("write inside the failing transaction: %v", err)
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("Update returned %v, want the function's error", err)
	}
	checkUntouched := func(what string) {
		t.Helper()
		mustView(t, st, TenantA, func(tx store.Tx) error {
			for name, err := range map[string]error{
				"household h2": getErr(tx.Households().Get("h2")), "unit u2": getErr(tx.Units().Get("u2")),
				"tenancy t2": getErr(tx.Tenancies().Get("t2")), "entry": getErr(tx.WaitingList().Get("p1", "h1")),
				"decision": func() error { _, err := tx.Decisions().Get("d1"); return err }(),
			} {
				wantErr(t, what+": "+name+" written by a rolled-back transaction", err, housing.CodeNotFound, store.KeyNotFound)
			}
			h0, err := tx.Households().Get("h0")
			noErr(t, what+": household deleted by a rolled-back transaction", err)
			if h0.Version != 1 {
				t.Errorf("%s: h0 version %d", what, h0.Version)
			}
			t1, err := tx.Tenancies().Get("t1")
			noErr(t, what+": tenancy", err)
			if t1.Version != 1 || t1.Value.Status != housing.TenancyActive {
				t.Errorf("%s: t1 at version %d, %s after a rolled-back update", what, t1.Version, t1.Value.Status)
			}
			h, err := tx.Tenancies().History("t1")
			noErr(t, what+": history", err)
			if len(h) != 1 {
				t.Errorf("%s: t1 has %d versions after a rolled-back update", what, len(h))
			}
			return nil
		})
		if n := countEvents(t, st, TenantA); n != before {
			t.Errorf("%s: %d audit events, want %d", what, n, before)
		}
	}
	checkUntouched("error")

	// A refused write, returned by the function, rolls back the writes
	// before it.
	err = st.Update(ctx, TenantA, func(tx store.Tx) error {
		if err := tx.Households().Create(Household("h2")); err != nil {
			return err
		}
		return tx.Households().Create(Household("h2"))
	})
	wantErr(t, "duplicate in a transaction", err, housing.CodeConflict, store.KeyExists)
	checkUntouched("refused write")

	// A panic rolls back too, and the store stays usable.
	func() {
		defer func() {
			if r := recover(); r != "storetest panic" {
				t.Errorf("recovered %v, want the function's panic", r)
			}
		}()
		_ = st.Update(ctx, TenantA, func(tx store.Tx) error {
			if err := tx.Households().Create(Household("h2")); err != nil {
				return err
			}
			panic("storetest panic")
		})
	}()
	checkUntouched("panic")
	createAll(t, st, TenantA, households("h2"))

	// A cancelled context writes nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err = st.Update(cctx, TenantA, func(tx store.Tx) error { return tx.Households().Create(Household("h3")) })
	if err == nil {
		t.Error("update with a cancelled context succeeded")
	} else if asError(err) == nil && !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled update: %T %v is neither a *housing.Error nor context.Canceled", err, err)
	}
	mustView(t, st, TenantA, func(tx store.Tx) error {
		_, err := tx.Households().Get("h3")
		wantErr(t, "household of a cancelled update", err, housing.CodeNotFound, store.KeyNotFound)
		return nil
	})
}

func (s *suite) testReadOnly(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	createAll(t, st, TenantA, households("h1"), func(tx store.Tx) error { return tx.Units().Create(Unit("u1", "")) })
	for what, fn := range map[string]func(tx store.Tx) error{
		"create":   func(tx store.Tx) error { return tx.Households().Create(Household("h2")) },
		"update":   func(tx store.Tx) error { _, err := tx.Households().Update(Household("h1"), 1); return err },
		"delete":   func(tx store.Tx) error { return tx.Households().Delete("h1", 1) },
		"append":   func(tx store.Tx) error { _, err := tx.Decisions().Append(Decision("d1", "h1")); return err },
		"place":    func(tx store.Tx) error { return tx.Tenancies().Create(Placed("t1", "h1", "u1", day("2025-02-01"))) },
		"list add": func(tx store.Tx) error { return tx.WaitingList().Add(Waiting("p", "h1", "1", "2025-01-01")) },
	} {
		err := st.View(ctx, TenantA, fn)
		wantErr(t, what+" in a view", err, housing.CodeForbidden, store.KeyReadOnly)
	}
	if n := countEvents(t, st, TenantA); n != 2 {
		t.Errorf("%d audit events after refused writes, want 2", n)
	}
	mustView(t, st, TenantA, func(tx store.Tx) error {
		h, err := tx.Households().Get("h1")
		noErr(t, "household", err)
		if h.Version != 1 {
			t.Errorf("household changed in a view: version %d", h.Version)
		}
		return nil
	})
}

func (s *suite) testAudit(t *testing.T) {
	st := s.open(t)
	ctx := store.WithActor(context.Background(), "operator-42")
	noErr(t, "update", st.Update(ctx, TenantA, func(tx store.Tx) error {
		if err := tx.Households().Create(Household("h1")); err != nil {
			return err
		}
		if _, err := tx.Households().Update(Household("h1"), 1); err != nil {
			return err
		}
		if err := tx.Owners().Create(Owner("o1")); err != nil {
			return err
		}
		_, err := tx.Decisions().Append(Decision("d1", "h1"))
		return err
	}))
	createAll(t, st, TenantA, households("h2")) // no actor
	mustView(t, st, TenantA, func(tx store.Tx) error {
		es, err := tx.Audit().List(store.AuditQuery{})
		noErr(t, "audit", err)
		if got := eventsString(es); !strings.HasPrefix(got, "household:h1:create:1 household:h1:update:2 owner:o1:create:1 decision:d1:append:") || !strings.HasSuffix(got, " household:h2:create:1") {
			t.Errorf("audit = %s", got)
		}
		for i, e := range es {
			if e.At.IsZero() {
				t.Errorf("event %d has no time", i)
			}
			if i > 0 && e.Seq <= es[i-1].Seq {
				t.Errorf("event %d: seq %d after %d", i, e.Seq, es[i-1].Seq)
			}
			want := "operator-42"
			if i == 4 {
				want = ""
			}
			if e.Actor != want {
				t.Errorf("event %d: actor %q, want %q", i, e.Actor, want)
			}
		}
		if len(es) != 5 {
			return nil
		}
		for what, c := range map[string]struct {
			q    store.AuditQuery
			want string
		}{
			"households":        {store.AuditQuery{Kind: store.KindHousehold}, "household:h1:create:1 household:h1:update:2 household:h2:create:1"},
			"h1":                {store.AuditQuery{Kind: store.KindHousehold, ID: "h1"}, "household:h1:create:1 household:h1:update:2"},
			"after the 2nd":     {store.AuditQuery{AfterSeq: es[1].Seq, Kind: store.KindHousehold}, "household:h2:create:1"},
			"first 2":           {store.AuditQuery{Limit: 2}, "household:h1:create:1 household:h1:update:2"},
			"owners after last": {store.AuditQuery{Kind: store.KindOwner, AfterSeq: es[4].Seq}, ""},
		} {
			got, err := tx.Audit().List(c.q)
			noErr(t, what, err)
			if s := eventsString(got); s != c.want {
				t.Errorf("audit %s = %q, want %q", what, s, c.want)
			}
		}
		for what, q := range map[string]store.AuditQuery{"negative limit": {Limit: -1}, "negative seq": {AfterSeq: -1}} {
			_, err := tx.Audit().List(q)
			wantErr(t, "audit with "+what, err, housing.CodeInvalid, store.KeyPage)
		}
		return nil
	})
	mustView(t, st, TenantB, func(tx store.Tx) error {
		es, err := tx.Audit().List(store.AuditQuery{})
		noErr(t, "B's audit", err)
		if len(es) != 0 {
			t.Errorf("B sees A's audit: %s", eventsString(es))
		}
		return nil
	})
}

// testIsolation checks the queries and the stays; the repositories'
// reads, updates and deletes are checked by each repository's test.
func (s *suite) testIsolation(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	setup := []func(tx store.Tx) error{households("h1", "h2"), facilityWith("f", 1, Unit("u1", "f"), Unit("u2", "f")),
		func(tx store.Tx) error { return tx.Referrals().Create(Referral("r1", "h1")) }}
	createAll(t, st, TenantA, setup...)
	createAll(t, st, TenantB, setup...)
	createAll(t, st, TenantA, place(Placed("t1", "h1", "u1", day("2025-02-01"))),
		func(tx store.Tx) error { _, err := tx.Decisions().Append(Decision("d1", "h1")); return err },
		func(tx store.Tx) error { return tx.WaitingList().Add(Waiting("p1", "h2", "4", "2025-01-01")) },
		func(tx store.Tx) error {
			c := CarePlan("c1", "h1")
			c.TenancyID = "t1"
			return tx.CarePlans().Create(c)
		})
	aEvents := countEvents(t, st, TenantA)

	mustView(t, st, TenantB, func(tx store.Tx) error {
		vs, err := tx.Units().Vacant(store.VacancyQuery{AsOf: day("2025-03-01")})
		noErr(t, "B's vacant", err)
		if got := unitIDs(vs); got != "u1,u2" {
			// B's 1-bed facility is empty, whatever A placed in its own.
			t.Errorf("B's vacant units = %q, want u1,u2", got)
		}
		o, err := tx.Facilities().Occupancy("f", day("2025-03-01"))
		noErr(t, "B's occupancy", err)
		if o.BedsInUse != 0 {
			t.Errorf("B's facility shows %d beds in use by A", o.BedsInUse)
		}
		for what, err := range map[string]error{
			"tenancy":   getErr(tx.Tenancies().Get("t1")),
			"history":   func() error { _, err := tx.Tenancies().History("t1"); return err }(),
			"decision":  func() error { _, err := tx.Decisions().Get("d1"); return err }(),
			"entry":     getErr(tx.WaitingList().Get("p1", "h2")),
			"care plan": getErr(tx.CarePlans().Get("c1")),
		} {
			wantErr(t, "B reads A's "+what, err, housing.CodeNotFound, store.KeyNotFound)
		}
		for what, n := range map[string]func() (int, error){
			"tenancies of unit":      func() (int, error) { v, err := tx.Tenancies().OfUnit("u1"); return len(v), err },
			"tenancies of household": func() (int, error) { v, err := tx.Tenancies().OfHousehold("h1"); return len(v), err },
			"running": func() (int, error) {
				v, err := tx.Tenancies().Running(day("2025-03-01"), store.Page{})
				return len(v), err
			},
			"tenancies":               func() (int, error) { v, err := tx.Tenancies().List(store.Page{}); return len(v), err },
			"decisions of household":  func() (int, error) { v, err := tx.Decisions().OfHousehold("h1"); return len(v), err },
			"ranked":                  func() (int, error) { v, err := tx.WaitingList().Ranked("p1", 0); return len(v), err },
			"care plans of household": func() (int, error) { v, err := tx.CarePlans().OfHousehold("h1"); return len(v), err },
			"care plans":              func() (int, error) { v, err := tx.CarePlans().List(store.Page{}); return len(v), err },
		} {
			got, err := n()
			noErr(t, "B's "+what, err)
			if got != 0 {
				t.Errorf("B's %s: %d of A's records", what, got)
			}
		}
		return nil
	})
	// B cannot change A's stay, list entry or care plan…
	for what, fn := range map[string]func(tx store.Tx) error{
		"tenancy": func(tx store.Tx) error {
			_, err := tx.Tenancies().Update(Ended(Placed("t1", "h1", "u1", day("2025-02-01")), day("2025-03-01")), 1)
			return err
		},
		"care plan": func(tx store.Tx) error { return tx.CarePlans().Delete("c1", 1) },
		"entry":     func(tx store.Tx) error { return tx.WaitingList().Remove("p1", "h2", 1) },
	} {
		err := st.Update(ctx, TenantB, fn)
		wantErr(t, "B changes A's "+what, err, housing.CodeNotFound, store.KeyNotFound)
	}
	// …and A's stays neither occupy B's units nor fill B's facility.
	createAll(t, st, TenantB, place(Placed("t1", "h1", "u1", day("2025-02-01"))))
	mustView(t, st, TenantA, func(tx store.Tx) error {
		got, err := tx.Tenancies().Get("t1")
		noErr(t, "A's tenancy", err)
		if got.Version != 1 || got.Value.Status != housing.TenancyActive {
			t.Errorf("A's tenancy changed by B: version %d, %s", got.Version, got.Value.Status)
		}
		return nil
	})
	if n := countEvents(t, st, TenantA); n != aEvents {
		t.Errorf("B's writes added %d events to A's audit", n-aEvents)
	}
}

func (s *suite) testMoney(t *testing.T) {
	st := s.open(t)
	u := Unit("u1", "")
	u.Rent, u.ServiceCharges, u.AreaSqm = dec(BigMoney), dec("0.01"), dec("99999999999.999")
	h := Household("h1")
	rent := dec(BigMoney)
	h.CurrentRent = &rent
	h.ISEE.Value = dec("98765432109876543.21")
	h.Members[0].Incomes[0].Annual = dec(BigMoney)
	createAll(t, st, TenantA, func(tx store.Tx) error { return tx.Units().Create(u) },
		func(tx store.Tx) error { return tx.Households().Create(h) },
		households("h2"),
		func(tx store.Tx) error {
			return tx.WaitingList().Add(Waiting("p", "h1", "12345678901234567.88", "2025-01-01"))
		},
		func(tx store.Tx) error { return tx.WaitingList().Add(Waiting("p", "h2", BigMoney, "2025-02-01")) })
	mustView(t, st, TenantA, func(tx store.Tx) error {
		gu, err := tx.Units().Get("u1")
		noErr(t, "unit", err)
		if gu.Value.Rent.String() != BigMoney || !gu.Value.Rent.Equal(dec(BigMoney)) {
			t.Errorf("rent %s, want %s", gu.Value.Rent, BigMoney)
		}
		sameJSON(t, "unit with big amounts", gu.Value, u)
		gh, err := tx.Households().Get("h1")
		noErr(t, "household", err)
		sameJSON(t, "household with big amounts", gh.Value, h)
		es, err := tx.WaitingList().Ranked("p", 0)
		noErr(t, "ranked", err)
		if got := ids(es, func(e store.WaitingEntry) string { return e.HouseholdID }); got != "h2,h1" {
			t.Errorf("scores a cent apart ranked %s, want h2,h1", got)
		}
		if len(es) == 2 && es[0].Value.Score.String() != BigMoney {
			t.Errorf("score %s, want %s", es[0].Value.Score, BigMoney)
		}
		total := dec(BigMoney).Add(dec("0.01"))
		below := total.Sub(dec("0.01"))
		for _, c := range []struct {
			max  string
			want string
		}{{total.String(), "u1"}, {below.String(), ""}} {
			m := dec(c.max)
			vs, err := tx.Units().Vacant(store.VacancyQuery{AsOf: day("2025-02-01"), MaxMonthlyCost: &m})
			noErr(t, "vacant", err)
			if got := unitIDs(vs); got != c.want {
				t.Errorf("vacant with cost at most %s = %q, want %q", c.max, got, c.want)
			}
		}
		return nil
	})
}

// testPlacementRace places different households into a 12-bed facility of
// 16 beds from many goroutines at once, twice: once with each goroutine
// naming a bed, once with each reading the vacant beds first and retrying
// on conflict (the way a vendor's service works).
func (s *suite) testPlacementRace(t *testing.T) {
	const capacity, beds = 12, 16
	n := s.h.Writers
	st := s.open(t)
	ctx := context.Background()
	for _, fac := range []string{"named", "searched"} {
		createAll(t, st, TenantA, func(tx store.Tx) error {
			var us []housing.Unit
			for i := range beds {
				us = append(us, Unit(fmt.Sprintf("%s-b%02d", fac, i), fac))
			}
			if err := facilityWith(fac, capacity, us...)(tx); err != nil {
				return err
			}
			for i := range n {
				if err := tx.Households().Create(Household(fmt.Sprintf("%s-h%02d", fac, i))); err != nil {
					return err
				}
			}
			return nil
		})
	}
	start := day("2025-03-01")
	run := func(fac string, try func(i int) error) {
		t.Helper()
		errs := make([]error, n)
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				errs[i] = try(i)
			}()
		}
		close(gate)
		wg.Wait()
		var won []string
		for i, err := range errs {
			if err == nil {
				won = append(won, fmt.Sprintf("%s-t%02d", fac, i))
				continue
			}
			he := asError(err)
			if he == nil || he.Code != housing.CodeConflict {
				t.Errorf("%s: placement %d: %T %v, want a conflict", fac, i, err, err)
			}
		}
		if len(won) != capacity {
			t.Errorf("%s: %d placements succeeded, want exactly %d", fac, len(won), capacity)
		}
		// The stored state agrees: 12 beds in use, by the winners, each
		// with exactly one audit row.
		mustView(t, st, TenantA, func(tx store.Tx) error {
			o, err := tx.Facilities().Occupancy(fac, start)
			noErr(t, "occupancy", err)
			var occupants []string
			for _, u := range o.Units {
				if u.TenancyID != "" {
					occupants = append(occupants, u.TenancyID)
				}
			}
			sort.Strings(occupants)
			if o.BedsInUse != capacity || strings.Join(occupants, ",") != strings.Join(won, ",") {
				t.Errorf("%s: %d beds in use by %v; the winners were %v", fac, o.BedsInUse, occupants, won)
			}
			es, err := tx.Audit().List(store.AuditQuery{Kind: store.KindTenancy, Limit: store.MaxLimit})
			noErr(t, "audit", err)
			rows := map[string]int{}
			for _, e := range es {
				if strings.HasPrefix(e.ID, fac+"-") {
					rows[e.ID]++
				}
			}
			if len(rows) != len(won) {
				t.Errorf("%s: audit rows for %d tenancies, want %d", fac, len(rows), len(won))
			}
			for _, id := range won {
				if rows[id] != 1 {
					t.Errorf("%s: %d audit rows for %s, want 1", fac, rows[id], id)
				}
			}
			return nil
		})
	}
	run("named", func(i int) error {
		return st.Update(ctx, TenantA, place(Placed(fmt.Sprintf("named-t%02d", i), fmt.Sprintf("named-h%02d", i), fmt.Sprintf("named-b%02d", i%beds), start)))
	})
	run("searched", func(i int) error {
		for attempt := 0; ; attempt++ {
			err := st.Update(ctx, TenantA, func(tx store.Tx) error {
				vs, err := tx.Units().Vacant(store.VacancyQuery{AsOf: start, FacilityID: "searched"})
				if err != nil {
					return err
				}
				if len(vs) == 0 {
					return store.CapacityFull("searched", "", capacity, capacity, 1)
				}
				u := vs[i%len(vs)].Value
				return tx.Tenancies().Create(Placed(fmt.Sprintf("searched-t%02d", i), fmt.Sprintf("searched-h%02d", i), u.ID, start))
			})
			if err == nil || errors.Is(err, store.ErrCapacity) || attempt == 4*n || !errors.Is(err, housing.ErrConflict) {
				return err
			}
		}
	})
}

func (s *suite) testClosed(t *testing.T) {
	st := s.h.Open(t)
	createAll(t, st, TenantA, households("h1"))
	noErr(t, "close", st.Close())
	err := st.Update(context.Background(), TenantA, func(tx store.Tx) error { return tx.Households().Create(Household("h2")) })
	wantErr(t, "update after close", err, housing.CodeInternal, store.KeyClosed)
	err = st.View(context.Background(), TenantA, func(tx store.Tx) error { return nil })
	wantErr(t, "view after close", err, housing.CodeInternal, store.KeyClosed)

	// A Tx used after its function returned refuses every call.
	st = s.open(t)
	var kept store.Tx
	createAll(t, st, TenantA, func(tx store.Tx) error { kept = tx; return tx.Households().Create(Household("h1")) })
	err = kept.Households().Create(Household("h2"))
	wantErr(t, "write on a finished Tx", err, housing.CodeInternal, store.KeyTxDone)
	_, err = kept.Households().Get("h1")
	wantErr(t, "read on a finished Tx", err, housing.CodeInternal, store.KeyTxDone)
}

func (s *suite) testBulkImport(t *testing.T) {
	st := s.open(t)
	bi, ok := st.(store.BulkImporter)
	switch {
	case ok != s.h.Capabilities.BulkImport:
		t.Fatalf("the store implements store.BulkImporter: %v, but Capabilities.BulkImport is %v", ok, s.h.Capabilities.BulkImport)
	case !ok:
		t.Skip("not applicable: the adapter declares no bulk import (Capabilities.BulkImport is false)")
	}
	ctx := context.Background()
	createAll(t, st, TenantA, facilityWith("f", 5000))
	var us []housing.Unit
	for i := range 2000 {
		us = append(us, Unit(fmt.Sprintf("u%04d", i), "f"))
	}
	noErr(t, "import units", bi.ImportUnits(ctx, TenantA, us))
	bad := Unit("x2", "f")
	bad.Beds = 0
	err := bi.ImportUnits(ctx, TenantA, []housing.Unit{Unit("x1", "f"), bad, Unit("x3", "f")})
	wantErr(t, "import with an invalid unit", err, housing.CodeInvalid, "")
	err = bi.ImportUnits(ctx, TenantA, []housing.Unit{Unit("x1", "f"), Unit("u0007", "f")})
	wantErr(t, "import with an existing unit", err, housing.CodeConflict, store.KeyExists)
	err = bi.ImportUnits(ctx, TenantA, []housing.Unit{Unit("x1", "f-none")})
	wantErr(t, "import with a missing facility", err, housing.CodeInvalid, store.KeyReference)
	noErr(t, "import households", bi.ImportHouseholds(ctx, TenantA, []housing.Household{Household("h1"), Household("h2")}))
	badH := Household("h4")
	badH.Members = nil
	err = bi.ImportHouseholds(ctx, TenantA, []housing.Household{Household("h3"), badH})
	wantErr(t, "import with an invalid household", err, housing.CodeInvalid, "")
	mustView(t, st, TenantA, func(tx store.Tx) error {
		all, err := tx.Units().List(store.Page{Limit: store.MaxLimit})
		noErr(t, "list", err)
		if len(all) != 2000 || all[0].Value.ID != "u0000" || all[1999].Value.ID != "u1999" {
			t.Errorf("%d units after the imports, want u0000..u1999", len(all))
		}
		sameJSON(t, "imported unit", all[7].Value, us[7])
		for _, id := range []string{"x1", "x3"} {
			_, err := tx.Units().Get(id)
			wantErr(t, "unit "+id+" of a failed import", err, housing.CodeNotFound, store.KeyNotFound)
		}
		_, err = tx.Households().Get("h3")
		wantErr(t, "household of a failed import", err, housing.CodeNotFound, store.KeyNotFound)
		return nil
	})
	if n := countEvents(t, st, TenantA); n != 1+2000+2 {
		t.Errorf("%d audit events, want one per imported record (%d)", n, 1+2000+2)
	}
	mustView(t, st, TenantB, func(tx store.Tx) error {
		all, err := tx.Units().List(store.Page{})
		noErr(t, "B's units", err)
		if len(all) != 0 {
			t.Errorf("B sees %d of A's imported units", len(all))
		}
		return nil
	})
}

func (s *suite) testMigrations(t *testing.T) {
	m := s.h.Migrations
	switch {
	case !s.h.Capabilities.Migrations && m != nil:
		t.Fatal("Harness.Migrations is set but Capabilities.Migrations is false")
	case !s.h.Capabilities.Migrations:
		t.Skip("not applicable: the adapter declares no schema migrations (Capabilities.Migrations is false)")
	case m == nil || m.Fresh == nil || m.GoldenFile == "":
		t.Fatal("Capabilities.Migrations is set but Harness.Migrations (Fresh, GoldenFile) is not")
	}
	ctx := context.Background()
	db := m.Fresh(t)
	latest := db.Latest()
	if latest < 1 {
		t.Fatalf("latest version %d", latest)
	}
	to := func(v int) string {
		t.Helper()
		noErr(t, fmt.Sprintf("migrate to %d", v), db.To(ctx, v))
		cur, err := db.Version(ctx)
		noErr(t, "version", err)
		if cur != v {
			t.Fatalf("at version %d after migrating to %d", cur, v)
		}
		d, err := db.Dump(ctx)
		noErr(t, "dump", err)
		return d
	}
	survives := func(when string, alsoWrite bool) {
		t.Helper()
		st := db.Store(t)
		defer st.Close()
		mustView(t, st, SurvivorTenant, func(tx store.Tx) error {
			got, err := tx.Households().Get(Survivor().ID)
			noErr(t, "the household written at version 1, "+when, err)
			sameJSON(t, "household written at version 1, "+when, got.Value, Survivor())
			return nil
		})
		if alsoWrite {
			createAll(t, st, SurvivorTenant, households("h-after"), func(tx store.Tx) error { return tx.Units().Create(Unit("u1", "")) },
				place(Placed("t1", "h-after", "u1", day("2025-02-01"))))
		}
	}
	empty := to(0)
	// Data written at version 1 survives the later migrations.
	to(1)
	noErr(t, "seed at version 1", db.Seed(ctx))
	up := to(latest)
	survives("after up", false)
	if latest > 1 {
		to(1)
		to(latest)
		survives("after down to 1 and up", false)
	}
	// Up → down → up, twice, leaves no artefact.
	for round := 1; round <= 2; round++ {
		if d := to(0); d != empty {
			t.Errorf("down #%d left an artefact:\n%s\nwant\n%s", round, firstDiff(empty, d), empty)
		}
		if d := to(latest); d != up {
			t.Errorf("up #%d gave another schema: %s", round+1, firstDiff(up, d))
		}
	}
	if *update {
		noErr(t, "write golden", os.WriteFile(m.GoldenFile, []byte(up), 0o644))
	}
	golden, err := os.ReadFile(m.GoldenFile)
	noErr(t, "read the committed dump (regenerate with -storetest.update)", err)
	if string(golden) != up {
		t.Errorf("the schema at version %d differs from %s (regenerate with -storetest.update if the change is intended): %s", latest, m.GoldenFile, firstDiff(string(golden), up))
	}
	// The store works on the migrated database.
	to(1)
	noErr(t, "seed at version 1", db.Seed(ctx))
	to(latest)
	survives("after the rounds", true)
}

// firstDiff returns the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n committed: %s\n   current: %s", i+1, w, g)
		}
	}
	return ""
}
