package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flowgate/upstream/upstreamtest"
)

// TestMutations_RoundTrip creates a flow, reads it back, binds stages,
// updates, reorders and deletes, checking each step's upstream requests and
// the fake's state.
func TestMutations_RoundTrip(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	const I, F, B = "/api/v3/flows/instances/", "/api/v3/flows/instances/dash-flow/", "/api/v3/flows/bindings/"

	// Create: one POST; a new flow has no bindings, so none are fetched.
	r := e.step(t, []string{"POST " + I}, `mutation {
		createFlow(input: {name: "Dashboard", slug: "dash-flow", title: "Sign in", designation: AUTHENTICATION, layout: SIDEBAR_LEFT}) {
			pk slug name title designation layout authentication deniedAction policyEngineMode compatibilityMode bindings { pk }
		} }`, nil, nil)
	created := mustOK(t, r)["createFlow"].(map[string]any)
	flowPk, ok := f.FlowBySlug("dash-flow")
	if !ok || created["pk"] != flowPk {
		t.Fatalf("created flow %v is not in the fake (pk %q)", created, flowPk)
	}
	if diff := cmp.Diff(map[string]any{
		"pk": flowPk, "slug": "dash-flow", "name": "Dashboard", "title": "Sign in", "designation": "AUTHENTICATION",
		"layout": "SIDEBAR_LEFT", "authentication": "NONE", "deniedAction": "MESSAGE_CONTINUE", "policyEngineMode": "ANY",
		"compatibilityMode": false, "bindings": []any{},
	}, created); diff != "" {
		t.Errorf("created flow (-want +got):\n%s", diff)
	}

	// Read back in a new request.
	r = e.step(t, []string{"GET " + F}, `{ flow(slug: "dash-flow") { title layout } }`, nil, nil)
	if got := mustOK(t, r)["flow"]; !cmp.Equal(got, map[string]any{"title": "Sign in", "layout": "SIDEBAR_LEFT"}) {
		t.Errorf("read back: %v", got)
	}

	// Bind three stages: by flowPk (one POST) and by flowSlug (GET, POST).
	ident, pw, login := stagePK(t, f, "default-authentication-identification"), stagePK(t, f, "default-authentication-password"), stagePK(t, f, "default-authentication-login")
	bind := `mutation($in: CreateFlowStageBindingInput!) { createFlowStageBinding(input: $in) { pk order stage { name } target { slug } } }`
	var pks []string
	for i, in := range []map[string]any{
		{"flowPk": flowPk, "stagePk": ident, "order": 10},
		{"flowSlug": "dash-flow", "stagePk": pw, "order": 20},
		{"flowPk": flowPk, "stagePk": login, "order": 30, "evaluateOnPlan": true, "reEvaluatePolicies": false},
	} {
		want := []string{"POST " + B}
		if in["flowSlug"] != nil {
			want = []string{"GET " + F, "POST " + B}
		}
		d := mustOK(t, e.step(t, want, bind, map[string]any{"in": in}, nil))
		if got := dig(d, "createFlowStageBinding", "target", "slug"); got != "dash-flow" {
			t.Errorf("binding %d target = %v", i, got)
		}
		pks = append(pks, dig(d, "createFlowStageBinding", "pk").(string))
	}
	if got := f.BindingPKs("dash-flow"); !slices.Equal(got, pks) {
		t.Fatalf("fake bindings = %v, want %v", got, pks)
	}

	// Update: one PATCH with only the given fields.
	r = e.step(t, []string{"PATCH " + F}, `mutation { updateFlow(slug: "dash-flow", input: {title: "Welcome"}) { slug name title layout } }`, nil, nil)
	if got := mustOK(t, r)["updateFlow"]; !cmp.Equal(got, map[string]any{"slug": "dash-flow", "name": "Dashboard", "title": "Welcome", "layout": "SIDEBAR_LEFT"}) {
		t.Errorf("updated: %v", got)
	}
	if body := string(f.Requests()[0].Body); body != `{"title":"Welcome"}` {
		t.Errorf("PATCH body = %s, want only the given field", body)
	}

	// Reorder: the flow, its bindings, then a PATCH per moved binding only
	// (login 30 -> 10, identification 10 -> 20, password 20 -> 30).
	r = e.step(t, []string{"GET " + F, "GET " + B, "PATCH " + B + pks[2] + "/", "PATCH " + B + pks[0] + "/", "PATCH " + B + pks[1] + "/"},
		`mutation($pks: [ID!]!) { reorderFlowStages(flowSlug: "dash-flow", bindingPks: $pks) { title bindings { order stage { name } } } }`,
		map[string]any{"pks": []string{pks[2], pks[0], pks[1]}}, nil)
	want := []string{"default-authentication-login@10", "default-authentication-identification@20", "default-authentication-password@30"}
	if got := orders(t, dig(mustOK(t, r), "reorderFlowStages", "bindings")); !slices.Equal(got, want) {
		t.Errorf("reordered bindings = %v, want %v", got, want)
	}
	if got := f.BindingPKs("dash-flow"); !slices.Equal(got, []string{pks[2], pks[0], pks[1]}) {
		t.Errorf("fake order after reorder = %v", got)
	}
	// The same order again: read, nothing to write.
	e.step(t, []string{"GET " + F, "GET " + B}, `mutation($pks: [ID!]!) { reorderFlowStages(flowSlug: "dash-flow", bindingPks: $pks) { slug } }`,
		map[string]any{"pks": []string{pks[2], pks[0], pks[1]}}, nil)

	// Delete a binding, then the flow (GET for its pk, DELETE).
	r = e.step(t, []string{"DELETE " + B + pks[1] + "/"}, `mutation($pk: ID!) { deleteFlowStageBinding(pk: $pk) { pk slug } }`, map[string]any{"pk": pks[1]}, nil)
	if got := mustOK(t, r)["deleteFlowStageBinding"]; !cmp.Equal(got, map[string]any{"pk": pks[1], "slug": nil}) {
		t.Errorf("deleted binding: %v", got)
	}
	r = e.step(t, []string{"GET " + F, "DELETE " + F}, `mutation { deleteFlow(slug: "dash-flow") { pk slug } }`, nil, nil)
	if got := mustOK(t, r)["deleteFlow"]; !cmp.Equal(got, map[string]any{"pk": flowPk, "slug": "dash-flow"}) {
		t.Errorf("deleted flow: %v", got)
	}
	if _, ok := f.FlowBySlug("dash-flow"); ok {
		t.Error("flow still in the fake")
	}
	if n, _, nb := f.Counts(); n != upstreamtest.SeedFlows || nb != upstreamtest.SeedBindings {
		t.Errorf("fake has %d flows, %d bindings; want the seed's %d, %d", n, nb, upstreamtest.SeedFlows, upstreamtest.SeedBindings)
	}
	r = e.step(t, []string{"GET " + F}, `{ flow(slug: "dash-flow") { pk } }`, nil, nil)
	if got := mustOK(t, r)["flow"]; got != nil {
		t.Errorf("deleted flow reads as %v", got)
	}
}

