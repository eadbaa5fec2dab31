package main

import (
	"bytes"
	"context"
	"log/slog"
	"math"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// requestLineBoth writes l through logHandler's own path and through slog
// (as edge.logRequest does when l is not plain), and returns both lines.
func requestLineBoth(t *testing.T, l requestLine) (own, viaSlog string) {
	t.Helper()
	var a, b bytes.Buffer
	if err := newLogHandler(&a, slog.LevelDebug).writeRequestLine(&l); err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), requestStateKey{}, &requestState{id: l.requestID})
	if l.traceID != "" {
		tid, err := trace.TraceIDFromHex(l.traceID)
		if err != nil {
			t.Fatal(err)
		}
		ctx = trace.ContextWithSpanContext(ctx, trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{1}}))
	}
	h := contextHandler{newLogHandler(&b, slog.LevelDebug)}
	if err := h.Handle(ctx, l.record()); err != nil {
		t.Fatal(err)
	}
	return a.String(), b.String()
}

// TestRequestLine_AsSlog: the request line logHandler writes itself is,
// byte for byte, the one slog's JSON handler writes for the same record
// under contextHandler: every member, level, float and time.
func TestRequestLine_AsSlog(t *testing.T) {
	times := []time.Time{
		time.Date(2026, 12, 4, 23, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 4, 23, 0, 0, 123456789, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 6000, time.FixedZone("x", 5*3600+1800)),
		time.Now(),
		time.Now().Round(0),
	}
	floats := []float64{0, 0.001, 0.5, 1, 1.25, 12.345, 999.999, 1234567.891, 1e20, 1e21, 3.5e22, 1e-7, 5e-324, math.MaxFloat64, 1.0 / 3}
	lines := []requestLine{
		{method: "POST", path: "/graphql", status: 200, bytes: 410, graphql: true, operationType: "query", codes: []string{}, upstreamRequests: 2, requestID: "0123456789abcdef"},
		{method: "GET", path: "/healthz", status: 200, bytes: 3, requestID: "id-1"},
		{level: slog.LevelWarn, method: "POST", path: "/graphql", status: 400, bytes: 123, graphql: true, operation: "Flows", operationType: "query",
			codes: []string{"BAD_REQUEST", "UPSTREAM_TIMEOUT"}, upstreamRequests: 0, requestID: "r", traceID: "0af7651916cd43dd8448eb211c80319c"},
		{level: slog.LevelWarn, method: "GET", path: "/nothing/here", status: 404, bytes: 99, graphql: true, codes: []string{"ROUTE_NOT_FOUND"}},
		{method: "OPTIONS", path: "/graphql", status: 204, graphql: true, operation: "redacted", codes: []string{}},
	}
	n := 0
	for _, tm := range times {
		for _, f := range floats {
			for _, l := range lines {
				l.time, l.durationMs = tm, f
				if !l.plain() {
					t.Fatalf("not plain: %+v", l)
				}
				own, viaSlog := requestLineBoth(t, l)
				if own != viaSlog {
					t.Errorf("own line\n%s differs from slog's\n%s", own, viaSlog)
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no line compared")
	}
}

// TestRequestLine_NotPlain: text JSON would escape, codes of other
// characters and years slog refuses take slog's path (plain is false).
func TestRequestLine_NotPlain(t *testing.T) {
	base := requestLine{time: time.Now(), method: "GET", path: "/graphql", codes: []string{"OK_1"}}
	if !base.plain() {
		t.Fatal("base line not plain")
	}
	for name, change := range map[string]func(*requestLine){
		"quote in path":     func(l *requestLine) { l.path = `/a"b` },
		"backslash in path": func(l *requestLine) { l.path = `/a\b` },
		"control in path":   func(l *requestLine) { l.path = "/a\nb" },
		"non-ASCII path":    func(l *requestLine) { l.path = "/ä" },
		"DEL in method":     func(l *requestLine) { l.method = "G\x7f" },
		"lower-case code":   func(l *requestLine) { l.codes = []string{"bad"} },
		"code with quote":   func(l *requestLine) { l.codes = []string{`A"`} },
		"year 10000":        func(l *requestLine) { l.time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
		"NaN duration":      func(l *requestLine) { l.durationMs = math.NaN() },
	} {
		l := base
		l.codes = append([]string(nil), base.codes...)
		change(&l)
		if l.plain() {
			t.Errorf("%s: plain", name)
		}
	}
}

// FuzzRequestLine: whatever the path, operation and request id, a plain
// line is slog's.
func FuzzRequestLine(f *testing.F) {
	f.Add("/graphql", "Flows", "abc", 1.5, int64(1))
	f.Add("/a b/<c>&d", "", "x", 0.0, int64(0))
	f.Fuzz(func(t *testing.T, path, op, id string, d float64, nanos int64) {
		l := requestLine{time: time.Unix(1_700_000_000, nanos%1e9).UTC(), method: "POST", path: path, status: 200, bytes: 1, durationMs: d,
			graphql: true, operation: op, codes: []string{"A_B"}, requestID: id}
		if !l.plain() {
			return
		}
		if own, viaSlog := requestLineBoth(t, l); own != viaSlog {
			t.Errorf("own line\n%s differs from slog's\n%s", own, viaSlog)
		}
	})
}
