package text

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// FuzzCompile: any format string compiles without a panic and renders with
// any count; a format without braces renders as it is, and one the
// compiler accepts renders without its braces.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{"%d {parametro|parametri}", "%[2]s: %[1]d {a|b}", "{x|y}", "%", "%[", "%[9]d {a|b}", "%*d {a|b}", "%.*f {a|b}", "{", "}", "%5.1f%% {a|b}", "%[0]d {a|b}"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		form, problems := compile(s)
		for _, args := range [][]any{nil, {n}, {n, n, n}, {"x", n}} {
			got := form.format(it, args)
			if !strings.ContainsAny(s, "{}") && got != s {
				t.Fatalf("%q rendered as %q", s, got)
			}
			if len(problems) == 0 && strings.ContainsAny(got, "{}") {
				t.Fatalf("%q rendered with braces: %q", s, got)
			}
		}
	})
}

// verbRE is the expression verbs implements by hand.
var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// FuzzVerbs: verbs finds exactly the expression's matches.
func FuzzVerbs(f *testing.F) {
	for _, s := range []string{"%d", "%[2]s %[1]d", "%%", "%%d", "%5.1f%%", "%-08.3e", "%[x]d", "%[]d", "%.d", "%.x", "% d%+v%#x", "%", "%[1", "%0[1]d", "%é", "a%%%b%[3]-5.2q"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := verbRE.FindAllString(s, -1)
		slices.Sort(want)
		if got := verbs(s); !slices.Equal(got, want) {
			t.Fatalf("verbs(%q) = %q, want %q", s, got, want)
		}
	})
}
