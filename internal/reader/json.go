package reader

import (
	"bytes"
	"fmt"
	"strconv"
	"sync/atomic"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The JSON reader. Parse reads a ".json" file with parseJSON, which builds
// the node tree that the decoder, the Validate hook and the callers' own
// checks work on — the tree go.yaml.in/yaml gives the same text: the same
// kinds, tags, styles, values, lines and columns, node for node — straight
// from the bytes, as RFC 8259 reads them, at a fraction of the YAML
// parser's cost.
//
// Every JSON text is read as JSON says, also where the YAML parser would
// read it otherwise or refuse it: the escape "\/" is "/", a pair of
// surrogate escapes such as "\ud83d\ude00" is its character (U+1F600), the
// characters NEL, LS and PS (line breaks to YAML), the C1 controls, U+FFFE
// and U+FFFF are characters of their strings like any other, a tab is white
// space anywhere, a key may stand on another line than its ':' or far from
// it, and the root may be any value. A column counts characters, a line
// ends at LF, CR LF or CR.
//
// What parseJSON refuses, beyond JSON's grammar, are the reader's limits —
// nesting deeper than MaxDepth, a list longer than MaxItems, each a problem
// placed where the YAML path places it (the collection's position; nothing
// inside it is reported) — and a lone surrogate escape: "\ud83d" without
// its low half, or a low half "\ude00" alone. RFC 8259 (section 8.2) leaves
// what such a string means unpredictable, and RFC 7493 (I-JSON) forbids it;
// it is not a character, and a UTF-8 string cannot hold it. Decoders that
// give UTF-8 text refuse it (serde_json, RapidJSON, nlohmann/json,
// PostgreSQL's jsonb) or put U+FFFD in its place (Go's encoding/json); the
// reader refuses it, at its line and column, rather than change a name or
// an address silently. Syntax errors are left to checkJSON, which says
// what is wrong in the user's terms.
//
// The YAML path (the fast path off, for the tests) reads the JSON that
// YAML reads alike the same way: FuzzJSONPaths checks it, and
// FuzzJSONAsEncodingJSON checks the reading of every valid JSON text against
// encoding/json's.

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
	// file names the input in problems; problems are those found so
	// far (limits, lone surrogates), in the order of the input.
	file     string
	problems []Problem
	// open holds the closing brackets of the collections skip is in.
	open []byte
}

// parseJSON returns the root node that yaml.v3 gives data, read as JSON
// (see above), or the problems of a valid JSON text beyond the reader's
// limits or with a lone surrogate escape, with ok true; or ok false when
// data is not valid JSON. data must be UTF-8 without control characters
// other than tab, CR, LF and DEL (as Parse checks first).
func parseJSON(file string, data []byte) (root *yaml.Node, problems []Problem, ok bool) {
	p := &jsonParser{data: data, line: 1, file: file}
	// The first chunk fits a document of objects: two nodes a ':', one
	// a collection (a list of scalars needs more chunks).
	p.chunk = min(2*bytes.Count(data, []byte{':'})+bytes.Count(data, []byte{'{'})+bytes.Count(data, []byte{'['})+1, 4096)
	p.ptrChunk = p.chunk
	if len(data) <= jsonShareLimit {
		p.src = string(data)
	}
	p.space()
	root, ok = p.value(1)
	if !ok {
		return nil, nil, false
	}
	p.space()
	if p.pos != len(data) {
		return nil, nil, false
	}
	if p.problems != nil {
		return nil, p.problems, true
	}
	return root, nil, true
}

// space skips white space: space, tab, LF and CR.
func (p *jsonParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t':
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
			return
		}
	}
}

func (p *jsonParser) newLine() {
	p.line++
	p.lineStart = p.pos
	p.cont = 0
}

// column returns the column (in characters) of the current position.
func (p *jsonParser) column() int { return p.pos - p.lineStart - p.cont + 1 }

