package transfer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

// readAll reads at most lim.MaxBytes from r, or reports the input as too
// large.
func readAll(r io.Reader, lim Limits, rep *Report) ([]byte, bool) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		rep.add(0, "", "cannot read: %v", err)
		return nil, false
	}
	if int64(len(data)) > lim.MaxBytes {
		rep.add(0, "", "the input is larger than %d bytes; split it or raise the limit", lim.MaxBytes)
		return nil, false
	}
	return data, true
}

// sheet is a CSV file read into records, with its header.
type sheet struct {
	cols      map[string]int
	italian   bool
	records   [][]string
	lines     []int
	rep       *Report
	maxRecord int
}

// readSheet reads a CSV file whose header names columns among known, all
// of required present. Problems of the header and of the file's syntax go
// into rep; ok is false when nothing can be read row by row.
func readSheet(r io.Reader, lim Limits, known, required []string, rep *Report) (*sheet, bool) {
	lim = lim.withDefaults()
	data, ok := readAll(r, lim, rep)
	if !ok {
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	s := &sheet{cols: map[string]int{}, rep: rep}
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma, s.italian = ';', true
	}
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			rep.add(0, "", "the file is empty; it needs a header row naming its columns")
		} else {
			rep.add(1, "", "header: %s", csvMessage(err))
		}
		return nil, false
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "":
			rep.add(1, strconv.Itoa(i+1), "the header of column %d is empty", i+1)
		case !slices.Contains(known, name):
			rep.add(1, name, "unknown column; the columns are %s", strings.Join(known, ", "))
		default:
			if j, dup := s.cols[name]; dup {
				rep.add(1, name, "named twice, in columns %d and %d", j+1, i+1)
			}
			s.cols[name] = i
		}
	}
	for _, c := range required {
		if _, ok := s.cols[c]; !ok {
			rep.add(1, c, "the column is required")
		}
	}
	if len(rep.Problems) > 0 {
		return nil, false
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			rep.add(line, "", "%s", csvMessage(err))
			return s, false
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(s.records) == lim.MaxRows {
			rep.add(line, "", "more than %d rows; split the file or raise the limit", lim.MaxRows)
			return s, false
		}
		if len(rec) != len(header) {
			rep.add(line, "", "%d fields, but the header has %d", len(rec), len(header))
			continue
		}
		s.records = append(s.records, rec)
		s.lines = append(s.lines, line)
	}
	return s, true
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("column %d: %v", pe.Column, pe.Err)
	}
	return err.Error()
}

// row is one record being read; its cell readers record problems.
type row struct {
	s    *sheet
	rec  []string
	line int
	bad  bool
	// flagged marks the columns with a problem already, so that a
	// validation problem that follows from it is not reported again.
	flagged map[string]bool
}

func (s *sheet) row(i int) *row { return &row{s: s, rec: s.records[i], line: s.lines[i]} }

// followUp records a validation problem unless its column already has one.
func (r *row) followUp(col, format string, args ...any) {
	if col != "" && r.flagged[col] {
		return
	}
	r.problem(col, format, args...)
}

func (r *row) problem(col, format string, args ...any) {
	r.bad = true
	if r.flagged == nil {
		r.flagged = map[string]bool{}
	}
	r.flagged[col] = true
	r.s.rep.add(r.line, col, format, args...)
}

// has reports whether the column is in the file.
func (r *row) has(col string) bool { _, ok := r.s.cols[col]; return ok }

