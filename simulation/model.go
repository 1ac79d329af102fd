package simulation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
)

// Model is a scenario prepared for running: rule sets compiled (each
// variant's overlay applied once, sharing the rules it leaves alone), policies
// built, stocks and rent checks resolved, cases read. It is immutable and
// safe for concurrent use; Prepare it once, Run it as often as needed.
type Model struct {
	sc       *Scenario
	days     float64 // horizon in days
	monthDay []float64
	variants []*variantModel
	ruleSets []*eligibility.RuleSet // distinct compiled rule sets
	groups   []groupModel
	// rentChecks holds the rent policy compiled for each year of the run.
	rentChecks map[int]matching.RentCheck
	mechanism  matching.Mechanism
	window     int
	programme  matching.Programme
	refusalCap int
}

// variantModel is one variant (the baseline first) prepared.
type variantModel struct {
	id        string
	title     housing.Text
	ruleSets  []ruleSetSlot
	policy    *housing.DurationPolicy
	units     []unitModel
	behaviour Behaviour
	// facilities of the stock, by id.
	facilities map[string]housing.Facility
	// matchers hold the stock prepared for matching (validated once), one
	// for each year of the run (the rent check changes with the year);
	// variants that leave the stock alone share the baseline's.
	matchers map[int]*matching.Matcher
}

// ruleSetSlot is a rule set with the days it is in force.
type ruleSetSlot struct {
	index    int // in Model.ruleSets
	from, to housing.Date
}

// unitModel is a unit with the days it is on offer.
type unitModel struct {
	unit     housing.Unit
	from, to float64 // days since the start; to is +Inf when open-ended
}

// groupModel is a group with its cases.
type groupModel struct {
	Group
	cases []caseRow
	rates []ratePiece
}

type ratePiece struct {
	from, to float64 // days
	perDay   float64
}

// Scenario returns the scenario the model was prepared from.
func (m *Model) Scenario() *Scenario { return m.sc }

// VariantIDs returns "baseline" and the ids of the variants, in order.
func (m *Model) VariantIDs() []string {
	ids := make([]string, len(m.variants))
	for i, v := range m.variants {
		ids[i] = v.id
	}
	return ids
}

