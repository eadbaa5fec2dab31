package upstream

import (
	"context"
	"sync"
	"time"
)

// Trace records the upstream requests of one GraphQL request, for the
// opt-in trace a caller asks for (X-Flowgate-Trace: 1) and reads in the
// answer's extensions.trace. It lives in that request's context only, so
// it holds that caller's requests and no one else's. Entries carry route
// templates, never paths, query strings, bodies or headers.
type Trace struct {
	start time.Time
	mu    sync.Mutex
	list  []TraceEntry
	drop  int
}

// TraceEntry is one request sent to authentik (each attempt of a retried
// GET is its own entry), or one call the open circuit refused or the answer
// cache answered.
type TraceEntry struct {
	Method string `json:"method"`
	// Route is the route template (see Endpoint), e.g. flows/instances/{slug}/.
	Route string `json:"route"`
	// Status is the HTTP status, or error, timeout, canceled; or, for a
	// call that was never sent, circuit_open, or cached when the shared
	// answer cache (CACHE_TTL) answered it.
	Status string `json:"status"`
	// StartMs is when the request was sent, from the start of the trace.
	StartMs float64 `json:"startMs"`
	// Ms is how long its answer took.
	Ms float64 `json:"ms"`
	// BatchSize is the number of keys of the loader batch the request
	// served (1 for a lookup of one object), 0 when no loader made it (a
	// list field's page, a mutation).
	BatchSize int `json:"batchSize"`
	// Loader names that batch's loader (FlowByPK, BindingsByFlow, …).
	Loader string `json:"loader,omitempty"`
	// Retry is 0 for a first attempt, 1 for the first retry, …
	Retry int `json:"retry,omitempty"`
}

// maxTraceEntries bounds a trace; requests beyond it are only counted.
const maxTraceEntries = 1000

// WithTrace returns a context whose upstream requests are recorded in the
// returned Trace.
func WithTrace(ctx context.Context) (context.Context, *Trace) {
	t := NewTrace()
	return withState(ctx, func(s *callState) { s.trace = t }), t
}

// NewTrace returns a trace starting now, for WithRequest.
func NewTrace() *Trace { return &Trace{start: time.Now()} }

// TraceFrom returns ctx's trace, or nil when the request asked for none.
func TraceFrom(ctx context.Context) *Trace {
	if s := stateFrom(ctx); s != nil {
		return s.trace
	}
	return nil
}

// Entries returns the requests recorded so far, in the order they were
// sent, and how many more were left out (past maxTraceEntries).
func (t *Trace) Entries() ([]TraceEntry, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]TraceEntry(nil), t.list...), t.drop
}

func (t *Trace) add(ctx context.Context, e TraceEntry, sent time.Time) {
	if b, ok := ctx.Value(batchKey{}).(batchInfo); ok {
		e.Loader, e.BatchSize = b.loader, b.keys
	}
	e.StartMs = millis(sent.Sub(t.start))
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.list) >= maxTraceEntries {
		t.drop++
		return
	}
	t.list = append(t.list, e)
}

func millis(d time.Duration) float64 {
	return float64(d.Round(10*time.Microsecond).Microseconds()) / 1000
}

type batchKey struct{}

type batchInfo struct {
	loader string
	keys   int
}

// WithBatch returns a context whose upstream requests serve a loader
// batch of keys keys (for the trace).
func WithBatch(ctx context.Context, loader string, keys int) context.Context {
	return context.WithValue(ctx, batchKey{}, batchInfo{loader, keys})
}

// traceAttempt records an attempt in ctx's trace, if any.
func traceAttempt(ctx context.Context, method, endpoint, status string, sent time.Time, d time.Duration, retry int) {
	if t := TraceFrom(ctx); t != nil {
		t.add(ctx, TraceEntry{Method: method, Route: endpoint, Status: status, Ms: millis(d), Retry: retry}, sent)
	}
}
