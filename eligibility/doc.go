// Package eligibility decides who may enter a temporary-housing programme,
// as of a date, and says why. Its rules are data: a rule set is a YAML or
// JSON file (the format is documented in FORMAT.md, beside this file) that a
// regional office can read, with requirements, target groups, exclusions,
// referral rules and a priority score over a closed vocabulary of household
// facts, effective-dated parameters in the manner of OpenFisca, and
// labelled exceptions in the manner of Catala.
//
// The API is staged, like cel-go's:
//
//	rs, err := eligibility.LoadFile("rules.yaml")      // or Parse, LoadFS, Shipped
//	// err lists every problem of the file at file:line:column
//	d, err := eligibility.Evaluate(rs, &household, on, eligibility.WithReferral(&ref))
//	fmt.Println(d.Outcome, d.Groups, d.Score.Total)    // and d.Reasons, d.Missing
//	out, err := eligibility.EvaluateOutcome(rs, &household, on)  // the fast path
//
// Loading compiles the rule set: conditions become Go closures over a
// precomputed facts structure, custom conditions (expr-lang) are
// type-checked, every parameter is resolved once for each interval of
// dates on which none changes, and everything the loader can check is
// checked — unknown facts and parameters, units, enum values, parameters
// without a value on a date the rule set is valid, overlapping or
// contradictory exceptions — and reported at once. A *RuleSet is
// immutable and safe for concurrent use.
//
// Evaluation is three-valued: a fact the household leaves unknown (a nil
// pointer, undeclared incomes, a missing ISEE, no referral) makes the
// rules that read it unknown, and the outcome Incomplete — with the
// missing facts — only when it depends on them. The outcomes are Eligible,
// Ineligible, Refer (eligible, but other paths and services are assessed
// first) and Incomplete. A Decision carries, for every rule, a stable code,
// its status, the facts and parameter values (with the dates they took
// effect) it used, its legal or programme reference and a message in
// Italian and English; its JSON encoding is the versioned contract
// "housingkit.decision/v1". EvaluateOutcome computes the outcome alone,
// without allocating.
//
// Variants are overlay files (ParseOverlay) that change parameters from a
// date or for a period, and disable, replace or add rules: RuleSet.Apply
// validates one as a whole and shares the untouched rules with the base;
// variants chain; Diff lists what changed; WithVariant applies one per
// evaluation. Test-case files beside each rule set (households in,
// decisions out) run with RunTests, from go test through package
// eligibilitytest, and from the command line (housingkit test).
//
// The rule sets of the seed programmes are shipped in package rulesets and
// loaded by Shipped; ShippedIDs lists them.
package eligibility
