// Package params holds time-varying figures — thresholds, caps, percentages,
// switches — as effective-dated parameters read from data files, in the
// manner of OpenFisca: each parameter has a unit, references to its legal
// source, and a list of values each effective from a date until the next
// one; a null value ends the parameter.
//
// A parameter file looks like this:
//
//	id: erp-access-limits.emilia-romagna
//	title: {it: Limiti di accesso ERP, en: Public-housing access limits}
//	parameters:
//	  isee_access_limit:
//	    description: {it: Limite ISEE per l'accesso, en: ISEE limit for access}
//	    unit: EUR/year
//	    references:
//	      - {title: "Regione Emilia-Romagna, ERP", certainty: V}
//	    values:
//	      2021-01-01: 17428.00
//	      2025-01-01: 20217.01
//
// Figures marked unverified in the shared reference ([M]) carry
// `placeholder: true` and a note, so that a rule-set author confirms them.
//
// Sets and parameters are immutable once loaded and safe for concurrent
// use; With returns a changed copy for policy variants.
package params
