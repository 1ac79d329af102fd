package rentcalc

import (
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// Arguments of messages that are written differently in each language.
type (
	// money is an amount of euros: "1.234,56 €" / "€1,234.56".
	money decimal.Decimal
	// number is a plain decimal: "1,57" / "1.57".
	number decimal.Decimal
	// percent is a ratio shown as a percentage to at most two decimals:
	// 0.3 is "30%", 0.14375 is "14,38%" / "14.38%".
	percent decimal.Decimal
	// A housing.Text argument is rendered in the text's language.
	// msgKey is the key of another message of the catalogue, rendered in
	// the same language (a label such as "rent and charges").
	msgKey string
)

// text formats the message key of the package catalogue in Italian and
// English, writing money, numbers and percentages as each language does.
func text(key string, args ...any) housing.Text {
	return housing.Text{IT: render(housing.Italian, key, args), EN: render(housing.English, key, args)}
}

func render(lang language.Tag, key string, args []any) string {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case money:
			out[i] = housing.FormatMoney(lang, decimal.Decimal(v))
		case number:
			out[i] = localNumber(lang, decimal.Decimal(v).String())
		case percent:
			out[i] = localNumber(lang, decimal.Decimal(v).Mul(hundred).Round(2).String()) + "%"
		case housing.Text:
			out[i] = v.In(lang)
		case msgKey:
			out[i] = Messages.Sprintf(lang, string(v))
		default:
			out[i] = a
		}
	}
	return Messages.Sprintf(lang, key, out...)
}

func localNumber(lang language.Tag, s string) string {
	if base, _ := lang.Base(); base.String() == "it" {
		return strings.ReplaceAll(s, ".", ",")
	}
	return s
}
