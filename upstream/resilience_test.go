package upstream

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const okFlow = `{"pk":"p1","slug":"a-b","name":"n","designation":"authentication"}`

// stub is an authentik stand-in whose answers a test scripts; it counts
// requests by method.
type stub struct {
	srv   *httptest.Server
	mu    sync.Mutex
	calls []string // "METHOD path"
}

func newStub(t *testing.T, h func(n int, w http.ResponseWriter, r *http.Request)) *stub {
	t.Helper()
	s := &stub{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls = append(s.calls, r.Method+" "+r.URL.Path)
		n := len(s.calls)
		s.mu.Unlock()
		h(n, w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *stub) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

func (s *stub) client(t *testing.T, o Options) *Client {
	t.Helper()
	c, err := New(s.srv.URL, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fast retries: tests must not sleep for long.
func retrying(n int) Options {
	return Options{Retries: n, RetryBackoff: time.Millisecond, RetryMaxDelay: 50 * time.Millisecond, RetryBudget: 5 * time.Second}
}

func answer503(w http.ResponseWriter) {
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = fmt.Fprint(w, `{"detail":"busy"}`)
}

func TestRetry_503ThenSuccess(t *testing.T) {
	s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n <= 2 {
			answer503(w)
			return
		}
		_, _ = fmt.Fprint(w, okFlow)
	})
	obs := &recorder{}
	o := retrying(2)
	o.Observer = obs
	f, err := s.client(t, o).GetFlow(t.Context(), "a-b")
	if err != nil {
		t.Fatal(err)
	}
	if f.Slug != "a-b" {
		t.Errorf("flow = %+v", f)
	}
	if got := s.count(); got != 3 {
		t.Errorf("upstream requests = %d, want 3 (two 503s, then the answer)", got)
	}
	want := []Attempt{
		{Endpoint: "flows/instances/{slug}/", Method: "GET", Status: "503", Retry: 0},
		{Endpoint: "flows/instances/{slug}/", Method: "GET", Status: "503", Retry: 1},
		{Endpoint: "flows/instances/{slug}/", Method: "GET", Status: "200", Retry: 2},
	}
	if got := obs.attemptsWithoutDuration(); !slices.Equal(got, want) {
		t.Errorf("attempts = %+v, want %+v", got, want)
	}
}

func TestRetry_WhatIsRetried(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header map[string]string
		want   int // upstream requests with Retries: 2
	}{
		{"429", 429, nil, 3},
		{"502", 502, nil, 3},
		{"503", 503, nil, 3},
		{"504", 504, nil, 3},
		{"500 is not retried", 500, nil, 1},
		{"404 is not retried", 404, nil, 1},
		{"403 is not retried", 403, nil, 1},
		{"400 is not retried", 400, nil, 1},
		{"Retry-After beyond the longest wait ends the retries", 503, map[string]string{"Retry-After": "120"}, 1},
		{"Retry-After date beyond the longest wait", 429, map[string]string{"Retry-After": time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}, 1},
		{"Retry-After of 0 is honoured as no wait", 503, map[string]string{"Retry-After": "0"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				_, _ = fmt.Fprint(w, `{"detail":"x"}`)
			})
			_, err := s.client(t, retrying(2)).GetFlow(t.Context(), "a-b")
			var ue *Error
			if !errors.As(err, &ue) || ue.StatusCode != tt.status {
				t.Errorf("err = %v, want the last answer's status %d", err, tt.status)
			}
			if got := s.count(); got != tt.want {
				t.Errorf("upstream requests = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRetry_ConnectionFailures(t *testing.T) {
	t.Run("connection refused is retried", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close()
		obs := &recorder{}
		o := retrying(2)
		o.Observer = obs
		c, _ := New("http://"+addr, o)
		if _, err := c.GetFlow(t.Context(), "x"); !errors.Is(err, ErrUnavailable) {
			t.Errorf("err = %v", err)
		}
		if got := len(obs.attemptsWithoutDuration()); got != 3 {
			t.Errorf("attempts = %d, want 3", got)
		}
		for _, a := range obs.attemptsWithoutDuration() {
			if a.Status != "error" {
				t.Errorf("attempt status = %q, want error", a.Status)
			}
		}
	})
	t.Run("a timeout is not retried", func(t *testing.T) {
		s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		})
		o := retrying(2)
		o.HTTPClient = &http.Client{Timeout: 30 * time.Millisecond}
		if _, err := s.client(t, o).GetFlow(t.Context(), "a-b"); !errors.Is(err, ErrTimeout) {
			t.Errorf("err = %v, want ErrTimeout", err)
		}
		if got := s.count(); got != 1 {
			t.Errorf("upstream requests = %d, want 1", got)
		}
	})
}

// TestRetry_NeverForWrites sends each non-idempotent method through the
// client's one request path (do) against an upstream that always answers
// 503, and one that resets the connection: each goes out exactly once.
func TestRetry_NeverForWrites(t *testing.T) {
	for _, method := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		t.Run(method+" on 503", func(t *testing.T) {
			s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) { answer503(w) })
			err := s.client(t, retrying(5)).do(t.Context(), method, "flows/instances/x/", nil, map[string]any{"name": "n"}, nil, nil)
			if !errors.Is(err, ErrUnavailable) {
				t.Errorf("err = %v", err)
			}
			if got := s.count(); got != 1 {
				t.Errorf("upstream requests = %d, want 1", got)
			}
		})
		t.Run(method+" on a reset connection", func(t *testing.T) {
			s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					_ = conn.(*net.TCPConn).SetLinger(0)
					_ = conn.Close()
				}
			})
			err := s.client(t, retrying(5)).do(t.Context(), method, "flows/instances/x/", nil, map[string]any{"name": "n"}, nil, nil)
			if !errors.Is(err, ErrUnavailable) {
				t.Errorf("err = %v", err)
			}
			if got := s.count(); got != 1 {
				t.Errorf("upstream requests = %d, want 1", got)
			}
		})
	}
	t.Run("GET is retried through the same path", func(t *testing.T) {
		s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) { answer503(w) })
		_ = s.client(t, retrying(5)).do(t.Context(), "GET", "flows/instances/x/", nil, nil, nil, nil)
		if got := s.count(); got != 6 {
			t.Errorf("upstream requests = %d, want 6", got)
		}
	})
}

