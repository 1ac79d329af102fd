package storetest_test

import (
	"fmt"

	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// The suite's fixtures are valid domain values that an adapter's own tests
// can use too: here an active stay under the suite's duration policy, and
// the period it occupies its unit.
func ExamplePlaced() {
	t := storetest.Placed("t1", "h1", "u1", housing.MustParseDate("2025-02-01"))
	from, until, occupies := store.Stay(t)
	fmt.Println(t.Status, t.PolicyID, t.PlannedEnd)
	fmt.Println(from, until.IsZero(), occupies)
	// Output:
	// active crema.ospitalita-temporanea 2026-02-01
	// 2025-02-01 true true
}
