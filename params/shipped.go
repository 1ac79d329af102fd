package params

import (
	"embed"
	"slices"
	"sync"

	"github.com/housingkit/housingkit/housing"
)

//go:embed data
var shippedFS embed.FS

var shipped = sync.OnceValues(func() (map[string]*File, error) { return LoadFS(shippedFS, "data") })

// Shipped returns the parameter file with the given id among those shipped
// with the SDK (official figures from shared/REFERENCE.md, each with its
// source): "erp-access-limits" and the rent and income figures of rentcalc.
// It returns a CodeNotFound error for an unknown id.
func Shipped(id string) (*File, error) {
	files, err := shipped()
	if err != nil {
		return nil, err
	}
	f, ok := files[id]
	if !ok {
		return nil, housing.Errorf(housing.CodeNotFound, "params.unknown_file", "no shipped parameter file %q", id)
	}
	return f, nil
}

// ShippedIDs returns the ids of the shipped parameter files, sorted.
func ShippedIDs() []string {
	files, err := shipped()
	if err != nil {
		return nil
	}
	ids := make([]string, 0, len(files))
	for id := range files {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
