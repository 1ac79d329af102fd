package rentcalc

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// RentBasis is what a social-rent band's rent is a share of.
type RentBasis string

// The values of RentBasis.
const (
	// RentShareOfIncome: a share of the table's measure (the ISEE or the
	// annual income), "rent set on income only".
	RentShareOfIncome RentBasis = "share_of_income"
	// RentShareOfObjective: a share of the dwelling's objective rent.
	RentShareOfObjective RentBasis = "share_of_objective"
)

// BandTable is a public-housing rent table given as data: bands of a means
// measure (ISEE or income), each setting the rent as a share of income or of
// the dwelling's objective rent (floor area × €/m² × coefficients). Read it
// with ParseBandTable or ShippedBandTable.
type BandTable struct {
	ID          string             `yaml:"id" json:"id" required:"true"`
	Title       housing.Text       `yaml:"title" json:"title" required:"true"`
	Description housing.Text       `yaml:"description" json:"description"`
	References  []params.Reference `yaml:"references" json:"references,omitempty"`
	// Parameters are the table's own figures, referred to by bare name.
	Parameters params.Set `yaml:"parameters" json:"-"`
	// Measure is what the band limits apply to.
	Measure   Measure        `yaml:"measure" json:"measure" required:"true"`
	Objective *ObjectiveRent `yaml:"objective_rent" json:"objective_rent,omitempty"`
	// Bands in increasing order; every band but the last has an upper
	// limit (inclusive).
	Bands []RentBand `yaml:"bands" json:"bands" required:"true"`
	// SinglePersonReduction, when set, refers to the reduction of the rent
	// of single-person households (a ratio).
	SinglePersonReduction string `yaml:"single_person_reduction" json:"single_person_reduction,omitempty"`
}

// ObjectiveRent defines the objective rent of a dwelling: floor area × Rate
// (EUR/m2 a month or a year) × one coefficient per Coefficients entry,
// chosen by the dwelling's class.
type ObjectiveRent struct {
	Rate         string        `yaml:"rate" json:"rate" required:"true"`
	RatePeriod   string        `yaml:"rate_period" json:"rate_period" required:"true"`
	Coefficients []Coefficient `yaml:"coefficients" json:"coefficients"`
}

// Coefficient maps a dwelling's class (such as quality "medium") to the
// parameter holding its coefficient.
type Coefficient struct {
	Name    string            `yaml:"name" json:"name" required:"true"`
	Classes map[string]string `yaml:"classes" json:"classes" required:"true"`
}

// RentBand is one band of a table.
type RentBand struct {
	Code  string       `yaml:"code" json:"code" required:"true"`
	Label housing.Text `yaml:"label" json:"label" required:"true"`
	// UpTo refers to the band's upper limit (inclusive); empty for the
	// last band.
	UpTo  string    `yaml:"up_to" json:"up_to,omitempty"`
	Rent  RentBasis `yaml:"rent" json:"rent" required:"true"`
	Share string    `yaml:"share" json:"share" required:"true"`
	// pos is where the band is in its file (File, Line and Col).
	pos housing.Problem
}

// UnmarshalYAML decodes a band and checks its fields (see
// yaml.Unmarshaler); its error lists every problem with its line and
// column.
func (b *RentBand) UnmarshalYAML(n *yaml.Node) error {
	d := reader.NewDecoder("")
	type plain RentBand
	var p plain
	d.Decode(n, &p)
	*b = RentBand(p)
	b.pos = housing.Problem{Line: n.Line, Col: n.Column}
	if d.Count() > 0 {
		return d.Err()
	}
	if b.Rent != RentShareOfIncome && b.Rent != RentShareOfObjective {
		d.Errorf(n, "rent %q; want share_of_income or share_of_objective", b.Rent)
	}
	for _, r := range []string{b.UpTo, b.Share} {
		if r != "" && !validRef(r) {
			d.Errorf(n, "parameter reference %q: want name or file-id.name", r)
		}
	}
	return d.Err()
}

