package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

// traceOf returns the answer's extensions.trace without timings, one
// "METHOD route status loader/batchSize retry" line per request.
func traceOf(t *testing.T, r *gqlResponse) ([]string, bool) {
	t.Helper()
	var body struct {
		Extensions struct {
			Trace *[]upstream.TraceEntry `json:"trace"`
		} `json:"extensions"`
	}
	if err := json.Unmarshal(r.Raw, &body); err != nil {
		t.Fatal(err)
	}
	if body.Extensions.Trace == nil {
		return nil, false
	}
	out := []string{}
	for _, e := range *body.Extensions.Trace {
		if e.Ms < 0 || e.StartMs < 0 {
			t.Errorf("negative timing: %+v", e)
		}
		out = append(out, fmt.Sprintf("%s %s %s %s/%d %d", e.Method, e.Route, e.Status, e.Loader, e.BatchSize, e.Retry))
	}
	return out, true
}

// sentSince lists the fake's log since before as traceOf does (route templates
// from the real paths), for comparison.
func sentSince(e *env, before int) []string {
	var out []string
	for _, r := range e.fake.Requests()[before:] {
		out = append(out, r.Method+" "+upstream.Endpoint(strings.TrimPrefix(r.Path, "/api/v3/")))
	}
	return out
}

func withoutDetail(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		f := strings.Fields(l)
		out[i] = f[0] + " " + f[1]
	}
	return out
}

var traceHeaders = map[string]string{"X-Flowgate-Trace": "1"}

// TestTrace_ListsTheRequestsUpstream: with X-Flowgate-Trace: 1 the answer
// lists exactly the upstream requests the fake received for it, with route
// templates, statuses and the loader batch each served.
func TestTrace_ListsTheRequestsUpstream(t *testing.T) {
	e := newEnv(t, envOptions{})
	cases := []struct {
		name, query string
		vars        map[string]any
		want        []string
	}{
		{"nested list", `{ flows(first: 50) { nodes { slug bindings { order stage { name } } } } }`, nil, []string{
			"GET flows/instances/ 200 /0 0",
			"GET flows/bindings/ 200 BindingsByFlow/17 0",
		}},
		{"point lookup", `query ($slug: String!) { flow(slug: $slug) { slug diagram bindings { order } } }`, map[string]any{"slug": "default-authentication-flow"}, []string{
			"GET flows/instances/{slug}/ 200 FlowBySlug/1 0",
			"GET flows/bindings/ 200 BindingsByFlow/1 0",
			"GET flows/instances/{slug}/diagram/ 200 /0 0",
		}},
		{"mutation", `mutation { clearFlowCache { clearedCount } }`, nil, []string{
			"GET flows/instances/cache_info/ 200 /0 0",
			"POST flows/instances/cache_clear/ 204 /0 0",
		}},
		{"refused before any request", `{ flows(first: 1000) { totalCount } }`, nil, []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.fake.RequestCount()
			r := e.post(t, c.query, c.vars, traceHeaders)
			got, ok := traceOf(t, r)
			if !ok {
				t.Fatalf("no extensions.trace: %s", r.Raw)
			}
			// The point lookup's diagram runs in parallel with the bindings:
			// compare as a set where the order is not determined.
			if strings.Join(sortedCopy(got), "\n") != strings.Join(sortedCopy(c.want), "\n") {
				t.Errorf("trace:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if s := sentSince(e, before); strings.Join(sortedCopy(withoutDetail(got)), "\n") != strings.Join(sortedCopy(s), "\n") {
				t.Errorf("trace %v, but authentik received %v", got, s)
			}
		})
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c
}

// TestTrace_RetriesAndOpenCircuit: each attempt of a retried GET is an
// entry, and calls the open circuit refused appear as circuit_open.
func TestTrace_RetriesAndOpenCircuit(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.BreakerFailures = 3 }})
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/instances/", Status: 503, Body: "busy"})
	r := e.post(t, `{ flows { totalCount } }`, nil, traceHeaders)
	got, _ := traceOf(t, r)
	want := []string{"GET flows/instances/ 503 /0 0", "GET flows/instances/ 503 /0 1", "GET flows/instances/ 503 /0 2"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("trace:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	r = e.post(t, `{ flows { totalCount } }`, nil, traceHeaders)
	if got, _ := traceOf(t, r); strings.Join(got, "\n") != "GET flows/instances/ circuit_open /0 0" {
		t.Errorf("open circuit trace: %v", got)
	}
}

// TestTrace_OptIn: no header, another value, or UPSTREAM_TRACE=false: no
// trace.
func TestTrace_OptIn(t *testing.T) {
	on := newEnv(t, envOptions{})
	off := newEnv(t, envOptions{cfg: func(c *config) { c.UpstreamTrace = false }})
	for _, c := range []struct {
		name   string
		e      *env
		header map[string]string
	}{
		{"no header", on, nil},
		{"other value", on, map[string]string{"X-Flowgate-Trace": "true"}},
		{"switched off", off, traceHeaders},
	} {
		r := c.e.post(t, `{ flows { totalCount } }`, nil, c.header)
		if _, ok := traceOf(t, r); ok || strings.Contains(string(r.Raw), `"trace"`) || len(r.Errors) > 0 {
			t.Errorf("%s: %s", c.name, r.Raw)
		}
	}
}

// TestTrace_OnlyTheCallersOwn: callers tracing at the same time each see
// their own requests only, and no argument value, token or search term.
func TestTrace_OnlyTheCallersOwn(t *testing.T) {
	e := newEnv(t, envOptions{})
	const secretSearch = "authentication flow"
	queries := []struct {
		header map[string]string
		query  string
		want   []string
	}{
		{map[string]string{"X-Flowgate-Trace": "1"}, `{ flows(first: 50) { nodes { slug bindings { order } } } }`,
			[]string{"GET flows/instances/ 200 /0 0", "GET flows/bindings/ 200 BindingsByFlow/17 0"}},
		{map[string]string{"X-Flowgate-Trace": "1", "Authorization": "Bearer " + upstreamtest.LimitedToken}, `{ flows(search: "` + secretSearch + `") { totalCount } }`,
			[]string{"GET flows/instances/ 200 /0 0"}},
		{map[string]string{"X-Flowgate-Trace": "1", "Authorization": "Bearer " + upstreamtest.ReadOnlyToken}, `{ flow(slug: "default-source-enrollment") { slug export } }`,
			[]string{"GET flows/instances/{slug}/ 200 FlowBySlug/1 0", "GET flows/instances/{slug}/export/ 200 /0 0"}},
	}
	var wg sync.WaitGroup
	for round := 0; round < 10; round++ {
		for _, q := range queries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.post(t, q.query, nil, q.header)
				got, _ := traceOf(t, r)
				if strings.Join(got, "\n") != strings.Join(q.want, "\n") {
					t.Errorf("%s:\ntrace %v\nwant  %v", q.query, got, q.want)
				}
				for _, secret := range []string{"authentication", "default-source-enrollment", upstreamtest.LimitedToken, upstreamtest.ReadOnlyToken, "search", "page_size"} {
					if i := strings.Index(string(r.Raw), `"extensions"`); i >= 0 && strings.Contains(string(r.Raw[i:]), secret) {
						t.Errorf("the trace shows %q: %s", secret, r.Raw[i:])
					}
				}
			}()
		}
	}
	wg.Wait()
}