// problem records a problem at the given line and column.
func (p *jsonParser) problem(line, col int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Col: col, Message: fmt.Sprintf(format, args...)})
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
	n.Line, n.Column = p.line, p.column()
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
// collection at the given depth. A collection deeper than MaxDepth is a
// problem: it is read (for its syntax) without building its nodes or
// looking for problems inside it, and an empty node stands for it.
func (p *jsonParser) value(depth int) (*yaml.Node, bool) {
	if p.pos >= len(p.data) {
		return nil, false
	}
	switch c := p.data[p.pos]; {
	case c == '{' || c == '[':
		if depth > MaxDepth {
			n := p.node(yaml.MappingNode, yaml.FlowStyle, tagMap)
			p.problem(n.Line, n.Column, "nested more than %d levels deep", MaxDepth)
			return n, p.skip()
		}
		if c == '{' {
			return p.object(depth)
		}
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
	n := p.node(yaml.MappingNode, yaml.FlowStyle, tagMap)
	p.pos++
	start := len(p.stack)
	p.space()
	if p.pos >= len(p.data) {
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
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, false
		}
		p.pos++
		p.space()
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		p.space()
		if p.pos >= len(p.data) {
			return nil, false
		}
		p.stack = append(p.stack, k, v)
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.space()
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
	n := p.node(yaml.SequenceNode, yaml.FlowStyle, tagSeq)
	p.pos++
	start, problems := len(p.stack), len(p.problems)
	p.space()
	if p.pos >= len(p.data) {
		return nil, false
	}
	if p.data[p.pos] == ']' {
		p.pos++
		return n, true
	}
	for items := 1; ; items++ {
		if items <= MaxItems {
			v, ok := p.value(depth + 1)
			if !ok {
				return nil, false
			}
			p.stack = append(p.stack, v)
		} else if !p.skip() {
			// Beyond the limit: read for the syntax and counted.
			return nil, false
		}
		p.space()
		if p.pos >= len(p.data) {
			return nil, false
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.space()
			continue
		case ']':
			p.pos++
			if items > MaxItems {
				// The problem of the list; none inside it (as walk).
				clear(p.stack[start:])
				p.stack = p.stack[:start]
				p.problems = p.problems[:problems]
				p.problem(n.Line, n.Column, "a list of %d items; the limit is %d", items, MaxItems)
				return n, true
			}
			n.Content = p.content(start)
			return n, true
		}
		return nil, false
	}
}

// skip reads the value at the current position (no space before it) for
// its syntax only: no node, no problem. It keeps the position's line and
// column, and it does not recurse, so that any depth can be skipped.
func (p *jsonParser) skip() bool {
	data := p.data
	p.open = p.open[:0]
	for {
		// A value.
		if p.pos >= len(data) {
			return false
		}
		switch c := data[p.pos]; {
		case c == '{' || c == '[':
			p.pos++
			p.space()
			if p.pos >= len(data) {
				return false
			}
			if data[p.pos] == c+2 { // '}' or ']'
				p.pos++
				break
			}
			p.open = append(p.open, c+2)
			if c == '{' && !p.skipKey() {
				return false
			}
			continue
		case c == '"':
			if _, ok := p.strValue(false); !ok {
				return false
			}
		case c == 't' || c == 'f' || c == 'n':
			word := "null"
			if c == 't' {
				word = "true"
			} else if c == 'f' {
				word = "false"
			}
			if !bytes.HasPrefix(data[p.pos:], []byte(word)) {
				return false
			}
			p.pos += len(word)
		case c == '-' || '0' <= c && c <= '9':
			if _, ok := p.numberEnd(); !ok {
				return false
			}
		default:
			return false
		}
		// After a value: close the collections it ends, then a ','
		// before the next value.
		for {
			if len(p.open) == 0 {
				return true
			}
			p.space()
			if p.pos >= len(data) {
				return false
			}
			closing := p.open[len(p.open)-1]
			if data[p.pos] == closing {
				p.pos++
				p.open = p.open[:len(p.open)-1]
				continue
			}
			if data[p.pos] != ',' {
				return false
			}
			p.pos++
			p.space()
			if closing == '}' && !p.skipKey() {
				return false
			}
			break
		}
	}
}

// skipKey reads a key, its ':' and the space after it, for skip.
func (p *jsonParser) skipKey() bool {
	if p.pos >= len(p.data) || p.data[p.pos] != '"' {
		return false
	}
	if _, ok := p.strValue(false); !ok {
		return false
	}
	p.space()
	if p.pos >= len(p.data) || p.data[p.pos] != ':' {
		return false
	}
	p.pos++
	p.space()
	return true
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
	v, ok := p.strValue(true)
	n.Value = v
	return n, ok
}

// strValue reads a string in double quotes and returns its value (when
// keep is true; skip gives false). A lone surrogate escape is a problem,
// when keep is true, and stands as U+FFFD in the value.
func (p *jsonParser) strValue(keep bool) (string, bool) {
	p.pos++
	start := p.pos
	data := p.data
	// The common case: printable ASCII, no escape.
	for p.pos < len(data) {
		c := data[p.pos]
		if c == '"' {
			p.pos++
			if !keep {
				return "", true
			}
			return p.text(start, p.pos-1), true
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
			p.pos++
			switch {
			case !keep:
				return "", true
			case escaped:
				return string(p.buf), true
			}
			return p.text(start, p.pos-1), true
		case c < 0x20:
			return "", false
		case c < utf8.RuneSelf && c != '\\':
			p.buf = append(p.buf, c)
			p.pos++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			p.buf = append(p.buf, data[p.pos:p.pos+size]...)
			p.pos += size
			p.cont += size - 1
		default: // an escape
			escaped = true
			if p.pos+1 >= len(data) {
				return "", false
			}
			e := data[p.pos+1]
			switch e {
			case '"', '\\', '/':
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
				r, ok := p.hex4(p.pos + 2)
				if !ok {
					return "", false
				}
				if utf16.IsSurrogate(r) {
					// A high surrogate and a low one escaped right
					// after it are one character.
					if r < 0xDC00 && p.pos+12 <= len(data) && data[p.pos+6] == '\\' && data[p.pos+7] == 'u' {
						if lo, ok := p.hex4(p.pos + 8); ok && 0xDC00 <= lo && lo <= 0xDFFF {
							p.buf = utf8.AppendRune(p.buf, utf16.DecodeRune(r, lo))
							p.pos += 12
							continue
						}
					}
					if keep {
						p.problem(p.line, p.column(), "a lone surrogate escape %s: half a character, not one "+
							"(a character beyond U+FFFF, such as an emoji, is escaped as a pair, high \\ud800–\\udbff then low \\udc00–\\udfff, "+
							"like \\ud83d\\ude00); write the whole pair or the character itself", data[p.pos:p.pos+6])
					}
					r = utf8.RuneError
				}
				p.buf = utf8.AppendRune(p.buf, r)
				p.pos += 4
			default: // not an escape of JSON
				return "", false
			}
			p.pos += 2
		}
	}
	return "", false
}

// hex4 returns the value of the four hexadecimal digits at data[at:].
func (p *jsonParser) hex4(at int) (rune, bool) {
	if at+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, h := range p.data[at : at+4] {
		switch {
		case '0' <= h && h <= '9':
			r = r<<4 | rune(h-'0')
		case 'a' <= h && h <= 'f':
			r = r<<4 | rune(h-'a'+10)
		case 'A' <= h && h <= 'F':
			r = r<<4 | rune(h-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
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
	start := p.pos
	integer, ok := p.numberEnd()
	if !ok {
		return nil, false
	}
	n.Value = p.text(start, p.pos)
	n.Tag = numberTag(n.Value, integer)
	return n, true
}

// numberEnd reads a number of JSON's grammar and reports whether it is an
// integer (no fraction, no exponent).
func (p *jsonParser) numberEnd() (integer, ok bool) {
	data := p.data
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
		return false, false
	}
	integer = true
	if p.pos < len(data) && data[p.pos] == '.' {
		integer = false
		p.pos++
		if digits() == 0 {
			return false, false
		}
	}
	if p.pos < len(data) && (data[p.pos] == 'e' || data[p.pos] == 'E') {
		integer = false
		p.pos++
		if p.pos < len(data) && (data[p.pos] == '+' || data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return false, false
		}
	}
	return integer, true
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
