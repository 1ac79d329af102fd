package rentcalc

import (
	"testing"

	"github.com/housingkit/housingkit/housing"
	txt "github.com/housingkit/housingkit/internal/text"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScaleLabel(t *testing.T) {
	_, err := txt.New(messageTexts)
	require.NoError(t, err)
	assert.Equal(t, "OCSE modificata", ScaleLabel(housing.Italian, ScaleOECD))
	assert.Equal(t, "OECD-modified", ScaleLabel(housing.English, ScaleOECD))
	assert.Equal(t, "ISEE", ScaleLabel(housing.Italian, ScaleISEE))
	assert.Equal(t, "ADI", ScaleLabel(housing.English, ScaleADI))
	assert.Equal(t, "my-scale", ScaleLabel(housing.Italian, "my-scale"))
}
