package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// crud describes one repository with create, get, update, delete and list
// for the generic checks.
type crud[T any] struct {
	kind store.Kind
	// setup creates what the records refer to, in the tenant.
	setup func(tx store.Tx) error
	// make returns a valid record with the id.
	make func(id string) T
	// change returns a changed, still valid record.
	change func(T) T
	// invalid returns an invalid record with the id and the field path of
	// one of its problems.
	invalid func(id string) (T, string)
	id      func(T) string
	create  func(tx store.Tx, v T) error
	get     func(tx store.Tx, id string) (store.Versioned[T], error)
	update  func(tx store.Tx, v T, version int64) (int64, error)
	del     func(tx store.Tx, id string, version int64) error
	list    func(tx store.Tx, p store.Page) ([]store.Versioned[T], error)
}

// run checks create, read, update, stale update, delete, list and paging,
// the audit events, and that tenant B neither sees nor touches A's records.
func (c crud[T]) run(t *testing.T, st store.Store) {
	t.Helper()
	ctx := context.Background()
	for _, tenant := range []store.Tenant{TenantA, TenantB} {
		if c.setup != nil {
			mustUpdate(t, st, tenant, c.setup)
		}
	}
	a, b, z := c.make("rec-a"), c.make("rec-b"), c.make("rec-z")
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		for _, v := range []T{z, a, b} {
			if err := c.create(tx, v); err != nil {
				return fmt.Errorf("create %s: %w", c.id(v), err)
			}
		}
		return nil
	})

	// Read back, exactly.
	mustView(t, st, TenantA, func(tx store.Tx) error {
		got, err := c.get(tx, "rec-a")
		noErr(t, "get", err)
		if got.Version != 1 {
			t.Errorf("version after create = %d, want 1", got.Version)
		}
		sameJSON(t, "get after create", got.Value, a)
		_, err = c.get(tx, "rec-missing")
		wantErr(t, "get missing", err, housing.CodeNotFound, store.KeyNotFound)
		return nil
	})

	// Duplicate and invalid creates.
	err := st.Update(ctx, TenantA, func(tx store.Tx) error { return c.create(tx, c.make("rec-a")) })
	wantErr(t, "create duplicate", err, housing.CodeConflict, store.KeyExists)
	bad, field := c.invalid("rec-bad")
	err = st.Update(ctx, TenantA, func(tx store.Tx) error { return c.create(tx, bad) })
	wantErr(t, "create invalid", err, housing.CodeInvalid, "")
	if he := asError(err); he != nil && !hasProblemAt(he, field) {
		t.Errorf("create invalid: problems %v, want one at %q", he.Problems, field)
	}

	// Update, then a stale update.
	changed := c.change(a)
	var v2 int64
	mustUpdate(t, st, TenantA, func(tx store.Tx) (err error) {
		v2, err = c.update(tx, changed, 1)
		return err
	})
	if v2 != 2 {
		t.Errorf("version after update = %d, want 2", v2)
	}
	err = st.Update(ctx, TenantA, func(tx store.Tx) error {
		_, err := c.update(tx, c.change(changed), 1)
		return err
	})
	wantErr(t, "update at stale version 1", err, housing.CodeConflict, store.KeyStale)
	err = st.Update(ctx, TenantA, func(tx store.Tx) error {
		_, err := c.update(tx, c.make("rec-missing"), 1)
		return err
	})
	wantErr(t, "update missing", err, housing.CodeNotFound, store.KeyNotFound)
	err = st.Update(ctx, TenantA, func(tx store.Tx) error {
		_, err := c.update(tx, bad, 1)
		return err
	})
	wantErr(t, "update invalid", err, housing.CodeInvalid, "")
	mustView(t, st, TenantA, func(tx store.Tx) error {
		got, err := c.get(tx, "rec-a")
		noErr(t, "get after update", err)
		if got.Version != 2 {
			t.Errorf("version = %d, want 2", got.Version)
		}
		sameJSON(t, "get after update", got.Value, changed)
		return nil
	})

	// Tenant B sees and touches nothing of A's, and may reuse A's ids.
	mustView(t, st, TenantB, func(tx store.Tx) error {
		_, err := c.get(tx, "rec-a")
		wantErr(t, "B gets A's record", err, housing.CodeNotFound, store.KeyNotFound)
		l, err := c.list(tx, store.Page{})
		noErr(t, "B lists", err)
		if len(l) != 0 {
			t.Errorf("B lists %d of A's records", len(l))
		}
		return nil
	})
	err = st.Update(ctx, TenantB, func(tx store.Tx) error {
		_, err := c.update(tx, changed, 2)
		return err
	})
	wantErr(t, "B updates A's record", err, housing.CodeNotFound, store.KeyNotFound)
	if c.del != nil {
		err = st.Update(ctx, TenantB, func(tx store.Tx) error { return c.del(tx, "rec-a", 2) })
		wantErr(t, "B deletes A's record", err, housing.CodeNotFound, store.KeyNotFound)
	}
	mustUpdate(t, st, TenantB, func(tx store.Tx) error { return c.create(tx, c.make("rec-a")) })
	mustView(t, st, TenantA, func(tx store.Tx) error {
		got, err := c.get(tx, "rec-a")
		noErr(t, "A gets its record after B created the same id", err)
		if got.Version != 2 {
			t.Errorf("A's record changed by B's create: version %d", got.Version)
		}
		sameJSON(t, "A's record after B's create", got.Value, changed)
		return nil
	})

	// List and paging, in identifier order.
	mustView(t, st, TenantA, func(tx store.Tx) error {
		l, err := c.list(tx, store.Page{})
		noErr(t, "list", err)
		if got := ids(l, c.id); got != "rec-a,rec-b,rec-z" {
			t.Errorf("list = %s, want rec-a,rec-b,rec-z", got)
		}
		l, err = c.list(tx, store.Page{After: "rec-a", Limit: 1})
		noErr(t, "list page", err)
		if got := ids(l, c.id); got != "rec-b" {
			t.Errorf("list after rec-a limit 1 = %s, want rec-b", got)
		}
		_, err = c.list(tx, store.Page{Limit: -1})
		wantErr(t, "list with negative limit", err, housing.CodeInvalid, store.KeyPage)
		return nil
	})

	// Delete: stale, then done, then gone.
	if c.del != nil {
		err = st.Update(ctx, TenantA, func(tx store.Tx) error { return c.del(tx, "rec-a", 1) })
		wantErr(t, "delete at stale version", err, housing.CodeConflict, store.KeyStale)
		mustUpdate(t, st, TenantA, func(tx store.Tx) error { return c.del(tx, "rec-a", 2) })
		err = st.Update(ctx, TenantA, func(tx store.Tx) error { return c.del(tx, "rec-a", 2) })
		wantErr(t, "delete twice", err, housing.CodeNotFound, store.KeyNotFound)
		mustView(t, st, TenantA, func(tx store.Tx) error {
			_, err := c.get(tx, "rec-a")
			wantErr(t, "get deleted", err, housing.CodeNotFound, store.KeyNotFound)
			return nil
		})
		mustView(t, st, TenantB, func(tx store.Tx) error {
			_, err := c.get(tx, "rec-a")
			noErr(t, "B's record after A deleted the same id", err)
			return nil
		})
	}

	// The audit trail of rec-a in A: create, update, (delete).
	mustView(t, st, TenantA, func(tx store.Tx) error {
		es, err := tx.Audit().List(store.AuditQuery{Kind: c.kind, ID: "rec-a"})
		noErr(t, "audit", err)
		want := fmt.Sprintf("%[1]s:rec-a:create:1 %[1]s:rec-a:update:2", c.kind)
		if c.del != nil {
			want += fmt.Sprintf(" %s:rec-a:delete:2", c.kind)
		}
		if got := eventsString(es); got != want {
			t.Errorf("audit of rec-a = %s, want %s", got, want)
		}
		return nil
	})
}