// str returns the trimmed cell, "" when the column is absent.
func (r *row) str(col string) string {
	i, ok := r.s.cols[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

var (
	dmyRE   = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	indexRE = regexp.MustCompile(`\[\d+\]`)
)

func (r *row) date(col string) housing.Date {
	v := r.str(col)
	if v == "" {
		return housing.Date{}
	}
	if m := dmyRE.FindStringSubmatch(v); m != nil {
		day, _ := strconv.Atoi(m[1])
		month, _ := strconv.Atoi(m[2])
		v = fmt.Sprintf("%s-%02d-%02d", m[3], month, day)
	}
	d, err := housing.ParseDate(v)
	if err != nil {
		r.problem(col, "%q is not a date; write YYYY-MM-DD or DD/MM/YYYY", r.str(col))
	}
	return d
}

var (
	italianAmountRE = regexp.MustCompile(`^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$`)
	plainAmountRE   = regexp.MustCompile(`^-?\d+(\.\d+)?$`)
)

// amount returns the cell as an exact decimal: 1.234,56 in an Italian
// (';') file, 1234.56 in a ',' file; "€" and spaces are ignored.
func (r *row) amount(col string) (decimal.Decimal, bool) {
	raw := r.str(col)
	v := strings.Map(func(c rune) rune {
		if c == '€' || c == ' ' || c == '\u00a0' {
			return -1
		}
		return c
	}, raw)
	if v == "" {
		return decimal.Zero, false
	}
	switch {
	case r.s.italian && italianAmountRE.MatchString(v):
		v = strings.ReplaceAll(strings.ReplaceAll(v, ".", ""), ",", ".")
	case r.s.italian:
		r.problem(col, "%q is not an amount; in a file separated by ';' write amounts as 1.234,56", raw)
		return decimal.Zero, false
	case !plainAmountRE.MatchString(v):
		r.problem(col, "%q is not an amount; write it as 1234.56", raw)
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		r.problem(col, "%q is not an amount", raw)
		return decimal.Zero, false
	}
	return d, true
}

func (r *row) dec(col string) decimal.Decimal { d, _ := r.amount(col); return d }

func (r *row) decPtr(col string) *decimal.Decimal {
	if d, ok := r.amount(col); ok {
		return &d
	}
	return nil
}

func (r *row) integer(col string) int {
	v := r.str(col)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < -1_000_000 || n > 1_000_000 {
		r.problem(col, "%q is not a whole number", v)
		return 0
	}
	return n
}

func (r *row) intPtr(col string) *int {
	if r.str(col) == "" {
		return nil
	}
	n := r.integer(col)
	return &n
}

// boolPtr reads yes/no cells: true, yes, sì, si, 1, x; false, no, 0; blank
// is unknown (nil).
func (r *row) boolPtr(col string) *bool {
	v := strings.ToLower(r.str(col))
	switch v {
	case "":
		return nil
	case "1", "true", "yes", "y", "si", "sì", "s", "x":
		return housing.Bool(true)
	case "0", "false", "no", "n":
		return housing.Bool(false)
	}
	r.problem(col, "%q is not yes or no; write true/false, yes/no, sì/no or 1/0", r.str(col))
	return nil
}

func (r *row) boolean(col string) bool { b := r.boolPtr(col); return b != nil && *b }

// columnOf maps a field path of a Validate problem ("restrictions.min_age",
// "members[2].incomes[0].annual") to a column name of the file: the path
// with indexes dropped and dots turned into '_', or its last part, when the
// file has such a column; "" otherwise.
func (s *sheet) columnOf(path string, aliases map[string]string) string {
	clean := indexRE.ReplaceAllString(path, "")
	if c, ok := aliases[clean]; ok {
		return c
	}
	for _, c := range []string{strings.ReplaceAll(clean, ".", "_"), clean[strings.LastIndexByte(clean, '.')+1:]} {
		if _, ok := s.cols[c]; ok {
			return c
		}
	}
	return ""
}

func asHousingError(err error, he **housing.Error) bool { return errors.As(err, he) }

// scanIndex returns the index n of a path that starts with prefix+"n]".
func scanIndex(path, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(path, prefix)
	if !ok {
		return 0, false
	}
	num, _, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	return n, err == nil && n >= 0
}

// sortProblems orders the problems by row, keeping the order within a row.
func sortProblems(rep *Report) {
	slices.SortStableFunc(rep.Problems, func(a, b Problem) int { return a.Row - b.Row })
}
