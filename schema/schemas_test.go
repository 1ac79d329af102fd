package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The committed schema files are what the types generate now.
func TestSchemasUpToDate(t *testing.T) {
	for _, name := range Names() {
		want, err := Generate(name)
		require.NoError(t, err)
		got, err := Shipped(name)
		require.NoError(t, err, "schema %s is not committed: run go generate ./schema", name)
		if !bytes.Equal(want, got) {
			t.Errorf("schema/%s is stale: run go generate ./schema", FileName(name))
		}
	}
}

func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	b, err := Shipped(name)
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(BaseID+FileName(name), doc))
	s, err := c.Compile(BaseID + FileName(name))
	require.NoError(t, err)
	return s
}

// Every example household in testdata/ is valid against the Household
// schema, and the schema rejects a household with an unknown field or a
// number where an exact decimal string belongs.
func TestExampleHouseholdsMatchSchema(t *testing.T) {
	s := compile(t, "household")
	files, err := filepath.Glob("../testdata/*household*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		require.NoError(t, err)
		assert.NoError(t, s.Validate(inst), f)
	}
	bad := []string{
		`{"id":"x","members":[{"role":"reference","birth_date":"1990-01-01","incomes":null,"colour":"red"}],"residence":{"municipality":"a","since":null},"emergency":{},"needs":{}}`,
		`{"id":"x","members":[{"role":"reference","birth_date":"1990-01-01","incomes":[{"kind":"pension","annual":7844.2}]}],"residence":{"municipality":"a","since":null},"emergency":{},"needs":{}}`,
		`{"id":"x","members":[{"role":"boss","birth_date":"1990-01-01","incomes":null}],"residence":{"municipality":"a","since":null},"emergency":{},"needs":{}}`,
		`{"id":"x","members":[{"role":"reference","birth_date":"1990-13-01","incomes":null}],"residence":{"municipality":"a","since":null},"emergency":{},"needs":{}}`,
	}
	for _, b := range bad {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(b))
		require.NoError(t, err)
		assert.Error(t, s.Validate(inst), b)
	}
}

// Special-category fields are marked sensitive in the schema.
func TestSensitiveFieldsMarked(t *testing.T) {
	b, err := Shipped("household")
	require.NoError(t, err)
	for _, f := range housing.SensitiveFields {
		assert.Regexp(t, `"`+f+`": \{[^}]*"x-sensitive": true`, string(b), f)
	}
}
