package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/housingkit/housingkit/adapters/postgres"
	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

func main() {
	storeFlag := flag.String("store", "", "sqlite:FILE or postgres:URL (default: a new SQLite file in a temporary folder)")
	migrateFlag := flag.String("migrate", "", "with postgres: an admin URL to migrate the database with first")
	langFlag := flag.String("lang", "en", "language of the texts: it or en")
	flag.Parse()
	lang, err := housing.ParseLang(*langFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "casework:", housing.ErrorMessage(err))
		os.Exit(2)
	}
	spec := *storeFlag
	if spec == "" {
		dir, err := os.MkdirTemp("", "housingkit-casework-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "casework:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
		spec = "sqlite:" + filepath.Join(dir, "cases.db")
	}
	ctx := context.Background()
	st, err := open(ctx, spec, *migrateFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "casework:", housing.ErrorMessage(err))
		os.Exit(2)
	}
	defer st.Close()
	if err := run(ctx, os.Stdout, st, lang); err != nil {
		fmt.Fprintln(os.Stderr, "casework:", housing.ErrorMessage(err))
		os.Exit(1)
	}
}

// open opens the store a -store value names.
func open(ctx context.Context, spec, migrateURL string) (store.Store, error) {
	kind, arg, _ := strings.Cut(spec, ":")
	switch {
	case kind == "sqlite" && arg != "":
		return sqlite.Open(ctx, arg, sqlite.Options{})
	case kind == "postgres" && arg != "":
		if migrateURL != "" {
			if err := postgres.Migrate(ctx, migrateURL, nil); err != nil {
				return nil, err
			}
		}
		return postgres.Open(ctx, postgres.Config{URL: arg})
	}
	return nil, housing.Errorf(housing.CodeInvalid, "example.store", "-store %q: want sqlite:FILE or postgres:URL", strings.SplitN(spec, "://", 2)[0])
}

// say prints one step in the reader's language.
type say struct {
	w    io.Writer
	lang language.Tag
	n    int
}

func (s *say) step(it, en string, args ...any) {
	s.n++
	f := en
	if s.lang == housing.Italian {
		f = it
	}
	fmt.Fprintf(s.w, "%2d. "+f+"\n", append([]any{s.n}, args...)...)
}

// money writes an amount with two decimals, with a decimal comma in
// Italian.
func (s *say) money(d decimal.Decimal) string {
	if s.lang == housing.Italian {
		return strings.Replace(d.StringFixed(2), ".", ",", 1)
	}
	return d.StringFixed(2)
}

// yes writes a flag as sì/no or yes/no.
func (s *say) yes(b bool) string {
	switch {
	case s.lang == housing.Italian && b:
		return "sì"
	case s.lang == housing.Italian:
		return "no"
	case b:
		return "yes"
	}
	return "no"
}

const tenant = store.Tenant("habito-catania")

