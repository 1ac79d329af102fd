package reader_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

type sample struct {
	Name   string            `yaml:"name" required:"true"`
	Count  int               `yaml:"count"`
	Active bool              `yaml:"active"`
	Amount decimal.Decimal   `yaml:"amount"`
	From   housing.Date      `yaml:"from"`
	Tags   []string          `yaml:"tags"`
	Limits map[string]string `yaml:"limits"`
	Next   *sample           `yaml:"next"`
}

// lines returns the problems of err as "file:line:col: path: message".
func lines(t *testing.T, err error) []string {
	t.Helper()
	var e *reader.Error
	require.True(t, errors.As(err, &e), "want a *reader.Error, got %v", err)
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.String()
	}
	return out
}

func TestReadDecodesValues(t *testing.T) {
	var s sample
	err := reader.Read("ok.yaml", []byte(`
name: crema
count: 4
active: true
amount: 20217.01
from: 2024-02-29
tags: [a, b]
limits: {x: "1"}
next: {name: inner}
`), &s)
	require.NoError(t, err)
	assert.Equal(t, "crema", s.Name)
	assert.Equal(t, 4, s.Count)
	assert.True(t, s.Active)
	assert.True(t, s.Amount.Equal(decimal.RequireFromString("20217.01")))
	assert.Equal(t, "2024-02-29", s.From.String())
	assert.Equal(t, []string{"a", "b"}, s.Tags)
	assert.Equal(t, "inner", s.Next.Name)
}

func TestReadReportsEveryProblemSortedWithTypedPositions(t *testing.T) {
	var s sample
	err := reader.Read("bad.yaml", []byte(`name: x
count: four
colour: red
amount: lots
from: 2023-02-29
name: y
active: "yes"
tags: a
next: {name: [1], count: 1.5}
`), &s)
	assert.Equal(t, []string{
		`bad.yaml:2:8: count: want a whole number, got "four"`,
		`bad.yaml:3:1: colour: unknown key "colour"; want one of name, count, active, amount, from, tags, limits, next`,
		`bad.yaml:4:9: amount: want a decimal number such as 1234.56, got "lots"`,
		`bad.yaml:5:7: from: date "2023-02-29": day 29 out of range 1..28 for 2023-02`,
		`bad.yaml:6:1: name: duplicate key "name" (first at line 1)`,
		`bad.yaml:7:9: active: want true or false, got "yes"`,
		`bad.yaml:8:7: tags: want a list, got "a"`,
		`bad.yaml:9:14: next.name: want a string, got a list`,
		`bad.yaml:9:26: next.count: want a whole number, got "1.5"`,
	}, lines(t, err))
	var e *reader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, reader.Problem{File: "bad.yaml", Line: 9, Col: 26, Path: "next.count", Message: `want a whole number, got "1.5"`}, e.Problems[8])
}

func TestReadPositionsOfWholeFileProblems(t *testing.T) {
	var s sample
	for _, c := range []struct{ name, in, want string }{
		{"empty.yaml", "", "empty.yaml:1:1: the document is empty"},
		{"empty.json", " \n\t\n", "empty.json:1:1: the document is empty"},
		{"comments.yaml", "# nothing\n\n", "comments.yaml:1:1: the document is empty"},
		{"syn.yaml", "name: [unclosed\n", "syn.yaml:1:1: syntax: did not find expected ',' or ']'"},
		{"missing.yaml", "count: 1\n", `missing.yaml:1:1: name: missing required key "name"`},
		{"two.yaml", "name: a\n---\nname: b\n", "two.yaml:2:1: a file holds one document; found a second after ---"},
		{"nul.yaml", "name: a\ncount: 1\x00\n", "nul.yaml:2:9: binary data (control character 0x00): a data file is UTF-8 text, YAML or JSON"},
		{"latin1.yaml", "name: caf\xe9\n", "latin1.yaml:1:10: binary data (byte 0xe9 is not UTF-8): a data file is UTF-8 text, YAML or JSON"},
		{"alias.yaml", "name: &n a\nnext: {name: *n}\n", "alias.yaml:2:14: aliases (*name) are not allowed: write the value out"},
		{"deep.yaml", "name: a\nlimits: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n", fmt.Sprintf("deep.yaml:2:%d: nested more than %d levels deep", 9+reader.MaxDepth-1, reader.MaxDepth)},
	} {
		err := reader.Read(c.name, []byte(c.in), &s)
		assert.Equal(t, []string{c.want}, lines(t, err), c.name)
	}
}

