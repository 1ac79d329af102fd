package housing

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/housingkit/housingkit/internal/text"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	ferraraID = "ferrara-sud-est.housing-temporaneo"
	cremaID   = "crema.ospitalita-temporanea"
	cataniaID = "catania.alloggi-di-transizione"
)

func mustPolicy(t *testing.T, id string) *DurationPolicy {
	t.Helper()
	p, err := PolicyByID(id)
	require.NoError(t, err)
	return p
}

// running returns an active tenancy that started on start, with the given
// renewals and reviews, as the state machine would have built it.
func running(t *testing.T, p *DurationPolicy, start string, renewals []Renewal, reviews ...string) Tenancy {
	t.Helper()
	tn := Tenancy{ID: "t1", HouseholdID: "h1", UnitID: "u1", PolicyID: p.ID}
	require.NoError(t, tn.Propose(MustParseDate(start), ""))
	require.NoError(t, tn.Activate(p, MustParseDate(start), ""))
	for _, r := range renewals {
		require.NoError(t, tn.Renew(p, r))
	}
	for _, r := range reviews {
		require.NoError(t, tn.RecordReview(MustParseDate(r), ""))
	}
	return tn
}

func dates(ds []Date) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

func TestShippedPoliciesCarryTheSeedFigures(t *testing.T) {
	ps := ShippedPolicies()
	require.Len(t, ps, 3)
	assert.Equal(t, []string{cataniaID, cremaID, ferraraID}, []string{ps[0].ID, ps[1].ID, ps[2].ID})
	for _, p := range ps {
		require.NoError(t, p.Validate(), p.ID)
		assert.NotEmpty(t, p.Reference.Seed, p.ID)
		assert.NotEmpty(t, p.Reference.Quote, p.ID)
	}

	ferrara := mustPolicy(t, ferraraID)
	assert.Equal(t, PolicyFixed, ferrara.Kind)
	assert.Equal(t, 24, ferrara.TermMonths)
	assert.Equal(t, 24, ferrara.MaxMonths())
	assert.Nil(t, ferrara.Renewals)
	assert.Equal(t, 6, ferrara.ReviewEveryMonths)
	assert.Equal(t, 90, ferrara.WarningDays)
	a, ok := ferrara.Assumption("review_every_months")
	require.True(t, ok)
	assert.Equal(t, MarkProgrammeChoice, a.Mark)

	crema := mustPolicy(t, cremaID)
	assert.Equal(t, PolicyRenewable, crema.Kind)
	assert.Equal(t, 12, crema.TermMonths)
	require.NotNil(t, crema.Renewals)
	assert.Equal(t, 1, crema.Renewals.Max)
	assert.Equal(t, 12, crema.Renewals.Months)
	assert.True(t, crema.Renewals.ReasonRequired)
	assert.Equal(t, 24, crema.MaxMonths())
	r, ok := crema.Reason("job_search")
	require.True(t, ok)
	assert.Equal(t, "ricerca attiva di lavoro in corso", r.Label.IT)
	_, ok = crema.Reason("lottery_win")
	assert.False(t, ok)
	a, ok = crema.Assumption("renewals.reasons")
	require.True(t, ok, "the reasons list is marked as a placeholder")
	assert.Equal(t, MarkPlaceholder, a.Mark)
	assert.Contains(t, a.Note.IT, "comprovate motivazioni")

	catania := mustPolicy(t, cataniaID)
	assert.Equal(t, PolicyOpenEnded, catania.Kind)
	assert.Zero(t, catania.TermMonths)
	assert.Zero(t, catania.MaxMonths())
	assert.Zero(t, catania.WarningDays)
	assert.Equal(t, 6, catania.ReviewEveryMonths)
	assert.Equal(t, []ExitPathway{ExitPublicHousing, ExitPrivateLease}, catania.ExitEvents)
	a, ok = catania.Assumption("review_every_months")
	require.True(t, ok)
	assert.Equal(t, MarkPlaceholder, a.Mark)
}

func TestShippedPoliciesAreCopies(t *testing.T) {
	p := mustPolicy(t, cremaID)
	p.Renewals.Max = 5
	p.Renewals.Reasons[0].Code = "changed"
	again := mustPolicy(t, cremaID)
	assert.Equal(t, 1, again.Renewals.Max)
	assert.Equal(t, "job_search", again.Renewals.Reasons[0].Code)

	_, err := PolicyByID("milano.nothing")
	require.Error(t, err)
	assert.Equal(t, CodeNotFound, ErrorCode(err))
	assert.Contains(t, err.Error(), cremaID, "the error lists the shipped ids")
}

