//go:build !lean

package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestImportExportSQLite(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "store.db")
	code, out, errs := runCmd(t, "import", "--store", db, "--tenant", "comune-crema", "--units", "../../testdata/vacancies-crema.csv")
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "../../testdata/vacancies-crema.csv: 4 rows read, 4 records imported, 0 rows left out\n", out)

	// The same file again: every row is already there, nothing is written.
	code, out, errs = runCmd(t, "import", "--store", db, "--tenant", "comune-crema", "--units", "../../testdata/vacancies-crema.csv")
	assert.Equal(t, 2, code)
	assert.Contains(t, out, "0 records imported, 4 rows left out")
	assert.Contains(t, errs, `row 3, column id: unit "cr-app-02" already exists in the store`)
	assert.Contains(t, errs, "housingkit: 4 problems; nothing was imported")

	// Another tenant may import the same units.
	code, _, errs = runCmd(t, "import", "--store", db, "--tenant", "comune-offanengo", "--units", "../../testdata/vacancies-crema.csv")
	require.Equal(t, 0, code, errs)

	// A referral batch in CSV and in JSON, then a report in JSON.
	code, _, errs = runCmd(t, "import", "--store", db, "--tenant", "asp-ferrara", "--households", "../../testdata/referral-batch.csv")
	require.Equal(t, 0, code, errs)
	code, out, errs = runCmd(t, "import", "--store", db, "--tenant", "asp-ferrara", "--households", "../../testdata/referral-batch.json", "--report", "json")
	require.Equal(t, 0, code, errs)
	var rep struct{ Rows, Imported int }
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, 4, rep.Imported)

	key := filepath.Join(dir, "key")
	require.NoError(t, os.WriteFile(key, []byte("a-research-key-of-some-length\n"), 0o600))
	code, out, errs = runCmd(t, "export", "--store", db, "--tenant", "asp-ferrara", "--key-file", key, "--as-of", "2025-06-30", "--format", "csv", "--part", "households")
	require.Equal(t, 0, code, errs)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Len(t, rows, 6) // header + 5 households
	for _, leak := range []string{"hh-1", "hh-2", "1986-04-30", "Servizio", "victim"} {
		assert.NotContains(t, out, leak)
	}
	// The same key gives the same pseudonyms; JSON holds every part.
	code, out2, _ := runCmd(t, "export", "--store", db, "--tenant", "asp-ferrara", "--key-file", key, "--as-of", "2025-06-30", "--format", "csv", "--part", "households")
	require.Equal(t, 0, code)
	assert.Equal(t, out, out2)
	outFile := filepath.Join(dir, "export.json")
	code, _, errs = runCmd(t, "export", "--store", db, "--tenant", "asp-ferrara", "--key-file", key, "--as-of", "2025-06-30", "--sensitive", "--min-count", "2", "--out", outFile)
	require.Equal(t, 0, code, errs)
	data, err := os.ReadFile(outFile)
	require.NoError(t, err)
	var r struct {
		Households []struct {
			Members []struct{ Sensitive map[string]any }
		}
		Tables []struct{ Name string }
	}
	require.NoError(t, json.Unmarshal(data, &r))
	assert.Len(t, r.Households, 5)
	assert.NotNil(t, r.Households[0].Members[0].Sensitive)
	assert.Len(t, r.Tables, 6)
}

func TestImportPartialAndBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "units.csv")
	require.NoError(t, os.WriteFile(bad, []byte("id,kind,beds,rent,contract,available_from\nu1,room,1,100,concession,2025-01-01\nu2,room,zero,100,concession,2025-01-01\n"), 0o600))
	db := "sqlite:" + filepath.Join(dir, "store.db")
	code, out, errs := runCmd(t, "import", "--store", db, "--tenant", "t", "--units", bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, out, "0 records imported")
	assert.Contains(t, errs, `row 3, column beds: "zero" is not a whole number`)
	code, out, errs = runCmd(t, "import", "--store", db, "--tenant", "t", "--units", bad, "--partial")
	assert.Equal(t, 2, code)
	assert.Contains(t, out, "1 records imported, 1 rows left out")
	assert.Contains(t, errs, "1 rows left out; the others were imported")

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "--store", "memory", "--tenant", "t"}, "give exactly one of them"},
		{[]string{"import", "--store", "oracle:x", "--tenant", "t", "--units", bad}, `--store "oracle:x": want sqlite:FILE, postgres:URL or memory`},
		{[]string{"import", "--store", "memory", "--tenant", "T T", "--units", bad}, "--tenant"},
		{[]string{"import", "--store", "memory", "--tenant", "t", "--units", filepath.Join(dir, "none.csv")}, "no such file"},
		{[]string{"export", "--store", "memory", "--tenant", "t", "--as-of", "2025-01-01"}, "--key-file: is required"},
		{[]string{"export", "--store", "memory", "--tenant", "t", "--as-of", "2025-01-01", "--key-file", bad, "--format", "csv"}, "--part: is required"},
		{[]string{"export", "--store", "memory", "--tenant", "t", "--as-of", "2025-01-01", "--key-file", bad, "--format", "csv", "--part", "names"}, `no part "names"`},
	} {
		code, _, errs := runCmd(t, c.args...)
		assert.Equal(t, 2, code, c.args)
		assert.Contains(t, errs, c.want, c.args)
	}
	short := filepath.Join(dir, "short")
	require.NoError(t, os.WriteFile(short, []byte("abc"), 0o600))
	code, _, errs = runCmd(t, "export", "--store", "memory", "--tenant", "t", "--as-of", "2025-01-01", "--key-file", short)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "a pseudonymisation key has at least 16")
}
