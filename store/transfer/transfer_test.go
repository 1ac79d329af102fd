package transfer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/housingkit/housingkit/store/transfer"
)

func open(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func problems(rep transfer.Report) string {
	var b strings.Builder
	for _, p := range rep.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

func TestReadUnitsCSVItalian(t *testing.T) {
	b, rep := transfer.ReadUnitsCSV("vacancies-crema.csv", open(t, "../../testdata/vacancies-crema.csv"), transfer.Limits{})
	if len(rep.Problems) != 0 || rep.Rows != 4 || len(b.Units) != 4 {
		t.Fatalf("rows %d, units %d, problems:\n%s", rep.Rows, len(b.Units), problems(rep))
	}
	u := b.Units[1]
	if u.Row != 3 || u.Value.ID != "cr-app-02" || u.Value.Rent.String() != "1050" || u.Value.ServiceCharges.String() != "85.5" ||
		u.Value.AvailableUntil.String() != "2027-03-31" || u.Value.StepFree {
		t.Errorf("row 3 read as %+v", u)
	}
	if a := b.Units[0].Value; a.AvailableFrom.String() != "2025-03-01" || !a.StepFree || a.AreaSqm.String() != "68.5" {
		t.Errorf("row 2 read as %+v", a)
	}
}

func TestReadUnitsCSVProblems(t *testing.T) {
	for name, c := range map[string]struct {
		in   string
		want []string
	}{
		"header": {"id,kind,beds,rent,contract,colour\n", []string{
			"row 1, column colour: unknown column", "row 1, column available_from: the column is required"}},
		"rows": {"id,kind,beds,rent,contract,available_from,service_charges\n" +
			"u1,apartment,2,450.00,agreed_rent,2025-01-01,30\n" +
			"u2,apartment,two,450,agreed_rent,2025-02-30,30\n" +
			"u3,castle,1,-5,agreed_rent,2025-01-01,1.234,56\n" +
			"u1,room,1,100,concession,2025-01-01,0\n" +
			"u4,bed,2,,free_loan,01/02/2025,0\n", []string{
			`row 3, column beds: "two" is not a whole number`,
			`row 3, column available_from: "2025-02-30" is not a date`,
			"row 4: 8 fields, but the header has 7",
			`row 5, column id: "u1" is also the identifier of row 2`,
			"row 6, column rent: is required",
			"row 6, column beds: a unit of kind bed has exactly 1 bed, not 2",
		}},
		"italian amount": {"id;kind;beds;rent;contract;available_from\nu1;room;1;450.00;concession;2025-01-01\n", []string{
			`row 2, column rent: "450.00" is not an amount; in a file separated by ';' write amounts as 1.234,56`}},
		"empty":  {"", []string{"the file is empty"}},
		"quotes": {"id,kind,beds,rent,contract,available_from\n\"u1,room,1,1,concession,2025-01-01\n", []string{"row 2: column"}},
	} {
		b, rep := transfer.ReadUnitsCSV(name, strings.NewReader(c.in), transfer.Limits{})
		got := problems(rep)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: missing %q in\n%s", name, w, got)
			}
		}
		if name == "rows" && (len(b.Units) != 1 || b.Units[0].Value.ID != "u1") {
			t.Errorf("rows: the batch holds %d units, want only u1", len(b.Units))
		}
		if err := rep.Err(); err == nil || housing.ErrorCode(err) != housing.CodeInvalid {
			t.Errorf("%s: Err() = %v", name, err)
		}
	}
}