func TestPlannedEndAndWarningAtMonthEnds(t *testing.T) {
	ferrara, crema, catania := mustPolicy(t, ferraraID), mustPolicy(t, cremaID), mustPolicy(t, cataniaID)
	job := []Renewal{{Date: MustParseDate("2024-12-01"), Reason: "job_search"}}
	cases := []struct {
		policy   *DurationPolicy
		start    string
		renewals []Renewal
		end      string
		warning  string
	}{
		// Ferrara: 24 months, warning 90 days before.
		{ferrara, "2024-01-15", nil, "2026-01-15", "2025-10-17"},
		{ferrara, "2024-01-31", nil, "2026-01-31", "2025-11-02"},
		{ferrara, "2024-02-29", nil, "2026-02-28", "2025-11-30"}, // leap day, clamped
		{ferrara, "2024-04-30", nil, "2026-04-30", "2026-01-30"},
		{ferrara, "2024-12-31", nil, "2026-12-31", "2026-10-02"},
		{ferrara, "2022-02-28", nil, "2024-02-28", "2023-11-30"}, // 28 Feb stays 28 Feb in a leap year
		// Crema: 12 months, warning 60 days before; a renewal adds 12.
		{crema, "2024-01-31", nil, "2025-01-31", "2024-12-02"},
		{crema, "2024-01-31", job, "2026-01-31", "2025-12-02"},
		{crema, "2024-02-29", nil, "2025-02-28", "2024-12-30"}, // the doc's example
		{crema, "2024-02-29", []Renewal{{Date: MustParseDate("2025-01-10"), Reason: "health"}}, "2026-02-28", "2025-12-30"},
		{crema, "2024-04-30", nil, "2025-04-30", "2025-03-01"},
		{crema, "2024-12-31", nil, "2025-12-31", "2025-11-01"},
		{crema, "2024-12-31", []Renewal{{Date: MustParseDate("2025-12-01"), Reason: "health"}}, "2026-12-31", "2026-11-01"},
		// Catania: open-ended, no end and no warning.
		{catania, "2024-01-31", nil, "", ""},
		{catania, "2024-02-29", nil, "", ""},
	}
	for _, c := range cases {
		tn := running(t, c.policy, c.start, c.renewals)
		assert.Equal(t, c.end, c.policy.PlannedEnd(tn).String(), "%s from %s", c.policy.ID, c.start)
		assert.Equal(t, c.end, tn.PlannedEnd.String(), "the tenancy keeps the planned end: %s from %s", c.policy.ID, c.start)
		assert.Equal(t, c.warning, c.policy.WarningDate(tn).String(), "%s from %s", c.policy.ID, c.start)
	}
	assert.True(t, ferrara.PlannedEnd(Tenancy{}).IsZero(), "no start, no end")
}

func TestRenewalsAreAddedToTheStartNotChained(t *testing.T) {
	// A monthly policy shows the rule: 31 Jan + 1 month = 29 Feb, and the
	// renewal gives 31 Jan + 2 months = 31 Mar, not 29 Feb + 1 = 29 Mar.
	p := &DurationPolicy{
		ID: "test.monthly", Title: Text{IT: "mensile", EN: "monthly"}, Kind: PolicyRenewable,
		TermMonths: 1, Renewals: &RenewalRule{Max: 3, Months: 1},
		Reference: PolicyReference{Source: "test"},
	}
	require.NoError(t, p.Validate())
	tn := running(t, p, "2024-01-31", nil)
	assert.Equal(t, "2024-02-29", tn.PlannedEnd.String())
	require.NoError(t, tn.Renew(p, Renewal{Date: MustParseDate("2024-02-20")}))
	assert.Equal(t, "2024-03-31", tn.PlannedEnd.String())
	require.NoError(t, tn.Renew(p, Renewal{Date: MustParseDate("2024-03-20")}))
	assert.Equal(t, "2024-04-30", tn.PlannedEnd.String())
}

func TestReviewSchedules(t *testing.T) {
	ferrara, crema, catania := mustPolicy(t, ferraraID), mustPolicy(t, cremaID), mustPolicy(t, cataniaID)
	cases := []struct {
		policy   *DurationPolicy
		start    string
		renewals []Renewal
		until    string
		want     []string
	}{
		// Reviews every 6 months strictly before the end (2026-01-31 is the end).
		{ferrara, "2024-01-31", nil, "2030-01-01", []string{"2024-07-31", "2025-01-31", "2025-07-31"}},
		// Each date is counted from the start: 31 Aug → 28 Feb → 31 Aug, no drift.
		{ferrara, "2024-08-31", nil, "2030-01-01", []string{"2025-02-28", "2025-08-31", "2026-02-28"}},
		{ferrara, "2024-02-29", nil, "2030-01-01", []string{"2024-08-29", "2025-02-28", "2025-08-29"}},
		// Crema: one review in the 12-month term; after the renewal the old
		// end date becomes a review date too.
		{crema, "2024-12-31", nil, "2030-01-01", []string{"2025-06-30"}},
		{crema, "2024-12-31", []Renewal{{Date: MustParseDate("2025-11-01"), Reason: "health"}}, "2030-01-01", []string{"2025-06-30", "2025-12-31", "2026-06-30"}},
		// Catania: no end, reviews go on; until bounds the list.
		{catania, "2024-02-29", nil, "2026-03-01", []string{"2024-08-29", "2025-02-28", "2025-08-29", "2026-02-28"}},
		{catania, "2024-04-30", nil, "2025-04-30", []string{"2024-10-30", "2025-04-30"}},
	}
	for _, c := range cases {
		tn := running(t, c.policy, c.start, c.renewals)
		assert.Equal(t, c.want, dates(c.policy.ReviewDates(tn, MustParseDate(c.until))), "%s from %s", c.policy.ID, c.start)
	}
}

