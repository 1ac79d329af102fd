package transfer

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
	"go.yaml.in/yaml/v3"
)

// Record is a value read from a file with where it came from.
type Record[T any] struct {
	// Row is the CSV line (the first member's, for a household) or the
	// position in a JSON list, from 1.
	Row int
	// Pos is "file:line:column" of a JSON record.
	Pos   string
	Value T
}

// Batch is what a file holds for the store.
type Batch struct {
	Units      []Record[housing.Unit]
	Households []Record[housing.Household]
	Referrals  []Record[housing.Referral]
}

// Len returns the number of records in the batch.
func (b Batch) Len() int { return len(b.Units) + len(b.Households) + len(b.Referrals) }

// UnitColumns lists the columns of a units CSV file; the first six are
// required. The restriction columns (women_only … max_household_size) are
// the unit's own restrictions.
var UnitColumns = []string{"id", "kind", "beds", "rent", "contract", "available_from",
	"facility_id", "owner_id", "programme_id", "bedrooms", "area_sqm", "step_free", "service_charges",
	"available_until", "municipality", "sub_area", "women_only", "no_minors", "min_age", "max_age", "max_household_size"}

// ReadUnitsCSV reads a vacancy spreadsheet: one unit per row. The report
// lists every problem of every row (the header is row 1); the batch holds
// the rows without problems. name names the input in the report.
func ReadUnitsCSV(name string, r io.Reader, lim Limits) (Batch, Report) {
	rep := Report{File: name}
	s, _ := readSheet(r, lim, UnitColumns, UnitColumns[:6], &rep)
	if s == nil {
		return Batch{}, rep
	}
	var b Batch
	seen := map[string]int{}
	for i := range s.records {
		rw := s.row(i)
		u := housing.Unit{
			ID: rw.str("id"), FacilityID: rw.str("facility_id"), OwnerID: rw.str("owner_id"), ProgrammeID: rw.str("programme_id"),
			Kind: housing.UnitKind(rw.str("kind")), Beds: rw.integer("beds"), Bedrooms: rw.integer("bedrooms"),
			AreaSqm: rw.dec("area_sqm"), StepFree: rw.boolean("step_free"), Rent: rw.dec("rent"),
			ServiceCharges: rw.dec("service_charges"), Contract: housing.ContractKind(rw.str("contract")),
			AvailableFrom: rw.date("available_from"), AvailableUntil: rw.date("available_until"),
			Municipality: rw.str("municipality"), SubArea: rw.str("sub_area"),
			Restrictions: housing.Restrictions{WomenOnly: rw.boolean("women_only"), NoMinors: rw.boolean("no_minors"),
				MinAge: rw.integer("min_age"), MaxAge: rw.integer("max_age"), MaxHouseholdSize: rw.integer("max_household_size")},
		}
		if rw.str("rent") == "" {
			rw.problem("rent", "is required (0 for a free loan)")
		}
		checkValid(rw, u.Validate(), nil)
		checkID(rw, "id", u.ID, seen)
		if !rw.bad {
			b.Units = append(b.Units, Record[housing.Unit]{Row: rw.line, Value: u})
		}
	}
	rep.Rows = len(s.records)
	return b, rep
}

// checkValid records the problems of a Validate error at their columns.
func checkValid(rw *row, err error, aliases map[string]string) {
	if err == nil {
		return
	}
	var he *housing.Error
	if !errors.As(err, &he) || len(he.Problems) == 0 {
		rw.problem("", "%s", housing.ErrorMessage(err))
		return
	}
	for _, p := range he.Problems {
		col := rw.s.columnOf(p.Path, aliases)
		msg := p.Message
		if col == "" && p.Path != "" {
			msg = p.Path + ": " + msg
		}
		if col != "" && !rw.has(col) {
			// A required value whose column the file lacks.
			msg = "(column missing) " + msg
		}
		rw.followUp(col, "%s", msg)
	}
}

// checkID records an identifier seen twice in the file.
func checkID(rw *row, col, id string, seen map[string]int) {
	if id == "" {
		return
	}
	if first, ok := seen[id]; ok {
		rw.problem(col, "%q is also the identifier of row %d", id, first)
		return
	}
	seen[id] = rw.line
}

// ReadUnitsJSON reads units from a JSON (or YAML) document: a list of
// units, or an object {"units": [...]}, each unit as housing.Unit's JSON
// form. Decoding is strict: unknown keys, wrong types and impossible dates
// are problems at their file:line:column, with the record's position in the
// list.
func ReadUnitsJSON(name string, r io.Reader, lim Limits) (Batch, Report) {
	rep := Report{File: name}
	var b Batch
	readJSON(name, r, lim, &rep, map[string]func(i int, n *yaml.Node, d *elemDecoder, keep bool) bool{
		"units": func(i int, n *yaml.Node, d *elemDecoder, keep bool) bool {
			var u housing.Unit
			if !d.DecodeValid(n, &u, func() error { return u.Validate() }, "") || !keep {
				return false
			}
			b.Units = append(b.Units, Record[housing.Unit]{Row: i + 1, Pos: d.Pos(n), Value: u})
			return true
		},
	}, "units")
	return b, rep
}

