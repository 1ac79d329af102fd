package simulation_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/simulation"
	"github.com/housingkit/housingkit/simulation/scenarios"
)

// FuzzParse: any scenario file gives a scenario or an invalid-input error
// whose problems name the file they are in, never a panic.
func FuzzParse(f *testing.F) {
	for _, id := range scenarios.IDs() {
		data, err := scenarios.FS.ReadFile(id + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 4<<10 { // the engine mutates large seeds badly
			data = data[:bytes.LastIndexByte(data[:4<<10], '\n')+1]
		}
		f.Add("s.yaml", data)
	}
	f.Add("s.json", []byte(`{"format": 1}`))
	f.Add("s.yaml", []byte("format: housingkit.scenario/v1\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" || len(name) > 64 {
			name = "s.yaml"
		}
		_, err := simulation.Parse(name, data, scenarios.FS)
		if err == nil {
			return
		}
		var he *housing.Error
		if !errors.As(err, &he) || he.Code != housing.CodeInvalid {
			t.Fatalf("not an invalid-input error: %v", err)
		}
		for _, p := range he.Problems {
			if p.File == "" {
				t.Fatalf("a problem without its file: %+v", p)
			}
		}
	})
}
