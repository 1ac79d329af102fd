package eligibility

import (
	"github.com/housingkit/housingkit/housing"
	txt "github.com/housingkit/housingkit/internal/text"
)

// messages is the catalogue of the package's texts, each in Italian and
// English side by side: reason messages (one per kind of rule and result,
// wrapping the rule's own label), outcome names and the words of the text
// rendering of a Decision.
var messages = txt.Must(messageTexts)

var messageTexts = txt.Entries{
	"reason.requirement.true":    {IT: "Requisito soddisfatto: %s", EN: "Requirement met: %s"},
	"reason.requirement.false":   {IT: "Requisito non soddisfatto: %s", EN: "Requirement not met: %s"},
	"reason.requirement.unknown": {IT: "Requisito da verificare, mancano dati: %s", EN: "Requirement to be checked, facts missing: %s"},
	"reason.group.true":          {IT: "Rientra nel gruppo destinatario: %s", EN: "Target group matched: %s"},
	"reason.group.false":         {IT: "Non rientra nel gruppo destinatario: %s", EN: "Target group not matched: %s"},
	"reason.group.unknown":       {IT: "Gruppo destinatario da verificare, mancano dati: %s", EN: "Target group to be checked, facts missing: %s"},
	"reason.exclusion.true":      {IT: "Causa di esclusione: %s", EN: "Exclusion applies: %s"},
	"reason.exclusion.false":     {IT: "Causa di esclusione non presente: %s", EN: "Exclusion does not apply: %s"},
	"reason.exclusion.unknown":   {IT: "Causa di esclusione da verificare, mancano dati: %s", EN: "Exclusion to be checked, facts missing: %s"},
	"reason.referral.true":       {IT: "Da valutare prima altri percorsi e servizi: %s", EN: "Other paths and services to be assessed first: %s"},
	"reason.referral.false":      {IT: "Nessun altro percorso da valutare prima: %s", EN: "No other path to assess first: %s"},
	"reason.referral.unknown":    {IT: "Valutazione di altri percorsi da verificare, mancano dati: %s", EN: "Assessment of other paths to be checked, facts missing: %s"},
	"reason.score.true":          {IT: "Punteggio di priorità riconosciuto: %s", EN: "Priority points given: %s"},
	"reason.score.false":         {IT: "Punteggio di priorità non riconosciuto: %s", EN: "Priority points not given: %s"},
	"reason.score.unknown":       {IT: "Punteggio di priorità da verificare, mancano dati: %s", EN: "Priority points to be checked, facts missing: %s"},
	"reason.exception":           {IT: "%[1]s (eccezione: %[2]s)", EN: "%[1]s (exception: %[2]s)"},

	"outcome.eligible":   {IT: "ammissibile", EN: "eligible"},
	"outcome.ineligible": {IT: "non ammissibile", EN: "ineligible"},
	"outcome.refer":      {IT: "ammissibile, previa valutazione di altri percorsi", EN: "eligible, after other paths are assessed"},
	"outcome.incomplete": {IT: "dati incompleti", EN: "facts missing"},

	"status.passed":  {IT: "superato", EN: "passed"},
	"status.failed":  {IT: "non superato", EN: "failed"},
	"status.unknown": {IT: "da verificare", EN: "to be checked"},

	"kind.requirement": {IT: "requisito", EN: "requirement"},
	"kind.group":       {IT: "gruppo destinatario", EN: "target group"},
	"kind.exclusion":   {IT: "esclusione", EN: "exclusion"},
	"kind.referral":    {IT: "valutazione di altri percorsi", EN: "assessment of other paths"},
	"kind.score":       {IT: "punteggio", EN: "score"},

	"text.header":     {IT: "Regole %[1]s, versione %[2]s; data di valutazione %[3]s; nucleo %[4]s", EN: "Rule set %[1]s, version %[2]s; evaluated on %[3]s; household %[4]s"},
	"text.variants":   {IT: "Varianti applicate: %s", EN: "Variants applied: %s"},
	"text.outcome":    {IT: "Esito: %s", EN: "Outcome: %s"},
	"text.groups":     {IT: "Gruppi destinatari: %s", EN: "Target groups: %s"},
	"text.referrals":  {IT: "Altri percorsi da valutare: %s", EN: "Other paths to assess: %s"},
	"text.score":      {IT: "Punteggio: %d", EN: "Score: %d"},
	"text.score_cap":  {IT: "Punteggio: %[1]d (massimo %[2]d)", EN: "Score: %[1]d (at most %[2]d)"},
	"text.tie_break":  {IT: "Spareggio: %s", EN: "Tie-break: %s"},
	"text.reasons":    {IT: "Motivazioni:", EN: "Reasons:"},
	"text.facts":      {IT: "dati: %s", EN: "facts: %s"},
	"text.parameters": {IT: "parametri: %s", EN: "parameters: %s"},
	"text.param_from": {IT: "%[1]s = %[2]s (dal %[3]s)", EN: "%[1]s = %[2]s (from %[3]s)"},
	"text.reference":  {IT: "fonte: %s", EN: "source: %s"},
	"text.points":     {IT: "punti: %d", EN: "points: %d"},
	"text.missing":    {IT: "Dati mancanti: %s", EN: "Missing facts: %s"},
	"text.none":       {IT: "nessuno", EN: "none"},
	"text.unknown":    {IT: "non noto", EN: "unknown"},
	"text.yes":        {IT: "sì", EN: "yes"},
	"text.no":         {IT: "no", EN: "no"},
	"text.ascending":  {IT: "crescente", EN: "ascending"},
	"text.descending": {IT: "decrescente", EN: "descending"},
}

var triKeys = [3]string{"false", "true", "unknown"}

// ruleMessages precomputes a rule's messages for each result and deciding
// exception, so that evaluation formats nothing.
func ruleMessages(kind RuleKind, label housing.Text, xs []*exception) [3][]*housing.Text {
	var out [3][]*housing.Text
	for t := range 3 {
		key := "reason." + kind.String() + "." + triKeys[t]
		base := housing.Text(messages.Both(key, label))
		out[t] = append(out[t], &base)
		for _, x := range xs {
			withX := housing.Text(messages.Both("reason.exception", base, x.label))
			out[t] = append(out[t], &withX)
		}
	}
	return out
}

func scoreMessages(label housing.Text) [3]*housing.Text {
	var out [3]*housing.Text
	for t := range 3 {
		key := "reason.score." + triKeys[t]
		msg := housing.Text(messages.Both(key, label))
		out[t] = &msg
	}
	return out
}
