package main

import (
	"fmt"
	"os"

	"github.com/housingkit/housingkit/schema"
)

func main() {
	if err := schema.WriteAll("."); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
