package matching

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

// CodeRoomTaken is the code of the violation that keeps a household out of
// a suite of rooms when one of its rooms went to a household served
// before it.
const CodeRoomTaken = "room_taken"

// maxSuiteRooms bounds the rooms of one facility that suites are built
// from: subsets are enumerated, and a facility of a programme that allows
// split placement has few rooms (Catania's: at most 12 beds).
const maxSuiteRooms = 16

// maxSuitesPerSize bounds the suites offered in one facility for one
// household size.
const maxSuitesPerSize = 8

// suites returns, for every facility whose programme allows split
// placement (Programme.SplitAcrossRooms), the suites of rooms that can
// house each applicant larger than the facility's largest room: for each
// such size, the sets of the fewest rooms with enough beds, fewest beds
// first, then the lowest room ids, at most maxSuitesPerSize of them (so
// that a household served earlier holding one room leaves the later one
// another suite). A suite's place is a unit made of its rooms: beds, floor
// area, rent and charges added up, step-free only if every room is,
// available when all are, the strictest restrictions. Rooms offered in
// pools (the capacitated mechanism's beds) are not rooms here.
func suites(cols []column, apps []*Applicant) []column {
	byFacility := map[string][]int{}
	var facs []string
	for j := range cols {
		c := &cols[j]
		p := &c.place
		if c.pooled || p.Unit.Kind != housing.UnitRoom || p.Facility == nil || p.Programme == nil || !p.Programme.SplitAcrossRooms {
			continue
		}
		f := p.Facility.ID
		if _, ok := byFacility[f]; !ok {
			facs = append(facs, f)
		}
		byFacility[f] = append(byFacility[f], j)
	}
	if len(facs) == 0 {
		return nil
	}
	var sizes []int
	for _, a := range apps {
		sizes = append(sizes, a.Household.Size())
	}
	slices.Sort(sizes)
	sizes = slices.Compact(sizes)
	slices.Sort(facs)
	var out []column
	for _, f := range facs {
		rooms := byFacility[f]
		if len(rooms) < 2 || len(rooms) > maxSuiteRooms {
			continue
		}
		maxRoom := 0
		for _, j := range rooms {
			maxRoom = max(maxRoom, cols[j].beds)
		}
		for _, k := range sizes {
			if k <= maxRoom {
				continue
			}
			for _, set := range covers(cols, rooms, k) {
				out = append(out, suiteColumn(cols, rooms, set, maxRoom))
			}
		}
	}
	return out
}

// covers returns the sets of rooms (bits over rooms) with at least k beds
// and the fewest rooms, fewest beds first, then the lowest room ids, at
// most maxSuitesPerSize.
func covers(cols []column, rooms []int, k int) []uint32 {
	type cover struct {
		set  uint32
		beds int
	}
	var found []cover
	fewest := 0
	all := uint32(1)<<len(rooms) - 1
	for set := uint32(1); set <= all; set++ {
		n := bits.OnesCount32(set)
		if fewest > 0 && n > fewest {
			continue
		}
		beds := 0
		for b := set; b > 0; b &= b - 1 {
			beds += cols[rooms[bits.TrailingZeros32(b)]].beds
		}
		if beds < k {
			continue
		}
		if fewest == 0 || n < fewest {
			fewest, found = n, found[:0]
		}
		found = append(found, cover{set, beds})
	}
	slices.SortFunc(found, func(a, b cover) int {
		if c := cmp.Compare(a.beds, b.beds); c != 0 {
			return c
		}
		if lowerIDs(a.set, b.set) {
			return -1
		}
		return 1
	})
	out := make([]uint32, 0, min(len(found), maxSuitesPerSize))
	for _, c := range found[:min(len(found), maxSuitesPerSize)] {
		out = append(out, c.set)
	}
	return out
}

// lowerIDs reports whether set a has the lower room ids than b (rooms are
// in unit-id order, so the lowest differing bit decides).
func lowerIDs(a, b uint32) bool {
	d := a ^ b
	return d != 0 && a&(d&-d) != 0
}

