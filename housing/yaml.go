package housing

// This file decodes YAML (and JSON, which it reads as YAML) strictly into Go
// values and reports every problem at once with its position
// "file:line:column": syntax errors, duplicate keys, unknown keys, wrong
// types and values that a type's own decoder rejects. Every data file of the
// SDK — duration policies, rule sets, parameters, overlays, test cases — is
// read through it.
//
// It decodes by walking the yaml.Node tree itself rather than through
// yaml.Unmarshal, because the latter stops at the first problem and gives
// no column.

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// YAMLNodeDecoder is implemented by types that decode themselves from a
// YAML node and record their own problems with positions.
type YAMLNodeDecoder interface {
	DecodeYAMLNode(d *YAMLDecoder, n *yaml.Node)
}

// YAMLNodeKeeper is implemented by types that decode as usual but keep the
// node they were decoded from, to place problems found later at its
// position: the decoder calls KeepYAMLNode after decoding the value.
type YAMLNodeKeeper interface {
	KeepYAMLNode(n *yaml.Node)
}

// YAMLDecoder walks a YAML document and collects problems. Supported
// targets: structs (fields by their `yaml` tag, or the lower-cased field
// name; "-" skips; a `required:"true"` tag makes a key mandatory), maps with
// string keys, slices, pointers, strings, bools, integers, floats,
// decimal.Decimal (exact, from the literal text), any, yaml.Node, types
// implementing YAMLNodeDecoder, types implementing YAMLNodeKeeper (decoded
// as usual, then handed their node) and types implementing
// encoding.TextUnmarshaler (such as Date).
type YAMLDecoder struct {
	// File names the document in positions.
	File     string
	Problems Problems
}

// Pos returns "file:line:column" for n.
func (d *YAMLDecoder) Pos(n *yaml.Node) string {
	if n == nil {
		return d.File
	}
	return fmt.Sprintf("%s:%d:%d", d.File, n.Line, n.Column)
}

// Errorf records a problem at n's position.
func (d *YAMLDecoder) Errorf(n *yaml.Node, format string, args ...any) {
	d.Problems = append(d.Problems, Problem{Path: d.Pos(n), Message: fmt.Sprintf(format, args...)})
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// ParseYAML parses data into a document node. A syntax error is returned as a
// problem with its line (column 1, as the parser gives none).
func ParseYAML(file string, data []byte) (*yaml.Node, Problems) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&doc)
	if err == io.EOF {
		return nil, Problems{{Path: file, Message: "the document is empty"}}
	}
	if err == nil {
		var extra yaml.Node
		if dec.Decode(&extra) != io.EOF {
			line := extra.Line
			if line == 0 {
				line = 1
			}
			return nil, Problems{{Path: fmt.Sprintf("%s:%d:1", file, line), Message: "a file holds one document; found a second after ---"}}
		}
	}
	if err != nil {
		msg := err.Error()
		pos := file
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			// yaml.v3 gives its parser errors ("did not find expected …")
			// the 0-based line of the construct left open, and its scanner
			// errors a 1-based line: make both 1-based.
			if strings.HasPrefix(m[2], "did not find expected") {
				line++
			}
			// An error at the end of the input points at the last line.
			if last := bytes.Count(bytes.TrimRight(data, "\n"), []byte("\n")) + 1; line > last {
				line = last
			}
			pos = fmt.Sprintf("%s:%d:1", file, line)
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		return nil, Problems{{Path: pos, Message: "syntax: " + msg}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, Problems{{Path: file, Message: "the document is empty"}}
	}
	return doc.Content[0], nil
}

// UnmarshalYAML parses data (YAML or JSON) and decodes it into v (a
// pointer), returning every problem found, each at "file:line:column". v may
// be partly filled when there are problems; callers must not use it then.
func UnmarshalYAML(file string, data []byte, v any) Problems {
	root, ps := ParseYAML(file, data)
	if ps != nil {
		return ps
	}
	d := &YAMLDecoder{File: file}
	d.Decode(root, v)
	return d.Problems
}

// Decode decodes n into v, which must be a non-nil pointer.
func (d *YAMLDecoder) Decode(n *yaml.Node, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("housing: YAMLDecoder.Decode needs a non-nil pointer")
	}
	d.decode(n, rv.Elem())
}

var (
	nodeType       = reflect.TypeOf(yaml.Node{})
	textUnmarshal  = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
	nodeDecoderTyp = reflect.TypeOf((*YAMLNodeDecoder)(nil)).Elem()
	decimalType    = reflect.TypeOf(decimal.Decimal{})
)

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

