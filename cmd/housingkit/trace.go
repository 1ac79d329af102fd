package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newTraceCmd) }

// traceEntry is one rule or parameter of a trace: where it comes from.
type traceEntry struct {
	Kind      string       `json:"kind"`
	ID        string       `json:"id"`
	Basis     params.Basis `json:"basis"`
	Reference string       `json:"reference"`
	Article   string       `json:"article,omitempty"`
	// Source names the shipped parameter file an imported parameter comes
	// from.
	Source string `json:"source,omitempty"`
}

// traceReport is the JSON form of housingkit trace.
type traceReport struct {
	RuleSet  string       `json:"ruleset"`
	Version  string       `json:"version"`
	Variants []string     `json:"variants"`
	Entries  []traceEntry `json:"entries"`
}

func newTraceCmd() *cobra.Command {
	var format string
	var variants []string
	cmd := &cobra.Command{
		Use:   "trace ID_OR_FILE",
		Short: "List where each rule and figure of a rule set comes from",
		Long: `Trace lists the rules and parameters of a rule set (a shipped id or a
rule-set file, with --variant overlays applied in order), grouped by where
each comes from: the programme text (with the quoted sentence), another
official source, the programme's choice, an assumption of the rule set's
authors, a placeholder, or not stated. A parameter's basis is its own when
the file states it, else placeholder for a placeholder, source when every
reference was read in its source (certainty V or D), assumption otherwise.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ps housing.Problems
			parseOutputFlags(&ps, format, "en")
			rs := loadRuleSetFlag(&ps, args[0])
			rs = applyVariants(&ps, rs, variants)
			if err := inputErr(ps, "cannot trace"); err != nil {
				return err
			}
			r := traceOf(rs)
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			writeTrace(cmd.OutOrStdout(), r)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&variants, "variant", nil, "overlay file to apply (repeatable; applied in order)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func traceOf(rs *eligibility.RuleSet) traceReport {
	r := traceReport{RuleSet: rs.ID(), Version: rs.Version(), Variants: rs.Variants()}
	for _, ru := range rs.Rules() {
		r.Entries = append(r.Entries, traceEntry{Kind: fmt.Sprint(ru.Kind), ID: ru.ID, Basis: ru.Basis, Reference: ru.Reference.Title, Article: ru.Reference.Article})
	}
	for _, name := range rs.ParameterNames() {
		p, source, _ := rs.Parameter(name)
		e := traceEntry{Kind: "parameter", ID: name, Basis: params.BasisOf(p), Source: source}
		if len(p.References) > 0 {
			titles := make([]string, len(p.References))
			for i, ref := range p.References {
				titles[i] = ref.Title
				if ref.Certainty != "" {
					titles[i] += " [" + ref.Certainty + "]"
				}
			}
			e.Reference = strings.Join(titles, "; ")
		}
		r.Entries = append(r.Entries, e)
	}
	return r
}

// traceHeadings names the groups of the text output, in order.
var traceHeadings = []struct {
	basis params.Basis
	title string
}{
	{params.BasisText, "From the programme text"},
	{params.BasisSource, "From another official source"},
	{params.BasisProgrammeChoice, "Choices of the programme or office"},
	{params.BasisAssumption, "Assumptions of the rule set's authors (to be confirmed)"},
	{params.BasisPlaceholder, "Placeholders (to be replaced)"},
	{"", "Basis not stated"},
}

func writeTrace(w io.Writer, r traceReport) {
	fmt.Fprintf(w, "Rule set %s %s", r.RuleSet, r.Version)
	if len(r.Variants) > 0 {
		fmt.Fprintf(w, " with %s", strings.Join(r.Variants, ", "))
	}
	fmt.Fprintln(w, ": where each rule and figure comes from")
	for _, h := range traceHeadings {
		var in []traceEntry
		for _, e := range r.Entries {
			if e.Basis == h.basis {
				in = append(in, e)
			}
		}
		if len(in) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s (%d)\n", h.title, len(in))
		for _, e := range in {
			fmt.Fprintf(w, "  %-11s %s", e.Kind, e.ID)
			switch {
			case e.Article != "":
				fmt.Fprintf(w, " — %s (%s)", e.Article, e.Reference)
			case e.Reference != "":
				fmt.Fprintf(w, " — %s", e.Reference)
			}
			if e.Source != "" {
				fmt.Fprintf(w, " [from %s]", e.Source)
			}
			fmt.Fprintln(w)
		}
	}
}
