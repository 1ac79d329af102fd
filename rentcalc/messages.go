package rentcalc

import "github.com/housingkit/housingkit/housing"

// Messages is the catalogue of the package's texts in Italian and English,
// keyed by the reason and part codes that results carry (Code fields), so a
// vendor can render a code in either language.
var Messages = housing.MustCatalog(messagesIT, messagesEN)

var messagesIT = map[string]string{
	// Equivalence scales.
	"scale.isee.members":                     "componenti: %d, parametro %s",
	"scale.isee.further_members":             "componenti oltre il quinto × %d: +%s",
	"scale.isee.children":                    "figli: %d, +%s",
	"scale.isee.working_parents":             "figli minorenni e genitori che hanno lavorato (o genitore solo): +%s",
	"scale.isee.working_parents_young_child": "figli minorenni, di cui uno sotto i %d anni, e genitori che hanno lavorato (o genitore solo): +%s",
	"scale.isee.disability":                  "componenti con disabilità × %d: +%s",
	"scale.oecd.first":                       "primo componente: %s",
	"scale.oecd.other":                       "altri componenti di almeno %d anni × %d: +%s",
	"scale.oecd.child":                       "bambini sotto i %d anni × %d: +%s",
	"scale.adi.base":                         "primo componente: %s",
	"scale.adi.disabled":                     "altri componenti con disabilità × %d: +%s",
	"scale.adi.aged":                         "altri componenti di almeno %d anni × %d: +%s",
	"scale.adi.hardship":                     "altri adulti in grave disagio certificato × %d: +%s",
	"scale.adi.minor":                        "minorenni fino al secondo × %d: +%s",
	"scale.adi.further_minor":                "minorenni oltre il secondo × %d: +%s",
	"scale.adi.care":                         "un adulto con carichi di cura: +%s",
	"scale.adi.cap":                          "scala limitata al massimo di %s: %s",
	"scale.adi.cap_severe":                   "scala limitata al massimo di %s (disabilità grave): %s",
	// ISEE estimate.
	"isee.deduction.employment": "redditi da lavoro dipendente %s: detratto il %s, %s (massimo %s)",
	"isee.deduction.pension":    "redditi da pensione %s: detratto il %s, %s (massimo %s)",
	"isee.deduction.rent":       "canone annuo %s: detratti %s (massimo %s)",
	"isee.estimate":             "stima (non il calcolo INPS): ISR %s + %s × ISP %s = ISE %s; ISE ÷ scala %s = ISEE %s",
}

var messagesEN = map[string]string{
	"scale.isee.members":                     "members: %d, parameter %s",
	"scale.isee.further_members":             "members beyond the fifth × %d: +%s",
	"scale.isee.children":                    "children: %d, +%s",
	"scale.isee.working_parents":             "minor children and parents who worked (or a lone parent): +%s",
	"scale.isee.working_parents_young_child": "minor children, one under %d, and parents who worked (or a lone parent): +%s",
	"scale.isee.disability":                  "members with a disability × %d: +%s",
	"scale.oecd.first":                       "first member: %s",
	"scale.oecd.other":                       "other members aged %d or over × %d: +%s",
	"scale.oecd.child":                       "children under %d × %d: +%s",
	"scale.adi.base":                         "first member: %s",
	"scale.adi.disabled":                     "other members with a disability × %d: +%s",
	"scale.adi.aged":                         "other members aged %d or over × %d: +%s",
	"scale.adi.hardship":                     "other adults in certified severe hardship × %d: +%s",
	"scale.adi.minor":                        "minors up to the second × %d: +%s",
	"scale.adi.further_minor":                "minors after the second × %d: +%s",
	"scale.adi.care":                         "an adult with care duties: +%s",
	"scale.adi.cap":                          "scale capped at %s: %s",
	"scale.adi.cap_severe":                   "scale capped at %s (severe disability): %s",
	// ISEE estimate.
	"isee.deduction.employment": "employment income %s: %s deducted, %s (at most %s)",
	"isee.deduction.pension":    "pension income %s: %s deducted, %s (at most %s)",
	"isee.deduction.rent":       "annual rent %s: %s deducted (at most %s)",
	"isee.estimate":             "estimate (not the INPS computation): ISR %s + %s × ISP %s = ISE %s; ISE ÷ scale %s = ISEE %s",
}
