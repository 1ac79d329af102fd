package storetest

import (
	"context"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// create runs the creates in one transaction.
func createAll(t *testing.T, st store.Store, tenant store.Tenant, fns ...func(tx store.Tx) error) {
	t.Helper()
	mustUpdate(t, st, tenant, func(tx store.Tx) error {
		for _, fn := range fns {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
}

func households(ids ...string) func(tx store.Tx) error {
	return func(tx store.Tx) error {
		for _, id := range ids {
			if err := tx.Households().Create(Household(id)); err != nil {
				return err
			}
		}
		return nil
	}
}

func facilityWith(id string, capacity int, units ...housing.Unit) func(tx store.Tx) error {
	return func(tx store.Tx) error {
		if err := tx.Facilities().Create(Facility(id, capacity)); err != nil {
			return err
		}
		for _, u := range units {
			if err := tx.Units().Create(u); err != nil {
				return err
			}
		}
		return nil
	}
}

func place(ts ...housing.Tenancy) func(tx store.Tx) error {
	return func(tx store.Tx) error {
		for _, t := range ts {
			if err := tx.Tenancies().Create(t); err != nil {
				return err
			}
		}
		return nil
	}
}

func (s *suite) testTenancies(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	policy, err := housing.PolicyByID(PolicyID)
	noErr(t, "policy", err)
	ref := Referral("r1", "h1")
	createAll(t, st, TenantA, households("h1", "h2", "h3"),
		facilityWith("f1", 12, Unit("u1", "f1"), Unit("u2", "f1")),
		func(tx store.Tx) error { return tx.Units().Create(Unit("u3", "")) },
		func(tx store.Tx) error { return tx.Referrals().Create(ref) })

	t1 := Proposed("t1", "h1", "u1", day("2025-02-01"))
	t1.ReferralID, t1.ReferralDate = "r1", ref.Date
	createAll(t, st, TenantA, place(t1))
	mustView(t, st, TenantA, func(tx store.Tx) error {
		vs, err := tx.Units().Vacant(store.VacancyQuery{AsOf: day("2025-02-02"), FacilityID: "f1"})
		noErr(t, "vacant", err)
		if got := unitIDs(vs); got != "u1,u2" {
			t.Errorf("a proposal does not occupy its unit: vacant = %s, want u1,u2", got)
		}
		return nil
	})
	// Move in: the proposal becomes an active stay (a placement by update).
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		cur, err := tx.Tenancies().Get("t1")
		if err != nil {
			return err
		}
		sameJSON(t, "proposed tenancy", cur.Value, t1)
		if err := t1.Activate(policy, day("2025-02-03"), "moved in"); err != nil {
			return err
		}
		v, err := tx.Tenancies().Update(t1, cur.Version)
		if v != 2 {
			t.Errorf("version after activation = %d", v)
		}
		return err
	})
	for _, c := range []struct {
		what string
		t    housing.Tenancy
		key  string
	}{
		{"another household in an occupied unit", Placed("t2", "h2", "u1", day("2025-03-01")), store.KeyUnitOccupied},
		{"a placed household in another unit", Placed("t3", "h1", "u2", day("2025-03-01")), store.KeyHouseholdPlaced},
		{"a stay from before the occupant's start", Placed("t2", "h2", "u1", day("2025-01-10")), store.KeyUnitOccupied},
	} {
		err := st.Update(ctx, TenantA, place(c.t))
		wantErr(t, c.what, err, housing.CodeConflict, c.key)
	}
	for _, c := range []struct {
		what string
		edit func(*housing.Tenancy)
	}{
		{"household", func(x *housing.Tenancy) { x.HouseholdID = "h2" }},
		{"unit", func(x *housing.Tenancy) { x.UnitID = "u2" }},
	} {
		moved := t1
		c.edit(&moved)
		err := st.Update(ctx, TenantA, func(tx store.Tx) error { _, err := tx.Tenancies().Update(moved, 2); return err })
		wantErr(t, "change a tenancy's "+c.what, err, housing.CodeForbidden, store.KeyImmutable)
	}
	err = st.Update(ctx, TenantA, place(t1))
	wantErr(t, "create a tenancy twice", err, housing.CodeConflict, store.KeyExists)
	bad := Placed("t9", "h3", "u3", day("2025-02-01"))
	bad.Start = housing.Date{}
	err = st.Update(ctx, TenantA, place(bad))
	wantErr(t, "active tenancy without a start", err, housing.CodeInvalid, "")

	// The stay ends; the unit is free from the exit date, the household too.
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		_, err := tx.Tenancies().Update(Ended(t1, day("2025-06-01")), 2)
		return err
	})
	err = st.Update(ctx, TenantA, place(Placed("t4", "h3", "u1", day("2025-05-01"))))
	wantErr(t, "a stay overlapping an ended one", err, housing.CodeConflict, store.KeyUnitOccupied)
	createAll(t, st, TenantA, place(Placed("t2", "h2", "u1", day("2025-06-01")), Placed("t5", "h1", "u3", day("2025-06-01"))))

	mustView(t, st, TenantA, func(tx store.Tx) error {
		h, err := tx.Tenancies().History("t1")
		noErr(t, "history", err)
		var statuses []housing.TenancyStatus
		for i, v := range h {
			statuses = append(statuses, v.Value.Status)
			if v.Version != int64(i+1) {
				t.Errorf("history[%d].Version = %d", i, v.Version)
			}
		}
		if len(h) != 3 || statuses[0] != housing.TenancyProposed || statuses[1] != housing.TenancyActive || statuses[2] != housing.TenancyEnded {
			t.Errorf("history statuses = %v, want proposed, active, ended", statuses)
		}
		if len(h) == 3 {
			sameJSON(t, "history[2]", h[2].Value, Ended(t1, day("2025-06-01")))
		}
		_, err = tx.Tenancies().History("t-none")
		wantErr(t, "history of unknown tenancy", err, housing.CodeNotFound, store.KeyNotFound)
		for what, c := range map[string]struct {
			got  func() ([]store.Versioned[housing.Tenancy], error)
			want string
		}{
			"of unit u1":      {func() ([]store.Versioned[housing.Tenancy], error) { return tx.Tenancies().OfUnit("u1") }, "t1,t2"},
			"of household h1": {func() ([]store.Versioned[housing.Tenancy], error) { return tx.Tenancies().OfHousehold("h1") }, "t1,t5"},
			"of unknown unit": {func() ([]store.Versioned[housing.Tenancy], error) { return tx.Tenancies().OfUnit("u-none") }, ""},
			"running on 06-15": {func() ([]store.Versioned[housing.Tenancy], error) {
				return tx.Tenancies().Running(day("2025-06-15"), store.Page{})
			}, "t2,t5"},
			"running on 05-15": {func() ([]store.Versioned[housing.Tenancy], error) {
				return tx.Tenancies().Running(day("2025-05-15"), store.Page{})
			}, ""},
			"running, paged": {func() ([]store.Versioned[housing.Tenancy], error) {
				return tx.Tenancies().Running(day("2025-06-15"), store.Page{Limit: 1})
			}, "t2"},
			"running after t2": {func() ([]store.Versioned[housing.Tenancy], error) {
				return tx.Tenancies().Running(day("2025-06-15"), store.Page{After: "t2"})
			}, "t5"},
			"list": {func() ([]store.Versioned[housing.Tenancy], error) { return tx.Tenancies().List(store.Page{}) }, "t1,t2,t5"},
		} {
			ts, err := c.got()
			noErr(t, what, err)
			if got := tenancyIDs(ts); got != c.want {
				t.Errorf("tenancies %s = %q, want %q", what, got, c.want)
			}
		}
		_, err = tx.Tenancies().Running(housing.Date{}, store.Page{})
		wantErr(t, "running without a date", err, housing.CodeInvalid, store.KeyQuery)
		es, err := tx.Audit().List(store.AuditQuery{Kind: store.KindTenancy, ID: "t1"})
		noErr(t, "audit", err)
		if got := eventsString(es); got != "tenancy:t1:create:1 tenancy:t1:update:2 tenancy:t1:update:3" {
			t.Errorf("audit of t1 = %s", got)
		}
		return nil
	})
	err = st.Update(ctx, TenantA, func(tx store.Tx) error {
		_, err := tx.Tenancies().Update(Ended(Placed("t2", "h2", "u1", day("2025-06-01")), day("2025-07-01")), 7)
		return err
	})
	wantErr(t, "stale tenancy update", err, housing.CodeConflict, store.KeyStale)
}

