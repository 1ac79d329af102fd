package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/housingkit/housingkit/housing"
	txt "github.com/housingkit/housingkit/internal/text"
	"github.com/housingkit/housingkit/params"
	"github.com/housingkit/housingkit/rentcalc"
	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"golang.org/x/text/language"
)

func init() { commands = append(commands, newRentCmd) }

func newRentCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rent",
		Short: "Assess rent sustainability and compute rent support for a household",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newRentAssessCmd(), newRentSupportCmd())
	return cmd
}

// rentFlags are the flags both rent subcommands share.
type rentFlags struct {
	household, rent, format, lang string
	// rentAnnual is support's --rent-annual, the rent by the year: with it
	// --rent is not required.
	rentAnnual string
}

func (f *rentFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.household, "household", "", "household JSON file (housing.Household; unknown fields are rejected)")
	cmd.Flags().StringVar(&f.rent, "rent", "", "monthly rent in euros, such as 650 or 650.50")
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text or json")
	cmd.Flags().StringVar(&f.lang, "lang", defaultLang, langUsage)
}

// parse checks the shared flags, reporting every problem at once, and
// reads the household.
func (f *rentFlags) parse(ps *housing.Problems) (housing.Household, decimal.Decimal, language.Tag) {
	rent := parseRentAmount(ps, "--rent", f.rent, f.rentAnnual == "")
	lang := parseOutputFlags(ps, f.format, f.lang)
	var h housing.Household
	if f.household == "" {
		ps.Add("--household", "is required: a household JSON file")
		return h, rent, lang
	}
	data, ok := readInputFile(ps, "--household", f.household)
	if !ok {
		return h, rent, lang
	}
	h, err := housing.ReadHousehold(f.household, data)
	addErr(ps, "--household", err)
	return h, rent, lang
}

// parseRentAmount reads an amount of euros and cents, not negative, written
// in plain digits (no exponent: "1e400" is not an amount a user means).
func parseRentAmount(ps *housing.Problems, flag, s string, required bool) decimal.Decimal {
	if s == "" {
		if required {
			ps.Add(flag, "is required: an amount of euros such as 650.00")
		}
		return decimal.Zero
	}
	d, err := decimal.NewFromString(s)
	switch {
	case err != nil || strings.ContainsAny(s, "eE"):
		ps.Add(flag, "%q: want an amount of euros such as 650.00", s)
	case d.IsNegative():
		ps.Add(flag, "%s is negative", s)
	case !d.Round(2).Equal(d):
		ps.Add(flag, "%s has digits below the cent", s)
	}
	return d
}

// rentInputError turns a rentcalc error into the command's exit status:
// invalid input is bad input (2), every problem on its line; a figure
// missing for the date is too (the date or year asked for is outside the
// parameters' range). An internal error stays internal.
func rentInputError(what string, err error) error {
	if housing.ErrorCode(err) == housing.CodeInternal {
		return err
	}
	var ps housing.Problems
	addErr(&ps, "", err)
	if msg := userMessage(err); len(ps) > 1 || ps[0].Message != msg {
		what += ": " + msg
	}
	return inputErr(ps, what)
}