func TestLimits(t *testing.T) {
	in := "id,kind,beds,rent,contract,available_from\n" + strings.Repeat("u,room,1,1,concession,2025-01-01\n", 10)
	_, rep := transfer.ReadUnitsCSV("big", strings.NewReader(in), transfer.Limits{MaxBytes: 100})
	if !strings.Contains(problems(rep), "larger than 100 bytes") {
		t.Errorf("byte limit: %s", problems(rep))
	}
	_, rep = transfer.ReadUnitsCSV("many", strings.NewReader(in), transfer.Limits{MaxRows: 3})
	if !strings.Contains(problems(rep), "row 5: more than 3 rows") {
		t.Errorf("row limit: %s", problems(rep))
	}
	_, rep = transfer.ReadBatchJSON("many.json", strings.NewReader(`[{"id":"a"},{"id":"b"}]`), transfer.Limits{MaxRows: 1})
	if !strings.Contains(problems(rep), "more than 1 records") {
		t.Errorf("record limit: %s", problems(rep))
	}
}

func TestReadHouseholdsCSV(t *testing.T) {
	b, rep := transfer.ReadHouseholdsCSV("referral-batch.csv", open(t, "../../testdata/referral-batch.csv"), transfer.Limits{})
	if len(rep.Problems) != 0 || len(b.Households) != 3 || len(b.Referrals) != 3 {
		t.Fatalf("%d households, %d referrals, problems:\n%s", len(b.Households), len(b.Referrals), problems(rep))
	}
	h := b.Households[0].Value
	if h.ID != "hh-101" || h.Size() != 3 || h.ISEE.Value.String() != "4210" || h.Members[0].Incomes[0].Annual.String() != "9100" ||
		h.Members[1].Incomes == nil || len(h.Members[1].Incomes) != 0 || *h.Needs.CanShare != true || h.CurrentRent == nil {
		t.Errorf("hh-101 read as %+v", h)
	}
	if h2 := b.Households[1].Value; h2.Members[0].Incomes == nil || h2.CurrentRent != nil || *h2.Needs.CanShare {
		t.Errorf("hh-102 read as %+v", h2)
	}
	if r := b.Referrals[2]; r.Row != 6 || r.Value.HouseholdID != "hh-103" || r.Value.Team.Kind != housing.TeamHealthService {
		t.Errorf("third referral %+v", r)
	}

	in := "household_id,role,birth_date,income_kind,income_annual,residence_municipality,residence_since,referral_id,programme_id,team_name,team_kind,referral_date\n" +
		"h1,reference,1980-01-01,,0,Crema,2010-01-01,r1,p1,Team,social_service,2025-01-01\n" +
		"h1,child,,,,Cremona,,,,,,\n" +
		"h2,reference,1970-01-01,pension,,Crema,2010-01-01,r2,p1,Team,wizards,2025-01-01\n" +
		"h3,reference,1990-01-01,,0,Crema,2010-01-01,r1,p1,Team,social_service,2025-01-01\n"
	b, rep = transfer.ReadHouseholdsCSV("batch.csv", strings.NewReader(in), transfer.Limits{})
	got := problems(rep)
	for _, w := range []string{
		`row 3, column residence_municipality: "Cremona" differs from "Crema" on row 2`,
		"row 3, column birth_date: is required",
		"row 4, column income_annual: is required with income_kind",
		`row 4, column team_kind:`,
		`row 5, column referral_id: "r1" is also the identifier of row 2`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	if len(b.Households) != 1 || b.Households[0].Value.ID != "h3" {
		t.Errorf("batch holds %d households", len(b.Households))
	}
}

func TestReadJSON(t *testing.T) {
	b, rep := transfer.ReadBatchJSON("referral-batch.json", open(t, "../../testdata/referral-batch.json"), transfer.Limits{})
	if len(rep.Problems) != 0 || len(b.Households) != 2 || len(b.Referrals) != 2 || rep.Rows != 4 {
		t.Fatalf("%d households, %d referrals, problems:\n%s", len(b.Households), len(b.Referrals), problems(rep))
	}
	in := `{"units": [
  {"id": "u1", "kind": "room", "beds": 1, "rent": "100", "service_charges": "0", "contract": "concession", "available_from": "2025-01-01", "area_sqm": "10", "restrictions": {}},
  {"id": "u2", "kind": "room", "beds": 1, "rent": "100", "service_charges": "0", "contract": "concession", "available_from": "2025-13-01", "area_sqm": "10", "restrictions": {}, "colour": "red"},
  {"id": "u1", "kind": "room", "beds": 1, "rent": "100", "service_charges": "0", "contract": "concession", "available_from": "2025-01-01", "area_sqm": "10", "restrictions": {}}
], "extra": 1}`
	b, rep = transfer.ReadUnitsJSON("units.json", strings.NewReader(in), transfer.Limits{})
	got := problems(rep)
	for _, w := range []string{`units.json:4:`, `units[1]:`, "colour", `units.json:4:`, `units[2]: "u1" is also the identifier of record 1`, `unknown key "extra"`} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	if len(b.Units) != 1 {
		t.Errorf("%d units read", len(b.Units))
	}
}

func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	const tenant = store.Tenant("comune-crema")
	if err := st.Update(ctx, tenant, func(tx store.Tx) error {
		return tx.Units().Create(housing.Unit{ID: "cr-app-03", Kind: housing.UnitRoom, Beds: 1, Contract: housing.ContractConcession,
			AvailableFrom: housing.MustParseDate("2025-01-01")})
	}); err != nil {
		t.Fatal(err)
	}
	b, rep := transfer.ReadUnitsCSV("vacancies-crema.csv", open(t, "../../testdata/vacancies-crema.csv"), transfer.Limits{})
	rep, err := transfer.Import(ctx, st, tenant, b, rep, transfer.ImportOptions{})
	if housing.ErrorCode(err) != housing.CodeInvalid || !strings.Contains(problems(rep), `row 4, column id: unit "cr-app-03" already exists in the store`) {
		t.Fatalf("import over an existing unit: %v\n%s", err, problems(rep))
	}
	if rep.Imported != 0 || rep.Skipped != 4 || count(t, st, tenant) != 1 {
		t.Errorf("imported %d, skipped %d, %d units stored; want nothing written", rep.Imported, rep.Skipped, count(t, st, tenant))
	}
	// Partial: the other three go in.
	b, rep = transfer.ReadUnitsCSV("vacancies-crema.csv", open(t, "../../testdata/vacancies-crema.csv"), transfer.Limits{})
	rep, err = transfer.Import(ctx, st, tenant, b, rep, transfer.ImportOptions{Partial: true})
	if housing.ErrorCode(err) != housing.CodeInvalid || rep.Imported != 3 || rep.Skipped != 1 || count(t, st, tenant) != 4 {
		t.Errorf("partial import: %v, imported %d, skipped %d, %d stored\n%s", err, rep.Imported, rep.Skipped, count(t, st, tenant), problems(rep))
	}
	// A file with a bad row writes nothing.
	in := "id,kind,beds,rent,contract,available_from\nn1,room,1,100,concession,2025-01-01\nn2,room,0,100,concession,2025-01-01\n"
	b, rep = transfer.ReadUnitsCSV("bad.csv", strings.NewReader(in), transfer.Limits{})
	rep, err = transfer.Import(ctx, st, tenant, b, rep, transfer.ImportOptions{})
	if err == nil || count(t, st, tenant) != 4 || !strings.Contains(problems(rep), "row 3, column beds") {
		t.Errorf("bad row: %v, %d stored\n%s", err, count(t, st, tenant), problems(rep))
	}
}

