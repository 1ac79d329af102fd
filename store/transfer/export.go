package transfer

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// MinKeyLen is the shortest pseudonymisation key accepted, in bytes.
const MinKeyLen = 16

// DefaultMinCount is the default suppression threshold of aggregate
// tables.
const DefaultMinCount = 5

// ExportOptions configure a research export.
type ExportOptions struct {
	// Key is the secret of the pseudonyms (HMAC-SHA256), at least
	// MinKeyLen bytes. The same key gives the same pseudonyms, so exports
	// can be linked over time; whoever holds it can re-identify records by
	// hashing known identifiers, so keep it apart from the export.
	Key []byte
	// AsOf is the date ages and lengths of stay are computed on.
	AsOf housing.Date
	// Sensitive adds the special categories of data (victim of violence,
	// disability and the other health and care flags) to the members and
	// a table of them. Off by default.
	Sensitive bool
	// MinCount suppresses aggregate counts from 1 to MinCount-1 (default
	// DefaultMinCount; 1 suppresses nothing).
	MinCount int
}

// Research is a pseudonymised export of one tenant's records.
type Research struct {
	AsOf       housing.Date        `json:"as_of"`
	MinCount   int                 `json:"min_count"`
	Sensitive  bool                `json:"sensitive"`
	Households []ResearchHousehold `json:"households"`
	Stays      []ResearchStay      `json:"stays"`
	Decisions  []ResearchDecision  `json:"decisions"`
	Tables     []Table             `json:"tables"`
}

// ResearchHousehold is a household without names or identifying detail.
type ResearchHousehold struct {
	// ID is the household's pseudonym.
	ID     string `json:"id"`
	Size   int    `json:"size"`
	Minors int    `json:"minors"`
	// Municipality is the municipality of residence.
	Municipality    string           `json:"municipality,omitempty"`
	ISEEBand        string           `json:"isee_band"`
	LivingSituation housing.Ethos    `json:"living_situation,omitempty"`
	Members         []ResearchMember `json:"members"`
}

// ResearchMember is a member in bands and codes.
type ResearchMember struct {
	Role        housing.Role             `json:"role"`
	AgeBand     string                   `json:"age_band"`
	Sex         housing.Sex              `json:"sex,omitempty"`
	Citizenship housing.Citizenship      `json:"citizenship,omitempty"`
	Employment  housing.EmploymentStatus `json:"employment,omitempty"`
	// Sensitive holds the special categories, only when asked for.
	Sensitive *SensitiveFlags `json:"sensitive,omitempty"`
}

// SensitiveFlags are the special categories of a member (art. 9 GDPR); nil
// means not known.
type SensitiveFlags struct {
	VictimOfViolence     *bool                   `json:"victim_of_violence"`
	Disability           housing.DisabilityLevel `json:"disability,omitempty"`
	LeavingCare          *bool                   `json:"leaving_care"`
	NoSupportNetwork     *bool                   `json:"no_support_network"`
	RecentlyImpoverished *bool                   `json:"recently_impoverished"`
	CareDuties           *bool                   `json:"care_duties"`
	CertifiedHardship    *bool                   `json:"certified_hardship"`
}

// ResearchStay is a tenancy with months instead of dates.
type ResearchStay struct {
	ID          string                `json:"id"`
	HouseholdID string                `json:"household_id"`
	UnitID      string                `json:"unit_id"`
	FacilityID  string                `json:"facility_id,omitempty"`
	UnitKind    housing.UnitKind      `json:"unit_kind,omitempty"`
	ProgrammeID string                `json:"programme_id,omitempty"`
	PolicyID    string                `json:"policy_id"`
	Status      housing.TenancyStatus `json:"status"`
	// StartMonth, PlannedEndMonth and ExitMonth are "YYYY-MM".
	StartMonth      string `json:"start_month,omitempty"`
	PlannedEndMonth string `json:"planned_end_month,omitempty"`
	ExitMonth       string `json:"exit_month,omitempty"`
	// Months is the length of the stay in whole months, to the exit or
	// to AsOf.
	Months      int                 `json:"months"`
	Renewals    int                 `json:"renewals"`
	Reviews     int                 `json:"reviews"`
	ExitPathway housing.ExitPathway `json:"exit_pathway,omitempty"`
}

