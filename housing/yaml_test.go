package housing

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type sample struct {
	Name   string            `yaml:"name" required:"true"`
	Count  int               `yaml:"count"`
	Active bool              `yaml:"active"`
	Amount decimal.Decimal   `yaml:"amount"`
	From   Date              `yaml:"from"`
	Tags   []string          `yaml:"tags"`
	Limits map[string]string `yaml:"limits"`
	Next   *sample           `yaml:"next"`
}

func TestUnmarshalYAMLDecodesValues(t *testing.T) {
	var s sample
	ps := UnmarshalYAML("ok.yaml", []byte(`
name: crema
count: 4
active: true
amount: 20217.01
from: 2024-02-29
tags: [a, b]
limits: {x: "1"}
next: {name: inner}
`), &s)
	require.Empty(t, ps)
	assert.Equal(t, "crema", s.Name)
	assert.Equal(t, 4, s.Count)
	assert.True(t, s.Active)
	assert.True(t, s.Amount.Equal(decimal.RequireFromString("20217.01")))
	assert.Equal(t, "2024-02-29", s.From.String())
	assert.Equal(t, []string{"a", "b"}, s.Tags)
	assert.Equal(t, "inner", s.Next.Name)
}

func TestUnmarshalYAMLReportsEveryProblemWithPosition(t *testing.T) {
	var s sample
	ps := UnmarshalYAML("bad.yaml", []byte(`name: x
count: four
colour: red
amount: lots
from: 2023-02-29
name: y
active: "yes"
tags: a
`), &s)
	got := map[string]string{}
	for _, p := range ps {
		got[p.Path] = p.Message
	}
	assert.Equal(t, map[string]string{
		"bad.yaml:2:8": `want a whole number, got "four"`,
		"bad.yaml:3:1": `unknown key "colour"; want one of name, count, active, amount, from, tags, limits, next`,
		"bad.yaml:4:9": `want a decimal number such as 1234.56, got "lots"`,
		"bad.yaml:5:7": `date "2023-02-29": day 29 out of range 1..28 for 2023-02`,
		"bad.yaml:6:1": `duplicate key "name" (first at line 1)`,
		"bad.yaml:7:9": `want true or false, got "yes"`,
		"bad.yaml:8:7": `want a list, got "a"`,
	}, got)
}

func TestUnmarshalYAMLSyntaxAndMissing(t *testing.T) {
	var s sample
	ps := UnmarshalYAML("syn.yaml", []byte("name: [unclosed\n"), &s)
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].Path, "syn.yaml:")
	assert.Contains(t, ps[0].Message, "syntax:")

	ps = UnmarshalYAML("missing.yaml", []byte("count: 1\n"), &s)
	require.Len(t, ps, 1)
	assert.Equal(t, "missing.yaml:1:1", ps[0].Path)
	assert.Equal(t, `missing required key "name"`, ps[0].Message)

	ps = UnmarshalYAML("empty.yaml", nil, &s)
	require.Len(t, ps, 1)
	assert.Equal(t, "the document is empty", ps[0].Message)
}

// Syntax errors point at the line to look at, whichever part of the YAML
// parser found them.
func TestParseYAMLSyntaxLines(t *testing.T) {
	for in, want := range map[string]string{
		"a: 1\nb: [1\nc: 2\n": "s.yaml:2:1 syntax: did not find expected ',' or ']'",
		"a: 1\nb: {x: 1\n":    "s.yaml:2:1 syntax: did not find expected ',' or '}'",
		"a: 1\na 2\n":         "s.yaml:2:1 syntax: could not find expected ':'",
		"a: 1\nb: @x\n":       "s.yaml:2:1 syntax: found character that cannot start any token",
		"a: 1\n\tb: 2\n":      "s.yaml:2:1 syntax: found a tab character that violates indentation",
	} {
		_, ps := ParseYAML("s.yaml", []byte(in))
		require.Len(t, ps, 1, in)
		assert.Equal(t, want, ps[0].Path+" "+ps[0].Message, in)
	}
}

func TestUnmarshalYAMLNumbersAndDocuments(t *testing.T) {
	var s sample
	for _, bad := range []string{"1e400", "2E3", "12,50"} {
		ps := UnmarshalYAML("d.yaml", []byte("name: a\namount: "+bad+"\n"), &s)
		require.Len(t, ps, 1, bad)
		assert.Equal(t, `want a decimal number such as 1234.56, got "`+bad+`"`, ps[0].Message)
	}

	ps := UnmarshalYAML("q.yaml", []byte("name: a\ncount: \"4\"\n"), &s)
	require.Len(t, ps, 1)
	assert.Equal(t, "q.yaml:2:8", ps[0].Path)
	assert.Equal(t, `want a whole number, got the text "4" (write it without quotes)`, ps[0].Message)

	ps = UnmarshalYAML("m.yaml", []byte("name: a\n---\nname: b\n"), &s)
	require.Len(t, ps, 1)
	assert.Equal(t, "a file holds one document; found a second after ---", ps[0].Message)
}

func TestUnmarshalYAMLJSON(t *testing.T) {
	var s sample
	ps := UnmarshalYAML("x.json", []byte("{\n  \"name\": \"a\",\n  \"count\": true\n}"), &s)
	require.Len(t, ps, 1)
	assert.Equal(t, "x.json:3:12", ps[0].Path)
}

func FuzzUnmarshalYAMLYAML(f *testing.F) {
	f.Add([]byte("name: a\ncount: 2\nnext: {name: b, tags: [x]}\n"))
	f.Add([]byte("&a [*a]"))
	f.Add([]byte("{\"name\": 1, \"limits\": {\"a\": [1]}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s sample
		for _, p := range UnmarshalYAML("f.yaml", data, &s) {
			if p.Message == "" || p.Path == "" {
				t.Fatalf("problem without message or position: %+v", p)
			}
		}
	})
}
