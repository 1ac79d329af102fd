package housing

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar date (data di calendario) with no time of day and no time
// zone, so that 1 March is 1 March wherever the code runs. The zero value is
// "no date": it reports IsZero and encodes as JSON null.
//
// Month arithmetic follows one stated rule, the one Italian contracts use:
// adding months keeps the day of the month and clamps it to the last day of the
// target month (31 January + 1 month = 28 February, or 29 in a leap year).
type Date struct {
	// d is the day number counted from 0000-03-01 (proleptic Gregorian) plus
	// one, so that the zero value means "no date".
	d int32
}

// NewDate returns the date year-month-day. It returns an error for impossible
// dates (month 13, 30 February, day 0) and for years outside 1..9999.
func NewDate(year int, month time.Month, day int) (Date, error) {
	if year < 1 || year > 9999 {
		return Date{}, fmt.Errorf("year %d out of range 1..9999", year)
	}
	if month < time.January || month > time.December {
		return Date{}, fmt.Errorf("month %d out of range 1..12", int(month))
	}
	if last := daysIn(year, month); day < 1 || day > last {
		return Date{}, fmt.Errorf("day %d out of range 1..%d for %04d-%02d", day, last, year, int(month))
	}
	return civil(year, month, day), nil
}

// MustDate is NewDate for literals known to be valid; it panics otherwise. Use
// it in tests and examples, never on input.
func MustDate(year int, month time.Month, day int) Date {
	d, err := NewDate(year, month, day)
	if err != nil {
		panic(err)
	}
	return d
}

// ParseDate parses a date written YYYY-MM-DD. The error says what is wrong:
// the layout, or which part is out of range.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("date %q: want the form YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("date %q: want the form YYYY-MM-DD with digits only", s)
	}
	date, err := NewDate(y, time.Month(m), d)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: %w", s, err)
	}
	return date, nil
}

// MustParseDate is ParseDate for literals known to be valid; it panics
// otherwise. Use it in tests and examples, never on input.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in t's own location. A time outside
// years 1..9999 gives a Date that cannot be written (MarshalText, MarshalJSON
// and Value return an error): the day just outside the range on t's side.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	switch {
	case y < 1:
		return Date{d: int32(minDay - 1)}
	case y > 9999:
		return Date{d: int32(maxDay + 1)}
	}
	return civil(y, m, d)
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func isLeap(year int) bool { return year%4 == 0 && (year%100 != 0 || year%400 == 0) }

