package schema

import (
	"slices"

	"github.com/housingkit/housingkit/housing"
	"github.com/invopop/jsonschema"
)

// What the duration-policy files must say beyond their Go types: the format
// tag that opens them, required, and the values of their enumerations.

// extendPolicy completes the schema of a duration-policy file.
func extendPolicy(s *jsonschema.Schema) {
	p := s.Definitions["DurationPolicy"]
	requireConst(p, "format", housing.FormatPolicy)
	enumOf(prop(p, "kind"), housing.PolicyKinds)
	if ev := prop(p, "exit_events"); ev != nil {
		enumOf(ev.Items, housing.ExitPathways)
	}
	enumOf(prop(s.Definitions["Assumption"], "mark"), housing.AssumptionMarks)
}

// extendPolicyTests completes the schema of a file of policy test cases.
func extendPolicyTests(s *jsonschema.Schema) {
	requireConst(s.Definitions["PolicyTestFile"], "format", housing.FormatPolicyTests)
	if codes := prop(s.Definitions["DueCheck"], "codes"); codes != nil {
		enumOf(codes.Items, housing.DueCodes)
	}
}

// prop returns the property name of s, or nil.
func prop(s *jsonschema.Schema, name string) *jsonschema.Schema {
	if s == nil || s.Properties == nil {
		return nil
	}
	p, _ := s.Properties.Get(name)
	return p
}

// requireConst makes the property name of s required, with the value v.
func requireConst(s *jsonschema.Schema, name, v string) {
	if p := prop(s, name); p != nil {
		p.Const = v
		if !slices.Contains(s.Required, name) {
			s.Required = append([]string{name}, s.Required...)
		}
	}
}

// enumOf lists the values a string schema allows.
func enumOf[T ~string](s *jsonschema.Schema, vs []T) {
	if s == nil {
		return
	}
	s.Enum = make([]any, len(vs))
	for i, v := range vs {
		s.Enum[i] = string(v)
	}
}
