package eligibility_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
)

// seeds adds the shipped files and the test rule sets to the corpus. The
// shipped rule sets and test files are large (10–20 kB), which the fuzzing
// engine handles badly (it stalls mutating them), so only their first
// lines go in; the small files go in whole.
func seeds(f *testing.F) {
	add := func(data []byte) {
		const max = 4 << 10
		if len(data) > max {
			cut := bytes.LastIndexByte(data[:max], '\n')
			data = data[:cut+1]
		}
		f.Add(data)
	}
	entries, _ := rulesets.FS.ReadDir(".")
	for _, e := range entries {
		if data, err := rulesets.FS.ReadFile(e.Name()); err == nil {
			add(data)
		}
	}
	variants, _ := rulesets.FS.ReadDir("variants")
	for _, e := range variants {
		if data, err := rulesets.FS.ReadFile("variants/" + e.Name()); err == nil {
			add(data)
		}
	}
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			add(data)
		}
	}
	f.Add([]byte(base))
	f.Add([]byte("format: housingkit.ruleset/v1\nrequirements: [{when: {all: []}}]"))
	f.Add([]byte(`{"format": "housingkit.ruleset/v1", "id": 3}`))
}

// checkProblems fails unless err is a validation error whose problems all
// carry a position in file.
func checkProblems(t *testing.T, err error, file string) {
	var e *housing.Error
	if !errors.As(err, &e) {
		t.Fatalf("not a *housing.Error: %v", err)
	}
	if e.Code != housing.CodeInvalid || len(e.Problems) == 0 {
		t.Fatalf("want CodeInvalid with problems, got %v", err)
	}
	for _, p := range e.Problems {
		if p.File != file || p.Line < 1 || p.Col < 1 || p.Message == "" {
			t.Fatalf("problem without a position in %s: %q", file, p.String())
		}
	}
}

func FuzzParse(f *testing.F) {
	seeds(f)
	h := &housing.Household{ID: "h", Members: []housing.Member{{Role: housing.RoleReference, Person: housing.Person{BirthDate: housing.MustParseDate("1980-01-01")}}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := eligibility.Parse("fuzz.yaml", data)
		if err != nil {
			checkProblems(t, err, "fuzz.yaml")
			return
		}
		on := rs.ValidFrom()
		d, err := eligibility.Evaluate(rs, h, on)
		if err != nil {
			if !errors.Is(err, housing.ErrInvalid) {
				t.Fatalf("evaluation error of the wrong kind: %v", err)
			}
			return
		}
		out, err := eligibility.EvaluateOutcome(rs, h, on)
		if err != nil || out != d.Outcome {
			t.Fatalf("outcome-only %s (%v) differs from %s", out, err, d.Outcome)
		}
	})
}

func FuzzParseOverlay(f *testing.F) {
	seeds(f)
	rs, err := eligibility.Shipped("crema.ospitalita-temporanea")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := eligibility.ParseOverlay("fuzz.yaml", data)
		if err != nil {
			checkProblems(t, err, "fuzz.yaml")
			if o == nil {
				return
			}
		}
		// An overlay with problems comes back as far as it was read, and
		// applying it must report them, not panic.
		_, aerr := rs.Apply(o)
		switch {
		case aerr != nil:
			var e *housing.Error
			if !errors.As(aerr, &e) || e.Code != housing.CodeInvalid {
				t.Fatalf("apply: %v", aerr)
			}
		case err != nil:
			t.Fatalf("an overlay with problems applied: %v", err)
		}
	})
}

func FuzzParseTestFile(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tf, err := eligibility.ParseTestFile("fuzz.yaml", data)
		if err != nil {
			checkProblems(t, err, "fuzz.yaml")
		}
		if tf == nil {
			return
		}
		// Checking what the file names (a shipped rule set, no files)
		// must report problems, not panic; a file with problems never
		// checks clean.
		cerr := tf.Check(fstest.MapFS{})
		if err != nil && cerr == nil {
			t.Fatalf("a test file with problems checked clean: %v", err)
		}
	})
}
