//go:build !lean

package main

// leftOut names the commands a build leaves out: none in the full build
// (lean.go has the lean build's).
var leftOut map[string]bool
