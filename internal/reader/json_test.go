package reader_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// parseBoth parses data as a ".json" file on the JSON fast path and on the
// YAML path.
func parseBoth(data []byte) (fast, slow *yaml.Node, fastPs, slowPs []reader.Problem) {
	fast, fastPs = reader.Parse("f.json", data)
	defer reader.SetJSONFastPath(false)()
	slow, slowPs = reader.Parse("f.json", data)
	return fast, slow, fastPs, slowPs
}

// readBoth reads data into a new *T on both paths and returns the values
// and the errors' texts.
func readBoth[T any](data []byte) (fast, slow *T, fastErr, slowErr string) {
	text := func(err error) string {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	fast, slow = new(T), new(T)
	fastErr = text(reader.Read("f.json", data, fast))
	defer reader.SetJSONFastPath(false)()
	slowErr = text(reader.Read("f.json", data, slow))
	return fast, slow, fastErr, slowErr
}

// agree checks that both paths give data the same node tree, node for
// node, and the same problems, and that reading it into a few types gives
// the same values and errors — when YAML reads data as JSON does (see
// yamlReadsAlike); otherwise only that the fast path does not fail.
func agree(t testing.TB, data []byte) {
	t.Helper()
	if !yamlReadsAlike(data) {
		reader.Parse("f.json", data)
		return
	}
	fast, slow, fastPs, slowPs := parseBoth(data)
	require.Equal(t, slowPs, fastPs, "problems of %q", data)
	require.Equal(t, slow, fast, "node tree of %q", data)

	fs, ss, fe, se := readBoth[sample](data)
	require.Equal(t, se, fe, "reading %q into sample", data)
	if se == "" {
		require.Equal(t, ss, fs, "reading %q into sample", data)
	}
	fh, sh, fe, se := readBoth[housing.Household](data)
	require.Equal(t, se, fe, "reading %q into a household", data)
	if se == "" {
		require.Equal(t, sh, fh, "reading %q into a household", data)
	}
	fa, sa, fe, se := readBoth[any](data)
	require.Equal(t, se, fe, "reading %q into any", data)
	require.Equal(t, sa, fa, "reading %q into any", data)
}

// yamlReadsAlike reports whether the YAML parser reads data, a JSON text,
// as JSON does, so that the YAML path is a reference for the fast one: an
// invalid text (both paths leave it to encoding/json), or a valid one
// without any of the constructs YAML reads otherwise or refuses — an escape
// "\/" or of a surrogate, a NEL, LS or PS character (line breaks to YAML),
// a C1 control, U+FFFE, U+FFFF or DEL (which YAML refuses), a tab outside
// the root's brackets, a key whose ':' is on a later line or more than
// 1,000 bytes after its start (no longer a YAML simple key), nesting deeper
// than encoding/json reads (10,000 levels).
func yamlReadsAlike(data []byte) bool {
	if !json.Valid(data) {
		return reader.TooDeepAt(data, 10_000) < 0
	}
	depth := 0
	for i := 0; i < len(data); {
		switch c := data[i]; {
		case c == '"':
			start := i
			for i++; i < len(data) && data[i] != '"'; {
				switch c := data[i]; {
				case c == '\\' && i+1 < len(data):
					switch data[i+1] {
					case '/':
						return false
					case 'u':
						if r, err := strconv.ParseUint(string(data[i+2:min(i+6, len(data))]), 16, 32); err == nil && utf16.IsSurrogate(rune(r)) {
							return false
						}
					}
					i += 2
				case c == 0x7f:
					return false
				case c >= utf8.RuneSelf:
					r, size := utf8.DecodeRune(data[i:])
					if r < 0xA0 || r == 0x2028 || r == 0x2029 || r == 0xFFFE || r == 0xFFFF {
						return false
					}
					i += size
				default:
					i++
				}
			}
			i++
			j := i
			for j < len(data) && strings.IndexByte(" \t\r\n", data[j]) >= 0 {
				j++
			}
			if j < len(data) && data[j] == ':' && (strings.ContainsAny(string(data[i:j]), "\r\n") || j-start > 1000) {
				return false
			}
		case c == '{' || c == '[':
			depth++
			i++
		case c == '}' || c == ']':
			depth--
			i++
		case c == '\t' && depth == 0:
			return false
		default:
			i++
		}
	}
	return true
}

// matchesEncodingJSON checks the reading of data as a ".json" file against
// encoding/json's: the reader refuses what encoding/json refuses; it reads
// a valid text beyond its limits, or with a lone surrogate escape, as the
// problems that say so, at the right places; it reads any other valid text
// into the tree of encoding/json's tokens — the same strings (keys and
// values), the literal text of each number, the same booleans and nulls —
// each node at the offset where encoding/json finds its token.
func matchesEncodingJSON(t testing.TB, data []byte) {
	t.Helper()
	root, ps := reader.Parse("f.json", data)
	if !json.Valid(data) || !utf8.Valid(data) || len(data) > reader.MaxBytes {
		require.NotEmpty(t, ps, "the reader accepts %q, which encoding/json refuses", data)
		return
	}
	deep, long := beyondLimits(t, data)
	lone := loneSurrogates(data)
	if deep || long || len(lone) > 0 {
		require.NotEmpty(t, ps, "%q: deep %v, long %v, lone surrogates at %v", data, deep, long, lone)
		for _, p := range ps {
			off := offsetAt(t, data, p.Line, p.Col)
			switch {
			case p.Message == fmt.Sprintf("nested more than %d levels deep", reader.MaxDepth):
				require.Contains(t, "{[", string(data[off]), "%+v in %q", p, data)
				require.Greater(t, depthAt(data, off), reader.MaxDepth, "%+v in %q", p, data)
			case strings.HasPrefix(p.Message, "a list of "):
				require.Equal(t, byte('['), data[off], "%+v in %q", p, data)
			case strings.HasPrefix(p.Message, "a lone surrogate escape "):
				require.Contains(t, lone, off, "%+v in %q", p, data)
			default:
				t.Fatalf("unexpected problem %+v of %q", p, data)
			}
		}
		return
	}
	require.Empty(t, ps, "valid JSON %q", data)
	lines := lineStarts(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// Plain checks, not testify's: this runs for every node of every
	// input the fuzzer tries.
	var same func(n *yaml.Node)
	same = func(n *yaml.Node) {
		start := int(dec.InputOffset())
		for start < len(data) && strings.IndexByte(" \t\r\n,:", data[start]) >= 0 {
			start++
		}
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		if at := offsetIn(data, lines, n.Line, n.Column); at != start {
			t.Fatalf("%q: %v at %d:%d, offset %d; encoding/json finds it at %d", data, tok, n.Line, n.Column, at, start)
		}
		wrong := func(what string) {
			t.Helper()
			t.Fatalf("%q: %v read as %s (kind %v, tag %s, value %q)", data, tok, what, n.Kind, n.Tag, n.Value)
		}
		switch v := tok.(type) {
		case json.Delim:
			i := 0
			if v == '{' {
				if n.Kind != yaml.MappingNode {
					wrong("not a mapping")
				}
				for ; dec.More(); i += 2 {
					if i+1 >= len(n.Content) {
						wrong("too few members")
					}
					same(n.Content[i])
					same(n.Content[i+1])
				}
			} else {
				if n.Kind != yaml.SequenceNode {
					wrong("not a list")
				}
				for ; dec.More(); i++ {
					if i >= len(n.Content) {
						wrong("too few items")
					}
					same(n.Content[i])
				}
			}
			if len(n.Content) != i {
				wrong("too many members or items")
			}
			if _, err := dec.Token(); err != nil {
				t.Fatalf("%q: %v", data, err)
			}
		case string:
			if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || n.Value != v {
				wrong("another string")
			}
		case json.Number:
			if n.Kind != yaml.ScalarNode || n.Tag != "!!int" && n.Tag != "!!float" && n.Tag != "!!str" || n.Value != string(v) {
				wrong("another number")
			}
		case bool:
			if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Value != strconv.FormatBool(v) {
				wrong("another boolean")
			}
		case nil:
			if n.Kind != yaml.ScalarNode || n.Tag != "!!null" {
				wrong("not null")
			}
		}
	}
	same(root)
}

// beyondLimits reports whether a valid JSON text nests deeper than
// MaxDepth or has a list of more than MaxItems items, as encoding/json's
// tokens show.
func beyondLimits(t testing.TB, data []byte) (deep, long bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var counts []int // items of the open collections
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return deep, long
		}
		require.NoError(t, err)
		switch tok {
		case json.Delim('}'), json.Delim(']'):
			long = long || tok == json.Delim(']') && counts[len(counts)-1] > reader.MaxItems
			counts = counts[:len(counts)-1]
			continue
		}
		if len(counts) > 0 {
			counts[len(counts)-1]++ // an item, or a key of an object
		}
		if tok == json.Delim('{') || tok == json.Delim('[') {
			counts = append(counts, 0)
			deep = deep || len(counts) > reader.MaxDepth
		}
	}
}

