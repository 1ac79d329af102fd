// Package rentcalc is the money arithmetic of housingkit: equivalence
// scales, an ISEE estimate, rent-sustainability assessments, rent support
// and public-housing rent bands — pure functions over decimal.Decimal,
// exact to the cent, with every figure a dated parameter.
//
// # Figures
//
// No figure is written in code. Thresholds, caps, percentages and scale
// coefficients are effective-dated parameters (package params) in the
// shipped files isee, oecd-scale, assegno-inclusione, minimum-pension,
// rent-support-fund, arrears-fund, social-rent-emilia-romagna and
// erp-access-limits, each with its source and certainty mark from
// shared/REFERENCE.md. Sources holds them; a calculation names a date and
// reads the values in force then, and every result lists the Figures it
// used. A policy variant overlays a file with Sources.With.
//
//	src := rentcalc.MustShipped()
//	scale, err := src.Scale(rentcalc.ScaleISEE, housing.MustParseDate("2025-06-01"))
//
// Figures that REFERENCE.md marks unverified ([M]) are parameters with
// placeholder: true and a note; results that use one say so (SocialRent
// lists them in Placeholders).
//
// # Periods and rounding
//
// Every amount says its period in its name: IncomeAnnual, RentMonthly,
// RentAnnual… An annual rent is 12 × the monthly rent
// (RentPaymentsPerYear); a figure paid another number of times a year
// carries that number as a parameter (the INPS minimum pension: 13
// instalments, minimum-pension.payments_per_year). Nothing is converted
// silently.
//
// Rounding is stated by each calculation and is to the cent, half away from
// zero (decimal.Round), unless a rule says otherwise:
//
//   - equivalence scales are exact sums of coefficients;
//   - the ISEE estimate rounds once, ISE ÷ scale to the cent;
//   - a sustainability test compares exact values, and its maximum rent is
//     the exact floor to the cent of the largest rent that passes;
//   - a rent-support contribution is rounded once, at the end;
//   - band rents round the annual amount, then annual ÷ 12.
//
// No float64 is used on any money path.
//
// # Equivalence scales
//
// Sources.Scale selects a scale by name and date: ScaleISEE (DPCM 159/2013
// with its increments), ScaleISEE2026 (the 2026 reform's large-family
// increments — whether the housing ISEE uses them is unconfirmed, so it is
// a separate scale), ScaleOECD (OECD-modified) and ScaleADI (Assegno di
// inclusione, with its caps). Scale.Value returns the value and the parts
// that made it. The input is a Composition, built from a housing.Household
// as of a date with CompositionOf, or directly for simulations.
//
// # ISEE estimate
//
// Sources.EstimateISEE applies ISE = ISR + 20% × ISP and ISEE = ISE ÷
// scale with the main ISR deductions. It is an estimate for simulations,
// not the INPS computation.
//
// # Rent sustainability
//
// A Policy is data (YAML or JSON, read strictly with every problem at
// file:line:column): any of a maximum rent-to-income incidence, an income
// multiple of rent and charges, and a residual income after housing costs
// of at least a floor × an equivalence scale. Three policies are shipped:
// PolicyLiguria30, PolicyModena2x, PolicyResidualMinimumPension. Compile a
// policy for a date once, then assess many households:
//
//	p, _ := rentcalc.ShippedPolicy(rentcalc.PolicyModena2x)
//	a, err := src.Compile(p, on)
//	r, err := a.Assess(in) // verdict, tests, maximum rent, gap, it/en texts
//	q, err := a.Check(in)  // verdict and maximum rent only, without allocating
//
// Check and CheckCents work in integer cents with fixed-point scales
// (millions of assessments a second per core; see BENCHMARKS.md) and fall
// back to decimals when an amount has digits below the cent; tests prove
// they agree with Assess.
//
// # Rent support and bands
//
// Sources.Support computes the national rent-support contribution (L.
// 431/1998 art. 11, bands A and B, the raise for elderly or disabled
// members) under a SupportScheme (SchemeL431); ProRate and ProRateShare
// share short funds. Sources.ADIRentTopUp and Sources.ArrearsSupport give
// the ADI rent top-up and the arrears-fund contribution. Sources.SocialRent
// applies a BandTable of public-housing rents (BandsEmiliaRomagna, whose
// percentages, rates and coefficients are placeholders).
//
// # Errors and texts
//
// Bad input returns a *housing.Error of code CodeInvalid listing every
// problem with its field path; a figure with no value on the date asked
// returns CodeNotFound. Results carry stable codes (such as
// "rent.not_sustainable", "support.band_a") and their texts in Italian and
// English.
package rentcalc
