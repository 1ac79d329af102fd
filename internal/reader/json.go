package reader

import (
	"bytes"
	"strconv"
	"sync/atomic"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The JSON fast path. Parse reads a ".json" file through the YAML parser
// (go.yaml.in/yaml) to get the node tree, with the line and column of every
// value, that the decoder, the Validate hook and the callers' own checks
// work on. For JSON that parser is most of the cost of a read. parseJSON
// builds the same tree — the same kinds, tags, styles, values, lines and
// columns, node for node — straight from the bytes, for valid JSON whose
// root is an object or a list.
//
// Everything else goes the YAML way, which reports the problems: parseJSON
// gives up (ok false) on any JSON syntax error, and also on the few
// constructs that the YAML parser reads otherwise than JSON does, so that
// both paths always agree: a root that is not an object or a list, a tab
// outside the root's brackets, an escape "\/" or a surrogate "\uD800"–
// "\uDFFF" (YAML refuses both), a NEL, LS or PS character (line breaks to
// YAML) or another character YAML refuses (C1 controls, U+FFFE, U+FFFF), a
// key whose ':' is on a later line or more than 1,000 bytes after its start
// (no longer a YAML simple key), and nesting or lists beyond the limits
// (the YAML path places those problems). FuzzJSONPaths checks on arbitrary
// input that both paths give the same tree and the same problems.

// jsonFast turns the fast path on (the default) or off, for the tests that
// check that both paths agree.
var jsonFast atomic.Bool

func init() { jsonFast.Store(true) }

// jsonShareLimit is the size up to which the values of a JSON input share
// one copy of its text (one allocation instead of one a value); the values
// of a larger input are copied one by one, so that a value kept does not
// keep the whole input alive.
const jsonShareLimit = 64 << 10

// The tags yaml.v3 gives JSON's values.
const (
	tagStr   = "!!str"
	tagInt   = "!!int"
	tagFloat = "!!float"
	tagBool  = "!!bool"
	tagNull  = "!!null"
	tagMap   = "!!map"
	tagSeq   = "!!seq"
)

type jsonParser struct {
	data []byte
	// src is data as a string when values share it ("" otherwise).
	src string
	pos int
	// line is the current line (1-based), lineStart the offset where it
	// starts and cont how many UTF-8 continuation bytes lie between
	// lineStart and pos: a column counts characters, as yaml.v3's do.
	line, lineStart, cont int
	// nodes and ptrs are the free parts of the chunks the nodes and
	// their Content are cut from; chunk is the size of the next chunk of
	// nodes (doubling, after the first, up to 1,024).
	nodes           []yaml.Node
	ptrs            []*yaml.Node
	chunk, ptrChunk int
	// stack holds the children of the open collections.
	stack []*yaml.Node
	// buf builds the values of strings with escapes.
	buf []byte
}

// parseJSON returns the root node that yaml.v3 gives data, or false when
// data is not valid JSON with an object or a list at its root or holds one
// of the constructs that only the YAML path reads right (see above). data
// must be UTF-8 without control characters other than tab, CR and LF (as
// Parse checks first).
func parseJSON(data []byte) (*yaml.Node, bool) {
	p := &jsonParser{data: data, line: 1}
	// The first chunk fits a document of objects: two nodes a ':', one
	// a collection (a list of scalars needs more chunks).
	p.chunk = min(2*bytes.Count(data, []byte{':'})+bytes.Count(data, []byte{'{'})+bytes.Count(data, []byte{'['})+1, 4096)
	p.ptrChunk = p.chunk
	if len(data) <= jsonShareLimit {
		p.src = string(data)
	}
	p.space(false)
	if p.pos >= len(data) || data[p.pos] != '{' && data[p.pos] != '[' {
		return nil, false
	}
	root, ok := p.value(1)
	if !ok {
		return nil, false
	}
	p.space(false)
	if p.pos != len(data) {
		return nil, false
	}
	return root, true
}

// space skips white space; a tab only inside the root's brackets (inside
// is true), where YAML allows it too.
func (p *jsonParser) space(inside bool) bool {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ':
			p.pos++
		case '\t':
			if !inside {
				return false
			}
			p.pos++
		case '\n':
			p.pos++
			p.newLine()
		case '\r':
			// CR LF is one line break, a CR alone one too (as in YAML).
			p.pos++
			if p.pos < len(p.data) && p.data[p.pos] == '\n' {
				p.pos++
			}
			p.newLine()
		default:
			return true
		}
	}
	return true
}

