// Command httpload is the load generator of the reference HTTP service
// (adapters/httpapi). It measures, on loopback only, and stops by itself:
//
//  1. -clients concurrent clients posting /v1/evaluate for -duration, each
//     request a Crema household with its referral (64 different ones in
//     turn): errors, requests per second, p50/p90/p99/max latency;
//  2. the cost of an overlay in the request: -rounds rounds of 2 s without
//     and 2 s with the crema.owner-exclusion overlay, alternating which goes
//     first, the same clients; medians of p50 and of requests per second;
//  3. one batch of -batch households posted to /v1/evaluate/batch, timed
//     from the first byte sent to the last byte of the answer, every answer
//     line checked.
//
// Without -addr it starts the service itself in this process, with a
// memory store, on 127.0.0.1 (the clients and the service then share the
// machine's cores). With -addr (a loopback address) and -token it loads a
// service started by `housingkit serve`.
//
//	go run ./bench/httpload [-clients 50] [-duration 10s] [-rounds 3] [-batch 50000] [-cpuprofile FILE]
//
// -duration 0 skips the evaluate runs: the batch is then the first work
// of a fresh process (nothing compiled, cached or warmed before it).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/adapters/memory"
	"go.yaml.in/yaml/v3"
)

func main() {
	clients := flag.Int("clients", 50, "concurrent clients")
	duration := flag.Duration("duration", 10*time.Second, "length of the evaluate run (at most 60s; 0 skips it and its warm-up: the batch in a fresh process)")
	rounds := flag.Int("rounds", 3, "rounds of the overlay comparison (2 s without, 2 s with), 0 to skip")
	batch := flag.Int("batch", 50000, "households in the batch, 0 to skip (at most 200,000)")
	addr := flag.String("addr", "", "a running service on loopback (host:port); default: start one in this process")
	token := flag.String("token", "", "bearer token for -addr")
	overlayFile := flag.String("overlay", "eligibility/rulesets/variants/crema.owner-exclusion.yaml", "overlay file for the comparison")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the batches (service and client) to this file")
	flag.Parse()
	if err := run(*clients, *duration, *rounds, *batch, *addr, *token, *overlayFile, *cpuProfile); err != nil {
		fmt.Fprintln(os.Stderr, "httpload:", err)
		os.Exit(1)
	}
}

func run(clients int, duration time.Duration, rounds, batch int, addr, token, overlayFile, cpuProfile string) error {
	if clients < 1 || clients > 1000 || duration < 0 || duration > time.Minute || batch < 0 || batch > 200_000 || rounds < 0 || rounds > 10 {
		return errors.New("bounds: 1..1000 clients, a duration up to 60s, up to 10 rounds, a batch up to 200,000")
	}
	if addr == "" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		h, err := httpapi.New(httpapi.Options{Store: memory.New()})
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: h, ReadTimeout: 5 * time.Minute, WriteTimeout: 5 * time.Minute}
		go srv.Serve(ln)
		defer srv.Shutdown(context.Background())
		addr = ln.Addr().String()
	} else if host, _, err := net.SplitHostPort(addr); err != nil || !isLoopback(host) {
		return fmt.Errorf("-addr %s: only a loopback address may be loaded", addr)
	}
	base := "http://" + addr
	overlay, err := overlayJSON(overlayFile)
	if err != nil {
		return err
	}
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	ld := loader{client: client, base: base, token: token, plain: bodies(64, nil), varied: bodies(64, overlay)}

	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("# httpload %s, Go %s, %d CPUs, GOMAXPROCS %d, load average %s\n", time.Now().UTC().Format(time.RFC3339),
		runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), strings.Join(strings.Fields(string(load))[:3], " "))
	fmt.Printf("# service %s (in process: %t)\n", base, token == "")

	if duration > 0 {
		if err := ld.evaluate(clients, duration, rounds); err != nil {
			return err
		}
	}
	if batch > 0 {
		if cpuProfile != "" {
			f, err := os.Create(cpuProfile)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer pprof.StopCPUProfile()
		}
		for _, output := range []string{"decision", "outcome"} {
			if err := ld.batch(batch, output); err != nil {
				return err
			}
		}
	}
	return nil
}

