package rentcalc

import (
	"math/rand/v2"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/params"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func scaleValue(t *testing.T, src *Sources, name, on string, c Composition) ScaleValue {
	t.Helper()
	s, err := src.Scale(name, day(on))
	require.NoError(t, err)
	return s.Value(c)
}

// REFERENCE.md §1: DPCM 159/2013 Allegato 1 table 1.00, 1.57, 2.04, 2.46,
// 2.85, +0.35 each further member.
func TestScaleISEETable_REFERENCE_s1(t *testing.T) {
	src := shipped(t)
	want := []string{"1", "1.57", "2.04", "2.46", "2.85", "3.2", "3.55", "3.9"}
	for n := 1; n <= len(want); n++ {
		ms := []Member{ref(40, 0)}
		for len(ms) < n {
			ms = append(ms, relative(50))
		}
		v := scaleValue(t, src, ScaleISEE, "2025-06-01", comp(ms...))
		requireDec(t, want[n-1], v.Value, "members", n)
	}
}

// REFERENCE.md §1: +0.2 with 3 children, +0.35 with 4, +0.5 with 5 or more.
func TestScaleISEELargeFamilies_REFERENCE_s1(t *testing.T) {
	src := shipped(t)
	adults := func(children int) Composition {
		ms := []Member{ref(50, 0), partner(50, 0)}
		for range children {
			ms = append(ms, child(20))
		}
		return comp(ms...)
	}
	for _, tc := range []struct {
		children int
		want     string
	}{{2, "2.46"}, {3, "3.05"}, {4, "3.55"}, {5, "4.05"}, {6, "4.40"}} {
		v := scaleValue(t, src, ScaleISEE, "2025-06-01", adults(tc.children))
		requireDec(t, tc.want, v.Value, "children", tc.children)
	}
	// The same households under the 2026 reform: +0.1 (2), +0.25 (3), +0.40 (4), +0.55 (5+).
	for _, tc := range []struct {
		children int
		want     string
	}{{1, "2.04"}, {2, "2.56"}, {3, "3.10"}, {4, "3.60"}, {5, "4.10"}, {6, "4.45"}} {
		v := scaleValue(t, src, ScaleISEE2026, "2026-01-01", adults(tc.children))
		requireDec(t, tc.want, v.Value, "children", tc.children)
	}
	// The housing ISEE keeps the DPCM increments in 2026 (the reform's use is unconfirmed).
	requireDec(t, "2.46", scaleValue(t, src, ScaleISEE, "2026-06-01", adults(2)).Value)
}

func TestScaleISEE2026NotBefore2026_REFERENCE_s1(t *testing.T) {
	_, err := shipped(t).Scale(ScaleISEE2026, day("2025-12-31"))
	require.ErrorIs(t, err, housing.ErrNotFound)
	var e *housing.Error
	require.ErrorAs(t, err, &e)
	assert.Len(t, e.Problems, 4, "the four reform increments are missing: %v", err)
	assert.Contains(t, err.Error(), "isee.reform2026_children_increment_2 has no value on 2025-12-31")
}