func TestRetry_BoundedByBudgetAndDeadline(t *testing.T) {
	t.Run("budget", func(t *testing.T) {
		s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) { answer503(w) })
		o := Options{Retries: 100, RetryBackoff: 20 * time.Millisecond, RetryMaxDelay: 20 * time.Millisecond, RetryBudget: 100 * time.Millisecond}
		_, _ = s.client(t, o).GetFlow(t.Context(), "a-b")
		// Each wait is at least 10 ms: at most 10 fit in the 100 ms budget.
		if got := s.count(); got > 11 {
			t.Errorf("upstream requests = %d, want at most 11 within the budget", got)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) { answer503(w) })
		o := Options{Retries: 10, RetryBackoff: 10 * time.Second, RetryMaxDelay: 10 * time.Second, RetryBudget: time.Minute}
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		_, err := s.client(t, o).GetFlow(ctx, "a-b")
		if !errors.Is(err, ErrUnavailable) {
			t.Errorf("err = %v, want the 503 at once (no wait can end before the deadline)", err)
		}
		if got := s.count(); got != 1 {
			t.Errorf("upstream requests = %d, want 1", got)
		}
	})
}

func TestRetryPolicy_Next(t *testing.T) {
	p := retryPolicy{max: 3, backoff: 100 * time.Millisecond, maxDelay: 2 * time.Second, budget: 5 * time.Second}
	now := time.Now()
	for n := 0; n < 3; n++ {
		d, ok := p.next(context.Background(), n, &answer{status: 503}, now)
		base := p.backoff << n
		if !ok || d < base/2 || d > base {
			t.Errorf("retry %d: wait %v %v, want within [%v, %v] (jittered backoff)", n, d, ok, base/2, base)
		}
	}
	if _, ok := p.next(context.Background(), 3, &answer{status: 503}, now); ok {
		t.Error("a fourth retry with max 3")
	}
	d, ok := p.next(context.Background(), 0, &answer{status: 429, retryAfter: 1500 * time.Millisecond}, now)
	if !ok || d != 1500*time.Millisecond {
		t.Errorf("Retry-After 1.5s: wait %v %v, want exactly 1.5s", d, ok)
	}
	if _, ok := p.next(context.Background(), 0, &answer{status: 429, retryAfter: 3 * time.Second}, now); ok {
		t.Error("Retry-After beyond maxDelay must end the retries")
	}
	if _, ok := p.next(context.Background(), 0, &answer{status: 503}, now.Add(-5*time.Second)); ok {
		t.Error("a retry past the budget")
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		" 10 ":                          10 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Fri, 02 Jan 2026 03:04:35 GMT": 30 * time.Second,
		"Fri, 02 Jan 2026 03:00:00 GMT": 0, // in the past
		"99999999999999999999":          0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestBreaker_OpensThenRecovers: repeated 5xx open the circuit, which then
// answers at once without a request; after the cooldown one probe goes out,
// fails and reopens it; the next probe succeeds and closes it.
func TestBreaker_OpensThenRecovers(t *testing.T) {
	var healthy atomic.Bool
	s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if healthy.Load() {
			_, _ = fmt.Fprint(w, okFlow)
			return
		}
		answer503(w)
	})
	obs := &recorder{}
	cooldown := 50 * time.Millisecond
	c := s.client(t, Options{BreakerFailures: 3, BreakerCooldown: cooldown, Observer: obs})

	for i := 0; i < 3; i++ {
		if _, err := c.GetFlow(t.Context(), "a-b"); errors.Is(err, ErrCircuitOpen) {
			t.Fatalf("call %d: circuit open before 3 failures", i)
		}
	}
	if c.Breaker() != BreakerOpen {
		t.Fatalf("breaker = %v after 3 failures, want open", c.Breaker())
	}
	_, err := c.GetFlow(t.Context(), "a-b")
	if !errors.Is(err, ErrCircuitOpen) || !errors.Is(err, ErrUnavailable) {
		t.Errorf("err = %v, want ErrCircuitOpen (also ErrUnavailable)", err)
	}
	if got := s.count(); got != 3 {
		t.Errorf("upstream requests = %d, want 3: the open circuit sends none", got)
	}
	if obs.rejected.Load() != 1 {
		t.Errorf("rejected = %d, want 1", obs.rejected.Load())
	}

	time.Sleep(cooldown + 10*time.Millisecond)
	if c.Breaker() != BreakerHalfOpen {
		t.Errorf("breaker = %v after the cooldown, want half_open", c.Breaker())
	}
	if _, err := c.GetFlow(t.Context(), "a-b"); errors.Is(err, ErrCircuitOpen) || s.count() != 4 {
		t.Fatalf("probe: err %v, %d requests, want the probe sent (4)", err, s.count())
	}
	if c.Breaker() != BreakerOpen {
		t.Fatalf("breaker = %v after a failed probe, want open", c.Breaker())
	}

	healthy.Store(true)
	time.Sleep(cooldown + 10*time.Millisecond)
	if _, err := c.GetFlow(t.Context(), "a-b"); err != nil {
		t.Fatalf("probe after recovery: %v", err)
	}
	if c.Breaker() != BreakerClosed {
		t.Errorf("breaker = %v after a good probe, want closed", c.Breaker())
	}
	for i := 0; i < 5; i++ {
		if _, err := c.GetFlow(t.Context(), "a-b"); err != nil {
			t.Errorf("after recovery: %v", err)
		}
	}
	want := []BreakerState{BreakerOpen, BreakerHalfOpen, BreakerOpen, BreakerHalfOpen, BreakerClosed}
	if got := obs.states(); !slices.Equal(got, want) {
		t.Errorf("transitions = %v, want %v", got, want)
	}
}

