package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/housingkit/housingkit/adapters/postgres"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// want are lines the run prints, in English and Italian: the steps and
// the report's figures (59 days from 3 May to 1 July 2021; 1369 days from
// 1 July 2021 to 31 March 2025).
var want = map[string][]string{
	"en": {" 1. Registered owner prop-041 (private citizen).", " 4. Rent offered 300.00 €: refused (code invalid).",
		"10. Report to the landlord: rent sustainable, burden 15.48%, residual income 2183.33 € a month.",
		"new end 1 July 2026.", "18. Exit on 31 March 2025: private-market lease.", "20. Report 2021–2025",
		"  median                                               59\n", "  median                                               1369\n"},
	"it": {" 1. Registrato il proprietario prop-041 (privato cittadino).", "incidenza 15,48%, reddito residuo 2183,33 € al mese.",
		"nuova scadenza 1 luglio 2026.", "18. Uscita il 31 marzo 2025: locazione sul mercato privato.", "Uscite per percorso"},
}

func runOn(t *testing.T, st store.Store, lang string) string {
	t.Helper()
	tag, err := housing.ParseLang(lang)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	start := time.Now()
	if err := run(context.Background(), &b, st, tag); err != nil {
		t.Fatalf("run: %v\n%s", err, b.String())
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the example took %s; it should run in seconds", d)
	}
	for _, w := range want[lang] {
		if !strings.Contains(b.String(), w) {
			t.Errorf("%s output lacks %q:\n%s", lang, w, b.String())
		}
	}
	return b.String()
}

func TestSQLite(t *testing.T) {
	for _, lang := range []string{"en", "it"} {
		st, err := open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "cases.db"), "")
		if err != nil {
			t.Fatal(err)
		}
		runOn(t, st, lang)
		// A second run on the same store says so.
		err = run(context.Background(), &bytes.Buffer{}, st, housing.English)
		if err == nil || !strings.Contains(err.Error(), "already holds") {
			t.Errorf("second run: %v", err)
		}
		st.Close()
	}
}

func TestBadStore(t *testing.T) {
	_, err := open(context.Background(), "mysql://x", "")
	if housing.ErrorCode(err) != housing.CodeInvalid {
		t.Fatalf("mysql: %v", err)
	}
}

// TestPostgres runs the example on a fresh database migrated through
// -migrate, when HOUSINGKIT_POSTGRES_URL names a server.
func TestPostgres(t *testing.T) {
	base := os.Getenv("HOUSINGKIT_POSTGRES_URL")
	if base == "" {
		t.Skip("HOUSINGKIT_POSTGRES_URL is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const login = "housingkit_example_app"
	if err := postgres.CreateRoles(ctx, base, login); err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "hk_example_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name+" OWNER "+postgres.OwnerRole); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	u, _ := url.Parse(base)
	u.Path = "/" + name
	adminURL := u.String()
	u.User = url.User(login)
	st, err := open(ctx, "postgres:"+u.String(), adminURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runOn(t, st, "en")
}

// TestReadme: the output shown in the README's Casework section is the
// output of the example, line by line in order ("…" skips lines).
func TestReadme(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i := strings.Index(readme, "## Casework\n")
	if i < 0 {
		t.Fatal("README.md has no Casework section")
	}
	sec := readme[i:]
	start := strings.Index(sec, "```text\n")
	if start < 0 {
		t.Fatal("the Casework section shows no output")
	}
	shown := sec[start+len("```text\n"):]
	shown = shown[:strings.Index(shown, "```")]
	st, err := open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "cases.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got := strings.Split(runOn(t, st, "en"), "\n")
	at := 0
	for _, line := range strings.Split(strings.TrimRight(shown, "\n"), "\n") {
		if line == "…" {
			continue
		}
		for at < len(got) && got[at] != line {
			at++
		}
		if at == len(got) {
			t.Fatalf("the README shows %q, which the example does not print (in that order)", line)
		}
		at++
	}
}
