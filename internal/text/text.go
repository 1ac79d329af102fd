// Package text is the SDK's one text layer: catalogues of messages that hold
// each key's Italian and English text side by side, the way each language
// writes money, numbers, percentages and dates, plural forms chosen by the
// rules of each language, and one way to render a message's arguments in
// Italian or English.
//
// It is internal: the domain packages keep their catalogues unexported and
// offer what users need (labels of enumerations, texts of decisions and
// reasons) through their own API.
//
// Arguments of a message are rendered in the message's language before it
// is formatted (see Catalog.Format): Money, ExactMoney, Number, Percent and
// decimal.Decimal as the language writes them; a date (any value with a
// YMD method) in prose; a Key, or a Message with its own arguments (Msg),
// as another message of the same catalogue; any value with an
// In(language.Tag) method (a bilingual text) or a Label(language.Tag)
// method (an enumeration) in that language. Integers are formatted by
// golang.org/x/text/message, with the language's thousands separator.
//
// A message that counts writes its words for one and for many in place,
// "%d {parametro|parametri}" / "%d {parameter|parameters}": the form is
// chosen by the count of the verb before it, by the CLDR plural rules of
// golang.org/x/text/feature/plural.
package text

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// IsItalian reports whether lang is Italian, of any region. Every text of
// the SDK is in Italian or English: any other language reads English.
func IsItalian(lang language.Tag) bool {
	base, _ := lang.Base()
	return base.String() == "it"
}

var langMatcher = language.NewMatcher([]language.Tag{language.Italian, language.English})

// ParseLang returns the supported language, Italian or English, that best
// matches s (a tag such as "it", "en-GB" or an Accept-Language header), or
// an error naming the supported ones.
func ParseLang(s string) (language.Tag, error) {
	tags, _, err := language.ParseAcceptLanguage(s)
	if err != nil || len(tags) == 0 {
		return language.Und, fmt.Errorf("language %q: want one of it, en", s)
	}
	tag, _, conf := langMatcher.Match(tags...)
	if conf == language.No {
		return language.Und, fmt.Errorf("language %q: want one of it, en", s)
	}
	if IsItalian(tag) {
		return language.Italian, nil
	}
	return language.English, nil
}

// Pair is a text in Italian and English.
type Pair struct {
	IT string
	EN string
}

// In returns the text in lang (English for any language but Italian).
func (p Pair) In(lang language.Tag) string {
	if IsItalian(lang) {
		return p.IT
	}
	return p.EN
}

// Entry is one message of a catalogue in both languages, side by side. IT
// and EN are format strings in the manner of fmt, with the same verbs.
//
// A message that counts something writes its words for one and for many
// as "{singular|plural}" right after the verb of the count: "%d
// {parametro|parametri}", "%d {parameter|parameters}". The singular is
// taken when the count is in the plural category "one" of the language
// (CLDR rules: 1 and -1, but not 0, 2 or 1.5), the plural otherwise; a
// message may have several counts ("%d {bed|beds} for %d
// {member|members}").
type Entry struct {
	IT, EN string
}

// Entries are messages keyed by a stable message key.
type Entries map[string]Entry

// Catalog is a catalogue of messages in Italian and English. A Catalog is
// immutable and safe for concurrent use.
type Catalog struct {
	entries map[string]compiled
}

// compiled is an entry with its plural choices found once.
type compiled struct {
	it, en form
}

// verbs returns the verbs of s, sorted: the matches of
// `%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`, leftmost first and not
// overlapping, found by hand (every package's catalogue is built when the
// program starts, and a regular expression took half that time;
// FuzzVerbs holds it to the expression).
func verbs(s string) []string {
	var vs []string
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if end := verbEnd(s, i); end > 0 {
			vs = append(vs, s[i:end])
			i = end - 1
		}
	}
	slices.Sort(vs)
	return vs
}

