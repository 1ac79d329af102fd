package casework_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// lone returns a Crema household of one working adult.
func lone(t *testing.T, id, income string) *housing.Household {
	return household(t, fmt.Sprintf(`
id: %s
members:
  - {role: reference, birth_date: 1980-01-01, incomes: [{kind: employment, annual: %s, precarious: true}], recently_impoverished: true}
isee: {value: 5000.00, issued_on: 2024-01-20}
residence: {municipality: Crema, region: Lombardia, since: 2015-01-01}
living_situation: "8.1"
ownership: {owns_dwelling: false}
emergency: {eviction_order: false}
`, id, income))
}

// cremaWaiting registers and decides the households on the Crema list.
func cremaWaiting(t *testing.T, cw *casework.Casework, tenant store.Tenant, hs ...*housing.Household) {
	t.Helper()
	for _, h := range hs {
		must(t, "referral "+h.ID, cw.RegisterReferral(actor(), tenant, casework.ReferralInput{Household: h,
			Referral: housing.Referral{ID: "r-" + h.ID, HouseholdID: h.ID, ProgrammeID: casework.ProgCrema, Date: day("2024-02-10"),
				Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService},
				With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}}}))
		d := mustGet[*casework.Decided](t, "decide "+h.ID)(cw.DecideEligibility(actor(), tenant, "r-"+h.ID, day("2024-03-01")))
		if d.Waiting == nil {
			t.Fatalf("%s is not on the list: %s", h.ID, d.Decision.Outcome)
		}
	}
}

// TestRefusalExpires: a refused unit is not proposed again to the same
// household while the reason holds (health_temporary: 3 months), and is
// proposed again once it has expired; the office cannot propose it by hand
// meanwhile either.
func TestRefusalExpires(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			cw := newCasework(t, st)
			ctx := actor()
			const tenant = "crema"
			setup(t, st, tenant, func(tx store.Tx) error {
				return tx.Units().Create(unit("u1", "", casework.ProgCrema, 2, housing.ContractConcession, "100", "2024-01-01"))
			})
			cremaWaiting(t, cw, tenant, lone(t, "h1", "9000.00"))
			p := mustGet[*casework.Proposed](t, "propose")(cw.Propose(ctx, tenant, casework.ProgCrema, day("2024-03-05")))
			if len(p.Proposals) != 1 || p.Proposals[0].ID != "u1.p1" {
				t.Fatalf("proposals: %+v", p)
			}
			mustGet[*casework.Proposal](t, "refuse")(cw.Respond(ctx, tenant, casework.Response{ProposalID: "u1.p1", By: casework.ByHousehold,
				Date: day("2024-03-06"), Reason: "health_temporary"}))
			_, err := cw.Respond(ctx, tenant, casework.Response{ProposalID: "u1.p1", By: casework.ByLandlord, Accept: true, Date: day("2024-03-07")})
			wantCode(t, "answer to a refused proposal", err, housing.CodeConflict, casework.KeyState)
			for _, on := range []string{"2024-03-06", "2024-06-05"} {
				p = mustGet[*casework.Proposed](t, "propose")(cw.Propose(ctx, tenant, casework.ProgCrema, day(on)))
				if len(p.Proposals) != 0 || len(p.Unmatched) != 1 || p.Unmatched[0].Household != "h1" {
					t.Fatalf("on %s the refused unit was proposed again: %+v", on, p)
				}
				_, err := cw.ProposeUnit(ctx, tenant, casework.ProgCrema, "h1", "u1", day(on))
				wantCode(t, "office proposal while declined", err, housing.CodeConflict, casework.KeyDeclined)
			}
			// 6 March + 3 months = 6 June: the reason has expired.
			p = mustGet[*casework.Proposed](t, "propose")(cw.Propose(ctx, tenant, casework.ProgCrema, day("2024-06-06")))
			if len(p.Proposals) != 1 || p.Proposals[0].ID != "u1.p2" || p.Proposals[0].HouseholdID != "h1" {
				t.Fatalf("after the reason expired: %+v", p)
			}
		})
	}
}

