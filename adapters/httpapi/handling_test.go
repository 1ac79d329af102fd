package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/adapters/memory"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
)

func TestInvalidBodyEveryProblemWithItsPointer(t *testing.T) {
	s := newService(t, httpapi.Options{})
	body := `{"ruleset":"crema.ospitalita-temporanea","date":"2025-02-30","colour":"blue",
 "household":{"id":"h1","members":[{"role":"reference","birth_date":"1980-13-01","incomes":[{"kind":"salary","annual":"-5"}]}]},
 "overlays":[{"format":"housingkit.overlay/v1","id":"x","base":"crema.ospitalita-temporanea","title":{"it":"x","en":"x"},"params":{"no_such_parameter":{"value":1}}}]}`
	for _, tc := range []struct{ lang, title string }{{"it-IT,it;q=0.9", "Richiesta non valida"}, {"en-GB", "Invalid request"}, {"de", "Invalid request"}} {
		r := s.call(t, "POST", "/v1/evaluate", tokenA, []byte(body), "Accept-Language: "+tc.lang)
		mustStatus(t, r, 400)
		p := r.problem(t)
		if p.Title != tc.title || p.Code != "invalid" || p.Type != httpapi.ProblemType+"invalid" || p.Status != 400 {
			t.Errorf("%s: problem %+v", tc.lang, p)
		}
		pointers := map[string]bool{}
		for _, fp := range p.Problems {
			pointers[fp.Pointer] = true
		}
		for _, want := range []string{"/date", "/colour", "/household/members/0/birth_date", "/household/members/0/incomes/0/kind"} {
			if !pointers[want] {
				t.Errorf("%s: no problem at %s; problems: %+v", tc.lang, want, p.Problems)
			}
		}
		// Positions are the body's: line 2, the column of the bad date.
		line2 := strings.Split(body, "\n")[1]
		for _, fp := range p.Problems {
			if fp.Pointer == "/household/members/0/birth_date" && (fp.Line != 2 || fp.Col != strings.Index(line2, `"1980-13-01"`)+1) {
				t.Errorf("birth_date problem at %d:%d, want 2:%d", fp.Line, fp.Col, strings.Index(line2, `"1980-13-01"`)+1)
			}
			if fp.Pointer == "/overlays/0/params" && fp.Line != 3 {
				t.Errorf("overlay problem at line %d, want 3", fp.Line)
			}
		}
	}
	it := s.call(t, "POST", "/v1/evaluate", tokenA, []byte(body), "Accept-Language: it").problem(t)
	en := s.call(t, "POST", "/v1/evaluate", tokenA, []byte(body), "Accept-Language: en").problem(t)
	if it.Detail == en.Detail {
		t.Errorf("the detail is the same in Italian and English: %q", it.Detail)
	}

	// The household is fine; the overlay is not: its problems under
	// /overlays/0.
	hh := repoFile(t, "testdata/crema-household-family-of-four.json")
	bad := []byte(`format: housingkit.overlay/v1
id: broken
base: crema.ospitalita-temporanea
title: {it: rotto, en: broken}
remove: [no_such_rule]
`)
	r := s.call(t, "POST", "/v1/evaluate", tokenA, evaluateBody(t, hh, bad))
	mustStatus(t, r, 400)
	p := r.problem(t)
	if len(p.Problems) == 0 || !strings.HasPrefix(p.Problems[0].Pointer, "/overlays/0") {
		t.Fatalf("overlay problems not under /overlays/0: %+v", p.Problems)
	}
	// An unknown rule set.
	r = s.call(t, "POST", "/v1/evaluate", tokenA, []byte(`{"ruleset":"nowhere","date":"2025-01-01","household":`+string(hh)+`}`))
	mustStatus(t, r, 400)
	if p := r.problem(t); p.Problems[0].Pointer != "/ruleset" {
		t.Fatalf("unknown rule set: %+v", p.Problems)
	}
}

func TestNotJSONNotRouteTooLarge(t *testing.T) {
	s := newService(t, httpapi.Options{MaxBodyBytes: 4096})
	for _, body := range []string{"", "not json", "[1,2]", `{"ruleset":`, "\x00\x01", `{"ruleset":"a","ruleset":"b"}`} {
		r := s.call(t, "POST", "/v1/evaluate", tokenA, []byte(body))
		if r.status != 400 {
			t.Errorf("body %q: status %d, want 400: %s", body, r.status, r.body)
		}
		r.problem(t)
	}
	big := bytes.Repeat([]byte(" "), 5000)
	r := s.call(t, "POST", "/v1/evaluate", tokenA, append(big, '{', '}'))
	mustStatus(t, r, http.StatusRequestEntityTooLarge)
	if p := r.problem(t); p.Key != "http.too_large" {
		t.Fatalf("too large: %+v", p)
	}
	r = s.call(t, "GET", "/v1/nowhere", tokenA, nil, "Accept-Language: it")
	mustStatus(t, r, 404)
	if p := r.problem(t); p.Title != "Non trovato" {
		t.Fatalf("no route: %+v", p)
	}
	r = s.call(t, "DELETE", "/v1/evaluate", tokenA, nil)
	mustStatus(t, r, 405)
	if r.header.Get("Allow") == "" {
		t.Fatal("405 without Allow")
	}
	r.problem(t)
}

