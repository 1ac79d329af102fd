// Package rentcalc is the money arithmetic of housingkit: equivalence
// scales, an ISEE estimate, rent-sustainability assessments, rent support
// and public-housing rent bands — pure functions over decimal.Decimal,
// exact to the cent, with every figure a dated parameter.
package rentcalc
