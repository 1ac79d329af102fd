package report

import (
	"fmt"
	"image/color"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/simulation"
)

// wideBands are estimates whose 95% band runs past 0 below and past 1
// above, as a few replications of a small programme give (occupancy of one
// unit is 0 or 1 in each replication).
var wideBands = []simulation.Estimate{
	{Mean: 0.1, Lo: -0.2, Hi: 0.4, N: 3},
	{Mean: 0.6, Lo: -0.3, Hi: 1.5, N: 3},
	{Mean: 0.9, Lo: 0.6, Hi: 1.3, N: 3},
	{Mean: 1, Lo: 1, Hi: 1, N: 3},
	{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()},
	{Mean: 0.5, Lo: 0.2, Hi: 0.8, N: 3},
}

// sameVariants is a summary whose variants all have the series es for key
// (a variant that changes nothing), with their differences from the
// baseline (all zero, the band from -1 to 1).
func sameVariants(n int, key string, es []simulation.Estimate) *simulation.Summary {
	s := &simulation.Summary{Scenario: "test", Months: len(es), Replications: 3}
	zero := make([]simulation.Estimate, len(es))
	for m := range zero {
		zero[m] = simulation.Estimate{Mean: 0, Lo: -1, Hi: 1, N: 3}
	}
	for i := 0; i < n; i++ {
		id := "baseline"
		if i > 0 {
			id = fmt.Sprintf("same-%d", i)
			s.Differences = append(s.Differences, simulation.Difference{Variant: id, Monthly: map[string][]simulation.Estimate{key: zero}})
		}
		s.Variants = append(s.Variants, simulation.VariantSummary{ID: id, Monthly: map[string][]simulation.Estimate{key: es}})
	}
	return s
}

var testStart = housing.MustDate(2024, time.January, 1)

// TestShareChartStaysWithinZeroAndOne: the band of a share is cut at 0 and
// 1, and so is the axis; the band of a count is cut at 0.
func TestShareChartStaysWithinZeroAndOne(t *testing.T) {
	p, err := bands(sameVariants(2, "occupancy", wideBands), "occupancy", "t", "share", testStart)
	require.NoError(t, err)
	require.GreaterOrEqual(t, p.Y.Min, 0.0, "occupancy is a share")
	require.LessOrEqual(t, p.Y.Max, 1.0, "occupancy is a share")

	counts := make([]simulation.Estimate, len(wideBands))
	for m, e := range wideBands {
		counts[m] = simulation.Estimate{Mean: 10 * e.Mean, Lo: 10 * e.Lo, Hi: 10 * e.Hi, N: e.N}
	}
	p, err = bands(sameVariants(2, "waiting", counts), "waiting", "t", "households", testStart)
	require.NoError(t, err)
	require.Equal(t, 0.0, p.Y.Min, "a waiting list is never below 0")
	require.Equal(t, 15.0, p.Y.Max, "a count has no upper bound")
}

// stroke is one line drawn: its colour, dash pattern, width and number of
// points.
type stroke struct {
	color  color.RGBA
	dashes string
	width  vg.Length
	points int
}

// strokes draws p on a recorder and returns the lines drawn.
func strokes(p *plot.Plot) []stroke {
	rec := &recorder.Canvas{}
	p.Draw(draw.NewCanvas(rec, 20*vg.Centimeter, 12*vg.Centimeter))
	type state struct {
		color  color.RGBA
		dashes string
		width  vg.Length
	}
	var cur state
	var stack []state
	var out []stroke
	for _, a := range rec.Actions {
		switch a := a.(type) {
		case *recorder.Push:
			stack = append(stack, cur)
		case *recorder.Pop:
			if len(stack) > 0 {
				cur, stack = stack[len(stack)-1], stack[:len(stack)-1]
			}
		case *recorder.SetColor:
			cur.color = color.RGBA{}
			if a.Color == nil {
				continue
			}
			r, g, b, al := a.Color.RGBA()
			cur.color = color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(al >> 8)}
		case *recorder.SetLineDash:
			cur.dashes = fmt.Sprint(a.Dashes)
		case *recorder.SetLineWidth:
			cur.width = a.Width
		case *recorder.Stroke:
			out = append(out, stroke{cur.color, cur.dashes, cur.width, len(a.Path)})
		}
	}
	return out
}

