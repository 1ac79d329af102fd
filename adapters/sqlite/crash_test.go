//go:build unix

package sqlite_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/sqlite"
	"github.com/housingkit/housingkit/adapters/storetest"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// The crash tests run their writer in a child process: this test binary,
// re-executed with these variables set, runs TestCrashChild only.
const (
	envCrashMode = "HOUSINGKIT_SQLITE_CRASH_MODE" // "import" or "place"
	envCrashPath = "HOUSINGKIT_SQLITE_CRASH_PATH"
	envCrashFrom = "HOUSINGKIT_SQLITE_CRASH_FROM" // the first batch number of an import
)

const (
	crashTenant     = store.Tenant("crash")
	crashBatch      = 5000 // units per import transaction
	crashFacilities = 8
	crashBedsEach   = 12 // bed capacity of each facility
	crashUnitsEach  = 16 // one-bed units of each facility: more than its beds
)

// TestCrashChild is the child's body; without the variables it does
// nothing.
func TestCrashChild(t *testing.T) {
	mode, path := os.Getenv(envCrashMode), os.Getenv(envCrashPath)
	if mode == "" || path == "" {
		t.Skip("runs only as the child process of TestCrashImport and TestCrashPlacements")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	switch mode {
	case "import":
		// Batches of units, one transaction each, until killed; "begin k"
		// before batch k, "committed k" after it.
		from, _ := strconv.Atoi(os.Getenv(envCrashFrom))
		for k := from; ; k++ {
			units := make([]housing.Unit, crashBatch)
			for i := range units {
				units[i] = storetest.Unit(fmt.Sprintf("b%03d-u%05d", k, i), "")
			}
			say("begin %d", k)
			if err := st.ImportUnits(ctx, crashTenant, units); err != nil {
				say("error %v", err)
				os.Exit(3)
			}
			say("committed %d", k)
		}
	case "place":
		// 16 writers place households, each with its stay, one transaction
		// per placement, until killed; "ok id" after each commit. In round
		// 0, writer 0 stops in the middle of its 60th transaction, after its
		// writes (a stay in the bed kept for it), and says "mid id".
		from, _ := strconv.Atoi(os.Getenv(envCrashFrom)) // the round
		var wg sync.WaitGroup
		for w := range 16 {
			wg.Go(func() {
				for i := 0; ; i++ {
					id := fmt.Sprintf("r%d-w%02d-%05d", from, w, i)
					k := (w*61 + i*17) % (crashFacilities * crashUnitsEach) // every unit, in a scattered order
					unit := fmt.Sprintf("%s%d-u%02d", facilityPrefix(from), k/crashUnitsEach, k%crashUnitsEach)
					stop := from == 0 && w == 0 && i == 60
					if stop {
						unit = "fm-u00"
					}
					err := st.Update(ctx, crashTenant, func(tx store.Tx) error {
						if err := tx.Households().Create(storetest.Household("h-" + id)); err != nil {
							return err
						}
						if err := tx.Tenancies().Create(storetest.Placed("t-"+id, "h-"+id, unit, housing.MustParseDate("2025-02-01"))); err != nil {
							return err
						}
						if stop {
							say("mid %s", id)
							time.Sleep(time.Minute)
						}
						return nil
					})
					switch {
					case err == nil:
						say("ok %s", id)
					case errors.Is(err, housing.ErrConflict):
						// Full facility or occupied bed: refused, nothing written.
					default:
						say("error %v", err)
						os.Exit(3)
					}
				}
			})
		}
		wg.Wait()
	}
}

// facilityPrefix names the facilities of a placement round: f0..f7 in
// round 0, g0..g7 in round 1.
func facilityPrefix(round int) string { return string(rune('f' + round)) }

// child starts the crash child on path and returns it with its output.
func child(t *testing.T, mode, path string, from int) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrashMode+"="+mode, envCrashPath+"="+path, envCrashFrom+"="+strconv.Itoa(from))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, bufio.NewScanner(stdout)
}

