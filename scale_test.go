package main

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

// The queries of issue 10 on the large install (2,017 flows, 218 stages,
// 16,020 bindings): what each costs upstream, exactly, and that it costs the
// same in every run. Light queries run 20 times. The heavy ones read the
// whole bindings listing (161 pages of 3 MB each, 534 at a cap of 30: the
// install's size, not the planner's choice): `make test` runs them twice
// (exact counts, and run 2 equal to run 1), `make scale` (SCALE_RUNS=20)
// 20 times. The fake keeps the big pages it rendered (pagecache.go), so
// runs after the first cost what flowgate's side of the walk costs.

// endpointCounts groups upstream requests by endpoint, page (1 or n), page
// size and filter names (values dropped): what a query cost, readably.
func endpointCounts(reqs []upstreamtest.Request) map[string]int {
	out := map[string]int{}
	for _, r := range reqs {
		segs := strings.Split(strings.Trim(strings.TrimPrefix(r.Path, "/api/v3/"), "/"), "/")
		if len(segs) == 3 {
			segs[2] = "{id}"
		}
		q, _ := url.ParseQuery(r.RawQuery)
		var keys []string
		for k := range q {
			switch k {
			case "page":
				if q.Get(k) == "1" {
					keys = append(keys, "page=1")
				} else {
					keys = append(keys, "page=n")
				}
			case "page_size":
				keys = append(keys, k+"="+q.Get(k))
			case "ordering":
			default:
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		k := r.Method + " " + strings.Join(segs, "/") + "/"
		if len(keys) > 0 {
			k += "?" + strings.Join(keys, "&")
		}
		out[k]++
	}
	return out
}

// requestList is every upstream request as sent, sorted.
func requestList(reqs []upstreamtest.Request) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.Method + " " + r.Path + "?" + r.RawQuery
	}
	slices.Sort(out)
	return out
}

// slowMachine gives a query that walks the whole bindings listing time to
// finish on a shared 2-core machine: the fake renders 3 MB per page.
func slowMachine(c *config) {
	c.RequestTimeout = 5 * time.Minute
	c.UpstreamTimeout = 2 * time.Minute
	c.WriteTimeout = 6 * time.Minute
}

// heavyRuns is how often a heavy case runs: SCALE_RUNS, else 2.
func heavyRuns(t *testing.T) int {
	if s := os.Getenv("SCALE_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("SCALE_RUNS=%q", s)
		}
		return n
	}
	return 2
}

type scaleCase struct {
	name  string
	query string
	heavy bool
	want  map[string]int
}

func runScale(t *testing.T, e *env, cases []scaleCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runs := 20
			if tc.heavy {
				runs = heavyRuns(t)
			}
			var first []string
			var firstBody []byte
			for i := range runs {
				e.fake.Reset()
				r := e.post(t, tc.query, nil, nil)
				reqs := e.fake.Requests()
				if r.Status != 200 || len(r.Errors) > 0 {
					t.Fatalf("run %d: status %d, %d errors, e.g. %v", i+1, r.Status, len(r.Errors), r.Errors[:min(2, len(r.Errors))])
				}
				got := requestList(reqs)
				if i == 0 {
					first, firstBody = got, r.Raw
					counts := endpointCounts(reqs)
					if fmt.Sprint(counts) != fmt.Sprint(tc.want) {
						t.Fatalf("upstream requests (%d):\n got %v\nwant %v", len(reqs), counts, tc.want)
					}
					continue
				}
				if !slices.Equal(got, first) {
					t.Fatalf("run %d sent %d upstream requests, run 1 sent %d (or other ones)", i+1, len(got), len(first))
				}
				if string(r.Raw) != string(firstBody) {
					t.Fatalf("run %d answered differently from run 1", i+1)
				}
			}
		})
	}
}

