package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/eligibilitytest"
	"github.com/housingkit/housingkit/housing"
)

// TestOfficeRules runs the office's rule-set test cases under go test,
// through the SDK's helper: each case is a subtest.
func TestOfficeRules(t *testing.T) {
	rs, err := eligibility.LoadFile(filepath.Join("rules", ruleSetFile))
	if err != nil {
		t.Fatal(err)
	}
	rep := eligibilitytest.Run(t, os.DirFS("rules"), testsFile, eligibility.WithRuleSet(rs))
	if len(rep.Results) != 8 {
		t.Fatalf("%d cases ran, want the 8 of the file", len(rep.Results))
	}
}

// TestOfficePolicy runs the duration policy's test cases.
func TestOfficePolicy(t *testing.T) {
	p, err := housing.LoadPolicyFile(filepath.Join("rules", policyFile))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := housing.RunPolicyTests(os.DirFS("rules"), policyTestFile, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if len(r.Failures) > 0 {
			t.Errorf("%s %s: %v", r.Position, r.Name, r.Failures)
		}
	}
	if len(rep.Results) != 3 {
		t.Fatalf("%d policy cases, want 3", len(rep.Results))
	}
}

// TestProgram runs the program: the tests pass and the decision and stay
// are printed.
func TestProgram(t *testing.T) {
	var out, errb bytes.Buffer
	if st := run(&out, &errb, "rules", "en"); st != 0 {
		t.Fatalf("status %d\n%s%s", st, out.String(), errb.String())
	}
	for _, want := range []string{"11 passed, 0 failed", "Outcome: eligible", "households under an enforceable eviction order",
		"planned end 2026-10-15", "warning 2026-08-16"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestProgramCatchesAWrongRule changes the office's ISEE limit in a copy of
// its rules: the test cases on the limit fail and the program says so.
func TestProgramCatchesAWrongRule(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{ruleSetFile, testsFile, policyFile, policyTestFile} {
		b, err := os.ReadFile(filepath.Join("rules", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == ruleSetFile {
			b = bytes.Replace(b, []byte("2025-01-01: 16500.00"), []byte("2025-01-01: 16000.00"), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	if st := run(&out, &errb, dir, "en"); st != 1 {
		t.Fatalf("status %d with a wrong limit, want 1\n%s", st, out.String())
	}
	if !strings.Contains(out.String(), "FAIL") || !strings.Contains(out.String(), "10 passed, 1 failed") {
		t.Fatalf("output:\n%s", out.String())
	}
}

// TestCommandLine runs the same tests with `housingkit test`.
func TestCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command line (-short)")
	}
	out, err := exec.Command("go", "run", "../../cmd/housingkit", "test", "rules").CombinedOutput()
	if err != nil {
		t.Fatalf("housingkit test rules: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "11 passed, 0 failed") {
		t.Fatalf("output:\n%s", out)
	}
}
