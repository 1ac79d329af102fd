//go:build !lean

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/adapters/postgres"
	"github.com/jackc/pgx/v5"
)

const serveToken = "serve-test-token-0123456789abcdef"

// startServe runs runServe on a free loopback port until the test ends (or
// stop is called) and returns its base URL and a stop function that waits
// for it to return.
func startServe(t *testing.T, storeSpec string) (string, func() error) {
	t.Helper()
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens.txt")
	if err := os.WriteFile(tokens, []byte("comune-a "+httpapi.HashToken(serveToken)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var logs bytes.Buffer
	var mu sync.Mutex
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return logs.Write(p) })
	f := serveFlags{addr: "127.0.0.1:0", store: storeSpec, tokens: tokens, maxBody: httpapi.DefaultMaxBodyBytes,
		readTimeout: time.Minute, writeTimeout: time.Minute, idleTimeout: time.Minute, shutdownGrace: 20 * time.Second}
	go func() { done <- runServe(ctx, f, w, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve did not start: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("serve did not start in 30 s")
	}
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}
	t.Cleanup(func() { stop() })
	return "http://" + addr, stop
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func send(t *testing.T, method, u string, body io.Reader) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+serveToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func placementBodies(prefix string, beds, units, households int) (facility string, us, hs []string) {
	facility = fmt.Sprintf(`{"id":"%sf","name":"Casa","municipality":"Crema","bed_capacity":%d,"restrictions":{}}`, prefix, beds)
	for i := range units {
		us = append(us, fmt.Sprintf(`{"id":"%su%d","facility_id":"%sf","kind":"room","beds":1,"area_sqm":"12","rent":"0","service_charges":"0","contract":"free_loan","available_from":"2025-01-01","restrictions":{}}`, prefix, i, prefix))
	}
	for i := range households {
		hs = append(hs, fmt.Sprintf(`{"id":"%sh%d","members":[{"role":"reference","birth_date":"1980-01-01","incomes":[]}]}`, prefix, i))
	}
	return
}

func tenancyBody(id, household, unit string) string {
	return fmt.Sprintf(`{"id":%q,"household_id":%q,"unit_id":%q,"policy_id":"crema.ospitalita-temporanea","status":"active","start":"2025-03-01","planned_end":"2026-03-01",
"history":[{"date":"2025-03-01","to":"proposed"},{"date":"2025-03-01","from":"proposed","to":"active"}]}`, id, household, unit)
}

// TestServeShutdownFinishesRequestsInFlight starts the service on SQLite,
// begins a placement whose body is still arriving, asks the service to
// stop, then finishes the body: the placement is answered 201 and is in the
// store when it is opened again.
func TestServeShutdownFinishesRequestsInFlight(t *testing.T) {
	db := filepath.Join(t.TempDir(), "store.db")
	base, stop := startServe(t, "sqlite:"+db)
	pw, got := placementInFlight(t, base, "s")
	body := tenancyBody("st1", "sh0", "su0")
	half := len(body) / 2
	if _, err := pw.Write([]byte(body[:half])); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the request is in flight
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	time.Sleep(300 * time.Millisecond) // shutdown has begun
	select {
	case err := <-stopped:
		t.Fatalf("serve returned (%v) with a request in flight", err)
	default:
	}
	pw.Write([]byte(body[half:]))
	pw.Close()
	a := <-got
	if a.status != 201 {
		t.Fatalf("the placement in flight: %d %s", a.status, a.body)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("serve: %v", err)
	}
	// A new connection is refused now.
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Fatal("the service still answers after shutdown")
	}
	// The placement is in the store.
	base2, _ := startServe(t, "sqlite:"+db)
	if st, b := send(t, "GET", base2+"/v1/tenancies/st1", nil); st != 200 || !strings.Contains(b, `"su0"`) {
		t.Fatalf("after restart: %d %s", st, b)
	}
}

// pgURL returns the PostgreSQL server of HOUSINGKIT_POSTGRES_URL, skipping
// the test when it is unset (failing it when CI=true).
func pgURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("HOUSINGKIT_POSTGRES_URL")
	if u == "" {
		msg := "HOUSINGKIT_POSTGRES_URL is not set: the scale-out test needs a PostgreSQL server, e.g.\n" +
			"  HOUSINGKIT_POSTGRES_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./cmd/housingkit -run ScaleOut"
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but " + msg)
		}
		t.Skip(msg)
	}
	return u
}