// loneSurrogates returns the offsets of the lone surrogate escapes in the
// strings of a valid JSON text: a high one ("\ud800"–"\udbff") not followed
// by a low one, or a low one not after a high one.
func loneSurrogates(data []byte) []int {
	var lone []int
	hex := func(i int) rune {
		if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
			return -1
		}
		r, err := strconv.ParseUint(string(data[i+2:i+6]), 16, 32)
		if err != nil {
			return -1
		}
		return rune(r)
	}
	inString := false
	for i := 0; i < len(data); i++ {
		switch {
		case data[i] == '"':
			inString = !inString
		case inString && data[i] == '\\':
			r := hex(i)
			switch {
			case 0xD800 <= r && r < 0xDC00:
				if lo := hex(i + 6); 0xDC00 <= lo && lo < 0xE000 {
					i += 6
				} else {
					lone = append(lone, i)
				}
			case 0xDC00 <= r && r < 0xE000:
				lone = append(lone, i)
			}
			i++ // the escaped character
		}
	}
	return lone
}

// depthAt returns the nesting level of the collection opened at offset off
// of a valid JSON text (1 for the root).
func depthAt(data []byte, off int) int {
	depth, inString := 0, false
	for i := 0; i <= off; i++ {
		switch c := data[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		}
	}
	return depth
}

