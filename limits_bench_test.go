package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"flowgate/graph"
	"flowgate/graph/guard"
	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

// BenchmarkLimits measures what checking the limits costs per request.
func BenchmarkLimits(b *testing.B) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	deep, _ := os.ReadFile("testdata/queries/deep-nesting.graphql")
	doc, errs := gqlparser.LoadQueryWithRules(schema, string(deep), nil)
	if errs != nil {
		b.Fatal(errs)
	}
	b.Run("Measure deep-nesting", func(b *testing.B) {
		for b.Loop() {
			guard.Measure(doc.Operations[0], nil)
		}
	})
	intro, _ := os.ReadFile("graph/guard/testdata/graphiql-introspection.graphql")
	b.Run("CountTokens GraphiQL introspection", func(b *testing.B) {
		for b.Loop() {
			guard.CountTokens(string(intro))
		}
	})
}

// BenchmarkQuery_Tracing serves the README's query through the whole
// handler, with tracing off (the default) and on (spans made, exported to
// nowhere), to show what tracing costs.
func BenchmarkQuery_Tracing(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "off"
		var tracer trace.Tracer
		if on {
			name = "on"
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(tracetest.NewNoopExporter()))
			defer func() { _ = tp.Shutdown(b.Context()) }()
			tracer = tp.Tracer("bench")
		}
		b.Run(name, func(b *testing.B) {
			fake := upstreamtest.NewServer()
			defer fake.Close()
			cfg, err := loadConfig(nil, func(string) string { return "" }, io.Discard)
			if err != nil {
				b.Fatal(err)
			}
			tel := newTelemetry(tracer, nil)
			up, err := upstream.New(fake.URL, upstreamOptions(cfg, upstreamtest.AdminToken, tel))
			if err != nil {
				b.Fatal(err)
			}
			h := NewServer(slog.New(slog.DiscardHandler), cfg, up, tel)
			body := `{"query":"{ flows(first: 50) { totalCount nodes { slug bindings { order stage { name } } } } }"}`
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "http://localhost/graphql", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code, rec.Body.String())
				}
			}
		})
	}
}