// TestIdenticalVariantsStayDistinguishable: when variants have the same
// values their lines lie on each other; each is drawn with its own dash
// pattern (over the baseline's wider solid line), and its legend entry
// shows that pattern.
func TestIdenticalVariantsStayDistinguishable(t *testing.T) {
	es := make([]simulation.Estimate, 12)
	for m := range es {
		x := float64(m % 5)
		es[m] = simulation.Estimate{Mean: x, Lo: x - 1, Hi: x + 1, N: 3}
	}
	s := sameVariants(3, "waiting", es)
	p, err := bands(s, "waiting", "t", "households", testStart)
	require.NoError(t, err)
	// by colour: the data line (the stroke with the most points) and the
	// 2-point strokes (the legend's line, and the arms of some markers)
	type look struct {
		dashes string
		width  vg.Length
	}
	data, most := map[color.RGBA]look{}, map[color.RGBA]int{}
	short := map[color.RGBA]map[look]bool{}
	for _, st := range strokes(p) {
		if st.color.A != 255 {
			continue
		}
		if st.points > most[st.color] {
			data[st.color], most[st.color] = look{st.dashes, st.width}, st.points
		}
		if st.points == 2 {
			if short[st.color] == nil {
				short[st.color] = map[look]bool{}
			}
			short[st.color][look{st.dashes, st.width}] = true
		}
	}
	seen := map[look]bool{}
	for i := range s.Variants {
		c := variantColor(i)
		d, ok := data[c]
		require.True(t, ok, "variant %d has no line in its colour", i)
		require.Equal(t, 12, most[c], "the line of variant %d", i)
		require.False(t, seen[d], "variant %d is drawn like another: %+v", i, d)
		seen[d] = true
		require.True(t, short[c][d], "the legend of variant %d does not show its line %+v", i, d)
	}
	require.Equal(t, "[]", data[variantColor(0)].dashes, "the baseline is solid")
	require.Greater(t, data[variantColor(0)].width, data[variantColor(1)].width, "the baseline is wider, so a line on it leaves it showing")
}

// TestEverySeriesHasAKind: a series added to the simulation must be told
// here whether it is a share or a count, or its band goes uncut.
func TestEverySeriesHasAKind(t *testing.T) {
	for _, k := range simulation.MonthlySeries {
		require.NotEqual(t, unbounded, kindOf(k), "monthly series %q has no kind in seriesKinds", k)
	}
	require.Equal(t, unbounded, kindOf("no such series"))
}

// TestBandXYsCutToTheBounds: every point of the line and the band lies
// within the bounds, the points inside are kept as they are, and months
// without a value are left out.
func TestBandXYsCutToTheBounds(t *testing.T) {
	lo, hi := share.bounds()
	line, poly := bandXYs(wideBands, lo, hi)
	require.Len(t, line, 5)
	require.Len(t, poly, 10)
	for _, xy := range append(line, poly...) {
		require.True(t, xy.Y >= 0 && xy.Y <= 1, "%v", xy)
	}
	require.Equal(t, []float64{0.4, 1, 1, 1, 0.8}, []float64{poly[0].Y, poly[1].Y, poly[2].Y, poly[3].Y, poly[4].Y})
	require.Equal(t, []float64{0.2, 1, 0.6, 0, 0}, []float64{poly[5].Y, poly[6].Y, poly[7].Y, poly[8].Y, poly[9].Y})
	require.Equal(t, 6.0, line[4].X, "month 5 has no value")

	lo, hi = count.bounds()
	_, poly = bandXYs([]simulation.Estimate{{Mean: 1, Lo: -2, Hi: 40}}, lo, hi)
	require.Equal(t, []float64{40, 0}, []float64{poly[0].Y, poly[1].Y})
	lo, hi = count.differenceBounds()
	_, poly = bandXYs([]simulation.Estimate{{Mean: -1, Lo: -20, Hi: 40}}, lo, hi)
	require.Equal(t, []float64{40, -20}, []float64{poly[0].Y, poly[1].Y}, "a difference of counts can be negative")
	lo, hi = share.differenceBounds()
	_, poly = bandXYs([]simulation.Estimate{{Mean: 0.5, Lo: -1.5, Hi: 1.5}}, lo, hi)
	require.Equal(t, []float64{1, -1}, []float64{poly[0].Y, poly[1].Y})
}

