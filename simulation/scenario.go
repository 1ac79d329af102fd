package simulation

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
)

// FormatScenario is the format tag of a scenario file.
const FormatScenario = "housingkit.scenario/v1"

// DaysPerMonth is the mean length of a month in days (365.2425 / 12): rates
// and mean durations given in months are turned into days with it.
const DaysPerMonth = 365.2425 / 12

// Limits of a scenario, so that a typo cannot ask for a run of centuries.
const (
	MaxHorizonMonths = 1200
	MaxReplications  = 10_000
	MaxUnits         = 100_000
)

// Scenario is a study: a programme replayed over time on a population, a stock
// of dwellings and a behaviour, with the variants to compare against it.
// Read one with Load, LoadFS or Parse; build or change one in Go freely, then
// Prepare it.
type Scenario struct {
	Format string       `yaml:"format" required:"true"`
	ID     string       `yaml:"id" required:"true"`
	Title  housing.Text `yaml:"title"`
	Notes  string       `yaml:"notes"`
	// Start is the first day simulated.
	Start housing.Date `yaml:"start" required:"true"`
	// HorizonMonths is how many months are simulated from Start.
	HorizonMonths int `yaml:"horizon_months" required:"true"`
	// Seed makes the run reproducible: the same seed gives the same numbers.
	Seed uint64 `yaml:"seed"`
	// Replications is how many independent replications are run (default 20).
	Replications int `yaml:"replications"`
	// Precision is the half-width of the 95% interval, relative to the
	// mean, that the replications needed are computed for (default 0.05).
	Precision  float64    `yaml:"precision"`
	Population Population `yaml:"population" required:"true"`
	Stock      Stock      `yaml:"stock" required:"true"`
	Programme  Programme  `yaml:"programme" required:"true"`
	Behaviour  Behaviour  `yaml:"behaviour"`
	// Variants are compared with the baseline (the scenario itself).
	Variants []Variant `yaml:"-"`

	fsys fs.FS // where the files the scenario names are read from
	name string
}

// Population says who arrives.
type Population struct {
	Groups []Group `yaml:"groups" required:"true"`
}

// Group is a target group of the population: its arrival rate over time and
// the distributions its households are drawn from (or real, pseudonymised
// cases resampled).
type Group struct {
	ID string `yaml:"id" required:"true"`
	// Arrivals gives the mean number of referrals a month from a date on
	// (a Poisson process whose rate is piecewise constant).
	Arrivals []Rate `yaml:"arrivals_per_month" required:"true"`
	// Cases names a CSV file of cases (the "households" part of the
	// pseudonymised research export of store/transfer): each arrival
	// resamples one of them (size, minors, ISEE band, living situation,
	// reference person's age band and sex); what the export leaves out
	// is drawn from the group's distributions below.
	Cases       string        `yaml:"cases"`
	Composition []Composition `yaml:"composition"`
	AdultAge    Range         `yaml:"adult_age"`
	MinorAge    Range         `yaml:"minor_age"`
	FemaleShare float64       `yaml:"female_share"`
	Citizenship []Weighted    `yaml:"citizenship"`
	// IncomeShare is the share of households with at least one income;
	// Income is the distribution of the household's annual income then.
	IncomeShare     float64      `yaml:"income_share"`
	Income          Distribution `yaml:"income"`
	PrecariousShare float64      `yaml:"precarious_share"`
	// ISEEShare is the share of households that declared an ISEE.
	ISEEShare       float64      `yaml:"isee_share"`
	ISEE            Distribution `yaml:"isee"`
	LivingSituation []Weighted   `yaml:"living_situation"`
	// Emergency gives the probability of each housing-emergency fact.
	Emergency EmergencyShares `yaml:"emergency"`
	// Flags gives the probability of each fact of the reference person.
	Flags FlagShares `yaml:"flags"`
	// Assessment gives the probability of each judgement of the team.
	Assessment   AssessmentShares `yaml:"assessment"`
	Residence    ResidenceSpec    `yaml:"residence"`
	OwnsDwelling float64          `yaml:"owns_dwelling"`
	// ERPAvailableNow is the probability that a public-housing dwelling
	// can be assigned to the household now.
	ERPAvailableNow float64 `yaml:"erp_available_now"`
	// CanShare is the probability that a household accepts shared spaces
	// (a kitchen, bathrooms, a living room): only those are matched to
	// rooms of facilities with shared spaces.
	CanShare float64      `yaml:"can_share"`
	Referral ReferralSpec `yaml:"referral"`
}

// Rate is an arrival rate from a date on.
type Rate struct {
	From     housing.Date `yaml:"from" required:"true"`
	PerMonth float64      `yaml:"rate" required:"true"`
}

