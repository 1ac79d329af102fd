package main

import (
	"bytes"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
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
