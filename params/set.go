package params

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
	"go.yaml.in/yaml/v3"
)

// Set is a named collection of parameters, such as the "parameters:"
// mapping of a rule set or a whole parameter file. It is immutable.
type Set struct {
	params map[string]*Param
	names  []string
}

// UnmarshalYAML decodes a mapping of parameter names to parameters (see
// yaml.Unmarshaler), so that a Set can be a field of any file of the SDK.
// Its error lists every problem with its line and column.
func (s *Set) UnmarshalYAML(n *yaml.Node) error {
	d := reader.NewDecoder("")
	keys, vals := d.Mapping(n)
	s.params = map[string]*Param{}
	for i, k := range keys {
		if !validName(k.Value) {
			d.Errorf(k, "parameter name %q: use lower-case letters, digits and _ only, starting with a letter", k.Value)
			continue
		}
		d.Within(k.Value, func() {
			if p := decodeParam(d, k.Value, vals[i]); p != nil {
				s.params[k.Value] = p
				s.names = append(s.names, k.Value)
			}
		})
	}
	return d.Err()
}

func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// NewSet returns a set of the given parameters; names must be unique. A
// name given twice or a nil parameter is an error of code CodeInvalid.
func NewSet(ps ...*Param) (*Set, error) {
	s := &Set{params: map[string]*Param{}}
	for i, p := range ps {
		if p == nil {
			return nil, housing.Errorf(housing.CodeInvalid, "argument.nil", "parameter %d of the set is nil", i+1)
		}
		if _, dup := s.params[p.Name]; dup {
			return nil, housing.Errorf(housing.CodeInvalid, "params.duplicate", "parameter %s given twice", p.Name)
		}
		s.params[p.Name] = p
		s.names = append(s.names, p.Name)
	}
	return s, nil
}

// Names returns the parameter names in file order.
func (s *Set) Names() []string {
	if s == nil {
		return nil
	}
	return slices.Clone(s.names)
}

// Len returns the number of parameters.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.names)
}

// Get returns the parameter named name.
func (s *Set) Get(name string) (*Param, bool) {
	if s == nil {
		return nil, false
	}
	p, ok := s.params[name]
	return p, ok
}

// At returns the value of name in force on d, the date it took effect, and
// whether there is one.
func (s *Set) At(name string, d housing.Date) (Value, housing.Date, bool) {
	p, ok := s.Get(name)
	if !ok {
		return Value{}, housing.Date{}, false
	}
	return p.At(d)
}

// With returns a copy of s in which parameter name has value v from from
// until until (zero: from then on). It returns a CodeNotFound error for an
// unknown name and CodeInvalid for a value of the wrong kind.
func (s *Set) With(name string, from, until housing.Date, v Value) (*Set, error) {
	p, ok := s.Get(name)
	if !ok {
		return nil, housing.Errorf(housing.CodeNotFound, "params.unknown", "unknown parameter %q", name)
	}
	q, err := p.With(from, until, v)
	if err != nil {
		return nil, err
	}
	return s.Replace(q), nil
}

// Replace returns a copy of s with p in place of (or added beside) the
// parameter of the same name. A nil p changes nothing; a nil s is empty.
func (s *Set) Replace(p *Param) *Set {
	out := &Set{}
	if s != nil {
		out.params, out.names = maps.Clone(s.params), slices.Clone(s.names)
	}
	if out.params == nil {
		out.params = map[string]*Param{}
	}
	if p == nil {
		return out
	}
	if _, ok := out.params[p.Name]; !ok {
		out.names = append(out.names, p.Name)
	}
	out.params[p.Name] = p
	return out
}

// File is a parameter file: an id, a title and a set of parameters.
type File struct {
	ID         string       `yaml:"id" required:"true"`
	Title      housing.Text `yaml:"title"`
	Note       string       `yaml:"note"`
	Parameters Set          `yaml:"parameters" required:"true"`
}

// Parse reads a parameter file (YAML or JSON). name is used in positions.
// All problems are reported at once in a *housing.Error of CodeInvalid,
// each at "name:line:column".
func Parse(name string, data []byte) (*File, error) {
	var f File
	if err := input.Read(name, data, &f, "parameter file"); err != nil {
		return nil, err
	}
	return &f, nil
}

// LoadFS reads every *.yaml, *.yml and *.json parameter file under dir in
// fsys, keyed by file id. Problems of all files are reported together.
func LoadFS(fsys fs.FS, dir string) (map[string]*File, error) {
	if fsys == nil {
		return nil, housing.Errorf(housing.CodeInvalid, "argument.nil", "no file system to read the parameter files from (nil)")
	}
	out := map[string]*File{}
	where := map[string]string{}
	var ps housing.Problems
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(path.Ext(p))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml" && ext != ".json") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		f, perr := Parse(p, data)
		if perr != nil {
			ps.Merge("", perr)
			return nil
		}
		if prev, dup := where[f.ID]; dup {
			ps = append(ps, housing.Problem{File: p, Message: fmt.Sprintf("file id %q is also used by %s", f.ID, prev)})
			return nil
		}
		out[f.ID] = f
		where[f.ID] = p
		return nil
	})
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeInternal, Message: "cannot read parameter files", Err: err}
	}
	if err := ps.Err("invalid parameter files"); err != nil {
		return nil, err
	}
	return out, nil
}
