package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// TestHouseholdSchemaAgreesWithTheReader generates households that leave
// out, null or fill each field at random, and checks that the household
// JSON Schema accepts exactly the files that housing.ReadHousehold accepts.
// The generated values are otherwise valid (enumerations, dates, amounts),
// so that a disagreement can only come from what each one requires or
// allows to be null.
func TestHouseholdSchemaAgreesWithTheReader(t *testing.T) {
	s := compile(t, "household")
	r := rand.New(rand.NewPCG(2026, 12))
	accepted, refused := 0, 0
	for i := range 3000 {
		doc := genHousehold(r)
		data, err := json.Marshal(doc)
		require.NoError(t, err)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		require.NoError(t, err)
		schemaErr := s.Validate(inst)
		_, readErr := housing.ReadHousehold("h.json", data)
		if (schemaErr == nil) != (readErr == nil) {
			t.Fatalf("household %d: schema says %v, reader says %v\n%s", i, schemaErr, readErr, data)
		}
		if readErr == nil {
			accepted++
		} else {
			refused++
		}
	}
	// Both sides of the agreement were exercised.
	require.Greater(t, accepted, 300)
	require.Greater(t, refused, 300)
}

// field sets key in m to v, leaves it out, or sets it to null.
func field(r *rand.Rand, m map[string]any, key string, v any) {
	switch x := r.Float64(); {
	case x < 0.08:
		// left out
	case x < 0.12:
		m[key] = nil
	default:
		m[key] = v
	}
}

func pick[T any](r *rand.Rand, vs []T) T { return vs[r.IntN(len(vs))] }

func date(r *rand.Rand, from, to int) string {
	return fmt.Sprintf("%04d-%02d-%02d", from+r.IntN(to-from+1), 1+r.IntN(12), 1+r.IntN(28))
}

func money(r *rand.Rand) string { return fmt.Sprintf("%d.%02d", r.IntN(40000), r.IntN(100)) }

func bools(r *rand.Rand, m map[string]any, keys ...string) {
	for _, k := range keys {
		field(r, m, k, r.IntN(2) == 0)
	}
}

func genHousehold(r *rand.Rand) map[string]any {
	h := map[string]any{}
	field(r, h, "id", fmt.Sprintf("h-%d", r.IntN(1000)))
	var members []any
	for k := range 1 + r.IntN(4) {
		m := map[string]any{}
		role := pick(r, housing.Roles[1:])
		if k == 0 {
			role = housing.RoleReference
		}
		field(r, m, "role", role)
		field(r, m, "birth_date", date(r, 1940, 1998))
		field(r, m, "sex", pick(r, housing.Sexes))
		field(r, m, "citizenship", pick(r, housing.Citizenships))
		field(r, m, "disability", pick(r, housing.DisabilityLevels))
		var incomes []any
		for range r.IntN(3) {
			in := map[string]any{}
			field(r, in, "kind", pick(r, housing.IncomeKinds))
			field(r, in, "annual", money(r))
			bools(r, in, "precarious")
			incomes = append(incomes, in)
		}
		field(r, m, "incomes", incomes)
		bools(r, m, "victim_of_violence", "leaving_care", "no_support_network", "recently_impoverished", "care_duties", "certified_hardship")
		members = append(members, m)
	}
	field(r, h, "members", members)
	if r.IntN(2) == 0 {
		isee := map[string]any{}
		field(r, isee, "value", money(r))
		field(r, isee, "issued_on", date(r, 2023, 2025))
		bools(r, isee, "current")
		field(r, h, "isee", isee)
	}
	if r.IntN(2) == 0 {
		a := map[string]any{}
		field(r, a, "financial", money(r))
		field(r, a, "real_estate", money(r))
		field(r, h, "assets", a)
	}
	res := map[string]any{}
	field(r, res, "municipality", pick(r, []string{"Crema", "Codigoro", "Catania", "Lodi"}))
	field(r, res, "region", pick(r, []string{"Lombardia", "Emilia-Romagna", "Sicilia"}))
	field(r, res, "since", date(r, 2000, 2024))
	field(r, h, "residence", res)
	field(r, h, "living_situation", pick(r, []string{"1.1", "3.2", "8.1", "9.1", "12.1", "housed"}))
	if r.IntN(2) == 0 {
		o := map[string]any{}
		bools(r, o, "owns_dwelling", "adequate")
		field(r, o, "share_percent", r.IntN(101))
		field(r, h, "ownership", o)
	}
	e := map[string]any{}
	bools(r, e, "eviction_order", "temporary_space", "improper_dwelling", "safety_risk")
	field(r, e, "eviction_date", date(r, 2024, 2026))
	field(r, h, "emergency", e)
	field(r, h, "current_rent", money(r))
	n := map[string]any{}
	bools(r, n, "step_free", "can_share")
	field(r, h, "needs", n)
	if r.IntN(2) == 0 {
		a := map[string]any{}
		bools(r, a, "temporary_difficulty", "fragile", "extreme_hardship")
		field(r, h, "assessment", a)
	}
	if r.IntN(2) == 0 {
		p := map[string]any{}
		bools(r, p, "available_now")
		field(r, p, "ranking_position", 1+r.IntN(500))
		field(r, h, "public_housing", p)
	}
	return h
}
