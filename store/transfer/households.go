package transfer

import (
	"io"
	"strings"

	"github.com/housingkit/housingkit/housing"
)

// Member columns: one value per row (one row per member).
var memberColumns = []string{"household_id", "role", "birth_date", "person_id", "sex", "citizenship", "employment",
	"months_worked", "income_kind", "income_annual", "disability", "victim_of_violence", "leaving_care", "no_support_network"}

// Household and referral columns: given on a household's first row; later
// rows of the household leave them blank or repeat them.
var householdColumns = []string{"residence_municipality", "residence_region", "residence_since", "work_municipality",
	"isee_value", "isee_issued_on", "assets_financial", "assets_real_estate", "current_rent", "living_situation",
	"needs_step_free", "needs_can_share", "needs_sub_areas", "ownership_owns_dwelling", "emergency_eviction_order",
	"referral_id", "programme_id", "team_name", "team_kind", "referral_date", "case_managed"}

// HouseholdColumns lists the columns of a households CSV file (a referral
// batch): one row per member, grouped into households by household_id;
// household_id, role and birth_date are required. The household's own
// columns (residence, ISEE, needs, …) and its referral's (referral_id,
// programme_id, team_name, team_kind, referral_date, case_managed) are
// given on its first row. income_annual blank means incomes not declared,
// 0 means declared: none; needs_sub_areas separates areas with '|'.
var HouseholdColumns = append(append([]string{}, memberColumns...), householdColumns...)

// referralAliases maps a Referral's field paths to the batch's columns.
var referralAliases = map[string]string{"id": "referral_id", "date": "referral_date", "household_id": "household_id"}

// householdAliases maps a Household's field paths to the batch's columns.
var householdAliases = map[string]string{"members.incomes.annual": "income_annual", "members.incomes.kind": "income_kind",
	"members.id": "person_id", "id": "household_id", "members": "household_id"}

// ReadHouseholdsCSV reads a referral batch from CSV: households, one row
// per member, each with the referral given on its first row, if any.
func ReadHouseholdsCSV(name string, r io.Reader, lim Limits) (Batch, Report) {
	rep := Report{File: name}
	s, _ := readSheet(r, lim, HouseholdColumns, HouseholdColumns[:3], &rep)
	if s == nil {
		return Batch{}, rep
	}
	type group struct {
		first *row
		rows  []*row
		h     housing.Household
	}
	var order []string
	groups := map[string]*group{}
	for i := range s.records {
		rw := s.row(i)
		id := rw.str("household_id")
		g := groups[id]
		if g == nil {
			g = &group{first: rw, h: housing.Household{ID: id}}
			groups[id] = g
			order = append(order, id)
		} else {
			for _, c := range householdColumns {
				if v := rw.str(c); v != "" && v != g.first.str(c) {
					rw.problem(c, "%q differs from %q on row %d, the household's first row; give household values once", v, g.first.str(c), g.first.line)
				}
			}
		}
		g.rows = append(g.rows, rw)
		m := housing.Member{Role: housing.Role(rw.str("role")), Person: housing.Person{
			ID: rw.str("person_id"), BirthDate: rw.date("birth_date"), Sex: housing.Sex(rw.str("sex")),
			Citizenship: housing.Citizenship(rw.str("citizenship")), Employment: housing.EmploymentStatus(rw.str("employment")),
			MonthsWorked: rw.intPtr("months_worked"), Disability: housing.DisabilityLevel(rw.str("disability")),
			VictimOfViolence: rw.boolPtr("victim_of_violence"), LeavingCare: rw.boolPtr("leaving_care"),
			NoSupportNetwork: rw.boolPtr("no_support_network"),
		}}
		if amount, ok := rw.amount("income_annual"); ok {
			m.Incomes = []housing.IncomeSource{}
			if !amount.IsZero() || rw.str("income_kind") != "" {
				m.Incomes = append(m.Incomes, housing.IncomeSource{Kind: housing.IncomeKind(rw.str("income_kind")), Annual: amount})
			}
		} else if rw.str("income_kind") != "" {
			rw.problem("income_annual", "is required with income_kind")
		}
		g.h.Members = append(g.h.Members, m)
	}
	var b Batch
	for _, id := range order {
		g := groups[id]
		f := g.first
		h := &g.h
		h.Residence = housing.Residence{Municipality: f.str("residence_municipality"), Region: f.str("residence_region"), Since: f.date("residence_since")}
		h.WorkMunicipality = f.str("work_municipality")
		if v, ok := f.amount("isee_value"); ok {
			h.ISEE = &housing.DeclaredISEE{Value: v, IssuedOn: f.date("isee_issued_on")}
		}
		if f.str("assets_financial") != "" || f.str("assets_real_estate") != "" {
			h.Assets = &housing.Assets{Financial: f.dec("assets_financial"), RealEstate: f.dec("assets_real_estate")}
		}
		h.CurrentRent = f.decPtr("current_rent")
		h.LivingSituation = housing.Ethos(f.str("living_situation"))
		h.Needs = housing.Needs{StepFree: f.boolean("needs_step_free"), CanShare: f.boolPtr("needs_can_share")}
		if v := f.str("needs_sub_areas"); v != "" {
			for _, a := range strings.Split(v, "|") {
				h.Needs.SubAreas = append(h.Needs.SubAreas, strings.TrimSpace(a))
			}
		}
		if owns := f.boolPtr("ownership_owns_dwelling"); owns != nil {
			h.Ownership = &housing.Ownership{OwnsDwelling: *owns}
		}
		h.Emergency.EvictionOrder = f.boolPtr("emergency_eviction_order")
		placeHouseholdProblems(g.rows, h.Validate())
		var ref *housing.Referral
		if rid := f.str("referral_id"); rid != "" || f.str("programme_id") != "" {
			ref = &housing.Referral{ID: rid, HouseholdID: id, ProgrammeID: f.str("programme_id"),
				Team: housing.Team{Name: f.str("team_name"), Kind: housing.TeamKind(f.str("team_kind"))},
				Date: f.date("referral_date"), CaseManaged: f.boolean("case_managed")}
			checkValid(f, ref.Validate(), referralAliases)
		}
		bad := false
		for _, rw := range g.rows {
			bad = bad || rw.bad
		}
		if bad {
			continue
		}
		b.Households = append(b.Households, Record[housing.Household]{Row: f.line, Value: *h})
		if ref != nil {
			b.Referrals = append(b.Referrals, Record[housing.Referral]{Row: f.line, Value: *ref})
		}
	}
	seen := map[string]int{}
	for _, id := range order {
		if g := groups[id]; g.first.str("referral_id") != "" {
			checkID(g.first, "referral_id", g.first.str("referral_id"), seen)
		}
	}
	rep.Rows = len(s.records)
	sortProblems(&rep)
	return b, rep
}

// placeHouseholdProblems records each problem of a household's Validate at
// the row of the member it concerns ("members[2]…"), or at the first row.
func placeHouseholdProblems(rows []*row, err error) {
	if err == nil {
		return
	}
	var he *housing.Error
	if !asHousingError(err, &he) || len(he.Problems) == 0 {
		rows[0].problem("", "%s", housing.ErrorMessage(err))
		return
	}
	for _, p := range he.Problems {
		target := rows[0]
		if n, ok := scanIndex(p.Path, "members["); ok && n < len(rows) {
			target = rows[n]
		}
		col := target.s.columnOf(p.Path, householdAliases)
		msg := p.Message
		if col == "" {
			msg = p.Path + ": " + msg
		}
		target.followUp(col, "%s", msg)
	}
}
