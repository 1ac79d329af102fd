package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/housingkit/housingkit/rentcalc"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

func main() {
	langFlag := flag.String("lang", "en", "language of the texts: it or en")
	dateFlag := flag.String("date", "2025-03-03", "the date of the intake and of the matching")
	dataDir := flag.String("data", "testdata", "folder with the example households")
	flag.Parse()
	lang, err := housing.ParseLang(*langFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(2)
	}
	on, err := housing.ParseDate(*dateFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart: -date:", err)
		os.Exit(2)
	}
	if err := run(os.Stdout, lang, on, *dataDir); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// referral is how each example household came in: the programme it was
// referred to and the team that referred it.
type referral struct {
	file      string
	programme string
	team      housing.Team
	date      string
	// with is the team that selects together with team (Crema: the social
	// service with the Equipe Integrata Servizi Abitativi).
	with []housing.Team
	// ruleset is the rule set to apply when it is not the programme's own:
	// Habito's text ends in 2022, so a referral of 2025 is evaluated under
	// the shipped, labelled continuation (an assumption to confirm).
	ruleset string
}

// cremaJointTeam selects Crema's households with its social service.
var cremaJointTeam = []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}

var referrals = []referral{
	{"ferrara-household-woman-violence.json", "ferrara-sud-est.housing-temporaneo",
		housing.Team{Name: "Équipe territoriale multidisciplinare Delta Ferrarese", Kind: housing.TeamMultidisciplinary}, "2025-02-10", nil, ""},
	{"catania-transition-household-eviction.json", "catania.alloggi-di-transizione",
		housing.Team{Name: "Équipe dell'Agenzia sociale per la casa Habito", Kind: housing.TeamHousingAgency}, "2025-01-15", nil, ""},
	{"crema-household-family-of-four.json", "crema.ospitalita-temporanea",
		housing.Team{Name: "Servizio sociale del Comune di Crema", Kind: housing.TeamSocialService}, "2025-02-20", cremaJointTeam, ""},
	{"housingmix-household-older-alone.json", "lombardia.housing-mix",
		housing.Team{Name: "Servizio sociale professionale del Comune di Lodi", Kind: housing.TeamSocialService}, "2025-02-01", nil, ""},
	{"catania-transition-household-improper-dwelling.json", "catania.alloggi-di-transizione",
		housing.Team{Name: "Équipe dell'Agenzia sociale per la casa Habito", Kind: housing.TeamHousingAgency}, "2025-02-03", nil, ""},
	{"crema-household-no-income.json", "crema.ospitalita-temporanea",
		housing.Team{Name: "Servizio sociale del Comune di Crema", Kind: housing.TeamSocialService}, "2025-02-24", cremaJointTeam, ""},
	{"catania-habito-household-housing-first.json", "catania.habito-agenzia-casa",
		housing.Team{Name: "Unità di strada", Kind: housing.TeamThirdSector}, "2025-01-20", nil, "catania.habito-agenzia-casa.after-2022"},
}

