package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withCommand adds a command for one test.
func withCommand(t *testing.T, c *cobra.Command) {
	saved := commands
	commands = append(commands[:len(commands):len(commands)], func() *cobra.Command { return c })
	t.Cleanup(func() { commands = saved })
}

// A crash is an internal error (status 3), never bad input (status 2).
func TestPanicExitsAsInternalError(t *testing.T) {
	withCommand(t, &cobra.Command{Use: "crash", RunE: func(*cobra.Command, []string) error {
		var m map[string]int
		m["x"]++ // a nil map: a runtime panic
		return nil
	}})
	var out, errb bytes.Buffer
	code := run([]string{"crash"}, &out, &errb)
	assert.Equal(t, statusInternal, code)
	assert.NotEqual(t, 2, code)
	assert.Contains(t, errb.String(), "housingkit: internal error: assignment to entry in nil map")
	assert.Contains(t, errb.String(), "not a problem with the input")
}

// An SDK error with code internal exits with status 3 even when the command
// marked it as bad input.
func TestInternalErrorExitsWithThree(t *testing.T) {
	withCommand(t, &cobra.Command{Use: "solver", RunE: func(*cobra.Command, []string) error {
		return badInput(&housing.Error{Code: housing.CodeInternal, Key: "matching.solver", Message: "the capacitated solver failed"})
	}})
	var out, errb bytes.Buffer
	assert.Equal(t, statusInternal, run([]string{"solver"}, &out, &errb))
	assert.Contains(t, errb.String(), "the capacitated solver failed")

	withCommand(t, &cobra.Command{Use: "bad", RunE: func(*cobra.Command, []string) error {
		return badInput(housing.Errorf(housing.CodeInvalid, "x", "a bad value"))
	}})
	assert.Equal(t, 2, run([]string{"bad"}, &out, &errb))
	assert.Equal(t, 2, run([]string{"no-such-command"}, &out, &errb))
}

// A rule set that check accepts but whose condition would exhaust memory
// fails its evaluation with the budget it ran out of, as bad input.
func TestHostileConditionFailsItsEvaluation(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "hostile.yaml")
	require.NoError(t, os.WriteFile(rules, []byte(`format: housingkit.ruleset/v1
id: test.hostile
version: "1"
title: {it: Prova, en: Test}
jurisdiction: {region: Lombardia}
valid_from: 2020-01-01
references:
  - {id: src, title: Source}
requirements:
  - id: size
    label: {it: a, en: a}
    reference: src
    when: {expr: 'reduce(1..64, #acc + #acc, "xxxxxxxx") != "" && household_size > 0'}
`), 0o600))
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"check", rules}, &out, &errb), errb.String())
	out.Reset()
	errb.Reset()
	code := run([]string{"evaluate", "--ruleset", rules, "--household", "../../testdata/crema-household-family-of-four.json", "--date", "2022-03-01"}, &out, &errb)
	assert.Equal(t, 2, code)
	assert.Contains(t, errb.String(), "the custom condition of rule size at "+rules+":13:19 exceeded its byte budget")
	assert.NotContains(t, errb.String(), "internal error")
}

// A referral dated before 1900 is refused at its place in the file.
func TestReferralBefore1900AtItsPosition(t *testing.T) {
	ref := filepath.Join(t.TempDir(), "referral.yaml")
	require.NoError(t, os.WriteFile(ref, []byte("date: 1899-12-31\nteam: {name: x, kind: social_service}\n"), 0o600))
	var out, errb bytes.Buffer
	code := run([]string{"evaluate", "--ruleset", "crema.ospitalita-temporanea", "--household", "../../testdata/crema-household-family-of-four.json",
		"--referral", ref, "--date", "2022-03-01"}, &out, &errb)
	assert.Equal(t, 2, code)
	assert.Contains(t, errb.String(), ref+":1:7: date: 1899-12-31 is before 1900")
}