func suiteColumn(cols []column, rooms []int, set uint32, maxRoom int) column {
	var parts []*column
	for b := set; b > 0; b &= b - 1 {
		parts = append(parts, &cols[rooms[bits.TrailingZeros32(b)]])
	}
	first := parts[0].place
	units := make([]*housing.Unit, len(parts))
	ids := make([]string, len(parts))
	for i, pc := range parts {
		units[i], ids[i] = pc.place.Unit, pc.place.Unit.ID
	}
	u := SuiteUnit(units)
	c := column{place: Place{Unit: &u, Facility: first.Facility, Programme: first.Programme}, suite: true, maxRoom: maxRoom}
	c.units, c.beds = ids, u.Beds
	c.place.rooms = ids
	c.place.facts = newPlaceFacts(&u)
	return c
}

// SuiteUnit is the unit that rooms of one facility are let as together
// (split placement, housing.Programme.SplitAcrossRooms): the first room
// with the rooms' ids joined by "+", their beds, area, rent and service
// charges added up, step-free only if every room is, available while
// every room is, and the strictest of their restrictions.
func SuiteUnit(rooms []*housing.Unit) housing.Unit {
	u := *rooms[0]
	ids := make([]string, len(rooms))
	u.Beds, u.AreaSqm, u.Rent, u.ServiceCharges = 0, decimal.Zero, decimal.Zero, decimal.Zero
	u.StepFree = true
	for i, r := range rooms {
		ids[i] = r.ID
		u.Beds += r.Beds
		u.AreaSqm = u.AreaSqm.Add(r.AreaSqm)
		u.Rent = u.Rent.Add(r.Rent)
		u.ServiceCharges = u.ServiceCharges.Add(r.ServiceCharges)
		u.StepFree = u.StepFree && r.StepFree
		if r.AvailableFrom.After(u.AvailableFrom) {
			u.AvailableFrom = r.AvailableFrom
		}
		if !r.AvailableUntil.IsZero() && (u.AvailableUntil.IsZero() || r.AvailableUntil.Before(u.AvailableUntil)) {
			u.AvailableUntil = r.AvailableUntil
		}
		u.Restrictions = stricter(u.Restrictions, r.Restrictions)
	}
	u.ID = strings.Join(ids, "+")
	return u
}

// unitCount counts the units on offer: a suite's rooms are counted as the
// columns of their own.
func (pr *problem) unitCount() int {
	n := 0
	for _, c := range pr.cols {
		if !c.suite {
			n += len(c.units)
		}
	}
	return n
}

// repairSuites keeps every room with one household: a suite that shares a
// room with a unit or suite given to a household served earlier is
// forbidden to its household, and the mechanism runs again. It reports
// whether it forbade anything.
func (pr *problem) repairSuites(sol *solution, fb *forbidden, pos []int) bool {
	if !slices.ContainsFunc(pr.cols, func(c column) bool { return c.suite }) {
		return false
	}
	rows := make([]int, 0, len(sol.colOf))
	for i, j := range sol.colOf {
		if j >= 0 && !pr.cols[j].pooled {
			rows = append(rows, i)
		}
	}
	slices.SortFunc(rows, func(a, b int) int { return cmp.Compare(pos[a], pos[b]) })
	owner := map[string]int{}
	changed := false
	for _, i := range rows {
		j := sol.colOf[i]
		clash := -1
		for _, u := range pr.cols[j].units {
			if k, ok := owner[u]; ok {
				clash = k
				break
			}
		}
		if clash < 0 {
			for _, u := range pr.cols[j].units {
				owner[u] = i
			}
			continue
		}
		// The later household gives way: its suite if it holds one, else
		// (its room is part of an earlier household's suite) the suite is
		// the earlier one's and the room is forbidden to the later.
		fb.pairs[[2]int{i, j}] = violation(CodeRoomTaken, "room_taken", pr.apps[clash].ID())
		fb.by[i] = append(fb.by[i], pr.apps[clash].ID())
		changed = true
	}
	return changed
}
