package simulation_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/simulation"
)

// A study in Go: load a scenario, add a variant, run, read a paired
// difference.
func Example() {
	sc, err := simulation.Load("testdata/hand.yaml") // one unit, stays of 24 months
	if err != nil {
		log.Fatal(err)
	}
	twelve := 12
	sc.Variants = append(sc.Variants, simulation.Variant{ID: "max-12", Title: housing.Text{IT: "Massimo 12 mesi", EN: "At most 12 months"},
		Policy: &simulation.PolicyChange{TermMonths: &twelve}})
	m, err := simulation.Prepare(sc)
	if err != nil {
		log.Fatal(err)
	}
	res, err := m.Run(context.Background(), simulation.RunOptions{Replications: 5, Workers: 1})
	if err != nil {
		log.Fatal(err)
	}
	s := simulation.Summarise(res)
	fmt.Println(m.VariantIDs())
	for _, d := range s.Differences {
		e := d.Totals["admissions"]
		fmt.Printf("%s: %+.1f admissions over %d months [%.1f, %.1f]\n", d.Variant, e.Mean, s.Months, e.Lo, e.Hi)
	}
	// Output:
	// [baseline max-18 max-12]
	// max-18: +1.0 admissions over 72 months [1.0, 1.0]
	// max-12: +3.0 admissions over 72 months [3.0, 3.0]
}

// Every problem of a scenario file is reported at once, at its position.
func ExampleParse() {
	_, err := simulation.Parse("study.yaml", []byte(`format: housingkit.scenario/v1
id: study
start: 2025-01-01
horizon_months: 0
population: {groups: [{id: a, arrivals_per_month: [{from: 2025-01-01, rate: -1}], composition: [{weight: 1, adults: 1}]}]}
stock: {units: [{id: u, kind: palace, beds: 1}]}
programme: {id: p, rulesets: [{id: crema.ospitalita-temporanea}], policy: crema.ospitalita-temporanea}
`), nil)
	var he *housing.Error
	if errorsAs(err, &he) {
		for _, p := range he.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// study.yaml:4:17: horizon_months: want 1 to 1200 months, got 0
	// study.yaml:5:77: population.groups[0].arrivals_per_month[0].rate: want 0 to 1000000 arrivals a month, got -1
	// study.yaml:6:31: stock.units[0].kind: unknown value "palace"; want one of apartment, room, bed
}

func errorsAs(err error, target **housing.Error) bool { return errors.As(err, target) }
