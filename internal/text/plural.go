package text

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// form is a format string with its plural choices: the parts between them
// and, for each "{singular|plural}", the argument (from 0) of the verb
// before it.
type form struct {
	plain   string // the format when it has no choices
	lits    []string
	choices []choice
}

type choice struct {
	arg         int
	one, others string
}

// compile finds the plural choices of s and returns the problems of its
// braces: unclosed, unopened or nested, without "|", with a verb inside, or
// with no verb before.
func compile(s string) (form, []string) {
	if !strings.ContainsAny(s, "{}") {
		return form{plain: s}, nil
	}
	var (
		f        form
		problems []string
		lit      strings.Builder
		arg      = -1 // the argument of the last verb
		next     = 0  // the argument of the next verb
	)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '%':
			j, a, n := scanVerb(s, i, next)
			lit.WriteString(s[i:j])
			if a >= 0 {
				arg = a
			}
			next = n
			i = j - 1
		case '}':
			problems = append(problems, fmt.Sprintf(`"}" at byte %d is not opened; want {singular|plural}`, i))
			lit.WriteByte(c)
		case '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				problems = append(problems, fmt.Sprintf(`"{" at byte %d is not closed; want {singular|plural}`, i))
				lit.WriteString(s[i:])
				i = len(s)
				continue
			}
			body := s[i+1 : i+end]
			whole := s[i : i+end+1]
			one, other, ok := strings.Cut(body, "|")
			switch {
			case strings.Contains(body, "{"):
				problems = append(problems, fmt.Sprintf(`"{" inside %q; want {singular|plural}`, s[i:i+end]))
			case !ok || strings.Contains(other, "|"):
				problems = append(problems, fmt.Sprintf(`%q has no "|"; want {singular|plural}`, whole))
			case strings.Contains(body, "%"):
				problems = append(problems, fmt.Sprintf(`%q has a verb; want words only`, whole))
			case arg < 0:
				problems = append(problems, fmt.Sprintf(`%q follows no verb; want a count before it`, whole))
			}
			f.lits = append(f.lits, lit.String())
			lit.Reset()
			f.choices = append(f.choices, choice{arg: arg, one: one, others: other})
			i += end
		default:
			lit.WriteByte(c)
		}
	}
	f.lits = append(f.lits, lit.String())
	return f, problems
}

// scanVerb reads the verb that starts at s[i] == '%' as fmt does and
// returns the index after it, the argument it formats (-1 for "%%") and
// the argument of the verb after it.
func scanVerb(s string, i, next int) (end, arg, after int) {
	j := i + 1
	index := func() {
		if j < len(s) && s[j] == '[' {
			k := strings.IndexByte(s[j:], ']')
			if k < 2 || strings.Trim(s[j+1:j+k], "0123456789") != "" {
				return // not an argument index: fmt reports it
			}
			if n, err := strconv.Atoi(s[j+1 : j+k]); err == nil && n > 0 {
				next = n - 1
			}
			j += k + 1
		}
	}
	for j < len(s) && strings.IndexByte("+-# 0", s[j]) >= 0 {
		j++
	}
	index()
	if j < len(s) && s[j] == '*' {
		next++
		j++
	}
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j < len(s) && s[j] == '.' {
		j++
		index()
		if j < len(s) && s[j] == '*' {
			next++
			j++
		}
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
	}
	index()
	if j >= len(s) {
		return j, -1, next
	}
	switch c := s[j]; {
	case c == '%':
		return j + 1, -1, next
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return j + 1, next, next + 1
	}
	return j, -1, next // no verb: fmt reports it
}

// format returns the format string with each choice made for args in lang.
func (f form) format(lang language.Tag, args []any) string {
	if f.choices == nil {
		return f.plain
	}
	var b strings.Builder
	for k, c := range f.choices {
		b.WriteString(f.lits[k])
		if c.arg >= 0 && c.arg < len(args) && pluralForm(lang, args[c.arg]) == plural.One {
			b.WriteString(c.one)
		} else {
			b.WriteString(c.others)
		}
	}
	b.WriteString(f.lits[len(f.lits)-1])
	return b.String()
}
