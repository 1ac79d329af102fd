package housing

import "golang.org/x/text/language"

// tenancyIT and tenancyEN hold the texts of duration policies and tenancies:
// the labels of their enumerations, the sentences of policy explanations and
// of due items, and the messages of tenancy errors (keyed by the error's
// Key). Both maps have the same keys and each pair the same verbs, which
// NewCatalog checks.
var tenancyIT = map[string]string{
	"policy_kind.fixed":      "termine fisso",
	"policy_kind.renewable":  "termine rinnovabile",
	"policy_kind.open_ended": "fino all'evento di uscita",

	"assumption_mark.programme_choice": "scelta del progetto",
	"assumption_mark.placeholder":      "segnaposto da confermare",

	"tenancy_status.proposed":  "proposta",
	"tenancy_status.active":    "in corso",
	"tenancy_status.renewed":   "rinnovata",
	"tenancy_status.ended":     "conclusa",
	"tenancy_status.cancelled": "annullata",

	"exit.public_housing":  "assegnazione di un alloggio ERP",
	"exit.private_lease":   "locazione sul mercato privato",
	"exit.other_programme": "passaggio ad altro progetto o servizio",
	"exit.family":          "rientro in famiglia",
	"exit.drop_out":        "abbandono del percorso",
	"exit.removal":         "dimissione o allontanamento dal progetto",
	"exit.death":           "decesso",
	"exit.other":           "altra uscita",

	"due_code.review_due":     "verifica in scadenza",
	"due_code.review_overdue": "verifica scaduta",
	"due_code.warning":        "preavviso di scadenza",
	"due_code.expiry":         "scadenza",
	"due_code.expired":        "permanenza scaduta",

	"policy.month":          "1 mese",
	"policy.day":            "1 giorno",
	"policy.days":           "%d giorni",
	"policy.months":         "%d mesi",
	"policy.renewals.once":  "una sola volta",
	"policy.renewals.times": "al massimo %d volte",

	"policy.explain.fixed":               "%[1]s: permanenza di %[2]s al massimo dalla data di ingresso, non rinnovabile.",
	"policy.explain.renewable":           "%[1]s: permanenza di %[2]s dalla data di ingresso, rinnovabile %[3]s per %[4]s, fino a %[5]s in tutto.",
	"policy.explain.open_ended":          "%[1]s: permanenza senza scadenza prefissata, fino a un evento di uscita: %[2]s.",
	"policy.explain.reason_required":     "Ogni rinnovo richiede una motivazione comprovata e registrata, tra: %s.",
	"policy.explain.reason_optional":     "Un rinnovo può registrare una motivazione, tra: %s.",
	"policy.explain.review":              "Verifica della permanenza ogni %s.",
	"policy.explain.review_mandatory":    "Verifica obbligatoria della permanenza ogni %s.",
	"policy.explain.warning":             "Preavviso %s prima della scadenza, per programmare l'uscita.",
	"policy.explain.end_rule":            "I mesi si contano dalla data di ingresso e la permanenza termina nello stesso giorno del mese, o nell'ultimo giorno se il mese è più corto (12 mesi dal 29 febbraio 2024 terminano il 28 febbraio 2025).",
	"policy.assumption.programme_choice": "Scelta del progetto: %s",
	"policy.assumption.placeholder":      "Da confermare da parte dell'ufficio: %s",

	"due.review_due":        "Verifica della permanenza prevista oggi, %s.",
	"due.review_overdue":    "La verifica prevista il %s non risulta svolta: in ritardo di %s.",
	"due.reviews_overdue":   "%[1]d verifiche non risultano svolte, la prima prevista il %[2]s (in ritardo di %[3]s).",
	"due.warning":           "La permanenza termina il %s, tra %s: programmare l'uscita.",
	"due.warning_renewable": "La permanenza termina il %s, tra %s: programmare l'uscita o valutare il rinnovo.",
	"due.expiry":            "La permanenza termina oggi, %s: registrare l'uscita.",
	"due.expired":           "La permanenza è scaduta il %s, %s fa, e l'uscita non è registrata.",

	"action.start":     "avviata",
	"action.renew":     "rinnovata",
	"action.review":    "verificata",
	"action.end":       "conclusa",
	"action.end_again": "conclusa una seconda volta",
	"action.cancel":    "annullata",

	"event.proposal": "la proposta",
	"event.start":    "l'ingresso",
	"event.renewal":  "il rinnovo",
	"event.review":   "la verifica",
	"event.exit":     "l'uscita",
	"event.cancel":   "l'annullamento",

	"tenancy.no_end":                  "nessun termine",
	"tenancy.already_proposed":        "la permanenza è già stata proposta (stato: %s)",
	"tenancy.not_proposed":            "la permanenza non è stata proposta: non può essere %s",
	"tenancy.already_started":         "la permanenza è già iniziata il %s",
	"tenancy.not_started":             "la permanenza non è ancora iniziata: non può essere %s",
	"tenancy.ended":                   "la permanenza è terminata il %[1]s (%[2]s): non può essere %[3]s",
	"tenancy.cancelled":               "la proposta è stata annullata: non può essere %s",
	"tenancy.cancel_started":          "la permanenza è iniziata il %s: non si annulla, si conclude registrando l'uscita",
	"tenancy.before_referral":         "%[1]s in data %[2]s è precedente alla segnalazione del %[3]s",
	"tenancy.end_before_start":        "l'uscita in data %[1]s è precedente all'ingresso del %[2]s",
	"tenancy.date_order":              "%[1]s in data %[2]s è precedente all'ultimo passaggio registrato (%[3]s, %[4]s)",
	"tenancy.date_required":           "%s richiede una data",
	"tenancy.unit_mismatch":           "la permanenza riguarda l'alloggio %[1]s, non %[2]s",
	"tenancy.unit_unavailable":        "l'alloggio %[1]s è disponibile dal %[2]s (fino a: %[3]s): una permanenza dal %[4]s (fine: %[5]s) non vi rientra",
	"tenancy.renewal_after_end":       "il rinnovo in data %[1]s è successivo alla scadenza del %[2]s: la permanenza è già scaduta",
	"tenancy.policy_mismatch":         "la permanenza segue la politica %[1]s, non %[2]s",
	"tenancy.not_renewable":           "la politica «%[1]s» (%[2]s) non prevede rinnovi",
	"tenancy.renewal_limit":           "nessun rinnovo disponibile: la politica «%[1]s» ne consente %[2]d in tutto e %[3]d risultano già registrati",
	"tenancy.renewal_reason_required": "la politica «%[1]s» richiede per il rinnovo una motivazione comprovata, tra: %[2]s",
	"tenancy.renewal_reason_unknown":  "la motivazione %[1]q non è tra quelle ammesse dalla politica «%[2]s»: %[3]s",
	"tenancy.renewal_too_long":        "un rinnovo di %[1]d mesi supera il massimo consentito dalla politica «%[2]s», %[3]d mesi",
	"tenancy.renewal_date":            "il rinnovo richiede una data",
	"tenancy.renewal_months":          "%d mesi: un rinnovo non può avere mesi negativi",
}