func (s *suite) testCapacity(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	room := Unit("r1", "g")
	room.Kind, room.Beds = housing.UnitRoom, 2
	createAll(t, st, TenantA, households("h1", "h2", "h3", "h4", "h5", "h6", "h7"),
		facilityWith("f", 2, Unit("b1", "f"), Unit("b2", "f"), Unit("b3", "f")),
		facilityWith("g", 3, room, Unit("g2", "g"), Unit("g3", "g")))
	feb := day("2025-02-01")
	createAll(t, st, TenantA, place(Placed("t1", "h1", "b1", feb), Placed("t2", "h2", "b2", feb)))
	for _, c := range []struct {
		what string
		t    housing.Tenancy
	}{
		{"a third bed in a 2-bed facility", Placed("t3", "h3", "b3", feb)},
		{"a third bed later (running stays have no end)", Placed("t3", "h3", "b3", day("2025-09-01"))},
	} {
		err := st.Update(ctx, TenantA, place(c.t))
		wantErr(t, c.what, err, housing.CodeConflict, store.KeyCapacity)
	}
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		cur, err := tx.Tenancies().Get("t1")
		if err != nil {
			return err
		}
		_, err = tx.Tenancies().Update(Ended(cur.Value, day("2025-04-01")), cur.Version)
		return err
	})
	err := st.Update(ctx, TenantA, place(Placed("t3", "h3", "b3", day("2025-03-31"))))
	wantErr(t, "a bed the day before the exit", err, housing.CodeConflict, store.KeyCapacity)
	createAll(t, st, TenantA, place(Placed("t3", "h3", "b3", day("2025-04-01"))))
	err = st.Update(ctx, TenantA, place(Placed("t4", "h4", "b1", day("2025-04-01"))))
	wantErr(t, "the freed bed once another took the place", err, housing.CodeConflict, store.KeyCapacity)

	// A proposal occupies nothing, so it is accepted in a full facility;
	// moving in (an update to active) is the placement that is refused.
	prop := Proposed("t8", "h7", "b1", day("2025-04-02"))
	createAll(t, st, TenantA, place(prop))
	err = st.Update(ctx, TenantA, func(tx store.Tx) error {
		policy, err := housing.PolicyByID(PolicyID)
		if err != nil {
			return err
		}
		active := prop
		if err := active.Activate(policy, day("2025-04-02"), ""); err != nil {
			return err
		}
		_, err = tx.Tenancies().Update(active, 1)
		return err
	})
	wantErr(t, "moving in to a full facility", err, housing.CodeConflict, store.KeyCapacity)
	mustView(t, st, TenantA, func(tx store.Tx) error {
		got, err := tx.Tenancies().Get("t8")
		noErr(t, "refused move-in", err)
		if got.Version != 1 || got.Value.Status != housing.TenancyProposed {
			t.Errorf("after a refused move-in the proposal is at version %d, %s", got.Version, got.Value.Status)
		}
		return nil
	})

	// Beds, not units, are counted: a 2-bed room and a bed fill 3 beds.
	createAll(t, st, TenantA, place(Placed("t5", "h5", "r1", feb), Placed("t6", "h6", "g2", feb)))
	err = st.Update(ctx, TenantA, place(Placed("t7", "h7", "g3", feb)))
	wantErr(t, "a fourth bed in a 3-bed facility", err, housing.CodeConflict, store.KeyCapacity)
	mustView(t, st, TenantA, func(tx store.Tx) error {
		for id, want := range map[string]int{"f": 2, "g": 3} {
			o, err := tx.Facilities().Occupancy(id, day("2025-05-01"))
			noErr(t, "occupancy", err)
			if o.BedsInUse != want {
				t.Errorf("facility %s: %d beds in use, want %d", id, o.BedsInUse, want)
			}
		}
		return nil
	})
}

