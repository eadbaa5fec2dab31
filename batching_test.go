package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"flowgate/upstream/upstreamtest"
)

// Batching and paging: what a nested query costs upstream, on the demo
// install and at scale, and that paging visits every object once.

// TestPagination_WalkVisitsEveryFlowOnce walks flows with first/after and
// checks that every flow comes exactly once, in order, whatever the
// gateway's and authentik's page sizes.
func TestPagination_WalkVisitsEveryFlowOnce(t *testing.T) {
	const extra = 43 // 17 seeded flows + 43 = 60
	for _, upstreamCap := range []int{100, 25} {
		for _, pageSize := range []int{100, 30} {
			for _, first := range []int{7, 20, 100} {
				t.Run(fmt.Sprintf("cap=%d pagesize=%d first=%d", upstreamCap, pageSize, first), func(t *testing.T) {
					t.Parallel()
					e := newEnv(t, envOptions{
						fake: []upstreamtest.Option{upstreamtest.WithExtraFlows(extra), upstreamtest.WithMaxPageSize(upstreamCap)},
						cfg:  func(c *config) { c.PageSize = pageSize },
					})
					var seen []string
					after := ""
					for pages := 0; ; pages++ {
						if pages > 60 {
							t.Fatal("walk does not end")
						}
						resp := e.post(t, `query($first: Int, $after: String) { flows(first: $first, after: $after) {
							totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { slug } } }`,
							map[string]any{"first": first, "after": after}, nil)
						if len(resp.Errors) > 0 {
							t.Fatalf("errors: %s", resp.Raw)
						}
						conn := resp.Data["flows"].(map[string]any)
						if n := conn["totalCount"].(float64); n != 60 {
							t.Fatalf("totalCount = %v, want 60", n)
						}
						pi := conn["pageInfo"].(map[string]any)
						if pi["hasPreviousPage"].(bool) != (pages > 0) {
							t.Errorf("hasPreviousPage = %v on page %d", pi["hasPreviousPage"], pages)
						}
						for _, n := range conn["nodes"].([]any) {
							seen = append(seen, n.(map[string]any)["slug"].(string))
						}
						if !pi["hasNextPage"].(bool) {
							break
						}
						after = pi["endCursor"].(string)
					}
					if len(seen) != 60 {
						t.Fatalf("walk saw %d flows, want 60", len(seen))
					}
					if !slices.IsSorted(seen) {
						t.Errorf("walk is not in slug order: %v", seen)
					}
					if len(slices.Compact(slices.Clone(seen))) != 60 {
						t.Errorf("walk repeats a flow: %v", seen)
					}
				})
			}
		}
	}
}

// TestBindings_AtScale checks the bindings loader against thousands of
// bindings: every flow's bindings complete and in order, nothing dropped,
// and a request count far below one request per binding.
func TestBindings_AtScale(t *testing.T) {
	for _, n := range []int{180, 3000} {
		t.Run(fmt.Sprintf("%d extra bindings", n), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithExtraBindings(n)}})
			e.fake.Reset()
			resp := e.post(t, `{ flows(first: 20) { nodes { slug bindings { pk order } stages { name } } } }`, nil, nil)
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %s", resp.Raw)
			}
			total := 0
			for _, node := range resp.Data["flows"].(map[string]any)["nodes"].([]any) {
				flow := node.(map[string]any)
				var got []string
				for _, b := range flow["bindings"].([]any) {
					got = append(got, b.(map[string]any)["pk"].(string))
				}
				want := e.fake.BindingPKs(flow["slug"].(string))
				if !slices.Equal(got, want) {
					t.Errorf("flow %s: %d bindings, want %d (in order, pk order on ties)", flow["slug"], len(got), len(want))
				}
				if len(flow["stages"].([]any)) != len(want) {
					t.Errorf("flow %s: %d stages, want %d", flow["slug"], len(flow["stages"].([]any)), len(want))
				}
				total += len(got)
			}
			reqs := e.fake.RequestCount()
			t.Logf("%d bindings over 17 flows cost %d upstream requests", total, reqs)
			// The flows page, then every page of the bindings listing once: the
			// cheapest authentik allows (each flow has more than a page here).
			if limit := 1 + (total+99)/100; reqs > limit {
				t.Errorf("upstream requests = %d, want at most %d:\n%s", reqs, limit, describe(e.fake))
			}
			for _, r := range e.fake.Requests() {
				if strings.Contains(r.RawQuery, "__in") {
					t.Errorf("request uses an __in filter authentik ignores: %s", r.RawQuery)
				}
			}
		})
	}
}

// TestLookahead_BatchesWithoutAWindow runs with no dataloader window at
// all, the worst case of a busy server: list resolvers hand every parent's
// key to the loaders before the child resolvers run, so the request counts
// are the same as with a window.
func TestLookahead_BatchesWithoutAWindow(t *testing.T) {
	tests := []struct {
		name  string
		fake  []upstreamtest.Option
		query string
		want  int
	}{
		{"flows with bindings", nil, `{ flows(first: 50) { nodes { slug bindings { order stage { name } } } } }`, 2},
		{"flows with stages, through edges", nil, `{ flows(first: 50) { edges { node { stages { name } } } } }`, 2},
		{"stages with bindings", nil, `{ stages(first: 100) { nodes { name bindings { order } } } }`, 2},
		{"stages with full flows", nil, `{ stages(first: 100) { nodes { flows { cacheCount bindings { order } } } } }`, 3},
		{"3,030 bindings", []upstreamtest.Option{upstreamtest.WithExtraBindings(3000)}, `{ flows(first: 20) { nodes { bindings { pk } stages { name } } } }`, 32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOptions{fake: tt.fake, cfg: func(c *config) { c.LoaderWait = 0 }})
			for range 3 {
				e.fake.Reset()
				resp := e.post(t, tt.query, nil, nil)
				if len(resp.Errors) > 0 {
					t.Fatalf("errors: %s", resp.Raw)
				}
				if got := e.fake.RequestCount(); got != tt.want {
					t.Fatalf("upstream requests = %d, want %d:\n%s", got, tt.want, describe(e.fake))
				}
			}
		})
	}
}