// Prepare checks the scenario and prepares it: it loads and compiles the rule
// sets (shipped or from files), applies each variant's overlay once, builds the
// duration policies and stocks of every variant, compiles the rent policy for
// every year of the horizon and reads the cases files. Every problem is
// reported at once in an *housing.Error of code CodeInvalid.
func Prepare(sc *Scenario) (*Model, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	var ps housing.Problems
	m := &Model{sc: sc, rentChecks: map[int]matching.RentCheck{}}
	end, err := sc.Start.AddMonths(sc.HorizonMonths)
	if err != nil {
		ps.Add("horizon_months", "the horizon ends after year 9999")
		return nil, ps.Err("invalid scenario " + sc.ID)
	}
	m.days = float64(sc.Start.DaysUntil(end))
	for k := 0; k <= sc.HorizonMonths; k++ {
		d, _ := sc.Start.AddMonths(k)
		m.monthDay = append(m.monthDay, float64(sc.Start.DaysUntil(d)))
	}
	p := sc.Programme
	// rule sets
	var base []ruleSetSlot
	for i, r := range p.RuleSets {
		var rs *eligibility.RuleSet
		var err error
		if r.ID != "" {
			rs, err = eligibility.Shipped(r.ID)
		} else {
			var data []byte
			if data, err = sc.readFile(r.File); err == nil {
				rs, err = eligibility.Parse(r.File, data)
			}
		}
		if err != nil {
			ps.Merge(fmt.Sprintf("programme.rulesets[%d]", i), err)
			continue
		}
		m.ruleSets = append(m.ruleSets, rs)
		base = append(base, ruleSetSlot{index: len(m.ruleSets) - 1, from: rs.ValidFrom(), to: rs.ValidTo()})
	}
	// policy
	var policy *housing.DurationPolicy
	if p.Policy != "" {
		policy, err = housing.PolicyByID(p.Policy)
	} else {
		policy, err = sc.loadPolicy(p.PolicyFile)
	}
	if err != nil {
		ps.Merge("programme.policy", err)
	}
	m.mechanism = matching.SerialDictatorship
	if p.Mechanism != "" {
		mech, err := matching.ParseMechanism(p.Mechanism)
		if err != nil {
			ps.Merge("programme.mechanism", err)
		}
		m.mechanism = mech
	}
	m.window = p.Window
	if m.window == 0 {
		m.window = 16
	}
	m.programme = matching.Programme{Programme: housing.Programme{
		ID: p.ID, Name: housing.Text{IT: p.ID, EN: p.ID}, District: p.ID, RuleSetID: firstID(m.ruleSets),
		DurationPolicyID: policyID(policy), MaxFacilityBeds: p.MaxFacilityBeds,
		SplitAcrossRooms: p.SplitAcrossRooms,
	}}
	if p.RentPolicy != "" {
		for y := sc.Start.Year(); y <= end.Year(); y++ {
			on := housing.MustDate(y, 1, 1)
			if y == sc.Start.Year() {
				on = sc.Start
			}
			check, err := matching.ShippedRentCheck(p.RentPolicy, on)
			if err != nil {
				ps.Merge("programme.rent_policy", err)
				break
			}
			m.rentChecks[y] = check
		}
	}
	// groups
	for i, g := range sc.Population.Groups {
		gm := groupModel{Group: g}
		if gm.AdultAge.Max == 0 {
			gm.AdultAge = Range{Min: 18, Max: 64}
		}
		if len(gm.Citizenship) == 0 {
			gm.Citizenship = []Weighted{{Value: string(housing.CitizenshipItalian), Weight: 1}}
		}
		if len(gm.LivingSituation) == 0 {
			gm.LivingSituation = []Weighted{{Value: string(housing.EthosHoused), Weight: 1}}
		}
		if gm.Referral.Team == "" {
			gm.Referral.Team = housing.TeamSocialService
		}
		for k, r := range g.Arrivals {
			from := float64(sc.Start.DaysUntil(r.From))
			to := m.days
			if k+1 < len(g.Arrivals) {
				to = float64(sc.Start.DaysUntil(g.Arrivals[k+1].From))
			}
			from, to = max(from, 0), min(to, m.days)
			if to > from && r.PerMonth > 0 {
				gm.rates = append(gm.rates, ratePiece{from: from, to: to, perDay: r.PerMonth / DaysPerMonth})
			}
		}
		if g.Cases != "" {
			data, err := sc.readFile(g.Cases)
			if err == nil {
				gm.cases, err = readCases(g.Cases, data)
			}
			if err != nil {
				ps.Merge(fmt.Sprintf("population.groups[%d].cases", i), err)
			}
		}
		m.groups = append(m.groups, gm)
	}
	// the baseline and the variants
	bv := &variantModel{id: "baseline", title: housing.Text{IT: "Scenario di base", EN: "Baseline"}, ruleSets: base, policy: policy, behaviour: withDefaults(sc.Behaviour)}
	bv.facilities, bv.units = m.buildStock(&ps, "stock", sc.Stock.Facilities, sc.Stock.Units, nil, nil, nil)
	m.variants = append(m.variants, bv)
	for i, v := range sc.Variants {
		at := fmt.Sprintf("variants[%d]", i)
		vm := &variantModel{id: v.ID, title: v.Title, ruleSets: base, policy: policy, behaviour: bv.behaviour, facilities: bv.facilities, units: bv.units}
		if vm.title.EN == "" {
			vm.title = housing.Text{IT: v.ID, EN: v.ID}
		}
		if v.Overlay != nil {
			vm.ruleSets = slices.Clone(base)
			applied := false
			for k, slot := range vm.ruleSets {
				if m.ruleSets[slot.index].ID() != v.Overlay.Base() {
					continue
				}
				rs, err := m.ruleSets[slot.index].Apply(v.Overlay)
				if err != nil {
					ps.Merge(at+".ruleset_overlay", err)
					continue
				}
				m.ruleSets = append(m.ruleSets, rs)
				vm.ruleSets[k].index = len(m.ruleSets) - 1
				applied = true
			}
			if !applied && len(ps) == 0 {
				ps.Add(at+".ruleset_overlay", "overlay %s has base %q, which is not a rule set of the programme", v.Overlay.ID(), v.Overlay.Base())
			}
		}
		if v.Policy != nil && policy != nil {
			pol, err := sc.changePolicy(policy, v.Policy)
			if err != nil {
				ps.Merge(at+".policy", err)
			}
			vm.policy = pol
		}
		if v.Stock != nil {
			vm.facilities, vm.units = m.buildStock(&ps, at+".stock", sc.Stock.Facilities, sc.Stock.Units, v.Stock.AddFacilities, v.Stock.AddUnits, v.Stock.Remove)
		}
		if v.Behaviour != nil {
			vm.behaviour = withDefaults(*v.Behaviour)
		}
		m.variants = append(m.variants, vm)
	}
	if len(ps) == 0 {
		m.prepareMatchers(&ps, end)
	}
	for _, v := range m.variants {
		if v.behaviour.MaxRefusals > m.refusalCap {
			m.refusalCap = v.behaviour.MaxRefusals
		}
	}
	if len(ps) > 0 {
		ps.Sort()
		return nil, ps.Err("invalid scenario " + sc.ID)
	}
	return m, nil
}

