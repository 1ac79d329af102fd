package casework

import (
	"context"
	"slices"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// GoalStatus is the state of a care plan's goal on a date.
type GoalStatus string

// The values of GoalStatus.
const (
	GoalOpen     GoalStatus = "open"     // not reached, target date not passed (or none)
	GoalAchieved GoalStatus = "achieved" // reached on its Achieved date
	GoalOverdue  GoalStatus = "overdue"  // not reached and its target date has passed
)

// StatusOf returns the goal's status as of asOf: achieved once its
// Achieved date is reached, overdue after its target date, open otherwise.
func StatusOf(g housing.Goal, asOf housing.Date) GoalStatus {
	switch {
	case !g.Achieved.IsZero() && !asOf.Before(g.Achieved):
		return GoalAchieved
	case !g.Due.IsZero() && asOf.After(g.Due):
		return GoalOverdue
	}
	return GoalOpen
}

// CreateCarePlan stores the care plan (progetto individualizzato) of a
// running stay: TenancyID and HouseholdID must name it, its services must
// be from the programme's list, and it starts on or after the stay's
// start. Its Reviews are the review meetings held; the meetings due are
// the stay's policy review dates (see Due). Errors: invalid, not_found,
// conflict (store.exists; casework.state when the stay is not running).
func (c *Casework) CreateCarePlan(ctx context.Context, tenant store.Tenant, p housing.CarePlan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.TenancyID == "" {
		return invalid(KeyState, "a care plan of casework is linked to a stay: tenancy_id is required")
	}
	return c.write(ctx, tenant, "create_care_plan", func(w *work) error {
		t, err := w.tx.Tenancies().Get(p.TenancyID)
		if err != nil {
			return err
		}
		if t.Value.HouseholdID != p.HouseholdID {
			return invalid(KeyState, "tenancy %q is of household %q, not %q", t.Value.ID, t.Value.HouseholdID, p.HouseholdID)
		}
		if !t.Value.Status.Running() {
			return conflict(KeyState, "tenancy %q is %s: a care plan goes with a running stay", t.Value.ID, t.Value.Status)
		}
		if p.Start.Before(t.Value.Start) {
			return invalid(KeyState, "the care plan starts on %s, before the stay's start %s", p.Start, t.Value.Start)
		}
		if err := c.checkServices(t.Value.ProgrammeID, p.Services); err != nil {
			return err
		}
		if err := w.tx.CarePlans().Create(p); err != nil {
			return err
		}
		return w.journal(p.HouseholdID, p.Start, string(store.KindCarePlan), p.ID, "", nil, p)
	})
}

func (c *Casework) checkServices(programmeID string, ss []housing.ActivatedService) error {
	prog, err := c.Programme(programmeID)
	if err != nil {
		return err
	}
	var ps housing.Problems
	for i, s := range ss {
		if !slices.Contains(prog.Services, s.Service) {
			ps.Add(housing.Index("services", i)+".service", "%q is not a service of programme %s", s.Service, prog.ID)
		}
	}
	return ps.Err("services outside the programme's list")
}

// UpdateCarePlan replaces the care plan read at version — goals reached
// (Achieved), goals added, services activated or closed — with the checks
// of CreateCarePlan and a journal entry with the reason. Errors: invalid,
// not_found, conflict (store.stale).
func (c *Casework) UpdateCarePlan(ctx context.Context, tenant store.Tenant, p housing.CarePlan, version int64, on housing.Date, reason string) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if on.IsZero() {
		return invalid(store.KeyQuery, "the date is required")
	}
	return c.write(ctx, tenant, "update_care_plan", func(w *work) error {
		old, err := w.tx.CarePlans().Get(p.ID)
		if err != nil {
			return err
		}
		if old.Value.TenancyID != p.TenancyID || old.Value.HouseholdID != p.HouseholdID {
			return invalid(KeyState, "a care plan keeps its household and stay")
		}
		t, err := w.tx.Tenancies().Get(p.TenancyID)
		if err != nil {
			return err
		}
		if err := c.checkServices(t.Value.ProgrammeID, p.Services); err != nil {
			return err
		}
		if _, err := w.tx.CarePlans().Update(p, version); err != nil {
			return err
		}
		return w.journal(p.HouseholdID, on, string(store.KindCarePlan), p.ID, reason, old.Value, p)
	})
}

