package httpapi

import "unicode/utf8"

// maxSkipDepth bounds the nesting skipValue follows, as the strict reader
// bounds its own: a deeper body is left to the strict reader to refuse.
const maxSkipDepth = 1000

// skipWS returns the index of the first byte of data at or after i that is
// not JSON white space.
func skipWS(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString checks the JSON string that starts at data[i] (a quote) and
// returns the index after its closing quote, and whether it is well formed
// (RFC 8259: no control characters, known escapes, four hex digits after
// \u, valid UTF-8).
func skipString(data []byte, i int) (int, bool) {
	i++
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			return i + 1, true
		case c == '\\':
			if i+1 >= len(data) {
				return 0, false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) {
					return 0, false
				}
				for _, h := range data[i+2 : i+6] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return 0, false
					}
				}
				i += 6
			default:
				return 0, false
			}
		case c < 0x20:
			return 0, false
		case c < utf8.RuneSelf:
			i++
		default:
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				return 0, false
			}
			i += n
		}
	}
	return 0, false
}

// skipNumber checks the JSON number that starts at data[i] and returns the
// index after it, and whether it is well formed.
func skipNumber(data []byte, i int) (int, bool) {
	digits := func(i int) (int, bool) {
		j := i
		for j < len(data) && '0' <= data[j] && data[j] <= '9' {
			j++
		}
		return j, j > i
	}
	if data[i] == '-' {
		i++
	}
	if i < len(data) && data[i] == '0' {
		i++
	} else {
		var ok bool
		if i, ok = digits(i); !ok {
			return 0, false
		}
	}
	if i < len(data) && data[i] == '.' {
		var ok bool
		if i, ok = digits(i + 1); !ok {
			return 0, false
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		var ok bool
		if i, ok = digits(i); !ok {
			return 0, false
		}
	}
	return i, true
}

// skipValue checks the JSON value that starts at data[i] and returns the
// index after it, and whether it is well formed; depth is the nesting
// around it.
func skipValue(data []byte, i, depth int) (int, bool) {
	if i >= len(data) || depth > maxSkipDepth {
		return 0, false
	}
	switch c := data[i]; {
	case c == '"':
		return skipString(data, i)
	case c == '-' || '0' <= c && c <= '9':
		return skipNumber(data, i)
	case c == 't':
		return literal(data, i, "true")
	case c == 'f':
		return literal(data, i, "false")
	case c == 'n':
		return literal(data, i, "null")
	case c == '[':
		i = skipWS(data, i+1)
		if i < len(data) && data[i] == ']' {
			return i + 1, true
		}
		for {
			var ok, end bool
			if i, ok = skipValue(data, i, depth+1); !ok {
				return 0, false
			}
			if i, end, ok = next(data, i, ']'); !ok || end {
				return i, ok
			}
		}
	case c == '{':
		return members(data, i, depth, nil)
	}
	return 0, false
}

// literal checks that data holds word at i.
func literal(data []byte, i int, word string) (int, bool) {
	if len(data)-i < len(word) || string(data[i:i+len(word)]) != word {
		return 0, false
	}
	return i + len(word), true
}

// next reads what follows a value inside an array or object: a comma,
// after which it returns the index of the next value or key, or close, after
// which it returns the index past it with end true.
func next(data []byte, i int, close byte) (j int, end, ok bool) {
	i = skipWS(data, i)
	switch {
	case i >= len(data):
		return 0, false, false
	case data[i] == ',':
		return skipWS(data, i+1), false, true
	case data[i] == close:
		return i + 1, true, true
	}
	return 0, false, false
}

// members checks the JSON object that starts at data[i] (a brace), nested
// depth deep, and returns the index after it, and whether it is well
// formed; member, when not nil, is given each key as written (quotes
// included) and the span of its value.
func members(data []byte, i, depth int, member func(key []byte, start, end int)) (int, bool) {
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return 0, false
		}
		k, ok := skipString(data, i)
		if !ok {
			return 0, false
		}
		key := data[i:k]
		i = skipWS(data, k)
		if i >= len(data) || data[i] != ':' {
			return 0, false
		}
		start := skipWS(data, i+1)
		if i, ok = skipValue(data, start, depth+1); !ok {
			return 0, false
		}
		if member != nil {
			member(key, start, i)
		}
		var end bool
		if i, end, ok = next(data, i, '}'); !ok || end {
			return i, ok
		}
	}
}
