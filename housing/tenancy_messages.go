package housing

import (
	"github.com/housingkit/housingkit/internal/text"
	"golang.org/x/text/language"
)

// tenancyTexts holds the texts of duration policies and tenancies: the
// labels of their enumerations, the sentences of policy explanations and of
// due items, and the messages of tenancy errors (keyed by the error's Key).
var tenancyTexts = text.Entries{
	"policy_kind.fixed":      {IT: "termine fisso", EN: "fixed term"},
	"policy_kind.renewable":  {IT: "termine rinnovabile", EN: "renewable term"},
	"policy_kind.open_ended": {IT: "fino all'evento di uscita", EN: "until an exit event"},

	"assumption_mark.programme_choice": {IT: "scelta del progetto", EN: "programme choice"},
	"assumption_mark.placeholder":      {IT: "segnaposto da confermare", EN: "placeholder to be confirmed"},

	"tenancy_status.proposed":  {IT: "proposta", EN: "proposed"},
	"tenancy_status.active":    {IT: "in corso", EN: "active"},
	"tenancy_status.renewed":   {IT: "rinnovata", EN: "renewed"},
	"tenancy_status.ended":     {IT: "conclusa", EN: "ended"},
	"tenancy_status.cancelled": {IT: "annullata", EN: "cancelled"},

	"exit.public_housing":  {IT: "assegnazione di un alloggio ERP", EN: "public housing (ERP) assignment"},
	"exit.private_lease":   {IT: "locazione sul mercato privato", EN: "private-market lease"},
	"exit.other_programme": {IT: "passaggio ad altro progetto o servizio", EN: "another programme or service"},
	"exit.family":          {IT: "rientro in famiglia", EN: "return to family"},
	"exit.drop_out":        {IT: "abbandono del percorso", EN: "drop-out"},
	"exit.removal":         {IT: "dimissione o allontanamento dal progetto", EN: "removal from the programme"},
	"exit.death":           {IT: "decesso", EN: "death"},
	"exit.other":           {IT: "altra uscita", EN: "other exit"},

	"due_code.review_due":     {IT: "verifica in scadenza", EN: "review due"},
	"due_code.review_overdue": {IT: "verifica scaduta", EN: "review overdue"},
	"due_code.warning":        {IT: "preavviso di scadenza", EN: "end-of-stay warning"},
	"due_code.expiry":         {IT: "scadenza", EN: "end of stay"},
	"due_code.expired":        {IT: "permanenza scaduta", EN: "stay expired"},

	"policy.days":           {IT: "%d {giorno|giorni}", EN: "%d {day|days}"},
	"policy.months":         {IT: "%d {mese|mesi}", EN: "%d {month|months}"},
	"policy.renewals.once":  {IT: "una sola volta", EN: "once"},
	"policy.renewals.times": {IT: "al massimo %d volte", EN: "at most %d times"},

	"policy.explain.fixed":               {IT: "%[1]s: permanenza di %[2]s al massimo dalla data di ingresso, non rinnovabile.", EN: "%[1]s: a stay of at most %[2]s from the start date; it cannot be renewed."},
	"policy.explain.renewable":           {IT: "%[1]s: permanenza di %[2]s dalla data di ingresso, rinnovabile %[3]s per %[4]s, fino a %[5]s in tutto.", EN: "%[1]s: a stay of %[2]s from the start date, renewable %[3]s for %[4]s, up to %[5]s in all."},
	"policy.explain.open_ended":          {IT: "%[1]s: permanenza senza scadenza prefissata, fino a un evento di uscita: %[2]s.", EN: "%[1]s: a stay with no fixed end, lasting until an exit event: %[2]s."},
	"policy.explain.reason_required":     {IT: "Ogni rinnovo richiede una motivazione comprovata e registrata, tra: %s.", EN: "Each renewal needs a proven, recorded reason from this list: %s."},
	"policy.explain.reason_optional":     {IT: "Un rinnovo può registrare una motivazione, tra: %s.", EN: "A renewal may record a reason from this list: %s."},
	"policy.explain.review":              {IT: "Verifica della permanenza ogni %s.", EN: "The stay is reviewed every %s."},
	"policy.explain.review_mandatory":    {IT: "Verifica obbligatoria della permanenza ogni %s.", EN: "A review of the stay is mandatory every %s."},
	"policy.explain.warning":             {IT: "Preavviso %s prima della scadenza, per programmare l'uscita.", EN: "A warning %s before the end, so that the exit is planned."},
	"policy.explain.end_rule":            {IT: "I mesi si contano dalla data di ingresso e la permanenza termina nello stesso giorno del mese, o nell'ultimo giorno se il mese è più corto (12 mesi dal 29 febbraio 2024 terminano il 28 febbraio 2025).", EN: "Months are counted from the start date and the stay ends on the same day of the month, or on the month's last day when it is shorter (12 months from 29 February 2024 end on 28 February 2025)."},
	"policy.assumption.programme_choice": {IT: "Scelta del progetto: %s", EN: "Programme choice: %s"},
	"policy.assumption.placeholder":      {IT: "Da confermare da parte dell'ufficio: %s", EN: "To be confirmed by the office: %s"},

	"due.review_due":        {IT: "Verifica della permanenza prevista oggi, %s.", EN: "A review of the stay is due today, %s."},
	"due.review_overdue":    {IT: "La verifica prevista il %s non risulta svolta: in ritardo di %s.", EN: "The review due on %s has not been held: %s overdue."},
	"due.reviews_overdue":   {IT: "%[1]d verifiche non risultano svolte, la prima prevista il %[2]s (in ritardo di %[3]s).", EN: "%[1]d reviews have not been held, the first due on %[2]s (%[3]s overdue)."},
	"due.warning":           {IT: "La permanenza termina il %s, tra %s: programmare l'uscita.", EN: "The stay ends on %s, in %s: plan the exit."},
	"due.warning_renewable": {IT: "La permanenza termina il %s, tra %s: programmare l'uscita o valutare il rinnovo.", EN: "The stay ends on %s, in %s: plan the exit or consider a renewal."},
	"due.expiry":            {IT: "La permanenza termina oggi, %s: registrare l'uscita.", EN: "The stay ends today, %s: record the exit."},
	"due.expired":           {IT: "La permanenza è scaduta il %s, %s fa, e l'uscita non è registrata.", EN: "The stay expired on %s, %s ago, and no exit is recorded."},

	"action.start":     {IT: "avviata", EN: "started"},
	"action.renew":     {IT: "rinnovata", EN: "renewed"},
	"action.review":    {IT: "verificata", EN: "reviewed"},
	"action.end":       {IT: "conclusa", EN: "ended"},
	"action.end_again": {IT: "conclusa una seconda volta", EN: "ended a second time"},
	"action.cancel":    {IT: "annullata", EN: "cancelled"},

	"event.proposal": {IT: "la proposta", EN: "the proposal"},
	"event.start":    {IT: "l'ingresso", EN: "the start"},
	"event.renewal":  {IT: "il rinnovo", EN: "the renewal"},
	"event.review":   {IT: "la verifica", EN: "the review"},
	"event.exit":     {IT: "l'uscita", EN: "the exit"},
	"event.cancel":   {IT: "l'annullamento", EN: "the cancellation"},

	"tenancy.no_end":                  {IT: "nessun termine", EN: "no end"},
	"tenancy.already_proposed":        {IT: "la permanenza è già stata proposta (stato: %s)", EN: "the stay was already proposed (status: %s)"},
	"tenancy.not_proposed":            {IT: "la permanenza non è stata proposta: non può essere %s", EN: "the stay has not been proposed: it cannot be %s"},
	"tenancy.already_started":         {IT: "la permanenza è già iniziata il %s", EN: "the stay already started on %s"},
	"tenancy.not_started":             {IT: "la permanenza non è ancora iniziata: non può essere %s", EN: "the stay has not started: it cannot be %s"},
	"tenancy.ended":                   {IT: "la permanenza è terminata il %[1]s (%[2]s): non può essere %[3]s", EN: "the stay ended on %[1]s (%[2]s): it cannot be %[3]s"},
	"tenancy.cancelled":               {IT: "la proposta è stata annullata: non può essere %s", EN: "the proposal was cancelled: it cannot be %s"},
	"tenancy.cancel_started":          {IT: "la permanenza è iniziata il %s: non si annulla, si conclude registrando l'uscita", EN: "the stay started on %s: it is not cancelled but ended with an exit"},
	"tenancy.before_referral":         {IT: "%[1]s in data %[2]s è precedente alla segnalazione del %[3]s", EN: "%[1]s on %[2]s is before the referral on %[3]s"},
	"tenancy.end_before_start":        {IT: "l'uscita in data %[1]s è precedente all'ingresso del %[2]s", EN: "the exit on %[1]s is before the start on %[2]s"},
	"tenancy.date_order":              {IT: "%[1]s in data %[2]s è precedente all'ultimo passaggio registrato (%[3]s, %[4]s)", EN: "%[1]s on %[2]s is before the last recorded step (%[3]s, %[4]s)"},
	"tenancy.date_required":           {IT: "%s richiede una data", EN: "%s needs a date"},
	"tenancy.unit_mismatch":           {IT: "la permanenza riguarda l'alloggio %[1]s, non %[2]s", EN: "the stay is in unit %[1]s, not %[2]s"},
	"tenancy.unit_unavailable":        {IT: "l'alloggio %[1]s è disponibile dal %[2]s (fino a: %[3]s): una permanenza dal %[4]s (fine: %[5]s) non vi rientra", EN: "unit %[1]s is available from %[2]s (until: %[3]s): a stay from %[4]s (end: %[5]s) does not fit"},
	"tenancy.renewal_after_end":       {IT: "il rinnovo in data %[1]s è successivo alla scadenza del %[2]s: la permanenza è già scaduta", EN: "the renewal on %[1]s comes after the planned end on %[2]s: the stay has already expired"},
	"tenancy.policy_mismatch":         {IT: "la permanenza segue la politica %[1]s, non %[2]s", EN: "the stay follows the policy %[1]s, not %[2]s"},
	"tenancy.not_renewable":           {IT: "la politica «%[1]s» (%[2]s) non prevede rinnovi", EN: "the policy “%[1]s” (%[2]s) allows no renewal"},
	"tenancy.renewal_limit":           {IT: "nessun rinnovo disponibile: la politica «%[1]s» ne consente %[2]d in tutto e %[3]d {risulta già registrato|risultano già registrati}", EN: "no renewal left: the policy “%[1]s” allows %[2]d in all and %[3]d {is|are} already recorded"},
	"tenancy.renewal_reason_required": {IT: "la politica «%[1]s» richiede per il rinnovo una motivazione comprovata, tra: %[2]s", EN: "the policy “%[1]s” requires a proven reason for a renewal, one of: %[2]s"},
	"tenancy.renewal_reason_unknown":  {IT: "la motivazione %[1]q non è tra quelle ammesse dalla politica «%[2]s»: %[3]s", EN: "the reason %[1]q is not one the policy “%[2]s” allows: %[3]s"},
	"tenancy.renewal_too_long":        {IT: "un rinnovo di %[1]s supera il massimo consentito dalla politica «%[2]s», %[3]s", EN: "a renewal of %[1]s is longer than the policy “%[2]s” allows, %[3]s"},
	"tenancy.renewal_date":            {IT: "il rinnovo richiede una data", EN: "a renewal needs a date"},
	"tenancy.renewal_months":          {IT: "%s: un rinnovo non può avere mesi negativi", EN: "%s: a renewal cannot have negative months"},
}

// Label returns the name of m in lang.
func (m AssumptionMark) Label(lang language.Tag) string { return label(lang, "assumption_mark", m) }

// Label returns the name of c in lang.
func (c DueCode) Label(lang language.Tag) string { return label(lang, "due_code", c) }