// ParseBandTable reads a rent-band table (YAML or JSON), reporting every
// problem at "name:line:column" in a CodeInvalid *housing.Error.
func ParseBandTable(name string, data []byte) (*BandTable, error) {
	var t BandTable
	err := reader.Read(name, data, &t, reader.Validate(func() []reader.Problem {
		var ps []reader.Problem
		add := func(path, format string, args ...any) {
			ps = append(ps, reader.Problem{Path: path, Message: fmt.Sprintf(format, args...)})
		}
		if t.Measure != MeasureIncome && t.Measure != MeasureISEE {
			add("measure", "%q; want income or isee", t.Measure)
		}
		if len(t.Bands) == 0 {
			add("bands", "a table needs at least one band")
		}
		codes := map[string]bool{}
		for i, b := range t.Bands {
			at := housing.Index("bands", i)
			last := i == len(t.Bands)-1
			switch {
			case last && b.UpTo != "":
				add(at, "the last band %s has no upper limit: remove up_to", b.Code)
			case !last && b.UpTo == "":
				add(at, "band %s needs up_to (only the last band is open)", b.Code)
			}
			if codes[b.Code] {
				add(at, "band code %q is used twice", b.Code)
			}
			codes[b.Code] = true
			if b.Rent == RentShareOfObjective && t.Objective == nil {
				add(at, "band %s is a share of the objective rent, but the table has no objective_rent", b.Code)
			}
		}
		if o := t.Objective; o != nil && o.RatePeriod != "month" && o.RatePeriod != "year" {
			add("objective_rent.rate_period", "%q; want month or year", o.RatePeriod)
		}
		return ps
	}))
	if err != nil {
		return nil, input.Err(err, "invalid rent-band table "+name)
	}
	for i := range t.Bands {
		t.Bands[i].pos.File = name
	}
	return &t, nil
}

// BandsEmiliaRomagna is the id of the shipped Emilia-Romagna table. Its
// percentages, rates and coefficients are PLACEHOLDERS (see the file).
const BandsEmiliaRomagna = "emilia-romagna"

var shippedBands = sync.OnceValues(func() (*shippedSet[*BandTable], error) {
	return loadShipped("policies/bands", ParseBandTable, func(t *BandTable) string { return t.ID })
})

// ShippedBandTable returns the shipped rent-band table id
// (BandsEmiliaRomagna), or a CodeNotFound error.
func ShippedBandTable(id string) (*BandTable, error) {
	s, err := shippedBands()
	if err != nil {
		return nil, err
	}
	return s.get("rent-band table", id)
}

// SocialRentInput is what a rent-band table reads.
type SocialRentInput struct {
	// ISEE or IncomeAnnual, as the table's measure requires (annual).
	ISEE         *decimal.Decimal `json:"isee,omitempty"`
	IncomeAnnual *decimal.Decimal `json:"income_annual,omitempty"`
	// Members is the household's size (for the single-person reduction).
	Members int `json:"members"`
	// AreaSqm is the dwelling's floor area in square metres.
	AreaSqm decimal.Decimal `json:"area_sqm"`
	// Classes gives the dwelling's class for each coefficient of the
	// objective rent, such as {"quality": "medium"}.
	Classes map[string]string `json:"classes,omitempty"`
}

// SocialRent is the rent of a public-housing dwelling for a household
// under a band table, with how it was reached.
type SocialRent struct {
	Table        string          `json:"table"`
	Date         housing.Date    `json:"date"`
	Band         string          `json:"band"`
	BandLabel    housing.Text    `json:"band_label"`
	Measure      Measure         `json:"measure"`
	MeasureValue decimal.Decimal `json:"measure_value"`
	// BandLimit is the band's upper limit; nil for the last band.
	BandLimit *decimal.Decimal `json:"band_limit"`
	Basis     RentBasis        `json:"basis"`
	Share     decimal.Decimal  `json:"share"`
	// ObjectiveAnnual and ObjectiveMonthly are the objective rent, when
	// the band uses it: with a yearly rate the annual amount is rounded to
	// the cent and the monthly is annual ÷ 12 rounded to the cent; with a
	// monthly rate the other way round (annual = 12 × monthly).
	ObjectiveAnnual  *decimal.Decimal `json:"objective_annual,omitempty"`
	ObjectiveMonthly *decimal.Decimal `json:"objective_monthly,omitempty"`
	// Reduction is the single-person reduction applied (zero when none).
	Reduction decimal.Decimal `json:"reduction"`
	// RentAnnual is share × basis, then the reduction, each rounded to the
	// cent half away from zero; RentMonthly is RentAnnual ÷ 12 rounded to
	// the cent (12 such instalments may differ from RentAnnual by a few
	// cents).
	RentAnnual  decimal.Decimal `json:"rent_annual"`
	RentMonthly decimal.Decimal `json:"rent_monthly"`
	// Placeholders lists the unconfirmed figures ([M]) the result used:
	// the result is illustrative while it is not empty.
	Placeholders []string     `json:"placeholders,omitempty"`
	Reasons      []Reason     `json:"reasons"`
	Figures      []Figure     `json:"figures"`
	Text         housing.Text `json:"text"`
}

