package housing

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newCremaTenancy() Tenancy {
	return Tenancy{
		ID: "crema-2024-007", HouseholdID: "hh-42", UnitID: "cri-via-roma-3", ProgrammeID: "crema",
		ReferralID: "ref-9", ReferralDate: MustParseDate("2024-01-10"), PolicyID: cremaID,
	}
}

func TestTenancyLife(t *testing.T) {
	p := mustPolicy(t, cremaID)
	tn := newCremaTenancy()
	require.NoError(t, tn.Propose(MustParseDate("2024-01-20"), "proposed by the integrated housing team"))
	assert.Equal(t, TenancyProposed, tn.Status)
	require.NoError(t, tn.Validate())

	require.NoError(t, tn.Activate(p, MustParseDate("2024-01-31"), "keys handed over"))
	assert.Equal(t, TenancyActive, tn.Status)
	assert.Equal(t, "2025-01-31", tn.PlannedEnd.String())

	require.NoError(t, tn.RecordReview(MustParseDate("2024-07-30"), "care plan reviewed"))
	require.NoError(t, tn.Renew(p, Renewal{Date: MustParseDate("2024-12-10"), Reason: "public_housing_pending", Note: "ERP ranking position 12"}))
	assert.Equal(t, TenancyRenewed, tn.Status)
	assert.Equal(t, "2026-01-31", tn.PlannedEnd.String())
	assert.Equal(t, 12, tn.Renewals[0].Months, "a renewal of 0 months takes the policy's months")

	require.NoError(t, tn.End(Exit{Date: MustParseDate("2025-09-15"), Pathway: ExitPublicHousing, Note: "ERP flat assigned"}))
	assert.Equal(t, TenancyEnded, tn.Status)
	require.NotNil(t, tn.Exit)
	assert.Equal(t, ExitPublicHousing, tn.Exit.Pathway)

	assert.Equal(t, []Transition{
		{Date: MustParseDate("2024-01-20"), From: "", To: TenancyProposed, Note: "proposed by the integrated housing team"},
		{Date: MustParseDate("2024-01-31"), From: TenancyProposed, To: TenancyActive, Note: "keys handed over"},
		{Date: MustParseDate("2024-12-10"), From: TenancyActive, To: TenancyRenewed, Note: "ERP ranking position 12"},
		{Date: MustParseDate("2025-09-15"), From: TenancyRenewed, To: TenancyEnded, Note: "ERP flat assigned"},
	}, tn.History)
	require.NoError(t, tn.Validate())
	require.NoError(t, tn.ValidateWith(p))
}

func TestCancelProposal(t *testing.T) {
	tn := newCremaTenancy()
	require.NoError(t, tn.Propose(MustParseDate("2024-01-20"), ""))
	require.NoError(t, tn.Cancel(MustParseDate("2024-01-25"), "household found a flat"))
	assert.Equal(t, TenancyCancelled, tn.Status)
	require.NoError(t, tn.Validate())
}

// states builds a tenancy in each status of the Crema policy.
func states(t *testing.T) map[string]Tenancy {
	p := mustPolicy(t, cremaID)
	none := newCremaTenancy()
	proposed := none
	require.NoError(t, proposed.Propose(MustParseDate("2024-01-20"), ""))
	active := proposed
	require.NoError(t, active.Activate(p, MustParseDate("2024-01-31"), ""))
	renewed := active
	require.NoError(t, renewed.Renew(p, Renewal{Date: MustParseDate("2024-12-10"), Reason: "job_search"}))
	ended := active
	require.NoError(t, ended.End(Exit{Date: MustParseDate("2024-06-30"), Pathway: ExitPrivateLease}))
	cancelled := proposed
	require.NoError(t, cancelled.Cancel(MustParseDate("2024-01-25"), ""))
	return map[string]Tenancy{"none": none, "proposed": proposed, "active": active, "renewed": renewed, "ended": ended, "cancelled": cancelled}
}