// REFERENCE.md §1: +0.2 where both parents (or the only parent) worked ≥ 6
// months and there are minor children; +0.3 with a child under 3; the same
// for a non-working lone parent with only minor children; +0.5 per
// disabled member. Boundaries: 5/6 months, ages 2/3 and 17/18.
func TestScaleISEEIncrements_REFERENCE_s1(t *testing.T) {
	src := shipped(t)
	for _, tc := range []struct {
		name string
		c    Composition
		want string
		code string
	}{
		{"both parents worked 6 months, child 10", comp(ref(35, 12), partner(33, 6), child(10)), "2.24", "scale.isee.working_parents"},
		{"one parent worked 5 months", comp(ref(35, 12), partner(33, 5), child(10)), "2.04", ""},
		{"child aged 2", comp(ref(35, 12), partner(33, 6), child(2)), "2.34", "scale.isee.working_parents_young_child"},
		{"child aged 3", comp(ref(35, 12), partner(33, 6), child(3)), "2.24", "scale.isee.working_parents"},
		{"child aged 18 is not a minor", comp(ref(45, 12), partner(43, 12), child(18)), "2.04", ""},
		{"child aged 17", comp(ref(45, 12), partner(43, 12), child(17)), "2.24", "scale.isee.working_parents"},
		{"working lone parent", comp(ref(30, 6), child(1)), "1.87", "scale.isee.working_parents_young_child"},
		{"non-working lone parent with only minors", comp(ref(30, 0), child(5), child(8)), "2.24", "scale.isee.working_parents"},
		{"non-working lone parent with an adult child too", comp(ref(50, 0), child(5), child(19)), "2.04", ""},
		{"medium disability", comp(ref(60, 0), Member{Role: housing.RolePartner, Age: 60, Disability: housing.DisabilityMedium}), "2.07", "scale.isee.disability"},
		{"not self-sufficient and severe", comp(Member{Role: housing.RoleReference, Age: 80, Disability: housing.DisabilityNotSelfSufficient}, Member{Role: housing.RolePartner, Age: 79, Disability: housing.DisabilitySevere}), "2.57", "scale.isee.disability"},
		{"disability none", comp(Member{Role: housing.RoleReference, Age: 80, Disability: housing.DisabilityNone}), "1", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := scaleValue(t, src, ScaleISEE, "2025-06-01", tc.c)
			requireDec(t, tc.want, v.Value)
			if tc.code != "" {
				assert.Contains(t, partCodes(v), tc.code)
			}
		})
	}
}

func partCodes(v ScaleValue) []string {
	var out []string
	for _, p := range v.Parts {
		out = append(out, p.Code)
	}
	return out
}

// OECD-modified: 1 + 0.5 per other member ≥ 14 + 0.3 per child < 14
// (Eurostat; not in REFERENCE.md). Boundary 13/14.
func TestScaleOECD(t *testing.T) {
	src := shipped(t)
	requireDec(t, "2.1", scaleValue(t, src, ScaleOECD, "2025-06-01", comp(ref(40, 0), partner(38, 0), child(13), child(2))).Value)
	requireDec(t, "2.3", scaleValue(t, src, ScaleOECD, "2025-06-01", comp(ref(40, 0), partner(38, 0), child(14), child(2))).Value)
	requireDec(t, "1", scaleValue(t, src, ScaleOECD, "2025-06-01", comp(ref(70, 0))).Value)
	// The first member is the oldest, whatever the order.
	requireDec(t, "1.3", scaleValue(t, src, ScaleOECD, "2025-06-01", comp(child(5), ref(30, 0))).Value)
}

