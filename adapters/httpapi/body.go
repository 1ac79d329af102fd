package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"github.com/housingkit/housingkit/internal/reader"
)

// readBody reads the request body strictly into v (see package reader:
// unknown and duplicate keys, wrong types, missing required keys, values a
// type refuses) and runs validate after decoding, placing its problems at
// the positions of the fields they name. It returns nil or an invalid
// *housing.Error with every problem (paths become JSON pointers in the
// answer).
func (rq *request) readBody(v any, validate func() error) error {
	data, err := io.ReadAll(rq.r.Body)
	if err != nil {
		return err
	}
	return readJSON(data, v, validate)
}

// readJSON is readBody's reading of data.
func readJSON(data []byte, v any, validate func() error) error {
	if len(data) == 0 {
		return housing.Errorf(housing.CodeInvalid, "http.body", "the request has no body: want a JSON object")
	}
	var opts []reader.Option
	if validate != nil {
		opts = append(opts, input.Validate(validate))
	}
	if err := reader.Read(bodyName, data, v, opts...); err != nil {
		return &housing.Error{Code: housing.CodeInvalid, Key: "http.body", Message: messages["http.body"].EN,
			Texts: &housing.Text{IT: messages["http.body"].IT, EN: messages["http.body"].EN}, Problems: input.Problems(err)}
	}
	return nil
}

// invalid returns the invalid-request error listing ps, or nil for none.
func invalid(ps housing.Problems) error {
	if len(ps) == 0 {
		return nil
	}
	ps.Sort()
	t := messages["http.body"]
	return &housing.Error{Code: housing.CodeInvalid, Key: "http.body", Message: t.EN, Texts: &t, Problems: ps}
}

// problemsOf returns the problems of a validation error (an invalid
// *housing.Error), or nil and false for any other error.
func problemsOf(err error) (housing.Problems, bool) {
	var he *housing.Error
	if errors.As(err, &he) && he.Code == housing.CodeInvalid {
		if len(he.Problems) > 0 {
			return he.Problems, true
		}
		return housing.Problems{{Message: he.Message}}, true
	}
	return nil, false
}

// writeJSON answers v as JSON with status.
func (rq *request) writeJSON(status int, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return internalError("encoding the response: " + err.Error())
	}
	rq.writeData(status, append(data, '\n'))
	return nil
}

// writeDecision answers d with status: what writeJSON(status, d) answers,
// byte for byte and with the same headers, written by d.AppendJSON (no
// reflection) into a buffer from the batch's pool (batchBufs).
func (rq *request) writeDecision(status int, d *eligibility.Decision) error {
	b := batchBufs.Get().(*batchBuf)
	defer putBatchBuf(b) // Write copies the data: the buffer is free again after it
	data, err := d.AppendJSON(b.out[:0])
	if err != nil {
		return internalError("encoding the response: " + err.Error())
	}
	b.out = append(data, '\n')
	rq.writeData(status, b.out)
	return nil
}

// writeData answers data, a JSON document and its newline, with status.
func (rq *request) writeData(status int, data []byte) {
	h := rq.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	rq.w.WriteHeader(status)
	_, _ = rq.w.Write(data)
}

// query returns the query parameter name, and whether it was given.
func (rq *request) query(name string) (string, bool) {
	q := rq.r.URL.Query()
	v, ok := q[name]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// queryDate reads the date in the query parameter name, required or not.
func (rq *request) queryDate(name string, required bool) (housing.Date, error) {
	s, ok := rq.query(name)
	if !ok || s == "" {
		if required {
			return housing.Date{}, invalid(housing.Problems{{Path: "?" + name, Message: "is required: a date YYYY-MM-DD"}})
		}
		return housing.Date{}, nil
	}
	d, err := housing.ParseDate(s)
	if err != nil {
		return housing.Date{}, invalid(housing.Problems{{Path: "?" + name, Message: housing.ErrorMessage(err)}})
	}
	return d, nil
}

var _ = http.StatusOK
