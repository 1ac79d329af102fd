package casework

import (
	"context"
	"slices"
	"strconv"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/rentcalc"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// RegisterOwner adds an owner of dwellings (a public body, a municipality,
// an ASP, ALER, ATS/ASST, an ETS, the Church or a religious institute, a
// private citizen) to the agency's registry. Errors: invalid, conflict
// (store.exists).
func (c *Casework) RegisterOwner(ctx context.Context, tenant store.Tenant, o housing.Owner, on housing.Date) error {
	if on.IsZero() {
		return invalid(store.KeyQuery, "the date is required")
	}
	return c.write(ctx, tenant, "register_owner", func(w *work) error {
		if err := w.tx.Owners().Create(o); err != nil {
			return err
		}
		return w.journal(o.ID, on, string(store.KindOwner), o.ID, "", nil, o)
	})
}

// Inspection states of an offered dwelling.
const (
	InspectionSuitable   = "suitable"    // can be let as it is
	InspectionNeedsWorks = "needs_works" // can be let after the works listed
	InspectionUnsuitable = "unsuitable"  // cannot be let
)

// Inspection is the visit of an offered dwelling (sopralluogo).
type Inspection struct {
	Date      housing.Date `json:"date"`
	State     string       `json:"state"`
	Inspector string       `json:"inspector"`
	Note      string       `json:"note,omitempty"`
}

// Agreement is what the agency and the owner agree for an offered
// dwelling: the contract, the rent (for an agreed rent, within the
// agreement's band; zero for a free loan) and the availability period.
type Agreement struct {
	Date     housing.Date         `json:"date"`
	Contract housing.ContractKind `json:"contract"`
	Rent     decimal.Decimal      `json:"rent"`
	Charges  decimal.Decimal      `json:"charges"`
	From     housing.Date         `json:"from"`
	Until    housing.Date         `json:"until,omitzero"`
}

// Interest states.
const (
	InterestReceived  = "received"
	InterestInspected = "inspected"
	InterestAgreed    = "agreed"
	InterestDeclined  = "declined"
)

// Interest is an owner's expression of interest (manifestazione di
// interesse): the unit offered, its state after inspection, and the
// agreement that puts it in the vacancy registry.
type Interest struct {
	ID       string       `json:"id"`
	OwnerID  string       `json:"owner_id"`
	Received housing.Date `json:"received"`
	// Unit is the dwelling offered, as it will be registered.
	Unit housing.Unit `json:"unit"`
	// Location places it for the local rent agreement, when there is one.
	Location   *Location   `json:"location,omitempty"`
	Inspection *Inspection `json:"inspection,omitempty"`
	Agreement  *Agreement  `json:"agreement,omitempty"`
	Status     string      `json:"status"`
}

// ExpressInterest records an owner's offer of a dwelling. The owner must
// be registered; the unit is checked (housing.Unit.Validate) and names the
// owner. Errors: invalid, not_found (owner), conflict (store.exists).
func (c *Casework) ExpressInterest(ctx context.Context, tenant store.Tenant, in Interest) error {
	var ps housing.Problems
	store.CheckID(&ps, "id", in.ID)
	requiredDate(&ps, "received", in.Received)
	if in.Unit.OwnerID != in.OwnerID {
		ps.Add("unit.owner_id", "%q is not the owner %q", in.Unit.OwnerID, in.OwnerID)
	}
	ps.Merge("unit", in.Unit.Validate())
	if l := in.Location; l != nil {
		if _, ok := c.contracts.Agreements[l.Agreement]; !ok {
			ps.Add("location.agreement", "no rent agreement %q", l.Agreement)
		}
		l.UnitID = in.Unit.ID
	}
	if err := ps.Err("invalid expression of interest"); err != nil {
		return err
	}
	in.Status, in.Inspection, in.Agreement = InterestReceived, nil, nil
	return c.write(ctx, tenant, "express_interest", func(w *work) error {
		if _, err := w.tx.Owners().Get(in.OwnerID); err != nil {
			return err
		}
		if err := putDoc(w.tx, CollInterest, in.ID, in.OwnerID, in, 0); err != nil {
			return err
		}
		return w.journal(in.OwnerID, in.Received, CollInterest, in.ID, "", nil, in)
	})
}

func (c *Casework) interestStep(ctx context.Context, tenant store.Tenant, op, id string, on housing.Date, reason string, step func(w *work, in *Interest) error) (*Interest, error) {
	var out *Interest
	err := c.write(ctx, tenant, op, func(w *work) error {
		var in Interest
		v, err := getDoc(w.tx, CollInterest, id, &in)
		if err != nil {
			return err
		}
		before := in
		if err := step(w, &in); err != nil {
			return err
		}
		if err := putDoc(w.tx, CollInterest, id, in.OwnerID, in, v); err != nil {
			return err
		}
		out = &in
		return w.journal(in.OwnerID, on, CollInterest, id, reason, before, in)
	})
	return out, err
}

// Inspect records the inspection of the offered dwelling: an unsuitable
// one closes the offer. Errors: invalid, not_found, conflict
// (casework.state once agreed or declined).
func (c *Casework) Inspect(ctx context.Context, tenant store.Tenant, id string, i Inspection) (*Interest, error) {
	var ps housing.Problems
	requiredDate(&ps, "date", i.Date)
	required(&ps, "inspector", i.Inspector)
	if !slices.Contains([]string{InspectionSuitable, InspectionNeedsWorks, InspectionUnsuitable}, i.State) {
		ps.Add("state", "%q; want suitable, needs_works or unsuitable", i.State)
	}
	if err := ps.Err("invalid inspection"); err != nil {
		return nil, err
	}
	return c.interestStep(ctx, tenant, "inspect", id, i.Date, i.State, func(_ *work, in *Interest) error {
		if in.Status != InterestReceived && in.Status != InterestInspected {
			return conflict(KeyState, "expression of interest %q is %s: it takes no inspection", in.ID, in.Status)
		}
		if i.Date.Before(in.Received) {
			return invalid("casework.date", "the inspection of %s is before the offer of %s", i.Date, in.Received)
		}
		in.Inspection, in.Status = &i, InterestInspected
		if i.State == InspectionUnsuitable {
			in.Status = InterestDeclined
		}
		return nil
	})
}

// Agree records the agreement with the owner and registers the unit in the
// vacancy registry with the contract, rent and availability agreed. The
// dwelling must have been inspected and found suitable (or suitable after
// works); a free loan has zero rent; an agreed or transitional rent lies
// within the local agreement's band for the unit's zone and class.
// Errors: invalid (fields, the rent outside the band), not_found,
// conflict (casework.state; store.exists when the unit id is taken).
func (c *Casework) Agree(ctx context.Context, tenant store.Tenant, id string, a Agreement) (*Interest, error) {
	var ps housing.Problems
	requiredDate(&ps, "date", a.Date)
	requiredDate(&ps, "from", a.From)
	if !slices.Contains(housing.ContractKinds, a.Contract) {
		ps.Add("contract", "%q is not a contract kind", a.Contract)
	}
	if a.Rent.IsNegative() || a.Charges.IsNegative() {
		ps.Add("rent", "rent and charges are at least zero")
	}
	if a.Contract == housing.ContractFreeLoan && !a.Rent.IsZero() {
		ps.Add("rent", "a free loan (comodato) has no rent, not %s", a.Rent)
	}
	if !a.Until.IsZero() && a.Until.Before(a.From) {
		ps.Add("until", "%s is before from %s", a.Until, a.From)
	}
	if err := ps.Err("invalid agreement"); err != nil {
		return nil, err
	}
	return c.interestStep(ctx, tenant, "agree", id, a.Date, string(a.Contract), func(w *work, in *Interest) error {
		if in.Status != InterestInspected || in.Inspection.State == InspectionUnsuitable {
			return conflict(KeyState, "expression of interest %q is %s: an agreement needs a suitable inspection", in.ID, in.Status)
		}
		term, ok := c.contracts.Term(a.Contract)
		if !ok {
			return invalid(KeyContract, "no contract terms for %q", a.Contract)
		}
		if term.Rent == RentByAgreement {
			if in.Location == nil {
				return invalid(KeyContract, "a %s needs the unit's zone and class of a rent agreement", a.Contract)
			}
			ag := c.contracts.Agreements[in.Location.Agreement]
			lo, err := ag.Rent(in.Location.Zone, in.Location.Class, in.Unit.AreaSqm, PointMin)
			if err != nil {
				return err
			}
			hi, _ := ag.Rent(in.Location.Zone, in.Location.Class, in.Unit.AreaSqm, PointMax)
			if a.Rent.LessThan(lo.Monthly) || a.Rent.GreaterThan(hi.Monthly) {
				return invalid(KeyContract, "rent %s is outside the agreement's band %s–%s for %s m² in zone %s, class %s",
					a.Rent.StringFixed(2), lo.Monthly.StringFixed(2), hi.Monthly.StringFixed(2), in.Unit.AreaSqm, lo.Zone, lo.Class)
			}
		}
		u := in.Unit
		u.Contract, u.Rent, u.ServiceCharges, u.AvailableFrom, u.AvailableUntil = a.Contract, a.Rent, a.Charges, a.From, a.Until
		if err := w.tx.Units().Create(u); err != nil {
			return err
		}
		if in.Location != nil {
			if err := putDoc(w.tx, CollLocations, u.ID, u.ID, in.Location, 0); err != nil {
				return err
			}
		}
		if err := w.journal(u.ID, a.Date, string(store.KindUnit), u.ID, "agreement "+in.ID, nil, u); err != nil {
			return err
		}
		in.Unit, in.Agreement, in.Status = u, &a, InterestAgreed
		return nil
	})
}

// SetLocation records a registered unit's zone and class of a local rent
// agreement, for contracts at agreed rent.
func (c *Casework) SetLocation(ctx context.Context, tenant store.Tenant, l Location, on housing.Date) error {
	if _, ok := c.contracts.Agreements[l.Agreement]; !ok {
		return invalid(KeyContract, "no rent agreement %q", l.Agreement)
	}
	if on.IsZero() {
		return invalid(store.KeyQuery, "the date is required")
	}
	return c.write(ctx, tenant, "set_location", func(w *work) error {
		if _, err := w.tx.Units().Get(l.UnitID); err != nil {
			return err
		}
		var old Location
		v, err := getDoc(w.tx, CollLocations, l.UnitID, &old)
		if err != nil && housing.ErrorCode(err) != housing.CodeNotFound {
			return err
		}
		if err := putDoc(w.tx, CollLocations, l.UnitID, l.UnitID, l, v); err != nil {
			return err
		}
		var before any
		if v > 0 {
			before = old
		}
		return w.journal(l.UnitID, on, CollLocations, l.UnitID, "", before, l)
	})
}

// SetAvailability changes the period a registered unit can be let (from,
// until; a zero until is open-ended), for example when an owner extends
// or shortens an offer. Errors: invalid, not_found.
func (c *Casework) SetAvailability(ctx context.Context, tenant store.Tenant, unitID string, from, until, on housing.Date, reason string) error {
	if from.IsZero() || on.IsZero() || (!until.IsZero() && until.Before(from)) {
		return invalid(store.KeyQuery, "an availability period needs from (and until not before it) and the date of the change")
	}
	return c.write(ctx, tenant, "set_availability", func(w *work) error {
		u, err := w.tx.Units().Get(unitID)
		if err != nil {
			return err
		}
		nu := u.Value
		nu.AvailableFrom, nu.AvailableUntil = from, until
		if _, err := w.tx.Units().Update(nu, u.Version); err != nil {
			return err
		}
		return w.journal(unitID, on, string(store.KindUnit), unitID, reason, u.Value, nu)
	})
}

// LandlordReport is the sustainability report on a proposed household
// that the agency gives the landlord: whether the rent is sustainable
// under the agency's policy, the rent burden and the residual income. It
// carries no sensitive data about the household: no names, ages, health,
// origin, ETHOS situation, target groups or income figures beyond these.
type LandlordReport struct {
	ProposalID string          `json:"proposal_id"`
	UnitID     string          `json:"unit_id"`
	Date       housing.Date    `json:"date"`
	Persons    int             `json:"persons"`
	Policy     string          `json:"policy"`
	PolicyText housing.Text    `json:"policy_title"`
	Rent       decimal.Decimal `json:"rent"`
	Charges    decimal.Decimal `json:"charges"`
	// Sustainable is the policy's verdict.
	Sustainable bool `json:"sustainable"`
	// Burden is (rent + charges) × 12 ÷ annual income, rounded to 4
	// decimals (0.3125 = 31.25%); nil for no income.
	Burden *decimal.Decimal `json:"burden"`
	// ResidualMonthly is the monthly income left after rent and charges,
	// rounded to the cent.
	ResidualMonthly decimal.Decimal `json:"residual_monthly"`
	// MaxRent is the highest monthly rent the policy finds sustainable.
	MaxRent decimal.Decimal `json:"max_rent"`
}

// SustainabilityReport assesses, as of on, the rent of the proposal's unit
// for its household under the programme's rent policy (or policy, when
// set). Errors: not_found, invalid (no policy; undeclared incomes).
func (c *Casework) SustainabilityReport(ctx context.Context, tenant store.Tenant, proposalID string, on housing.Date, policy string) (*LandlordReport, error) {
	if on.IsZero() {
		return nil, invalid(store.KeyQuery, "the date is required")
	}
	var out *LandlordReport
	err := c.read(ctx, tenant, func(w *work) error {
		var p Proposal
		if _, err := getDoc(w.tx, CollProposal, proposalID, &p); err != nil {
			return err
		}
		prog, err := c.Programme(p.ProgrammeID)
		if err != nil {
			return err
		}
		if policy == "" {
			policy = prog.RentPolicy
		}
		if policy == "" {
			return invalid(KeyContract, "programme %s has no rent-sustainability policy: name one", prog.ID)
		}
		u, err := w.tx.Units().Get(p.UnitID)
		if err != nil {
			return err
		}
		h, err := w.tx.Households().Get(p.HouseholdID)
		if err != nil {
			return err
		}
		rp, err := rentcalc.ShippedPolicy(policy)
		if err != nil {
			return err
		}
		src, err := rentcalc.Shipped()
		if err != nil {
			return err
		}
		as, err := src.Compile(rp, on)
		if err != nil {
			return err
		}
		in, err := rentcalc.InputOf(h.Value, on, u.Value.Rent, u.Value.ServiceCharges)
		if err != nil {
			return err
		}
		a, err := as.Assess(in)
		if err != nil {
			return err
		}
		cost := u.Value.Rent.Add(u.Value.ServiceCharges)
		r := &LandlordReport{ProposalID: p.ID, UnitID: p.UnitID, Date: on, Persons: h.Value.Size(), Policy: a.Policy,
			PolicyText: a.PolicyTitle, Rent: u.Value.Rent, Charges: u.Value.ServiceCharges, Sustainable: a.Sustainable,
			MaxRent:         a.MaxRentMonthly,
			ResidualMonthly: in.IncomeAnnual.Sub(cost.Mul(decimal.NewFromInt(12))).Div(decimal.NewFromInt(12)).Round(2)}
		if in.IncomeAnnual.IsPositive() {
			b := cost.Mul(decimal.NewFromInt(12)).Div(in.IncomeAnnual).Round(4)
			r.Burden = &b
		}
		out = r
		return nil
	})
	return out, err
}

// CensusRow is one cell of the demand–offer census.
type CensusRow struct {
	// Size is the household size (demand) or the unit's beds (offer).
	Size int `json:"size"`
	// Need is the ETHOS conceptual category of the waiting households'
	// living situation ("unknown" when not coded); empty for offer rows.
	Need string `json:"need,omitempty"`
	// RentBand names the offer's monthly cost band, such as "0-300";
	// empty for demand rows.
	RentBand string `json:"rent_band,omitempty"`
	Count    int    `json:"count"`
}

// Census is the demand–offer census on a date: households waiting (on
// every programme's list, counted once) by size and need, against units
// vacant by beds and monthly cost.
type Census struct {
	Date   housing.Date `json:"date"`
	Demand []CensusRow  `json:"demand"`
	Offer  []CensusRow  `json:"offer"`
	// Waiting and Vacant are the totals.
	Waiting int `json:"waiting"`
	Vacant  int `json:"vacant"`
}

// DefaultRentBands returns the upper bounds of the census's monthly cost
// bands, in a new slice: up to 300, up to 500, up to 700, then above.
func DefaultRentBands() []decimal.Decimal {
	return []decimal.Decimal{decimal.NewFromInt(300), decimal.NewFromInt(500), decimal.NewFromInt(700)}
}

// Census counts the households waiting by size and need — those on the
// waiting lists as they stand that joined by asOf — and the units vacant
// on asOf by beds and monthly cost band (bands: increasing upper bounds,
// nil for DefaultRentBands()). Rows are sorted by size, then need or band.
func (c *Casework) Census(ctx context.Context, tenant store.Tenant, asOf housing.Date, bands []decimal.Decimal) (*Census, error) {
	if asOf.IsZero() {
		return nil, invalid(store.KeyQuery, "the census date is required")
	}
	if bands == nil {
		bands = DefaultRentBands()
	}
	for i := 1; i < len(bands); i++ {
		if !bands[i].GreaterThan(bands[i-1]) {
			return nil, invalid(store.KeyQuery, "rent bands must increase: %s after %s", bands[i], bands[i-1])
		}
	}
	out := &Census{Date: asOf, Demand: []CensusRow{}, Offer: []CensusRow{}}
	err := c.read(ctx, tenant, func(w *work) error {
		seen := map[string]bool{}
		demand := map[[2]string]int{}
		for _, pid := range c.order {
			es, err := w.tx.WaitingList().Ranked(pid, store.MaxLimit)
			if err != nil {
				return err
			}
			for _, e := range es {
				hid := e.Value.HouseholdID
				if seen[hid] || e.Value.Since.After(asOf) {
					continue
				}
				seen[hid] = true
				h, err := w.tx.Households().Get(hid)
				if err != nil {
					return err
				}
				need := needOf(h.Value.LivingSituation)
				demand[[2]string{strconv.Itoa(h.Value.Size()), need}]++
				out.Waiting++
			}
		}
		us, err := listAll(func(p store.Page) ([]store.Versioned[housing.Unit], error) {
			return w.tx.Units().Vacant(store.VacancyQuery{AsOf: asOf, Page: p})
		}, func(u housing.Unit) string { return u.ID })
		if err != nil {
			return err
		}
		offer := map[[2]string]int{}
		for _, u := range us {
			offer[[2]string{strconv.Itoa(u.Value.Beds), bandOf(u.Value.MonthlyCost(), bands)}]++
			out.Vacant++
		}
		out.Demand = rows(demand, func(r *CensusRow, k string) { r.Need = k })
		out.Offer = rows(offer, func(r *CensusRow, k string) { r.RentBand = k })
		return nil
	})
	return out, err
}

func bandOf(cost decimal.Decimal, bands []decimal.Decimal) string {
	lo := "0"
	for _, b := range bands {
		if !cost.GreaterThan(b) {
			return lo + "-" + b.String()
		}
		lo = b.String()
	}
	return ">" + lo
}

func rows(m map[[2]string]int, set func(*CensusRow, string)) []CensusRow {
	out := []CensusRow{}
	for k, n := range m {
		size, _ := strconv.Atoi(k[0])
		r := CensusRow{Size: size, Count: n}
		set(&r, k[1])
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b CensusRow) int {
		if a.Size != b.Size {
			return a.Size - b.Size
		}
		if a.Need != b.Need {
			return compareStr(a.Need, b.Need)
		}
		return compareStr(a.RentBand, b.RentBand)
	})
	return out
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// needOf names the need of a living situation: its ETHOS conceptual
// category, "housed", or "unknown" when not coded.
func needOf(e housing.Ethos) string {
	switch {
	case !e.Valid():
		return "unknown"
	case e.Concept() != "":
		return string(e.Concept())
	}
	return string(e)
}
