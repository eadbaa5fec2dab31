// Command flowgate is a GraphQL gateway over authentik's flows API: flows,
// their stage bindings in execution order and the stages, in one query,
// with the caller's own permissions.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/trace"

	"flowgate/graph"
	"flowgate/graph/guard"
	"flowgate/shared"
	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
	"flowgate/web"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "flowgate: %v\n", err)
		os.Exit(1)
	}
}

// run starts flowgate and serves until ctx is done or a signal arrives.
// Then it stops accepting connections, lets in-flight requests finish for
// up to -shutdown-timeout (closing those still running after it), and
// returns nil.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg, err := loadConfig(args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	logOut := stderr
	if f, ok := stderr.(*os.File); ok {
		// A file or a pipe: lines are written together (logbuffer.go).
		lb := newLogBuffer(f)
		defer lb.Close()
		logOut = lb
	}
	logger := withContextLogging(slog.New(newLogHandler(logOut, cfg.LogLevel)))
	tuneRuntime(cfg, getenv)

	tp, err := newTracer(ctx, cfg)
	if err != nil {
		return fmt.Errorf("tracing: %w", err)
	}
	var tracer trace.Tracer
	if tp != nil {
		tracer = tp.Tracer("flowgate")
		defer func() {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := tp.Shutdown(sctx); err != nil {
				logger.Warn("flushing spans failed", "err", err.Error())
			}
		}()
	}
	tel := newTelemetry(tracer, logger)

	baseURL, token := cfg.AuthentikURL, cfg.AuthentikToken
	if cfg.Demo {
		fake := upstreamtest.NewServer()
		defer fake.Close()
		baseURL, token = fake.URL, upstreamtest.AdminToken
		logger.Warn("DEMO MODE: serving the built-in fake authentik (default install plus example flows); " +
			"requests without an Authorization header use its admin token. Set AUTHENTIK_URL to use a real authentik.")
	} else if token != "" {
		logger.Warn("AUTHENTIK_TOKEN is set: requests without an Authorization header act with that token's rights")
	}
	rep, err := newReplicas(cfg, logger, tel)
	if err != nil {
		return err
	}
	defer rep.close()
	cfg.replicas = rep
	up, err := upstream.New(baseURL, upstreamOptions(cfg, token, tel))
	if err != nil {
		return err
	}

	srv := &http.Server{
		Handler:           NewServer(logger, cfg, up, tel),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    serverMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", cfg.Addr)
	if err != nil {
		return err
	}
	graphiql := "off"
	if cfg.GraphiQL {
		graphiql = "http://" + ln.Addr().String() + "/"
	}
	logger.Info("flowgate listening", "addr", ln.Addr().String(),
		"graphiql", graphiql, "dashboard", "http://"+ln.Addr().String()+"/dashboard", "graphql", "http://"+ln.Addr().String()+"/graphql",
		"upstream", up.BaseURL(), "demo", cfg.Demo, "tracing", tp != nil, "trusted_documents", cfg.trusted.Len())

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	stop() // a second signal ends the process at once
	logger.Info("shutting down: no new connections; waiting for requests in flight", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Warn("shutdown timeout passed: closing the requests still in flight")
		_ = srv.Close()
	}
	logger.Info("stopped")
	return nil
}

// tuneRuntime applies MEMORY_LIMIT and GC_PERCENT to the Go runtime,
// unless GOMEMLIMIT or GOGC (which the runtime reads itself) are set.
// GC_PERCENT=auto is autoGCPercent while a memory limit is in force, else
// the runtime's default.
func tuneRuntime(cfg config, getenv func(string) string) {
	if cfg.MemoryLimitMiB > 0 && getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(cfg.MemoryLimitMiB << 20)
	}
	gc := cfg.GCPercent
	if gc == gcPercentAuto {
		gc = 0
		if debug.SetMemoryLimit(-1) < math.MaxInt64 { // -1 reads the limit
			gc = autoGCPercent
		}
	}
	if gc > 0 && getenv("GOGC") == "" {
		debug.SetGCPercent(gc)
	}
}

