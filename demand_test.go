package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"flowgate/graph/guard"
	"flowgate/upstream/upstreamtest"
)

// The fan-out: on the generated large install it sent authentik
// 8,051 requests (315 MB) before demand control.
const fanOutQuery = `{ stages(first: 100) { nodes { bindings { usedBy { pk } } } } }`

// TestDemand_FanOutRefused: the fan-out query, and two aliased
// pages of it, are refused before any upstream request, with the limit and
// the estimate.
func TestDemand_FanOutRefused(t *testing.T) {
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}})
	tests := []struct{ name, query, want string }{
		{"one page", fanOutQuery,
			`{"errors":[{"message":"query would cost an estimated 8102 upstream requests, more than the limit of 500 (ask for fewer items with first, or fewer per-object fields such as usedBy, diagram or export)","extensions":{"actual":8102,"code":"QUERY_TOO_EXPENSIVE","limit":500}}],"data":null,"extensions":{"cost":{"upstreamRequests":0,"estimatedUpstreamRequests":8102}}}`},
		{"two aliased pages", `{ a: stages(first: 100) { nodes { bindings { usedBy { pk } } } } b: stages(first: 100, after: "MTAw") { nodes { bindings { usedBy { pk } } } } }`,
			`{"errors":[{"message":"query would cost an estimated 16205 upstream requests, more than the limit of 500 (ask for fewer items with first, or fewer per-object fields such as usedBy, diagram or export)","extensions":{"actual":16205,"code":"QUERY_TOO_EXPENSIVE","limit":500}}],"data":null,"extensions":{"cost":{"upstreamRequests":0,"estimatedUpstreamRequests":16205}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.fake.Reset()
			resp := e.post(t, tt.query, nil, nil)
			if resp.Status != 422 || string(resp.Raw) != tt.want {
				t.Errorf("got %d %s\nwant 422 %s", resp.Status, resp.Raw, tt.want)
			}
			if n := e.fake.RequestCount(); n != 0 {
				t.Errorf("upstream requests = %d, want 0", n)
			}
		})
	}
	// With the limit off, the same query runs (and costs what the issue
	// measured): the refusal is demand control's, not another limit's.
	off := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}, cfg: func(c *config) { c.MaxUpstreamReqs = 0 }})
	if resp := off.post(t, `{ stages(first: 2) { nodes { bindings { usedBy { pk } } } } }`, nil, nil); resp.Status != 200 || len(resp.Errors) != 0 {
		t.Errorf("limit off: %d %.300s", resp.Status, resp.Raw)
	}
}

// TestDemand_RequestBudgetAtRunTime: a request whose real cost passes
// MAX_UPSTREAM_REQUESTS (here through retries, which the estimate does not
// count) sends exactly the budget; the field that would have sent more
// fails with UPSTREAM_BUDGET_EXCEEDED.
func TestDemand_RequestBudgetAtRunTime(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.MaxUpstreamReqs, c.Retries, c.BreakerFailures = 2, 5, 0 }})
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/instances/", Status: 503, Body: `{"detail":"busy"}`})
	e.fake.Reset()
	resp := e.post(t, `{ flows(first: 1) { totalCount } }`, nil, nil)
	const want = `{"errors":[{"message":"this request has spent its 2 upstream requests: the field was not fetched","path":["flows"],"locations":[{"line":1,"column":3}],"extensions":{"actual":3,"budget":"requests","code":"UPSTREAM_BUDGET_EXCEEDED","limit":2}}],"data":null,"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":1}}}`
	if resp.Status != 200 || string(resp.Raw) != want {
		t.Errorf("got %d %s\nwant 200 %s", resp.Status, resp.Raw, want)
	}
	if n := e.fake.RequestCount(); n != 2 {
		t.Errorf("upstream requests = %d, want exactly the budget, 2", n)
	}
}

// TestDemand_ByteBudgetAtRunTime: once a request has read
// MAX_UPSTREAM_BYTES, the answer that passed it is dropped and nothing
// more is fetched; the fields that needed it fail with
// UPSTREAM_BUDGET_EXCEEDED, the rest of the answer stands.
func TestDemand_ByteBudgetAtRunTime(t *testing.T) {
	// The budget: exactly the flows page this query reads first, as
	// authentik serves it to flowgate (the meter counts answer bytes).
	probe := newEnv(t, envOptions{})
	probe.post(t, `{ flows(first: 3) { nodes { slug } } }`, nil, nil)
	first := probe.fake.Requests()[0]
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, probe.fake.URL+first.Path+"?"+first.RawQuery, nil)
	req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	page := int64(len(body))

	tests := []struct {
		name   string
		budget int64
		sent   int
	}{
		// The flows page spends the budget: the bindings are never asked.
		{"spent by the first answer", page, 1},
		// 100 bytes are left: the bindings page is asked, and its answer,
		// larger than that, is dropped.
		{"passed by the second answer", page + 100, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envOptions{cfg: func(c *config) { c.MaxUpstreamBytes = tt.budget }})
			e.fake.Reset()
			resp := e.post(t, `{ flows(first: 3) { nodes { slug bindings { order } } } }`, nil, nil)
			var got struct {
				Data struct {
					Flows struct{ Nodes []any } `json:"flows"`
				} `json:"data"`
				Errors []struct {
					Path       []any          `json:"path"`
					Extensions map[string]any `json:"extensions"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(resp.Raw, &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Data.Flows.Nodes) != 3 || slices.ContainsFunc(got.Data.Flows.Nodes, func(n any) bool { return n != nil }) {
				t.Errorf("nodes = %v, want 3 nulls (bindings is non-null)", got.Data.Flows.Nodes)
			}
			if len(got.Errors) != 3 {
				t.Fatalf("errors = %s, want one per flow's bindings", resp.Raw)
			}
			for i, er := range got.Errors {
				if er.Extensions["code"] != "UPSTREAM_BUDGET_EXCEEDED" || er.Extensions["budget"] != "bytes" || er.Extensions["limit"] != float64(tt.budget) ||
					fmt.Sprint(er.Path) != fmt.Sprintf("[flows nodes %d bindings]", i) {
					t.Errorf("error %d: %v %v", i, er.Path, er.Extensions)
				}
			}
			if n := e.fake.RequestCount(); n != tt.sent {
				t.Errorf("upstream requests = %d, want %d", n, tt.sent)
			}
		})
	}
}

