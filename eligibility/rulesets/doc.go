// Package rulesets holds the eligibility rule sets shipped with the SDK,
// one per seed programme, each with its test cases beside it:
//
//	<id>.yaml          the rule set (format housingkit.ruleset/v1)
//	<id>.tests.yaml    its test cases (format housingkit.testcases/v1)
//	variants/*.yaml    example overlays (format housingkit.overlay/v1)
//
// The files are embedded in FS; package eligibility loads them (Shipped,
// ShippedIDs) and `go test ./eligibility/rulesets` runs every test-case
// file found here. Adding a rule set means adding its two files: nothing
// in Go changes.
package rulesets
