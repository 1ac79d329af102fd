package text

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Arguments that each language writes its own way.
type (
	// Money is an amount of euros written to the cent, rounded half away
	// from zero: "1.234,56 €" in Italian, "€1,234.56" in English.
	Money decimal.Decimal
	// ExactMoney is an amount of euros written with every digit it has and
	// at least two decimals: "21.649,992 €", "€16,000.00".
	ExactMoney decimal.Decimal
	// Number is a decimal written with every digit it has and the
	// language's separators: "1.234,5" in Italian, "1,234.5" in English. A
	// decimal.Decimal argument is written the same way.
	Number decimal.Decimal
	// Percent is a ratio written as a percentage to at most two decimals:
	// 0.3 is "30%", 0.14375 is "14,38%" in Italian and "14.38%" in English.
	Percent decimal.Decimal
	// Key is the key of another message of the same catalogue, rendered in
	// the same language (a label such as "rent and charges").
	Key string
)

// Message is another message of the same catalogue with its own arguments,
// rendered in the same language: a sentence with two counts takes one of
// them as a Message to have both plurals right.
type Message struct {
	Key  string
	Args []any
}

// Msg returns the message key with args, as an argument of another message.
func Msg(key string, args ...any) Message { return Message{Key: key, Args: args} }

// A date is any value with the calendar fields of a day; it is written in
// prose ("3 marzo 2025", "3 March 2025"), and the zero date (when it has
// an IsZero method that says so) as "".
type date interface {
	YMD() (int, time.Month, int)
}

type zeroer interface{ IsZero() bool }

// bilingual is a text in both languages, such as housing.Text.
type bilingual interface {
	In(language.Tag) string
}

// labeled is an enumeration with a label in each language.
type labeled interface {
	Label(language.Tag) string
}

// arg renders one argument of a message in lang (language.Italian or
// language.English); integers and strings are left to the printer.
func (c *Catalog) arg(lang language.Tag, a any) any {
	switch v := a.(type) {
	case string, int, int64, int32, uint, uint64, uint32, uint8, uint16, int8, int16, bool:
		return a
	case Money:
		return FormatMoney(lang, decimal.Decimal(v))
	case ExactMoney:
		return FormatExactMoney(lang, decimal.Decimal(v))
	case Number:
		return FormatNumber(lang, decimal.Decimal(v))
	case decimal.Decimal:
		return FormatNumber(lang, v)
	case Percent:
		return FormatNumber(lang, decimal.Decimal(v).Shift(2).Round(2)) + "%"
	case Key:
		if c == nil {
			return string(v)
		}
		return c.Format(lang, string(v))
	case Message:
		if c == nil {
			return v.Key
		}
		return c.Format(lang, v.Key, v.Args...)
	case bilingual:
		return v.In(lang)
	case labeled:
		return v.Label(lang)
	case date:
		if z, ok := a.(zeroer); ok && z.IsZero() {
			return ""
		}
		y, m, d := v.YMD()
		return FormatDate(lang, y, m, d)
	}
	return a
}

var monthsIT = [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

// FormatDate writes a day the way lang writes a date in prose: "29 febbraio
// 2024" in Italian, "29 February 2024" in English.
func FormatDate(lang language.Tag, year int, month time.Month, day int) string {
	if IsItalian(lang) && month >= time.January && month <= time.December {
		return fmt.Sprintf("%d %s %d", day, monthsIT[month-1], year)
	}
	return fmt.Sprintf("%d %s %d", day, month, year)
}

// FormatMoney writes an amount of euros the way lang writes it, rounded to
// the cent half away from zero: "1.234,56 €" in Italian, "€1,234.56" in
// English; a negative amount starts with a minus sign ("-1.234,56 €",
// "-€1,234.56").
func FormatMoney(lang language.Tag, amount decimal.Decimal) string {
	return money(lang, amount.Round(2).StringFixed(2))
}

// FormatExactMoney writes an amount of euros as FormatMoney does but with
// every digit it has, and at least two decimals: "21.649,992 €".
func FormatExactMoney(lang language.Tag, amount decimal.Decimal) string {
	return money(lang, amount.StringFixed(max(2, -amount.Exponent())))
}

func money(lang language.Tag, s string) string {
	neg := strings.HasPrefix(s, "-")
	num := separators(lang, strings.TrimPrefix(s, "-"))
	sign := ""
	if neg {
		sign = "-"
	}
	if IsItalian(lang) {
		return sign + num + " €"
	}
	return sign + "€" + num
}

// FormatNumber writes n with every digit it has and lang's thousands
// separator and decimal mark: "-1.234,5" in Italian, "-1,234.5" in English.
func FormatNumber(lang language.Tag, n decimal.Decimal) string {
	s := n.String()
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return "-" + separators(lang, rest)
	}
	return separators(lang, s)
}

// separators rewrites an unsigned decimal written as Go writes it
// ("1234.5") with lang's thousands separator and decimal mark.
func separators(lang language.Tag, s string) string {
	group, point := ",", "."
	if IsItalian(lang) {
		group, point = ".", ","
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.Grow(len(s) + len(s)/3)
	for i := range len(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteByte(intPart[i])
	}
	if hasFrac {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// pluralForm returns the CLDR plural category in lang of a count: an
// integer, a Number or a decimal, taken as it is written (so 1.0, written
// "1", is "one"). Any other argument is in the category "other".
func pluralForm(lang language.Tag, count any) plural.Form {
	var s string
	switch v := count.(type) {
	case int:
		s = fmt.Sprint(v)
	case int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		s = fmt.Sprint(v)
	case Number:
		s = decimal.Decimal(v).String()
	case decimal.Decimal:
		s = v.String()
	default:
		return plural.Other
	}
	s = strings.TrimPrefix(s, "-") // CLDR operands are of the absolute value
	intPart, frac, _ := strings.Cut(s, ".")
	digits := make([]byte, 0, len(intPart)+len(frac))
	for _, r := range intPart + frac {
		digits = append(digits, byte(r-'0'))
	}
	if IsItalian(lang) {
		lang = language.Italian
	} else {
		lang = language.English
	}
	return plural.Cardinal.MatchDigits(lang, digits, len(intPart), len(frac))
}

// MarshalJSON writes the amount as a decimal string, as amounts travel
// everywhere in the SDK ("1234.5"): an argument kept as data (such as a
// matching violation's) stays readable.
func (m Money) MarshalJSON() ([]byte, error) { return decimal.Decimal(m).MarshalJSON() }

// String writes the amount as a decimal ("1234.5").
func (m Money) String() string { return decimal.Decimal(m).String() }

// MarshalJSON writes the amount as a decimal string.
func (m ExactMoney) MarshalJSON() ([]byte, error) { return decimal.Decimal(m).MarshalJSON() }

// String writes the amount as a decimal ("1234.5").
func (m ExactMoney) String() string { return decimal.Decimal(m).String() }

// MarshalJSON writes the number as a decimal string.
func (n Number) MarshalJSON() ([]byte, error) { return decimal.Decimal(n).MarshalJSON() }

// String writes the number as a decimal ("1234.5").
func (n Number) String() string { return decimal.Decimal(n).String() }

// MarshalJSON writes the ratio as a decimal string ("0.3").
func (p Percent) MarshalJSON() ([]byte, error) { return decimal.Decimal(p).MarshalJSON() }

// String writes the ratio as a decimal ("0.3").
func (p Percent) String() string { return decimal.Decimal(p).String() }