// Composition is a kind of household with its weight.
type Composition struct {
	Weight  float64 `yaml:"weight" required:"true"`
	Adults  int     `yaml:"adults" required:"true"`
	Minors  int     `yaml:"minors"`
	Partner bool    `yaml:"partner"`
}

// Range is a closed range of whole numbers, drawn uniformly.
type Range struct {
	Min int `yaml:"min"`
	Max int `yaml:"max"`
}

// Weighted is a value with its weight.
type Weighted struct {
	Value  string  `yaml:"value" required:"true"`
	Weight float64 `yaml:"weight" required:"true"`
}

// Distribution is an amount in euros a year: log-normal with its median and
// sigma when Median is set, else uniform between Min and Max.
type Distribution struct {
	Median float64 `yaml:"median"`
	Sigma  float64 `yaml:"sigma"`
	Min    float64 `yaml:"min"`
	Max    float64 `yaml:"max"`
}

// EmergencyShares are the probabilities of the emergency facts.
type EmergencyShares struct {
	EvictionOrder    float64 `yaml:"eviction_order"`
	TemporarySpace   float64 `yaml:"temporary_space"`
	ImproperDwelling float64 `yaml:"improper_dwelling"`
	SafetyRisk       float64 `yaml:"safety_risk"`
}

// FlagShares are the probabilities of the reference person's facts.
type FlagShares struct {
	VictimOfViolence     float64 `yaml:"victim_of_violence"`
	NoSupportNetwork     float64 `yaml:"no_support_network"`
	RecentlyImpoverished float64 `yaml:"recently_impoverished"`
	LeavingCare          float64 `yaml:"leaving_care"`
	CertifiedHardship    float64 `yaml:"certified_hardship"`
}

// AssessmentShares are the probabilities of the team's judgements.
type AssessmentShares struct {
	TemporaryDifficulty float64 `yaml:"temporary_difficulty"`
	Fragile             float64 `yaml:"fragile"`
	ExtremeHardship     float64 `yaml:"extreme_hardship"`
}

// ResidenceSpec is where households live and for how long.
type ResidenceSpec struct {
	Municipality string `yaml:"municipality"`
	Region       string `yaml:"region"`
	Years        Range  `yaml:"years"`
}

// ReferralSpec is the team that refers the group's households.
type ReferralSpec struct {
	Team        housing.TeamKind   `yaml:"team"`
	With        []housing.TeamKind `yaml:"with"`
	CaseManaged bool               `yaml:"case_managed"`
	// PersonalRecord: the referral comes with a personal record (scheda
	// personalizzata).
	PersonalRecord bool `yaml:"personal_record"`
}

// Stock is the dwellings on offer.
type Stock struct {
	Facilities []FacilitySpec `yaml:"facilities"`
	Units      []UnitSpec     `yaml:"units" required:"true"`
}

// FacilitySpec is a facility (struttura) whose rooms are units.
type FacilitySpec struct {
	ID           string                `yaml:"id" required:"true"`
	Name         string                `yaml:"name"`
	Municipality string                `yaml:"municipality" required:"true"`
	SubArea      string                `yaml:"sub_area"`
	Beds         int                   `yaml:"beds" required:"true"`
	SharedSpaces []housing.SharedSpace `yaml:"shared_spaces"`
	CoHousing    bool                  `yaml:"co_housing"`
}

// UnitSpec is one unit, or Count alike units with ids ID-1 … ID-Count.
// A unit is on offer from From (default: the start) until Until (default:
// the end); a stay under way when it is withdrawn runs to its end.
type UnitSpec struct {
	ID       string           `yaml:"id" required:"true"`
	Count    int              `yaml:"count"`
	Facility string           `yaml:"facility"`
	Kind     housing.UnitKind `yaml:"kind" required:"true"`
	Beds     int              `yaml:"beds" required:"true"`
	Bedrooms int              `yaml:"bedrooms"`
	AreaSqm  decimal.Decimal  `yaml:"area_sqm"`
	StepFree bool             `yaml:"step_free"`
	Rent     decimal.Decimal  `yaml:"rent"`
	Charges  decimal.Decimal  `yaml:"charges"`
	// Contract defaults to "transitional".
	Contract     housing.ContractKind `yaml:"contract"`
	From         housing.Date         `yaml:"from"`
	Until        housing.Date         `yaml:"until"`
	Municipality string               `yaml:"municipality"`
	SubArea      string               `yaml:"sub_area"`
}

