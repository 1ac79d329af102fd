// Package transfer moves records in and out of a store: it imports units
// (a municipal vacancy spreadsheet) and households with their referrals (a
// referral batch) from CSV and JSON, with a report of every problem by row
// and column, and it writes a pseudonymised research export.
//
// # Import
//
// Reading and writing are separate steps. ReadUnitsCSV, ReadUnitsJSON,
// ReadHouseholdsCSV and ReadBatchJSON read a file into a Batch and a Report
// of its problems, each with its row, column (or field path and file
// position) and what is wrong; they read strictly (unknown columns and
// keys, wrong types, impossible dates and negative amounts are problems)
// and refuse input larger than Limits allow. Import then writes the batch
// into a store. By default it is all or nothing: when any row has a
// problem — in the file, or against the store (an identifier already
// taken, a facility that does not exist) — nothing is written and the
// report lists every problem. In Partial mode the good rows are written,
// each in its own transaction, and the report lists the rows left out.
//
// CSV files have a header row naming their columns (see UnitColumns and
// HouseholdColumns) in any order. A file whose header is separated by ';'
// is read the Italian way: amounts as 1.234,56 and dates as 31/01/2025 as
// well as 2025-01-31; a file separated by ',' takes amounts as 1234.56.
//
// # Export
//
// Export writes what researchers need and no more: households, stays and
// decisions under stable pseudonyms (HMAC-SHA256 with a key the user
// keeps), ages in bands, months instead of days, no names, addresses or
// free text, the special categories of data (violence, health) only when
// asked for, and aggregate tables whose small counts are suppressed.
package transfer

import (
	"fmt"
	"strings"

	"github.com/housingkit/housingkit/housing"
)

// Problem is one thing wrong with an input row.
type Problem struct {
	// Row is the 1-based number of the record: the line of a CSV file
	// (the header is line 1), or the position of the record in a JSON
	// list (1 for the first).
	Row int `json:"row"`
	// Column names the CSV column, or the JSON record ("households[2]").
	Column string `json:"column,omitempty"`
	// Pos is "file:line:column" for JSON input.
	Pos     string `json:"pos,omitempty"`
	Message string `json:"message"`
}

// Where returns where the problem is: "file:line:column: households[2]"
// for JSON, "row 3, column rent" for CSV.
func (p Problem) Where() string {
	if p.Pos != "" {
		if p.Column != "" {
			return p.Pos + ": " + p.Column
		}
		return p.Pos
	}
	var parts []string
	if p.Row > 0 {
		parts = append(parts, fmt.Sprintf("row %d", p.Row))
	}
	if p.Column != "" {
		parts = append(parts, "column "+p.Column)
	}
	return strings.Join(parts, ", ")
}

// String returns where the problem is and what it is.
func (p Problem) String() string {
	if w := p.Where(); w != "" {
		return w + ": " + p.Message
	}
	return p.Message
}

// Report is the outcome of reading or importing a file.
type Report struct {
	File string `json:"file"`
	// Rows is the number of records read.
	Rows int `json:"rows"`
	// Imported is the number of records written (a household and its
	// referral count as two); Skipped is the number of rows left out.
	Imported int `json:"imported"`
	Skipped  int `json:"skipped"`
	// Problems lists every problem, in row order.
	Problems []Problem `json:"problems"`
}

func (r *Report) add(row int, column, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Row: row, Column: column, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil when the report has no problem, or an *housing.Error of
// code invalid listing every problem (its Problems carry "row N, column C"
// or the file position as their path).
func (r Report) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	ps := make(housing.Problems, len(r.Problems))
	for i, p := range r.Problems {
		ps[i] = housing.Problem{Path: p.Where(), Message: p.Message}
	}
	return &housing.Error{Code: housing.CodeInvalid, Key: "transfer.invalid",
		Message: fmt.Sprintf("%s: %d problems in %d rows", r.File, len(r.Problems), r.badRows()), Problems: ps}
}

func (r Report) badRows() int {
	seen := map[int]bool{}
	for _, p := range r.Problems {
		seen[p.Row] = true
	}
	return len(seen)
}

// Limits bound the input a reader accepts.
type Limits struct {
	// MaxBytes is the largest input read (default 64 MiB).
	MaxBytes int64
	// MaxRows is the most records read (default 1,000,000).
	MaxRows int
}

// The default limits.
const (
	DefaultMaxBytes = 64 << 20
	DefaultMaxRows  = 1_000_000
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	return l
}
