package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

// TestCancel_ClientGoneCancelsUpstream: a client that hangs up cancels the
// upstream request its query started.
func TestCancel_ClientGoneCancelsUpstream(t *testing.T) {
	e := newEnv(t, envOptions{})
	block := make(chan struct{})
	defer close(block)
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/instances/", Block: block})
	e.fake.Reset()

	ctx, cancel := context.WithCancel(t.Context())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(`{"query":"{ flows { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		errc <- err
	}()
	waitFor(t, "the upstream request", func() bool { return e.fake.RequestCount() == 1 })
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("client: %v", err)
	}
	waitFor(t, "the upstream request to be cancelled", func() bool { return e.fake.Requests()[0].Canceled })
	if n := e.fake.RequestCount(); n != 1 {
		t.Errorf("upstream requests = %d, want 1 (a cancelled call is not retried)", n)
	}
}

// TestRequestDeadline: the whole-request deadline cancels upstream calls
// still running and answers UPSTREAM_TIMEOUT.
func TestRequestDeadline(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.RequestTimeout = 300 * time.Millisecond }})
	block := make(chan struct{})
	defer close(block)
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/instances/", Block: block})
	e.fake.Reset()
	resp := e.post(t, `{ flows { totalCount } }`, nil, nil)
	if resp.Status != 200 || string(resp.Raw) != `{"errors":[{"message":"upstream timed out","path":["flows"],"locations":[{"line":1,"column":3}],"extensions":{"code":"UPSTREAM_TIMEOUT"}}],"data":null,"extensions":{"cost":{"upstreamRequests":1,"estimatedUpstreamRequests":1}}}` {
		t.Errorf("%d %s", resp.Status, resp.Raw)
	}
	waitFor(t, "the upstream request to be cancelled", func() bool {
		reqs := e.fake.Requests()
		return len(reqs) == 1 && reqs[0].Canceled
	})
}

// TestRetry_ThroughGraphQL: a 503 then a good answer is invisible to the
// client and costs exactly one more request.
func TestRetry_ThroughGraphQL(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/instances/", Times: 1, Status: 503, Body: `{"detail":"busy"}`})
	e.fake.Reset()
	resp := e.post(t, `{ flows(first: 2) { totalCount nodes { slug } } }`, nil, nil)
	if string(resp.Raw) != `{"data":{"flows":{"totalCount":17,"nodes":[{"slug":"default-authentication-flow"},{"slug":"default-authenticator-static-setup"}]}},"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":1}}}` {
		t.Errorf("body = %s", resp.Raw)
	}
	if n := e.fake.RequestCount(); n != 2 {
		t.Errorf("upstream requests = %d, want 2 (the 503, then the retry)", n)
	}
}

// TestBreaker_ThroughGraphQL: once authentik has failed often enough, queries
// answer UPSTREAM_UNAVAILABLE without an upstream request, /readyz says so,
// and after the cooldown a probe closes the circuit again.
func TestBreaker_ThroughGraphQL(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) {
		c.Retries, c.BreakerFailures, c.BreakerCooldown = 0, 2, 50*time.Millisecond
	}})
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/instances/", Times: 2, Status: 502, Body: "<html>bad gateway</html>"})
	e.fake.Reset()
	const q = `{ flows(first: 1) { totalCount } }`
	for i := 0; i < 2; i++ {
		if resp := e.post(t, q, nil, nil); fmt.Sprint(resp.codes()) != "[UPSTREAM_UNAVAILABLE]" {
			t.Fatalf("failure %d: %s", i, resp.Raw)
		}
	}
	open := e.post(t, q, nil, nil)
	if string(open.Raw) != `{"errors":[{"message":"upstream unavailable","path":["flows"],"locations":[{"line":1,"column":3}],"extensions":{"code":"UPSTREAM_UNAVAILABLE"}}],"data":null,"extensions":{"cost":{"upstreamRequests":0,"estimatedUpstreamRequests":1}}}` {
		t.Errorf("open circuit: %s", open.Raw)
	}
	ready := get(t, e.srv.URL+"/readyz")
	if ready.status != 503 || ready.body != `{"status":"unavailable","upstream":"unreachable","circuit":"open"}`+"\n" {
		t.Errorf("readyz with the circuit open: %d %s", ready.status, ready.body)
	}
	if n := e.fake.RequestCount(); n != 2 {
		t.Errorf("upstream requests = %d, want 2: the open circuit and /readyz send none", n)
	}
	time.Sleep(60 * time.Millisecond)
	if resp := e.post(t, q, nil, nil); string(resp.Raw) != `{"data":{"flows":{"totalCount":17}},"extensions":{"cost":{"upstreamRequests":1,"estimatedUpstreamRequests":1}}}` {
		t.Errorf("after the cooldown: %s", resp.Raw)
	}
	if e.up.Breaker() != upstream.BreakerClosed {
		t.Errorf("breaker = %v, want closed", e.up.Breaker())
	}
	for _, want := range []string{`"level":"WARN","msg":"upstream circuit open`, `"msg":"upstream circuit half-open`, `"msg":"upstream circuit closed`} {
		if !strings.Contains(e.logs.String(), want) {
			t.Errorf("logs lack %s", want)
		}
	}
}

