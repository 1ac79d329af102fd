package housing

import (
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// Sex is the sex recorded in the personal record (sesso): "F", "M", or "X"
// where the record allows neither.
type Sex string

// The values of Sex.
const (
	SexFemale Sex = "F"
	SexMale   Sex = "M"
	SexOther  Sex = "X"
)

// Sexes lists the values of Sex.
var Sexes = []Sex{SexFemale, SexMale, SexOther}

// Label returns the name of s in lang.
func (s Sex) Label(lang language.Tag) string { return label(lang, "sex", s) }

// Citizenship is the citizenship class that access rules distinguish
// (cittadinanza): Italian, another EU state, or outside the EU.
type Citizenship string

// The values of Citizenship.
const (
	CitizenshipItalian Citizenship = "italian"
	CitizenshipEU      Citizenship = "eu"
	CitizenshipNonEU   Citizenship = "non_eu"
)

// Citizenships lists the values of Citizenship.
var Citizenships = []Citizenship{CitizenshipItalian, CitizenshipEU, CitizenshipNonEU}

// Label returns the name of c in lang.
func (c Citizenship) Label(lang language.Tag) string { return label(lang, "citizenship", c) }

// DisabilityLevel is the disability level as the ISEE rules class it
// (disabilità media, grave, non autosufficienza). Sensitive: health data.
type DisabilityLevel string

// The values of DisabilityLevel.
const (
	DisabilityNone   DisabilityLevel = "none"
	DisabilityMedium DisabilityLevel = "medium"
	DisabilitySevere DisabilityLevel = "severe"
	// DisabilityNotSelfSufficient is non autosufficienza, the highest level.
	DisabilityNotSelfSufficient DisabilityLevel = "not_self_sufficient"
)

// DisabilityLevels lists the values of DisabilityLevel.
var DisabilityLevels = []DisabilityLevel{DisabilityNone, DisabilityMedium, DisabilitySevere, DisabilityNotSelfSufficient}

// Label returns the name of d in lang.
func (d DisabilityLevel) Label(lang language.Tag) string { return label(lang, "disability", d) }

// Disabled reports whether d is medium, severe or not self-sufficient.
func (d DisabilityLevel) Disabled() bool {
	return d == DisabilityMedium || d == DisabilitySevere || d == DisabilityNotSelfSufficient
}

// EmploymentStatus is a person's condition on the labour market (condizione
// occupazionale).
type EmploymentStatus string

// The values of EmploymentStatus.
const (
	EmploymentEmployed     EmploymentStatus = "employed"
	EmploymentSelfEmployed EmploymentStatus = "self_employed"
	// EmploymentPrecarious: short fixed-term, occasional or irregular work
	// (lavoro precario), which the Ferrara text names among the hardships.
	EmploymentPrecarious EmploymentStatus = "precarious"
	EmploymentUnemployed EmploymentStatus = "unemployed"
	EmploymentRetired    EmploymentStatus = "retired"
	EmploymentStudent    EmploymentStatus = "student"
	EmploymentInactive   EmploymentStatus = "inactive"
)

// EmploymentStatuses lists the values of EmploymentStatus.
var EmploymentStatuses = []EmploymentStatus{EmploymentEmployed, EmploymentSelfEmployed, EmploymentPrecarious, EmploymentUnemployed, EmploymentRetired, EmploymentStudent, EmploymentInactive}

// Label returns the name of e in lang.
func (e EmploymentStatus) Label(lang language.Tag) string { return label(lang, "employment", e) }

// IncomeKind is the kind of an income source (fonte di reddito), as the ISEE
// and rent-support rules treat them differently.
type IncomeKind string

// The values of IncomeKind.
const (
	IncomeEmployment     IncomeKind = "employment"      // lavoro dipendente
	IncomeSelfEmployment IncomeKind = "self_employment" // lavoro autonomo
	IncomePension        IncomeKind = "pension"         // pensione
	IncomeBenefit        IncomeKind = "benefit"         // sostegni pubblici (ADI, NASpI, invalidità…)
	IncomeMaintenance    IncomeKind = "maintenance"     // assegno di mantenimento
	IncomeOther          IncomeKind = "other"           // altro
)

// IncomeKinds lists the values of IncomeKind.
var IncomeKinds = []IncomeKind{IncomeEmployment, IncomeSelfEmployment, IncomePension, IncomeBenefit, IncomeMaintenance, IncomeOther}

// Label returns the name of k in lang.
func (k IncomeKind) Label(lang language.Tag) string { return label(lang, "income", k) }

// IncomeSource is one income of a person (fonte di reddito) with its gross
// annual amount in euros. Precarious marks an income that is irregular or
// uncertain (reddito precario), which the Crema rules still count.
type IncomeSource struct {
	Kind       IncomeKind      `json:"kind"`
	Annual     decimal.Decimal `json:"annual"`
	Precarious bool            `json:"precarious,omitempty"`
	Note       string          `json:"note,omitempty"`
}

// Person is a member of a household (componente del nucleo familiare).
//
// Fields marked sensitive are special categories of personal data under
// art. 9 GDPR (health, violence, judicial or care history): they are marked
// "x-sensitive" in the JSON Schema so that vendors can protect them, and a
// nil value means "not known" (never "no").
type Person struct {
	// ID identifies the person in the vendor's records; optional.
	ID          string      `json:"id,omitempty"`
	BirthDate   Date        `json:"birth_date"`
	Sex         Sex         `json:"sex,omitempty"`
	Citizenship Citizenship `json:"citizenship,omitempty"`
	// Disability is the ISEE disability level. Sensitive.
	Disability DisabilityLevel `json:"disability,omitempty"`
	// DisabilityPercent is the certified invalidity percentage (0–100), for
	// rules that name one (for example ≥ 74%). Sensitive.
	DisabilityPercent *int `json:"disability_percent,omitempty"`
	// Incomes lists the person's incomes. nil means "not declared"; an empty
	// list means "declared: no income".
	Incomes    []IncomeSource   `json:"incomes"`
	Employment EmploymentStatus `json:"employment,omitempty"`
	// MonthsWorked is the number of months worked in the ISEE income year
	// (for the working-parents increment of the equivalence scale).
	MonthsWorked *int `json:"months_worked,omitempty"`
	// VictimOfViolence: a woman (or person) victim of violence (vittima di
	// violenza). Sensitive.
	VictimOfViolence *bool `json:"victim_of_violence,omitempty"`
	// LeavingCare: a young person who has just come of age leaving a care
	// path or community for minors (neo-maggiorenne in uscita). Sensitive.
	LeavingCare *bool `json:"leaving_care,omitempty"`
	// NoSupportNetwork: an adult without a family or friendship network
	// (senza rete familiare o amicale). Sensitive.
	NoSupportNetwork *bool `json:"no_support_network,omitempty"`
	// RecentlyImpoverished: impoverished recently, for example by the
	// pandemic (di recente impoverimento). Sensitive.
	RecentlyImpoverished *bool `json:"recently_impoverished,omitempty"`
	// CareDuties: an adult with care duties towards another member (carichi
	// di cura), for the ADI equivalence scale. Sensitive.
	CareDuties *bool `json:"care_duties,omitempty"`
	// CertifiedHardship: an adult in severe hardship certified by public
	// services (grave disagio bio-psico-sociale), for the ADI scale. Sensitive.
	CertifiedHardship *bool `json:"certified_hardship,omitempty"`
}

// SensitiveFields lists the JSON names of Person's special-category fields.
var SensitiveFields = []string{"disability", "disability_percent", "victim_of_violence", "leaving_care", "no_support_network", "recently_impoverished", "care_duties", "certified_hardship"}

// AgeOn returns the person's age in whole years on date d (0 when the birth
// date is unknown or after d).
func (p Person) AgeOn(d Date) int {
	if p.BirthDate.IsZero() || p.BirthDate.After(d) {
		return 0
	}
	return p.BirthDate.YearsUntil(d)
}

// AnnualIncome returns the sum of the person's annual incomes and whether
// they are known (false when Incomes is nil).
func (p Person) AnnualIncome() (decimal.Decimal, bool) {
	if p.Incomes == nil {
		return decimal.Zero, false
	}
	sum := decimal.Zero
	for _, in := range p.Incomes {
		sum = sum.Add(in.Annual)
	}
	return sum, true
}

// Validate checks the person and returns every problem at once (code
// CodeInvalid), with field paths relative to the person.
func (p Person) Validate() error {
	var ps Problems
	p.validate(&ps, "", Date{})
	return ps.Err("invalid person")
}

// validate records problems under prefix; asOf, when set, bounds dates.
func (p Person) validate(ps *Problems, prefix string, asOf Date) {
	at := func(f string) string { return JoinPath(prefix, f) }
	if p.BirthDate.IsZero() {
		ps.Add(at("birth_date"), "is required")
	} else {
		if p.BirthDate.Year() < 1900 {
			ps.Add(at("birth_date"), "%s is before 1900", p.BirthDate)
		}
		if !asOf.IsZero() && p.BirthDate.After(asOf) {
			ps.Add(at("birth_date"), "%s is after the reference date %s", p.BirthDate, asOf)
		}
	}
	checkEnum(ps, at("sex"), p.Sex, false, Sexes)
	checkEnum(ps, at("citizenship"), p.Citizenship, false, Citizenships)
	checkEnum(ps, at("disability"), p.Disability, false, DisabilityLevels)
	checkEnum(ps, at("employment"), p.Employment, false, EmploymentStatuses)
	if p.DisabilityPercent != nil && (*p.DisabilityPercent < 0 || *p.DisabilityPercent > 100) {
		ps.Add(at("disability_percent"), "%d is outside 0..100", *p.DisabilityPercent)
	}
	if p.MonthsWorked != nil && (*p.MonthsWorked < 0 || *p.MonthsWorked > 12) {
		ps.Add(at("months_worked"), "%d is outside 0..12", *p.MonthsWorked)
	}
	for i, in := range p.Incomes {
		ip := at(Index("incomes", i))
		checkEnum(ps, JoinPath(ip, "kind"), in.Kind, true, IncomeKinds)
		if in.Annual.IsNegative() {
			ps.Add(JoinPath(ip, "annual"), "income %s is negative", in.Annual)
		}
		checkCents(ps, JoinPath(ip, "annual"), in.Annual)
	}
}
