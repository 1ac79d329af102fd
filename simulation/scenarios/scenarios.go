// Package scenarios holds the simulation scenarios shipped with the SDK, one
// per seed programme's research question:
//
//   - ferrara-24-vs-18: Ferrara's Housing First stays of at most 24 months,
//     against 18;
//   - crema-renewal-and-income: Crema's 12 + 12 months against 12 only, each
//     with and without the income requirement;
//   - catania-transition-facilities: Catania's transition housing with 2
//     facilities of 12 beds against 3;
//   - habito-registry-30-vs-40: Habito's social rental agency with 30
//     registry dwellings against 40 (Habito's own rule set up to 2022, then
//     its labelled continuation catania.habito-agenzia-casa.after-2022).
//
// The population figures in them are assumptions of the SDK's authors,
// marked in each file's notes: replace them with a programme's own data.
package scenarios

import (
	"embed"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/simulation"
)

// FS holds the shipped scenario files.
//
//go:embed *.yaml policies
var FS embed.FS

// IDs lists the ids of the shipped scenarios, sorted.
func IDs() []string {
	entries, _ := FS.ReadDir(".")
	var ids []string
	for _, e := range entries {
		if !e.IsDir() {
			ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	return ids
}

// Load reads the shipped scenario with the id; an unknown id is a
// CodeNotFound error that lists the ids.
func Load(id string) (*simulation.Scenario, error) {
	if _, err := FS.Open(id + ".yaml"); err != nil {
		return nil, housing.Errorf(housing.CodeNotFound, "scenarios.unknown", "no shipped scenario %q; the shipped ones are %s", id, strings.Join(IDs(), ", "))
	}
	return simulation.LoadFS(FS, id+".yaml")
}
