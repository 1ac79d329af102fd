package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/store"
	"go.yaml.in/yaml/v3"
)

// Tokens of the test tenants (long enough for MinTokenBytes).
const (
	tokenA = "token-of-tenant-a-0123456789"
	tokenB = "token-of-tenant-b-9876543210"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type service struct {
	*httptest.Server
	store store.Store
	log   *syncBuffer
}

func tokensFor(t testing.TB) *httpapi.Tokens {
	t.Helper()
	file := "# test tenants\ncomune-a " + httpapi.HashToken(tokenA) + "\ncomune-b " + httpapi.HashToken(tokenB) + "\n"
	tk, err := httpapi.ParseTokens("tokens.txt", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// newService starts the handler on a loopback test server with a memory
// store and two tenants.
func newService(t testing.TB, opt httpapi.Options) *service {
	t.Helper()
	logs := &syncBuffer{}
	if opt.Store == nil {
		opt.Store = memory.New()
	}
	if opt.Auth == nil {
		opt.Auth = tokensFor(t)
	}
	opt.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := httpapi.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &service{Server: srv, store: opt.Store, log: logs}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("answer is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

func (r reply) problem(t testing.TB) httpapi.Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json; body %s", ct, r.body)
	}
	var p httpapi.Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// call sends a request with the token (none when ""), and optional headers
// as "Name: value".
func (s *service) call(t testing.TB, method, path, token string, body []byte, headers ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	res, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: res.StatusCode, header: res.Header, body: b}
}

// repoFile reads a file of the repository, from its root.
func repoFile(t testing.TB, rel string) []byte {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// yamlToJSON converts a YAML document (an overlay file) to JSON.
func yamlToJSON(t testing.TB, data []byte) json.RawMessage {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type storeTenant = store.Tenant

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func mustRequest(t testing.TB, method, path, body string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	return httptest.NewRequest(method, path, rd)
}

func mustNew(t testing.TB, opt httpapi.Options) *httpapi.Handler {
	t.Helper()
	h, err := httpapi.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
