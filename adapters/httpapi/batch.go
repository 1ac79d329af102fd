package httpapi

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"go.yaml.in/yaml/v3"
)

// BatchHeader is the first line of the body of POST /v1/evaluate/batch:
// the rule set, the date and the overlays every household of the batch is
// evaluated with.
type BatchHeader struct {
	RuleSet  string       `json:"ruleset" required:"true"`
	Date     housing.Date `json:"date" required:"true"`
	Overlays []yaml.Node  `json:"overlays,omitempty"`
	// Output is "decision" (the default: every decision in full, format
	// housingkit.decision/v1) or "outcome" (only the household's id and
	// outcome: {"line":N,"household_id":…,"outcome":…}, for
	// simulations that count outcomes).
	Output string `json:"output,omitempty"`
}

// BatchItem is every later line of the body of POST /v1/evaluate/batch: a
// household and, optionally, the referral that brings it.
type BatchItem struct {
	Household housing.Household `json:"household" required:"true"`
	Referral  *housing.Referral `json:"referral,omitempty"`
}

func (it *BatchItem) validate() error {
	var ps housing.Problems
	ps.Merge("household", it.Household.Validate())
	if it.Referral != nil {
		ps.Merge("referral", referralProblems(*it.Referral))
	}
	return ps.Err("")
}

// BatchSummary is the last line of a batch's answer: how many lines were
// read after the header, how many decisions and problems were answered, and
// whether the whole body was read (false when it broke off: a line over the
// limit, a body over the limit, a connection lost).
type BatchSummary struct {
	Lines     int  `json:"lines"`
	Decisions int  `json:"decisions"`
	Problems  int  `json:"problems"`
	Complete  bool `json:"complete"`
}

// batchWindow bounds how many lines a batch holds in memory at once
// (read and not yet answered); the answer is flushed to the client every
// batchFlushLines lines.
const (
	batchWindow     = 1024
	batchFlushLines = 256
)

// evaluateBatch streams a batch: NDJSON in (a header line, then one
// household a line), NDJSON out (one line per household, in input order:
// {"line":N,"decision":{…}} or {"line":N,"problem":{…}}, then
// {"summary":{…}}). Memory is bounded by a window of lines, whatever the
// size of the batch.
func (h *Handler) evaluateBatch(rq *request) error {
	sc := bufio.NewScanner(rq.r.Body)
	sc.Buffer(make([]byte, 64<<10), int(h.opt.MaxBatchLineBytes))
	line := 0
	next := func() ([]byte, bool) {
		for sc.Scan() {
			line++
			if b := bytes.TrimSpace(sc.Bytes()); len(b) > 0 {
				return b, true
			}
		}
		return nil, false
	}
	first, ok := next()
	if !ok {
		if err := sc.Err(); err != nil {
			return scanError(err, line+1)
		}
		return invalid(housing.Problems{{Message: "the batch is empty: want a header line {\"ruleset\":…,\"date\":…} and then one household a line"}})
	}
	var hd BatchHeader
	var ps housing.Problems
	if err := readJSON(first, &hd, nil); err != nil {
		p, ok := problemsOf(err)
		if !ok {
			return err
		}
		ps = append(ps, p...)
	}
	var rs *eligibility.RuleSet
	if hd.RuleSet != "" {
		key, load := yamlOverlays(hd.RuleSet, hd.Overlays)
		rs = h.ruleSet(&ps, hd.RuleSet, key, load, "")
	}
	switch hd.Output {
	case "", "decision", "outcome":
	default:
		ps.Add("output", "unknown value %q; want decision or outcome", hd.Output)
	}
	if err := invalid(ps); err != nil {
		return err
	}
	outcomeOnly := hd.Output == "outcome"

	w := rq.w
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 64<<10)
	rc := http.NewResponseController(w)
	sum := BatchSummary{Complete: true}

	// A pipeline: this goroutine reads lines, workers evaluate them, a
	// writer puts the answers in input order. At most batchWindow lines
	// are between reading and writing at any time, whatever the batch's
	// size.
	ctx, cancel := context.WithCancel(rq.r.Context())
	defer cancel()
	type job struct {
		seq, line int
		buf       *batchBuf // the line in buf.in
	}
	type result struct {
		seq int
		buf *batchBuf // the answer in buf.out
		ok  bool
	}
	window := make(chan struct{}, batchWindow)
	jobs := make(chan job, batchWindow)
	results := make(chan result, batchWindow)
	var workers sync.WaitGroup
	for range h.opt.BatchWorkers {
		workers.Go(func() {
			for j := range jobs {
				var ok bool
				j.buf.out, ok = h.batchLine(j.buf.out[:0], rs, hd.Date, rq.lang, j.line, j.buf.in, outcomeOnly)
				select {
				case results <- result{j.seq, j.buf, ok}:
				case <-ctx.Done():
				}
			}
		})
	}
	go func() { workers.Wait(); close(results) }()
	written := make(chan error, 1)
	go func() {
		pending := map[int]result{}
		next := 0
		var werr error
		for r := range results {
			pending[r.seq] = r
			for {
				p, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				<-window
				if werr != nil {
					continue
				}
				sum.Lines++
				if p.ok {
					sum.Decisions++
				} else {
					sum.Problems++
				}
				_, err := bw.Write(p.buf.out)
				putBatchBuf(p.buf)
				if err != nil {
					werr = err
					cancel() // the client is gone: stop reading
					continue
				}
				if next%batchFlushLines == 0 {
					if werr = bw.Flush(); werr != nil {
						cancel()
					}
					_ = rc.Flush()
				}
			}
		}
		written <- werr
	}()
	seq := 0
