package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching/assign"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newAssignCmd) }

// assignOutput is the JSON form of `housingkit assign`.
type assignOutput struct {
	Rows         int     `json:"rows"`
	Cols         int     `json:"cols"`
	TotalCost    float64 `json:"total_cost"`
	Assignment   []int   `json:"assignment"`
	SolveSeconds float64 `json:"solve_seconds"`
}

func newAssignCmd() *cobra.Command {
	var (
		costsPath string
		penalty   float64
		algorithm string
		format    string
	)
	cmd := &cobra.Command{
		Use:   "assign --costs FILE [--penalty P] [--algorithm auto|dense|sparse|jv|auction] [--format text|json]",
		Short: "Solve a linear assignment problem given as a binary cost matrix",
		Long: `Solve a minimum-cost linear assignment problem.

FILE is binary: rows and cols as little-endian int64, then rows×cols
little-endian float64 costs in row-major order; +Inf forbids a pair.
Without --penalty the smaller side is assigned completely; with --penalty P
each row may instead stay unmatched at cost P.

--algorithm auto picks the sparse solver when at most 10% of the pairs are
finite, else the dense one, which chooses its method by itself (shortest
augmenting paths, or an auction's prices when the paths grow long);
jv and auction force one dense method. --format json prints
{"rows":R,"cols":C,"total_cost":X,"assignment":[column or -1 per row],"solve_seconds":S}
where S times the solver only: not reading the file and, for the sparse
solver, not collecting the finite pairs (the counterpart of building a
sparse matrix before calling a library).

Exit status 2 for a malformed, truncated or infeasible input.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ps housing.Problems
			if costsPath == "" {
				ps.Add("--costs", "is required: a binary cost matrix file")
			}
			var algo assign.Algorithm
			switch algorithm {
			case "auto":
				algo = assign.Auto
			case "dense":
				algo = assign.Dense
			case "sparse":
				algo = assign.SparsePairs
			case "jv":
				algo = assign.JV
			case "auction":
				algo = assign.Auction
			default:
				ps.Add("--algorithm", "%q: want auto, dense, sparse, jv or auction", algorithm)
			}
			if format != "text" && format != "json" {
				ps.Add("--format", "%q: want text or json", format)
			}
			var opt assign.Options
			if cmd.Flags().Changed("penalty") && (math.IsNaN(penalty) || math.IsInf(penalty, 0)) {
				ps.Add("--penalty", "%v: want a finite number", penalty)
			}
			if err := inputErr(ps, "cannot assign"); err != nil {
				return err
			}
			f, err := os.Open(costsPath)
			if err != nil {
				return badInput(fmt.Errorf("assign: --costs: cannot read %s: %s", costsPath, fileErr(err)))
			}
			m, err := assign.ReadMatrix(f)
			f.Close()
			if err != nil {
				return badInput(fmt.Errorf("assign: %s: %w", costsPath, err))
			}
			if cmd.Flags().Changed("penalty") {
				opt.Unmatched = assign.UniformUnmatched(m.Rows, penalty)
			}
			algo = assign.Choose(m, algo)
			var res assign.Result
			var elapsed time.Duration
			if algo == assign.SparsePairs {
				s := assign.ToSparse(m)
				t0 := time.Now()
				res, err = assign.SolveSparse(s, opt)
				elapsed = time.Since(t0)
			} else {
				t0 := time.Now()
				res, err = assign.Solve(m, opt, algo)
				elapsed = time.Since(t0)
			}
			if err != nil {
				return badInput(fmt.Errorf("assign: %s: %w", costsPath, err))
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				return json.NewEncoder(out).Encode(assignOutput{
					Rows: m.Rows, Cols: m.Cols, TotalCost: res.Cost,
					Assignment: res.RowToCol, SolveSeconds: elapsed.Seconds(),
				})
			}
			fmt.Fprintf(out, "%d rows × %d columns, %s solver, solved in %.3f s\n", m.Rows, m.Cols, algo, elapsed.Seconds())
			fmt.Fprintf(out, "total cost: %v\n", res.Cost)
			fmt.Fprintf(out, "assigned rows: %d; rows without a column: %d", m.Rows-res.Unmatched, res.Unmatched)
			if opt.Unmatched != nil {
				fmt.Fprintf(out, " (penalty %v each)", penalty)
			}
			fmt.Fprintln(out)
			const show = 20
			for i, j := range res.RowToCol {
				if i == show {
					fmt.Fprintf(out, "… %d more rows (use --format json for all)\n", m.Rows-show)
					break
				}
				if j < 0 {
					fmt.Fprintf(out, "row %d: unmatched\n", i)
				} else {
					fmt.Fprintf(out, "row %d → column %d (cost %v)\n", i, j, m.At(i, j))
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&costsPath, "costs", "", "binary cost matrix file (required)")
	cmd.Flags().Float64Var(&penalty, "penalty", 0, "cost of leaving a row unmatched (default: every row of the smaller side must be matched)")
	cmd.Flags().StringVar(&algorithm, "algorithm", "auto", "solver: auto, dense, sparse, jv or auction")
	cmd.Flags().StringVar(&format, "format", "text", "output: text or json")
	return cmd
}
