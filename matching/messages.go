package matching

import (
	"github.com/housingkit/housingkit/housing"
	txt "github.com/housingkit/housingkit/internal/text"
	"golang.org/x/text/language"
)

// messages is the catalogue of the matching package's texts, each in
// Italian and English side by side: the violations of the built-in
// constraints (keyed by their Key), the labels of constraint codes
// ("code.<code>"), the reasons of unmatched households ("reason.<code>")
// and the words of the text report. The text layer renders the arguments
// (amounts, decimals, Texts) in each language.
var messages = txt.Must(messageTexts)

// money is an amount of euros that each language writes its own way.
type money = txt.Money

// sprintf formats key in lang.
func sprintf(lang language.Tag, key string, args ...any) string {
	return messages.Format(lang, key, args...)
}

// text formats key in both languages.
func text(key string, args ...any) housing.Text {
	return housing.Text(messages.Both(key, args...))
}

// CodeLabel returns the label of a constraint code in lang (the code itself
// when the catalogue has none, as for a caller's own constraints).
func CodeLabel(lang language.Tag, code string) string {
	return messages.Label(lang, "code."+code, code)
}

// countUnits writes "1 unit", "3 units" in lang.
func countUnits(n int) housing.Text { return text("units", n) }

var messageTexts = txt.Entries{
	"constraint.beds":            {IT: "l'alloggio ha %d {posto letto|posti letto} per %d {componente|componenti}", EN: "the unit has %d {bed|beds} for %d {member|members}"},
	"constraint.area":            {IT: "superficie di %v m², sotto il minimo di %v m² per %d {persona|persone}", EN: "floor area %v m², below the minimum of %v m² for %d {person|persons}"},
	"constraint.step_free":       {IT: "il nucleo ha bisogno di un alloggio senza barriere architettoniche", EN: "the household needs a unit without architectural barriers"},
	"constraint.women_only":      {IT: "accoglienza riservata alle donne: %d {adulto del nucleo non è donna|adulti del nucleo non sono donne}", EN: "women only: %d {adult member of the household is not a woman|adult members of the household are not women}"},
	"constraint.no_minors":       {IT: "accoglienza senza minori: il nucleo ha %d {minore|minori}", EN: "no minors: the household has %d {minor|minors}"},
	"constraint.age_min":         {IT: "un adulto del nucleo ha %d anni, sotto l'età minima di %d", EN: "an adult member is %d years old, below the minimum age of %d"},
	"constraint.age_max":         {IT: "un adulto del nucleo ha %d anni, oltre l'età massima di %d", EN: "an adult member is %d years old, above the maximum age of %d"},
	"constraint.household_size":  {IT: "il nucleo ha %d {componente|componenti}, oltre il massimo di %d", EN: "the household has %d {member|members}, more than the maximum of %d"},
	"constraint.programme":       {IT: "l'alloggio appartiene al progetto %s, per il quale il nucleo non è idoneo", EN: "the unit belongs to programme %s, for which the household is not eligible"},
	"constraint.rent":            {IT: "canone di %s più spese di %s non sostenibile per il nucleo: canone massimo sostenibile %s", EN: "rent of %s plus charges of %s is not sustainable for the household: the highest sustainable rent is %s"},
	"constraint.rent_unknown":    {IT: "sostenibilità del canone non valutabile: %s", EN: "rent sustainability cannot be assessed: %s"},
	"constraint.location":        {IT: "l'alloggio si trova in %s, fuori dalle zone accettate dal nucleo", EN: "the unit is in %s, outside the areas the household accepts"},
	"constraint.available_from":  {IT: "l'alloggio è disponibile solo dal %s", EN: "the unit is available only from %s"},
	"constraint.available_until": {IT: "l'alloggio non è più disponibile dopo il %s", EN: "the unit is no longer available after %s"},
	"constraint.sharing":         {IT: "la struttura ha spazi condivisi e il nucleo non accetta la condivisione", EN: "the facility has shared spaces and the household does not accept sharing"},
	"constraint.declined":        {IT: "il nucleo ha già rifiutato questo alloggio", EN: "the household declined this unit before"},

	"cohousing.minors_single": {IT: "il nucleo %s, con minori, non può condividere gli spazi con %s, adulto solo", EN: "household %s, with minors, may not share spaces with %s, a single adult"},
	"room_taken":              {IT: "una delle stanze è già proposta al nucleo %s", EN: "one of the rooms is already proposed to household %s"},
	"cohousing.victim":        {IT: "il nucleo %s, con una persona vittima di violenza, non può condividere gli spazi con %s, che comprende un uomo adulto", EN: "household %s, with a victim of violence, may not share spaces with %s, which includes an adult man"},

	"code.beds":           {IT: "posti letto", EN: "beds"},
	"code.area":           {IT: "superficie", EN: "floor area"},
	"code.step_free":      {IT: "accessibilità", EN: "step-free access"},
	"code.women_only":     {IT: "accoglienza per donne", EN: "women only"},
	"code.no_minors":      {IT: "senza minori", EN: "no minors"},
	"code.age":            {IT: "età", EN: "age"},
	"code.household_size": {IT: "numero di componenti", EN: "household size"},
	"code.programme":      {IT: "progetto", EN: "programme"},
	"code.rent":           {IT: "sostenibilità del canone", EN: "rent sustainability"},
	"code.location":       {IT: "zona", EN: "area"},
	"code.availability":   {IT: "disponibilità", EN: "availability"},
	"code.sharing":        {IT: "spazi condivisi", EN: "shared spaces"},
	"code.cohousing":      {IT: "convivenza", EN: "co-housing"},
	"code.declined":       {IT: "già rifiutato", EN: "declined before"},

	"list.more": {IT: "%s e altri %d", EN: "%s and %d more"},

	"units": {IT: "%d {alloggio|alloggi}", EN: "%d {unit|units}"},

	"exclusion": {IT: "%s: %s", EN: "%s: %s"},

	"reason.no_feasible_unit":   {IT: "nessun alloggio idoneo su %s (%s)", EN: "no feasible unit among %s (%s)"},
	"reason.no_units":           {IT: "nessun alloggio in offerta", EN: "no unit on offer"},
	"reason.declined_before":    {IT: "ha già rifiutato alloggi che sarebbero idonei: %s", EN: "declined before units that would be feasible: %s"},
	"reason.outranked":          {IT: "alloggi idonei: %d, proposti a nuclei con precedenza in graduatoria (%s)", EN: "feasible units: %d, proposed to households ranked higher (%s)"},
	"reason.outranked_lottery":  {IT: "alloggi idonei: %d, proposti a nuclei estratti prima (%s)", EN: "feasible units: %d, proposed to households drawn earlier (%s)"},
	"reason.outranked_landlord": {IT: "alloggi idonei: %d, proposti a nuclei preferiti dal locatore (%s)", EN: "feasible units: %d, proposed to households the landlord prefers (%s)"},
	"reason.assigned_elsewhere": {IT: "alloggi idonei: %d, proposti ad altri nuclei nell'abbinamento di punteggio complessivo massimo (%s)", EN: "feasible units: %d, proposed to other households in the assignment of greatest total score (%s)"},
	"reason.incompatible":       {IT: "alloggi idonei: %d, esclusi per incompatibilità di convivenza con %s: %s", EN: "feasible units: %d, excluded as incompatible to live with %s: %s"},
	"reason.left_out":           {IT: "alloggi idonei: %d, rimasti liberi (soluzione euristica)", EN: "feasible units: %d, left free (heuristic solution)"},

	"report.title":      {IT: "Abbinamento del %s — meccanismo: %s", EN: "Matching of %s — mechanism: %s"},
	"report.seed":       {IT: "Seme del sorteggio: %s (generatore %s)", EN: "Lottery seed: %s (generator %s)"},
	"report.order":      {IT: "Ordine: %s", EN: "Order: %s"},
	"report.proposals":  {IT: "Proposte: %d {nucleo|nuclei} su %d (alloggi offerti: %d)", EN: "Proposals: %d of %d {household|households} (units offered: %d)"},
	"report.proposal":   {IT: "%s → %s: punteggio %d (%s)", EN: "%s → %s: score %d (%s)"},
	"report.preference": {IT: "scelta n. %d del nucleo", EN: "the household's choice no. %d"},
	"report.unmatched":  {IT: "Senza proposta: %d", EN: "Without a proposal: %d"},
	"report.total":      {IT: "Punteggio complessivo: %d", EN: "Total score: %d"},
	"report.method":     {IT: "Metodo: %s", EN: "Method: %s"},

	"mechanism.optimal":             {IT: "ottimo (punteggio complessivo massimo)", EN: "optimal (greatest total score)"},
	"mechanism.priority":            {IT: "graduatoria (dittatura seriale)", EN: "ranked list (serial dictatorship)"},
	"mechanism.lottery":             {IT: "sorteggio (dittatura seriale casuale)", EN: "lottery (random serial dictatorship)"},
	"mechanism.deferred-acceptance": {IT: "accettazione differita", EN: "deferred acceptance"},
	"mechanism.capacitated":         {IT: "posti letto per struttura (ottimo con capacità)", EN: "beds per facility (capacitated optimum)"},

	"method.exact":            {IT: "esatto", EN: "exact"},
	"method.exact-scan-order": {IT: "esatto, pareggi secondo l'ordine di scansione del risolutore", EN: "exact, ties by the solver's scan order"},
	"method.exact-flow":       {IT: "esatto (flusso di costo minimo)", EN: "exact (minimum-cost flow)"},
	"method.branch-and-bound": {IT: "esatto (branch and bound)", EN: "exact (branch and bound)"},
	"method.heuristic-proven": {IT: "euristico, ottimo dimostrato dal limite inferiore", EN: "heuristic, proven optimal by its lower bound"},
	"method.heuristic":        {IT: "euristico, ottimo non dimostrato", EN: "heuristic, not proven optimal"},

	"scorer.priority":    {IT: "priorità", EN: "priority"},
	"scorer.waiting":     {IT: "attesa", EN: "waiting"},
	"scorer.preference":  {IT: "preferenza", EN: "preference"},
	"scorer.sub_area":    {IT: "zona", EN: "area"},
	"scorer.rent_burden": {IT: "incidenza del canone", EN: "rent burden"},
	"scorer.fit":         {IT: "adeguatezza", EN: "fit"},
}
