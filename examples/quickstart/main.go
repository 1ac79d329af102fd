// Command quickstart walks through housingkit on the five seed programmes:
// it reads the example households, describes a transition-housing facility,
// and runs the three tenancy-duration policies — Ferrara's fixed 24 months,
// Crema's 12 + 12 months with a proven reason, Catania's open-ended stay
// with reviews — through a stay each, showing what is due and what the
// rules refuse.
//
// Run it from the repository root:
//
//	go run ./examples/quickstart [-lang it|en]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/housingkit/housingkit/housing"
	"golang.org/x/text/language"
)

func main() {
	langFlag := flag.String("lang", "en", "language of the texts: it or en")
	dataDir := flag.String("data", "testdata", "folder with the example households")
	flag.Parse()
	lang, err := housing.ParseLang(*langFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(2)
	}
	if err := run(os.Stdout, lang, *dataDir); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, lang language.Tag, dataDir string) error {
	households, err := readHouseholds(dataDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== %d example households\n", len(households))
	for _, h := range households {
		describe(w, lang, h)
	}

	fmt.Fprintln(w, "\n== a transition-housing facility (seed 001)")
	facility, units := transitionFacility()
	if err := facility.Validate(); err != nil {
		return err
	}
	if err := facility.ValidateUnits(units); err != nil {
		return err
	}
	beds := 0
	for _, u := range units {
		beds += u.Beds
	}
	fmt.Fprintf(w, "%s, %s: %d rooms, %d of %d beds, shared:", facility.Name, facility.Municipality, len(units), beds, facility.BedCapacity)
	for _, s := range facility.SharedSpaces {
		fmt.Fprintf(w, " %s;", s.Label(lang))
	}
	fmt.Fprintln(w)
	// A thirteenth bed does not fit: the facility refuses it.
	extra := units[0]
	extra.ID, extra.Beds = "ct-at-1-r9", 2
	if err := facility.ValidateUnits(append(units, extra)); err != nil {
		fmt.Fprintf(w, "adding room %s: %s\n", extra.ID, housing.ErrorMessage(err))
	}

	fmt.Fprintln(w, "\n== three tenancy-duration policies at work")
	return policies(w, lang)
}

func readHouseholds(dir string) ([]housing.Household, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*household*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no example households in %s: run from the repository root", dir)
	}
	var out []housing.Household
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		h, err := housing.ReadHousehold(f, data)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

func describe(w io.Writer, lang language.Tag, h housing.Household) {
	on := housing.MustParseDate("2025-06-01")
	income, known := h.AnnualIncome()
	incomeText := housing.FormatMoney(lang, income)
	if !known {
		incomeText += " (not all declared)"
	}
	ref, _ := h.Reference()
	fmt.Fprintf(w, "- %-20s %d member(s), reference person aged %d, income %s/year, living situation %s (%s)\n",
		h.ID, h.Size(), ref.AgeOn(on), incomeText, h.LivingSituation, h.LivingSituation.Label(lang))
}

func transitionFacility() (housing.Facility, []housing.Unit) {
	f := housing.Facility{
		ID:           "ct-at-1",
		Name:         "Alloggio di transizione San Berillo",
		Municipality: "Catania",
		ProgrammeID:  "catania.alloggi-di-transizione",
		BedCapacity:  12,
		SharedSpaces: []housing.SharedSpace{housing.SharedKitchen, housing.SharedBathroom, housing.SharedLiving},
	}
	var units []housing.Unit
	for i, beds := range []int{1, 1, 2, 2, 3, 3} {
		units = append(units, housing.Unit{
			ID:            fmt.Sprintf("ct-at-1-r%d", i+1),
			FacilityID:    f.ID,
			ProgrammeID:   f.ProgrammeID,
			Kind:          housing.UnitRoom,
			Beds:          beds,
			Bedrooms:      1,
			Contract:      housing.ContractConcession,
			AvailableFrom: housing.MustParseDate("2024-01-01"),
			Municipality:  "Catania",
		})
	}
	return f, units
}

// policies runs a stay under each shipped duration policy.
func policies(w io.Writer, lang language.Tag) error {
	for _, p := range housing.ShippedPolicies() {
		fmt.Fprintf(w, "\n-- %s\n%s\n", p.ID, p.Explain(lang))
	}

	// Crema: 12 months from 31 January 2024, then one renewal for a proven
	// reason; a second renewal is refused.
	crema, err := housing.PolicyByID("crema.ospitalita-temporanea")
	if err != nil {
		return err
	}
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
		{"renew without a reason", func() error {
			return t.Renew(crema, housing.Renewal{Date: housing.MustParseDate("2024-12-10")})
		}},
		{"review after 6 months", func() error { return t.RecordReview(housing.MustParseDate("2024-07-31"), "goals on track") }},
		{"renew: job search under way", func() error {
			return t.Renew(crema, housing.Renewal{Date: housing.MustParseDate("2024-12-10"), Reason: "job_search"})
		}},
		{"review after 12 months", func() error { return t.RecordReview(housing.MustParseDate("2025-01-31"), "") }},
		{"review after 18 months", func() error { return t.RecordReview(housing.MustParseDate("2025-07-31"), "") }},
		{"renew a second time", func() error {
			return t.Renew(crema, housing.Renewal{Date: housing.MustParseDate("2025-12-01"), Reason: "health"})
		}},
	}
	fmt.Fprintln(w, "\n-- a stay in Crema")
	for _, s := range steps {
		if err := s.do(); err != nil {
			msg := err.Error()
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
