package migrate_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/housingkit/housingkit/internal/migrate"
	_ "modernc.org/sqlite"
)

var files = fstest.MapFS{
	"m/0001_households.up.sql":   {Data: []byte("CREATE TABLE households (id TEXT PRIMARY KEY, size INTEGER NOT NULL);")},
	"m/0001_households.down.sql": {Data: []byte("DROP TABLE households;")},
	"m/0002_units.up.sql": {Data: []byte(`CREATE TABLE units (id TEXT PRIMARY KEY, rent TEXT NOT NULL);
CREATE INDEX units_rent ON units (rent);`)},
	"m/0002_units.down.sql":          {Data: []byte("DROP INDEX units_rent;\nDROP TABLE units;")},
	"m/0003_household_note.up.sql":   {Data: []byte("ALTER TABLE households ADD COLUMN note TEXT NOT NULL DEFAULT '';")},
	"m/0003_household_note.down.sql": {Data: []byte("ALTER TABLE households DROP COLUMN note;")},
}

func open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func schema(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(s + "\n")
	}
	return b.String()
}

func runner(t *testing.T, db *sql.DB, fs fstest.MapFS, opts ...migrate.Option) *migrate.Runner {
	t.Helper()
	ms, err := migrate.Load(fs, "m")
	if err != nil {
		t.Fatal(err)
	}
	r, err := migrate.New(migrate.SQL(db, nil), ms, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestUpDownUpTwice(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	var logs bytes.Buffer
	r := runner(t, db, files, migrate.WithLogger(slogJSON(&logs)), migrate.WithClock(func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }))
	if r.Latest() != 3 {
		t.Fatalf("latest %d", r.Latest())
	}
	empty := schema(t, db)
	if err := r.Up(ctx); err != nil {
		t.Fatal(err)
	}
	up := schema(t, db)
	if !strings.Contains(up, "index units_rent") || !strings.Contains(up, "note TEXT") {
		t.Fatalf("schema after up:\n%s", up)
	}
	var base string
	for i := range 2 {
		if err := r.Down(ctx); err != nil {
			t.Fatal(err)
		}
		down := schema(t, db)
		if i == 0 {
			base = down
			if strings.Contains(down, "households") || strings.Contains(down, "units") || !strings.Contains(down, "schema_migrations") || empty != "" {
				t.Fatalf("schema after down:\n%s", down)
			}
		} else if down != base {
			t.Fatalf("down #%d left\n%s\nwant\n%s", i+1, down, base)
		}
		if cur, err := r.Current(ctx); err != nil || cur != 0 {
			t.Fatalf("current after down = %d, %v", cur, err)
		}
		if err := r.Up(ctx); err != nil {
			t.Fatal(err)
		}
		if got := schema(t, db); got != up {
			t.Fatalf("up #%d gave\n%s\nwant\n%s", i+2, got, up)
		}
	}
	// Every step logged with its version and direction: 3 up, 3 down, 3 up, 3 down, 3 up.
	n := 0
	for line := range strings.Lines(logs.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["msg"] == "migration applied" && rec["version"] != nil && rec["direction"] != nil {
			n++
		}
	}
	if n != 15 {
		t.Errorf("%d steps logged, want 15:\n%s", n, logs.String())
	}
	var at string
	if err := db.QueryRow("SELECT applied_at FROM schema_migrations WHERE version = 2").Scan(&at); err != nil || at != "2025-01-02T03:04:05Z" {
		t.Errorf("applied_at %q, %v", at, err)
	}
}

func TestDataSurvivesLaterVersions(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	r := runner(t, db, files, migrate.WithPlaceholder(migrate.Question))
	if err := r.To(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO households (id, size) VALUES ('h1', 4)"); err != nil {
		t.Fatal(err)
	}
	if err := r.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.To(ctx, 2); err != nil { // down one step: drops the note column only
		t.Fatal(err)
	}
	if err := r.Up(ctx); err != nil {
		t.Fatal(err)
	}
	var size int
	var note string
	if err := db.QueryRow("SELECT size, note FROM households WHERE id = 'h1'").Scan(&size, &note); err != nil || size != 4 || note != "" {
		t.Fatalf("household after migrations: %d %q %v", size, note, err)
	}
	if cur, err := r.Current(ctx); err != nil || cur != 3 {
		t.Fatalf("current %d, %v", cur, err)
	}
}

func TestFailingStepRollsBackAndNamesIt(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	bad := fstest.MapFS{}
	for k, v := range files {
		bad[k] = v
	}
	bad["m/0003_household_note.up.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE half (x INTEGER);\nALTER TABLE nowhere ADD COLUMN y TEXT;")}
	r := runner(t, db, bad)
	err := r.Up(ctx)
	if err == nil || !strings.Contains(err.Error(), "version 0003_household_note up") || !strings.Contains(err.Error(), "nowhere") {
		t.Fatalf("error %v", err)
	}
	if cur, err := r.Current(ctx); err != nil || cur != 2 {
		t.Fatalf("current %d, %v; want 2", cur, err)
	}
	if strings.Contains(schema(t, db), "half") {
		t.Error("the failed step's first statement was not rolled back")
	}
	if err := r.To(ctx, 4); err == nil || !strings.Contains(err.Error(), "out of range 0..3") {
		t.Errorf("To(4): %v", err)
	}
}

