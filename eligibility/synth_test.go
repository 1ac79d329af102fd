package eligibility_test

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

// synth generates synthetic households from a seed: the same seed gives the
// same households. Every fact the rule sets read is sometimes unknown, so
// that all three truth values and every outcome occur.
type synth struct {
	r *rand.Rand
}

func newSynth(seed uint64) *synth { return &synth{r: rand.New(rand.NewPCG(seed, 0x5eed))} }

func (s *synth) chance(p float64) bool { return s.r.Float64() < p }

func (s *synth) tri(pUnknown, pTrue float64) *bool {
	if s.chance(pUnknown) {
		return nil
	}
	b := s.chance(pTrue)
	return &b
}

func (s *synth) date(from, to int) housing.Date {
	y := from + s.r.IntN(to-from+1)
	return housing.MustDate(y, time.Month(1+s.r.IntN(12)), 1+s.r.IntN(28))
}

func (s *synth) amount(max int) decimal.Decimal {
	return decimal.New(int64(s.r.IntN(max*100)), -2)
}

var residencePool = []string{"Crema", "Lodi", "Crema"}

var yes, no = true, false

var sharePool = []*bool{nil, &yes, &yes, &no, &no}

var ethosPool = append(slices.Clone(housing.EthosCodes), housing.EthosHoused, housing.EthosHoused, housing.EthosHoused, "")

var disabilityPool = []housing.DisabilityLevel{"", housing.DisabilityNone, housing.DisabilityNone, housing.DisabilityNone, housing.DisabilityNone, housing.DisabilityMedium, housing.DisabilitySevere}

