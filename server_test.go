package main

import (
	"strings"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

// TestQueries runs each document in testdata/queries against a fresh fake
// and compares the whole response with testdata/golden, and the number of
// upstream requests it cost with the figure the design promises.
func TestQueries(t *testing.T) {
	type vars = map[string]any
	tests := []struct {
		name   string
		query  string // file name in testdata/queries; defaults to name
		env    envOptions
		header map[string]string
		vars   func(f *upstreamtest.Server) vars
		faults []upstreamtest.Fault
		// wantUpstream is the exact number of requests flowgate sends.
		wantUpstream int
		wantStatus   int
	}{
		// The headline query: the flows page plus one page holding
		// every binding of the install.
		{name: "flows-default-install", wantUpstream: 2},
		// One flow: the flow, then its bindings (one key: ?target=).
		{name: "flow-every-field", vars: func(*upstreamtest.Server) vars { return vars{"slug": "default-authentication-flow"} }, wantUpstream: 2},
		// By pk authentik has no detail route: ?flow_uuid=.
		{name: "flow-by-pk", vars: func(f *upstreamtest.Server) vars { return vars{"pk": flowPK(t, f, "default-recovery-flow")} }, wantUpstream: 1},
		{name: "flow-missing", wantUpstream: 1},
		// authentik routes these slugs to its cache actions; two keys batch
		// into one listing, which answers both.
		{name: "flow-reserved-slugs", wantUpstream: 1},
		// Bad input is refused before any upstream request.
		{name: "flow-traversal-slug", wantUpstream: 0},
		{name: "flow-slug-and-pk", wantUpstream: 0},
		{name: "flow-bad-pk", wantUpstream: 0},
		{name: "flows-first-too-large", wantUpstream: 0},
		{name: "flows-bad-cursor", wantUpstream: 0},
		{name: "flows-filtered-ordered", wantUpstream: 1},
		{name: "malformed-document", wantUpstream: 0, wantStatus: 422},
		{name: "unknown-field", wantUpstream: 0, wantStatus: 422},
		{name: "flows-search", wantUpstream: 1},
		// Stage.flows with flow_set fields only: no request beyond the list.
		{name: "stages-flowset-only", wantUpstream: 1},
		// Fields flow_set lacks load the full flows: one batched request.
		{name: "stages-flows-full", wantUpstream: 2},
		// flows → stages → flows → bindings → stage: still two requests.
		{name: "deep-nesting", wantUpstream: 2},
		// The same flow three times: fetched once, its bindings once.
		{name: "same-flow-many-times", wantUpstream: 2},
		// flowSlug is resolved to the flow's pk, then one bindings page.
		{name: "bindings-by-flow-slug", wantUpstream: 2},
		// authentik answers 400 for an unknown target: the client's input.
		{name: "bindings-unknown-flow-pk", wantUpstream: 1},
		// Beyond authentik's 32-bit column: refused here, not sent.
		{name: "bindings-order-out-of-range", wantUpstream: 0},
		// The binding, then its target's full flow (authentication).
		// Filter by the binding's policy binding target, as read from a binding.
		{name: "bindings-by-pbm", vars: func(f *upstreamtest.Server) vars { return vars{"pbm": bindingPBM(t, f, "default-recovery-flow", 2)} }, wantUpstream: 1},
		{name: "binding-by-pk", vars: func(f *upstreamtest.Server) vars { return vars{"pk": f.BindingPKs("default-authentication-flow")[1]} }, wantUpstream: 2},
		{name: "stage-with-bindings", vars: func(f *upstreamtest.Server) vars { return vars{"pk": stagePK(t, f, "default-authentication-login")} }, wantUpstream: 2},

		// Credentials.
		{name: "no-credentials", query: "flows-slugs", env: envOptions{token: "-"}, wantUpstream: 1},
		{name: "invalid-token", query: "flows-slugs", header: bearer("no-such-token"), wantUpstream: 1},
		{name: "limited-token", query: "flows-slugs", header: bearer(upstreamtest.LimitedToken), wantUpstream: 1},
		{name: "hostile-authorization-header", query: "flows-slugs", header: map[string]string{"Authorization": "Bearer \xff\xfe<script>"}, wantUpstream: 0, wantStatus: 400},
		{name: "oversized-authorization-header", query: "flows-slugs", header: map[string]string{"Authorization": "Bearer " + strings.Repeat("a", 9000)}, wantUpstream: 0, wantStatus: 400},

		// authentik failing or returning junk.
		{name: "upstream-500-html", query: "flows-slugs", faults: []upstreamtest.Fault{{PathPrefix: "/api/v3/flows/instances/", Status: 500, ContentType: "text/html", Body: "<html><body>Server Error (500) token=" + upstreamtest.AdminToken + "</body></html>"}}, wantUpstream: 1},
		{name: "upstream-truncated-json", query: "flows-slugs", faults: []upstreamtest.Fault{{PathPrefix: "/api/v3/flows/instances/", TruncateJSON: true}}, wantUpstream: 1},
		// A reset connection is retried (twice by default), then reported.
		{name: "upstream-reset", query: "flows-slugs", faults: []upstreamtest.Fault{{PathPrefix: "/api/v3/flows/instances/", ResetConnection: true}}, wantUpstream: 3},
		{name: "upstream-slow", query: "flows-slugs", env: envOptions{cfg: func(c *config) { c.UpstreamTimeout = 100 * time.Millisecond }},
			faults: []upstreamtest.Fault{{PathPrefix: "/api/v3/flows/instances/", Delay: 2 * time.Second}}, wantUpstream: 1},
		// A newer authentik's enum value fails that field only.
		{name: "unknown-enum-value", query: "flows-slugs", faults: []upstreamtest.Fault{{PathPrefix: "/api/v3/flows/instances/", Replace: func(b []byte) []byte {
			return []byte(strings.Replace(string(b), `"designation":"recovery"`, `"designation":"teleportation"`, 1))
		}}}, wantUpstream: 1},
		// The full flows fail to load: cacheCount errors per flow, slugs
		// survive. The 503 is retried twice before it counts.
		{name: "nested-failure-partial", query: "stage-flows-partial", vars: func(f *upstreamtest.Server) vars { return vars{"pk": stagePK(t, f, "default-authentication-login")} },
			faults: []upstreamtest.Fault{{PathPrefix: "/api/v3/flows/instances/", Status: 503, Body: "busy"}}, wantUpstream: 4},
		// authentik 2025.10's shapes (background instead of background_url).
		{name: "authentik-2025", query: "flows-slugs", env: envOptions{fake: []upstreamtest.Option{upstreamtest.WithVersion("2025.10")}}, wantUpstream: 1},

		// Flow and stage actions: one request per object and action, made
		// only when asked for. The flow, its diagram, used_by and export,
		// its bindings (?target=), the binding's and the stage's used_by,
		// cache_info.
		{name: "flow-actions", wantUpstream: 8},
		{name: "stage-types", wantUpstream: 1},
		// The limited token may read the flow but not export it.
		{name: "flow-export-forbidden", header: bearer(upstreamtest.LimitedToken), wantUpstream: 2},

		// Mutations. Validation errors have one shape, extensions.fields
		// keyed by argument path plus extensions.nonFieldErrors, whether the
		// gateway caught them (no upstream request) or authentik did.
		{name: "mutation-create-flow-precheck", wantUpstream: 0},
		{name: "mutation-create-flow-duplicate-slug", wantUpstream: 1},
		{name: "mutation-create-binding-precheck", vars: func(*upstreamtest.Server) vars { return vars{"order": 2147483648} }, wantUpstream: 0},
		{name: "mutation-create-binding-flow-ref", vars: func(f *upstreamtest.Server) vars {
			return vars{"flowPk": flowPK(t, f, "default-recovery-flow"), "stagePk": stagePK(t, f, "default-recovery-email")}
		}, wantUpstream: 0},
		// The slug is resolved first (GET, 404): a field error, no write.
		{name: "mutation-create-binding-unknown-flow-slug", vars: func(f *upstreamtest.Server) vars { return vars{"stagePk": stagePK(t, f, "default-recovery-email")} }, wantUpstream: 1},
		{name: "mutation-create-binding-unique", vars: func(f *upstreamtest.Server) vars {
			return vars{"stagePk": stagePK(t, f, "default-authentication-identification")}
		}, wantUpstream: 2},
		{name: "mutation-create-binding-unknown-stage", vars: func(f *upstreamtest.Server) vars { return vars{"flowPk": flowPK(t, f, "default-recovery-flow")} }, wantUpstream: 1},
		{name: "mutation-update-binding-precheck", vars: func(*upstreamtest.Server) vars { return vars{"order": -2147483649} }, wantUpstream: 0},
		// GET the binding's flags, then PATCH both: authentik refuses.
		{name: "mutation-update-binding-evaluate-flags", vars: func(f *upstreamtest.Server) vars { return vars{"pk": f.BindingPKs("default-authentication-flow")[0]} }, wantUpstream: 2},
		{name: "mutation-update-flow-precheck", wantUpstream: 0},
		{name: "mutation-update-flow-not-found", wantUpstream: 1},
		{name: "mutation-reorder-precheck", vars: func(f *upstreamtest.Server) vars { return vars{"pk": f.BindingPKs("default-authentication-flow")[0]} }, wantUpstream: 0},
		// The flow and its bindings are read; the list does not match: no write.
		{name: "mutation-reorder-wrong-set", vars: func(f *upstreamtest.Server) vars {
			pks := f.BindingPKs("default-authentication-flow")
			return vars{"pks": []string{pks[3], pks[0], f.BindingPKs("default-recovery-flow")[0], pks[2]}}
		}, wantUpstream: 2},
		// Successful writes: exactly the writes, plus what the selection reads.
		// The flow's slug is resolved, the POST, the flow's bindings afresh.
		{name: "mutation-create-binding", vars: func(f *upstreamtest.Server) vars { return vars{"stagePk": stagePK(t, f, "default-recovery-email")} }, wantUpstream: 3},
		{name: "mutation-update-flow", wantUpstream: 1},
		{name: "mutation-forbidden-readonly", query: "mutation-update-flow", header: bearer(upstreamtest.ReadOnlyToken), wantUpstream: 1},
		// The flow, its bindings, 4 PATCHes (all orders change), then the
		// flow afresh for cacheCount (the writes dropped its cached plans);
		// bindings and stages come from the writes' answers.
		{name: "mutation-reorder", vars: func(f *upstreamtest.Server) vars {
			pks := f.BindingPKs("default-authentication-flow")
			return vars{"pks": []string{pks[3], pks[2], pks[1], pks[0]}}
		}, wantUpstream: 7},
		// GET for the payload's pk, then DELETE.
		{name: "mutation-delete-flow", wantUpstream: 2},
		// cache_info for the count, then cache_clear.
		{name: "mutation-clear-flow-cache", wantUpstream: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, tt.env)
			for _, f := range tt.faults {
				e.fake.Inject(f)
			}
			q := tt.query
			if q == "" {
				q = tt.name
			}
			var v map[string]any
			if tt.vars != nil {
				v = tt.vars(e.fake)
			}
			e.fake.Reset()
			resp := e.post(t, readQuery(t, q), v, tt.header)
			want := tt.wantStatus
			if want == 0 {
				want = 200
			}
			if resp.Status != want {
				t.Errorf("status = %d, want %d", resp.Status, want)
			}
			golden(t, tt.name, resp.Raw)
			if got := e.fake.RequestCount(); got != tt.wantUpstream {
				t.Errorf("upstream requests = %d, want %d:\n%s", got, tt.wantUpstream, describe(e.fake))
			}
			for _, r := range resp.Errors {
				if r.Extensions["code"] == nil {
					t.Errorf("error without a code: %+v", r)
				}
			}
			if strings.Contains(string(resp.Raw), "<html") || strings.Contains(string(resp.Raw), upstreamtest.AdminToken) {
				t.Errorf("response leaks an upstream body or a token: %s", resp.Raw)
			}
			if strings.Contains(e.logs.String(), upstreamtest.AdminToken) || strings.Contains(e.logs.String(), "no-such-token") {
				t.Errorf("logs contain a token")
			}
		})
	}
}
