package store_test

import (
	"errors"
	"fmt"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// A tenant name is checked before any call reaches the database.
func ExampleTenant_Validate() {
	fmt.Println(store.Tenant("comune-ferrara").Validate())
	fmt.Println(store.Tenant("Comune Ferrara").Validate())
	// Output:
	// <nil>
	// invalid: tenant "Comune Ferrara": character 1 ('C') is not allowed; use a-z, 0-9 and, after the first, '.', '_' or '-'
}

// A stale update is a conflict that callers recognise with errors.Is,
// without parsing messages.
func ExampleStale() {
	err := store.Stale(store.KindUnit, "u-12", 3, 4)
	fmt.Println(errors.Is(err, store.ErrStale), errors.Is(err, housing.ErrConflict), housing.ErrorCode(err))
	fmt.Println(housing.ErrorMessage(err))
	// Output:
	// true true conflict
	// unit "u-12" changed since it was read: version 3 given, 4 stored; read it again
}

// A running stay occupies its unit from its start until an exit is
// recorded; the unit is free again on the exit date.
func ExampleStay() {
	t := housing.Tenancy{Status: housing.TenancyEnded, Start: housing.MustParseDate("2025-01-10"),
		Exit: &housing.Exit{Date: housing.MustParseDate("2025-07-01"), Pathway: housing.ExitPrivateLease}}
	from, until, ok := store.Stay(t)
	fmt.Println(from, until, ok)
	fmt.Println(store.Occupies(t, housing.MustParseDate("2025-06-30")), store.Occupies(t, housing.MustParseDate("2025-07-01")))
	// Output:
	// 2025-01-10 2025-07-01 true
	// true false
}
