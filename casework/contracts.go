package casework

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/shopspring/decimal"
)

//go:embed data/*.yaml data/agreements/*.yaml
var dataFS embed.FS

// The format tags of casework's data files.
const (
	FormatContracts      = "housingkit.contracts/v1"
	FormatRentAgreement  = "housingkit.rent-agreement/v1"
	FormatRefusalReasons = "housingkit.refusals/v1"
)

// RentRule says how a contract's rent is set.
type RentRule string

// The values of RentRule.
const (
	// RentByAgreement: floor area × €/m² of the local agreement's band.
	RentByAgreement RentRule = "agreement"
	// RentZero: no rent (comodato).
	RentZero RentRule = "zero"
	// RentUnit: the unit's registered rent or contribution.
	RentUnit RentRule = "unit"
)

// ContractTerm is the rules of one kind of contract: its duration policy,
// the bounds of its term, and how its rent is set.
type ContractTerm struct {
	Kind  housing.ContractKind `json:"kind" required:"true"`
	Label housing.Text         `json:"label" required:"true"`
	// Policy names the duration policy; empty means the programme's own.
	Policy string `json:"policy,omitempty"`
	// MinMonths and MaxMonths bound the term agreed in the contract; 0
	// and 0 leave it to the duration policy.
	MinMonths int                     `json:"min_months"`
	MaxMonths int                     `json:"max_months"`
	Rent      RentRule                `json:"rent" required:"true"`
	Reference housing.PolicyReference `json:"reference"`
}

// ContractTerms is the contract terms the office keeps as data files: the
// terms by kind, the duration policies they name, and the local rent
// agreements.
type ContractTerms struct {
	Format    string         `json:"format" required:"true"`
	Contracts []ContractTerm `json:"contracts" required:"true"`
	// Policies are the duration policies read beside the terms.
	Policies []*housing.DurationPolicy `json:"-"`
	// Agreements are the local rent agreements, by id.
	Agreements map[string]*RentAgreement `json:"-"`
}

// Term returns the terms of a contract kind.
func (t *ContractTerms) Term(k housing.ContractKind) (ContractTerm, bool) {
	for _, c := range t.Contracts {
		if c.Kind == k {
			return c, true
		}
	}
	return ContractTerm{}, false
}

// RentAgreement is a local agreement's rent bands (accordo territoriale):
// €/m² a month by zone and dwelling class, lowest and highest.
type RentAgreement struct {
	Format       string       `json:"format" required:"true"`
	ID           string       `json:"id" required:"true"`
	Title        housing.Text `json:"title" required:"true"`
	Municipality string       `json:"municipality"`
	Source       struct {
		Act string `json:"act" required:"true"`
		URL string `json:"url,omitempty"`
		// Placeholder marks figures that are not the agreement's own.
		Placeholder bool         `json:"placeholder"`
		Note        housing.Text `json:"note"`
	} `json:"source" required:"true"`
	Classes []string   `json:"classes" required:"true"`
	Zones   []string   `json:"zones" required:"true"`
	Rates   []BandRate `json:"rates" required:"true"`
}

// BandRate is one band: the lowest and highest €/m² a month of a zone and
// class.
type BandRate struct {
	Zone  string          `json:"zone" required:"true"`
	Class string          `json:"class" required:"true"`
	Min   decimal.Decimal `json:"min" required:"true"`
	Max   decimal.Decimal `json:"max" required:"true"`
}

// RentPoint says where in a band an agreed rent is set.
type RentPoint string

// The values of RentPoint.
const (
	PointMin RentPoint = "min"
	PointMid RentPoint = "mid"
	PointMax RentPoint = "max"
)

// RentQuote is an agreed rent computed from a band.
type RentQuote struct {
	Agreement string          `json:"agreement"`
	Zone      string          `json:"zone"`
	Class     string          `json:"class"`
	AreaSqm   decimal.Decimal `json:"area_sqm"`
	RateMin   decimal.Decimal `json:"rate_min"`
	RateMax   decimal.Decimal `json:"rate_max"`
	// Rate is the €/m² a month applied; Monthly = AreaSqm × Rate, rounded
	// to the cent (half away from zero).
	Rate    decimal.Decimal `json:"rate"`
	Monthly decimal.Decimal `json:"monthly"`
	// Placeholder is true when the agreement's figures are placeholders.
	Placeholder bool   `json:"placeholder"`
	Source      string `json:"source"`
}