// TestConcurrentAcceptance: two households accept the same unit at once;
// one takes it, the other gets conflict, on every store, many times.
func TestConcurrentAcceptance(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			cw := newCasework(t, st)
			ctx := actor()
			const tenant = "crema"
			const rounds = 8
			setup(t, st, tenant, func(tx store.Tx) error {
				for i := range rounds {
					if err := tx.Units().Create(unit(fmt.Sprintf("u%d", i), "", casework.ProgCrema, 2, housing.ContractConcession, "100", "2024-01-01")); err != nil {
						return err
					}
				}
				return nil
			})
			cremaWaiting(t, cw, tenant, lone(t, "ha", "9000.00"), lone(t, "hb", "9500.00"))
			for i := range rounds {
				u := fmt.Sprintf("u%d", i)
				pa := mustGet[*casework.Proposal](t, "propose a")(cw.ProposeUnit(ctx, tenant, casework.ProgCrema, "ha", u, day("2024-03-05")))
				pb := mustGet[*casework.Proposal](t, "propose b")(cw.ProposeUnit(ctx, tenant, casework.ProgCrema, "hb", u, day("2024-03-05")))
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for k, id := range []string{pa.ID, pb.ID} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, errs[k] = cw.Respond(ctx, tenant, casework.Response{ProposalID: id, By: casework.ByHousehold, Accept: true, Date: day("2024-03-06")})
					}()
				}
				wg.Wait()
				won := 0
				for _, err := range errs {
					if err == nil {
						won++
						continue
					}
					wantCode(t, "the loser", err, housing.CodeConflict, "")
				}
				if won != 1 {
					t.Fatalf("round %d: %d households took unit %s (%v)", i, won, u, errs)
				}
				// Free the unit for the next round's households: the winner
				// refuses (the landlord withdraws the unit).
				winner := pa.ID
				if errs[0] != nil {
					winner = pb.ID
				}
				mustGet[*casework.Proposal](t, "withdraw")(cw.Respond(ctx, tenant, casework.Response{ProposalID: winner, By: casework.ByLandlord,
					Date: day("2024-03-07"), Reason: "unit_withdrawn"}))
				var loser = pb.ID
				if winner == pb.ID {
					loser = pa.ID
				}
				// The loser's proposal is still open, and the unit is free
				// again after the withdrawal: it can now accept.
				mustGet[*casework.Proposal](t, "loser accepts later")(cw.Respond(ctx, tenant, casework.Response{ProposalID: loser, By: casework.ByHousehold, Accept: true, Date: day("2024-03-08")}))
			}
		})
	}
}

