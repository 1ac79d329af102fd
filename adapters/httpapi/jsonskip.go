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
			var ok bool
			if i, ok = skipValue(data, i, depth+1); !ok {
				return 0, false
			}
			i = skipWS(data, i)
			if i >= len(data) {
				return 0, false
			}
			switch data[i] {
			case ',':
				i = skipWS(data, i+1)
			case ']':
				return i + 1, true
			default:
				return 0, false
			}
		}
	case c == '{':
		i = skipWS(data, i+1)
		if i < len(data) && data[i] == '}' {
			return i + 1, true
		}
		for {
			if i >= len(data) || data[i] != '"' {
				return 0, false
			}
			var ok bool
			if i, ok = skipString(data, i); !ok {
				return 0, false
			}
			i = skipWS(data, i)
			if i >= len(data) || data[i] != ':' {
				return 0, false
			}
			if i, ok = skipValue(data, skipWS(data, i+1), depth+1); !ok {
				return 0, false
			}
			i = skipWS(data, i)
			if i >= len(data) {
				return 0, false
			}
			switch data[i] {
			case ',':
				i = skipWS(data, i+1)
			case '}':
				return i + 1, true
			default:
				return 0, false
			}
		}
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
