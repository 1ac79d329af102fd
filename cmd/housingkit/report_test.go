package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/internal/reader"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An error a command does not classify — a fault of the system, an
// exhausted resource — is internal (3), never bad input (2); cobra's own
// errors before a command runs are bad input.
func TestExitStatusOfUnclassifiedErrors(t *testing.T) {
	withCommand(t, &cobra.Command{Use: "exhaust", RunE: func(*cobra.Command, []string) error {
		return errors.New("out of memory")
	}})
	var out, errb bytes.Buffer
	assert.Equal(t, statusInternal, run([]string{"exhaust"}, &out, &errb))
	assert.Equal(t, "housingkit: out of memory\n", errb.String())

	errb.Reset()
	assert.Equal(t, 2, run([]string{"no-such-command"}, &out, &errb))
	errb.Reset()
	assert.Equal(t, 2, run([]string{"check"}, &out, &errb), "a missing argument")
}

// Flag values are reported in the user's terms, not in those of Go's
// number parsers.
func TestFlagErrorsSayWhatIsWanted(t *testing.T) {
	for args, want := range map[string]string{
		"rent support --year twenty":   `housingkit: --year: "twenty": want a whole number` + "\n",
		"assign --costs x --penalty y": `housingkit: --penalty: "y": want a number` + "\n",
		"rent assess --colour blue":    "housingkit: unknown flag --colour (see --help)\n",
	} {
		var out, errb bytes.Buffer
		assert.Equal(t, 2, run(strings.Fields(args), &out, &errb), args)
		assert.Equal(t, want, errb.String(), args)
		assert.NotContains(t, errb.String(), "strconv")
	}
}

// Every command reports its problems the same way: one a line, sorted
// (flags first, then files by line and column), then one summary line.
func TestProblemsLayoutIsShared(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"rent", "assess", "--household", rentData + "invalid.json", "--rent", "12.345", "--format", "xml"}, &out, &errb)
	assert.Equal(t, 2, code)
	lines := strings.Split(strings.TrimSuffix(errb.String(), "\n"), "\n")
	require.GreaterOrEqual(t, len(lines), 4)
	assert.Equal(t, "--rent: 12.345 has digits below the cent", lines[0])
	assert.Equal(t, `--format: "xml": want text or json`, lines[1])
	assert.True(t, strings.HasPrefix(lines[2], "testdata/rent/invalid.json:3:3: colour: unknown key"), lines[2])
	assert.Regexp(t, `^housingkit: cannot assess the rent \(\d+ problems\)$`, lines[len(lines)-1])
	for _, l := range lines {
		assert.NotContains(t, l, "invalid: ", "no error code in a message")
	}
}

// A file beyond the reader's limit is refused before it is read whole.
func TestInputFileLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(reader.MaxBytes+10))
	require.NoError(t, f.Close())
	var out, errb bytes.Buffer
	code := run([]string{"rent", "assess", "--household", path, "--rent", "500", "--date", "2025-06-01"}, &out, &errb)
	assert.Equal(t, 2, code)
	assert.Contains(t, errb.String(), path+":1:1: the file has more than 16777216 bytes (16 MiB), the limit of an input file\n")
}

// rent assess says which date its figures are of when --date is not
// given, and marks figures used past the last value of their source.
func TestRentSaysItsDateAndFlagsExtrapolatedFigures(t *testing.T) {
	code, out, errs := runRent(t, "assess", "--household", rentData+"single-emilia-romagna.json", "--rent", "500",
		"--policy", "residual-minimum-pension", "--date", "2031-06-01")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Date: 2031-06-01\n")
	assert.Regexp(t, `minimum-pension\.monthly_amount = .* EXTRAPOLATED: the source's last value is of \d{4}-\d\d-\d\d`, out)

	code, out, errs = runRent(t, "assess", "--household", rentData+"single-emilia-romagna.json", "--rent", "500")
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `Date: \d{4}-\d\d-\d\d \(today: no --date given\)\n`, out)
}