// Rent computes the monthly rent of a dwelling of area m² in zone and
// class at point of the band. It returns invalid for an unknown zone or
// class, a non-positive area, or an unknown point.
func (a *RentAgreement) Rent(zone, class string, area decimal.Decimal, point RentPoint) (RentQuote, error) {
	var ps housing.Problems
	if !slices.Contains(a.Zones, zone) {
		ps.Add("zone", "%q is not a zone of agreement %s; want one of %s", zone, a.ID, strings.Join(a.Zones, ", "))
	}
	if !slices.Contains(a.Classes, class) {
		ps.Add("class", "%q is not a class of agreement %s; want one of %s", class, a.ID, strings.Join(a.Classes, ", "))
	}
	if !area.IsPositive() {
		ps.Add("area_sqm", "%s: the floor area must be positive", area)
	}
	if point != PointMin && point != PointMid && point != PointMax {
		ps.Add("point", "%q; want min, mid or max", point)
	}
	if err := ps.Err("cannot compute the agreed rent"); err != nil {
		return RentQuote{}, err
	}
	for _, r := range a.Rates {
		if r.Zone != zone || r.Class != class {
			continue
		}
		q := RentQuote{Agreement: a.ID, Zone: zone, Class: class, AreaSqm: area, RateMin: r.Min, RateMax: r.Max,
			Placeholder: a.Source.Placeholder, Source: a.Source.Act}
		switch point {
		case PointMin:
			q.Rate = r.Min
		case PointMax:
			q.Rate = r.Max
		default:
			q.Rate = r.Min.Add(r.Max).Div(decimal.NewFromInt(2))
		}
		q.Monthly = area.Mul(q.Rate).Round(2)
		return q, nil
	}
	return RentQuote{}, invalid(KeyContract, "agreement %s has no band for zone %q and class %q", a.ID, zone, class)
}

// validate returns the agreement's problems.
func (a *RentAgreement) validate() []reader.Problem {
	var ps []reader.Problem
	add := func(p, f string, args ...any) {
		ps = append(ps, reader.Problem{Path: p, Message: fmt.Sprintf(f, args...)})
	}
	if a.Format != FormatRentAgreement {
		add("format", "%q; want %s", a.Format, FormatRentAgreement)
	}
	seen := map[[2]string]int{}
	for i, r := range a.Rates {
		at := housing.Index("rates", i)
		if !slices.Contains(a.Zones, r.Zone) {
			add(at+".zone", "%q is not listed in zones", r.Zone)
		}
		if !slices.Contains(a.Classes, r.Class) {
			add(at+".class", "%q is not listed in classes", r.Class)
		}
		if r.Min.IsNegative() || r.Max.LessThan(r.Min) {
			add(at+".max", "band %s–%s: want 0 ≤ min ≤ max", r.Min, r.Max)
		}
		k := [2]string{r.Zone, r.Class}
		if j, ok := seen[k]; ok {
			add(at, "zone %s and class %s repeat %s", r.Zone, r.Class, housing.Index("rates", j))
		}
		seen[k] = i
	}
	return ps
}

func (t *ContractTerms) validate() []reader.Problem {
	var ps []reader.Problem
	add := func(p, f string, args ...any) {
		ps = append(ps, reader.Problem{Path: p, Message: fmt.Sprintf(f, args...)})
	}
	if t.Format != FormatContracts {
		add("format", "%q; want %s", t.Format, FormatContracts)
	}
	seen := map[housing.ContractKind]bool{}
	for i, c := range t.Contracts {
		at := housing.Index("contracts", i)
		if !slices.Contains(housing.ContractKinds, c.Kind) {
			add(at+".kind", "%q is not a contract kind", c.Kind)
		}
		if seen[c.Kind] {
			add(at+".kind", "%q is listed twice", c.Kind)
		}
		seen[c.Kind] = true
		if c.MinMonths < 0 || c.MaxMonths < c.MinMonths {
			add(at+".max_months", "term %d–%d months: want 0 ≤ min_months ≤ max_months", c.MinMonths, c.MaxMonths)
		}
		if c.Rent != RentByAgreement && c.Rent != RentZero && c.Rent != RentUnit {
			add(at+".rent", "%q; want agreement, zero or unit", c.Rent)
		}
		if c.Kind == housing.ContractFreeLoan && c.Rent != RentZero {
			add(at+".rent", "a free loan (comodato) has no rent: want zero")
		}
	}
	return ps
}

// readFile reads one data file strictly into v.
func readFile(name string, data []byte, v any, what string, validate func() []reader.Problem) error {
	err := reader.Read(name, data, v, reader.Validate(validate))
	if err == nil {
		return nil
	}
	var re *reader.Error
	if !errors.As(err, &re) {
		return invalid("casework.file", "%s %s: %v", what, name, err)
	}
	ps := make(housing.Problems, len(re.Problems))
	for i, p := range re.Problems {
		ps[i] = housing.Problem(p)
	}
	return ps.Err("invalid " + what + " " + name)
}