// lineStarts returns the offsets where the lines of data start, as the
// reader counts them: lines end at LF, CR LF or CR.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		case '\n':
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offsetIn returns the byte offset of a line and column (in characters)
// of data whose lines start at lines; -1 when there is none.
func offsetIn(data []byte, lines []int, line, col int) int {
	if line < 1 || line > len(lines) || col < 1 {
		return -1
	}
	off := lines[line-1]
	for c := 1; c < col; c++ {
		if off >= len(data) {
			return -1
		}
		_, size := utf8.DecodeRune(data[off:])
		off += size
	}
	return off
}

// offsetAt is offsetIn for one position.
func offsetAt(t testing.TB, data []byte, line, col int) int {
	off := offsetIn(data, lineStarts(data), line, col)
	require.GreaterOrEqual(t, off, 0, "%d:%d in %q", line, col, data)
	return off
}

// Every JSON file of the repository is read as encoding/json reads it, and
// the same on both paths where YAML reads it alike.
func TestJSONPathsAgreeOnTheRepositoryFiles(t *testing.T) {
	var files, alike int
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		files++
		matchesEncodingJSON(t, data)
		agree(t, data)
		if yamlReadsAlike(data) {
			alike++
		} else {
			t.Logf("%s: YAML reads it otherwise", path)
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, files, 20)
	assert.GreaterOrEqual(t, alike, files*3/4, "YAML reads %d of %d files alike", alike, files)
}