// ResearchDecision is an eligibility decision without its reasons' text.
type ResearchDecision struct {
	ID             string   `json:"id"`
	HouseholdID    string   `json:"household_id"`
	RuleSetID      string   `json:"ruleset_id"`
	RuleSetVersion string   `json:"ruleset_version"`
	VariantIDs     []string `json:"variant_ids,omitempty"`
	Month          string   `json:"month"`
	Outcome        string   `json:"outcome"`
}

// Table is an aggregate table: a count for each combination of its
// columns' values that occurs.
type Table struct {
	Name    string     `json:"name"`
	Columns []string   `json:"columns"`
	Rows    []TableRow `json:"rows"`
}

// TableRow is one cell of a Table; Count is nil when the cell is
// suppressed.
//
// A cell is suppressed when its count is below the threshold (primary
// suppression). Every table of one export covers a population whose
// total another table gives (households by age and by size count the
// same households), so a table with a single suppressed cell would give
// it away by subtraction: there the smallest other cell is suppressed
// too (complementary suppression, Secondary). The protection is at the
// level of a table's total; the rows of the first column are not given
// totals anywhere in the export.
type TableRow struct {
	Keys       []string `json:"keys"`
	Count      *int     `json:"count"`
	Suppressed bool     `json:"suppressed,omitempty"`
	// Secondary marks a cell at or above the threshold suppressed only
	// so that a single suppressed cell cannot be recovered from the
	// table's total.
	Secondary bool `json:"secondary,omitempty"`
}

// AgeBand returns the band of an age: "0-17", "18-24", "25-34", …,
// "65-74", "75+", or "unknown" for a negative age.
func AgeBand(age int) string {
	switch {
	case age < 0:
		return "unknown"
	case age < 18:
		return "0-17"
	case age < 25:
		return "18-24"
	case age >= 75:
		return "75+"
	}
	lo := age / 10 * 10
	if age%10 < 5 {
		lo -= 5
	} else {
		lo += 5
	}
	return fmt.Sprintf("%d-%d", lo, lo+9)
}

// iseeEdges are the edges of the ISEE bands, in euros: 9,360 is the ADI
// (Assegno di inclusione) threshold; the others are round figures.
var iseeEdges = []string{"0", "3000", "6000", "9360", "12000", "16000", "20000", "30000"}

// ISEEBand returns the band of an ISEE value: "0-3000" (from 0 up to, not
// including, 3000), …, "30000+", or "not declared".
func ISEEBand(i *housing.DeclaredISEE) string {
	if i == nil {
		return "not declared"
	}
	for k := len(iseeEdges) - 1; k >= 0; k-- {
		if !i.Value.LessThan(decimal.RequireFromString(iseeEdges[k])) {
			if k == len(iseeEdges)-1 {
				return iseeEdges[k] + "+"
			}
			return iseeEdges[k] + "-" + iseeEdges[k+1]
		}
	}
	return "negative"
}

// pseudonymiser derives stable pseudonyms.
type pseudonymiser struct {
	key    []byte
	tenant store.Tenant
}

// of returns the first 16 bytes, in hex, of HMAC-SHA256(key, tenant NUL
// kind NUL id).
func (p pseudonymiser) of(kind store.Kind, id string) string {
	if id == "" {
		return ""
	}
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(p.tenant))
	m.Write([]byte{0})
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Pseudonym returns the pseudonym Export gives the record of kind with id
// in tenant under key.
func Pseudonym(key []byte, tenant store.Tenant, kind store.Kind, id string) string {
	return pseudonymiser{key: key, tenant: tenant}.of(kind, id)
}

func month(d housing.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()[:7]
}

