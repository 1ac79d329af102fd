package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/reader"
	"github.com/housingkit/housingkit/store"
)

// Default limits of a Handler (see Options).
const (
	// DefaultMaxBodyBytes bounds the body of a JSON request: the strict
	// reader's own limit of one document.
	DefaultMaxBodyBytes = reader.MaxBytes
	// DefaultMaxBatchBytes bounds the body of a batch evaluation: 50,000
	// households of a few kilobytes each fit many times over.
	DefaultMaxBatchBytes = 1 << 30
	// DefaultMaxBatchLineBytes bounds one line of a batch: one household or
	// the header with its overlays.
	DefaultMaxBatchLineBytes = 1 << 20
)

// Options configure a Handler. The zero value serves the rule, rent,
// matching, parameter and schema endpoints to anyone and answers the store
// endpoints 401, having no store and no way to know a tenant.
type Options struct {
	// Store keeps the tenants' records. Without one the record endpoints
	// answer 404 (http.no_store) and /readyz reports ready.
	Store store.Store
	// Auth tells the tenant of a request from its credential. When set,
	// every /v1 endpoint requires a credential; when nil, the endpoints
	// that need no tenant are open and the others answer 401.
	Auth Authenticator
	// Logger receives one line per request (never a body, a query or a
	// path value); nil discards them.
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body (default DefaultMaxBodyBytes);
	// a larger body is answered 413.
	MaxBodyBytes int64
	// MaxBatchBytes bounds the body of a batch evaluation (default
	// DefaultMaxBatchBytes) and MaxBatchLineBytes one of its lines
	// (default DefaultMaxBatchLineBytes).
	MaxBatchBytes, MaxBatchLineBytes int64
	// BatchWorkers is how many households a batch evaluates at once
	// (default runtime.GOMAXPROCS(0)).
	BatchWorkers int
	// Casework carries cases over Store (the /v1/casework endpoints); nil
	// means casework.New(Store, casework.Options{}) — the five seed
	// programmes — when there is a Store.
	Casework *casework.Casework
	// RuleSet returns the rule set with an id; nil means
	// eligibility.Shipped. A vendor may serve its own rule sets through it.
	RuleSet func(id string) (*eligibility.RuleSet, error)
	// RuleSetIDs lists the ids RuleSet knows (for GET /v1/rulesets); nil
	// means eligibility.ShippedIDs.
	RuleSetIDs func() []string
}

// Handler is the HTTP service: an http.Handler safe for concurrent use that
// keeps no state of its own between requests (every record lives in the
// store), so that any number of instances can serve one store.
type Handler struct {
	opt    Options
	log    *slog.Logger
	mux    *http.ServeMux
	seq    atomic.Uint64
	routes []route
	// variants caches the rule sets derived from overlays (see ruleSet).
	variants *variantCache
}

// New returns the handler for opt. It returns an error only when it builds
// the default Casework and that fails.
func New(opt Options) (*Handler, error) {
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opt.MaxBatchBytes <= 0 {
		opt.MaxBatchBytes = DefaultMaxBatchBytes
	}
	if opt.MaxBatchLineBytes <= 0 {
		opt.MaxBatchLineBytes = DefaultMaxBatchLineBytes
	}
	if opt.BatchWorkers <= 0 {
		opt.BatchWorkers = runtime.GOMAXPROCS(0)
	}
	if opt.RuleSet == nil {
		opt.RuleSet = eligibility.Shipped
	}
	if opt.RuleSetIDs == nil {
		opt.RuleSetIDs = eligibility.ShippedIDs
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opt.Casework == nil && opt.Store != nil {
		cw, err := casework.New(opt.Store, casework.Options{})
		if err != nil {
			return nil, err
		}
		opt.Casework = cw
	}
	h := &Handler{opt: opt, log: log, mux: http.NewServeMux(), variants: newVariantCache(256)}
	h.register()
	return h, nil
}

// access says what a route needs from the caller.
type access int

const (
	public access = iota // no credential (health, description)
	open                 // a credential when the handler has an Authenticator
	tenant               // a credential naming a tenant, and a store
)

// route is one endpoint: its pattern, what it needs, and the function that
// serves it.
type route struct {
	method, path string
	access       access
	serve        func(*request) error
}

// request is what an endpoint's function receives.
type request struct {
	w      http.ResponseWriter
	r      *http.Request
	h      *Handler
	tenant store.Tenant
	lang   lang
}

func (h *Handler) handle(method, path string, acc access, fn func(*request) error) {
	rt := route{method: method, path: path, access: acc, serve: fn}
	h.routes = append(h.routes, rt)
	h.mux.Handle(method+" "+path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.serveRoute(w, r, rt)
	}))
}

