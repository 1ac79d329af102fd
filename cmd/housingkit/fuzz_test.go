package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadReferral feeds the referral reader of housingkit evaluate: any
// referral file ends in a decision (status 0) or in its problems (status
// 2), never in a crash (status 3).
func FuzzReadReferral(f *testing.F) {
	for _, name := range []string{"referral-social-service.yaml", "referral-unknown-team.yaml"} {
		if data, err := os.ReadFile(eligData + name); err == nil {
			f.Add(data, false)
			f.Add(data, true)
		}
	}
	f.Add([]byte(`{"id": "r", "team": {"name": "x", "kind": "self"}, "date": "2022-01-25"}`), true)
	f.Add([]byte("date: 1899-12-31\nteam: {kind: social_service}\n"), false)
	f.Add([]byte("team: [1, 2]\nwith: {a: b}\ndate: yesterday\n"), false)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, json bool) {
		name := filepath.Join(dir, "referral.yaml")
		if json {
			name = filepath.Join(dir, "referral.json")
		}
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		code := run([]string{"evaluate", "--ruleset", "crema.ospitalita-temporanea", "--household", "../../testdata/crema-household-family-of-four.json",
			"--referral", name, "--date", "2022-03-01"}, &out, &errb)
		switch code {
		case 0:
			if out.Len() == 0 {
				t.Fatal("a decision with no text")
			}
		case 2:
			if !strings.Contains(errb.String(), "housingkit: ") || strings.Contains(errb.String(), "internal error") {
				t.Fatalf("bad input without its problem:\n%s", errb.String())
			}
		default:
			t.Fatalf("status %d:\n%s", code, errb.String())
		}
	})
}