func TestIllegalTransitionsAreRefusedAndChangeNothing(t *testing.T) {
	crema, ferrara := mustPolicy(t, cremaID), mustPolicy(t, ferraraID)
	d := MustParseDate
	type op func(*Tenancy) error
	propose := func(on string) op { return func(t *Tenancy) error { return t.Propose(d(on), "") } }
	activate := func(p *DurationPolicy, on string) op {
		return func(t *Tenancy) error { return t.Activate(p, d(on), "") }
	}
	renew := func(on, reason string) op {
		return func(t *Tenancy) error { return t.Renew(crema, Renewal{Date: d(on), Reason: reason}) }
	}
	end := func(on string, pw ExitPathway) op {
		return func(t *Tenancy) error { return t.End(Exit{Date: d(on), Pathway: pw}) }
	}
	review := func(on string) op { return func(t *Tenancy) error { return t.RecordReview(d(on), "") } }
	cancel := func(on string) op { return func(t *Tenancy) error { return t.Cancel(d(on), "") } }

	cases := []struct {
		state    string
		name     string
		op       op
		sentinel *Error
		code     Code
		says     string
	}{
		{"none", "propose before the referral", propose("2024-01-09"), ErrBeforeReferral, CodeConflict, "the proposal on 9 January 2024 is before the referral on 10 January 2024"},
		{"none", "activate without a proposal", activate(crema, "2024-01-31"), ErrNotProposed, CodeConflict, "has not been proposed"},
		{"none", "renew without a start", renew("2024-12-10", "job_search"), ErrNotStarted, CodeConflict, "has not started"},
		{"none", "end without a start", end("2024-12-10", ExitFamily), ErrNotStarted, CodeConflict, "has not started: it cannot be ended"},
		{"none", "cancel without a proposal", cancel("2024-01-25"), ErrNotProposed, CodeConflict, "cannot be cancelled"},
		{"proposed", "propose twice", propose("2024-01-21"), ErrAlreadyProposed, CodeConflict, "already proposed"},
		{"proposed", "activate before the referral", activate(crema, "2024-01-05"), ErrBeforeReferral, CodeConflict, "the start on 5 January 2024 is before the referral on 10 January 2024"},
		{"proposed", "activate before the proposal", activate(crema, "2024-01-15"), ErrDateOrder, CodeConflict, "the start on 15 January 2024 is before the last recorded step (proposed, 20 January 2024)"},
		{"proposed", "activate under another policy", activate(ferrara, "2024-01-31"), ErrPolicyMismatch, CodeInvalid, "not ferrara-sud-est.housing-temporaneo"},
		{"proposed", "activate without a policy", activate(nil, "2024-01-31"), ErrPolicyMismatch, CodeInvalid, "follows the policy crema.ospitalita-temporanea"},
		{"proposed", "renew a proposal", renew("2024-12-10", "job_search"), ErrNotStarted, CodeConflict, "cannot be renewed"},
		{"proposed", "end a proposal", end("2024-12-10", ExitFamily), ErrNotStarted, CodeConflict, "cannot be ended"},
		{"proposed", "review a proposal", review("2024-02-10"), ErrNotStarted, CodeConflict, "cannot be reviewed"},
		{"active", "activate twice", activate(crema, "2024-02-01"), ErrAlreadyStarted, CodeConflict, "already started on 31 January 2024"},
		{"active", "cancel a running stay", cancel("2024-02-01"), ErrCannotCancel, CodeConflict, "ended with an exit"},
		{"active", "end before the start", end("2024-01-30", ExitFamily), ErrEndBeforeStart, CodeConflict, "the exit on 30 January 2024 is before the start on 31 January 2024"},
		{"active", "end with an unknown pathway", end("2024-06-30", "lottery"), nil, CodeInvalid, `exit.pathway: unknown value "lottery"`},
		{"active", "end without a date", func(t *Tenancy) error { return t.End(Exit{Pathway: ExitFamily}) }, nil, CodeInvalid, "exit.date: is required"},
		{"active", "review before the start", review("2024-01-01"), ErrDateOrder, CodeConflict, "the review on 1 January 2024"},
		{"active", "renew without a reason", renew("2024-12-10", ""), ErrRenewalReasonRequired, CodeForbidden, "requires a proven reason"},
		{"active", "renew with an unknown reason", renew("2024-12-10", "holiday"), ErrRenewalReasonUnknown, CodeForbidden, `"holiday"`},
		{"active", "renew after the end", renew("2025-02-01", "health"), ErrRenewalAfterEnd, CodeConflict, "after the planned end on 31 January 2025"},
		{"active", "renew under another policy", func(t *Tenancy) error { return t.Renew(ferrara, Renewal{Date: d("2024-12-10")}) }, ErrPolicyMismatch, CodeInvalid, "not ferrara"},
		{"renewed", "a second renewal", renew("2025-12-01", "health"), ErrRenewalLimit, CodeForbidden, "no renewal left"},
		{"renewed", "end before the renewal", end("2024-12-09", ExitFamily), ErrDateOrder, CodeConflict, "before the last recorded step (renewed, 10 December 2024)"},
		{"ended", "end twice", end("2024-07-30", ExitFamily), ErrTenancyEnded, CodeConflict, "the stay ended on 30 June 2024 (private-market lease): it cannot be ended a second time"},
		{"ended", "renew an ended stay", renew("2024-07-01", "health"), ErrTenancyEnded, CodeConflict, "it cannot be renewed"},
		{"ended", "review an ended stay", review("2024-07-01"), ErrTenancyEnded, CodeConflict, "it cannot be reviewed"},
		{"ended", "restart an ended stay", activate(crema, "2024-07-01"), ErrTenancyEnded, CodeConflict, "it cannot be started"},
		{"ended", "cancel an ended stay", cancel("2024-07-01"), ErrTenancyEnded, CodeConflict, "it cannot be cancelled"},
		{"cancelled", "activate a cancelled proposal", activate(crema, "2024-01-31"), ErrTenancyCancelled, CodeConflict, "the proposal was cancelled: it cannot be started"},
		{"cancelled", "end a cancelled proposal", end("2024-01-31", ExitFamily), ErrTenancyCancelled, CodeConflict, "cannot be ended"},
		{"cancelled", "cancel twice", cancel("2024-01-31"), ErrTenancyCancelled, CodeConflict, "cannot be cancelled"},
	}
	all := states(t)
	for _, c := range cases {
		tn := all[c.state]
		before, err := json.Marshal(tn)
		require.NoError(t, err)
		snapshot := deepCopy(t, tn)
		err = c.op(&tn)
		require.Error(t, err, "%s: %s", c.state, c.name)
		assert.Equal(t, c.code, ErrorCode(err), "%s: %s: %v", c.state, c.name, err)
		if c.sentinel != nil {
			assert.ErrorIs(t, err, c.sentinel, "%s: %s", c.state, c.name)
		}
		assert.Contains(t, err.Error(), c.says, "%s: %s", c.state, c.name)
		after, _ := json.Marshal(tn)
		assert.JSONEq(t, string(before), string(after), "%s: %s changed the tenancy", c.state, c.name)
		assert.True(t, reflect.DeepEqual(snapshot, tn), "%s: %s changed the tenancy", c.state, c.name)
	}
}