func (p *jsonParser) newLine() {
	p.line++
	p.lineStart = p.pos
	p.cont = 0
}

// node returns a new node at the current position.
func (p *jsonParser) node(kind yaml.Kind, style yaml.Style, tag string) *yaml.Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]yaml.Node, p.chunk)
		p.chunk = min(max(2*p.chunk, 16), 1024)
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	n.Kind, n.Style, n.Tag = kind, style, tag
	n.Line, n.Column = p.line, p.pos-p.lineStart-p.cont+1
	return n
}

// content returns the children on the stack from start as a Content
// slice (nil for none) and takes them off the stack.
func (p *jsonParser) content(start int) []*yaml.Node {
	kids := p.stack[start:]
	if len(kids) == 0 {
		return nil
	}
	if len(kids) > len(p.ptrs) {
		p.ptrs = make([]*yaml.Node, max(p.ptrChunk, len(kids)))
		p.ptrChunk = min(max(2*p.ptrChunk, 16), 1024)
	}
	c := p.ptrs[:len(kids):len(kids)]
	p.ptrs = p.ptrs[len(kids):]
	copy(c, kids)
	clear(kids)
	p.stack = p.stack[:start]
	return c
}

// value reads the value at the current position (no space before it), a
// collection at the given depth.
func (p *jsonParser) value(depth int) (*yaml.Node, bool) {
	if p.pos >= len(p.data) {
		return nil, false
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.list(depth)
	case c == '"':
		return p.str()
	case c == 't':
		return p.literal("true", tagBool)
	case c == 'f':
		return p.literal("false", tagBool)
	case c == 'n':
		return p.literal("null", tagNull)
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	}
	return nil, false
}

func (p *jsonParser) object(depth int) (*yaml.Node, bool) {
	if depth > MaxDepth {
		return nil, false
	}
	n := p.node(yaml.MappingNode, yaml.FlowStyle, tagMap)
	p.pos++
	start := len(p.stack)
	if !p.space(true) || p.pos >= len(p.data) {
		return nil, false
	}
	if p.data[p.pos] == '}' {
		p.pos++
		return n, true
	}
	for {
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, false
		}
		keyLine, keyStart := p.line, p.pos
		k, ok := p.str()
		if !ok || !p.space(true) || p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, false
		}
		// YAML reads a key as such only when its ':' is on its line and
		// at most 1,024 characters after its start.
		if p.line != keyLine || p.pos-keyStart > 1000 {
			return nil, false
		}
		p.pos++
		if !p.space(true) {
			return nil, false
		}
		v, ok := p.value(depth + 1)
		if !ok || !p.space(true) || p.pos >= len(p.data) {
			return nil, false
		}
		p.stack = append(p.stack, k, v)
		switch p.data[p.pos] {
		case ',':
			p.pos++
			if !p.space(true) {
				return nil, false
			}
			continue
		case '}':
			p.pos++
			n.Content = p.content(start)
			return n, true
		}
		return nil, false
	}
}

func (p *jsonParser) list(depth int) (*yaml.Node, bool) {
	if depth > MaxDepth {
		return nil, false
	}
	n := p.node(yaml.SequenceNode, yaml.FlowStyle, tagSeq)
	p.pos++
	start := len(p.stack)
	if !p.space(true) || p.pos >= len(p.data) {
		return nil, false
	}
	if p.data[p.pos] == ']' {
		p.pos++
		return n, true
	}
	for {
		v, ok := p.value(depth + 1)
		if !ok || !p.space(true) || p.pos >= len(p.data) {
			return nil, false
		}
		p.stack = append(p.stack, v)
		if len(p.stack)-start > MaxItems {
			return nil, false
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			if !p.space(true) {
				return nil, false
			}
			continue
		case ']':
			p.pos++
			n.Content = p.content(start)
			return n, true
		}
		return nil, false
	}
}

// text returns data[from:to] as a string.
func (p *jsonParser) text(from, to int) string {
	if p.src != "" {
		return p.src[from:to]
	}
	return string(p.data[from:to])
}

