package schema

//go:generate go run ./gen

import (
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/invopop/jsonschema"
)

// BaseID is the prefix of every schema's $id.
const BaseID = "https://github.com/housingkit/housingkit/schema/"

// document is one generated schema: its name, the Go value it describes
// and the file it is committed as.
type document struct {
	name  string
	value any
	// extend completes the reflected schema with what the Go type does not
	// say, such as a required format tag; nil for none.
	extend func(*jsonschema.Schema)
}

// documents lists the shipped schemas: the housing documents vendors'
// forms produce, the eligibility files offices write (rule sets, overlays,
// test cases) with the decisions the SDK returns, and the duration-policy
// files with their test cases.
var documents = []document{
	{name: "household", value: &housing.Household{}, extend: extendHousehold},
	{name: "unit", value: &housing.Unit{}},
	{name: "facility", value: &housing.Facility{}},
	{name: "referral", value: &housing.Referral{}},
	{name: "tenancy", value: &housing.Tenancy{}},
	{name: "ruleset", value: &eligibility.Spec{}},
	{name: "overlay", value: &eligibility.OverlaySpec{}},
	{name: "testcases", value: &eligibility.TestFile{}},
	{name: "decision", value: &eligibility.Decision{}},
	{name: "policy", value: &housing.DurationPolicy{}, extend: extendPolicy},
	{name: "policytests", value: &housing.PolicyTestFile{}, extend: extendPolicyTests},
}

// Names returns the names of the shipped schemas, sorted.
func Names() []string {
	names := make([]string, len(documents))
	for i, d := range documents {
		names[i] = d.name
	}
	slices.Sort(names)
	return names
}

// FileName returns the file a schema is committed as: "<name>.schema.json".
func FileName(name string) string { return name + ".schema.json" }

// Generate returns the JSON Schema named name, indented, as `go generate`
// writes it. It returns a CodeNotFound error for an unknown name.
func Generate(name string) ([]byte, error) {
	for _, d := range documents {
		if d.name == name {
			s, err := For(d.value, BaseID+FileName(name))
			if err != nil {
				return nil, err
			}
			if d.extend != nil {
				d.extend(s)
			}
			b, err := json.MarshalIndent(s, "", "  ")
			if err != nil {
				return nil, err
			}
			return append(b, '\n'), nil
		}
	}
	return nil, housing.Errorf(housing.CodeNotFound, "schema.unknown", "no schema %q; want one of %s", name, strings.Join(Names(), ", "))
}

//go:embed *.schema.json
var committed embed.FS

// Shipped returns the committed schema named name (the same bytes as
// Generate, which a test enforces).
func Shipped(name string) ([]byte, error) {
	b, err := committed.ReadFile(FileName(name))
	if err != nil {
		return nil, housing.Errorf(housing.CodeNotFound, "schema.unknown", "no schema %q; want one of %s", name, strings.Join(Names(), ", "))
	}
	return b, nil
}

// WriteAll regenerates every schema file into dir.
func WriteAll(dir string) error {
	for _, name := range Names() {
		b, err := Generate(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, FileName(name)), b, 0o644); err != nil {
			return fmt.Errorf("write schema %s: %w", name, err)
		}
	}
	return nil
}

// householdRequired lists, for each type of the household document, the
// fields a household file cannot leave out: exactly those the reader
// refuses when missing (housing.ReadHousehold: a household id and at
// least one member; each member's role and birth date; an income's kind; a
// declared ISEE's issue date). Every other field may be left out, and a
// date may be null: TestHouseholdSchemaAgreesWithTheReader checks both
// against each other.
var householdRequired = map[string][]string{
	"Household":    {"id", "members"},
	"Member":       {"role", "birth_date"},
	"IncomeSource": {"kind"},
	"DeclaredISEE": {"issued_on"},
}

// extendHousehold makes the household schema require what the reader
// requires, and no more, and accept null where the reader reads null as
// "not known" (pointers and lists).
func extendHousehold(s *jsonschema.Schema) {
	for name, def := range s.Definitions {
		def.Required = householdRequired[name]
		// A required date has a value: its null (no date) is refused.
		for _, req := range def.Required {
			if p, ok := def.Properties.Get(req); ok && p != nil && len(p.AnyOf) == 2 && p.AnyOf[1].Type == "null" {
				date := *p.AnyOf[0]
				date.Description = p.Description
				def.Properties.Set(req, &date)
			}
		}
	}
	allowNull(s, reflect.TypeOf(housing.Household{}), map[reflect.Type]bool{})
	if h, ok := s.Definitions["Household"]; ok {
		if m, ok := h.Properties.Get("members"); ok {
			one := uint64(1)
			m.MinItems = &one
		}
	}
}

// allowNull lets every pointer or list field of t and of the struct types
// it holds be null in s's definitions (the reader reads null there as nil:
// not known, or not declared), unless the field is required.
func allowNull(s *jsonschema.Schema, t reflect.Type, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	def := s.Definitions[t.Name()]
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			allowNullIn(s, def, f.Type, seen)
			continue
		}
		allowNullField(s, def, f, seen)
	}
}

// allowNullIn treats the fields of an embedded struct as the outer one's.
func allowNullIn(s *jsonschema.Schema, def *jsonschema.Schema, t reflect.Type, seen map[reflect.Type]bool) {
	for i := range t.NumField() {
		allowNullField(s, def, t.Field(i), seen)
	}
}

func allowNullField(s *jsonschema.Schema, def *jsonschema.Schema, f reflect.StructField, seen map[reflect.Type]bool) {
	allowNull(s, f.Type, seen)
	if def == nil || (f.Type.Kind() != reflect.Pointer && f.Type.Kind() != reflect.Slice) {
		return
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" || name == "-" || slices.Contains(def.Required, name) {
		return
	}
	if p, ok := def.Properties.Get(name); ok && p != nil {
		def.Properties.Set(name, &jsonschema.Schema{AnyOf: []*jsonschema.Schema{p, {Type: "null"}}, Description: p.Description})
		p.Description = ""
	}
}
