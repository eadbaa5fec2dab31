package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

// rig is flowgate (NewServer behind httptest) in front of a fake authentik,
// instrumented for long concurrent runs: every GraphQL request carries its
// own fresh token, so each upstream request is traced to the request that
// caused it; the fake's log is drained as the run goes; connections on both
// sides are counted; flowgate's log is scanned, not kept.
type rig struct {
	fake       *upstreamtest.Server
	srv        *httptest.Server
	srvConns   *connCount
	client     *http.Client
	clientTr   *http.Transport
	upstreamTr *http.Transport
	logs       *logScan
	documented map[string]bool

	seq      atomic.Int64
	mu       sync.Mutex
	inflight map[string]*traced // token -> its request's upstream calls
	orphans  []string           // upstream calls whose token no request in flight owns
}

// traced is what one GraphQL request cost upstream.
type traced struct {
	calls, faulted int
	faults         []string
	bad            []string // requests outside the allowed paths or queries
}

type rigOptions struct {
	loaderWait      time.Duration
	upstreamTimeout time.Duration
}

func newRig(t *testing.T, o rigOptions) *rig {
	t.Helper()
	r := &rig{
		fake:       upstreamtest.NewServer(),
		logs:       &logScan{},
		documented: documentedCodes(t),
		inflight:   map[string]*traced{},
	}
	t.Cleanup(r.fake.Close)
	cfg := testConfig(t)
	cfg.LoaderWait = o.loaderWait
	if o.upstreamTimeout > 0 {
		cfg.UpstreamTimeout = o.upstreamTimeout
	}
	// As in run(); the rig keeps the transport to close its idle
	// connections.
	r.upstreamTr = upstreamTransport(cfg)
	// The production options (retries, circuit breaker), on a transport
	// the rig can inspect.
	uo := upstreamOptions(cfg, "", nil)
	uo.HTTPClient = &http.Client{Timeout: cfg.UpstreamTimeout, Transport: r.upstreamTr}
	up, err := upstream.New(r.fake.URL, uo)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(newLogHandler(r.logs, nil)) // as run makes it
	r.srv = httptest.NewUnstartedServer(NewServer(logger, cfg, up, nil))
	r.srv.Config.ErrorLog = log.New(r.logs, "", 0) // "http: panic serving ..." lands here
	r.srvConns = &connCount{state: map[net.Conn]http.ConnState{}}
	r.srv.Config.ConnState = r.srvConns.hook
	r.srv.Start()
	t.Cleanup(r.srv.Close)
	r.clientTr = http.DefaultTransport.(*http.Transport).Clone()
	r.clientTr.MaxIdleConnsPerHost = 64
	r.client = &http.Client{Transport: r.clientTr, Timeout: time.Minute}
	return r
}

// caller is a kind of caller: its rights at authentik.
type caller struct {
	name  string
	perms upstreamtest.Permissions
}

var (
	adminCaller   = caller{"admin", upstreamtest.Permissions{Superuser: true}}
	limitedCaller = caller{"limited", upstreamtest.Permissions{VisibleFlowSlugs: upstreamtest.LimitedFlowSlugs}}
)

// exchange is one GraphQL request and what came of it.
type exchange struct {
	status int
	raw    []byte
	resp   *parsed
	err    error // transport failure or malformed response
	trace  *traced
}

// do sends one GraphQL request as a fresh token of caller c.
func (r *rig) do(ctx context.Context, c caller, query string, vars map[string]any) *exchange {
	token := fmt.Sprintf("rig-%s-%d", c.name, r.seq.Add(1))
	r.fake.AddToken(token, c.perms)
	defer r.fake.RemoveToken(token)
	tr := &traced{}
	r.mu.Lock()
	r.inflight[token] = tr
	r.mu.Unlock()

	x := &exchange{trace: tr}
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := r.client.Do(req)
	if err == nil {
		x.status = resp.StatusCode
		x.raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		x.resp, err = wellFormed(x.raw, r.documented)
	}
	x.err = err
	// Every upstream call of this request reached the fake before flowgate
	// answered, so the log now holds all of them.
	r.drain()
	r.mu.Lock()
	delete(r.inflight, token)
	r.mu.Unlock()
	return x
}

// drain moves the fake's log into the traces of the requests in flight.
func (r *rig) drain() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, req := range r.fake.TakeRequests() {
		token := strings.TrimPrefix(req.Authorization, "Bearer ")
		tr := r.inflight[token]
		if tr == nil {
			r.orphans = append(r.orphans, fmt.Sprintf("%s %s?%s with %q", req.Method, req.Path, req.RawQuery, req.Authorization))
			continue
		}
		tr.calls++
		if req.Fault != "" {
			tr.faulted++
			tr.faults = append(tr.faults, req.Fault)
		}
		tr.bad = append(tr.bad, checkUpstreamRequests([]upstreamtest.Request{req})...)
	}
}