// SocialRent computes the rent under table t on date on. It returns a
// CodeInvalid error for bad input (a missing measure, an unknown or missing
// dwelling class, a negative area) or band limits that do not increase,
// and CodeNotFound when a figure has no value on that date.
func (s *Sources) SocialRent(t *BandTable, on housing.Date, in SocialRentInput) (*SocialRent, error) {
	if err := s.errNil(); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, nilArgument("the band table")
	}
	var ps housing.Problems
	measure := in.IncomeAnnual
	if t.Measure == MeasureISEE {
		measure = in.ISEE
	}
	switch {
	case measure == nil:
		ps.Add(string(t.Measure), "not given: table %s sets bands on the %s", t.ID, t.Measure)
	case measure.IsNegative():
		ps.Add(string(t.Measure), "%s is negative", *measure)
	}
	if in.Members < 1 {
		ps.Add("members", "%d: a household has at least one member", in.Members)
	}
	if in.AreaSqm.IsNegative() {
		ps.Add("area_sqm", "%s is negative", in.AreaSqm)
	}
	// Checked again for tables built in code rather than parsed.
	if len(t.Bands) == 0 {
		ps.Add("table", "table %s has no band", t.ID)
	}
	for i, b := range t.Bands {
		switch {
		case b.Rent == RentShareOfObjective && t.Objective == nil:
			ps.Add(housing.Index("table.bands", i), "band %s is a share of the objective rent, but the table has no objective_rent", b.Code)
		case b.Rent != RentShareOfObjective && b.Rent != RentShareOfIncome:
			ps.Add(housing.Index("table.bands", i), "rent %q; want share_of_income or share_of_objective", b.Rent)
		}
	}
	if err := ps.Err("invalid social-rent input"); err != nil {
		return nil, err
	}
	l := &lookup{src: s.With(t.ID, &t.Parameters), on: on, local: t.ID}
	out := &SocialRent{Table: t.ID, Date: on, Measure: t.Measure, MeasureValue: *measure, Reduction: decimal.Zero}

	// The band: the first whose limit the measure does not exceed.
	var prev decimal.Decimal
	chosen := len(t.Bands) - 1
	for i, b := range t.Bands[:len(t.Bands)-1] {
		l.at = b.pos
		lim := l.get(housing.Index("table.bands", i)+".up_to", b.UpTo, params.UnitEURYear)
		if lim.Ref == "" {
			continue
		}
		if i > 0 && !lim.Value.GreaterThan(prev) {
			l.add(housing.Index("table.bands", i)+".up_to", "band %s's limit %s is not above the previous band's %s", b.Code, lim.Value, prev)
		}
		prev = lim.Value
		if chosen == len(t.Bands)-1 && measure.LessThanOrEqual(lim.Value) {
			chosen = i
			v := lim.Value
			out.BandLimit = &v
		}
	}
	band := t.Bands[chosen]
	l.at = band.pos
	share := l.get(housing.Index("table.bands", chosen)+".share", band.Share, params.UnitRatio, params.UnitPercent)
	l.at = housing.Problem{}
	var basis decimal.Decimal
	var objectiveText housing.Text
	if band.Rent == RentShareOfObjective {
		annual, monthly, txt := s.objective(l, t, in)
		out.ObjectiveAnnual, out.ObjectiveMonthly, basis, objectiveText = &annual, &monthly, annual, txt
	} else {
		basis = *measure
	}
	var reduction Figure
	if t.SinglePersonReduction != "" && in.Members == 1 {
		reduction = l.get(t.SinglePersonReduction, t.SinglePersonReduction, params.UnitRatio, params.UnitPercent)
	}
	if len(l.ps) > 0 {
		code := housing.CodeNotFound
		for _, p := range l.ps {
			if !strings.Contains(p.Message, "has no value") {
				code = housing.CodeInvalid
			}
		}
		return nil, &housing.Error{Code: code, Key: "rentcalc.band_table", Message: "cannot apply rent-band table " + t.ID + " on " + on.String(), Problems: l.ps}
	}
	out.Band, out.BandLabel, out.Basis, out.Share = band.Code, band.Label, band.Rent, share.Ratio()
	out.RentAnnual = roundCent(out.Share.Mul(basis))

	measureLabel := msgKey("support.measure." + string(t.Measure))
	if out.BandLimit != nil {
		out.Reasons = append(out.Reasons, Reason{"band.chosen", text("band.chosen", band.Label, measureLabel, money(*measure), money(*out.BandLimit))})
	} else {
		out.Reasons = append(out.Reasons, Reason{"band.chosen.last", text("band.chosen.last", band.Label, measureLabel, money(*measure), money(prev))})
	}
	if band.Rent == RentShareOfObjective {
		out.Reasons = append(out.Reasons, Reason{"band.objective", objectiveText})
		out.Reasons = append(out.Reasons, Reason{"band.rent.share_of_objective", text("band.rent.share_of_objective", money(out.RentAnnual), percent(out.Share), money(basis))})
	} else {
		out.Reasons = append(out.Reasons, Reason{"band.rent.share_of_income", text("band.rent.share_of_income", money(out.RentAnnual), percent(out.Share), measureLabel, money(basis))})
	}
	if reduction.Ref != "" {
		out.Reduction = reduction.Ratio()
		out.RentAnnual = roundCent(out.RentAnnual.Mul(one.Sub(out.Reduction)))
		out.Reasons = append(out.Reasons, Reason{"band.single_person", text("band.single_person", percent(out.Reduction), money(out.RentAnnual))})
	}
	out.RentMonthly = out.RentAnnual.DivRound(twelve, 2)
	out.Figures = l.used
	for _, f := range l.used {
		if f.Placeholder && !slices.Contains(out.Placeholders, f.Ref) {
			out.Placeholders = append(out.Placeholders, f.Ref)
		}
	}
	out.Text = text("band.rent", band.Label, money(out.RentMonthly), money(out.RentAnnual))
	if len(out.Placeholders) > 0 {
		out.Reasons = append(out.Reasons, Reason{"band.placeholders", text("band.placeholders", strings.Join(out.Placeholders, ", "))})
	}
	return out, nil
}

