package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newEvaluateCmd) }

type evaluateFlags struct {
	ruleset, household, referral, date, lang, format string
	variants                                         []string
}

func newEvaluateCmd() *cobra.Command {
	var f evaluateFlags
	cmd := &cobra.Command{
		Use:   "evaluate --ruleset ID_OR_FILE --household FILE --date YYYY-MM-DD",
		Short: "Decide whether a household is eligible, and say why",
		Long: `Evaluate applies a rule set (a shipped id such as
crema.ospitalita-temporanea, or a rule-set file), optionally with overlays
(--variant, repeatable: they chain in order), to a household file on a
date, with the referral that brings it (--referral, optional), and prints
the decision: as text in Italian or English, or as JSON in the
housingkit.decision/v1 format (see "housingkit schema decision").
Exit status 2 for bad input, with every problem listed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ps housing.Problems
			lang := parseOutputFlags(&ps, f.format, f.lang)
			var on housing.Date
			var err error
			if f.date == "" {
				ps.Add("--date", "is required: the evaluation date YYYY-MM-DD")
			} else if on, err = housing.ParseDate(f.date); err != nil {
				ps.Add("--date", "%s", userMessage(err))
			}
			rs := loadRuleSetFlag(&ps, f.ruleset)
			rs = applyVariants(&ps, rs, f.variants)
			var h housing.Household
			if f.household == "" {
				ps.Add("--household", "is required: a household file (JSON or YAML; see housingkit schema household)")
			} else {
				readFileInto(&ps, "--household", f.household, &h, func() error { return h.Validate() })
			}
			var opts []eligibility.Option
			if f.referral != "" {
				var ref housing.Referral
				if readFileInto(&ps, "--referral", f.referral, &ref, func() error { return referralProblems(ref) }) {
					opts = append(opts, eligibility.WithReferral(&ref))
				}
			}
			if err := inputErr(ps, "cannot evaluate"); err != nil {
				return err
			}
			d, err := eligibility.Evaluate(rs, &h, on, opts...)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if f.format == "json" {
				// Standard output is the decision contract; the flags of
				// extrapolated figures go to standard error, one a line.
				for _, x := range extrapolated(d, on) {
					fmt.Fprintln(cmd.ErrOrStderr(), cliTexts.Format(lang, "evaluate.extrapolated", x.Source+"."+x.Name, x.From.String(), x.last.String()))
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(d)
			}
			if _, err = fmt.Fprint(out, d.Text(lang)); err != nil {
				return err
			}
			for _, x := range extrapolated(d, on) {
				fmt.Fprintln(out, cliTexts.Format(lang, "evaluate.extrapolated", x.Source+"."+x.Name, x.From.String(), x.last.String()))
			}
			return nil
		},
	}
	fl := cmd.Flags()
	// The shipped ids are listed only when help is shown: listing them
	// reads every shipped rule set (tens of milliseconds), which every
	// start of the program would otherwise pay.
	fl.StringVar(&f.ruleset, "ruleset", "", rulesetUsage)
	help := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if fv := c.Flags().Lookup("ruleset"); fv != nil && fv.Usage == rulesetUsage {
			fv.Usage = "rule set: a shipped id (" + strings.Join(eligibility.ShippedIDs(), ", ") + ") or a rule-set file"
		}
		help(c, args)
	})
	fl.StringArrayVar(&f.variants, "variant", nil, "overlay file to apply (repeatable; applied in order)")
	fl.StringVar(&f.household, "household", "", "household file, JSON or YAML")
	fl.StringVar(&f.referral, "referral", "", "referral file, JSON or YAML (housing.Referral); without it the referral facts are unknown")
	fl.StringVar(&f.date, "date", "", "evaluation date YYYY-MM-DD")
	fl.StringVar(&f.lang, "lang", defaultLang, langUsage)
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	return cmd
}

// rulesetUsage is the --ruleset flag's usage until help lists the
// shipped ids.
const rulesetUsage = "rule set: a shipped id or a rule-set file"

// loadRuleSetFlag loads the rule set named by --ruleset: a file when the
// value is a YAML or JSON path, else a shipped id.
func loadRuleSetFlag(ps *housing.Problems, v string) *eligibility.RuleSet {
	if v == "" {
		ps.Add("--ruleset", "is required: a shipped id (%s) or a rule-set file", strings.Join(eligibility.ShippedIDs(), ", "))
		return nil
	}
	switch strings.ToLower(filepath.Ext(v)) {
	case ".yaml", ".yml", ".json":
		data, ok := readInputFile(ps, "--ruleset", v)
		if !ok {
			return nil
		}
		rs, err := eligibility.Parse(v, data)
		if err != nil {
			addErr(ps, "--ruleset", err)
			return nil
		}
		return rs
	}
	rs, err := eligibility.Shipped(v)
	if err != nil {
		ps.Add("--ruleset", "%s", housing.ErrorMessage(err))
		return nil
	}
	return rs
}

// referralProblems checks what evaluation reads of a referral: the kind of
// the referring team, when given, must be a known one (an unknown kind
// would leave the referral_team fact unknown without a word), and a date
// must not be before 1900 (evaluation refuses it; here it gets its place).
func referralProblems(r housing.Referral) error {
	var ps housing.Problems
	if k := r.Team.Kind; k != "" && !slices.Contains(housing.TeamKinds, k) {
		kinds := make([]string, len(housing.TeamKinds))
		for i, t := range housing.TeamKinds {
			kinds[i] = string(t)
		}
		ps.Add("team.kind", "unknown value %q; want one of %s", k, strings.Join(kinds, ", "))
	}
	if !r.Date.IsZero() && r.Date.Year() < 1900 {
		ps.Add("date", "%s is before 1900", r.Date)
	}
	return ps.Err("invalid referral")
}

// applyVariants applies the overlay files of --variant to rs in order,
// recording every problem (an overlay with problems of its own comes back
// as far as it was read: applying it reports them with the rest). It
// returns nil when rs is nil or an overlay does not apply.
func applyVariants(ps *housing.Problems, rs *eligibility.RuleSet, files []string) *eligibility.RuleSet {
	for _, v := range files {
		data, ok := readInputFile(ps, "--variant", v)
		if !ok {
			rs = nil
			continue
		}
		o, err := eligibility.ParseOverlay(v, data)
		if o == nil || rs == nil {
			addErr(ps, "--variant", err)
			rs = nil
			continue
		}
		if rs, err = rs.Apply(o); err != nil {
			addErr(ps, "--variant", err)
			rs = nil
		}
	}
	return rs
}

// extrapolatedFigure is a figure of a decision used past the last value
// of its source file.
type extrapolatedFigure struct {
	eligibility.ParamValue
	last housing.Date
}

// extrapolated lists, once each and in the order the decision reads them,
// the imported figures of d (those of a shipped parameter file) used on a
// date in a later year than the last value their file holds: they are
// carried forward, not confirmed by a source.
func extrapolated(d *eligibility.Decision, on housing.Date) []extrapolatedFigure {
	var out []extrapolatedFigure
	seen := map[string]bool{}
	for _, r := range d.Reasons {
		for _, pv := range r.Parameters {
			key := pv.Source + "." + pv.Name
			if pv.Source == "" || seen[key] {
				continue
			}
			seen[key] = true
			if last, ok := lastSourceDate(key); ok && on.Year() > last.Year() {
				out = append(out, extrapolatedFigure{pv, last})
			}
		}
	}
	return out
}
