package reader

// SetJSONFastPath turns the JSON fast path on or off and returns a function
// that restores the previous setting (for the tests that run both paths).
func SetJSONFastPath(on bool) (restore func()) {
	was := jsonFast.Swap(on)
	return func() { jsonFast.Store(was) }
}

// ParseJSONFast is parseJSON, for the tests.
var ParseJSONFast = parseJSON

// TooDeepAt is tooDeepAt, for the tests.
var TooDeepAt = tooDeepAt
