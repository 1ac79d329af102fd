package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newCheckCmd) }

func newCheckCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check PATH...",
		Short: "Validate rule sets, overlays, duration policies and test-case files",
		Long: `Check validates eligibility files: rule sets, overlays (applied to their
base rule set) and test-case files (with the rule set, households and
variants they name, without running the cases); and duration-policy files
and their test-case files (with the policy they name). A PATH is a file or a
folder searched recursively; in a folder, YAML and JSON files without a
housingkit format key are skipped. Every problem is printed to stderr as
file:line:column: message. Exit status 2 when any file has a problem.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := eligibilityFiles(args)
			if err != nil {
				return badInput(err)
			}
			set := loadEligibilityFiles(files)
			for _, tf := range set.tests {
				// A test file with problems of its own comes back as far
				// as it was read: Check reports them with the rest.
				if tf.file != nil {
					tf.err = tf.file.Check(osFS{}, eligibility.WithRuleSet(set.ruleSets()...))
				}
			}
			set.checkPolicyTests()
			for _, f := range files {
				if f.err == nil {
					fmt.Fprintf(cmd.OutOrStdout(), "ok    %s  %s\n", f.path, f.summary)
				}
			}
			return reportEligibilityProblems(files)
		},
	}
}

// osFS opens files by their path as given on the command line, so that
// positions in problems name the files as the user wrote them.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(filepath.FromSlash(name)) }

// eligFile is one file found on the command line.
type eligFile struct {
	path     string // slash-separated, as given
	format   string
	explicit bool // named on the command line, not found in a folder
	data     []byte
	err      error
	summary  string

	ruleSet *eligibility.RuleSet
	overlay *eligibility.Overlay
	file    *eligibility.TestFile

	policy      *housing.DurationPolicy
	policyTests *housing.PolicyTestFile
}

// eligibilityFiles expands the PATH arguments: files as they are, folders
// recursively (YAML and JSON files with a housingkit format key). A PATH
// that cannot be read is a file with a problem, reported with the others.
func eligibilityFiles(args []string) ([]*eligFile, error) {
	var out []*eligFile
	seen := map[string]bool{}
	add := func(p string, explicit bool) {
		p = filepath.ToSlash(p)
		if seen[p] {
			return
		}
		seen[p] = true
		data, err := readBounded(filepath.FromSlash(p))
		if err != nil {
			out = append(out, &eligFile{path: p, explicit: explicit, err: err})
			return
		}
		format, err := eligibility.FileFormat(p, data)
		if err != nil {
			// A file that is not even YAML is reported, in a folder too:
			// it may be a rule set with a typo.
			out = append(out, &eligFile{path: p, explicit: explicit, data: data, err: err})
			return
		}
		known := format == eligibility.FormatRuleSet || format == eligibility.FormatOverlay || format == eligibility.FormatTestCases || isPolicyFormat(format)
		if !known && !explicit {
			return
		}
		out = append(out, &eligFile{path: p, format: format, explicit: explicit, data: data})
	}
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			out = append(out, &eligFile{path: filepath.ToSlash(arg), explicit: true, err: errors.New("no such file or folder")})
			continue
		}
		if !info.IsDir() {
			add(arg, true)
			continue
		}
		err = filepath.WalkDir(arg, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".yaml", ".yml", ".json":
				if !e.IsDir() {
					add(p, false)
				}
			}
			return nil
		})
		if err != nil {
			out = append(out, &eligFile{path: filepath.ToSlash(arg), explicit: true, err: fmt.Errorf("cannot read the folder: %s", fileErr(err))})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no rule-set, overlay, policy or test-case files in %s", strings.Join(args, ", "))
	}
	return out, nil
}

// eligSet is the files of a command line, loaded.
type eligSet struct {
	rules       []*eligFile
	overlays    []*eligFile
	tests       []*eligFile
	policyFiles []*eligFile
	policyTests []*eligFile
}

func (s *eligSet) ruleSets() []*eligibility.RuleSet {
	var out []*eligibility.RuleSet
	for _, f := range s.rules {
		if f.ruleSet != nil {
			out = append(out, f.ruleSet)
		}
	}
	return out
}

// loadEligibilityFiles parses every file: rule sets first, so that
// overlays and test files can name them by id.
func loadEligibilityFiles(files []*eligFile) *eligSet {
	s := &eligSet{}
	for _, f := range files {
		switch f.format {
		case eligibility.FormatRuleSet:
			s.rules = append(s.rules, f)
		case eligibility.FormatOverlay:
			s.overlays = append(s.overlays, f)
		case eligibility.FormatTestCases:
			s.tests = append(s.tests, f)
		case housing.FormatPolicy:
			s.policyFiles = append(s.policyFiles, f)
		case housing.FormatPolicyTests:
			s.policyTests = append(s.policyTests, f)
		default:
			if f.err != nil {
				continue
			}
			f.err = fmt.Errorf("no known format: a file says format: %s, %s, %s, %s or %s", eligibility.FormatRuleSet, eligibility.FormatOverlay, eligibility.FormatTestCases, housing.FormatPolicy, housing.FormatPolicyTests)
		}
	}
	s.loadPolicyFiles()
	byID := map[string]*eligibility.RuleSet{}
	for _, f := range s.rules {
		f.ruleSet, f.err = eligibility.Parse(f.path, f.data)
		if f.err == nil {
			rs := f.ruleSet
			byID[rs.ID()] = rs
			nScore := 0
			for _, r := range rs.Rules() {
				if r.Kind == eligibility.ScoreCriterion {
					nScore++
				}
			}
			f.summary = cliTexts.Format(housing.English, "check.ruleset", rs.ID(), rs.Version(), len(rs.Rules())-nScore, nScore, len(rs.ParameterNames()), len(rs.Facts()))
		}
	}
	for _, f := range s.overlays {
		// An overlay with problems of its own comes back as far as it was
		// read: applying it reports them with every other problem.
		f.overlay, f.err = eligibility.ParseOverlay(f.path, f.data)
		if f.overlay == nil {
			continue
		}
		base, ok := byID[f.overlay.Base()]
		if !ok {
			var err error
			if base, err = eligibility.Shipped(f.overlay.Base()); err != nil {
				var ps housing.Problems
				ps.Merge("", f.err)
				ps = append(ps, housing.Problem{File: f.path, Message: fmt.Sprintf("overlay %s applies to rule set %q, which is neither among the files given nor shipped", f.overlay.ID(), f.overlay.Base())})
				f.err = ps.Err("invalid overlay " + f.path)
				continue
			}
		}
		v, err := base.Apply(f.overlay)
		if err != nil {
			f.err = err
			continue
		}
		var changes []string
		for _, c := range eligibility.Diff(base, v) {
			if c.What != "ruleset" {
				changes = append(changes, c.What+" "+c.ID+" "+c.Change)
			}
		}
		f.summary = fmt.Sprintf("overlay %s of %s: %s", f.overlay.ID(), base.ID(), strings.Join(changes, "; "))
	}
	for _, f := range s.tests {
		f.file, f.err = eligibility.ParseTestFile(f.path, f.data)
		if f.err == nil {
			f.summary = cliTexts.Format(housing.English, "check.tests", len(f.file.Cases), f.file.RuleSet)
		}
	}
	return s
}

// reportEligibilityProblems returns nil when no file has a problem, or the
// bad-input error with every problem of every file (a file's error without
// positions as one problem of that file), which run prints one a line.
func reportEligibilityProblems(files []*eligFile) error {
	var ps housing.Problems
	bad := 0
	for _, f := range files {
		if f.err == nil {
			continue
		}
		bad++
		var he *housing.Error
		if errors.As(f.err, &he) && len(he.Problems) > 0 {
			ps = append(ps, he.Problems...)
			continue
		}
		ps = append(ps, housing.Problem{File: f.path, Message: userMessage(f.err)})
	}
	if bad == 0 {
		return nil
	}
	return inputErr(ps, fmt.Sprintf("%d of %d files have problems", bad, len(files)))
}
