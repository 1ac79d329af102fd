package housing

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/internal/reader"

	"golang.org/x/text/language"
)

// Code classifies an Error so that callers can react without parsing text:
// an HTTP service maps it to a status, a command line to an exit status.
type Code string

// The error codes. Every method that returns an *Error says in its doc
// comment which codes it returns.
const (
	// CodeInvalid: the input is malformed or breaks a rule (HTTP 400/422).
	CodeInvalid Code = "invalid"
	// CodeNotFound: the thing referred to does not exist (HTTP 404).
	CodeNotFound Code = "not_found"
	// CodeConflict: the request clashes with the current state, such as a
	// full facility or a unit already let (HTTP 409).
	CodeConflict Code = "conflict"
	// CodeForbidden: the rules do not allow it, such as a second renewal
	// (HTTP 403).
	CodeForbidden Code = "forbidden"
	// CodeInternal: a fault of the system, not of the input (HTTP 500).
	CodeInternal Code = "internal"
)

// Error is the one error type of the SDK. Message is written for the person
// using the software and may be shown to them; Detail is for operators' logs
// and may name files, queries or internal identifiers. Key is a stable
// machine-readable reason (for example "tenancy.renewal_limit") that also
// selects the translated text; Problems lists every field-level problem of a
// validation.
// Texts, when set, holds the user-facing message in Italian and English
// (Message is then the English one); MessageIn picks the language.
type Error struct {
	Code     Code
	Key      string
	Message  string
	Texts    *Text
	Detail   string
	Problems Problems
	Err      error
}

// MessageIn returns the user-facing message in lang when the error carries
// both languages, and Message otherwise.
func (e *Error) MessageIn(lang language.Tag) string {
	if e.Texts != nil {
		return e.Texts.In(lang)
	}
	return e.Message
}

// Error returns the message, the problems and the wrapped cause on one line.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if len(e.Problems) > 0 {
		b.WriteString(": ")
		b.WriteString(e.Problems.String())
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the wrapped cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same code and, when
// target has a Key, the same key. So errors.Is(err, housing.ErrForbidden)
// matches every forbidden error, and errors.Is(err, housing.ErrRenewalLimit)
// matches only that reason.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Key == "" || t.Key == e.Key)
}

// Sentinel errors for errors.Is, one per code.
var (
	ErrInvalid   = &Error{Code: CodeInvalid}
	ErrNotFound  = &Error{Code: CodeNotFound}
	ErrConflict  = &Error{Code: CodeConflict}
	ErrForbidden = &Error{Code: CodeForbidden}
	ErrInternal  = &Error{Code: CodeInternal}
)

// Errorf returns an *Error with the code, reason key and a formatted
// user-facing message.
func Errorf(code Code, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, CodeInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the user-facing message of err: the Message of the
// first *Error in its chain (with its problems), or a generic text for other
// errors, whose detail belongs in logs only.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		if len(e.Problems) > 0 {
			if e.Message == "" {
				return e.Problems.String()
			}
			return e.Message + ": " + e.Problems.String()
		}
		return e.Message
	}
	return "internal error"
}

// Problem is one thing wrong with a value: where it is and what is wrong.
// Where is the field path (such as "members[2].birth_date") and, for a
// problem of a file, its name and the 1-based line and column of the value
// concerned (File "rules.yaml", Line 12, Col 5); each is its own field, so
// that no problem is a string to be split again.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

// Pos returns the position "file:line:column" ("file" when the line is
// unknown, "" for a problem of no file).
func (p Problem) Pos() string { return reader.Problem(p).Pos() }

// String returns "file:line:column: path: message", leaving out the parts
// that are empty.
func (p Problem) String() string { return reader.Problem(p).String() }

// Problems collects every problem of a validation so that all are reported
// at once, not only the first. The zero value is ready to use.
type Problems []Problem

// Add records a problem at path.
func (ps *Problems) Add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// Merge records the problems of another validation under the prefix path
// (for example "members[2]"); a nil or problem-free err adds nothing, and an
// error that is not a validation error is recorded as one problem.
func (ps *Problems) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	var e *Error
	if errors.As(err, &e) && len(e.Problems) > 0 {
		for _, p := range e.Problems {
			p.Path = JoinPath(prefix, p.Path)
			*ps = append(*ps, p)
		}
		return
	}
	msg := err.Error()
	if errors.As(err, &e) {
		msg = e.Message
	}
	*ps = append(*ps, Problem{Path: prefix, Message: msg})
}

// Err returns nil when there are no problems, or an *Error with code
// CodeInvalid listing them all.
func (ps Problems) Err(message string) error {
	if len(ps) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Key: "invalid", Message: message, Problems: ps}
}

// Sort orders the problems by file, line and column, keeping the order of
// problems at the same position; a problem without a line comes before the
// positioned problems of its file.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int { return reader.Compare(reader.Problem(a), reader.Problem(b)) })
}

// String joins the problems with "; ".
func (ps Problems) String() string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, "; ")
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

// Index returns the field path of element i of the list at path:
// Index("members", 2) is "members[2]".
func Index(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i)
}
