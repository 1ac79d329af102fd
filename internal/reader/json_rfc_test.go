package reader_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What JSON (RFC 8259) allows and YAML reads otherwise or refuses is read
// as JSON says, as encoding/json reads it.
func TestJSONReadsAsRFC8259(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"name":"Via Roma 1\/A"}`, "Via Roma 1/A"},
		{`{"name":"\/\\\/"}`, `/\/`},
		{`{"name":"Mario \ud83d\ude00"}`, "Mario 😀"},
		{`{"name":"\uD83D\uDE00\uDBFF\uDFFF\uD800\uDC00"}`, "😀\U0010FFFF\U00010000"},
		{`{"name":"\u00e8\u2028\u2029\u0085\u0090\ufffe\uffff"}`, "è\u2028\u2029\u0085\u0090\ufffe\uffff"},
		{"{\"name\":\"a\u2028b\u2029c\u0085d\u0090e\ufffef\uffffg\x7fh\"}", "a\u2028b\u2029c\u0085d\u0090e\ufffef\uffffg\x7fh"},
		{"\t{\"name\"\n\t:\t\"a\"}\t\n", "a"},
		{`{"` + strings.Repeat("k", 2000) + `":1,"name":"far"}`, "far"},
	} {
		var got, want struct {
			Name string `json:"name"`
			Rest map[string]any
		}
		require.NoError(t, json.Unmarshal([]byte(c.in), &want), c.in)
		require.Equal(t, c.want, want.Name, "encoding/json reads %q", c.in)
		var m map[string]any
		require.NoError(t, reader.Read("f.json", []byte(c.in), &m), c.in)
		got.Name, _ = m["name"].(string)
		assert.Equal(t, want.Name, got.Name, "the reader reads %q", c.in)
	}
	// Any value may be the root.
	for in, want := range map[string]any{`"a\/b"`: "a/b", " 12\t": 12, "true": true, "null": nil} {
		var v any
		require.NoError(t, reader.Read("f.json", []byte(in), &v), in)
		assert.Equal(t, want, v, in)
	}
}

// A lone surrogate escape is a problem at its line and column (in
// characters), in a key or a value; every one is reported.
func TestJSONLoneSurrogateIsAProblem(t *testing.T) {
	const msg = `: a lone surrogate escape %s: half a character, not one (a character beyond U+FFFF, such as an emoji, ` +
		`is escaped as a pair, high \ud800–\udbff then low \udc00–\udfff, like \ud83d\ude00); write the whole pair or the character itself`
	for in, want := range map[string][]string{
		"{\n  \"name\": \"Mario \\ud83d\"\n}":           {"f.json:2:18" + strings.Replace(msg, "%s", `\ud83d`, 1)},
		"{\"name\": \"é€😀 \\uDE00\\ud83d\\u0041\"}":     {"f.json:1:15" + strings.Replace(msg, "%s", `\uDE00`, 1), "f.json:1:21" + strings.Replace(msg, "%s", `\ud83d`, 1)},
		"[\"\\ud83d\\ud83d\\ude00\", {\"\\udbff\": 1}]": {"f.json:1:3" + strings.Replace(msg, "%s", `\ud83d`, 1), "f.json:1:26" + strings.Replace(msg, "%s", `\udbff`, 1)},
	} {
		var v any
		err := reader.Read("f.json", []byte(in), &v)
		assert.Equal(t, want, lines(t, err), in)
	}
}

// A text beyond the reader's limits is refused with the limit's problem,
// at the collection's place, whatever it holds; encoding/json's own limit
// of 10,000 levels makes no syntax error of it.
func TestJSONLimitsAreReportedAsLimits(t *testing.T) {
	deep := func(n int, inner string) string { return strings.Repeat("[", n) + inner + strings.Repeat("]", n) }
	long := func(item string) string {
		return "[" + strings.Repeat(item+",", reader.MaxItems) + item + "]"
	}
	const tooDeep = "f.json:1:65: nested more than 64 levels deep"
	const tooLong = "f.json:1:1: a list of 100001 items; the limit is 100000"
	for _, c := range []struct{ in, want string }{
		{deep(65, `"\/"`), tooDeep},
		{deep(65, `"\ud83d"`), tooDeep},
		{deep(65, "{\"a\"\n:1}"), tooDeep},
		{deep(64, `"\/"`), ""},
		{deep(20_000, ""), tooDeep},
		{deep(20_000, `"\/"`), tooDeep},
		{deep(20_000, "")[1:], tooDeep}, // also not JSON: too many ']'
		{long(`"\/"`), tooLong},
		{long(`"\ud83d"`), tooLong},
		{long(deep(70, "")), tooLong},
		{"[" + long("1") + "," + deep(66, "") + "]", "f.json:1:2: a list of 100001 items; the limit is 100000; f.json:1:200069: nested more than 64 levels deep"},
	} {
		var v any
		err := reader.Read("f.json", []byte(c.in), &v)
		if c.want == "" {
			assert.NoError(t, err)
			continue
		}
		require.Error(t, err)
		assert.Equal(t, c.want, err.Error(), "%.80q…", c.in)
	}
}

// Households as clients write them — PHP's json_encode escapes every '/'
// and writes non-ASCII characters as \u escapes, Python's json.dumps writes
// an emoji as a surrogate pair — read through housing.ReadHousehold (the
// reading of the command line and of the HTTP service) as encoding/json
// reads the same bytes.
func TestJSONHouseholdAsClientsWriteIt(t *testing.T) {
	data, err := os.ReadFile("../../testdata/crema-household-family-of-four.json")
	require.NoError(t, err)
	base := string(data)
	for _, c := range []struct {
		name     string
		old, new string
		note     string // the first income's note, read
	}{
		{"php slash", `"seasonal agricultural work"`, `"Via Roma 1\/A, Forl\u00ec"`, "Via Roma 1/A, Forlì"},
		{"php unicode", `"seasonal agricultural work"`, `"stagionale a Cr\u00e8ma \u2013 \/2"`, "stagionale a Crèma – /2"},
		{"python emoji", `"seasonal agricultural work"`, `"Mario \ud83d\ude00 Rossi"`, "Mario 😀 Rossi"},
		{"upper-case pair", `"seasonal agricultural work"`, `"\uD83C\uDDEE\uD83C\uDDF9"`, "🇮🇹"},
		{"LS PS escaped", `"seasonal agricultural work"`, `"a\u2028b\u2029c"`, "a\u2028b\u2029c"},
		{"raw NEL C1 LS PS", `"seasonal agricultural work"`, "\"a\u0085b\u0090c\u2028d\u2029e\ufffef\"", "a\u0085b\u0090c\u2028d\u2029e\ufffef"},
		{"tabs and a key on its own line", "\"note\": \"seasonal agricultural work\"", "\"note\"\n\t\t:\t\"x\\/y\"", "x/y"},
	} {
		in := strings.Replace(base, c.old, c.new, 1)
		require.NotEqual(t, base, in, c.name)
		got, err := housing.ReadHousehold("h.json", []byte(in))
		require.NoError(t, err, c.name)
		var want housing.Household
		require.NoError(t, json.Unmarshal([]byte(in), &want), c.name)
		require.Equal(t, c.note, want.Members[0].Incomes[0].Note, c.name)
		assert.Equal(t, c.note, got.Members[0].Incomes[0].Note, c.name)
		gotJSON, err := json.Marshal(got)
		require.NoError(t, err)
		wantJSON, err := json.Marshal(want)
		require.NoError(t, err)
		assert.JSONEq(t, string(wantJSON), string(gotJSON), c.name)
	}
	in := strings.Replace(base, `"seasonal agricultural work"`, `"Mario \ud83d"`, 1)
	_, err = housing.ReadHousehold("h.json", []byte(in))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `h.json:9:98: a lone surrogate escape \ud83d: half a character`)
}