// prepareMatchers prepares each distinct stock for matching, once for
// each year of the run (until end): the stock is validated once here
// instead of at every matching.
func (m *Model) prepareMatchers(ps *housing.Problems, end housing.Date) {
	done := map[*unitModel]map[int]*matching.Matcher{}
	for i, v := range m.variants {
		if len(v.units) == 0 {
			continue
		}
		if ms, ok := done[&v.units[0]]; ok {
			v.matchers = ms
			continue
		}
		stock := matching.Offer{Programmes: []matching.Programme{m.programme}}
		for _, id := range sortedKeys(v.facilities) {
			stock.Facilities = append(stock.Facilities, matching.Facility{Facility: v.facilities[id]})
		}
		for _, u := range v.units {
			stock.Units = append(stock.Units, u.unit)
		}
		v.matchers = map[int]*matching.Matcher{}
		for y := m.sc.Start.Year(); y <= end.Year(); y++ {
			mm, err := matching.NewMatcher(stock, matching.Options{Mechanism: m.mechanism, RentCheck: m.rentChecks[y]})
			if err != nil {
				at := "stock"
				if i > 0 {
					at = fmt.Sprintf("variants[%d].stock", i-1)
				}
				ps.Merge(at, err)
				return
			}
			v.matchers[y] = mm
		}
		done[&v.units[0]] = v.matchers
	}
}

func withDefaults(b Behaviour) Behaviour {
	if b.AtLimit == "" {
		b.AtLimit = housing.ExitOther
	}
	return b
}

func firstID(rs []*eligibility.RuleSet) string {
	if len(rs) == 0 {
		return ""
	}
	return rs[0].ID()
}

func policyID(p *housing.DurationPolicy) string {
	if p == nil {
		return ""
	}
	return p.ID
}

func (sc *Scenario) loadPolicy(file string) (*housing.DurationPolicy, error) {
	data, err := sc.readFile(file)
	if err != nil {
		return nil, err
	}
	return housing.ParsePolicy(file, data)
}