// Programme names the rules the programme runs under: its eligibility rule
// sets (each used on the dates it is valid), its duration policy, its
// matching mechanism and its rent-sustainability policy.
type Programme struct {
	ID       string       `yaml:"id" required:"true"`
	RuleSets []RuleSetRef `yaml:"rulesets" required:"true"`
	// Policy is a shipped duration policy's id; PolicyFile a policy file.
	Policy     string `yaml:"policy"`
	PolicyFile string `yaml:"policy_file"`
	// Mechanism is a matching mechanism (default "priority").
	Mechanism string `yaml:"mechanism"`
	// RentPolicy is a shipped rentcalc sustainability policy checked by the
	// matching (none when empty) and by the private-lease exits.
	RentPolicy string `yaml:"rent_policy"`
	// Window is how many waiting households, in rank order, a matching
	// considers at most (default 16, and at least 8 more than the vacant
	// units):
	// households that cannot fit the largest vacant unit (or, under split
	// placement, the vacant rooms of one facility together) are passed
	// over before the window is counted.
	Window int `yaml:"window"`
	// MatchEveryDays batches the matching: 0 (the default) matches at once
	// whenever a unit is vacant and a household waits; N > 0 matches at the
	// start of every N-th day, over every unit vacant and household
	// waiting then (an office that assigns once a day or once a week).
	MatchEveryDays  int `yaml:"match_every_days"`
	MaxFacilityBeds int `yaml:"max_facility_beds"`
	// SplitAcrossRooms lets the matching place a household larger than
	// the largest room of a facility in several of its rooms
	// (housing.Programme.SplitAcrossRooms); the stay then occupies all of
	// them until it ends.
	SplitAcrossRooms bool `yaml:"split_across_rooms"`
}

// RuleSetRef names an eligibility rule set: a shipped one by id or a file.
type RuleSetRef struct {
	ID   string `yaml:"id"`
	File string `yaml:"file"`
}

// Behaviour is what households do: abandon the waiting list, refuse
// proposals, leave the programme by a pathway, come back.
type Behaviour struct {
	// PatienceMonths is the mean time a household waits before it gives up
	// (exponential); 0 means it never does.
	PatienceMonths float64 `yaml:"patience_months"`
	// Refusal is the probability that a household refuses a proposal;
	// after MaxRefusals refusals it leaves the list (counted as abandoned).
	Refusal     float64 `yaml:"refusal"`
	MaxRefusals int     `yaml:"max_refusals"`
	// ReferAdmitted is the share of the households with outcome "refer"
	// (eligible, other paths assessed first) that join the list after the
	// assessment; the others are counted as rejected for "refer".
	ReferAdmitted float64 `yaml:"refer_admitted"`
	Exits         Exits   `yaml:"exits"`
	// Renewal is the probability that a proven reason for a renewal is
	// recorded when the policy allows one.
	Renewal float64 `yaml:"renewal"`
	// AtLimit is the pathway recorded for a stay that ends at its limit
	// with no exit solution (default "other").
	AtLimit housing.ExitPathway `yaml:"at_limit"`
	Returns Returns             `yaml:"returns"`
}

// Exits are the clocks of the exits from a stay: each pathway's time is drawn
// (exponential) at admission, the earliest wins, unless the stay ends first.
type Exits struct {
	PublicHousing PublicHousingExit `yaml:"public_housing"`
	PrivateLease  PrivateLeaseExit  `yaml:"private_lease"`
	// Family and DropOut are mean times in months (0: never).
	Family  float64 `yaml:"family_months"`
	DropOut float64 `yaml:"drop_out_months"`
}

// PublicHousingExit is the public-housing (ERP) exit: the share of households
// on the ERP list and their mean waiting time from admission.
type PublicHousingExit struct {
	Share      float64 `yaml:"share"`
	WaitMonths float64 `yaml:"wait_months"`
}

// PrivateLeaseExit is the private-lease exit: the mean time to find a lease
// for a household that can sustain the market rent (by the programme's
// rent policy) and for one that cannot.
type PrivateLeaseExit struct {
	MarketRent        decimal.Decimal `yaml:"market_rent"`
	Charges           decimal.Decimal `yaml:"charges"`
	MonthsSustainable float64         `yaml:"months_sustainable"`
	MonthsOtherwise   float64         `yaml:"months_otherwise"`
}

// Returns say who comes back after an exit: the probability by pathway
// (keys are exit pathways, and "at_limit" for a stay ended at its limit)
// and the mean delay in months (exponential).
type Returns struct {
	Probability map[string]float64 `yaml:"probability"`
	DelayMonths float64            `yaml:"delay_months"`
}

// Variant is a policy variant: overlays on the rule sets, the duration
// policy, the stock and the behaviour. Everything nil is the baseline's.
type Variant struct {
	ID    string
	Title housing.Text
	// Overlay applies to the programme's rule set whose id is its base.
	Overlay   *eligibility.Overlay
	Policy    *PolicyChange
	Stock     *StockChange
	Behaviour *Behaviour
}