// TestRerank: a household's changed facts re-rank the list, and a
// household that is no longer eligible leaves it; the reason is kept.
func TestRerank(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			cw := newCasework(t, st)
			ctx := actor()
			const tenant = "crema"
			a, b := lone(t, "ha", "9000.00"), lone(t, "hb", "9000.00")
			b.Members = append(b.Members, member(housing.RoleChild, day("2015-01-01")))
			cremaWaiting(t, cw, tenant, a, b)
			order := func() string {
				var ids []string
				for _, r := range mustGet[[]casework.Ranked](t, "list")(cw.WaitingList(ctx, tenant, casework.ProgCrema)) {
					ids = append(ids, fmt.Sprintf("%s:%s", r.Entry.HouseholdID, r.Entry.Score))
				}
				return strings.Join(ids, " ")
			}
			before := order()
			if !strings.HasPrefix(before, "hb:") {
				t.Fatalf("a household with a minor ranks first: %s", before)
			}
			// Two children join ha: with one more minor than hb, ha's
			// score passes hb's.
			var hv store.Versioned[housing.Household]
			must(t, "read", st.View(ctx, tenant, func(tx store.Tx) error { var err error; hv, err = tx.Households().Get("ha"); return err }))
			ha := hv.Value
			ha.Members = append(ha.Members, member(housing.RoleChild, day("2016-01-01")),
				member(housing.RoleChild, day("2018-01-01")))
			err := cw.UpdateHousehold(ctx, tenant, ha, hv.Version, day("2024-04-01"), "")
			wantCode(t, "a change without a reason", err, housing.CodeInvalid, "")
			must(t, "update", cw.UpdateHousehold(ctx, tenant, ha, hv.Version, day("2024-04-01"), "two children joined the household"))
			after := order()
			if !strings.HasPrefix(after, "ha:") || after == before {
				t.Fatalf("the list was not re-ranked: before %s, after %s", before, after)
			}
			j := mustGet[[]casework.Entry](t, "journal")(cw.Journal(ctx, tenant, "ha"))
			last := j[len(j)-1]
			if last.Kind != string(store.KindWaitingEntry) || last.Reason != "two children joined the household" || string(last.Before) == "null" {
				t.Fatalf("last journal entry: %+v", last)
			}
			// Two more members: 5 persons, over Crema's 4 — off the list.
			must(t, "read", st.View(ctx, tenant, func(tx store.Tx) error { var err error; hv, err = tx.Households().Get("ha"); return err }))
			ha = hv.Value
			ha.Members = append(ha.Members, member(housing.RoleRelative, day("1950-01-01")), member(housing.RoleRelative, day("1952-01-01")))
			must(t, "update", cw.UpdateHousehold(ctx, tenant, ha, hv.Version, day("2024-05-01"), "grandparents moved in"))
			if got := order(); !strings.HasPrefix(got, "hb:") || strings.Contains(got, "ha:") {
				t.Fatalf("a household of 5 stays on Crema's list: %s", got)
			}
		})
	}
}

// TestNothingWrittenOnError: an operation that fails writes nothing, and
// every write needs an actor.
func TestNothingWrittenOnError(t *testing.T) {
	st := stores(t)["memory"](t)
	cw := newCasework(t, st)
	h := lone(t, "h1", "9000.00")
	in := casework.ReferralInput{Household: h, Referral: housing.Referral{ID: "r1", HouseholdID: "h1", ProgrammeID: casework.ProgCrema,
		Date: day("2024-02-10"), Team: housing.Team{Name: "SS", Kind: housing.TeamSocialService}}}
	err := cw.RegisterReferral(context.Background(), "crema", in)
	wantCode(t, "no actor", err, housing.CodeInvalid, casework.KeyActor)
	must(t, "referral", cw.RegisterReferral(actor(), "crema", in))
	// The second registration fails on the referral after creating the
	// household would have — the household is not created either.
	in.Household = lone(t, "h2", "1000.00")
	in.Referral.HouseholdID = "h2"
	err = cw.RegisterReferral(actor(), "crema", in)
	wantCode(t, "referral id taken", err, housing.CodeConflict, store.KeyExists)
	must(t, "view", st.View(context.Background(), "crema", func(tx store.Tx) error {
		_, err := tx.Households().Get("h2")
		wantCode(t, "h2 after the rollback", err, housing.CodeNotFound, "")
		return nil
	}))
	if j, _ := cw.Journal(actor(), "crema", "h2"); len(j) != 0 {
		t.Fatalf("journal of a rolled-back operation: %+v", j)
	}
	_, err = cw.Propose(actor(), "crema", "nowhere", day("2024-03-01"))
	wantCode(t, "unknown programme", err, housing.CodeNotFound, casework.KeyProgramme)
}

