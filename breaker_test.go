package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

// TestBreaker_DeadlineCutCallsDoNotOpenIt is the scenario, scaled
// down in time: authentik answers every call of a read-only caller slowly
// (600 ms here; 3 s in the report), and three concurrent queries of that
// caller, each fanning out to more calls than REQUEST_PARALLELISM, end at
// the request deadline (1 s here; 30 s by default) with upstream calls in
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
			case <-time.After(600 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(slow.Close)

	cfg := testConfig(t)
	cfg.RequestTimeout = time.Second
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

	// 1 listing (600 ms), then 20 usedBy calls, 8 at a time: the deadline
	// cuts the second wave of 8 in flight.
	const slowQuery = `{ flows(first: 20) { nodes { slug usedBy { pk } } } }`
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