read:
	for {
		b, ok := next()
		if !ok {
			break
		}
		select {
		case window <- struct{}{}:
		case <-ctx.Done():
			break read
		}
		buf := batchBufs.Get().(*batchBuf)
		buf.in = append(buf.in[:0], b...)
		jobs <- job{seq: seq, line: line, buf: buf}
		seq++
	}
	close(jobs)
	if err := <-written; err != nil {
		return nil // the client is gone: nothing more can be said
	}
	if err := sc.Err(); err != nil {
		sum.Complete = false
		he := asSDK(scanError(err, line+1))
		if he.Code == housing.CodeInternal {
			// The body broke off (the client went away, or a read failed).
			he = &housing.Error{Code: housing.CodeInvalid, Key: "http.body", Message: "the body broke off before its end"}
		}
		p := problemBody(rq.lang, statusOf(he), he)
		b, _ := json.Marshal(struct {
			Line    int     `json:"line"`
			Problem Problem `json:"problem"`
		}{line + 1, p})
		bw.Write(append(b, '\n'))
	} else if ctx.Err() != nil {
		return nil
	}
	b, _ := json.Marshal(struct {
		Summary BatchSummary `json:"summary"`
	}{sum})
	bw.Write(append(b, '\n'))
	bw.Flush()
	return nil
}

// scanError turns a failure to read the batch's next line into an error.
func scanError(err error, line int) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, bufio.ErrTooLong):
		return &housing.Error{Code: housing.CodeInvalid, Key: "http.too_large",
			Message: "line " + strconv.Itoa(line) + " is longer than the limit of a batch line"}
	}
	return internalError("reading the batch: " + err.Error())
}

// batchBuf carries one line of a batch from the goroutine that reads it
// (in: a copy of the line) through the worker that evaluates it (out: the
// answer line) to the writer that sends it; writeDecision borrows one for
// its answer too. A decision is about 10 kB of
// JSON: batchBufs reuses the buffers, which spares allocating (and
// clearing, and collecting) them twice a line. Nothing keeps a reference
// into in or out once the line is written: the reader copies what it
// keeps.
type batchBuf struct {
	in, out []byte
}

var batchBufs = sync.Pool{New: func() any { return new(batchBuf) }}

// putBatchBuf gives b back to batchBufs, unless an unusually long line or
// answer made it large.
func putBatchBuf(b *batchBuf) {
	if cap(b.in) <= 1<<20 && cap(b.out) <= 1<<20 {
		batchBufs.Put(b)
	}
}

// batchLine evaluates one line of a batch and appends its answer line to
// out; it reports whether the answer is a decision.
func (h *Handler) batchLine(out []byte, rs *eligibility.RuleSet, on housing.Date, l lang, line int, data []byte, outcomeOnly bool) ([]byte, bool) {
	var it BatchItem
	if err := readJSON(data, &it, it.validate); err != nil {
		return append(out, problemLine(l, line, err)...), false
	}
	var opts []eligibility.Option
	if it.Referral != nil {
		opts = append(opts, eligibility.WithReferral(it.Referral))
	}
	if outcomeOnly {
		o, err := eligibility.EvaluateOutcome(rs, &it.Household, on, opts...)
		if err != nil {
			return append(out, problemLine(l, line, err)...), false
		}
		id, _ := json.Marshal(it.Household.ID)
		b := append(out, `{"line":`...)
		b = strconv.AppendInt(b, int64(line), 10)
		b = append(b, `,"household_id":`...)
		b = append(b, id...)
		b = append(b, `,"outcome":"`...)
		b = append(b, o...)
		return append(b, "\"}\n"...), true
	}
	d, err := eligibility.Evaluate(rs, &it.Household, on, opts...)
	if err != nil {
		return append(out, problemLine(l, line, err)...), false
	}
	// AppendJSON writes what json.Marshal returns (HTML escaped the same
	// way), without reflection, straight after the line's prefix.
	b := append(out, `{"line":`...)
	b = strconv.AppendInt(b, int64(line), 10)
	b = append(b, `,"decision":`...)
	b, err = d.AppendJSON(b)
	if err != nil {
		return append(out, problemLine(l, line, internalError("encoding a decision: "+err.Error()))...), false
	}
	return append(b, "}\n"...), true
}

func problemLine(l lang, line int, err error) []byte {
	he := asSDK(err)
	b, _ := json.Marshal(struct {
		Line    int     `json:"line"`
		Problem Problem `json:"problem"`
	}{line, problemBody(l, statusOf(he), he)})
	return append(b, '\n')
}