func deepCopy(t *testing.T, tn Tenancy) Tenancy {
	t.Helper()
	data, err := json.Marshal(tn)
	require.NoError(t, err)
	var c Tenancy
	require.NoError(t, json.Unmarshal(data, &c))
	return c
}

func TestTransitionsDoNotShareSlices(t *testing.T) {
	p := mustPolicy(t, cremaID)
	active := states(t)["active"]
	a, b := active, active
	require.NoError(t, a.Renew(p, Renewal{Date: MustParseDate("2024-12-10"), Reason: "health"}))
	require.NoError(t, b.End(Exit{Date: MustParseDate("2024-12-10"), Pathway: ExitFamily}))
	assert.Equal(t, TenancyRenewed, a.History[len(a.History)-1].To)
	assert.Equal(t, TenancyEnded, b.History[len(b.History)-1].To)
	assert.Len(t, active.History, 2, "the original keeps its history")
}

func TestActivateIn(t *testing.T) {
	p := mustPolicy(t, cremaID)
	unit := Unit{ID: "cri-via-roma-3", Kind: UnitApartment, Beds: 4, AreaSqm: decimal.NewFromInt(60),
		Contract: ContractConcession, AvailableFrom: MustParseDate("2024-02-01"), AvailableUntil: MustParseDate("2026-12-31")}
	proposed := states(t)["proposed"]

	tn := proposed
	err := tn.ActivateIn(p, unit, MustParseDate("2024-01-31"), "")
	assert.ErrorIs(t, err, ErrUnitUnavailable)
	assert.Contains(t, err.Error(), "unit cri-via-roma-3 is available from 1 February 2024 (until: 31 December 2026): a stay from 31 January 2024 (end: 31 January 2025) does not fit")
	assert.Equal(t, proposed, tn)

	short := unit
	short.AvailableUntil = MustParseDate("2024-12-31")
	err = tn.ActivateIn(p, short, MustParseDate("2024-02-01"), "")
	assert.ErrorIs(t, err, ErrUnitUnavailable, "the unit is let only until before the planned end")

	other := unit
	other.ID = "elsewhere"
	err = tn.ActivateIn(p, other, MustParseDate("2024-02-01"), "")
	assert.Equal(t, CodeInvalid, ErrorCode(err))

	require.NoError(t, tn.ActivateIn(p, unit, MustParseDate("2024-02-01"), ""))
	assert.Equal(t, "2025-02-01", tn.PlannedEnd.String())

	// An open-ended stay fits any unit available on the start date.
	cat := Tenancy{ID: "c", HouseholdID: "h", UnitID: unit.ID, PolicyID: cataniaID}
	require.NoError(t, cat.Propose(MustParseDate("2024-01-20"), ""))
	require.NoError(t, cat.ActivateIn(mustPolicy(t, cataniaID), unit, MustParseDate("2024-03-01"), ""))
	assert.True(t, cat.PlannedEnd.IsZero())
}

