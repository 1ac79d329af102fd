package housing

import (
	"fmt"
	"github.com/housingkit/housingkit/internal/text"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
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

// Catalog is a catalogue of message texts in Italian and English, keyed by a
// stable message key and formatted with golang.org/x/text/message (numbers in
// arguments are formatted the way each language writes them). A Catalog is
// immutable and safe for concurrent use.
type Catalog struct {
	it, en map[string]string
	pit    *message.Printer
	pen    *message.Printer
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// NewCatalog builds a catalogue from the Italian and the English texts. It
// returns an error listing every key present in one language only and every
// key whose two texts take different formatting verbs, so a missing or
// mistyped translation fails a test instead of showing a raw key.
func NewCatalog(it, en map[string]string) (*Catalog, error) {
	var problems []string
	for k := range it {
		if _, ok := en[k]; !ok {
			problems = append(problems, fmt.Sprintf("key %q has Italian text but no English", k))
		}
	}
	for k := range en {
		if _, ok := it[k]; !ok {
			problems = append(problems, fmt.Sprintf("key %q has English text but no Italian", k))
		}
	}
	b := catalog.NewBuilder(catalog.Fallback(English))
	for k, v := range it {
		if e, ok := en[k]; ok {
			vi, ve := verbs(v), verbs(e)
			if !slices.Equal(vi, ve) {
				problems = append(problems, fmt.Sprintf("key %q: Italian verbs %v differ from English verbs %v", k, vi, ve))
			}
			if strings.TrimSpace(v) == "" || strings.TrimSpace(e) == "" {
				problems = append(problems, fmt.Sprintf("key %q has an empty text", k))
			}
		}
		if err := b.SetString(Italian, k, v); err != nil {
			problems = append(problems, fmt.Sprintf("key %q (it): %v", k, err))
		}
	}
	for k, v := range en {
		if err := b.SetString(English, k, v); err != nil {
			problems = append(problems, fmt.Sprintf("key %q (en): %v", k, err))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("message catalogue: %s", strings.Join(problems, "; "))
	}
	return &Catalog{
		it:  it,
		en:  en,
		pit: message.NewPrinter(Italian, message.Catalog(b)),
		pen: message.NewPrinter(English, message.Catalog(b)),
	}, nil
}

// MustCatalog is NewCatalog for the catalogues compiled into a package; it
// panics on an inconsistent catalogue, which every test of the package then
// reveals.
func MustCatalog(it, en map[string]string) *Catalog {
	c, err := NewCatalog(it, en)
	if err != nil {
		panic(err)
	}
	return c
}

func verbs(s string) []string {
	vs := verbRE.FindAllString(s, -1)
	slices.Sort(vs)
	return vs
}

// Has reports whether key is in the catalogue.
func (c *Catalog) Has(key string) bool {
	_, ok := c.en[key]
	return ok
}

// Keys returns the message keys in sorted order.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.en))
	for k := range c.en {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Sprintf formats the message key in lang with args. An unknown key is
// returned as it is, so nothing is lost.
func (c *Catalog) Sprintf(lang language.Tag, key string, args ...any) string {
	if base, _ := lang.Base(); base.String() == "it" {
		return c.pit.Sprintf(key, args...)
	}
	return c.pen.Sprintf(key, args...)
}

// Text formats key in both languages.
func (c *Catalog) Text(key string, args ...any) Text {
	return Text{IT: c.pit.Sprintf(key, args...), EN: c.pen.Sprintf(key, args...)}
}

// FormatMoney writes an amount of euros the way lang writes it, rounded to
// the cent half away from zero: "1.234,56 €" in Italian, "€1,234.56" in
// English; a negative amount starts with a minus sign ("-1.234,56 €",
// "-€1,234.56").
func FormatMoney(lang language.Tag, amount decimal.Decimal) string {
	return text.FormatMoney(lang, amount)
}
