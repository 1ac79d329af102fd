//go:build !race

package eligibility_test

// raceEnabled is true when the tests run with the race detector, which
// makes allocations that a normal build does not.
const raceEnabled = false
