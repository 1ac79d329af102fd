package rentcalc

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
)

// Sources is the set of parameter files that calculations read, keyed by
// file id ("minimum-pension", "isee", "erp-access-limits"…). Every figure a
// calculation uses — a threshold, cap, percentage or scale coefficient — is
// looked up here by reference, as of a date; none is written in code.
//
// A reference names a parameter as "file-id.parameter_name", for example
// "minimum-pension.monthly_amount" or
// "erp-access-limits.emilia_romagna_isee_access". In a policy file a bare
// name refers to the policy's own parameters.
//
// Sources is immutable and safe for concurrent use; With returns a changed
// copy, so a policy variant overlays a file without touching the shipped
// figures.
type Sources struct {
	files map[string]*params.Set
}

var shippedSources = sync.OnceValues(func() (*Sources, error) {
	s := &Sources{files: map[string]*params.Set{}}
	ids := params.ShippedIDs()
	if len(ids) == 0 {
		// ShippedIDs hides the loading error; Shipped reports it.
		if _, err := params.Shipped("isee"); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		f, err := params.Shipped(id)
		if err != nil {
			return nil, err
		}
		s.files[id] = &f.Parameters
	}
	return s, nil
})

// Shipped returns the parameter files shipped with the SDK (package params):
// the figures of shared/REFERENCE.md with their sources.
func Shipped() (*Sources, error) { return shippedSources() }

// MustShipped is Shipped for programs and examples that cannot run without
// the shipped figures; it panics if they do not load, which every test of
// the package would reveal first.
func MustShipped() *Sources {
	s, err := Shipped()
	if err != nil {
		panic(err)
	}
	return s
}

// NewSources returns sources made of the given parameter sets, keyed by
// file id.
func NewSources(files map[string]*params.Set) *Sources {
	return &Sources{files: maps.Clone(files)}
}

// nilArgument refuses a nil argument of an exported function: an error of
// code CodeInvalid that names it.
func nilArgument(what string) error {
	return housing.Errorf(housing.CodeInvalid, "argument.nil", "%s is nil", what)
}

// errNil refuses a nil *Sources, the receiver of every calculation.
func (s *Sources) errNil() error {
	if s == nil {
		return nilArgument("the sources of figures (*Sources)")
	}
	return nil
}

// With returns a copy of s in which file id is set (added or replaced); a
// nil set removes the file. A nil s has no files.
func (s *Sources) With(id string, set *params.Set) *Sources {
	var files map[string]*params.Set
	if s != nil {
		files = s.files
	}
	out := &Sources{files: maps.Clone(files)}
	if set == nil {
		delete(out.files, id)
		return out
	}
	if out.files == nil {
		out.files = map[string]*params.Set{}
	}
	out.files[id] = set
	return out
}

// Set returns the parameter set of file id.
func (s *Sources) Set(id string) (*params.Set, bool) {
	if s == nil {
		return nil, false
	}
	set, ok := s.files[id]
	return set, ok
}

// Figure is a parameter value as a calculation used it: the reference, the
// value in force on the date, when it took effect, and its sources — what
// an explanation shows and an auditor re-checks.
type Figure struct {
	Ref        string             `json:"ref"`
	Value      decimal.Decimal    `json:"value"`
	Unit       params.Unit        `json:"unit"`
	From       housing.Date       `json:"from"`
	References []params.Reference `json:"references,omitempty"`
	// Placeholder marks a figure that is not confirmed by a source ([M]);
	// Note says what must be confirmed.
	Placeholder bool   `json:"placeholder,omitempty"`
	Note        string `json:"note,omitempty"`
	// Flag holds the value of a bool parameter (Value is then zero).
	Flag bool `json:"flag,omitempty"`
}

// Ratio returns the figure as a ratio: a percentage (unit percent, 30)
// divided by 100 (0.30); any other unit as it is.
func (f Figure) Ratio() decimal.Decimal {
	if f.Unit == params.UnitPercent {
		return f.Value.Div(hundred)
	}
	return f.Value
}

// splitRef splits "file.name" at the last dot; a bare name has no file.
func splitRef(ref string) (file, name string) {
	i := strings.LastIndexByte(ref, '.')
	if i < 0 {
		return "", ref
	}
	return ref[:i], ref[i+1:]
}

