package simulation

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
)

// event kinds, in no particular order: events at the same time run in the
// order they were scheduled.
const (
	evMonth uint8 = iota + 1
	evArrival
	evAbandon
	evUnitOpen
	evUnitClose
	evMatch
	evReview
	evRenewal
	evEnd
	evExit
)

type event struct {
	t    float64
	seq  uint64
	kind uint8
	e    *entry
	gen  int32
	i    int32
	arr  arrival
}

// evKey is an event's place in the queue: its time, the order it was
// scheduled in and its slot in the queue's slab. It holds no pointer, so
// that moving keys in the heap costs the collector nothing.
type evKey struct {
	t    float64
	seq  uint64
	slot int32
}

// eventQueue is a binary min-heap of keys on (t, seq) over a slab of
// events whose slots are reused.
type eventQueue struct {
	keys   []evKey
	events slab[event]
}

// slab holds values in slots reused once freed, so that others refer to
// a value by its slot, an integer the collector need not scan.
type slab[T any] struct {
	items []T
	free  []int32
}

// put stores v in a free slot, or a new one, and returns the slot.
func (s *slab[T]) put(v T) int32 {
	if n := len(s.free); n > 0 {
		slot := s.free[n-1]
		s.free = s.free[:n-1]
		s.items[slot] = v
		return slot
	}
	s.items = append(s.items, v)
	return int32(len(s.items) - 1)
}

// take returns the value of slot and frees the slot.
func (s *slab[T]) take(slot int32) T {
	v := s.items[slot]
	var zero T
	s.items[slot] = zero
	s.free = append(s.free, slot)
	return v
}

func (q *eventQueue) len() int { return len(q.keys) }

func (q *eventQueue) less(i, j int) bool {
	a, b := &q.keys[i], &q.keys[j]
	if a.t != b.t {
		return a.t < b.t
	}
	return a.seq < b.seq
}

func (q *eventQueue) push(e event) {
	q.keys = append(q.keys, evKey{t: e.t, seq: e.seq, slot: q.events.put(e)})
	s := q.keys
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (q *eventQueue) pop() event {
	s := q.keys
	top := s[0]
	n := len(s) - 1
	s[0] = s[n]
	s = s[:n]
	q.keys = s
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		c := l
		if r := l + 1; r < n && q.less(r, l) {
			c = r
		}
		if !q.less(c, i) {
			break
		}
		s[i], s[c] = s[c], s[i]
		i = c
	}
	return q.events.take(top.slot)
}

// entry states.
const (
	stWaiting uint8 = iota + 1
	stHoused
	stGone
)

// entry is one episode of a household in one run.
type entry struct {
	ep       *episode
	h        *housing.Household
	arrived  float64
	admitted float64
	referred housing.Date
	priority int
	state    uint8
	gen      int32
	slot     int32 // 1 + its slot in run.ents while waiting, else 0
	declined []string
	refusals int
	// rooms are the units of the stay (indexes in run.units): one unit,
	// or the rooms of a suite when the programme allows split placement;
	// one is rooms' storage for a single unit.
	rooms    []int
	one      [1]int
	ten      *housing.Tenancy
	natural  float64 // time of the natural exit; +Inf when none
	pathway  housing.ExitPathway
	end      float64 // planned end (days); +Inf when open-ended
	renewals int
}

// unitState is a unit in a run.
type unitState struct {
	m        *unitModel
	occupant *entry
	open     bool
	facility int // index into run.facilities, -1 when none
}

// run is one replication of one variant.
type run struct {
	m      *Model
	v      *variantModel
	rep    int
	pop    *replication
	events eventQueue
	seq    uint64
	now    float64
	month  int
	// waiting households in rank order: higher priority, earlier
	// referral, lower id.
	waiting []int32 // slots in ents
	// ents holds the waiting entries by slot (a slice of integers moves
	// in the list without the collector's write barriers).
	ents           slab[*entry]
	units          []unitState
	facilities     []matching.Facility
	facUnits       [][]int
	matchScheduled bool
	matches        uint64
	res            *RepResult
	nEvents        int64
	// firsts counts the first arrivals queued; firstSeq is the sequence
	// number before theirs.
	firsts   int
	firstSeq uint64
	exitOf   map[epKey]exitMark
	// vacantList lists the units open and free, in index order
	vacantList []int
	// the stocks: units occupied and their occupants' members, units
	// offered (open or occupied) and their beds
	occ, occBeds, openUnits, openBeds int64
	// buffers of match, reused
	programmes []string
	appBuf     []matching.Applicant
	entryBuf   []*entry
	residents  [][]housing.Household
	resUsed    []bool
	facBeds    []int // beds vacant by facility, of maxBeds
}

