package report

import "math"

// kind is what a monthly series measures, which fixes the values it can
// take. A 95% band from few replications can run past them (below 0 for a
// count near 0, above 1 for a share near 1); the charts cut it there.
type kind int

const (
	// unbounded is a series with no known bounds: its band is drawn as
	// computed.
	unbounded kind = iota
	// count is a number of households, units or events in a month.
	count
	// share is a proportion of a whole, such as the share of units
	// occupied.
	share
	// amount is a non-negative quantity that is neither a count nor a
	// share: a mean number of days, or rent over income (a ratio that can
	// pass 1).
	amount
)

// seriesKinds is what every series of simulation.MonthlySeries measures.
var seriesKinds = map[string]kind{
	"arrivals":       count,
	"eligible":       count,
	"rejected":       count,
	"admissions":     count,
	"abandoned":      count,
	"renewals":       count,
	"ended_at_limit": count,
	"exits":          count,
	"returns":        count,
	"waiting":        count,
	"occupied":       count,
	"occupancy":      share,
	"bed_occupancy":  share,
	"mean_wait_days": amount,
	"mean_stay_days": amount,
	"rent_burden":    amount,
}

// kindOf returns what the monthly series key measures (unbounded for a
// series it does not know).
func kindOf(key string) kind { return seriesKinds[key] }

// bounds returns the smallest and largest values a series of kind k can
// take.
func (k kind) bounds() (lo, hi float64) {
	switch k {
	case share:
		return 0, 1
	case count, amount:
		return 0, math.Inf(1)
	}
	return math.Inf(-1), math.Inf(1)
}

// differenceBounds returns the smallest and largest values a difference
// between two series of kind k can take: -1 to 1 for shares; a difference
// of counts or amounts is bounded only by the baseline's values, so it is
// left unbounded.
func (k kind) differenceBounds() (lo, hi float64) {
	if k == share {
		return -1, 1
	}
	return math.Inf(-1), math.Inf(1)
}