// evaluate runs the clients on /v1/evaluate for duration after a second
// of warm-up, then the rounds of the overlay comparison.
func (ld *loader) evaluate(clients int, duration time.Duration, rounds int) error {
	ld.phase(clients, time.Second, false) // warm-up
	r := ld.phase(clients, duration, false)
	fmt.Printf("evaluate: %d clients, %s: %d requests, %d errors, %.0f req/s, p50 %s, p90 %s, p99 %s, max %s; CPU %s a request (service and client)\n",
		clients, duration, r.n, r.errors, r.rps(), r.q(0.50), r.q(0.90), r.q(0.99), r.q(1), (r.cpu / time.Duration(max(r.n, 1))).Round(time.Microsecond))
	if r.errors > 0 {
		fmt.Printf("evaluate: first error: %s\n", r.firstErr)
	}
	if rounds > 0 {
		var p50s, p50v, rpss, rpsv, cpus, cpuv []float64
		for i := range rounds {
			order := []bool{false, true}
			if i%2 == 1 {
				order = []bool{true, false}
			}
			for _, withOverlay := range order {
				p := ld.phase(clients, 2*time.Second, withOverlay)
				if p.errors > 0 {
					return fmt.Errorf("overlay round %d: %d errors, first: %s", i, p.errors, p.firstErr)
				}
				perReq := float64(p.cpu) / float64(p.n)
				if withOverlay {
					p50v, rpsv, cpuv = append(p50v, float64(p.q(0.5))), append(rpsv, p.rps()), append(cpuv, perReq)
				} else {
					p50s, rpss, cpus = append(p50s, float64(p.q(0.5))), append(rpss, p.rps()), append(cpus, perReq)
				}
			}
		}
		mb, mv := median(p50s), median(p50v)
		cb, cv := median(cpus), median(cpuv)
		fmt.Printf("overlay: %d rounds × 2 s each way, %d clients: p50 without %s, with %s (%+.1f%%); req/s without %.0f, with %.0f (%+.1f%%)\n",
			rounds, clients, time.Duration(mb), time.Duration(mv), 100*(mv/mb-1), median(rpss), median(rpsv), 100*(median(rpsv)/median(rpss)-1))
		fmt.Printf("overlay: CPU per request (service and client) without %s, with %s (%+.1f%%)\n",
			time.Duration(cb).Round(time.Microsecond), time.Duration(cv).Round(time.Microsecond), 100*(cv/cb-1))
	}
	return nil
}

// cpuTime returns the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// overlayJSON reads an overlay file (YAML) as JSON.
func overlayJSON(path string) (json.RawMessage, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%v (run from the repository's root)", err)
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

const referral = `{"id":"r1","household_id":"h","programme_id":"crema.ospitalita-temporanea","date":"2025-02-20","team":{"name":"Servizio sociale","kind":"social_service"},"with":[{"name":"Equipe Integrata Servizi Abitativi","kind":"integrated_housing"}]}`

// household returns the JSON of the i-th test household: Crema families of
// one to four, incomes, ISEE and flags varied by i.
func household(i int) string {
	kids := ""
	for k := range i % 4 {
		kids += fmt.Sprintf(`,{"role":"child","birth_date":"20%02d-0%d-15","incomes":[]}`, 10+k*3, 1+k)
	}
	return fmt.Sprintf(`{"id":"h%06d","members":[{"role":"reference","birth_date":"19%02d-04-30","incomes":[{"kind":"employment","annual":"%d.00"}],"recently_impoverished":%t}%s],`+
		`"isee":{"value":"%d.00","issued_on":"2025-01-20"},"residence":{"municipality":"Crema","region":"Lombardia","since":"2017-03-01"},"living_situation":"8.1","ownership":{"owns_dwelling":%t,"adequate":true},"emergency":{"eviction_order":%t}}`,
		i, 50+i%40, 3000+(i*7919)%30000, i%3 == 0, kids, 2000+(i*104729)%20000, i%7 == 0, i%5 == 0)
}

// bodies returns n evaluate request bodies, with the overlay when given.
func bodies(n int, overlay json.RawMessage) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		ov := ""
		if overlay != nil {
			ov = `,"overlays":[` + string(overlay) + `]`
		}
		out[i] = []byte(`{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03","household":` + household(i) + `,"referral":` + referral + ov + `}`)
	}
	return out
}

type loader struct {
	client        *http.Client
	base, token   string
	plain, varied [][]byte
}