// exitMark is when the exit before a return happened.
type exitMark struct {
	t     float64
	month int
}

// nextFirst queues the next first arrival, if any, with its reserved
// sequence number.
func (r *run) nextFirst() {
	if k := r.firsts; k < len(r.pop.firsts) {
		a := r.pop.firsts[k]
		r.firsts++
		r.events.push(event{t: a.t, seq: r.firstSeq + uint64(k) + 1, kind: evArrival, arr: a})
	}
}

func (r *run) schedule(ev event) {
	r.seq++
	ev.seq = r.seq
	r.events.push(ev)
}

// rank compares two waiting entries in the matching's rank order.
func rankCmp(a, b *entry) int {
	if a.priority != b.priority {
		if a.priority > b.priority {
			return -1
		}
		return 1
	}
	if c := a.referred.Compare(b.referred); c != 0 {
		return c
	}
	return strings.Compare(a.h.ID, b.h.ID)
}

func (r *run) addWaiting(e *entry) {
	slot := r.ents.put(e)
	e.slot = slot + 1
	i, _ := slices.BinarySearchFunc(r.waiting, e, r.rankOf)
	r.waiting = slices.Insert(r.waiting, i, slot)
}

// rankOf compares the entry in slot with e in rank order.
func (r *run) rankOf(slot int32, e *entry) int { return rankCmp(r.ents.items[slot], e) }

func (r *run) removeWaiting(e *entry) {
	if e.slot == 0 {
		return // not waiting
	}
	slot := e.slot - 1
	i, found := slices.BinarySearchFunc(r.waiting, e, r.rankOf)
	if !found || r.waiting[i] != slot {
		i = slices.Index(r.waiting, slot)
	}
	if i >= 0 {
		r.waiting = slices.Delete(r.waiting, i, i+1)
	}
	r.ents.take(slot)
	e.slot = 0
}

// simulate runs variant v on replication rep.
func (m *Model) simulate(v *variantModel, pop *replication) (*RepResult, error) {
	H := m.sc.HorizonMonths
	r := &run{m: m, v: v, rep: pop.rep, pop: pop, res: newRepResult(v.id, pop.rep, H, int(m.days)+1), exitOf: map[epKey]exitMark{}}
	facIndex := map[string]int{}
	for _, id := range sortedKeys(v.facilities) {
		facIndex[id] = len(r.facilities)
		r.facilities = append(r.facilities, matching.Facility{Facility: v.facilities[id]})
		r.facUnits = append(r.facUnits, nil)
	}
	r.units = make([]unitState, len(v.units))
	for i := range v.units {
		u := &v.units[i]
		fi := -1
		if u.unit.FacilityID != "" {
			fi = facIndex[u.unit.FacilityID]
			r.facUnits[fi] = append(r.facUnits[fi], i)
		}
		r.units[i] = unitState{m: u, facility: fi}
	}
	for k := 1; k <= H; k++ {
		r.schedule(event{t: m.monthDay[k], kind: evMonth, i: int32(k - 1)})
	}
	r.programmes = []string{m.programme.ID}
	r.residents = make([][]housing.Household, len(r.facilities))
	r.resUsed = make([]bool, len(r.facilities))
	r.facBeds = make([]int, len(r.facilities))
	for i := range r.units {
		u := r.units[i].m
		r.schedule(event{t: u.from, kind: evUnitOpen, i: int32(i)})
		if u.to < m.days {
			r.schedule(event{t: u.to, kind: evUnitClose, i: int32(i)})
		}
	}
	// The first arrivals, in time order, enter the queue one at a time
	// (the next when one is handled), each with the sequence number it
	// would have had scheduled all at once: the order of events is the
	// same and the queue stays small.
	r.firstSeq = r.seq
	r.seq += uint64(len(pop.firsts))
	r.nextFirst()
	for r.events.len() > 0 {
		ev := r.events.pop()
		if ev.t > m.days || (ev.t == m.days && ev.kind != evMonth) {
			break
		}
		r.now = ev.t
		r.nEvents++
		if err := r.handle(ev); err != nil {
			return nil, err
		}
	}
	r.res.Events = r.nEvents
	return r.res, nil
}

