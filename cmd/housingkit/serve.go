//go:build !lean

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/housingkit/housingkit/adapters/httpapi"
	"github.com/housingkit/housingkit/housing"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newServeCmd) }

// serveFlags are the flags of housingkit serve.
type serveFlags struct {
	addr, store, tokens string
	maxBody             int64
	readTimeout         time.Duration
	writeTimeout        time.Duration
	idleTimeout         time.Duration
	shutdownGrace       time.Duration
}

func newServeCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--store sqlite:FILE|postgres:URL|memory] [--tokens FILE]",
		Short: "Run the reference HTTP service (JSON under /v1, OpenAPI at /openapi.json)",
		Long: `Serve runs the reference HTTP service of package adapters/httpapi: rule
evaluation (with overlays in the request, and NDJSON batches), rent
sustainability and support, matching, rule sets, parameters, duration
policies and JSON Schemas, and — with --store and --tokens — each tenant's
records and placements. GET /openapi.json describes every endpoint.

--tokens names a file of bearer tokens, one a line as "TENANT sha256:HEX"
(the SHA-256 of the token: printf %s "$TOKEN" | sha256sum). The tenant of a
request comes only from its token. Without --tokens the record endpoints
answer 401 and the rule endpoints are open to anyone who can reach --addr.

The service stops on SIGINT or SIGTERM: it stops accepting connections and
finishes the requests in flight (up to --shutdown-grace) before it exits.
Request logs (JSON, on standard error) carry no personal data.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runServe(ctx, f, cmd.ErrOrStderr(), nil)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	fl.StringVar(&f.store, "store", "", storeFlagHelp+"; default: none (no record endpoints)")
	fl.StringVar(&f.tokens, "tokens", "", "file of bearer tokens per tenant, one \"TENANT sha256:HEX\" a line")
	fl.Int64Var(&f.maxBody, "max-body", httpapi.DefaultMaxBodyBytes, "largest request body in bytes (batches have their own limit of 1 GiB)")
	fl.DurationVar(&f.readTimeout, "read-timeout", 5*time.Minute, "time to read a whole request, body included (a large batch needs long)")
	fl.DurationVar(&f.writeTimeout, "write-timeout", 5*time.Minute, "time to write a whole answer (a large batch needs long)")
	fl.DurationVar(&f.idleTimeout, "idle-timeout", 2*time.Minute, "how long an idle keep-alive connection stays open")
	fl.DurationVar(&f.shutdownGrace, "shutdown-grace", 30*time.Second, "how long requests in flight may take to finish after SIGINT or SIGTERM")
	return cmd
}

// runServe serves until ctx is done, then shuts down gracefully. ready, when
// not nil, receives the address listened on.
func runServe(ctx context.Context, f serveFlags, stderr interface{ Write([]byte) (int, error) }, ready chan<- string) error {
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	opt := httpapi.Options{Logger: log, MaxBodyBytes: f.maxBody}
	if f.tokens != "" {
		tk, err := httpapi.LoadTokens(f.tokens)
		if err != nil {
			return badInput(err)
		}
		opt.Auth = tk
	}
	if f.store != "" {
		st, err := openStore(ctx, f.store)
		if err != nil {
			if housing.ErrorCode(err) == housing.CodeInvalid {
				return badInput(err)
			}
			return err
		}
		defer st.Close()
		opt.Store = st
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return badInput(fmt.Errorf("serve: --addr %s: %w", f.addr, err))
	}
	h, err := httpapi.New(opt)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       f.readTimeout,
		WriteTimeout:      f.writeTimeout,
		IdleTimeout:       f.idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("serving", "addr", ln.Addr().String(), "store", storeKind(f.store), "tokens", opt.Auth != nil)
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing the requests in flight", "grace", f.shutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.Background(), f.shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// storeKind names the kind of store for the log, never its URL (which may
// hold a password).
func storeKind(spec string) string {
	for _, k := range []string{"sqlite", "postgres", "memory"} {
		if len(spec) >= len(k) && spec[:len(k)] == k {
			return k
		}
	}
	return "none"
}