func run(w io.Writer, lang language.Tag, on housing.Date, dataDir string) error {
	// Everything the run decides is kept in the SQLite store: one file in a
	// temporary folder, removed at the end.
	dir, err := os.MkdirTemp("", "housingkit-quickstart")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx := store.WithActor(context.Background(), "quickstart")
	st, err := sqlite.Open(ctx, filepath.Join(dir, "housing.db"), sqlite.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	k := keeper{ctx: ctx, st: st}

	fmt.Fprintf(w, "== 1. intake: %d households evaluated on %s\n", len(referrals), on)
	applicants, err := intake(w, lang, on, dataDir, k)
	if err != nil {
		return err
	}

	offer := exampleOffer()
	if err := offer.Validate(); err != nil {
		return err
	}
	if err := k.registry(offer); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== 2. offer: %d units in %d facilities\n", len(offer.Units), len(offer.Facilities))
	for _, u := range offer.Units {
		fmt.Fprintf(w, "- %-14s %-10s %d bed(s) %s, rent %s + charges %s a month (%s)\n", u.ID, u.Kind.Label(lang),
			u.Beds, u.Municipality, housing.FormatMoney(lang, u.Rent), housing.FormatMoney(lang, u.ServiceCharges), u.ProgrammeID)
	}

	fmt.Fprintf(w, "\n== 3. matching: %d eligible households, rents checked with %s\n", len(applicants), rentcalc.PolicyLiguria30)
	rentCheck, err := matching.ShippedRentCheck(rentcalc.PolicyLiguria30, on)
	if err != nil {
		return err
	}
	result, err := matching.Match(matching.Input{Applicants: applicants, Offer: offer, Date: on},
		matching.Options{Mechanism: matching.Optimal, RentCheck: rentCheck})
	if err != nil {
		return err
	}
	if err := result.WriteText(w, lang); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n== 4. stays under the programmes' duration policies")
	if err := stays(w, lang, on, result, applicants, k); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n== 5. a stay in Crema: renewals")
	if err := cremaStay(w, lang); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n== 6. the store: what the run kept (SQLite, one file)")
	return k.report(w, lang, on, offer)
}

// intake evaluates every referred household against its programme's rule
// set and returns the eligible ones as applicants for matching.
func intake(w io.Writer, lang language.Tag, on housing.Date, dataDir string, k keeper) ([]matching.Applicant, error) {
	var applicants []matching.Applicant
	for _, r := range referrals {
		path := filepath.Join(dataDir, r.file)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%w (run from the repository root)", err)
		}
		h, err := housing.ReadHousehold(path, data)
		if err != nil {
			return nil, err
		}
		rs, err := eligibility.Shipped(cmp.Or(r.ruleset, r.programme))
		if err != nil {
			return nil, err
		}
		ref := housing.Referral{
			ID: "ref-" + h.ID, HouseholdID: h.ID, ProgrammeID: r.programme, Team: r.team, With: r.with,
			Date: housing.MustParseDate(r.date), RecordRef: "scheda-" + h.ID, CaseManaged: true,
		}
		d, err := eligibility.Evaluate(rs, &h, on, eligibility.WithReferral(&ref))
		kept := d
		if err != nil {
			kept = nil
		}
		if kerr := k.intake(h, ref, kept); kerr != nil {
			return nil, kerr
		}
		if err != nil {
			// A rule set applies only while it is valid: Habito's ran from
			// 2017 to 2022, and the SDK says so rather than guess.
			fmt.Fprintf(w, "- %-20s %s: %s\n", h.ID, r.programme, housing.ErrorMessage(err))
			continue
		}
		if d.Outcome != eligibility.Eligible {
			fmt.Fprintf(w, "- %-20s %s: %s\n", h.ID, r.programme, d.Outcome)
			// Say why: the requirements not met and the exclusions that apply.
			for _, reason := range d.Reasons {
				if reason.Status == eligibility.Failed && (reason.Kind == eligibility.Requirement || reason.Kind == eligibility.Exclusion) {
					fmt.Fprintf(w, "    %s: %s\n", reason.Code, reason.Message.In(lang))
				}
			}
			if len(d.Missing) > 0 {
				fmt.Fprintf(w, "    facts missing: %v\n", d.Missing)
			}
			continue
		}
		score := 0
		if d.Score != nil {
			score = d.Score.Total
		}
		fmt.Fprintf(w, "- %-20s %s: %s, groups %v, priority %d\n", h.ID, r.programme, d.Outcome, d.Groups, score)
		applicants = append(applicants, matching.Applicant{
			Household: h, Programmes: []string{r.programme}, Priority: score, ReferredOn: ref.Date,
		})
	}
	return applicants, nil
}

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// exampleOffer is a small vacancy registry across the programmes.
func exampleOffer() matching.Offer {
	from := housing.MustParseDate("2025-01-01")
	facilities := []matching.Facility{
		{Facility: housing.Facility{ID: "ct-at-1", Name: "Alloggio di transizione San Berillo", Municipality: "Catania",
			ProgrammeID: "catania.alloggi-di-transizione", BedCapacity: 12,
			SharedSpaces: []housing.SharedSpace{housing.SharedKitchen, housing.SharedBathroom, housing.SharedLiving}}},
		{Facility: housing.Facility{ID: "lo-hm-1", Name: "Housing Mix via Cavour", Municipality: "Lodi",
			ProgrammeID: "lombardia.housing-mix", BedCapacity: 6, CoHousing: true,
			SharedSpaces: []housing.SharedSpace{housing.SharedLiving, housing.SharedGarden, housing.SharedLaundry}}},
	}
	units := []housing.Unit{
		{ID: "fe-cod-a1", ProgrammeID: "ferrara-sud-est.housing-temporaneo", Kind: housing.UnitApartment, Beds: 2, Bedrooms: 1,
			AreaSqm: money("45"), Rent: money("0"), ServiceCharges: money("40"), Contract: housing.ContractConcession,
			AvailableFrom: from, Municipality: "Codigoro", SubArea: "Delta Ferrarese"},
		{ID: "cr-cri-1", ProgrammeID: "crema.ospitalita-temporanea", Kind: housing.UnitApartment, Beds: 4, Bedrooms: 2,
			AreaSqm: money("70"), Rent: money("150"), ServiceCharges: money("60"), Contract: housing.ContractConcession,
			AvailableFrom: from, Municipality: "Crema"},
		{ID: "lo-hm-1-m2", FacilityID: "lo-hm-1", ProgrammeID: "lombardia.housing-mix", Kind: housing.UnitApartment, Beds: 1, Bedrooms: 1,
			AreaSqm: money("32"), StepFree: true, Rent: money("180"), ServiceCharges: money("35"), Contract: housing.ContractFreeLoan,
			AvailableFrom: from, Municipality: "Lodi"},
	}
	units[2].Rent = decimal.Zero // a free loan (comodato) has no rent
	for i, beds := range []int{1, 2, 3, 3} {
		units = append(units, housing.Unit{
			ID: fmt.Sprintf("ct-at-1-r%d", i+1), FacilityID: "ct-at-1", ProgrammeID: "catania.alloggi-di-transizione",
			Kind: housing.UnitRoom, Beds: beds, Bedrooms: 1, AreaSqm: money(fmt.Sprint(9 + 5*beds)),
			Contract: housing.ContractConcession, AvailableFrom: from, Municipality: "Catania",
		})
	}
	return matching.Offer{Facilities: facilities, Units: units}
}