func (r *run) count(metric string, n int64) { r.res.Monthly[metric][r.month] += n }

func (r *run) handle(ev event) error {
	switch ev.kind {
	case evMonth:
		r.snapshot(int(ev.i))
		r.month = int(ev.i) + 1
	case evArrival:
		if ev.arr.episode == 0 {
			r.nextFirst()
		}
		return r.arrive(ev.arr)
	case evAbandon:
		e := ev.e
		if e.state == stWaiting && e.gen == ev.gen {
			r.leaveList(e)
			r.count(mAbandoned, 1)
		}
	case evUnitOpen:
		u := &r.units[ev.i]
		if !u.open && u.occupant == nil {
			r.setVacant(int(ev.i), true)
			r.offered(u, 1)
		}
		u.open = true
		r.wantMatch()
	case evUnitClose:
		u := &r.units[ev.i]
		if u.open && u.occupant == nil {
			r.setVacant(int(ev.i), false)
			r.offered(u, -1)
		}
		u.open = false
	case evMatch:
		r.matchScheduled = false
		return r.match()
	case evReview:
		return r.review(ev)
	case evRenewal:
		return r.renewal(ev)
	case evEnd:
		e := ev.e
		if e.state == stHoused && e.gen == ev.gen && r.now >= e.end {
			r.count(mEndedAtLimit, 1)
			return r.exit(e, r.v.behaviour.AtLimit, true)
		}
	case evExit:
		e := ev.e
		if e.state == stHoused && e.gen == ev.gen {
			return r.exit(e, e.pathway, false)
		}
	}
	return nil
}

// snapshot records the stocks at the end of month k.
func (r *run) snapshot(k int) {
	res := r.res
	res.Monthly[mWaiting][k] = int64(len(r.waiting))
	res.Monthly[mOccupied][k] = r.occ
	res.Monthly[mOccupiedBeds][k] = r.occBeds
	res.Monthly[mUnits][k] = r.openUnits
	res.Monthly[mBeds][k] = r.openBeds
}

// offered counts a unit (its beds) in or out of the units on offer: open
// or occupied.
func (r *run) offered(u *unitState, d int64) {
	r.openUnits += d
	r.openBeds += d * int64(u.m.unit.Beds)
}

// setVacant adds unit i to the vacant units (open and free, kept in index
// order) or removes it.
func (r *run) setVacant(i int, vacant bool) {
	k, found := slices.BinarySearch(r.vacantList, i)
	switch {
	case vacant && !found:
		r.vacantList = slices.Insert(r.vacantList, k, i)
	case !vacant && found:
		r.vacantList = slices.Delete(r.vacantList, k, k+1)
	}
}

func (r *run) wantMatch() {
	if !r.matchScheduled && len(r.waiting) > 0 && len(r.vacantList) > 0 {
		r.matchScheduled = true
		t := r.now
		if every := float64(r.m.sc.Programme.MatchEveryDays); every > 0 {
			t = (math.Floor(r.now/every) + 1) * every
		}
		r.schedule(event{t: t, kind: evMatch})
	}
}

