package report

import (
	"image/color"
	"math"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/simulation"
)

// ChartFiles lists the charts Charts writes, each as .png and .svg.
var ChartFiles = []string{"occupancy", "waiting_list", "waiting_time", "exits", "differences"}

// Charts writes the charts of s into dir, each as PNG and SVG.
func Charts(dir string, s *simulation.Summary, start housing.Date) error {
	plots := []struct {
		name string
		p    *plot.Plot
		err  error
	}{}
	add := func(name string, p *plot.Plot, err error) {
		plots = append(plots, struct {
			name string
			p    *plot.Plot
			err  error
		}{name, p, err})
	}
	p, err := bands(s, "occupancy", "Occupancy of the units on offer (mean, 95% band)", "share of units occupied", start)
	add("occupancy", p, err)
	p, err = bands(s, "waiting", "Waiting list at the end of each month (mean, 95% band)", "households waiting", start)
	add("waiting_list", p, err)
	p, err = waitingTime(s)
	add("waiting_time", p, err)
	p, err = exits(s)
	add("exits", p, err)
	p, err = differences(s, start)
	add("differences", p, err)
	for _, c := range plots {
		if c.err != nil {
			return housing.Errorf(housing.CodeInternal, "report.chart", "chart %s: %v", c.name, c.err)
		}
		for _, ext := range []string{".png", ".svg"} {
			if err := c.p.Save(20*vg.Centimeter, 12*vg.Centimeter, filepath.Join(dir, c.name+ext)); err != nil {
				return housing.Errorf(housing.CodeInvalid, "report.chart", "cannot write %s%s: %v", c.name, ext, err)
			}
		}
	}
	return nil
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return p
}

func faded(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 60}
}

// band adds a series of estimates as a line with its 95% band.
func band(p *plot.Plot, es []simulation.Estimate, i int, name string) error {
	var line, poly plotter.XYs
	for m, e := range es {
		if math.IsNaN(e.Mean) {
			continue
		}
		line = append(line, plotter.XY{X: float64(m + 1), Y: e.Mean})
	}
	for m, e := range es {
		if !math.IsNaN(e.Hi) {
			poly = append(poly, plotter.XY{X: float64(m + 1), Y: e.Hi})
		}
	}
	for m := len(es) - 1; m >= 0; m-- {
		if e := es[m]; !math.IsNaN(e.Lo) {
			poly = append(poly, plotter.XY{X: float64(m + 1), Y: e.Lo})
		}
	}
	if len(line) == 0 {
		return nil
	}
	c := plotutil.Color(i)
	if len(poly) >= 3 {
		pg, err := plotter.NewPolygon(poly)
		if err != nil {
			return err
		}
		pg.Color = faded(c)
		pg.LineStyle.Width = 0
		p.Add(pg)
	}
	l, err := plotter.NewLine(line)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(1.5)
	p.Add(l)
	p.Legend.Add(name, l)
	return nil
}

func bands(s *simulation.Summary, key, title, ylabel string, start housing.Date) (*plot.Plot, error) {
	p := newPlot(title, "month of the run (from "+start.String()+")", ylabel)
	for i, v := range s.Variants {
		if err := band(p, v.Monthly[key], i, v.ID); err != nil {
			return nil, err
		}
	}
	p.Y.Min = math.Min(p.Y.Min, 0)
	p.X.Tick.Marker = monthTicks{}
	if key == "occupancy" {
		p.Legend.Top = false // the lines run along the top
	}
	return p, nil
}

func waitingTime(s *simulation.Summary) (*plot.Plot, error) {
	p := newPlot("Waiting time of the households housed", "whole months waited", "households housed (mean per replication)")
	last := 0
	for _, v := range s.Variants {
		for m, n := range v.WaitMonths {
			if n > 0 {
				last = max(last, m)
			}
		}
	}
	n := len(s.Variants)
	w := vg.Points(math.Max(2, 300/float64((last+1)*n)))
	for i, v := range s.Variants {
		vals := make(plotter.Values, last+1)
		copy(vals, v.WaitMonths)
		b, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return nil, err
		}
		b.Color = plotutil.Color(i)
		b.LineStyle.Width = 0
		b.Offset = w * vg.Length(float64(i)-float64(n-1)/2)
		p.Add(b)
		p.Legend.Add(v.ID, b)
	}
	return p, nil
}

func exits(s *simulation.Summary) (*plot.Plot, error) {
	p := newPlot("Exits by pathway over the run (mean per replication; intervals in exits.csv)", "", "exits")
	keys := map[string]bool{}
	for _, v := range s.Variants {
		for k := range v.Exits {
			keys[k] = true
		}
	}
	names := sortedKeys(keys)
	if len(names) == 0 {
		names = []string{"none"}
	}
	n := len(s.Variants)
	w := vg.Points(math.Max(4, 360/float64(len(names)*n)))
	for i, v := range s.Variants {
		vals := make(plotter.Values, len(names))
		for j, k := range names {
			e, ok := v.Exits[k]
			if ok && !math.IsNaN(e.Mean) {
				vals[j] = e.Mean
			}
		}
		b, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return nil, err
		}
		b.Color = plotutil.Color(i)
		b.LineStyle.Width = 0
		b.Offset = w * vg.Length(float64(i)-float64(n-1)/2)
		p.Add(b)
		p.Legend.Add(v.ID, b)
	}
	p.NominalX(names...)
	return p, nil
}

func differences(s *simulation.Summary, start housing.Date) (*plot.Plot, error) {
	p := newPlot("Waiting list: each variant minus the baseline (paired, 95% band)", "month of the run (from "+start.String()+")", "difference in households waiting")
	for i, d := range s.Differences {
		if err := band(p, d.Monthly["waiting"], i+1, d.Variant); err != nil {
			return nil, err
		}
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: 1, Y: 0}, {X: float64(max(s.Months, 2)), Y: 0}})
	if err != nil {
		return nil, err
	}
	zero.Color = color.Gray{Y: 80}
	zero.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	p.Add(zero)
	p.X.Tick.Marker = monthTicks{}
	return p, nil
}

// monthTicks marks whole months: every 12 from 12 on long runs, fewer
// on short ones.
type monthTicks struct{}

func (monthTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 12.0
	switch {
	case hi-lo <= 12:
		step = 1
	case hi-lo <= 36:
		step = 3
	}
	var ts []plot.Tick
	for x := math.Ceil(lo/step) * step; x <= hi; x += step {
		if x >= lo {
			ts = append(ts, plot.Tick{Value: x, Label: strconv.Itoa(int(x))})
		}
	}
	return ts
}