// Export reads the tenant's households, stays and decisions in one
// read-only transaction and returns them pseudonymised, with aggregate
// tables. It returns invalid for a key shorter than MinKeyLen, a missing
// date or a threshold below 1, and the store's errors.
func Export(ctx context.Context, st store.Store, tenant store.Tenant, opts ExportOptions) (*Research, error) {
	var ps housing.Problems
	if len(opts.Key) < MinKeyLen {
		ps.Add("key", "is %d bytes; a pseudonymisation key has at least %d", len(opts.Key), MinKeyLen)
	}
	if opts.AsOf.IsZero() {
		ps.Add("as_of", "is required")
	}
	if opts.MinCount == 0 {
		opts.MinCount = DefaultMinCount
	}
	if opts.MinCount < 1 {
		ps.Add("min_count", "%d: the suppression threshold is at least 1", opts.MinCount)
	}
	if err := ps.Err("invalid export options"); err != nil {
		return nil, err
	}
	p := pseudonymiser{key: opts.Key, tenant: tenant}
	out := &Research{AsOf: opts.AsOf, MinCount: opts.MinCount, Sensitive: opts.Sensitive,
		Households: []ResearchHousehold{}, Stays: []ResearchStay{}, Decisions: []ResearchDecision{}}
	err := st.View(ctx, tenant, func(tx store.Tx) error {
		units := map[string]housing.Unit{}
		if err := eachPage(func(pg store.Page) ([]store.Versioned[housing.Unit], error) { return tx.Units().List(pg) },
			func(u housing.Unit) string { return u.ID }, func(u housing.Unit) error { units[u.ID] = u; return nil }); err != nil {
			return err
		}
		if err := eachPage(func(pg store.Page) ([]store.Versioned[housing.Household], error) { return tx.Households().List(pg) },
			func(h housing.Household) string { return h.ID }, func(h housing.Household) error {
				out.Households = append(out.Households, researchHousehold(p, h, opts))
				ds, err := tx.Decisions().OfHousehold(h.ID)
				for _, d := range ds {
					out.Decisions = append(out.Decisions, ResearchDecision{ID: p.of(store.KindDecision, d.ID),
						HouseholdID: p.of(store.KindHousehold, d.HouseholdID), RuleSetID: d.RuleSetID, RuleSetVersion: d.RuleSetVersion,
						VariantIDs: slices.Clone(d.VariantIDs), Month: month(d.Date), Outcome: d.Outcome})
				}
				return err
			}); err != nil {
			return err
		}
		return eachPage(func(pg store.Page) ([]store.Versioned[housing.Tenancy], error) { return tx.Tenancies().List(pg) },
			func(t housing.Tenancy) string { return t.ID }, func(t housing.Tenancy) error {
				out.Stays = append(out.Stays, researchStay(p, t, units[t.UnitID], opts.AsOf))
				return nil
			})
	})
	if err != nil {
		return nil, err
	}
	// Pseudonyms, not identifiers, set the order.
	slices.SortFunc(out.Households, func(a, b ResearchHousehold) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Stays, func(a, b ResearchStay) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Decisions, func(a, b ResearchDecision) int { return cmp.Compare(a.ID, b.ID) })
	out.Tables = tables(out, opts)
	return out, nil
}

func eachPage[T any](list func(store.Page) ([]store.Versioned[T], error), id func(T) string, fn func(T) error) error {
	pg := store.Page{Limit: 1000}
	for {
		vs, err := list(pg)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if err := fn(v.Value); err != nil {
				return err
			}
		}
		if len(vs) < pg.Limit {
			return nil
		}
		pg.After = id(vs[len(vs)-1].Value)
	}
}

func researchHousehold(p pseudonymiser, h housing.Household, opts ExportOptions) ResearchHousehold {
	r := ResearchHousehold{ID: p.of(store.KindHousehold, h.ID), Size: h.Size(), Minors: h.Minors(opts.AsOf),
		Municipality: h.Residence.Municipality, ISEEBand: ISEEBand(h.ISEE), LivingSituation: h.LivingSituation,
		Members: make([]ResearchMember, len(h.Members))}
	for i, m := range h.Members {
		age := -1
		if !m.BirthDate.IsZero() && !m.BirthDate.After(opts.AsOf) {
			age = m.AgeOn(opts.AsOf)
		}
		rm := ResearchMember{Role: m.Role, AgeBand: AgeBand(age), Sex: m.Sex, Citizenship: m.Citizenship, Employment: m.Employment}
		if opts.Sensitive {
			rm.Sensitive = &SensitiveFlags{VictimOfViolence: m.VictimOfViolence, Disability: m.Disability, LeavingCare: m.LeavingCare,
				NoSupportNetwork: m.NoSupportNetwork, RecentlyImpoverished: m.RecentlyImpoverished, CareDuties: m.CareDuties,
				CertifiedHardship: m.CertifiedHardship}
		}
		r.Members[i] = rm
	}
	return r
}