func daysIn(year int, month time.Month) int {
	switch month {
	case time.February:
		if isLeap(year) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// civil converts a valid year-month-day (year >= 1) to a Date. The day count
// starts on 1 March of year 0 so that leap days fall at the end of a
// counting year (the method of H. Hinnant's "chrono-compatible low-level
// date algorithms").
func civil(year int, month time.Month, day int) Date {
	y, m := year, int(month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400 // floor division for years before 1 BC
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date{d: int32(era*146097+doe) + 1}
}

// ymd converts d back to year, month and day.
func (d Date) ymd() (int, time.Month, int) {
	z := int(d.d) - 1
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return y, time.Month(m), day
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d.d == 0 }

// Year returns the year of d.
func (d Date) Year() int { y, _, _ := d.ymd(); return y }

// Month returns the month of d.
func (d Date) Month() time.Month { _, m, _ := d.ymd(); return m }

// Day returns the day of the month of d.
func (d Date) Day() int { _, _, day := d.ymd(); return day }

// YMD returns the year, month and day of d.
func (d Date) YMD() (year int, month time.Month, day int) { return d.ymd() }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time {
	y, m, day := d.ymd()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns d plus n days (n may be negative). It returns an error
// when the result would fall outside years 1..9999, the dates that can be
// written and read back. The zero Date stays the zero Date.
func (d Date) AddDays(n int) (Date, error) {
	if d.IsZero() {
		return d, nil
	}
	if !d.inRange() || n < minDay-int(d.d) || n > maxDay-int(d.d) {
		return Date{}, fmt.Errorf("date %s plus %d days is outside years 1..9999", d, n)
	}
	return Date{d: d.d + int32(n)}, nil
}

// AddMonths returns d plus n months (n may be negative). The day of the month
// is kept and clamped to the last day of the target month: 2024-01-31 + 1 month
// = 2024-02-29, 2025-01-31 + 1 month = 2025-02-28, 2024-02-29 + 12 months =
// 2025-02-28. Adding months never spills into the following month, unlike
// time.Time.AddDate. It returns an error when the result would fall outside
// years 1..9999. The zero Date stays the zero Date.
func (d Date) AddMonths(n int) (Date, error) {
	if d.IsZero() {
		return d, nil
	}
	y, m, _ := d.ymd()
	if total := y*12 + int(m-1); !d.inRange() || n < 12-total || n > 9999*12+11-total {
		return Date{}, fmt.Errorf("date %s plus %d months is outside years 1..9999", d, n)
	}
	return d.addMonths(n), nil
}

// addMonths is AddMonths for a result known to be within years 1..9999.
func (d Date) addMonths(n int) Date {
	y, m, day := d.ymd()
	total := y*12 + int(m-1) + n
	ty, tm := total/12, time.Month(total%12+1)
	if last := daysIn(ty, tm); day > last {
		day = last
	}
	return civil(ty, tm, day)
}

// The day numbers of 0001-01-01 and 9999-12-31.
var (
	minDay = int(civil(1, time.January, 1).d)
	maxDay = int(civil(9999, time.December, 31).d)
)

// inRange reports whether d is the zero Date or within years 1..9999.
func (d Date) inRange() bool { return d.d == 0 || int(d.d) >= minDay && int(d.d) <= maxDay }

// DaysUntil returns the number of days from d to e (negative when e is before d).
func (d Date) DaysUntil(e Date) int { return int(e.d - d.d) }

// MonthsUntil returns the number of whole months from d to e, counted by the
// same clamping rule as AddMonths: the largest n with d.AddMonths(n) <= e. It
// is negative when e is before d.
func (d Date) MonthsUntil(e Date) int {
	if e.Before(d) {
		return -e.MonthsUntil(d)
	}
	dy, dm, _ := d.ymd()
	ey, em, _ := e.ymd()
	n := (ey-dy)*12 + int(em-dm)
	for n > 0 && d.addMonths(n).After(e) {
		n--
	}
	return n
}

// YearsUntil returns the number of whole years from d to e: an age in years
// when d is a birth date. A person born on 29 February turns one year older on
// 28 February of non-leap years (the AddMonths clamping rule).
func (d Date) YearsUntil(e Date) int {
	return d.MonthsUntil(e) / 12
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.d < e.d }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.d > e.d }

// Equal reports whether d and e are the same date.
func (d Date) Equal(e Date) bool { return d.d == e.d }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.d < e.d:
		return -1
	case d.d > e.d:
		return 1
	}
	return 0
}

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.ymd()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), day)
}

// MarshalText encodes d as YYYY-MM-DD. The zero Date encodes as empty text.
func (d Date) MarshalText() ([]byte, error) {
	if !d.inRange() {
		return nil, d.rangeError()
	}
	return []byte(d.String()), nil
}

func (d Date) rangeError() error {
	return fmt.Errorf("date %s is outside years 1..9999", d)
}

// UnmarshalText decodes YYYY-MM-DD; empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON encodes d as "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	if !d.inRange() {
		return nil, d.rangeError()
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON decodes "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = Date{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return fmt.Errorf("date: want a string \"YYYY-MM-DD\", got %s", truncate(s, 40))
	}
	return d.UnmarshalText([]byte(s[1 : len(s)-1]))
}

// Value stores d in a database as its YYYY-MM-DD text (NULL for the zero Date).
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	if !d.inRange() {
		return nil, d.rangeError()
	}
	return d.String(), nil
}

// Scan reads a date stored as text, bytes or a time.Time.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		v2 := DateOf(v)
		if !v2.inRange() {
			return v2.rangeError()
		}
		*d = v2
		return nil
	}
	return fmt.Errorf("date: cannot scan %T", src)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
