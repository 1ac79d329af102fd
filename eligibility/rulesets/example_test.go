package rulesets_test

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/housingkit/housingkit/eligibility/rulesets"
)

// The shipped files: a rule set and its test cases per seed programme.
func Example() {
	entries, _ := fs.ReadDir(rulesets.FS, ".")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") && !strings.HasSuffix(e.Name(), ".tests.yaml") {
			fmt.Println(e.Name())
		}
	}
	// Output:
	// catania.alloggi-di-transizione.yaml
	// catania.habito-agenzia-casa.yaml
	// crema.ospitalita-temporanea.yaml
	// ferrara-sud-est.housing-temporaneo.yaml
	// lombardia.housing-mix.yaml
}
