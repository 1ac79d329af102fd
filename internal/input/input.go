// Package input reads the SDK's data files into its domain types through
// the strict reader (package reader) and returns their problems as the
// *housing.Error users get: code CodeInvalid, every problem with its file,
// line, column and field path, sorted by position.
//
// Package housing reads its own files (households, duration policies)
// through the reader directly, since input imports housing.
package input

import (
	"errors"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/reader"
	"go.yaml.in/yaml/v3"
)

// Read reads data, the contents of file name, into v (a non-nil pointer)
// and returns nil or an *housing.Error of code CodeInvalid with the message
// "invalid WHAT NAME" and every problem. opts are the reader's.
func Read(name string, data []byte, v any, what string, opts ...reader.Option) error {
	return Err(reader.Read(name, data, v, opts...), "invalid "+what+" "+name)
}

// Validate is the reader option that runs fn after decoding and places the
// problems of the *housing.Error it returns at the positions of the fields
// they name (see reader.Validate).
func Validate(fn func() error) reader.Option {
	return reader.Validate(func() []reader.Problem { return ToReader(fn()) })
}

// Err returns nil for nil, or an *housing.Error of code CodeInvalid with
// message and the problems of err (a *reader.Error, or any error as one
// problem).
func Err(err error, message string) error {
	if err == nil {
		return nil
	}
	return Problems(err).Err(message)
}

// Problems returns the problems of a *reader.Error or a *housing.Error as
// housing problems; any other error is one problem.
func Problems(err error) housing.Problems {
	if err == nil {
		return nil
	}
	var re *reader.Error
	if errors.As(err, &re) {
		return FromReader(re.Problems)
	}
	var he *housing.Error
	if errors.As(err, &he) {
		if len(he.Problems) > 0 {
			return he.Problems
		}
		return housing.Problems{{Message: he.Message}}
	}
	return housing.Problems{{Message: err.Error()}}
}

// FromReader converts reader problems to housing problems.
func FromReader(ps []reader.Problem) housing.Problems {
	if ps == nil {
		return nil
	}
	out := make(housing.Problems, len(ps))
	for i, p := range ps {
		out[i] = housing.Problem(p)
	}
	return out
}

// ToReader returns the problems of err (an *housing.Error, or any error as
// one problem) as reader problems.
func ToReader(err error) []reader.Problem {
	ps := Problems(err)
	out := make([]reader.Problem, len(ps))
	for i, p := range ps {
		out[i] = reader.Problem(p)
	}
	return out
}

// Merge returns first followed by the problems of later that are not on a
// line first already reports (they follow from the same mistake), sorted by
// position; problems of later without a position are kept only when
// keepUnplaced is true.
func Merge(first, later housing.Problems, keepUnplaced bool) housing.Problems {
	a := make([]reader.Problem, len(first))
	for i, p := range first {
		a[i] = reader.Problem(p)
	}
	b := make([]reader.Problem, len(later))
	for i, p := range later {
		b[i] = reader.Problem(p)
	}
	return FromReader(reader.Merge(a, b, keepUnplaced))
}

// FillPaths gives the problems of the files in roots that have a position
// but no field path the path of the node at their position (see
// reader.FillPaths).
func FillPaths(ps housing.Problems, roots map[string]*yaml.Node) {
	rs := make([]reader.Problem, len(ps))
	for i, p := range ps {
		rs[i] = reader.Problem(p)
	}
	reader.FillPaths(rs, roots)
	for i := range ps {
		ps[i].Path = rs[i].Path
	}
}
