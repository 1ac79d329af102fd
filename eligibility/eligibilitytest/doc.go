// Package eligibilitytest runs eligibility test-case files under go test,
// so that vendors and offices can prove their own rule sets from their own
// tests, the way the SDK proves the shipped ones:
//
//	func TestRules(t *testing.T) {
//		eligibilitytest.Run(t, os.DirFS("rules"), "crema.tests.yaml")
//	}
//
// Each case runs as a subtest named after it; a failing case reports what
// differed and the decision's text, at the case's file position.
package eligibilitytest
