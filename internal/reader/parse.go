// Package reader is the one strict reader of the SDK's input: it decodes a
// YAML or JSON document into a Go value and reports every problem at once —
// syntax, binary data, nesting too deep, lists too long, duplicate and
// unknown keys, missing required keys, wrong types, values a type's own
// decoder rejects, and the problems of a validation hook placed at the file
// positions of the fields they name — each as a typed Problem with the file,
// line, column and field path, sorted by position.
//
// A name ending in ".json" is read as strict JSON, RFC 8259 (a trailing
// comma or a comment is a syntax error at its position); any other name as
// YAML. JSON is parsed without the YAML parser, into the node tree that
// parser gives (see parseJSON): the positions and problems are those of
// the YAML path, the values those JSON gives — also where YAML would read
// the text otherwise, as with the escape "\/" or a surrogate pair.
//
// Package input turns these problems into the *housing.Error users get; the
// packages of the SDK read their files through it.
package reader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The documented limits of an input. An input beyond one of them is refused
// with a problem that names the limit.
const (
	// MaxBytes is the size limit of one file or body: 16 MiB.
	MaxBytes = 16 << 20
	// MaxDepth is how deeply mappings and lists may nest.
	MaxDepth = 64
	// MaxItems is how many items one list may hold (the rows of a file:
	// applicants, units, test cases, the members of a list…).
	MaxItems = 100_000
)

// IsJSON reports whether name is read as strict JSON: its extension is
// ".json" (in any case).
func IsJSON(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".json") }

// Parse checks data's limits and syntax and returns its document's root
// node, or the problems that stop it from being read: more than MaxBytes,
// binary data (a NUL or another control character, or bytes that are not
// UTF-8), an empty document, a syntax error (JSON syntax for a ".json"
// name), a second document, an alias, nesting deeper than MaxDepth, a list
// longer than MaxItems, a lone surrogate escape in JSON. Every problem has a
// position in file.
func Parse(file string, data []byte) (*yaml.Node, []Problem) {
	at := func(line, col int, format string, args ...any) []Problem {
		return []Problem{{File: file, Line: line, Col: col, Message: fmt.Sprintf(format, args...)}}
	}
	if len(data) > MaxBytes {
		return nil, at(1, 1, "the file has %d bytes; the limit is %d (16 MiB)", len(data), MaxBytes)
	}
	if off, what := binaryAt(data, IsJSON(file)); off >= 0 {
		l, c := lineCol(data, off)
		return nil, at(l, c, "binary data (%s): a data file is UTF-8 text, YAML or JSON", what)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, at(1, 1, "the document is empty")
	}
	if IsJSON(file) {
		if jsonFast.Load() {
			if root, ps, ok := parseJSON(file, data); ok {
				return root, ps
			}
		}
		if ps := checkJSON(file, data); ps != nil {
			return nil, ps
		}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&doc)
	if err == io.EOF {
		return nil, at(1, 1, "the document is empty")
	}
	if err != nil {
		return nil, yamlSyntax(file, data, err)
	}
	var extra yaml.Node
	if dec.Decode(&extra) != io.EOF {
		return nil, at(max(extra.Line, 1), 1, "a file holds one document; found a second after ---")
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, at(1, 1, "the document is empty")
	}
	root := doc.Content[0]
	var ps []Problem
	walk(file, root, 1, &ps)
	if ps != nil {
		return nil, ps
	}
	return root, nil
}

