package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

func (s *suite) testTenant(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	for _, bad := range []store.Tenant{"", "Tenant A", "a/b", store.Tenant(strings.Repeat("t", 64))} {
		called := false
		err := st.Update(ctx, bad, func(store.Tx) error { called = true; return nil })
		wantErr(t, "update with tenant "+string(bad), err, housing.CodeInvalid, store.KeyTenant)
		err = st.View(ctx, bad, func(store.Tx) error { called = true; return nil })
		wantErr(t, "view with tenant "+string(bad), err, housing.CodeInvalid, store.KeyTenant)
		if called {
			t.Errorf("tenant %q: the function ran", bad)
		}
	}
	// Nil arguments are refused with invalid, never a panic.
	//lint:ignore SA1012 a nil context is the case under test
	err := st.Update(nil, TenantA, func(store.Tx) error { return nil }) //nolint:staticcheck
	wantErr(t, "update with a nil context", err, housing.CodeInvalid, "store.context")
	err = st.View(ctx, TenantA, nil)
	wantErr(t, "view with a nil function", err, housing.CodeInvalid, "store.func")
	err = st.Update(ctx, TenantA, nil)
	wantErr(t, "update with a nil function", err, housing.CodeInvalid, "store.func")
	mustView(t, st, TenantA, func(tx store.Tx) error {
		if tx.Tenant() != TenantA {
			t.Errorf("Tx.Tenant() = %q", tx.Tenant())
		}
		return nil
	})
	long := store.WithActor(ctx, strings.Repeat("x", store.MaxActorLen+1))
	err = st.Update(long, TenantA, func(tx store.Tx) error { return tx.Households().Create(Household("hh-1")) })
	wantErr(t, "update with a malformed actor", err, housing.CodeInvalid, store.KeyActor)
	mustView(t, st, TenantA, func(tx store.Tx) error {
		_, err := tx.Households().Get("hh-1")
		wantErr(t, "household written under a malformed actor", err, housing.CodeNotFound, store.KeyNotFound)
		return nil
	})
}