// stays starts a tenancy for every proposal whose programme has a duration
// policy, and shows what the policy sets.
func stays(w io.Writer, lang language.Tag, on housing.Date, result *matching.Result, applicants []matching.Applicant, k keeper) error {
	referred := map[string]housing.Date{}
	for _, a := range applicants {
		referred[a.Household.ID] = a.ReferredOn
	}
	start, err := on.AddDays(14)
	if err != nil {
		return err
	}
	for _, p := range result.Proposals {
		policy, err := housing.PolicyByID(p.Programme)
		if err != nil {
			fmt.Fprintf(w, "- %s in %s: %s\n", p.Household, strings.Join(p.Units, "+"), housing.ErrorMessage(err))
			continue
		}
		t := housing.Tenancy{ID: "t-" + p.Household, HouseholdID: p.Household, UnitID: p.Units[0],
			ProgrammeID: p.Programme, PolicyID: policy.ID, ReferralID: "ref-" + p.Household, ReferralDate: referred[p.Household]}
		if err := t.Propose(on, "proposal of the matching of "+on.String()); err != nil {
			return err
		}
		if err := t.Activate(policy, start, ""); err != nil {
			return err
		}
		// The placement: the stay stored, the household off the waiting
		// list, in one transaction.
		if err := k.place(t); err != nil {
			return err
		}
		end := "open-ended, until an exit event"
		if !t.PlannedEnd.IsZero() {
			end = "planned end " + housing.FormatDate(lang, t.PlannedEnd) + ", warning on " + housing.FormatDate(lang, policy.WarningDate(t))
		}
		dayAfter, err := t.Start.AddDays(1)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "- %s moves into %s on %s: %s; next review %s\n", p.Household, p.Units[0],
			housing.FormatDate(lang, t.Start), end, housing.FormatDate(lang, policy.NextReview(t, dayAfter)))
	}
	return nil
}

