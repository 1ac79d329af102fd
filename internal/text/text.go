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
// YMD method) in prose; a Key as another message of the same catalogue;
// any value with an In(language.Tag) method (a bilingual text) or a
// Label(language.Tag) method (an enumeration) in that language. Integers
// are formatted by golang.org/x/text/message, with the language's
// thousands separator.
package text

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/feature/plural"
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
// and EN are format strings in the manner of fmt.
//
// A message that counts something has its singular forms too: ITOne and
// ENOne are used when the count is in the plural category "one" of the
// language (CLDR rules: 1, but not 0, 2 or 1.5); IT and EN are the other
// forms. Each form takes the same verbs. The count is the message's first
// argument, or the Count-th (from 1) when Count is set.
type Entry struct {
	IT, EN       string
	ITOne, ENOne string
	Count        int
}

// Entries are messages keyed by a stable message key.
type Entries map[string]Entry

// Catalog is a catalogue of messages in Italian and English. A Catalog is
// immutable and safe for concurrent use.
type Catalog struct {
	entries Entries
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

func verbs(s string) []string {
	vs := verbRE.FindAllString(s, -1)
	slices.Sort(vs)
	return vs
}

// New builds a catalogue from one or more tables of entries (a package may
// keep its texts in several). It returns an error listing every key defined
// twice, every empty text, every key whose Italian and English texts take
// different verbs, and every singular form given in one language only or
// with other verbs than its plural, so that a missing or mistyped
// translation fails a test instead of showing a raw key.
func New(parts ...Entries) (*Catalog, error) {
	var problems []string
	all := Entries{}
	for _, part := range parts {
		for k, e := range part {
			if _, dup := all[k]; dup {
				problems = append(problems, fmt.Sprintf("key %q is defined twice", k))
				continue
			}
			all[k] = e
			problems = append(problems, e.problems(k)...)
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("message catalogue: %s", strings.Join(problems, "; "))
	}
	return &Catalog{entries: all}, nil
}

func (e Entry) problems(k string) []string {
	var out []string
	if strings.TrimSpace(e.IT) == "" {
		out = append(out, fmt.Sprintf("key %q has an empty Italian text", k))
	}
	if strings.TrimSpace(e.EN) == "" {
		out = append(out, fmt.Sprintf("key %q has an empty English text", k))
	}
	if vi, ve := verbs(e.IT), verbs(e.EN); !slices.Equal(vi, ve) {
		out = append(out, fmt.Sprintf("key %q: Italian verbs %v differ from English verbs %v", k, vi, ve))
	}
	switch {
	case e.ITOne != "" && e.ENOne == "":
		out = append(out, fmt.Sprintf("key %q has a singular form in Italian only", k))
	case e.ITOne == "" && e.ENOne != "":
		out = append(out, fmt.Sprintf("key %q has a singular form in English only", k))
	}
	if e.Count != 0 && e.ITOne == "" && e.ENOne == "" {
		out = append(out, fmt.Sprintf("key %q names a count but has no singular forms", k))
	}
	if e.Count < 0 {
		out = append(out, fmt.Sprintf("key %q: count %d is not an argument", k, e.Count))
	}
	for _, f := range []struct{ lang, one, other string }{{"Italian", e.ITOne, e.IT}, {"English", e.ENOne, e.EN}} {
		if f.one == "" {
			continue
		}
		if vo, v := verbs(f.one), verbs(f.other); !slices.Equal(vo, v) {
			out = append(out, fmt.Sprintf("key %q: the %s singular's verbs %v differ from the plural's %v", k, f.lang, vo, v))
		}
	}
	return out
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
// documentation for how each argument is rendered), in the singular form
// when the message has one and its count is in the category "one". An
// unknown key is returned as it is, so nothing is lost.
func (c *Catalog) Format(lang language.Tag, key string, args ...any) string {
	e, ok := c.entries[key]
	if !ok {
		return key
	}
	italian := IsItalian(lang)
	format, one := e.EN, e.ENOne
	if italian {
		format, one = e.IT, e.ITOne
	}
	if n := max(e.Count, 1); one != "" && len(args) >= n && pluralForm(lang, args[n-1]) == plural.One {
		format = one
	}
	return c.sprintf(lang, italian, format, args)
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