func (s *suite) testWaitingList(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	for _, tenant := range []store.Tenant{TenantA, TenantB} {
		mustUpdate(t, st, tenant, func(tx store.Tx) error {
			for _, id := range []string{"h1", "h2", "h3", "h4"} {
				if err := tx.Households().Create(Household(id)); err != nil {
					return err
				}
			}
			return nil
		})
	}
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		if _, err := tx.Decisions().Append(Decision("d1", "h1")); err != nil {
			return err
		}
		e1 := Waiting("p1", "h1", "10", "2025-01-01")
		e1.DecisionID = "d1"
		for _, e := range []store.WaitingEntry{e1, Waiting("p1", "h2", "10.5", "2025-03-01"),
			Waiting("p1", "h3", "10", "2025-01-01"), Waiting("p1", "h4", "10.00", "2024-12-31"), Waiting("p2", "h1", "5", "2025-01-01")} {
			if err := tx.WaitingList().Add(e); err != nil {
				return err
			}
		}
		return nil
	})
	ranked := func(tenant store.Tenant, programme string, limit int) string {
		var got string
		mustView(t, st, tenant, func(tx store.Tx) error {
			es, err := tx.WaitingList().Ranked(programme, limit)
			noErr(t, "ranked", err)
			got = ids(es, func(e store.WaitingEntry) string { return e.HouseholdID })
			return nil
		})
		return got
	}
	for _, c := range []struct {
		tenant    store.Tenant
		programme string
		limit     int
		want      string
	}{
		{TenantA, "p1", 0, "h2,h4,h1,h3"}, {TenantA, "p1", 2, "h2,h4"}, {TenantA, "p2", 0, "h1"},
		{TenantA, "p9", 0, ""}, {TenantB, "p1", 0, ""},
	} {
		if got := ranked(c.tenant, c.programme, c.limit); got != c.want {
			t.Errorf("%s ranked %s limit %d = %q, want %q", c.tenant, c.programme, c.limit, got, c.want)
		}
	}
	mustView(t, st, TenantA, func(tx store.Tx) error {
		e, err := tx.WaitingList().Get("p1", "h1")
		noErr(t, "get entry", err)
		want := Waiting("p1", "h1", "10", "2025-01-01")
		want.DecisionID = "d1"
		sameJSON(t, "entry", e.Value, want)
		if e.Version != 1 {
			t.Errorf("entry version %d", e.Version)
		}
		_, err = tx.WaitingList().Ranked("p1", -1)
		wantErr(t, "ranked with negative limit", err, housing.CodeInvalid, store.KeyPage)
		return nil
	})
	err := st.Update(ctx, TenantA, func(tx store.Tx) error { return tx.WaitingList().Add(Waiting("p1", "h1", "1", "2025-05-05")) })
	wantErr(t, "household twice on a list", err, housing.CodeConflict, store.KeyExists)
	err = st.Update(ctx, TenantA, func(tx store.Tx) error {
		return tx.WaitingList().Add(store.WaitingEntry{ProgrammeID: "p1", HouseholdID: "h1"})
	})
	wantErr(t, "entry without a date", err, housing.CodeInvalid, "")
	err = st.Update(ctx, TenantA, func(tx store.Tx) error { return tx.WaitingList().Add(Waiting("p1", "h-none", "1", "2025-05-05")) })
	wantErr(t, "entry of an unknown household", err, housing.CodeInvalid, store.KeyReference)

	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		v, err := tx.WaitingList().Update(Waiting("p1", "h3", "11", "2025-01-01"), 1)
		if v != 2 {
			t.Errorf("version after update %d", v)
		}
		return err
	})
	if got := ranked(TenantA, "p1", 0); got != "h3,h2,h4,h1" {
		t.Errorf("ranked after raising h3 = %s, want h3,h2,h4,h1", got)
	}
	err = st.Update(ctx, TenantA, func(tx store.Tx) error {
		_, err := tx.WaitingList().Update(Waiting("p1", "h3", "12", "2025-01-01"), 1)
		return err
	})
	wantErr(t, "stale entry update", err, housing.CodeConflict, store.KeyStale)
	err = st.Update(ctx, TenantA, func(tx store.Tx) error { return tx.WaitingList().Remove("p1", "h4", 7) })
	wantErr(t, "stale remove", err, housing.CodeConflict, store.KeyStale)
	err = st.Update(ctx, TenantB, func(tx store.Tx) error { return tx.WaitingList().Remove("p1", "h2", 1) })
	wantErr(t, "B removes A's entry", err, housing.CodeNotFound, store.KeyNotFound)
	err = st.Update(ctx, TenantB, func(tx store.Tx) error {
		_, err := tx.WaitingList().Update(Waiting("p1", "h2", "99", "2025-01-01"), 1)
		return err
	})
	wantErr(t, "B updates A's entry", err, housing.CodeNotFound, store.KeyNotFound)
	// B's own list may hold the same household and programme.
	mustUpdate(t, st, TenantB, func(tx store.Tx) error { return tx.WaitingList().Add(Waiting("p1", "h2", "1", "2025-06-01")) })
	if got := ranked(TenantB, "p1", 0); got != "h2" {
		t.Errorf("B's list = %q, want h2", got)
	}
	mustUpdate(t, st, TenantA, func(tx store.Tx) error { return tx.WaitingList().Remove("p1", "h2", 1) })
	mustView(t, st, TenantB, func(tx store.Tx) error {
		_, err := tx.WaitingList().Get("p1", "h2")
		noErr(t, "B's entry after A removed the same one", err)
		return nil
	})
	if got := ranked(TenantA, "p1", 0); got != "h3,h4,h1" {
		t.Errorf("ranked after removing h2 = %s, want h3,h4,h1", got)
	}
	mustView(t, st, TenantA, func(tx store.Tx) error {
		_, err := tx.WaitingList().Get("p1", "h2")
		wantErr(t, "removed entry", err, housing.CodeNotFound, store.KeyNotFound)
		es, err := tx.Audit().List(store.AuditQuery{Kind: store.KindWaitingEntry, ID: "p1/h3"})
		noErr(t, "audit", err)
		if got := eventsString(es); got != "waiting_entry:p1/h3:create:1 waiting_entry:p1/h3:update:2" {
			t.Errorf("audit of p1/h3 = %s", got)
		}
		return nil
	})
}