// validRef reports whether ref is "name" or "file.name" with a parameter
// name of lower-case letters, digits and underscores.
func validRef(ref string) bool {
	file, name := splitRef(ref)
	if strings.Contains(ref, ".") && file == "" {
		return false
	}
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Figure returns the value of the parameter ref ("file-id.name") in force
// on date on. It returns a CodeNotFound *housing.Error for an unknown file
// or parameter and for a parameter with no value on that date.
func (s *Sources) Figure(ref string, on housing.Date) (Figure, error) {
	if err := s.errNil(); err != nil {
		return Figure{}, err
	}
	return s.figure("", ref, on)
}

// figure resolves ref, a bare name being looked up in file local.
func (s *Sources) figure(local, ref string, on housing.Date) (Figure, error) {
	file, name := splitRef(ref)
	if file == "" {
		file = local
	}
	full := file + "." + name
	set, ok := s.files[file]
	if !ok {
		return Figure{}, housing.Errorf(housing.CodeNotFound, "rentcalc.unknown_file", "parameter %s: no parameter file %q", full, file)
	}
	p, ok := set.Get(name)
	if !ok {
		return Figure{}, housing.Errorf(housing.CodeNotFound, "rentcalc.unknown_parameter", "parameter %s: file %q has no parameter %q", full, file, name)
	}
	v, from, ok := p.At(on)
	if !ok {
		if from.IsZero() {
			return Figure{}, housing.Errorf(housing.CodeNotFound, "rentcalc.no_value", "parameter %s has no value on %s", full, on)
		}
		return Figure{}, housing.Errorf(housing.CodeNotFound, "rentcalc.no_value", "parameter %s has no value on %s (it ended on %s)", full, on, from)
	}
	f := Figure{Ref: full, Unit: p.Unit, From: from, References: p.References, Placeholder: p.Placeholder, Note: p.Note}
	switch {
	case p.Unit.Numeric():
		f.Value = v.Num()
	case p.Unit == params.UnitBool:
		f.Flag = v.Bool()
	default:
		return Figure{}, housing.Errorf(housing.CodeInvalid, "rentcalc.parameter_unit", "parameter %s holds %s values; want a number or a switch", full, p.Unit)
	}
	return f, nil
}

// lookup resolves many references as of one date and collects every
// problem, so that a compilation reports all missing figures at once.
type lookup struct {
	src   *Sources
	on    housing.Date
	local string
	ps    housing.Problems
	used  []Figure
	// at is the file position of the value being resolved, if known.
	at housing.Problem
}

// add records a problem at l.at's position (if any) and the field path
// where.
func (l *lookup) add(where, format string, args ...any) {
	p := l.at
	p.Path, p.Message = where, fmt.Sprintf(format, args...)
	l.ps = append(l.ps, p)
}

// get resolves ref and checks its unit is one of units (any when none);
// where is the problem's field path.
func (l *lookup) get(where, ref string, units ...params.Unit) Figure {
	f, err := l.src.figure(l.local, ref, l.on)
	if err != nil {
		l.add(where, "%s", housing.ErrorMessage(err))
		return Figure{}
	}
	if len(units) > 0 && !unitIn(f.Unit, units) {
		l.add(where, "parameter %s has unit %s; want %s", f.Ref, f.Unit, joinUnits(units))
		return Figure{}
	}
	if !slices.ContainsFunc(l.used, func(u Figure) bool { return u.Ref == f.Ref }) {
		l.used = append(l.used, f)
	}
	return f
}

// count resolves a whole-number parameter (unit count, years, months,
// percent…) as an int.
func (l *lookup) count(where, ref string, units ...params.Unit) int {
	f := l.get(where, ref, units...)
	if f.Ref == "" {
		return 0
	}
	if !f.Value.IsInteger() || f.Value.IsNegative() || f.Value.GreaterThan(decimal.NewFromInt(1<<31)) {
		l.add(where, "parameter %s is %s; want a whole number", f.Ref, f.Value)
		return 0
	}
	return int(f.Value.IntPart())
}

func unitIn(u params.Unit, units []params.Unit) bool {
	for _, w := range units {
		if u == w {
			return true
		}
	}
	return false
}

func joinUnits(units []params.Unit) string {
	s := make([]string, len(units))
	for i, u := range units {
		s[i] = string(u)
	}
	return strings.Join(s, " or ")
}
