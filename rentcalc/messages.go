package rentcalc

import "github.com/housingkit/housingkit/housing"

// Messages is the catalogue of the package's texts in Italian and English,
// keyed by the reason and part codes that results carry (Code fields), so a
// vendor can render a code in either language.
var Messages = housing.MustCatalog(messagesIT, messagesEN)

var messagesIT = map[string]string{
	// Equivalence scales.
	"scale.isee.members":                     "nucleo di %d componenti: parametro %s",
	"scale.isee.further_members":             "%d componenti oltre il quinto: +%s",
	"scale.isee.children":                    "%d figli: +%s",
	"scale.isee.working_parents":             "figli minorenni e genitori che hanno lavorato (o genitore solo): +%s",
	"scale.isee.working_parents_young_child": "figli minorenni, di cui uno sotto i %d anni, e genitori che hanno lavorato (o genitore solo): +%s",
	"scale.isee.disability":                  "%d componenti con disabilità: +%s",
	"scale.oecd.first":                       "primo componente: %s",
	"scale.oecd.other":                       "%d altri componenti di almeno %d anni: +%s",
	"scale.oecd.child":                       "%d bambini sotto i %d anni: +%s",
	"scale.adi.base":                         "primo componente: %s",
	"scale.adi.disabled":                     "%d altri componenti con disabilità: +%s",
	"scale.adi.aged":                         "%d altri componenti di almeno %d anni: +%s",
	"scale.adi.hardship":                     "%d altri adulti in grave disagio certificato: +%s",
	"scale.adi.minor":                        "%d minorenni (fino al secondo): +%s",
	"scale.adi.further_minor":                "%d minorenni oltre il secondo: +%s",
	"scale.adi.care":                         "un adulto con carichi di cura: +%s",
	"scale.adi.cap":                          "scala limitata al massimo di %s: %s",
	"scale.adi.cap_severe":                   "scala limitata al massimo di %s (disabilità grave): %s",
}

var messagesEN = map[string]string{
	"scale.isee.members":                     "household of %d members: parameter %s",
	"scale.isee.further_members":             "%d members beyond the fifth: +%s",
	"scale.isee.children":                    "%d children: +%s",
	"scale.isee.working_parents":             "minor children and parents who worked (or a lone parent): +%s",
	"scale.isee.working_parents_young_child": "minor children, one under %d, and parents who worked (or a lone parent): +%s",
	"scale.isee.disability":                  "%d members with a disability: +%s",
	"scale.oecd.first":                       "first member: %s",
	"scale.oecd.other":                       "%d other members aged %d or over: +%s",
	"scale.oecd.child":                       "%d children under %d: +%s",
	"scale.adi.base":                         "first member: %s",
	"scale.adi.disabled":                     "%d other members with a disability: +%s",
	"scale.adi.aged":                         "%d other members aged %d or over: +%s",
	"scale.adi.hardship":                     "%d other adults in certified severe hardship: +%s",
	"scale.adi.minor":                        "%d minors (up to the second): +%s",
	"scale.adi.further_minor":                "%d minors after the second: +%s",
	"scale.adi.care":                         "an adult with care duties: +%s",
	"scale.adi.cap":                          "scale capped at %s: %s",
	"scale.adi.cap_severe":                   "scale capped at %s (severe disability): %s",
}
