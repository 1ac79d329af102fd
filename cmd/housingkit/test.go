package main

import (
	"fmt"
	"strings"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newTestCmd) }

func newTestCmd() *cobra.Command {
	var verbose bool
	var lang string
	cmd := &cobra.Command{
		Use:   "test PATH...",
		Short: "Run eligibility and duration-policy test cases",
		Long: `Test runs the test-case files found in the PATHs (files, or folders
searched recursively): those of rule sets and those of duration policies.
A test file names its rule set or policy by id — a shipped one or one
among the files given — or by a path relative to itself.
Each failing case is printed with what differed and the decision; the
last line is "N passed, M failed". Exit status 1 when a case failed, 2
when a file cannot be loaded (its problems go to stderr).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ps housing.Problems
			tag := parseOutputFlags(&ps, "text", lang)
			if err := inputErr(ps, "cannot run the tests"); err != nil {
				return err
			}
			files, err := eligibilityFiles(args)
			if err != nil {
				return badInput(err)
			}
			set := loadEligibilityFiles(files)
			if len(set.tests) == 0 && len(set.policyTests) == 0 {
				return badInput(fmt.Errorf("no test-case files in %s", strings.Join(args, ", ")))
			}
			out := cmd.OutOrStdout()
			passed, failedCases := 0, 0
			for _, f := range set.tests {
				// A test file with problems does not run: Run reports
				// them with the problems of what the file names.
				if f.file == nil {
					continue
				}
				report, err := f.file.Run(osFS{}, eligibility.WithRuleSet(set.ruleSets()...))
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
					failedCases++
					fmt.Fprintf(out, "FAIL  %s  %s\n", r.Position, r.Name)
					for _, msg := range r.Failures {
						fmt.Fprintf(out, "      %s\n", msg)
					}
					if r.Decision != nil && verbose {
						for _, line := range strings.Split(strings.TrimRight(r.Decision.Text(tag), "\n"), "\n") {
							fmt.Fprintf(out, "      | %s\n", line)
						}
					}
				}
			}
			pp, pf := set.runPolicyTests(out, verbose)
			passed, failedCases = passed+pp, failedCases+pf
			fmt.Fprintf(out, "%d passed, %d failed\n", passed, failedCases)
			// Problems of the other files (rule sets, overlays) named on
			// the command line are bad input too.
			if err := reportEligibilityProblems(files); err != nil {
				return err
			}
			if failedCases > 0 {
				return failed(fmt.Errorf("%d of %d test cases failed", failedCases, passed+failedCases))
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list passing cases too, and print the decision of each failing case")
	cmd.Flags().StringVar(&lang, "lang", defaultLang, langUsage)
	return cmd
}
