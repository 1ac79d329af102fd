package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSmallAssign: only `assign` on a regular file of at most
// assignInProcessMax bytes (or on none) runs without the parent.
func TestSmallAssign(t *testing.T) {
	small := writeCosts(t, 2, 2, []float64{1, 2, 3, 4})
	big := filepath.Join(t.TempDir(), "big.bin")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(assignInProcessMax+1))
	require.NoError(t, f.Close())
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"assign", "--costs", small}, true},
		{[]string{"assign", "--costs=" + small, "--format", "json"}, true},
		{[]string{"assign", "--format", "json", "--costs", small}, true},
		{[]string{"assign", "--costs", filepath.Join(t.TempDir(), "none.bin")}, true},
		{[]string{"assign"}, true},
		{[]string{"assign", "--costs", big}, false},
		{[]string{"assign", "--costs=" + big}, false},
		{[]string{"assign", "--costs", t.TempDir()}, false},
		{[]string{"check", "--costs", small}, false},
		{[]string{"serve"}, false},
		{nil, false},
	} {
		assert.Equal(t, tc.want, smallAssign(tc.args), "%q", tc.args)
	}
}

// TestRunAssignAlone: assign alone behaves as in the whole command tree, and
// the tree is whole again afterwards.
func TestRunAssignAlone(t *testing.T) {
	n := len(commands)
	p := writeCosts(t, 2, 2, []float64{4, 1, 2, 9})
	var out, errb bytes.Buffer
	require.Equal(t, 0, runAssignAlone([]string{"assign", "--costs", p, "--format", "json"}, &out, &errb), errb.String())
	assert.Contains(t, out.String(), `"total_cost":3`)
	out.Reset()
	errb.Reset()
	assert.Equal(t, 2, runAssignAlone([]string{"assign", "--costs", p, "--algorithm", "magic"}, &out, &errb))
	assert.Contains(t, errb.String(), `--algorithm: "magic"`)
	assert.Len(t, commands, n)
}

// TestSupervisedExitStatuses builds the command and checks the statuses a
// user sees: 0 on success, 2 for bad input, and 3 — never 2 — when the Go
// runtime ends the program with a fatal error (here a stack overflow the
// test asks for; memory exhaustion ends the same way).
func TestSupervisedExitStatuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command (-short)")
	}
	exe := filepath.Join(t.TempDir(), "housingkit")
	build := exec.Command("go", "build", "-o", exe, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	status := func(env string, args ...string) (int, string) {
		cmd := exec.Command(exe, args...)
		cmd.Dir = "../.."
		cmd.Env = os.Environ()
		if env != "" {
			cmd.Env = append(cmd.Env, env)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), stderr.String()
		}
		require.NoError(t, err)
		return 0, stderr.String()
	}
	code, errs := status("", "check", "eligibility/rulesets/crema.ospitalita-temporanea.yaml")
	assert.Equal(t, 0, code, errs)
	code, errs = status("", "evaluate", "--ruleset", "nowhere.nothing", "--date", "2025-01-01", "--household", "testdata/crema-household-no-income.json")
	assert.Equal(t, 2, code, errs)
	assert.Contains(t, errs, `no shipped rule set "nowhere.nothing"`)
	// assign on a small file runs without the parent: the same statuses.
	small := writeCosts(t, 2, 2, []float64{1, 2, 3, 4})
	code, errs = status("", "assign", "--costs", small)
	assert.Equal(t, 0, code, errs)
	code, errs = status("", "assign", "--costs", writeCosts(t, 2, 2, []float64{1, 2, 3}))
	assert.Equal(t, 2, code, errs)
	assert.Contains(t, errs, "truncated")
	code, errs = status("", "assign", "--costs", small, "--frobnicate")
	assert.Equal(t, 2, code, errs)
	assert.Contains(t, errs, "unknown flag")
	code, errs = status(crashTestEnv+"=stack", "check", "eligibility/rulesets/crema.ospitalita-temporanea.yaml")
	assert.Equal(t, statusInternal, code)
	assert.Contains(t, errs, "fatal error: stack overflow")
	assert.Contains(t, errs, "housingkit: internal error: the program ended with a fatal runtime error")
}
