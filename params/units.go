package params

import (
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// unitTexts is the catalogue of the units' names and of the way a number
// is written with its unit, in Italian and English.
var unitTexts = housing.MustCatalog(unitsIT, unitsEN)

// Keys: "name.<unit>" is the unit's name (Label); "one.<unit>" and
// "other.<unit>" write a number with its unit, for exactly 1 and for any
// other number (Format).
var unitsIT = map[string]string{
	"name.EUR":       "euro",
	"name.EUR/year":  "euro l'anno",
	"name.EUR/month": "euro al mese",
	"name.EUR/m2":    "euro al metro quadro",
	"name.percent":   "per cento",
	"name.ratio":     "rapporto",
	"name.years":     "anni",
	"name.months":    "mesi",
	"name.days":      "giorni",
	"name.persons":   "persone",
	"name.count":     "numero",
	"name.points":    "punti",
	"name.bool":      "sì o no",
	"name.text":      "testo",
	"name.list":      "elenco",

	"other.EUR":       "%s",
	"other.EUR/year":  "%s l'anno",
	"other.EUR/month": "%s al mese",
	"other.EUR/m2":    "%s al m²",
	"other.percent":   "%s%%",
	"one.years":       "%s anno",
	"other.years":     "%s anni",
	"one.months":      "%s mese",
	"other.months":    "%s mesi",
	"one.days":        "%s giorno",
	"other.days":      "%s giorni",
	"one.persons":     "%s persona",
	"other.persons":   "%s persone",
	"one.points":      "%s punto",
	"other.points":    "%s punti",
}

var unitsEN = map[string]string{
	"name.EUR":       "euros",
	"name.EUR/year":  "euros a year",
	"name.EUR/month": "euros a month",
	"name.EUR/m2":    "euros per square metre",
	"name.percent":   "per cent",
	"name.ratio":     "ratio",
	"name.years":     "years",
	"name.months":    "months",
	"name.days":      "days",
	"name.persons":   "persons",
	"name.count":     "count",
	"name.points":    "points",
	"name.bool":      "yes or no",
	"name.text":      "text",
	"name.list":      "list",

	"other.EUR":       "%s",
	"other.EUR/year":  "%s a year",
	"other.EUR/month": "%s a month",
	"other.EUR/m2":    "%s per m²",
	"other.percent":   "%s%%",
	"one.years":       "%s year",
	"other.years":     "%s years",
	"one.months":      "%s month",
	"other.months":    "%s months",
	"one.days":        "%s day",
	"other.days":      "%s days",
	"one.persons":     "%s person",
	"other.persons":   "%s persons",
	"one.points":      "%s point",
	"other.points":    "%s points",
}

// Label returns the unit's name in lang, as a form or a table heading
// names it: "euro l'anno" / "euros a year", "persone" / "persons". A unit
// that is not one of Units is returned as it is.
func (u Unit) Label(lang language.Tag) string {
	key := "name." + string(u)
	if !unitTexts.Has(key) {
		return string(u)
	}
	return unitTexts.Sprintf(lang, key)
}

// Format writes the number n with the unit u the way lang writes it:
// amounts of money with the euro sign where lang puts it and at least two
// decimals, thousands grouped and the decimal separator of lang ("16.000,00
// € l'anno", "€16,000.00 a year"), quantities with their noun in the
// singular for exactly 1 and in the plural otherwise ("1 persona", "4
// persone"; "1 point", "2 points"), percentages with a % sign; a ratio, a
// count and the non-numeric units give the number alone ("0,3"). Every
// digit of n is kept: nothing is rounded.
func (u Unit) Format(lang language.Tag, n decimal.Decimal) string {
	var num string
	switch u {
	case UnitEUR, UnitEURYear, UnitEURMonth, UnitEURSqm:
		num = formatMoney(lang, n)
	default:
		num = formatNumber(lang, n.String())
	}
	form := "other."
	if n.Equal(decimal.NewFromInt(1)) {
		form = "one."
	}
	if unitTexts.Has(form + string(u)) {
		return unitTexts.Sprintf(lang, form+string(u), num)
	}
	if unitTexts.Has("other." + string(u)) {
		return unitTexts.Sprintf(lang, "other."+string(u), num)
	}
	return num
}

func italian(lang language.Tag) bool {
	base, _ := lang.Base()
	return base.String() == "it"
}

// formatMoney writes an amount with at least two decimals (more when it
// has them) and the euro sign: "1.234,50 €" in Italian, "€1,234.50" in
// English.
func formatMoney(lang language.Tag, n decimal.Decimal) string {
	places := max(int32(2), -n.Exponent())
	s := n.StringFixed(places)
	neg := strings.HasPrefix(s, "-")
	s = formatNumber(lang, strings.TrimPrefix(s, "-"))
	sign := ""
	if neg {
		sign = "-"
	}
	if italian(lang) {
		return sign + s + " €"
	}
	return sign + "€" + s
}

// formatNumber rewrites a decimal written as Go writes it ("-1234.5") with
// lang's thousands separator and decimal mark ("-1.234,5" in Italian,
// "-1,234.5" in English).
func formatNumber(lang language.Tag, s string) string {
	group, point := ",", "."
	if italian(lang) {
		group, point = ".", ","
	}
	var b strings.Builder
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		b.WriteByte('-')
		s = rest
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
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