func (d *YAMLDecoder) decode(n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.AliasNode {
		d.Errorf(n, "aliases are not allowed")
		return
	}
	if v.CanAddr() {
		if v.Type() == nodeType {
			v.Set(reflect.ValueOf(*n))
			return
		}
		if v.Addr().Type().Implements(nodeDecoderTyp) {
			v.Addr().Interface().(YAMLNodeDecoder).DecodeYAMLNode(d, n)
			return
		}
		if k, ok := v.Addr().Interface().(YAMLNodeKeeper); ok {
			defer k.KeepYAMLNode(n)
		}
	}
	if v.Kind() == reflect.Pointer {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem())
		return
	}
	if v.Type() == decimalType {
		if !d.scalar(n, "a decimal number") {
			return
		}
		// Plain digits only: an exponent ("1e400") would let a typo
		// become an amount of hundreds of digits.
		x, err := decimal.NewFromString(n.Value)
		if err != nil || strings.ContainsAny(n.Value, "eE") {
			d.Errorf(n, "want a decimal number such as 1234.56, got %q", n.Value)
			return
		}
		v.Set(reflect.ValueOf(x))
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(textUnmarshal) {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.Errorf(n, "want a scalar value, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.Errorf(n, "%s", cleanErr(err))
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v)
	case reflect.Map:
		d.decodeMap(n, v)
	case reflect.Slice:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.Errorf(n, "want a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i))
		}
		v.Set(s)
	case reflect.String:
		if !d.scalar(n, "a string") {
			return
		}
		if n.Tag == "!!bool" {
			d.Errorf(n, "want a string, got the boolean %s (quote it if it is text)", n.Value)
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if !d.scalar(n, "true or false") {
			return
		}
		b, err := strconv.ParseBool(n.Value)
		if err != nil || n.Tag != "!!bool" {
			d.Errorf(n, "want true or false, got %q", n.Value)
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !d.scalar(n, "a whole number") {
			return
		}
		i, err := strconv.ParseInt(n.Value, 10, v.Type().Bits())
		if err == nil && n.Tag == "!!str" {
			d.Errorf(n, "want a whole number, got the text %q (write it without quotes)", n.Value)
			return
		}
		if err != nil || n.Tag != "!!int" {
			d.Errorf(n, "want a whole number, got %q", n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if !d.scalar(n, "a whole number") {
			return
		}
		i, err := strconv.ParseUint(n.Value, 10, v.Type().Bits())
		if err == nil && n.Tag == "!!str" {
			d.Errorf(n, "want a whole number, got the text %q (write it without quotes)", n.Value)
			return
		}
		if err != nil || n.Tag != "!!int" {
			d.Errorf(n, "want a whole number ≥ 0, got %q", n.Value)
			return
		}
		v.SetUint(i)
	case reflect.Float32, reflect.Float64:
		if !d.scalar(n, "a number") {
			return
		}
		f, err := strconv.ParseFloat(n.Value, v.Type().Bits())
		if err != nil || (n.Tag != "!!int" && n.Tag != "!!float") {
			d.Errorf(n, "want a number, got %q", n.Value)
			return
		}
		v.SetFloat(f)
	case reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			d.Errorf(n, "%s", cleanErr(err))
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		d.Errorf(n, "cannot decode into %s", v.Type())
	}
}

func (d *YAMLDecoder) scalar(n *yaml.Node, want string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.Errorf(n, "want %s, got %s", want, kindName(n))
		return false
	}
	return true
}

// Mapping checks that n is a mapping without duplicate keys and returns its
// key and value nodes in order; it records a problem and returns nil
// otherwise.
func (d *YAMLDecoder) Mapping(n *yaml.Node) (keys, values []*yaml.Node) {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "want a mapping of keys to values, got %s", kindName(n))
		return nil, nil
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			d.Errorf(k, "duplicate key %q (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		keys = append(keys, k)
		values = append(values, val)
	}
	return keys, values
}

type fieldInfo struct {
	index    []int
	required bool
}

// structFields lists the keys of struct type t: each exported field under
// its `yaml` tag name, else its `json` tag name, else its lower-cased name;
// the fields of an embedded struct without a tag name are read inline, as
// encoding/json does.
func structFields(t reflect.Type) (map[string]fieldInfo, []string) {
	fields := map[string]fieldInfo{}
	var names []string
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			index := append(append([]int{}, prefix...), i)
			tag, ok := f.Tag.Lookup("yaml")
			if !ok {
				tag = f.Tag.Get("json")
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type, index)
				continue
			}
			if !f.IsExported() || tag == "-" {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			fields[name] = fieldInfo{index: index, required: strings.Contains(opts, "required") || f.Tag.Get("required") == "true"}
			names = append(names, name)
		}
	}
	walk(t, nil)
	return fields, names
}

