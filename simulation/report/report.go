// Package report writes what a simulation run found: the raw replications
// (so that shards can be merged), the summary as JSON, tables as CSV, charts
// as PNG and SVG (occupancy and waiting list over time per variant with their
// 95% bands, the waiting-time distribution, exits by pathway, the paired
// differences against the baseline) and a table for the terminal.
package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/simulation"
)

// RawFile is the name of the raw replications file in an output folder:
// the input of a merge.
const RawFile = "replications.json"

// Files lists the data files Write creates, in order; the charts it
// writes too are named in ChartFiles.
var Files = []string{RawFile, "summary.json", "totals.csv", "monthly.csv", "differences.csv", "monthly_differences.csv",
	"rejections.csv", "exits.csv", "wait_months.csv"}

// Write writes the raw results, the summary, the tables and the charts of
// res into dir (created if needed) and returns the summary. The files depend
// on res alone, so a merge of shards writes the same bytes as one run.
func Write(dir string, res *simulation.Results) (*simulation.Summary, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, housing.Errorf(housing.CodeInvalid, "report.dir", "cannot create %s: %v", dir, err)
	}
	if err := WriteRaw(dir, res); err != nil {
		return nil, err
	}
	s := simulation.Summarise(res)
	files := map[string][]byte{}
	js, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return nil, housing.Errorf(housing.CodeInternal, "report.json", "encoding the summary: %v", err)
	}
	files["summary.json"] = append(js, '\n')
	files["totals.csv"] = totalsCSV(s)
	files["monthly.csv"] = monthlyCSV(s, res.Start)
	files["differences.csv"] = differencesCSV(s)
	files["monthly_differences.csv"] = monthlyDiffCSV(s, res.Start)
	files["rejections.csv"] = keyedCSV(s, "reason", func(v simulation.VariantSummary) map[string]simulation.Estimate { return v.Rejections })
	files["exits.csv"] = keyedCSV(s, "pathway", func(v simulation.VariantSummary) map[string]simulation.Estimate { return v.Exits })
	files["wait_months.csv"] = waitCSV(s)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return nil, housing.Errorf(housing.CodeInvalid, "report.write", "cannot write %s: %v", name, err)
		}
	}
	if err := Charts(dir, s, res.Start); err != nil {
		return nil, err
	}
	return s, nil
}

// WriteRaw writes the raw results alone (what a shard writes).
func WriteRaw(dir string, res *simulation.Results) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return housing.Errorf(housing.CodeInvalid, "report.dir", "cannot create %s: %v", dir, err)
	}
	data, err := json.Marshal(res)
	if err != nil {
		return housing.Errorf(housing.CodeInternal, "report.json", "encoding the results: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, RawFile), append(data, '\n'), 0o644); err != nil {
		return housing.Errorf(housing.CodeInvalid, "report.write", "cannot write %s: %v", RawFile, err)
	}
	return nil
}

// ReadRaw reads the raw results a run or a shard wrote into dir.
func ReadRaw(dir string) (*simulation.Results, error) {
	name := filepath.Join(dir, RawFile)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, housing.Errorf(housing.CodeNotFound, "report.read", "cannot read %s: %v", name, err)
	}
	var res simulation.Results
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		return nil, housing.Errorf(housing.CodeInvalid, "report.read", "%s is not the raw results of a run: %v", name, err)
	}
	for i, rr := range res.Reps {
		if len(rr) != len(res.Variants) {
			return nil, housing.Errorf(housing.CodeInvalid, "report.read", "%s: replication %d has %d variants, want %d", name, i, len(rr), len(res.Variants))
		}
		for v, r := range rr {
			if r == nil || r.Variant != res.Variants[v] || r.Replication != rr[0].Replication {
				return nil, housing.Errorf(housing.CodeInvalid, "report.read", "%s: replication %d is malformed", name, i)
			}
			for _, k := range simulation.Metrics {
				if len(r.Monthly[k]) != res.Months {
					return nil, housing.Errorf(housing.CodeInvalid, "report.read", "%s: replication %d, variant %s: metric %s has %d months, want %d", name, r.Replication, r.Variant, k, len(r.Monthly[k]), res.Months)
				}
			}
		}
	}
	return &res, nil
}

func f(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', 10, 64)
}

func est(e simulation.Estimate) []string {
	return []string{f(e.Mean), f(e.Lo), f(e.Hi), f(e.SD), strconv.Itoa(e.N), strconv.Itoa(e.Needed)}
}

func writeCSV(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(rows)
	return b.Bytes()
}

var estHead = []string{"mean", "lo95", "hi95", "sd", "n", "replications_needed"}

func totalsCSV(s *simulation.Summary) []byte {
	rows := [][]string{append([]string{"variant", "metric"}, estHead...)}
	for _, v := range s.Variants {
		for _, k := range simulation.Totals {
			rows = append(rows, append([]string{v.ID, k}, est(v.Totals[k])...))
		}
	}
	return writeCSV(rows)
}

