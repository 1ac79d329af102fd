package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// Go's runtime ends a process with status 2 on a fatal error — memory
// exhausted, a stack overflow, a deadlock — which is the status this
// command gives bad input. So main runs the command in a child process of
// its own binary that reports bad input with childBadInput instead: the
// parent turns that back into 2, and a 2 of the child, which only the
// runtime gives, into statusInternal. Signals sent to the parent (Ctrl-C,
// a service manager's SIGTERM) are passed to the child, so that `serve`
// still shuts down gracefully.
//
// One command runs without the parent when its input is small: `assign`
// on a costs file of at most assignInProcessMax bytes, which also builds
// no other command (see runAssignAlone). Supervision costs a second start
// of the program (about 5–10 ms of CPU), much of the time of such a run,
// and the fatal errors it guards against cannot come from it: a large
// matrix is mapped from its file or allocated outside the Go heap, with a
// clean error when memory is short (status 3), a fault on a mapped file
// that shrinks meanwhile is reported (debug.SetPanicOnFault), the solvers' own memory is at most about the
// matrix's size again, and they neither recurse nor start goroutines (no
// stack overflow, no deadlock). Larger files stay supervised: memory
// exhausted while solving them still ends with status 3.

// supervisedEnv marks the child process.
const supervisedEnv = "HOUSINGKIT_SUPERVISED"

// childBadInput is the child's status for bad input.
const childBadInput = 82

// crashTestEnv, set to "stack" in the child's environment, makes the child
// end in a fatal runtime error (a stack overflow): the test of the
// supervision.
const crashTestEnv = "HOUSINGKIT_CRASH_TEST"

// supervise runs the command line in a child process and returns the
// status to exit with; ok is false when the child could not be started
// (then main runs the command itself).
func supervise(args []string) (status int, ok bool) {
	if smallAssign(args) {
		return runAssignAlone(args, os.Stdout, os.Stderr), true
	}
	exe, err := os.Executable()
	if err != nil {
		return 0, false
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), supervisedEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return 0, false
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				_ = cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintf(os.Stderr, "housingkit: internal error: %v\n", err)
		return statusInternal, true
	}
	return parentStatus(cmd.ProcessState), true
}

// assignInProcessMax is the largest costs file `assign` reads without a
// supervising parent (128 MiB: 16 million costs, as 4000×4000).
const assignInProcessMax = 128 << 20

// runAssignAlone is run with assign as the only command. Building every
// command costs about 30 ms of CPU at each start, nearly all of it in
// evaluate's flag help, which lists the shipped rule sets and so parses
// every one of them — more than the whole rest of a small assign; assign
// needs none of the others.
func runAssignAlone(args []string, stdout, stderr io.Writer) int {
	all := commands
	commands = []func() *cobra.Command{newAssignCmd}
	defer func() { commands = all }()
	return run(args, stdout, stderr)
}

// smallAssign reports whether args run `assign` on a costs file of at
// most assignInProcessMax bytes (or name none that exists: the command
// then only reports the problem).
func smallAssign(args []string) bool {
	if len(args) == 0 || args[0] != "assign" {
		return false
	}
	path, named := "", false
	for k := 1; k < len(args); k++ {
		a := args[k]
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--costs="); ok {
			path, named = v, true
		} else if a == "--costs" && k+1 < len(args) {
			path, named = args[k+1], true
			k++
		}
	}
	if !named {
		return true
	}
	fi, err := os.Stat(path)
	return err != nil || (fi.Mode().IsRegular() && fi.Size() <= assignInProcessMax)
}

// parentStatus maps the child's end to the status the command exits with.
func parentStatus(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	switch code := ps.ExitCode(); code {
	case childBadInput:
		return 2
	case 2:
		fmt.Fprintln(os.Stderr, "housingkit: internal error: the program ended with a fatal runtime error (above); this is not a problem with the input")
		return statusInternal
	default:
		return code
	}
}

// childStatus is run's status as the child reports it.
func childStatus(status int) int {
	if status == 2 {
		return childBadInput
	}
	return status
}

// crashForTest ends the process in a fatal runtime error when the test of
// the supervision asks for it.
func crashForTest() {
	if os.Getenv(crashTestEnv) == "stack" {
		debug.SetMaxStack(1 << 20)
		recurse(0)
	}
}

// recurse never returns: each call takes a little more stack.
func recurse(n int) int {
	var pad [64]byte
	pad[n%64] = byte(n)
	return recurse(n+1) + int(pad[0])
}
