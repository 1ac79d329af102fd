package reader

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Option changes how Read and Decoder decode.
type Option func(*config)

type config struct {
	validate func() []Problem
	onValue  func(ptr any, n *yaml.Node)
	prefix   string
}

// Validate runs fn after decoding, also when decoding found problems, so
// that every problem of the input is reported at once. fn returns problems
// whose Path is a field path under the decoded value (as Validate methods
// report them) and no position: each is placed at the line and column of the
// node its path names (see NodeAt), except those on a line decoding already
// reported, which follow from the same mistake.
func Validate(fn func() []Problem) Option { return func(c *config) { c.validate = fn } }

// OnValue calls fn with a pointer to every value decoded (after decoding
// it) and its node, so that a type can keep the node to place problems it
// finds later.
func OnValue(fn func(ptr any, n *yaml.Node)) Option { return func(c *config) { c.onValue = fn } }

// Under gives the field path of the decoded value within its file, such as
// "cases[2].household": problems' paths start with it.
func Under(path string) Option { return func(c *config) { c.prefix = path } }

// Read parses data (see Parse) and decodes it into v, a non-nil pointer. It
// returns nil, or an *Error with every problem, sorted by position. v may be
// partly filled when there are problems; callers must not use it then.
//
// Supported targets: structs (fields by their `yaml` tag, else `json` tag,
// else the lower-cased field name; "-" skips; a `required:"true"` tag or a
// "required" tag option makes a key mandatory; embedded structs without a
// name are read inline), maps with string keys, slices, pointers, strings,
// bools, integers, floats, decimal.Decimal (exact, from the literal text,
// without exponent), any, yaml.Node, types implementing yaml.Unmarshaler
// (their error, an *Error, has problems placed under the value's path) and
// types implementing encoding.TextUnmarshaler (such as dates).
func Read(name string, data []byte, v any, opts ...Option) error {
	root, ps := Parse(name, data)
	if ps != nil {
		return &Error{Problems: ps}
	}
	return DecodeNode(name, root, v, opts...)
}

// DecodeNode decodes n, a node of file, into v like Read.
func DecodeNode(file string, n *yaml.Node, v any, opts ...Option) error {
	d := NewDecoder(file, opts...)
	d.DecodeValid(n, v)
	return d.Err()
}

// Decoder walks a YAML node tree into Go values and collects problems. The
// zero value is not ready: use NewDecoder.
type Decoder struct {
	file string
	// segs is the field path of the value being decoded under the
	// prefix (see Path), kept as parts and joined only when a problem
	// needs it.
	segs     []pathSeg
	problems []Problem
	// failed holds the paths of values that could not be read (left empty
	// or partly filled), whose validation problems follow from it.
	failed []string
	cfg    config
}

// pathSeg is one part of a field path: a key or sub-path (joined as
// JoinPath does), or an index when index ≥ 0.
type pathSeg struct {
	key   string
	index int
}

// structInfo is what the decoder needs of a struct type: its keys, in
// order, and the field of each. It is computed once per type (see
// fieldsOf) and never changed after.
type structInfo struct {
	fields map[string]fieldInfo
	names  []string
	// want lists the names for an unknown key's message.
	want string
}

// structCache holds the structInfo of every struct type decoded so far,
// by reflect.Type, shared by all decoders.
var structCache sync.Map

// fieldsOf returns the structInfo of struct type t, computing it on first
// use.
func fieldsOf(t reflect.Type) *structInfo {
	if v, ok := structCache.Load(t); ok {
		return v.(*structInfo)
	}
	info := &structInfo{}
	info.fields, info.names = structFields(t)
	info.want = strings.Join(info.names, ", ")
	v, _ := structCache.LoadOrStore(t, info)
	return v.(*structInfo)
}

// NewDecoder returns a decoder for nodes of file ("" inside an
// UnmarshalYAML method: the caller's decoder fills in the file and the path
// prefix).
func NewDecoder(file string, opts ...Option) *Decoder {
	d := &Decoder{file: file}
	for _, o := range opts {
		if o != nil {
			o(&d.cfg)
		}
	}
	return d
}

// Problems returns the problems found so far, in the order found.
func (d *Decoder) Problems() []Problem { return d.problems }

// Count returns how many problems were found so far.
func (d *Decoder) Count() int { return len(d.problems) }

// Err returns nil, or an *Error with the problems sorted by position.
func (d *Decoder) Err() error {
	if len(d.problems) == 0 {
		return nil
	}
	ps := append([]Problem(nil), d.problems...)
	Sort(ps)
	return &Error{Problems: ps}
}

