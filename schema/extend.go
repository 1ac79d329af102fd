package schema

import (
	"reflect"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/invopop/jsonschema"
)

// extensions complete the reflected schemas of housing's types with what
// their Go types do not say — the values of each enum, the sensitive
// fields, incomes that may be null — so that the domain types carry no
// schema plumbing in their API. Each applies to the definition named after
// its type, in every schema that has one.
var extensions = map[reflect.Type]func(*jsonschema.Schema){
	reflect.TypeFor[housing.Person](): extendPerson,
	reflect.TypeFor[housing.Member](): func(s *jsonschema.Schema) {
		extendPerson(s)
		setEnum(s, "role", housing.Roles)
	},
	reflect.TypeFor[housing.Household](): func(s *jsonschema.Schema) {
		setEnum(s, "living_situation", append(append([]housing.Ethos{}, housing.EthosCodes...), housing.EthosHoused))
	},
	reflect.TypeFor[housing.IncomeSource](): func(s *jsonschema.Schema) { setEnum(s, "kind", housing.IncomeKinds) },
	reflect.TypeFor[housing.Owner]():        func(s *jsonschema.Schema) { setEnum(s, "kind", housing.OwnerKinds) },
	reflect.TypeFor[housing.Facility](): func(s *jsonschema.Schema) {
		setItemsEnum(s, "shared_spaces", housing.SharedSpaces)
	},
	reflect.TypeFor[housing.Unit](): func(s *jsonschema.Schema) {
		setEnum(s, "kind", housing.UnitKinds)
		setEnum(s, "contract", housing.ContractKinds)
	},
	reflect.TypeFor[housing.Programme](): func(s *jsonschema.Schema) { setItemsEnum(s, "services", housing.Services) },
	reflect.TypeFor[housing.Team]():      func(s *jsonschema.Schema) { setEnum(s, "kind", housing.TeamKinds) },
	reflect.TypeFor[housing.Exit]():      func(s *jsonschema.Schema) { setEnum(s, "pathway", housing.ExitPathways) },
	reflect.TypeFor[housing.Transition](): func(s *jsonschema.Schema) {
		setEnum(s, "from", housing.TenancyStatuses)
		setEnum(s, "to", housing.TenancyStatuses)
	},
	reflect.TypeFor[housing.Tenancy](): func(s *jsonschema.Schema) { setEnum(s, "status", housing.TenancyStatuses) },
}

// extend applies the extensions to every object schema within s — a
// definition or a schema written inline, such as a test case's household —
// whose properties are exactly those of an extended type.
func extend(s *jsonschema.Schema) {
	byProps := map[string]func(*jsonschema.Schema){}
	for t, fn := range extensions {
		byProps[propertyKey(typeSchema(t))] = fn
	}
	seen := map[*jsonschema.Schema]bool{}
	var walk func(*jsonschema.Schema)
	walk = func(n *jsonschema.Schema) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		if fn := byProps[propertyKey(n)]; fn != nil && n.Properties != nil && n.Properties.Len() > 0 {
			fn(n)
		}
		for _, d := range n.Definitions {
			walk(d)
		}
		if n.Properties != nil {
			for p := n.Properties.Oldest(); p != nil; p = p.Next() {
				walk(p.Value)
			}
		}
		walk(n.Items)
		for _, l := range [][]*jsonschema.Schema{n.AnyOf, n.OneOf, n.AllOf, n.PrefixItems} {
			for _, c := range l {
				walk(c)
			}
		}
	}
	walk(s)
}

// typeSchema returns the reflected schema of type t's definition.
func typeSchema(t reflect.Type) *jsonschema.Schema {
	s := NewReflector().Reflect(reflect.New(t).Interface())
	return s.Definitions[t.Name()]
}

// propertyKey is the sorted list of s's property names, "" for none.
func propertyKey(s *jsonschema.Schema) string {
	if s == nil || s.Properties == nil {
		return ""
	}
	var names []string
	for p := s.Properties.Oldest(); p != nil; p = p.Next() {
		names = append(names, p.Key)
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

// extendPerson marks the sensitive fields, allows null incomes and lists
// the enum values of a person's fields (Person, and Member which embeds
// Person's fields in its own schema).
func extendPerson(s *jsonschema.Schema) {
	if s.Properties == nil {
		return
	}
	for _, name := range housing.SensitiveFields {
		if p, ok := s.Properties.Get(name); ok {
			if p.Extras == nil {
				p.Extras = map[string]any{}
			}
			p.Extras["x-sensitive"] = true
		}
	}
	// incomes: null means "not declared", [] means "declared: none".
	if p, ok := s.Properties.Get("incomes"); ok {
		list := *p
		list.Description = ""
		*p = jsonschema.Schema{
			AnyOf:       []*jsonschema.Schema{&list, {Type: "null"}},
			Description: "the person's incomes; null when not declared, [] when declared as none",
		}
	}
	setEnum(s, "sex", housing.Sexes)
	setEnum(s, "citizenship", housing.Citizenships)
	setEnum(s, "disability", housing.DisabilityLevels)
	setEnum(s, "employment", housing.EmploymentStatuses)
}

// setEnum lists the values of an enum property.
func setEnum[T ~string](s *jsonschema.Schema, prop string, vs []T) {
	if s.Properties == nil {
		return
	}
	if p, ok := s.Properties.Get(prop); ok {
		p.Enum = enumValues(vs)
	}
}

// setItemsEnum lists the values of the items of a list property.
func setItemsEnum[T ~string](s *jsonschema.Schema, prop string, vs []T) {
	if s.Properties == nil {
		return
	}
	if p, ok := s.Properties.Get(prop); ok && p.Items != nil {
		p.Items.Enum = enumValues(vs)
	}
}

func enumValues[T ~string](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