// TestStylesDiffer: no two of the first 72 variants are drawn alike, and
// markers of variants lying on each other fall on different months.
func TestStylesDiffer(t *testing.T) {
	seen := map[string]int{}
	for i := 0; i < 72; i++ {
		st := styleOf(i)
		k := fmt.Sprint(st.color, st.line.Dashes, st.line.Width, fmt.Sprintf("%T", st.glyph.Shape))
		j, dup := seen[k]
		require.False(t, dup, "variants %d and %d look alike", j, i)
		seen[k] = i
	}
	line := make([]plotter.XY, 24)
	for m := range line {
		line[m] = plotter.XY{X: float64(m + 1), Y: 1}
	}
	at := map[float64]int{}
	for i := 0; i < 3; i++ {
		ms := markerXYs(line, i, 3)
		require.NotEmpty(t, ms)
		for _, xy := range ms {
			j, dup := at[xy.X]
			require.False(t, dup, "variants %d and %d both mark month %v", j, i, xy.X)
			at[xy.X] = i
		}
	}
	require.Empty(t, markerXYs(nil, 0, 2))
}

// TestBarsCarryMarkers: each variant's bars carry its marker (not where
// there is no bar), and so does its legend entry, so that bars are told
// apart without colour.
func TestBarsCarryMarkers(t *testing.T) {
	s := sameVariants(2, "waiting", nil)
	for i := range s.Variants {
		s.Variants[i].Exits = map[string]simulation.Estimate{"family": {Mean: 5, N: 3}, "drop_out": {Mean: 0, N: 3}}
	}
	p, err := exits(s)
	require.NoError(t, err)
	marks := 0
	for _, st := range strokes(p) {
		if st.color == (color.RGBA{R: markColor.Y, G: markColor.Y, B: markColor.Y, A: 255}) {
			marks++
		}
	}
	require.Equal(t, 4, marks, "2 variants × (1 bar + 1 legend entry)")
}

// TestRoundTicks: round steps, 0 marked when in range, no needless
// decimals.
func TestRoundTicks(t *testing.T) {
	labels := func(lo, hi float64) []string {
		var out []string
		for _, tk := range (roundTicks{}).Ticks(lo, hi) {
			out = append(out, tk.Label)
		}
		return out
	}
	require.Equal(t, []string{"0", "5", "10", "15", "20", "25"}, labels(0, 25.3))
	require.Equal(t, []string{"-2", "0", "2", "4", "6"}, labels(-2.7, 7.9))
	require.Equal(t, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}, labels(0, 1))
	require.Equal(t, []string{"-0.2", "-0.1", "0.0", "0.1"}, labels(-0.23, 0.12))
	require.Equal(t, []string{"0", "500", "1000", "1500", "2000"}, labels(0, 2400))
	require.NotEmpty(t, labels(3, 3), "a flat series still gets a mark")
}

func TestRoundTicksOnBadRanges(t *testing.T) {
	for _, r := range [][2]float64{{1, 0}, {math.NaN(), 1}, {0, math.Inf(1)}, {math.Inf(-1), math.Inf(1)}} {
		require.Empty(t, (roundTicks{}).Ticks(r[0], r[1]), "%v", r)
	}
	require.LessOrEqual(t, len((roundTicks{}).Ticks(1e17, 1e17+16)), 8, "steps below the precision of the values end")
}