// ReadBatchJSON reads a referral batch from a JSON (or YAML) document:
// {"households": [...], "referrals": [...]}, or a list of households, each
// as its housing type's JSON form defines it. Decoding is strict, as in
// ReadUnitsJSON.
func ReadBatchJSON(name string, r io.Reader, lim Limits) (Batch, Report) {
	rep := Report{File: name}
	var b Batch
	readJSON(name, r, lim, &rep, map[string]func(i int, n *yaml.Node, d *elemDecoder, keep bool) bool{
		"households": func(i int, n *yaml.Node, d *elemDecoder, keep bool) bool {
			var h housing.Household
			if !d.DecodeValid(n, &h, func() error { return h.Validate() }, "") || !keep {
				return false
			}
			b.Households = append(b.Households, Record[housing.Household]{Row: i + 1, Pos: d.Pos(n), Value: h})
			return true
		},
		"referrals": func(i int, n *yaml.Node, d *elemDecoder, keep bool) bool {
			var ref housing.Referral
			if !d.DecodeValid(n, &ref, func() error { return ref.Validate() }, "") || !keep {
				return false
			}
			b.Referrals = append(b.Referrals, Record[housing.Referral]{Row: i + 1, Pos: d.Pos(n), Value: ref})
			return true
		},
	}, "households")
	return b, rep
}

// readJSON parses the document and hands each element of each list to
// its reader; a bare list is the list named bare.
func readJSON(name string, r io.Reader, lim Limits, rep *Report, lists map[string]func(int, *yaml.Node, *elemDecoder, bool) bool, bare string) {
	lim = lim.withDefaults()
	data, ok := readAll(r, lim, rep)
	if !ok {
		return
	}
	root, ps := reader.Parse(name, data)
	if ps != nil {
		for _, p := range ps {
			rep.Problems = append(rep.Problems, Problem{Pos: p.Pos(), Message: p.Message})
		}
		return
	}
	d := &elemDecoder{file: name}
	var keys []string
	for k := range lists {
		keys = append(keys, k)
	}
	named := map[string]*yaml.Node{}
	switch root.Kind {
	case yaml.SequenceNode:
		named[bare] = root
	case yaml.MappingNode:
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			if _, ok := lists[k.Value]; !ok {
				rep.Problems = append(rep.Problems, Problem{Pos: d.Pos(k), Message: fmt.Sprintf("unknown key %q; the keys are %s", k.Value, strings.Join(sortedStrings(keys), ", "))})
				continue
			}
			if _, dup := named[k.Value]; dup {
				rep.Problems = append(rep.Problems, Problem{Pos: d.Pos(k), Message: fmt.Sprintf("key %q appears twice", k.Value)})
				continue
			}
			if v.Kind != yaml.SequenceNode {
				rep.Problems = append(rep.Problems, Problem{Pos: d.Pos(v), Message: fmt.Sprintf("%q must be a list", k.Value)})
				continue
			}
			named[k.Value] = v
		}
	default:
		rep.Problems = append(rep.Problems, Problem{Pos: d.Pos(root), Message: "the document must be a list or an object with " + strings.Join(sortedStrings(keys), ", ")})
		return
	}
	for _, k := range sortedStrings(keys) {
		seq := named[k]
		if seq == nil {
			continue
		}
		if rep.Rows+len(seq.Content) > lim.MaxRows {
			rep.Problems = append(rep.Problems, Problem{Pos: d.Pos(seq), Message: fmt.Sprintf("more than %d records; split the file or raise the limit", lim.MaxRows)})
			return
		}
		ids := map[string]int{}
		for i, n := range seq.Content {
			id := mappingID(n)
			first, dup := ids[id]
			if id != "" && !dup {
				ids[id] = i + 1
			}
			ed := &elemDecoder{file: name}
			lists[k](i, n, ed, !dup)
			reader.Sort(ed.problems)
			for _, p := range ed.problems {
				msg := p.Message
				if p.Path != "" {
					msg = p.Path + ": " + msg
				}
				rep.Problems = append(rep.Problems, Problem{Row: i + 1, Column: housing.Index(k, i), Pos: p.Pos(), Message: msg})
			}
			if dup {
				rep.Problems = append(rep.Problems, Problem{Row: i + 1, Column: housing.Index(k, i), Pos: d.Pos(n), Message: fmt.Sprintf("%q is also the identifier of record %d", id, first)})
			}
		}
		rep.Rows += len(seq.Content)
	}
}

// elemDecoder reads one element of a list through the SDK's strict reader
// and collects its problems.
type elemDecoder struct {
	file     string
	problems []reader.Problem
}

// DecodeValid decodes n into v and runs validate, placing its problems at
// the values they name; it reports whether there was none. prefix goes
// before each field path.
func (e *elemDecoder) DecodeValid(n *yaml.Node, v any, validate func() error, prefix string) bool {
	d := reader.NewDecoder(e.file, input.Validate(validate), reader.Under(prefix))
	ok := d.DecodeValid(n, v)
	e.problems = append(e.problems, d.Problems()...)
	return ok
}

// Pos returns "file:line:column" of n.
func (e *elemDecoder) Pos(n *yaml.Node) string {
	return reader.At(e.file, n, "").Pos()
}

func sortedStrings(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}

func mappingID(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" {
			return n.Content[i+1].Value
		}
	}
	return ""
}