func TestReadyz(t *testing.T) {
	t.Run("reachable, cached", func(t *testing.T) {
		e := newEnv(t, envOptions{})
		e.fake.Reset()
		for i := 0; i < 3; i++ {
			r := get(t, e.srv.URL+"/readyz")
			if r.status != 200 || r.body != `{"status":"ready","upstream":"reachable","circuit":"closed"}`+"\n" {
				t.Errorf("readyz: %d %s", r.status, r.body)
			}
		}
		reqs := e.fake.Requests()
		if len(reqs) != 1 {
			t.Fatalf("upstream requests = %d, want 1 (cached)", len(reqs))
		}
		if reqs[0].Authorization != "" || reqs[0].Path != "/api/v3/flows/instances/" {
			t.Errorf("probe = %+v, want flows/instances/ without credentials (authentik's 403 proves it up)", reqs[0])
		}
	})
	t.Run("authentik failing", func(t *testing.T) {
		e := newEnv(t, envOptions{})
		e.fake.Inject(upstreamtest.Fault{Status: 500, Body: "<html>oops</html>"})
		r := get(t, e.srv.URL+"/readyz")
		if r.status != 503 || r.body != `{"status":"unavailable","upstream":"unreachable","circuit":"closed"}`+"\n" {
			t.Errorf("readyz: %d %s", r.status, r.body)
		}
	})
	t.Run("healthz does not depend on authentik", func(t *testing.T) {
		e := newEnv(t, envOptions{})
		e.fake.Inject(upstreamtest.Fault{Status: 500})
		e.fake.Reset()
		if r := get(t, e.srv.URL+"/healthz"); r.status != 200 || r.body != "ok\n" || e.fake.RequestCount() != 0 {
			t.Errorf("healthz: %d %q", r.status, r.body)
		}
	})
}

// TestBreaker_DeadlineCutCallsDoNotOpenIt is the scenario, scaled
// down in time: authentik answers every call of a read-only caller slowly
// (300 ms here; 3 s in the report), and three concurrent queries of that
// caller, each fanning out to more calls than REQUEST_PARALLELISM, end at
// the request deadline (1.5 s here; 30 s by default) with upstream calls in
// flight. Those calls were cut by the caller's deadline, not failed by
// authentik: the breaker stays closed (BREAKER_FAILURES is 10, and 24 calls
// are cut), and another caller's query right after gets its data.
func TestBreaker_DeadlineCutCallsDoNotOpenIt(t *testing.T) {
	fake := upstreamtest.NewFake()
	var sent atomic.Int64
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		if r.Header.Get("Authorization") == "Bearer "+upstreamtest.ReadOnlyToken {
			select {
			case <-time.After(300 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(slow.Close)

	cfg := testConfig(t)
	cfg.RequestTimeout = 1500 * time.Millisecond
	cfg.UpstreamTimeout = 10 * time.Second
	cfg.BreakerFailures = 10
	cfg.BreakerCooldown = time.Minute
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	tel := newTelemetry(nil, logger)
	up, err := upstream.New(slow.URL, upstreamOptions(cfg, upstreamtest.AdminToken, tel))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(logger, cfg, up, tel))
	t.Cleanup(srv.Close)
	e := &env{srv: srv, up: up}

	// 1 listing (300 ms), then the 17 flows' usedBy, diagram and export:
	// 51 calls, 8 at a time (300 ms a wave): the deadline cuts the fifth
	// wave in flight.
	const slowQuery = `{ flows(first: 50) { nodes { slug usedBy { pk } diagram export } } }`
	var wg sync.WaitGroup
	answers := make([]*gqlResponse, 3)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = e.post(t, slowQuery, nil, bearer(upstreamtest.ReadOnlyToken))
		}()
	}
	wg.Wait()
	for i, a := range answers {
		timeouts := 0
		for _, c := range a.codes() {
			if c == "UPSTREAM_TIMEOUT" {
				timeouts++
			}
		}
		if a.Status != http.StatusOK || timeouts < 8 {
			t.Errorf("slow query %d: status %d, %d UPSTREAM_TIMEOUT errors (want at least the 8 cut calls): %.300s", i, a.Status, timeouts, a.Raw)
		}
	}
	if s := up.Breaker(); s != upstream.BreakerClosed {
		t.Fatalf("breaker = %v after deadline-cut calls, want closed", s)
	}
	resp := e.post(t, `{ flows(first: 2) { nodes { slug } } }`, nil, nil)
	if resp.Status != http.StatusOK || len(resp.Errors) != 0 {
		t.Fatalf("another caller after the slow queries: %d %s", resp.Status, resp.Raw)
	}
	if got := sent.Load(); got < 3*(1+8) {
		t.Errorf("upstream requests = %d, want at least 27 (the scenario did not run)", got)
	}
}
