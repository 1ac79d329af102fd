//go:build !lean

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/housingkit/housingkit/store/transfer"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newExportCmd) }

func newExportCmd() *cobra.Command {
	var (
		storeSpec, tenant, keyFile, asOf string
		format, part, outPath            string
		sensitive                        bool
		minCount                         int
	)
	cmd := &cobra.Command{
		Use:   "export --store sqlite:FILE|postgres:URL --tenant T --key-file FILE --as-of YYYY-MM-DD [--sensitive] [--min-count N] [--format json|csv --part NAME] [--out FILE]",
		Short: "Write a pseudonymised research export of a tenant's households, stays and decisions",
		Long: `Write the tenant's households, stays and eligibility decisions for
research, pseudonymised: every identifier is replaced by HMAC-SHA256 under
the key in --key-file (at least 16 bytes; the same key gives the same
pseudonyms, so keep it apart from the export), ages are in bands, dates are
months, and names, addresses, notes and other free text are left out. The
special categories of data (victim of violence, disability, the other
health and care flags) are included only with --sensitive. Aggregate
tables suppress counts below --min-count (default 5).

--format json (default) writes everything as one document; --format csv
writes one part, named by --part: households, stays, decisions, or one of
the aggregate tables (households_by_reference_age_and_sex,
households_by_size_and_isee, stays_by_programme_and_status,
exits_by_programme_and_pathway, decisions_by_ruleset_and_outcome, and with
--sensitive members_by_violence_and_disability).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ps housing.Problems
			if err := store.Tenant(tenant).Validate(); err != nil {
				ps.Add("--tenant", "%s", housing.ErrorMessage(err))
			}
			date, err := housing.ParseDate(asOf)
			if err != nil {
				ps.Add("--as-of", "%q: want a date YYYY-MM-DD", asOf)
			}
			var key []byte
			if keyFile == "" {
				ps.Add("--key-file", "is required: a file holding the pseudonymisation key")
			} else if key, err = os.ReadFile(keyFile); err != nil {
				ps.Add("--key-file", "cannot read %s: %s", keyFile, fileErr(err))
			} else {
				key = bytes.TrimRight(key, "\r\n")
			}
			switch {
			case format != "json" && format != "csv":
				ps.Add("--format", "%q: want json or csv", format)
			case format == "csv" && part == "":
				ps.Add("--part", "is required with --format csv")
			case format == "json" && part != "":
				ps.Add("--part", "is for --format csv; JSON holds every part")
			}
			if minCount < 1 {
				ps.Add("--min-count", "%d: the suppression threshold is at least 1", minCount)
			}
			if err := ps.Err("bad arguments"); err != nil {
				return badInput(err)
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
			r, err := transfer.Export(ctx, st, store.Tenant(tenant), transfer.ExportOptions{Key: key, AsOf: date, Sensitive: sensitive, MinCount: minCount})
			if err != nil {
				if housing.ErrorCode(err) == housing.CodeInvalid {
					return badInput(err)
				}
				return err
			}
			var buf bytes.Buffer
			if format == "json" {
				err = r.WriteJSON(&buf)
			} else {
				err = r.WriteCSV(&buf, part)
			}
			if err != nil {
				if housing.ErrorCode(err) == housing.CodeInvalid {
					return badInput(err)
				}
				return err
			}
			var w io.Writer = cmd.OutOrStdout()
			if outPath != "" {
				if err := os.WriteFile(outPath, buf.Bytes(), 0o600); err != nil {
					return fmt.Errorf("writing %s: %w", outPath, err)
				}
				return nil
			}
			_, err = w.Write(buf.Bytes())
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&storeSpec, "store", "", storeFlagHelp)
	fl.StringVar(&tenant, "tenant", "", "the tenant (organisation) whose records are exported")
	fl.StringVar(&keyFile, "key-file", "", "a file holding the pseudonymisation key (at least 16 bytes)")
	fl.StringVar(&asOf, "as-of", "", "the date ages and lengths of stay are computed on (YYYY-MM-DD)")
	fl.BoolVar(&sensitive, "sensitive", false, "include the special categories of data (violence, health)")
	fl.IntVar(&minCount, "min-count", transfer.DefaultMinCount, "suppress aggregate counts below this")
	fl.StringVar(&format, "format", "json", "json (everything) or csv (one part)")
	fl.StringVar(&part, "part", "", "with --format csv: households, stays, decisions or a table's name")
	fl.StringVar(&outPath, "out", "", "write to this file (mode 0600) instead of standard output")
	return cmd
}