func TestNextReviewCountsHeldReviews(t *testing.T) {
	p := mustPolicy(t, cataniaID)
	tn := running(t, p, "2024-01-31", nil)
	assert.Equal(t, "2024-07-31", p.NextReview(tn, MustParseDate("2024-01-31")).String())
	assert.Equal(t, "2024-07-31", p.NextReview(tn, MustParseDate("2024-07-31")).String())
	// Not held: still owed, so the next review is the overdue one.
	assert.Equal(t, "2024-07-31", p.NextReview(tn, MustParseDate("2024-08-01")).String())

	late := running(t, p, "2024-01-31", nil, "2024-08-05")
	assert.Equal(t, "2024-07-31", p.NextReview(late, MustParseDate("2024-08-04")).String(), "the review of 5 Aug is not yet held on 4 Aug")
	assert.Equal(t, "2025-01-31", p.NextReview(late, MustParseDate("2024-08-05")).String(), "a late review settles the date; the calendar stays on the start")

	early := running(t, p, "2024-01-31", nil, "2024-07-20")
	assert.Equal(t, "2025-01-31", p.NextReview(early, MustParseDate("2024-07-21")).String())

	ended := late
	require.NoError(t, ended.End(Exit{Date: MustParseDate("2024-09-01"), Pathway: ExitPublicHousing}))
	assert.True(t, p.NextReview(ended, MustParseDate("2024-09-01")).IsZero())

	ferrara := mustPolicy(t, ferraraID)
	last := running(t, ferrara, "2024-01-31", nil, "2024-07-31", "2025-01-31", "2025-07-31")
	assert.True(t, ferrara.NextReview(last, MustParseDate("2025-08-01")).IsZero(), "no review before the end is left")
}

func dueCodes(ds []Due) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d.Code) + "@" + d.Date.String()
	}
	return out
}

func TestDueOnBoundaryDates(t *testing.T) {
	ferrara, crema, catania := mustPolicy(t, ferraraID), mustPolicy(t, cremaID), mustPolicy(t, cataniaID)
	// Ferrara from 2024-01-31: reviews 2024-07-31, 2025-01-31, 2025-07-31;
	// warning 2025-11-02; end 2026-01-31.
	none := running(t, ferrara, "2024-01-31", nil)
	held := running(t, ferrara, "2024-01-31", nil, "2024-07-31", "2025-01-31", "2025-07-31")
	// Crema from 2024-02-29: review 2024-08-29; warning 2024-12-30; end 2025-02-28.
	cremaHeld := running(t, crema, "2024-02-29", nil, "2024-08-29")
	cremaRenewed := running(t, crema, "2024-02-29", []Renewal{{Date: MustParseDate("2024-12-30"), Reason: "public_housing_pending"}}, "2024-08-29", "2025-02-28", "2025-08-29")
	// Catania from 2024-04-30: reviews 2024-10-30, 2025-04-30, …
	cat := running(t, catania, "2024-04-30", nil)
	cases := []struct {
		name   string
		policy *DurationPolicy
		tn     Tenancy
		asOf   string
		want   []string
	}{
		{"before the start", ferrara, none, "2024-01-30", []string{}},
		{"on the start", ferrara, none, "2024-01-31", []string{}},
		{"day before first review", ferrara, none, "2024-07-30", []string{}},
		{"day of first review", ferrara, none, "2024-07-31", []string{"review_due@2024-07-31"}},
		{"day after first review", ferrara, none, "2024-08-01", []string{"review_overdue@2024-07-31"}},
		{"two reviews missed", ferrara, none, "2025-02-01", []string{"review_overdue@2024-07-31"}},
		{"review held on the day", ferrara, held, "2024-07-31", []string{}},
		{"day before warning", ferrara, held, "2025-11-01", []string{}},
		{"day of warning", ferrara, held, "2025-11-02", []string{"warning@2025-11-02"}},
		{"day after warning", ferrara, held, "2025-11-03", []string{"warning@2025-11-02"}},
		{"day before end", ferrara, held, "2026-01-30", []string{"warning@2025-11-02"}},
		{"day of end", ferrara, held, "2026-01-31", []string{"expiry@2026-01-31"}},
		{"day after end", ferrara, held, "2026-02-01", []string{"expired@2026-01-31"}},
		{"missed review and warning", ferrara, running(t, ferrara, "2024-01-31", nil, "2024-07-31", "2025-01-31"), "2025-11-02",
			[]string{"review_overdue@2025-07-31", "warning@2025-11-02"}},
		{"crema leap-day review", crema, running(t, crema, "2024-02-29", nil), "2024-08-29", []string{"review_due@2024-08-29"}},
		{"crema day before warning", crema, cremaHeld, "2024-12-29", []string{}},
		{"crema day of warning", crema, cremaHeld, "2024-12-30", []string{"warning@2024-12-30"}},
		{"crema end clamped to 28 Feb", crema, cremaHeld, "2025-02-28", []string{"expiry@2025-02-28"}},
		{"crema after end", crema, cremaHeld, "2025-03-01", []string{"expired@2025-02-28"}},
		{"crema renewed: no longer expiring", crema, cremaRenewed, "2025-02-28", []string{}},
		{"crema renewed: new warning", crema, cremaRenewed, "2025-12-30", []string{"warning@2025-12-30"}},
		{"crema renewed: new end", crema, cremaRenewed, "2026-02-28", []string{"expiry@2026-02-28"}},
		{"catania day before review", catania, cat, "2024-10-29", []string{}},
		{"catania day of review", catania, cat, "2024-10-30", []string{"review_due@2024-10-30"}},
		{"catania day after review", catania, cat, "2024-10-31", []string{"review_overdue@2024-10-30"}},
		{"catania never expires", catania, running(t, catania, "2024-04-30", nil, "2024-10-30", "2025-04-30", "2025-10-30"), "2025-12-31", []string{}},
	}
	for _, c := range cases {
		got := dueCodes(c.policy.Due(c.tn, MustParseDate(c.asOf)))
		assert.Equal(t, c.want, got, "%s (%s as of %s)", c.name, c.policy.ID, c.asOf)
	}
}

