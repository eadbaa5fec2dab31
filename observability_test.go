package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"flowgate/upstream/upstreamtest"
)

// scrape fetches /metrics and parses it.
func scrape(t *testing.T, e *env) (string, map[string]*dto.MetricFamily) {
	t.Helper()
	r := get(t, e.srv.URL+"/metrics")
	if r.status != 200 {
		t.Fatalf("/metrics: %d", r.status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	return r.body, fams
}

// series renders a family's samples as `{label="value",…} value`, sorted;
// histograms as their sample count and sum.
func series(fams map[string]*dto.MetricFamily, name string) []string {
	var out []string
	f := fams[name]
	if f == nil {
		return nil
	}
	for _, m := range f.GetMetric() {
		var labels []string
		for _, l := range m.GetLabel() {
			labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
		}
		var v string
		switch {
		case m.Counter != nil:
			v = fmt.Sprint(m.GetCounter().GetValue())
		case m.Gauge != nil:
			v = fmt.Sprint(m.GetGauge().GetValue())
		case m.Histogram != nil && strings.Contains(name, "batch"):
			// How keys split into batches depends on timing; their sum does not.
			v = fmt.Sprintf("sum=%v", m.GetHistogram().GetSampleSum())
		case m.Histogram != nil:
			v = fmt.Sprintf("count=%d", m.GetHistogram().GetSampleCount())
		}
		out = append(out, "{"+strings.Join(labels, ",")+"} "+v)
	}
	sort.Strings(out)
	return out
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/instances/", Times: 1, Status: 503, Body: "busy"})
	for _, q := range []struct {
		doc  string
		vars map[string]any
		code string
	}{
		{`query Dashboard { flows(first: 50) { totalCount nodes { slug bindings { order stage { name } } } } }`, nil, ""},
		{`query OneFlow($slug: String!) { flow(slug: $slug) { name } }`, map[string]any{"slug": "default-authentication-flow"}, ""},
		{`query OneFlow($slug: String!) { flow(slug: $slug) { name } }`, map[string]any{"slug": "../x"}, "BAD_USER_INPUT"},
		{amplification, nil, "QUERY_TOO_COMPLEX"},
	} {
		resp := e.post(t, q.doc, q.vars, nil)
		if got := strings.Join(resp.codes(), ","); got != q.code {
			t.Fatalf("%s: codes %q, want %q: %s", q.doc, got, q.code, resp.Raw)
		}
	}
	text, fams := scrape(t, e)

	check := func(name string, want ...string) {
		t.Helper()
		if got := series(fams, name); !slices.Equal(got, want) {
			t.Errorf("%s:\n  got  %q\n  want %q", name, got, want)
		}
	}
	check("flowgate_upstream_requests_total",
		`{endpoint="flows/bindings/",method="GET",status="200"} 1`,
		`{endpoint="flows/instances/",method="GET",status="200"} 1`,
		`{endpoint="flows/instances/",method="GET",status="503"} 1`,
		`{endpoint="flows/instances/{slug}/",method="GET",status="200"} 1`,
	)
	check("flowgate_upstream_request_duration_seconds",
		`{endpoint="flows/bindings/",method="GET"} count=1`,
		`{endpoint="flows/instances/",method="GET"} count=2`,
		`{endpoint="flows/instances/{slug}/",method="GET"} count=1`,
	)
	check("flowgate_upstream_retries_total", `{endpoint="flows/instances/",method="GET"} 1`)
	check("flowgate_graphql_requests_total",
		`{code="BAD_USER_INPUT",operation="OneFlow"} 1`,
		`{code="OK",operation="Dashboard"} 1`,
		`{code="OK",operation="OneFlow"} 1`,
		`{code="QUERY_TOO_COMPLEX",operation="anonymous"} 1`,
	)
	check("flowgate_graphql_request_duration_seconds",
		`{operation="Dashboard"} count=1`,
		`{operation="OneFlow"} count=2`,
		`{operation="anonymous"} count=1`,
	)
	check("flowgate_graphql_requests_in_flight", `{} 0`)
	check("flowgate_upstream_circuit_state", `{state="closed"} 1`, `{state="half_open"} 0`, `{state="open"} 0`)
	// Batch sizes add up to the distinct keys: the 17 flows' bindings, one slug.
	check("flowgate_loader_batch_size", `{loader="BindingsByFlow"} sum=17`, `{loader="FlowBySlug"} sum=1`)
	if strings.Contains(text, "default-authentication-flow") || strings.Contains(text, "../x") {
		t.Error("/metrics holds a request argument")
	}
	if fams["go_goroutines"] == nil || fams["process_start_time_seconds"] == nil {
		t.Error("Go and process collectors missing")
	}
}

func TestMetrics_OperationLabelsAreBounded(t *testing.T) {
	tel := newTelemetry(nil, nil)
	for i := 0; i < maxOperationNames+20; i++ {
		if got := tel.operationLabel(fmt.Sprintf("Op%d", i), ""); (i < maxOperationNames) != (got != "other") {
			t.Fatalf("name %d labelled %q", i, got)
		}
	}
	for name, want := range map[string]string{
		"Op1":                   "Op1", // already admitted
		"":                      "anonymous",
		"has space":             "invalid",
		strings.Repeat("a", 65): "invalid",
		"x{y}":                  "invalid",
		"SecretToken12345":      "redacted",
	} {
		if got := tel.operationLabel(name, "Bearer SecretToken12345"); got != want {
			t.Errorf("operationLabel(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestMetrics_Off(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.Metrics = false }})
	if r := get(t, e.srv.URL+"/metrics"); r.status != 404 {
		t.Errorf("/metrics with METRICS=false: %d", r.status)
	}
}

func newTracing(t *testing.T) (*tracetest.InMemoryExporter, trace.Tracer) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	return exp, tp.Tracer("flowgate-test")
}

// TestTracing: the operation's server span continues the caller's trace;
// each upstream request is a child client span named by route template,
// and authentik receives that span as its traceparent.
func TestTracing(t *testing.T) {
	exp, tracer := newTracing(t)
	e := newEnv(t, envOptions{tracer: tracer})
	e.fake.Reset()
	const callerTrace, callerSpan = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	resp := e.post(t, `query Dashboard { flows(first: 50) { totalCount nodes { slug bindings { order } } } }`, nil, map[string]string{
		"traceparent": "00-" + callerTrace + "-" + callerSpan + "-01",
	})
	if len(resp.Errors) > 0 {
		t.Fatal(string(resp.Raw))
	}
	waitFor(t, "three spans", func() bool { return len(exp.GetSpans()) == 3 })
	spans := exp.GetSpans()
	byName := map[string]tracetest.SpanStub{}
	for _, s := range spans {
		byName[s.Name] = s
	}
	server, ok := byName["query Dashboard"]
	if !ok {
		t.Fatalf("no server span named \"query Dashboard\": %v", names(spans))
	}
	if server.SpanKind != trace.SpanKindServer || server.SpanContext.TraceID().String() != callerTrace || server.Parent.SpanID().String() != callerSpan {
		t.Errorf("server span: kind %v trace %s parent %s", server.SpanKind, server.SpanContext.TraceID(), server.Parent.SpanID())
	}
	attrs := map[string]string{}
	for _, a := range server.Attributes {
		attrs[string(a.Key)] = a.Value.String()
	}
	if attrs["graphql.operation.name"] != "Dashboard" || attrs["flowgate.outcome"] != "OK" || attrs["flowgate.request_id"] != resp.Header.Get("X-Request-ID") {
		t.Errorf("server span attributes: %v", attrs)
	}
	sent := map[string]string{}
	for _, r := range e.fake.Requests() {
		sent[r.Path] = r.Header.Get("Traceparent")
	}
	for name, path := range map[string]string{"GET flows/instances/": "/api/v3/flows/instances/", "GET flows/bindings/": "/api/v3/flows/bindings/"} {
		c, ok := byName[name]
		if !ok {
			t.Errorf("no client span %q: %v", name, names(spans))
			continue
		}
		if c.SpanKind != trace.SpanKindClient || c.Parent.SpanID() != server.SpanContext.SpanID() || c.SpanContext.TraceID().String() != callerTrace {
			t.Errorf("%s: kind %v, parent %s, want child of the server span", name, c.SpanKind, c.Parent.SpanID())
		}
		want := "00-" + callerTrace + "-" + c.SpanContext.SpanID().String() + "-01"
		if sent[path] != want {
			t.Errorf("traceparent sent to %s = %q, want %q", path, sent[path], want)
		}
	}
}

// TestTracing_Off: without a tracer no span is made, and the caller's
// traceparent reaches authentik unchanged.
func TestTracing_Off(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Reset()
	tp := "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	e.post(t, `{ flows(first: 1) { totalCount } }`, nil, map[string]string{"traceparent": tp})
	if got := e.fake.Requests()[0].Header.Get("Traceparent"); got != tp {
		t.Errorf("traceparent sent = %q, want %q", got, tp)
	}
	e.fake.Reset()
	e.post(t, `{ flows(first: 1) { totalCount } }`, nil, nil)
	if got := e.fake.Requests()[0].Header.Get("Traceparent"); got != "" {
		t.Errorf("traceparent invented without tracing: %q", got)
	}
}

func names(spans tracetest.SpanStubs) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}

func TestRequestID(t *testing.T) {
	e := newEnv(t, envOptions{})
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for _, tt := range []struct {
		name, sent string
		keep       bool
	}{
		{"sane id kept", "req-2026.01:abc_DEF+/=", true},
		{"absent", "", false},
		{"spaces", "a b", false},
		{"too long", strings.Repeat("a", 129), false},
		{"markup and non-ASCII", "<script>\xff", false},
		{"the caller's token", "SecretToken12345", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e.fake.Reset()
			h := map[string]string{"Authorization": "Bearer SecretToken12345"}
			if tt.sent != "" {
				h["X-Request-ID"] = tt.sent
			}
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(`{"query":"{ flows(first: 1) { totalCount } }"}`))
			req.Header.Set("Content-Type", "application/json")
			for k, v := range h {
				req.Header[http.CanonicalHeaderKey(k)] = []string{v} // raw, as a hostile client would
			}
			resp := e.send(t, req)
			id := resp.Header.Get("X-Request-ID")
			if tt.keep && id != tt.sent || !tt.keep && !hex32.MatchString(id) {
				t.Errorf("X-Request-ID = %q (sent %q)", id, tt.sent)
			}
			if got := e.fake.Requests()[0].Header.Get("X-Request-ID"); got != id {
				t.Errorf("sent to authentik: %q, want %q", got, id)
			}
			if !strings.Contains(e.logs.String(), `"request_id":"`+id+`"`) {
				t.Errorf("logs lack request_id %s", id)
			}
		})
	}
}

// TestRedaction sends requests carrying tokens and cookies (valid, invalid,
// echoed in an upstream error page, used as the operation name) and checks
// that no log line, metric or span holds any of them.
func TestRedaction(t *testing.T) {
	exp, tracer := newTracing(t)
	e := newEnv(t, envOptions{tracer: tracer, token: "-"})
	const named = "SecretOperationToken77"
	e.fake.AddToken(named, upstreamtest.Permissions{ViewAll: true})
	secrets := []string{upstreamtest.AdminToken, "no-such-token-8f3a", named, "session-cookie-d41d8c", "csrf-cookie-0cc175"}
	cookie := map[string]string{"Cookie": "authentik_session=session-cookie-d41d8c; authentik_csrf=csrf-cookie-0cc175"}
	with := func(token string) map[string]string {
		h := map[string]string{"Authorization": "Bearer " + token}
		for k, v := range cookie {
			h[k] = v
		}
		return h
	}
	e.post(t, `query Dashboard { flows(first: 5) { nodes { slug bindings { order } } } }`, nil, with(upstreamtest.AdminToken))
	if r := e.post(t, `{ flows { totalCount } }`, nil, with("no-such-token-8f3a")); fmt.Sprint(r.codes()) != "[UNAUTHENTICATED]" {
		t.Errorf("invalid token: %s", r.Raw)
	}
	e.post(t, `query `+named+` { flows { totalCount } }`, nil, with(named))
	e.post(t, `{"query": "`, nil, with(upstreamtest.AdminToken)) // a body gqlgen quotes in its error
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(`{"query":"`+upstreamtest.AdminToken))
	req.Header.Set("Content-Type", "application/json")
	if r := e.send(t, req); r.Status != 400 || strings.TrimSpace(string(r.Raw)) != `{"errors":[{"message":"request body must be one JSON object such as {\"query\": \"{ flows { totalCount } }\"}","extensions":{"code":"BAD_REQUEST"}}],"data":null}` {
		t.Errorf("malformed body: %d %s", r.Status, r.Raw)
	}
	e.fake.Inject(upstreamtest.Fault{Status: 500, Body: "<html>token=" + upstreamtest.AdminToken + " cookie=session-cookie-d41d8c</html>"})
	e.post(t, `{ flows { totalCount } }`, nil, with(upstreamtest.AdminToken))
	e.fake.ClearFaults()
	if len(e.fake.Requests()) < 4 {
		t.Fatalf("only %d upstream requests", len(e.fake.Requests()))
	}

	metrics, _ := scrape(t, e)
	var spanText strings.Builder
	for _, s := range exp.GetSpans() {
		fmt.Fprintf(&spanText, "%s %s %v %v %v\n", s.Name, s.Status.Description, s.Attributes, s.Events, s.Links)
	}
	if spanText.Len() == 0 {
		t.Fatal("no spans recorded")
	}
	for where, text := range map[string]string{"logs": e.logs.String(), "metrics": metrics, "spans": spanText.String()} {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s contain %q", where, s)
			}
		}
	}
	if !strings.Contains(metrics, `operation="redacted"`) {
		t.Error("an operation named like the caller's token is not labelled redacted")
	}
}

