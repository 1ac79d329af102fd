package report

import (
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/simulation"
)

// ChartFiles lists the names of the charts Charts writes, without their
// extension: each is written as name.png and name.svg.
var ChartFiles = []string{"occupancy", "waiting_list", "waiting_time", "exits", "differences"}

// Charts writes the charts of s into dir, each as PNG and SVG under the
// names in ChartFiles; start is the first day of the run, month 1 on the
// charts' time axes.
//
// A band is cut to the values its series can take (a share to [0, 1], a
// count to 0 and above), since an interval from few replications can run
// past them. Every variant keeps its colour, dash pattern and point marker
// on every chart (the baseline is the wide solid line; a bar carries its
// variant's marker on top), so that a variant whose line lies on another's
// still shows, also in black and white; the legend, beside the data rather
// than over it, shows the three.
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
			if err := save(c.p, 20*vg.Centimeter, 12*vg.Centimeter, filepath.Join(dir, c.name+ext)); err != nil {
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
	p.Y.Tick.Marker = roundTicks{}
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return p
}

func faded(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 60}
}

// bandXYs returns the line of the means of es (month m+1 for es[m]) and
// the outline of their 95% band, every value cut to [lo, hi]. Months
// without a value are left out.
func bandXYs(es []simulation.Estimate, lo, hi float64) (line, poly plotter.XYs) {
	cut := func(x float64) float64 { return math.Min(math.Max(x, lo), hi) }
	for m, e := range es {
		if !math.IsNaN(e.Mean) {
			line = append(line, plotter.XY{X: float64(m + 1), Y: cut(e.Mean)})
		}
	}
	for m, e := range es {
		if !math.IsNaN(e.Hi) {
			poly = append(poly, plotter.XY{X: float64(m + 1), Y: cut(e.Hi)})
		}
	}
	for m := len(es) - 1; m >= 0; m-- {
		if e := es[m]; !math.IsNaN(e.Lo) {
			poly = append(poly, plotter.XY{X: float64(m + 1), Y: cut(e.Lo)})
		}
	}
	return line, poly
}

// band adds a series of estimates as a line with its 95% band, cut to
// [lo, hi], drawn in the style of variant i of n.
func band(p *plot.Plot, es []simulation.Estimate, lo, hi float64, i, n int, name string) error {
	line, poly := bandXYs(es, lo, hi)
	if len(line) == 0 {
		return nil
	}
	st := styleOf(i)
	var thumbs []plot.Thumbnailer
	if len(poly) >= 3 {
		pg, err := plotter.NewPolygon(poly)
		if err != nil {
			return err
		}
		pg.Color = faded(st.color)
		pg.LineStyle.Width = 0
		p.Add(pg)
		thumbs = append(thumbs, pg)
	}
	l, err := plotter.NewLine(line)
	if err != nil {
		return err
	}
	l.LineStyle = st.line
	p.Add(l)
	sc, err := plotter.NewScatter(markerXYs(line, i, n))
	if err != nil {
		return err
	}
	sc.GlyphStyle = st.glyph
	p.Add(sc)
	p.Legend.Add(name, append(thumbs, l, sc)...)
	return nil
}

// bands charts the monthly series key of every variant.
func bands(s *simulation.Summary, key, title, ylabel string, start housing.Date) (*plot.Plot, error) {
	p := newPlot(title, "month of the run (from "+start.String()+")", ylabel)
	lo, hi := kindOf(key).bounds()
	for i, v := range s.Variants {
		if err := band(p, v.Monthly[key], lo, hi, i, len(s.Variants), v.ID); err != nil {
			return nil, err
		}
	}
	p.Y.Min = math.Min(p.Y.Min, 0)
	if kindOf(key) == share {
		p.Y.Min, p.Y.Max = 0, 1
	}
	p.X.Tick.Marker = monthTicks{}
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
		b.Color = styleOf(i).color
		b.LineStyle.Width = 0
		b.Offset = w * vg.Length(float64(i)-float64(n-1)/2)
		mk := newBarMarks(vals, b.Offset, w, i)
		p.Add(b, mk)
		p.Legend.Add(v.ID, b, mk)
	}
	return p, nil
}

func exits(s *simulation.Summary) (*plot.Plot, error) {
	p := newPlot("Exits by pathway over the run (mean per replication; intervals in exits.csv)", "", "households exiting (mean per replication)")
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
		b.Color = styleOf(i).color
		b.LineStyle.Width = 0
		b.Offset = w * vg.Length(float64(i)-float64(n-1)/2)
		mk := newBarMarks(vals, b.Offset, w, i)
		p.Add(b, mk)
		p.Legend.Add(v.ID, b, mk)
	}
	p.NominalX(names...)
	return p, nil
}

func differences(s *simulation.Summary, start housing.Date) (*plot.Plot, error) {
	p := newPlot("Waiting list: each variant minus the baseline (paired, 95% band)", "month of the run (from "+start.String()+")", "difference in households waiting")
	lo, hi := kindOf("waiting").differenceBounds()
	for i, d := range s.Differences {
		if err := band(p, d.Monthly["waiting"], lo, hi, i+1, len(s.Differences)+1, d.Variant); err != nil {
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

// roundTicks marks round values: multiples of 1, 2 or 5 times a power of
// ten, the smallest giving at most 7 marks, 0 among them when in range, labelled
// with no more decimals than the step has (gonum's default can leave 0
// unmarked and label counts 25.00).
type roundTicks struct{}

func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	switch {
	case math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(hi-lo, 0) || lo > hi:
		return nil
	case lo == hi:
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 6, 64)}}
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var ts []plot.Tick
	// at most 8 marks: k++ stands still where step is below the precision
	// of lo
	for k, n := math.Ceil(lo/step-1e-9), 0; k*step <= hi+step*1e-9 && n < 8; k, n = k+1, n+1 {
		x := k * step
		if k == 0 {
			x = 0 // not -0
		}
		ts = append(ts, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'f', decimals, 64)})
	}
	return ts
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

