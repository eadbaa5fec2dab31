package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"flowgate/graph"
)

// amplification is the example of a document that multiplies lists:
// 100 flows × their stages × those stages' flows × …
const amplification = `{ flows(first: 100) { nodes { stages { flows { stages { flows { slug } } } } } } }`

// TestLimits_ReasonableDocumentsRun runs GraphiQL's introspection query
// through the server with the default limits.
func TestLimits_ReasonableDocumentsRun(t *testing.T) {
	e := newEnv(t, envOptions{})
	intro, _ := os.ReadFile("graph/guard/testdata/graphiql-introspection.graphql")
	resp := e.post(t, string(intro), nil, nil)
	if resp.Status != 200 || len(resp.Errors) > 0 || resp.Data["__schema"] == nil {
		t.Errorf("introspection: status %d, errors %v", resp.Status, resp.codes())
	}
	if n := e.fake.RequestCount(); n != 0 {
		t.Errorf("introspection cost %d upstream requests", n)
	}
}

// TestLimits_Refusals: each limit refuses with its code, the limit and the
// actual value, the code's HTTP status (422; 413 for QUERY_TOO_LARGE), and
// no upstream request.
func TestLimits_Refusals(t *testing.T) {
	aliases := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " a%d: __typename", i)
		}
		return b.String() + " }"
	}
	// Each fragment spreads the next one twice: 2^40 fields if expanded.
	var bomb strings.Builder
	bomb.WriteString("query { ...F0 }\n")
	for i := range 40 {
		fmt.Fprintf(&bomb, "fragment F%d on Query { a%d: __typename ...F%d ...F%d }\n", i, i, i+1, i+1)
	}
	bomb.WriteString("fragment F40 on Query { __typename }\n")

	tests := []struct {
		name        string
		doc         string
		vars        map[string]any
		cfg         func(*config)
		code        string
		limit       float64
		actual      float64
		wantMessage string
	}{
		{name: "too deep", code: graph.CodeQueryTooDeep, limit: 10, actual: 11,
			doc:         `{ flow(slug: "x") { bindings { target { bindings { target { bindings { target { bindings { target { bindings { pk } } } } } } } } } } }`,
			wantMessage: "query depth 11 exceeds the limit of 10"},
		{name: "too many aliases", doc: aliases(16), code: graph.CodeTooManyAliases, limit: 15, actual: 16,
			wantMessage: "query has 16 aliases, more than the limit of 15"},
		{name: "aliases in a fragment bomb saturate", doc: bomb.String(), code: graph.CodeTooManyAliases, limit: 15, actual: 1<<40 - 1},
		{name: "too complex", doc: amplification, code: graph.CodeQueryTooComplex, limit: 10000, actual: 16601},
		{name: "too complex through a variable", doc: `query($n: Int) { flows(first: $n) { nodes { stages { flows { stages { flows { slug } } } } } } }`,
			vars: map[string]any{"n": 100}, code: graph.CodeQueryTooComplex, limit: 10000, actual: 16601},
		{name: "too complex with a lower limit", doc: readQuery(t, "deep-nesting"), cfg: func(c *config) { c.MaxComplexity = 5000 },
			code: graph.CodeQueryTooComplex, limit: 5000, actual: 5801},
		{name: "too many tokens", doc: aliases(700), code: graph.CodeQueryTooLarge, limit: 2000, actual: 2102,
			wantMessage: "document has 2102 tokens, more than the limit of 2000"},
		{name: "too broad", doc: "{ flows(first: 1) { " + strings.Repeat("totalCount ", 101) + "} }", code: graph.CodeQueryTooComplex, limit: 100, actual: 101,
			wantMessage: "a selection set has 101 fields, more than the limit of 100"},
		{name: "introspection off", doc: `{ __schema { queryType { name } } }`, cfg: func(c *config) { c.Introspection = false }, code: graph.CodeIntrospectionDisabled},
		{name: "__type off too", doc: `{ flows { totalCount } t: __type(name: "Flow") { name } }`, cfg: func(c *config) { c.Introspection = false }, code: graph.CodeIntrospectionDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOptions{cfg: tt.cfg})
			resp := e.post(t, tt.doc, tt.vars, nil)
			if want := graph.HTTPStatus(tt.code); resp.Status != want || want < 400 {
				t.Errorf("status = %d, want %d", resp.Status, want)
			}
			if len(resp.Errors) != 1 || resp.codes()[0] != tt.code {
				t.Fatalf("errors = %s, want one %s", resp.Raw, tt.code)
			}
			ext := resp.Errors[0].Extensions
			if tt.limit != 0 && (ext["limit"] != tt.limit || ext["actual"] != tt.actual) {
				t.Errorf("extensions = %v, want limit %v actual %v", ext, tt.limit, tt.actual)
			}
			if tt.wantMessage != "" && resp.Errors[0].Message != tt.wantMessage {
				t.Errorf("message = %q, want %q", resp.Errors[0].Message, tt.wantMessage)
			}
			if resp.Data != nil {
				t.Errorf("data = %v, want null", resp.Data)
			}
			if n := e.fake.RequestCount(); n != 0 {
				t.Errorf("upstream requests = %d, want 0", n)
			}
		})
	}
}

func TestLimits_GETAndOff(t *testing.T) {
	t.Run("GET is limited too", func(t *testing.T) {
		e := newEnv(t, envOptions{})
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.srv.URL+"/graphql?query="+url.QueryEscape(amplification), nil)
		req.Header.Set("GraphQL-Preflight", "1") // default credentials: not a cross-site request
		resp := e.send(t, req)
		if resp.Status != 422 || fmt.Sprint(resp.codes()) != "[QUERY_TOO_COMPLEX]" || e.fake.RequestCount() != 0 {
			t.Errorf("status %d, body %s, %d upstream requests", resp.Status, resp.Raw, e.fake.RequestCount())
		}
	})
	t.Run("graphql-response+json gets 400", func(t *testing.T) {
		e := newEnv(t, envOptions{})
		resp := e.post(t, amplification, nil, map[string]string{"Accept": "application/graphql-response+json"})
		if resp.Status != 400 || fmt.Sprint(resp.codes()) != "[QUERY_TOO_COMPLEX]" {
			t.Errorf("status %d, body %s", resp.Status, resp.Raw)
		}
	})
	t.Run("0 turns a limit off", func(t *testing.T) {
		e := newEnv(t, envOptions{cfg: func(c *config) { c.MaxComplexity = 0 }})
		resp := e.post(t, amplification, nil, nil)
		if resp.Status != 200 || len(resp.Errors) > 0 {
			t.Errorf("status %d, body %.300s", resp.Status, resp.Raw)
		}
	})
	t.Run("__typename works with introspection off", func(t *testing.T) {
		e := newEnv(t, envOptions{cfg: func(c *config) { c.Introspection = false }})
		resp := e.post(t, `{ __typename flows(first: 1) { __typename totalCount } }`, nil, nil)
		if string(resp.Raw) != `{"data":{"__typename":"Query","flows":{"__typename":"FlowConnection","totalCount":17}},"extensions":{"cost":{"upstreamRequests":1,"estimatedUpstreamRequests":1}}}` {
			t.Errorf("body = %s", resp.Raw)
		}
	})
}