// LoadContracts reads contract terms from dir in fsys: contracts.yaml,
// the duration policies (every other *.yaml file of format
// housingkit.policy/v1 in dir) and the rent agreements under
// dir/agreements. Every problem is reported with its file, line and
// column, as invalid. Policies named by a term must be among those read,
// or be left to the programme (empty).
func LoadContracts(fsys fs.FS, dir string) (*ContractTerms, error) {
	name := path.Join(dir, "contracts.yaml")
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, invalid("casework.file", "cannot read %s: %v", name, err)
	}
	var t ContractTerms
	if err := readFile(name, data, &t, "contract terms", func() []reader.Problem { return t.validate() }); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, invalid("casework.file", "cannot read %s: %v", dir, err)
	}
	var ps housing.Problems
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasPrefix(n, "contract.") || !strings.HasSuffix(n, ".yaml") {
			continue
		}
		full := path.Join(dir, n)
		b, err := fs.ReadFile(fsys, full)
		if err != nil {
			return nil, invalid("casework.file", "cannot read %s: %v", full, err)
		}
		p, err := housing.ParsePolicy(full, b)
		if err != nil {
			ps.Merge("", err)
			continue
		}
		t.Policies = append(t.Policies, p)
	}
	for i, c := range t.Contracts {
		if c.Policy != "" && !slices.ContainsFunc(t.Policies, func(p *housing.DurationPolicy) bool { return p.ID == c.Policy }) {
			ps = append(ps, housing.Problem{File: name, Path: housing.Index("contracts", i) + ".policy", Message: fmt.Sprintf("no duration policy %q beside the terms", c.Policy)})
		}
	}
	t.Agreements = map[string]*RentAgreement{}
	adir := path.Join(dir, "agreements")
	if as, err := fs.ReadDir(fsys, adir); err == nil {
		for _, e := range as {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
				continue
			}
			full := path.Join(adir, e.Name())
			b, err := fs.ReadFile(fsys, full)
			if err != nil {
				return nil, invalid("casework.file", "cannot read %s: %v", full, err)
			}
			a := &RentAgreement{}
			if err := readFile(full, b, a, "rent agreement", func() []reader.Problem { return a.validate() }); err != nil {
				ps.Merge("", err)
				continue
			}
			t.Agreements[a.ID] = a
		}
	}
	if err := ps.Err("invalid contract files in " + dir); err != nil {
		return nil, err
	}
	return &t, nil
}

// ShippedContracts returns the contract terms shipped with the package:
// agreed rent (3+2 years), transitional (1–18 months), moderated rent,
// free loan (comodato, zero rent, 24 months placeholder) and concession
// (the programme's own policy), with the Catania agreement's bands marked
// placeholder.
func ShippedContracts() (*ContractTerms, error) { return LoadContracts(dataFS, "data") }

// RefusalReason is a reason code for refusing a proposal: who may give it
// and how long the refused unit stays out of the household's matchings.
type RefusalReason struct {
	Code string `json:"code" required:"true"`
	// By is "household" or "landlord".
	By    string       `json:"by" required:"true"`
	Label housing.Text `json:"label" required:"true"`
	// ExpiresMonths: the unit is not proposed again to the household for
	// this many months after the refusal; 0 means never again.
	ExpiresMonths int `json:"expires_months"`
}

// Refusal parties.
const (
	ByHousehold = "household"
	ByLandlord  = "landlord"
)

// ParseRefusals reads a file of refusal reasons (format
// housingkit.refusals/v1).
func ParseRefusals(name string, data []byte) ([]RefusalReason, error) {
	var f struct {
		Format  string          `json:"format" required:"true"`
		Reasons []RefusalReason `json:"reasons" required:"true"`
	}
	err := readFile(name, data, &f, "refusal reasons", func() []reader.Problem {
		var ps []reader.Problem
		if f.Format != FormatRefusalReasons {
			ps = append(ps, reader.Problem{Path: "format", Message: fmt.Sprintf("%q; want %s", f.Format, FormatRefusalReasons)})
		}
		seen := map[string]bool{}
		for i, r := range f.Reasons {
			at := housing.Index("reasons", i)
			if r.By != ByHousehold && r.By != ByLandlord {
				ps = append(ps, reader.Problem{Path: at + ".by", Message: fmt.Sprintf("%q; want household or landlord", r.By)})
			}
			if r.ExpiresMonths < 0 {
				ps = append(ps, reader.Problem{Path: at + ".expires_months", Message: "is negative"})
			}
			if seen[r.Code] {
				ps = append(ps, reader.Problem{Path: at + ".code", Message: fmt.Sprintf("%q is listed twice", r.Code)})
			}
			seen[r.Code] = true
		}
		return ps
	})
	if err != nil {
		return nil, err
	}
	return f.Reasons, nil
}

// ShippedRefusals returns the refusal reasons shipped with the package.
func ShippedRefusals() ([]RefusalReason, error) {
	b, err := dataFS.ReadFile("data/refusals.yaml")
	if err != nil {
		return nil, invalid("casework.file", "%v", err)
	}
	return ParseRefusals("data/refusals.yaml", b)
}