func TestScale_UpstreamRequests(t *testing.T) {
	skipIfShort(t)
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}, cfg: slowMachine})
	runScale(t, e, []scaleCase{
		{name: "point lookup: its two round trips", query: `{ flow(slug:"default-authentication-flow"){ slug bindings { order stage { name } } } }`,
			want: map[string]int{"GET flows/instances/{id}/": 1, "GET flows/bindings/?page=1&page_size=100&target": 1}},
		{name: "two sibling lookups: one batch per level", query: `{ a: flow(slug:"large-flow-0001"){ slug bindings { order } } b: flow(slug:"large-flow-0002"){ slug bindings { order } } }`,
			// Two keys: the listing's page 1 first, which holds both flows (a
			// key it lacks would get its own request); then their bindings:
			// the listing's page 1, then each flow's own request.
			want: map[string]int{"GET flows/instances/?page=1&page_size=100": 1,
				"GET flows/bindings/?page=1&page_size=100": 1, "GET flows/bindings/?page=1&page_size=100&target": 2}},
		{name: "100 flows with bindings: per flow, after one probe", query: `{ flows(first:100){nodes{bindings{order stage{name}}}} }`,
			want: map[string]int{"GET flows/instances/?page=1&page_size=100": 1, "GET flows/bindings/?page=1&page_size=100": 1,
				"GET flows/bindings/?page=1&page_size=100&target": 100}},
		{name: "stages, their flows and bindings: the bindings listing once", heavy: true,
			query: `{ stages(first:100){nodes{name flows{slug bindings{order stage{name}}}}} }`,
			want: map[string]int{"GET stages/all/?page=1&page_size=100": 1, "GET flows/bindings/?page=1&page_size=100": 1,
				"GET flows/bindings/?page=n&page_size=100": 160}},
		{name: "deep: per flow at level 1, the listing at level 3", heavy: true,
			query: `{ flows(first:50){nodes{stages{flows{bindings{stage{name}}}}}} }`,
			want: map[string]int{"GET flows/instances/?page=1&page_size=100": 1, "GET flows/bindings/?page=1&page_size=100": 1,
				"GET flows/bindings/?page=1&page_size=100&target": 50, "GET flows/bindings/?page=n&page_size=100": 160}},
	})
}

func TestScale_UpstreamRequestsAtPageCap30(t *testing.T) {
	skipIfShort(t)
	// At a cap of 30 the deep query costs 587 requests, over the default
	// run-time budget of 500 (MAX_UPSTREAM_REQUESTS), which would stop it:
	// this test is about the planner, so it lifts the budget.
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall(), upstreamtest.WithMaxPageSize(30)}, cfg: func(c *config) {
		slowMachine(c)
		c.MaxUpstreamReqs = 1000
	}})
	// The client learns authentik's cap from its first answer (a short page
	// with a next page) and asks for 30 from then on.
	if r := e.post(t, `{ flows(first:1){ totalCount } }`, nil, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	runScale(t, e, []scaleCase{
		{name: "point lookup", query: `{ flow(slug:"default-authentication-flow"){ slug bindings { order stage { name } } } }`,
			want: map[string]int{"GET flows/instances/{id}/": 1, "GET flows/bindings/?page=1&page_size=30&target": 1}},
		{name: "100 flows with bindings: 4 pages, a probe, per flow", query: `{ flows(first:100){nodes{bindings{order stage{name}}}} }`,
			want: map[string]int{"GET flows/instances/?page=1&page_size=30": 1, "GET flows/instances/?page=n&page_size=30": 3,
				"GET flows/bindings/?page=1&page_size=30": 1, "GET flows/bindings/?page=1&page_size=30&target": 100}},
		{name: "deep: per flow, then the whole listing once", heavy: true,
			query: `{ flows(first:50){nodes{stages{flows{bindings{stage{name}}}}}} }`,
			want: map[string]int{"GET flows/instances/?page=1&page_size=30": 1, "GET flows/instances/?page=n&page_size=30": 1,
				"GET flows/bindings/?page=1&page_size=30": 1, "GET flows/bindings/?page=1&page_size=30&target": 50,
				"GET flows/bindings/?page=n&page_size=30": 534}},
	})
}