func TestDueTexts(t *testing.T) {
	ferrara, crema := mustPolicy(t, ferraraID), mustPolicy(t, cremaID)
	none := running(t, ferrara, "2024-01-31", nil)
	ds := ferrara.Due(none, MustParseDate("2025-02-01"))
	require.Len(t, ds, 1)
	assert.Equal(t, "2 reviews have not been held, the first due on 31 July 2024 (185 days overdue).", ds[0].Text.EN)
	assert.Equal(t, "2 verifiche non risultano svolte, la prima prevista il 31 luglio 2024 (in ritardo di 185 giorni).", ds[0].Text.IT)

	ds = ferrara.Due(none, MustParseDate("2024-07-31"))
	require.Len(t, ds, 1)
	assert.Equal(t, "A review of the stay is due today, 31 July 2024.", ds[0].Text.EN)
	assert.Equal(t, "Verifica della permanenza prevista oggi, 31 luglio 2024.", ds[0].Text.IT)

	held := running(t, crema, "2024-02-29", nil, "2024-08-29")
	ds = crema.Due(held, MustParseDate("2024-12-30"))
	require.Len(t, ds, 1)
	assert.Equal(t, "The stay ends on 28 February 2025, in 60 days: plan the exit or consider a renewal.", ds[0].Text.EN)
	assert.Equal(t, "La permanenza termina il 28 febbraio 2025, tra 60 giorni: programmare l'uscita o valutare il rinnovo.", ds[0].Text.IT)

	renewed := running(t, crema, "2024-02-29", []Renewal{{Date: MustParseDate("2024-12-30"), Reason: "health"}}, "2024-08-29", "2025-02-28", "2025-08-29")
	ds = crema.Due(renewed, MustParseDate("2026-01-01"))
	require.Len(t, ds, 1)
	assert.Equal(t, "The stay ends on 28 February 2026, in 58 days: plan the exit.", ds[0].Text.EN, "no renewal is left")

	ds = crema.Due(renewed, MustParseDate("2026-03-02"))
	require.Len(t, ds, 1)
	assert.Equal(t, "La permanenza è scaduta il 28 febbraio 2026, 2 giorni fa, e l'uscita non è registrata.", ds[0].Text.IT)
	assert.Equal(t, "stay expired", ds[0].Code.Label(English))
}

func TestDueIsEmptyUnlessRunning(t *testing.T) {
	p := mustPolicy(t, ferraraID)
	tn := Tenancy{ID: "t", HouseholdID: "h", UnitID: "u", PolicyID: p.ID}
	require.NoError(t, tn.Propose(MustParseDate("2024-01-01"), ""))
	assert.Empty(t, p.Due(tn, MustParseDate("2030-01-01")), "proposed")
	tn = running(t, p, "2024-01-31", nil)
	require.NoError(t, tn.End(Exit{Date: MustParseDate("2025-03-01"), Pathway: ExitPublicHousing}))
	assert.Empty(t, p.Due(tn, MustParseDate("2030-01-01")), "ended")
	assert.Empty(t, tn.Due(p, MustParseDate("2030-01-01")))
}

func TestCanRenew(t *testing.T) {
	ferrara, crema, catania := mustPolicy(t, ferraraID), mustPolicy(t, cremaID), mustPolicy(t, cataniaID)
	cremaStay := running(t, crema, "2024-01-31", nil)
	renewedOnce := running(t, crema, "2024-01-31", []Renewal{{Date: MustParseDate("2024-12-15"), Reason: "job_search"}})
	proposed := Tenancy{ID: "t", HouseholdID: "h", UnitID: "u", PolicyID: crema.ID}
	require.NoError(t, proposed.Propose(MustParseDate("2024-01-02"), ""))
	ended := running(t, crema, "2024-01-31", nil)
	require.NoError(t, ended.End(Exit{Date: MustParseDate("2024-10-01"), Pathway: ExitFamily}))

	on := func(s, reason string) Renewal { return Renewal{Date: MustParseDate(s), Reason: reason} }
	cases := []struct {
		name     string
		policy   *DurationPolicy
		tn       Tenancy
		r        Renewal
		sentinel *Error
		code     Code
		says     string
	}{
		{"allowed", crema, cremaStay, on("2024-12-15", "job_search"), nil, "", ""},
		{"allowed on the end date", crema, cremaStay, on("2025-01-31", "health"), nil, "", ""},
		{"allowed, shorter", crema, cremaStay, Renewal{Date: MustParseDate("2024-12-15"), Months: 6, Reason: "health"}, nil, "", ""},
		{"no reason", crema, cremaStay, on("2024-12-15", ""), ErrRenewalReasonRequired, CodeForbidden, "requires a proven reason"},
		{"unknown reason", crema, cremaStay, on("2024-12-15", "bored"), ErrRenewalReasonUnknown, CodeForbidden, `the reason "bored" is not one`},
		{"second renewal", crema, renewedOnce, on("2025-12-01", "job_search"), ErrRenewalLimit, CodeForbidden, "allows 1 in all and 1 is already recorded"},
		{"too long", crema, cremaStay, Renewal{Date: MustParseDate("2024-12-15"), Months: 13, Reason: "health"}, ErrRenewalTooLong, CodeForbidden, "13 months"},
		{"after the end", crema, cremaStay, on("2025-02-01", "health"), ErrRenewalAfterEnd, CodeConflict, "already expired"},
		{"before the start", crema, cremaStay, on("2024-01-30", "health"), ErrDateOrder, CodeConflict, "before the last recorded step"},
		{"fixed policy", ferrara, running(t, ferrara, "2024-01-31", nil), on("2025-12-01", ""), ErrNotRenewable, CodeForbidden, "allows no renewal"},
		{"open-ended policy", catania, running(t, catania, "2024-01-31", nil), on("2025-12-01", ""), ErrNotRenewable, CodeForbidden, "until an exit event"},
		{"not started", crema, proposed, on("2024-12-15", "health"), ErrNotStarted, CodeConflict, "has not started"},
		{"ended", crema, ended, on("2024-12-15", "health"), ErrTenancyEnded, CodeConflict, "cannot be renewed"},
		{"no date", crema, cremaStay, Renewal{Reason: "health"}, nil, CodeInvalid, "needs a date"},
		{"negative months", crema, cremaStay, Renewal{Date: MustParseDate("2024-12-15"), Months: -1, Reason: "health"}, nil, CodeInvalid, "negative"},
	}
	for _, c := range cases {
		err := c.policy.CanRenew(c.tn, c.r)
		if c.code == "" {
			assert.NoError(t, err, c.name)
			continue
		}
		require.Error(t, err, c.name)
		assert.Equal(t, c.code, ErrorCode(err), c.name)
		if c.sentinel != nil {
			assert.ErrorIs(t, err, c.sentinel, c.name)
		}
		assert.Contains(t, ErrorMessage(err), c.says, c.name)
		for _, other := range []*Error{ErrRenewalLimit, ErrRenewalReasonRequired, ErrRenewalReasonUnknown} {
			if other != c.sentinel {
				assert.NotErrorIs(t, err, other, c.name)
			}
		}
	}
}

