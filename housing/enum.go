package housing

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// enum is implemented by the string-valued enumerations of the domain.
// Each value has a label in the catalogue under "<prefix>.<value>".
type enum interface {
	~string
}

// checkEnum records a problem at path when v is not one of allowed. When
// required is false the empty value is accepted (meaning "not known").
func checkEnum[T enum](ps *Problems, path string, v T, required bool, allowed []T) {
	if v == "" {
		if required {
			ps.Add(path, "is required; want one of %s", joinEnum(allowed))
		}
		return
	}
	if !slices.Contains(allowed, v) {
		ps.Add(path, "unknown value %q; want one of %s", string(v), joinEnum(allowed))
	}
}

func joinEnum[T enum](allowed []T) string {
	parts := make([]string, len(allowed))
	for i, a := range allowed {
		parts[i] = string(a)
	}
	return strings.Join(parts, ", ")
}

// label returns the catalogue label of an enum value, or the value itself
// when the catalogue has none.
func label[T enum](lang language.Tag, prefix string, v T) string {
	return messages.Label(lang, prefix+"."+string(v), string(v))
}

// enumValues is used by schema generation to list each enum's values.
func enumValues[T enum](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func mustEnumLabels[T enum](prefix string, vs []T) error {
	for _, v := range vs {
		if !messages.Has(prefix + "." + string(v)) {
			return fmt.Errorf("no label %s.%s", prefix, v)
		}
	}
	return nil
}
