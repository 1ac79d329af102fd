package assign

import "sort"

// heuristic returns a placement and the relaxation's lower bound; see
// SolveCapacitated for the steps.
func (c *capSolver) heuristic(L int64, rounds, relaxMaxUnits int) ([]int, int64) {
	p := c.p
	units := 0
	for _, k := range p.Size {
		units += k
	}
	fac := make([]int, c.nh)
	for h := range fac {
		fac[h] = -1
	}
	room := append([]int(nil), p.Capacity...)
	price := make([]int64, c.nf) // value of one bed, scaled by L, ≥ 0
	var split []int
	var spare []int // beds the one-bed households leave free (large path)
	var lb int64
	if units <= relaxMaxUnits {
		lb = c.relaxation(L, fac, room, price, &split)
	} else {
		// Large: bed prices from the one-bed households alone (exact),
		// all larger households placed by regret.
		L = 1
		lb = c.resolveSingles(fac, p.Capacity)
		used := make([]int, c.nf)
		for f := range price {
			price[f] = Forbidden
		}
		for _, h := range c.singles {
			if f := fac[h]; f >= 0 {
				used[f]++
				price[f] = min(price[f], p.Unmatched[h]-c.pairCost(h, f))
			}
		}
		spare = make([]int, c.nf)
		for f := range price {
			spare[f] = p.Capacity[f] - used[f]
			if price[f] == Forbidden || price[f] < 0 {
				price[f] = 0
			}
		}
		for _, h := range c.bigs {
			best := p.Unmatched[h]
			for e := p.Start[h]; e < p.Start[h+1]; e++ {
				best = min(best, p.Cost[e])
			}
			lb += best
		}
		split = c.bigs
	}
	c.placeByRegret(split, fac, room, spare, price, L)

	// 3. One-bed households exactly on the beds left.
	c.resolveSingles(fac, room)

	// 4. Local improvement.
	best := c.cost(fac)
	for r := 0; r < rounds; r++ {
		if !c.improveBigs(fac) {
			break
		}
		bigRoom := append([]int(nil), p.Capacity...)
		for _, h := range c.bigs {
			if f := fac[h]; f >= 0 {
				bigRoom[f] -= p.Size[h]
			}
		}
		c.resolveSingles(fac, bigRoom)
		total := c.cost(fac)
		if total >= best {
			break
		}
		best = total
	}
	return fac, lb
}

// relaxation solves the split relaxation (step 1 of SolveCapacitated),
// fills price, places in fac (and takes from room) the larger households
// whose units all went to one facility, lists the others in split, and
// returns the lower bound.
func (c *capSolver) relaxation(L int64, fac, room []int, price []int64, split *[]int) int64 {
	p := c.p
	all := make([]int, c.nh)
	scale := make([]int64, c.nh)
	for h, k := range p.Size {
		all[h], scale[h] = h, L/int64(k)
	}
	unitFac, relCost := c.placeUnits(all, p.Size, scale, p.Capacity)
	lb := ceilDiv(relCost, L)
	first := make([]int, c.nh+1)
	for h, k := range p.Size {
		first[h+1] = first[h] + k
	}
	// Bed prices: a facility the relaxation fills is worth the least
	// saving among the units placed in it; one with beds left, nothing.
	used := make([]int, c.nf)
	for f := range price {
		price[f] = Forbidden
	}
	for h := range p.Size {
		for u := first[h]; u < first[h+1]; u++ {
			if f := unitFac[u]; f >= 0 {
				used[f]++
				price[f] = min(price[f], (p.Unmatched[h]-c.pairCost(h, f))*scale[h])
			}
		}
	}
	for f := range price {
		if used[f] < p.Capacity[f] || price[f] < 0 {
			price[f] = 0
		}
	}
	for _, h := range c.bigs {
		f0 := unitFac[first[h]]
		same := true
		for u := first[h]; u < first[h+1]; u++ {
			if unitFac[u] != f0 {
				same = false
				break
			}
		}
		switch {
		case !same:
			*split = append(*split, h)
		case f0 >= 0:
			fac[h] = f0
			room[f0] -= p.Size[h]
		}
	}
	return lb
}

func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a > 0) == (b > 0) {
		q++
	}
	return q
}

// placeByRegret places the households in hs one at a time, the one with
// the largest regret first (ties: lower index), each at its option of
// least effective cost at a facility with room — cost·L plus price[f] for
// each bed beyond the spare ones (spare nil: none) — or its unmatched
// cost·L. Regrets are kept in a heap and re-evaluated when
// a household comes up (lazy greedy): rooms only shrink, so a household
// whose regret is unchanged on re-evaluation is placed.
func (c *capSolver) placeByRegret(hs []int, fac, room, spare []int, price []int64, L int64) {
	p := c.p
	best2 := func(h int) (bf int, regret int64) {
		k := p.Size[h]
		b, s := p.Unmatched[h]*L, Forbidden
		bf = -1
		for e := p.Start[h]; e < p.Start[h+1]; e++ {
			f := p.Facility[e]
			if room[f] < k {
				continue
			}
			extra := k
			if spare != nil {
				extra = max(0, k-spare[f])
			}
			eff := p.Cost[e]*L + int64(extra)*price[f]
			if eff < b {
				bf, b, s = f, eff, b
			} else if eff < s {
				s = eff
			}
		}
		if s == Forbidden {
			return bf, Forbidden
		}
		return bf, s - b
	}
	// Max-heap on regret via a min-heap on -regret; column field holds the
	// position in hs so that ties pop the lower household first (hs is
	// ascending).
	var hp minHeap[int64]
	for t, h := range hs {
		_, r := best2(h)
		hp.push(-r, int32(t))
	}
	for len(hp) > 0 {
		it := hp.pop()
		h := hs[it.j]
		f, r := best2(h)
		if -r > it.key {
			hp.push(-r, it.j)
			continue
		}
		fac[h] = f
		if f >= 0 {
			room[f] -= p.Size[h]
			if spare != nil {
				spare[f] = max(0, spare[f]-p.Size[h])
			}
		}
	}
}