// arrive handles a referral: the real eligibility decides, then the
// household joins the waiting list or is rejected with the reason.
func (r *run) arrive(a arrival) error {
	on := r.m.dayDate(a.t)
	ep, err := r.pop.episode(a, on)
	if err != nil {
		return err
	}
	r.count(mArrivals, 1)
	if a.episode > 0 {
		r.count(mReturned, 1)
		k := epKey{a.group, a.seq, a.episode}
		mark := r.exitOf[k]
		delete(r.exitOf, k)
		months := (a.t - mark.t) / DaysPerMonth
		for i, lim := range []float64{6, 12, 24} {
			if months <= lim {
				r.res.Monthly[returnMetrics[i]][mark.month]++
			}
		}
	}
	dec, err := r.decide(ep, on)
	if err != nil {
		return err
	}
	outcome, reason := dec.outcome, dec.reason
	if outcome == eligibility.Refer {
		if ep.d.refer < r.v.behaviour.ReferAdmitted {
			outcome = eligibility.Eligible
		} else {
			reason = "refer"
		}
	}
	if outcome != eligibility.Eligible {
		r.count(mRejected, 1)
		r.res.reject(reason, r.month)
		return nil
	}
	if dec.priority < 0 {
		return housing.Errorf(housing.CodeInvalid, "simulation.priority", "rule set gave household %s the negative priority score %d", ep.hh.id, dec.priority)
	}
	r.count(mEligible, 1)
	e := &entry{ep: ep, h: &ep.hh.h, arrived: a.t, referred: on, priority: dec.priority, state: stWaiting, natural: inf, end: inf}
	r.addWaiting(e)
	if p := r.v.behaviour.PatienceMonths; p > 0 {
		r.schedule(event{t: a.t + ep.d.patience*p*DaysPerMonth, kind: evAbandon, e: e, gen: e.gen})
	}
	r.wantMatch()
	return nil
}

// decided is what a run keeps of an eligibility decision.
type decided struct {
	outcome  eligibility.Outcome
	priority int
	reason   string
}

// decide evaluates the household with the rule set in force on date on,
// reusing a decision taken by another variant with the same rule set on
// the same date (decisions depend on nothing else).
func (r *run) decide(ep *episode, on housing.Date) (decided, error) {
	slot := -1
	for _, s := range r.v.ruleSets {
		if !on.Before(s.from) && (s.to.IsZero() || !on.After(s.to)) {
			slot = s.index
			break
		}
	}
	if slot < 0 {
		return decided{outcome: eligibility.Ineligible, reason: "no_ruleset_in_force"}, nil
	}
	for _, d := range ep.decs {
		if d.rs == slot && d.day == on {
			return d.d, nil
		}
	}
	rs := r.m.ruleSets[slot]
	// The run keeps the outcome, the score and the reason of a rejection,
	// never the reasons: Summarize gives them without building those.
	d, err := eligibility.Summarize(rs, &ep.hh.h, on, eligibility.WithReferral(&ep.hh.ref))
	if err != nil {
		return decided{}, fmt.Errorf("evaluating household %s on %s with %s: %w", ep.hh.id, on, rs.ID(), err)
	}
	out := decided{outcome: d.Outcome, priority: d.Score}
	switch d.Outcome {
	case eligibility.Incomplete:
		out.reason = "incomplete"
		if len(d.Missing) > 0 {
			out.reason = "incomplete:" + d.Missing[0]
		}
	case eligibility.Ineligible:
		out.reason = "no_target_group"
		if d.FirstFailed != "" {
			out.reason = d.FirstFailed
		}
	}
	ep.decs = append(ep.decs, decRec{rs: slot, day: on, d: out})
	return out, nil
}

func (r *run) leaveList(e *entry) {
	r.removeWaiting(e)
	e.state = stGone
	e.gen++
}

// maxBeds returns the most beds the vacant units offer one household: the
// largest unit's, or, when the programme allows split placement, the vacant
// rooms of one facility together if more.
func (r *run) maxBeds(vacant []int) int {
	most := 0
	for _, i := range vacant {
		most = max(most, r.units[i].m.unit.Beds)
	}
	if !r.m.programme.SplitAcrossRooms {
		return most
	}
	clear(r.facBeds)
	for _, i := range vacant {
		u := &r.units[i]
		if u.facility >= 0 && u.m.unit.Kind == housing.UnitRoom {
			r.facBeds[u.facility] += u.m.unit.Beds
			most = max(most, r.facBeds[u.facility])
		}
	}
	return most
}

