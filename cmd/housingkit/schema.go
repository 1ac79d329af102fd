package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/schema"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newSchemaCmd) }

// schemaValues are the documents `housingkit schema NAME` describes.
var schemaValues = map[string]any{
	"ruleset":   &eligibility.Spec{},
	"overlay":   &eligibility.OverlaySpec{},
	"testcases": &eligibility.TestFile{},
	"decision":  &eligibility.Decision{},
	"household": &housing.Household{},
	"unit":      &housing.Unit{},
	"facility":  &housing.Facility{},
	"referral":  &housing.Referral{},
	"tenancy":   &housing.Tenancy{},
}

func schemaNames() []string {
	var names []string
	for n := range schemaValues {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema NAME",
		Short: "Print a JSON Schema: " + strings.Join(schemaNames(), ", "),
		Long: `Schema prints the JSON Schema (draft 2020-12) of a document, for editors
and forms: ` + strings.Join(schemaNames(), ", ") + `.
Amounts are decimal strings and dates YYYY-MM-DD, as in the SDK's JSON.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, ok := schemaValues[args[0]]
			if !ok {
				return badInput(fmt.Errorf("no schema %q; want one of %s", args[0], strings.Join(schemaNames(), ", ")))
			}
			s := schema.For(v, schemaBaseID+args[0]+".schema.json")
			data, err := json.MarshalIndent(s, "", "  ")
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s\n", data)
			return err
		},
	}
}

// schemaBaseID is the prefix of the $id of the schemas printed.
const schemaBaseID = "https://github.com/housingkit/housingkit/schema/"
