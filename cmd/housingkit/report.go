package main

// The command line's one input and reporting layer: every command reads its
// files with readInputFile (bounded, the reader's limits), records the
// problems of its flags and files in one housing.Problems, and returns them
// with inputErr; run prints them the same way for every command — one
// problem a line, sorted (flags first, then each file by line and column),
// "file:line:column: path: message" — then one summary line, and exits with
// status 2. No message carries an error code or the wording of Go's parsers.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/spf13/pflag"
)

// defaultLang is the --lang default of every command.
const defaultLang = "en"

// langUsage is the --lang flag's help text.
const langUsage = "language of the output: it or en"

// inputErr returns nil when ps is empty, or the bad-input error (exit
// status 2) that run prints one problem a line, followed by what.
func inputErr(ps housing.Problems, what string) error {
	if len(ps) == 0 {
		return nil
	}
	return badInput(ps.Err(what))
}

// addErr records the problems of err: those of a *housing.Error as they
// are (with their positions), any other error as one problem at where.
func addErr(ps *housing.Problems, where string, err error) {
	if err == nil {
		return
	}
	var he *housing.Error
	if errors.As(err, &he) && len(he.Problems) > 0 {
		*ps = append(*ps, he.Problems...)
		return
	}
	*ps = append(*ps, housing.Problem{Path: where, Message: userMessage(err)})
}

// readInputFile reads the file at path, named by flag, refusing one larger
// than the reader's limit (reader.MaxBytes) before reading it. Problems go
// to ps; it reports whether the file was read.
func readInputFile(ps *housing.Problems, flag, path string) ([]byte, bool) {
	if path == "" {
		ps.Add(flag, "is required: a file")
		return nil, false
	}
	data, err := readBounded(path)
	if err != nil {
		var he *housing.Error
		var re *readError
		switch {
		case errors.As(err, &he) && len(he.Problems) > 0:
			*ps = append(*ps, he.Problems...)
		case errors.As(err, &re) && re.folder:
			ps.Add(flag, "%s is a folder; want a file", path)
		case errors.As(err, &re):
			ps.Add(flag, "cannot read %s: %s", path, re.reason)
		default:
			ps.Add(flag, "%s: %s", path, userMessage(err))
		}
		return nil, false
	}
	return data, true
}

// readError is a file that cannot be read, or a folder, and why.
type readError struct {
	reason string
	folder bool
}

func (e *readError) Error() string {
	if e.folder {
		return "a folder, not a file"
	}
	return "cannot read the file: " + e.reason
}

// readBounded reads the file at path, refusing one larger than the
// reader's limit (reader.MaxBytes) before reading it whole: a CodeInvalid
// error whose problem is at the file's 1:1. A file that cannot be read is
// a *readError that says why, without naming the file.
func readBounded(path string) ([]byte, error) {
	cannot := func(err error) error { return &readError{reason: fileErr(err)} }
	f, err := os.Open(path)
	if err != nil {
		return nil, cannot(err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &readError{folder: true}
	}
	data, err := io.ReadAll(io.LimitReader(f, reader.MaxBytes+1))
	if err != nil {
		return nil, cannot(err)
	}
	if len(data) > reader.MaxBytes {
		return nil, housing.Problems{{File: path, Line: 1, Col: 1, Message: fmt.Sprintf("the file has more than %d bytes (16 MiB), the limit of an input file", reader.MaxBytes)}}.Err("input too large")
	}
	return data, nil
}

// readFileInto reads the YAML or JSON file at path (named by flag) into v
// through the strict reader, with validate's problems placed at the values
// they name; every problem goes to ps. It reports whether there was none.
func readFileInto(ps *housing.Problems, flag, path string, v any, validate func() error) bool {
	data, ok := readInputFile(ps, flag, path)
	if !ok {
		return false
	}
	var opts []reader.Option
	if validate != nil {
		opts = append(opts, input.Validate(validate))
	}
	err := reader.Read(path, data, v, opts...)
	*ps = append(*ps, input.Problems(err)...)
	return err == nil
}

// fileErr says why a file could not be opened or read, in the user's terms
// rather than the operating system's.
func fileErr(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// userMessage returns the text of err for the user: the message of a
// *housing.Error (without its code), else the error's text.
func userMessage(err error) string {
	var he *housing.Error
	if errors.As(err, &he) {
		if he.Message != "" {
			return he.Message
		}
		return string(he.Code)
	}
	return err.Error()
}

// writeError prints err to w the one way: the problems of an SDK error one
// a line, sorted and without repeats, then "housingkit: " and the message.
func writeError(w io.Writer, err error) {
	var he *housing.Error
	if errors.As(err, &he) && len(he.Problems) > 0 {
		ps := slices.Clone(he.Problems)
		ps.Sort()
		ps = slices.Compact(ps)
		for _, p := range ps {
			fmt.Fprintln(w, p.String())
		}
		msg := he.Message
		if msg == "" {
			msg = "invalid input"
		}
		fmt.Fprintf(w, "housingkit: %s (%d %s)\n", msg, len(ps), plural(len(ps), "problem", "problems"))
		return
	}
	var ee *exitError
	if errors.As(err, &ee) && he == nil {
		fmt.Fprintln(w, "housingkit:", ee.err.Error())
		return
	}
	fmt.Fprintln(w, "housingkit:", userMessage(err))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// flagError says what is wrong with a flag in the user's terms: the flag,
// the value given and what is wanted, without the wording of Go's number
// parsers.
func flagError(err error) error {
	var iv *pflag.InvalidValueError
	if errors.As(err, &iv) {
		want := "a valid value"
		switch iv.GetFlag().Value.Type() {
		case "int", "int64", "int32":
			want = "a whole number"
		case "uint", "uint64", "uint32":
			want = "a whole number, 0 or more"
		case "float64", "float32":
			want = "a number"
		case "bool":
			want = "true or false"
		case "duration":
			want = "a duration such as 30s"
		}
		return fmt.Errorf("--%s: %q: want %s", iv.GetFlag().Name, iv.GetValue(), want)
	}
	var nx *pflag.NotExistError
	if errors.As(err, &nx) {
		if s := nx.GetSpecifiedShortnames(); s != "" {
			return fmt.Errorf("unknown flag -%s (see --help)", s)
		}
		return fmt.Errorf("unknown flag --%s (see --help)", nx.GetSpecifiedName())
	}
	var vr *pflag.ValueRequiredError
	if errors.As(err, &vr) {
		return fmt.Errorf("--%s needs a value", vr.GetFlag().Name)
	}
	return err
}
