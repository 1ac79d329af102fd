package schema_test

import (
	"encoding/json"
	"fmt"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/schema"
)

func ExampleNames() {
	fmt.Println(schema.Names())
	// Output:
	// [decision facility household overlay policy policytests referral ruleset tenancy testcases unit]
}

func ExampleShipped() {
	data, _ := schema.Shipped("household")
	var doc struct {
		ID     string `json:"$id"`
		Schema string `json:"$schema"`
	}
	_ = json.Unmarshal(data, &doc)
	fmt.Println(doc.ID)
	fmt.Println(doc.Schema)
	// Output:
	// https://github.com/housingkit/housingkit/schema/household.schema.json
	// https://json-schema.org/draft/2020-12/schema
}

// For reflects any of the SDK's types, with money as exact decimal strings
// and dates as YYYY-MM-DD.
func ExampleFor() {
	s, err := schema.For(&housing.DeclaredISEE{}, "https://example.org/isee.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	def := s.Definitions["DeclaredISEE"]
	value, _ := def.Properties.Get("value")
	issued, _ := def.Properties.Get("issued_on")
	fmt.Println(value.Type, value.Pattern)
	fmt.Println(issued.AnyOf[0].Type, issued.AnyOf[0].Format)
	// Output:
	// string ^-?[0-9]+(\.[0-9]+)?$
	// string date
}