// palette holds the variants' colours, the baseline's first: Okabe and
// Ito's colours, told apart by readers with the common colour-vision
// deficiencies (red and green, the first two colours of plotutil, are not).
// Yellow, faint on white, comes last.
var palette = []color.RGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
}

// variantColor returns the colour of variant i (0 the baseline).
func variantColor(i int) color.RGBA { return palette[i%len(palette)] }

// style is how a variant is drawn on every chart.
type style struct {
	color color.RGBA
	line  draw.LineStyle
	glyph draw.GlyphStyle
}

// styleOf returns the style of variant i (0 the baseline): its colour, a
// dash pattern and a point marker of its own. The baseline's line is solid
// and wider than the variants', so that a variant's dashed line lying on it
// leaves it showing on both sides. Colours, dashes and markers repeat with
// different periods (8, 9 and 8 — plus the width, which sets the baseline
// apart), so no two of the first 72 variants look alike.
func styleOf(i int) style {
	c := variantColor(i)
	w := vg.Points(1.5)
	if i == 0 {
		w = vg.Points(2.5)
	}
	shape := plotutil.Shape(i + i/len(palette)) // shifted once the colours wrap
	return style{
		color: c,
		line:  draw.LineStyle{Color: c, Width: w, Dashes: plotutil.Dashes(i)},
		glyph: draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: shape},
	}
}

// markerXYs returns the points of line that carry the markers of variant
// i of n: about one in every eight, each variant's shifted from the
// others', so that markers of lines lying on each other do not overlap.
func markerXYs(line plotter.XYs, i, n int) plotter.XYs {
	n = max(n, 1)
	step := max(len(line)/8, n)
	off := (i % n) * step / n
	var out plotter.XYs
	for j := off; j < len(line); j += step {
		out = append(out, line[j])
	}
	return out
}

// save writes p to file (the format from its extension) with the legend
// beside the data area, on the right, rather than over the data.
func save(p *plot.Plot, w, h vg.Length, file string) (err error) {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(file)), ".")
	c, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return err
	}
	dc := draw.New(c)
	legend := p.Legend
	p.Legend = plot.NewLegend() // drawn here, not by p
	defer func() { p.Legend = legend }()
	legend.Left, legend.Top = true, true
	legend.ThumbnailWidth = vg.Centimeter
	lw := legend.Rectangle(dc).Size().X
	if lw > 0 {
		lw += vg.Points(12) // 4pt from the data, 8pt from the edge
	}
	p.Draw(draw.Crop(dc, 0, -lw, 0, 0))
	if lw > 0 {
		top := p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding + vg.Points(4)
		legend.Draw(draw.Crop(dc, w-lw+vg.Points(4), 0, 0, -top))
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	defer func() {
		if e := f.Close(); err == nil {
			err = e
		}
	}()
	_, err = c.WriteTo(f)
	return err
}

// markColor is the colour of the markers on bars: dark, so that a marker
// shows both on its bar and on the white above it.
var markColor = color.Gray{Y: 0x33}

// barMarks draws variant i's marker on top of each of its bars (but not
// where there is no bar), so that bars are told apart without colour.
type barMarks struct {
	vals   plotter.Values
	offset vg.Length
	// glyph is the marker on the bars, no wider than a bar; legend is the
	// marker in the legend, at its full size.
	glyph, legend draw.GlyphStyle
}

// newBarMarks returns the markers of variant i for its bars of the values
// vals and of width w, offset as its bars are.
func newBarMarks(vals plotter.Values, offset, w vg.Length, i int) barMarks {
	g := styleOf(i).glyph
	g.Color = markColor
	onBar := g
	onBar.Radius = min(g.Radius, w/2)
	return barMarks{vals: vals, offset: offset, glyph: onBar, legend: g}
}

// Plot draws the markers, implementing plot.Plotter.
func (b barMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for j, v := range b.vals {
		if v > 0 {
			c.DrawGlyphNoClip(b.glyph, vg.Point{X: trX(float64(j)) + b.offset, Y: trY(v)}) // an outer bar lies partly outside c
		}
	}
}

// GlyphBoxes keeps room for the markers on the tallest bars, implementing
// plot.GlyphBoxer.
func (b barMarks) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var bs []plot.GlyphBox
	for j, v := range b.vals {
		if v > 0 {
			r := b.glyph.Rectangle()
			r.Min.X += b.offset
			r.Max.X += b.offset
			bs = append(bs, plot.GlyphBox{X: p.X.Norm(float64(j)), Y: p.Y.Norm(v), Rectangle: r})
		}
	}
	return bs
}

// Thumbnail draws the marker in the legend, implementing
// plot.Thumbnailer.
func (b barMarks) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(b.legend, c.Center())
}