// GC_PERCENT=auto. With a memory limit, the collector runs when the heap
// reaches the lower of the limit and live × (1 + percent/100), and at least
// at 4 MiB × percent/100: at 1000, a small live heap (a few MiB: the
// schema, caches, the requests in flight) is collected near 40 MiB rather
// than near 10 MiB as at 150, so about 7 times less often, while a query
// whose live heap is over 6 MiB meets the limit as before. make mem's
// peaks are those of 150 (loadtest -mem, same binary alternated: the
// answer-budget query 89.7-94.2 MiB with either, every other single query
// <= 86, four at once <= 116); make load's flowgate CPU per query fell
// about 20% (single and flat at 16 clients). Under sustained load the
// process holds about MEMORY_LIMIT, by design.
const (
	gcPercentAuto = -1
	autoGCPercent = 1000
)

// upstreamTransport is the HTTP transport to authentik. It keeps as many
// idle connections as calls may be in flight: with net/http's default of 2,
// most calls under load opened a new connection (make load measured 0.46 per
// flat query and 27 per naive nested one; now none).
func upstreamTransport(cfg config) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = cfg.UpstreamMaxConn
	return t
}

// upstreamOptions turns cfg into the authentik client's options.
func upstreamOptions(cfg config, token string, tel *telemetry) upstream.Options {
	o := upstream.Options{
		Token:           token,
		HTTPClient:      &http.Client{Timeout: cfg.UpstreamTimeout, Transport: upstreamTransport(cfg)},
		PageSize:        cfg.PageSize,
		MaxConcurrent:   cfg.UpstreamMaxConn,
		UserAgent:       "flowgate",
		Retries:         cfg.Retries,
		RetryBackoff:    cfg.RetryBackoff,
		RetryMaxDelay:   cfg.RetryMaxDelay,
		RetryBudget:     cfg.RetryBudget,
		BreakerFailures: cfg.BreakerFailures,
		BreakerCooldown: cfg.BreakerCooldown,
	}
	if tel != nil {
		o.Observer = tel
		o.Tracer = tel.tracer
	}
	if cfg.replicas != nil && cfg.replicas.cache != nil {
		o.Cache = cfg.replicas.cache
	}
	return o
}

// NewServer returns flowgate's HTTP handler. All routes are here. tel may
// be nil (metrics then cover only this handler, not the client).
func NewServer(logger *slog.Logger, cfg config, up *upstream.Client, tel *telemetry) http.Handler {
	logger = withContextLogging(logger)
	if tel == nil {
		tel = newTelemetry(nil, logger)
	}
	if cfg.replicas == nil {
		// In-process shared state (no Redis), for callers that made none;
		// the upstream cache needs newReplicas before upstream.New.
		cfg.RedisURL, cfg.CacheTTL = "", 0
		cfg.replicas, _ = newReplicas(cfg, logger, tel)
	}
	// Every request meets the edge first (middleware.go, steps 1-6), then
	// the route's handler; /graphql's does steps 7-13.
	mux := http.NewServeMux()
	api := newGraphQLEndpoint(cfg, up, tel, newGraphQL(logger, cfg, up))
	h := &edge{logger: logger, hosts: newHostPolicy(cfg), cors: newCORSPolicy(cfg), mux: mux, api: api}
	if ch, ok := logger.Handler().(contextHandler); ok {
		if lh, ok := ch.Handler.(*logHandler); ok && !lh.derived {
			h.lines = lh
		}
	}
	mux.Handle("/graphql", api) // every method: checkRequest answers 405 with Allow
	mux.Handle("GET /graphql/schema.graphql", sdlHandler(cfg))
	mux.Handle("/", notFound(mux))
	if cfg.GraphiQL {
		mux.Handle("GET /{$}", web.GraphiQL(web.GraphiQLOptions{Endpoint: "/graphql", Examples: examples(), Trace: cfg.UpstreamTrace}))
	}
	mux.Handle("GET /dashboard", web.Dashboard("/graphql", dashboardAuthentikURL(cfg)))
	mux.Handle("GET /assets/", web.Assets())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.Handle("GET /readyz", &readiness{up: up, timeout: cfg.UpstreamTimeout, rep: cfg.replicas})
	if cfg.WebhookSecret != "" {
		mux.Handle("POST /hooks/authentik", webhook(cfg.WebhookSecret, cfg.replicas, logger))
	}
	if cfg.Metrics {
		mux.Handle("GET /metrics", tel.metricsHandler())
	}
	return h
}

// maxCachedDocBytes bounds the documents kept in the parsed-query and APQ
// caches, so that their memory is bounded by entries times this.
const maxCachedDocBytes = 64 << 10

