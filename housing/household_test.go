package housing

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validHousehold() Household {
	return Household{
		ID: "h1",
		Members: []Member{
			{Role: RoleReference, Person: Person{BirthDate: MustParseDate("1980-05-31"), Incomes: []IncomeSource{{Kind: IncomeEmployment, Annual: decimal.RequireFromString("12000.50")}}}},
			{Role: RoleChild, Person: Person{BirthDate: MustParseDate("2015-02-28"), Incomes: []IncomeSource{}}},
		},
		Residence: Residence{Municipality: "Crema", Since: MustParseDate("2010-01-01")},
	}
}

func TestHouseholdValidateReportsEveryProblem(t *testing.T) {
	h := validHousehold()
	require.NoError(t, h.Validate())

	h.Members = append(h.Members,
		Member{Role: "cousin", Person: Person{Sex: "Q"}},
		Member{Role: RoleReference, Person: Person{BirthDate: MustParseDate("1890-01-01"), Incomes: []IncomeSource{{Kind: IncomePension, Annual: decimal.RequireFromString("-10")}, {Annual: decimal.Zero}}}},
	)
	h.ISEE = &DeclaredISEE{Value: decimal.RequireFromString("-1")}
	h.LivingSituation = "14.1"
	h.Assets = &Assets{Financial: decimal.RequireFromString("-0.01")}
	h.ID = ""
	err := h.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	var e *Error
	require.ErrorAs(t, err, &e)
	var got []string
	for _, p := range e.Problems {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		"id: is required",
		`members[2].role: unknown value "cousin"; want one of reference, partner, child, parent, relative, other`,
		"members[2].birth_date: is required",
		`members[2].sex: unknown value "Q"; want one of F, M, X`,
		"members[3].birth_date: 1890-01-01 is before 1900",
		"members[3].incomes[0].annual: income -10 is negative",
		"members[3].incomes[1].kind: is required; want one of employment, self_employment, pension, benefit, maintenance, other",
		`members: want exactly one member with role "reference", found 2`,
		"isee.value: ISEE -1 is negative",
		"isee.issued_on: is required with a declared ISEE",
		"assets.financial: -0.01 is negative",
		`living_situation: unknown ETHOS code "14.1"; want an operational sub-category such as "9.1", or "housed"`,
	}, got)
}

func TestHouseholdFacts(t *testing.T) {
	h := validHousehold()
	on := MustParseDate("2026-02-28")
	assert.Equal(t, 2, h.Size())
	assert.Equal(t, 1, h.Minors(on))
	inc, known := h.AnnualIncome()
	assert.True(t, known)
	assert.True(t, inc.Equal(decimal.RequireFromString("12000.50")))
	n, known := h.IncomeCount()
	assert.Equal(t, 1, n)
	assert.True(t, known)
	years, ok := h.ResidenceYears(on)
	assert.True(t, ok)
	assert.Equal(t, 16, years)
	h.Members[1].Incomes = nil
	_, known = h.AnnualIncome()
	assert.False(t, known, "a member with undeclared incomes makes the total unknown")
	ref, ok := h.Reference()
	require.True(t, ok)
	assert.Equal(t, 45, ref.AgeOn(on))
}

// The example households in testdata/ are read strictly, validate, and
// round-trip through JSON without losing anything.
func TestExampleHouseholdsRoundTrip(t *testing.T) {
	files, err := filepath.Glob("../testdata/*household*.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 5, "one example household per seed programme")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			h, err := ReadHousehold(f, data)
			require.NoError(t, err)
			out, err := json.Marshal(h)
			require.NoError(t, err)
			var back Household
			require.NoError(t, json.Unmarshal(out, &back))
			again, err := json.Marshal(back)
			require.NoError(t, err)
			assert.JSONEq(t, string(out), string(again))
			// Every field written in the file survives: the re-encoded
			// document contains the original's keys and values.
			var orig, enc map[string]any
			require.NoError(t, json.Unmarshal(data, &orig))
			require.NoError(t, json.Unmarshal(out, &enc))
			assertSubset(t, orig, enc, "")
		})
	}
}

