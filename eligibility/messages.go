package eligibility

import (
	"github.com/housingkit/housingkit/housing"
)

// Messages is the catalogue of the package's texts in Italian and English:
// reason messages (one per kind of rule and result, wrapping the rule's own
// label), outcome names and the words of the text rendering of a Decision.
var Messages = housing.MustCatalog(messagesIT, messagesEN)

var messagesIT = map[string]string{
	"reason.requirement.true":    "Requisito soddisfatto: %s",
	"reason.requirement.false":   "Requisito non soddisfatto: %s",
	"reason.requirement.unknown": "Requisito da verificare, mancano dati: %s",
	"reason.group.true":          "Rientra nel gruppo destinatario: %s",
	"reason.group.false":         "Non rientra nel gruppo destinatario: %s",
	"reason.group.unknown":       "Gruppo destinatario da verificare, mancano dati: %s",
	"reason.exclusion.true":      "Causa di esclusione: %s",
	"reason.exclusion.false":     "Causa di esclusione non presente: %s",
	"reason.exclusion.unknown":   "Causa di esclusione da verificare, mancano dati: %s",
	"reason.referral.true":       "Da valutare prima altri percorsi e servizi: %s",
	"reason.referral.false":      "Nessun altro percorso da valutare prima: %s",
	"reason.referral.unknown":    "Valutazione di altri percorsi da verificare, mancano dati: %s",
	"reason.score.true":          "Punteggio di priorità riconosciuto: %s",
	"reason.score.false":         "Punteggio di priorità non riconosciuto: %s",
	"reason.score.unknown":       "Punteggio di priorità da verificare, mancano dati: %s",
	"reason.exception":           "%[1]s (eccezione: %[2]s)",

	"outcome.eligible":   "ammissibile",
	"outcome.ineligible": "non ammissibile",
	"outcome.refer":      "ammissibile, previa valutazione di altri percorsi",
	"outcome.incomplete": "dati incompleti",

	"status.passed":  "superato",
	"status.failed":  "non superato",
	"status.unknown": "da verificare",

	"kind.requirement": "requisito",
	"kind.group":       "gruppo destinatario",
	"kind.exclusion":   "esclusione",
	"kind.referral":    "valutazione di altri percorsi",
	"kind.score":       "punteggio",

	"text.header":     "Regole %[1]s, versione %[2]s; data di valutazione %[3]s; nucleo %[4]s",
	"text.variants":   "Varianti applicate: %s",
	"text.outcome":    "Esito: %s",
	"text.groups":     "Gruppi destinatari: %s",
	"text.referrals":  "Altri percorsi da valutare: %s",
	"text.score":      "Punteggio: %d",
	"text.score_cap":  "Punteggio: %[1]d (massimo %[2]d)",
	"text.tie_break":  "Spareggio: %s",
	"text.reasons":    "Motivazioni:",
	"text.facts":      "dati: %s",
	"text.parameters": "parametri: %s",
	"text.param_from": "%[1]s = %[2]s (dal %[3]s)",
	"text.reference":  "fonte: %s",
	"text.points":     "punti: %d",
	"text.missing":    "Dati mancanti: %s",
	"text.none":       "nessuno",
	"text.unknown":    "non noto",
	"text.yes":        "sì",
	"text.no":         "no",
	"text.ascending":  "crescente",
	"text.descending": "decrescente",
}

var messagesEN = map[string]string{
	"reason.requirement.true":    "Requirement met: %s",
	"reason.requirement.false":   "Requirement not met: %s",
	"reason.requirement.unknown": "Requirement to be checked, facts missing: %s",
	"reason.group.true":          "Target group matched: %s",
	"reason.group.false":         "Target group not matched: %s",
	"reason.group.unknown":       "Target group to be checked, facts missing: %s",
	"reason.exclusion.true":      "Exclusion applies: %s",
	"reason.exclusion.false":     "Exclusion does not apply: %s",
	"reason.exclusion.unknown":   "Exclusion to be checked, facts missing: %s",
	"reason.referral.true":       "Other paths and services to be assessed first: %s",
	"reason.referral.false":      "No other path to assess first: %s",
	"reason.referral.unknown":    "Assessment of other paths to be checked, facts missing: %s",
	"reason.score.true":          "Priority points given: %s",
	"reason.score.false":         "Priority points not given: %s",
	"reason.score.unknown":       "Priority points to be checked, facts missing: %s",
	"reason.exception":           "%[1]s (exception: %[2]s)",

	"outcome.eligible":   "eligible",
	"outcome.ineligible": "ineligible",
	"outcome.refer":      "eligible, after other paths are assessed",
	"outcome.incomplete": "facts missing",

	"status.passed":  "passed",
	"status.failed":  "failed",
	"status.unknown": "to be checked",

	"kind.requirement": "requirement",
	"kind.group":       "target group",
	"kind.exclusion":   "exclusion",
	"kind.referral":    "assessment of other paths",
	"kind.score":       "score",

	"text.header":     "Rule set %[1]s, version %[2]s; evaluated on %[3]s; household %[4]s",
	"text.variants":   "Variants applied: %s",
	"text.outcome":    "Outcome: %s",
	"text.groups":     "Target groups: %s",
	"text.referrals":  "Other paths to assess: %s",
	"text.score":      "Score: %d",
	"text.score_cap":  "Score: %[1]d (at most %[2]d)",
	"text.tie_break":  "Tie-break: %s",
	"text.reasons":    "Reasons:",
	"text.facts":      "facts: %s",
	"text.parameters": "parameters: %s",
	"text.param_from": "%[1]s = %[2]s (from %[3]s)",
	"text.reference":  "source: %s",
	"text.points":     "points: %d",
	"text.missing":    "Missing facts: %s",
	"text.none":       "none",
	"text.unknown":    "unknown",
	"text.yes":        "yes",
	"text.no":         "no",
	"text.ascending":  "ascending",
	"text.descending": "descending",
}

var triKeys = [3]string{"false", "true", "unknown"}

// ruleMessages precomputes a rule's messages for each result and deciding
// exception, so that evaluation formats nothing.
func ruleMessages(kind RuleKind, label housing.Text, xs []*exception) [3][]*housing.Text {
	var out [3][]*housing.Text
	for t := range 3 {
		key := "reason." + kind.String() + "." + triKeys[t]
		base := &housing.Text{
			IT: Messages.Sprintf(housing.Italian, key, label.IT),
			EN: Messages.Sprintf(housing.English, key, label.EN),
		}
		out[t] = append(out[t], base)
		for _, x := range xs {
			out[t] = append(out[t], &housing.Text{
				IT: Messages.Sprintf(housing.Italian, "reason.exception", base.IT, x.label.IT),
				EN: Messages.Sprintf(housing.English, "reason.exception", base.EN, x.label.EN),
			})
		}
	}
	return out
}

func scoreMessages(label housing.Text) [3]*housing.Text {
	var out [3]*housing.Text
	for t := range 3 {
		key := "reason.score." + triKeys[t]
		out[t] = &housing.Text{IT: Messages.Sprintf(housing.Italian, key, label.IT), EN: Messages.Sprintf(housing.English, key, label.EN)}
	}
	return out
}