func TestRenewalTerms(t *testing.T) {
	crema := mustPolicy(t, cremaID)
	tn := running(t, crema, "2024-02-29", nil)
	terms, err := crema.RenewalTerms(tn, MustParseDate("2024-12-30"))
	require.NoError(t, err)
	assert.Equal(t, 1, terms.Left)
	assert.Equal(t, 12, terms.Months)
	assert.True(t, terms.ReasonRequired)
	assert.Len(t, terms.Reasons, 6)
	assert.Equal(t, "2025-02-28", terms.Deadline.String())
	assert.Equal(t, "2026-02-28", terms.NewEnd.String())

	require.NoError(t, tn.Renew(crema, Renewal{Date: MustParseDate("2024-12-30"), Reason: "health"}))
	_, err = crema.RenewalTerms(tn, MustParseDate("2025-06-01"))
	assert.ErrorIs(t, err, ErrRenewalLimit)
}

func TestExplain(t *testing.T) {
	crema := mustPolicy(t, cremaID)
	it := crema.Explain(Italian)
	assert.Contains(t, it, "permanenza di 12 mesi dalla data di ingresso, rinnovabile una sola volta per 12 mesi, fino a 24 mesi in tutto.")
	assert.Contains(t, it, "Ogni rinnovo richiede una motivazione comprovata e registrata, tra: ricerca attiva di lavoro in corso;")
	assert.Contains(t, it, "Da confermare da parte dell'ufficio:")
	en := crema.Explain(English)
	assert.Contains(t, en, "a stay of 12 months from the start date, renewable once for 12 months, up to 24 months in all.")
	assert.Contains(t, en, "12 months from 29 February 2024 end on 28 February 2025")

	ferrara := mustPolicy(t, ferraraID)
	assert.Contains(t, ferrara.Explain(English), "a stay of at most 24 months from the start date; it cannot be renewed.")
	assert.Contains(t, ferrara.Explain(Italian), "Preavviso 90 giorni prima della scadenza")
	assert.Contains(t, ferrara.Explain(Italian), "Scelta del progetto:")

	catania := mustPolicy(t, cataniaID)
	assert.Contains(t, catania.Explain(English), "lasting until an exit event: public housing (ERP) assignment; private-market lease.")
	assert.Contains(t, catania.Explain(Italian), "Verifica obbligatoria della permanenza ogni 6 mesi.")
	assert.NotContains(t, catania.Explain(English), "warning")

	broken := &DurationPolicy{ID: "b", Kind: PolicyRenewable, TermMonths: 6}
	assert.Contains(t, broken.Explain(English), "a stay of at most 6 months", "an invalid policy is still explained, without panicking")

	monthly := &DurationPolicy{ID: "m", Title: Text{IT: "M", EN: "M"}, Kind: PolicyRenewable, TermMonths: 1,
		Renewals: &RenewalRule{Max: 2, Months: 1, Reasons: []RenewalReason{{Code: "x", Label: Text{IT: "ics", EN: "ex"}}}}}
	assert.Contains(t, monthly.Explain(English), "a stay of 1 month from the start date, renewable at most 2 times for 1 month, up to 3 months in all. A renewal may record a reason from this list: ex.")
	assert.Contains(t, monthly.Explain(Italian), "permanenza di 1 mese dalla data di ingresso, rinnovabile al massimo 2 volte per 1 mese, fino a 3 mesi in tutto.")
}

// problemsOf returns "path: message" of every problem of a CodeInvalid
// error, failing the test otherwise.
func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	require.Error(t, err)
	var e *Error
	require.True(t, errors.As(err, &e), "%v", err)
	require.Equal(t, CodeInvalid, e.Code)
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.String()
	}
	return out
}