// improveBigs tries, for each larger household in index order, the move
// that lowers the total most: to a facility with room, into a facility by
// displacing its one-bed households with the least loss (they become
// unmatched), or out (unmatched). It reports whether anything moved.
func (c *capSolver) improveBigs(fac []int) bool {
	p := c.p
	bigLoad := make([]int, c.nf)
	singlesIn := make([][]int, c.nf)
	for h, f := range fac {
		if f < 0 {
			continue
		}
		if p.Size[h] == 1 {
			singlesIn[f] = append(singlesIn[f], h)
		} else {
			bigLoad[f] += p.Size[h]
		}
	}
	// loss[s]: what one-bed household s loses if displaced from its place.
	loss := make([]int64, c.nh)
	for _, s := range c.singles {
		if f := fac[s]; f >= 0 {
			loss[s] = p.Unmatched[s] - c.pairCost(s, f)
		}
	}
	moved := false
	for _, h := range c.bigs {
		k := p.Size[h]
		cur := p.Unmatched[h]
		if fac[h] >= 0 {
			cur = c.pairCost(h, fac[h])
		}
		bestD, bestF := int64(0), -2
		var bestOut []int
		if fac[h] >= 0 && p.Unmatched[h]-cur < bestD {
			bestD, bestF = p.Unmatched[h]-cur, -1
		}
		for e := p.Start[h]; e < p.Start[h+1]; e++ {
			f := p.Facility[e]
			if f == fac[h] || bigLoad[f]+k > p.Capacity[f] {
				continue
			}
			d := p.Cost[e] - cur
			free := p.Capacity[f] - bigLoad[f] - len(singlesIn[f])
			var out []int
			if free < k {
				in := append([]int(nil), singlesIn[f]...)
				sort.Slice(in, func(a, b int) bool {
					return loss[in[a]] < loss[in[b]] || (loss[in[a]] == loss[in[b]] && in[a] < in[b])
				})
				out = in[:k-free]
				for _, s := range out {
					d += loss[s]
				}
			}
			if d < bestD {
				bestD, bestF, bestOut = d, f, out
			}
		}
		if bestF == -2 {
			continue
		}
		moved = true
		if old := fac[h]; old >= 0 {
			bigLoad[old] -= k
		}
		fac[h] = bestF
		if bestF >= 0 {
			bigLoad[bestF] += k
			for _, s := range bestOut {
				fac[s] = -1
			}
			if len(bestOut) > 0 {
				kept := singlesIn[bestF][:0]
				for _, s := range singlesIn[bestF] {
					if fac[s] == bestF {
						kept = append(kept, s)
					}
				}
				singlesIn[bestF] = kept
			}
		}
	}
	return moved
}

// branchAndBound places the larger households exactly (see
// SolveCapacitated), starting from the incumbent. It returns the best
// placement, its cost, and whether the search finished within nodeLimit.
func (c *capSolver) branchAndBound(incumbent []int, incCost int64, nodeLimit int) ([]int, int64, bool) {
	p := c.p
	order := append([]int(nil), c.bigs...)
	sort.SliceStable(order, func(a, b int) bool { return p.Size[order[a]] > p.Size[order[b]] })
	type option struct {
		f int
		c int64
	}
	opts := make([][]option, len(order))
	suffix := make([]int64, len(order)+1)
	for t := len(order) - 1; t >= 0; t-- {
		h := order[t]
		o := []option{{-1, p.Unmatched[h]}}
		for e := p.Start[h]; e < p.Start[h+1]; e++ {
			if p.Size[h] <= p.Capacity[p.Facility[e]] {
				o = append(o, option{p.Facility[e], p.Cost[e]})
			}
		}
		sort.SliceStable(o, func(a, b int) bool { return o[a].c < o[b].c })
		opts[t] = o
		suffix[t] = suffix[t+1] + o[0].c
	}
	singlesLB := c.resolveSingles(make([]int, c.nh), p.Capacity)
	best := append([]int(nil), incumbent...)
	bestCost := incCost
	cur := make([]int, c.nh)
	leaf := make([]int, c.nh)
	room := append([]int(nil), p.Capacity...)
	nodes := 0
	var dfs func(t int, partial int64) bool
	dfs = func(t int, partial int64) bool {
		nodes++
		if nodes > nodeLimit {
			return false
		}
		if partial+suffix[t]+singlesLB >= bestCost {
			return true
		}
		if t == len(order) {
			if total := partial + c.resolveSingles(leaf, room); total < bestCost {
				bestCost = total
				for _, h := range order {
					best[h] = cur[h]
				}
				for _, h := range c.singles {
					best[h] = leaf[h]
				}
			}
			return true
		}
		h := order[t]
		k := p.Size[h]
		for _, o := range opts[t] {
			if o.f >= 0 {
				if room[o.f] < k {
					continue
				}
				room[o.f] -= k
			}
			cur[h] = o.f
			ok := dfs(t+1, partial+o.c)
			if o.f >= 0 {
				room[o.f] += k
			}
			if !ok {
				return false
			}
		}
		return true
	}
	complete := dfs(0, 0)
	return best, bestCost, complete
}
