package store_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

func TestTenantValidate(t *testing.T) {
	for _, ok := range []store.Tenant{"a", "comune-ferrara", "ats.crema_2", store.Tenant(strings.Repeat("x", 63))} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []store.Tenant{"", "-a", "A", "a b", "a/b", "è", store.Tenant(strings.Repeat("x", 64))} {
		err := bad.Validate()
		if !errors.Is(err, store.ErrTenant) {
			t.Errorf("%q: got %v, want store.tenant", bad, err)
		}
	}
}

func TestCheckID(t *testing.T) {
	for id, want := range map[string]string{
		"":                       "is required",
		" a":                     "spaces",
		"a/b":                    "'/'",
		"a\nb":                   "control",
		strings.Repeat("x", 201): "at most 200",
		"h-1":                    "",
		"unità 3":                "",
	} {
		var ps housing.Problems
		store.CheckID(&ps, "id", id)
		got := ps.String()
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("CheckID(%q) = %q, want %q", id, got, want)
		}
	}
}

func tenancy(id, status string, start, exit string) housing.Tenancy {
	t := housing.Tenancy{ID: id, Status: housing.TenancyStatus(status)}
	if start != "" {
		t.Start = housing.MustParseDate(start)
	}
	if exit != "" {
		t.Exit = &housing.Exit{Date: housing.MustParseDate(exit), Pathway: housing.ExitFamily}
	}
	return t
}

func TestStayAndOverlap(t *testing.T) {
	d := housing.MustParseDate
	running := tenancy("a", "active", "2025-01-10", "")
	ended := tenancy("b", "ended", "2024-01-01", "2025-01-10")
	sameDay := tenancy("c", "ended", "2025-03-01", "2025-03-01")
	proposed := tenancy("d", "proposed", "", "")
	if !store.Occupies(running, d("2030-01-01")) || store.Occupies(running, d("2025-01-09")) {
		t.Error("a running stay occupies from its start with no end")
	}
	if !store.Occupies(ended, d("2025-01-09")) || store.Occupies(ended, d("2025-01-10")) {
		t.Error("an ended stay frees the unit on its exit date")
	}
	if store.Occupies(sameDay, d("2025-03-01")) || store.Occupies(proposed, d("2025-03-01")) {
		t.Error("a same-day exit and a proposal occupy nothing")
	}
	if store.Overlap(running, ended) || store.Overlap(ended, running) {
		t.Error("exit on the day the next stay starts is no overlap")
	}
	later := tenancy("e", "renewed", "2026-01-01", "")
	if !store.Overlap(running, later) || !store.Overlap(later, running) {
		t.Error("two running stays overlap")
	}
	if store.Overlap(proposed, running) {
		t.Error("a proposal overlaps nothing")
	}
}

func TestRankOrder(t *testing.T) {
	d := housing.MustParseDate
	es := []store.WaitingEntry{
		{HouseholdID: "c", Score: decimal.RequireFromString("10"), Since: d("2025-01-01")},
		{HouseholdID: "b", Score: decimal.RequireFromString("10.5"), Since: d("2025-03-01")},
		{HouseholdID: "a", Score: decimal.RequireFromString("10"), Since: d("2025-01-01")},
		{HouseholdID: "d", Score: decimal.RequireFromString("10.00"), Since: d("2024-12-31")},
	}
	slices.SortFunc(es, store.RankOrder)
	var got []string
	for _, e := range es {
		got = append(got, e.HouseholdID)
	}
	if strings.Join(got, "") != "bdac" {
		t.Errorf("rank order %v, want b d a c", got)
	}
}

func TestVacancyQuery(t *testing.T) {
	d := housing.MustParseDate
	u := housing.Unit{ID: "u2", Kind: housing.UnitRoom, Beds: 2, Rent: decimal.RequireFromString("300"),
		ServiceCharges: decimal.RequireFromString("50"), AvailableFrom: d("2025-01-01"), Municipality: "Crema"}
	max := decimal.RequireFromString("350")
	q := store.VacancyQuery{AsOf: d("2025-02-01"), Municipality: "Crema", MinBeds: 2, MaxMonthlyCost: &max}
	if !q.Matches(u) {
		t.Error("unit should match")
	}
	for name, q2 := range map[string]store.VacancyQuery{
		"before availability": {AsOf: d("2024-12-31")},
		"cost":                {AsOf: d("2025-02-01"), MaxMonthlyCost: func() *decimal.Decimal { v := decimal.RequireFromString("349.99"); return &v }()},
		"step free":           {AsOf: d("2025-02-01"), StepFree: true},
		"beds":                {AsOf: d("2025-02-01"), MinBeds: 3},
		"after":               {AsOf: d("2025-02-01"), Page: store.Page{After: "u2"}},
	} {
		if q2.Matches(u) {
			t.Errorf("%s: unit should not match", name)
		}
	}
	if _, err := (store.VacancyQuery{}).Check(); !errors.Is(err, housing.ErrInvalid) {
		t.Errorf("query without date: %v", err)
	}
}

func TestDecisionRecordValidate(t *testing.T) {
	err := store.DecisionRecord{Decision: []byte("[1]")}.Validate()
	for _, want := range []string{"id: is required", "household_id", "ruleset_id", "ruleset_version", "date", "outcome", "asked_by", "decision: is not a JSON object"} {
		if !strings.Contains(housing.ErrorMessage(err), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
	ok := store.DecisionRecord{ID: "d1", HouseholdID: "h1", RuleSetID: "crema", RuleSetVersion: "2025.1",
		Date: housing.MustParseDate("2025-03-03"), Outcome: "eligible", AskedBy: "op-7", Decision: []byte(`{"outcome":"eligible"}`)}
	if err := ok.Validate(); err != nil {
		t.Error(err)
	}
}

func TestPage(t *testing.T) {
	for lim, want := range map[int]int{0: store.DefaultLimit, 5: 5, store.MaxLimit + 1: store.MaxLimit} {
		if got, err := (store.Page{Limit: lim}).Size(); err != nil || got != want {
			t.Errorf("Size(%d) = %d, %v", lim, got, err)
		}
	}
	if _, err := (store.Page{Limit: -1}).Size(); housing.ErrorCode(err) != housing.CodeInvalid {
		t.Errorf("negative limit: %v", err)
	}
}
