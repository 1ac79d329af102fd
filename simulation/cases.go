package simulation

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/housingkit/housingkit/housing"
)

// caseRow is one pseudonymised case of the research export's "households"
// part (see store/transfer): what a resampled arrival takes from it.
type caseRow struct {
	size, minors    int
	municipality    string
	iseeLo, iseeHi  float64 // -1 when not declared
	living          housing.Ethos
	ageLo, ageHi    int // -1 when unknown
	sex             housing.Sex
	violence, known bool
}

// caseColumns are the columns a cases file must have (the export's
// "households" part; its two sensitive columns are optional).
var caseColumns = []string{"id", "size", "minors", "municipality", "isee_band", "living_situation", "reference_age_band", "reference_sex"}

// readCases reads a cases CSV, reporting every problem at its line and
// column.
func readCases(name string, data []byte) ([]caseRow, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = false
	var ps housing.Problems
	at := func(line, col int, format string, args ...any) {
		ps = append(ps, housing.Problem{File: name, Line: line, Col: col, Message: fmt.Sprintf(format, args...)})
	}
	head, err := r.Read()
	if err != nil {
		at(1, 1, "cannot read the header: %v", err)
		return nil, ps.Err("invalid cases file " + name)
	}
	idx := map[string]int{}
	for i, h := range head {
		idx[h] = i
		if !slices.Contains(caseColumns, h) && h != "any_victim_of_violence" && h != "any_disabled" {
			at(1, i+1, "unknown column %q; want %s", h, strings.Join(caseColumns, ", "))
		}
	}
	for _, c := range caseColumns {
		if _, ok := idx[c]; !ok {
			at(1, 1, "missing column %q", c)
		}
	}
	if len(ps) > 0 {
		return nil, ps.Err("invalid cases file " + name)
	}
	var rows []caseRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				at(pe.Line, pe.Column, "%v", pe.Err)
			} else {
				at(line, 1, "%v", err)
			}
			break
		}
		col := func(c string) (string, int) {
			i := idx[c]
			_, cc := r.FieldPos(i)
			return rec[i], cc
		}
		var c caseRow
		v, cc := col("size")
		c.size, err = strconv.Atoi(v)
		if err != nil || c.size < 1 || c.size > housing.MaxMembers {
			at(line, cc, "size: want 1 to %d, got %q", housing.MaxMembers, v)
		}
		v, cc = col("minors")
		c.minors, err = strconv.Atoi(v)
		if err != nil || c.minors < 0 || c.minors >= max(c.size, 1) {
			at(line, cc, "minors: want 0 to size-1 (a household has an adult), got %q", v)
		}
		c.municipality, _ = col("municipality")
		v, cc = col("isee_band")
		if c.iseeLo, c.iseeHi, err = parseBand(v, 30000, 60000); err != nil {
			at(line, cc, "isee_band: %v", err)
		}
		v, cc = col("living_situation")
		c.living = housing.Ethos(v)
		if v != "" && !c.living.Valid() {
			at(line, cc, "living_situation: want an ETHOS code or housed, got %q", v)
		}
		v, cc = col("reference_age_band")
		lo, hi, err := parseBand(v, 75, 90)
		if err != nil || (lo >= 0 && lo < 18) {
			at(line, cc, "reference_age_band: want a band such as 35-44 from 18 on, got %q", v)
		}
		c.ageLo, c.ageHi = int(lo), int(hi)
		v, cc = col("reference_sex")
		c.sex = housing.Sex(v)
		if v != "" && !slices.Contains([]housing.Sex{housing.SexFemale, housing.SexMale, housing.SexOther}, c.sex) {
			at(line, cc, "reference_sex: want F, M, X or empty, got %q", v)
		}
		if i, ok := idx["any_victim_of_violence"]; ok {
			c.known = true
			c.violence = rec[i] == "yes"
		}
		rows = append(rows, c)
	}
	if len(rows) == 0 && len(ps) == 0 {
		at(1, 1, "no case in the file")
	}
	if len(ps) > 0 {
		return nil, ps.Err("invalid cases file " + name)
	}
	return rows, nil
}

// parseBand reads "LO-HI" (HI exclusive for ISEE, inclusive for ages),
// "LO+" (up to top) or "not declared"/"unknown" (-1, -1).
func parseBand(s string, plus, top float64) (float64, float64, error) {
	switch s {
	case "not declared", "unknown", "":
		return -1, -1, nil
	}
	if lo, ok := strings.CutSuffix(s, "+"); ok {
		v, err := strconv.ParseFloat(lo, 64)
		if err != nil || v < 0 {
			return 0, 0, fmt.Errorf("want a band such as 0-3000 or %v+, got %q", plus, s)
		}
		return v, max(top, v), nil
	}
	a, b, ok := strings.Cut(s, "-")
	lo, err1 := strconv.ParseFloat(a, 64)
	hi, err2 := strconv.ParseFloat(b, 64)
	if !ok || err1 != nil || err2 != nil || lo < 0 || hi < lo {
		return 0, 0, fmt.Errorf("want a band such as 0-3000, got %q", s)
	}
	return lo, hi, nil
}