const reorderDoc = `mutation($pks: [ID!]!) { reorderFlowStages(flowSlug: "default-authentication-flow", bindingPks: $pks) {
	slug bindings { pk order stage { name } } } }`

// TestReorder_FailsMidway injects a failure into the third of four writes:
// the response is still the flow, with its bindings as re-read from
// authentik, and the error says what was and was not changed.
func TestReorder_FailsMidway(t *testing.T) {
	tests := []struct {
		name   string
		faults func(failPk string) []upstreamtest.Fault
		want   []string // upstream requests after the three writes
	}{
		{"reorder-midway-unavailable", func(pk string) []upstreamtest.Fault {
			return []upstreamtest.Fault{{Method: "PATCH", PathPrefix: "/api/v3/flows/bindings/" + pk + "/", Status: 503, Body: "<html>busy</html>"}}
		}, []string{"GET /api/v3/flows/bindings/"}},
		{"reorder-midway-forbidden", func(pk string) []upstreamtest.Fault {
			return []upstreamtest.Fault{{Method: "PATCH", PathPrefix: "/api/v3/flows/bindings/" + pk + "/", Status: 403, Body: `{"detail":"You do not have permission to perform this action."}`}}
		}, []string{"GET /api/v3/flows/bindings/"}},
		// The re-read fails too: its first GET passes (an effect-less fault
		// used up), the later ones get a 503. The re-read is a GET, so it is
		// retried (UPSTREAM_RETRIES, 2 by default) before the reorder gives up.
		{"reorder-midway-reread-fails", func(pk string) []upstreamtest.Fault {
			return []upstreamtest.Fault{
				{Method: "PATCH", PathPrefix: "/api/v3/flows/bindings/" + pk + "/", Status: 503},
				{Method: "GET", PathPrefix: "/api/v3/flows/bindings/", Times: 1},
				{Method: "GET", PathPrefix: "/api/v3/flows/bindings/", Status: 503},
			}
		}, []string{"GET /api/v3/flows/bindings/", "GET /api/v3/flows/bindings/", "GET /api/v3/flows/bindings/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOptions{})
			pks := e.fake.BindingPKs("default-authentication-flow") // identification 10, password 20, mfa 30, login 100
			for _, f := range tt.faults(pks[1]) {
				e.fake.Inject(f)
			}
			before := e.fake.Snapshot()
			// Reverse: login -> 10, mfa -> 20, password -> 30 (fails), identification -> 40.
			want := append([]string{
				"GET /api/v3/flows/instances/default-authentication-flow/", "GET /api/v3/flows/bindings/",
				"PATCH /api/v3/flows/bindings/" + pks[3] + "/", "PATCH /api/v3/flows/bindings/" + pks[2] + "/",
				"PATCH /api/v3/flows/bindings/" + pks[1] + "/",
			}, tt.want...)
			r := e.step(t, want, reorderDoc, map[string]any{"pks": []string{pks[3], pks[2], pks[1], pks[0]}}, nil)
			golden(t, tt.name, r.Raw)
			if len(r.Errors) == 0 {
				t.Fatal("no error")
			}
			ext := r.Errors[0].Extensions
			if diff := cmp.Diff(map[string]any{
				"changedBindingPks": []any{pks[3], pks[2]}, "unchangedBindingPks": []any{pks[0]}, "failedBindingPk": pks[1],
			}, map[string]any{
				"changedBindingPks": ext["changedBindingPks"], "unchangedBindingPks": ext["unchangedBindingPks"], "failedBindingPk": ext["failedBindingPk"],
			}); diff != "" {
				t.Errorf("error extensions (-want +got):\n%s", diff)
			}
			// The fake's true state: the two writes before the failure applied
			// (login 100 -> 10, mfa 30 -> 20); ties run in pk order.
			if e.fake.Snapshot() == before {
				t.Error("fake unchanged; the first two writes should have applied")
			}
			if got := e.fake.BindingPKs("default-authentication-flow"); !slices.Equal(got, []string{pks[0], pks[3], pks[1], pks[2]}) {
				t.Errorf("fake order = %v", got)
			}
			if tt.name == "reorder-midway-reread-fails" {
				if r.Data != nil || ext["reReadFailed"] != true {
					t.Errorf("data = %v, reReadFailed = %v; want null and true", r.Data, ext["reReadFailed"])
				}
				return
			}
			// data holds the flow's real bindings, as authentik has them now.
			got := orders(t, dig(r.Data, "reorderFlowStages", "bindings"))
			wantOrders := []string{"default-authentication-identification@10", "default-authentication-login@10", "default-authentication-password@20", "default-authentication-mfa-validation@20"}
			if !slices.Equal(got, wantOrders) {
				t.Errorf("data bindings = %v, want %v", got, wantOrders)
			}
		})
	}
}

