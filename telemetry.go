package main

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"flowgate/shared"
	"flowgate/upstream"
)

// telemetry is flowgate's metrics registry and, when tracing is on, its
// tracer. One is made per process (run) or per test server.
type telemetry struct {
	reg    *prometheus.Registry
	tracer trace.Tracer // nil: tracing off
	log    *slog.Logger // breaker transitions; nil: not logged

	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	inFlight       prometheus.Gauge
	upRequests     *prometheus.CounterVec
	upDuration     *prometheus.HistogramVec
	upRetries      *prometheus.CounterVec
	upRejected     *prometheus.CounterVec
	breakerState   *prometheus.GaugeVec
	loaderBatch    *prometheus.HistogramVec
	operationNames *labelSet
	shared         *shared.Metrics
	redisOnce      sync.Once
}

// maxOperationNames bounds the distinct operation labels: the first names
// seen are kept, later new ones are counted as "other".
const maxOperationNames = 100

func newTelemetry(tracer trace.Tracer, logger *slog.Logger) *telemetry {
	t := &telemetry{
		reg:            prometheus.NewRegistry(),
		tracer:         tracer,
		log:            logger,
		operationNames: &labelSet{max: maxOperationNames, seen: map[string]bool{}},
		shared:         shared.NewMetrics(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowgate_graphql_requests_total",
			Help: "GraphQL requests by operation name and outcome (OK or the first error's extensions.code).",
		}, []string{"operation", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "flowgate_graphql_request_duration_seconds",
			Help:    "Time to answer a GraphQL request, by operation name.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "flowgate_graphql_requests_in_flight",
			Help: "GraphQL requests being answered.",
		}),
		upRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowgate_upstream_requests_total",
			Help: "Requests sent to authentik (retries included) by route template, method and status (or error, timeout, canceled).",
		}, []string{"endpoint", "method", "status"}),
		upDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "flowgate_upstream_request_duration_seconds",
			Help:    "Duration of requests sent to authentik, by route template and method.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"endpoint", "method"}),
		upRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowgate_upstream_retries_total",
			Help: "Requests to authentik that were retries of a failed attempt.",
		}, []string{"endpoint", "method"}),
		upRejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowgate_upstream_rejected_total",
			Help: "Upstream calls answered at once by the open circuit, without a request.",
		}, []string{"endpoint", "method"}),
		breakerState: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "flowgate_upstream_circuit_state",
			Help: "1 for the circuit breaker's current state (closed, half_open, open), 0 for the others.",
		}, []string{"state"}),
		loaderBatch: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "flowgate_loader_batch_size",
			Help:    "Keys per dataloader batch, by loader.",
			Buckets: []float64{1, 2, 5, 10, 20, 50, 100, 200, 500},
		}, []string{"loader"}),
	}
	t.reg.MustRegister(t.requests, t.duration, t.inFlight, t.upRequests, t.upDuration, t.upRetries, t.upRejected,
		t.breakerState, t.loaderBatch,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	t.reg.MustRegister(t.shared.Collectors(false)...)
	t.setBreakerGauge(upstream.BreakerClosed)
	return t
}

// observeRequest records a GraphQL request's outcome and latency.
func (t *telemetry) observeRequest(op, code string, d time.Duration) {
	t.requests.WithLabelValues(op, code).Inc()
	t.duration.WithLabelValues(op).Observe(d.Seconds())
}

// registerRedis adds the Redis series (once): they exist only with
// REDIS_URL.
func (t *telemetry) registerRedis() {
	t.redisOnce.Do(func() {
		all := t.shared.Collectors(true)
		t.reg.MustRegister(all[len(t.shared.Collectors(false)):]...)
	})
}

// metricsHandler serves the registry in Prometheus' text format.
func (t *telemetry) metricsHandler() http.Handler {
	return promhttp.HandlerFor(t.reg, promhttp.HandlerOpts{})
}

// Attempt implements upstream.Observer.
func (t *telemetry) Attempt(a upstream.Attempt) {
	t.upRequests.WithLabelValues(a.Endpoint, a.Method, a.Status).Inc()
	t.upDuration.WithLabelValues(a.Endpoint, a.Method).Observe(a.Duration.Seconds())
	if a.Retry > 0 {
		t.upRetries.WithLabelValues(a.Endpoint, a.Method).Inc()
	}
}

// Rejected implements upstream.Observer.
func (t *telemetry) Rejected(endpoint, method string) {
	t.upRejected.WithLabelValues(endpoint, method).Inc()
}