func TestImportReferralBatch(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	const tenant = store.Tenant("asp-ferrara")
	b, rep := transfer.ReadBatchJSON("referral-batch.json", open(t, "../../testdata/referral-batch.json"), transfer.Limits{})
	rep, err := transfer.Import(ctx, st, tenant, b, rep, transfer.ImportOptions{})
	if err != nil || rep.Imported != 4 {
		t.Fatalf("import: %v, imported %d\n%s", err, rep.Imported, problems(rep))
	}
	_ = st.View(ctx, tenant, func(tx store.Tx) error {
		rs, err := tx.Referrals().OfHousehold("hh-201")
		if err != nil || len(rs) != 1 || !rs[0].Value.CaseManaged {
			t.Errorf("referrals of hh-201: %v %v", rs, err)
		}
		return nil
	})
	// Again: every record is already there, each reported at its position.
	b, rep = transfer.ReadBatchJSON("referral-batch.json", open(t, "../../testdata/referral-batch.json"), transfer.Limits{})
	rep, err = transfer.Import(ctx, st, tenant, b, rep, transfer.ImportOptions{})
	if err == nil || len(rep.Problems) != 4 || !strings.HasPrefix(rep.Problems[0].String(), "referral-batch.json:3:") {
		t.Errorf("second import: %v\n%s", err, problems(rep))
	}
	// A referral whose household is neither in the batch nor the store.
	in := `{"referrals": [{"id": "r9", "household_id": "hh-999", "programme_id": "p", "team": {"name": "t", "kind": "self"}, "date": "2025-01-01"}]}`
	b, rep = transfer.ReadBatchJSON("r.json", strings.NewReader(in), transfer.Limits{})
	rep, err = transfer.Import(ctx, st, tenant, b, rep, transfer.ImportOptions{})
	if err == nil || !strings.Contains(problems(rep), `no household "hh-999" in the batch or the store`) {
		t.Errorf("orphan referral: %v\n%s", err, problems(rep))
	}
}

