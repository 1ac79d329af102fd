package simulation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/housingkit/housingkit/housing"
)

var inf = math.Inf(1)

// mix is SplitMix64's finaliser: it turns a counter into a well-spread
// 64-bit value.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stream returns the random stream of the given keys: the seed, the
// replication and what the stream is for (a group's arrivals, or one
// household's episode). Streams never depend on the order in which others
// are used, so every variant sees the same draws for the same household
// (common random numbers).
func stream(keys ...uint64) *rand.Rand {
	h := uint64(0x6a09e667f3bcc908)
	for _, k := range keys {
		h = mix(h ^ k)
	}
	return rand.New(rand.NewPCG(h, mix(h^0x5851f42d4c957f2d)))
}

const (
	streamArrivals = iota + 1
	streamHousehold
)

// maxRefusalDraws is how many refusal draws a household carries.
const maxRefusalDraws = 16

// draws are the random numbers one episode of a household may need, drawn
// once in a fixed order, so that every variant uses the same ones for the
// same purpose whatever happens in it.
type draws struct {
	patience     float64 // unit exponential
	refer        float64 // uniform
	refusal      [maxRefusalDraws]float64
	erpShare     float64
	erp          float64 // unit exponentials
	lease        float64
	family       float64
	dropOut      float64
	renewal      [4]float64
	renewalWhich [4]float64
	ret          float64
	retDelay     float64
}

func (d *draws) fill(r *rand.Rand) {
	d.patience = r.ExpFloat64()
	d.refer = r.Float64()
	for i := range d.refusal {
		d.refusal[i] = r.Float64()
	}
	d.erpShare = r.Float64()
	d.erp = r.ExpFloat64()
	d.lease = r.ExpFloat64()
	d.family = r.ExpFloat64()
	d.dropOut = r.ExpFloat64()
	for i := range d.renewal {
		d.renewal[i] = r.Float64()
		d.renewalWhich[i] = r.Float64()
	}
	d.ret = r.Float64()
	d.retDelay = r.ExpFloat64()
}

// arrival is one referral of a household: its first or a later episode.
type arrival struct {
	t       float64 // days since the start
	group   int
	seq     int // within the group
	episode int
}

// household is one household of a replication, shared by the variants.
type household struct {
	id    string
	group int
	seq   int
	h     housing.Household
	ref   housing.Referral
	// burden inputs
	incomeMonthly decimal.Decimal
}

// arrivals draws the first arrivals of every group for a replication: a
// Poisson process with a piecewise-constant rate per group, from the
// group's own stream.
func (m *Model) arrivals(rep int) []arrival {
	var out []arrival
	for g, gm := range m.groups {
		r := stream(m.sc.Seed, uint64(rep), streamArrivals, uint64(g))
		seq := 0
		for _, p := range gm.rates {
			t := p.from
			for {
				t += r.ExpFloat64() / p.perDay
				if t >= p.to {
					break
				}
				out = append(out, arrival{t: t, group: g, seq: seq})
				seq++
			}
		}
	}
	slices.SortStableFunc(out, func(a, b arrival) int {
		if a.t != b.t {
			if a.t < b.t {
				return -1
			}
			return 1
		}
		if a.group != b.group {
			return a.group - b.group
		}
		return a.seq - b.seq
	})
	return out
}

// episodeStream is the stream of one household's episode.
func (m *Model) episodeStream(rep, group, seq, episode int) *rand.Rand {
	return stream(m.sc.Seed, uint64(rep), streamHousehold, uint64(group), uint64(seq), uint64(episode))
}

// dayDate returns the date of day t (days since the start).
func (m *Model) dayDate(t float64) housing.Date {
	d, _ := m.sc.Start.AddDays(int(math.Floor(t)))
	return d
}

