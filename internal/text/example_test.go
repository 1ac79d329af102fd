package text_test

import (
	"fmt"

	"github.com/housingkit/housingkit/internal/text"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// A catalogue holds each message in Italian and English side by side; a
// message that counts writes "{singular|plural}" after the count.
func ExampleCatalog() {
	c := text.Must(text.Entries{
		"beds":  {IT: "%d {posto letto|posti letto}", EN: "%d {bed|beds}"},
		"rent":  {IT: "canone di %s, %s del reddito", EN: "rent of %s, %s of income"},
		"label": {IT: "canone e spese", EN: "rent and charges"},
		"of":    {IT: "%s: %s", EN: "%s: %s"},
	})
	fmt.Println(c.Format(language.Italian, "beds", 1))
	fmt.Println(c.Format(language.English, "beds", 1200))
	fmt.Println(c.Both("rent", text.Money(decimal.RequireFromString("1234.5")), text.Percent(decimal.RequireFromString("0.14375"))))
	fmt.Println(c.Format(language.Italian, "of", text.Key("label"), text.Number(decimal.RequireFromString("2.76"))))
	// Output:
	// 1 posto letto
	// 1,200 beds
	// {canone di 1.234,50 €, 14,38% del reddito rent of €1,234.50, 14.38% of income}
	// canone e spese: 2,76
}

func ExampleFormatMoney() {
	amount := decimal.RequireFromString("20217.005")
	fmt.Println(text.FormatMoney(language.Italian, amount))
	fmt.Println(text.FormatMoney(language.English, amount))
	fmt.Println(text.FormatExactMoney(language.Italian, amount))
	// Output:
	// 20.217,01 €
	// €20,217.01
	// 20.217,005 €
}
