package eligibility

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/housingkit/housingkit/params"
	"go.yaml.in/yaml/v3"
)

// LoadOption changes how a rule set is loaded.
type LoadOption interface{ applyLoad(*loadConfig) }

type loadConfig struct {
	files map[string]*params.File
	err   error // a nil option or a nil file among the options
}

type paramFilesOption []*params.File

func (o paramFilesOption) applyLoad(c *loadConfig) {
	for _, f := range o {
		if f == nil {
			c.err = nilArgument("WithParameterFiles: a parameter file")
			continue
		}
		c.files[f.ID] = f
	}
}

// WithParameterFiles makes parameter files available to a rule set's
// imports besides the shipped ones (a file given here hides a shipped file
// of the same id).
func WithParameterFiles(files ...*params.File) LoadOption { return paramFilesOption(files) }

// loadOptions applies opts; a nil option or a nil file among them is an
// error of code CodeInvalid.
func loadOptions(opts []LoadOption) (loadConfig, error) {
	c := loadConfig{files: map[string]*params.File{}}
	for _, o := range opts {
		if o == nil {
			return c, nilArgument("a load option")
		}
		o.applyLoad(&c)
	}
	return c, c.err
}

// nilArgument refuses a nil argument of an exported function: an error of
// code CodeInvalid that names it.
func nilArgument(what string) error {
	return housing.Errorf(housing.CodeInvalid, "argument.nil", "%s is nil", what)
}

// Parse reads a rule set (YAML or JSON; see FORMAT.md) and compiles it.
// name is used in positions. Loading is strict and reports every problem
// at once in a *housing.Error of code CodeInvalid, each problem at
// "name:line:column": syntax, unknown or duplicate keys, wrong types,
// unknown facts, operators or parameters, values of the wrong kind, unit
// mismatches, parameters without a value on a date the rule set is valid,
// unused parameters, bad expressions, duplicate ids, unknown references,
// and duplicate, contradictory or overlapping exceptions.
func Parse(name string, data []byte, opts ...LoadOption) (*RuleSet, error) {
	cfg, err := loadOptions(opts)
	if err != nil {
		return nil, err
	}
	root, rps := reader.Parse(name, data)
	if rps != nil {
		return nil, input.FromReader(rps).Err("invalid rule set " + name)
	}
	var s Spec
	d := reader.NewDecoder(name, keepNodes)
	d.Decode(root, &s)
	s.root = root
	rs, err := compileSpec(name, &s, cfg.files)
	if d.Count() == 0 {
		return rs, err
	}
	// Compiler problems without a position or on a line the decoder
	// already reported follow from the same mistake: left out.
	return nil, input.Merge(input.FromReader(d.Problems()), input.Problems(err), false).Err("invalid rule set " + name)
}

// keepNodes is the reader option that hands every spec value embedding
// nodePos the node it was decoded from.
var keepNodes = reader.OnValue(func(ptr any, n *yaml.Node) {
	if k, ok := ptr.(interface{ keepNode(*yaml.Node) }); ok {
		k.keepNode(n)
	}
})

// LoadFile reads and compiles the rule set in the file at path. A file
// that cannot be read gives a CodeNotFound error; see Parse for the rest.
func LoadFile(filename string, opts ...LoadOption) (*RuleSet, error) {
	data, err := os.ReadFile(filename)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: "eligibility.file", Message: "cannot read rule set " + filename, Err: err}
	}
	return Parse(filename, data, opts...)
}

// LoadFS reads and compiles the rule set in file name of fsys.
func LoadFS(fsys fs.FS, name string, opts ...LoadOption) (*RuleSet, error) {
	if fsys == nil {
		return nil, nilArgument("the file system to read the rule set from")
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: "eligibility.file", Message: "cannot read rule set " + name, Err: err}
	}
	return Parse(name, data, opts...)
}

// FileFormat returns the format a data file declares in its top-level
// "format" key (FormatRuleSet, FormatOverlay, FormatTestCases), or "" when
// it declares none. A file that is not well-formed YAML or JSON gives a
// CodeInvalid error with the position of the syntax error, so that a broken
// rule set is reported rather than passed over; name is used in positions.
func FileFormat(name string, data []byte) (string, error) {
	root, ps := reader.Parse(name, data)
	if ps != nil {
		return "", input.FromReader(ps).Err("cannot read " + name)
	}
	if root.Kind != yaml.MappingNode {
		return "", nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k, v := root.Content[i], root.Content[i+1]; k.Value == "format" && v.Kind == yaml.ScalarNode {
			return v.Value, nil
		}
	}
	return "", nil
}

// isDataFile reports whether name is a YAML or JSON file.
func isDataFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

type shippedSet struct {
	byID  map[string]*RuleSet
	files map[string]string
}

var shipped = sync.OnceValues(func() (*shippedSet, error) {
	s := &shippedSet{byID: map[string]*RuleSet{}, files: map[string]string{}}
	var ps housing.Problems
	err := fs.WalkDir(rulesets.FS, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !isDataFile(p) {
			return err
		}
		data, err := fs.ReadFile(rulesets.FS, p)
		if err != nil {
			return err
		}
		format, err := FileFormat(p, data)
		if err != nil {
			ps.Merge("", err)
			return nil
		}
		if format != FormatRuleSet {
			return nil
		}
		rs, err := Parse(p, data)
		if err != nil {
			ps.Merge("", err)
			return nil
		}
		if prev, dup := s.files[rs.id]; dup {
			ps = append(ps, housing.Problem{File: p, Message: fmt.Sprintf("rule set id %q is also used by %s", rs.id, prev)})
			return nil
		}
		s.byID[rs.id], s.files[rs.id] = rs, p
		return nil
	})
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeInternal, Message: "cannot read the shipped rule sets", Err: err}
	}
	if err := ps.Err("invalid shipped rule sets"); err != nil {
		return nil, err
	}
	return s, nil
})

// Shipped returns the rule set with the given id among those shipped with
// the SDK (see ShippedIDs). It returns a CodeNotFound error for an unknown
// id; the shipped rule sets are loaded once, on first use.
func Shipped(id string) (*RuleSet, error) {
	s, err := shipped()
	if err != nil {
		return nil, err
	}
	rs, ok := s.byID[id]
	if !ok {
		return nil, housing.Errorf(housing.CodeNotFound, "eligibility.unknown_ruleset", "no shipped rule set %q; shipped ones are %s", id, strings.Join(ShippedIDs(), ", "))
	}
	return rs, nil
}

// ShippedIDs returns the ids of the shipped rule sets, sorted.
func ShippedIDs() []string {
	s, err := shipped()
	if err != nil {
		return nil
	}
	ids := make([]string, 0, len(s.byID))
	for id := range s.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// ShippedFile returns the path, inside rulesets.FS, of the file of the
// shipped rule set id.
func ShippedFile(id string) (string, bool) {
	s, err := shipped()
	if err != nil {
		return "", false
	}
	p, ok := s.files[id]
	return p, ok
}
