package reader

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with an input: where it is — the file, the
// line and column (1-based; 0 when unknown) and the field path such as
// "members[2].birth_date" — and what is wrong. Every part is its own field:
// no problem is a string to be split again.
type Problem struct {
	File    string
	Line    int
	Col     int
	Path    string
	Message string
}

// Pos returns "file:line:column", "file" when the line is unknown, or "".
func (p Problem) Pos() string {
	switch {
	case p.Line > 0 && p.File != "":
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return p.File
}

// String returns "file:line:column: path: message", leaving out the parts
// that are empty.
func (p Problem) String() string {
	var b strings.Builder
	if pos := p.Pos(); pos != "" {
		b.WriteString(pos)
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Error is the error Read returns: every problem of the input, sorted by
// position.
type Error struct {
	Problems []Problem
}

// Error joins the problems with "; ".
func (e *Error) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return strings.Join(parts, "; ")
}

// Compare orders problems by file, line and column; a problem without a
// line comes before the positioned problems of its file.
func Compare(a, b Problem) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	return cmp.Compare(a.Col, b.Col)
}

// Sort orders ps by position (see Compare), keeping the order of problems
// at the same position.
func Sort(ps []Problem) { slices.SortStableFunc(ps, Compare) }

// Merge returns first followed by the problems of later that are not on a
// line of a file that first already reports (they follow from the same
// mistake) and that have a position in a file, sorted by position. Problems
// of later without any position are kept only when keepUnplaced is true.
func Merge(first, later []Problem, keepUnplaced bool) []Problem {
	type line struct {
		file string
		n    int
	}
	seen := map[line]bool{}
	for _, p := range first {
		if p.Line > 0 {
			seen[line{p.File, p.Line}] = true
		}
	}
	out := slices.Clone(first)
	for _, p := range later {
		if p.Line > 0 && seen[line{p.File, p.Line}] {
			continue
		}
		if p.Line == 0 && !keepUnplaced {
			continue
		}
		out = append(out, p)
	}
	Sort(out)
	return out
}

// JoinPath joins field-path parts: JoinPath("members[2]", "birth_date") is
// "members[2].birth_date"; an index part "[3]" is appended without a dot.
func JoinPath(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "":
		return prefix
	case strings.HasPrefix(path, "["):
		return prefix + path
	}
	return prefix + "." + path
}
