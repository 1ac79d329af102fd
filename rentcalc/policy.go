package rentcalc

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/housingkit/housingkit/params"
	"go.yaml.in/yaml/v3"
)

// TestKind is the kind of a sustainability test.
type TestKind string

// The kinds of sustainability test. Incomes are annual, rents and charges
// monthly; each test compares annual amounts (12 monthly rents a year), so
// "net monthly income ≥ 2 × (rent + charges)" reads income ≥ 2 × 12 ×
// (rent + charges), the monthly income being the annual ÷ 12.
const (
	// TestMaxIncidence: housing costs × 12 ≤ max × annual income, max a
	// ratio or percentage (Liguria social rental agency: 30%).
	TestMaxIncidence TestKind = "max_incidence"
	// TestIncomeMultiple: annual income ≥ multiple × housing costs × 12
	// (Modena Agenzia Casa: 2 × (rent + service charges)).
	TestIncomeMultiple TestKind = "income_multiple"
	// TestResidualIncome: annual income − housing costs × 12 ≥ floor ×
	// equivalence scale, the floor an annual amount or a monthly amount
	// times its instalments a year (the INPS minimum pension × 13; the ADI
	// income threshold).
	TestResidualIncome TestKind = "residual_income"
)

// TestKinds lists the kinds of test.
var TestKinds = []TestKind{TestMaxIncidence, TestIncomeMultiple, TestResidualIncome}

// Costs says which housing costs a test counts.
type Costs string

// The values of Costs.
const (
	CostsRent           Costs = "rent"             // the rent only
	CostsRentAndCharges Costs = "rent_and_charges" // rent plus service charges
)

// Test is one sustainability test of a policy. Parameter references are
// "file-id.name" or a bare name for the policy's own parameters.
type Test struct {
	Kind  TestKind `yaml:"kind" json:"kind" required:"true"`
	Costs Costs    `yaml:"costs" json:"costs" required:"true"`
	// Max is the maximum incidence (max_incidence), unit ratio or percent.
	Max string `yaml:"max" json:"max,omitempty"`
	// Multiple is the income multiple (income_multiple), unit ratio or count.
	Multiple string `yaml:"multiple" json:"multiple,omitempty"`
	// Floor is the residual-income floor for one person
	// (residual_income), unit EUR/year, or EUR/month with FloorPayments.
	Floor string `yaml:"floor" json:"floor,omitempty"`
	// FloorPayments is the number of monthly instalments a year of a
	// monthly floor (unit count), such as minimum-pension.payments_per_year.
	FloorPayments string `yaml:"floor_payments" json:"floor_payments,omitempty"`
	// Scale is the equivalence scale the floor is multiplied by.
	Scale string `yaml:"scale" json:"scale,omitempty"`
	// pos is where the test is in its file (File, Line and Col).
	pos housing.Problem
}

// UnmarshalYAML decodes a test and checks that it has the fields its kind
// needs and no others (see yaml.Unmarshaler); its error lists every
// problem with its line and column.
func (t *Test) UnmarshalYAML(n *yaml.Node) error {
	d := reader.NewDecoder("")
	t.decode(d, n)
	return d.Err()
}

func (t *Test) decode(d *reader.Decoder, n *yaml.Node) {
	type plain Test
	var p plain
	d.Decode(n, &p)
	*t = Test(p)
	t.pos = housing.Problem{Line: n.Line, Col: n.Column}
	if d.Count() > 0 {
		return
	}
	if !slices.Contains(TestKinds, t.Kind) {
		d.Errorf(n, "unknown test kind %q; want max_incidence, income_multiple or residual_income", t.Kind)
		return
	}
	if t.Costs != CostsRent && t.Costs != CostsRentAndCharges {
		d.Errorf(n, "costs %q; want rent or rent_and_charges", t.Costs)
	}
	fields := []struct {
		key, val string
		want     bool
	}{
		{"max", t.Max, t.Kind == TestMaxIncidence},
		{"multiple", t.Multiple, t.Kind == TestIncomeMultiple},
		{"floor", t.Floor, t.Kind == TestResidualIncome},
		{"scale", t.Scale, t.Kind == TestResidualIncome},
	}
	for _, f := range fields {
		switch {
		case f.want && f.val == "":
			d.Errorf(n, "a %s test needs %q", t.Kind, f.key)
		case !f.want && f.val != "":
			d.Errorf(n, "%q does not belong to a %s test", f.key, t.Kind)
		}
	}
	if t.FloorPayments != "" && t.Kind != TestResidualIncome {
		d.Errorf(n, "%q does not belong to a %s test", "floor_payments", t.Kind)
	}
	for _, r := range []string{t.Max, t.Multiple, t.Floor, t.FloorPayments} {
		if r != "" && !validRef(r) {
			d.Errorf(n, "parameter reference %q: want name or file-id.name, the name in lower-case letters, digits and _", r)
		}
	}
	if t.Scale != "" && !slices.Contains(ScaleNames(), t.Scale) {
		d.Errorf(n, "unknown equivalence scale %q; want one of %s", t.Scale, strings.Join(ScaleNames(), ", "))
	}
}

