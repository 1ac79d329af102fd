package mechanism

import "fmt"

// DeferredAcceptance computes the applicant-optimal stable matching by
// applicant-proposing deferred acceptance (Gale and Shapley 1962) with
// capacities. appPrefs[a] lists the units applicant a accepts, best first;
// unitPrefs[o] ranks the applicants unit o (its landlord) accepts, best
// first; capacity[o] is how many applicants o can take. It returns the
// unit of each applicant, or -1.
//
// Free applicants propose in index order (the smallest free applicant
// next); each unit holds its best capacity[o] proposers by its ranking and
// rejects the rest. The result does not depend on that order: it is the
// stable matching every applicant likes at least as well as any other
// stable matching. Blocking checks a matching's stability.
func DeferredAcceptance(appPrefs, unitPrefs [][]int, capacity []int) ([]int, error) {
	n, m := len(appPrefs), len(unitPrefs)
	rank, err := checkTwoSided(appPrefs, unitPrefs, capacity)
	if err != nil {
		return nil, err
	}
	next := make([]int, n) // next position in appPrefs[a] to propose to
	got := make([]int, n)
	for a := range got {
		got[a] = -1
	}
	held := make([][]int, m) // applicants held by each unit
	// A stack of free applicants, popped smallest first.
	free := make([]int, 0, n)
	for a := n - 1; a >= 0; a-- {
		free = append(free, a)
	}
	for len(free) > 0 {
		a := free[len(free)-1]
		free = free[:len(free)-1]
		for next[a] < len(appPrefs[a]) {
			o := appPrefs[a][next[a]]
			next[a]++
			r, ok := rank[o][a]
			if !ok || capacity[o] == 0 {
				continue // unacceptable to o
			}
			if len(held[o]) < capacity[o] {
				held[o] = append(held[o], a)
				got[a] = o
				break
			}
			// Find the worst applicant held by o.
			w := 0
			for k := 1; k < len(held[o]); k++ {
				if rank[o][held[o][k]] > rank[o][held[o][w]] {
					w = k
				}
			}
			if worst := held[o][w]; rank[o][worst] > r {
				held[o][w] = a
				got[a] = o
				got[worst] = -1
				free = append(free, worst)
				break
			}
		}
	}
	return got, nil
}

func checkTwoSided(appPrefs, unitPrefs [][]int, capacity []int) ([]map[int]int, error) {
	n, m := len(appPrefs), len(unitPrefs)
	if len(capacity) != m {
		return nil, &InputError{Field: "capacity", Index: len(capacity), Msg: fmt.Sprintf("%d capacities for %d units", len(capacity), m)}
	}
	if err := checkPrefs("appPrefs", appPrefs, m); err != nil {
		return nil, err
	}
	if err := checkPrefs("unitPrefs", unitPrefs, n); err != nil {
		return nil, err
	}
	if err := checkCapacity(capacity); err != nil {
		return nil, err
	}
	rank := make([]map[int]int, m)
	for o, list := range unitPrefs {
		rank[o] = make(map[int]int, len(list))
		for r, a := range list {
			rank[o][a] = r
		}
	}
	return rank, nil
}

// BlockingPair is an applicant and a unit that would both rather be
// matched together than keep what a matching gives them.
type BlockingPair struct {
	Applicant, Unit int
}

// Blocking checks the matching got (unit of each applicant, or -1) against
// the two-sided preferences: it returns an error if got is not a matching
// that respects capacities and acceptability, and otherwise the blocking
// pairs (a, o): a accepts o and prefers it to got[a], o accepts a, and o
// has a free place or holds an applicant it ranks below a. The matching
// is stable exactly when there are none. Pairs come in applicant order,
// then in a's preference order.
func Blocking(appPrefs, unitPrefs [][]int, capacity []int, got []int) ([]BlockingPair, error) {
	n, m := len(appPrefs), len(unitPrefs)
	rank, err := checkTwoSided(appPrefs, unitPrefs, capacity)
	if err != nil {
		return nil, err
	}
	if len(got) != n {
		return nil, &InputError{Field: "got", Index: len(got), Msg: fmt.Sprintf("%d entries for %d applicants", len(got), n)}
	}
	load := make([]int, m)
	worst := make([]int, m) // worst rank held, -1 when empty
	for o := range worst {
		worst[o] = -1
	}
	for a, o := range got {
		if o == -1 {
			continue
		}
		if o < 0 || o >= m {
			return nil, &InputError{Field: "got", Index: a, Msg: fmt.Sprintf("unit %d outside 0..%d", o, m-1)}
		}
		r, ok := rank[o][a]
		if !ok || !accepts(appPrefs[a], o) {
			return nil, &InputError{Field: "got", Index: a, Msg: fmt.Sprintf("applicant %d and unit %d do not accept each other", a, o)}
		}
		load[o]++
		if load[o] > capacity[o] {
			return nil, &InputError{Field: "got", Index: a, Msg: fmt.Sprintf("unit %d over its capacity %d", o, capacity[o])}
		}
		worst[o] = max(worst[o], r)
	}
	var out []BlockingPair
	for a, list := range appPrefs {
		for _, o := range list {
			if o == got[a] {
				break // the rest are worse than what a has
			}
			r, ok := rank[o][a]
			if !ok {
				continue
			}
			if load[o] < capacity[o] || r < worst[o] {
				out = append(out, BlockingPair{a, o})
			}
		}
	}
	return out, nil
}

func accepts(list []int, o int) bool {
	for _, x := range list {
		if x == o {
			return true
		}
	}
	return false
}
