package eligibility

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"testing"
	"unsafe"

	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAgeOnAgreesWithYearsUntil(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	start := housing.MustParseDate("1920-01-01")
	cases := []struct{ birth, on string }{
		{"2000-02-29", "2001-02-28"}, {"2000-02-29", "2001-02-27"}, {"2000-02-29", "2004-02-28"}, {"2000-02-29", "2004-02-29"},
		{"1999-12-31", "2000-12-30"}, {"1999-12-31", "2000-12-31"}, {"2000-03-01", "2001-02-28"},
	}
	for range 20000 {
		b, _ := start.AddDays(r.IntN(40000))
		on, _ := b.AddDays(r.IntN(40000))
		cases = append(cases, struct{ birth, on string }{b.String(), on.String()})
	}
	for _, c := range cases {
		b, on := housing.MustParseDate(c.birth), housing.MustParseDate(c.on)
		y, m, d := on.YMD()
		if !assert.Equal(t, b.YearsUntil(on), ageOn(b, y, m, d), "%s on %s", c.birth, c.on) {
			return
		}
	}
}

func TestToCents(t *testing.T) {
	for _, tc := range []struct {
		in    string
		cents int64
		ok    bool
	}{
		{"0", 0, true}, {"12.5", 1250, true}, {"12.50", 1250, true}, {"-3.07", -307, true}, {"100.000", 10000, true},
		{"0.001", 0, false}, {"1e3", 100000, true}, {"123456789012345.67", 0, false}, {"9100.00", 910000, true},
	} {
		c, ok := toCents(decimal.RequireFromString(tc.in))
		assert.Equal(t, tc.ok, ok, tc.in)
		if ok {
			assert.Equal(t, tc.cents, c, tc.in)
		}
	}
}

func TestMoneyCompareMixesCentsAndDecimals(t *testing.T) {
	a := moneyOf(decimal.RequireFromString("16000.00"))
	b := moneyOf(decimal.RequireFromString("16000.001"))
	assert.Nil(t, a.dec)
	assert.NotNil(t, b.dec)
	assert.Equal(t, -1, a.cmp(b))
	assert.Equal(t, 1, b.cmp(a))
	assert.Equal(t, 0, a.cmp(moneyOf(decimal.RequireFromString("16000"))))
}

