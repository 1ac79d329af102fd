package housing

import (
	"errors"

	"github.com/housingkit/housingkit/internal/reader"
)

// ReadHousehold decodes a household from a JSON (or YAML) document and
// validates it; a name ending in ".json" is read as strict JSON. Every
// problem is reported at once in an *Error of code CodeInvalid, sorted by
// position, each with its file, line, column and field path: syntax, unknown
// or duplicate keys, wrong types, impossible dates, and the rule violations
// of Validate (placed at the value they concern, such as
// "members[2].birth_date: is required"). A household is returned only when
// it has no problem. The input is bounded: at most 16 MiB, nesting 64 levels
// deep, MaxMembers members, amounts in euros and cents.
func ReadHousehold(name string, data []byte) (Household, error) {
	var h Household
	// A closure, not the method value h.Validate, which would copy h
	// before it is decoded.
	if err := readFile(name, data, &h, "household", func() error { return h.Validate() }); err != nil {
		return Household{}, err
	}
	return h, nil
}

// readFile reads data into v through the strict reader with validate as its
// validation hook, and returns its problems as an *Error of code
// CodeInvalid saying "invalid WHAT NAME".
func readFile(name string, data []byte, v any, what string, validate func() error) error {
	var opts []reader.Option
	if validate != nil {
		opts = append(opts, reader.Validate(func() []reader.Problem { return toReader(validate()) }))
	}
	err := reader.Read(name, data, v, opts...)
	if err == nil {
		return nil
	}
	return fromReader(err).Err("invalid " + what + " " + name)
}

// toReader returns the problems of a validation error for the reader.
func toReader(err error) []reader.Problem {
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) {
		return []reader.Problem{{Message: err.Error()}}
	}
	if len(e.Problems) == 0 {
		return []reader.Problem{{Message: e.Message}}
	}
	out := make([]reader.Problem, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = reader.Problem(p)
	}
	return out
}

// fromReader returns the problems of a reader error.
func fromReader(err error) Problems {
	var e *reader.Error
	if !errors.As(err, &e) {
		return Problems{{Message: err.Error()}}
	}
	out := make(Problems, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = Problem(p)
	}
	return out
}