func (s *suite) testVacant(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	bed := func(id string) housing.Unit { u := Unit(id, "f"); u.OwnerID = "o1"; return u }
	b4 := bed("b4")
	b4.StepFree = true
	a1 := Unit("a1", "")
	a2 := Unit("a2", "")
	a2.Municipality, a2.SubArea, a2.Rent, a2.Beds, a2.Bedrooms, a2.ProgrammeID = "Cremona", "Nord", dec("600"), 3, 2, "p2"
	a2.Contract, a2.AvailableUntil = housing.ContractModeratedRent, day("2025-06-30")
	a3 := Unit("a3", "")
	a3.AvailableFrom = day("2025-09-01")
	createAll(t, st, TenantA, households("h1", "h2", "h3", "h4"),
		func(tx store.Tx) error { return tx.Owners().Create(Owner("o1")) },
		facilityWith("f", 3, bed("b1"), bed("b2"), bed("b3"), b4),
		func(tx store.Tx) error {
			for _, u := range []housing.Unit{a1, a2, a3} {
				if err := tx.Units().Create(u); err != nil {
					return err
				}
			}
			return nil
		},
		place(Placed("t1", "h1", "b1", day("2025-02-01")), Placed("t2", "h2", "b2", day("2025-02-01")),
			Ended(Placed("t3", "h3", "a1", day("2025-01-10")), day("2025-03-01"))))
	vacant := func(q store.VacancyQuery) string {
		var got string
		mustView(t, st, TenantA, func(tx store.Tx) error {
			vs, err := tx.Units().Vacant(q)
			noErr(t, "vacant", err)
			got = unitIDs(vs)
			return nil
		})
		return got
	}
	feb, mar := day("2025-02-15"), day("2025-03-01")
	cost := func(s string) *decimal.Decimal { v := dec(s); return &v }
	cases := []struct {
		what string
		q    store.VacancyQuery
		want string
	}{
		{"all on 02-15", store.VacancyQuery{AsOf: feb}, "a2,b3,b4"},
		{"all on 03-01 (a1's stay ended)", store.VacancyQuery{AsOf: mar}, "a1,a2,b3,b4"},
		{"all on 07-01 (a2 no longer available)", store.VacancyQuery{AsOf: day("2025-07-01")}, "a1,b3,b4"},
		{"all on 09-01 (a3 available)", store.VacancyQuery{AsOf: day("2025-09-01")}, "a1,a3,b3,b4"},
		{"facility", store.VacancyQuery{AsOf: feb, FacilityID: "f"}, "b3,b4"},
		{"step free", store.VacancyQuery{AsOf: feb, StepFree: true}, "b4"},
		{"municipality", store.VacancyQuery{AsOf: mar, Municipality: "Cremona"}, "a2"},
		{"sub-area", store.VacancyQuery{AsOf: mar, SubArea: "Centro"}, "a1,b3,b4"},
		{"min beds", store.VacancyQuery{AsOf: mar, MinBeds: 2}, "a1,a2"},
		{"kind", store.VacancyQuery{AsOf: mar, Kind: housing.UnitApartment}, "a1,a2"},
		{"contract", store.VacancyQuery{AsOf: mar, Contract: housing.ContractModeratedRent}, "a2"},
		{"programme", store.VacancyQuery{AsOf: mar, ProgrammeID: "p2"}, "a2"},
		{"owner", store.VacancyQuery{AsOf: mar, OwnerID: "o1"}, "b3,b4"},
		{"cost at most 410.00", store.VacancyQuery{AsOf: mar, MaxMonthlyCost: cost("410.00")}, "a1,b3,b4"},
		{"cost at most 409.99", store.VacancyQuery{AsOf: mar, MaxMonthlyCost: cost("409.99")}, "b3,b4"},
		{"page", store.VacancyQuery{AsOf: feb, Page: store.Page{After: "a2", Limit: 1}}, "b3"},
	}
	for _, c := range cases {
		if got := vacant(c.q); got != c.want {
			t.Errorf("vacant, %s = %q, want %q", c.what, got, c.want)
		}
	}
	// The facility fills up: its other free beds are no longer vacant.
	createAll(t, st, TenantA, place(Placed("t4", "h4", "b3", mar)))
	if got := vacant(store.VacancyQuery{AsOf: day("2025-03-15")}); got != "a1,a2" {
		t.Errorf("vacant with the facility full = %q, want a1,a2", got)
	}
	if got := vacant(store.VacancyQuery{AsOf: feb}); got != "a2,b3,b4" {
		t.Errorf("vacant on 02-15 after a placement from 03-01 = %q, want a2,b3,b4", got)
	}
	for what, q := range map[string]store.VacancyQuery{
		"no date":       {},
		"negative beds": {AsOf: feb, MinBeds: -1},
		"negative cost": {AsOf: feb, MaxMonthlyCost: cost("-1")},
	} {
		err := st.View(ctx, TenantA, func(tx store.Tx) error { _, err := tx.Units().Vacant(q); return err })
		wantErr(t, "vacant with "+what, err, housing.CodeInvalid, store.KeyQuery)
	}
	err := st.View(ctx, TenantA, func(tx store.Tx) error {
		_, err := tx.Units().Vacant(store.VacancyQuery{AsOf: feb, Page: store.Page{Limit: -1}})
		return err
	})
	wantErr(t, "vacant with a negative limit", err, housing.CodeInvalid, store.KeyPage)
}

