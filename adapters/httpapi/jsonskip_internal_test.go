package httpapi

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzSkipValueAgreesWithValid: skipValue accepts a text exactly when
// encoding/json's Valid does and the text is valid UTF-8 (which Valid does
// not require, and the strict reader does).
func FuzzSkipValueAgreesWithValid(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `{"a":[1,-2.5e+3,true,false,null,"x\u00e9\n"]}`, ` {"a" : {"b":[{}]}} `,
		`{"a":}`, `[1,]`, `01`, `1.`, `-`, `"\x"`, `"\u12"`, "\"a\x01\"", `{"a":1}x`, `tru`, `[1 2]`,
		"\"\xff\"", `{"a":"b",}`, `1e`, `{"a"1}`, `"\ud800"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) > maxSkipDepth {
			t.Skip("deeper than skipValue follows, by design")
		}
		end, ok := skipValue(data, skipWS(data, 0), 1)
		got := ok && skipWS(data, end) == len(data)
		want := json.Valid(data) && utf8.Valid(data)
		if got != want {
			t.Fatalf("skipValue says %v, json.Valid and utf8.Valid say %v, for %q", got, want, data)
		}
	})
}

// TestSkipValue checks where skipValue ends on values followed by more text.
func TestSkipValue(t *testing.T) {
	for _, c := range []struct {
		in  string
		end int
	}{
		{`"a\"b",1`, 6}, {`-0.5e-2]`, 7}, {`{"a":[1,{"b":null}]} ,`, 20}, {`true}`, 4},
	} {
		end, ok := skipValue([]byte(c.in), 0, 1)
		if !ok || end != c.end {
			t.Errorf("skipValue(%q) = %d, %v; want %d, true", c.in, end, ok, c.end)
		}
	}
}