var tenancyEN = map[string]string{
	"policy_kind.fixed":      "fixed term",
	"policy_kind.renewable":  "renewable term",
	"policy_kind.open_ended": "until an exit event",

	"assumption_mark.programme_choice": "programme choice",
	"assumption_mark.placeholder":      "placeholder to be confirmed",

	"tenancy_status.proposed":  "proposed",
	"tenancy_status.active":    "active",
	"tenancy_status.renewed":   "renewed",
	"tenancy_status.ended":     "ended",
	"tenancy_status.cancelled": "cancelled",

	"exit.public_housing":  "public housing (ERP) assignment",
	"exit.private_lease":   "private-market lease",
	"exit.other_programme": "another programme or service",
	"exit.family":          "return to family",
	"exit.drop_out":        "drop-out",
	"exit.removal":         "removal from the programme",
	"exit.death":           "death",
	"exit.other":           "other exit",

	"due_code.review_due":     "review due",
	"due_code.review_overdue": "review overdue",
	"due_code.warning":        "end-of-stay warning",
	"due_code.expiry":         "end of stay",
	"due_code.expired":        "stay expired",

	"policy.month":          "1 month",
	"policy.day":            "1 day",
	"policy.days":           "%d days",
	"policy.months":         "%d months",
	"policy.renewals.once":  "once",
	"policy.renewals.times": "at most %d times",

	"policy.explain.fixed":               "%[1]s: a stay of at most %[2]s from the start date; it cannot be renewed.",
	"policy.explain.renewable":           "%[1]s: a stay of %[2]s from the start date, renewable %[3]s for %[4]s, up to %[5]s in all.",
	"policy.explain.open_ended":          "%[1]s: a stay with no fixed end, lasting until an exit event: %[2]s.",
	"policy.explain.reason_required":     "Each renewal needs a proven, recorded reason from this list: %s.",
	"policy.explain.reason_optional":     "A renewal may record a reason from this list: %s.",
	"policy.explain.review":              "The stay is reviewed every %s.",
	"policy.explain.review_mandatory":    "A review of the stay is mandatory every %s.",
	"policy.explain.warning":             "A warning %s before the end, so that the exit is planned.",
	"policy.explain.end_rule":            "Months are counted from the start date and the stay ends on the same day of the month, or on the month's last day when it is shorter (12 months from 29 February 2024 end on 28 February 2025).",
	"policy.assumption.programme_choice": "Programme choice: %s",
	"policy.assumption.placeholder":      "To be confirmed by the office: %s",

	"due.review_due":        "A review of the stay is due today, %s.",
	"due.review_overdue":    "The review due on %s has not been held: %s overdue.",
	"due.reviews_overdue":   "%[1]d reviews have not been held, the first due on %[2]s (%[3]s overdue).",
	"due.warning":           "The stay ends on %s, in %s: plan the exit.",
	"due.warning_renewable": "The stay ends on %s, in %s: plan the exit or consider a renewal.",
	"due.expiry":            "The stay ends today, %s: record the exit.",
	"due.expired":           "The stay expired on %s, %s ago, and no exit is recorded.",

	"action.start":     "started",
	"action.renew":     "renewed",
	"action.review":    "reviewed",
	"action.end":       "ended",
	"action.end_again": "ended a second time",
	"action.cancel":    "cancelled",

	"event.proposal": "the proposal",
	"event.start":    "the start",
	"event.renewal":  "the renewal",
	"event.review":   "the review",
	"event.exit":     "the exit",
	"event.cancel":   "the cancellation",

	"tenancy.no_end":                  "no end",
	"tenancy.already_proposed":        "the stay was already proposed (status: %s)",
	"tenancy.not_proposed":            "the stay has not been proposed: it cannot be %s",
	"tenancy.already_started":         "the stay already started on %s",
	"tenancy.not_started":             "the stay has not started: it cannot be %s",
	"tenancy.ended":                   "the stay ended on %[1]s (%[2]s): it cannot be %[3]s",
	"tenancy.cancelled":               "the proposal was cancelled: it cannot be %s",
	"tenancy.cancel_started":          "the stay started on %s: it is not cancelled but ended with an exit",
	"tenancy.before_referral":         "%[1]s on %[2]s is before the referral on %[3]s",
	"tenancy.end_before_start":        "the exit on %[1]s is before the start on %[2]s",
	"tenancy.date_order":              "%[1]s on %[2]s is before the last recorded step (%[3]s, %[4]s)",
	"tenancy.date_required":           "%s needs a date",
	"tenancy.unit_mismatch":           "the stay is in unit %[1]s, not %[2]s",
	"tenancy.unit_unavailable":        "unit %[1]s is available from %[2]s (until: %[3]s): a stay from %[4]s (end: %[5]s) does not fit",
	"tenancy.renewal_after_end":       "the renewal on %[1]s comes after the planned end on %[2]s: the stay has already expired",
	"tenancy.policy_mismatch":         "the stay follows the policy %[1]s, not %[2]s",
	"tenancy.not_renewable":           "the policy “%[1]s” (%[2]s) allows no renewal",
	"tenancy.renewal_limit":           "no renewal left: the policy “%[1]s” allows %[2]d in all and %[3]d are already recorded",
	"tenancy.renewal_reason_required": "the policy “%[1]s” requires a proven reason for a renewal, one of: %[2]s",
	"tenancy.renewal_reason_unknown":  "the reason %[1]q is not one the policy “%[2]s” allows: %[3]s",
	"tenancy.renewal_too_long":        "a renewal of %[1]d months is longer than the policy “%[2]s” allows, %[3]d months",
	"tenancy.renewal_date":            "a renewal needs a date",
	"tenancy.renewal_months":          "%d months: a renewal cannot have negative months",
}

// Label returns the name of m in lang.
func (m AssumptionMark) Label(lang language.Tag) string { return label(lang, "assumption_mark", m) }

// Label returns the name of c in lang.
func (c DueCode) Label(lang language.Tag) string { return label(lang, "due_code", c) }