// Path returns the field path of the value being decoded.
func (d *Decoder) Path() string {
	path := d.cfg.prefix
	for _, s := range d.segs {
		if s.index >= 0 {
			path += "[" + strconv.Itoa(s.index) + "]"
		} else {
			path = JoinPath(path, s.key)
		}
	}
	return path
}

// push adds a key or an index to the field path; pop takes it off.
func (d *Decoder) push(key string, index int) { d.segs = append(d.segs, pathSeg{key, index}) }
func (d *Decoder) pop()                       { d.segs = d.segs[:len(d.segs)-1] }

// Within runs fn with sub, a key or an index such as "[2]", added to the
// current field path.
func (d *Decoder) Within(sub string, fn func()) {
	d.push(sub, -1)
	defer d.pop()
	fn()
}

// Errorf records a problem at n's position, at the current field path.
func (d *Decoder) Errorf(n *yaml.Node, format string, args ...any) {
	d.ErrorAt(n, "", format, args...)
	d.failed = append(d.failed, d.problems[len(d.problems)-1].Path)
}

// ErrorAt records a problem at n's position, at the field path sub under
// the current one.
func (d *Decoder) ErrorAt(n *yaml.Node, sub, format string, args ...any) {
	p := Problem{File: d.file, Path: JoinPath(d.Path(), sub), Message: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	d.problems = append(d.problems, p)
}

// Add records problems found elsewhere (such as by an UnmarshalYAML
// method's own decoder): a problem without a file gets the decoder's, and
// its path goes under the current one.
func (d *Decoder) Add(ps ...Problem) {
	for _, p := range ps {
		if p.File == "" {
			p.File = d.file
		}
		p.Path = JoinPath(d.Path(), p.Path)
		d.problems = append(d.problems, p)
	}
}

// Decode decodes n into v, which must be a non-nil pointer.
func (d *Decoder) Decode(n *yaml.Node, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		d.Errorf(n, "internal: cannot decode into %T", v)
		return
	}
	if n == nil {
		d.Errorf(nil, "nothing to decode")
		return
	}
	d.decode(n, rv.Elem())
}

// DecodeValid decodes n into v (a non-nil pointer), then runs the Validate
// hook of the decoder's options, if any, placing its problems (see
// Validate). It reports whether there was no problem.
func (d *Decoder) DecodeValid(n *yaml.Node, v any) bool {
	before, failedBefore := len(d.problems), len(d.failed)
	d.Decode(n, v)
	if d.cfg.validate == nil {
		return len(d.problems) == before
	}
	failed := d.failed[failedBefore:]
	for _, p := range d.cfg.validate() {
		p.Path = JoinPath(d.cfg.prefix, p.Path)
		if followsFrom(p.Path, failed) {
			continue
		}
		at := NodeAt(n, strings.TrimPrefix(strings.TrimPrefix(p.Path, d.cfg.prefix), "."))
		p.File = d.file
		if at != nil {
			p.Line, p.Col = at.Line, at.Column
		}
		d.problems = append(d.problems, p)
	}
	return len(d.problems) == before
}

// followsFrom reports whether a validation problem at path follows from a
// decoding problem: one at the same path or at a value that encloses it
// (which was left empty or partly filled).
func followsFrom(path string, failed []string) bool {
	for _, f := range failed {
		if f == path || f == "" || strings.HasPrefix(path, f) && (path[len(f)] == '.' || path[len(f)] == '[') {
			return true
		}
	}
	return false
}

var (
	nodeType      = reflect.TypeFor[yaml.Node]()
	textUnmarshal = reflect.TypeFor[encoding.TextUnmarshaler]()
	yamlUnmarshal = reflect.TypeFor[yaml.Unmarshaler]()
	decimalType   = reflect.TypeFor[decimal.Decimal]()
)

// typeKinds says which decoding interfaces a pointer to a type implements.
type typeKinds uint8

const (
	unmarshalsYAML typeKinds = 1 << iota
	unmarshalsText
)

// kindCache holds the typeKinds of every type decoded so far, by
// reflect.Type.
var kindCache sync.Map

// kindsOf returns the typeKinds of t, found once per type.
func kindsOf(t reflect.Type) typeKinds {
	if k, ok := kindCache.Load(t); ok {
		return k.(typeKinds)
	}
	var k typeKinds
	pt := reflect.PointerTo(t)
	if pt.Implements(yamlUnmarshal) {
		k |= unmarshalsYAML
	}
	if pt.Implements(textUnmarshal) {
		k |= unmarshalsText
	}
	kindCache.Store(t, k)
	return k
}

