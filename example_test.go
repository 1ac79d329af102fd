package housingkit_test

import (
	"fmt"
	"os"

	"github.com/housingkit/housingkit/housing"
)

// Example reads one of the example households, the way a vendor reads a
// form submitted by a case worker, and shows the facts the rules read.
func Example() {
	data, err := os.ReadFile("testdata/catania-transition-household-eviction.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := housing.ReadHousehold("household.json", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	on := housing.MustParseDate("2024-04-02")
	income, _ := h.AnnualIncome()
	fmt.Println("members:", h.Size(), "minors:", h.Minors(on))
	fmt.Println("income:", housing.FormatMoney(housing.Italian, income))
	fmt.Println("living situation:", h.LivingSituation, h.LivingSituation.Label(housing.English))
	fmt.Println("eviction order:", *h.Emergency.EvictionOrder)
	// Output:
	// members: 3 minors: 1
	// income: 4.800,00 €
	// living situation: 9.1 under threat of eviction (rented)
	// eviction order: true
}