// settle closes idle connections on both sides and waits until no
// connection to either server is left open, then until goroutines are at
// most maxGoroutines; it returns the goroutines and heap (after a GC) it
// ended with.
func (r *rig) settle(t *testing.T, maxGoroutines int, maxHeap uint64) (goroutines int, heap uint64, ok bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r.clientTr.CloseIdleConnections()
		r.upstreamTr.CloseIdleConnections()
		goroutines, heap = snapshot()
		ok = r.fake.Conns().Open == 0 && r.srvConns.open() == 0 && goroutines <= maxGoroutines && heap <= maxHeap
		if ok || time.Now().After(deadline) {
			return goroutines, heap, ok
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// snapshot returns the goroutine count and the live heap after a GC.
func snapshot() (int, uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return runtime.NumGoroutine(), m.HeapAlloc
}

// connCount follows a server's connections through ConnState.
type connCount struct {
	mu    sync.Mutex
	state map[net.Conn]http.ConnState
	peak  int
}

func (c *connCount) hook(conn net.Conn, s http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s == http.StateHijacked || s == http.StateClosed {
		delete(c.state, conn)
		return
	}
	c.state[conn] = s
	c.peak = max(c.peak, len(c.state))
}

func (c *connCount) open() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.state)
}

// logScan counts flowgate's log lines instead of keeping them: panics,
// errors, and lines that name a token.
type logScan struct {
	mu                     sync.Mutex
	lines, panics, errors  int
	tokens                 int
	firstPanic, firstError string
}

func (l *logScan) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range bytes.Split(bytes.TrimSpace(p), []byte("\n")) {
		l.lines++
		s := string(line)
		if strings.Contains(s, "panic") {
			l.panics++
			if l.firstPanic == "" {
				l.firstPanic = s
			}
		}
		if strings.Contains(s, `"level":"ERROR"`) {
			l.errors++
			if l.firstError == "" {
				l.firstError = s
			}
		}
		if strings.Contains(s, "rig-admin-") || strings.Contains(s, "rig-limited-") || strings.Contains(s, "Bearer") {
			l.tokens++
		}
	}
	return len(p), nil
}

func (l *logScan) check(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.panics > 0 {
		t.Errorf("%d log lines report a panic; first: %s", l.panics, l.firstPanic)
	}
	if l.errors > 0 {
		t.Errorf("%d ERROR log lines (INTERNAL errors); first: %s", l.errors, l.firstError)
	}
	if l.tokens > 0 {
		t.Errorf("%d log lines contain a token", l.tokens)
	}
	if l.lines == 0 {
		t.Error("flowgate logged nothing: is the log wired?")
	}
}

// rigQuery is one query of a run's mix.
type rigQuery struct {
	name  string
	query string
	vars  map[string]any
	// badInput: the answer is BAD_USER_INPUT, with no upstream request.
	badInput bool
}

// baseline is a query's healthy answer for one kind of caller, and the
// fewest upstream requests it takes.
type baseline struct {
	data     any
	minCalls int
}

// mix returns the queries the soak and isolation runs send, with pks from
// the fake.
func (r *rig) mix(t *testing.T) []rigQuery {
	t.Helper()
	stage := stagePK(t, r.fake, "default-authentication-identification")
	binding := r.fake.BindingPKs("default-authentication-flow")[0]
	return []rigQuery{
		{name: "flat list", query: `{ flows(first: 100) { totalCount nodes { pk slug name title designation layout } } }`},
		{name: "flows with bindings and stages", query: `{ flows(first: 20) { totalCount nodes { slug bindings { pk order stage { pk name } } stages { name } } } }`},
		{name: "deep", query: `{ stages(first: 50) { nodes { name flows { slug bindings { order stage { name } } } } } }`},
		{name: "stages", query: `{ stages(first: 100) { totalCount nodes { pk name flows { slug } bindings { pk order } } } }`},
		{name: "bindings with targets", query: `{ flowStageBindings(first: 100) { totalCount nodes { pk order target { slug authentication } stage { name } } } }`},
		// Three independent lookups: one failing leaves the others.
		{name: "sibling lookups", query: `query($s: ID!, $b: ID!) { flow(slug: "default-authentication-flow") { pk slug title } stage(pk: $s) { pk name } flowStageBinding(pk: $b) { pk order } }`,
			vars: map[string]any{"s": stage, "b": binding}},
		// The flows' full objects load separately: their failure nulls
		// authentication, and leaves the stage and the slugs.
		{name: "nested partial", query: `query($s: ID!) { stage(pk: $s) { name flows { slug authentication } } }`, vars: map[string]any{"s": stage}},
		{name: "hidden lookup", query: `{ flow(slug: "default-enrollment-flow") { slug } }`},
		{name: "bad input", query: `{ flow(slug: "../../core/users") { slug } }`, badInput: true},
	}
}