// Syntax errors point at the line to look at, whichever part of the YAML
// parser found them.
func TestYAMLSyntaxLines(t *testing.T) {
	for in, want := range map[string]string{
		"a: 1\nb: [1\nc: 2\n": "s.yaml:2:1: syntax: did not find expected ',' or ']'",
		"a: 1\nb: {x: 1\n":    "s.yaml:2:1: syntax: did not find expected ',' or '}'",
		"a: 1\na 2\n":         "s.yaml:2:1: syntax: could not find expected ':'",
		"a: 1\nb: @x\n":       "s.yaml:2:1: syntax: found character that cannot start any token",
		"a: 1\n\tb: 2\n":      "s.yaml:2:1: syntax: found a tab character that violates indentation",
	} {
		_, ps := reader.Parse("s.yaml", []byte(in))
		require.Len(t, ps, 1, in)
		assert.Equal(t, want, ps[0].String(), in)
	}
}

// A .json file is strict JSON: what YAML would forgive is an error at its
// position, said in the user's terms.
func TestJSONIsStrict(t *testing.T) {
	var s sample
	for in, want := range map[string]string{
		"{\n  \"name\": \"a\",\n}":              `x.json:3:1: syntax: unexpected "}": a comma before the closing '}' (trailing commas are not allowed in JSON)`,
		"{\"name\": \"a\", \"tags\": [\"x\",]}": `x.json:1:28: syntax: unexpected "]": a comma before the closing ']' (trailing commas are not allowed in JSON)`,
		"{\n  # note\n  \"name\": \"a\"\n}":     "x.json:2:3: syntax: comments are not allowed in JSON",
		"name: a\n":                             `x.json:1:2: syntax: unexpected "a": not a JSON value (strings are in double quotes)`,
		"{\"name\": 'a'}":                       `x.json:1:10: syntax: unexpected "'": JSON strings are in double quotes`,
		"{\"name\": \"a\"":                      "x.json:1:13: syntax: the file ends too early: a value, a closing '}' or ']' is missing",
		"{\"name\": \"a\"} {}":                  `x.json:1:15: syntax: unexpected "{": a file holds one JSON value; found more after it`,
		"{\"name\" \"a\"}":                      `x.json:1:9: syntax: unexpected "\"": want ':' after the key`,
	} {
		err := reader.Read("x.json", []byte(in), &s)
		assert.Equal(t, []string{want}, lines(t, err), in)
	}
	err := reader.Read("x.json", []byte("{\n  \"name\": \"a\",\n  \"count\": true\n}"), &s)
	assert.Equal(t, []string{"x.json:3:12: count: want a whole number, got \"true\""}, lines(t, err))
	// The same text named .yaml is YAML.
	require.NoError(t, reader.Read("x.yaml", []byte("{\"name\": \"a\", \"tags\": [\"x\",]}"), &s))
}

func TestLimits(t *testing.T) {
	var v struct {
		Items []int `yaml:"items"`
	}
	big := make([]byte, reader.MaxBytes+1)
	for i := range big {
		big[i] = ' '
	}
	err := reader.Read("big.yaml", big, &v)
	assert.Equal(t, []string{fmt.Sprintf("big.yaml:1:1: the file has %d bytes; the limit is %d (16 MiB)", reader.MaxBytes+1, reader.MaxBytes)}, lines(t, err))

	var b strings.Builder
	b.WriteString("items: [")
	for i := 0; i <= reader.MaxItems; i++ {
		b.WriteString("1,")
	}
	b.WriteString("]\n")
	err = reader.Read("rows.yaml", []byte(b.String()), &v)
	assert.Equal(t, []string{fmt.Sprintf("rows.yaml:1:8: a list of %d items; the limit is %d", reader.MaxItems+1, reader.MaxItems)}, lines(t, err))
}