// dashboardQueries are the dashboard's GraphQL queries (graphql(`…`) in
// ui/src/dashboard/*.ts), each with the fragments it spreads.
func dashboardQueries(t *testing.T) map[string]string {
	t.Helper()
	files, _ := filepath.Glob("ui/src/dashboard/*.ts")
	docRe := regexp.MustCompile("(?s)graphql\\(`(.*?)`\\)")
	nameRe := regexp.MustCompile(`^\s*(query|fragment|mutation)\s+(\w+)`)
	fragments := map[string]string{}
	queries := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range docRe.FindAllStringSubmatch(string(b), -1) {
			n := nameRe.FindStringSubmatch(m[1])
			switch {
			case n == nil:
			case n[1] == "fragment":
				fragments[n[2]] = m[1]
			case n[1] == "query":
				queries["dashboard "+n[2]] = m[1]
			}
		}
	}
	if len(queries) == 0 {
		t.Fatal("no dashboard queries found in ui/src/dashboard/*.ts")
	}
	for name, q := range queries {
		doc := q
		for added := map[string]bool{}; ; {
			more := false
			for fname, frag := range fragments {
				if !added[fname] && strings.Contains(doc, "..."+fname) {
					doc += "\n" + frag
					added[fname], more = true, true
				}
			}
			if !more {
				break
			}
		}
		queries[name] = doc
	}
	return queries
}

// TestDemand_DefaultsRunTheRepositorysQueries runs every query document in
// testdata/queries and every query of the dashboard against the generated
// large install (2,000 flows x 8 bindings, 200 stages) with the default
// limits: none is refused as too expensive or stopped by the budget, and
// each costs no more than its estimate. `go test -run
// TestDemand_DefaultsRunTheRepositorysQueries -v .` prints each cost.
func TestDemand_DefaultsRunTheRepositorysQueries(t *testing.T) {
	skipIfShort(t)
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}})
	cfg := testConfig(t)
	if cfg.MaxUpstreamReqs != guard.DefaultMaxUpstreamRequests || cfg.MaxUpstreamBytes != guard.DefaultMaxUpstreamBytes {
		t.Fatalf("test config limits %d/%d, want the defaults", cfg.MaxUpstreamReqs, cfg.MaxUpstreamBytes)
	}
	docs := dashboardQueries(t)
	files, _ := filepath.Glob("testdata/queries/*.graphql")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "mutation") {
			continue // mutations change the install; their estimates are in graph/guard
		}
		docs[strings.TrimSuffix(filepath.Base(f), ".graphql")] = string(b)
	}
	binding := e.fake.BindingPKs("large-flow-0001")[0]
	vars := map[string]any{"slug": "large-flow-0001", "pk": stagePK(t, e.fake, "large-stage-0001"), "pbm": bindingPBM(t, e.fake, "large-flow-0001", 0),
		"first": 25}
	varsFor := map[string]map[string]any{
		"flow-by-pk":    {"pk": flowPK(t, e.fake, "large-flow-0001")},
		"binding-by-pk": {"pk": binding},
	}
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		v := vars
		if o, ok := varsFor[name]; ok {
			v = o
		}
		e.fake.Reset()
		resp := e.post(t, docs[name], v, nil)
		var cost struct {
			Extensions struct {
				Cost struct {
					UpstreamRequests          int  `json:"upstreamRequests"`
					EstimatedUpstreamRequests *int `json:"estimatedUpstreamRequests"`
				} `json:"cost"`
			} `json:"extensions"`
		}
		_ = json.Unmarshal(resp.Raw, &cost)
		c := cost.Extensions.Cost
		est := -1
		if c.EstimatedUpstreamRequests != nil {
			est = *c.EstimatedUpstreamRequests
		}
		t.Logf("%-45s status %d  upstream %4d  estimate %4d  answer %8d bytes", name, resp.Status, c.UpstreamRequests, est, len(resp.Raw))
		for _, code := range resp.codes() {
			if code == "QUERY_TOO_EXPENSIVE" || code == "UPSTREAM_BUDGET_EXCEEDED" {
				t.Errorf("%s: %s: %.300s", name, code, resp.Raw)
			}
		}
		if n := e.fake.RequestCount(); n != c.UpstreamRequests {
			t.Errorf("%s: extensions.cost.upstreamRequests %d, but authentik saw %d", name, c.UpstreamRequests, n)
		}
		if est >= 0 && c.UpstreamRequests > est {
			t.Errorf("%s: cost %d upstream requests, more than its estimate %d", name, c.UpstreamRequests, est)
		}
	}
}
