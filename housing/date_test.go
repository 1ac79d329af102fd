package housing

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDateRoundTripsEveryDayAgainstTime(t *testing.T) {
	// Every day from 1899 to 2101 converts to y-m-d and back exactly as the
	// standard library counts it.
	start := time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC)
	first := MustDate(1899, 1, 1)
	for i := 0; i < 202*366; i++ {
		want := start.AddDate(0, 0, i)
		d := must(first.AddDays(i))
		y, m, day := d.YMD()
		require.Equal(t, want.Year(), y)
		require.Equal(t, want.Month(), m)
		require.Equal(t, want.Day(), day)
		require.Equal(t, d, DateOf(want))
		require.Equal(t, want.Format("2006-01-02"), d.String())
	}
}

func TestAddMonthsClampsToMonthEnd(t *testing.T) {
	cases := []struct {
		start  string
		months int
		want   string
	}{
		{"2024-01-31", 1, "2024-02-29"}, // leap year
		{"2025-01-31", 1, "2025-02-28"},
		{"2100-01-31", 1, "2100-02-28"}, // century, not leap
		{"2000-01-31", 1, "2000-02-29"}, // 400-year, leap
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2024-03-31", 1, "2024-04-30"},
		{"2024-08-31", 1, "2024-09-30"},
		{"2024-12-31", 2, "2025-02-28"},
		{"2024-01-15", 24, "2026-01-15"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2025-01-01", -1, "2024-12-01"},
		{"2024-05-31", 0, "2024-05-31"},
		{"2023-10-31", 12, "2024-10-31"},
	}
	for _, c := range cases {
		got := must(MustParseDate(c.start).AddMonths(c.months))
		assert.Equal(t, c.want, got.String(), "%s + %d months", c.start, c.months)
	}
}

// Arithmetic that would leave years 1..9999 is an error, so no caller gets
// a Date that cannot be written and read back; up to the edges it works.
func TestDateArithmeticOutsideTheYearsIsAnError(t *testing.T) {
	first, last := MustParseDate("0001-01-01"), MustParseDate("9999-12-31")
	for _, c := range []struct {
		d      Date
		months int
		days   int
		want   string
	}{
		{first, -1, 0, "date 0001-01-01 plus -1 months is outside years 1..9999"},
		{first, 0, -1, "date 0001-01-01 plus -1 days is outside years 1..9999"},
		{last, 1, 0, "date 9999-12-31 plus 1 months is outside years 1..9999"},
		{last, 0, 1, "date 9999-12-31 plus 1 days is outside years 1..9999"},
		{MustParseDate("2024-05-01"), 12 * 8000, 0, "outside years 1..9999"},
		{MustParseDate("2024-05-01"), -(1 << 62), 0, "outside years 1..9999"},
		{MustParseDate("2024-05-01"), 0, 1 << 40, "outside years 1..9999"},
		{MustParseDate("2024-05-01"), 0, -(1 << 62), "outside years 1..9999"},
	} {
		var err error
		if c.months != 0 {
			_, err = c.d.AddMonths(c.months)
		} else {
			_, err = c.d.AddDays(c.days)
		}
		assert.ErrorContains(t, err, c.want)
	}
	assert.Equal(t, first, must(last.AddDays(first.DaysUntil(last)*-1)))
	assert.Equal(t, last, must(first.AddDays(first.DaysUntil(last))))
	assert.Equal(t, "9999-12-31", must(must(first.AddMonths(9999*12-1)).AddDays(30)).String())
	assert.Equal(t, "0001-12-31", must(MustParseDate("9999-12-31").AddMonths(-9998*12)).String())
	for _, n := range []int{-1, -12, -13, -12 * 401, -12 * 2000} {
		d := MustParseDate("2500-03-01")
		assert.Equal(t, d, must(must(d.AddMonths(n)).AddMonths(-n)), "%d months", n)
	}
	// A Date made from a time outside the years is not written, however far
	// the time is (its day number does not wrap round into the range).
	for _, y := range []int{-1 << 40, -5000, 0, 10000, 1 << 31, 1 << 40} {
		d := DateOf(time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC))
		_, err := d.MarshalText()
		assert.ErrorContains(t, err, "outside years 1..9999", "year %d", y)
		assert.False(t, d.IsZero())
		_, err = d.AddDays(0)
		assert.Error(t, err, "no arithmetic from outside the years")
		_, err = d.AddMonths(-1)
		assert.Error(t, err)
	}
	far := DateOf(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	_, err := far.MarshalText()
	assert.ErrorContains(t, err, "outside years 1..9999")
	_, err = json.Marshal(far)
	assert.Error(t, err)
	var d Date
	assert.ErrorContains(t, d.Scan(time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC)), "outside years 1..9999")
}