func TestParsePolicyReportsEveryProblemWithPosition(t *testing.T) {
	src := `id: Crema 2
title:
  it: Ospitalità
kind: renewable
term_months: twelve
renewals:
  max: 0
  months: 12
  reason_required: yes
  reasons:
    - code: job_search
      label: {it: lavoro, en: job}
    - code: job_search
      label: {it: lavoro}
    - colour: red
review_every_months: 30
warning_days: -1
exit_events: [public_housing, penthouse, public_housing]
reference:
  source: Comune di Crema
  sede: x
assumptions:
  - field: term
    mark: guess
    note: {it: a, en: b}
id: again
format: housingkit.policy/v1
`
	_, err := ParsePolicy("crema.yaml", []byte(src))
	assert.Equal(t, []string{
		`crema.yaml:1:5: id: "Crema 2": want lower-case letters and digits separated by single '.', '-' or '_', such as "crema.ospitalita-temporanea"`,
		`crema.yaml:3:3: title.en: is required`,
		`crema.yaml:5:14: term_months: want a whole number, got "twelve"`,
		`crema.yaml:7:8: renewals.max: 0: want 1 to 99 renewals`,
		`crema.yaml:9:20: renewals.reason_required: want true or false, got "yes"`,
		`crema.yaml:13:13: renewals.reasons[1].code: "job_search" is already the code of reasons[0]`,
		`crema.yaml:14:14: renewals.reasons[1].label.en: is required`,
		`crema.yaml:15:7: renewals.reasons[2].colour: unknown key "colour"; want one of code, label`,
		`crema.yaml:15:7: renewals.reasons[2].code: is required`,
		`crema.yaml:15:7: renewals.reasons[2].label.it: is required`,
		`crema.yaml:15:7: renewals.reasons[2].label.en: is required`,
		`crema.yaml:17:15: warning_days: -1: want 1 to 3650 days, or leave it out for no warning`,
		`crema.yaml:18:31: exit_events[1]: unknown value "penthouse"; want one of public_housing, private_lease, other_programme, family, drop_out, removal, death, other`,
		`crema.yaml:18:42: exit_events[2]: "public_housing" is listed twice`,
		`crema.yaml:21:3: reference.sede: unknown key "sede"; want one of source, seed, quote, url`,
		`crema.yaml:23:12: assumptions[0].field: "term": want one of term_months, renewals, renewals.max, renewals.months, renewals.reason_required, renewals.reasons, review_every_months, warning_days, exit_events`,
		`crema.yaml:24:11: assumptions[0].mark: unknown value "guess"; want one of programme_choice, placeholder`,
		`crema.yaml:26:1: id: duplicate key "id" (first at line 1)`,
	}, problemsOf(t, err))
}

func TestParsePolicyImpossibleValues(t *testing.T) {
	base := "id: x\ntitle: {it: x, en: x}\nreference: {source: s}\n"
	cases := []struct {
		name, src string
		want      []string
	}{
		{"open-ended with a term and a warning", base + "kind: open_ended\nterm_months: 12\nwarning_days: 30\n", []string{
			"p.yaml:1:1: review_every_months: is required for an open-ended policy: a stay without an end must be reviewed",
			"p.yaml:1:1: exit_events: an open-ended policy must name the exit events that end the stay",
			"p.yaml:5:14: term_months: an open-ended policy has no term; remove it (got 12)",
			"p.yaml:6:15: warning_days: an open-ended policy has no planned end to warn before; remove it (got 30)",
		}},
		{"fixed without a term, with renewals", base + "kind: fixed\nrenewals: {max: 1, months: 6}\n", []string{
			"p.yaml:1:1: term_months: is required for a fixed policy",
			"p.yaml:5:11: renewals: only a renewable policy has renewals; this one is fixed",
		}},
		{"renewable without renewals", base + "kind: renewable\nterm_months: 12\n", []string{
			"p.yaml:1:1: renewals: is required for a renewable policy",
		}},
		{"reason required, none listed", base + "kind: renewable\nterm_months: 12\nrenewals: {max: 1, months: 12, reason_required: true}\n", []string{
			"p.yaml:6:11: renewals.reasons: a renewal needs a reason, so the policy must list the allowed reasons",
		}},
		{"warning longer than the term", base + "kind: fixed\nterm_months: 3\nwarning_days: 84\n", []string{
			"p.yaml:6:15: warning_days: 84 days is not shorter than the 3-month term: the warning would fall on or before the start",
		}},
		{"review never before the end", base + "kind: fixed\nterm_months: 12\nreview_every_months: 12\n", []string{
			"p.yaml:6:22: review_every_months: 12: a review every 12 months never falls before the end of a stay of at most 12 months",
		}},
		{"term of 100 years", base + "kind: fixed\nterm_months: 1200\n", []string{
			"p.yaml:5:14: term_months: 1200: want 1 to 600 months",
		}},
		{"missing everything", "kind: fixed\n", []string{
			"p.yaml:1:1: format: is required: a duration-policy file starts with format: housingkit.policy/v1",
			"p.yaml:1:1: id: is required",
			"p.yaml:1:1: title.it: is required",
			"p.yaml:1:1: title.en: is required",
			"p.yaml:1:1: term_months: is required for a fixed policy",
			"p.yaml:1:1: reference.source: is required: name the programme text the policy encodes",
		}},
		{"not a mapping", "- a\n- b\n", []string{
			"p.yaml:1:1: want a mapping of keys to values, got a list",
		}},
		{"alias", base + "kind: &k fixed\nterm_months: 12\nwarning_days: *k\n", []string{
			"p.yaml:6:15: aliases (*name) are not allowed: write the value out",
		}},
		{"syntax", "id: [x\n", []string{
			"p.yaml:1:1: syntax: did not find expected ',' or ']'",
		}},
		{"empty", "", []string{"p.yaml:1:1: the document is empty"}},
	}
	for _, c := range cases {
		src := c.src
		if strings.HasPrefix(src, base) {
			src += "format: " + FormatPolicy + "\n"
		}
		_, err := ParsePolicy("p.yaml", []byte(src))
		assert.Equal(t, c.want, problemsOf(t, err), c.name)
	}
}