// newHousehold draws a household of group g arriving on date on from r.
func (m *Model) newHousehold(r *rand.Rand, g, seq int, on housing.Date) *household {
	gm := &m.groups[g]
	hh := &household{id: fmt.Sprintf("%s-%06d", gm.ID, seq), group: g, seq: seq}
	h := &hh.h
	h.ID = hh.id
	adults, minors, partner := 1, 0, false
	var cs *caseRow
	if len(gm.cases) > 0 {
		cs = &gm.cases[r.IntN(len(gm.cases))]
		adults, minors = cs.size-cs.minors, cs.minors
		partner = adults >= 2
	} else {
		c := gm.Composition[pickWeighted(r, len(gm.Composition), func(i int) float64 { return gm.Composition[i].Weight })]
		adults, minors, partner = c.Adults, c.Minors, c.Partner
	}
	cit := housing.Citizenship(gm.Citizenship[pickWeighted(r, len(gm.Citizenship), func(i int) float64 { return gm.Citizenship[i].Weight })].Value)
	birth := func(lo, hi int) housing.Date {
		age := lo + r.IntN(hi-lo+1)
		d, _ := on.AddMonths(-12 * age)
		d, _ = d.AddDays(-r.IntN(365))
		return d
	}
	for a := 0; a < adults; a++ {
		p := housing.Member{Role: housing.RoleRelative}
		lo, hi := gm.AdultAge.Min, gm.AdultAge.Max
		switch {
		case a == 0:
			p.Role = housing.RoleReference
			if cs != nil && cs.ageLo >= 18 {
				lo, hi = cs.ageLo, cs.ageHi
			}
		case a == 1 && partner:
			p.Role = housing.RolePartner
		}
		p.BirthDate = birth(lo, hi)
		p.Sex = housing.SexMale
		if r.Float64() < gm.FemaleShare {
			p.Sex = housing.SexFemale
		}
		if a == 0 && cs != nil && cs.sex != "" {
			p.Sex = cs.sex
		}
		p.Citizenship = cit
		p.Incomes = []housing.IncomeSource{}
		p.Employment = housing.EmploymentUnemployed
		h.Members = append(h.Members, p)
	}
	for k := 0; k < minors; k++ {
		h.Members = append(h.Members, housing.Member{Role: housing.RoleChild, Person: housing.Person{
			BirthDate: birth(gm.MinorAge.Min, max(gm.MinorAge.Max, gm.MinorAge.Min)), Citizenship: cit, Incomes: []housing.IncomeSource{}}})
	}
	ref := &h.Members[0]
	if r.Float64() < gm.IncomeShare {
		income := drawAmount(r, gm.Income)
		if income < 1 {
			income = 1
		}
		src := housing.IncomeSource{Kind: housing.IncomeEmployment, Annual: cents(income)}
		ref.Employment = housing.EmploymentEmployed
		if r.Float64() < gm.PrecariousShare {
			src.Precarious = true
			ref.Employment = housing.EmploymentPrecarious
		}
		ref.Incomes = []housing.IncomeSource{src}
		hh.incomeMonthly = src.Annual.Div(decimal.NewFromInt(12))
	}
	iseeU := r.Float64()
	iseeV := drawAmount(r, gm.ISEE)
	switch {
	case cs != nil && cs.iseeLo >= 0:
		v := cs.iseeLo + r.Float64()*(cs.iseeHi-cs.iseeLo)
		h.ISEE = &housing.DeclaredISEE{Value: cents(v), IssuedOn: on}
	case cs == nil && iseeU < gm.ISEEShare:
		h.ISEE = &housing.DeclaredISEE{Value: cents(iseeV), IssuedOn: on}
	}
	years := gm.Residence.Years.Min + r.IntN(gm.Residence.Years.Max-gm.Residence.Years.Min+1)
	since, _ := on.AddMonths(-12 * years)
	since, _ = since.AddDays(-r.IntN(365))
	if b := h.Members[0].BirthDate; since.Before(b) {
		since = b
	}
	h.Residence = housing.Residence{Municipality: cmpOr(gm.Residence.Municipality, "unknown"), Region: gm.Residence.Region, Since: since}
	if cs != nil && cs.municipality != "" {
		h.Residence.Municipality = cs.municipality
	}
	h.LivingSituation = housing.Ethos(gm.LivingSituation[pickWeighted(r, len(gm.LivingSituation), func(i int) float64 { return gm.LivingSituation[i].Weight })].Value)
	if cs != nil && cs.living != "" {
		h.LivingSituation = cs.living
	}
	flag := func(p float64) *bool {
		if r.Float64() < p {
			return &yes
		}
		return &no
	}
	e := gm.Emergency
	h.Emergency = housing.Emergency{EvictionOrder: flag(e.EvictionOrder), TemporarySpace: flag(e.TemporarySpace), ImproperDwelling: flag(e.ImproperDwelling), SafetyRisk: flag(e.SafetyRisk)}
	f := gm.Flags
	ref.VictimOfViolence = flag(f.VictimOfViolence)
	if cs != nil && cs.known {
		ref.VictimOfViolence = &no
		if cs.violence {
			ref.VictimOfViolence = &yes
		}
	}
	ref.NoSupportNetwork = flag(f.NoSupportNetwork)
	ref.RecentlyImpoverished = flag(f.RecentlyImpoverished)
	ref.LeavingCare = flag(f.LeavingCare)
	ref.CertifiedHardship = flag(f.CertifiedHardship)
	for i := 1; i < len(h.Members); i++ {
		p := &h.Members[i]
		p.VictimOfViolence, p.NoSupportNetwork, p.RecentlyImpoverished, p.LeavingCare, p.CertifiedHardship = &no, &no, &no, &no, &no
	}
	as := gm.Assessment
	h.Assessment = &housing.Assessment{TemporaryDifficulty: flag(as.TemporaryDifficulty), Fragile: flag(as.Fragile), ExtremeHardship: flag(as.ExtremeHardship)}
	h.Ownership = &housing.Ownership{OwnsDwelling: r.Float64() < gm.OwnsDwelling}
	h.PublicHousing = &housing.PublicHousingAccess{AvailableNow: flag(gm.ERPAvailableNow)}
	h.Needs.CanShare = flag(gm.CanShare)
	rf := gm.Referral
	hh.ref = housing.Referral{ID: "ref-" + hh.id, HouseholdID: hh.id, ProgrammeID: m.sc.Programme.ID, Date: on,
		Team: housing.Team{Name: string(rf.Team), Kind: rf.Team}, CaseManaged: rf.CaseManaged}
	if rf.PersonalRecord {
		hh.ref.RecordRef = "scheda-" + hh.id
	}
	for _, w := range rf.With {
		hh.ref.With = append(hh.ref.With, housing.Team{Name: string(w), Kind: w})
	}
	return hh
}

// yes and no are the flags of every household drawn: shared, and never
// written through (households are read by the rules and copied, not
// changed).
var yes, no = true, false

// pickWeighted draws an index with probability proportional to its weight.
func pickWeighted(r *rand.Rand, n int, w func(int) float64) int {
	total := 0.0
	for i := 0; i < n; i++ {
		total += w(i)
	}
	u := r.Float64() * total
	for i := 0; i < n; i++ {
		u -= w(i)
		if u < 0 {
			return i
		}
	}
	return n - 1
}

// drawAmount draws from a distribution (always consuming one normal and one
// uniform, so that the stream stays aligned whatever the distribution).
func drawAmount(r *rand.Rand, d Distribution) float64 {
	z := r.NormFloat64()
	u := r.Float64()
	if d.Median > 0 {
		return d.Median * math.Exp(d.Sigma*z)
	}
	return d.Min + u*(d.Max-d.Min)
}

// cents rounds an amount in euros to a decimal with cents.
func cents(v float64) decimal.Decimal {
	return decimal.New(int64(math.Round(v*100)), -2)
}