// walk checks aliases, depth and list lengths under n, at depth depth.
func walk(file string, n *yaml.Node, depth int, ps *[]Problem) {
	at := func(format string, args ...any) {
		*ps = append(*ps, Problem{File: file, Line: n.Line, Col: n.Column, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case n.Kind == yaml.AliasNode:
		at("aliases (*name) are not allowed: write the value out")
		return
	case depth > MaxDepth && (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode):
		at("nested more than %d levels deep", MaxDepth)
		return
	case n.Kind == yaml.SequenceNode && len(n.Content) > MaxItems:
		at("a list of %d items; the limit is %d", len(n.Content), MaxItems)
		return
	}
	for _, c := range n.Content {
		walk(file, c, depth+1, ps)
	}
}

// binaryAt returns the offset of the first byte that is not text — a NUL,
// another control character than tab, newline and carriage return, or a
// byte that is not UTF-8 — and what it is, or -1. DEL (0x7f) is text in
// JSON (a character its strings may hold), not in YAML.
func binaryAt(data []byte, json bool) (int, string) {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f && !json {
				return i, fmt.Sprintf("control character 0x%02x", c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i, fmt.Sprintf("byte 0x%02x is not UTF-8", c)
		}
		i += size
	}
	return -1, ""
}

// lineCol returns the 1-based line and column (in characters) of byte
// offset off of data.
func lineCol(data []byte, off int) (int, int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// checkJSON checks that data is exactly one JSON value.
func checkJSON(file string, data []byte) []Problem {
	var raw json.RawMessage
	err := json.Unmarshal(data, &raw)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return []Problem{{File: file, Line: 1, Col: 1, Message: "syntax: not a JSON document"}}
	}
	if strings.HasSuffix(se.Error(), "exceeded max depth") {
		// encoding/json stops at 10,000 levels: the problem is the
		// reader's limit, far below.
		if off := tooDeepAt(data, MaxDepth); off >= 0 {
			line, col := lineCol(data, off)
			return []Problem{{File: file, Line: line, Col: col, Message: fmt.Sprintf("nested more than %d levels deep", MaxDepth)}}
		}
	}
	off := int(se.Offset) - 1 // Offset counts the bytes read, the bad one included
	if se.Error() == "unexpected end of JSON input" {
		off = len(bytes.TrimRight(data, " \t\r\n"))
	}
	line, col := lineCol(data, off)
	return []Problem{{File: file, Line: line, Col: col, Message: "syntax: " + jsonMessage(se.Error())}}
}

// tooDeepAt returns the offset of the first '{' or '[' of data nested more
// than limit levels deep (outside strings), or -1.
func tooDeepAt(data []byte, limit int) int {
	depth, inString := 0, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			if depth++; depth > limit {
				return i
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return -1
}

var jsonCharRE = regexp.MustCompile(`^invalid character '(.+)' (.*)$`)

// jsonMessage says what a JSON syntax error means, in the user's terms
// rather than the parser's.
func jsonMessage(msg string) string {
	if msg == "unexpected end of JSON input" {
		return "the file ends too early: a value, a closing '}' or ']' is missing"
	}
	m := jsonCharRE.FindStringSubmatch(msg)
	if m == nil {
		return "malformed JSON"
	}
	ch, ctx := m[1], m[2]
	if ch == `\'` {
		ch = "'"
	}
	if ch == "#" || ch == "/" {
		return "comments are not allowed in JSON"
	}
	got := "unexpected " + strconv.Quote(ch)
	if strings.HasPrefix(ch, "\\") {
		got = "unexpected character " + ch
	}
	switch {
	case ctx == "looking for beginning of object key string":
		if ch == "}" {
			return got + ": a comma before the closing '}' (trailing commas are not allowed in JSON)"
		}
		return got + ": want a key in double quotes"
	case ctx == "looking for beginning of value":
		if ch == "]" {
			return got + ": a comma before the closing ']' (trailing commas are not allowed in JSON)"
		}
		if ch == "'" {
			return got + ": JSON strings are in double quotes"
		}
		return got + ": want a value (a string in double quotes, a number, true, false, null, an object or a list)"
	case ctx == "after object key":
		return got + ": want ':' after the key"
	case ctx == "after object key:value pair":
		return got + ": want ',' or '}'"
	case ctx == "after array element":
		return got + ": want ',' or ']'"
	case ctx == "after top-level value":
		return got + ": a file holds one JSON value; found more after it"
	case strings.HasPrefix(ctx, "in literal"):
		return got + ": not a JSON value (strings are in double quotes)"
	case strings.Contains(ctx, "string literal"):
		return got + " in a string: write control characters escaped, such as \\n"
	case strings.Contains(ctx, "escape"):
		return got + ": not a valid escape in a string"
	case strings.Contains(ctx, "numeric literal") || strings.Contains(ctx, "exponent") || strings.Contains(ctx, "decimal point"):
		return got + " in a number"
	}
	return got
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlSyntax returns the problem of a YAML syntax error, at its line (column
// 1, as the parser gives none).
func yamlSyntax(file string, data []byte, err error) []Problem {
	msg := err.Error()
	line := 1
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		// yaml.v3 gives its parser errors ("did not find expected …") the
		// 0-based line of the construct left open, and its scanner errors a
		// 1-based line: make both 1-based.
		if strings.HasPrefix(m[2], "did not find expected") {
			line++
		}
		// An error at the end of the input points at the last line.
		if last := bytes.Count(bytes.TrimRight(data, "\n"), []byte("\n")) + 1; line > last {
			line = last
		}
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return []Problem{{File: file, Line: max(line, 1), Col: 1, Message: "syntax: " + msg}}
}