func TestParsePolicyJSON(t *testing.T) {
	// Every shipped YAML policy written as JSON reads back the same.
	for _, p := range ShippedPolicies() {
		data, err := json.MarshalIndent(p, "", "  ")
		require.NoError(t, err)
		back, err := ParsePolicy(p.ID+".json", data)
		require.NoError(t, err, p.ID)
		assert.Equal(t, p, back, p.ID)
	}

	src := `{
  "id": "x",
  "title": {"it": "x", "en": "x"},
  "kind": "fixed",
  "term_months": "24",
  "term_months": 24,
  "warning_days": 30.5,
  "extra": true,
  "reference": {"source": "s"},
  "format": "housingkit.policy/v1"
}`
	_, err := ParsePolicy("p.json", []byte(src))
	assert.Equal(t, []string{
		`p.json:5:18: term_months: want a whole number, got the text "24" (write it without quotes)`,
		`p.json:6:3: term_months: duplicate key "term_months" (first at line 5)`,
		`p.json:7:19: warning_days: want a whole number, got "30.5"`,
		`p.json:8:3: extra: unknown key "extra"; want one of format, id, title, kind, term_months, renewals, review_every_months, warning_days, exit_events, reference, assumptions`,
	}, problemsOf(t, err))

	_, err = ParsePolicy("p.json", []byte("{\n  \"id\": \"x\",\n}"))
	assert.Equal(t, []string{`p.json:3:1: syntax: unexpected "}": a comma before the closing '}' (trailing commas are not allowed in JSON)`}, problemsOf(t, err))

	_, err = ParsePolicy("p.json", []byte("id: x\nkind: fixed\n"))
	assert.Equal(t, []string{`p.json:1:1: syntax: unexpected "i": want a value (a string in double quotes, a number, true, false, null, an object or a list)`}, problemsOf(t, err), "a .json file must be JSON")
}

func TestLoadPolicies(t *testing.T) {
	crema, err := os.ReadFile(filepath.Join("policies", cremaID+".yaml"))
	require.NoError(t, err)
	fsys := fstest.MapFS{
		"p/a.yaml":       {Data: crema},
		"p/b/copy.yml":   {Data: crema},
		"p/bad.json":     {Data: []byte(`{"id": 1}`)},
		"p/readme.txt":   {Data: []byte("not a policy")},
		"other/c.yaml":   {Data: []byte("ignored: true")},
		"p/fine.json":    {Data: []byte(`{"format": "housingkit.policy/v1", "id": "x", "title": {"it": "x", "en": "x"}, "kind": "fixed", "term_months": 6, "reference": {"source": "s"}}`)},
		"p/subdir/x.txt": {Data: []byte("x")},
	}
	_, err = LoadPolicies(fsys, "p")
	problems := problemsOf(t, err)
	assert.Contains(t, problems, `p/b/copy.yml: policy id "crema.ospitalita-temporanea" is already defined in p/a.yaml`)
	assert.Contains(t, problems, `p/bad.json:1:1: kind: is required; want one of fixed, renewable, open_ended`)
	for _, p := range problems {
		assert.True(t, strings.HasPrefix(p, "p/"), p)
	}

	delete(fsys, "p/b/copy.yml")
	delete(fsys, "p/bad.json")
	ps, err := LoadPolicies(fsys, "p")
	require.NoError(t, err)
	require.Len(t, ps, 2)
	assert.Equal(t, cremaID, ps[0].ID)
	assert.Equal(t, "x", ps[1].ID)

	_, err = LoadPolicies(fsys, "missing")
	assert.Equal(t, CodeNotFound, ErrorCode(err))
}

func TestLoadPolicyFileFixtures(t *testing.T) {
	p, err := LoadPolicyFile(filepath.Join("testdata", "policies", "valid-monthly.json"))
	require.NoError(t, err)
	assert.Equal(t, "test.monthly-json", p.ID)
	assert.Equal(t, 3, p.MaxMonths())

	_, err = LoadPolicyFile(filepath.Join("testdata", "policies", "invalid-many.yaml"))
	problems := problemsOf(t, err)
	assert.GreaterOrEqual(t, len(problems), 5, "every problem at once: %v", problems)
	for _, p := range problems {
		assert.Regexp(t, `^testdata/policies/invalid-many\.yaml:\d+:\d+: `, p)
	}

	_, err = LoadPolicyFile(filepath.Join("testdata", "policies", "no-such-file.yaml"))
	assert.Equal(t, CodeNotFound, ErrorCode(err))
}