func TestReadNumbers(t *testing.T) {
	var s sample
	for _, bad := range []string{"1e400", "2E3", "12,50", strings.Repeat("9", 41)} {
		err := reader.Read("d.yaml", []byte("name: a\namount: "+bad+"\n"), &s)
		assert.Equal(t, []string{`d.yaml:2:9: amount: want a decimal number such as 1234.56, got "` + bad + `"`}, lines(t, err), bad)
	}
	err := reader.Read("q.yaml", []byte("name: a\ncount: \"4\"\n"), &s)
	assert.Equal(t, []string{`q.yaml:2:8: count: want a whole number, got the text "4" (write it without quotes)`}, lines(t, err))
}

func TestNodeAt(t *testing.T) {
	root, ps := reader.Parse("f.yaml", []byte("units:\n  - id: a\n    restrictions:\n      max_age: 3\n  - id: b\n"))
	require.Nil(t, ps)
	n := reader.NodeAt(root, "units[0].restrictions.max_age")
	assert.Equal(t, [2]int{4, 16}, [2]int{n.Line, n.Column})
	n = reader.NodeAt(root, "units[1].beds") // missing: its nearest enclosing value
	assert.Equal(t, [2]int{5, 5}, [2]int{n.Line, n.Column})
	n = reader.NodeAt(root, "units[7]")
	assert.Equal(t, [2]int{2, 3}, [2]int{n.Line, n.Column})

	root, ps = reader.Parse("g.yaml", []byte("a:\n  - b:\n      - [x, y]\n      - [z, w]\n"))
	require.Nil(t, ps)
	n = reader.NodeAt(root, "a[0].b[1][1]")
	assert.Equal(t, "w", n.Value)
	assert.Equal(t, [2]int{4, 13}, [2]int{n.Line, n.Column})
}

// Validation problems are placed at the values their paths name and
// reported with the decoding problems; those about a value that could not
// be read are left out (they follow from the same mistake).
func TestValidateIsPlacedAndReportedWithDecodingProblems(t *testing.T) {
	var s sample
	err := reader.Read("s.yaml", []byte("name: x\ncount: many\ntags: [a]\ncolour: red\nnext: {name: y}\n"), &s,
		reader.Validate(func() []reader.Problem {
			return []reader.Problem{
				{Path: "count", Message: "must be positive"}, // could not be read: left out
				{Path: "tags[0]", Message: "unknown tag"},
				{Path: "next.count", Message: "is required"}, // missing: at the mapping that lacks it
				{Message: "whole"},
			}
		}))
	assert.Equal(t, []string{
		"s.yaml:1:1: whole",
		`s.yaml:2:8: count: want a whole number, got "many"`,
		"s.yaml:3:8: tags[0]: unknown tag",
		`s.yaml:4:1: colour: unknown key "colour"; want one of name, count, active, amount, from, tags, limits, next`,
		"s.yaml:5:7: next.count: is required",
	}, lines(t, err))

	require.NoError(t, reader.Read("s.yaml", []byte("name: x\n"), &s, reader.Validate(func() []reader.Problem { return nil })))
}

func TestSortAndMerge(t *testing.T) {
	ps := []reader.Problem{
		{File: "f.yaml", Line: 4, Col: 11, Message: "d"},
		{File: "f.yaml", Line: 3, Col: 5, Message: "c"},
		{File: "e.yaml", Line: 9, Col: 1, Message: "a"},
		{File: "f.yaml", Message: "b"},
	}
	reader.Sort(ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Message)
	}
	assert.Equal(t, []string{"a", "b", "c", "d"}, got)

	merged := reader.Merge(
		[]reader.Problem{{File: "f.yaml", Line: 3, Col: 5, Message: "first"}},
		[]reader.Problem{{File: "f.yaml", Line: 3, Col: 9, Message: "same line"}, {File: "f.yaml", Line: 1, Col: 1, Message: "later"}, {Message: "nowhere"}},
		false)
	assert.Equal(t, []reader.Problem{{File: "f.yaml", Line: 1, Col: 1, Message: "later"}, {File: "f.yaml", Line: 3, Col: 5, Message: "first"}}, merged)
}