// TestReportExport: the three formats, suppression of small counts, both
// languages.
func TestReportExport(t *testing.T) {
	r := &casework.Report{Period: casework.Period{From: day("2025-01-01"), To: day("2025-12-31")}, Referrals: 12, Admissions: 3, AdmittedPersons: 7,
		Decisions: []casework.Count{{Key: "eligible", Count: 9}, {Key: "ineligible", Count: 3}},
		Exits:     []casework.Count{{Key: "public_housing", Count: 2}}, WaitingTimes: casework.Durations{N: 3, Median: 40, P90: 90},
		LengthOfStay: casework.Durations{N: 6, Median: 200, P90: 300}, EthosAtEntry: []casework.Count{{Key: "3.1", Count: 5}}}
	var b bytes.Buffer
	must(t, "csv", casework.WriteReport(&b, r, casework.FormatCSV, housing.English, 5))
	csv := b.String()
	for _, want := range []string{"section,key,value\n", "referrals,total,12\n", "admissions,households,<5\n", "admissions,persons,7\n",
		"decisions,ineligible,<5\n", "decisions,eligible,suppressed\n", "exits,public_housing,<5\n", "waiting_times,median_days,suppressed\n", "length_of_stay,median_days,200\n", "ethos_at_entry,3.1,5\n"} {
		if !strings.Contains(csv, want) {
			t.Errorf("csv lacks %q:\n%s", want, csv)
		}
	}
	b.Reset()
	must(t, "json", casework.WriteReport(&b, r, casework.FormatJSON, housing.English, 0))
	var j struct {
		Format string         `json:"format"`
		Rows   []casework.Row `json:"rows"`
	}
	must(t, "decode", json.Unmarshal(b.Bytes(), &j))
	if j.Format != "housingkit.report/v1" || len(j.Rows) == 0 || !strings.Contains(b.String(), `"value": "3"`) {
		t.Errorf("json without suppression: %s", b.String())
	}
	b.Reset()
	must(t, "text it", casework.WriteReport(&b, r, casework.FormatText, housing.Italian, 5))
	for _, want := range []string{"Segnalazioni", "Uscite per percorso", "oscurato", "I conteggi da 1 a 4 sono oscurati"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("italian text lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	must(t, "text en", casework.WriteReport(&b, r, casework.FormatText, housing.English, 5))
	if !strings.Contains(b.String(), "Exits by pathway") || !strings.Contains(b.String(), "suppressed") {
		t.Errorf("english text:\n%s", b.String())
	}
	wantCode(t, "bad format", casework.WriteReport(&b, r, "xml", housing.English, 0), housing.CodeInvalid, "")
}

// TestContractFiles: the office's files are read strictly, every problem
// with its position.
func TestContractFiles(t *testing.T) {
	ct, err := casework.ShippedContracts()
	must(t, "shipped", err)
	term, ok := ct.Term(housing.ContractTransitional)
	if !ok || term.MinMonths != 1 || term.MaxMonths != 18 || term.Policy != "contract.transitional" {
		t.Fatalf("transitional terms: %+v", term)
	}
	if a := ct.Agreements["catania.accordo-territoriale"]; a == nil || !a.Source.Placeholder {
		t.Fatalf("the Catania bands must be marked placeholder")
	}
	q, err := ct.Agreements["catania.accordo-territoriale"].Rent("centro", "signorile", dec("55.5"), casework.PointMid)
	must(t, "rent", err)
	// (6.50 + 9.00) ÷ 2 = 7.75 × 55.5 = 430.125 → 430.13.
	if !q.Monthly.Equal(dec("430.13")) {
		t.Errorf("mid rent: %s", q.Monthly)
	}
	_, err = ct.Agreements["catania.accordo-territoriale"].Rent("mare", "media", dec("50"), casework.PointMin)
	wantCode(t, "unknown zone", err, housing.CodeInvalid, "")
	bad := fstest.MapFS{"c/contracts.yaml": {Data: []byte(`format: housingkit.contracts/v1
contracts:
  - kind: free_loan
    label: {it: comodato, en: free loan}
    min_months: 6
    max_months: 3
    rent: unit
  - kind: lease
    label: {it: x, en: x}
    rent: agreement
    policy: contract.none
`)}}
	_, err = casework.LoadContracts(bad, "c")
	wantCode(t, "bad terms", err, housing.CodeInvalid, "")
	for _, want := range []string{"c/contracts.yaml:6:17", "max_months", "a free loan (comodato) has no rent", `"lease" is not a contract kind`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

func member(role housing.Role, born housing.Date) housing.Member {
	return housing.Member{Role: role, Person: housing.Person{BirthDate: born, Incomes: []housing.IncomeSource{}}}
}
