package main

import (
	"fmt"
	"io"

	"github.com/housingkit/housingkit/housing"
)

// Duration-policy files (format housingkit.policy/v1) and their test cases
// (housingkit.policytests/v1) are checked and tested beside the eligibility
// files, in the same run and with the same layout.

// isPolicyFormat reports whether format is one of the duration-policy
// formats.
func isPolicyFormat(format string) bool {
	return format == housing.FormatPolicy || format == housing.FormatPolicyTests
}

// policies returns the policies read from the files given.
func (s *eligSet) policies() []*housing.DurationPolicy {
	var out []*housing.DurationPolicy
	for _, f := range s.policyFiles {
		if f.policy != nil {
			out = append(out, f.policy)
		}
	}
	return out
}

// loadPolicyFiles parses the policy files and the policy test files of s,
// policies first, so that test files can name them by id.
func (s *eligSet) loadPolicyFiles() {
	seen := map[string]string{}
	for _, f := range s.policyFiles {
		f.policy, f.err = housing.ParsePolicy(f.path, f.data)
		if f.err != nil {
			continue
		}
		p := f.policy
		if first, dup := seen[p.ID]; dup {
			f.policy, f.err = nil, fmt.Errorf("%s: policy id %q is already defined in %s", f.path, p.ID, first)
			continue
		}
		seen[p.ID] = f.path
		f.summary = fmt.Sprintf("policy %s: %s", p.ID, p.Kind.Label(housing.English))
		if m := p.MaxMonths(); m > 0 {
			f.summary += cliTexts.Format(housing.English, "check.policy_months", m)
		}
	}
	for _, f := range s.policyTests {
		f.policyTests, f.err = housing.ParsePolicyTests(f.path, f.data)
		if f.err == nil {
			f.summary = cliTexts.Format(housing.English, "check.tests", len(f.policyTests.Cases), f.policyTests.Policy)
		}
	}
}

// checkPolicyTests finds the policy of every policy test file.
func (s *eligSet) checkPolicyTests() {
	for _, f := range s.policyTests {
		if f.policyTests != nil {
			f.err = f.policyTests.Check(osFS{}, s.policies()...)
		}
	}
}

// runPolicyTests runs every policy test file, printing failing cases (and
// passing ones when verbose) to out, and returns the counts.
func (s *eligSet) runPolicyTests(out io.Writer, verbose bool) (passed, failed int) {
	for _, f := range s.policyTests {
		if f.policyTests == nil {
			continue
		}
		report, err := f.policyTests.Run(osFS{}, s.policies()...)
		if err != nil {
			f.err = err
			continue
		}
		for _, r := range report.Results {
			if r.Passed() {
				passed++
				if verbose {
					fmt.Fprintf(out, "ok    %s  %s\n", r.Position, r.Name)
				}
				continue
			}
			failed++
			fmt.Fprintf(out, "FAIL  %s  %s\n", r.Position, r.Name)
			for _, msg := range r.Failures {
				fmt.Fprintf(out, "      %s\n", msg)
			}
		}
	}
	return passed, failed
}
