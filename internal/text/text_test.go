package text

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

var (
	it = language.Italian
	en = language.English
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// day is a date argument as the domain's dates are: it has YMD and IsZero.
type day struct{ y, m, d int }

func (x day) YMD() (int, time.Month, int) { return x.y, time.Month(x.m), x.d }
func (x day) IsZero() bool                { return x == day{} }

// twoTexts is a text argument as the domain's texts are.
type twoTexts struct{ it, en string }

func (b twoTexts) In(lang language.Tag) string {
	if IsItalian(lang) {
		return b.it
	}
	return b.en
}

// status is an enumeration with labels, as the domain's are.
type status string

func (s status) Label(lang language.Tag) string {
	if IsItalian(lang) {
		return "in corso"
	}
	return "active"
}

func TestCatalogueHoldsBothLanguagesOfAKey(t *testing.T) {
	c := Must(Entries{
		"beds":  {IT: "%d posti letto", EN: "%d beds"},
		"hello": {IT: "buongiorno", EN: "good morning"},
	})
	assert.Equal(t, "1.200 posti letto", c.Format(it, "beds", 1200))
	assert.Equal(t, "1,200 beds", c.Format(en, "beds", 1200))
	assert.Equal(t, "buongiorno", c.Format(language.MustParse("it-CH"), "hello"))
	assert.Equal(t, "good morning", c.Format(language.French, "hello"), "every language but Italian reads English")
	assert.Equal(t, Pair{IT: "12 posti letto", EN: "12 beds"}, c.Both("beds", 12))
	assert.True(t, c.Has("beds"))
	assert.False(t, c.Has("missing.key"))
	assert.Equal(t, []string{"beds", "hello"}, c.Keys())
	assert.Equal(t, "missing.key", c.Format(en, "missing.key"), "an unknown key is shown as it is")
	assert.Equal(t, "buongiorno", c.Label(it, "hello", "x"))
	assert.Equal(t, "custom_code", c.Label(it, "code.custom_code", "custom_code"))
}

func TestNewRefusesAnInconsistentCatalogue(t *testing.T) {
	_, err := New(Entries{
		"a": {IT: "uno %d", EN: "one %s"},
		"c": {IT: "", EN: "three"},
		"d": {IT: "{giorno|giorni}", EN: "%d {day|days}"},
		"e": {IT: "%d {mese|mesi", EN: "%d {month|months}"},
		"f": {IT: "%d {mese}", EN: "%d {month|%d months}"},
		"g": {IT: "%d {mese|mesi}}", EN: "%d {month|{months}}"},
	}, Entries{
		"a": {IT: "uno", EN: "one"},
	})
	require.Error(t, err)
	assert.Equal(t, `message catalogue: key "a" is defined twice; `+
		`key "a": Italian verbs [%d] differ from English verbs [%s]; `+
		`key "c" has an empty Italian text; `+
		`key "d" (Italian): "{giorno|giorni}" follows no verb; want a count before it; `+
		`key "d": Italian verbs [] differ from English verbs [%d]; `+
		`key "e" (Italian): "{" at byte 3 is not closed; want {singular|plural}; `+
		`key "f" (English): "{month|%d months}" has a verb; want words only; `+
		`key "f" (Italian): "{mese}" has no "|"; want {singular|plural}; `+
		`key "f": Italian verbs [%d] differ from English verbs [%d %d]; `+
		`key "g" (English): "{" inside "{month|{months"; want {singular|plural}; `+
		`key "g" (English): "}" at byte 18 is not opened; want {singular|plural}; `+
		`key "g" (Italian): "}" at byte 14 is not opened; want {singular|plural}`, err.Error())
	assert.Panics(t, func() { Must(Entries{"x": {IT: "x"}}) })
}

// The plural form of "{singular|plural}" follows the count given to the verb
// before it, by the CLDR rules of each language: singular for 1 (and -1),
// plural for 0, 2 and 1.5.
func TestPlurals(t *testing.T) {
	c := Must(Entries{
		"parameters": {IT: "%d {parametro|parametri}", EN: "%d {parameter|parameters}"},
		"months":     {IT: "%s {mese|mesi}", EN: "%s {month|months}"},
		"of":         {IT: "%[2]s: %[1]d {parametro|parametri}", EN: "%[2]s: %[1]d {parameter|parameters}"},
		"beds":       {IT: "l'alloggio ha %d {posto letto|posti letto} per %d {componente|componenti}", EN: "the unit has %d {bed|beds} for %d {member|members}"},
		"limit": {
			IT: "ne consente %[1]d in tutto e %[2]d {risulta già registrato|risultano già registrati}",
			EN: "allows %[1]d in all and %[2]d {is|are} already recorded"},
		"percent": {IT: "%5.1f%% di %d {mese|mesi}", EN: "%5.1f%% of %d {month|months}"},
	})
	for _, tc := range []struct {
		n      any
		it, en string
	}{
		{1, "1 parametro", "1 parameter"},
		{2, "2 parametri", "2 parameters"},
		{0, "0 parametri", "0 parameters"},
		{int64(-1), "-1 parametro", "-1 parameter"}, // CLDR takes the absolute value
		{uint8(1), "1 parametro", "1 parameter"},
		{1000, "1.000 parametri", "1,000 parameters"},
		{1001, "1.001 parametri", "1,001 parameters"},
	} {
		assert.Equal(t, tc.it, c.Format(it, "parameters", tc.n), "%v", tc.n)
		assert.Equal(t, tc.en, c.Format(en, "parameters", tc.n), "%v", tc.n)
	}
	for _, tc := range []struct{ n, it, en string }{
		{"1", "1 mese", "1 month"},
		{"2", "2 mesi", "2 months"},
		{"1.5", "1,5 mesi", "1.5 months"},
		{"0.5", "0,5 mesi", "0.5 months"},
		{"1.0", "1 mese", "1 month"},
		{"12000", "12.000 mesi", "12,000 months"},
	} {
		assert.Equal(t, tc.it, c.Format(it, "months", Number(dec(tc.n))), tc.n)
		assert.Equal(t, tc.en, c.Format(en, "months", Number(dec(tc.n))), tc.n)
	}
	assert.Equal(t, Pair{IT: "regola r1: 1 parametro", EN: "rule r1: 1 parameter"}, c.Both("of", 1, twoTexts{"regola r1", "rule r1"}))
	assert.Equal(t, "regola r1: 3 parametri", c.Format(it, "of", 3, twoTexts{"regola r1", "rule r1"}))
	assert.Equal(t, Pair{IT: "l'alloggio ha 1 posto letto per 3 componenti", EN: "the unit has 1 bed for 3 members"}, c.Both("beds", 1, 3))
	assert.Equal(t, Pair{IT: "l'alloggio ha 2 posti letto per 1 componente", EN: "the unit has 2 beds for 1 member"}, c.Both("beds", 2, 1))
	assert.Equal(t, Pair{IT: "ne consente 1 in tutto e 1 risulta già registrato", EN: "allows 1 in all and 1 is already recorded"}, c.Both("limit", 1, 1))
	assert.Equal(t, Pair{IT: "ne consente 1 in tutto e 2 risultano già registrati", EN: "allows 1 in all and 2 are already recorded"}, c.Both("limit", 1, 2))
	assert.Equal(t, Pair{IT: "ne consente 2 in tutto e 1 risulta già registrato", EN: "allows 2 in all and 1 is already recorded"}, c.Both("limit", 2, 1))
	assert.Equal(t, Pair{IT: " 12,5% di 1 mese", EN: " 12.5% of 1 month"}, c.Both("percent", 12.5, 1), "%% is no verb")
	assert.Equal(t, "the unit has 1 bed for %!d(MISSING) members", c.Format(en, "beds", 1), "a missing count is plural")
	assert.Equal(t, "1 parameters", Must(Entries{"p": {IT: "%v {parametro|parametri}", EN: "%v {parameter|parameters}"}}).Format(en, "p", "1"), "a string is no count")
}

// A message can take another message as an argument, rendered in the same
// language with its own arguments.
func TestNestedMessages(t *testing.T) {
	c := Must(Entries{
		"months":   {IT: "%d {mese|mesi}", EN: "%d {month|months}"},
		"too_long": {IT: "un rinnovo di %s supera il massimo, %s", EN: "a renewal of %s is longer than the maximum, %s"},
	})
	assert.Equal(t, Pair{IT: "un rinnovo di 2 mesi supera il massimo, 1 mese", EN: "a renewal of 2 months is longer than the maximum, 1 month"},
		c.Both("too_long", Msg("months", 2), Msg("months", 1)))
	assert.Equal(t, "un rinnovo di 1 mese supera il massimo, 12 mesi", c.Format(it, "too_long", Msg("months", 1), Msg("months", 12)))
	assert.Equal(t, "months", Sprintf(en, "%s", Msg("months", 7)), "outside a catalogue a message is its key, as an unknown key is")
}

func TestMoneyToTheCent(t *testing.T) {
	for _, tc := range []struct{ in, it, en string }{
		{"1234.56", "1.234,56 €", "€1,234.56"},
		{"0", "0,00 €", "€0.00"},
		{"0.005", "0,01 €", "€0.01"},    // half away from zero
		{"-0.005", "-0,01 €", "-€0.01"}, // half away from zero
		{"-0.004", "0,00 €", "€0.00"},   // no minus sign on a rounded zero
		{"999.994", "999,99 €", "€999.99"},
		{"1000000", "1.000.000,00 €", "€1,000,000.00"},
		{"20217.01", "20.217,01 €", "€20,217.01"},
		{"-3098.74", "-3.098,74 €", "-€3,098.74"},
	} {
		assert.Equal(t, tc.it, FormatMoney(it, dec(tc.in)), tc.in)
		assert.Equal(t, tc.en, FormatMoney(en, dec(tc.in)), tc.in)
		c := Must(Entries{"rent": {IT: "canone di %s", EN: "rent of %s"}})
		assert.Equal(t, "canone di "+tc.it, c.Format(it, "rent", Money(dec(tc.in))))
		assert.Equal(t, "rent of "+tc.en, c.Format(en, "rent", Money(dec(tc.in))))
	}
}

func TestExactMoneyKeepsEveryDigit(t *testing.T) {
	for _, tc := range []struct{ in, it, en string }{
		{"16000", "16.000,00 €", "€16,000.00"},
		{"6947.33", "6.947,33 €", "€6,947.33"},
		{"21649.992", "21.649,992 €", "€21,649.992"},
		{"0.5", "0,50 €", "€0.50"},
		{"-137.5", "-137,50 €", "-€137.50"},
	} {
		assert.Equal(t, tc.it, FormatExactMoney(it, dec(tc.in)), tc.in)
		assert.Equal(t, tc.en, FormatExactMoney(en, dec(tc.in)), tc.in)
		assert.Equal(t, tc.it, Sprintf(it, "%s", ExactMoney(dec(tc.in))))
	}
}

func TestNumbersAndPercentages(t *testing.T) {
	for _, tc := range []struct{ in, it, en string }{
		{"2.76", "2,76", "2.76"},
		{"1234.5", "1.234,5", "1,234.5"},
		{"-0.3", "-0,3", "-0.3"},
		{"1000000", "1.000.000", "1,000,000"},
		{"42", "42", "42"},
	} {
		assert.Equal(t, tc.it, FormatNumber(it, dec(tc.in)), tc.in)
		assert.Equal(t, tc.en, FormatNumber(en, dec(tc.in)), tc.in)
		assert.Equal(t, tc.it, Sprintf(it, "%s", Number(dec(tc.in))), "Number")
		assert.Equal(t, tc.it, Sprintf(it, "%s", dec(tc.in)), "a decimal argument is a number")
		assert.Equal(t, tc.en, Sprintf(en, "%v", dec(tc.in)), "a decimal argument is a number")
	}
	for _, tc := range []struct{ in, it, en string }{
		{"0.3", "30%", "30%"},
		{"0.14375", "14,38%", "14.38%"},
		{"0.24", "24%", "24%"},
		{"1.25", "125%", "125%"},
		{"0", "0%", "0%"},
	} {
		assert.Equal(t, tc.it, Sprintf(it, "%s", Percent(dec(tc.in))), tc.in)
		assert.Equal(t, tc.en, Sprintf(en, "%s", Percent(dec(tc.in))), tc.in)
	}
}

func TestDates(t *testing.T) {
	assert.Equal(t, "29 febbraio 2024", FormatDate(it, 2024, time.February, 29))
	assert.Equal(t, "29 February 2024", FormatDate(en, 2024, time.February, 29))
	assert.Equal(t, "1 gennaio 2015", FormatDate(it, 2015, time.January, 1))
	assert.Equal(t, "31 dicembre 9999", FormatDate(it, 9999, time.December, 31))
	c := Must(Entries{"end": {IT: "termina il %s", EN: "ends on %s"}})
	assert.Equal(t, "termina il 1 marzo 2022", c.Format(it, "end", day{2022, 3, 1}))
	assert.Equal(t, "ends on 1 March 2022", c.Format(en, "end", day{2022, 3, 1}))
	assert.Equal(t, "ends on ", c.Format(en, "end", day{}), "the zero date is empty")
}

// Every argument is rendered in the message's language: keys of the same
// catalogue, twoTexts texts, labels of enumerations, dates, amounts.
func TestArgumentsRenderInTheMessageLanguage(t *testing.T) {
	c := Must(Entries{
		"event.review": {IT: "la verifica", EN: "the review"},
		"late":         {IT: "%[1]s del %[2]s (stato: %[3]s, nucleo %[4]s) è in ritardo: %[5]s", EN: "%[1]s of %[2]s (status: %[3]s, household %[4]s) is late: %[5]s"},
	})
	args := []any{Key("event.review"), day{2025, 3, 3}, status("active"), twoTexts{"Rossi", "Rossi"}, Money(dec("150"))}
	assert.Equal(t, "la verifica del 3 marzo 2025 (stato: in corso, nucleo Rossi) è in ritardo: 150,00 €", c.Format(it, "late", args...))
	assert.Equal(t, "the review of 3 March 2025 (status: active, household Rossi) is late: €150.00", c.Format(en, "late", args...))
	assert.Equal(t, "active", Sprintf(en, "%s", Pair{IT: "attiva", EN: "active"}))
	assert.Equal(t, "punteggio 9.153 (priorità 7.800)", Sprintf(it, "punteggio %d (%s %d)", 9153, "priorità", 7800))
	assert.Equal(t, "score 9,153", Sprintf(en, "score %d", 9153))
}

func TestPairIn(t *testing.T) {
	p := Pair{IT: "sì", EN: "yes"}
	assert.Equal(t, "sì", p.In(it))
	assert.Equal(t, "yes", p.In(en))
	assert.Equal(t, "yes", p.In(language.German))
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]string{"it": "it", "it-IT": "it", "en": "en", "en-GB,it;q=0.5": "en", "fr,it;q=0.8": "it", "IT": "it"} {
		got, err := ParseLang(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got.String(), in)
	}
	for _, bad := range []string{"!!", "fr", "", strings.Repeat("x", 1000)} {
		_, err := ParseLang(bad)
		assert.EqualError(t, err, `language "`+bad+`": want one of it, en`, bad)
	}
}

func TestCatalogueIsSafeForConcurrentUse(t *testing.T) {
	c := Must(Entries{"n": {IT: "%d {posto letto|posti letto}", EN: "%d {bed|beds}"}})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if got := c.Format(it, "n", 1); got != "1 posto letto" {
					t.Errorf("goroutine %d: %q", i, got)
					return
				}
				if got := c.Format(en, "n", 1234); got != "1,234 beds" {
					t.Errorf("goroutine %d: %q", i, got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// Arguments kept as data encode as the SDK's decimals do.
func TestArgumentsAsData(t *testing.T) {
	b, err := json.Marshal([]any{Money(dec("1234.5")), ExactMoney(dec("0.125")), Number(dec("2.76")), Percent(dec("0.3")), 3})
	require.NoError(t, err)
	assert.Equal(t, `["1234.5","0.125","2.76","0.3",3]`, string(b))
	assert.Equal(t, "1234.5 0.125", fmt.Sprint(Money(dec("1234.5")), " ", ExactMoney(dec("0.125"))))
}