// newGraphQL configures gqlgen's handler: JSON POST and query-only GET, no
// form or multipart transports (they would allow cross-site requests
// without a CORS preflight); then the query guards (graph/guard) in the
// order a document meets them: persisted documents, limits, strict enums.
func newGraphQL(logger *slog.Logger, cfg config, up *upstream.Client) *handler.Server {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{
		Resolvers: &graph.Resolver{Upstream: up, Log: logger},
	}))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(newIncremental()) // before POST: it takes the POSTs that accept multipart/mixed
	srv.AddTransport(jsonPOST{})       // gqlgen's POST, writing answers more cheaply
	srv.SetQueryCache(boundedCache[*ast.QueryDocument]{lru.New[*ast.QueryDocument](1000),
		func(query string, _ *ast.QueryDocument) int { return len(query) }})
	// Persisted queries first: the limits must measure the document that runs.
	if cfg.trusted != nil {
		srv.Use(cfg.trusted)
	} else if cfg.APQCacheSize > 0 {
		var cache graphql.Cache[string] = boundedCache[string]{
			lru.New[string](cfg.APQCacheSize), func(_ string, query string) int { return len(query) }}
		if cfg.replicas != nil && cfg.replicas.redis != nil {
			cache = shared.NewAPQ(cache, cfg.replicas.redis, maxCachedDocBytes)
		}
		srv.Use(guard.APQ{AutomaticPersistedQuery: extension.AutomaticPersistedQuery{Cache: cache}})
	}
	if cfg.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(&guard.QueryLimits{Limits: guard.Limits{
		MaxDepth:      cfg.MaxDepth,
		MaxAliases:    cfg.MaxAliases,
		MaxComplexity: cfg.MaxComplexity,
		MaxTokens:     cfg.MaxTokens,
		MaxBreadth:    cfg.MaxBreadth,
		Introspection: cfg.Introspection,
	}})
	srv.Use(&guard.DemandControl{MaxRequests: cfg.MaxUpstreamReqs})
	srv.Use(graph.AnswerLimit{MaxBytes: cfg.MaxAnswerBytes})
	srv.Use(&guard.StrictEnums{})
	srv.Use(graph.InlineDefer{})
	srv.Use(graph.NewDeferredPlaceholders())
	srv.SetErrorPresenter(graph.ErrorPresenter(logger))
	srv.SetRecoverFunc(graph.Recover(logger))
	srv.AroundResponses(recordOutcome)
	srv.AroundResponses(addTrace)
	return srv
}

// boundedCache keeps only entries whose size is at most maxCachedDocBytes.
type boundedCache[T any] struct {
	graphql.Cache[T]
	size func(key string, value T) int
}

func (c boundedCache[T]) Add(ctx context.Context, key string, value T) {
	if c.size(key, value) <= maxCachedDocBytes {
		c.Cache.Add(ctx, key, value)
	}
}

// addTrace puts the request's upstream trace, if it asked for one
// (withTrace), in the last response's extensions.trace, with
// extensions.traceDropped when it outgrew its bound.
func addTrace(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	t := upstream.TraceFrom(ctx)
	if t == nil || resp == nil || (resp.HasNext != nil && *resp.HasNext) {
		return resp
	}
	entries, dropped := t.Entries()
	if entries == nil {
		entries = []upstream.TraceEntry{}
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions["trace"] = entries
	if dropped > 0 {
		resp.Extensions["traceDropped"] = dropped
	}
	return resp
}

// recordOutcome sorts the response's errors (graph.SortErrors) and tells
// the request's log line and telemetry the operation and its error codes.
func recordOutcome(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := graph.SortErrors(ctx, next)
	info := requestInfoFrom(ctx)
	if info == nil || resp == nil {
		return resp
	}
	var name, typ string
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		name = oc.OperationName
		if oc.Operation != nil {
			name, typ = oc.Operation.Name, string(oc.Operation.Operation)
		}
	}
	codes := make([]string, 0, len(resp.Errors))
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		if code == "" {
			code = graph.CodeInternal
		}
		codes = append(codes, code)
	}
	info.set(name, typ, codes...)
	return resp
}

// dashboardAuthentikURL is the authentik the dashboard links to for running
// a flow: none in demo mode (the fake has no flow pages).
func dashboardAuthentikURL(cfg config) string {
	if cfg.Demo {
		return ""
	}
	return cfg.AuthentikURL
}