// carePlanReview records a review meeting held on on in the care plans of
// the stay.
func (w *work) carePlanReview(householdID, tenancyID string, on housing.Date) error {
	ps, err := w.tx.CarePlans().OfHousehold(householdID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Value.TenancyID != tenancyID || slices.Contains(p.Value.Reviews, on) || on.Before(p.Value.Start) {
			continue
		}
		before := p.Value
		np := p.Value
		np.Reviews = append(slices.Clone(np.Reviews), on)
		slices.SortFunc(np.Reviews, func(a, b housing.Date) int { return a.Compare(b) })
		if _, err := w.tx.CarePlans().Update(np, p.Version); err != nil {
			return err
		}
		if err := w.journal(householdID, on, string(store.KindCarePlan), np.ID, "review meeting", before, np); err != nil {
			return err
		}
	}
	return nil
}

// DueGoalOverdue is the code of a care-plan goal past its target date.
const DueGoalOverdue housing.DueCode = "goal_overdue"

// DueContractEnd is the code of a running stay whose contract has reached
// its agreed end (a transitional lease of fewer months than its policy's
// maximum, for example) before the policy's planned end.
const DueContractEnd housing.DueCode = "contract_end"

// DueItem is one thing due on a case: a review due or overdue, a warning,
// an expiry or an expired stay (the duration policy's), or an overdue
// goal of the care plan.
type DueItem struct {
	HouseholdID string          `json:"household_id"`
	TenancyID   string          `json:"tenancy_id"`
	CarePlanID  string          `json:"care_plan_id,omitempty"`
	Code        housing.DueCode `json:"code"`
	Date        housing.Date    `json:"date"`
	// Goal is the overdue goal's description.
	Goal string       `json:"goal,omitempty"`
	Text housing.Text `json:"text"`
}

// Due returns what is due as of asOf on every running stay: the policy's
// reviews due or overdue, warnings, expiries and expired stays, a contract
// past its agreed end before the policy's, and the goals of their care
// plans past their target dates, by tenancy.
func (c *Casework) Due(ctx context.Context, tenant store.Tenant, asOf housing.Date) ([]DueItem, error) {
	if asOf.IsZero() {
		return nil, invalid(store.KeyQuery, "the date is required")
	}
	var out []DueItem
	err := c.read(ctx, tenant, func(w *work) error {
		ts, err := listAll(func(p store.Page) ([]store.Versioned[housing.Tenancy], error) {
			return w.tx.Tenancies().Running(asOf, p)
		},
			func(t housing.Tenancy) string { return t.ID })
		if err != nil {
			return err
		}
		for _, tv := range ts {
			t := tv.Value
			pol, err := c.Policy(t.PolicyID)
			if err != nil {
				return err
			}
			for _, d := range pol.Due(t, asOf) {
				out = append(out, DueItem{HouseholdID: t.HouseholdID, TenancyID: t.ID, Code: d.Code, Date: d.Date, Text: d.Text})
			}
			var k Contract
			if _, err := getDoc(w.tx, CollContract, t.ID, &k); err != nil && housing.ErrorCode(err) != housing.CodeNotFound {
				return err
			}
			if !k.End.IsZero() && !asOf.Before(k.End) && (t.PlannedEnd.IsZero() || k.End.Before(t.PlannedEnd)) {
				out = append(out, DueItem{HouseholdID: t.HouseholdID, TenancyID: t.ID, Code: DueContractEnd, Date: k.End,
					Text: housing.Text{IT: "il contratto è giunto alla scadenza concordata del " + housing.FormatDate(housing.Italian, k.End),
						EN: "the contract reached its agreed end on " + housing.FormatDate(housing.English, k.End)}})
			}
			plans, err := w.tx.CarePlans().OfHousehold(t.HouseholdID)
			if err != nil {
				return err
			}
			for _, p := range plans {
				if p.Value.TenancyID != t.ID {
					continue
				}
				for _, g := range p.Value.Goals {
					if StatusOf(g, asOf) == GoalOverdue {
						out = append(out, DueItem{HouseholdID: t.HouseholdID, TenancyID: t.ID, CarePlanID: p.Value.ID,
							Code: DueGoalOverdue, Date: g.Due, Goal: g.Description,
							Text: housing.Text{IT: "obiettivo scaduto il " + housing.FormatDate(housing.Italian, g.Due) + ": " + g.Description,
								EN: "goal overdue since " + housing.FormatDate(housing.English, g.Due) + ": " + g.Description}})
					}
				}
			}
		}
		return nil
	})
	return out, err
}