// TestTrace_CacheHits: with the answer cache on (CACHE_TTL, in-process
// here), a read answered from it is listed as "cached": no request reached
// authentik for it.
func TestTrace_CacheHits(t *testing.T) {
	fake := upstreamtest.NewServer()
	t.Cleanup(fake.Close)
	cfg := testConfig(t)
	cfg.CacheTTL = time.Minute
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	tel := newTelemetry(nil, logger)
	rep, err := newReplicas(cfg, logger, tel)
	if err != nil {
		t.Fatal(err)
	}
	cfg.replicas = rep
	up, err := upstream.New(fake.URL, upstreamOptions(cfg, upstreamtest.AdminToken, tel))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(logger, cfg, up, tel))
	t.Cleanup(srv.Close)
	e := &env{fake: fake, srv: srv, tel: tel, up: up}

	const q = `{ flows(first: 50) { nodes { slug bindings { order } } } }`
	first, _ := traceOf(t, e.post(t, q, nil, traceHeaders))
	before := fake.RequestCount()
	second, _ := traceOf(t, e.post(t, q, nil, traceHeaders))
	if n := fake.RequestCount() - before; n != 0 {
		t.Fatalf("the cached read cost %d upstream requests", n)
	}
	want1 := []string{"GET flows/instances/ 200 /0 0", "GET flows/bindings/ 200 BindingsByFlow/17 0"}
	want2 := []string{"GET flows/instances/ cached /0 0", "GET flows/bindings/ cached BindingsByFlow/17 0"}
	if strings.Join(first, "\n") != strings.Join(want1, "\n") || strings.Join(second, "\n") != strings.Join(want2, "\n") {
		t.Errorf("traces:\n%s\n--\n%s\nwant\n%s\n--\n%s", strings.Join(first, "\n"), strings.Join(second, "\n"), strings.Join(want1, "\n"), strings.Join(want2, "\n"))
	}
}
