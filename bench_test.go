package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"flowgate/upstream/upstreamtest"
)

// benchShapes are the query shapes of the benchmarks, as in loadtest/.
// The fake holds 20 flows (upstreamtest.WithExtraFlows(3)).
var benchShapes = []struct{ name, query string }{
	{"flat", `{ flows(first: 20) { totalCount nodes { pk slug name title designation layout } } }`},
	{"nested", `{ flows(first: 20) { nodes { slug bindings { order stage { name } } stages { name } } } }`},
	{"deep", `{ stages(first: 50) { nodes { name flows { slug bindings { order stage { name flows { slug } } } } } } }`},
	{"single", `{ flow(slug: "default-authentication-flow") { slug title bindings { order stage { name } } } }`},
}

// BenchmarkQuery serves each shape through the whole handler (ServeHTTP
// into a recorder) against the fake on loopback, with the default
// configuration (2 ms loader window) and with batching off. ns/op includes
// the loader windows the shape waits for and the fake's own work;
// allocs/op include the fake's allocations, which share the process.
// upstream/op is the number of upstream requests per query.
func BenchmarkQuery(b *testing.B) {
	for _, naive := range []bool{false, true} {
		mode := "batched"
		if naive {
			mode = "naive"
		}
		for _, s := range benchShapes {
			b.Run(s.name+"/"+mode, func(b *testing.B) {
				def, err := loadConfig(nil, func(string) string { return "" }, io.Discard)
				if err != nil {
					b.Fatal(err)
				}
				e := newEnv(b, envOptions{
					fake: []upstreamtest.Option{upstreamtest.WithExtraFlows(3)},
					cfg: func(c *config) {
						c.LoaderWait = def.LoaderWait // the default, not the tests' 10 ms
						c.Naive = naive
					},
				})
				handler := e.srv.Config.Handler
				body, _ := json.Marshal(map[string]string{"query": s.query})
				e.fake.Reset()
				b.ReportAllocs()
				for b.Loop() {
					rec := httptest.NewRecorder()
					req := httptest.NewRequestWithContext(b.Context(), "POST", "http://localhost/graphql", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					handler.ServeHTTP(rec, req)
					if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
						b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
					}
				}
				b.ReportMetric(float64(e.fake.RequestCount())/float64(b.N), "upstream/op")
			})
		}
	}
}

// BenchmarkEdge serves `{ __typename }` (no upstream request) through the
// whole handler: what every request pays outside field execution — the
// middleware chain, gqlgen's transport, the guards, the log line and
// metrics, writing the answer. The request carries the headers a browser
// or client library sends.
func BenchmarkEdge(b *testing.B) {
	e := newEnv(b, envOptions{})
	handler := e.srv.Config.Handler
	body, _ := json.Marshal(map[string]string{"query": `{ __typename }`})
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequestWithContext(b.Context(), "POST", "http://localhost/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/graphql-response+json, application/json")
		req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
		req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36")
		handler.ServeHTTP(rec, req)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
			b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
		}
	}
}