func TestPolicyMessagesHaveBothLanguages(t *testing.T) {
	// Every key in Italian and English with the same verbs (text.New
	// checks it).
	_, err := text.New(tenancyTexts)
	require.NoError(t, err)
	require.NoError(t, mustEnumLabels("policy_kind", PolicyKinds))
	require.NoError(t, mustEnumLabels("exit", ExitPathways))
	require.NoError(t, mustEnumLabels("tenancy_status", TenancyStatuses))
	require.NoError(t, mustEnumLabels("due_code", DueCodes))
	require.NoError(t, mustEnumLabels("assumption_mark", AssumptionMarks))
	for _, e := range []*Error{ErrAlreadyProposed, ErrNotProposed, ErrAlreadyStarted, ErrNotStarted, ErrTenancyEnded,
		ErrTenancyCancelled, ErrCannotCancel, ErrBeforeReferral, ErrEndBeforeStart, ErrDateOrder, ErrUnitUnavailable,
		ErrRenewalAfterEnd, ErrPolicyMismatch, ErrNotRenewable, ErrRenewalLimit, ErrRenewalReasonRequired,
		ErrRenewalReasonUnknown, ErrRenewalTooLong} {
		assert.True(t, messages.Has(e.Key), e.Key)
	}
	assert.Equal(t, "assegnazione di un alloggio ERP", ExitPublicHousing.Label(Italian))
	assert.Equal(t, "until an exit event", PolicyOpenEnded.Label(English))
	assert.Equal(t, "segnaposto da confermare", MarkPlaceholder.Label(Italian))
}

func TestFormatDate(t *testing.T) {
	assert.Equal(t, "29 febbraio 2024", FormatDate(Italian, MustParseDate("2024-02-29")))
	assert.Equal(t, "29 February 2024", FormatDate(English, MustParseDate("2024-02-29")))
	assert.Equal(t, "", FormatDate(English, Date{}))
}

func FuzzParsePolicy(f *testing.F) {
	for _, p := range ShippedPolicies() {
		data, err := os.ReadFile(filepath.Join("policies", p.ID+".yaml"))
		require.NoError(f, err)
		f.Add("p.yaml", data)
		js, err := json.Marshal(p)
		require.NoError(f, err)
		f.Add("p.json", js)
	}
	fixtures, err := filepath.Glob(filepath.Join("testdata", "policies", "*"))
	require.NoError(f, err)
	for _, name := range fixtures {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(filepath.Base(name), data)
	}
	f.Add("p.yaml", []byte("id: &a x\ntitle: *a\n"))
	f.Add("p.yaml", []byte("kind: fixed\nterm_months: 99999999999999999999\n"))
	f.Add("p.json", []byte(`{"renewals": {"reasons": [{"code": null}]}}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" || strings.ContainsAny(name, ":\n") {
			name = "f.yaml"
		}
		p, err := ParsePolicy(name, data)
		if err == nil {
			require.NotNil(t, p)
			require.NoError(t, p.Validate(), "a parsed policy is valid")
			return
		}
		var e *Error
		require.True(t, errors.As(err, &e), "%T %v", err, err)
		require.Equal(t, CodeInvalid, e.Code)
		require.NotEmpty(t, e.Problems)
		for _, q := range e.Problems {
			require.NotEmpty(t, strings.TrimSpace(q.Message), "problem without message: %+v", q)
			require.True(t, q.File == name && q.Line > 0 && q.Col > 0, "problem without position: %+v", q)
		}
	})
}

// Counts in refusals take the singular for 1 and the plural otherwise, in
// both languages.
func TestRefusalPlurals(t *testing.T) {
	crema := mustPolicy(t, cremaID)
	texts := func(err error) Text {
		var e *Error
		require.ErrorAs(t, err, &e)
		require.NotNil(t, e.Texts)
		return *e.Texts
	}
	renewedOnce := running(t, crema, "2024-01-31", []Renewal{{Date: MustParseDate("2024-12-15"), Reason: "job_search"}})
	got := texts(crema.CanRenew(renewedOnce, Renewal{Date: MustParseDate("2025-12-01"), Reason: "job_search"}))
	assert.Equal(t, "nessun rinnovo disponibile: la politica «Ospitalità temporanea (Comune di Crema)» ne consente 1 in tutto e 1 risulta già registrato", got.IT)
	assert.Equal(t, "no renewal left: the policy “Temporary hospitality (Municipality of Crema)” allows 1 in all and 1 is already recorded", got.EN)

	stay := running(t, crema, "2024-01-31", nil)
	got = texts(crema.CanRenew(stay, Renewal{Date: MustParseDate("2024-12-15"), Months: 13, Reason: "health"}))
	assert.Equal(t, "un rinnovo di 13 mesi supera il massimo consentito dalla politica «Ospitalità temporanea (Comune di Crema)», 12 mesi", got.IT)
	assert.Equal(t, "a renewal of 13 months is longer than the policy “Temporary hospitality (Municipality of Crema)” allows, 12 months", got.EN)

	err := crema.CanRenew(stay, Renewal{Date: MustParseDate("2024-12-15"), Months: -1, Reason: "health"})
	assert.Equal(t, "-1 month: a renewal cannot have negative months", ErrorMessage(err))

	for n, want := range map[int]Text{1: {IT: "1 mese", EN: "1 month"}, 2: {IT: "2 mesi", EN: "2 months"}, 0: {IT: "0 mesi", EN: "0 months"}} {
		assert.Equal(t, want, Text{IT: policyMonths(Italian, n), EN: policyMonths(English, n)})
	}
	for n, want := range map[int]Text{1: {IT: "1 giorno", EN: "1 day"}, 30: {IT: "30 giorni", EN: "30 days"}, 1000: {IT: "1.000 giorni", EN: "1,000 days"}} {
		assert.Equal(t, want, Text{IT: policyDays(Italian, n), EN: policyDays(English, n)})
	}
}