// freshDatabase creates a migrated database for the test (dropped at its
// end) and returns the runtime login's URL to it.
func freshDatabase(t *testing.T, base string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const login = "housingkit_serve_test"
	if err := postgres.CreateRoles(ctx, base, login); err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "hk_serve_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name+" OWNER "+postgres.OwnerRole); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if c, err := pgx.Connect(ctx, base); err == nil {
			c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(ctx)
		}
	})
	p, _ := url.Parse(base)
	p.Path = "/" + name
	if err := postgres.Migrate(ctx, p.String(), nil); err != nil {
		t.Fatal(err)
	}
	p.User = url.User(login)
	return p.String()
}

// TestServeScaleOutNoDoubleBooking starts two instances of the service
// against one PostgreSQL database and races placements through both: 40
// households, 6 single-bed rooms in a facility of 4 beds, each household
// asking for room i mod 6 through instance i mod 2. Exactly 4 placements
// are accepted, no room twice, every other answer is 409.
func TestServeScaleOutNoDoubleBooking(t *testing.T) {
	dbURL := freshDatabase(t, pgURL(t))
	a, _ := startServe(t, "postgres:"+dbURL)
	b, _ := startServe(t, "postgres:"+dbURL)
	fac, us, hs := placementBodies("x", 4, 6, 40)
	send1 := func(path, body string) {
		if st, rb := send(t, "POST", a+path, strings.NewReader(body)); st != 201 {
			t.Fatalf("%s: %d %s", path, st, rb)
		}
	}
	send1("/v1/facilities", fac)
	for _, u := range us {
		send1("/v1/units", u)
	}
	for _, h := range hs {
		send1("/v1/households", h)
	}
	type result struct {
		unit   string
		status int
		body   string
	}
	results := make([]result, len(hs))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range hs {
		wg.Go(func() {
			<-start
			base := a
			if i%2 == 1 {
				base = b
			}
			unit := fmt.Sprintf("xu%d", i%len(us))
			req, _ := http.NewRequest("POST", base+"/v1/tenancies", strings.NewReader(tenancyBody(fmt.Sprintf("xt%d", i), fmt.Sprintf("xh%d", i), unit)))
			req.Header.Set("Authorization", "Bearer "+serveToken)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				results[i] = result{unit, 0, err.Error()}
				return
			}
			rb, _ := io.ReadAll(res.Body)
			res.Body.Close()
			results[i] = result{unit, res.StatusCode, string(rb)}
		})
	}
	close(start)
	wg.Wait()
	placed := map[string]int{}
	accepted := 0
	for i, r := range results {
		switch r.status {
		case 201:
			accepted++
			placed[r.unit]++
		case 409:
			if !strings.Contains(r.body, "store.unit_occupied") && !strings.Contains(r.body, "store.capacity") && !strings.Contains(r.body, "store.busy") {
				t.Errorf("household %d: 409 for another reason: %s", i, r.body)
			}
		default:
			t.Errorf("household %d: status %d: %s", i, r.status, r.body)
		}
	}
	for u, n := range placed {
		if n > 1 {
			t.Errorf("room %s placed %d times", u, n)
		}
	}
	if accepted != 4 {
		t.Errorf("%d placements accepted, want exactly the 4 beds", accepted)
	}
	// Both instances read the same occupancy from the store.
	for _, base := range []string{a, b} {
		st, body := send(t, "GET", base+"/v1/facilities/xf/occupancy?date=2025-03-02", nil)
		if st != 200 || !strings.Contains(body, `"beds_in_use":4`) {
			t.Errorf("occupancy via %s: %d %s", base, st, body)
		}
	}
}

// placementAnswer is the service's answer to a placement.
type placementAnswer struct {
	status int
	body   string
}

// placementInFlight creates a facility, a unit and a household (ids with
// prefix p) and starts a placement whose body the caller writes to pw and
// closes; its answer arrives on got.
func placementInFlight(t *testing.T, base, p string) (pw *io.PipeWriter, got <-chan placementAnswer) {
	t.Helper()
	fac, us, hs := placementBodies(p, 2, 1, 1)
	for _, pb := range [][2]string{{"/v1/facilities", fac}, {"/v1/units", us[0]}, {"/v1/households", hs[0]}} {
		if st, b := send(t, "POST", base+pb[0], strings.NewReader(pb[1])); st != 201 {
			t.Fatalf("%s: %d %s", pb[0], st, b)
		}
	}
	pr, pw := io.Pipe()
	answers := make(chan placementAnswer, 1)
	go func() {
		req, _ := http.NewRequest("POST", base+"/v1/tenancies", pr)
		req.Header.Set("Authorization", "Bearer "+serveToken)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			answers <- placementAnswer{0, err.Error()}
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		answers <- placementAnswer{res.StatusCode, string(b)}
	}()
	return pw, answers
}
