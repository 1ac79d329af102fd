package httpapi

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"go.yaml.in/yaml/v3"
)

// part is one member of a request body's top-level object: its raw JSON
// value, the body and where the value starts in it (its line and column
// are counted only for a problem).
type part struct {
	raw  []byte
	body []byte
	off  int
}

// position returns the line and column where the part starts in the body.
func (p part) position() (int, int) { return position(p.body, p.off) }

// splitObject reads the top level of a JSON object body into its members,
// without decoding them. It reports false when data is not one well-formed
// JSON object (the strict reader then says what is wrong, and where);
// duplicate and unknown keys are problems.
func splitObject(data []byte, known []string) (map[string]part, housing.Problems, bool) {
	i := skipWS(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, nil, false
	}
	parts := map[string]part{}
	var ps housing.Problems
	badKey := false
	end, ok := members(data, i, 0, func(quoted []byte, start, end int) {
		key := string(quoted[1 : len(quoted)-1])
		if bytes.IndexByte(quoted, '\\') >= 0 && json.Unmarshal(quoted, &key) != nil {
			badKey = true
			return
		}
		switch {
		case !slices.Contains(known, key):
			line, col := position(data, start)
			ps = append(ps, housing.Problem{File: bodyName, Line: line, Col: col, Path: key, Message: "unknown key " + quote(key) + "; want one of " + strings.Join(known, ", ")})
		case parts[key].raw != nil:
			line, col := position(data, start)
			ps = append(ps, housing.Problem{File: bodyName, Line: line, Col: col, Path: key, Message: "duplicate key " + quote(key)})
		default:
			parts[key] = part{raw: data[start:end], body: data, off: start}
		}
	})
	if !ok || badKey || skipWS(data, end) != len(data) {
		return nil, nil, false
	}
	return parts, ps, true
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

// position returns the 1-based line and column of byte offset off in data,
// the column in characters as the strict reader counts it.
func position(data []byte, off int) (int, int) {
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, utf8.RuneCount(data[start:off]) + 1
}

// null reports whether a part is absent or JSON null.
func (p part) null() bool { return p.raw == nil || string(p.raw) == "null" }

// read decodes the part strictly into v (see readJSON), and returns its
// problems with their paths under path and their positions in the body.
func (p part) read(path string, v any, validate func() error) housing.Problems {
	err := readJSON(p.raw, v, validate)
	if err == nil {
		return nil
	}
	return p.place(path, input.Problems(err))
}

// place moves problems of the part (positions in the part, paths from its
// root) to the body.
func (p part) place(path string, ps housing.Problems) housing.Problems {
	line, col := p.position()
	for i := range ps {
		q := &ps[i]
		q.Path = housing.JoinPath(path, q.Path)
		if q.Line > 0 {
			if q.Line == 1 {
				q.Col += col - 1
			}
			q.Line += line - 1
			q.File = bodyName
		} else {
			q.Line, q.Col, q.File = line, col, bodyName
		}
	}
	return ps
}

// overlaySource is one overlay of a request: its text and, when it was read
// from the body as raw JSON, where it starts there.
type overlaySource struct {
	name string
	data []byte
	at   *part
}

// overlaySources returns the overlays of a request read by the strict
// reader (as YAML nodes) as texts to parse.
func overlaySources(nodes []yaml.Node) ([]overlaySource, error) {
	out := make([]overlaySource, len(nodes))
	for i := range nodes {
		b, err := yaml.Marshal(&nodes[i])
		if err != nil {
			return nil, err
		}
		out[i] = overlaySource{name: "overlay.yaml", data: b}
	}
	return out, nil
}

// rawOverlays splits the raw "overlays" member of a body into its items.
func rawOverlays(p part) ([]overlaySource, housing.Problems) {
	if p.null() {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(p.raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, p.place("overlays", housing.Problems{{Message: "want a list of overlays"}})
	}
	var out []overlaySource
	for dec.More() {
		after := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, p.place("overlays", housing.Problems{{Message: err.Error()}})
		}
		start := after + bytes.IndexFunc(p.raw[after:], func(r rune) bool { return r != ',' && r != ' ' && r != '\t' && r != '\n' && r != '\r' })
		at := part{raw: raw, body: p.body, off: p.off + start}
		out = append(out, overlaySource{name: "overlay.json", data: raw, at: &at})
	}
	return out, nil
}