// KindName says what n is, for messages: "a mapping", "a list", "null" or
// the quoted scalar.
func KindName(n *yaml.Node) string {
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

// IsNull reports whether n is the null scalar.
func IsNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func (d *Decoder) decode(n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.AliasNode {
		d.Errorf(n, "aliases (*name) are not allowed: write the value out")
		return
	}
	kinds := kindsOf(v.Type())
	if v.CanAddr() {
		if v.Type() == nodeType {
			v.Set(reflect.ValueOf(*n))
			return
		}
		ptr := v.Addr()
		if kinds&unmarshalsYAML != 0 {
			if err := ptr.Interface().(yaml.Unmarshaler).UnmarshalYAML(n); err != nil {
				var e *Error
				if errors.As(err, &e) {
					d.Add(e.Problems...)
				} else {
					d.Errorf(n, "%s", Message(err))
				}
			}
			d.kept(ptr, n)
			return
		}
		if d.cfg.onValue != nil {
			defer d.kept(ptr, n)
		}
	}
	if v.Kind() == reflect.Pointer {
		if IsNull(n) {
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
		if x, ok := d.Decimal(n); ok {
			v.Set(reflect.ValueOf(x))
		}
		return
	}
	if v.CanAddr() && kinds&unmarshalsText != 0 {
		// A value whose JSON form is null when it is zero (a housing.Date
		// with no date) reads null back as its zero value, as the JSON
		// Schemas say.
		if IsNull(n) {
			if ju, ok := v.Addr().Interface().(json.Unmarshaler); ok && ju.UnmarshalJSON([]byte("null")) == nil {
				v.Set(reflect.Zero(v.Type()))
				return
			}
		}
		if n.Kind != yaml.ScalarNode || IsNull(n) {
			d.Errorf(n, "want a scalar value, got %s", KindName(n))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.Errorf(n, "%s", Message(err))
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v)
	case reflect.Map:
		d.decodeMap(n, v)
	case reflect.Slice:
		if IsNull(n) {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.Errorf(n, "want a list, got %s", KindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.push("", i)
			d.decode(c, s.Index(i))
			d.pop()
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
			d.Errorf(n, "%s", Message(err))
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		d.Errorf(n, "internal: cannot decode into %s", v.Type())
	}
}

func (d *Decoder) kept(ptr reflect.Value, n *yaml.Node) {
	if d.cfg.onValue != nil {
		d.cfg.onValue(ptr.Interface(), n)
	}
}

// Decimal reads n as an exact decimal number: plain digits with an optional
// sign and decimal point, no exponent (which would let a typo become an
// amount of hundreds of digits).
func (d *Decoder) Decimal(n *yaml.Node) (decimal.Decimal, bool) {
	if !d.scalar(n, "a decimal number") {
		return decimal.Decimal{}, false
	}
	x, err := decimal.NewFromString(n.Value)
	if err != nil || strings.ContainsAny(n.Value, "eE") || len(n.Value) > 40 {
		d.Errorf(n, "want a decimal number such as 1234.56, got %q", n.Value)
		return decimal.Decimal{}, false
	}
	return x, true
}

func (d *Decoder) scalar(n *yaml.Node, want string) bool {
	if n.Kind != yaml.ScalarNode || IsNull(n) {
		d.Errorf(n, "want %s, got %s", want, KindName(n))
		return false
	}
	return true
}

// Mapping checks that n is a mapping without duplicate keys and returns its
// key and value nodes in order; it records a problem and returns nil
// otherwise.
func (d *Decoder) Mapping(n *yaml.Node) (keys, values []*yaml.Node) {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "want a mapping of keys to values, got %s", KindName(n))
		return nil, nil
	}
	pairs := len(n.Content) / 2
	if pairs == 0 {
		return nil, nil
	}
	keys = make([]*yaml.Node, 0, pairs)
	values = make([]*yaml.Node, 0, pairs)
	// A small mapping is checked for duplicates by comparing with the
	// keys before, a large one through a map.
	var seen map[string]*yaml.Node
	if pairs > 16 {
		seen = make(map[string]*yaml.Node, pairs)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		first := seen[k.Value]
		if seen == nil {
			for _, prev := range keys {
				if prev.Value == k.Value {
					first = prev
					break
				}
			}
		}
		if first != nil {
			d.ErrorAt(k, k.Value, "duplicate key %q (first at line %d)", k.Value, first.Line)
			continue
		}
		if seen != nil {
			seen[k.Value] = k
		}
		keys = append(keys, k)
		values = append(values, val)
	}
	return keys, values
}

type fieldInfo struct {
	index    []int
	required bool
	// pos is the field's place among the struct's keys.
	pos int
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
			fields[name] = fieldInfo{index: index, required: strings.Contains(opts, "required") || f.Tag.Get("required") == "true", pos: len(names)}
			names = append(names, name)
		}
	}
	walk(t, nil)
	return fields, names
}

