//go:build !lean

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/simulation"
	"github.com/housingkit/housingkit/simulation/report"
	"github.com/housingkit/housingkit/simulation/scenarios"
)

func init() { commands = append(commands, newSimulateCmd) }

func newSimulateCmd() *cobra.Command {
	var (
		out          string
		replications int
		workers      int
		seed         uint64
		shard        string
		quiet        bool
	)
	cmd := &cobra.Command{
		Use:   "simulate SCENARIO",
		Short: "Replay a programme over time for a baseline and its policy variants",
		Long: `Simulate runs a scenario (a scenario file, or the id of a shipped one: ` + strings.Join(scenarios.IDs(), ", ") + `)
for its baseline and every variant, replications in parallel, and writes into
--out the raw replications (replications.json), the summary (summary.json),
tables (totals.csv, monthly.csv, differences.csv, …) and charts (PNG and SVG),
then prints the comparison: each variant's means with 95% intervals and its
paired difference from the baseline.

With --shard I/N it runs only the replications r with r mod N = I and writes
the raw replications alone: run the N shards anywhere (a Kubernetes indexed
job, a Slurm array), then "housingkit simulate merge DIR..." writes the same
files, byte for byte, as one run on one machine.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ps housing.Problems
			var idx, of int
			if shard != "" {
				var err error
				idx, of, err = parseShard(shard)
				if err != nil {
					ps.Add("--shard", "%v", err)
				}
			}
			if replications < 0 || replications > simulation.MaxReplications {
				ps.Add("--replications", "want 1 to %d, got %d", simulation.MaxReplications, replications)
			}
			if workers < 0 {
				ps.Add("--workers", "must not be negative")
			}
			if err := inputErr(ps, "cannot simulate"); err != nil {
				return err
			}
			sc, err := loadScenario(args[0])
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("seed") {
				sc.Seed = seed
			}
			m, err := simulation.Prepare(sc)
			if err != nil {
				return err
			}
			// A run allocates many short-lived values (the matching's
			// reasons and validations): collecting less often saves about
			// a quarter of the CPU (see BENCHMARKS.md). GOGC still wins.
			if os.Getenv("GOGC") == "" {
				debug.SetGCPercent(400)
			}
			progress, done := progressBar(cmd.ErrOrStderr(), quiet)
			res, err := m.Run(context.Background(), simulation.RunOptions{Replications: replications, Workers: workers, Shard: idx, Shards: of, Progress: progress})
			done()
			if err != nil {
				return err
			}
			if of > 0 {
				if err := report.WriteRaw(out, res); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "shard %d/%d: %d of %d replications written to %s\n", idx, of, len(res.Reps), res.Replications, out)
				return nil
			}
			s, err := report.Write(out, res)
			if err != nil {
				return err
			}
			if err := report.Table(cmd.OutOrStdout(), s); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "files in %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "simulation-out", "output folder")
	cmd.Flags().IntVar(&replications, "replications", 0, "number of replications (default: the scenario's, or 20)")
	cmd.Flags().IntVar(&workers, "workers", 0, "replications run at once (default: every core)")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "seed (default: the scenario's)")
	cmd.Flags().StringVar(&shard, "shard", "", "run shard I of N (I/N, I from 0)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress bar")
	cmd.AddCommand(newSimulateMergeCmd())
	return cmd
}

func newSimulateMergeCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "merge DIR...",
		Short: "Merge the shards of a simulation into the results of the whole run",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var parts []*simulation.Results
			var ps housing.Problems
			for _, dir := range args {
				r, err := report.ReadRaw(dir)
				if err != nil {
					addErr(&ps, dir, err)
					continue
				}
				parts = append(parts, r)
			}
			if err := inputErr(ps, "cannot merge"); err != nil {
				return err
			}
			res, err := simulation.Merge(parts...)
			if err != nil {
				return err
			}
			s, err := report.Write(out, res)
			if err != nil {
				return err
			}
			if err := report.Table(cmd.OutOrStdout(), s); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "files in %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "simulation-merged", "output folder")
	return cmd
}

// loadScenario reads a scenario file, or a shipped scenario by id.
func loadScenario(arg string) (*simulation.Scenario, error) {
	if _, err := os.Stat(arg); err != nil && !strings.ContainsAny(arg, `/\`) && !strings.HasSuffix(arg, ".yaml") && !strings.HasSuffix(arg, ".json") {
		return scenarios.Load(arg)
	}
	return simulation.Load(arg)
}

// parseShard reads "I/N".
func parseShard(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("want I/N with 0 ≤ I < N, such as 0/4, got %q", s)
	}
	return i, n, nil
}

// progressBar returns a progress function that draws a bar on w when w is
// a terminal (and not quiet), and a function that ends the bar.
func progressBar(w io.Writer, quiet bool) (func(done, total int), func()) {
	f, ok := w.(*os.File)
	if quiet || !ok {
		return nil, func() {}
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil, func() {}
	}
	var mu sync.Mutex
	drawn := false
	return func(done, total int) {
			mu.Lock()
			defer mu.Unlock()
			const width = 40
			n := done * width / max(total, 1)
			fmt.Fprintf(f, "\r[%s%s] %d/%d replications", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
			drawn = true
		}, func() {
			mu.Lock()
			defer mu.Unlock()
			if drawn {
				fmt.Fprintln(f)
			}
		}
}