// TestReorder_SameStageBoundTwice swaps two bindings of one stage:
// authentik's unique (target, stage, order) forbids moving either onto the
// other's order, so one is parked on a free order first.
func TestReorder_SameStageBoundTwice(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	flowPk := flowPK(t, f, "default-invalidation-flow") // logout @ 0
	login := stagePK(t, f, "default-authentication-login")
	bind := `mutation($in: CreateFlowStageBindingInput!) { createFlowStageBinding(input: $in) { pk } }`
	var pks []string
	for _, in := range []map[string]any{
		{"flowPk": flowPk, "stagePk": login, "order": 10},
		{"flowPk": flowPk, "stagePk": login, "order": 20},
	} {
		pks = append(pks, dig(mustOK(t, e.post(t, bind, map[string]any{"in": in}, nil)), "createFlowStageBinding", "pk").(string))
	}
	first := f.BindingPKs("default-invalidation-flow")[0] // logout @ 0
	// Want: login#2 @10, login#1 @20, logout @30.
	const B = "/api/v3/flows/bindings/"
	r := e.step(t, []string{
		"GET /api/v3/flows/instances/default-invalidation-flow/", "GET " + B,
		"PATCH " + B + first + "/",  // 0 -> 30: free
		"PATCH " + B + pks[1] + "/", // login 20 and 10 must swap: parked on 31 (past the flow's last order)
		"PATCH " + B + pks[0] + "/", // 10 -> 20, free now
		"PATCH " + B + pks[1] + "/", // 31 -> 10
	}, `mutation($pks: [ID!]!) { reorderFlowStages(flowSlug: "default-invalidation-flow", bindingPks: $pks) { bindings { pk order } } }`,
		map[string]any{"pks": []string{pks[1], pks[0], first}}, nil)
	mustOK(t, r)
	var bodies []string
	for _, req := range f.Requests() {
		if req.Method == http.MethodPatch {
			bodies = append(bodies, string(req.Body))
		}
	}
	if want := []string{`{"order":30}`, `{"order":31}`, `{"order":20}`, `{"order":10}`}; !slices.Equal(bodies, want) {
		t.Errorf("PATCH bodies = %v, want %v", bodies, want)
	}
	if got := f.BindingPKs("default-invalidation-flow"); !slices.Equal(got, []string{pks[1], pks[0], first}) {
		t.Errorf("fake order = %v", got)
	}
}

