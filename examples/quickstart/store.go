package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// tenant is the organisation whose records the quickstart keeps.
const tenant = store.Tenant("quickstart")

// keeper keeps what the quickstart decides in a store: the households with
// their referrals and decisions, the waiting lists, the vacancy registry,
// and the stays.
type keeper struct {
	ctx context.Context
	st  store.Store
}

// intake stores a referred household, its referral and, when the
// evaluation gave one, the decision (the audit trail of eligibility); an
// eligible household joins its programme's waiting list. All or nothing.
func (k keeper) intake(h housing.Household, ref housing.Referral, d *eligibility.Decision) error {
	return k.st.Update(k.ctx, tenant, func(tx store.Tx) error {
		if err := tx.Households().Create(h); err != nil {
			return err
		}
		if err := tx.Referrals().Create(ref); err != nil {
			return err
		}
		if d == nil {
			return nil
		}
		data, err := json.Marshal(d)
		if err != nil {
			return err
		}
		rec := store.DecisionRecord{ID: "dec-" + h.ID, HouseholdID: h.ID, ReferralID: ref.ID,
			RuleSetID: d.RuleSet.ID, RuleSetVersion: d.RuleSet.Version, VariantIDs: d.RuleSet.Variants,
			Date: d.Date, Outcome: string(d.Outcome), AskedBy: store.ActorFrom(k.ctx), Decision: data}
		if _, err := tx.Decisions().Append(rec); err != nil {
			return err
		}
		if d.Outcome != eligibility.Eligible {
			return nil
		}
		score := 0
		if d.Score != nil {
			score = d.Score.Total
		}
		return tx.WaitingList().Add(store.WaitingEntry{ProgrammeID: ref.ProgrammeID, HouseholdID: h.ID,
			DecisionID: rec.ID, Score: decimal.NewFromInt(int64(score)), Since: ref.Date})
	})
}

// registry stores the offer: facilities, then their units.
func (k keeper) registry(offer matching.Offer) error {
	return k.st.Update(k.ctx, tenant, func(tx store.Tx) error {
		for _, f := range offer.Facilities {
			if err := tx.Facilities().Create(f.Facility); err != nil {
				return err
			}
		}
		for _, u := range offer.Units {
			if err := tx.Units().Create(u); err != nil {
				return err
			}
		}
		return nil
	})
}

// place stores a stay and takes its household off the programme's waiting
// list, in one transaction: the store refuses the stay if the unit or the
// household is taken in its period, or the facility is full.
func (k keeper) place(t housing.Tenancy) error {
	return k.st.Update(k.ctx, tenant, func(tx store.Tx) error {
		if err := tx.Tenancies().Create(t); err != nil {
			return err
		}
		e, err := tx.WaitingList().Get(t.ProgrammeID, t.HouseholdID)
		if err != nil {
			return err
		}
		return tx.WaitingList().Remove(t.ProgrammeID, t.HouseholdID, e.Version)
	})
}

// report reads back, in one read-only view, what the run kept.
func (k keeper) report(w io.Writer, lang language.Tag, on housing.Date, offer matching.Offer) error {
	return k.st.View(k.ctx, tenant, func(tx store.Tx) error {
		hs, err := tx.Households().List(store.Page{})
		if err != nil {
			return err
		}
		decisions := 0
		for _, h := range hs {
			ds, err := tx.Decisions().OfHousehold(h.Value.ID)
			if err != nil {
				return err
			}
			decisions += len(ds)
		}
		ts, err := tx.Tenancies().List(store.Page{})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "households %d, decisions %d, stays %d\n", len(hs), decisions, len(ts))
		for _, t := range ts {
			fmt.Fprintf(w, "stay %s: %s in %s from %s, %s, version %d\n", t.Value.ID, t.Value.HouseholdID, t.Value.UnitID,
				housing.FormatDate(lang, t.Value.Start), t.Value.Status.Label(lang), t.Version)
		}
		ds, err := tx.Decisions().OfHousehold("cr-ot-2022-004")
		if err != nil {
			return err
		}
		for _, d := range ds {
			fmt.Fprintf(w, "decision %d of cr-ot-2022-004: %s under %s %s on %s, asked by %s\n",
				d.Seq, d.Outcome, d.RuleSetID, d.RuleSetVersion, d.Date, d.AskedBy)
		}
		programmes := map[string]bool{}
		for _, r := range referrals {
			if programmes[r.programme] {
				continue
			}
			programmes[r.programme] = true
			list, err := tx.WaitingList().Ranked(r.programme, 0)
			if err != nil {
				return err
			}
			for i, e := range list {
				fmt.Fprintf(w, "still waiting for %s: #%d %s (priority %s, since %s)\n",
					r.programme, i+1, e.Value.HouseholdID, e.Value.Score, housing.FormatDate(lang, e.Value.Since))
			}
		}
		start, err := on.AddDays(14)
		if err != nil {
			return err
		}
		for _, f := range offer.Facilities {
			o, err := tx.Facilities().Occupancy(f.ID, start)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%s on %s: %d of %d beds in use\n", f.ID, housing.FormatDate(lang, start), o.BedsInUse, o.BedCapacity)
		}
		vacant, err := tx.Units().Vacant(store.VacancyQuery{AsOf: start})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "vacant on %s: %d of %d units\n", housing.FormatDate(lang, start), len(vacant), len(offer.Units))
		events, err := tx.Audit().List(store.AuditQuery{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "audit trail: %d events", len(events))
		if n := len(events); n > 0 {
			last := events[n-1]
			fmt.Fprintf(w, ", the last: %s %s %s by %s", last.Action, last.Kind, last.ID, last.Actor)
		}
		fmt.Fprintln(w)
		return nil
	})
}
