package rentcalc

import (
	"github.com/housingkit/housingkit/housing"
	txt "github.com/housingkit/housingkit/internal/text"
	"golang.org/x/text/language"
)

// Arguments of messages that are written differently in each language (see
// the text layer, internal/text).
type (
	// money is an amount of euros: "1.234,56 €" / "€1,234.56".
	money = txt.Money
	// number is a plain decimal: "1,57" / "1.57".
	number = txt.Number
	// percent is a ratio shown as a percentage to at most two decimals:
	// 0.3 is "30%", 0.14375 is "14,38%" / "14.38%".
	percent = txt.Percent
	// msgKey is the key of another message of the catalogue, rendered in
	// the same language (a label such as "rent and charges"). A
	// housing.Text argument is rendered in the text's language.
	msgKey = txt.Key
)

// text formats the message key of the package catalogue in Italian and
// English.
func text(key string, args ...any) housing.Text {
	return housing.Text(messages.Both(key, args...))
}

// ScaleLabel returns the name of an equivalence scale in lang, as texts
// name it: "ISEE", "OCSE modificata" / "OECD-modified", "ADI"; a name the
// package does not know is returned as it is.
func ScaleLabel(lang language.Tag, name string) string {
	return messages.Label(lang, "scale.name."+name, name)
}