func asError(err error) *housing.Error {
	var he *housing.Error
	if errors.As(err, &he) {
		return he
	}
	return nil
}

func hasProblemAt(he *housing.Error, path string) bool {
	for _, p := range he.Problems {
		if p.Path == path {
			return true
		}
	}
	return false
}

func (s *suite) testHouseholds(t *testing.T) {
	crud[housing.Household]{
		kind: store.KindHousehold,
		make: Household,
		change: func(h housing.Household) housing.Household {
			h.Residence.Municipality = "Cremona"
			h.Members = append(h.Members, housing.Member{Role: housing.RoleChild,
				Person: housing.Person{BirthDate: day("2015-06-30"), Incomes: []housing.IncomeSource{}}})
			return h
		},
		invalid: func(id string) (housing.Household, string) {
			h := Household(id)
			h.Members[0].BirthDate = housing.Date{}
			return h, "members[0].birth_date"
		},
		id:     func(h housing.Household) string { return h.ID },
		create: func(tx store.Tx, v housing.Household) error { return tx.Households().Create(v) },
		get: func(tx store.Tx, id string) (store.Versioned[housing.Household], error) {
			return tx.Households().Get(id)
		},
		update: func(tx store.Tx, v housing.Household, ver int64) (int64, error) {
			return tx.Households().Update(v, ver)
		},
		del: func(tx store.Tx, id string, ver int64) error { return tx.Households().Delete(id, ver) },
		list: func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Household], error) {
			return tx.Households().List(p)
		},
	}.run(t, s.open(t))
}

