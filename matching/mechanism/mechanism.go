package mechanism

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// InputError reports malformed input: which argument, which entry, what.
type InputError struct {
	Field string
	Index int
	Msg   string
}

// Error says which argument and entry are malformed, and what is wrong.
func (e *InputError) Error() string {
	return fmt.Sprintf("mechanism: %s[%d]: %s", e.Field, e.Index, e.Msg)
}

// checkPrefs validates preference lists over ids 0..m-1 (no repeats).
func checkPrefs(field string, prefs [][]int, m int) error {
	seen := make([]int, m)
	for i := range seen {
		seen[i] = -1
	}
	for a, list := range prefs {
		for _, o := range list {
			if o < 0 || o >= m {
				return &InputError{Field: field, Index: a, Msg: fmt.Sprintf("id %d outside 0..%d", o, m-1)}
			}
			if seen[o] == a {
				return &InputError{Field: field, Index: a, Msg: fmt.Sprintf("id %d listed twice", o)}
			}
			seen[o] = a
		}
	}
	return nil
}

func checkCapacity(capacity []int) error {
	for o, c := range capacity {
		if c < 0 {
			return &InputError{Field: "capacity", Index: o, Msg: fmt.Sprintf("negative capacity %d", c)}
		}
	}
	return nil
}

// checkOrder validates that order lists distinct applicants of 0..n-1.
func checkOrder(order []int, n int) error {
	seen := make([]bool, n)
	for k, a := range order {
		if a < 0 || a >= n {
			return &InputError{Field: "order", Index: k, Msg: fmt.Sprintf("applicant %d outside 0..%d", a, n-1)}
		}
		if seen[a] {
			return &InputError{Field: "order", Index: k, Msg: fmt.Sprintf("applicant %d listed twice", a)}
		}
		seen[a] = true
	}
	return nil
}

// SerialDictatorship lets applicants choose in the given order: order[0]
// first. Each takes the first unit of its preference list (prefs[a]) that
// still has capacity; applicants not in order, and those whose acceptable
// units are all taken, get -1. capacity[o] is how many applicants unit o
// can take (1 for a dwelling).
//
// It respects priority: an applicant never gets a unit it likes less than
// one that was still free when its turn came.
func SerialDictatorship(order []int, prefs [][]int, capacity []int) ([]int, error) {
	n, m := len(prefs), len(capacity)
	if err := checkPrefs("prefs", prefs, m); err != nil {
		return nil, err
	}
	if err := checkCapacity(capacity); err != nil {
		return nil, err
	}
	if err := checkOrder(order, n); err != nil {
		return nil, err
	}
	left := append([]int(nil), capacity...)
	got := make([]int, n)
	for a := range got {
		got[a] = -1
	}
	for _, a := range order {
		for _, o := range prefs[a] {
			if left[o] > 0 {
				left[o]--
				got[a] = o
				break
			}
		}
	}
	return got, nil
}

// Lottery is a drawn order with what is needed to re-draw it.
type Lottery struct {
	// Seed is the lottery's seed.
	Seed uint64
	// Source names the generator: "ChaCha8".
	Source string
	// Applicants is the list the order was drawn from, as given.
	Applicants []int
	// Order is the drawn order: Order[0] chooses first.
	Order []int
}

// DrawOrder shuffles applicants with a seeded lottery and returns the
// order (a new slice). The procedure, fixed so that anyone can re-run it:
// the generator is math/rand/v2's ChaCha8 keyed with the seed's 8
// little-endian bytes followed by 24 zero bytes; starting from a copy of
// applicants, for i from len-1 down to 1, j is drawn uniformly from 0..i
// by Lemire's multiply-and-reject method on the generator's Uint64 and
// entries i and j are swapped (Fisher–Yates).
func DrawOrder(applicants []int, seed uint64) []int {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:8], seed)
	src := rand.NewChaCha8(key)
	order := append([]int(nil), applicants...)
	for i := len(order) - 1; i > 0; i-- {
		j := int(uniform(src, uint64(i)+1))
		order[i], order[j] = order[j], order[i]
	}
	return order
}

// uniform draws from 0..n-1 without bias (Lemire 2019).
func uniform(src *rand.ChaCha8, n uint64) uint64 {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}

// RandomSerialDictatorship draws an order of applicants with DrawOrder
// and runs SerialDictatorship with it. The Lottery returned carries the
// seed, the list and the drawn order: DrawOrder(l.Applicants, l.Seed)
// gives l.Order again, and SerialDictatorship(l.Order, …) the same
// assignment.
func RandomSerialDictatorship(applicants []int, seed uint64, prefs [][]int, capacity []int) (Lottery, []int, error) {
	if err := checkOrder(applicants, len(prefs)); err != nil {
		return Lottery{}, nil, err
	}
	l := Lottery{Seed: seed, Source: "ChaCha8", Applicants: append([]int(nil), applicants...), Order: DrawOrder(applicants, seed)}
	got, err := SerialDictatorship(l.Order, prefs, capacity)
	if err != nil {
		return Lottery{}, nil, err
	}
	return l, got, nil
}
