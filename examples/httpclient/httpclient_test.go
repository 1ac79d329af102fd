// Package httpclient holds a vendor's client of the HTTP service in another
// language (client.py, Python with only its standard library) and the test
// that runs it against the service on a loopback port.
package httpclient

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/adapters/memory"
)

// TestClient starts the service on 127.0.0.1 with a memory store and one
// tenant's token, and runs client.py against it.
func TestClient(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the example client is a Python script (" + err.Error() + ")")
	}
	const token = "example-token-of-comune-di-crema-0001"
	tokens, err := httpapi.ParseTokens("tokens.txt", []byte("comune-crema "+httpapi.HashToken(token)+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	h, err := httpapi.New(httpapi.Options{Store: memory.New(), Auth: tokens, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h) // listens on 127.0.0.1
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "client.py")
	cmd.Env = append(os.Environ(), "HOUSINGKIT_URL="+srv.URL, "HOUSINGKIT_TOKEN="+token)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("client.py: %v\n%s", err, out)
	}
	t.Logf("client.py:\n%s", out)
	for _, want := range []string{
		"decision for cr-ot-2025-017: eligible",
		"with variants vendor.size-limit-3",
		"invalid request: Richiesta non valida (invalid)",
		"/date:", "/household/members/0/birth_date:",
		"placed: tenancy t-017 in crema-casa-1-r1 from 2025-03-10 (version 1)",
		"second stay in the same room: 409 store.unit_occupied",
		"occupancy on 2025-04-01: 2 of 2 beds",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Without the token the client gets 401 at its first request.
	cmd = exec.CommandContext(ctx, py, "client.py")
	cmd.Env = append(os.Environ(), "HOUSINGKIT_URL="+srv.URL, "HOUSINGKIT_TOKEN=")
	out, err = cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "unexpected status 401") {
		t.Fatalf("without a token: %v\n%s", err, out)
	}
}