type result struct {
	n, errors int
	cpu       time.Duration // CPU time of this process during the phase
	lat       []time.Duration
	elapsed   time.Duration
	firstErr  string
}

func (r *result) rps() float64 { return float64(r.n) / r.elapsed.Seconds() }

func (r *result) q(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(p * float64(len(r.lat)-1))
	return r.lat[i]
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// phase runs clients for d, each posting evaluate requests back to back.
func (ld *loader) phase(clients int, d time.Duration, withOverlay bool) *result {
	set := ld.plain
	if withOverlay {
		set = ld.varied
	}
	var mu sync.Mutex
	total := &result{}
	var wg sync.WaitGroup
	cpu0 := cpuTime()
	start := time.Now()
	deadline := start.Add(d)
	for c := range clients {
		wg.Go(func() {
			var lat []time.Duration
			errs, first := 0, ""
			for i := c; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				req, _ := http.NewRequest(http.MethodPost, ld.base+"/v1/evaluate", bytes.NewReader(set[i%len(set)]))
				req.Header.Set("Content-Type", "application/json")
				if ld.token != "" {
					req.Header.Set("Authorization", "Bearer "+ld.token)
				}
				res, err := ld.client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if err == nil && res.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", res.StatusCode)
					}
				}
				lat = append(lat, time.Since(t0))
				if err != nil {
					if errs == 0 {
						first = err.Error()
					}
					errs++
				}
			}
			mu.Lock()
			total.lat = append(total.lat, lat...)
			total.n += len(lat)
			total.errors += errs
			if total.firstErr == "" {
				total.firstErr = first
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	total.cpu = cpuTime() - cpu0
	slices.Sort(total.lat)
	return total
}

// batch posts n households in one NDJSON request and checks every line of
// the answer.
func (ld *loader) batch(n int, output string) error {
	var body bytes.Buffer
	body.WriteString(`{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03","output":"` + output + `"}` + "\n")
	for i := range n {
		body.WriteString(`{"household":` + household(i) + `,"referral":` + referral + "}\n")
	}
	size := body.Len()
	req, _ := http.NewRequest(http.MethodPost, ld.base+"/v1/evaluate/batch", &body)
	req.Header.Set("Content-Type", "application/x-ndjson")
	if ld.token != "" {
		req.Header.Set("Authorization", "Bearer "+ld.token)
	}
	cpu0 := cpuTime()
	t0 := time.Now()
	res, err := ld.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		return fmt.Errorf("batch: status %d: %s", res.StatusCode, b)
	}
	first := time.Since(t0)
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	decisions, problems, outBytes := 0, 0, 0
	var summary struct {
		Summary *httpapi.BatchSummary `json:"summary"`
	}
	for sc.Scan() {
		line := sc.Bytes()
		outBytes += len(line) + 1
		switch {
		case bytes.HasPrefix(line, []byte(`{"line":`)) && (bytes.Contains(line[:min(len(line), 30)], []byte(`"decision"`)) || bytes.Contains(line, []byte(`"outcome"`))):
			decisions++
		case bytes.HasPrefix(line, []byte(`{"line":`)):
			problems++
		default:
			if err := json.Unmarshal(line, &summary); err != nil {
				return fmt.Errorf("batch: answer line: %v", err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	total := time.Since(t0)
	cpu := cpuTime() - cpu0
	if summary.Summary == nil || !summary.Summary.Complete || decisions != n || problems != 0 {
		return fmt.Errorf("batch: %d decisions, %d problems, summary %+v; want %d decisions", decisions, problems, summary.Summary, n)
	}
	extra := ""
	if ld.token == "" {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		extra = fmt.Sprintf("; CPU of this process (service and client) %s, %.0f households per CPU-second; peak RSS of the process so far %d MB (the request body is held by the client)",
			cpu.Round(time.Millisecond), float64(n)/cpu.Seconds(), ru.Maxrss/1024)
	}
	fmt.Printf("batch (%s): %d households (%.1f MB in, %.1f MB out) in %s (%.0f households/s), first answer byte after %s%s\n",
		output, n, float64(size)/1e6, float64(outBytes)/1e6, total.Round(time.Millisecond), float64(n)/total.Seconds(), first.Round(time.Millisecond), extra)
	return nil
}