func monthLabel(start housing.Date, k int) string {
	d, _ := start.AddMonths(k)
	return fmt.Sprintf("%04d-%02d", d.Year(), int(d.Month()))
}

func monthlyCSV(s *simulation.Summary, start housing.Date) []byte {
	rows := [][]string{append([]string{"variant", "month", "metric"}, estHead...)}
	for _, v := range s.Variants {
		for _, k := range simulation.MonthlySeries {
			for m, e := range v.Monthly[k] {
				rows = append(rows, append([]string{v.ID, monthLabel(start, m), k}, est(e)...))
			}
		}
	}
	return writeCSV(rows)
}

func differencesCSV(s *simulation.Summary) []byte {
	rows := [][]string{append([]string{"variant", "metric"}, estHead...)}
	for _, d := range s.Differences {
		for _, k := range simulation.Totals {
			rows = append(rows, append([]string{d.Variant, k}, est(d.Totals[k])...))
		}
	}
	return writeCSV(rows)
}

func monthlyDiffCSV(s *simulation.Summary, start housing.Date) []byte {
	rows := [][]string{append([]string{"variant", "month", "metric"}, estHead...)}
	for _, d := range s.Differences {
		keys := sortedKeys(d.Monthly)
		for _, k := range keys {
			for m, e := range d.Monthly[k] {
				rows = append(rows, append([]string{d.Variant, monthLabel(start, m), k}, est(e)...))
			}
		}
	}
	return writeCSV(rows)
}

func keyedCSV(s *simulation.Summary, key string, get func(simulation.VariantSummary) map[string]simulation.Estimate) []byte {
	rows := [][]string{append([]string{"variant", key}, estHead...)}
	for _, v := range s.Variants {
		m := get(v)
		for _, k := range sortedKeys(m) {
			rows = append(rows, append([]string{v.ID, k}, est(m[k])...))
		}
	}
	return writeCSV(rows)
}

func waitCSV(s *simulation.Summary) []byte {
	rows := [][]string{{"variant", "months_waited", "mean_admitted"}}
	for _, v := range s.Variants {
		for m, n := range v.WaitMonths {
			rows = append(rows, []string{v.ID, strconv.Itoa(m), f(n)})
		}
	}
	return writeCSV(rows)
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// tableRows are the totals the terminal table shows.
var tableRows = []struct{ key, label string }{
	{"arrivals", "arrivals"},
	{"admissions", "admissions"},
	{"rejected", "rejected"},
	{"abandoned", "abandoned while waiting"},
	{"mean_waiting_list", "waiting list (mean)"},
	{"mean_wait_days", "waiting time, days (mean)"},
	{"median_wait_days", "waiting time, days (median)"},
	{"p90_wait_days", "waiting time, days (p90)"},
	{"within_3_months", "housed within 3 months"},
	{"mean_occupancy", "occupancy (units)"},
	{"mean_stay_days", "length of stay, days"},
	{"renewals", "renewals"},
	{"ended_at_limit", "ended at the limit, no exit"},
	{"exits", "exits"},
	{"return_rate_12", "returns within 12 months"},
	{"rent_burden", "rent burden (share of income)"},
}

// Table writes the summary as a table for the terminal: each variant's mean
// with its 95% interval, and each variant's paired difference from the
// baseline.
func Table(w io.Writer, s *simulation.Summary) error {
	if _, err := fmt.Fprintf(w, "%s: %d months from %s, %d replications, seed %d; mean [95%% interval]\n", s.Scenario, s.Months, s.Start, s.Replications, s.Seed); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{"metric"}
	for _, v := range s.Variants {
		head = append(head, v.ID)
	}
	for _, d := range s.Differences {
		head = append(head, d.Variant+" − baseline")
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, r := range tableRows {
		cells := []string{r.label}
		for _, v := range s.Variants {
			cells = append(cells, show(v.Totals[r.key], false))
		}
		for _, d := range s.Differences {
			cells = append(cells, show(d.Totals[r.key], true))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}

func show(e simulation.Estimate, signed bool) string {
	if math.IsNaN(e.Mean) {
		return "–"
	}
	p := func(x float64) string {
		a := math.Abs(x)
		var s string
		switch {
		case a >= 100:
			s = strconv.FormatFloat(x, 'f', 0, 64)
		case a >= 10:
			s = strconv.FormatFloat(x, 'f', 1, 64)
		default:
			s = strconv.FormatFloat(x, 'f', 2, 64)
		}
		return s
	}
	m := p(e.Mean)
	if signed && e.Mean > 0 {
		m = "+" + m
	}
	return fmt.Sprintf("%s [%s, %s]", m, p(e.Lo), p(e.Hi))
}
