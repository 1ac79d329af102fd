package transfer_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/housingkit/housingkit/store/transfer"
)

// Import a municipal vacancy spreadsheet: every problem is reported by row
// and column, and nothing is written while any row has one.
func ExampleImport() {
	csv := "id;kind;beds;rent;contract;available_from\n" +
		"cr-01;apartment;3;420,00;agreed_rent;01/03/2025\n" +
		"cr-02;apartment;tre;380,00;agreed_rent;2025-04-01\n" +
		"cr-03;room;1;-50,00;concession;2025-02-30\n"
	st := memory.New()
	ctx := context.Background()
	b, rep := transfer.ReadUnitsCSV("vacancies.csv", strings.NewReader(csv), transfer.Limits{})
	rep, err := transfer.Import(ctx, st, "comune-crema", b, rep, transfer.ImportOptions{})
	fmt.Println(housing.ErrorCode(err), "imported:", rep.Imported)
	for _, p := range rep.Problems {
		fmt.Println(p)
	}

	// Without the bad rows, the file goes in whole.
	good := strings.Join(strings.Split(csv, "\n")[:2], "\n")
	b, rep = transfer.ReadUnitsCSV("vacancies.csv", strings.NewReader(good), transfer.Limits{})
	rep, err = transfer.Import(ctx, st, "comune-crema", b, rep, transfer.ImportOptions{})
	fmt.Println(err, "imported:", rep.Imported, "rent:", b.Units[0].Value.Rent)
	// Output:
	// invalid imported: 0
	// row 3, column beds: "tre" is not a whole number
	// row 4, column available_from: "2025-02-30" is not a date; write YYYY-MM-DD or DD/MM/YYYY
	// row 4, column rent: rent -50 is negative
	// <nil> imported: 1 rent: 420
}

// A research export: pseudonyms instead of identifiers, ages in bands,
// months instead of dates, and small counts suppressed.
func ExampleExport() {
	st := memory.New()
	ctx := context.Background()
	f, _ := os.Open("../../testdata/referral-batch.json")
	defer f.Close()
	b, rep := transfer.ReadBatchJSON("referral-batch.json", f, transfer.Limits{})
	if _, err := transfer.Import(ctx, st, "asp-ferrara", b, rep, transfer.ImportOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	key := []byte("a secret of at least sixteen bytes")
	r, err := transfer.Export(ctx, st, "asp-ferrara", transfer.ExportOptions{Key: key, AsOf: housing.MustParseDate("2025-06-30"), MinCount: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range r.Households {
		fmt.Println(h.ID == transfer.Pseudonym(key, "asp-ferrara", store.KindHousehold, "hh-201"), h.Size, h.Members[0].AgeBand, h.ISEEBand)
	}
	_ = r.WriteCSV(os.Stdout, "households_by_size_and_isee")
	// Output:
	// true 2 45-54 0-3000
	// false 1 25-34 not declared
	// size,isee_band,count
	// 1,not declared,suppressed
	// 2,0-3000,suppressed
}
