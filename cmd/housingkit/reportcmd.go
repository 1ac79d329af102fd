//go:build !lean

package main

import (
	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newReportCmd) }

// defaultSuppress is the report's default suppression threshold: counts
// from 1 to 4 are written "<5".
const defaultSuppress = 5

func newReportCmd() *cobra.Command {
	var (
		storeSpec, tenant, from, to, programme, format, lang string
		suppress                                             int
	)
	cmd := &cobra.Command{
		Use:   "report --store sqlite:FILE|postgres:URL --tenant T --from YYYY-MM-DD --to YYYY-MM-DD [--programme ID] [--format text|csv|json] [--lang it|en] [--suppress N]",
		Short: "Write the casework report of a period: referrals, decisions, admissions, occupancy, waiting, stays, renewals, exits, ETHOS",
		Long: `Write what funders and offices ask of a period, from the cases kept in a
store by package casework: referrals; decisions by outcome and by reason;
admissions (households and persons); occupancy by facility and month;
waiting times from referral to admission and lengths of the stays ended
(median and 90th percentile, nearest rank); renewals by reason; exits by
pathway; stays that reached their limit with no housing solution; people
housed for at least 6 months; ETHOS categories at entry.

Counts from 1 to N-1 are written "<N" (--suppress N, default 5; 1 shows
every count), and so are the day figures of fewer than N stays. --format
text writes it in Italian or English (--lang), csv writes section,key,value
rows, json the same rows in one document.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ps housing.Problems
			if err := store.Tenant(tenant).Validate(); err != nil {
				ps.Add("--tenant", "%s", housing.ErrorMessage(err))
			}
			f, err := housing.ParseDate(from)
			if err != nil {
				ps.Add("--from", "%q: want a date YYYY-MM-DD", from)
			}
			t, err := housing.ParseDate(to)
			if err != nil {
				ps.Add("--to", "%q: want a date YYYY-MM-DD", to)
			}
			if format != casework.FormatText && format != casework.FormatCSV && format != casework.FormatJSON {
				ps.Add("--format", "%q: want text, csv or json", format)
			}
			tag, err := housing.ParseLang(lang)
			if err != nil {
				ps.Add("--lang", "%s", userMessage(err))
			}
			if suppress < 1 {
				ps.Add("--suppress", "%d: the suppression threshold is at least 1", suppress)
			}
			if err := inputErr(ps, "bad arguments"); err != nil {
				return err
			}
			ctx := cmd.Context()
			st, err := openStore(ctx, storeSpec)
			if err != nil {
				if housing.ErrorCode(err) == housing.CodeInvalid {
					return badInput(err)
				}
				return err
			}
			defer st.Close()
			cw, err := casework.New(st, casework.Options{})
			if err != nil {
				return err
			}
			r, err := cw.Report(ctx, store.Tenant(tenant), casework.Period{From: f, To: t}, programme)
			if err != nil {
				if c := housing.ErrorCode(err); c == housing.CodeInvalid || c == housing.CodeNotFound {
					return badInput(err)
				}
				return err
			}
			return casework.WriteReport(cmd.OutOrStdout(), r, format, tag, suppress)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&storeSpec, "store", "", storeFlagHelp)
	fl.StringVar(&tenant, "tenant", "", "the tenant (organisation) whose cases are reported")
	fl.StringVar(&from, "from", "", "the first day of the period (YYYY-MM-DD)")
	fl.StringVar(&to, "to", "", "the last day of the period (YYYY-MM-DD)")
	fl.StringVar(&programme, "programme", "", "report one programme only (its id)")
	fl.StringVar(&format, "format", casework.FormatText, "text, csv or json")
	fl.StringVar(&lang, "lang", defaultLang, langUsage)
	fl.IntVar(&suppress, "suppress", defaultSuppress, "write counts below this as <N (1 shows every count)")
	return cmd
}