func researchStay(p pseudonymiser, t housing.Tenancy, u housing.Unit, asOf housing.Date) ResearchStay {
	r := ResearchStay{ID: p.of(store.KindTenancy, t.ID), HouseholdID: p.of(store.KindHousehold, t.HouseholdID),
		UnitID: p.of(store.KindUnit, t.UnitID), FacilityID: p.of(store.KindFacility, u.FacilityID), UnitKind: u.Kind,
		ProgrammeID: t.ProgrammeID, PolicyID: t.PolicyID, Status: t.Status, StartMonth: month(t.Start),
		PlannedEndMonth: month(t.PlannedEnd), Renewals: len(t.Renewals), Reviews: len(t.Reviews)}
	end := asOf
	if t.Exit != nil {
		r.ExitMonth, r.ExitPathway, end = month(t.Exit.Date), t.Exit.Pathway, t.Exit.Date
	}
	if !t.Start.IsZero() && !end.Before(t.Start) {
		r.Months = t.Start.MonthsUntil(end)
	}
	return r
}

// counter counts combinations of keys.
type counter struct {
	name    string
	columns []string
	counts  map[string]int
	keys    map[string][]string
}

func newCounter(name string, columns ...string) *counter {
	return &counter{name: name, columns: columns, counts: map[string]int{}, keys: map[string][]string{}}
}

func (c *counter) add(keys ...string) {
	k := strings.Join(keys, "\x00")
	c.counts[k]++
	c.keys[k] = keys
}

