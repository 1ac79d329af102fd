package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/housingkit/housingkit/housing"
	"github.com/spf13/cobra"
)

// commands holds the constructors of the subcommands; each subcommand's file
// adds its own in an init function, so files stay independent of each other.
var commands []func() *cobra.Command

// exitError carries an exit status through cobra's error return.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// badInput marks err as a problem with the caller's input (exit status 2).
func badInput(err error) error { return &exitError{code: 2, err: err} }

// failed marks err as a finding such as failed tests (exit status 1).
func failed(err error) error { return &exitError{code: 1, err: err} }

// statusInternal is the exit status of an internal error: a crash (a
// recovered panic) or an SDK error with code internal, never the status of
// bad input.
const statusInternal = 3

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "housingkit",
		Short:         "Rules, rents and matching for temporary-housing programmes",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return badInput(flagError(err)) })
	for _, c := range commands {
		root.AddCommand(c())
	}
	return root
}

// run executes the command line args and returns the exit status. A panic
// is reported as an internal error with status 3.
func run(args []string, stdout, stderr io.Writer) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "housingkit: internal error: %v\n", r)
			fmt.Fprintln(stderr, "housingkit: this is a bug in housingkit, not a problem with the input; please report it with the command line")
			status = statusInternal
		}
	}()
	root := newRoot(stdout, stderr)
	// started is set once a command's arguments are accepted and it
	// runs: an error before is cobra's (an unknown command, a missing
	// argument), which is bad input; an unclassified error after is not.
	started := false
	root.PersistentPreRun = func(*cobra.Command, []string) { started = true }
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	writeError(stderr, err)
	return exitStatus(err, started)
}

// exitStatus is 2 for bad input (an SDK error of code invalid, or an error
// marked badInput, or cobra's own errors before the command runs), 1 for
// findings (failed), and statusInternal for everything else — a fault of
// the system or exhausted resources, never 2.
func exitStatus(err error, started bool) int {
	var ee *exitError
	if errors.As(err, &ee) {
		if he := (*housing.Error)(nil); errors.As(err, &he) && he.Code == housing.CodeInternal {
			return statusInternal
		}
		return ee.code
	}
	switch housing.ErrorCode(err) {
	case housing.CodeInvalid, housing.CodeNotFound, housing.CodeConflict, housing.CodeForbidden:
		return 2
	case housing.CodeInternal:
		if !started {
			return 2
		}
	}
	return statusInternal
}

func main() {
	if os.Getenv(supervisedEnv) == "" {
		if status, ok := supervise(os.Args[1:]); ok {
			os.Exit(status)
		}
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	crashForTest()
	os.Exit(childStatus(run(os.Args[1:], os.Stdout, os.Stderr)))
}