// kill sends SIGKILL to the child and waits for it.
func kill(t *testing.T, cmd *exec.Cmd, out *bufio.Scanner) {
	t.Helper()
	killed(t, cmd, out)
}

// killed kills the child with SIGKILL and returns the lines it wrote that
// the parent had not read yet.
func killed(t *testing.T, cmd *exec.Cmd, out *bufio.Scanner) []string {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for out.Scan() {
		rest = append(rest, out.Text())
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed by SIGKILL: %v", err)
	}
	return rest
}

// reopen opens the store after the crash and checks the file's integrity.
func reopen(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.CheckIntegrity(context.Background()); err != nil {
		t.Fatalf("after the crash: %v", err)
	}
	return st
}

// A process killed with SIGKILL in the middle of a bulk import leaves every
// batch whole or absent: the units of the committed batches, each with its
// audit row, and nothing of the batch under way. Three rounds on one file,
// each child going on from the next batch and killed inside its second.
func TestCrashImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	next := 0 // the first batch of the next child
	for round := range 3 {
		cmd, out := child(t, "import", path, next)
		under, committed := -1, -1
		for out.Scan() {
			line := out.Text()
			if k, ok := strings.CutPrefix(line, "committed "); ok {
				committed, _ = strconv.Atoi(k)
			}
			if k, ok := strings.CutPrefix(line, "begin "); ok {
				under, _ = strconv.Atoi(k)
				if under > next {
					// Inside the batch's transaction: writing its units
					// takes far longer than this.
					time.Sleep(time.Duration(5+10*round) * time.Millisecond)
					break
				}
			}
			if strings.HasPrefix(line, "error") {
				t.Fatal(line)
			}
		}
		// The child may be ahead of what was read (a loaded machine): the
		// lines it wrote before it died say where it was.
		for _, line := range killed(t, cmd, out) {
			if strings.HasPrefix(line, "error") {
				t.Fatal(line)
			}
			if k, ok := strings.CutPrefix(line, "committed "); ok {
				committed, _ = strconv.Atoi(k)
			}
			if k, ok := strings.CutPrefix(line, "begin "); ok {
				under, _ = strconv.Atoi(k)
			}
		}
		if committed == under {
			// Killed between two batches: the next one left nothing.
			under++
		}
		if committed != under-1 {
			t.Fatalf("round %d: batch %d under way, %d committed", round, under, committed)
		}
		st := reopen(t, path)
		var units, events int
		err := st.View(context.Background(), crashTenant, func(tx store.Tx) error {
			for p := (store.Page{Limit: store.MaxLimit}); ; {
				us, err := tx.Units().List(p)
				if err != nil {
					return err
				}
				units += len(us)
				if len(us) < p.Limit {
					break
				}
				p.After = us[len(us)-1].Value.ID
			}
			for q := (store.AuditQuery{Kind: store.KindUnit, Limit: store.MaxLimit}); ; {
				es, err := tx.Audit().List(q)
				if err != nil {
					return err
				}
				events += len(es)
				if len(es) < q.Limit {
					break
				}
				q.AfterSeq = es[len(es)-1].Seq
			}
			// The batch under way left nothing; the last committed one is whole.
			for i := range crashBatch {
				if _, err := tx.Units().Get(fmt.Sprintf("b%03d-u%05d", under, i)); !errors.Is(err, store.ErrNotFound) {
					t.Fatalf("round %d: unit %d of batch %d, killed under way: %v", round, i, under, err)
				}
			}
			_, err := tx.Units().Get(fmt.Sprintf("b%03d-u%05d", committed, crashBatch-1))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if units != under*crashBatch {
			t.Errorf("round %d: %d units with batches 0..%d committed, want %d", round, units, committed, under*crashBatch)
		}
		if events != units {
			t.Errorf("round %d: %d units but %d audit rows", round, units, events)
		}
		st.Close()
		t.Logf("round %d: killed in batch %d; %d units and %d audit rows", round, under, units, events)
		next = under
	}
}

// A process killed with SIGKILL in the middle of a burst of placements (16
// writers; one of them stopped inside its transaction) leaves every
// placement whole or absent: each committed placement is there with its
// household, stay and two audit rows, the stopped one left nothing, and no
// facility holds more than its beds.
func TestCrashPlacements(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update(ctx, crashTenant, func(tx store.Tx) error {
		// The bed of the placement stopped in its transaction.
		if err := tx.Facilities().Create(storetest.Facility("fm", 1)); err != nil {
			return err
		}
		return tx.Units().Create(storetest.Unit("fm-u00", "fm"))
	})
	for round := range 2 {
		if err == nil {
			err = st.Update(ctx, crashTenant, func(tx store.Tx) error {
				for f := range crashFacilities {
					fid := fmt.Sprintf("%s%d", facilityPrefix(round), f)
					if err := tx.Facilities().Create(storetest.Facility(fid, crashBedsEach)); err != nil {
						return err
					}
					for u := range crashUnitsEach {
						if err := tx.Units().Create(storetest.Unit(fmt.Sprintf("%s-u%02d", fid, u), fid)); err != nil {
							return err
						}
					}
				}
				return nil
			})
		}
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var ok []string
	var mid string
	for round := range 2 {
		cmd, out := child(t, "place", path, round)
		n := 0
		for out.Scan() {
			line := out.Text()
			if id, found := strings.CutPrefix(line, "ok "); found {
				ok = append(ok, id)
				n++
				// Round 1: killed wherever the burst is after 40 commits.
				if round == 1 && n == 40 {
					break
				}
			}
			if id, found := strings.CutPrefix(line, "mid "); found {
				mid = id
				break
			}
			if strings.HasPrefix(line, "error") {
				t.Fatal(line)
			}
		}
		if round == 0 && mid == "" {
			t.Fatal("the child ended without stopping in a transaction")
		}
		kill(t, cmd, out)
		checkPlacements(t, path, ok, mid)
	}
}

// checkPlacements reopens the store after a crash and checks it.
func checkPlacements(t *testing.T, path string, ok []string, mid string) {
	ctx := context.Background()
	st := reopen(t, path)
	defer st.Close()
	err := st.View(ctx, crashTenant, func(tx store.Tx) error {
		// The placement killed in its transaction left nothing.
		if _, err := tx.Households().Get("h-" + mid); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("household of the placement killed under way: %v", err)
		}
		if _, err := tx.Tenancies().Get("t-" + mid); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("stay of the placement killed under way: %v", err)
		}
		// Every placement reported committed is there.
		for _, id := range ok {
			if _, err := tx.Tenancies().Get("t-" + id); err != nil {
				t.Errorf("committed placement %s: %v", id, err)
			}
		}
		hs, err := tx.Households().List(store.Page{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		ts, err := tx.Tenancies().List(store.Page{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		if len(hs) != len(ts) || len(ts) < len(ok) {
			t.Errorf("%d households, %d stays, %d placements reported committed", len(hs), len(ts), len(ok))
		}
		for _, kind := range []store.Kind{store.KindHousehold, store.KindTenancy} {
			es, err := tx.Audit().List(store.AuditQuery{Kind: kind, Limit: store.MaxLimit})
			if err != nil {
				return err
			}
			if len(es) != len(ts) {
				t.Errorf("%d audit rows of kind %s for %d placements", len(es), kind, len(ts))
			}
		}
		fs, err := tx.Facilities().List(store.Page{})
		if err != nil {
			return err
		}
		full := 0
		for _, f := range fs {
			o, err := tx.Facilities().Occupancy(f.Value.ID, housing.MustParseDate("2025-02-01"))
			if err != nil {
				return err
			}
			if o.BedsInUse > o.BedCapacity {
				t.Errorf("facility %s: %d beds in use of %d", f.Value.ID, o.BedsInUse, o.BedCapacity)
			}
			if o.BedsInUse == o.BedCapacity {
				full++
			}
		}
		t.Logf("killed with %d placements reported committed; %d stays stored; %d of %d facilities full", len(ok), len(ts), full, len(fs))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