func (s *suite) testOwners(t *testing.T) {
	crud[housing.Owner]{
		kind: store.KindOwner,
		make: Owner,
		change: func(o housing.Owner) housing.Owner {
			o.Name, o.Kind = "Parrocchia San Giacomo", housing.OwnerChurch
			return o
		},
		invalid: func(id string) (housing.Owner, string) { return housing.Owner{ID: id, Kind: "castle"}, "kind" },
		id:      func(o housing.Owner) string { return o.ID },
		create:  func(tx store.Tx, v housing.Owner) error { return tx.Owners().Create(v) },
		get:     func(tx store.Tx, id string) (store.Versioned[housing.Owner], error) { return tx.Owners().Get(id) },
		update:  func(tx store.Tx, v housing.Owner, ver int64) (int64, error) { return tx.Owners().Update(v, ver) },
		del:     func(tx store.Tx, id string, ver int64) error { return tx.Owners().Delete(id, ver) },
		list:    func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Owner], error) { return tx.Owners().List(p) },
	}.run(t, s.open(t))
}

func (s *suite) testFacilities(t *testing.T) {
	crud[housing.Facility]{
		kind:  store.KindFacility,
		setup: func(tx store.Tx) error { return tx.Owners().Create(Owner("own-1")) },
		make:  func(id string) housing.Facility { f := Facility(id, 12); f.OwnerID = "own-1"; return f },
		change: func(f housing.Facility) housing.Facility {
			f.BedCapacity, f.Restrictions.WomenOnly = 10, true
			return f
		},
		invalid: func(id string) (housing.Facility, string) { return Facility(id, 0), "bed_capacity" },
		id:      func(f housing.Facility) string { return f.ID },
		create:  func(tx store.Tx, v housing.Facility) error { return tx.Facilities().Create(v) },
		get: func(tx store.Tx, id string) (store.Versioned[housing.Facility], error) {
			return tx.Facilities().Get(id)
		},
		update: func(tx store.Tx, v housing.Facility, ver int64) (int64, error) { return tx.Facilities().Update(v, ver) },
		del:    func(tx store.Tx, id string, ver int64) error { return tx.Facilities().Delete(id, ver) },
		list: func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Facility], error) {
			return tx.Facilities().List(p)
		},
	}.run(t, s.open(t))
}

func (s *suite) testUnits(t *testing.T) {
	crud[housing.Unit]{
		kind: store.KindUnit,
		setup: func(tx store.Tx) error {
			if err := tx.Owners().Create(Owner("own-1")); err != nil {
				return err
			}
			return tx.Facilities().Create(Facility("fac-1", 12))
		},
		make: func(id string) housing.Unit { u := Unit(id, "fac-1"); u.OwnerID = "own-1"; return u },
		change: func(u housing.Unit) housing.Unit {
			u.Rent, u.StepFree, u.AvailableUntil = dec("175.25"), true, day("2027-12-31")
			return u
		},
		invalid: func(id string) (housing.Unit, string) { u := Unit(id, "fac-1"); u.Rent = dec("-1"); return u, "rent" },
		id:      func(u housing.Unit) string { return u.ID },
		create:  func(tx store.Tx, v housing.Unit) error { return tx.Units().Create(v) },
		get:     func(tx store.Tx, id string) (store.Versioned[housing.Unit], error) { return tx.Units().Get(id) },
		update:  func(tx store.Tx, v housing.Unit, ver int64) (int64, error) { return tx.Units().Update(v, ver) },
		del:     func(tx store.Tx, id string, ver int64) error { return tx.Units().Delete(id, ver) },
		list:    func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Unit], error) { return tx.Units().List(p) },
	}.run(t, s.open(t))
}

