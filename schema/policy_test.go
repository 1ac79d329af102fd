package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validate(t *testing.T, s *jsonschema.Schema, v any) error {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return validateJSON(t, s, string(b))
}

func validateJSON(t *testing.T, s *jsonschema.Schema, doc string) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	require.NoError(t, err)
	return s.Validate(inst)
}

// The shipped policies and their test cases, written as JSON, are valid
// against the policy and policytests schemas, which refuse a file without
// its format tag or with an unknown kind or due code.
func TestPolicySchemas(t *testing.T) {
	policy, tests := compile(t, "policy"), compile(t, "policytests")
	for _, p := range housing.ShippedPolicies() {
		assert.NoError(t, validate(t, policy, p), p.ID)
	}
	files, err := filepath.Glob("../housing/policies/*.tests.yaml")
	require.NoError(t, err)
	require.Len(t, files, 3)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		tf, err := housing.ParsePolicyTests(name, data)
		require.NoError(t, err)
		assert.NoError(t, validate(t, tests, tf), name)
	}

	p, err := housing.PolicyByID("crema.ospitalita-temporanea")
	require.NoError(t, err)
	p.Format = ""
	assert.Error(t, validate(t, policy, p), "a policy file says its format")
	p.Format, p.Kind = housing.FormatPolicy, "forever"
	assert.Error(t, validate(t, policy, p), "unknown kind")
	assert.Error(t, validateJSON(t, tests, `{"format": "housingkit.policy/v1", "policy": "x", "cases": []}`), "the format of a policy")
	assert.Error(t, validateJSON(t, tests, `{"format": "housingkit.policytests/v1", "policy": "x", "cases": [{"name": "a", "start": "2024-01-01", "expect": {"due": [{"on": "2024-02-01", "codes": ["soon"]}]}}]}`), "unknown due code")
	assert.NoError(t, validateJSON(t, tests, `{"format": "housingkit.policytests/v1", "policy": "x", "cases": [{"name": "a", "start": "2024-01-01", "expect": {"due": [{"on": "2024-02-01", "codes": ["warning"]}]}}]}`))
}