// objective computes the objective rent of the dwelling, recording
// problems (a missing or unknown class) in l.
func (s *Sources) objective(l *lookup, t *BandTable, in SocialRentInput) (annual, monthly decimal.Decimal, txt housing.Text) {
	o := t.Objective
	rate := l.get(o.Rate, o.Rate, params.UnitEURSqm)
	v := in.AreaSqm.Mul(rate.Value)
	var coefs []string
	for _, c := range o.Coefficients {
		class, ok := in.Classes[c.Name]
		ref, known := c.Classes[class]
		if !ok || !known {
			classes := make([]string, 0, len(c.Classes))
			for k := range c.Classes {
				classes = append(classes, k)
			}
			slices.Sort(classes)
			l.add("classes."+c.Name, "dwelling class %q; want one of %s", class, strings.Join(classes, ", "))
			continue
		}
		f := l.get(ref, ref, params.UnitRatio)
		v = v.Mul(f.Value)
		coefs = append(coefs, c.Name+" "+class+" "+f.Value.String())
	}
	if o.RatePeriod == "year" {
		annual = roundCent(v)
		monthly = annual.DivRound(twelve, 2)
	} else {
		monthly = roundCent(v)
		annual = monthly.Mul(twelve)
	}
	txt = text("band.objective."+o.RatePeriod, money(annual), number(in.AreaSqm), money(rate.Value), strings.Join(coefs, ", "))
	return annual, monthly, txt
}
