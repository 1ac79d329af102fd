package schema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestForMapsDecimalsAndDates(t *testing.T) {
	s, err := For(&housing.Unit{}, "https://housingkit.example/schema/unit.json")
	require.NoError(t, err)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	unit := doc["$defs"].(map[string]any)["Unit"].(map[string]any)
	props := unit["properties"].(map[string]any)
	rent := props["rent"].(map[string]any)
	assert.Equal(t, "string", rent["type"])
	assert.Equal(t, DecimalPattern, rent["pattern"])
	from := props["available_from"].(map[string]any)
	assert.Len(t, from["anyOf"], 2)
	assert.Equal(t, false, unit["additionalProperties"])
	kind := props["kind"].(map[string]any)
	assert.Equal(t, []any{"apartment", "room", "bed"}, kind["enum"])
}

func TestForNilIsInvalid(t *testing.T) {
	_, err := For(nil, "https://housingkit.example/schema/nothing.json")
	assert.Equal(t, housing.CodeInvalid, housing.ErrorCode(err))
}

// Tenancy's schema lists its statuses, exit pathways and transitions (the
// extensions of package schema, not methods of housing's types).
func TestTenancyJSONSchema(t *testing.T) {
	s, err := For(&housing.Tenancy{}, "t")
	require.NoError(t, err)
	data, err := json.Marshal(s)
	require.NoError(t, err)
	var doc struct {
		Defs map[string]struct {
			Required   []string `json:"required"`
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	ten := doc.Defs["Tenancy"]
	assert.Equal(t, []string{"id", "household_id", "unit_id", "policy_id", "status"}, ten.Required)
	assert.Equal(t, []string{"proposed", "active", "renewed", "ended", "cancelled"}, ten.Properties["status"].Enum)
	assert.Contains(t, ten.Properties, "planned_end")
	assert.Equal(t, []string{"public_housing", "private_lease", "other_programme", "family", "drop_out", "removal", "death", "other"},
		doc.Defs["Exit"].Properties["pathway"].Enum)
	assert.Len(t, doc.Defs["Transition"].Properties["to"].Enum, 5)
	assert.True(t, strings.Contains(string(data), `"Renewal"`))
}