// TestMutations_ReadOnlyForbidden runs every mutation with a read-only
// token: each is FORBIDDEN, nothing changes upstream, and the requests sent
// are exactly the reads the mutation needs before its write plus the one
// refused write.
func TestMutations_ReadOnlyForbidden(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	f.SetCacheCount("default-authentication-flow", 3)
	authPks := f.BindingPKs("default-authentication-flow")
	authPk, recoveryEmail := flowPK(t, f, "default-authentication-flow"), stagePK(t, f, "default-recovery-email")
	const I, A, B = "/api/v3/flows/instances/", "/api/v3/flows/instances/default-authentication-flow/", "/api/v3/flows/bindings/"
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		want  []string
	}{
		{"createFlow", `mutation { createFlow(input: {name: "x", slug: "x", title: "x", designation: RECOVERY}) { pk } }`, nil, []string{"POST " + I}},
		{"updateFlow", `mutation { updateFlow(slug: "default-authentication-flow", input: {title: "x"}) { pk } }`, nil, []string{"PATCH " + A}},
		{"deleteFlow", `mutation { deleteFlow(slug: "default-authentication-flow") { pk } }`, nil, []string{"GET " + A, "DELETE " + A}},
		{"createFlowStageBinding by pk", `mutation($f: ID!, $s: ID!) { createFlowStageBinding(input: {flowPk: $f, stagePk: $s, order: 5}) { pk } }`,
			map[string]any{"f": authPk, "s": recoveryEmail}, []string{"POST " + B}},
		{"createFlowStageBinding by slug", `mutation($s: ID!) { createFlowStageBinding(input: {flowSlug: "default-authentication-flow", stagePk: $s, order: 5}) { pk } }`,
			map[string]any{"s": recoveryEmail}, []string{"GET " + A, "POST " + B}},
		{"updateFlowStageBinding", `mutation($pk: ID!) { updateFlowStageBinding(pk: $pk, input: {order: 5}) { pk } }`,
			map[string]any{"pk": authPks[0]}, []string{"PATCH " + B + authPks[0] + "/"}},
		{"updateFlowStageBinding one flag", `mutation($pk: ID!) { updateFlowStageBinding(pk: $pk, input: {evaluateOnPlan: true}) { pk } }`,
			map[string]any{"pk": authPks[0]}, []string{"GET " + B + authPks[0] + "/", "PATCH " + B + authPks[0] + "/"}},
		{"deleteFlowStageBinding", `mutation($pk: ID!) { deleteFlowStageBinding(pk: $pk) { pk } }`,
			map[string]any{"pk": authPks[0]}, []string{"DELETE " + B + authPks[0] + "/"}},
		// The first write is refused; the bindings are re-read to report the
		// (unchanged) state.
		{"reorderFlowStages", `mutation($pks: [ID!]!) { reorderFlowStages(flowSlug: "default-authentication-flow", bindingPks: $pks) { slug } }`,
			map[string]any{"pks": []string{authPks[3], authPks[2], authPks[1], authPks[0]}},
			[]string{"GET " + A, "GET " + B, "PATCH " + B + authPks[3] + "/", "GET " + B}},
		// The read-only token may read the cache info, not clear it.
		{"clearFlowCache", `mutation { clearFlowCache { clearedCount } }`, nil, []string{"GET " + I + "cache_info/", "POST " + I + "cache_clear/"}},
	}
	before := f.Snapshot()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.step(t, tt.want, tt.query, tt.vars, bearer(upstreamtest.ReadOnlyToken))
			if got := r.codes(); len(got) == 0 || got[0] != "FORBIDDEN" {
				t.Errorf("codes = %v, want FORBIDDEN first: %s", got, r.Raw)
			}
			for _, req := range f.Requests() {
				if req.Authorization != "Bearer "+upstreamtest.ReadOnlyToken {
					t.Errorf("%s %s sent with %q", req.Method, req.Path, req.Authorization)
				}
			}
			if f.Snapshot() != before {
				t.Fatal("the fake's data changed")
			}
		})
	}
}

