//go:build !lean

package main

import (
	"context"
	"strings"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/adapters/postgres"
	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// storeFlagHelp describes the --store flag of the commands that open a
// store.
const storeFlagHelp = "the store: sqlite:FILE (created when missing), postgres:URL (migrated beforehand), or memory (nothing is kept: a dry run)"

// openStore opens the store a --store value names: "sqlite:FILE",
// "postgres:URL" or "memory". It returns invalid for any other value.
func openStore(ctx context.Context, spec string) (store.Store, error) {
	kind, arg, _ := strings.Cut(spec, ":")
	switch {
	case spec == "memory":
		return memory.New(), nil
	case kind == "sqlite" && arg != "":
		return sqlite.Open(ctx, arg, sqlite.Options{})
	case kind == "postgres" && arg != "":
		return postgres.Open(ctx, postgres.Config{URL: arg})
	case spec == "":
		return nil, housing.Errorf(housing.CodeInvalid, "cli.store", "--store is required: sqlite:FILE, postgres:URL or memory")
	}
	shown := spec
	if kind == "postgres" {
		shown = "postgres:…" // the URL may hold a password
	}
	return nil, housing.Errorf(housing.CodeInvalid, "cli.store", "--store %q: want sqlite:FILE, postgres:URL or memory", shown)
}