// The cases where the two parsers could part: each reads as encoding/json
// reads it, and the same on both paths when YAML reads it alike; the
// fast path reads exactly the valid JSON texts.
func TestJSONPathsAgreeOnEdgeCases(t *testing.T) {
	deepest := strings.Repeat("[", 10_001) + strings.Repeat("]", 10_001)
	for _, c := range []struct {
		in   string
		yaml bool // YAML reads it as JSON does
	}{
		{`{"name":"a","count":2,"active":true,"amount":"12.50","tags":["x","y"],"limits":{"a":"1"},"next":null}`, true},
		{"{\n  \"name\": \"a\",\n  \"count\": 2\n}\n", true},
		{"\r\n  {\"name\":\r\"a\",\r\n\"count\":\n\n2}\r\n\r\n", true},
		{"  {\n\"name\":1}", true},
		{"{\n\t\"name\":\t\"a\"\t}", true},
		{`{"name":"é€😀","tags":["ü","x"],"count":3}`, true},
		{`{"name":"a\"b\\c\b\f\n\r\t\u0000\u00e9\u20AC\u0085\u2028\uFFFF","count":-0}`, true},
		{`{"name":"a","tags":[],"limits":{}}`, true},
		{`[1, -0, 0.5, 1e5, 1E+5, 1e-400, 1e400, -9223372036854775808, 9223372036854775808, 18446744073709551616, 123456789012345678901234567890]`, true},
		{`{"name":"a","amount":1e400}`, true},
		{`{"name":"a","amount":12.50,"count":1.0}`, true},
		{`{"name":"a","name":"b","colour":1}`, true},
		{`{"count":"4","active":"true","from":null}`, true},
		{`{"":1,"name":""}`, true},
		{`{"name":"` + strings.Repeat("x", 5000) + `"}`, true},
		{`{"` + strings.Repeat("k", 990) + `":1}`, true},
		{strings.Repeat("[", 64) + strings.Repeat("]", 64), true},
		{strings.Repeat("[", 65) + strings.Repeat("]", 65), true},
		{`[` + strings.Repeat("[", 64) + `1` + strings.Repeat("]", 64) + `,{"a":` + strings.Repeat("{\"b\":", 70) + `2` + strings.Repeat("}", 71) + `]`, true},
		{`[` + strings.Repeat(`{"a":[1,{"b":null}]},`, 50) + `0]`, true},
		{`"a"`, true},
		{`12`, true},
		{`null`, true},
		{" true \n", true},
		// Valid JSON that YAML reads otherwise or refuses.
		{`{"` + strings.Repeat("k", 1030) + `":1}`, false},
		{"{\"name\"\n: \"a\"}", false},
		{"\t{\"name\":\"a\"}", false},
		{"{\"name\":\"a\"}\n\t", false},
		{`{"name":"a\/b"}`, false},
		{`{"name":"\ud83d\ude00"}`, false},
		{`{"name":"\uD83D\uDE00\udbff\udfff\ud800\udc00"}`, false},
		{`{"name":"\ud83d"}`, false},
		{`{"name":"\ude00\ud83d"}`, false},
		{`{"name":"\ud83d\ud83d\ude00 \ud83d\u0041 \ud83d\n"}`, false},
		{`{"\ud83d":"\ud83d", "a": ["\udfff"]}`, false},
		{"{\"name\":\"a\u0085b\"}", false},
		{"{\"name\":\"a\u2028b\"}", false},
		{"{\"name\":\"a\u2029b\"}", false},
		{"{\"name\":\"a\u0090b\"}", false},
		{"{\"name\":\"a\ufffeb\uffffc\"}", false},
		{"{\"name\":\"a\x7fb\"}", false},
		{"\t\"a\\/b\"\t", false},
		{strings.Repeat("[", 65) + `"\/"` + strings.Repeat("]", 65), false},
		{deepest, false},
		// Not JSON.
		{"\ufeff{}", true},
		{`{"name":"a",}`, true},
		{`{"name":"a"} {}`, true},
		{`{"name":'a'}`, true},
		{`{"name":01}`, true},
		{`{"name":1.}`, true},
		{`{"name":.5}`, true},
		{`{"name":-}`, true},
		{`{"name":tru}`, true},
		{`{"name":truex}`, true},
		{`{"name":"a"`, true},
		{`{"name" "a"}`, true},
		{`{"name":"a\x"}`, true},
		{`{"name":"a\u12"}`, true},
		{`{"name":"a\ud83d\u12"}`, true},
		{`{"name":"a` + "\t" + `"}`, true},
		{`[1,,2]`, true},
		{`{,}`, true},
		{`{"a":1}#`, true},
		{"{\"a\":1\x7f}", true},
		{strings.Repeat("[", 65) + `"\/"` + strings.Repeat("]", 64), true},
		{strings.Repeat("[", 65) + `"\x"` + strings.Repeat("]", 65), true},
	} {
		assert.Equal(t, c.yaml, yamlReadsAlike([]byte(c.in)), "YAML reads %q alike", c.in)
		matchesEncodingJSON(t, []byte(c.in))
		agree(t, []byte(c.in))
		_, _, ok := reader.ParseJSONFast("f.json", []byte(c.in))
		// encoding/json refuses nesting deeper than 10,000 levels.
		valid := json.Valid([]byte(c.in)) || c.in == deepest
		assert.Equal(t, valid, ok, "fast path taken for %q", c.in)
	}
	// A list over the limit: its problem, at the same place on both paths.
	long := "[" + strings.Repeat("1,", reader.MaxItems) + "1]"
	matchesEncodingJSON(t, []byte(long))
	agree(t, []byte(long))
}

