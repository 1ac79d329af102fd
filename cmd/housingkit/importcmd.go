//go:build !lean

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/housingkit/housingkit/store/transfer"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newImportCmd) }

func newImportCmd() *cobra.Command {
	var (
		storeSpec, tenant string
		unitsPath, hhPath string
		format, reportFmt string
		partial           bool
		maxBytes          int64
		maxRows           int
	)
	cmd := &cobra.Command{
		Use:   "import --store sqlite:FILE|postgres:URL|memory --tenant T (--units FILE | --households FILE) [--partial]",
		Short: "Import units or households with their referrals from CSV or JSON into a store",
		Long: `Import a municipal vacancy spreadsheet (--units) or a referral batch
(--households) into the tenant's store.

Files ending in .csv are read as CSV with a header row (see the store/transfer
package for the columns; a file separated by ';' is read the Italian way,
amounts as 1.234,56 and dates as DD/MM/YYYY or YYYY-MM-DD); other files as
JSON or YAML: {"units": [...]} or {"households": [...], "referrals": [...]}.
--format csv|json overrides the extension.

Every problem is listed with its row and column (CSV) or file:line:column
(JSON). By default nothing is written when any row has a problem; with
--partial the good rows are written and the others listed.

--store memory writes into a store that ends with the command: a dry run
that checks the file.

Exit status 0 when everything was imported, 2 for problems in the input (in
partial mode, when any row was left out), 3 for a fault of the store.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ps housing.Problems
			if (unitsPath == "") == (hhPath == "") {
				ps.Add("--units, --households", "give exactly one of them")
			}
			if err := store.Tenant(tenant).Validate(); err != nil {
				ps.Add("--tenant", "%s", housing.ErrorMessage(err))
			}
			if format != "" && format != "csv" && format != "json" {
				ps.Add("--format", "%q: want csv or json", format)
			}
			if reportFmt != "text" && reportFmt != "json" {
				ps.Add("--report", "%q: want text or json", reportFmt)
			}
			if err := ps.Err("bad arguments"); err != nil {
				return badInput(err)
			}
			path := unitsPath + hhPath
			if format == "" {
				format = "json"
				if strings.EqualFold(filepath.Ext(path), ".csv") {
					format = "csv"
				}
			}
			f, err := os.Open(path)
			if err != nil {
				return badInput(err)
			}
			defer f.Close()
			lim := transfer.Limits{MaxBytes: maxBytes, MaxRows: maxRows}
			var (
				b   transfer.Batch
				rep transfer.Report
			)
			switch {
			case unitsPath != "" && format == "csv":
				b, rep = transfer.ReadUnitsCSV(path, f, lim)
			case unitsPath != "":
				b, rep = transfer.ReadUnitsJSON(path, f, lim)
			case format == "csv":
				b, rep = transfer.ReadHouseholdsCSV(path, f, lim)
			default:
				b, rep = transfer.ReadBatchJSON(path, f, lim)
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
			rep, err = transfer.Import(ctx, st, store.Tenant(tenant), b, rep, transfer.ImportOptions{Partial: partial})
			if err != nil && housing.ErrorCode(err) != housing.CodeInvalid {
				return err
			}
			if reportFmt == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if rep.Problems == nil {
					rep.Problems = []transfer.Problem{}
				}
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %d rows read, %d records imported, %d rows left out\n", rep.File, rep.Rows, rep.Imported, rep.Skipped)
				for _, p := range rep.Problems {
					fmt.Fprintln(cmd.ErrOrStderr(), p)
				}
			}
			if err != nil {
				if partial {
					return badInput(fmt.Errorf("%d rows left out; the others were imported", rep.Skipped))
				}
				return badInput(fmt.Errorf("%d problems; nothing was imported", len(rep.Problems)))
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&storeSpec, "store", "", storeFlagHelp)
	fl.StringVar(&tenant, "tenant", "", "the tenant (organisation) whose records these are, such as comune-crema")
	fl.StringVar(&unitsPath, "units", "", "a file of units (vacancy registry)")
	fl.StringVar(&hhPath, "households", "", "a file of households with their referrals (referral batch)")
	fl.StringVar(&format, "format", "", "csv or json (default: from the file's extension)")
	fl.StringVar(&reportFmt, "report", "text", "the report's form: text or json")
	fl.BoolVar(&partial, "partial", false, "write the good rows and list the others, instead of all or nothing")
	fl.Int64Var(&maxBytes, "max-bytes", transfer.DefaultMaxBytes, "the largest file read")
	fl.IntVar(&maxRows, "max-rows", transfer.DefaultMaxRows, "the most rows read")
	return cmd
}