// PolicyChange changes the duration policy: another policy (a shipped id or a
// file), then the figures set here.
type PolicyChange struct {
	Policy            string `yaml:"policy"`
	PolicyFile        string `yaml:"policy_file"`
	TermMonths        *int   `yaml:"term_months"`
	RenewalsMax       *int   `yaml:"renewals_max"`
	RenewalMonths     *int   `yaml:"renewal_months"`
	ReviewEveryMonths *int   `yaml:"review_every_months"`
	WarningDays       *int   `yaml:"warning_days"`
}

// StockChange adds facilities and units and removes units or facilities (with
// their units) by id.
type StockChange struct {
	AddFacilities []FacilitySpec `yaml:"add_facilities"`
	AddUnits      []UnitSpec     `yaml:"add_units"`
	Remove        []string       `yaml:"remove"`
}

// variantFile is a variant as a scenario file writes it.
type variantFile struct {
	ID             string        `yaml:"id" required:"true"`
	Title          housing.Text  `yaml:"title"`
	RuleSetOverlay string        `yaml:"ruleset_overlay"`
	Policy         *PolicyChange `yaml:"policy"`
	Stock          *StockChange  `yaml:"stock"`
	Behaviour      yaml.Node     `yaml:"behaviour"`
}

// scenarioFile is the file form: the scenario and its variants.
type scenarioFile struct {
	Scenario `yaml:",inline"`
	Variants []variantFile `yaml:"variants"`
}

// Load reads a scenario file from disk; the files it names (cases, rule
// sets, policies, overlays) are read relative to its folder.
func Load(filename string) (*Scenario, error) {
	dir, base := filepath.Split(filename)
	if dir == "" {
		dir = "."
	}
	return LoadFS(os.DirFS(dir), base)
}

// LoadFS reads the scenario file name from fsys; the files it names are
// read from fsys, relative to its folder.
func LoadFS(fsys fs.FS, name string) (*Scenario, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, housing.Errorf(housing.CodeNotFound, "simulation.scenario", "cannot read scenario %s: %v", name, err)
	}
	if dir := path.Dir(name); dir != "." {
		sub, err := fs.Sub(fsys, dir)
		if err != nil {
			return nil, housing.Errorf(housing.CodeInvalid, "simulation.scenario", "scenario %s: %v", name, err)
		}
		fsys = sub
	}
	return Parse(path.Base(name), data, fsys)
}

// Parse reads a scenario from its file's contents. name is used in positions
// and chooses the format (".json": strict JSON, else YAML); fsys (nil: none)
// holds the files the scenario names. Reading is strict: every problem of
// the file — syntax, unknown keys, wrong types, impossible values, files
// that cannot be read, rule sets, overlays and policies that do not load —
// is reported at once, each at its file:line:column, in an *housing.Error of
// code CodeInvalid.
func Parse(name string, data []byte, fsys fs.FS) (*Scenario, error) {
	root, ps := reader.Parse(name, data)
	if len(ps) > 0 {
		return nil, input.Err(&reader.Error{Problems: ps}, "invalid scenario "+name)
	}
	var f scenarioFile
	dec := reader.NewDecoder(name)
	dec.Decode(root, &f)
	sc := &f.Scenario
	sc.fsys = fsys
	sc.name = name
	if sc.Format != "" && sc.Format != FormatScenario {
		dec.ErrorAt(reader.MappingValue(root, "format"), "format", "want %q, got %q", FormatScenario, sc.Format)
	}
	baseBehaviour := reader.MappingValue(root, "behaviour")
	for i, vf := range f.Variants {
		at := fmt.Sprintf("variants[%d]", i)
		v := Variant{ID: vf.ID, Title: vf.Title, Policy: vf.Policy, Stock: vf.Stock}
		if vf.RuleSetOverlay != "" {
			o, err := sc.readOverlay(vf.RuleSetOverlay)
			if err != nil {
				placeFileErr(dec, root, at+".ruleset_overlay", err)
			}
			v.Overlay = o
		}
		if vf.Behaviour.Kind != 0 && !reader.IsNull(&vf.Behaviour) {
			merged := mergeNodes(baseBehaviour, &vf.Behaviour)
			var b Behaviour
			sub := reader.NewDecoder(name, reader.Under(at+".behaviour"))
			sub.Decode(merged, &b)
			dec.Add(sub.Problems()...)
			v.Behaviour = &b
		}
		sc.Variants = append(sc.Variants, v)
	}
	var later []reader.Problem
	for _, p := range sc.check() {
		n := reader.NodeAt(root, p.Path)
		if n == nil {
			n = root
		}
		later = append(later, reader.Problem{File: name, Line: n.Line, Col: n.Column, Path: p.Path, Message: p.Message})
	}
	first := dec.Problems()
	for i := range first {
		if first[i].File == "" {
			first[i].File = name
		}
	}
	if all := reader.Merge(first, later, true); len(all) > 0 {
		return nil, input.Err(&reader.Error{Problems: all}, "invalid scenario "+name)
	}
	return sc, nil
}