func TestProposeNeedsTheIdentifiers(t *testing.T) {
	var tn Tenancy
	err := tn.Propose(Date{}, "")
	assert.Equal(t, []string{
		"id: is required", "household_id: is required", "unit_id: is required", "policy_id: is required",
		"date: the proposal needs a date",
	}, problemsOf(t, err))
	assert.Equal(t, Tenancy{}, tn)
}

func TestReviewsAreKeptInOrder(t *testing.T) {
	tn := states(t)["active"]
	for _, d := range []string{"2024-09-01", "2024-03-01", "2024-06-01", "2024-06-01"} {
		require.NoError(t, tn.RecordReview(MustParseDate(d), d))
	}
	got := make([]string, len(tn.Reviews))
	for i, r := range tn.Reviews {
		got[i] = r.Date.String()
	}
	assert.Equal(t, []string{"2024-03-01", "2024-06-01", "2024-06-01", "2024-09-01"}, got)
	require.NoError(t, tn.Validate())
}

func TestTenancyValidateReportsEveryProblem(t *testing.T) {
	tn := Tenancy{
		ReferralDate: MustParseDate("2024-02-01"),
		Status:       TenancyEnded,
		Start:        MustParseDate("2024-01-31"),
		PlannedEnd:   MustParseDate("2024-01-01"),
		Renewals: []Renewal{
			{Date: MustParseDate("2024-01-01"), Months: 0, Reason: "Not A Code"},
			{Date: MustParseDate("2025-06-01"), Months: 12},
		},
		Reviews: []Review{{Date: MustParseDate("2024-01-02")}, {}},
		Exit:    &Exit{Date: MustParseDate("2024-12-31"), Pathway: "moved"},
		History: []Transition{
			{Date: MustParseDate("2024-01-20"), To: TenancyActive},
			{Date: MustParseDate("2024-01-10"), From: TenancyProposed, To: TenancyEnded},
		},
	}
	assert.Equal(t, []string{
		"id: is required",
		"household_id: is required",
		"unit_id: is required",
		"policy_id: is required",
		"start: 2024-01-31 is before the referral date 2024-02-01",
		"planned_end: 2024-01-01 is not after the start 2024-01-31",
		"renewals[0].date: 2024-01-01 is before the start 2024-01-31",
		"renewals[0].months: 0: a renewal adds at least 1 month",
		`renewals[0].reason: "Not A Code" is not a reason code`,
		"renewals[1].date: 2025-06-01 is after the exit 2024-12-31",
		"reviews[0].date: 2024-01-02 is before the start 2024-01-31",
		"reviews[1].date: is required",
		`exit.pathway: unknown value "moved"; want one of public_housing, private_lease, other_programme, family, drop_out, removal, death, other`,
		`history[0].to: "active" cannot follow ""`,
		`history[0].date: the start step is dated 2024-01-20 but start is 2024-01-31`,
		`history[1].from: "proposed" does not follow the previous status "active"`,
		`history[1].to: "ended" cannot follow "proposed"`,
		"history[1].date: 2024-01-10 is before the previous step 2024-01-20",
		"history[1].date: the exit step is dated 2024-01-10 but exit.date is 2024-12-31",
		"history: 0 renewal steps for 2 renewals",
	}, problemsOf(t, tn.Validate()))

	assert.Equal(t, []string{
		"status: is required; want one of proposed, active, renewed, ended, cancelled",
	}, problemsOf(t, Tenancy{ID: "t", HouseholdID: "h", UnitID: "u", PolicyID: "p"}.Validate()))
}