// TestNativeExpressionsAgreeWithTheMachine runs expressions both natively
// and on the expression machine over synthetic fact values.
func TestNativeExpressionsAgreeWithTheMachine(t *testing.T) {
	exprs := []string{
		"annual_income / household_size <= param.limit",
		"annual_income <= param.limit * household_size",
		"annual_income - 1000 > isee * 2 || has_income && !isee_valid",
		"annual_income == 12000 || annual_income != 0.5 and minors >= 1",
		"household_size * 2 + minors - 1 > 3 && living_situation == \"9.1\"",
		"isee < 1234.56 or isee >= param.limit / 3",
		"not (minors > 0) and reference_sex != \"F\" or param.flag",
		"-minors < 0 || 0.1 + isee > annual_income",
		"annual_income * 1.5 >= param.limit - isee",
		"referral_date >= \"2024-01-01\" && ethos_concept == \"insecure\"",
	}
	src := `format: housingkit.ruleset/v1
id: test.native
version: "1"
title: {it: x, en: x}
jurisdiction: {region: x}
valid_from: 2024-01-01
references: [{id: src, title: src}]
parameters:
  limit: {unit: EUR/year, values: {2024-01-01: 6947.33}}
  flag: {unit: bool, values: {2024-01-01: false}}
requirements:
`
	for i, x := range exprs {
		src += "  - {id: r" + itoaInternal(i) + ", label: {it: x, en: x}, reference: src, when: {expr: '" + x + "'}}\n"
	}
	rs, err := Parse("native.yaml", []byte(src))
	if !assert.NoError(t, err) {
		return
	}
	for _, r := range rs.requirements {
		x := exprOf(r.when)
		if !assert.NotNil(t, x, r.id) || !assert.NotNil(t, x.native, "%s is in the native subset", r.id) {
			return
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	amounts := []string{"0", "0.01", "1000", "6947.33", "13894.66", "13894.68", "20841.99", "12000", "99999999999999.99", "-5", "0.001"}
	for n := range 3000 {
		e := &evalCtx{p: rs.intervals[0]}
		e.f.setInt(fHouseholdSize, int64(r.IntN(7)))
		e.f.setInt(fMinors, int64(r.IntN(3)))
		e.f.setMoney(fAnnualIncome, moneyOf(decimal.RequireFromString(amounts[r.IntN(len(amounts))])))
		e.f.setMoney(fISEE, moneyOf(decimal.RequireFromString(amounts[r.IntN(len(amounts))])))
		e.f.setBool(fHasIncome, r.IntN(2) == 0)
		e.f.setBool(fISEEValid, r.IntN(2) == 0)
		e.f.setEnum(fLivingSituation, ethosValues[r.IntN(len(ethosValues))])
		e.f.setEnum(fEthosConcept, conceptValues[r.IntN(len(conceptValues))])
		e.f.setEnum(fReferenceSex, []string{"F", "M", "X"}[r.IntN(3)])
		e.f.setDate(fReferralDate, dateOfDay(int64(r.IntN(400))+dayNumber(housing.MustParseDate("2023-06-01"))))
		for _, rule := range rs.requirements {
			x := exprOf(rule.when)
			nv, nm := x.eval(e)
			nerr := e.err
			e.err = nil
			vv, vm := x.run(e)
			verr := e.err
			e.err = nil
			if !assert.Equal(t, vv, nv, "%s on case %d", rule.id, n) || !assert.Equal(t, vm, nm) || !assert.Equal(t, verr != nil, nerr != nil, "%v / %v", verr, nerr) {
				return
			}
		}
	}
}

// exprOf returns the expression condition a compiled condition wraps.
func exprOf(c *ccond) *exprCond { return c.expr }

func itoaInternal(i int) string { return string(rune('a' + i)) }

// TestDecisionLayout checks that a decision's main allocation holds
// exactly what the rule set needs: the decision, its score with every part
// and tie-break value, and every reason's fact values, and no more. Crema's fits the allocator's 1,024-byte class
// (objects over 512 bytes that hold pointers carry an 8-byte header).
func TestDecisionLayout(t *testing.T) {
	for _, id := range ShippedIDs() {
		rs, err := Shipped(id)
		require.NoError(t, err)
		l := rs.layout
		want := unsafe.Sizeof(Decision{}) + uintptr(rs.nFacts)*unsafe.Sizeof(FactValue{})
		if len(rs.score) > 0 {
			want += unsafe.Sizeof(Score{}) + uintptr(len(rs.score))*unsafe.Sizeof(ScorePart{}) + uintptr(len(rs.tieBreak))*unsafe.Sizeof(TieBreakValue{})
		}
		assert.Equal(t, want, l.typ.Size(), id)
		assert.Equal(t, [3]int{l.nParts, l.nTies, l.nVals}, [3]int{l.inParts, l.inTies, l.inVals}, id)
		t.Logf("%s: %d bytes, %d reasons of %d bytes", id, l.typ.Size(), len(rs.all)+len(rs.score), unsafe.Sizeof(Reason{}))
		if id == "crema.ospitalita-temporanea" {
			assert.LessOrEqual(t, l.typ.Size()+8, uintptr(1024))
		}
	}
}

// TestDecisionLayoutApart checks that a rule set whose decisions hold more
// score parts, tie-break values or fact values than a decision's
// allocation takes gives the same decisions with them allocated apart.
func TestDecisionLayoutApart(t *testing.T) {
	data, err := rulesets.FS.ReadFile("crema.ospitalita-temporanea.yaml")
	require.NoError(t, err)
	rs, err := Parse("crema.yaml", data)
	require.NoError(t, err)
	yes, no := true, false
	hs := []*housing.Household{
		{ID: "a", Members: []housing.Member{{Role: housing.RoleReference, Person: housing.Person{BirthDate: housing.MustParseDate("1980-05-01"),
			Incomes: []housing.IncomeSource{{Kind: housing.IncomeEmployment, Annual: decimal.RequireFromString("9000")}}, VictimOfViolence: &yes}},
			{Role: housing.RoleChild, Person: housing.Person{BirthDate: housing.MustParseDate("2015-01-01"), Incomes: []housing.IncomeSource{}, LeavingCare: &no}}},
			ISEE: &housing.DeclaredISEE{Value: decimal.RequireFromString("4210"), IssuedOn: housing.MustParseDate("2024-02-01")}, LivingSituation: housing.EthosCodes[0]},
		{ID: "b", Members: []housing.Member{{Role: housing.RoleReference, Person: housing.Person{BirthDate: housing.MustParseDate("1950-01-31")}}}},
	}
	ref := &housing.Referral{Team: housing.Team{Name: "t", Kind: housing.TeamSocialService}, Date: housing.MustParseDate("2024-03-01"), CaseManaged: true}
	on := housing.MustParseDate("2024-06-01")
	var want []string
	for _, h := range hs {
		d, err := Evaluate(rs, h, on, WithReferral(ref))
		require.NoError(t, err)
		b, err := json.Marshal(d)
		require.NoError(t, err)
		want = append(want, string(b))
	}
	rs.layout = newDecisionLayout(rs, 0, 0, 0)
	require.Zero(t, rs.layout.inParts+rs.layout.inTies+rs.layout.inVals)
	for i, h := range hs {
		d, err := Evaluate(rs, h, on, WithReferral(ref))
		require.NoError(t, err)
		b, err := json.Marshal(d)
		require.NoError(t, err)
		assert.JSONEq(t, want[i], string(b), h.ID)
	}
}

// TestIDLists checks the lists of the groups (or referral rules) matched,
// shared up to maxSharedIDs rules and built per decision beyond: the ids of
// the rules that hold, in rule-set order, never nil.
func TestIDLists(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 3, maxSharedIDs, maxSharedIDs + 1, 12} {
		rules := make([]*rule, n)
		for i := range rules {
			rules[i] = &rule{id: "g" + strconv.Itoa(i)}
		}
		l := newIDLists(rules)
		assert.Equal(t, n <= maxSharedIDs, l.lists != nil, n)
		for range 200 {
			res := make([]ruleResult, n)
			want := []string{}
			for i := range res {
				res[i].v = tri(r.IntN(3))
				if res[i].v == triTrue {
					want = append(want, rules[i].id)
				}
			}
			got := l.of(res)
			require.NotNil(t, got)
			require.Equal(t, want, got)
			require.Equal(t, len(got), cap(got), "appending to a list must not write into a shared one")
		}
	}
}

// TestValueBeyond32Bits checks that values which do not fit the 32 bits
// kept inline in a Value (amounts of 21,474,836.48 € or more, large ints)
// keep every digit, in Go and in JSON, and read back equal.
func TestValueBeyond32Bits(t *testing.T) {
	assert.Equal(t, uintptr(16), unsafe.Sizeof(Value{}))
	var f facts
	f.setMoney(fFinancialAssets, money{cents: 1 << 40})
	f.setMoney(fISEE, money{cents: -(1 << 31) - 5})
	f.setMoney(fRealEstateAssets, money{cents: 1<<31 - 1})
	f.setInt(fResidenceYears, 1<<33+7)
	f.setInt(fHouseholdSize, -3)
	for _, c := range []struct {
		id   factID
		json string
	}{
		{fFinancialAssets, `"10995116277.76"`},
		{fISEE, `"-21474836.53"`},
		{fRealEstateAssets, `"21474836.47"`},
		{fResidenceYears, `8589934599`},
		{fHouseholdSize, `-3`},
	} {
		v := f.value(c.id)
		b, err := v.MarshalJSON()
		assert.NoError(t, err)
		assert.Equal(t, c.json, string(b), factDefs[c.id].name)
		back, err := parseValue(factDefs[c.id].name, b)
		assert.NoError(t, err)
		assert.Equal(t, v.String(), back.String(), factDefs[c.id].name)
		if v.Kind() == KindMoney {
			assert.True(t, v.Money().Equal(back.Money()), factDefs[c.id].name)
		} else {
			assert.Equal(t, v.Int(), back.Int(), factDefs[c.id].name)
		}
	}
	assert.Equal(t, int64(1<<33+7), f.value(fResidenceYears).Int())
	assert.True(t, f.value(fFinancialAssets).Money().Equal(decimal.New(1<<40, -2)))
}

// The facts of a team's assessment and of the ERP position are known only
// when recorded: a nil field leaves the fact unknown, not false.
func TestAssessmentFactsAreUnknownUntilRecorded(t *testing.T) {
	h := housing.Household{ID: "h", Members: []housing.Member{{Role: housing.RoleReference, Person: housing.Person{BirthDate: housing.MustParseDate("1980-01-01")}}}}
	ref := housing.Referral{Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService}}
	on := housing.MustParseDate("2025-01-01")
	var f facts
	f.extract(&h, &ref, on, gAssessment|gReferral)
	for _, id := range []factID{fTempDifficulty, fFragile, fExtremeHardship, fERPNow, fERPRank, fJointTeam} {
		if f.known.has(id) {
			t.Errorf("%s is known with nothing recorded", factDefs[id].name)
		}
	}
	rank := 37
	h.Assessment = &housing.Assessment{TemporaryDifficulty: housing.Bool(true), Fragile: housing.Bool(false), ExtremeHardship: housing.Bool(true)}
	h.PublicHousing = &housing.PublicHousingAccess{AvailableNow: housing.Bool(false), RankingPosition: &rank}
	ref.With = []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}
	f = facts{}
	f.extract(&h, &ref, on, gAssessment|gReferral)
	want := map[factID]int64{fTempDifficulty: 1, fFragile: 0, fExtremeHardship: 1, fERPNow: 0, fERPRank: 37}
	for id, v := range want {
		if !f.known.has(id) || f.int(id) != v {
			t.Errorf("%s = %d (known %v), want %d", factDefs[id].name, f.int(id), f.known.has(id), v)
		}
	}
	if !f.known.has(fJointTeam) || factDefs[fJointTeam].enum[f.int(fJointTeam)-1] != "integrated_housing" {
		t.Errorf("referral_joint_team not integrated_housing")
	}
}