func TestBreaker_OnlyFailuresCount(t *testing.T) {
	s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n % 3 {
		case 0:
			w.WriteHeader(http.StatusNotFound)
			_, _ = fmt.Fprint(w, `{"detail":"No Flow matches the given query."}`)
		case 1:
			w.WriteHeader(http.StatusForbidden)
			_, _ = fmt.Fprint(w, `{"detail":"Token invalid/expired"}`)
		default:
			w.WriteHeader(http.StatusTooManyRequests)
		}
	})
	c := s.client(t, Options{BreakerFailures: 2})
	for i := 0; i < 12; i++ {
		_, _ = c.GetFlow(t.Context(), "a-b")
	}
	if c.Breaker() != BreakerClosed || s.count() != 12 {
		t.Errorf("4xx answers: breaker %v after %d requests, want closed after 12", c.Breaker(), s.count())
	}
}

func TestBreaker_OneProbeAtATime(t *testing.T) {
	b := &breaker{threshold: 1, cooldown: time.Millisecond}
	b.done(false, failure)
	time.Sleep(2 * time.Millisecond)
	probe, ok := b.allow()
	if !probe || !ok {
		t.Fatalf("first call after cooldown: probe=%v ok=%v", probe, ok)
	}
	if _, ok := b.allow(); ok {
		t.Error("a second call while the probe is out must be refused")
	}
	b.done(true, neutral) // the prober gave up: no evidence
	if probe, ok := b.allow(); !probe || !ok {
		t.Error("after a neutral probe the next call probes")
	}
	b.done(true, success)
	if probe, ok := b.allow(); probe || !ok {
		t.Error("closed after a good probe")
	}
}