// match proposes the vacant units to the waiting households with the
// programme's mechanism — the stock's matching.Matcher, which gives
// matching.Match's proposals without its explanations — and houses those
// who accept.
func (r *run) match() error {
	for round := 0; round < 1000; round++ {
		vacant := r.vacantList
		maxBeds := r.maxBeds(vacant)
		if len(vacant) == 0 || len(r.waiting) == 0 {
			return nil
		}
		on := r.m.dayDate(r.now)
		window := max(r.m.window, len(vacant)+8)
		apps, entries := r.appBuf[:0], r.entryBuf[:0]
		for _, slot := range r.waiting {
			e := r.ents.items[slot]
			if e.h.Size() > maxBeds {
				continue
			}
			apps = append(apps, matching.Applicant{Household: *e.h, Programmes: r.programmes, Priority: e.priority, ReferredOn: e.referred, Declined: e.declined})
			entries = append(entries, e)
			if len(apps) == window {
				break
			}
		}
		r.appBuf, r.entryBuf = apps, entries
		if len(apps) == 0 {
			return nil
		}
		// the residents of the facilities with a vacant unit
		for fi := range r.residents {
			r.residents[fi] = r.residents[fi][:0]
		}
		for _, ui := range vacant {
			if fi := r.units[ui].facility; fi >= 0 && !r.resUsed[fi] {
				r.resUsed[fi] = true
				for _, uj := range r.facUnits[fi] {
					// a household in several rooms is counted at its first
					if occ := r.units[uj].occupant; occ != nil && occ.rooms[0] == uj {
						r.residents[fi] = append(r.residents[fi], *occ.h)
					}
				}
			}
		}
		clear(r.resUsed)
		r.matches++
		mm := r.v.matchers[on.Year()]
		if mm == nil {
			return housing.Errorf(housing.CodeInternal, "simulation.matcher", "no matcher prepared for %d", on.Year())
		}
		got, err := mm.Assign(&matching.Round{Applicants: apps, Units: vacant, Residents: r.residents, Date: on,
			Seed: mix(r.m.sc.Seed ^ mix(uint64(r.rep)<<20^r.matches))})
		if err != nil {
			return fmt.Errorf("matching on %s: %w", on, err)
		}
		if len(got) == 0 {
			return nil
		}
		refused := false
		for _, p := range got {
			e := entries[p.Applicant]
			d := e.ep.d.refusal[min(e.refusals, maxRefusalDraws-1)]
			if d < r.v.behaviour.Refusal {
				r.count(mRefusals, 1)
				e.refusals++
				for _, ui := range p.Units {
					e.declined = append(e.declined, r.units[ui].m.unit.ID)
				}
				if mr := r.v.behaviour.MaxRefusals; mr > 0 && e.refusals >= mr {
					r.leaveList(e)
					r.count(mAbandoned, 1)
				}
				refused = true
				continue
			}
			if err := r.admit(e, p.Units, on); err != nil {
				return err
			}
		}
		if !refused {
			return nil
		}
	}
	return nil
}

