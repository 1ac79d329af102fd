package matching

import (
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// Messages is the catalogue of the matching package's texts in Italian and
// English: the violations of the built-in constraints (keyed by their Key),
// the labels of constraint codes ("code.<code>"), the reasons of unmatched
// households ("reason.<code>") and the words of the text report.
var Messages = housing.MustCatalog(messagesIT, messagesEN)

// money is an amount of euros that each language writes its own way.
type money struct{ d decimal.Decimal }

// localize turns arguments that each language writes differently into
// text: amounts of money, decimals (a comma in Italian) and Texts.
func localize(lang language.Tag, args []any) []any {
	it := isItalian(lang)
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case money:
			out[i] = housing.FormatMoney(lang, v.d)
		case decimal.Decimal:
			s := v.String()
			if it {
				s = strings.Replace(s, ".", ",", 1)
			}
			out[i] = s
		case housing.Text:
			out[i] = v.In(lang)
		default:
			out[i] = a
		}
	}
	return out
}

func isItalian(lang language.Tag) bool {
	base, _ := lang.Base()
	return base.String() == "it"
}

// sprintf formats key in lang, localizing the arguments.
func sprintf(lang language.Tag, key string, args ...any) string {
	return Messages.Sprintf(lang, key, localize(lang, args)...)
}

// text formats key in both languages.
func text(key string, args ...any) housing.Text {
	return housing.Text{IT: sprintf(housing.Italian, key, args...), EN: sprintf(housing.English, key, args...)}
}

// CodeLabel returns the label of a constraint code in lang (the code itself
// when the catalogue has none, as for a caller's own constraints).
func CodeLabel(lang language.Tag, code string) string {
	if !Messages.Has("code." + code) {
		return code
	}
	return Messages.Sprintf(lang, "code."+code)
}

// countUnits writes "1 unit", "3 units" in lang.
func countUnits(n int) housing.Text {
	if n == 1 {
		return text("units.one")
	}
	return text("units.other", n)
}

var messagesIT = map[string]string{
	"constraint.beds":            "l'alloggio ha %d posti letto per %d componenti",
	"constraint.area":            "superficie di %v m², sotto il minimo di %v m² per %d persone",
	"constraint.step_free":       "il nucleo ha bisogno di un alloggio senza barriere architettoniche",
	"constraint.women_only":      "accoglienza riservata alle donne: %d adulti del nucleo non sono donne",
	"constraint.no_minors":       "accoglienza senza minori: il nucleo ha %d minori",
	"constraint.age_min":         "un adulto del nucleo ha %d anni, sotto l'età minima di %d",
	"constraint.age_max":         "un adulto del nucleo ha %d anni, oltre l'età massima di %d",
	"constraint.household_size":  "il nucleo ha %d componenti, oltre il massimo di %d",
	"constraint.programme":       "l'alloggio appartiene al progetto %s, per il quale il nucleo non è idoneo",
	"constraint.rent":            "canone di %s più spese di %s non sostenibile per il nucleo: canone massimo sostenibile %s",
	"constraint.rent_unknown":    "sostenibilità del canone non valutabile: %s",
	"constraint.location":        "l'alloggio si trova in %s, fuori dalle zone accettate dal nucleo",
	"constraint.available_from":  "l'alloggio è disponibile solo dal %s",
	"constraint.available_until": "l'alloggio non è più disponibile dopo il %s",
	"constraint.sharing":         "la struttura ha spazi condivisi e il nucleo non accetta la condivisione",
	"constraint.declined":        "il nucleo ha già rifiutato questo alloggio",

	"cohousing.minors_single": "il nucleo %s, con minori, non può condividere gli spazi con %s, adulto solo",
	"cohousing.victim":        "il nucleo %s, con una persona vittima di violenza, non può condividere gli spazi con %s, che comprende un uomo adulto",

	"code.beds":           "posti letto",
	"code.area":           "superficie",
	"code.step_free":      "accessibilità",
	"code.women_only":     "accoglienza per donne",
	"code.no_minors":      "senza minori",
	"code.age":            "età",
	"code.household_size": "numero di componenti",
	"code.programme":      "progetto",
	"code.rent":           "sostenibilità del canone",
	"code.location":       "zona",
	"code.availability":   "disponibilità",
	"code.sharing":        "spazi condivisi",
	"code.cohousing":      "convivenza",
	"code.declined":       "già rifiutato",

	"list.more":   "%s e altri %d",
	"units.one":   "1 alloggio",
	"units.other": "%d alloggi",
	"exclusion":   "%s: %s",

	"reason.no_feasible_unit":   "nessun alloggio idoneo su %s (%s)",
	"reason.no_units":           "nessun alloggio in offerta",
	"reason.declined_before":    "ha già rifiutato alloggi che sarebbero idonei: %s",
	"reason.outranked":          "alloggi idonei: %d, proposti a nuclei con precedenza in graduatoria (%s)",
	"reason.outranked_lottery":  "alloggi idonei: %d, proposti a nuclei estratti prima (%s)",
	"reason.outranked_landlord": "alloggi idonei: %d, proposti a nuclei preferiti dal locatore (%s)",
	"reason.assigned_elsewhere": "alloggi idonei: %d, proposti ad altri nuclei nell'abbinamento di punteggio complessivo massimo (%s)",
	"reason.incompatible":       "alloggi idonei: %d, esclusi per incompatibilità di convivenza con %s: %s",
	"reason.left_out":           "alloggi idonei: %d, rimasti liberi (soluzione euristica)",

	"report.title":      "Abbinamento del %s — meccanismo: %s",
	"report.seed":       "Seme del sorteggio: %s (generatore %s)",
	"report.order":      "Ordine: %s",
	"report.proposals":  "Proposte: %d nuclei su %d (alloggi offerti: %d)",
	"report.proposal":   "%s → %s: punteggio %d (%s)",
	"report.preference": "scelta n. %d del nucleo",
	"report.unmatched":  "Senza proposta: %d",
	"report.total":      "Punteggio complessivo: %d",
	"report.method":     "Metodo: %s",

	"mechanism.optimal":             "ottimo (punteggio complessivo massimo)",
	"mechanism.priority":            "graduatoria (dittatura seriale)",
	"mechanism.lottery":             "sorteggio (dittatura seriale casuale)",
	"mechanism.deferred-acceptance": "accettazione differita",
	"mechanism.capacitated":         "posti letto per struttura (ottimo con capacità)",

	"method.exact":            "esatto",
	"method.exact-scan-order": "esatto, pareggi secondo l'ordine di scansione del risolutore",
	"method.exact-flow":       "esatto (flusso di costo minimo)",
	"method.branch-and-bound": "esatto (branch and bound)",
	"method.heuristic-proven": "euristico, ottimo dimostrato dal limite inferiore",
	"method.heuristic":        "euristico, ottimo non dimostrato",

	"scorer.priority":    "priorità",
	"scorer.waiting":     "attesa",
	"scorer.preference":  "preferenza",
	"scorer.sub_area":    "zona",
	"scorer.rent_burden": "incidenza del canone",
	"scorer.fit":         "adeguatezza",
}