// run carries one case of the Habito agency through its life.
func run(ctx context.Context, w io.Writer, st store.Store, lang language.Tag) error {
	cw, err := casework.New(st, casework.Options{})
	if err != nil {
		return err
	}
	ctx = store.WithActor(ctx, "operatore-12")
	day := housing.MustParseDate
	s := &say{w: w, lang: lang}

	// The agency's registry: a private owner offers a flat.
	if err := cw.RegisterOwner(ctx, tenant, housing.Owner{ID: "prop-041", Name: "proprietario privato", Kind: housing.OwnerPrivate}, day("2021-04-20")); err != nil {
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("the store already holds this example's records (tenant %s): use a new one", tenant)
		}
		return err
	}
	s.step("Registrato il proprietario prop-041 (%s).", "Registered owner prop-041 (%s).", housing.OwnerPrivate.Label(lang))
	flat := housing.Unit{ID: "ct-borgo-12", ProgrammeID: casework.ProgHabito, OwnerID: "prop-041", Kind: housing.UnitApartment, Beds: 3, Bedrooms: 2,
		AreaSqm: decimal.NewFromInt(70), Contract: housing.ContractAgreedRent, AvailableFrom: day("2021-05-01"), Municipality: "Catania"}
	if err := cw.ExpressInterest(ctx, tenant, casework.Interest{ID: "mi-2021-07", OwnerID: "prop-041", Received: day("2021-04-20"), Unit: flat,
		Location: &casework.Location{Agreement: "catania.accordo-territoriale", Zone: "semicentro", Class: "media"}}); err != nil {
		return err
	}
	s.step("Manifestazione di interesse mi-2021-07: alloggio ct-borgo-12, 70 m², 3 posti letto.", "Expression of interest mi-2021-07: flat ct-borgo-12, 70 m², 3 beds.")
	if _, err := cw.Inspect(ctx, tenant, "mi-2021-07", casework.Inspection{Date: day("2021-05-10"), State: casework.InspectionSuitable, Inspector: "tecnico-3"}); err != nil {
		return err
	}
	s.step("Sopralluogo del 10 maggio 2021: idoneo.", "Inspection on 10 May 2021: suitable.")
	_, err = cw.Agree(ctx, tenant, "mi-2021-07", casework.Agreement{Date: day("2021-05-12"), Contract: housing.ContractAgreedRent, Rent: decimal.NewFromInt(300), From: day("2021-05-15")})
	s.step("Canone proposto 300,00 €: rifiutato (codice %s).", "Rent offered 300.00 €: refused (code %s).", housing.ErrorCode(err))
	if _, err := cw.Agree(ctx, tenant, "mi-2021-07", casework.Agreement{Date: day("2021-05-12"), Contract: housing.ContractAgreedRent,
		Rent: decimal.NewFromInt(350), Charges: decimal.NewFromInt(50), From: day("2021-05-15")}); err != nil {
		return err
	}
	s.step("Accordo a canone concordato: 350,00 € + 50,00 € di spese, disponibile dal 15 maggio 2021.", "Agreement at agreed rent: 350.00 € + 50.00 € charges, available from 15 May 2021.")

	// A family's referral with its assessment.
	h, err := housing.ReadHousehold("family.yaml", []byte(`
id: fam-118
members:
  - {role: reference, birth_date: 1984-06-06, sex: M, incomes: [{kind: employment, annual: "31000.00"}], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: partner, birth_date: 1986-07-07, sex: F, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
  - {role: child, birth_date: 2014-01-01, incomes: [], disability: none, victim_of_violence: false, leaving_care: false, no_support_network: false, recently_impoverished: false, certified_hardship: false}
isee: {value: "26000.00", issued_on: 2021-02-15}
residence: {municipality: Catania, region: Sicilia, since: 2010-01-01}
living_situation: "housed"
ownership: {owns_dwelling: false}
emergency: {eviction_order: false, temporary_space: false, improper_dwelling: false, safety_risk: false}
`))
	if err != nil {
		return err
	}
	if err := cw.RegisterReferral(ctx, tenant, casework.ReferralInput{Household: &h,
		Referral: housing.Referral{ID: "seg-2021-118", HouseholdID: "fam-118", ProgrammeID: casework.ProgHabito, Date: day("2021-05-03"),
			Team: housing.Team{Name: "Equipe Habito", Kind: housing.TeamHousingAgency}, RecordRef: "HAB-118", CaseManaged: true},
		Assessment: casework.Assessment{Domains: []casework.DomainNeed{{Domain: "housing", Need: casework.NeedHigh}, {Domain: "income", Need: casework.NeedMedium}}}}); err != nil {
		return err
	}
	s.step("Segnalazione seg-2021-118 del 3 maggio 2021 (nucleo di 3 persone).", "Referral seg-2021-118 of 3 May 2021 (household of 3).")
	d, err := cw.DecideEligibility(ctx, tenant, "seg-2021-118", day("2021-06-01"))
	if err != nil {
		return err
	}
	s.step("Decisione (regole %s v%s): %s; in graduatoria con punteggio %s.", "Decision (rules %s v%s): %s; on the waiting list with score %s.",
		d.Record.RuleSetID, d.Record.RuleSetVersion, d.Decision.Outcome.Label(lang), d.Waiting.Score)
	c, err := cw.Census(ctx, tenant, day("2021-06-02"), nil)
	if err != nil {
		return err
	}
	s.step("Censimento al 2 giugno 2021: nuclei in attesa %d, alloggi liberi %d.", "Census on 2 June 2021: households waiting %d, units vacant %d.", c.Waiting, c.Vacant)

	// Matching, the landlord's report, the answers.
	p, err := cw.Propose(ctx, tenant, casework.ProgHabito, day("2021-06-05"))
	if err != nil {
		return err
	}
	if len(p.Proposals) != 1 {
		return fmt.Errorf("expected one proposal, got %d", len(p.Proposals))
	}
	pid := p.Proposals[0].ID
	s.step("Abbinamento: proposta %s.", "Matching: proposal %s.", pid)
	rep, err := cw.SustainabilityReport(ctx, tenant, pid, day("2021-06-05"), "")
	if err != nil {
		return err
	}
	sust := map[bool]string{true: "sostenibile", false: "non sostenibile"}
	if lang != housing.Italian {
		sust = map[bool]string{true: "sustainable", false: "not sustainable"}
	}
	s.step("Relazione al locatore: canone %s, incidenza %s%%, reddito residuo %s € al mese.", "Report to the landlord: rent %s, burden %s%%, residual income %s € a month.",
		sust[rep.Sustainable], s.money(rep.Burden.Mul(decimal.NewFromInt(100))), s.money(rep.ResidualMonthly))
	for _, by := range []string{casework.ByLandlord, casework.ByHousehold} {
		if _, err := cw.Respond(ctx, tenant, casework.Response{ProposalID: pid, By: by, Accept: true, Date: day("2021-06-10")}); err != nil {
			return err
		}
	}
	s.step("Il locatore e il nucleo accettano la proposta.", "The landlord and the household accept the proposal.")

	// The lease, the care plan, what is due.
	k, err := cw.StartTenancy(ctx, tenant, casework.StartInput{ProposalID: pid, TenancyID: "loc-2021-031", Start: day("2021-07-01")})
	if err != nil {
		return err
	}
	s.step("Contratto (%s) dal 1° luglio 2021 al %s: canone %s € dalla fascia %s/%s dell'accordo (valori segnaposto: %v).",
		"Contract (%s) from 1 July 2021 to %s: rent %s € from the agreement's band %s/%s (placeholder figures: %v).",
		k.Kind.Label(lang), housing.FormatDate(lang, k.End), s.money(k.Rent), k.Quote.Zone, k.Quote.Class, s.yes(k.Quote.Placeholder))
	if err := cw.CreateCarePlan(ctx, tenant, housing.CarePlan{ID: "pi-118", HouseholdID: "fam-118", TenancyID: "loc-2021-031", Start: day("2021-07-01"),
		Goals:    []housing.Goal{{Description: "corso di italiano per la madre", Due: day("2022-03-31")}},
		Services: []housing.ActivatedService{{Service: housing.ServiceCulturalMediation, Start: day("2021-07-15")}}}); err != nil {
		return err
	}
	s.step("Progetto individualizzato pi-118: 1 obiettivo, servizio %s.", "Care plan pi-118: 1 goal, service %s.", housing.ServiceCulturalMediation.Label(lang))
	due, err := cw.Due(ctx, tenant, day("2022-07-05"))
	if err != nil {
		return err
	}
	var codes []string
	for _, d := range due {
		codes = append(codes, string(d.Code))
	}
	s.step("Scadenze al 5 luglio 2022: %s.", "Due on 5 July 2022: %s.", strings.Join(codes, ", "))
	if _, err := cw.Review(ctx, tenant, "loc-2021-031", day("2022-07-05"), "verifica annuale"); err != nil {
		return err
	}
	s.step("Verifica del 5 luglio 2022 registrata (anche nel progetto).", "Review of 5 July 2022 recorded (in the care plan too).")
	_, err = cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "loc-2021-031", Date: day("2024-05-01"), Reason: "legal_extension"})
	s.step("Rinnovo senza prova né approvazione: rifiutato (codice %s).", "Renewal without evidence or approver: refused (code %s).", housing.ErrorCode(err))
	t, err := cw.Renew(ctx, tenant, casework.RenewInput{TenancyID: "loc-2021-031", Date: day("2024-05-01"), Reason: "legal_extension",
		Evidence: "PEC-2024-118", Approver: "direttore-agenzia"})
	if err != nil {
		return err
	}
	s.step("Rinnovo (proroga di diritto, prova PEC-2024-118, approvato da direttore-agenzia): nuova scadenza %s.",
		"Renewal (extension by law, evidence PEC-2024-118, approved by direttore-agenzia): new end %s.", housing.FormatDate(lang, t.PlannedEnd))
	if _, err := cw.Exit(ctx, tenant, "loc-2021-031", housing.Exit{Date: day("2025-03-31"), Pathway: housing.ExitPrivateLease}); err != nil {
		return err
	}
	s.step("Uscita il 31 marzo 2025: %s.", "Exit on 31 March 2025: %s.", housing.ExitPrivateLease.Label(lang))
	j, err := cw.Journal(ctx, tenant, "fam-118")
	if err != nil {
		return err
	}
	s.step("Diario del caso: %d voci, ognuna con autore, data, prima e dopo.", "Case journal: %d entries, each with author, time, before and after.", len(j))

	r, err := cw.Report(ctx, tenant, casework.Period{From: day("2021-01-01"), To: day("2025-12-31")}, "")
	if err != nil {
		return err
	}
	s.step("Rendiconto 2021–2025 (nessun conteggio oscurato):", "Report 2021–2025 (no counts suppressed):")
	return casework.WriteReport(w, r, casework.FormatText, lang, 1)
}