// cremaStay follows a Crema stay through its renewal rules.
func cremaStay(w io.Writer, lang language.Tag) error {
	crema, err := housing.PolicyByID("crema.ospitalita-temporanea")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, crema.Explain(lang))
	t := housing.Tenancy{
		ID: "cr-ot-2024-001", HouseholdID: "cr-ot-2022-004", UnitID: "cr-cri-1",
		ProgrammeID: "crema.ospitalita-temporanea", PolicyID: crema.ID,
		ReferralDate: housing.MustParseDate("2024-01-10"),
	}
	steps := []struct {
		what string
		do   func() error
	}{
		{"propose", func() error { return t.Propose(housing.MustParseDate("2024-01-20"), "") }},
		{"start", func() error { return t.Activate(crema, housing.MustParseDate("2024-01-31"), "") }},
		{"review after 6 months", func() error { return t.RecordReview(housing.MustParseDate("2024-07-31"), "goals on track") }},
		{"renew without a reason", func() error {
			return t.Renew(crema, housing.Renewal{Date: housing.MustParseDate("2024-12-10")})
		}},
		{"renew: job search under way", func() error {
			return t.Renew(crema, housing.Renewal{Date: housing.MustParseDate("2024-12-10"), Reason: "job_search"})
		}},
		{"review after 12 months", func() error { return t.RecordReview(housing.MustParseDate("2025-01-31"), "") }},
		{"review after 18 months", func() error { return t.RecordReview(housing.MustParseDate("2025-07-31"), "") }},
		{"renew a second time", func() error {
			return t.Renew(crema, housing.Renewal{Date: housing.MustParseDate("2025-12-01"), Reason: "health"})
		}},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			msg := housing.ErrorMessage(err)
			if e, ok := err.(*housing.Error); ok {
				msg = fmt.Sprintf("%s (%s)", e.MessageIn(lang), e.Key)
			}
			fmt.Fprintf(w, "%-28s refused: %s\n", s.what, msg)
			continue
		}
		fmt.Fprintf(w, "%-28s ok: %s", s.what, t.Status.Label(lang))
		if !t.PlannedEnd.IsZero() {
			fmt.Fprintf(w, ", planned end %s", housing.FormatDate(lang, t.PlannedEnd))
		}
		fmt.Fprintln(w)
	}
	for _, on := range []string{"2025-12-01", "2025-12-02", "2026-01-31"} {
		fmt.Fprintf(w, "due on %s:", on)
		due := t.Due(crema, housing.MustParseDate(on))
		if len(due) == 0 {
			fmt.Fprint(w, " nothing")
		}
		fmt.Fprintln(w)
		for _, d := range due {
			fmt.Fprintf(w, "  %s %s: %s\n", d.Date, d.Code, d.Text.In(lang))
		}
	}
	exit := housing.Exit{Date: housing.MustParseDate("2026-01-31"), Pathway: housing.ExitPrivateLease}
	if err := t.End(exit); err != nil {
		return err
	}
	fmt.Fprintf(w, "exit on %s: %s; %d steps in the history\n", exit.Date, exit.Pathway.Label(lang), len(t.History))
	return nil
}