// table returns the counts in key order, suppressing those below min
// and, when that leaves a single suppressed cell, the smallest other
// cell too (the first in key order among equals).
func (c *counter) table(min int) Table {
	t := Table{Name: c.name, Columns: c.columns, Rows: []TableRow{}}
	suppressed, smallest := 0, -1
	for _, k := range sortedKeys(c.counts) {
		n := c.counts[k]
		row := TableRow{Keys: c.keys[k]}
		if n < min {
			row.Suppressed = true
			suppressed++
		} else {
			row.Count = &n
			if smallest < 0 || n < *t.Rows[smallest].Count {
				smallest = len(t.Rows)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	if suppressed == 1 && smallest >= 0 {
		t.Rows[smallest] = TableRow{Keys: t.Rows[smallest].Keys, Suppressed: true, Secondary: true}
	}
	return t
}

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func flag(b *bool) string {
	switch {
	case b == nil:
		return "unknown"
	case *b:
		return "yes"
	}
	return "no"
}

func tables(r *Research, opts ExportOptions) []Table {
	byAge := newCounter("households_by_reference_age_and_sex", "age_band", "sex")
	bySize := newCounter("households_by_size_and_isee", "size", "isee_band")
	for _, h := range r.Households {
		ref := ResearchMember{AgeBand: "unknown"}
		for _, m := range h.Members {
			if m.Role == housing.RoleReference {
				ref = m
				break
			}
		}
		byAge.add(ref.AgeBand, cmp.Or(string(ref.Sex), "unknown"))
		bySize.add(strconv.Itoa(h.Size), h.ISEEBand)
	}
	stays := newCounter("stays_by_programme_and_status", "programme_id", "status")
	exits := newCounter("exits_by_programme_and_pathway", "programme_id", "exit_pathway")
	for _, s := range r.Stays {
		prog := cmp.Or(s.ProgrammeID, s.PolicyID)
		stays.add(prog, string(s.Status))
		if s.ExitPathway != "" {
			exits.add(prog, string(s.ExitPathway))
		}
	}
	decisions := newCounter("decisions_by_ruleset_and_outcome", "ruleset_id", "outcome")
	for _, d := range r.Decisions {
		decisions.add(d.RuleSetID, d.Outcome)
	}
	out := []Table{byAge.table(opts.MinCount), bySize.table(opts.MinCount), stays.table(opts.MinCount),
		exits.table(opts.MinCount), decisions.table(opts.MinCount)}
	if opts.Sensitive {
		sens := newCounter("members_by_violence_and_disability", "victim_of_violence", "disabled")
		for _, h := range r.Households {
			for _, m := range h.Members {
				disabled := "unknown"
				if m.Sensitive.Disability != "" {
					disabled = flag(housing.Bool(m.Sensitive.Disability.Disabled()))
				}
				sens.add(flag(m.Sensitive.VictimOfViolence), disabled)
			}
		}
		out = append(out, sens.table(opts.MinCount))
	}
	return out
}

// WriteJSON writes the export as one JSON document.
func (r *Research) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// CSVNames lists the parts WriteCSV writes: "households", "stays",
// "decisions" and the name of every table.
func (r *Research) CSVNames() []string {
	names := []string{"households", "stays", "decisions"}
	for _, t := range r.Tables {
		names = append(names, t.Name)
	}
	return names
}

// WriteCSV writes one part of the export (see CSVNames) as CSV with a
// header row. Households are written one row per household with their
// reference person's bands; members are in the JSON form. It returns
// invalid for an unknown part.
func (r *Research) WriteCSV(w io.Writer, part string) error {
	cw := csv.NewWriter(w)
	switch part {
	case "households":
		head := []string{"id", "size", "minors", "municipality", "isee_band", "living_situation", "reference_age_band", "reference_sex"}
		if r.Sensitive {
			head = append(head, "any_victim_of_violence", "any_disabled")
		}
		_ = cw.Write(head)
		for _, h := range r.Households {
			ref := ResearchMember{AgeBand: "unknown"}
			for _, m := range h.Members {
				if m.Role == housing.RoleReference {
					ref = m
					break
				}
			}
			rec := []string{h.ID, strconv.Itoa(h.Size), strconv.Itoa(h.Minors), h.Municipality, h.ISEEBand, string(h.LivingSituation), ref.AgeBand, string(ref.Sex)}
			if r.Sensitive {
				violence, disabled := "no", "no"
				for _, m := range h.Members {
					if m.Sensitive.VictimOfViolence != nil && *m.Sensitive.VictimOfViolence {
						violence = "yes"
					}
					if m.Sensitive.Disability.Disabled() {
						disabled = "yes"
					}
				}
				rec = append(rec, violence, disabled)
			}
			_ = cw.Write(rec)
		}
	case "stays":
		_ = cw.Write([]string{"id", "household_id", "unit_id", "facility_id", "unit_kind", "programme_id", "policy_id", "status",
			"start_month", "planned_end_month", "exit_month", "months", "renewals", "reviews", "exit_pathway"})
		for _, s := range r.Stays {
			_ = cw.Write([]string{s.ID, s.HouseholdID, s.UnitID, s.FacilityID, string(s.UnitKind), s.ProgrammeID, s.PolicyID, string(s.Status),
				s.StartMonth, s.PlannedEndMonth, s.ExitMonth, strconv.Itoa(s.Months), strconv.Itoa(s.Renewals), strconv.Itoa(s.Reviews), string(s.ExitPathway)})
		}
	case "decisions":
		_ = cw.Write([]string{"id", "household_id", "ruleset_id", "ruleset_version", "variant_ids", "month", "outcome"})
		for _, d := range r.Decisions {
			_ = cw.Write([]string{d.ID, d.HouseholdID, d.RuleSetID, d.RuleSetVersion, strings.Join(d.VariantIDs, "|"), d.Month, d.Outcome})
		}
	default:
		i := slices.IndexFunc(r.Tables, func(t Table) bool { return t.Name == part })
		if i < 0 {
			return housing.Errorf(housing.CodeInvalid, "transfer.part", "no part %q in the export; the parts are %s", part, strings.Join(r.CSVNames(), ", "))
		}
		t := r.Tables[i]
		_ = cw.Write(append(slices.Clone(t.Columns), "count"))
		for _, row := range t.Rows {
			count := "suppressed"
			if row.Count != nil {
				count = strconv.Itoa(*row.Count)
			}
			_ = cw.Write(append(slices.Clone(row.Keys), count))
		}
	}
	cw.Flush()
	return cw.Error()
}
