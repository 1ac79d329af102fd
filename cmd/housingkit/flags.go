package main

import (
	"github.com/housingkit/housingkit/housing"
	"golang.org/x/text/language"
)

// parseOutputFlags checks the --format (text or json) and --lang (it or en)
// values shared by several commands, recording every problem in ps, and
// returns the language.
func parseOutputFlags(ps *housing.Problems, format, lang string) language.Tag {
	if format != "text" && format != "json" {
		ps.Add("--format", "%q: want text or json", format)
	}
	tag, err := housing.ParseLang(lang)
	if err != nil {
		ps.Add("--lang", "%s", userMessage(err))
	}
	return tag
}