func TestLogsCarryNoPersonalData(t *testing.T) {
	s := newService(t, httpapi.Options{})
	hh := householdJSON(fiscalCode, fiscalCode, personName)
	mustStatus(t, s.call(t, "POST", "/v1/households", tokenA, hh), 201)
	mustStatus(t, s.call(t, "GET", "/v1/households/"+fiscalCode, tokenA, nil), 200)
	mustStatus(t, s.call(t, "GET", "/v1/households/"+fiscalCode2, tokenA, nil), 404)
	mustStatus(t, s.call(t, "GET", "/v1/households/"+fiscalCode, tokenB, nil), 404)
	mustStatus(t, s.call(t, "POST", "/v1/households", tokenA, hh), 409)
	// Invalid input that quotes the personal data back in its problems.
	bad := []byte(`{"id":"` + fiscalCode2 + `","members":[{"role":"` + personName2 + `","birth_date":"1980-01-01","incomes":[]}]}`)
	r := s.call(t, "POST", "/v1/households", tokenA, bad)
	mustStatus(t, r, 400)
	if !strings.Contains(string(r.body), personName2) {
		t.Logf("the problem does not quote the bad value (fine): %s", r.body)
	}
	ev := evaluateBody(t, householdJSON(fiscalCode2, fiscalCode2, personName2))
	mustStatus(t, s.call(t, "POST", "/v1/evaluate", tokenA, ev), 200)
	batch := `{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03"}` + "\n" + `{"household":` + string(hh) + "}\n" + `{"household":{"id":"` + personName2 + `"}}` + "\n"
	mustStatus(t, s.call(t, "POST", "/v1/evaluate/batch?who="+fiscalCode, tokenA, []byte(batch)), 200)

	logs := s.log.String()
	if strings.Count(logs, `"msg":"request"`) < 8 {
		t.Fatalf("expected a log line per request, got:\n%s", logs)
	}
	for _, secret := range []string{fiscalCode, fiscalCode2, personName, personName2, "Rossi", "Bianchi", tokenA, tokenB} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q:\n%s", secret, logs)
		}
	}
	for _, want := range []string{`"route":"POST /v1/households"`, `"route":"GET /v1/households/{id}"`, `"tenant":"comune-a"`, `"status":409`, `"error_key":"store.exists"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s:\n%s", want, logs)
		}
	}
}

func TestBatchStreamsInOrder(t *testing.T) {
	s := newService(t, httpapi.Options{BatchWorkers: 3})
	var b bytes.Buffer
	b.WriteString(`{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03"}` + "\n")
	const n = 2500
	var ref bytes.Buffer
	if err := json.Compact(&ref, []byte(cremaReferral)); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if i == 700 {
			b.WriteString(`{"household":{"id":"broken","members":[]}}` + "\n")
			continue
		}
		if i == 1200 {
			b.WriteString("\n") // blank lines are skipped
		}
		fmt.Fprintf(&b, `{"household":%s,"referral":%s}`+"\n", householdJSON(fmt.Sprintf("h%05d", i), "", "n"), ref.String())
	}
	r := s.call(t, "POST", "/v1/evaluate/batch", tokenA, b.Bytes())
	mustStatus(t, r, 200)
	if ct := r.header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Fatalf("Content-Type %s", ct)
	}
	sc := bufio.NewScanner(bytes.NewReader(r.body))
	sc.Buffer(nil, 1<<20)
	var lines []map[string]json.RawMessage
	for sc.Scan() {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("answer line is not JSON: %s", sc.Text())
		}
		lines = append(lines, m)
	}
	if len(lines) != n+1 {
		t.Fatalf("%d answer lines, want %d: %s", len(lines), n+1, r.body[:600])
	}
	prev := 0
	for i, m := range lines[:n] {
		var line int
		json.Unmarshal(m["line"], &line)
		if line <= prev {
			t.Fatalf("answer %d is for line %d after line %d", i, line, prev)
		}
		prev = line
		_, isDecision := m["decision"]
		_, isProblem := m["problem"]
		if (i == 700) != isProblem || isDecision == isProblem {
			t.Fatalf("answer %d: %v", i, m)
		}
		if isDecision {
			var d struct {
				HouseholdID string `json:"household_id"`
			}
			json.Unmarshal(m["decision"], &d)
			if d.HouseholdID != fmt.Sprintf("h%05d", i) {
				t.Fatalf("answer %d is the decision of %s", i, d.HouseholdID)
			}
		}
	}
	var sum struct{ Summary httpapi.BatchSummary }
	json.Unmarshal(mustJSON(t, lines[n]), &sum)
	if sum.Summary != (httpapi.BatchSummary{Lines: n, Decisions: n - 1, Problems: 1, Complete: true}) {
		t.Fatalf("summary %+v", sum.Summary)
	}
	// A bad header is a 400 before any line.
	r = s.call(t, "POST", "/v1/evaluate/batch", tokenA, []byte(`{"ruleset":"crema.ospitalita-temporanea"}`+"\n"))
	mustStatus(t, r, 400)
}