func TestValidateWithPolicy(t *testing.T) {
	crema, ferrara := mustPolicy(t, cremaID), mustPolicy(t, ferraraID)
	tn := states(t)["renewed"]
	require.NoError(t, tn.ValidateWith(crema))

	tn.PlannedEnd = MustParseDate("2026-02-01")
	tn.Renewals[0].Reason = "holiday"
	tn.Renewals[0].Months = 18
	assert.Equal(t, []string{
		"planned_end: 2026-02-01 is not the policy's planned end 2026-07-31",
		"renewals[0].months: 18 months; a renewal lasts at most 12",
		`renewals[0].reason: unknown reason "holiday"; want one of job_search, public_housing_pending, private_lease_pending, savings_plan, health, care_plan_goals`,
	}, problemsOf(t, tn.ValidateWith(crema)))

	assert.Equal(t, []string{
		`policy_id: "crema.ospitalita-temporanea" is not the policy given, "ferrara-sud-est.housing-temporaneo"`,
	}, problemsOf(t, tn.ValidateWith(ferrara)))

	two := states(t)["renewed"]
	two.Renewals = append(two.Renewals, Renewal{Date: MustParseDate("2025-12-01"), Months: 12})
	two.History = append(two.History, Transition{Date: MustParseDate("2025-12-01"), From: TenancyRenewed, To: TenancyRenewed})
	two.PlannedEnd = crema.PlannedEnd(two)
	require.NoError(t, two.Validate(), "valid on its own")
	assert.Equal(t, []string{
		"renewals: 2 renewals recorded; the policy crema.ospitalita-temporanea allows at most 1",
		"renewals[1].reason: is required by the policy crema.ospitalita-temporanea; want one of job_search, public_housing_pending, private_lease_pending, savings_plan, health, care_plan_goals",
	}, problemsOf(t, two.ValidateWith(crema)))
}

func TestTenancyJSONRoundTrip(t *testing.T) {
	for name, tn := range states(t) {
		data, err := json.Marshal(tn)
		require.NoError(t, err)
		var back Tenancy
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, tn, back, name)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.JSONEq(t, string(data), string(again), name)
	}
	data, err := json.Marshal(states(t)["ended"])
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"id": "crema-2024-007", "household_id": "hh-42", "unit_id": "cri-via-roma-3", "programme_id": "crema",
		"referral_id": "ref-9", "referral_date": "2024-01-10", "policy_id": "crema.ospitalita-temporanea",
		"status": "ended", "start": "2024-01-31", "planned_end": "2025-01-31",
		"exit": {"date": "2024-06-30", "pathway": "private_lease"},
		"history": [
			{"date": "2024-01-20", "to": "proposed"},
			{"date": "2024-01-31", "from": "proposed", "to": "active"},
			{"date": "2024-06-30", "from": "active", "to": "ended"}
		]
	}`, string(data))
	data, err = json.Marshal(states(t)["proposed"])
	require.NoError(t, err)
	assert.NotContains(t, string(data), "start", "zero dates are left out")
}

// A refusal carries its message in both languages.
func TestRenewalRefusalInBothLanguages(t *testing.T) {
	p := mustPolicy(t, cremaID)
	tn := states(t)["renewed"]
	err := tn.Renew(p, Renewal{Date: MustParseDate("2025-12-01"), Reason: "health"})
	var e *Error
	require.ErrorAs(t, err, &e)
	require.NotNil(t, e.Texts)
	assert.Equal(t, e.Message, e.MessageIn(English))
	assert.NotEqual(t, e.MessageIn(English), e.MessageIn(Italian))
	assert.Contains(t, e.MessageIn(Italian), "rinnov")
}