// admit starts the stay of e in units (one unit, or the rooms of a suite)
// on date on: a real tenancy under the variant's duration policy, and the
// clocks of its exits. Every unit of the stay is occupied until it ends.
func (r *run) admit(e *entry, units []int, on housing.Date) error {
	beds := 0
	for _, ui := range units {
		u := &r.units[ui]
		if u.occupant != nil || !u.open {
			return housing.Errorf(housing.CodeInternal, "simulation.capacity", "household %s proposed unit %s that is taken or closed", e.h.ID, u.m.unit.ID)
		}
		beds += u.m.unit.Beds
	}
	if len(units) == 0 || e.h.Size() > beds {
		return housing.Errorf(housing.CodeInternal, "simulation.capacity", "household %s of %d proposed %d units of %d beds", e.h.ID, e.h.Size(), len(units), beds)
	}
	unit := &r.units[units[0]].m.unit
	if len(units) == 1 {
		e.one[0] = units[0]
		e.rooms = e.one[:]
	} else {
		e.rooms = slices.Clone(units) // the matcher's slice is not ours
		unit = r.suite(e.rooms)
	}
	r.removeWaiting(e)
	e.state = stHoused
	e.gen++
	e.admitted = r.now
	for _, ui := range e.rooms {
		r.units[ui].occupant = e
		r.setVacant(ui, false)
	}
	r.occ += int64(len(e.rooms))
	r.occBeds += int64(e.h.Size())
	pol := r.v.policy
	t := &housing.Tenancy{ID: "t-" + e.h.ID + "-" + strconv.Itoa(e.ep.episode), HouseholdID: e.h.ID, UnitID: unit.ID,
		ProgrammeID: r.m.programme.ID, ReferralID: e.ep.hh.ref.ID, ReferralDate: e.referred, PolicyID: pol.ID}
	if err := t.Propose(on, ""); err != nil {
		return err
	}
	if err := t.ActivateIn(pol, *unit, on, ""); err != nil {
		if err2 := t.Activate(pol, on, ""); err2 != nil {
			return err2
		}
	}
	e.ten = t
	r.count(mAdmissions, 1)
	waited := int(math.Floor(r.now - e.arrived))
	r.res.WaitDays[min(waited, len(r.res.WaitDays)-1)]++
	r.count(mWaitDaysSum, int64(math.Round((r.now-e.arrived)*1000)))
	// rent burden: monthly cost over monthly income, in basis points
	cost := unit.MonthlyCost()
	if inc := e.ep.hh.incomeMonthly; inc.IsPositive() {
		var bp int64 // a unit at no cost is a burden of 0
		if !cost.IsZero() {
			bp = cost.Mul(decimal.NewFromInt(10000)).Div(inc).Round(0).IntPart()
		}
		r.count(mBurdenSum, bp)
		r.count(mBurdenN, 1)
	} else if cost.IsPositive() {
		r.count(mBurdenNoIncome, 1)
	}
	// exit clocks
	b := &r.v.behaviour
	d := &e.ep.d
	e.natural, e.pathway = inf, ""
	try := func(months float64, unit float64, p housing.ExitPathway) {
		if months > 0 {
			if t := r.now + unit*months*DaysPerMonth; t < e.natural {
				e.natural, e.pathway = t, p
			}
		}
	}
	if d.erpShare < b.Exits.PublicHousing.Share {
		try(b.Exits.PublicHousing.WaitMonths, d.erp, housing.ExitPublicHousing)
	}
	pl := b.Exits.PrivateLease
	leaseMonths := pl.MonthsOtherwise
	if check := r.m.rentChecks[on.Year()]; check != nil && pl.MarketRent.IsPositive() {
		ok, _, err := check(*e.h, pl.MarketRent, pl.Charges, on)
		if err == nil && ok {
			leaseMonths = pl.MonthsSustainable
		}
	}
	try(leaseMonths, d.lease, housing.ExitPrivateLease)
	try(b.Exits.Family, d.family, housing.ExitFamily)
	try(b.Exits.DropOut, d.dropOut, housing.ExitDropOut)
	if e.natural < inf {
		r.schedule(event{t: e.natural, kind: evExit, e: e, gen: e.gen})
	}
	r.planEnd(e)
	r.scheduleReview(e, on)
	return nil
}

// suite is the unit a stay over several rooms of a facility is let as, as
// the matching offers it (matching.SuiteUnit). The tenancy of the stay
// names it, so that the policy's dates are checked against every room.
func (r *run) suite(rooms []int) *housing.Unit {
	units := make([]*housing.Unit, len(rooms))
	for i, ui := range rooms {
		units[i] = &r.units[ui].m.unit
	}
	u := matching.SuiteUnit(units)
	return &u
}

// planEnd schedules the renewal decision and the end of the stay under
// the policy (nothing for an open-ended stay).
func (r *run) planEnd(e *entry) {
	pol := r.v.policy
	end := pol.PlannedEnd(*e.ten)
	if end.IsZero() {
		e.end = inf
		return
	}
	e.end = float64(r.m.sc.Start.DaysUntil(end))
	if e.natural < e.end {
		return // the household leaves before; the end is never reached
	}
	if pol.Renewals != nil && e.renewals < pol.Renewals.Max {
		w := pol.WarningDate(*e.ten)
		wt := e.end
		if !w.IsZero() {
			wt = max(float64(r.m.sc.Start.DaysUntil(w)), r.now)
		}
		r.schedule(event{t: wt, kind: evRenewal, e: e, gen: e.gen})
	}
	r.schedule(event{t: e.end, kind: evEnd, e: e, gen: e.gen})
}