// str reads a string in double quotes.
func (p *jsonParser) str() (*yaml.Node, bool) {
	n := p.node(yaml.ScalarNode, yaml.DoubleQuotedStyle, tagStr)
	p.pos++
	start := p.pos
	data := p.data
	// The common case: printable ASCII, no escape.
	for p.pos < len(data) {
		c := data[p.pos]
		if c == '"' {
			n.Value = p.text(start, p.pos)
			p.pos++
			return n, true
		}
		if c < 0x20 || c >= utf8.RuneSelf || c == '\\' {
			break
		}
		p.pos++
	}
	escaped := false
	p.buf = append(p.buf[:0], data[start:p.pos]...)
	for p.pos < len(data) {
		c := data[p.pos]
		switch {
		case c == '"':
			if escaped {
				n.Value = string(p.buf)
			} else {
				n.Value = p.text(start, p.pos)
			}
			p.pos++
			return n, true
		case c < 0x20:
			return nil, false
		case c < utf8.RuneSelf && c != '\\':
			p.buf = append(p.buf, c)
			p.pos++
		case c >= utf8.RuneSelf:
			// NEL, LS and PS are line breaks to YAML; it refuses the
			// other C1 controls, U+FFFE and U+FFFF.
			r, size := utf8.DecodeRune(data[p.pos:])
			if r < 0xA0 || r == 0x2028 || r == 0x2029 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError && size == 1 {
				return nil, false
			}
			p.buf = append(p.buf, data[p.pos:p.pos+size]...)
			p.pos += size
			p.cont += size - 1
		default: // an escape
			escaped = true
			if p.pos+1 >= len(data) {
				return nil, false
			}
			e := data[p.pos+1]
			p.pos += 2
			switch e {
			case '"', '\\':
				p.buf = append(p.buf, e)
			case 'b':
				p.buf = append(p.buf, '\b')
			case 'f':
				p.buf = append(p.buf, '\f')
			case 'n':
				p.buf = append(p.buf, '\n')
			case 'r':
				p.buf = append(p.buf, '\r')
			case 't':
				p.buf = append(p.buf, '\t')
			case 'u':
				if p.pos+4 > len(data) {
					return nil, false
				}
				r := 0
				for _, h := range data[p.pos : p.pos+4] {
					switch {
					case '0' <= h && h <= '9':
						r = r<<4 | int(h-'0')
					case 'a' <= h && h <= 'f':
						r = r<<4 | int(h-'a'+10)
					case 'A' <= h && h <= 'F':
						r = r<<4 | int(h-'A'+10)
					default:
						return nil, false
					}
				}
				if 0xD800 <= r && r <= 0xDFFF {
					return nil, false // YAML refuses surrogates
				}
				p.buf = utf8.AppendRune(p.buf, rune(r))
				p.pos += 4
			default:
				// "\/" (YAML refuses it) or not an escape of JSON.
				return nil, false
			}
		}
	}
	return nil, false
}

// literal reads true, false or null.
func (p *jsonParser) literal(word, tag string) (*yaml.Node, bool) {
	end := p.pos + len(word)
	if end > len(p.data) || string(p.data[p.pos:end]) != word {
		return nil, false
	}
	n := p.node(yaml.ScalarNode, 0, tag)
	n.Value = word
	p.pos = end
	return n, true
}

// number reads a number of JSON's grammar and tags it as yaml.v3 does: an
// integer that fits 64 bits is !!int, another number that fits a float64
// !!float, any other (such as 1e400) !!str.
func (p *jsonParser) number() (*yaml.Node, bool) {
	n := p.node(yaml.ScalarNode, 0, "")
	data, start := p.data, p.pos
	digits := func() int {
		from := p.pos
		for p.pos < len(data) && '0' <= data[p.pos] && data[p.pos] <= '9' {
			p.pos++
		}
		return p.pos - from
	}
	if data[p.pos] == '-' {
		p.pos++
	}
	if p.pos < len(data) && data[p.pos] == '0' {
		p.pos++
	} else if digits() == 0 {
		return nil, false
	}
	integer := true
	if p.pos < len(data) && data[p.pos] == '.' {
		integer = false
		p.pos++
		if digits() == 0 {
			return nil, false
		}
	}
	if p.pos < len(data) && (data[p.pos] == 'e' || data[p.pos] == 'E') {
		integer = false
		p.pos++
		if p.pos < len(data) && (data[p.pos] == '+' || data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, false
		}
	}
	n.Value = p.text(start, p.pos)
	n.Tag = numberTag(n.Value, integer)
	return n, true
}

// numberTag is yaml.v3's resolution of a plain scalar that is a JSON
// number (see resolve in go.yaml.in/yaml/v3).
func numberTag(s string, integer bool) string {
	if integer {
		if _, err := strconv.ParseInt(s, 0, 64); err == nil {
			return tagInt
		}
		if _, err := strconv.ParseUint(s, 0, 64); err == nil {
			return tagInt
		}
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return tagFloat
	}
	return tagStr
}
