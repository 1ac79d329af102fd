package scenarios_test

import (
	"fmt"
	"log"

	"github.com/housingkit/housingkit/simulation/scenarios"
)

func ExampleLoad() {
	sc, err := scenarios.Load("ferrara-24-vs-18")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sc.Title.EN)
	for _, v := range sc.Variants {
		fmt.Println(v.ID, *v.Policy.TermMonths)
	}
	// Output:
	// Ferrara — maximum stay of 24 months or 18
	// max-18-months 18
}