func (d *Decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	keys, values := d.Mapping(n)
	if keys == nil && n.Kind != yaml.MappingNode {
		return
	}
	info := fieldsOf(v.Type())
	fields, names := info.fields, info.names
	var seenSmall [64]bool
	seen := seenSmall[:0]
	if len(names) > len(seenSmall) {
		seen = make([]bool, len(names))
	} else {
		seen = seenSmall[:len(names)]
	}
	for i, k := range keys {
		f, ok := fields[k.Value]
		if !ok {
			d.ErrorAt(k, k.Value, "unknown key %q; want one of %s", k.Value, info.want)
			continue
		}
		seen[f.pos] = true
		d.push(k.Value, -1)
		d.decode(values[i], v.FieldByIndex(f.index))
		d.pop()
	}
	for _, name := range names {
		if f := fields[name]; f.required && !seen[f.pos] {
			d.ErrorAt(n, name, "missing required key %q", name)
		}
	}
}

func (d *Decoder) decodeMap(n *yaml.Node, v reflect.Value) {
	if IsNull(n) {
		v.Set(reflect.Zero(v.Type()))
		return
	}
	keys, values := d.Mapping(n)
	if keys == nil && n.Kind != yaml.MappingNode {
		return
	}
	if v.Type().Key().Kind() != reflect.String && !reflect.PointerTo(v.Type().Key()).Implements(textUnmarshal) {
		d.Errorf(n, "internal: cannot decode a mapping into %s", v.Type())
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(keys))
	for i, k := range keys {
		d.push(k.Value, -1)
		kv := reflect.New(v.Type().Key()).Elem()
		d.decode(k, kv)
		ev := reflect.New(v.Type().Elem()).Elem()
		d.decode(values[i], ev)
		m.SetMapIndex(kv, ev)
		d.pop()
	}
	v.Set(m)
}

// Message returns the text of err for a user: the English message of an
// error that has one in several languages (a *housing.Error), else its
// text without a "yaml: " prefix.
func Message(err error) string {
	var m interface{ MessageIn(language.Tag) string }
	if errors.As(err, &m) {
		if s := m.MessageIn(language.English); s != "" {
			return s
		}
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// NodeAt returns the node of a field path such as "members[2].birth_date"
// under root, or the deepest node found on the way when the path does not
// exist in the document (for a missing key, the mapping that lacks it).
func NodeAt(root *yaml.Node, fieldPath string) *yaml.Node {
	n := root
	if fieldPath == "" || n == nil {
		return n
	}
	for _, part := range strings.Split(fieldPath, ".") {
		key, rest, _ := strings.Cut(part, "[")
		if key != "" {
			next := MappingValue(n, key)
			if next == nil {
				return n
			}
			n = next
		}
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

// MappingValue returns the value of the first key named key in the mapping
// n, or nil.
func MappingValue(n *yaml.Node, key string) *yaml.Node {
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

// At returns a problem of file at n's position (the file alone when n is
// nil) with the formatted message.
func At(file string, n *yaml.Node, format string, args ...any) Problem {
	p := Problem{File: file, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	return p
}

// PathsByPosition returns the field path of every node under root by its
// line and column: a mapping's key and its value, a list's items. When
// nodes share a position (a block mapping and its first key), the
// enclosing one's path is kept.
func PathsByPosition(root *yaml.Node) map[[2]int]string {
	out := map[[2]int]string{}
	var walk func(n *yaml.Node, path string, depth int)
	walk = func(n *yaml.Node, path string, depth int) {
		if n == nil || depth > MaxDepth+1 {
			return
		}
		if _, ok := out[[2]int{n.Line, n.Column}]; !ok {
			out[[2]int{n.Line, n.Column}] = path
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := JoinPath(path, n.Content[i].Value)
				if _, ok := out[[2]int{n.Content[i].Line, n.Content[i].Column}]; !ok {
					out[[2]int{n.Content[i].Line, n.Content[i].Column}] = k
				}
				walk(n.Content[i+1], k, depth+1)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, path+"["+strconv.Itoa(i)+"]", depth+1)
			}
		}
	}
	walk(root, "", 0)
	return out
}

// FillPaths gives the problems of the files in roots that have a position
// but no field path the path of the node at their position, when there is
// one (a problem inside an expression's text has none).
func FillPaths(ps []Problem, roots map[string]*yaml.Node) {
	paths := map[string]map[[2]int]string{}
	for i, p := range ps {
		if p.Path != "" || p.Line == 0 {
			continue
		}
		root, ok := roots[p.File]
		if !ok || root == nil {
			continue
		}
		m, ok := paths[p.File]
		if !ok {
			m = PathsByPosition(root)
			paths[p.File] = m
		}
		ps[i].Path = m[[2]int{p.Line, p.Col}]
	}
}
