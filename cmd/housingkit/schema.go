package main

import (
	"strings"

	"github.com/housingkit/housingkit/schema"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newSchemaCmd) }

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema NAME",
		Short: "Print a JSON Schema: " + strings.Join(schema.Names(), ", "),
		Long: `Schema prints the JSON Schema (draft 2020-12) of a document, for editors
and forms: ` + strings.Join(schema.Names(), ", ") + `.
Amounts are decimal strings and dates YYYY-MM-DD, as in the SDK's JSON.
The same schemas are committed in the schema folder of the module.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := schema.Shipped(args[0])
			if err != nil {
				return badInput(err)
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	}
}
