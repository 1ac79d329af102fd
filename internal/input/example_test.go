package input_test

import (
	"fmt"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
)

func ExampleRead() {
	var u housing.Unit
	err := input.Read("unit.yaml", []byte("id: u1\nkind: room\ncontract: agreed_rent\nbeds: 0\nrent: 450.005\navailable_from: 2025-01-01\n"), &u, "unit",
		input.Validate(func() error { return u.Validate() }))
	fmt.Println(housing.ErrorCode(err))
	for _, p := range err.(*housing.Error).Problems {
		fmt.Println(p)
	}
	// Output:
	// invalid
	// unit.yaml:4:7: beds: 0 beds: a unit has at least 1
	// unit.yaml:5:7: rent: 450.005 has digits below the cent; want euros and cents such as 650.00
}