// TestMutations_NeverRetried makes the first write fail in ways a retrying
// client would retry; the gateway sends each write exactly once.
func TestMutations_NeverRetried(t *testing.T) {
	tests := []struct {
		name, query, method, path, code string
		fault                           upstreamtest.Fault
	}{
		{"create, connection reset", `mutation { createFlow(input: {name: "x", slug: "x", title: "x", designation: RECOVERY}) { pk } }`,
			"POST", "/api/v3/flows/instances/", "UPSTREAM_UNAVAILABLE", upstreamtest.Fault{ResetConnection: true}},
		{"create, 503", `mutation { createFlow(input: {name: "x", slug: "x", title: "x", designation: RECOVERY}) { pk } }`,
			"POST", "/api/v3/flows/instances/", "UPSTREAM_UNAVAILABLE", upstreamtest.Fault{Status: 503}},
		{"update, connection reset", `mutation { updateFlow(slug: "initial-setup", input: {title: "x"}) { pk } }`,
			"PATCH", "/api/v3/flows/instances/initial-setup/", "UPSTREAM_UNAVAILABLE", upstreamtest.Fault{ResetConnection: true}},
		{"delete binding, 502", `mutation { deleteFlowStageBinding(pk: "3fa85f64-5717-4562-b3fc-2c963f66afa6") { pk } }`,
			"DELETE", "/api/v3/flows/bindings/3fa85f64-5717-4562-b3fc-2c963f66afa6/", "UPSTREAM_UNAVAILABLE", upstreamtest.Fault{Status: 502}},
		{"clear cache, connection reset", `mutation { clearFlowCache { clearedCount } }`,
			"POST", "/api/v3/flows/instances/cache_clear/", "UPSTREAM_UNAVAILABLE", upstreamtest.Fault{ResetConnection: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOptions{})
			fault := tt.fault
			fault.Method, fault.PathPrefix = tt.method, tt.path
			e.fake.Inject(fault)
			// Warm a keep-alive connection first, so a reset hits a reused one
			// (the case in which Go's transport retries idempotent requests).
			mustOK(t, e.post(t, `{ flows(first: 1) { totalCount } }`, nil, nil))
			e.fake.Reset()
			r := e.post(t, tt.query, nil, nil)
			if got := r.codes(); len(got) != 1 || got[0] != tt.code {
				t.Errorf("codes = %v, want [%s]: %s", got, tt.code, r.Raw)
			}
			n := 0
			for _, req := range e.fake.Requests() {
				if req.Method == tt.method && req.Path == tt.path {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s %s sent %d times, want once:\n%s", tt.method, tt.path, n, describe(e.fake))
			}
		})
	}
}