type kept struct {
	Name string `yaml:"name"`
	node *yaml.Node
}

// unmarshaling decodes itself and reports a problem of its own.
type unmarshaling struct{ Value string }

func (u *unmarshaling) UnmarshalYAML(n *yaml.Node) error {
	d := reader.NewDecoder("")
	d.Decode(n, &u.Value)
	if u.Value == "bad" {
		d.Errorf(n, "bad is not allowed")
	}
	return d.Err()
}

func TestHooks(t *testing.T) {
	var v struct {
		Items []kept         `yaml:"items"`
		Own   []unmarshaling `yaml:"own"`
	}
	err := reader.Read("k.yaml", []byte("items:\n  - name: a\n  - name: b\n    bad: 1\nown: [ok, bad, [x]]\n"), &v,
		reader.OnValue(func(ptr any, n *yaml.Node) {
			if k, ok := ptr.(*kept); ok {
				k.node = n
			}
		}))
	assert.Equal(t, []string{
		`k.yaml:4:5: items[1].bad: unknown key "bad"; want one of name`,
		"k.yaml:5:11: own[1]: bad is not allowed",
		"k.yaml:5:16: own[2]: want a string, got a list",
	}, lines(t, err))
	require.Len(t, v.Items, 2)
	require.NotNil(t, v.Items[1].node)
	assert.Equal(t, [2]int{3, 5}, [2]int{v.Items[1].node.Line, v.Items[1].node.Column})
	assert.Equal(t, "ok", v.Own[0].Value)
}

func TestDecodeIntoNonPointerIsAProblem(t *testing.T) {
	err := reader.Read("p.yaml", []byte("a: 1\n"), sample{})
	assert.Equal(t, []string{"p.yaml:1:1: internal: cannot decode into reader_test.sample"}, lines(t, err))
}

func FuzzRead(f *testing.F) {
	f.Add("f.yaml", []byte("name: a\ncount: 2\nnext: {name: b, tags: [x]}\n"))
	f.Add("f.yaml", []byte("&a [*a]"))
	f.Add("f.json", []byte("{\"name\": 1, \"limits\": {\"a\": [1]},}"))
	f.Add("f.json", []byte("{\"name\": \"\\u00e9\", \"tags\": [\"a\\/b\"]}"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" {
			name = "f.yaml"
		}
		var s sample
		err := reader.Read(name, data, &s)
		if err == nil {
			return
		}
		var e *reader.Error
		require.ErrorAs(t, err, &e)
		require.NotEmpty(t, e.Problems)
		for i, p := range e.Problems {
			if p.Message == "" || p.File != name || p.Line < 1 || p.Col < 1 {
				t.Fatalf("problem without message or position: %+v", p)
			}
			if i > 0 && reader.Compare(e.Problems[i-1], p) > 0 {
				t.Fatalf("problems not sorted: %+v", e.Problems)
			}
		}
	})
}

// BenchmarkReadHousehold reads a shipped example household (JSON, strict)
// into the household type, the reader's common case, on the JSON fast path
// and on the YAML path.
func BenchmarkReadHousehold(b *testing.B) {
	data, err := os.ReadFile("../../testdata/crema-household-family-of-four.json")
	require.NoError(b, err)
	for _, fast := range []bool{true, false} {
		name := map[bool]string{true: "json", false: "yaml"}[fast]
		b.Run(name, func(b *testing.B) {
			defer reader.SetJSONFastPath(fast)()
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var h housing.Household
				if err := reader.Read("h.json", data, &h); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