func count(t *testing.T, st store.Store, tenant store.Tenant) int {
	t.Helper()
	n := 0
	_ = st.View(context.Background(), tenant, func(tx store.Tx) error {
		us, err := tx.Units().List(store.Page{Limit: store.MaxLimit})
		n = len(us)
		return err
	})
	return n
}

func exportFixture(t *testing.T) (store.Store, store.Tenant) {
	t.Helper()
	ctx := context.Background()
	st := memory.New()
	const tenant = store.Tenant("asp-ferrara")
	b, rep := transfer.ReadBatchJSON("referral-batch.json", open(t, "../../testdata/referral-batch.json"), transfer.Limits{})
	if _, err := transfer.Import(ctx, st, tenant, b, rep, transfer.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	b, rep = transfer.ReadUnitsJSON("vacancies.json", open(t, "../../testdata/vacancies.json"), transfer.Limits{})
	if _, err := transfer.Import(ctx, st, tenant, b, rep, transfer.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	policy, _ := housing.PolicyByID("ferrara-sud-est.housing-temporaneo")
	err := st.Update(ctx, tenant, func(tx store.Tx) error {
		ten := housing.Tenancy{ID: "ten-1", HouseholdID: "hh-201", UnitID: "fe-app-01", ProgrammeID: "ferrara-sud-est.housing-temporaneo", PolicyID: policy.ID}
		_ = ten.Propose(housing.MustParseDate("2025-03-01"), "secret note about the family")
		if err := ten.Activate(policy, housing.MustParseDate("2025-03-03"), "moved in with help from Mario Rossi"); err != nil {
			return err
		}
		if err := tx.Tenancies().Create(ten); err != nil {
			return err
		}
		_, err := tx.Decisions().Append(store.DecisionRecord{ID: "dec-1", HouseholdID: "hh-201", ReferralID: "ref-201",
			RuleSetID: "ferrara-sud-est.housing-temporaneo", RuleSetVersion: "1", Date: housing.MustParseDate("2025-02-20"),
			Outcome: "eligible", AskedBy: "op-1", Decision: []byte(`{"outcome":"eligible","text":"Anna Bianchi is eligible"}`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, tenant
}

func TestExport(t *testing.T) {
	st, tenant := exportFixture(t)
	ctx := context.Background()
	key := []byte("0123456789abcdef-research-key")
	asOf := housing.MustParseDate("2025-06-30")
	r, err := transfer.Export(ctx, st, tenant, transfer.ExportOptions{Key: key, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// No identifiers, names, free text, exact dates or sensitive flags.
	for _, leak := range []string{"hh-201", "hh-202", "ten-1", "fe-app-01", "dec-1", "ref-201", "Mario", "secret", "Anna", "Equipe",
		"1978-02-14", "2025-03-03", "victim_of_violence", "Terre e Fiumi", "op-1"} {
		if strings.Contains(out, leak) {
			t.Errorf("the export holds %q", leak)
		}
	}
	hid := transfer.Pseudonym(key, tenant, store.KindHousehold, "hh-201")
	if len(hid) != 32 || !strings.Contains(out, hid) {
		t.Errorf("pseudonym %q of hh-201 not in the export", hid)
	}
	if transfer.Pseudonym([]byte("another-key-of-16+bytes"), tenant, store.KindHousehold, "hh-201") == hid ||
		transfer.Pseudonym(key, "other-tenant", store.KindHousehold, "hh-201") == hid ||
		transfer.Pseudonym(key, tenant, store.KindUnit, "hh-201") == hid {
		t.Error("pseudonyms do not depend on key, tenant and kind")
	}
	again, _ := transfer.Export(ctx, st, tenant, transfer.ExportOptions{Key: key, AsOf: asOf})
	var buf2 bytes.Buffer
	_ = again.WriteJSON(&buf2)
	if buf2.String() != out {
		t.Error("two exports with the same key differ")
	}
	var h transfer.ResearchHousehold
	for _, x := range r.Households {
		if x.ID == hid {
			h = x
		}
	}
	if h.Size != 2 || h.Minors != 1 || h.Members[0].AgeBand != "45-54" || h.Members[1].AgeBand != "0-17" || h.ISEEBand != "0-3000" || h.Members[0].Sensitive != nil {
		t.Errorf("hh-201 exported as %+v", h)
	}
	if len(r.Stays) != 1 || r.Stays[0].StartMonth != "2025-03" || r.Stays[0].Months != 3 || r.Stays[0].HouseholdID != hid {
		t.Errorf("stays %+v", r.Stays)
	}
	// Every count is below 5: all suppressed.
	for _, tb := range r.Tables {
		for _, row := range tb.Rows {
			if row.Count != nil || !row.Suppressed {
				t.Errorf("table %s: count %v not suppressed", tb.Name, *row.Count)
			}
		}
	}
	// With a threshold of 1 nothing is suppressed; sensitive flags when asked.
	r, err = transfer.Export(ctx, st, tenant, transfer.ExportOptions{Key: key, AsOf: asOf, MinCount: 1, Sensitive: true})
	if err != nil {
		t.Fatal(err)
	}
	var csvOut bytes.Buffer
	if err := r.WriteCSV(&csvOut, "households_by_reference_age_and_sex"); err != nil {
		t.Fatal(err)
	}
	if got := csvOut.String(); got != "age_band,sex,count\n25-34,M,1\n45-54,F,1\n" {
		t.Errorf("table:\n%s", got)
	}
	csvOut.Reset()
	if err := r.WriteCSV(&csvOut, "members_by_violence_and_disability"); err != nil {
		t.Fatal(err)
	}
	if got := csvOut.String(); got != "victim_of_violence,disabled,count\nunknown,unknown,2\nyes,unknown,1\n" {
		t.Errorf("sensitive table:\n%s", got)
	}
	// With a threshold of 2 the sensitive table has one cell below it
	// (yes, unknown: 1); the other (2 people) would give it away as the
	// total is 3 members, so it is suppressed too.
	r2, err := transfer.Export(ctx, st, tenant, transfer.ExportOptions{Key: key, AsOf: asOf, MinCount: 2, Sensitive: true})
	if err != nil {
		t.Fatal(err)
	}
	csvOut.Reset()
	if err := r2.WriteCSV(&csvOut, "members_by_violence_and_disability"); err != nil {
		t.Fatal(err)
	}
	if got := csvOut.String(); got != "victim_of_violence,disabled,count\nunknown,unknown,suppressed\nyes,unknown,suppressed\n" {
		t.Errorf("complementary suppression:\n%s", got)
	}
	sens := r2.Tables[len(r2.Tables)-1].Rows
	if !sens[0].Secondary || sens[1].Secondary {
		t.Errorf("secondary flags: %+v", sens)
	}
	csvOut.Reset()
	_ = r.WriteCSV(&csvOut, "households")
	if !strings.Contains(csvOut.String(), hid+",2,1,Ferrara,0-3000,4.1,45-54,F,yes,no") {
		t.Errorf("households CSV:\n%s", csvOut.String())
	}
	if err := r.WriteCSV(&csvOut, "nothing"); housing.ErrorCode(err) != housing.CodeInvalid {
		t.Errorf("unknown part: %v", err)
	}
	for _, opts := range []transfer.ExportOptions{{Key: []byte("short"), AsOf: asOf}, {Key: key}, {Key: key, AsOf: asOf, MinCount: -1}} {
		if _, err := transfer.Export(ctx, st, tenant, opts); housing.ErrorCode(err) != housing.CodeInvalid {
			t.Errorf("options %+v: %v", opts, err)
		}
	}
	var decoded transfer.Research
	if err := json.Unmarshal(buf.Bytes(), &decoded); err != nil || len(decoded.Households) != 2 {
		t.Errorf("the JSON does not read back: %v", err)
	}
}

func TestAgeBand(t *testing.T) {
	for age, want := range map[int]string{-1: "unknown", 0: "0-17", 17: "0-17", 18: "18-24", 24: "18-24", 25: "25-34", 34: "25-34",
		35: "35-44", 64: "55-64", 65: "65-74", 74: "65-74", 75: "75+", 104: "75+"} {
		if got := transfer.AgeBand(age); got != want {
			t.Errorf("AgeBand(%d) = %s, want %s", age, got, want)
		}
	}
}

func FuzzReadUnitsCSV(f *testing.F) {
	data, _ := os.ReadFile("../../testdata/vacancies-crema.csv")
	f.Add(data)
	f.Add([]byte("id,kind,beds,rent,contract,available_from\nu1,room,1,1.5,concession,2025-01-01\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		b, rep := transfer.ReadUnitsCSV("fuzz.csv", bytes.NewReader(in), transfer.Limits{MaxBytes: 1 << 16})
		for _, u := range b.Units {
			if err := u.Value.Validate(); err != nil {
				t.Fatalf("an invalid unit passed: %v", err)
			}
		}
		if len(rep.Problems) > 0 && rep.Err() == nil {
			t.Fatal("problems without an error")
		}
	})
}

func FuzzReadHouseholdsCSV(f *testing.F) {
	data, _ := os.ReadFile("../../testdata/referral-batch.csv")
	f.Add(data)
	f.Fuzz(func(t *testing.T, in []byte) {
		b, _ := transfer.ReadHouseholdsCSV("fuzz.csv", bytes.NewReader(in), transfer.Limits{MaxBytes: 1 << 16})
		for _, h := range b.Households {
			if err := h.Value.Validate(); err != nil {
				t.Fatalf("an invalid household passed: %v", err)
			}
		}
		for _, r := range b.Referrals {
			if err := r.Value.Validate(); err != nil {
				t.Fatalf("an invalid referral passed: %v", err)
			}
		}
	})
}

var _ = errors.Is

func FuzzReadBatchJSON(f *testing.F) {
	data, _ := os.ReadFile("../../testdata/referral-batch.json")
	f.Add(data)
	f.Add([]byte(`[{"id": "h"}]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		b, rep := transfer.ReadBatchJSON("fuzz.json", bytes.NewReader(in), transfer.Limits{MaxBytes: 1 << 16})
		for _, h := range b.Households {
			if err := h.Value.Validate(); err != nil {
				t.Fatalf("an invalid household passed: %v", err)
			}
		}
		if len(rep.Problems) > 0 && rep.Err() == nil {
			t.Fatal("problems without an error")
		}
	})
}
