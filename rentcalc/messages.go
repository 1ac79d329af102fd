package rentcalc

import txt "github.com/housingkit/housingkit/internal/text"

// messages is the catalogue of the package's texts, each in Italian and
// English side by side, keyed by the reason and part codes that results
// carry (Code fields) beside their texts.
var messages = txt.Must(messageTexts)

var messageTexts = txt.Entries{
	// Equivalence scales.
	"scale.isee.members":                     {IT: "componenti: %d, parametro %s", EN: "members: %d, parameter %s"},
	"scale.isee.further_members":             {IT: "componenti oltre il quinto × %d: +%s", EN: "members beyond the fifth × %d: +%s"},
	"scale.isee.children":                    {IT: "figli: %d, +%s", EN: "children: %d, +%s"},
	"scale.isee.working_parents":             {IT: "figli minorenni e genitori che hanno lavorato (o genitore solo): +%s", EN: "minor children and parents who worked (or a lone parent): +%s"},
	"scale.isee.working_parents_young_child": {IT: "figli minorenni, di cui uno sotto i %d anni, e genitori che hanno lavorato (o genitore solo): +%s", EN: "minor children, one under %d, and parents who worked (or a lone parent): +%s"},
	"scale.isee.disability":                  {IT: "componenti con disabilità × %d: +%s", EN: "members with a disability × %d: +%s"},
	"scale.oecd.first":                       {IT: "primo componente: %s", EN: "first member: %s"},
	"scale.oecd.other":                       {IT: "altri componenti di almeno %d anni × %d: +%s", EN: "other members aged %d or over × %d: +%s"},
	"scale.oecd.child":                       {IT: "bambini sotto i %d anni × %d: +%s", EN: "children under %d × %d: +%s"},
	"scale.adi.base":                         {IT: "primo componente: %s", EN: "first member: %s"},
	"scale.adi.disabled":                     {IT: "altri componenti con disabilità × %d: +%s", EN: "other members with a disability × %d: +%s"},
	"scale.adi.aged":                         {IT: "altri componenti di almeno %d anni × %d: +%s", EN: "other members aged %d or over × %d: +%s"},
	"scale.adi.hardship":                     {IT: "altri adulti in grave disagio certificato × %d: +%s", EN: "other adults in certified severe hardship × %d: +%s"},
	"scale.adi.minor":                        {IT: "minorenni fino al secondo × %d: +%s", EN: "minors up to the second × %d: +%s"},
	"scale.adi.further_minor":                {IT: "minorenni oltre il secondo × %d: +%s", EN: "minors after the second × %d: +%s"},
	"scale.adi.care":                         {IT: "un adulto con carichi di cura: +%s", EN: "an adult with care duties: +%s"},
	"scale.adi.cap":                          {IT: "scala limitata al massimo di %s: %s", EN: "scale capped at %s: %s"},
	"scale.adi.cap_severe":                   {IT: "scala limitata al massimo di %s (disabilità grave): %s", EN: "scale capped at %s (severe disability): %s"},

	// ISEE estimate.
	"isee.deduction.employment": {IT: "redditi da lavoro dipendente %s: detratto il %s, %s (massimo %s)", EN: "employment income %s: %s deducted, %s (at most %s)"},
	"isee.deduction.pension":    {IT: "redditi da pensione %s: detratto il %s, %s (massimo %s)", EN: "pension income %s: %s deducted, %s (at most %s)"},
	"isee.deduction.rent":       {IT: "canone annuo %s: detratti %s (massimo %s)", EN: "annual rent %s: %s deducted (at most %s)"},
	"isee.estimate":             {IT: "stima (non il calcolo INPS): ISR %s + %s × ISP %s = ISE %s; ISE ÷ scala %s = ISEE %s", EN: "estimate (not the INPS computation): ISR %s + %s × ISP %s = ISE %s; ISE ÷ scale %s = ISEE %s"},

	// Sustainability.
	"rent.costs.rent":                 {IT: "canone", EN: "rent"},
	"rent.costs.rent_and_charges":     {IT: "canone e spese", EN: "rent and charges"},
	"rent.incidence.within":           {IT: "%s di %s l'anno su un reddito di %s l'anno: incidenza %s, entro il massimo del %s", EN: "%s of %s a year on an income of %s a year: incidence %s, within the maximum of %s"},
	"rent.incidence.above":            {IT: "%s di %s l'anno su un reddito di %s l'anno: incidenza %s, oltre il massimo del %s", EN: "%s of %s a year on an income of %s a year: incidence %s, above the maximum of %s"},
	"rent.incidence.within.no_income": {IT: "reddito nullo e nessun costo (%s): entro il massimo del %s", EN: "no income and no costs (%s): within the maximum of %s"},
	"rent.incidence.above.no_income":  {IT: "reddito nullo: qualsiasi costo (%s) supera l'incidenza massima del %s", EN: "no income: any cost (%s) exceeds the maximum incidence of %s"},
	"rent.income_multiple.met":        {IT: "reddito annuo di %s, almeno %s volte %s (%s l'anno) = %s", EN: "annual income of %s is at least %s times the %s (%s a year) = %s"},
	"rent.income_multiple.short":      {IT: "reddito annuo di %s, inferiore a %s volte %s (%s l'anno) = %s", EN: "annual income of %s is less than %s times the %s (%s a year) = %s"},
	"rent.residual.met":               {IT: "reddito residuo: %s meno %s per %s = %s, almeno la soglia di %s × scala %s %s = %s", EN: "residual income: %s less %s of %s = %s, at least the floor of %s × %s scale %s = %s"},
	"rent.residual.short":             {IT: "reddito residuo: %s meno %s per %s = %s, sotto la soglia di %s × scala %s %s = %s", EN: "residual income: %s less %s of %s = %s, below the floor of %s × %s scale %s = %s"},
	"rent.sustainable":                {IT: "il canone mensile di %s è sostenibile; canone massimo sostenibile: %s", EN: "the monthly rent of %s is sustainable; maximum sustainable rent: %s"},
	"rent.not_sustainable":            {IT: "il canone mensile di %s non è sostenibile: il massimo sostenibile è %s, %s in meno", EN: "the monthly rent of %s is not sustainable: the maximum sustainable rent is %s, %s less"},
	"rent.none_sustainable":           {IT: "il canone mensile di %s non è sostenibile, né lo sarebbe alcun canone: anche a canone zero mancano %s al mese", EN: "the monthly rent of %s is not sustainable, nor is any rent: even at zero rent the household is %s a month short"},

	"scale.name.isee":          {IT: "ISEE", EN: "ISEE"},
	"scale.name.isee-2026":     {IT: "ISEE (riforma 2026)", EN: "ISEE (2026 reform)"},
	"scale.name.oecd-modified": {IT: "OCSE modificata", EN: "OECD-modified"},
	"scale.name.adi":           {IT: "ADI", EN: "ADI"},

	// Rent support.
	"support.measure.income":      {IT: "reddito", EN: "income"},
	"support.measure.isee":        {IT: "ISEE", EN: "ISEE"},
	"support.band_a":              {IT: "fascia A (%s %s entro %s): contributo annuo di %s per ridurre l'incidenza del canone al %s (massimo %s)", EN: "band A (%s %s within %s): annual contribution of %s to bring the rent's incidence down to %s (at most %s)"},
	"support.band_b":              {IT: "fascia B (%s %s entro %s): contributo annuo di %s per ridurre l'incidenza del canone al %s (massimo %s)", EN: "band B (%s %s within %s): annual contribution of %s to bring the rent's incidence down to %s (at most %s)"},
	"support.incidence_below":     {IT: "fascia %s: l'incidenza del canone (%s) non supera il %s, nessun contributo", EN: "band %s: the rent's incidence (%s) does not exceed %s, no contribution"},
	"support.income_above":        {IT: "%s di %s oltre il limite della fascia B di %s: nessun contributo", EN: "%s of %s above band B's limit of %s: no contribution"},
	"support.capped":              {IT: "contributo di %s limitato al massimo di %s", EN: "contribution of %s capped at %s"},
	"support.raised":              {IT: "aumento del %s per un componente di almeno %d anni o con disabilità, applicato %s", EN: "raise of %s for a member aged %d or over or disabled, applied %s"},
	"support.raise.contribution":  {IT: "al contributo", EN: "to the contribution"},
	"support.raise.income_limits": {IT: "ai limiti di reddito", EN: "to the income limits"},

	"adi.top_up":                     {IT: "integrazione ADI per l'affitto pari al canone annuo di %s (massimo %s)", EN: "ADI rent top-up equal to the annual rent of %s (at most %s)"},
	"adi.top_up.capped":              {IT: "integrazione ADI per l'affitto: canone annuo di %s, limitato al massimo di %s", EN: "ADI rent top-up: annual rent of %s, capped at %s"},
	"adi.top_up.no_registered_lease": {IT: "nessuna integrazione ADI per l'affitto senza contratto di locazione registrato", EN: "no ADI rent top-up without a registered lease"},

	"arrears.isee_above":               {IT: "ISEE di %s oltre il limite di %s", EN: "ISEE of %s above the limit of %s"},
	"arrears.no_eviction":              {IT: "nessuno sfratto per morosità in corso", EN: "no eviction for arrears under way"},
	"arrears.no_registered_lease":      {IT: "contratto di locazione non registrato", EN: "the lease is not registered"},
	"arrears.priority.elderly":         {IT: "priorità: un componente di almeno %d anni", EN: "priority: a member aged %d or over"},
	"arrears.priority.disabled":        {IT: "priorità: un componente con invalidità almeno del %d%%", EN: "priority: a member with invalidity of at least %d%%"},
	"arrears.priority.minor":           {IT: "priorità: un componente minorenne", EN: "priority: a minor member"},
	"arrears.priority.social_services": {IT: "priorità: nucleo in carico ai servizi sociali", EN: "priority: a household followed by social services"},
	"arrears.eligible":                 {IT: "contributo di %s sulla morosità di %s (massimo %s)", EN: "contribution of %s towards arrears of %s (at most %s)"},
	"arrears.not_eligible":             {IT: "nessun contributo dal fondo per la morosità incolpevole", EN: "no contribution from the fund for arrears through no fault"},

	// Social-rent bands.
	"band.chosen":                  {IT: "fascia %s: %s di %s entro %s", EN: "band %s: %s of %s within %s"},
	"band.chosen.last":             {IT: "fascia %s: %s di %s oltre %s", EN: "band %s: %s of %s above %s"},
	"band.objective.year":          {IT: "canone oggettivo annuo %s = %s m² × %s al m² l'anno × coefficienti (%s)", EN: "annual objective rent %s = %s m² × %s per m² a year × coefficients (%s)"},
	"band.objective.month":         {IT: "canone oggettivo annuo %s = 12 × (%s m² × %s al m² al mese × coefficienti (%s))", EN: "annual objective rent %s = 12 × (%s m² × %s per m² a month × coefficients (%s))"},
	"band.rent.share_of_objective": {IT: "canone annuo %s = %s del canone oggettivo di %s", EN: "annual rent %s = %s of the objective rent of %s"},
	"band.rent.share_of_income":    {IT: "canone annuo %s = %s × %s di %s", EN: "annual rent %s = %s × %s of %s"},
	"band.single_person":           {IT: "riduzione del %s per un nucleo di una persona: canone annuo %s", EN: "%s reduction for a single-person household: annual rent %s"},
	"band.rent":                    {IT: "fascia %s: canone mensile %s (annuo %s)", EN: "band %s: monthly rent %s (annual %s)"},
	"band.placeholders":            {IT: "ATTENZIONE: risultato illustrativo, usa valori provvisori da confermare: %s", EN: "WARNING: illustrative result, it uses provisional figures to be confirmed: %s"},
}