func must(d Date, err error) Date {
	if err != nil {
		panic(err)
	}
	return d
}

func TestAddMonthsDoesNotChain(t *testing.T) {
	// Adding 2 months at once is not adding 1 month twice: the clamp applies
	// once, to the target month.
	d := MustParseDate("2025-01-31")
	assert.Equal(t, "2025-03-31", must(d.AddMonths(2)).String())
	assert.Equal(t, "2025-03-28", must(must(d.AddMonths(1)).AddMonths(1)).String())
}

func TestMonthsAndYearsUntil(t *testing.T) {
	assert.Equal(t, 1, MustParseDate("2024-01-31").MonthsUntil(MustParseDate("2024-02-29")))
	assert.Equal(t, 0, MustParseDate("2024-01-31").MonthsUntil(MustParseDate("2024-02-28")))
	assert.Equal(t, 24, MustParseDate("2024-03-01").MonthsUntil(MustParseDate("2026-03-01")))
	assert.Equal(t, -2, MustParseDate("2024-03-01").MonthsUntil(MustParseDate("2024-01-01")))
	born := MustParseDate("2008-02-29")
	assert.Equal(t, 17, born.YearsUntil(MustParseDate("2026-02-27")))
	assert.Equal(t, 18, born.YearsUntil(MustParseDate("2026-02-28")), "29 Feb birthdays fall on 28 Feb in common years")
	assert.Equal(t, 18, MustParseDate("2008-03-01").YearsUntil(MustParseDate("2026-03-01")))
	assert.Equal(t, 17, MustParseDate("2008-03-01").YearsUntil(MustParseDate("2026-02-28")))
}