// TestMutations_OnlyOverJSONPost: a mutation in a GET query string, or in a
// form or text body, is refused before any upstream call.
func TestMutations_OnlyOverJSONPost(t *testing.T) {
	e := newEnv(t, envOptions{})
	mutation := `mutation { deleteFlow(slug: "initial-setup") { pk } }`
	tests := []struct {
		name       string
		req        func() *http.Request
		wantStatus int
		wantBody   string
	}{
		{"GET", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/graphql?query="+url.QueryEscape(mutation), nil)
			r.Header.Set("GraphQL-Preflight", "1")
			return r
		}, 405, `{"errors":[{"message":"GET runs queries only: send mutations with POST","extensions":{"code":"METHOD_NOT_ALLOWED"}}],"data":null}`},
		{"GET from another site", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/graphql?query="+url.QueryEscape(mutation), nil)
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			return r
		}, 403, `{"errors":[{"message":"a request without an Authorization header runs with this server's default credentials, so it must be one no other site can send: add the header Content-Type: application/json or GraphQL-Preflight: 1, or send your own Authorization","extensions":{"code":"CROSS_SITE_REQUEST"}}],"data":null}`},
		{"GET with operationName", func() *http.Request {
			doc := "query q { flows { totalCount } } " + strings.Replace(mutation, "mutation", "mutation m", 1)
			r, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/graphql?operationName=m&query="+url.QueryEscape(doc), nil)
			r.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
			return r
		}, 405, `{"errors":[{"message":"GET runs queries only: send mutations with POST","extensions":{"code":"METHOD_NOT_ALLOWED"}}],"data":null}`},
		{"form POST", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader("query="+url.QueryEscape(mutation)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 415, `{"errors":[{"message":"Content-Type must be application/json","extensions":{"code":"UNSUPPORTED_MEDIA_TYPE"}}],"data":null}`},
		{"text/plain POST", func() *http.Request {
			body, _ := json.Marshal(map[string]string{"query": mutation})
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(string(body)))
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, 415, `{"errors":[{"message":"Content-Type must be application/json","extensions":{"code":"UNSUPPORTED_MEDIA_TYPE"}}],"data":null}`},
	}
	before := e.fake.Snapshot()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.fake.Reset()
			resp, err := http.DefaultClient.Do(tt.req())
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus || strings.TrimSpace(string(body)) != tt.wantBody {
				t.Errorf("got %d %s, want %d %s", resp.StatusCode, body, tt.wantStatus, tt.wantBody)
			}
			if n := e.fake.RequestCount(); n != 0 {
				t.Errorf("upstream requests = %d, want 0", n)
			}
		})
	}
	if e.fake.Snapshot() != before {
		t.Error("the fake's data changed")
	}
}

// TestMutations_ReadsAfterWriteAreFresh: what a mutation's selection, or a
// later mutation field of the same request, reads is authentik's state
// after the write, not the request's cache from before it.
func TestMutations_ReadsAfterWriteAreFresh(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	email := stagePK(t, f, "default-recovery-email")
	const A, B = "/api/v3/flows/instances/default-authentication-flow/", "/api/v3/flows/bindings/"
	r := e.step(t, []string{
		"PATCH " + A, "GET " + B, // a: the write; its bindings
		"POST " + B, "GET " + B, // b: flowSlug from a's answer; the write; the flow's bindings afresh
		"PATCH " + A, "GET " + B, // c: the write; bindings (with stage flow_sets) afresh
	}, `mutation($stage: ID!) {
		a: updateFlow(slug: "default-authentication-flow", input: {title: "First"}) { title bindings { order } }
		b: createFlowStageBinding(input: {flowSlug: "default-authentication-flow", stagePk: $stage, order: 25}) {
			target { title bindings { order stage { name } } }
		}
		c: updateFlow(slug: "default-authentication-flow", input: {title: "Second"}) {
			title bindings { order stage { flows { slug title } } }
		}
	}`, map[string]any{"stage": email}, nil)
	d := mustOK(t, r)
	if got := orders(t, dig(d, "b", "target", "bindings")); !slices.Contains(got, "default-recovery-email@25") {
		t.Errorf("b's flow bindings lack the binding b created: %v", got)
	}
	if got := dig(d, "b", "target", "title"); got != "First" {
		t.Errorf("b's target title = %v, want First", got)
	}
	if n := len(dig(d, "a", "bindings").([]any)); n != 4 {
		t.Errorf("a saw %d bindings, want 4", n)
	}
	// Every stage's flow_set names the flow with its title after c.
	for _, b := range dig(d, "c", "bindings").([]any) {
		for _, fl := range dig(b, "stage", "flows").([]any) {
			if dig(fl, "slug") == "default-authentication-flow" && dig(fl, "title") != "Second" {
				t.Errorf("c reads a stale title for its flow: %v", fl)
			}
		}
	}
	if n := len(dig(d, "c", "bindings").([]any)); n != 5 {
		t.Errorf("c saw %d bindings, want 5", n)
	}

	// A reorder's result and a later write to one of its bindings.
	pks := f.BindingPKs("default-authentication-flow")
	r = e.post(t, `mutation($pks: [ID!]!, $pk: ID!) {
		r: reorderFlowStages(flowSlug: "default-authentication-flow", bindingPks: $pks) { bindings { pk order } }
		u: updateFlowStageBinding(pk: $pk, input: {order: 55}) { order target { bindings { pk order } } }
	}`, map[string]any{"pks": pks, "pk": pks[0]}, nil)
	d = mustOK(t, r)
	var got []int
	for _, b := range dig(d, "u", "target", "bindings").([]any) {
		if dig(b, "pk") == pks[0] {
			got = append(got, int(dig(b, "order").(float64)))
		}
	}
	if !slices.Equal(got, []int{55}) {
		t.Errorf("after u, its flow's bindings show order %v for the binding u changed, want [55]", got)
	}
}