// Policy is a rent-sustainability policy given as data: the tests a rent
// must pass, with the policy's own dated parameters. Read it with
// ParsePolicy or ShippedPolicy, then Compile it for a date.
type Policy struct {
	ID          string             `yaml:"id" json:"id" required:"true"`
	Title       housing.Text       `yaml:"title" json:"title" required:"true"`
	Description housing.Text       `yaml:"description" json:"description"`
	References  []params.Reference `yaml:"references" json:"references,omitempty"`
	// Parameters are the policy's own figures (such as its maximum
	// incidence), referred to by bare name.
	Parameters params.Set `yaml:"parameters" json:"-"`
	Tests      []Test     `yaml:"tests" json:"tests" required:"true"`
}

// ParsePolicy reads a policy (YAML or JSON). name is used in positions.
// All problems are reported at once in a CodeInvalid *housing.Error, each
// at "name:line:column": unknown keys, unknown test kinds or scales, fields
// missing or out of place, references to parameters the policy lacks.
func ParsePolicy(name string, data []byte) (*Policy, error) {
	var p Policy
	err := reader.Read(name, data, &p, reader.Validate(func() []reader.Problem {
		// Checked even after other problems, so that all are reported.
		var ps []reader.Problem
		if len(p.Tests) == 0 {
			ps = append(ps, reader.Problem{Path: "tests", Message: "a policy needs at least one test"})
		}
		for i, t := range p.Tests {
			for _, r := range []string{t.Max, t.Multiple, t.Floor, t.FloorPayments} {
				if f, n := splitRef(r); r != "" && f == "" && validRef(r) {
					if _, ok := p.Parameters.Get(n); !ok {
						ps = append(ps, reader.Problem{Path: housing.Index("tests", i), Message: fmt.Sprintf("parameter %q is not among the policy's parameters (%s); refer to another file's as file-id.name", n, strings.Join(p.Parameters.Names(), ", "))})
					}
				}
			}
		}
		return ps
	}))
	if err != nil {
		return nil, input.Err(err, "invalid sustainability policy "+name)
	}
	for i := range p.Tests {
		p.Tests[i].pos.File = name
	}
	return &p, nil
}

// LoadPolicy reads the policy file at path. It returns a CodeInvalid error
// for a file that cannot be read or is not a valid policy.
func LoadPolicy(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeInvalid, Key: "rentcalc.read_policy", Message: "cannot read policy file " + path, Err: err}
	}
	return ParsePolicy(path, data)
}

//go:embed policies
var policiesFS embed.FS

// The ids of the shipped sustainability policies.
const (
	// PolicyLiguria30: rent ≤ 30% of income (social rental agency ASC
	// Tigullio, Liguria; REFERENCE.md §4).
	PolicyLiguria30 = "liguria-30"
	// PolicyModena2x: income ≥ 2 × (rent + service charges) (Modena
	// Agenzia Casa; REFERENCE.md §4).
	PolicyModena2x = "modena-2x"
	// PolicyResidualMinimumPension: what is left after rent and charges is
	// at least the INPS minimum pension (× 13) times the ISEE scale.
	PolicyResidualMinimumPension = "residual-minimum-pension"
)

type shippedSet[T any] struct {
	byID map[string]T
	ids  []string
}

func loadShipped[T any](dir string, parse func(string, []byte) (T, error), id func(T) string) (*shippedSet[T], error) {
	out := &shippedSet[T]{byID: map[string]T{}}
	var ps housing.Problems
	entries, err := fs.ReadDir(policiesFS, dir)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeInternal, Message: "cannot read shipped files", Err: err}
	}
	for _, e := range entries {
		p := path.Join(dir, e.Name())
		data, err := policiesFS.ReadFile(p)
		if err != nil {
			return nil, &housing.Error{Code: housing.CodeInternal, Message: "cannot read " + p, Err: err}
		}
		v, err := parse(p, data)
		if err != nil {
			ps.Merge("", err)
			continue
		}
		if _, dup := out.byID[id(v)]; dup {
			ps = append(ps, housing.Problem{File: p, Message: fmt.Sprintf("id %q is used twice", id(v))})
			continue
		}
		out.byID[id(v)] = v
		out.ids = append(out.ids, id(v))
	}
	if err := ps.Err("invalid shipped files in " + dir); err != nil {
		return nil, err
	}
	slices.Sort(out.ids)
	return out, nil
}

func (s *shippedSet[T]) get(kind, id string) (T, error) {
	v, ok := s.byID[id]
	if !ok {
		var zero T
		return zero, housing.Errorf(housing.CodeNotFound, "rentcalc.unknown_"+kind, "no shipped %s %q; want one of %s", kind, id, strings.Join(s.ids, ", "))
	}
	return v, nil
}

var shippedPolicies = sync.OnceValues(func() (*shippedSet[*Policy], error) {
	return loadShipped("policies/sustainability", ParsePolicy, func(p *Policy) string { return p.ID })
})

// ShippedPolicy returns the shipped sustainability policy id (see
// PolicyLiguria30 and the others). It returns a CodeNotFound error for an
// unknown id.
func ShippedPolicy(id string) (*Policy, error) {
	s, err := shippedPolicies()
	if err != nil {
		return nil, err
	}
	return s.get("policy", id)
}

// ShippedPolicyIDs returns the ids of the shipped sustainability policies.
func ShippedPolicyIDs() []string {
	s, err := shippedPolicies()
	if err != nil {
		return nil
	}
	return slices.Clone(s.ids)
}