// ServeHTTP serves a request: the route's function, or a problem for a
// path or method the service does not have.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	ctx := context.WithValue(r.Context(), logKey{}, &logInfo{})
	r = r.WithContext(ctx)
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			h.log.Error("panic serving request", "panic", fmt.Sprint(p))
			if !sw.wrote {
				writeProblem(sw, negotiate(r), internalError(fmt.Sprint(p)))
			}
		}
		h.logRequest(r, sw, start)
	}()
	handler, pattern := h.mux.Handler(r)
	ctx.Value(logKey{}).(*logInfo).route = pattern
	if pattern == "" {
		// No route: let the mux tell 404 from 405 (with its Allow
		// header), and answer as a problem.
		cw := &captureWriter{header: http.Header{}}
		handler.ServeHTTP(cw, r)
		if allow := cw.header.Get("Allow"); allow != "" {
			sw.Header().Set("Allow", allow)
		}
		key, msg := "http.no_route", fmt.Sprintf("no endpoint %s", r.URL.Path)
		if cw.status == http.StatusMethodNotAllowed {
			key, msg = "http.method", fmt.Sprintf("method %s is not allowed here", r.Method)
		}
		writeProblemStatus(sw, negotiate(r), cw.status, &housing.Error{Code: housing.CodeNotFound, Key: key, Message: msg})
		return
	}
	h.mux.ServeHTTP(sw, r)
}

// serveRoute authenticates the request as the route needs, bounds its body,
// and runs the route's function, answering its error as a problem.
func (h *Handler) serveRoute(w http.ResponseWriter, r *http.Request, rt route) {
	rq := &request{w: w, r: r, h: h, lang: negotiate(r)}
	if r.Body != nil {
		limit := h.opt.MaxBodyBytes
		if rt.path == "/v1/evaluate/batch" {
			limit = h.opt.MaxBatchBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	if err := h.authenticate(rq, rt.access); err != nil {
		rq.fail(err)
		return
	}
	if err := rt.serve(rq); err != nil {
		rq.fail(err)
	}
}

func (h *Handler) authenticate(rq *request, acc access) error {
	if acc == public || (acc == open && h.opt.Auth == nil) {
		return nil
	}
	if h.opt.Auth == nil {
		return errUnauthenticated("this service has no authentication configured, so no request may see a tenant's records")
	}
	t, err := h.opt.Auth.Authenticate(rq.r)
	if err != nil {
		return err
	}
	if err := t.Validate(); err != nil {
		return internalError("authenticator returned an invalid tenant")
	}
	rq.tenant = t
	if li, ok := rq.r.Context().Value(logKey{}).(*logInfo); ok {
		li.tenant = string(t)
	}
	if acc == tenant && h.opt.Store == nil {
		return &housing.Error{Code: housing.CodeNotFound, Key: "http.no_store", Message: "this service has no store: start it with a store to keep records"}
	}
	return nil
}

// fail answers err as a problem, unless the response has begun.
func (rq *request) fail(err error) {
	if li, ok := rq.r.Context().Value(logKey{}).(*logInfo); ok {
		li.errKey = asSDK(err).Key
	}
	if sw, ok := rq.w.(*statusWriter); ok && sw.wrote {
		return
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeProblemStatus(rq.w, rq.lang, http.StatusRequestEntityTooLarge, &housing.Error{Code: housing.CodeInvalid, Key: "http.too_large",
			Message: fmt.Sprintf("the request body is larger than the limit of %d bytes", mbe.Limit)})
		return
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		writeProblemStatus(rq.w, rq.lang, http.StatusServiceUnavailable, &housing.Error{Code: housing.CodeInternal, Key: "http.cancelled",
			Message: "the request was cancelled or ran out of time"})
		return
	}
	writeProblem(rq.w, rq.lang, err)
}

// logKey is the context key of the request's log fields.
type logKey struct{}

// logInfo holds what the log line of a request says beyond the response.
type logInfo struct{ route, tenant, errKey string }

func (h *Handler) logRequest(r *http.Request, sw *statusWriter, start time.Time) {
	li := r.Context().Value(logKey{}).(*logInfo)
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	attrs := []slog.Attr{
		slog.Uint64("id", h.seq.Add(1)),
		slog.String("method", r.Method),
		slog.String("route", li.route),
		slog.Int("status", status),
		slog.Int64("bytes", sw.bytes),
		slog.Duration("duration", time.Since(start)),
	}
	if li.tenant != "" {
		attrs = append(attrs, slog.String("tenant", li.tenant))
	}
	if li.errKey != "" {
		attrs = append(attrs, slog.String("error_key", li.errKey))
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	h.log.LogAttrs(r.Context(), level, "request", attrs...)
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush sends what was written so far (streamed responses).
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap returns the writer underneath, for http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// captureWriter records what the mux answers a request without a route.
type captureWriter struct {
	header http.Header
	status int
}

func (w *captureWriter) Header() http.Header         { return w.header }
func (w *captureWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *captureWriter) WriteHeader(code int)        { w.status = code }
