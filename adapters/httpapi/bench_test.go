package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/httpapi"
)

// batchBody returns a batch of n Crema households with their referral,
// varied by index (incomes, ISEE, birth dates, size).
func batchBody(tb testing.TB, n int, output string) []byte {
	tb.Helper()
	var ref bytes.Buffer
	if err := json.Compact(&ref, []byte(cremaReferral)); err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString(`{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03","output":"` + output + `"}` + "\n")
	for i := range n {
		kids := ""
		for k := range i % 4 {
			kids += fmt.Sprintf(`,{"role":"child","birth_date":"20%02d-0%d-15","incomes":[]}`, 10+k*3, 1+k)
		}
		fmt.Fprintf(&b, `{"household":{"id":"h%06d","members":[{"role":"reference","birth_date":"19%02d-04-30","incomes":[{"kind":"employment","annual":"%d.00"}],"recently_impoverished":%t}%s],`+
			`"isee":{"value":"%d.00","issued_on":"2025-01-20"},"residence":{"municipality":"Crema","region":"Lombardia","since":"2017-03-01"},"living_situation":"8.1","ownership":{"owns_dwelling":false},"emergency":{"eviction_order":%t}},"referral":%s}`+"\n",
			i, 50+i%40, 3000+(i*7919)%30000, i%3 == 0, kids, 2000+(i*104729)%20000, i%5 == 0, ref.String())
	}
	return b.Bytes()
}

func BenchmarkBatch(b *testing.B) {
	for _, output := range []string{"decision", "outcome"} {
		b.Run(output, func(b *testing.B) { benchBatch(b, output) })
	}
}

func benchBatch(b *testing.B, output string) {
	h := mustNew(b, httpapi.Options{})
	body := batchBody(b, 5000, output)
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		w := &discardWriter{header: http.Header{}}
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/v1/evaluate/batch", bytes.NewReader(body)))
		if w.status != 200 {
			b.Fatal(w.status)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/5000, "ns/household")
	// CPU time of the process a household (both workers, the reader and
	// the writer): the figure that the load of a shared machine does not
	// distort; × 50,000 it is the CPU time of a 50,000-household batch.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(n)/5000, "cpu-ns/household")
}

// discardWriter is a ResponseWriter that keeps nothing of the body.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	return len(p), nil
}
func (w *discardWriter) WriteHeader(code int) { w.status = code }

// BenchmarkEvaluate serves POST /v1/evaluate in process, without and with
// an overlay in the request (the variant is derived once, then cached).
func BenchmarkEvaluate(b *testing.B) {
	hh := repoFile(b, "testdata/crema-household-family-of-four.json")
	overlay := repoFile(b, "eligibility/rulesets/variants/crema.owner-exclusion.yaml")
	for _, tc := range []struct {
		name string
		body []byte
	}{{"plain", evaluateBody(b, hh)}, {"overlay", evaluateBody(b, hh, overlay)}} {
		b.Run(tc.name, func(b *testing.B) {
			h := mustNew(b, httpapi.Options{})
			cpu0 := cpuTime()
			n := 0
			for b.Loop() {
				w := &discardWriter{header: http.Header{}}
				h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/v1/evaluate", bytes.NewReader(tc.body)))
				if w.status != 200 {
					b.Fatal(w.status)
				}
				n++
			}
			// CPU time of the process a request: the figure that the
			// load of a shared machine does not distort.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(n), "cpu-ns/op")
		})
	}
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
