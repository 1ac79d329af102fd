package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"syscall"
	"time"
	"unsafe"

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
	// SolveCPUSeconds is the process's CPU time (user and system) during
	// the solve: the fair figure on a shared machine.
	SolveCPUSeconds float64 `json:"solve_cpu_seconds"`
	// FileToAnswerSeconds is the wall time from opening the costs file to
	// the answer found (not encoding it, some microseconds): the
	// counterpart of timing a library's file read and solve, without the
	// process's start-up.
	FileToAnswerSeconds float64 `json:"file_to_answer_seconds"`
	// FileToAnswerCPUSeconds is the process's CPU time over the same span.
	FileToAnswerCPUSeconds float64 `json:"file_to_answer_cpu_seconds"`
}

// appendAssignJSON appends o as encoding/json's Encoder writes it (the
// same bytes, newline included; TestAssignJSONBytes compares them) without
// reflection: the assignment holds one number per row.
func appendAssignJSON(b []byte, o assignOutput) ([]byte, error) {
	b = append(b, `{"rows":`...)
	b = strconv.AppendInt(b, int64(o.Rows), 10)
	b = append(b, `,"cols":`...)
	b = strconv.AppendInt(b, int64(o.Cols), 10)
	b = append(b, `,"total_cost":`...)
	b, err := appendJSONFloat(b, o.TotalCost)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"assignment":`...)
	if o.Assignment == nil {
		b = append(b, "null"...)
	} else {
		b = slices.Grow(b, 6*len(o.Assignment)+2)
		b = append(b, '[')
		for k, j := range o.Assignment {
			if k > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(j), 10)
		}
		b = append(b, ']')
	}
	for _, f := range [...]struct {
		key string
		v   float64
	}{
		{`,"solve_seconds":`, o.SolveSeconds}, {`,"solve_cpu_seconds":`, o.SolveCPUSeconds},
		{`,"file_to_answer_seconds":`, o.FileToAnswerSeconds}, {`,"file_to_answer_cpu_seconds":`, o.FileToAnswerCPUSeconds},
	} {
		if b, err = appendJSONFloat(append(b, f.key...), f.v); err != nil {
			return nil, err
		}
	}
	return append(b, "}\n"...), nil
}

// appendJSONFloat appends f as encoding/json writes it (NaN and ±Inf
// are its errors).
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	fb, err := json.Marshal(f)
	return append(b, fb...), err
}

// cpuSeconds is the process's CPU time so far (user and system).
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// mappedFault is the error of a memory fault r (a panic under
// debug.SetPanicOnFault) on the costs mapped from the file, nil for any
// other panic.
func mappedFault(r any, mapped []float64) error {
	a, ok := r.(interface{ Addr() uintptr })
	if !ok || len(mapped) == 0 {
		return nil
	}
	lo := uintptr(unsafe.Pointer(&mapped[0]))
	if x := a.Addr(); x < lo || x-lo >= 8*uintptr(len(mapped)) {
		return nil
	}
	return &assign.InputError{Row: -1, Col: -1, Msg: "truncated while being solved: the file shrank after it was read (it must not change while housingkit assign runs)"}
}

// untransposed restates an error of the transposed problem (the file's
// columns as rows) in the file's rows and columns.
func untransposed(err error) error {
	var ie *assign.InputError
	if errors.As(err, &ie) && ie.Row >= 0 && ie.Col >= 0 {
		ie.Row, ie.Col = ie.Col, ie.Row
	}
	var fe *assign.InfeasibleError
	if errors.As(err, &fe) && fe.Row >= 0 {
		fe.Row, fe.Column = -1, fe.Row
		fe.Detail = fmt.Sprintf("column %d cannot be given to any row without leaving another column uncovered at finite cost (more rows than columns: every column must be used)", fe.Column)
	}
	return err
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
A large FILE is mapped into memory rather than copied: it must not change
while the command runs.
Without --penalty the smaller side is assigned completely; with --penalty P
each row may instead stay unmatched at cost P.

--algorithm auto picks the sparse solver when at most 10% of the pairs are
finite, else the dense one, which chooses its method by itself (shortest
augmenting paths, or an auction's prices when the paths grow long);
jv and auction force one dense method (with jv, a file with more rows
than columns is read as its transpose, in place, rather than copied
transposed by the solver). --format json prints
{"rows":R,"cols":C,"total_cost":X,"assignment":[column or -1 per row],
"solve_seconds":S,"solve_cpu_seconds":U,
"file_to_answer_seconds":F,"file_to_answer_cpu_seconds":G}
where S times the solver only: not reading the file and, for the sparse
solver, not collecting the finite pairs (the counterpart of building a
sparse matrix before calling a library); U is the process's CPU time
(user and system) over the same span. F times everything from opening
FILE to the answer found, ready to be written (the counterpart of timing
a library's file read and solve: the process's start-up, 10-30 ms, is
not in it); G is the CPU time over that span.

Exit status 2 for a malformed, truncated or infeasible input.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			// The costs may be a mapping of the file (ReadOptions.Map): a
			// file that shrinks while it is solved makes reading the lost
			// part fault, which is reported as such, not a crash.
			var mapped []float64
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			defer func() {
				if r := recover(); r != nil {
					ferr := mappedFault(r, mapped)
					if ferr == nil {
						panic(r)
					}
					err = badInput(fmt.Errorf("assign: %s: %w", costsPath, ferr))
				}
			}()
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
			penalized := cmd.Flags().Changed("penalty")
			if penalized && (math.IsNaN(penalty) || math.IsInf(penalty, 0)) {
				ps.Add("--penalty", "%v: want a finite number", penalty)
			}
			if err := inputErr(ps, "cannot assign"); err != nil {
				return err
			}
			fileStart, fileCPU := time.Now(), cpuSeconds()
			f, err := os.Open(costsPath)
			if err != nil {
				return badInput(fmt.Errorf("assign: --costs: cannot read %s: %s", costsPath, fileErr(err)))
			}
			// A tall matrix is read as its transpose, in place, when the
			// solver would otherwise make a transposed copy: forced
			// shortest paths (jv) want at least as many columns as rows.
			// The automatic choice solves tall matrices in place (cheap
			// ones by a greedy start over a strided view, structured ones
			// by the auction, which wants the tall layout), and so do the
			// sparse solver (its pairs transposed, not the matrix) and the
			// auction; penalties belong to rows, so they keep the file's
			// layout.
			m, info, err := assign.ReadMatrixWith(f, assign.ReadOptions{
				Transpose: func(rows, cols int) bool {
					return rows > cols && !penalized && algo == assign.JV
				},
				Alloc: mappedCosts,
				Map:   true,
				// A mapped file's costs are checked by the solver as it
				// reads them; the reader's own pass over them is only
				// needed as far as the automatic choice needs the count
				// of finite costs (all of it for the sparse solver).
				FiniteEnough: func(rows, cols int) int {
					switch algo {
					case assign.SparsePairs:
						return -1
					case assign.Auto:
						return int(assign.AutoSparseDensity * float64(rows*cols))
					}
					return 0
				},
			})
			f.Close()
			if err != nil {
				if !errors.Is(err, assign.ErrInvalidInput) {
					return fmt.Errorf("assign: %s: %w", costsPath, err) // not the input's fault: status 3
				}
				return badInput(fmt.Errorf("assign: %s: %w", costsPath, err))
			}
			if info.Release != nil {
				mapped = m.Data
				defer info.Release() //nolint:errcheck // unmapping a mapping we made
			}
			rows, cols := m.Rows, m.Cols
			at := m.At
			if info.Transposed {
				rows, cols = m.Cols, m.Rows
				at = func(i, j int) float64 { return m.At(j, i) }
			}
			if penalized {
				opt.Unmatched = assign.UniformUnmatched(m.Rows, penalty)
			}
			if algo == assign.Auto {
				// assign.Choose's rule, from the count made while reading.
				algo = assign.Dense
				if len(m.Data) > 0 && float64(info.Finite) <= assign.AutoSparseDensity*float64(len(m.Data)) {
					algo = assign.SparsePairs
				}
			}
			var res assign.Result
			var elapsed time.Duration
			var cpu float64
			if algo == assign.SparsePairs {
				s := assign.ToSparse(m)
				// The sparse solver's memory is a few arrays of the
				// problem's size, all live until it returns: a collection
				// meanwhile (the heap is small, so the runtime would start
				// several) finds nothing to free.
				gc := debug.SetGCPercent(-1)
				t0, c0 := time.Now(), cpuSeconds()
				res, err = assign.SolveSparse(s, opt)
				elapsed, cpu = time.Since(t0), cpuSeconds()-c0
				debug.SetGCPercent(gc)
			} else {
				t0, c0 := time.Now(), cpuSeconds()
				res, err = assign.Solve(m, opt, algo)
				elapsed, cpu = time.Since(t0), cpuSeconds()-c0
			}
			if err != nil {
				if info.Transposed {
					err = untransposed(err)
				}
				return badInput(fmt.Errorf("assign: %s: %w", costsPath, err))
			}
			if info.Transposed {
				// res matched the file's columns to its rows.
				x := make([]int, rows)
				for i := range x {
					x[i] = -1
				}
				for j, i := range res.RowToCol {
					if i >= 0 {
						x[i] = j
					}
				}
				res = assign.Result{RowToCol: x, ColToRow: res.RowToCol, Cost: res.Cost, Unmatched: rows - (cols - res.Unmatched)}
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				b, err := appendAssignJSON(nil, assignOutput{
					Rows: rows, Cols: cols, TotalCost: res.Cost,
					Assignment: res.RowToCol, SolveSeconds: elapsed.Seconds(), SolveCPUSeconds: cpu,
					FileToAnswerSeconds: time.Since(fileStart).Seconds(), FileToAnswerCPUSeconds: cpuSeconds() - fileCPU,
				})
				if err != nil {
					return err
				}
				_, err = out.Write(b)
				return err
			}
			fmt.Fprintf(out, "%d rows × %d columns, %s solver, solved in %.3f s\n", rows, cols, algo, elapsed.Seconds())
			fmt.Fprintf(out, "total cost: %v\n", res.Cost)
			fmt.Fprintf(out, "assigned rows: %d; rows without a column: %d", rows-res.Unmatched, res.Unmatched)
			if opt.Unmatched != nil {
				fmt.Fprintf(out, " (penalty %v each)", penalty)
			}
			fmt.Fprintln(out)
			const show = 20
			for i, j := range res.RowToCol {
				if i == show {
					fmt.Fprintf(out, "… %d more rows (use --format json for all)\n", rows-show)
					break
				}
				if j < 0 {
					fmt.Fprintf(out, "row %d: unmatched\n", i)
				} else {
					fmt.Fprintf(out, "row %d → column %d (cost %v)\n", i, j, at(i, j))
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