// baselines runs every query for every caller with authentik healthy and
// returns the answers; each must have no error (bad input: only
// BAD_USER_INPUT).
func (r *rig) baselines(t *testing.T, queries []rigQuery, callers []caller) map[string]baseline {
	t.Helper()
	out := map[string]baseline{}
	for _, c := range callers {
		for _, q := range queries {
			x := r.do(t.Context(), c, q.query, q.vars)
			if x.err != nil {
				t.Fatalf("%s as %s: %v", q.name, c.name, x.err)
			}
			if q.badInput != (len(x.resp.Errors) > 0) || (q.badInput && !slices.Equal(x.resp.codes(), []string{"BAD_USER_INPUT"})) {
				t.Fatalf("healthy %s as %s: %s", q.name, c.name, x.raw)
			}
			out[c.name+"/"+q.name] = baseline{data: x.resp.Data, minCalls: x.trace.calls}
		}
	}
	return out
}

// judge checks one answer against the healthy one. A field may be null
// only with an error at or below it; everything present must equal the
// healthy answer; every error must sit on a null. When none of the
// request's upstream calls misbehaved and it made at least the calls a
// healthy run makes (so nothing was cut short, e.g. by a breaker), the
// answer must be exactly the healthy one.
func judge(q rigQuery, b baseline, x *exchange, documented map[string]bool) []string {
	if x.err != nil {
		return []string{x.err.Error()}
	}
	var bad []string
	bad = append(bad, x.trace.bad...)
	if q.badInput {
		refused := len(x.resp.Errors) > 0 && x.trace.calls == 0
		for _, c := range x.resp.codes() {
			refused = refused && (c == "BAD_USER_INPUT" || isLimitCode(c, documented))
		}
		if !refused {
			bad = append(bad, fmt.Sprintf("bad input answered %v after %d upstream calls", x.resp.codes(), x.trace.calls))
		}
		return bad
	}
	for _, c := range x.resp.codes() {
		if c == "INTERNAL" || knownCodes[c] {
			bad = append(bad, "code "+c+" for a valid query")
		}
	}
	var errPaths [][]any
	for _, e := range x.resp.Errors {
		if e.Path == nil {
			if x.resp.Data != nil {
				bad = append(bad, "a request-level error with data: "+e.Message)
			}
			continue
		}
		errPaths = append(errPaths, e.Path)
		if !nullOnPath(x.resp.Data, e.Path) {
			bad = append(bad, fmt.Sprintf("error %s at %v, where the data is not null", e.code(), e.Path))
		}
	}
	if x.resp.Data == nil && len(x.resp.Errors) == 0 {
		bad = append(bad, "no data and no error")
	}
	if x.resp.Data != nil {
		bad = append(bad, compareData(b.data, x.resp.Data, nil, errPaths)...)
	}
	if x.trace.faulted == 0 && x.trace.calls >= b.minCalls && len(x.resp.Errors) > 0 {
		bad = append(bad, fmt.Sprintf("errors %v although all %d upstream calls succeeded", x.resp.codes(), x.trace.calls))
	}
	return bad
}

// compareData walks got against want: nulls need an error at or below
// them; all else must be equal.
func compareData(want, got any, path []any, errPaths [][]any) []string {
	if got == nil {
		if want == nil {
			return nil
		}
		for _, p := range errPaths {
			if len(p) >= len(path) && reflect.DeepEqual(normPath(p[:len(path)]), normPath(path)) {
				return nil
			}
		}
		return []string{fmt.Sprintf("null without an error at %v", path)}
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("object differs at %v", path)}
		}
		var bad []string
		for k, wv := range w {
			bad = append(bad, compareData(wv, g[k], append(slices.Clip(path), k), errPaths)...)
		}
		return bad
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("list differs at %v: %d items, want %d", path, lenOf(got), len(w))}
		}
		var bad []string
		for i := range w {
			bad = append(bad, compareData(w[i], g[i], append(slices.Clip(path), float64(i)), errPaths)...)
		}
		return bad
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("value differs at %v: %v, want %v", path, got, want)}
	}
	return nil
}

func lenOf(v any) int {
	if l, ok := v.([]any); ok {
		return len(l)
	}
	return -1
}

// normPath makes JSON-decoded and built paths comparable.
func normPath(p []any) []any {
	out := make([]any, len(p))
	for i, e := range p {
		if n, ok := e.(int); ok {
			e = float64(n)
		}
		out[i] = e
	}
	return out
}

// nullOnPath reports whether walking data along path meets a null (the
// failed field, or the nullable ancestor its null propagated to).
func nullOnPath(data any, path []any) bool {
	cur := data
	for _, step := range path {
		if cur == nil {
			return true
		}
		switch c := cur.(type) {
		case map[string]any:
			k, _ := step.(string)
			v, ok := c[k]
			if !ok {
				return false
			}
			cur = v
		case []any:
			i, ok := step.(float64)
			if !ok || int(i) < 0 || int(i) >= len(c) {
				return false
			}
			cur = c[int(i)]
		default:
			return false
		}
	}
	return cur == nil
}
