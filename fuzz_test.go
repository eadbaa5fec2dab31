package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"

	"flowgate/graph"
)

// FuzzGraphQL sends any document and variables to the GraphQL endpoint.
// The answer must be well-formed GraphQL JSON with documented codes and
// never INTERNAL; upstream requests only read the allowed paths with
// canonical queries; and a document that does not parse or validate
// against the schema (checked here with gqlparser directly) causes no
// upstream request. Seeds: testdata/fuzz/FuzzGraphQL.
func FuzzGraphQL(f *testing.F) {
	e := newEnv(f, envOptions{cfg: func(c *config) { c.LoaderWait = time.Millisecond }})
	documented := documentedCodes(f)
	handler := e.srv.Config.Handler
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	f.Fuzz(func(t *testing.T, query string, variables []byte) {
		req := map[string]any{"query": query}
		if json.Valid(variables) {
			req["variables"] = json.RawMessage(variables)
		}
		body, err := json.Marshal(req)
		if err != nil {
			t.Skip() // not representable as a request
		}
		e.fake.Reset()
		rec := httptest.NewRecorder()
		r := httptest.NewRequestWithContext(t.Context(), "POST", "http://localhost/graphql", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer demo-admin-token")
		handler.ServeHTTP(rec, r)
		reqs := e.fake.Requests()

		p, bad := baseChecks(rec.Body.Bytes(), reqs, documented)
		if len(bad) > 0 {
			t.Fatalf("%s\nstatus %d, response %.500s", strings.Join(bad, "\n"), rec.Code, rec.Body.Bytes())
		}
		if rec.Code != http.StatusOK && len(p.Errors) == 0 {
			t.Fatalf("status %d without an error", rec.Code)
		}
		_, invalid := gqlparser.LoadQueryWithRules(schema, query, nil) // nil: the default rules, as gqlgen
		refused := slices.ContainsFunc(p.codes(), func(c string) bool { return strings.HasPrefix(c, "GRAPHQL_") })
		if (len(invalid) > 0 || refused) && len(reqs) > 0 {
			t.Fatalf("%d upstream requests for a document that does not validate (%v): %s", len(reqs), invalid, reqs[0].Path)
		}
		if len(invalid) > 0 && len(p.Errors) == 0 {
			t.Fatalf("gqlparser refuses the document (%v) but flowgate answered it without an error", invalid)
		}
	})
}
