package eligibility

import (
	"github.com/housingkit/housingkit/internal/checked"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// Kind is the type of a fact's values.
type Kind uint8

// The kinds of facts.
const (
	// KindInt: a whole number (persons, years, a percentage).
	KindInt Kind = iota + 1
	// KindBool: true or false.
	KindBool
	// KindMoney: an amount of euros, compared exactly as a decimal.
	KindMoney
	// KindEnum: one value of a closed list (an ETHOS code, a team kind).
	KindEnum
	// KindText: a free text such as a municipality, compared ignoring case.
	KindText
	// KindDate: a calendar date.
	KindDate
)

var kindNames = map[Kind]string{KindInt: "int", KindBool: "bool", KindMoney: "money", KindEnum: "enum", KindText: "text", KindDate: "date"}

// String returns the kind's name as written in FORMAT.md: int, bool,
// money, enum, text or date.
func (k Kind) String() string { return kindNames[k] }

// factID indexes the fact vocabulary; at most 64 facts so that a set of
// facts is one uint64.
type factID uint8

// The fact vocabulary. The order is the order of FactInfos and of the
// documentation; add new facts at the end of a section and keep the count
// within 64.
const (
	fHouseholdSize factID = iota
	fAdults
	fMinors
	fOver65
	fYoungestAge
	fOldestAge
	fReferenceAge
	fReferenceSex
	fReferenceCitizenship
	fDisabledMembers
	fSeverelyDisabledMembers
	fMaxDisabilityPercent
	fAnnualIncome
	fIncomeCount
	fHasIncome
	fISEE
	fISEEValid
	fISEECurrent
	fFinancialAssets
	fRealEstateAssets
	fCurrentRent
	fLivingSituation
	fEthosConcept
	fEthosCategory
	fEvictionOrder
	fTemporarySpace
	fImproperDwelling
	fSafetyRisk
	fOwnsDwelling
	fOwnsAdequateDwelling
	fOwnershipShare
	fVictimOfViolence
	fLeavingCare
	fNoSupportNetwork
	fRecentlyImpoverished
	fCareDuties
	fCertifiedHardship
	fResidenceYears
	fResidenceSince
	fResidenceMunicipality
	fResidenceRegion
	fWorkMunicipality
	fReferralTeam
	fCaseManaged
	fHasPersonalRecord
	fReferralDate
	// Added after the first release: at the end, so that nothing moves.
	fChildren
	fEmploymentIncome
	fSelfEmploymentIncome
	fPensionIncome
	fCanShare
	fNeedsStepFree
	fTempDifficulty
	fFragile
	fExtremeHardship
	fERPNow
	fERPRank
	fJointTeam
	numFacts
)

// extraction groups: facts computed together in one pass over the household.
type group uint32

const (
	gAges group = 1 << iota
	gReference
	gDisability
	gIncome // has_income: one pass, no sums
	gIncomeSum
	gISEE
	gAssets
	gLiving
	gEmergency
	gOwnership
	gFlags
	gResidence
	gRent
	gReferral
	gIncomeKinds // income by kind: a pass over incomes with sums
	gNeeds
	gAssessment // the team's assessment of the household and its ERP position
)

type factDef struct {
	name      string
	kind      Kind
	unit      params.Unit // for int and money facts
	enum      []string    // for enum facts: the allowed values
	group     group
	sensitive bool
	desc      housing.Text
	slot      int // index in Facts.ints, Facts.strs or Facts.money
	label     func(lang language.Tag, v string) string
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

var (
	ethosValues   = append(strs(housing.EthosCodes), string(housing.EthosHoused))
	conceptValues = append(strs(housing.EthosConcepts), string(housing.EthosHoused))
)

// factDefs is the closed fact vocabulary, indexed by factID.
var factDefs = [numFacts]factDef{
	fHouseholdSize:           {name: "household_size", kind: KindInt, unit: params.UnitPersons, desc: housing.Text{IT: "numero dei componenti del nucleo", EN: "number of household members"}},
	fAdults:                  {name: "adults", kind: KindInt, unit: params.UnitPersons, group: gAges, desc: housing.Text{IT: "componenti maggiorenni", EN: "members aged 18 or over"}},
	fMinors:                  {name: "minors", kind: KindInt, unit: params.UnitPersons, group: gAges, desc: housing.Text{IT: "componenti minorenni", EN: "members under 18"}},
	fOver65:                  {name: "over_65", kind: KindInt, unit: params.UnitPersons, group: gAges, desc: housing.Text{IT: "componenti di 65 anni o più", EN: "members aged 65 or over"}},
	fYoungestAge:             {name: "youngest_age", kind: KindInt, unit: params.UnitYears, group: gAges, desc: housing.Text{IT: "età del componente più giovane", EN: "age of the youngest member"}},
	fOldestAge:               {name: "oldest_age", kind: KindInt, unit: params.UnitYears, group: gAges, desc: housing.Text{IT: "età del componente più anziano", EN: "age of the oldest member"}},
	fReferenceAge:            {name: "reference_age", kind: KindInt, unit: params.UnitYears, group: gAges, desc: housing.Text{IT: "età dell'intestatario", EN: "age of the reference person"}},
	fReferenceSex:            {name: "reference_sex", kind: KindEnum, enum: strs(housing.Sexes), group: gReference, desc: housing.Text{IT: "sesso dell'intestatario", EN: "sex of the reference person"}, label: func(l language.Tag, v string) string { return housing.Sex(v).Label(l) }},
	fReferenceCitizenship:    {name: "reference_citizenship", kind: KindEnum, enum: strs(housing.Citizenships), group: gReference, desc: housing.Text{IT: "cittadinanza dell'intestatario", EN: "citizenship of the reference person"}, label: func(l language.Tag, v string) string { return housing.Citizenship(v).Label(l) }},
	fDisabledMembers:         {name: "disabled_members", kind: KindInt, unit: params.UnitPersons, group: gDisability, sensitive: true, desc: housing.Text{IT: "componenti con disabilità media, grave o non autosufficienti", EN: "members with medium or severe disability or not self-sufficient"}},
	fSeverelyDisabledMembers: {name: "severely_disabled_members", kind: KindInt, unit: params.UnitPersons, group: gDisability, sensitive: true, desc: housing.Text{IT: "componenti con disabilità grave o non autosufficienti", EN: "members with severe disability or not self-sufficient"}},
	fMaxDisabilityPercent:    {name: "max_disability_percent", kind: KindInt, unit: params.UnitPercent, group: gDisability, sensitive: true, desc: housing.Text{IT: "percentuale di invalidità più alta nel nucleo", EN: "highest certified invalidity percentage in the household"}},
	fAnnualIncome:            {name: "annual_income", kind: KindMoney, unit: params.UnitEURYear, group: gIncomeSum, desc: housing.Text{IT: "reddito annuo del nucleo", EN: "household annual income"}},
	fIncomeCount:             {name: "income_count", kind: KindInt, unit: params.UnitCount, group: gIncomeSum, desc: housing.Text{IT: "numero di entrate reddituali", EN: "number of income sources"}},
	fHasIncome:               {name: "has_income", kind: KindBool, group: gIncome, desc: housing.Text{IT: "almeno un'entrata reddituale nel nucleo", EN: "at least one income in the household"}},
	fISEE:                    {name: "isee", kind: KindMoney, unit: params.UnitEURYear, group: gISEE, desc: housing.Text{IT: "ISEE dichiarato", EN: "declared ISEE"}},
	fISEEValid:               {name: "isee_valid", kind: KindBool, group: gISEE, desc: housing.Text{IT: "attestazione ISEE valida alla data", EN: "ISEE attestation valid on the date"}},
	fISEECurrent:             {name: "isee_current", kind: KindBool, group: gISEE, desc: housing.Text{IT: "ISEE corrente", EN: "current (updated) ISEE"}},
	fFinancialAssets:         {name: "financial_assets", kind: KindMoney, unit: params.UnitEUR, group: gAssets, desc: housing.Text{IT: "patrimonio mobiliare", EN: "financial assets"}},
	fRealEstateAssets:        {name: "real_estate_assets", kind: KindMoney, unit: params.UnitEUR, group: gAssets, desc: housing.Text{IT: "patrimonio immobiliare", EN: "real-estate assets"}},
	fCurrentRent:             {name: "current_rent", kind: KindMoney, unit: params.UnitEURMonth, group: gRent, desc: housing.Text{IT: "canone mensile attuale", EN: "current monthly rent"}},
	fLivingSituation:         {name: "living_situation", kind: KindEnum, enum: ethosValues, group: gLiving, desc: housing.Text{IT: "situazione abitativa (codice ETHOS)", EN: "living situation (ETHOS code)"}, label: func(l language.Tag, v string) string { return v + " " + housing.Ethos(v).Label(l) }},
	fEthosConcept:            {name: "ethos_concept", kind: KindEnum, enum: conceptValues, group: gLiving, desc: housing.Text{IT: "categoria concettuale ETHOS", EN: "ETHOS conceptual category"}, label: func(l language.Tag, v string) string { return housing.EthosConcept(v).Label(l) }},
	fEthosCategory:           {name: "ethos_category", kind: KindInt, unit: params.UnitCount, group: gLiving, desc: housing.Text{IT: "categoria operativa ETHOS (1–13; 0 se alloggiato)", EN: "ETHOS operational category (1–13; 0 when housed)"}},
	fEvictionOrder:           {name: "eviction_order", kind: KindBool, group: gEmergency, desc: housing.Text{IT: "alloggio gravato da ordinanza di sgombero", EN: "dwelling under an eviction order"}},
	fTemporarySpace:          {name: "temporary_space", kind: KindBool, group: gEmergency, desc: housing.Text{IT: "in spazi procurati temporaneamente dai Servizi Sociali", EN: "in spaces provided temporarily by social services"}},
	fImproperDwelling:        {name: "improper_dwelling", kind: KindBool, group: gEmergency, desc: housing.Text{IT: "in spazi impropriamente adibiti ad alloggio", EN: "in spaces improperly used as a dwelling"}},
	fSafetyRisk:              {name: "safety_risk", kind: KindBool, group: gEmergency, desc: housing.Text{IT: "rischio per l'incolumità delle persone", EN: "risk to people's safety"}},
	fOwnsDwelling:            {name: "owns_dwelling", kind: KindBool, group: gOwnership, desc: housing.Text{IT: "titolarità di diritti reali su un alloggio", EN: "owns (a real right on) a dwelling"}},
	fOwnsAdequateDwelling:    {name: "owns_adequate_dwelling", kind: KindBool, group: gOwnership, desc: housing.Text{IT: "titolarità di un alloggio adeguato", EN: "owns an adequate dwelling"}},
	fOwnershipShare:          {name: "ownership_share", kind: KindInt, unit: params.UnitPercent, group: gOwnership, desc: housing.Text{IT: "quota di proprietà più alta", EN: "largest ownership share"}},
	fVictimOfViolence:        {name: "victim_of_violence", kind: KindBool, group: gFlags, sensitive: true, desc: housing.Text{IT: "un componente vittima di violenza", EN: "a member is a victim of violence"}},
	fLeavingCare:             {name: "leaving_care", kind: KindBool, group: gFlags, sensitive: true, desc: housing.Text{IT: "un componente neo-maggiorenne in uscita da percorsi di tutela", EN: "a member is a young person leaving care"}},
	fNoSupportNetwork:        {name: "no_support_network", kind: KindBool, group: gFlags, sensitive: true, desc: housing.Text{IT: "un componente senza rete familiare o amicale", EN: "a member has no family or friendship network"}},
	fRecentlyImpoverished:    {name: "recently_impoverished", kind: KindBool, group: gFlags, sensitive: true, desc: housing.Text{IT: "un componente di recente impoverimento", EN: "a member was recently impoverished"}},
	fCareDuties:              {name: "care_duties", kind: KindBool, group: gFlags, sensitive: true, desc: housing.Text{IT: "un componente con carichi di cura", EN: "a member has care duties"}},
	fCertifiedHardship:       {name: "certified_hardship", kind: KindBool, group: gFlags, sensitive: true, desc: housing.Text{IT: "un componente in grave disagio certificato", EN: "a member is in certified severe hardship"}},
	fResidenceYears:          {name: "residence_years", kind: KindInt, unit: params.UnitYears, group: gResidence, desc: housing.Text{IT: "anni di residenza nel Comune", EN: "years of residence in the municipality"}},
	fResidenceSince:          {name: "residence_since", kind: KindDate, group: gResidence, desc: housing.Text{IT: "data di iscrizione anagrafica", EN: "date of registration as resident"}},
	fResidenceMunicipality:   {name: "residence_municipality", kind: KindText, group: gResidence, desc: housing.Text{IT: "Comune di residenza", EN: "municipality of residence"}},
	fResidenceRegion:         {name: "residence_region", kind: KindText, group: gResidence, desc: housing.Text{IT: "regione di residenza", EN: "region of residence"}},
	fWorkMunicipality:        {name: "work_municipality", kind: KindText, group: gResidence, desc: housing.Text{IT: "Comune di lavoro dell'intestatario", EN: "municipality where the reference person works"}},
	fReferralTeam:            {name: "referral_team", kind: KindEnum, enum: strs(housing.TeamKinds), group: gReferral, desc: housing.Text{IT: "tipo di équipe che segnala", EN: "kind of referring team"}, label: func(l language.Tag, v string) string { return housing.TeamKind(v).Label(l) }},
	fCaseManaged:             {name: "case_managed", kind: KindBool, group: gReferral, desc: housing.Text{IT: "presa in carico integrata", EN: "in integrated case management"}},
	fHasPersonalRecord:       {name: "has_personal_record", kind: KindBool, group: gReferral, desc: housing.Text{IT: "scheda personalizzata presente", EN: "personal record present"}},
	fReferralDate:            {name: "referral_date", kind: KindDate, group: gReferral, desc: housing.Text{IT: "data della segnalazione", EN: "date of the referral"}},
	fChildren:                {name: "children", kind: KindInt, unit: params.UnitPersons, group: gReference, desc: housing.Text{IT: "componenti con ruolo di figlio/a", EN: "members whose role is child"}},
	fEmploymentIncome:        {name: "employment_income", kind: KindMoney, unit: params.UnitEURYear, group: gIncomeKinds, desc: housing.Text{IT: "reddito annuo da lavoro dipendente", EN: "annual income from employment"}},
	fSelfEmploymentIncome:    {name: "self_employment_income", kind: KindMoney, unit: params.UnitEURYear, group: gIncomeKinds, desc: housing.Text{IT: "reddito annuo da lavoro autonomo", EN: "annual income from self-employment"}},
	fPensionIncome:           {name: "pension_income", kind: KindMoney, unit: params.UnitEURYear, group: gIncomeKinds, desc: housing.Text{IT: "reddito annuo da pensione", EN: "annual income from pensions"}},
	fCanShare:                {name: "can_share", kind: KindBool, group: gNeeds, desc: housing.Text{IT: "il nucleo accetta spazi, risorse e servizi condivisi", EN: "the household accepts shared spaces, resources and services"}},
	fNeedsStepFree:           {name: "needs_step_free", kind: KindBool, group: gNeeds, desc: housing.Text{IT: "un componente ha bisogno di un alloggio senza barriere", EN: "a member needs a dwelling without barriers"}},
	fTempDifficulty:          {name: "temporary_housing_difficulty", kind: KindBool, group: gAssessment, desc: housing.Text{IT: "difficoltà temporanea nel reperimento autonomo di un alloggio (valutata dall'équipe)", EN: "temporary difficulty finding a dwelling on its own (assessed by the team)"}},
	fFragile:                 {name: "fragile_household", kind: KindBool, group: gAssessment, sensitive: true, desc: housing.Text{IT: "nucleo familiare fragile (valutato dall'équipe)", EN: "fragile household (assessed by the team)"}},
	fExtremeHardship:         {name: "extreme_hardship", kind: KindBool, group: gAssessment, sensitive: true, desc: housing.Text{IT: "nucleo in condizioni di disagio estremo (valutato dall'équipe)", EN: "household in extreme hardship (assessed by the team)"}},
	fERPNow:                  {name: "erp_available_now", kind: KindBool, group: gAssessment, desc: housing.Text{IT: "un alloggio ERP è assegnabile ora", EN: "a public-housing (ERP) dwelling can be assigned now"}},
	fERPRank:                 {name: "erp_ranking_position", kind: KindInt, unit: params.UnitCount, group: gAssessment, desc: housing.Text{IT: "posizione nella graduatoria ERP", EN: "position in the public-housing (ERP) ranking"}},
	fJointTeam:               {name: "referral_joint_team", kind: KindEnum, enum: strs(housing.TeamKinds), group: gReferral, desc: housing.Text{IT: "tipo di équipe che individua il nucleo insieme a quella che segnala", EN: "kind of team that selects the household together with the referring one"}, label: func(l language.Tag, v string) string { return housing.TeamKind(v).Label(l) }},
}

// numIntSlots, numStrSlots and numMoneySlots size the arrays of Facts.
var numIntSlots, numStrSlots, numMoneySlots int

var factByName = map[string]factID{}

func init() {
	for i := range factDefs {
		def := &factDefs[i]
		factByName[def.name] = factID(i)
		switch def.kind {
		case KindText:
			def.slot = numStrSlots
			numStrSlots++
		case KindMoney:
			def.slot = numMoneySlots
			numMoneySlots++
		default:
			def.slot = numIntSlots
			numIntSlots++
		}
	}
	if numIntSlots > maxIntSlots || numStrSlots > maxStrSlots || numMoneySlots > maxMoneySlots {
		panic("eligibility: fact slot arrays too small")
	}
}

const (
	maxIntSlots   = 48
	maxStrSlots   = 4
	maxMoneySlots = 10
)

// FactInfo describes one fact of the vocabulary.
type FactInfo struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Unit is the unit of an int or money fact, matched against the unit of
	// a parameter it is compared with.
	Unit params.Unit `json:"unit,omitempty"`
	// Values lists the allowed values of an enum fact.
	Values      []string     `json:"values,omitempty"`
	Description housing.Text `json:"description"`
	// Sensitive marks facts derived from special categories of personal data
	// (art. 9 GDPR).
	Sensitive bool `json:"sensitive,omitempty"`
}

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Facts returns the fact vocabulary: every fact a condition may name, in
// documentation order.
func Facts() []FactInfo {
	out := make([]FactInfo, numFacts)
	for i, d := range factDefs {
		out[i] = FactInfo{Name: d.name, Kind: d.kind, Unit: d.unit, Values: slices.Clone(d.enum), Description: d.desc, Sensitive: d.sensitive}
	}
	return out
}

// factSet is a set of facts, one bit per factID.
type factSet uint64

func (s factSet) has(f factID) bool { return s&(1<<f) != 0 }

// names returns the fact names of s in vocabulary order.
func (s factSet) names() []string {
	var out []string
	for i := factID(0); i < numFacts; i++ {
		if s.has(i) {
			out = append(out, factDefs[i].name)
		}
	}
	return out
}

func (s factSet) groups() group {
	var g group
	for i := factID(0); i < numFacts; i++ {
		if s.has(i) {
			g |= factDefs[i].group
		}
	}
	return g
}

// money is an amount held as exact cents when it has no fraction of a
// cent and fits (the fast path, no pointers), else as a decimal.
type money struct {
	cents int64
	dec   *decimal.Decimal // nil: cents holds the amount
}

func (m money) decimal() decimal.Decimal {
	if m.dec != nil {
		return *m.dec
	}
	return decimal.New(m.cents, -2)
}

func (m money) cmp(o money) int {
	if m.dec == nil && o.dec == nil {
		switch {
		case m.cents < o.cents:
			return -1
		case m.cents > o.cents:
			return 1
		}
		return 0
	}
	return m.decimal().Cmp(o.decimal())
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000, 1000000000000000}

// toCents converts d to cents exactly without allocating, or reports false
// when d has fractions of a cent or is too large for the fast path.
func toCents(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 15 {
		return 0, false
	}
	c := d.CoefficientInt64()
	shift := int(d.Exponent()) + 2
	switch {
	case shift >= 0:
		if shift >= len(pow10) || d.NumDigits()+shift > 17 {
			return 0, false
		}
		return c * pow10[shift], true
	case -shift < len(pow10):
		p := pow10[-shift]
		if c%p != 0 {
			return 0, false
		}
		return c / p, true
	}
	return 0, false
}

func moneyOf(d decimal.Decimal) money {
	c, ok := toCents(d)
	if ok {
		return money{cents: c}
	}
	// A copy on the heap only here: taking &d would move d to the heap
	// on every call, the common path included.
	p := new(decimal.Decimal)
	*p = d
	return money{dec: p}
}

// Facts holds the facts of one household on one date: a value per fact
// and which are known. Int, bool, enum (as index+1) and date (as a day
// number) facts share the ints array.
type facts struct {
	known factSet
	ints  [maxIntSlots]int64
	strs  [maxStrSlots]string
	money [maxMoneySlots]money
}

func (f *facts) setInt(id factID, v int64) {
	f.ints[factDefs[id].slot] = v
	f.known |= 1 << id
}

func (f *facts) setBool(id factID, v bool) {
	var x int64
	if v {
		x = 1
	}
	f.setInt(id, x)
}

// setTri sets a three-valued any-member flag: true when some member is
// true, false when every member is known false, unknown otherwise.
func (f *facts) setTri(id factID, anyTrue, allKnown bool) {
	if anyTrue {
		f.setInt(id, 1)
	} else if allKnown {
		f.setInt(id, 0)
	}
}

func (f *facts) setEnum(id factID, v string) {
	if v == "" {
		return
	}
	i := slices.Index(factDefs[id].enum, v)
	if i < 0 {
		return // an invalid value is treated as unknown
	}
	f.setInt(id, int64(i+1))
}

func (f *facts) setText(id factID, v string) {
	if strings.TrimSpace(v) == "" {
		return
	}
	f.strs[factDefs[id].slot] = v
	f.known |= 1 << id
}

func (f *facts) setMoney(id factID, m money) {
	f.money[factDefs[id].slot] = m
	f.known |= 1 << id
}

func (f *facts) setDate(id factID, d housing.Date) {
	if d.IsZero() {
		return
	}
	f.setInt(id, dayNumber(d))
}

var epoch = housing.MustDate(1, 1, 1)

func dayNumber(d housing.Date) int64 { return int64(epoch.DaysUntil(d)) }

func dateOfDay(n int64) housing.Date {
	d, _ := epoch.AddDays(int(n)) // n is the day number of a date fact
	return d
}

func (f *facts) int(id factID) int64 { return f.ints[factDefs[id].slot] }

func (f *facts) text(id factID) string { return f.strs[factDefs[id].slot] }

func (f *facts) moneyOf(id factID) money { return f.money[factDefs[id].slot] }

// memberGroups are the groups computed in the one pass over members.
const memberGroups = gAges | gReference | gDisability | gIncome | gIncomeSum | gIncomeKinds | gFlags

// extract computes the facts of the groups in need (household size is
// always computed). Unknown inputs — a nil pointer, nil incomes, a missing
// ISEE, an empty code, no referral — leave the fact unknown.
func (f *facts) extract(h *housing.Household, ref *housing.Referral, asOf housing.Date, need group) {
	f.setInt(fHouseholdSize, int64(len(h.Members)))
	if need&memberGroups != 0 {
		f.extractMembers(h, asOf, need)
	}
	if need&gISEE != 0 && h.ISEE != nil {
		f.setMoney(fISEE, moneyOf(h.ISEE.Value))
		f.setBool(fISEEValid, h.ISEE.ValidOn(asOf))
		f.setBool(fISEECurrent, h.ISEE.Current)
	}
	if need&gAssets != 0 && h.Assets != nil {
		f.setMoney(fFinancialAssets, moneyOf(h.Assets.Financial))
		f.setMoney(fRealEstateAssets, moneyOf(h.Assets.RealEstate))
	}
	if need&gRent != 0 && h.CurrentRent != nil {
		f.setMoney(fCurrentRent, moneyOf(*h.CurrentRent))
	}
	if need&gLiving != 0 {
		if e, ok := ethosIndex[h.LivingSituation]; ok {
			f.setInt(fLivingSituation, int64(e.situation))
			f.setInt(fEthosConcept, int64(e.concept))
			f.setInt(fEthosCategory, int64(e.category))
		}
	}
	if need&gEmergency != 0 {
		e := &h.Emergency
		if e.EvictionOrder != nil {
			f.setBool(fEvictionOrder, *e.EvictionOrder)
		}
		if e.TemporarySpace != nil {
			f.setBool(fTemporarySpace, *e.TemporarySpace)
		}
		if e.ImproperDwelling != nil {
			f.setBool(fImproperDwelling, *e.ImproperDwelling)
		}
		if e.SafetyRisk != nil {
			f.setBool(fSafetyRisk, *e.SafetyRisk)
		}
	}
	if need&gOwnership != 0 && h.Ownership != nil {
		o := h.Ownership
		f.setBool(fOwnsDwelling, o.OwnsDwelling)
		f.setBool(fOwnsAdequateDwelling, o.OwnsDwelling && o.Adequate)
		share := 0
		if o.OwnsDwelling {
			share = o.SharePercent
		}
		f.setInt(fOwnershipShare, int64(share))
	}
	if need&gResidence != 0 {
		if y, ok := h.ResidenceYears(asOf); ok {
			f.setInt(fResidenceYears, int64(y))
		}
		f.setDate(fResidenceSince, h.Residence.Since)
		f.setText(fResidenceMunicipality, h.Residence.Municipality)
		f.setText(fResidenceRegion, h.Residence.Region)
		f.setText(fWorkMunicipality, h.WorkMunicipality)
	}
	if need&gNeeds != 0 {
		if h.Needs.CanShare != nil {
			f.setBool(fCanShare, *h.Needs.CanShare)
		}
		// A plain boolean in the household: always known.
		f.setBool(fNeedsStepFree, h.Needs.StepFree)
	}
	if need&gAssessment != 0 {
		if a := h.Assessment; a != nil {
			setBoolPtr(f, fTempDifficulty, a.TemporaryDifficulty)
			setBoolPtr(f, fFragile, a.Fragile)
			setBoolPtr(f, fExtremeHardship, a.ExtremeHardship)
		}
		if p := h.PublicHousing; p != nil {
			setBoolPtr(f, fERPNow, p.AvailableNow)
			if p.RankingPosition != nil {
				f.setInt(fERPRank, int64(*p.RankingPosition))
			}
		}
	}
	if need&gReferral != 0 && ref != nil {
		if i, ok := teamIndex[ref.Team.Kind]; ok {
			f.setInt(fReferralTeam, int64(i))
		}
		if len(ref.With) > 0 {
			if i, ok := teamIndex[ref.With[0].Kind]; ok {
				f.setInt(fJointTeam, int64(i))
			}
		}
		f.setBool(fCaseManaged, ref.CaseManaged)
		f.setBool(fHasPersonalRecord, strings.TrimSpace(ref.RecordRef) != "")
		f.setDate(fReferralDate, ref.Date)
	}
}

// setBoolPtr sets a bool fact from a pointer; nil leaves it unknown.
func setBoolPtr(f *facts, id factID, b *bool) {
	if b != nil {
		f.setBool(id, *b)
	}
}

// ethosFacts are the facts of one living-situation code: the enum values
// (index+1) of living_situation and ethos_concept, and the category.
type ethosFacts struct {
	situation, concept, category uint8
}

var (
	ethosIndex = map[housing.Ethos]ethosFacts{}
	teamIndex  = map[housing.TeamKind]int{}
)

func init() {
	for i, v := range ethosValues {
		e := housing.Ethos(v)
		concept := string(e.Concept())
		if e == housing.EthosHoused {
			concept = string(housing.EthosHoused)
		}
		ethosIndex[e] = ethosFacts{situation: uint8(i + 1), concept: uint8(slices.Index(conceptValues, concept) + 1), category: uint8(e.Category())}
	}
	for i, k := range housing.TeamKinds {
		teamIndex[k] = i + 1
	}
}

// flag bits of the sensitive any-member facts, in factDefs order.
var flagFacts = [...]factID{fVictimOfViolence, fLeavingCare, fNoSupportNetwork, fRecentlyImpoverished, fCareDuties, fCertifiedHardship}

// extractMembers computes every member-derived fact in need in one pass.
func (f *facts) extractMembers(h *housing.Household, asOf housing.Date, need group) {
	var adults, minors, over65, disabled, severe, maxPct, count, cents int64
	youngest, oldest := int64(math.MaxInt64), int64(-1)
	agesKnown, levelsKnown, pctKnown, declared, centsOK := true, true, true, true, true
	var anyTrue, unknown uint8
	var children int64
	var kindSums [3]decimal.Decimal // employment, self-employment, pension
	kinds := need&gIncomeKinds != 0
	var ay, ad int
	var am time.Month
	if need&gAges != 0 {
		ay, am, ad = asOf.YMD()
	}
	ages, disab, income, sums, flags := need&gAges != 0, need&gDisability != 0, need&(gIncome|gIncomeSum) != 0, need&gIncomeSum != 0, need&gFlags != 0
	for i := range h.Members {
		m := &h.Members[i]
		p := &m.Person
		if ages {
			if p.BirthDate.IsZero() || p.BirthDate.After(asOf) {
				agesKnown = false
			} else {
				a := int64(ageOn(p.BirthDate, ay, am, ad))
				if m.Role == housing.RoleReference {
					f.setInt(fReferenceAge, a)
				}
				if a < 18 {
					minors++
				} else {
					adults++
				}
				if a >= 65 {
					over65++
				}
				youngest = min(youngest, a)
				oldest = max(oldest, a)
			}
		}
		if need&gReference != 0 {
			if m.Role == housing.RoleReference {
				f.setEnum(fReferenceSex, string(p.Sex))
				f.setEnum(fReferenceCitizenship, string(p.Citizenship))
			}
			if m.Role == housing.RoleChild {
				children++
			}
		}
		if disab {
			switch p.Disability {
			case "":
				levelsKnown = false
			case housing.DisabilityMedium:
				disabled++
			case housing.DisabilitySevere, housing.DisabilityNotSelfSufficient:
				disabled++
				severe++
			}
			switch {
			case p.DisabilityPercent != nil:
				maxPct = max(maxPct, int64(*p.DisabilityPercent))
			case p.Disability != housing.DisabilityNone:
				pctKnown = false
			}
		}
		if kinds {
			if p.Incomes == nil {
				declared = false
			}
			for j := range p.Incomes {
				switch p.Incomes[j].Kind {
				case housing.IncomeEmployment:
					kindSums[0] = kindSums[0].Add(p.Incomes[j].Annual)
				case housing.IncomeSelfEmployment:
					kindSums[1] = kindSums[1].Add(p.Incomes[j].Annual)
				case housing.IncomePension:
					kindSums[2] = kindSums[2].Add(p.Incomes[j].Annual)
				}
			}
		}
		if income {
			if p.Incomes == nil {
				declared = false
			}
			for j := range p.Incomes {
				if p.Incomes[j].Annual.Sign() > 0 {
					count++
				}
				if sums && centsOK {
					c, ok := toCents(p.Incomes[j].Annual)
					// Beyond int64 the sum is taken in decimals.
					if ok {
						cents, ok = checked.Add64(cents, c)
					}
					centsOK = ok
				}
			}
		}
		if flags {
			for k, v := range [...]*bool{p.VictimOfViolence, p.LeavingCare, p.NoSupportNetwork, p.RecentlyImpoverished, p.CareDuties, p.CertifiedHardship} {
				if v == nil {
					unknown |= 1 << k
				} else if *v {
					anyTrue |= 1 << k
				}
			}
		}
	}
	n := len(h.Members)
	if ages && agesKnown && n > 0 {
		f.setInt(fAdults, adults)
		f.setInt(fMinors, minors)
		f.setInt(fOver65, over65)
		f.setInt(fYoungestAge, youngest)
		f.setInt(fOldestAge, oldest)
	}
	if disab {
		if levelsKnown {
			f.setInt(fDisabledMembers, disabled)
			f.setInt(fSeverelyDisabledMembers, severe)
		}
		if pctKnown {
			f.setInt(fMaxDisabilityPercent, maxPct)
		}
	}
	if income {
		// At least one income is known as soon as one declared income is
		// positive, even if another member's incomes are not declared.
		f.setTri(fHasIncome, count > 0, declared)
		if sums && declared {
			f.setInt(fIncomeCount, count)
			if centsOK {
				f.setMoney(fAnnualIncome, money{cents: cents})
			} else {
				sum, _ := h.AnnualIncome()
				f.setMoney(fAnnualIncome, money{dec: &sum})
			}
		}
	}
	if need&gReference != 0 {
		f.setInt(fChildren, children)
	}
	if kinds && declared {
		for k, id := range [...]factID{fEmploymentIncome, fSelfEmploymentIncome, fPensionIncome} {
			f.setMoney(id, moneyOf(kindSums[k]))
		}
	}
	if flags && n > 0 {
		for k, id := range flagFacts {
			f.setTri(id, anyTrue&(1<<k) != 0, unknown&(1<<k) == 0)
		}
	}
}

// ageOn returns the age in whole years on the date y-m-d of a person born
// on b, by housing.Date.YearsUntil's rule (a person born on 29 February
// turns one year older on 28 February of non-leap years), computing the
// date's parts once per evaluation rather than per member.
func ageOn(b housing.Date, y int, m time.Month, d int) int {
	by, bm, bd := b.YMD()
	if bm == time.February && bd == 29 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		bd = 28
	}
	age := y - by
	if m < bm || (m == bm && d < bd) {
		age--
	}
	return age
}