func (s *suite) testReferrals(t *testing.T) {
	st := s.open(t)
	crud[housing.Referral]{
		kind:   store.KindReferral,
		setup:  func(tx store.Tx) error { return tx.Households().Create(Household("hh-1")) },
		make:   func(id string) housing.Referral { return Referral(id, "hh-1") },
		change: func(r housing.Referral) housing.Referral { r.CaseManaged, r.RecordRef = true, "SP-2025-17"; return r },
		invalid: func(id string) (housing.Referral, string) {
			r := Referral(id, "hh-1")
			r.Date = housing.Date{}
			return r, "date"
		},
		id:     func(r housing.Referral) string { return r.ID },
		create: func(tx store.Tx, v housing.Referral) error { return tx.Referrals().Create(v) },
		get:    func(tx store.Tx, id string) (store.Versioned[housing.Referral], error) { return tx.Referrals().Get(id) },
		update: func(tx store.Tx, v housing.Referral, ver int64) (int64, error) { return tx.Referrals().Update(v, ver) },
		del:    func(tx store.Tx, id string, ver int64) error { return tx.Referrals().Delete(id, ver) },
		list: func(tx store.Tx, p store.Page) ([]store.Versioned[housing.Referral], error) {
			return tx.Referrals().List(p)
		},
	}.run(t, st)
	// OfHousehold: by date, then id.
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		r := Referral("rec-0", "hh-1")
		r.Date = day("2025-01-14")
		return tx.Referrals().Create(r)
	})
	mustView(t, st, TenantA, func(tx store.Tx) error {
		rs, err := tx.Referrals().OfHousehold("hh-1")
		noErr(t, "referrals of household", err)
		if got := ids(rs, func(r housing.Referral) string { return r.ID }); got != "rec-0,rec-b,rec-z" {
			t.Errorf("referrals of hh-1 = %s, want rec-0,rec-b,rec-z", got)
		}
		rs, err = tx.Referrals().OfHousehold("hh-none")
		noErr(t, "referrals of unknown household", err)
		if len(rs) != 0 {
			t.Errorf("unknown household has %d referrals", len(rs))
		}
		return nil
	})
	mustView(t, st, TenantB, func(tx store.Tx) error {
		rs, err := tx.Referrals().OfHousehold("hh-1")
		noErr(t, "B's referrals of household", err)
		if got := ids(rs, func(r housing.Referral) string { return r.ID }); got != "rec-a" {
			t.Errorf("B's referrals of hh-1 = %s, want only B's rec-a", got)
		}
		return nil
	})
}

func (s *suite) testCarePlans(t *testing.T) {
	st := s.open(t)
	crud[housing.CarePlan]{
		kind:  store.KindCarePlan,
		setup: func(tx store.Tx) error { return tx.Households().Create(Household("hh-1")) },
		make:  func(id string) housing.CarePlan { return CarePlan(id, "hh-1") },
		change: func(c housing.CarePlan) housing.CarePlan {
			c.Goals[0].Achieved = day("2025-07-01")
			c.Goals = append(c.Goals, housing.Goal{Description: "open a bank account"})
			c.Reviews = append(c.Reviews, day("2025-08-01"))
			return c
		},
		invalid: func(id string) (housing.CarePlan, string) {
			c := CarePlan(id, "hh-1")
			c.Goals = nil
			return c, "goals"
		},
		id:     func(c housing.CarePlan) string { return c.ID },
		create: func(tx store.Tx, v housing.CarePlan) error { return tx.CarePlans().Create(v) },
		get:    func(tx store.Tx, id string) (store.Versioned[housing.CarePlan], error) { return tx.CarePlans().Get(id) },
		update: func(tx store.Tx, v housing.CarePlan, ver int64) (int64, error) { return tx.CarePlans().Update(v, ver) },
		del:    func(tx store.Tx, id string, ver int64) error { return tx.CarePlans().Delete(id, ver) },
		list: func(tx store.Tx, p store.Page) ([]store.Versioned[housing.CarePlan], error) {
			return tx.CarePlans().List(p)
		},
	}.run(t, st)
	mustView(t, st, TenantA, func(tx store.Tx) error {
		cs, err := tx.CarePlans().OfHousehold("hh-1")
		noErr(t, "care plans of household", err)
		if got := ids(cs, func(c housing.CarePlan) string { return c.ID }); got != "rec-b,rec-z" {
			t.Errorf("care plans of hh-1 = %s, want rec-b,rec-z", got)
		}
		return nil
	})
}