var messagesEN = map[string]string{
	"constraint.beds":            "the unit has %d beds for %d members",
	"constraint.area":            "floor area %v m², below the minimum of %v m² for %d persons",
	"constraint.step_free":       "the household needs a unit without architectural barriers",
	"constraint.women_only":      "women only: %d adult members of the household are not women",
	"constraint.no_minors":       "no minors: the household has %d minors",
	"constraint.age_min":         "an adult member is %d years old, below the minimum age of %d",
	"constraint.age_max":         "an adult member is %d years old, above the maximum age of %d",
	"constraint.household_size":  "the household has %d members, more than the maximum of %d",
	"constraint.programme":       "the unit belongs to programme %s, for which the household is not eligible",
	"constraint.rent":            "rent of %s plus charges of %s is not sustainable for the household: the highest sustainable rent is %s",
	"constraint.rent_unknown":    "rent sustainability cannot be assessed: %s",
	"constraint.location":        "the unit is in %s, outside the areas the household accepts",
	"constraint.available_from":  "the unit is available only from %s",
	"constraint.available_until": "the unit is no longer available after %s",
	"constraint.sharing":         "the facility has shared spaces and the household does not accept sharing",
	"constraint.declined":        "the household declined this unit before",

	"cohousing.minors_single": "household %s, with minors, may not share spaces with %s, a single adult",
	"cohousing.victim":        "household %s, with a victim of violence, may not share spaces with %s, which includes an adult man",

	"code.beds":           "beds",
	"code.area":           "floor area",
	"code.step_free":      "step-free access",
	"code.women_only":     "women only",
	"code.no_minors":      "no minors",
	"code.age":            "age",
	"code.household_size": "household size",
	"code.programme":      "programme",
	"code.rent":           "rent sustainability",
	"code.location":       "area",
	"code.availability":   "availability",
	"code.sharing":        "shared spaces",
	"code.cohousing":      "co-housing",
	"code.declined":       "declined before",

	"list.more":   "%s and %d more",
	"units.one":   "1 unit",
	"units.other": "%d units",
	"exclusion":   "%s: %s",

	"reason.no_feasible_unit":   "no feasible unit among %s (%s)",
	"reason.no_units":           "no unit on offer",
	"reason.declined_before":    "declined before units that would be feasible: %s",
	"reason.outranked":          "feasible units: %d, proposed to households ranked higher (%s)",
	"reason.outranked_lottery":  "feasible units: %d, proposed to households drawn earlier (%s)",
	"reason.outranked_landlord": "feasible units: %d, proposed to households the landlord prefers (%s)",
	"reason.assigned_elsewhere": "feasible units: %d, proposed to other households in the assignment of greatest total score (%s)",
	"reason.incompatible":       "feasible units: %d, excluded as incompatible to live with %s: %s",
	"reason.left_out":           "feasible units: %d, left free (heuristic solution)",

	"report.title":      "Matching of %s — mechanism: %s",
	"report.seed":       "Lottery seed: %s (generator %s)",
	"report.order":      "Order: %s",
	"report.proposals":  "Proposals: %d of %d households (units offered: %d)",
	"report.proposal":   "%s → %s: score %d (%s)",
	"report.preference": "the household's choice no. %d",
	"report.unmatched":  "Without a proposal: %d",
	"report.total":      "Total score: %d",
	"report.method":     "Method: %s",

	"mechanism.optimal":             "optimal (greatest total score)",
	"mechanism.priority":            "ranked list (serial dictatorship)",
	"mechanism.lottery":             "lottery (random serial dictatorship)",
	"mechanism.deferred-acceptance": "deferred acceptance",
	"mechanism.capacitated":         "beds per facility (capacitated optimum)",

	"method.exact":            "exact",
	"method.exact-scan-order": "exact, ties by the solver's scan order",
	"method.exact-flow":       "exact (minimum-cost flow)",
	"method.branch-and-bound": "exact (branch and bound)",
	"method.heuristic-proven": "heuristic, proven optimal by its lower bound",
	"method.heuristic":        "heuristic, not proven optimal",

	"scorer.priority":    "priority",
	"scorer.waiting":     "waiting",
	"scorer.preference":  "preference",
	"scorer.sub_area":    "area",
	"scorer.rent_burden": "rent burden",
	"scorer.fit":         "fit",
}
