package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSchemaEveryName(t *testing.T) {
	for _, name := range []string{"ruleset", "overlay", "testcases", "decision", "household", "unit", "facility", "referral", "tenancy", "policy", "policytests"} {
		code, out, errOut := runElig(t, "schema", name)
		require.Equal(t, 0, code, errOut)
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &doc), name)
		assert.Equal(t, "https://github.com/housingkit/housingkit/schema/"+name+".schema.json", doc["$id"], name)
		assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", doc["$schema"], name)
	}
	_, out, _ := runElig(t, "schema", "ruleset")
	assert.Contains(t, out, `"household_size"`, "the fact vocabulary is listed for editors")
	assert.Contains(t, out, `"not_in"`)
	_, out, _ = runElig(t, "schema", "policy")
	assert.Contains(t, out, `"const": "housingkit.policy/v1"`, "a policy file says its format")
}

func TestSchemaUnknownName(t *testing.T) {
	code, out, errOut := runElig(t, "schema", "budget")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "housingkit: no schema \"budget\"; want one of decision, facility, household, overlay, policy, policytests, referral, ruleset, tenancy, testcases, unit\n", errOut)
}