// changePolicy returns the policy a variant's change gives: a copy of base
// (or of another policy) with the figures changed, validated.
func (sc *Scenario) changePolicy(base *housing.DurationPolicy, c *PolicyChange) (*housing.DurationPolicy, error) {
	p := base.Clone()
	var err error
	switch {
	case c.Policy != "":
		p, err = housing.PolicyByID(c.Policy)
	case c.PolicyFile != "":
		p, err = sc.loadPolicy(c.PolicyFile)
	}
	if err != nil {
		return nil, err
	}
	if c.TermMonths != nil {
		p.TermMonths = *c.TermMonths
	}
	if c.ReviewEveryMonths != nil {
		p.ReviewEveryMonths = *c.ReviewEveryMonths
	}
	if c.WarningDays != nil {
		p.WarningDays = *c.WarningDays
	}
	if c.RenewalsMax != nil || c.RenewalMonths != nil {
		if p.Renewals == nil {
			p.Renewals = &housing.RenewalRule{}
		}
		if c.RenewalsMax != nil {
			p.Renewals.Max = *c.RenewalsMax
		}
		if c.RenewalMonths != nil {
			p.Renewals.Months = *c.RenewalMonths
		}
		if p.Renewals.Max == 0 {
			p.Renewals = nil
			p.Kind = housing.PolicyFixed
		}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// buildStock expands the unit specs (with a variant's additions and
// removals) into units, checking each against its facility and the
// programme's facility limit.
func (m *Model) buildStock(ps *housing.Problems, at string, fs []FacilitySpec, us []UnitSpec, addF []FacilitySpec, addU []UnitSpec, remove []string) (map[string]housing.Facility, []unitModel) {
	removed := map[string]bool{}
	for _, id := range remove {
		removed[id] = true
	}
	facs := map[string]housing.Facility{}
	for _, f := range slices.Concat(fs, addF) {
		if removed[f.ID] {
			continue
		}
		facs[f.ID] = housing.Facility{ID: f.ID, Name: cmpOr(f.Name, f.ID), ProgrammeID: m.sc.Programme.ID, Municipality: f.Municipality,
			SubArea: f.SubArea, BedCapacity: f.Beds, SharedSpaces: f.SharedSpaces, CoHousing: f.CoHousing}
		if lim := m.sc.Programme.MaxFacilityBeds; lim > 0 && f.Beds > lim {
			ps.Add(at+".facilities", "facility %s has %d beds, more than the programme's %d", f.ID, f.Beds, lim)
		}
	}
	var units []unitModel
	byFac := map[string][]housing.Unit{}
	known := map[string]bool{}
	for _, u := range slices.Concat(us, addU) {
		if removed[u.ID] || (u.Facility != "" && removed[u.Facility]) {
			continue
		}
		n := max(u.Count, 1)
		for k := 1; k <= n; k++ {
			id := u.ID
			if u.Count > 0 {
				id = fmt.Sprintf("%s-%d", u.ID, k)
			}
			if known[id] {
				ps.Add(at+".units", "unit id %s is used twice", id)
				continue
			}
			known[id] = true
			muni := u.Municipality
			if f, ok := facs[u.Facility]; ok && muni == "" {
				muni = f.Municipality
			}
			hu := u.unit(id, muni)
			hu.ProgrammeID = m.sc.Programme.ID
			if hu.AvailableFrom.IsZero() || hu.AvailableFrom.Before(m.sc.Start) {
				hu.AvailableFrom = m.sc.Start
			}
			um := unitModel{unit: hu, from: float64(m.sc.Start.DaysUntil(hu.AvailableFrom)), to: inf}
			if !hu.AvailableUntil.IsZero() {
				um.to = float64(m.sc.Start.DaysUntil(hu.AvailableUntil))
			}
			units = append(units, um)
			if u.Facility != "" {
				byFac[u.Facility] = append(byFac[u.Facility], hu)
			}
		}
	}
	for _, id := range sortedKeys(facs) {
		if err := facs[id].ValidateUnits(byFac[id]); err != nil {
			ps.Merge(at+".facilities["+id+"]", err)
		}
	}
	for _, id := range remove {
		if !known[id] && facs[id].ID == "" && !slices.ContainsFunc(slices.Concat(fs, addF), func(f FacilitySpec) bool { return f.ID == id }) &&
			!slices.ContainsFunc(slices.Concat(us, addU), func(u UnitSpec) bool { return u.ID == id }) {
			ps.Add(at+".remove", "no unit or facility %q in the stock", id)
		}
	}
	if len(units) == 0 {
		ps.Add(at+".units", "the stock has no unit")
	}
	slices.SortStableFunc(units, func(a, b unitModel) int { return strings.Compare(a.unit.ID, b.unit.ID) })
	return facs, units
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
