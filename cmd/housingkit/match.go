package main

import (
	"encoding/json"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newMatchCmd) }

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
			var ps housing.Problems
			mech, err := matching.ParseMechanism(mechanism)
			if err != nil {
				ps.Add("--mechanism", "%s", userMessage(err))
			}
			if mech == matching.Lottery && !cmd.Flags().Changed("seed") {
				ps.Add("--seed", "is required with --mechanism lottery (the lottery's draw is reproducible from it)")
			}
			tag := parseOutputFlags(&ps, format, lang)
			on := housing.DateOf(time.Now())
			if date != "" {
				if on, err = housing.ParseDate(date); err != nil {
					ps.Add("--date", "%s", userMessage(err))
				}
			}
			var apps []matching.Applicant
			if householdsPath == "" {
				ps.Add("--households", "is required: a households file (JSON or YAML)")
			} else if data, ok := readInputFile(&ps, "--households", householdsPath); ok {
				apps, err = matching.ReadApplicants(householdsPath, data)
				addErr(&ps, "--households", err)
			}
			var offer matching.Offer
			if unitsPath == "" {
				ps.Add("--units", "is required: a units file (JSON or YAML)")
			} else if data, ok := readInputFile(&ps, "--units", unitsPath); ok {
				offer, err = matching.ReadOffer(unitsPath, data)
				addErr(&ps, "--units", err)
			}
			if err := inputErr(ps, "cannot match"); err != nil {
				return err
			}
			opt := matching.Options{Mechanism: mech, Seed: seed}
			if rentPolicy != "" {
				if opt.RentCheck, err = matching.ShippedRentCheck(rentPolicy, on); err != nil {
					addErr(&ps, "--rent-policy", err)
					return inputErr(ps, "cannot match")
				}
			}
			res, err := matching.Match(matching.Input{Applicants: apps, Offer: offer, Date: on}, opt)
			if err != nil {
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
	cmd.Flags().StringVar(&lang, "lang", defaultLang, langUsage)
	return cmd
}