func TestEndpoint(t *testing.T) {
	for path, want := range map[string]string{
		"flows/instances/":                      "flows/instances/",
		"flows/instances/default-auth-flow/":    "flows/instances/{slug}/",
		"flows/instances/x/diagram/":            "flows/instances/{slug}/diagram/",
		"flows/instances/x/export/":             "flows/instances/{slug}/export/",
		"flows/instances/cache_info/":           "flows/instances/cache_info/",
		"flows/bindings/":                       "flows/bindings/",
		"flows/bindings/3fa85f64-5717-4562-b3/": "flows/bindings/{fsb_uuid}/",
		"flows/bindings/u/used_by/":             "flows/bindings/{fsb_uuid}/used_by/",
		"stages/all/":                           "stages/all/",
		"stages/all/types/":                     "stages/all/types/",
		"stages/all/3fa85f64/":                  "stages/all/{stage_uuid}/",
		"core/users/1/":                         "core/users/{id}/",
		"stages/identification/":                "stages/identification/",
		"stages/identification/3fa85f64/":       "stages/identification/{id}/",
		"stages/authenticator/validate/":        "stages/authenticator/validate/",
		"stages/authenticator/validate/3fa8/":   "stages/authenticator/validate/{id}/",
		"stages/prompt/prompts/":                "stages/prompt/prompts/",
		"stages/prompt/stages/3fa85f64/":        "stages/prompt/stages/{id}/",
		"stages/authenticator/3fa85f64-1/":      "stages/authenticator/{id}/",
		"flows/instances/x/Bearer%20tok/":       "other",
		"a/b/c/d/e/":                            "other",
		"":                                      "other",
		"FLOWS/x/":                              "other",
	} {
		if got := Endpoint(path); got != want {
			t.Errorf("Endpoint(%q) = %q, want %q", path, got, want)
		}
	}
}

