package params

import (
	"github.com/housingkit/housingkit/internal/text"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// unitTexts is the catalogue of the units' names ("name.<unit>", Label)
// and of the way a number is written with its unit ("format.<unit>",
// Format), each in Italian and English side by side; a quantity has its
// singular form for a count of 1.
var unitTexts = text.Must(text.Entries{
	"name.EUR":       {IT: "euro", EN: "euros"},
	"name.EUR/year":  {IT: "euro l'anno", EN: "euros a year"},
	"name.EUR/month": {IT: "euro al mese", EN: "euros a month"},
	"name.EUR/m2":    {IT: "euro al metro quadro", EN: "euros per square metre"},
	"name.percent":   {IT: "per cento", EN: "per cent"},
	"name.ratio":     {IT: "rapporto", EN: "ratio"},
	"name.years":     {IT: "anni", EN: "years"},
	"name.months":    {IT: "mesi", EN: "months"},
	"name.days":      {IT: "giorni", EN: "days"},
	"name.persons":   {IT: "persone", EN: "persons"},
	"name.count":     {IT: "numero", EN: "count"},
	"name.points":    {IT: "punti", EN: "points"},
	"name.bool":      {IT: "sì o no", EN: "yes or no"},
	"name.text":      {IT: "testo", EN: "text"},
	"name.list":      {IT: "elenco", EN: "list"},

	"format.EUR":       {IT: "%s", EN: "%s"},
	"format.EUR/year":  {IT: "%s l'anno", EN: "%s a year"},
	"format.EUR/month": {IT: "%s al mese", EN: "%s a month"},
	"format.EUR/m2":    {IT: "%s al m²", EN: "%s per m²"},
	"format.percent":   {IT: "%s%%", EN: "%s%%"},
	"format.years":     {IT: "%s {anno|anni}", EN: "%s {year|years}"},
	"format.months":    {IT: "%s {mese|mesi}", EN: "%s {month|months}"},
	"format.days":      {IT: "%s {giorno|giorni}", EN: "%s {day|days}"},
	"format.persons":   {IT: "%s {persona|persone}", EN: "%s {person|persons}"},
	"format.points":    {IT: "%s {punto|punti}", EN: "%s {point|points}"},
})

// Label returns the unit's name in lang, as a form or a table heading
// names it: "euro l'anno" / "euros a year", "persone" / "persons". A unit
// that is not one of Units is returned as it is.
func (u Unit) Label(lang language.Tag) string {
	return unitTexts.Label(lang, "name."+string(u), string(u))
}

// Format writes the number n with the unit u the way lang writes it:
// amounts of money with the euro sign where lang puts it and at least two
// decimals, thousands grouped and the decimal separator of lang ("16.000,00
// € l'anno", "€16,000.00 a year"), quantities with their noun in the
// singular for a count in the plural category "one" of lang (1 and -1) and
// in the plural otherwise ("1 persona", "4 persone"; "1 point", "2
// points"), percentages with a % sign; a ratio, a count and the
// non-numeric units give the number alone ("0,3"). Every digit of n is
// kept: nothing is rounded.
func (u Unit) Format(lang language.Tag, n decimal.Decimal) string {
	var num any = text.Number(n)
	switch u {
	case UnitEUR, UnitEURYear, UnitEURMonth, UnitEURSqm:
		num = text.ExactMoney(n)
	}
	if key := "format." + string(u); unitTexts.Has(key) {
		return unitTexts.Format(lang, key, num)
	}
	return text.Sprintf(lang, "%s", num)
}