func TestReadinessPingsTheStore(t *testing.T) {
	st := memory.New()
	s := newService(t, httpapi.Options{Store: st})
	r := s.call(t, "GET", "/readyz", "", nil)
	mustStatus(t, r, 200)
	if r.json(t)["store"] != "ok" {
		t.Fatalf("readyz: %s", r.body)
	}
	st.Close()
	r = s.call(t, "GET", "/readyz", "", nil)
	mustStatus(t, r, 503)
	if p := r.problem(t); p.Key != "http.not_ready" {
		t.Fatalf("readyz of a closed store: %+v", p)
	}
	// The process itself is still alive.
	mustStatus(t, s.call(t, "GET", "/healthz", "", nil), 200)
}

// TestBatchClientGoneStopsTheWork closes the connection after the first
// answer lines of a large batch: the handler stops, leaving no goroutine
// behind, and the service goes on answering.
func TestBatchClientGoneStopsTheWork(t *testing.T) {
	s := newService(t, httpapi.Options{BatchWorkers: 2})
	body := batchBody(t, 20000, "decision")
	before := runtime.NumGoroutine()
	req, _ := http.NewRequest("POST", s.URL+"/v1/evaluate/batch", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tokenA)
	res, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(nil, 1<<20)
	for i := 0; i < 10 && sc.Scan(); i++ {
	}
	res.Body.Close()
	s.Client().Transport.(*http.Transport).CloseIdleConnections()
	// The request's goroutines end and its log line is written after the
	// client has gone; on a loaded machine that takes a while, so both are
	// awaited together.
	logged := func() bool { return strings.Contains(s.log.String(), `"route":"POST /v1/evaluate/batch"`) }
	deadline := time.Now().Add(20 * time.Second)
	for (runtime.NumGoroutine() > before+3 || !logged()) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+3 {
		t.Fatalf("%d goroutines after the client left, %d before", n, before)
	}
	if !logged() {
		t.Fatal("the batch request was not logged as finished")
	}
	mustStatus(t, s.call(t, "GET", "/healthz", "", nil), 200)
}

// TestBatchDecisionLineIsTheSDKsJSON checks a batch's answer line byte for
// byte: {"line":N,"decision":…} around exactly what json.Marshal gives the
// SDK's decision, on one line.
func TestBatchDecisionLineIsTheSDKsJSON(t *testing.T) {
	s := newService(t, httpapi.Options{})
	var hh, ref bytes.Buffer
	if err := json.Compact(&hh, repoFile(t, "testdata/crema-household-family-of-four.json")); err != nil {
		t.Fatal(err)
	}
	if err := json.Compact(&ref, []byte(cremaReferral)); err != nil {
		t.Fatal(err)
	}
	body := `{"ruleset":"crema.ospitalita-temporanea","date":"2025-03-03"}` + "\n" +
		`{"household":` + hh.String() + `,"referral":` + ref.String() + "}\n"
	r := s.call(t, "POST", "/v1/evaluate/batch", tokenA, []byte(body))
	mustStatus(t, r, 200)

	h, err := housing.ReadHousehold("h.json", hh.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var rf housing.Referral
	if err := json.Unmarshal(ref.Bytes(), &rf); err != nil {
		t.Fatal(err)
	}
	rs, _ := eligibility.Shipped("crema.ospitalita-temporanea")
	want, err := eligibility.Evaluate(rs, &h, housing.MustParseDate("2025-03-03"), eligibility.WithReferral(&rf))
	if err != nil {
		t.Fatal(err)
	}
	dj, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := bytes.Cut(r.body, []byte("\n"))
	if wantLine := `{"line":2,"decision":` + string(dj) + `}`; string(first) != wantLine {
		t.Fatalf("answer line\n got %s\nwant %s", first, wantLine)
	}
}