// endpointReference is Endpoint as it was written first (strings.Split,
// then strings.Join): FuzzEndpoint holds the faster one to it.
func endpointReference(path string) string {
	segs := strings.Split(strings.TrimSuffix(path, "/"), "/")
	head := ""
	if len(segs) >= 3 && nestedCollections[segs[0]+"/"+segs[1]] && apiWord(segs[2]) {
		head, segs = segs[0]+"/", segs[1:]
	}
	if len(segs) < 2 || len(segs) > 4 || !apiWord(segs[0]) || !apiWord(segs[1]) {
		return "other"
	}
	coll := segs[0] + "/" + segs[1]
	out := []string{segs[0], segs[1]}
	if len(segs) >= 3 {
		if len(segs) == 3 && listActions[segs[2]] {
			out = append(out, segs[2])
		} else if name, ok := lookupNames[coll]; ok {
			out = append(out, name)
		} else {
			out = append(out, "{id}")
		}
	}
	if len(segs) == 4 {
		if !detailActions[segs[3]] {
			return "other"
		}
		out = append(out, segs[3])
	}
	return head + strings.Join(out, "/") + "/"
}

// FuzzEndpoint: Endpoint answers as endpointReference for every path.
func FuzzEndpoint(f *testing.F) {
	for _, p := range []string{"flows/instances/", "flows/instances/x", "flows/instances/x/diagram/", "flows/instances/cache_info",
		"stages/authenticator/validate/3fa8/", "stages/prompt/stages/x/used_by/", "stages/prompt/prompts", "a/b/c/d/e/",
		"a/b/c/d/e/f/", "", "/", "//", "flows//", "stages/authenticator/validate/x/export/y/", "core/users/1/used_by",
		"flows/instances/x/y/", "flows/bindings/u/used_by/"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, path string) {
		if got, want := Endpoint(path), endpointReference(path); got != want {
			t.Errorf("Endpoint(%q) = %q, want %q", path, got, want)
		}
	})
}

// TestEndpoint_NoAllocation: the endpoint of a path without arguments is
// the path itself; with one, a single string is made.
func TestEndpoint_NoAllocation(t *testing.T) {
	for path, want := range map[string]float64{"flows/instances/": 0, "flows/bindings/": 0, "flows/instances/default-auth/": 1} {
		if got := testing.AllocsPerRun(100, func() { _ = Endpoint(path) }); got != want {
			t.Errorf("Endpoint(%q): %v allocations, want %v", path, got, want)
		}
	}
}

func TestPing(t *testing.T) {
	for _, tt := range []struct {
		status int
		ok     bool
	}{{200, true}, {403, true}, {404, true}, {500, false}, {503, false}} {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			var auth atomic.Value
			s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
				auth.Store(r.Header.Get("Authorization") + "|" + r.URL.RawQuery)
				w.WriteHeader(tt.status)
			})
			err := s.client(t, Options{Token: "secret-token", Retries: 3}).Ping(WithCredentials(t.Context(), "Bearer caller"))
			if (err == nil) != tt.ok {
				t.Errorf("Ping = %v, want ok=%v", err, tt.ok)
			}
			if s.count() != 1 {
				t.Errorf("requests = %d, want 1 (never retried)", s.count())
			}
			if got := auth.Load(); got != "|page=1&page_size=1" {
				t.Errorf("ping sent %q, want no credentials and page_size=1", got)
			}
		})
	}
}

// recorder is an Observer that remembers everything.
type recorder struct {
	mu       sync.Mutex
	attempts []Attempt
	changes  []BreakerState
	rejected atomic.Int64
}

func (r *recorder) Attempt(a Attempt) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts = append(r.attempts, a)
}

func (r *recorder) Rejected(endpoint, method string) { r.rejected.Add(1) }

func (r *recorder) BreakerChanged(s BreakerState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changes = append(r.changes, s)
}