func TestParseDateErrors(t *testing.T) {
	cases := map[string]string{
		"2025-02-29": `date "2025-02-29": day 29 out of range 1..28 for 2025-02`,
		"2024-13-01": `date "2024-13-01": month 13 out of range 1..12`,
		"2024-04-31": `date "2024-04-31": day 31 out of range 1..30 for 2024-04`,
		"2024-00-10": `date "2024-00-10": month 0 out of range 1..12`,
		"0000-01-01": `date "0000-01-01": year 0 out of range 1..9999`,
		"2024-1-1":   `date "2024-1-1": want the form YYYY-MM-DD`,
		"01/02/2024": `date "01/02/2024": want the form YYYY-MM-DD`,
		"2024-0a-01": `date "2024-0a-01": want the form YYYY-MM-DD with digits only`,
		"":           `date "": want the form YYYY-MM-DD`,
	}
	for in, want := range cases {
		_, err := ParseDate(in)
		require.Error(t, err, in)
		assert.Equal(t, want, err.Error())
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct {
		Start Date `json:"start"`
		End   Date `json:"end"`
	}
	b, err := json.Marshal(rec{Start: MustParseDate("2024-02-29")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"start":"2024-02-29","end":null}`, string(b))
	var r rec
	require.NoError(t, json.Unmarshal(b, &r))
	assert.Equal(t, "2024-02-29", r.Start.String())
	assert.True(t, r.End.IsZero())

	err = json.Unmarshal([]byte(`{"start":"2023-02-29"}`), &r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "day 29 out of range 1..28")
	err = json.Unmarshal([]byte(`{"start":20230228}`), &r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `want a string "YYYY-MM-DD"`)
}

func TestDateScanValue(t *testing.T) {
	var d Date
	require.NoError(t, d.Scan("2026-11-21"))
	v, err := d.Value()
	require.NoError(t, err)
	assert.Equal(t, "2026-11-21", v)
	require.NoError(t, d.Scan(time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC)))
	assert.Equal(t, "2026-11-21", d.String())
	require.NoError(t, d.Scan(nil))
	assert.True(t, d.IsZero())
	assert.Error(t, d.Scan(42))
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2025-02-29", "9999-12-31", "0001-01-01", "", "2024-13-01", "abcd-ef-gh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		// A parsed date prints back to the same text and survives JSON.
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		b, _ := json.Marshal(d)
		var back Date
		if err := json.Unmarshal(b, &back); err != nil || back != d {
			t.Fatalf("JSON round trip of %s: %v %v", s, back, err)
		}
		// Month arithmetic stays within the target month.
		n, err := d.AddMonths(1)
		if err != nil {
			if d.Year() == 9999 && d.Month() == 12 {
				return
			}
			t.Fatalf("AddMonths(1) of %s: %v", d, err)
		}
		if n.Day() > d.Day() && d.Day() <= 28 {
			t.Fatalf("AddMonths moved the day: %s -> %s", d, n)
		}
	})
}

// A stay whose planned end would fall after 9999 is refused, not recorded
// with an end that cannot be written.
func TestActivateRefusesAnEndAfterTheLastYear(t *testing.T) {
	p, err := PolicyByID("crema.ospitalita-temporanea")
	require.NoError(t, err)
	on := MustParseDate("9999-06-01")
	tn := Tenancy{ID: "t", HouseholdID: "h", UnitID: "u", ProgrammeID: p.ID, PolicyID: p.ID}
	require.NoError(t, tn.Propose(on, ""))
	err = tn.Activate(p, on, "")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "outside years 1..9999")
	assert.True(t, tn.Start.IsZero(), "the tenancy is unchanged")
}

func TestReferralAndBirthDatesInTime(t *testing.T) {
	r := Referral{ID: "r", HouseholdID: "h", ProgrammeID: "p", Team: Team{Name: "t", Kind: TeamSocialService}, Date: MustParseDate("1899-12-31")}
	assert.ErrorContains(t, r.Validate(), "date: 1899-12-31 is before 1900")
	r.Date = MustParseDate("1900-01-01")
	assert.NoError(t, r.Validate())

	h := Household{ID: "h", Members: []Member{
		{Role: RoleReference, Person: Person{BirthDate: MustParseDate("1980-01-01")}},
		{Role: RoleChild, Person: Person{BirthDate: MustParseDate("2025-01-02")}},
	}}
	require.NoError(t, h.Validate())
	assert.NoError(t, h.ValidateOn(MustParseDate("2025-01-02")))
	err := h.ValidateOn(MustParseDate("2025-01-01"))
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorContains(t, err, "members[1].birth_date: 2025-01-02 is after the date the household is considered on, 2025-01-01")
}

// FuzzDateUnmarshalJSON: what UnmarshalJSON accepts is null or a date
// within years 1..9999 that writes back to the same JSON; a refusal leaves
// an error that says something.
func FuzzDateUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"2024-02-29"`, `null`, `"9999-12-31"`, `"0001-01-01"`, `""`, `"`, `"2024-13-01"`, `2024`, `"2024-02-29T00:00:00Z"`, `"\u0032024-01-01"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Date
		if err := d.UnmarshalJSON(b); err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		out, err := d.MarshalJSON()
		if err != nil {
			t.Fatalf("UnmarshalJSON(%q) gave %v, which does not write: %v", b, d, err)
		}
		var back Date
		if err := back.UnmarshalJSON(out); err != nil || back != d {
			t.Fatalf("round trip of %q: %s -> %v, %v", b, out, back, err)
		}
		if !d.IsZero() && (d.Year() < 1 || d.Year() > 9999) {
			t.Fatalf("UnmarshalJSON(%q) = %v, outside years 1..9999", b, d)
		}
		// Text and JSON agree.
		var txt Date
		if s := string(out); s != "null" {
			if err := txt.UnmarshalText([]byte(s[1 : len(s)-1])); err != nil || txt != d {
				t.Fatalf("UnmarshalText disagrees on %s: %v, %v", s, txt, err)
			}
		}
	})
}

// FuzzParseLang: ParseLang gives Italian or English or an error, and reads
// its own answer back as the same language.
func FuzzParseLang(f *testing.F) {
	for _, s := range []string{"it", "en", "en-GB", "it-CH", "fr", "", "it;q=0.5, en;q=0.9", "*", "x-klingon", "en-US-u-ca-buddhist"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tag, err := ParseLang(s)
		if err != nil {
			if !strings.Contains(err.Error(), "want one of it, en") {
				t.Fatalf("ParseLang(%q): %v", s, err)
			}
			return
		}
		if tag != Italian && tag != English {
			t.Fatalf("ParseLang(%q) = %v, neither Italian nor English", s, tag)
		}
		back, err := ParseLang(tag.String())
		if err != nil || back != tag {
			t.Fatalf("ParseLang(%q) = %v, which reads back as %v, %v", s, tag, back, err)
		}
	})
}
