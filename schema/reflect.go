package schema

import (
	"reflect"

	"github.com/housingkit/housingkit/housing"
	"github.com/invopop/jsonschema"
	"github.com/shopspring/decimal"
)

// DecimalPattern is the pattern of an exact decimal amount in JSON: money
// and other decimals travel as strings so that no digit is lost.
const DecimalPattern = `^-?[0-9]+(\.[0-9]+)?$`

var (
	decimalType = reflect.TypeOf(decimal.Decimal{})
	dateType    = reflect.TypeOf(housing.Date{})
)

// mapType gives the JSON form of the SDK's value types: decimals as strings
// with a decimal pattern, dates as "YYYY-MM-DD" strings (or null, the zero
// Date).
func mapType(t reflect.Type) *jsonschema.Schema {
	switch t {
	case decimalType:
		return &jsonschema.Schema{Type: "string", Pattern: DecimalPattern, Description: "an exact decimal number written as a string, e.g. \"1234.56\""}
	case dateType:
		return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{
			{Type: "string", Format: "date", Pattern: `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`},
			{Type: "null"},
		}, Description: "a calendar date YYYY-MM-DD, or null for none"}
	}
	return nil
}

// NewReflector returns a reflector configured for the SDK's types: field
// names from json tags, no additional properties, fields without omitempty
// required, decimals and dates mapped as above.
func NewReflector() *jsonschema.Reflector {
	return &jsonschema.Reflector{
		Mapper:                    mapType,
		AllowAdditionalProperties: false,
	}
}

// For returns the JSON Schema of the Go value v (a struct or a pointer to
// one), with id the schema's $id, completed with what housing's types do not
// say in Go (enum values, sensitive fields; see extensions). A nil v has no type to describe: an
// error of code CodeInvalid.
func For(v any, id string) (*jsonschema.Schema, error) {
	if v == nil {
		return nil, housing.Errorf(housing.CodeInvalid, "argument.nil", "no value to describe (nil)")
	}
	s := NewReflector().Reflect(v)
	extend(s)
	s.ID = jsonschema.ID(id)
	return s, nil
}
