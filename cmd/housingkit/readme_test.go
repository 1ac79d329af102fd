package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot is the repository's root, seen from this package.
const repoRoot = "../.."

// readmeSection returns the text of README.md from the heading title to
// the next heading of the same level.
func readmeSection(t *testing.T, title string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	s := string(data)
	i := strings.Index(s, "\n## "+title+"\n")
	require.GreaterOrEqual(t, i, 0, "README.md has no section %q", title)
	s = s[i+len(title)+5:]
	if j := strings.Index(s, "\n## "); j >= 0 {
		s = s[:j]
	}
	return s
}

// codeBlocks returns the fenced blocks of language lang in s.
func codeBlocks(s, lang string) []string {
	re := regexp.MustCompile("(?s)```" + lang + "\n(.*?)```")
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// commands returns the housingkit command lines of a shell block: lines
// joined at a trailing backslash, comments removed, "go run
// ./cmd/housingkit" taken off.
func commandLines(t *testing.T, block string) [][]string {
	t.Helper()
	block = strings.ReplaceAll(block, "\\\n", " ")
	var out [][]string
	for _, line := range strings.Split(block, "\n") {
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		require.True(t, len(f) > 3 && f[0] == "go" && f[1] == "run" && f[2] == "./cmd/housingkit", "not a housingkit command: %q", line)
		for _, a := range f[3:] {
			require.NotContains(t, a, "|", "a placeholder, not a command: %q", line)
			require.False(t, strings.ContainsAny(a, "[]") || a == strings.ToUpper(a) && len(a) > 1 && !strings.ContainsAny(a, "0123456789./-"), "a placeholder, not a command: %q", line)
		}
		out = append(out, f[3:])
	}
	return out
}

// inRepoCopy makes the working directory a fresh folder that sees the
// repository's files (through links), so that commands run as from the
// root and what they write (a store) stays out of the repository.
func inRepoCopy(t *testing.T) {
	t.Helper()
	root, err := filepath.Abs(repoRoot)
	require.NoError(t, err)
	dir := t.TempDir()
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		require.NoError(t, os.Symlink(filepath.Join(root, e.Name()), filepath.Join(dir, e.Name())))
	}
	t.Chdir(dir)
}

// Every command of the README's command-line section runs as written, on
// sample files of the repository, and succeeds.
func TestReadmeCommandLine(t *testing.T) {
	blocks := codeBlocks(readmeSection(t, "Command line"), "sh")
	require.Len(t, blocks, 1)
	cmds := commandLines(t, blocks[0])
	require.GreaterOrEqual(t, len(cmds), 10)
	inRepoCopy(t)
	seen := map[string]bool{}
	for _, args := range cmds {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		if leftOut[args[0]] { // the lean build: says which build has it
			assert.Equal(t, 2, code)
			assert.Contains(t, errb.String(), "build it without -tags lean")
			continue
		}
		assert.Equal(t, 0, code, "housingkit %s\n%s", strings.Join(args, " "), errb.String())
		assert.NotEmpty(t, out.String(), "housingkit %s printed nothing", strings.Join(args, " "))
		seen[args[0]] = true
	}
	for _, c := range []string{"check", "test", "evaluate", "rent", "match", "assign", "schema", "import", "export"} {
		assert.True(t, seen[c] || leftOut[c], "the section shows no %s command", c)
	}
}

// The README's Go snippet and its command line show the same case — the
// same household file, rule set, referral and date — and the command
// prints the decision the snippet computes.
func TestReadmeShortestUse(t *testing.T) {
	sec := readmeSection(t, "The shortest real use")
	gos := codeBlocks(sec, "go")
	shs := codeBlocks(sec, "sh")
	require.Len(t, gos, 1)
	require.Len(t, shs, 1)
	snippet := gos[0]
	cmds := commandLines(t, shs[0])
	require.Len(t, cmds, 1)
	args := cmds[0]
	flag := func(name string) string {
		for i, a := range args {
			if a == name && i+1 < len(args) {
				return args[i+1]
			}
		}
		t.Fatalf("the command line has no %s", name)
		return ""
	}
	householdFile, rulesetID, date, lang := flag("--household"), flag("--ruleset"), flag("--date"), flag("--lang")
	for _, lit := range []string{`os.ReadFile("` + householdFile + `")`, `Shipped("` + rulesetID + `")`, `MustParseDate("` + date + `")`, `if err != nil {`} {
		assert.Contains(t, snippet, lit)
	}
	assert.NotContains(t, snippet, ", _ :=", "the snippet checks every error")
	assert.Contains(t, snippet, "d.Text(housing.Italian)")
	assert.Equal(t, "it", lang)

	// The referral file holds the referral the snippet builds.
	ref := housing.Referral{ID: "r1", HouseholdID: "cr-ot-2022-004", ProgrammeID: rulesetID, Date: housing.MustParseDate("2025-02-20"),
		Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService},
		With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}}
	for _, lit := range []string{`ID: "r1"`, `MustParseDate("2025-02-20")`, `Name: "Servizio sociale", Kind: housing.TeamSocialService`, `{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}`} {
		assert.Contains(t, snippet, lit)
	}
	var fromFile housing.Referral
	var ps housing.Problems
	require.True(t, readFileInto(&ps, "--referral", filepath.Join(repoRoot, flag("--referral")), &fromFile, nil), "%v", ps)
	assert.Equal(t, ref, fromFile)

	data, err := os.ReadFile(filepath.Join(repoRoot, householdFile))
	require.NoError(t, err)
	h, err := housing.ReadHousehold(householdFile, data)
	require.NoError(t, err)
	rs, err := eligibility.Shipped(rulesetID)
	require.NoError(t, err)
	d, err := eligibility.Evaluate(rs, &h, housing.MustParseDate(date), eligibility.WithReferral(&ref))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Eligible, d.Outcome)

	inRepoCopy(t)
	var out, errb bytes.Buffer
	require.Equal(t, 0, run(args, &out, &errb), errb.String())
	assert.Equal(t, d.Text(housing.Italian), out.String())
	assert.Contains(t, out.String(), "Esito: ammissibile\n")
}
