package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// isolationRequests is how many GraphQL requests TestIsolation sends:
// ISOLATION_REQUESTS (make soak sets more), else 3,000.
func isolationRequests(t *testing.T) int {
	t.Helper()
	if s := os.Getenv("ISOLATION_REQUESTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("ISOLATION_REQUESTS: %q", s)
		}
		return n
	}
	return 3000
}

// TestIsolation interleaves two kinds of callers with different rights, an
// admin and a caller who sees 3 of the 17 flows, over thousands of
// concurrent requests, each with its own token. No answer may hold an
// object its caller may not see (every pk, slug and name is checked against
// what authentik shows that caller), every answer must be the caller's own
// healthy answer, and every upstream request must carry the token of the
// request that caused it, with no fewer requests than that query needs
// alone: an answer served from another caller's cache would show as
// requests missing from its trace.
func TestIsolation(t *testing.T) {
	skipIfShort(t)
	total := isolationRequests(t)
	const workers = 16
	r := newRig(t, rigOptions{loaderWait: 10 * time.Millisecond})
	var queries []rigQuery
	for _, q := range r.mix(t) {
		if !q.badInput {
			queries = append(queries, q)
		}
	}
	callers := []caller{adminCaller, limitedCaller}
	healthy := r.baselines(t, queries, callers)
	visible := map[string]map[string]bool{}
	for _, c := range callers {
		visible[c.name] = r.visibleTo(t, c)
	}
	if a, l := len(visible["admin"]), len(visible["limited"]); l == 0 || l*2 > a {
		t.Fatalf("the callers' views do not differ enough to test isolation: admin sees %d values, limited %d", a, l)
	}

	var (
		next     atomic.Int64
		mu       sync.Mutex
		failures []string
		nFail    int
		byCaller = map[string]int{}
		upstream int
	)
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= total {
					return
				}
				// Alternate callers request by request, so that every
				// batch window holds both.
				c := callers[i%len(callers)]
				q := queries[(i/len(callers))%len(queries)]
				x := r.do(t.Context(), c, q.query, q.vars)
				b := healthy[c.name+"/"+q.name]
				var bad []string
				if x.err != nil {
					bad = append(bad, x.err.Error())
				} else {
					if len(x.resp.Errors) > 0 {
						bad = append(bad, fmt.Sprintf("errors %v", x.resp.codes()))
					}
					bad = append(bad, compareData(b.data, x.resp.Data, nil, nil)...)
					for _, v := range identifiers(x.resp.Data) {
						if !visible[c.name][v] {
							bad = append(bad, fmt.Sprintf("%q, which %s may not see", v, c.name))
						}
					}
				}
				if x.trace.calls < b.minCalls {
					bad = append(bad, fmt.Sprintf("%d upstream requests with its own token, alone it takes %d", x.trace.calls, b.minCalls))
				}
				bad = append(bad, x.trace.bad...)
				mu.Lock()
				byCaller[c.name]++
				upstream += x.trace.calls
				if len(bad) > 0 {
					nFail++
					if len(failures) < 10 {
						failures = append(failures, fmt.Sprintf("%s as %s: %s", q.name, c.name, strings.Join(bad[:min(len(bad), 5)], "; ")))
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	t.Logf("isolation: %d requests (%v) in %v (%.0f/s), %d workers, %d upstream requests, each with its request's own token",
		total, byCaller, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), workers, upstream)
	if nFail > 0 {
		t.Errorf("%d of %d answers break isolation; first ones:\n%s", nFail, total, strings.Join(failures, "\n"))
	}
	if len(r.orphans) > 0 {
		t.Errorf("%d upstream requests carry no in-flight caller's token, e.g. %s", len(r.orphans), r.orphans[0])
	}
	r.logs.check(t)
}

// visibleTo returns every string authentik shows caller c in the three
// lists (pks, slugs, names, embedded flow_set and stage_obj included).
func (r *rig) visibleTo(t *testing.T, c caller) map[string]bool {
	t.Helper()
	token := "rig-visible-" + c.name
	r.fake.AddToken(token, c.perms)
	defer r.fake.RemoveToken(token)
	r.mu.Lock()
	r.inflight[token] = &traced{}
	r.mu.Unlock()
	defer func() {
		r.drain()
		r.mu.Lock()
		delete(r.inflight, token)
		r.mu.Unlock()
	}()
	seen := map[string]bool{}
	for _, path := range []string{"/api/v3/flows/instances/", "/api/v3/flows/bindings/", "/api/v3/stages/all/"} {
		for page := 1; page != 0; {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, fmt.Sprintf("%s%s?page=%d&page_size=100", r.fake.URL, path, page), nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var p struct {
				Pagination struct{ Next int }
				Results    any
			}
			if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &p) != nil {
				t.Fatalf("%s as %s: %d %s", path, c.name, resp.StatusCode, body)
			}
			var walk func(v any)
			walk = func(v any) {
				switch x := v.(type) {
				case string:
					seen[x] = true
				case []any:
					for _, e := range x {
						walk(e)
					}
				case map[string]any:
					for _, e := range x {
						walk(e)
					}
				}
			}
			walk(p.Results)
			page = p.Pagination.Next
		}
	}
	return seen
}

// identifiers returns the values of every pk, slug and name in a response.
func identifiers(data any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && (k == "pk" || k == "slug" || k == "name") {
					out = append(out, s)
				}
				walk(e)
			}
		}
	}
	walk(data)
	return out
}