func (r *run) scheduleReview(e *entry, on housing.Date) {
	next := r.v.policy.NextReview(*e.ten, on)
	if next.IsZero() || !next.After(on) {
		return
	}
	t := float64(r.m.sc.Start.DaysUntil(next))
	if t < e.natural && t < e.end {
		r.schedule(event{t: t, kind: evReview, e: e, gen: e.gen})
	}
}

func (r *run) review(ev event) error {
	e := ev.e
	if e.state != stHoused || e.gen != ev.gen {
		return nil
	}
	on := r.m.dayDate(r.now)
	if err := e.ten.RecordReview(on, ""); err != nil {
		return err
	}
	r.count(mReviews, 1)
	r.scheduleReview(e, on)
	return nil
}

// renewal decides a renewal at the warning date: the policy says whether one
// may be recorded (RenewalTerms, CanRenew); the household's draw says whether
// a proven reason exists; the reason recorded is the pending exit's when the
// policy lists it.
func (r *run) renewal(ev event) error {
	e := ev.e
	if e.state != stHoused || e.gen != ev.gen {
		return nil
	}
	pol := r.v.policy
	on := r.m.dayDate(r.now)
	if _, err := pol.RenewalTerms(*e.ten, on); err != nil {
		return nil // not renewable now: the stay ends at its limit
	}
	k := min(e.renewals, len(e.ep.d.renewal)-1)
	if e.ep.d.renewal[k] >= r.v.behaviour.Renewal {
		return nil
	}
	reason := ""
	if rs := pol.Renewals.Reasons; len(rs) > 0 {
		reason = rs[int(e.ep.d.renewalWhich[k]*float64(len(rs)))%len(rs)].Code
		pending := map[housing.ExitPathway]string{housing.ExitPublicHousing: "public_housing_pending", housing.ExitPrivateLease: "private_lease_pending"}[e.pathway]
		if _, ok := pol.Reason(pending); ok && e.natural < inf {
			reason = pending
		}
	}
	if err := e.ten.Renew(pol, housing.Renewal{Date: on, Reason: reason}); err != nil {
		return nil // refused by the policy: the stay ends at its limit
	}
	e.renewals++
	r.count(mRenewals, 1)
	e.gen++ // the old end and its events no longer hold
	if e.natural < inf {
		r.schedule(event{t: e.natural, kind: evExit, e: e, gen: e.gen})
	}
	r.planEnd(e)
	r.scheduleReview(e, on)
	return nil
}

// exit ends the stay of e with the pathway, frees the unit and draws a
// return.
func (r *run) exit(e *entry, p housing.ExitPathway, atLimit bool) error {
	on := r.m.dayDate(r.now)
	if err := e.ten.End(housing.Exit{Date: on, Pathway: p}); err != nil {
		return err
	}
	for _, ui := range e.rooms {
		u := &r.units[ui]
		u.occupant = nil
		if u.open {
			r.setVacant(ui, true)
		} else {
			r.offered(u, -1)
		}
	}
	r.occ -= int64(len(e.rooms))
	r.occBeds -= int64(e.h.Size())
	e.state = stGone
	e.gen++
	r.count(mExits, 1)
	r.res.exit(string(p), r.month)
	r.count(mStayDaysSum, int64(math.Round((r.now-e.admitted)*1000)))
	key := string(p)
	if atLimit {
		key = "at_limit"
	}
	b := &r.v.behaviour
	if pr := b.Returns.Probability[key]; pr > 0 && e.ep.d.ret < pr {
		t := r.now + e.ep.d.retDelay*b.Returns.DelayMonths*DaysPerMonth
		if t < r.m.days {
			a := e.ep.arr
			a.t, a.episode = t, a.episode+1
			r.exitOf[epKey{a.group, a.seq, a.episode}] = exitMark{t: r.now, month: r.month}
			r.schedule(event{t: t, kind: evArrival, arr: a})
		}
	}
	r.wantMatch()
	return nil
}