func newRentAssessCmd() *cobra.Command {
	var (
		f                    rentFlags
		charges, policy, day string
	)
	cmd := &cobra.Command{
		Use:   "assess --household FILE --rent AMOUNT [--charges AMOUNT] [--policy FILE|ID] [--date YYYY-MM-DD] [--format text|json] [--lang it|en]",
		Short: "Assess whether a household can sustain a monthly rent under a policy",
		Long: `Assess whether a household can sustain a monthly rent (and service
charges) under a rent-sustainability policy, with the figures in force on
--date (default today). The household's income is the sum of its members'
declared annual incomes; every member must declare incomes ([] for none).

--policy is a policy file (YAML or JSON, see package rentcalc) or the id of
a shipped policy: liguria-30 (rent ≤ 30% of income, the default), modena-2x
(income ≥ 2 × (rent + charges)) or residual-minimum-pension (income left
after rent and charges ≥ the INPS minimum pension × 13 × the ISEE scale).

The output gives the verdict, each test with its figures, the maximum
sustainable monthly rent (exact to the cent: one cent more fails) and the
gap (rent − maximum). Exit status 2 for bad input: an unreadable or invalid
household, policy or amount, or a date outside the figures' range.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ps housing.Problems
			h, rent, lang := f.parse(&ps)
			ch := parseRentAmount(&ps, "--charges", charges, false)
			on := housing.DateOf(time.Now())
			if day != "" {
				d, err := housing.ParseDate(day)
				if err != nil {
					ps.Add("--date", "%s", userMessage(err))
				}
				on = d
			}
			p := loadRentPolicy(&ps, policy)
			if err := inputErr(ps, "cannot assess the rent"); err != nil {
				return err
			}
			src, err := rentcalc.Shipped()
			if err != nil {
				return err
			}
			a, err := src.Compile(p, on)
			if err != nil {
				return rentInputError("rent assess: policy "+p.ID, err)
			}
			in, err := rentcalc.InputOf(h, on, rent, ch)
			if err != nil {
				return rentInputError("rent assess: household "+h.ID, err)
			}
			r, err := a.Assess(in)
			if err != nil {
				return rentInputError("rent assess", err)
			}
			if f.format == "json" {
				return writeRentJSON(cmd.OutOrStdout(), struct {
					Household string `json:"household"`
					*rentcalc.Assessment
				}{h.ID, r})
			}
			writeRentAssessment(cmd.OutOrStdout(), lang, h, r, day == "")
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&charges, "charges", "", "monthly service charges in euros (default 0)")
	cmd.Flags().StringVar(&policy, "policy", rentcalc.PolicyLiguria30, "policy file, or the id of a shipped policy: "+strings.Join(rentcalc.ShippedPolicyIDs(), ", "))
	cmd.Flags().StringVar(&day, "date", "", "date of the figures, YYYY-MM-DD (default today)")
	return cmd
}

// loadRentPolicy reads a policy file, or a shipped policy when no file of
// that name exists, recording its problems in ps.
func loadRentPolicy(ps *housing.Problems, name string) *rentcalc.Policy {
	if _, err := os.Stat(name); err == nil {
		data, ok := readInputFile(ps, "--policy", name)
		if !ok {
			return nil
		}
		p, err := rentcalc.ParsePolicy(name, data)
		addErr(ps, "--policy", err)
		return p
	}
	p, err := rentcalc.ShippedPolicy(name)
	if errors.Is(err, housing.ErrNotFound) {
		ps.Add("--policy", "%q is neither a file nor a shipped policy (%s)", name, strings.Join(rentcalc.ShippedPolicyIDs(), ", "))
		return nil
	}
	addErr(ps, "--policy", err)
	return p
}

func writeRentJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeRentAssessment(w io.Writer, lang language.Tag, h housing.Household, r *rentcalc.Assessment, today bool) {
	line := func(key string, args ...any) { fmt.Fprintln(w, cliTexts.Format(lang, key, args...)) }
	m := func(d decimal.Decimal) txt.Money { return txt.Money(d) }
	line("rent.policy", r.Policy, r.PolicyTitle)
	if today {
		line("rent.date_today", r.Date.String())
	} else {
		line("rent.date", r.Date.String())
	}
	line("rent.household", h.ID, m(r.IncomeAnnual), m(r.RentMonthly), m(r.ChargesMonthly))
	verdict := txt.Key("rent.sustainable")
	if !r.Sustainable {
		verdict = "rent.unsustainable"
	}
	line("rent.verdict", verdict, r.Code)
	fmt.Fprintf(w, "  %s\n", r.Text.In(lang))
	line("rent.max", m(r.MaxRentMonthly), m(r.GapMonthly))
	line("rent.tests")
	for _, t := range r.Tests {
		mark := txt.Key("rent.pass")
		if !t.Passed {
			mark = "rent.fail"
		}
		fmt.Fprintf(w, "  [%s] %s: %s\n", cliTexts.Format(lang, string(mark)), t.Code, t.Text.In(lang))
		for _, fig := range t.Figures {
			writeRentFigure(w, lang, "      ", fig, r.Date)
		}
	}
	for _, s := range r.Scales {
		line("rent.scale", rentcalc.ScaleLabel(lang, s.Scale), s.Version, s.Value)
		for _, p := range s.Parts {
			fmt.Fprintf(w, "  %s\n", p.Text.In(lang))
		}
	}
}

// writeRentFigure writes a figure the results rest on, with its value in
// its unit, the date it took effect (as YYYY-MM-DD) and its source; a
// figure used on a date in a later year than the last value of its source
// file (see lastSourceDate) is marked extrapolated.
func writeRentFigure(w io.Writer, lang language.Tag, indent string, f rentcalc.Figure, on housing.Date) {
	v := f.Unit.Format(lang, f.Value)
	if f.Unit == params.UnitBool {
		v = cliTexts.Format(lang, "no")
		if f.Flag {
			v = cliTexts.Format(lang, "yes")
		}
	}
	src := ""
	if len(f.References) > 0 {
		src = "; " + f.References[0].Title
		if c := f.References[0].Certainty; c != "" {
			src += " [" + c + "]"
		}
	}
	mark := ""
	if f.Placeholder {
		mark = cliTexts.Format(lang, "rent.placeholder", f.Note)
	}
	if last, ok := lastSourceDate(f.Ref); ok && on.Year() > last.Year() {
		mark += cliTexts.Format(lang, "rent.extrapolated", last.String())
	}
	fmt.Fprintf(w, "%s%s\n", indent, cliTexts.Format(lang, "rent.figure", f.Ref, v, f.From.String(), src, mark))
}

func newRentSupportCmd() *cobra.Command {
	var (
		f    rentFlags
		year int
	)
	cmd := &cobra.Command{
		Use:   "support --household FILE (--rent AMOUNT | --rent-annual AMOUNT) --year YYYY [--format text|json] [--lang it|en]",
		Short: "Compute the national rent-support contribution (L. 431/1998 art. 11) for a year",
		Long: `Compute the annual contribution of the national rent-support fund
(L. 431/1998 art. 11) for a household paying a monthly rent, with the
figures in force on 1 January of --year: band A (income ≤ 2 × the INPS
minimum pension × 13; incidence brought down to 14%, at most €3,098.74),
band B (the region's ERP access limit; down to 24%, at most €2,324.06),
+25% for a household with a member aged 65 or over or disabled. The region
is the household's residence region (Emilia-Romagna, Lombardia, Sicilia);
where band B is an ISEE limit a household above band A must declare its
ISEE (band A is on income alone). The rent may be given by the month
(--rent) or by the year (--rent-annual).

Exit status 2 for bad input: an unreadable or invalid household, a missing
or impossible amount or year, a region without band B limit, or a year
without figures.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ps housing.Problems
			h, rent, lang := f.parse(&ps)
			var annual decimal.Decimal
			if f.rentAnnual != "" {
				annual = parseRentAmount(&ps, "--rent-annual", f.rentAnnual, true)
				if f.rent != "" {
					ps.Add("--rent-annual", "give the rent by the month (--rent) or by the year (--rent-annual), not both")
				}
			}
			if !cmd.Flags().Changed("year") {
				ps.Add("--year", "is required, such as 2025")
			} else if year < 1 || year > 9999 {
				ps.Add("--year", "%d is outside 1..9999", year)
			}
			if err := inputErr(ps, "cannot compute the rent support"); err != nil {
				return err
			}
			src, err := rentcalc.Shipped()
			if err != nil {
				return err
			}
			scheme, err := rentcalc.ShippedSupportScheme(rentcalc.SchemeL431)
			if err != nil {
				return err
			}
			jan1, _ := housing.NewDate(year, time.January, 1)
			in, err := rentcalc.SupportInputOf(h, jan1, rent)
			if err != nil {
				return rentInputError("rent support: household "+h.ID, err)
			}
			in.RentAnnual = annual
			s, err := src.Support(scheme, year, in)
			if err != nil {
				return rentInputError("rent support: household "+h.ID, err)
			}
			if f.format == "json" {
				return writeRentJSON(cmd.OutOrStdout(), struct {
					Household string `json:"household"`
					Region    string `json:"region"`
					*rentcalc.Support
				}{h.ID, in.Region, s})
			}
			m := func(d decimal.Decimal) txt.Money { return txt.Money(d) }
			w := cmd.OutOrStdout()
			line := func(key string, args ...any) { fmt.Fprintln(w, cliTexts.Format(lang, key, args...)) }
			line("support.scheme", scheme.ID, scheme.Title)
			line("support.year", strconv.Itoa(s.Year), s.Date.String())
			if in.RentAnnual.IsZero() {
				line("support.household", h.ID, in.Region, m(s.IncomeAnnual), m(in.RentMonthly), m(s.RentAnnual))
			} else {
				line("support.household_annual", h.ID, in.Region, m(s.IncomeAnnual), m(s.RentAnnual))
			}
			line("support.band", s.Band)
			line("support.contribution", m(s.Contribution), s.Code)
			for _, r := range s.Reasons {
				fmt.Fprintf(w, "  %s\n", r.Text.In(lang))
			}
			line("support.figures")
			for _, fig := range s.Figures {
				writeRentFigure(w, lang, "  ", fig, s.Date)
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&f.rentAnnual, "rent-annual", "", "yearly rent in euros, instead of --rent (the figure rent-support calls ask for)")
	cmd.Flags().IntVar(&year, "year", 0, "year of the contribution, such as 2025")
	return cmd
}

// lastSourceDate returns the latest date on which any figure of the shipped
// parameter file that ref ("file-id.name") belongs to takes a value: the
// last date its sources speak for. A figure used in a later year is carried
// forward from it, not confirmed by a source.
func lastSourceDate(ref string) (housing.Date, bool) {
	i := strings.LastIndexByte(ref, '.')
	if i < 0 {
		return housing.Date{}, false
	}
	f, err := params.Shipped(ref[:i])
	if err != nil {
		return housing.Date{}, false
	}
	var last housing.Date
	for _, name := range f.Parameters.Names() {
		p, _ := f.Parameters.Get(name)
		for _, st := range p.Steps() {
			if st.From.After(last) {
				last = st.From
			}
		}
	}
	return last, !last.IsZero()
}