// REFERENCE.md §7: ADI scale 1.0; +0.5 per disabled member; +0.4 per other
// member ≥ 60; +0.4 one adult with care duties; +0.3 per adult in certified
// severe hardship; +0.15 per minor up to the second, +0.10 each further;
// capped at 2.2 (2.3 with severe disability).
func TestScaleADI_REFERENCE_s7(t *testing.T) {
	src := shipped(t)
	dis := func(role housing.Role, age int, l housing.DisabilityLevel) Member {
		return Member{Role: role, Age: age, Disability: l}
	}
	for _, tc := range []struct {
		name string
		c    Composition
		want string
	}{
		{"alone", comp(ref(40, 0)), "1"},
		{"an adult partner under 60 adds nothing", comp(ref(40, 0), partner(40, 0)), "1"},
		{"partner aged 59", comp(ref(62, 0), partner(59, 0)), "1"},
		{"partner aged 60", comp(ref(62, 0), partner(60, 0)), "1.4"},
		{"two minors", comp(ref(40, 0), child(3), child(17)), "1.3"},
		{"three minors", comp(ref(40, 0), child(3), child(5), child(9)), "1.4"},
		{"child aged 18 is an adult", comp(ref(40, 0), child(18)), "1"},
		{"care duties of the reference person", comp(Member{Role: housing.RoleReference, Age: 30, CareDuties: true}, child(1)), "1.55"},
		{"care duties count once", comp(Member{Role: housing.RoleReference, Age: 30, CareDuties: true}, Member{Role: housing.RolePartner, Age: 30, CareDuties: true}, child(1)), "1.55"},
		{"certified hardship of an adult", comp(ref(40, 0), Member{Role: housing.RoleRelative, Age: 30, CertifiedHardship: true}), "1.3"},
		{"disabled partner", comp(ref(40, 0), dis(housing.RolePartner, 40, housing.DisabilityMedium)), "1.5"},
		{"the reference person's disability adds nothing", comp(dis(housing.RoleReference, 40, housing.DisabilityMedium)), "1"},
		{"one increment per member: disabled and 65", comp(ref(70, 0), dis(housing.RolePartner, 65, housing.DisabilityMedium)), "1.5"},
		{"exactly 2.2 is not capped", comp(ref(40, 0), dis(housing.RolePartner, 40, housing.DisabilityMedium), relative(60), Member{Role: housing.RoleRelative, Age: 30, CertifiedHardship: true}), "2.2"},
		{"2.35 capped at 2.2", comp(ref(40, 0), dis(housing.RolePartner, 40, housing.DisabilityMedium), relative(60), Member{Role: housing.RoleRelative, Age: 30, CertifiedHardship: true}, child(5)), "2.2"},
		{"cap 2.2", comp(ref(40, 0), dis(housing.RolePartner, 40, housing.DisabilityMedium), dis(housing.RoleChild, 10, housing.DisabilityMedium), dis(housing.RoleChild, 12, housing.DisabilityMedium)), "2.2"},
		{"cap 2.3 with a severe disability", comp(ref(40, 0), dis(housing.RolePartner, 40, housing.DisabilitySevere), dis(housing.RoleChild, 10, housing.DisabilityMedium), dis(housing.RoleChild, 12, housing.DisabilityMedium)), "2.3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := scaleValue(t, src, ScaleADI, "2025-06-01", tc.c)
			requireDec(t, tc.want, v.Value)
		})
	}
	// At exactly the cap no cap part; above it a negative part.
	exact := scaleValue(t, src, ScaleADI, "2025-06-01", comp(ref(40, 0), dis(housing.RolePartner, 40, housing.DisabilityMedium), relative(60), Member{Role: housing.RoleRelative, Age: 30, CertifiedHardship: true}))
	assert.NotContains(t, partCodes(exact), "scale.adi.cap")
	v := scaleValue(t, src, ScaleADI, "2025-06-01", comp(ref(40, 0), dis(housing.RolePartner, 40, housing.DisabilityMedium), dis(housing.RoleChild, 10, housing.DisabilityMedium), dis(housing.RoleChild, 12, housing.DisabilityMedium)))
	last := v.Parts[len(v.Parts)-1]
	assert.Equal(t, "scale.adi.cap", last.Code)
	requireDec(t, "-0.3", last.Amount)
	assert.Equal(t, "scala limitata al massimo di 2,2: -0,3", last.Text.IT)
	assert.Equal(t, "scale capped at 2.2: -0.3", last.Text.EN)
}

// The one-increment-per-member reading is a placeholder parameter: a
// variant that switches it off adds every increment.
func TestScaleADIIncrementsVariant(t *testing.T) {
	src := shipped(t)
	set, _ := src.Set("assegno-inclusione")
	p, _ := set.Get("scale_one_increment_per_member")
	assert.True(t, p.Placeholder)
	variant, err := set.With("scale_one_increment_per_member", day("2024-01-01"), housing.Date{}, params.Bool(false))
	require.NoError(t, err)
	c := comp(ref(70, 0), Member{Role: housing.RolePartner, Age: 65, Disability: housing.DisabilityMedium})
	requireDec(t, "1.9", scaleValue(t, src.With("assegno-inclusione", variant), ScaleADI, "2025-06-01", c).Value)
	requireDec(t, "1.5", scaleValue(t, src, ScaleADI, "2025-06-01", c).Value, "the shipped sources are unchanged")
}