// placeFileErr records the problems of a file the scenario names at the
// position of the key naming it, followed by the file's own problems.
func placeFileErr(dec *reader.Decoder, root *yaml.Node, at string, err error) {
	n := reader.NodeAt(root, at)
	ps := input.Problems(err)
	msg := reader.Message(err)
	if len(ps) > 0 && ps[0].Pos() != "" {
		var parts []string
		for i, p := range ps {
			if i == 5 {
				parts = append(parts, fmt.Sprintf("and %d more", len(ps)-5))
				break
			}
			parts = append(parts, p.String())
		}
		msg = msg + ": " + strings.Join(parts, "; ")
	}
	dec.Add(reader.Problem{Line: n.Line, Col: n.Column, Path: at, Message: msg})
}

// mergeNodes returns base with the keys of over replaced (mappings merged
// key by key, anything else replaced whole).
func mergeNodes(base, over *yaml.Node) *yaml.Node {
	if base == nil || base.Kind != yaml.MappingNode || over.Kind != yaml.MappingNode {
		return over
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: base.Tag, Line: base.Line, Column: base.Column}
	seen := map[string]bool{}
	for i := 0; i+1 < len(base.Content); i += 2 {
		k := base.Content[i]
		v := base.Content[i+1]
		if ov := reader.MappingValue(over, k.Value); ov != nil {
			v = mergeNodes(v, ov)
			seen[k.Value] = true
			k = keyOf(over, k.Value)
		}
		out.Content = append(out.Content, k, v)
	}
	for i := 0; i+1 < len(over.Content); i += 2 {
		if !seen[over.Content[i].Value] {
			out.Content = append(out.Content, over.Content[i], over.Content[i+1])
		}
	}
	return out
}

func keyOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// readFile reads a file the scenario names.
func (sc *Scenario) readFile(name string) ([]byte, error) {
	if sc.fsys == nil {
		return nil, housing.Errorf(housing.CodeNotFound, "simulation.file", "cannot read %s: the scenario was given no folder to read files from", name)
	}
	data, err := fs.ReadFile(sc.fsys, name)
	if err != nil {
		return nil, housing.Errorf(housing.CodeNotFound, "simulation.file", "cannot read %s: %v", name, err)
	}
	return data, nil
}

// readOverlay reads an overlay: "shipped:NAME" is the shipped overlay
// eligibility/rulesets/variants/NAME.yaml, anything else a file.
func (sc *Scenario) readOverlay(ref string) (*eligibility.Overlay, error) {
	if n, ok := strings.CutPrefix(ref, "shipped:"); ok {
		return eligibility.LoadOverlayFS(rulesets.FS, "variants/"+n+".yaml")
	}
	data, err := sc.readFile(ref)
	if err != nil {
		return nil, err
	}
	return eligibility.ParseOverlay(ref, data)
}

// SetFS sets where the files a scenario built in Go names are read from.
func (sc *Scenario) SetFS(fsys fs.FS) { sc.fsys = fsys }

// Validate checks a scenario (read from a file or built in Go) and returns
// every problem at once, each with its field path, as an *housing.Error of
// code CodeInvalid. Prepare checks it too.
func (sc *Scenario) Validate() error {
	if sc == nil {
		return housing.Errorf(housing.CodeInvalid, "simulation.nil", "no scenario")
	}
	return sc.check().Err("invalid scenario " + sc.ID)
}

