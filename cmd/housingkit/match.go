package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newMatchCmd) }

// problemsError lists every problem of a housing.Error on its own line.
type problemsError struct{ err error }

// Error returns the message and one problem a line.
func (e problemsError) Error() string {
	var he *housing.Error
	if !errors.As(e.err, &he) || len(he.Problems) == 0 {
		return e.err.Error()
	}
	var b strings.Builder
	b.WriteString(he.Message)
	for _, p := range he.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap returns the *housing.Error.
func (e problemsError) Unwrap() error { return e.err }

func newMatchCmd() *cobra.Command {
	var (
		householdsPath, unitsPath string
		mechanism, date           string
		format, lang              string
		rentPolicy                string
		seed                      uint64
	)
	cmd := &cobra.Command{
		Use:   "match --households FILE --units FILE [--mechanism optimal|priority|lottery|deferred-acceptance|capacitated] [--seed N] [--date YYYY-MM-DD] [--rent-policy ID] [--format text|json] [--lang it|en]",
		Short: "Propose dwellings to households and say why the others got none",
		Long: `Match households to dwellings and print the proposals, with the score of
each and its parts, and the reasons of every household left out.

--households FILE (JSON or YAML): {"applicants": [{"household": {…},
"programmes": [ids], "priority": N, "referred_on": "YYYY-MM-DD",
"preferences": [unit ids, best first], "declined": [unit ids]}]}; each
household as the housing.Household JSON form defines it.

--units FILE (JSON or YAML): {"programmes": […], "facilities": […], "units":
[…]}: programmes with the restrictions their units inherit, facilities
(with "residents", the households living there now) and units, each as its
housing type's JSON form defines it.

Mechanisms: optimal (most households housed, then greatest total score),
priority (serial dictatorship in ranked-list order), lottery (random serial
dictatorship; --seed draws the order, printed for audit),
deferred-acceptance (landlords rank by priority score; stable),
capacitated (beds of a facility pooled; households take one bed per member).

--date is the date of the matching (ages, availability, waiting times);
default today. --rent-policy names a shipped rentcalc sustainability policy
(liguria-30: rent ≤ 30% of income; modena-2x: income ≥ 2 × rent and
charges; residual-minimum-pension) that every rent must pass; without it
rents are not checked, and only the rent-burden score weighs them.
--format json prints the result as JSON with texts in both languages;
--lang chooses the language of the text report.

--seed is required with --mechanism lottery: the draw is random only
through it, so an unstated default would give every run the same order.

Exit status 2 for unreadable or invalid files (every problem is listed at
file:line:column) and bad flags.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if householdsPath == "" || unitsPath == "" {
				return badInput(errors.New("match: --households FILE and --units FILE are required"))
			}
			mech, err := matching.ParseMechanism(mechanism)
			if err != nil {
				return badInput(fmt.Errorf("match: --mechanism: %s", housing.ErrorMessage(err)))
			}
			if mech == matching.Lottery && !cmd.Flags().Changed("seed") {
				return badInput(errors.New("match: --seed N is required with --mechanism lottery (the lottery's draw is reproducible from it)"))
			}
			if format != "text" && format != "json" {
				return badInput(fmt.Errorf("match: --format %q: want text or json", format))
			}
			tag, err := housing.ParseLang(lang)
			if err != nil {
				return badInput(fmt.Errorf("match: --lang: %w", err))
			}
			on := housing.DateOf(time.Now())
			if date != "" {
				if on, err = housing.ParseDate(date); err != nil {
					return badInput(fmt.Errorf("match: --date: %w", err))
				}
			}
			hb, err := os.ReadFile(householdsPath)
			if err != nil {
				return badInput(fmt.Errorf("match: %w", err))
			}
			ub, err := os.ReadFile(unitsPath)
			if err != nil {
				return badInput(fmt.Errorf("match: %w", err))
			}
			apps, err := matching.ReadApplicants(householdsPath, hb)
			if err != nil {
				return badInput(problemsError{err})
			}
			offer, err := matching.ReadOffer(unitsPath, ub)
			if err != nil {
				return badInput(problemsError{err})
			}
			opt := matching.Options{Mechanism: mech, Seed: seed}
			if rentPolicy != "" {
				if opt.RentCheck, err = matching.ShippedRentCheck(rentPolicy, on); err != nil {
					return badInput(fmt.Errorf("match: --rent-policy: %s", housing.ErrorMessage(err)))
				}
			}
			res, err := matching.Match(matching.Input{Applicants: apps, Offer: offer, Date: on}, opt)
			if err != nil {
				if housing.ErrorCode(err) == housing.CodeInvalid {
					return badInput(problemsError{err})
				}
				return err
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			return res.WriteText(out, tag)
		},
	}
	cmd.Flags().StringVar(&householdsPath, "households", "", "households file, JSON or YAML (required)")
	cmd.Flags().StringVar(&unitsPath, "units", "", "units file with facilities and programmes, JSON or YAML (required)")
	cmd.Flags().StringVar(&mechanism, "mechanism", "optimal", "optimal, priority, lottery, deferred-acceptance or capacitated")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "seed of the lottery (required with --mechanism lottery)")
	cmd.Flags().StringVar(&date, "date", "", "date of the matching, YYYY-MM-DD (default today)")
	cmd.Flags().StringVar(&rentPolicy, "rent-policy", "", "rentcalc sustainability policy every rent must pass: liguria-30, modena-2x or residual-minimum-pension (default: none)")
	cmd.Flags().StringVar(&format, "format", "text", "output: text or json")
	cmd.Flags().StringVar(&lang, "lang", "it", "language of the text report: it or en")
	return cmd
}