func (r *recorder) attemptsWithoutDuration() []Attempt {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Attempt, len(r.attempts))
	for i, a := range r.attempts {
		a.Duration = 0
		out[i] = a
	}
	return out
}

func (r *recorder) states() []BreakerState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.changes)
}

// TestBreaker_OnlyAuthentiksFaultsCount: an attempt cut short by its caller
// (a deadline or a cancellation of the caller's context) is no evidence
// against authentik and never opens the circuit; no answer within the
// client's own timeout (UPSTREAM_TIMEOUT) is, and does.
func TestBreaker_OnlyAuthentiksFaultsCount(t *testing.T) {
	arrived := make(chan struct{}, 16)
	s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done() // authentik never answers: only the caller or the client's timeout ends a call
	})
	c := s.client(t, Options{BreakerFailures: 2, BreakerCooldown: time.Minute})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() { // cut by the caller's deadline
			defer wg.Done()
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
			defer cancel()
			if _, err := c.GetFlow(ctx, "a-b"); !errors.Is(err, ErrTimeout) {
				errs <- fmt.Errorf("deadline: err = %v, want ErrTimeout", err)
			}
		}()
	}
	for i := 0; i < 4; i++ {
		<-arrived // the four deadline calls are out
	}
	for i := 0; i < 4; i++ {
		ctx, cancel := context.WithCancel(t.Context())
		wg.Add(1)
		go func() { // cut by the caller, once the request is out
			defer wg.Done()
			if _, err := c.GetFlow(ctx, "a-b"); !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("cancel: err = %v, want context.Canceled", err)
			}
		}()
		<-arrived
		cancel()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if c.Breaker() != BreakerClosed || s.count() != 8 {
		t.Fatalf("after 8 calls cut by their callers: breaker %v after %d requests, want closed after 8", c.Breaker(), s.count())
	}

	slow := s.client(t, Options{BreakerFailures: 2, BreakerCooldown: time.Minute,
		HTTPClient: &http.Client{Timeout: 50 * time.Millisecond}})
	for i := 0; i < 2; i++ {
		if _, err := slow.GetFlow(t.Context(), "a-b"); !errors.Is(err, ErrTimeout) {
			t.Fatalf("upstream timeout %d: err = %v, want ErrTimeout", i, err)
		}
	}
	if slow.Breaker() != BreakerOpen {
		t.Errorf("after 2 upstream timeouts: breaker %v, want open", slow.Breaker())
	}
}

// TestAPIWord: apiWord is the regular expression ^[a-z][a-z_]{0,31}$.
func TestAPIWord(t *testing.T) {
	re := regexp.MustCompile(`^[a-z][a-z_]{0,31}$`)
	for _, s := range []string{"", "a", "_a", "a_", "flows", "used_by", "Flows", "flows1", "a-b", "é",
		strings.Repeat("a", 32), strings.Repeat("a", 33), "a\n", "instances", "{slug}", "cache_info"} {
		if got, want := apiWord(s), re.MatchString(s); got != want {
			t.Errorf("apiWord(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestClientURL: the URL of a request is what url.URL.String printed for a
// copy of the base URL with the path appended and the query set, for
// plain paths and for those that need escaping.
func TestClientURL(t *testing.T) {
	for _, base := range []string{"http://127.0.0.1:9000", "https://auth.example.com/", "https://example.com/authentik", "http://[::1]:80/a b/"} {
		c, err := New(base, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"flows/instances/", "flows/instances/default-auth/", "stages/all/3fa85f64-5717/used_by/", "a%20b/", "x y/", "ü/", "a?b/", ""} {
			for _, q := range []string{"", "page=1&page_size=100", "ordering=order&target=a%20b"} {
				u := *c.base
				u.Path += path
				u.RawPath = ""
				u.RawQuery = q
				if got, want := c.url(path, q), u.String(); got != want {
					t.Errorf("%s + %q ? %q: %q, want %q", base, path, q, got, want)
				}
			}
		}
	}
}