func (sc *Scenario) check() housing.Problems {
	var ps housing.Problems
	if sc.ID == "" {
		ps.Add("id", "is required")
	}
	if sc.Start.IsZero() {
		ps.Add("start", "is required")
	}
	if sc.HorizonMonths < 1 || sc.HorizonMonths > MaxHorizonMonths {
		ps.Add("horizon_months", "want 1 to %d months, got %d", MaxHorizonMonths, sc.HorizonMonths)
	}
	if sc.Replications < 0 || sc.Replications > MaxReplications {
		ps.Add("replications", "want 0 (the default, 20) to %d, got %d", MaxReplications, sc.Replications)
	}
	if sc.Precision < 0 || sc.Precision >= 1 || math.IsNaN(sc.Precision) {
		ps.Add("precision", "want a relative half-width from 0 (the default, 0.05) to below 1, got %v", sc.Precision)
	}
	if len(sc.Population.Groups) == 0 {
		ps.Add("population.groups", "list at least one group")
	}
	ids := map[string]bool{}
	for i, g := range sc.Population.Groups {
		checkGroup(&ps, fmt.Sprintf("population.groups[%d]", i), g, sc)
		if ids[g.ID] {
			ps.Add(fmt.Sprintf("population.groups[%d].id", i), "%q is listed twice", g.ID)
		}
		ids[g.ID] = true
	}
	checkStock(&ps, "stock", sc.Stock.Facilities, sc.Stock.Units, nil)
	p := sc.Programme
	if p.ID == "" {
		ps.Add("programme.id", "is required")
	}
	if len(p.RuleSets) == 0 {
		ps.Add("programme.rulesets", "name at least one rule set")
	}
	for i, r := range p.RuleSets {
		if (r.ID == "") == (r.File == "") {
			ps.Add(fmt.Sprintf("programme.rulesets[%d]", i), "give either id (a shipped rule set) or file")
		}
	}
	if (p.Policy == "") == (p.PolicyFile == "") {
		ps.Add("programme.policy", "give either policy (a shipped duration policy's id) or policy_file")
	}
	if p.Window < 0 {
		ps.Add("programme.window", "must not be negative")
	}
	if p.MatchEveryDays < 0 || p.MatchEveryDays > 366 {
		ps.Add("programme.match_every_days", "want 0 (at once) to 366 days, got %d", p.MatchEveryDays)
	}
	if p.MaxFacilityBeds < 0 {
		ps.Add("programme.max_facility_beds", "must not be negative")
	}
	checkBehaviour(&ps, "behaviour", sc.Behaviour)
	vids := map[string]bool{"baseline": true}
	for i, v := range sc.Variants {
		at := fmt.Sprintf("variants[%d]", i)
		switch {
		case v.ID == "":
			ps.Add(at+".id", "is required")
		case vids[v.ID]:
			ps.Add(at+".id", "%q is taken (by the baseline or another variant)", v.ID)
		}
		vids[v.ID] = true
		if v.Behaviour != nil {
			checkBehaviour(&ps, at+".behaviour", *v.Behaviour)
		}
		if v.Policy != nil {
			c := v.Policy
			if c.Policy != "" && c.PolicyFile != "" {
				ps.Add(at+".policy", "give policy or policy_file, not both")
			}
			for _, f := range []struct {
				n string
				v *int
			}{{"term_months", c.TermMonths}, {"renewals_max", c.RenewalsMax}, {"renewal_months", c.RenewalMonths}, {"review_every_months", c.ReviewEveryMonths}, {"warning_days", c.WarningDays}} {
				if f.v != nil && *f.v < 0 {
					ps.Add(at+".policy."+f.n, "must not be negative")
				}
			}
		}
		if v.Stock != nil {
			checkStock(&ps, at+".stock", v.Stock.AddFacilities, v.Stock.AddUnits, sc)
		}
	}
	return ps
}

func checkProb(ps *housing.Problems, at string, p float64) {
	if p < 0 || p > 1 || math.IsNaN(p) {
		ps.Add(at, "want a probability from 0 to 1, got %v", p)
	}
}

func checkMonths(ps *housing.Problems, at string, m float64) {
	if m < 0 || math.IsNaN(m) || math.IsInf(m, 0) || m > 12*1000 {
		ps.Add(at, "want a mean time in months from 0 (never) to 12000, got %v", m)
	}
}