// verbEnd is the end of the verb that starts with the % at s[i], or -1
// when none does. No part of the expression can give back what it took
// to let a later part match (the last character is a letter or %, which
// no earlier part takes), so one pass without backtracking finds it.
func verbEnd(s string, i int) int {
	digits := func(j int) int {
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		return j
	}
	j := i + 1
	if j < len(s) && s[j] == '[' {
		if k := digits(j + 1); k > j+1 && k < len(s) && s[k] == ']' {
			j = k + 1
		}
	}
	for j < len(s) && strings.IndexByte("-+# 0", s[j]) >= 0 {
		j++
	}
	j = digits(j)
	if j < len(s) && s[j] == '.' {
		if k := digits(j + 1); k > j+1 {
			j = k
		}
	}
	if j < len(s) && (s[j] == '%' || (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z')) {
		return j + 1
	}
	return -1
}

// New builds a catalogue from one or more tables of entries (a package may
// keep its texts in several). It returns an error listing every key defined
// twice, every empty text, every key whose Italian and English texts take
// different verbs, and every "{singular|plural}" that is not closed, has no
// "|", holds a verb or follows no count, so that a missing or mistyped
// translation fails a test instead of showing a raw key.
func New(parts ...Entries) (*Catalog, error) {
	var problems []string
	size := 0
	for _, part := range parts {
		size += len(part)
	}
	all := make(map[string]compiled, size)
	for _, part := range parts {
		for k, e := range part {
			if _, dup := all[k]; dup {
				problems = append(problems, fmt.Sprintf("key %q is defined twice", k))
				continue
			}
			it, pit := compile(e.IT)
			en, pen := compile(e.EN)
			for _, p := range pit {
				problems = append(problems, fmt.Sprintf("key %q (Italian): %s", k, p))
			}
			for _, p := range pen {
				problems = append(problems, fmt.Sprintf("key %q (English): %s", k, p))
			}
			all[k] = compiled{it: it, en: en}
			if strings.TrimSpace(e.IT) == "" {
				problems = append(problems, fmt.Sprintf("key %q has an empty Italian text", k))
			}
			if strings.TrimSpace(e.EN) == "" {
				problems = append(problems, fmt.Sprintf("key %q has an empty English text", k))
			}
			if vi, ve := verbs(e.IT), verbs(e.EN); !slices.Equal(vi, ve) {
				problems = append(problems, fmt.Sprintf("key %q: Italian verbs %v differ from English verbs %v", k, vi, ve))
			}
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("message catalogue: %s", strings.Join(problems, "; "))
	}
	return &Catalog{entries: all}, nil
}

// Must is New for the catalogues compiled into a package: it panics on an
// inconsistent catalogue, which every test of the package then reveals.
func Must(parts ...Entries) *Catalog {
	c, err := New(parts...)
	if err != nil {
		panic(err)
	}
	return c
}

// Has reports whether key is in the catalogue.
func (c *Catalog) Has(key string) bool {
	_, ok := c.entries[key]
	return ok
}

// Keys returns the message keys in sorted order.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.entries))
	for k := range c.entries {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Format renders the message key in lang with args (see the package
// documentation for how each argument is rendered), each
// "{singular|plural}" in the form its count takes. An unknown key is
// returned as it is, so nothing is lost.
func (c *Catalog) Format(lang language.Tag, key string, args ...any) string {
	e, ok := c.entries[key]
	if !ok {
		return key
	}
	italian := IsItalian(lang)
	f := e.en
	if italian {
		f = e.it
	}
	return c.sprintf(lang, italian, f.format(lang, args), args)
}

// Both renders the message key in Italian and in English.
func (c *Catalog) Both(key string, args ...any) Pair {
	return Pair{IT: c.Format(language.Italian, key, args...), EN: c.Format(language.English, key, args...)}
}

// Label returns the message key in lang, or fallback when the catalogue
// has no such key (a value the catalogue does not know, such as a caller's
// own code, is shown as it is).
func (c *Catalog) Label(lang language.Tag, key, fallback string) string {
	if !c.Has(key) {
		return fallback
	}
	return c.Format(lang, key)
}

// Sprintf formats format in lang with args rendered as a catalogue's
// arguments are, for texts that are not messages of a catalogue (such as
// "%s %d", a label and its number).
func Sprintf(lang language.Tag, format string, args ...any) string {
	return (*Catalog)(nil).sprintf(lang, IsItalian(lang), format, args)
}

// The printers format integers with each language's separators. Their
// catalogue is empty, so that a format is never looked up in the global
// default catalogue of golang.org/x/text.
var (
	printerIT = message.NewPrinter(language.Italian, message.Catalog(catalog.NewBuilder()))
	printerEN = message.NewPrinter(language.English, message.Catalog(catalog.NewBuilder()))
)

func (c *Catalog) sprintf(lang language.Tag, italian bool, format string, args []any) string {
	if italian {
		lang = language.Italian
	} else {
		lang = language.English
	}
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = c.arg(lang, a)
	}
	p := printerEN
	if italian {
		p = printerIT
	}
	return p.Sprintf(format, out...)
}