func (s *suite) testDecisions(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	for _, tenant := range []store.Tenant{TenantA, TenantB} {
		mustUpdate(t, st, tenant, func(tx store.Tx) error {
			for _, id := range []string{"h1", "h2"} {
				if err := tx.Households().Create(Household(id)); err != nil {
					return err
				}
			}
			return tx.Referrals().Create(Referral("r1", "h1"))
		})
	}
	d1 := Decision("d1", "h1")
	d1.ReferralID = "r1"
	d2, d3 := Decision("d2", "h2"), Decision("d3", "h1")
	d3.Outcome, d3.VariantIDs, d3.Date = "ineligible", nil, day("2025-04-01")
	var seqs []int64
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		for _, d := range []store.DecisionRecord{d1, d2, d3} {
			seq, err := tx.Decisions().Append(d)
			if err != nil {
				return err
			}
			seqs = append(seqs, seq)
		}
		return nil
	})
	if len(seqs) != 3 || !(seqs[0] > 0 && seqs[0] < seqs[1] && seqs[1] < seqs[2]) {
		t.Errorf("sequence numbers %v do not increase", seqs)
	}
	check := func(what string, got, want store.DecisionRecord, seq int64) {
		t.Helper()
		if got.Seq != seq {
			t.Errorf("%s: seq %d, want %d", what, got.Seq, seq)
		}
		sameJSONValue(t, what+" decision", got.Decision, want.Decision)
		got.Decision, want.Decision, got.Seq = nil, nil, 0
		if len(got.VariantIDs) == 0 {
			got.VariantIDs = nil
		}
		sameJSON(t, what, got, want)
	}
	mustView(t, st, TenantA, func(tx store.Tx) error {
		got, err := tx.Decisions().Get("d1")
		noErr(t, "get decision", err)
		check("d1", got, d1, seqs[0])
		ds, err := tx.Decisions().OfHousehold("h1")
		noErr(t, "decisions of h1", err)
		if len(ds) != 2 || ds[0].ID != "d1" || ds[1].ID != "d3" {
			t.Fatalf("decisions of h1: %d records, want d1, d3", len(ds))
		}
		check("d3", ds[1], d3, seqs[2])
		ds, err = tx.Decisions().OfHousehold("h-none")
		noErr(t, "decisions of unknown household", err)
		if len(ds) != 0 {
			t.Errorf("unknown household has %d decisions", len(ds))
		}
		_, err = tx.Decisions().Get("d9")
		wantErr(t, "unknown decision", err, housing.CodeNotFound, store.KeyNotFound)
		es, err := tx.Audit().List(store.AuditQuery{Kind: store.KindDecision})
		noErr(t, "audit", err)
		if len(es) != 3 || es[0].ID != "d1" || es[0].Action != store.ActionAppend || es[0].Version != seqs[0] {
			t.Errorf("audit of decisions = %s, want 3 appends with their sequence numbers %v", eventsString(es), seqs)
		}
		return nil
	})
	for what, d := range map[string]store.DecisionRecord{
		"duplicate":         Decision("d1", "h1"),
		"invalid":           {ID: "d8", HouseholdID: "h1"},
		"unknown household": Decision("d7", "h-none"),
		"not an object":     func() store.DecisionRecord { d := Decision("d6", "h1"); d.Decision = []byte(`"eligible"`); return d }(),
	} {
		err := st.Update(ctx, TenantA, func(tx store.Tx) error { _, err := tx.Decisions().Append(d); return err })
		switch what {
		case "duplicate":
			wantErr(t, what, err, housing.CodeConflict, store.KeyExists)
		case "unknown household":
			wantErr(t, what, err, housing.CodeInvalid, store.KeyReference)
		default:
			wantErr(t, what, err, housing.CodeInvalid, "")
		}
	}
	mustView(t, st, TenantB, func(tx store.Tx) error {
		_, err := tx.Decisions().Get("d1")
		wantErr(t, "B gets A's decision", err, housing.CodeNotFound, store.KeyNotFound)
		ds, err := tx.Decisions().OfHousehold("h1")
		noErr(t, "B's decisions of h1", err)
		if len(ds) != 0 {
			t.Errorf("B sees %d of A's decisions", len(ds))
		}
		return nil
	})
	mustUpdate(t, st, TenantB, func(tx store.Tx) error { _, err := tx.Decisions().Append(Decision("d1", "h2")); return err })
}