func checkGroup(ps *housing.Problems, at string, g Group, sc *Scenario) {
	if len(g.Arrivals) == 0 {
		ps.Add(at+".arrivals_per_month", "give at least one rate")
	}
	for i, r := range g.Arrivals {
		rat := fmt.Sprintf("%s.arrivals_per_month[%d]", at, i)
		if r.PerMonth < 0 || math.IsNaN(r.PerMonth) || r.PerMonth > 1e6 {
			ps.Add(rat+".rate", "want 0 to 1000000 arrivals a month, got %v", r.PerMonth)
		}
		if i > 0 && !r.From.After(g.Arrivals[i-1].From) {
			ps.Add(rat+".from", "rates must be in date order, each from a later date")
		}
	}
	if g.Cases == "" && len(g.Composition) == 0 {
		ps.Add(at+".composition", "give at least one composition (or cases)")
	}
	total := 0.0
	for i, c := range g.Composition {
		cat := fmt.Sprintf("%s.composition[%d]", at, i)
		if c.Weight < 0 || math.IsNaN(c.Weight) {
			ps.Add(cat+".weight", "must not be negative")
		}
		total += c.Weight
		if c.Adults < 0 || c.Minors < 0 || c.Adults+c.Minors < 1 || c.Adults+c.Minors > 20 {
			ps.Add(cat, "want 1 to 20 members, got %d adults and %d minors", c.Adults, c.Minors)
		}
		if c.Partner && c.Adults < 2 {
			ps.Add(cat+".partner", "a partner needs at least 2 adults")
		}
	}
	if len(g.Composition) > 0 && total <= 0 {
		ps.Add(at+".composition", "the weights add up to 0")
	}
	if g.AdultAge.Min == 0 && g.AdultAge.Max == 0 {
		// default 18–64, set by Prepare
	} else if g.AdultAge.Min < 18 || g.AdultAge.Max < g.AdultAge.Min || g.AdultAge.Max > 110 {
		ps.Add(at+".adult_age", "want 18 ≤ min ≤ max ≤ 110, got %d–%d", g.AdultAge.Min, g.AdultAge.Max)
	}
	if g.MinorAge.Min < 0 || g.MinorAge.Max < g.MinorAge.Min || g.MinorAge.Max > 17 {
		ps.Add(at+".minor_age", "want 0 ≤ min ≤ max ≤ 17, got %d–%d", g.MinorAge.Min, g.MinorAge.Max)
	}
	for _, pr := range []struct {
		n string
		v float64
	}{{"female_share", g.FemaleShare}, {"income_share", g.IncomeShare}, {"precarious_share", g.PrecariousShare}, {"isee_share", g.ISEEShare}, {"owns_dwelling", g.OwnsDwelling}, {"erp_available_now", g.ERPAvailableNow}, {"can_share", g.CanShare},
		{"emergency.eviction_order", g.Emergency.EvictionOrder}, {"emergency.temporary_space", g.Emergency.TemporarySpace}, {"emergency.improper_dwelling", g.Emergency.ImproperDwelling}, {"emergency.safety_risk", g.Emergency.SafetyRisk},
		{"flags.victim_of_violence", g.Flags.VictimOfViolence}, {"flags.no_support_network", g.Flags.NoSupportNetwork}, {"flags.recently_impoverished", g.Flags.RecentlyImpoverished}, {"flags.leaving_care", g.Flags.LeavingCare}, {"flags.certified_hardship", g.Flags.CertifiedHardship},
		{"assessment.temporary_difficulty", g.Assessment.TemporaryDifficulty}, {"assessment.fragile", g.Assessment.Fragile}, {"assessment.extreme_hardship", g.Assessment.ExtremeHardship}} {
		checkProb(ps, at+"."+pr.n, pr.v)
	}
	checkDist(ps, at+".income", g.Income, g.IncomeShare > 0)
	checkDist(ps, at+".isee", g.ISEE, g.ISEEShare > 0 && g.Cases == "")
	checkWeighted(ps, at+".citizenship", g.Citizenship, func(v string) bool {
		return slices.Contains([]housing.Citizenship{housing.CitizenshipItalian, housing.CitizenshipEU, housing.CitizenshipNonEU}, housing.Citizenship(v))
	}, "italian, eu or non_eu")
	checkWeighted(ps, at+".living_situation", g.LivingSituation, func(v string) bool {
		return housing.Ethos(v).Valid()
	}, "an ETHOS code such as \"3.1\" or \"housed\"")
	if g.Residence.Years.Min < 0 || g.Residence.Years.Max < g.Residence.Years.Min || g.Residence.Years.Max > 100 {
		ps.Add(at+".residence.years", "want 0 ≤ min ≤ max ≤ 100, got %d–%d", g.Residence.Years.Min, g.Residence.Years.Max)
	}
	if g.Referral.Team != "" && !slices.Contains(housing.TeamKinds, g.Referral.Team) {
		ps.Add(at+".referral.team", "unknown team kind %q", g.Referral.Team)
	}
	for i, t := range g.Referral.With {
		if !slices.Contains(housing.TeamKinds, t) {
			ps.Add(fmt.Sprintf("%s.referral.with[%d]", at, i), "unknown team kind %q", t)
		}
	}
}

func checkDist(ps *housing.Problems, at string, d Distribution, needed bool) {
	bad := func(x float64) bool { return x < 0 || math.IsNaN(x) || math.IsInf(x, 0) || x > 1e7 }
	switch {
	case bad(d.Median) || bad(d.Sigma) || bad(d.Min) || bad(d.Max):
		ps.Add(at, "amounts must be from 0 to 10,000,000 and sigma not negative")
	case d.Median > 0 && (d.Min != 0 || d.Max != 0):
		ps.Add(at, "give median and sigma (log-normal) or min and max (uniform), not both")
	case d.Median == 0 && d.Max < d.Min:
		ps.Add(at+".max", "must not be below min")
	case needed && d.Median == 0 && d.Max == 0:
		ps.Add(at, "give a distribution: median and sigma, or min and max")
	case d.Sigma > 5:
		ps.Add(at+".sigma", "want at most 5, got %v", d.Sigma)
	}
}

func checkWeighted(ps *housing.Problems, at string, ws []Weighted, valid func(string) bool, want string) {
	total := 0.0
	for i, w := range ws {
		if !valid(w.Value) {
			ps.Add(fmt.Sprintf("%s[%d].value", at, i), "want %s, got %q", want, w.Value)
		}
		if w.Weight < 0 || math.IsNaN(w.Weight) {
			ps.Add(fmt.Sprintf("%s[%d].weight", at, i), "must not be negative")
		}
		total += w.Weight
	}
	if len(ws) > 0 && total <= 0 {
		ps.Add(at, "the weights add up to 0")
	}
}

