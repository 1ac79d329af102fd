package casework_test

import (
	"testing"

	"github.com/housingkit/housingkit/store"
)

func cataniaCase(t *testing.T, st store.Store)    { t.Skip("not yet") }
func habitoCase(t *testing.T, st store.Store)     { t.Skip("not yet") }
func cremaCase(t *testing.T, st store.Store)      { t.Skip("not yet") }
func housingMixCase(t *testing.T, st store.Store) { t.Skip("not yet") }