func (s *suite) testReferences(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		if err := tx.Households().Create(Household("h1")); err != nil {
			return err
		}
		if err := tx.Facilities().Create(Facility("f1", 4)); err != nil {
			return err
		}
		return tx.Units().Create(Unit("u1", "f1"))
	})
	cases := []struct {
		what, field string
		fn          func(tx store.Tx) error
	}{
		{"facility's owner", "owner_id", func(tx store.Tx) error {
			f := Facility("f2", 3)
			f.OwnerID = "o-none"
			return tx.Facilities().Create(f)
		}},
		{"unit's facility", "facility_id", func(tx store.Tx) error { return tx.Units().Create(Unit("u2", "f-none")) }},
		{"unit's owner", "owner_id", func(tx store.Tx) error { u := Unit("u2", "f1"); u.OwnerID = "o-none"; return tx.Units().Create(u) }},
		{"referral's household", "household_id", func(tx store.Tx) error { return tx.Referrals().Create(Referral("r1", "h-none")) }},
		{"care plan's household", "household_id", func(tx store.Tx) error { return tx.CarePlans().Create(CarePlan("c1", "h-none")) }},
		{"care plan's tenancy", "tenancy_id", func(tx store.Tx) error {
			c := CarePlan("c1", "h1")
			c.TenancyID = "t-none"
			return tx.CarePlans().Create(c)
		}},
		{"tenancy's household", "household_id", func(tx store.Tx) error {
			return tx.Tenancies().Create(Placed("t1", "h-none", "u1", day("2025-02-01")))
		}},
		{"tenancy's unit", "unit_id", func(tx store.Tx) error {
			return tx.Tenancies().Create(Placed("t1", "h1", "u-none", day("2025-02-01")))
		}},
		{"tenancy's referral", "referral_id", func(tx store.Tx) error {
			p := Placed("t1", "h1", "u1", day("2025-02-01"))
			p.ReferralID = "r-none"
			return tx.Tenancies().Create(p)
		}},
		{"decision's referral", "referral_id", func(tx store.Tx) error {
			d := Decision("d1", "h1")
			d.ReferralID = "r-none"
			_, err := tx.Decisions().Append(d)
			return err
		}},
		{"waiting entry's decision", "decision_id", func(tx store.Tx) error {
			e := Waiting("p1", "h1", "1", "2025-01-01")
			e.DecisionID = "d-none"
			return tx.WaitingList().Add(e)
		}},
	}
	for _, c := range cases {
		err := st.Update(ctx, TenantA, c.fn)
		wantErr(t, c.what, err, housing.CodeInvalid, store.KeyReference)
		if he := asError(err); he != nil && !hasProblemAt(he, c.field) {
			t.Errorf("%s: problems %v, want one at %s", c.what, he.Problems, c.field)
		}
	}
	mustView(t, st, TenantA, func(tx store.Tx) error {
		es, err := tx.Audit().List(store.AuditQuery{})
		noErr(t, "audit", err)
		if len(es) != 3 {
			t.Errorf("refused writes left audit events: %s", eventsString(es))
		}
		return nil
	})
}

