package reader_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
// the same values and errors. It returns whether the fast path read it
// (rather than leaving it to the YAML path).
func agree(t testing.TB, data []byte) bool {
	t.Helper()
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

	if fastPs != nil {
		return false
	}
	_, taken := reader.ParseJSONFast(data)
	return taken
}

// Every JSON file of the repository reads the same on both paths, and the
// fast path reads all of them but the few the YAML path must (documents
// YAML refuses, such as an escape "\/").
func TestJSONPathsAgreeOnTheRepositoryFiles(t *testing.T) {
	var files, taken int
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
		if agree(t, data) {
			taken++
		} else {
			t.Logf("%s: left to the YAML path", path)
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, files, 20)
	assert.GreaterOrEqual(t, taken, files*3/4, "the fast path read %d of %d files", taken, files)
}

// The cases where the two parsers could part: each reads the same on both
// paths, and the fast path reads exactly those it is meant to.
func TestJSONPathsAgreeOnEdgeCases(t *testing.T) {
	for _, c := range []struct {
		in   string
		fast bool
	}{
		{`{"name":"a","count":2,"active":true,"amount":"12.50","tags":["x","y"],"limits":{"a":"1"},"next":null}`, true},
		{"{\n  \"name\": \"a\",\n  \"count\": 2\n}\n", true},
		{"\r\n  {\"name\":\r\"a\",\r\n\"count\":\n\n2}\r\n\r\n", true},
		{"  {\n\"name\":1}", true},
		{"{\n\t\"name\":\t\"a\"\t}", true},
		{`{"name":"é€😀","tags":["ü","x"],"count":3}`, true},
		{`{"name":"a\"b\\c\b\f\n\r\t\u0000\u00e9\u20AC","count":-0}`, true},
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
		{`[` + strings.Repeat(`{"a":[1,{"b":null}]},`, 50) + `0]`, true},
		// Left to the YAML path.
		{`{"` + strings.Repeat("k", 1030) + `":1}`, false},
		{"{\"name\"\n: \"a\"}", false},
		{"\t{\"name\":\"a\"}", false},
		{"{\"name\":\"a\"}\n\t", false},
		{`{"name":"a\/b"}`, false},
		{`{"name":"\ud83d\ude00"}`, false},
		{"{\"name\":\"a\u0085b\"}", false},
		{"{\"name\":\"a\u2028b\"}", false},
		{"{\"name\":\"a\u2029b\"}", false},
		{"{\"name\":\"a\u0090b\"}", false},
		{"{\"name\":\"a\uffffb\"}", false},
		{strings.Repeat("[", 65) + strings.Repeat("]", 65), false},
		{`"a"`, false},
		{`12`, false},
		{`null`, false},
		{"\ufeff{}", false},
		{`{"name":"a",}`, false},
		{`{"name":"a"} {}`, false},
		{`{"name":'a'}`, false},
		{`{"name":01}`, false},
		{`{"name":1.}`, false},
		{`{"name":.5}`, false},
		{`{"name":-}`, false},
		{`{"name":tru}`, false},
		{`{"name":truex}`, false},
		{`{"name":"a"`, false},
		{`{"name" "a"}`, false},
		{`{"name":"a\x"}`, false},
		{`{"name":"a\u12"}`, false},
		{`{"name":"a` + "\t" + `"}`, false},
		{`[1,,2]`, false},
		{`{,}`, false},
		{`{"a":1}#`, false},
	} {
		assert.Equal(t, c.fast, agree(t, []byte(c.in)), "fast path taken for %q", c.in)
	}
	// A list over the limit is placed by the YAML path.
	long := "[" + strings.Repeat("1,", reader.MaxItems) + "1]"
	assert.False(t, agree(t, []byte(long)))
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
// values or errors when read.
func FuzzJSONPaths(f *testing.F) {
	for _, s := range []string{
		`{"name":"a","count":2,"active":true,"amount":"12.50","tags":["x","y"],"limits":{"a":"1"},"next":{"name":"b"}}`,
		"{\n  \"name\": \"é\",\r\n\t\"count\": -0 }\n",
		`[1, 0.5, 1e400, 18446744073709551616, "\u00e9\n", null, false, {}]`,
		`{"name":"a\/b\ud83d"}`,
		"{\"a\"\n:1}",
		`{"members":[{"role":"reference","birth_date":"1980-04-30","incomes":[{"kind":"employment","annual":"3000.00"}]}],"isee":{"value":"2000.00","issued_on":"2025-01-20"}}`,
	} {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile("../../testdata/crema-household-family-of-four.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		agree(t, data)
	})
}
