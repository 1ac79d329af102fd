package migrate_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/housingkit/housingkit/internal/migrate"
	_ "modernc.org/sqlite"
)

// An adapter embeds its migrations (with //go:embed migrations/*.sql in
// real code; a MapFS here) and moves its database to the latest version
// when it opens.
func Example() {
	dir, _ := os.MkdirTemp("", "migrate")
	defer os.RemoveAll(dir)
	db, _ := sql.Open("sqlite", filepath.Join(dir, "store.db"))
	defer db.Close()

	fsys := fstest.MapFS{
		"migrations/0001_init.up.sql":   {Data: []byte("CREATE TABLE units (id TEXT PRIMARY KEY, rent TEXT NOT NULL);")},
		"migrations/0001_init.down.sql": {Data: []byte("DROP TABLE units;")},
	}
	ms, err := migrate.Load(fsys, "migrations")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := migrate.New(migrate.SQL(db, nil), ms, migrate.WithTable("housingkit_migrations"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if err := r.Up(ctx); err != nil {
		fmt.Println(err)
		return
	}
	cur, _ := r.Current(ctx)
	fmt.Println("at version", cur, "of", r.Latest())
	// Output: at version 1 of 1
}