func (s *suite) testOccupancy(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	createAll(t, st, TenantA, households("h1", "h2"),
		facilityWith("f", 3, Unit("b1", "f"), Unit("b2", "f"), Unit("b3", "f")),
		place(Placed("t1", "h1", "b1", day("2025-02-01")), Ended(Placed("t2", "h2", "b2", day("2025-01-01")), day("2025-02-10"))))
	mustView(t, st, TenantA, func(tx store.Tx) error {
		o, err := tx.Facilities().Occupancy("f", day("2025-02-05"))
		noErr(t, "occupancy", err)
		sameJSON(t, "occupancy on 02-05", o, store.Occupancy{FacilityID: "f", Date: day("2025-02-05"), BedCapacity: 3, BedsInUse: 2,
			Units: []store.UnitOccupancy{{UnitID: "b1", Beds: 1, TenancyID: "t1", HouseholdID: "h1"},
				{UnitID: "b2", Beds: 1, TenancyID: "t2", HouseholdID: "h2"}, {UnitID: "b3", Beds: 1}}})
		if o.Free() != 1 {
			t.Errorf("free beds %d", o.Free())
		}
		for d, want := range map[string]int{"2025-02-10": 1, "2024-12-31": 0, "2025-01-15": 1, "2030-01-01": 1} {
			o, err := tx.Facilities().Occupancy("f", day(d))
			noErr(t, "occupancy", err)
			if o.BedsInUse != want {
				t.Errorf("beds in use on %s = %d, want %d", d, o.BedsInUse, want)
			}
		}
		_, err = tx.Facilities().Occupancy("f-none", day("2025-02-05"))
		wantErr(t, "occupancy of unknown facility", err, housing.CodeNotFound, store.KeyNotFound)
		_, err = tx.Facilities().Occupancy("f", housing.Date{})
		wantErr(t, "occupancy without a date", err, housing.CodeInvalid, store.KeyQuery)
		return nil
	})
	err := st.View(ctx, TenantB, func(tx store.Tx) error { _, err := tx.Facilities().Occupancy("f", day("2025-02-05")); return err })
	wantErr(t, "B reads A's occupancy", err, housing.CodeNotFound, store.KeyNotFound)
}

