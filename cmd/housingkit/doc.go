// Command housingkit is the command line of the SDK: it checks and runs
// eligibility rule sets and their test cases, evaluates a household,
// assesses rents and rent support, matches households to dwellings, solves
// assignment problems and prints the JSON Schemas.
//
//	housingkit check PATH...            validate rule sets, overlays and test-case files
//	housingkit test PATH...             run test cases; ends with "N passed, M failed"
//	housingkit evaluate --ruleset ID_OR_FILE --household FILE --date YYYY-MM-DD
//	housingkit rent assess --household FILE --rent AMOUNT
//	housingkit rent support --household FILE --rent AMOUNT --year YYYY
//	housingkit match --households FILE --units FILE [--mechanism optimal|priority|lottery|deferred-acceptance]
//	housingkit assign --costs FILE [--penalty P] [--algorithm auto|dense|sparse]
//	housingkit schema NAME
//	housingkit import --store sqlite:FILE|postgres:URL|memory --tenant T (--units FILE | --households FILE) [--partial]
//	housingkit export --store sqlite:FILE|postgres:URL --tenant T --key-file FILE --as-of YYYY-MM-DD [--sensitive]
//	housingkit report --store sqlite:FILE|postgres:URL --tenant T --from YYYY-MM-DD --to YYYY-MM-DD [--format text|csv|json]
//	housingkit simulate SCENARIO [--out DIR] [--replications N] [--workers K] [--seed S] [--shard I/N]
//	housingkit simulate merge DIR... [--out DIR]
//
// The lean build, go build -tags lean, has every command above but
// import, export, report, serve and simulate, and none of the store,
// server and chart libraries: it starts in about 14 ms instead of about
// 24 ms, for scripts that run the rule, rent and matching commands many
// times (asked for a command it leaves out, it says so, with exit
// status 2).
//
// Exit status: 0 on success, 1 when a test or check found failures, 2 for
// bad input (malformed files, unknown flags, impossible values), with every
// problem on standard error at its file position, 3 for an internal error (a
// bug, not a problem with the input).
package main