// household returns the next synthetic household and its referral (nil
// for about one in twenty).
func (s *synth) household(id int) (*housing.Household, *housing.Referral) {
	n := 1 + s.r.IntN(6)
	h := &housing.Household{ID: "syn-" + itoa(id), Members: make([]housing.Member, n)}
	for i := range h.Members {
		m := &h.Members[i]
		switch {
		case i == 0:
			m.Role = housing.RoleReference
			m.BirthDate = s.date(1940, 2005)
		case i == 1 && s.chance(0.6):
			m.Role = housing.RolePartner
			m.BirthDate = s.date(1940, 2005)
		default:
			m.Role = housing.RoleChild
			m.BirthDate = s.date(2005, 2023)
		}
		switch {
		case s.chance(0.05):
			m.Incomes = nil
		case s.chance(0.35):
			m.Incomes = []housing.IncomeSource{}
		default:
			k := 1 + s.r.IntN(2)
			for range k {
				m.Incomes = append(m.Incomes, housing.IncomeSource{Kind: housing.IncomeEmployment, Annual: s.amount(25000), Precarious: s.chance(0.3)})
			}
		}
		m.Disability = disabilityPool[s.r.IntN(len(disabilityPool))]
		m.VictimOfViolence = s.tri(0.1, 0.05)
		m.LeavingCare = s.tri(0.1, 0.03)
		m.NoSupportNetwork = s.tri(0.1, 0.1)
		m.RecentlyImpoverished = s.tri(0.1, 0.1)
		m.CertifiedHardship = s.tri(0.1, 0.05)
	}
	if !s.chance(0.2) {
		h.ISEE = &housing.DeclaredISEE{Value: s.amount(30000), IssuedOn: s.date(2023, 2024)}
	}
	if !s.chance(0.2) {
		h.Assets = &housing.Assets{Financial: s.amount(50000), RealEstate: s.amount(80000)}
	}
	// The municipality follows from the id, not from the generator, so
	// that the other draws (and every other rule set's figures) are those
	// of a population that lived in Crema only; one household in three
	// lives in Lodi, in the Lombardy Housing Mix district.
	h.Residence = housing.Residence{Municipality: residencePool[id%len(residencePool)], Region: "Lombardia", Since: s.date(1990, 2023)}
	// So does the willingness to share spaces (Housing Mix requires it):
	// not asked, yes or no.
	h.Needs.CanShare = sharePool[(id/len(residencePool))%len(sharePool)]
	h.LivingSituation = ethosPool[s.r.IntN(len(ethosPool))]
	if !s.chance(0.05) {
		owns := s.chance(0.15)
		h.Ownership = &housing.Ownership{OwnsDwelling: owns, Adequate: owns && s.chance(0.6), SharePercent: 100}
	}
	h.Emergency = housing.Emergency{EvictionOrder: s.tri(0.05, 0.1), TemporarySpace: s.tri(0.1, 0.05), ImproperDwelling: s.tri(0.1, 0.05), SafetyRisk: s.tri(0.1, 0.05)}
	if s.chance(0.5) {
		h.Assessment = &housing.Assessment{TemporaryDifficulty: s.tri(0.6, 0.2), Fragile: s.tri(0.4, 0.2), ExtremeHardship: s.tri(0.1, 0.3)}
	}
	if s.chance(0.05) {
		return h, nil
	}
	ref := &housing.Referral{Team: housing.Team{Name: "team", Kind: housing.TeamKinds[s.r.IntN(len(housing.TeamKinds))]}, Date: s.date(2023, 2024),
		CaseManaged: s.chance(0.7)}
	if s.chance(0.7) {
		// Crema selects jointly: the social service with the integrated
		// housing team, in either order, or some other pair.
		pair := []housing.TeamKind{housing.TeamSocialService, housing.TeamIntegratedHousing}
		i := s.r.IntN(2)
		if s.chance(0.8) {
			ref.Team.Kind = pair[i]
		}
		ref.With = []housing.Team{{Name: "with", Kind: pair[1-i]}}
	}
	if s.chance(0.8) {
		ref.RecordRef = "rec"
	}
	return h, ref
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// population is a pool of synthetic households with their referrals.
type population struct {
	hs   []*housing.Household
	refs []*housing.Referral
}

// bornBy returns the population with every member born after on born on
// on instead (a household cannot be evaluated on a date before a birth):
// households without such a member are shared.
func (p population) bornBy(on housing.Date) population {
	q := population{hs: slices.Clone(p.hs), refs: p.refs}
	for i, h := range q.hs {
		if !slices.ContainsFunc(h.Members, func(m housing.Member) bool { return m.BirthDate.After(on) }) {
			continue
		}
		c := *h
		c.Members = slices.Clone(h.Members)
		for j := range c.Members {
			if c.Members[j].BirthDate.After(on) {
				c.Members[j].BirthDate = on
			}
		}
		q.hs[i] = &c
	}
	return q
}

func newPopulation(seed uint64, n, offset int) population {
	s := newSynth(seed)
	p := population{hs: make([]*housing.Household, n), refs: make([]*housing.Referral, n)}
	for i := range n {
		p.hs[i], p.refs[i] = s.household(offset + i)
	}
	return p
}

// handCrema applies the Crema rules written by hand in Go, with the
// parameter values of 2022 onward hard-coded and the same three-valued
// logic: the baseline of the benchmarks, and a second implementation the
// rule set must agree with.
func handCrema(h *housing.Household, ref *housing.Referral) eligibility.Outcome {
	const (
		f = 0
		t = 1
		u = 2
	)
	and := func(a, b int) int {
		switch {
		case a == f || b == f:
			return f
		case a == u || b == u:
			return u
		}
		return t
	}
	or := func(a, b int) int {
		switch {
		case a == t || b == t:
			return t
		case a == u || b == u:
			return u
		}
		return f
	}
	of := func(p *bool) int {
		switch {
		case p == nil:
			return u
		case *p:
			return t
		}
		return f
	}
	undecided := false
	// Exclusion: a lone minor (no adult in the household).
	adults := 0
	for i := range h.Members {
		if h.Members[i].Person.AgeOn(benchDate) >= 18 {
			adults++
		}
	}
	if adults == 0 {
		return eligibility.Ineligible
	}
	// Requirement: at least one income.
	income, declared := f, true
	for i := range h.Members {
		if h.Members[i].Incomes == nil {
			declared = false
		}
		for _, in := range h.Members[i].Incomes {
			if in.Annual.Sign() > 0 {
				income = t
			}
		}
	}
	if income == f && !declared {
		income = u
	}
	if income == f {
		return eligibility.Ineligible
	}
	undecided = undecided || income == u
	// Requirement: selected by the social service with the integrated
	// housing team, in either order.
	team := u
	if ref != nil {
		lead := ref.Team.Kind
		joint := u
		if len(ref.With) > 0 {
			joint = f
			if (lead == housing.TeamSocialService && ref.With[0].Kind == housing.TeamIntegratedHousing) ||
				(lead == housing.TeamIntegratedHousing && ref.With[0].Kind == housing.TeamSocialService) {
				joint = t
			}
		}
		team = f
		if lead == housing.TeamSocialService || lead == housing.TeamIntegratedHousing {
			team = joint
		}
	}
	if team == f {
		return eligibility.Ineligible
	}
	undecided = undecided || team == u
	// Target groups: both need at most four people and a difficulty (the
	// team's assessment or an ETHOS code of housing exclusion); fragility
	// narrows the second group, so it never changes the outcome.
	ethos := u
	if h.LivingSituation.Valid() {
		ethos = t
		if h.LivingSituation == housing.EthosHoused {
			ethos = f
		}
	}
	assessed := u
	if h.Assessment != nil {
		assessed = of(h.Assessment.TemporaryDifficulty)
	}
	size := f
	if len(h.Members) <= 4 {
		size = t
	}
	groups := and(size, or(assessed, ethos))
	if groups == f {
		return eligibility.Ineligible
	}
	if undecided || groups == u {
		return eligibility.Incomplete
	}
	return eligibility.Eligible
}