func TestDatabaseAheadOrRenamed(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	if err := runner(t, db, files).Up(ctx); err != nil {
		t.Fatal(err)
	}
	older := fstest.MapFS{}
	renamed := fstest.MapFS{}
	for k, v := range files {
		if !strings.Contains(k, "0003") {
			older[k] = v
		}
		renamed[strings.Replace(k, "0002_units", "0002_dwellings", 1)] = v
	}
	if _, err := runner(t, db, older).Current(ctx); err == nil || !strings.Contains(err.Error(), "newer than this program's latest 2") {
		t.Errorf("older program: %v", err)
	}
	if err := runner(t, db, renamed).Up(ctx); err == nil || !strings.Contains(err.Error(), `applied as "units" but this program calls it "dwellings"`) {
		t.Errorf("renamed: %v", err)
	}
}

func TestLoadProblems(t *testing.T) {
	for name, tc := range map[string]struct {
		fs   fstest.MapFS
		want []string
	}{
		"bad name": {fstest.MapFS{"m/1_x.up.sql": {Data: []byte("x")}}, []string{"m/1_x.up.sql: name is not"}},
		"gap": {fstest.MapFS{
			"m/0001_a.up.sql": {Data: []byte("x")}, "m/0001_a.down.sql": {Data: []byte("x")},
			"m/0003_c.up.sql": {Data: []byte("x")}, "m/0003_c.down.sql": {Data: []byte("x")},
		}, []string{"version 0003 follows 0001"}},
		"missing half": {fstest.MapFS{"m/0001_a.up.sql": {Data: []byte("x")}}, []string{"0001_a has no down script"}},
		"two names":    {fstest.MapFS{"m/0001_a.up.sql": {Data: []byte("x")}, "m/0001_b.down.sql": {Data: []byte("x")}}, []string{`version 0001 is also named "a"`}},
		"empty":        {fstest.MapFS{"m/0001_a.up.sql": {Data: []byte(" \n")}, "m/0001_a.down.sql": {Data: []byte("x")}}, []string{"0001_a.up.sql is empty"}},
		"no dir":       {fstest.MapFS{}, []string{"reading m"}},
	} {
		_, err := migrate.Load(tc.fs, "m")
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %v, want %q", name, err, w)
			}
		}
	}
	if _, err := migrate.New(migrate.SQL(open(t), nil), nil, migrate.WithTable("Bad-Name")); err == nil {
		t.Error("bad table name accepted")
	}
}