// assertSubset checks that every key and value of want appears in got.
func assertSubset(t *testing.T, want, got any, path string) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !assert.True(t, ok, "%s: want an object", path) {
			return
		}
		for k, v := range w {
			assertSubset(t, v, g[k], path+"."+k)
		}
	case []any:
		g, ok := got.([]any)
		if !assert.True(t, ok, "%s: want a list", path) || !assert.Len(t, g, len(w), path) {
			return
		}
		for i := range w {
			assertSubset(t, w[i], g[i], path)
		}
	case string:
		// Decimals keep their value, not their trailing zeros.
		if a, err := decimal.NewFromString(w); err == nil {
			g, _ := got.(string)
			b, err := decimal.NewFromString(g)
			assert.True(t, err == nil && a.Equal(b), "%s: want %s, got %v", path, w, got)
			return
		}
		assert.Equal(t, want, got, path)
	default:
		assert.Equal(t, want, got, path)
	}
}

func TestReadHouseholdErrors(t *testing.T) {
	_, err := ReadHousehold("h.json", []byte(`{
  "id": "x",
  "members": [{"role": "reference", "birth_date": "2023-02-29", "incomes": null, "colour": "red"}],
  "residence": {"municipality": "Crema", "since": "2020-01-01"}
}`))
	require.Error(t, err)
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Len(t, e.Problems, 2)
	assert.Equal(t, Problem{File: "h.json", Line: 3, Col: 51, Path: "members[0].birth_date", Message: e.Problems[0].Message}, e.Problems[0])
	assert.Equal(t, `date "2023-02-29": day 29 out of range 1..28 for 2023-02`, e.Problems[0].Message)
	assert.Equal(t, "h.json:3:82", e.Problems[1].Pos())
	assert.Equal(t, "members[0].colour", e.Problems[1].Path)
	assert.Contains(t, e.Problems[1].Message, `unknown key "colour"`)

	_, err = ReadHousehold("h.json", []byte(`{"id": "x", "members": [], "residence": {"municipality": "Crema"}}`))
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "invalid household h.json: h.json:1:24: members: a household has at least one member", ErrorMessage(err))

	_, err = ReadHousehold("h.json", []byte(`{"id": "x", "members": [{"role": "reference", "birth_date": "1990-01-01", "incomes": [{"kind": "pension", "annual": "-5"}]}]}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "members[0].incomes[0].annual: income -5 is negative")
}

func FuzzReadHousehold(f *testing.F) {
	files, _ := filepath.Glob("../testdata/*household*.json")
	for _, p := range files {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}
	f.Add([]byte(`{"id":"x","members":[{"role":"reference","birth_date":"0000-00-00"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ReadHousehold("f.json", data)
		if err != nil {
			if ErrorMessage(err) == "" {
				t.Fatal("error without message")
			}
			return
		}
		if h.Validate() != nil {
			t.Fatal("ReadHousehold returned an invalid household")
		}
		if _, err := json.Marshal(h); err != nil {
			t.Fatal(err)
		}
	})
}

// A household is bounded (MaxMembers) and its amounts are euros and cents.
func TestReadHouseholdLimitsAndCents(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"id": "big", "members": [{"role": "reference", "birth_date": "1980-01-01", "incomes": [{"kind": "pension", "annual": "1000.005"}]}`)
	for i := 0; i < MaxMembers; i++ {
		b.WriteString(`, {"role": "child", "birth_date": "2010-01-01", "incomes": []}`)
	}
	b.WriteString(`], "residence": {"municipality": "Crema"}, "current_rent": "400.1"}`)
	_, err := ReadHousehold("big.json", []byte(b.String()))
	var e *Error
	require.ErrorAs(t, err, &e)
	var got []string
	for _, p := range e.Problems {
		got = append(got, p.Path+": "+p.Message)
	}
	assert.Equal(t, []string{
		fmt.Sprintf("members: %d members; a household has at most %d", MaxMembers+1, MaxMembers),
		"members[0].incomes[0].annual: 1000.005 has digits below the cent; want euros and cents such as 650.00",
	}, got)
}
