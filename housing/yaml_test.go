package housing

import (
	"testing"

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

func TestNodeAt(t *testing.T) {
	root, ps := ParseYAML("f.yaml", []byte("units:\n  - id: a\n    restrictions:\n      max_age: 3\n  - id: b\n"))
	require.Nil(t, ps)
	n := NodeAt(root, "units[0].restrictions.max_age")
	assert.Equal(t, [2]int{4, 16}, [2]int{n.Line, n.Column})
	n = NodeAt(root, "units[1].beds") // missing: its nearest enclosing value
	assert.Equal(t, [2]int{5, 5}, [2]int{n.Line, n.Column})
	n = NodeAt(root, "units[7]")
	assert.Equal(t, [2]int{2, 3}, [2]int{n.Line, n.Column})

	root, ps = ParseYAML("g.yaml", []byte("a:\n  - b:\n      - [x, y]\n      - [z, w]\n"))
	require.Nil(t, ps)
	n = NodeAt(root, "a[0].b[1][1]")
	assert.Equal(t, "w", n.Value)
	assert.Equal(t, [2]int{4, 13}, [2]int{n.Line, n.Column})
}

func TestPlaceProblemsAndSortProblems(t *testing.T) {
	root, ps := ParseYAML("f.yaml", []byte("id: h1\nmembers:\n  - name: A\n  - name: B\n"))
	require.Nil(t, ps)
	placed := PlaceProblems(root, "f.yaml", Problems{
		{Path: "members[1].name", Message: "too short"},
		{Path: "members[0].birth_date", Message: "is required"},
		{Path: "", Message: "whole"},
	})
	assert.Equal(t, Problems{
		{Path: "f.yaml:4:11", Message: "members[1].name: too short"},
		{Path: "f.yaml:3:5", Message: "members[0].birth_date: is required"},
		{Path: "f.yaml:1:1", Message: "whole"},
	}, placed)
	placed = append(placed, Problem{Path: "e.yaml:9:1", Message: "other file"}, Problem{Path: "f.yaml", Message: "no position"})
	SortProblems(placed)
	var order []string
	for _, p := range placed {
		order = append(order, p.Path)
	}
	assert.Equal(t, []string{"e.yaml:9:1", "f.yaml", "f.yaml:1:1", "f.yaml:3:5", "f.yaml:4:11"}, order)
}

func TestDecodeValid(t *testing.T) {
	root, ps := ParseYAML("s.yaml", []byte("name: x\ncount: many\ntags: [a]\n"))
	require.Nil(t, ps)
	var s sample
	d := &YAMLDecoder{File: "s.yaml"}
	ok := d.DecodeValid(root, &s, func() error {
		return Problems{
			{Path: "count", Message: "must be positive"}, // same line as the decoding problem: left out
			{Path: "tags[0]", Message: "unknown tag"},
		}.Err("invalid sample")
	}, "sample: ")
	assert.False(t, ok)
	assert.Equal(t, Problems{
		{Path: "s.yaml:2:8", Message: `want a whole number, got "many"`},
		{Path: "s.yaml:3:8", Message: "sample: tags[0]: unknown tag"},
	}, d.Problems)

	d = &YAMLDecoder{File: "s.yaml"}
	root, _ = ParseYAML("s.yaml", []byte("name: x\n"))
	assert.True(t, d.DecodeValid(root, &s, func() error { return nil }, ""))
	assert.Empty(t, d.Problems)
}

type keptPos struct{ node *yaml.Node }

func (k *keptPos) KeepYAMLNode(n *yaml.Node) { k.node = n }

type keeping struct {
	Name string `yaml:"name"`
	keptPos
}

func TestYAMLNodeKeeper(t *testing.T) {
	var v struct {
		Items []keeping `yaml:"items"`
	}
	ps := UnmarshalYAML("k.yaml", []byte("items:\n  - name: a\n  - name: b\n    bad: 1\n"), &v)
	assert.Equal(t, Problems{{Path: "k.yaml:4:5", Message: `unknown key "bad"; want one of name`}}, ps)
	require.Len(t, v.Items, 2)
	assert.Equal(t, "b", v.Items[1].Name)
	require.NotNil(t, v.Items[1].node)
	assert.Equal(t, [2]int{3, 5}, [2]int{v.Items[1].node.Line, v.Items[1].node.Column})
}