// TestRun_ExportsSpansOverOTLP runs the program with an OTLP endpoint: on
// shutdown it flushes the spans to <endpoint>/v1/traces, and they hold no
// credential.
func TestRun_ExportsSpansOverOTLP(t *testing.T) {
	fake := upstreamtest.NewServer()
	defer fake.Close()
	var mu sync.Mutex
	var exports [][]byte
	var paths []string
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		exports, paths = append(exports, b), append(paths, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer collector.Close()

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	getenv := func(k string) string {
		return map[string]string{"AUTHENTIK_URL": fake.URL, "OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL, "OTEL_SERVICE_NAME": "flowgate-under-test"}[k]
	}
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, getenv, io.Discard, logs) }()
	addr := listenAddr(t, logs)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+addr+"/graphql", strings.NewReader(`{"query":"query Dashboard { flows(first: 1) { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(exports) == 0 {
		t.Fatalf("nothing exported; logs:\n%s", logs)
	}
	all := bytes.Join(exports, nil)
	for _, want := range []string{"flowgate-under-test", "query Dashboard", "GET flows/instances/", "url.template"} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("exported spans lack %q", want)
		}
	}
	if bytes.Contains(all, []byte(upstreamtest.AdminToken)) {
		t.Error("exported spans hold the token")
	}
	if paths[0] != "POST /v1/traces application/x-protobuf" {
		t.Errorf("export request: %s", paths[0])
	}
}

// logLines returns the JSON log records that carry request id id.
func logLines(t *testing.T, logs string, id string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["request_id"] == id {
			out = append(out, rec)
		}
	}
	return out
}

// TestLogs_OneLinePerGraphQLRequest: each GraphQL request writes exactly one
// log line, with its operation, HTTP status, error codes and upstream
// request count (retries under faults included, no line per failed call),
// at WARN when it has errors; argument values and tokens never appear.
func TestLogs_OneLinePerGraphQLRequest(t *testing.T) {
	e := newEnv(t, envOptions{})
	const secretSlug = "sekrit-slug-4711"
	send := func(id string, query string, edit func(*http.Request)) {
		body, _ := json.Marshal(map[string]any{"query": query})
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-ID", id)
		if edit != nil {
			edit(req)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	tests := []struct {
		id, query string
		fault     *upstreamtest.Fault
		edit      func(*http.Request)
		want      map[string]any // expected fields of the one line
	}{
		{id: "log-ok", query: `query Dash { flows(first: 3) { nodes { slug } } }`,
			want: map[string]any{"level": "INFO", "operation": "Dash", "operation_type": "query", "status": 200.0, "codes": []any{}, "upstream_requests": 1.0}},
		{id: "log-faults", query: `query Nested { flows(first: 20) { nodes { slug bindings { order } } } }`,
			fault: &upstreamtest.Fault{Method: "GET", PathPrefix: "/api/v3/flows/bindings/", Status: 503, Times: 3},
			want:  map[string]any{"level": "WARN", "operation": "Nested", "operation_type": "query", "status": 200.0, "codes": []any{"UPSTREAM_UNAVAILABLE"}, "upstream_requests": 4.0}},
		{id: "log-mutation", query: `mutation Rename { updateFlow(slug: "` + secretSlug + `", input: {title: "` + secretSlug + `-title"}) { slug } }`,
			want: map[string]any{"level": "WARN", "operation": "Rename", "operation_type": "mutation", "status": 200.0, "codes": []any{"NOT_FOUND"}, "upstream_requests": 1.0}},
		{id: "log-refused", query: `{ flows { totalCount } }`, edit: func(r *http.Request) { r.Host = "attacker.example" },
			want: map[string]any{"level": "WARN", "operation": "", "status": 421.0, "codes": []any{"HOST_NOT_ALLOWED"}, "upstream_requests": 0.0}},
		{id: "log-limit", query: amplification,
			want: map[string]any{"level": "WARN", "operation": "", "status": 422.0, "codes": []any{"QUERY_TOO_COMPLEX"}, "upstream_requests": 0.0}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e.fake.Reset()
			if tt.fault != nil {
				e.fake.Inject(*tt.fault)
				defer e.fake.ClearFaults()
			}
			send(tt.id, tt.query, tt.edit)
			lines := logLines(t, e.logs.String(), tt.id)
			if len(lines) != 1 {
				t.Fatalf("%d log lines, want 1:\n%v", len(lines), lines)
			}
			for k, v := range tt.want {
				if got := lines[0][k]; !reflect.DeepEqual(got, v) {
					t.Errorf("%s = %#v, want %#v", k, got, v)
				}
			}
			if n := float64(e.fake.RequestCount()); lines[0]["upstream_requests"] != n {
				t.Errorf("upstream_requests = %v, the fake counted %v", lines[0]["upstream_requests"], n)
			}
		})
	}
	if logs := e.logs.String(); strings.Contains(logs, secretSlug) || strings.Contains(logs, upstreamtest.AdminToken) {
		t.Errorf("logs contain an argument value or the token:\n%s", logs)
	}
}
