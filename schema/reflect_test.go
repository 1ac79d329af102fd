package schema

import (
	"encoding/json"
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