// TestUpdateBinding_EvaluateFlags: when one flag is given, the gateway
// sends the binding's other flag too, so authentik judges the binding as it
// will be, in both directions.
func TestUpdateBinding_EvaluateFlags(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	pk := f.BindingPKs("default-recovery-flow")[0] // evaluateOnPlan true, reEvaluatePolicies true
	const doc = `mutation($pk: ID!, $in: UpdateFlowStageBindingInput!) { updateFlowStageBinding(pk: $pk, input: $in) { evaluateOnPlan reEvaluatePolicies } }`
	path := "/api/v3/flows/bindings/" + pk + "/"
	patchBody := func() string {
		for _, r := range f.Requests() {
			if r.Method == http.MethodPatch {
				return string(r.Body)
			}
		}
		return ""
	}
	// authentik alone would refuse {"re_evaluate_policies": false} here
	// (it takes the missing evaluate_on_plan as false).
	r := e.step(t, []string{"GET " + path, "PATCH " + path}, doc, map[string]any{"pk": pk, "in": map[string]any{"reEvaluatePolicies": false}}, nil)
	if got := mustOK(t, r)["updateFlowStageBinding"]; !cmp.Equal(got, map[string]any{"evaluateOnPlan": true, "reEvaluatePolicies": false}) {
		t.Errorf("updated: %v", got)
	}
	if b := patchBody(); b != `{"evaluate_on_plan":true,"re_evaluate_policies":false}` {
		t.Errorf("PATCH body = %s", b)
	}
	// authentik alone would accept {"evaluate_on_plan": false} here and
	// leave both flags off.
	r = e.step(t, []string{"GET " + path, "PATCH " + path}, doc, map[string]any{"pk": pk, "in": map[string]any{"evaluateOnPlan": false}}, nil)
	if got := r.codes(); len(got) != 1 || got[0] != "BAD_USER_INPUT" {
		t.Errorf("codes = %v: %s", got, r.Raw)
	}
	if b := patchBody(); b != `{"evaluate_on_plan":false,"re_evaluate_policies":false}` {
		t.Errorf("PATCH body = %s", b)
	}
	// Both given: sent as given, no read.
	r = e.step(t, []string{"PATCH " + path}, doc, map[string]any{"pk": pk, "in": map[string]any{"evaluateOnPlan": false, "reEvaluatePolicies": true}}, nil)
	if got := mustOK(t, r)["updateFlowStageBinding"]; !cmp.Equal(got, map[string]any{"evaluateOnPlan": false, "reEvaluatePolicies": true}) {
		t.Errorf("updated: %v", got)
	}
	// Neither given: authentik's defaults (false, true) always pass, and the
	// binding keeps its valid flags: no read.
	e.step(t, []string{"PATCH " + path}, doc, map[string]any{"pk": pk, "in": map[string]any{"order": 11}}, nil)
	if b := patchBody(); b != `{"order":11}` {
		t.Errorf("PATCH body = %s", b)
	}
}

