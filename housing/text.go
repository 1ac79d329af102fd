package housing

import (
	"github.com/housingkit/housingkit/internal/text"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// The two languages of every text of the SDK.
var (
	Italian = language.Italian
	English = language.English
)

// Languages lists the supported languages, Italian first (the language of
// the administrative acts).
var Languages = []language.Tag{Italian, English}

// ParseLang returns the supported language that best matches s (a tag such
// as "it", "en-GB" or an Accept-Language header), or an error naming the
// supported ones when s is not a language tag at all.
func ParseLang(s string) (language.Tag, error) { return text.ParseLang(s) }

// Text is a text in Italian and English, as data: a vendor renders the one
// its user reads, an auditor reads both.
type Text struct {
	IT string `json:"it" yaml:"it"`
	EN string `json:"en" yaml:"en"`
}

// In returns the text in lang (English for any language but Italian).
func (t Text) In(lang language.Tag) string {
	if text.IsItalian(lang) {
		return t.IT
	}
	return t.EN
}

// FormatMoney writes an amount of euros the way lang writes it, rounded to
// the cent half away from zero: "1.234,56 €" in Italian, "€1,234.56" in
// English; a negative amount starts with a minus sign ("-1.234,56 €",
// "-€1,234.56").
func FormatMoney(lang language.Tag, amount decimal.Decimal) string {
	return text.FormatMoney(lang, amount)
}

// FormatDate writes d the way lang writes a date in prose: "29 febbraio
// 2024" in Italian, "29 February 2024" in English; "" for the zero Date.
func FormatDate(lang language.Tag, d Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.YMD()
	return text.FormatDate(lang, y, m, day)
}