func (s *suite) testDeleteInUse(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		f := Facility("f1", 4)
		f.OwnerID = "o1"
		u := Unit("u1", "f1")
		u.OwnerID = "o1"
		r := Referral("r1", "h1")
		d := Decision("d1", "h1")
		d.ReferralID = "r1"
		c := CarePlan("c1", "h1")
		c.TenancyID = "t1"
		e := Waiting("p1", "h1", "3", "2025-01-01")
		e.DecisionID = "d1"
		for _, err := range []func() error{
			func() error { return tx.Owners().Create(Owner("o1")) },
			func() error { return tx.Facilities().Create(f) },
			func() error { return tx.Facilities().Create(Facility("f2", 2)) },
			func() error { return tx.Units().Create(u) },
			func() error { return tx.Units().Create(Unit("u2", "f1")) },
			func() error { return tx.Households().Create(Household("h1")) },
			func() error { return tx.Households().Create(Household("h2")) },
			func() error { return tx.Households().Create(Household("h3")) },
			func() error { return tx.Referrals().Create(r) },
			func() error { return tx.Referrals().Create(Referral("r3", "h3")) },
			func() error { _, err := tx.Decisions().Append(d); return err },
			func() error { return tx.Tenancies().Create(Placed("t1", "h1", "u1", day("2025-02-01"))) },
			func() error { return tx.CarePlans().Create(c) },
			func() error { return tx.WaitingList().Add(e) },
			func() error { _, err := tx.Decisions().Append(Decision("d2", "h2")); return err },
		} {
			if err := err(); err != nil {
				return err
			}
		}
		return nil
	})
	for _, c := range []struct {
		what string
		fn   func(tx store.Tx) error
	}{
		{"owner with a facility and a unit", func(tx store.Tx) error { return tx.Owners().Delete("o1", 1) }},
		{"facility with units", func(tx store.Tx) error { return tx.Facilities().Delete("f1", 1) }},
		{"unit with a stay", func(tx store.Tx) error { return tx.Units().Delete("u1", 1) }},
		{"household with a referral, decision, stay, care plan, entry", func(tx store.Tx) error { return tx.Households().Delete("h1", 1) }},
		{"household with a decision", func(tx store.Tx) error { return tx.Households().Delete("h2", 1) }},
		{"household with a referral", func(tx store.Tx) error { return tx.Households().Delete("h3", 1) }},
		{"referral with a decision", func(tx store.Tx) error { return tx.Referrals().Delete("r1", 1) }},
	} {
		err := st.Update(ctx, TenantA, c.fn)
		wantErr(t, "delete "+c.what, err, housing.CodeConflict, store.KeyInUse)
	}
	// Deletes that nothing prevents.
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		for _, err := range []func() error{
			func() error { return tx.CarePlans().Delete("c1", 1) },
			func() error { return tx.WaitingList().Remove("p1", "h1", 1) },
			func() error { return tx.Units().Delete("u2", 1) },
			func() error { return tx.Facilities().Delete("f2", 1) },
			func() error { return tx.Referrals().Delete("r3", 1) },
			func() error { return tx.Households().Delete("h3", 1) },
		} {
			if err := err(); err != nil {
				return err
			}
		}
		return nil
	})
	mustView(t, st, TenantA, func(tx store.Tx) error {
		for what, err := range map[string]error{
			"care plan": getErr(tx.CarePlans().Get("c1")), "unit": getErr(tx.Units().Get("u2")),
			"facility": getErr(tx.Facilities().Get("f2")), "household": getErr(tx.Households().Get("h3")),
		} {
			wantErr(t, "deleted "+what, err, housing.CodeNotFound, store.KeyNotFound)
		}
		for what, err := range map[string]error{
			"owner": getErr(tx.Owners().Get("o1")), "unit": getErr(tx.Units().Get("u1")),
			"household": getErr(tx.Households().Get("h1")), "referral": getErr(tx.Referrals().Get("r1")),
		} {
			noErr(t, "kept "+what, err)
		}
		return nil
	})
}

func getErr[T any](_ store.Versioned[T], err error) error { return err }
