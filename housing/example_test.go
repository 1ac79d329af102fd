package housing_test

import (
	"fmt"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

func ExampleDate_AddMonths() {
	start := housing.MustParseDate("2024-01-31")
	for _, n := range []int{1, 13} { // leap year: clamped to 29 February; common year: 28 February
		end, err := start.AddMonths(n)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(end)
	}
	_, err := housing.MustParseDate("9999-12-31").AddMonths(1)
	fmt.Println(err)
	// Output:
	// 2024-02-29
	// 2025-02-28
	// date 9999-12-31 plus 1 months is outside years 1..9999
}

func ExampleParseDate() {
	_, err := housing.ParseDate("2025-02-29")
	fmt.Println(err)
	d, _ := housing.ParseDate("2024-02-29")
	fmt.Println(d, d.Year(), d.Month(), d.Day())
	// Output:
	// date "2025-02-29": day 29 out of range 1..28 for 2025-02
	// 2024-02-29 2024 February 29
}

func ExampleDate_YearsUntil() {
	born := housing.MustParseDate("2008-02-29")
	fmt.Println(born.YearsUntil(housing.MustParseDate("2026-02-27")))
	fmt.Println(born.YearsUntil(housing.MustParseDate("2026-02-28")))
	// Output:
	// 17
	// 18
}

func ExampleHousehold_Validate() {
	h := housing.Household{
		ID: "cr-001",
		Members: []housing.Member{
			{Role: housing.RoleReference, Person: housing.Person{
				BirthDate: housing.MustParseDate("1986-04-30"),
				Incomes:   []housing.IncomeSource{{Kind: housing.IncomeEmployment, Annual: decimal.RequireFromString("-100")}},
			}},
			{Role: housing.RoleChild, Person: housing.Person{BirthDate: housing.MustParseDate("2031-01-01")}},
		},
		LivingSituation: "9.9",
	}
	err := h.Validate()
	for _, p := range err.(*housing.Error).Problems {
		fmt.Println(p)
	}
	// Output:
	// members[0].incomes[0].annual: income -100 is negative
	// living_situation: unknown ETHOS code "9.9"; want an operational sub-category such as "9.1", or "housed"
}

func ExampleReadHousehold() {
	_, err := housing.ReadHousehold("family.json", []byte(`{
  "id": "cr-002",
  "members": [{"role": "reference", "birth_date": "1990-02-30", "incomes": []}],
  "residence": {"municipality": "Crema", "since": "2015-06-01"},
  "pets": 2
}`))
	fmt.Println(housing.ErrorCode(err))
	for _, p := range err.(*housing.Error).Problems {
		fmt.Printf("line %d, column %d, %s: %s\n", p.Line, p.Col, p.Path, p.Message)
	}
	// Output:
	// invalid
	// line 3, column 51, members[0].birth_date: date "1990-02-30": day 30 out of range 1..28 for 1990-02
	// line 5, column 3, pets: unknown key "pets"; want one of id, members, isee, assets, residence, work_municipality, living_situation, ownership, emergency, current_rent, needs, assessment, public_housing
}

func ExampleFormatMoney() {
	amount := decimal.RequireFromString("1234.555")
	fmt.Println(housing.FormatMoney(housing.Italian, amount))
	fmt.Println(housing.FormatMoney(housing.English, amount))
	fmt.Println(housing.FormatMoney(housing.Italian, decimal.RequireFromString("-3098.74")))
	// Output:
	// 1.234,56 €
	// €1,234.56
	// -3.098,74 €
}

func ExampleEthos() {
	situation := housing.EthosEvictionRented
	fmt.Println(situation, situation.Concept(), situation.Category())
	fmt.Println(situation.Label(housing.Italian))
	fmt.Println(situation.Label(housing.English))
	fmt.Println(situation.Category().Label(housing.English))
	// Output:
	// 9.1 insecure 9
	// sotto sfratto esecutivo (in affitto)
	// under threat of eviction (rented)
	// people living under threat of eviction
}
