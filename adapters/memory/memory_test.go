package memory_test

import (
	"testing"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/store"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open:         func(*testing.T) store.Store { return memory.New() },
		Capabilities: storetest.Capabilities{BulkImport: true},
	})
}
