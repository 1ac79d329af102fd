//go:build !lean

package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/httpapi"
)

// envServeChild makes the test binary run `housingkit serve` with the
// arguments in it (separated by newlines) instead of the tests.
const envServeChild = "HOUSINGKIT_TEST_SERVE_ARGS"

// TestServeChild is the child process of TestServeStopsOnSIGTERM.
func TestServeChild(t *testing.T) {
	args := os.Getenv(envServeChild)
	if args == "" {
		t.Skip("runs only as the child of TestServeStopsOnSIGTERM")
	}
	os.Exit(run(strings.Split(args, "\n"), os.Stdout, os.Stderr))
}

// TestServeStopsOnSIGTERM runs `housingkit serve` in a child process,
// starts a placement whose body is still arriving, sends the process
// SIGTERM, then finishes the body: the placement is answered 201, the
// process exits 0 after it, and the placement is in the SQLite file.
func TestServeStopsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process (-short)")
	}
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens.txt")
	if err := os.WriteFile(tokens, []byte("comune-a "+httpapi.HashToken(serveToken)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "store.db")
	child := exec.Command(os.Args[0], "-test.run=^TestServeChild$")
	child.Env = append(os.Environ(), envServeChild+"="+strings.Join([]string{"serve", "--addr", "127.0.0.1:0", "--store", "sqlite:" + db, "--tokens", tokens}, "\n"))
	stderr, err := child.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	// The first log line says where it listens.
	lines := bufio.NewScanner(stderr)
	var base string
	var logLines []string
	for base == "" && lines.Scan() {
		logLines = append(logLines, lines.Text())
		var rec struct{ Msg, Addr string }
		if json.Unmarshal(lines.Bytes(), &rec) == nil && rec.Msg == "serving" {
			base = "http://" + rec.Addr
		}
	}
	if base == "" {
		t.Fatalf("the child did not start:\n%s", strings.Join(logLines, "\n"))
	}
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		rest <- b.String()
	}()
	pw, got := placementInFlight(t, base, "g")
	body := tenancyBody("gt1", "gh0", "gu0")
	pw.Write([]byte(body[:len(body)/2]))
	time.Sleep(300 * time.Millisecond)
	if err := child.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	pw.Write([]byte(body[len(body)/2:]))
	pw.Close()
	a := <-got
	if a.status != 201 {
		t.Fatalf("the placement in flight at SIGTERM: %d %s", a.status, a.body)
	}
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the child exited with %v\n%s", err, <-rest)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the child did not exit within 30 s of SIGTERM")
	}
	logs := <-rest
	if !strings.Contains(logs, "shutting down") || !strings.Contains(logs, `"msg":"stopped"`) {
		t.Fatalf("log after SIGTERM:\n%s", logs)
	}
	// The placement is in the store.
	base2, _ := startServe(t, "sqlite:"+db)
	if st, b := send(t, "GET", base2+"/v1/tenancies/gt1", nil); st != 200 {
		t.Fatalf("after restart: %d %s", st, b)
	}
}
