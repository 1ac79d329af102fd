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
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return badInput(err) })
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
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	msg := err.Error()
	var he *housing.Error
	sdk := errors.As(err, &he)
	if sdk && he.Err == nil {
		// The SDK's errors: the user-facing message, without the code.
		msg = housing.ErrorMessage(err)
	}
	fmt.Fprintln(stderr, "housingkit:", msg)
	if sdk && he.Code == housing.CodeInternal {
		return statusInternal
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	// Unknown commands and argument-count errors come from cobra itself.
	return 2
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