func checkBehaviour(ps *housing.Problems, at string, b Behaviour) {
	checkMonths(ps, at+".patience_months", b.PatienceMonths)
	checkProb(ps, at+".refusal", b.Refusal)
	checkProb(ps, at+".refer_admitted", b.ReferAdmitted)
	checkProb(ps, at+".renewal", b.Renewal)
	if b.MaxRefusals < 0 {
		ps.Add(at+".max_refusals", "must not be negative")
	}
	checkProb(ps, at+".exits.public_housing.share", b.Exits.PublicHousing.Share)
	checkMonths(ps, at+".exits.public_housing.wait_months", b.Exits.PublicHousing.WaitMonths)
	checkMonths(ps, at+".exits.private_lease.months_sustainable", b.Exits.PrivateLease.MonthsSustainable)
	checkMonths(ps, at+".exits.private_lease.months_otherwise", b.Exits.PrivateLease.MonthsOtherwise)
	if b.Exits.PrivateLease.MarketRent.IsNegative() || b.Exits.PrivateLease.Charges.IsNegative() {
		ps.Add(at+".exits.private_lease", "amounts must not be negative")
	}
	checkMonths(ps, at+".exits.family_months", b.Exits.Family)
	checkMonths(ps, at+".exits.drop_out_months", b.Exits.DropOut)
	if b.AtLimit != "" && !slices.Contains(housing.ExitPathways, b.AtLimit) {
		ps.Add(at+".at_limit", "unknown exit pathway %q", b.AtLimit)
	}
	for _, k := range sortedKeys(b.Returns.Probability) {
		if k != "at_limit" && !slices.Contains(housing.ExitPathways, housing.ExitPathway(k)) {
			ps.Add(at+".returns.probability."+k, "want an exit pathway or at_limit")
		}
		checkProb(ps, at+".returns.probability."+k, b.Returns.Probability[k])
	}
	checkMonths(ps, at+".returns.delay_months", b.Returns.DelayMonths)
}

func checkStock(ps *housing.Problems, at string, fs []FacilitySpec, us []UnitSpec, base *Scenario) {
	fids := map[string]bool{}
	if base != nil {
		for _, f := range base.Stock.Facilities {
			fids[f.ID] = true
		}
	}
	for i, f := range fs {
		fat := fmt.Sprintf("%s.facilities[%d]", at, i)
		if f.ID == "" {
			ps.Add(fat+".id", "is required")
		}
		if fids[f.ID] && f.ID != "" {
			ps.Add(fat+".id", "%q is listed twice", f.ID)
		}
		fids[f.ID] = true
		if f.Beds < 1 {
			ps.Add(fat+".beds", "want at least 1 bed, got %d", f.Beds)
		}
	}
	n := 0
	for i, u := range us {
		uat := fmt.Sprintf("%s.units[%d]", at, i)
		if u.Count < 0 || u.Count > MaxUnits {
			ps.Add(uat+".count", "want 0 (one unit) to %d, got %d", MaxUnits, u.Count)
		}
		n += max(u.Count, 1)
		if u.Facility != "" && !fids[u.Facility] {
			ps.Add(uat+".facility", "no facility %q in the stock", u.Facility)
		}
		if !u.Until.IsZero() && !u.From.IsZero() && !u.Until.After(u.From) {
			ps.Add(uat+".until", "must be after from")
		}
		hu := u.unit(u.ID, u.Municipality)
		if hu.AvailableFrom.IsZero() {
			hu.AvailableFrom = housing.MustDate(2000, 1, 1)
		}
		ps.Merge(uat, hu.Validate())
	}
	if n > MaxUnits {
		ps.Add(at+".units", "at most %d units, got %d", MaxUnits, n)
	}
}

// unit builds the housing.Unit of a spec with the given id.
func (u UnitSpec) unit(id, municipality string) housing.Unit {
	contract := u.Contract
	if contract == "" {
		contract = housing.ContractTransitional
	}
	area := u.AreaSqm
	if area.IsZero() {
		area = decimal.NewFromInt(int64(14 * max(u.Beds, 1)))
	}
	return housing.Unit{
		ID: id, FacilityID: u.Facility, Kind: u.Kind, Beds: u.Beds, Bedrooms: u.Bedrooms, AreaSqm: area,
		StepFree: u.StepFree, Rent: u.Rent, ServiceCharges: u.Charges, Contract: contract,
		AvailableFrom: u.From, AvailableUntil: u.Until, Municipality: municipality, SubArea: u.SubArea,
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
