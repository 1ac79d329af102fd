//go:build lean

package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// The lean build (go build -tags lean) leaves out the commands that need
// a store, the HTTP server or the charts, and with them SQLite,
// PostgreSQL's driver, net/http and gonum/plot: it starts in about half
// the time (BENCHMARKS.md, Matching), for scripts that run the rule, rent
// and matching commands many times. Each command left out is still known,
// so that asking for it says which build has it.
var leftOut = map[string]bool{"export": true, "import": true, "report": true, "serve": true, "simulate": true}

func init() {
	for name := range leftOut {
		commands = append(commands, func() *cobra.Command {
			return &cobra.Command{
				Use:                name,
				Short:              "not in this lean build (built with -tags lean)",
				Hidden:             true,
				DisableFlagParsing: true,
				RunE: func(*cobra.Command, []string) error {
					return badInput(fmt.Errorf("%s: this housingkit is the lean build (-tags lean), without the store, server and chart commands; build it without -tags lean for housingkit %s", name, name))
				},
			}
		})
	}
}
