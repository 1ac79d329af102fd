package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateMatch = flag.Bool("update-match", false, "rewrite the golden files of the match command")

const matchDir = "testdata/match"

func runMatch(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"match"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func exampleArgs(extra ...string) []string {
	return append([]string{
		"--households", filepath.Join(matchDir, "households.json"),
		"--units", filepath.Join(matchDir, "units.json"),
		"--date", "2025-03-01",
	}, extra...)
}

// golden compares got with the golden file, or rewrites it with
// -update-match.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join(matchDir, name)
	if *updateMatch {
		require.NoError(t, os.WriteFile(p, []byte(got), 0o644))
	}
	want, err := os.ReadFile(p)
	require.NoError(t, err, "run go test ./cmd/housingkit -run TestMatch -update-match to create it")
	assert.Equal(t, string(want), got)
}

func TestMatchGolden(t *testing.T) {
	for _, tc := range []struct {
		file string
		args []string
	}{
		{"optimal.en.txt", []string{"--lang", "en"}},
		{"priority.it.txt", []string{"--mechanism", "priority", "--lang", "it"}},
		{"lottery-seed-7.en.txt", []string{"--mechanism", "lottery", "--seed", "7", "--lang", "en"}},
		{"deferred-acceptance.en.txt", []string{"--mechanism", "deferred-acceptance", "--lang", "en"}},
		{"capacitated.en.txt", []string{"--mechanism", "capacitated", "--lang", "en"}},
		{"optimal.json", []string{"--format", "json"}},
		{"optimal-liguria-30.en.txt", []string{"--rent-policy", "liguria-30", "--lang", "en"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			code, out, errs := runMatch(t, exampleArgs(tc.args...)...)
			require.Equal(t, 0, code, errs)
			golden(t, tc.file, out)
		})
	}
}

