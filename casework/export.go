package casework

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"golang.org/x/text/language"
)

// The export formats of a report.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
	FormatText = "text"
)

var sectionTitles = map[string]housing.Text{
	"period":                  {IT: "Periodo", EN: "Period"},
	"referrals":               {IT: "Segnalazioni", EN: "Referrals"},
	"decisions":               {IT: "Decisioni per esito", EN: "Decisions by outcome"},
	"decision_reasons":        {IT: "Decisioni per esito e motivo", EN: "Decisions by outcome and reason"},
	"admissions":              {IT: "Ingressi", EN: "Admissions"},
	"occupancy":               {IT: "Occupazione per struttura e mese", EN: "Occupancy by facility and month"},
	"waiting_times":           {IT: "Attesa dalla segnalazione all'ingresso (giorni)", EN: "Waiting from referral to admission (days)"},
	"length_of_stay":          {IT: "Durata delle permanenze concluse (giorni)", EN: "Length of the stays ended (days)"},
	"renewals":                {IT: "Rinnovi per motivo", EN: "Renewals by reason"},
	"exits":                   {IT: "Uscite per percorso", EN: "Exits by pathway"},
	"limit_no_solution":       {IT: "Permanenze giunte al termine senza soluzione abitativa", EN: "Stays that reached their limit with no housing solution"},
	"housed_6_months":         {IT: "Accolti da almeno 6 mesi", EN: "Housed for at least 6 months"},
	"ethos_at_entry":          {IT: "Categoria ETHOS all'ingresso", EN: "ETHOS category at entry"},
	"ethos_concepts_at_entry": {IT: "Categoria concettuale ETHOS all'ingresso", EN: "ETHOS conceptual category at entry"},
}

var keyLabels = map[string]housing.Text{
	"from": {IT: "dal", EN: "from"}, "to": {IT: "al", EN: "to"}, "programme": {IT: "programma", EN: "programme"},
	"total": {IT: "totale", EN: "total"}, "households": {IT: "nuclei", EN: "households"}, "persons": {IT: "persone", EN: "persons"},
	"n": {IT: "numero", EN: "count"}, "median_days": {IT: "mediana", EN: "median"}, "p90_days": {IT: "90° percentile", EN: "90th percentile"},
	"stays": {IT: "permanenze", EN: "stays"}, "suppressed": {IT: "oscurato", EN: "suppressed"},
}

// label names a key in lang: an outcome, an exit pathway, an ETHOS
// category, or a fixed key; other keys (codes, facility ids) as they are.
func label(lang language.Tag, section, key string) string {
	it := lang == housing.Italian
	pick := func(t housing.Text) string {
		if it {
			return t.IT
		}
		return t.EN
	}
	if t, ok := keyLabels[key]; ok {
		return pick(t)
	}
	switch section {
	case "decisions":
		return eligibilityOutcomeLabel(lang, key)
	case "exits":
		return housing.ExitPathway(key).Label(lang)
	case "ethos_at_entry":
		if e := housing.Ethos(key); e.Category() > 0 {
			return key + " " + e.Label(lang)
		} else if e.Valid() {
			return e.Label(lang)
		}
	case "ethos_concepts_at_entry":
		if c := housing.EthosConcept(key); c != "" && key != "unknown" && key != "housed" {
			return c.Label(lang)
		}
	}
	return key
}

// WriteReport writes the report as CSV (section,key,value), JSON (the
// rows) or text in Italian or English (lang housing.Italian or
// housing.English), with the counts below threshold suppressed (see
// Report.Rows; 0 or 1 suppresses nothing). It returns invalid for an
// unknown format.
func WriteReport(w io.Writer, r *Report, format string, lang language.Tag, threshold int) error {
	rows := r.Rows(threshold)
	switch format {
	case FormatCSV:
		cw := csv.NewWriter(w)
		if err := cw.Write([]string{"section", "key", "value"}); err != nil {
			return err
		}
		for _, row := range rows {
			if err := cw.Write([]string{row.Section, row.Key, row.Value}); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Format    string `json:"format"`
			Threshold int    `json:"suppression_threshold"`
			Rows      []Row  `json:"rows"`
		}{"housingkit.report/v1", threshold, rows})
	case FormatText:
		var b strings.Builder
		last := ""
		for _, row := range rows {
			if row.Section != last {
				if last != "" {
					b.WriteByte('\n')
				}
				t := sectionTitles[row.Section]
				if lang == housing.Italian {
					b.WriteString(t.IT)
				} else {
					b.WriteString(t.EN)
				}
				b.WriteString("\n")
				last = row.Section
			}
			v := row.Value
			if v == "suppressed" {
				v = label(lang, "", "suppressed")
			}
			fmt.Fprintf(&b, "  %-52s %s\n", label(lang, row.Section, row.Key), v)
		}
		if threshold > 1 {
			if lang == housing.Italian {
				fmt.Fprintf(&b, "\nI conteggi da 1 a %d sono oscurati (<%d).\n", threshold-1, threshold)
			} else {
				fmt.Fprintf(&b, "\nCounts from 1 to %d are suppressed (<%d).\n", threshold-1, threshold)
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return invalid("casework.format", "report format %q; want csv, json or text", format)
}