func TestScaleErrors(t *testing.T) {
	src := shipped(t)
	_, err := src.Scale("carli", day("2025-01-01"))
	require.ErrorIs(t, err, housing.ErrNotFound)
	assert.EqualError(t, err, `not_found: unknown equivalence scale "carli"; want one of isee, isee-2026, oecd-modified, adi`)
	_, err = src.Scale(ScaleADI, day("2023-12-31"))
	require.ErrorIs(t, err, housing.ErrNotFound)
	assert.Contains(t, err.Error(), "assegno-inclusione.scale_base has no value on 2023-12-31")
}

func TestScalePartsText(t *testing.T) {
	v := scaleValue(t, shipped(t), ScaleISEE, "2025-06-01", comp(ref(35, 12), partner(33, 6), child(2)))
	require.Len(t, v.Parts, 2)
	assert.Equal(t, "componenti: 3, parametro 2,04", v.Parts[0].Text.IT)
	assert.Equal(t, "members: 3, parameter 2.04", v.Parts[0].Text.EN)
	assert.Equal(t, "isee.scale_3_members", v.Parts[0].Parameter)
	assert.Equal(t, "minor children, one under 3, and parents who worked (or a lone parent): +0.3", v.Parts[1].Text.EN)
}

// Property: for every scale, the parts add up to the value, the value is at
// least 1 for a non-empty household, and the fixed-point fast path equals
// the decimal value exactly.
func TestScaleProperties(t *testing.T) {
	src := shipped(t)
	r := rand.New(rand.NewPCG(1, 2))
	for _, name := range ScaleNames() {
		s, err := src.Scale(name, day("2026-03-01"))
		require.NoError(t, err)
		require.Positive(t, s.den, name)
		for range 20000 {
			c := randomComposition(r)
			v := s.Value(c)
			sum := decimal.Zero
			for _, p := range v.Parts {
				sum = sum.Add(p.Amount)
			}
			require.True(t, sum.Equal(v.Value), "%s: parts %s ≠ value %s for %+v", name, sum, v.Value, c)
			require.True(t, v.Value.GreaterThanOrEqual(decimal.NewFromInt(1)), "%s %+v", name, c)
			require.True(t, decimal.New(s.fixed(&c), 0).Div(decimal.NewFromInt(s.den)).Equal(v.Value), "%s fast path for %+v", name, c)
		}
	}
}

func TestCompositionOf(t *testing.T) {
	six := 6
	yes := true
	h := housing.Household{ID: "h", Members: []housing.Member{
		{Role: housing.RoleReference, Person: housing.Person{BirthDate: day("1990-03-01"), MonthsWorked: &six, CareDuties: &yes}},
		{Role: housing.RoleChild, Person: housing.Person{BirthDate: day("2023-03-02"), Disability: housing.DisabilityMedium}},
	}}
	c := CompositionOf(h, day("2026-03-01"))
	assert.Equal(t, []Member{
		{Role: housing.RoleReference, Age: 36, MonthsWorked: 6, CareDuties: true},
		{Role: housing.RoleChild, Age: 2, Disability: housing.DisabilityMedium},
	}, c.Members)
	require.NoError(t, c.Validate())
	bad := comp(Member{Age: -1, MonthsWorked: 13, Disability: "grave"})
	err := bad.Validate()
	require.ErrorIs(t, err, housing.ErrInvalid)
	assert.Contains(t, err.Error(), "members[0].age: -1 is outside 0..130")
	assert.Contains(t, err.Error(), "members[0].months_worked: 13 is outside 0..12")
	assert.Contains(t, err.Error(), `members[0].disability: unknown value "grave"`)
	assert.Error(t, Composition{}.Validate())
}