// The tests of the reader pass on the YAML path too (they run on the fast
// path as the default).
func TestReaderTestsOnTheYAMLPath(t *testing.T) {
	defer reader.SetJSONFastPath(false)()
	for name, test := range map[string]func(*testing.T){
		"ReadDecodesValues": TestReadDecodesValues,
		"ReadReportsEveryProblemSortedWithTypedPositions": TestReadReportsEveryProblemSortedWithTypedPositions,
		"ReadPositionsOfWholeFileProblems":                TestReadPositionsOfWholeFileProblems,
		"YAMLSyntaxLines":                                 TestYAMLSyntaxLines,
		"JSONIsStrict":                                    TestJSONIsStrict,
		"Limits":                                          TestLimits,
		"ReadNumbers":                                     TestReadNumbers,
		"NodeAt":                                          TestNodeAt,
		"ValidateIsPlacedAndReportedWithDecodingProblems": TestValidateIsPlacedAndReportedWithDecodingProblems,
		"Hooks":                          TestHooks,
		"DecodeIntoNonPointerIsAProblem": TestDecodeIntoNonPointerIsAProblem,
		"JSONHouseholdReadsOnBothPaths":  TestJSONHouseholdReadsOnBothPaths,
	} {
		t.Run(name, test)
	}
}

// A shipped household reads the same way through either path, with a
// validation hook placing its problems.
func TestJSONHouseholdReadsOnBothPaths(t *testing.T) {
	data, err := os.ReadFile("../../testdata/crema-household-family-of-four.json")
	require.NoError(t, err)
	var h housing.Household
	require.NoError(t, reader.Read("h.json", data, &h))
	assert.NotEmpty(t, h.Members)
	bad := strings.Replace(string(data), `"role"`, `"rolle"`, 1)
	var h2 housing.Household
	err = reader.Read("h.json", []byte(bad), &h2, reader.Validate(func() []reader.Problem {
		return []reader.Problem{{Path: "members[0]", Message: "checked"}}
	}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown key "rolle"`)
}

// FuzzJSONPaths checks on arbitrary input that the JSON fast path and the
// YAML path give the same node tree and the same problems, and the same
// values or errors when read, where YAML reads the input as JSON does (see
// yamlReadsAlike).
func FuzzJSONPaths(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile("../../testdata/crema-household-family-of-four.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		agree(t, data)
	})
}

// FuzzJSONAsEncodingJSON checks on arbitrary input that the reader reads a
// ".json" file as encoding/json does (see matchesEncodingJSON): it refuses
// what encoding/json refuses, and reads every valid JSON text into the
// strings, numbers, booleans and nulls of encoding/json's tokens, at their
// offsets, unless the text is beyond the reader's limits or has a lone
// surrogate escape, where it says so at the right place.
func FuzzJSONAsEncodingJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile("../../testdata/crema-household-family-of-four.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		matchesEncodingJSON(t, data)
	})
}

// jsonSeeds are the seed inputs of the JSON fuzz targets.
var jsonSeeds = []string{
	`{"name":"a","count":2,"active":true,"amount":"12.50","tags":["x","y"],"limits":{"a":"1"},"next":{"name":"b"}}`,
	"{\n  \"name\": \"é\",\r\n\t\"count\": -0 }\n",
	`[1, 0.5, 1e400, 18446744073709551616, "\u00e9\n", null, false, {}]`,
	`{"name":"a\/b\ud83d"}`,
	`{"name":"Via Roma 1\/A \ud83d\ude00 \uDBFF\uDFFF \ude00\ud800 x"}`,
	"{\"name\":\"\u0085\u2028\u2029\u0090\ufffe\uffff\x7f\"}",
	"\t{\"a\"\n:1}\t",
	`"\/"`,
	"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\\/\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	`{"members":[{"role":"reference","birth_date":"1980-04-30","incomes":[{"kind":"employment","annual":"3000.00"}]}],"isee":{"value":"2000.00","issued_on":"2025-01-20"}}`,
}
