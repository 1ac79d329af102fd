package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTraceGroupsRulesByBasis(t *testing.T) {
	code, out, errOut := runElig(t, "trace", "lombardia.housing-mix")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Rule set lombardia.housing-mix 2.0.0: where each rule and figure comes from\n\nFrom the programme text (1)\n  requirement accepts_sharing — «distinti moduli abitativi")
	assert.Contains(t, out, "From another official source (2)\n  exclusion   lone_minor — art. 2 (Codice civile")
	assert.Contains(t, out, "  parameter   lombardia_isee_access — L.R. Lombardia 16/2016; R.R. 4/2017 [V] [from erp-access-limits]\n")
	assert.Contains(t, out, "Assumptions of the rule set's authors (to be confirmed) (3)\n  group       risk_of_isolation")
	assert.NotContains(t, out, "Basis not stated")

	// With the overlay, its groups are listed as assumptions and its age
	// limit as a placeholder.
	code, out, errOut = runElig(t, "trace", "lombardia.housing-mix", "--variant", "../../eligibility/rulesets/variants/lombardia.housing-mix-intergenerational.yaml", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var r traceReport
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, []string{"lombardia.housing-mix-intergenerational"}, r.Variants)
	basis := map[string]string{}
	for _, e := range r.Entries {
		basis[e.ID] = string(e.Basis)
	}
	assert.Equal(t, "assumption", basis["young_people"])
	assert.Equal(t, "placeholder", basis["young_age_limit"])
	assert.Equal(t, "text", basis["accepts_sharing"])

	code, _, errOut = runElig(t, "trace", "nowhere.nothing")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `no shipped rule set "nowhere.nothing"`)
}