func (s *suite) testDue(t *testing.T) {
	st := s.open(t)
	policy, err := housing.PolicyByID(PolicyID)
	noErr(t, "policy", err)
	asOf := day("2025-07-01")
	ts := []housing.Tenancy{
		Placed("t1", "h1", "u1", day("2025-01-01")), // a review falls on the date
		Placed("t2", "h2", "u2", day("2024-01-01")), // expired, reviews overdue
		Placed("t3", "h3", "u3", day("2025-06-01")), // nothing due yet
		Proposed("t4", "h4", "u4", day("2025-06-01")),
		Placed("t5", "h5", "u5", day("2025-08-01")), // starts after the date
	}
	createAll(t, st, TenantA, households("h1", "h2", "h3", "h4", "h5"), func(tx store.Tx) error {
		for _, id := range []string{"u1", "u2", "u3", "u4", "u5"} {
			if err := tx.Units().Create(Unit(id, "")); err != nil {
				return err
			}
		}
		return nil
	}, place(ts...))
	mustView(t, st, TenantA, func(tx store.Tx) error {
		got, err := store.Due(tx, asOf, housing.PolicyByID)
		noErr(t, "due", err)
		var want []store.DueTenancy
		for _, x := range ts {
			if items := policy.Due(x, asOf); len(items) > 0 && x.Status.Running() && !x.Start.After(asOf) {
				want = append(want, store.DueTenancy{Tenancy: store.Versioned[housing.Tenancy]{Value: x, Version: 1}, Items: items})
			}
		}
		sameJSON(t, "due on "+asOf.String(), got, want)
		codes := map[string][]housing.DueCode{}
		for _, d := range got {
			for _, it := range d.Items {
				codes[d.Tenancy.Value.ID] = append(codes[d.Tenancy.Value.ID], it.Code)
			}
		}
		if len(codes) != 2 || len(codes["t1"]) == 0 || codes["t1"][0] != housing.DueReview || !containsCode(codes["t2"], housing.DueExpired) {
			t.Errorf("due codes = %v, want t1 review_due and t2 expired only", codes)
		}
		_, err = store.Due(tx, housing.Date{}, housing.PolicyByID)
		wantErr(t, "due without a date", err, housing.CodeInvalid, store.KeyQuery)
		return nil
	})
	mustView(t, st, TenantB, func(tx store.Tx) error {
		got, err := store.Due(tx, asOf, housing.PolicyByID)
		noErr(t, "B's due", err)
		if len(got) != 0 {
			t.Errorf("B sees %d of A's stays due", len(got))
		}
		return nil
	})
	other := Placed("t6", "h4", "u4", day("2025-06-01"))
	other.PolicyID = "nowhere.policy"
	createAll(t, st, TenantA, place(other))
	err = st.View(context.Background(), TenantA, func(tx store.Tx) error {
		_, err := store.Due(tx, asOf, housing.PolicyByID)
		return err
	})
	wantErr(t, "due with an unknown policy", err, housing.CodeNotFound, store.KeyNotFound)
}

func containsCode(cs []housing.DueCode, c housing.DueCode) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}