func (d *YAMLDecoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	keys, values := d.Mapping(n)
	if keys == nil && n.Kind != yaml.MappingNode {
		return
	}
	fields, names := structFields(v.Type())
	seen := map[string]bool{}
	for i, k := range keys {
		f, ok := fields[k.Value]
		if !ok {
			d.Errorf(k, "unknown key %q; want one of %s", k.Value, strings.Join(names, ", "))
			continue
		}
		seen[k.Value] = true
		d.decode(values[i], v.FieldByIndex(f.index))
	}
	for _, name := range names {
		if fields[name].required && !seen[name] {
			d.Errorf(n, "missing required key %q", name)
		}
	}
}

func (d *YAMLDecoder) decodeMap(n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		v.Set(reflect.Zero(v.Type()))
		return
	}
	keys, values := d.Mapping(n)
	if keys == nil && n.Kind != yaml.MappingNode {
		return
	}
	if v.Type().Key().Kind() != reflect.String && !reflect.PointerTo(v.Type().Key()).Implements(textUnmarshal) {
		d.Errorf(n, "cannot decode a mapping into %s", v.Type())
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(keys))
	for i, k := range keys {
		kv := reflect.New(v.Type().Key()).Elem()
		d.decode(k, kv)
		ev := reflect.New(v.Type().Elem()).Elem()
		d.decode(values[i], ev)
		m.SetMapIndex(kv, ev)
	}
	v.Set(m)
}

// cleanErr strips package prefixes from a decoder error for display.
func cleanErr(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	s := err.Error()
	s = strings.TrimPrefix(s, "yaml: ")
	return s
}

// NodeAt returns the node of a field path such as "members[2].birth_date"
// under root, or the deepest node found on the way when the path does not
// exist in the document (for a missing key, the mapping that lacks it).
func NodeAt(root *yaml.Node, fieldPath string) *yaml.Node {
	n := root
	if fieldPath == "" {
		return n
	}
	for _, part := range strings.Split(fieldPath, ".") {
		key, rest, _ := strings.Cut(part, "[")
		next := mappingValue(n, key)
		if next == nil {
			return n
		}
		n = next
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			i, err := strconv.Atoi(idx)
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return n
			}
			n = n.Content[i]
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return n
}

// mappingValue returns the value of the first key named key in the mapping
// n, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// PlaceProblems returns ps, whose paths are field paths under root (as
// Validate methods report them), each placed at the position
// "file:line:column" of the node its path names (see NodeAt), with the
// field path kept at the start of its message.
func PlaceProblems(root *yaml.Node, file string, ps Problems) Problems {
	d := &YAMLDecoder{File: file}
	out := make(Problems, len(ps))
	for i, p := range ps {
		out[i] = Problem{Path: d.Pos(NodeAt(root, p.Path)), Message: p.String()}
	}
	return out
}

// DecodeValid decodes n into v (a non-nil pointer) and runs validate on
// it, which returns nil or an *Error whose problems have field paths under
// n. Validation runs also when decoding found problems, so that all are
// reported at once: each of its problems is recorded at the node its field
// path names, its message after prefix, except those on a line that
// decoding already reported (they follow from the same mistake). It
// reports whether there was no problem at all.
func (d *YAMLDecoder) DecodeValid(n *yaml.Node, v any, validate func() error, prefix string) bool {
	before := len(d.Problems)
	d.Decode(n, v)
	lines := map[string]bool{}
	for _, p := range d.Problems[before:] {
		lines[lineOf(p.Path)] = true
	}
	err := validate()
	if err == nil {
		return len(d.Problems) == before
	}
	var e *Error
	if !errors.As(err, &e) {
		d.Errorf(n, "%s%v", prefix, err)
		return false
	}
	for _, p := range PlaceProblems(n, d.File, e.Problems) {
		if !lines[lineOf(p.Path)] {
			d.Problems = append(d.Problems, Problem{Path: p.Path, Message: prefix + p.Message})
		}
	}
	return false
}

// lineOf returns "file:line" of a "file:line:column" position.
func lineOf(pos string) string {
	if i := strings.LastIndexByte(pos, ':'); i > 0 {
		return pos[:i]
	}
	return pos
}

// SortProblems orders problems by the file, line and column of their
// "file:line:column" paths, keeping the order of equal positions; a path
// without a position sorts before the positions in its file.
func SortProblems(ps Problems) {
	key := func(p Problem) (string, int, int) {
		parts := strings.Split(p.Path, ":")
		if len(parts) < 3 {
			return p.Path, 0, 0
		}
		l, _ := strconv.Atoi(parts[len(parts)-2])
		col, _ := strconv.Atoi(parts[len(parts)-1])
		return strings.Join(parts[:len(parts)-2], ":"), l, col
	}
	slices.SortStableFunc(ps, func(a, b Problem) int {
		fa, la, ca := key(a)
		fb, lb, cb := key(b)
		if fa != fb {
			return strings.Compare(fa, fb)
		}
		if la != lb {
			return la - lb
		}
		return ca - cb
	})
}
