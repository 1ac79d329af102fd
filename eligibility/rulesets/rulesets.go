package rulesets

import "embed"

// FS holds the shipped rule sets, test cases and example overlays.
//
//go:embed *.yaml variants
var FS embed.FS
