package mechanism_test

import (
	"fmt"

	"github.com/housingkit/housingkit/matching/mechanism"
)

func ExampleSerialDictatorship() {
	// Three households ranked 2, 0, 1 by priority; units 0 and 1.
	prefs := [][]int{
		{0, 1}, // household 0
		{0},    // household 1
		{0, 1}, // household 2
	}
	got, err := mechanism.SerialDictatorship([]int{2, 0, 1}, prefs, []int{1, 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(got)
	// Output: [1 -1 0]
}

func ExampleRandomSerialDictatorship() {
	prefs := [][]int{{0, 1}, {0, 1}, {1, 0}, {0}}
	capacity := []int{1, 1}
	l, got, err := mechanism.RandomSerialDictatorship([]int{0, 1, 2, 3}, 2026, prefs, capacity)
	if err != nil {
		panic(err)
	}
	fmt.Println("seed", l.Seed, l.Source, "order", l.Order, "units", got)
	// An auditor re-draws the order from the seed and the list.
	fmt.Println(fmt.Sprint(mechanism.DrawOrder(l.Applicants, l.Seed)) == fmt.Sprint(l.Order))
	// Output:
	// seed 2026 ChaCha8 order [1 2 3 0] units [-1 0 1 -1]
	// true
}

func ExampleDeferredAcceptance() {
	// Two applicants, two landlords' units with one place each.
	app := [][]int{{0, 1}, {0, 1}}
	// Unit 0's landlord prefers applicant 1; unit 1's prefers applicant 0.
	unit := [][]int{{1, 0}, {0, 1}}
	got, err := mechanism.DeferredAcceptance(app, unit, []int{1, 1})
	if err != nil {
		panic(err)
	}
	blocking, _ := mechanism.Blocking(app, unit, []int{1, 1}, got)
	fmt.Println(got, "blocking pairs:", len(blocking))
	// Output: [1 0] blocking pairs: 0
}

func ExampleTopTradingCycles() {
	// Household h holds unit h. 0 and 1 would swap; 2 prefers 0's unit
	// but 0 leaves with 1, so 2 keeps its own.
	got, err := mechanism.TopTradingCycles([]int{0, 1, 2}, [][]int{{1, 0}, {0, 1}, {0, 2}})
	if err != nil {
		panic(err)
	}
	fmt.Println(got)
	// Output: [1 0 2]
}
