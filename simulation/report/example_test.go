package report_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/housingkit/housingkit/simulation"
	"github.com/housingkit/housingkit/simulation/report"
)

// Write the files and charts of a run, and print the comparison.
func ExampleWrite() {
	sc, err := simulation.Load("../testdata/hand.yaml")
	if err != nil {
		log.Fatal(err)
	}
	m, err := simulation.Prepare(sc)
	if err != nil {
		log.Fatal(err)
	}
	res, err := m.Run(context.Background(), simulation.RunOptions{Replications: 3})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "policysim")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := report.Write(dir, res)
	if err != nil {
		log.Fatal(err)
	}
	d := s.Differences[0].Totals["ended_at_limit"]
	fmt.Printf("%s: %+.0f stays ended at the limit\n", s.Differences[0].Variant, d.Mean)
	_, err = os.Stat(dir + "/waiting_list.svg")
	fmt.Println(err == nil)
	// Output:
	// max-18: +1 stays ended at the limit
	// true
}
