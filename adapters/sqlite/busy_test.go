package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// Two stores on one file (as two processes would be): while one holds the
// write lock, the other's write waits for the busy timeout and then fails
// with conflict (store.busy), writing nothing; once the lock is released
// it succeeds. Reads go on meanwhile (WAL).
func TestBusyTimeout(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	a, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.Open(ctx, path, sqlite.Options{BusyTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- a.Update(ctx, "t1", func(tx store.Tx) error {
			if err := tx.Households().Create(storetest.Household("h-a")); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	start := time.Now()
	err = b.Update(ctx, "t1", func(tx store.Tx) error { return tx.Households().Create(storetest.Household("h-b")) })
	if !errors.Is(err, store.ErrBusy) {
		t.Fatalf("write while another store holds the lock: %v, want conflict store.busy", err)
	}
	if waited := time.Since(start); waited < 90*time.Millisecond {
		t.Errorf("gave up after %s, before the busy timeout", waited)
	}
	if err := b.View(ctx, "t1", func(tx store.Tx) error {
		_, err := tx.Households().List(store.Page{})
		return err
	}); err != nil {
		t.Errorf("read while the other store writes: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := b.Update(ctx, "t1", func(tx store.Tx) error { return tx.Households().Create(storetest.Household("h-b")) }); err != nil {
		t.Fatalf("write after the lock was released: %v", err)
	}
	b.View(ctx, "t1", func(tx store.Tx) error {
		hs, err := tx.Households().List(store.Page{})
		if err != nil || len(hs) != 2 {
			t.Errorf("households %d, %v", len(hs), err)
		}
		return nil
	})
}

// Opening a new file migrates it and says so through the logger, without
// personal data.
func TestOpenLogs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "store.db"), sqlite.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	out := buf.String()
	ms, err := sqlite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sqlite store open", fmt.Sprintf("schema_version=%d", len(ms))}
	for _, m := range ms {
		want = append(want, fmt.Sprintf(`msg="migration applied" version=%d name=%s direction=up`, m.Version, m.Name))
	}
	for _, want := range want {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// Bad paths and options are refused with invalid, saying what is wrong.
func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for name, o := range map[string]struct {
		path string
		opts sqlite.Options
		want string
	}{
		"empty path":    {"", sqlite.Options{}, "needs a file path"},
		"query in path": {filepath.Join(dir, "a.db?mode=ro"), sqlite.Options{}, "? and # are not allowed"},
		"no folder":     {filepath.Join(dir, "missing", "a.db"), sqlite.Options{}, "cannot open SQLite file"},
		"synchronous":   {filepath.Join(dir, "a.db"), sqlite.Options{Synchronous: "OFF"}, "want NORMAL or FULL"},
		"read conns":    {filepath.Join(dir, "a.db"), sqlite.Options{ReadConns: -1}, "read_conns"},
	} {
		_, err := sqlite.Open(ctx, o.path, o.opts)
		if !errors.Is(err, housing.ErrInvalid) || !strings.Contains(err.Error(), o.want) {
			t.Errorf("%s: %v, want invalid with %q", name, err, o.want)
		}
	}
}