// TestFlowActions_Deduplicated asks for each action several times, through
// aliases and lists: one request per object and action.
func TestFlowActions_Deduplicated(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Reset()
	r := e.post(t, `{
		a: flow(slug: "default-invalidation-flow") { diagram export usedBy { pk } stages { usedBy { pk } } }
		b: flow(slug: "default-invalidation-flow") { diagram export usedBy { pk } stages { usedBy { pk } } }
		flows(first: 100) { nodes { slug diagram } }
		t1: stageTypes { name }
		t2: stageTypes { modelName }
		c1: flowCacheInfo { count }
		c2: flowCacheInfo { count }
	}`, nil, nil)
	mustOK(t, r)
	for prefix, want := range map[string]int{
		"/api/v3/flows/instances/default-invalidation-flow/diagram/": 1,
		"/api/v3/flows/instances/default-invalidation-flow/export/":  1,
		"/api/v3/flows/instances/default-invalidation-flow/used_by/": 1,
		"/api/v3/flows/instances/default-recovery-flow/diagram/":     1,
		"/api/v3/stages/all/types/":                                  1,
		"/api/v3/flows/instances/cache_info/":                        1,
		"/api/v3/stages/all/":                                        2, // types + the logout stage's used_by
	} {
		if got := e.fake.CountPath(prefix); got != want {
			t.Errorf("%s: %d requests, want %d", prefix, got, want)
		}
	}
	// 17 diagrams, a flow, its export and used_by, its bindings, a stage's
	// used_by, the flows page, types, cache info.
	if got, want := e.fake.RequestCount(), upstreamtest.SeedFlows+8; got != want {
		t.Errorf("upstream requests = %d, want %d:\n%s", got, want, describe(e.fake))
	}
}

// TestClearFlowCache: the count comes from cache_info, read just before the
// clear; a caller who may clear but not read the cache gets no count and no
// error; a failed read does not stop the clear.
func TestClearFlowCache(t *testing.T) {
	const doc = `mutation { clearFlowCache { clearedCount } }`
	const info, clearReq = "GET /api/v3/flows/instances/cache_info/", "POST /api/v3/flows/instances/cache_clear/"
	e := newEnv(t, envOptions{})
	e.fake.SetCacheCount("initial-setup", 5)
	e.fake.AddToken("clearer", upstreamtest.Permissions{Global: []string{upstreamtest.PermAddFlow, upstreamtest.PermClearFlowCache}})

	r := e.step(t, []string{info, clearReq}, doc, nil, nil)
	if got := dig(mustOK(t, r), "clearFlowCache", "clearedCount"); got != 9.0 { // the seed's 4 + 5
		t.Errorf("clearedCount = %v, want 9", got)
	}
	r = e.step(t, []string{info}, `{ flowCacheInfo { count } }`, nil, nil)
	if got := dig(mustOK(t, r), "flowCacheInfo", "count"); got != 0.0 {
		t.Errorf("count after clear = %v", got)
	}

	e.fake.SetCacheCount("initial-setup", 2)
	r = e.step(t, []string{info, clearReq}, doc, nil, bearer("clearer"))
	if got := mustOK(t, r)["clearFlowCache"]; !cmp.Equal(got, map[string]any{"clearedCount": nil}) {
		t.Errorf("without view permission: %v", got)
	}

	e.fake.SetCacheCount("initial-setup", 2)
	// Fails on the first try and on both retries (UPSTREAM_RETRIES=2).
	e.fake.Inject(upstreamtest.Fault{Method: "GET", PathPrefix: "/api/v3/flows/instances/cache_info/", Status: 503, Times: 3})
	r = e.step(t, []string{info, info, info, clearReq}, doc, nil, nil)
	golden(t, "clear-flow-cache-count-unavailable", r.Raw)
	r = e.step(t, []string{info}, `{ flowCacheInfo { count } }`, nil, nil)
	if got := dig(mustOK(t, r), "flowCacheInfo", "count"); got != 0.0 {
		t.Errorf("the clear did not happen: count %v", got)
	}
}
