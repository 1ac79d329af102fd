package mechanism

import "fmt"

// TopTradingCycles reallocates units among households that already hold
// one (Shapley and Scarf 1974, Gale's top trading cycles). owns[h] is the
// unit household h holds now (distinct ids in 0..m-1, m = len(owns));
// prefs[h] lists units best first. A household's own unit is always
// acceptable: if it is not listed it counts as listed last, and units
// listed after it are ignored (h would rather stay).
//
// Each round every remaining household points to the holder of its best
// remaining unit; every cycle of pointers trades (each household gets the
// unit it points to) and leaves. It returns the unit each household ends
// with. The result is individually rational (nobody ends worse than it
// started), Pareto efficient and in the core; it is the only allocation
// with these properties, so the processing order (cycles found by
// following pointers from the smallest remaining household) does not
// change it.
func TopTradingCycles(owns []int, prefs [][]int) ([]int, error) {
	n := len(owns)
	if len(prefs) != n {
		return nil, &InputError{Field: "prefs", Index: len(prefs), Msg: fmt.Sprintf("%d lists for %d households", len(prefs), n)}
	}
	owner := make([]int, n)
	for u := range owner {
		owner[u] = -1
	}
	for h, u := range owns {
		if u < 0 || u >= n {
			return nil, &InputError{Field: "owns", Index: h, Msg: fmt.Sprintf("unit %d outside 0..%d", u, n-1)}
		}
		if owner[u] >= 0 {
			return nil, &InputError{Field: "owns", Index: h, Msg: fmt.Sprintf("unit %d already held by household %d", u, owner[u])}
		}
		owner[u] = h
	}
	if err := checkPrefs("prefs", prefs, n); err != nil {
		return nil, err
	}
	// Effective lists: up to and including the own unit.
	list := make([][]int, n)
	for h, p := range prefs {
		for _, u := range p {
			list[h] = append(list[h], u)
			if u == owns[h] {
				break
			}
		}
		if len(list[h]) == 0 || list[h][len(list[h])-1] != owns[h] {
			list[h] = append(list[h], owns[h])
		}
	}
	got := make([]int, n)
	gone := make([]bool, n) // by household (and so by its unit)
	pos := make([]int, n)   // current position in list[h]
	state := make([]int, n) // 0 unvisited, 1 on the current path, 2 done this round
	left := n
	for left > 0 {
		// Advance each pointer to the best unit whose holder remains.
		for h := 0; h < n; h++ {
			if gone[h] {
				continue
			}
			for gone[owner[list[h][pos[h]]]] {
				pos[h]++
			}
			state[h] = 0
		}
		for start := 0; start < n; start++ {
			if gone[start] || state[start] != 0 {
				continue
			}
			var path []int
			h := start
			for state[h] == 0 {
				state[h] = 1
				path = append(path, h)
				h = owner[list[h][pos[h]]]
			}
			if state[h] == 1 {
				// h starts a cycle: from its place in path to the end.
				k := len(path) - 1
				for path[k] != h {
					k--
				}
				for _, x := range path[k:] {
					got[x] = list[x][pos[x]]
				}
				for _, x := range path[k:] {
					gone[x] = true
					left--
				}
			}
			for _, x := range path {
				state[x] = 2
			}
		}
	}
	return got, nil
}