func TestMatchOptimalFacts(t *testing.T) {
	code, out, errs := runMatch(t, exampleArgs("--format", "json")...)
	require.Equal(t, 0, code, errs)
	var res struct {
		Mechanism string
		Proposals []struct {
			Household string
			Units     []string
			Score     int64
		}
		Unmatched []struct {
			Household string
			Reasons   []struct {
				Code       string
				Exclusions []struct {
					Code  string
					Units int
				}
			}
		}
		TotalScore int64 `json:"total_score"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, "optimal", res.Mechanism)
	got := map[string]string{}
	var total int64
	for _, p := range res.Proposals {
		got[p.Household] = strings.Join(p.Units, ",")
		total += p.Score
	}
	assert.Equal(t, total, res.TotalScore)
	// The eviction family takes the step-free room of 3 beds in the
	// transition facility; the couple with two children its first choice.
	assert.Equal(t, "ct-at-01-r04", got["ct-at-2024-031"])
	assert.Equal(t, "ct-asc-a02", got["ct-asc-2024-077"])
	// The older woman needing step-free access takes the co-housing module
	// on free loan.
	assert.Equal(t, "ct-ch-01-m1", got["ct-asc-2025-012"])
	reasons := map[string]string{}
	for _, u := range res.Unmatched {
		reasons[u.Household] = u.Reasons[0].Code
	}
	assert.Equal(t, "no_feasible_unit", reasons["ct-asc-2024-133"], "five members: no unit has 5 beds")
	// A victim of violence does not share a kitchen with adult men: she
	// takes a bed in the women-only facility.
	assert.Equal(t, "ct-at-02-b1", got["ct-at-2025-004"])
	assert.Len(t, res.Unmatched, 1)
	for _, u := range res.Unmatched {
		if u.Household == "ct-asc-2024-133" {
			assert.Equal(t, "beds", u.Reasons[0].Exclusions[0].Code)
			assert.Equal(t, 15, u.Reasons[0].Exclusions[0].Units)
		}
	}
}

func TestMatchLotteryReproducible(t *testing.T) {
	_, a, _ := runMatch(t, exampleArgs("--mechanism", "lottery", "--seed", "20251121", "--format", "json")...)
	_, b, _ := runMatch(t, exampleArgs("--mechanism", "lottery", "--seed", "20251121", "--format", "json")...)
	assert.Equal(t, a, b)
	var res struct {
		Lottery struct {
			Seed  uint64
			Order []string
		}
		Order []string
	}
	require.NoError(t, json.Unmarshal([]byte(a), &res))
	assert.Equal(t, uint64(20251121), res.Lottery.Seed)
	assert.Len(t, res.Lottery.Order, 9)
	assert.Equal(t, res.Order, res.Lottery.Order)
	_, c, _ := runMatch(t, exampleArgs("--mechanism", "lottery", "--seed", "1", "--format", "json")...)
	assert.NotEqual(t, a, c)
}

func TestMatchBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"no files", nil, []string{"--households: is required: a households file (JSON or YAML)\n--units: is required: a units file (JSON or YAML)\nhousingkit: cannot match (2 problems)"}},
		{"mechanism", exampleArgs("--mechanism", "auction"), []string{`unknown mechanism "auction"`}},
		{"lottery without seed", exampleArgs("--mechanism", "lottery"), []string{"--seed: is required with --mechanism lottery"}},
		{"negative seed", exampleArgs("--mechanism", "lottery", "--seed", "-1"), []string{`--seed: "-1": want a whole number, 0 or more`}},
		{"format", exampleArgs("--format", "xml"), []string{`--format: "xml": want text or json`}},
		{"date", exampleArgs("--date", "2025-02-30"), []string{`--date: date "2025-02-30"`}},
		{"rent policy", exampleArgs("--rent-policy", "lombardia-25"), []string{`--rent-policy`, "lombardia-25"}},
		{"lang", exampleArgs("--lang", "x-klingon-123456789"), []string{"--lang"}},
		{"missing file", []string{"--households", "nowhere.json", "--units", "nowhere.json"}, []string{"nowhere.json"}},
		{"decode", []string{"--households", filepath.Join(matchDir, "bad-households.json"), "--units", filepath.Join(matchDir, "units.json")}, []string{
			"housingkit: cannot match (2 problems)",
			`testdata/match/bad-households.json:7:47: applicants[0].household.members[0].birth_date: date "1985-02-29": day 29 out of range 1..28 for 1985-02`,
			`testdata/match/bad-households.json:16:7: applicants[0].prefernces: unknown key "prefernces"`,
		}},
		{"validate households", []string{"--households", filepath.Join(matchDir, "invalid-households.yaml"), "--units", filepath.Join(matchDir, "units.json")}, []string{
			`testdata/match/invalid-households.yaml:8:16: applicants[0].household.members[0].sex: unknown value "W"`,
			`testdata/match/invalid-households.yaml:6:9: applicants[0].household.members: want exactly one member with role "reference", found 2`,
			`testdata/match/invalid-households.yaml:17:15: applicants[0].priority: -5 is negative`,
			`testdata/match/invalid-households.yaml:3:5: applicants[0].referred_on: is required`,
			`testdata/match/invalid-households.yaml:16:42: applicants[0].programmes[1]: "ct-alloggi-transizione" repeats applicants[0].programmes[0]`,
			`testdata/match/invalid-households.yaml:19:11: applicants[1].household.id: household "ct-at-2025-051" is listed twice`,
		}},
		{"validate units", []string{"--households", filepath.Join(matchDir, "households.json"), "--units", filepath.Join(matchDir, "invalid-units.yaml")}, []string{
			`testdata/match/invalid-units.yaml:13:131: units[2].contract: unknown value "lease"`,
			`testdata/match/invalid-units.yaml:13:27: units[2].facility_id: facility "ct-at-09" is not listed in facilities`,
			`testdata/match/invalid-units.yaml:4:5: facilities[0]: its units offer 14 beds, but only 12 of its 12 beds are free`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runMatch(t, tc.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			for _, w := range tc.want {
				assert.Contains(t, errs, w)
			}
		})
	}
}