// BreakerChanged implements upstream.Observer.
func (t *telemetry) BreakerChanged(s upstream.BreakerState) {
	t.setBreakerGauge(s)
	if t.log == nil {
		return
	}
	switch s {
	case upstream.BreakerOpen:
		t.log.Warn("upstream circuit open: authentik keeps failing; answering UPSTREAM_UNAVAILABLE without calling it until a probe succeeds")
	case upstream.BreakerHalfOpen:
		t.log.Info("upstream circuit half-open: probing authentik")
	case upstream.BreakerClosed:
		t.log.Info("upstream circuit closed: authentik answers again")
	}
}

func (t *telemetry) setBreakerGauge(s upstream.BreakerState) {
	for _, st := range []upstream.BreakerState{upstream.BreakerClosed, upstream.BreakerHalfOpen, upstream.BreakerOpen} {
		v := 0.0
		if st == s {
			v = 1
		}
		t.breakerState.WithLabelValues(st.String()).Set(v)
	}
}

// observeBatch is loader.Options.OnBatch.
func (t *telemetry) observeBatch(loader string, keys int) {
	t.loaderBatch.WithLabelValues(loader).Observe(float64(keys))
}

// labelSet admits the first max distinct values and maps later new ones
// to "other", so clients cannot grow the metrics without bound.
type labelSet struct {
	max  int
	mu   sync.Mutex
	seen map[string]bool
}

func (l *labelSet) admit(v string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[v] {
		return v
	}
	if len(l.seen) >= l.max {
		return "other"
	}
	l.seen[v] = true
	return v
}

// nameChars are the characters of a GraphQL name after its first.
var nameChars = charClass("_", "0-9", "A-Z", "a-z")

// graphqlName reports whether name is a GraphQL name of at most 64
// characters: ^[_A-Za-z][_0-9A-Za-z]{0,63}$.
func graphqlName(name string) bool {
	return len(name) >= 1 && len(name) <= 64 && (name[0] < '0' || name[0] > '9') && nameChars.all(name)
}

// operationLabel turns a client-chosen operation name into a metric label
// and span name part: a GraphQL name of at most 64 characters, never one
// that is part of the caller's credentials, and one of the first
// maxOperationNames distinct names.
func (t *telemetry) operationLabel(name, authorization string) string {
	switch name = loggedOperation(name, authorization); name {
	case "":
		return "anonymous"
	case "invalid", "redacted":
		return name
	}
	return t.operationNames.admit(name)
}

// requestInfo collects what the GraphQL layer learns about a request for
// the log line, metrics and span the HTTP layer records when it ends.
type requestInfo struct {
	mu            sync.Mutex
	operation     string
	operationType string
	codes         []string // distinct error codes, the first error's first
	meter         *upstream.Meter
}

// setMeter records the request's upstream meter (step 12), whose count
// of requests sent the log line reports.
func (i *requestInfo) setMeter(m *upstream.Meter) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.meter = m
}

// upstreamRequests returns the upstream requests the request has sent
// (retries included; calls the open circuit refused are not requests).
func (i *requestInfo) upstreamRequests() int64 {
	i.mu.Lock()
	m := i.meter
	i.mu.Unlock()
	return m.Requests()
}

func (i *requestInfo) set(op, opType string, codes ...string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if op != "" {
		i.operation = op
	}
	if opType != "" {
		i.operationType = opType
	}
	for _, c := range codes {
		if c != "" && !slices.Contains(i.codes, c) {
			i.codes = append(i.codes, c)
		}
	}
}

// get returns the operation, its type and the error codes.
func (i *requestInfo) get() (op, opType string, codes []string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.operation, i.operationType, append([]string{}, i.codes...)
}

// requestInfoFrom returns the request's info (nil outside a request the
// edge serves).
func requestInfoFrom(ctx context.Context) *requestInfo {
	if st := requestStateFrom(ctx); st != nil {
		return &st.info
	}
	return nil
}

// newTracer returns the OTLP/HTTP tracer provider for cfg, or nil when no
// endpoint is configured (then no exporter runs and no span is made).
func newTracer(ctx context.Context, cfg config) (*sdktrace.TracerProvider, error) {
	if cfg.OTLPEndpoint == "" {
		return nil, nil
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(strings.TrimSuffix(cfg.OTLPEndpoint, "/")+"/v1/traces"))
	if err != nil {
		return nil, err
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(attribute.String("service.name", cfg.ServiceName)))
	if err != nil {
		return nil, err
	}
	return sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res)), nil
}

// --- log records carry the request and trace ids -------------------------

// contextHandler adds the request id and trace id of the record's context
// to every log record.
type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := requestIDFrom(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(a []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(a)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}

// withContextLogging wraps logger so that records carry request and trace
// ids (idempotent).
func withContextLogging(logger *slog.Logger) *slog.Logger {
	if _, ok := logger.Handler().(contextHandler); ok {
		return logger
	}
	return slog.New(contextHandler{logger.Handler()})
}
