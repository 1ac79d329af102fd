package main

import txt "github.com/housingkit/housingkit/internal/text"

// cliTexts holds the words of the command line's text reports, each in
// Italian and English side by side; the explanations themselves come from
// the SDK's results.
var cliTexts = txt.Must(txt.Entries{
	"rent.policy":           {IT: "Politica: %s — %s", EN: "Policy: %s — %s"},
	"rent.date":             {IT: "Data: %s", EN: "Date: %s"},
	"rent.date_today":       {IT: "Data: %s (oggi: --date non indicata)", EN: "Date: %s (today: no --date given)"},
	"evaluate.extrapolated": {IT: "ESTRAPOLATO: %s (dal %s) è usato oltre l'ultimo valore della sua fonte, del %s", EN: "EXTRAPOLATED: %s (from %s) is used past its source's last value, of %s"},
	"rent.extrapolated":     {IT: " ESTRAPOLATO: l'ultimo valore della fonte è del %s", EN: " EXTRAPOLATED: the source's last value is of %s"},
	"rent.household":        {IT: "Nucleo: %s — reddito annuo %s; canone mensile %s, spese %s", EN: "Household: %s — annual income %s; monthly rent %s, charges %s"},
	"rent.verdict":          {IT: "Esito: %s (%s)", EN: "Verdict: %s (%s)"},
	"rent.sustainable":      {IT: "SOSTENIBILE", EN: "SUSTAINABLE"},
	"rent.unsustainable":    {IT: "NON SOSTENIBILE", EN: "NOT SUSTAINABLE"},
	"rent.max":              {IT: "Canone massimo sostenibile: %s al mese; differenza %s", EN: "Maximum sustainable rent: %s a month; gap %s"},
	"rent.tests":            {IT: "Verifiche:", EN: "Tests:"},
	"rent.pass":             {IT: "ok", EN: "pass"},
	"rent.fail":             {IT: "NO", EN: "FAIL"},
	"rent.scale":            {IT: "Scala %s (%s) = %s", EN: "Scale %s (%s) = %s"},
	"rent.figure":           {IT: "%s = %s (dal %s%s)%s", EN: "%s = %s (from %s%s)%s"},
	"rent.placeholder":      {IT: " SEGNAPOSTO: %s", EN: " PLACEHOLDER: %s"},
	"yes":                   {IT: "sì", EN: "yes"},
	"no":                    {IT: "no", EN: "no"},

	"support.scheme":           {IT: "Misura: %s — %s", EN: "Scheme: %s — %s"},
	"support.year":             {IT: "Anno: %s (valori in vigore il %s)", EN: "Year: %s (figures in force on %s)"},
	"support.household":        {IT: "Nucleo: %s — regione %s; reddito annuo %s; canone mensile %s (annuo %s)", EN: "Household: %s — region %s; annual income %s; monthly rent %s (annual %s)"},
	"support.household_annual": {IT: "Nucleo: %s — regione %s; reddito annuo %s; canone annuo %s", EN: "Household: %s — region %s; annual income %s; annual rent %s"},
	"support.band":             {IT: "Fascia: %s", EN: "Band: %s"},
	"support.contribution":     {IT: "Contributo: %s l'anno (%s)", EN: "Contribution: %s a year (%s)"},
	"support.figures":          {IT: "Valori:", EN: "Figures:"},

	"check.ruleset": {
		IT: "regole %s %s: %d {regola|regole}, %d {criterio|criteri} di punteggio, %d {parametro|parametri}, %d {dato|dati}",
		EN: "rule set %s %s: %d {rule|rules}, %d score {criterion|criteria}, %d {parameter|parameters}, %d {fact|facts}"},
	"check.tests":         {IT: "%d {caso|casi} di prova di %s", EN: "%d test {case|cases} of %s"},
	"check.policy_months": {IT: ", al massimo %d {mese|mesi}", EN: ", %d {month|months} at most"},
})
