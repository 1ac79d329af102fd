package eligibilitytest

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
)

// Run runs the test cases of the file name in fsys as subtests of t. A file
// that cannot be loaded (bad syntax, an unknown rule set, an invalid
// household) fails t with every problem. It returns the report.
func Run(t testing.TB, fsys fs.FS, name string, opts ...eligibility.TestOption) *eligibility.TestReport {
	t.Helper()
	report, err := eligibility.RunTests(fsys, name, opts...)
	if err != nil {
		t.Fatalf("%s", problems(err))
		return nil
	}
	for _, res := range report.Results {
		check := func(t testing.TB) {
			t.Helper()
			if res.Passed() {
				return
			}
			msg := res.Position + ": " + res.Name + "\n  " + strings.Join(res.Failures, "\n  ")
			if res.Decision != nil {
				msg += "\n" + res.Decision.Text(housing.English)
			}
			t.Errorf("%s", msg)
		}
		if tt, ok := t.(*testing.T); ok {
			tt.Run(res.Name, func(t *testing.T) { check(t) })
		} else {
			check(t)
		}
	}
	return report
}

// RunAll runs every test-case file (format housingkit.testcases/v1) under
// dir in fsys, each as a subtest named after its path, and fails t when it
// finds none.
func RunAll(t *testing.T, fsys fs.FS, dir string, opts ...eligibility.TestOption) {
	t.Helper()
	found := 0
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		switch strings.ToLower(path.Ext(p)) {
		case ".yaml", ".yml", ".json":
		default:
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		format, ferr := eligibility.FileFormat(p, data)
		if ferr != nil {
			t.Errorf("%s", problems(ferr))
			return nil
		}
		if format != eligibility.FormatTestCases {
			return nil
		}
		found++
		t.Run(p, func(t *testing.T) { Run(t, fsys, p, opts...) })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatalf("no test-case files under %s", dir)
	}
}

// problems writes an error with one problem per line.
func problems(err error) string {
	var e *housing.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	lines := []string{e.Message}
	for _, p := range e.Problems {
		lines = append(lines, "  "+p.String())
	}
	return strings.Join(lines, "\n")
}
