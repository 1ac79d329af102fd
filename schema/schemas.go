package schema

//go:generate go run ./gen

import (
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
	{name: "household", value: &housing.Household{}},
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
