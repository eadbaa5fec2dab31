package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"flowgate/graph"
	"flowgate/upstream/upstreamtest"
)

// gid is a global id as flowgate issues it.
func gid(typ, pk string) string {
	return base64.StdEncoding.EncodeToString([]byte(typ + ":" + pk))
}

// counted runs query and returns the answer's data (as JSON) and the
// upstream requests it cost, failing on any error.
func counted(t *testing.T, e *env, query string, vars map[string]any) (string, int) {
	t.Helper()
	before := e.fake.RequestCount()
	r := e.post(t, query, vars, nil)
	if len(r.Errors) > 0 || r.Status != 200 {
		t.Fatalf("%s: %d %s", query, r.Status, r.Raw)
	}
	data, _ := json.Marshal(r.Data)
	return string(data), e.fake.RequestCount() - before
}

// TestNode_Ids: every Flow, FlowStageBinding and Stage has a global id,
// base64 of "Type:pk", and node(id:) gives the same object back; pk stays.
func TestNode_Ids(t *testing.T) {
	e := newEnv(t, envOptions{})
	flow := flowPK(t, e.fake, "default-authentication-flow")
	binding := e.fake.BindingPKs("default-authentication-flow")[1]
	stage := stagePK(t, e.fake, "default-authentication-password")

	data, n := counted(t, e, `query ($slug: String!) { flow(slug: $slug) { id pk slug bindings { id pk order stage { id pk name } } } }`,
		map[string]any{"slug": "default-authentication-flow"})
	if n != 2 {
		t.Errorf("flow with bindings cost %d requests, want 2", n)
	}
	for _, want := range []string{
		`"id":"` + gid("Flow", flow) + `","pk":"` + flow + `"`,
		`"id":"` + gid("FlowStageBinding", binding) + `","order":20,"pk":"` + binding + `"`,
		`"id":"` + gid("Stage", stage) + `","name":"default-authentication-password","pk":"` + stage + `"`,
	} {
		if !strings.Contains(data, want) {
			t.Errorf("answer lacks %s:\n%s", want, data)
		}
	}

	for _, c := range []struct {
		id, query, want string
		requests        int
	}{
		// By pk authentik answers one flow with ?flow_uuid=.
		{gid("Flow", flow), `... on Flow { slug }`, `{"node":{"__typename":"Flow","id":"` + gid("Flow", flow) + `","slug":"default-authentication-flow"}}`, 1},
		{gid("FlowStageBinding", binding), `... on FlowStageBinding { order target { slug } }`,
			`{"node":{"__typename":"FlowStageBinding","id":"` + gid("FlowStageBinding", binding) + `","order":20,"target":{"slug":"default-authentication-flow"}}}`, 1},
		// A stage's id says Stage whatever its type; node answers the typed object.
		{gid("Stage", stage), `... on Stage { name }`, `{"node":{"__typename":"PasswordStage","id":"` + gid("Stage", stage) + `","name":"default-authentication-password"}}`, 1},
		// Upper-case pks are the same object.
		{gid("Stage", strings.ToUpper(stage)), `... on Stage { name }`, `{"node":{"__typename":"PasswordStage","id":"` + gid("Stage", stage) + `","name":"default-authentication-password"}}`, 1},
		// No such object (or hidden from the caller): null, no error.
		{gid("Flow", "00000000-0000-4000-8000-000000000000"), `id`, `{"node":null}`, 1},
	} {
		data, n := counted(t, e, `query ($id: ID!) { node(id: $id) { __typename id `+c.query+` } }`, map[string]any{"id": c.id})
		if data != c.want || n != c.requests {
			t.Errorf("node(%s):\n got %s (%d requests)\nwant %s (%d)", c.id, data, n, c.want, c.requests)
		}
	}
}

// TestNodes_CostsWhatAListCosts: refetching the flows of a page by id
// (what Relay and Apollo Client do) costs exactly what the page cost, with
// the same data, on the default install and on the large one; the nested
// bindings batch as under a list.
func TestNodes_CostsWhatAListCosts(t *testing.T) {
	installs := []struct {
		name string
		opts []upstreamtest.Option
		// upstream requests of flows(first: 20) for each shape
		flat, nested int
	}{
		// 17 flows (the install's 14 and 3 examples) and their bindings:
		// one page each.
		{"default", nil, 1, 2},
		// 2,017 flows (21 pages), 16,000-odd bindings (161 pages): the flows
		// page (for nodes: the listing's page 1, which holds the ids), then
		// the bindings listing's page 1 (a probe) and one ?target= request
		// per flow, cheaper than 160 more pages.
		{"large", []upstreamtest.Option{upstreamtest.WithLargeInstall()}, 1, 22},
	}
	shapes := []struct{ name, fields string }{
		{"flat", `id pk slug name title designation`},
		{"nested", `id slug bindings { id order stage { id name } }`},
	}
	for _, in := range installs {
		if in.name == "large" && testing.Short() {
			continue
		}
		t.Run(in.name, func(t *testing.T) {
			e := newEnv(t, envOptions{fake: in.opts})
			idsData, _ := counted(t, e, `{ flows(first: 20) { nodes { id } } }`, nil)
			var page struct {
				Flows struct{ Nodes []struct{ ID string } }
			}
			_ = json.Unmarshal([]byte(idsData), &page)
			ids := make([]string, len(page.Flows.Nodes))
			for i, n := range page.Flows.Nodes {
				ids[i] = n.ID
			}
			if want := map[string]int{"default": 17, "large": 20}[in.name]; len(ids) != want {
				t.Fatalf("%d flows on the first page, want %d", len(ids), want)
			}
			for _, s := range shapes {
				want := map[string]int{"flat": in.flat, "nested": in.nested}[s.name]
				listData, listN := counted(t, e, `{ flows(first: 20) { nodes { `+s.fields+` } } }`, nil)
				nodesData, nodesN := counted(t, e, `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Flow { `+s.fields+` } } }`, map[string]any{"ids": ids})
				if listN != want || nodesN != want {
					t.Errorf("%s: flows(first: 20) cost %d requests, nodes(ids:) over its %d ids %d; want %d each", s.name, listN, len(ids), nodesN, want)
				}
				if got, wantData := strings.TrimPrefix(nodesData, `{"nodes":`), strings.TrimSuffix(strings.TrimPrefix(listData, `{"flows":{"nodes":`), "}"); got != wantData {
					t.Errorf("%s: nodes(ids:) answered other data than the page:\n%.400s\n%.400s", s.name, got, wantData)
				}
			}
		})
	}
}

// TestNodes_LaterPage: ids from a page that is not the listing's first
// cost the probe plus the cheaper of one request per flow and the rest of
// the listing (the loaders' rule): 1 + min(20, 20) on the large install.
func TestNodes_LaterPage(t *testing.T) {
	skipIfShort(t)
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}})
	var ids []string
	for i := 1001; i <= 1020; i++ {
		pk, ok := e.fake.FlowBySlug(fmt.Sprintf("large-flow-%04d", i))
		if !ok {
			t.Fatalf("no large-flow-%04d", i)
		}
		ids = append(ids, gid("Flow", pk))
	}
	data, n := counted(t, e, `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Flow { slug } } }`, map[string]any{"ids": ids})
	if n != 21 {
		t.Errorf("20 flows from page 11 cost %d requests, want 21", n)
	}
	if !strings.HasPrefix(data, `{"nodes":[{"slug":"large-flow-1001"},{"slug":"large-flow-1002"}`) || strings.Count(data, "slug") != 20 {
		t.Errorf("answer: %.300s", data)
	}
}

// TestNodes_MixedAndMissing: ids of every type in one list, in the order
// given, repeated ids loaded once, missing ones null.
func TestNodes_MixedAndMissing(t *testing.T) {
	e := newEnv(t, envOptions{})
	f1, f2 := flowPK(t, e.fake, "default-authentication-flow"), flowPK(t, e.fake, "default-recovery-flow")
	b := e.fake.BindingPKs("default-recovery-flow")[0]
	s := stagePK(t, e.fake, "default-authentication-login")
	missing := "00000000-0000-4000-8000-000000000000"
	ids := []string{gid("Flow", f1), gid("Stage", s), gid("Flow", missing), gid("FlowStageBinding", b), gid("Flow", f2), gid("Flow", f1)}
	data, n := counted(t, e, `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id
		... on Flow { slug } ... on Stage { name } ... on FlowStageBinding { order stage { name } } } }`, map[string]any{"ids": ids})
	want := `{"nodes":[` +
		`{"__typename":"Flow","id":"` + ids[0] + `","slug":"default-authentication-flow"},` +
		`{"__typename":"UserLoginStage","id":"` + ids[1] + `","name":"default-authentication-login"},` +
		`null,` +
		`{"__typename":"FlowStageBinding","id":"` + ids[3] + `","order":10,"stage":{"name":"default-recovery-identification"}},` +
		`{"__typename":"Flow","id":"` + ids[4] + `","slug":"default-recovery-flow"},` +
		`{"__typename":"Flow","id":"` + ids[0] + `","slug":"default-authentication-flow"}]}`
	if data != want {
		t.Errorf("got\n%s\nwant\n%s", data, want)
	}
	// One page each of flows, stages and bindings (the default install's
	// listings are one page).
	if n != 3 {
		t.Errorf("cost %d upstream requests, want 3", n)
	}
}

// TestNodes_BadIDs: an id this gateway did not issue is BAD_USER_INPUT
// naming the argument (the list index for nodes), before any upstream
// request.
func TestNodes_BadIDs(t *testing.T) {
	e := newEnv(t, envOptions{})
	flow := flowPK(t, e.fake, "default-authentication-flow")
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	many := make([]string, 101)
	for i := range many {
		many[i] = gid("Flow", flow)
	}
	for _, c := range []struct {
		name string
		ids  []string
		msg  string
	}{
		{"not base64", []string{gid("Flow", flow), "not base64!"}, "ids.1 is not a global id of this API (take ids from the id field of an object)"},
		{"a pk, not an id", []string{flow}, "ids.0 is not a global id of this API (take ids from the id field of an object)"},
		{"unknown type", []string{b64("User:" + flow)}, "ids.0 is not a global id of this API (take ids from the id field of an object)"},
		{"no type", []string{b64(":" + flow)}, "ids.0 is not a global id of this API (take ids from the id field of an object)"},
		{"no pk", []string{b64("Flow:")}, "ids.0 is not a global id of this API (take ids from the id field of an object)"},
		{"malformed pk", []string{b64("Flow:../../core/users")}, "ids.0 is not a global id of this API (its Flow pk is malformed)"},
		{"unpadded base64", []string{strings.TrimRight(gid("Flow", flow), "=")}, "ids.0 is not a global id of this API (take ids from the id field of an object)"},
		{"empty", []string{""}, "ids.0 is not a global id of this API (take ids from the id field of an object)"},
		{"too many", many, "ids may hold at most 100 ids (got 101)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := e.fake.RequestCount()
			r := e.post(t, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": c.ids}, nil)
			if n := e.fake.RequestCount() - before; n != 0 {
				t.Errorf("%d upstream requests, want 0", n)
			}
			if len(r.Errors) != 1 || r.codes()[0] != graph.CodeBadUserInput || r.Errors[0].Message != c.msg || r.Data != nil {
				t.Fatalf("got %s\nwant BAD_USER_INPUT %q and no data", r.Raw, c.msg)
			}
			// The one BAD_USER_INPUT shape: the id's argument path in fields.
			key := strings.SplitN(c.msg, " ", 2)[0]
			if f, _ := r.Errors[0].Extensions["fields"].(map[string]any); len(f) != 1 || f[key] == nil {
				t.Errorf("extensions.fields %v, want the one key %s", r.Errors[0].Extensions["fields"], key)
			}
		})
	}
	before := e.fake.RequestCount()
	r := e.post(t, `{ node(id: "Rmxvdzp4") { id } }`, nil, nil) // "Flow:x"
	if e.fake.RequestCount() != before || len(r.Errors) != 1 || r.codes()[0] != graph.CodeBadUserInput ||
		r.Errors[0].Message != "id is not a global id of this API (its Flow pk is malformed)" {
		t.Errorf("node: %s", r.Raw)
	}
}

// TestNodes_Visibility: an object the caller may not see is null, as if it
// did not exist; the ids of objects it may see resolve.
func TestNodes_Visibility(t *testing.T) {
	e := newEnv(t, envOptions{})
	seen := e.post(t, `{ flows(first: 20) { nodes { id slug } } }`, nil, bearer(upstreamtest.LimitedToken))
	all := e.post(t, `{ flows(first: 20) { nodes { id slug } } }`, nil, nil)
	var limited, admin struct {
		Flows struct{ Nodes []struct{ ID, Slug string } }
	}
	_ = json.Unmarshal(mustJSON(seen.Data), &limited)
	_ = json.Unmarshal(mustJSON(all.Data), &admin)
	if len(limited.Flows.Nodes) == 0 || len(limited.Flows.Nodes) >= len(admin.Flows.Nodes) {
		t.Fatalf("limited token sees %d flows, admin %d", len(limited.Flows.Nodes), len(admin.Flows.Nodes))
	}
	visible := map[string]bool{}
	for _, n := range limited.Flows.Nodes {
		visible[n.ID] = true
	}
	var ids []string
	for _, n := range admin.Flows.Nodes {
		ids = append(ids, n.ID)
	}
	r := e.post(t, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}, bearer(upstreamtest.LimitedToken))
	if len(r.Errors) > 0 {
		t.Fatal(string(r.Raw))
	}
	got := r.Data["nodes"].([]any)
	for i, id := range ids {
		if (got[i] != nil) != visible[id] {
			t.Errorf("nodes[%d] (%s): %v, visible to the limited token: %v", i, admin.Flows.Nodes[i].Slug, got[i], visible[id])
		}
	}
}

// TestNodes_UpstreamFailure: a failed load nulls its entries, with an
// error at each entry's index; nothing else is lost.
func TestNodes_UpstreamFailure(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := flowPK(t, e.fake, "default-authentication-flow")
	s := stagePK(t, e.fake, "default-authentication-login")
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/stages/all/", Status: 403, Body: `{"detail":"You do not have permission to perform this action."}`})
	r := e.post(t, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{gid("Flow", f), gid("Stage", s)}}, nil)
	want := `{"nodes":[{"id":"` + gid("Flow", f) + `"},null]}`
	if got := string(mustJSON(r.Data)); got != want || len(r.Errors) != 1 || r.codes()[0] != graph.CodeForbidden ||
		fmt.Sprint(r.Errors[0].Path) != "[nodes 1]" {
		t.Errorf("got %s", r.Raw)
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// TestNodes_StagesAndBindingsAtScale: the same promise for the other Node
// types: refetching a page of stages or bindings by id costs what the page
// cost, with the same data, on both installs.
func TestNodes_StagesAndBindingsAtScale(t *testing.T) {
	lists := []struct {
		field, typ, fields string
	}{
		{"stages", "Stage", `id pk name component`},
		{"flowStageBindings", "FlowStageBinding", `id pk order stage { id name }`},
	}
	for _, in := range []struct {
		name string
		opts []upstreamtest.Option
	}{{"default", nil}, {"large", []upstreamtest.Option{upstreamtest.WithLargeInstall()}}} {
		t.Run(in.name, func(t *testing.T) {
			if in.name == "large" {
				skipIfShort(t)
			}
			e := newEnv(t, envOptions{fake: in.opts})
			for _, l := range lists {
				listData, listN := counted(t, e, `{ `+l.field+`(first: 20) { nodes { `+l.fields+` } } }`, nil)
				var page map[string]struct{ Nodes []map[string]any }
				_ = json.Unmarshal([]byte(listData), &page)
				var ids []string
				for _, n := range page[l.field].Nodes {
					ids = append(ids, n["id"].(string))
				}
				if len(ids) != 20 {
					t.Fatalf("%s: %d on the first page", l.field, len(ids))
				}
				nodesData, nodesN := counted(t, e, `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on `+l.typ+` { `+l.fields+` } } }`, map[string]any{"ids": ids})
				if listN != 1 || nodesN != 1 {
					t.Errorf("%s: the page cost %d requests, nodes(ids:) over its ids %d; want 1 each", l.field, listN, nodesN)
				}
				if got, want := strings.TrimPrefix(nodesData, `{"nodes":`), strings.TrimSuffix(strings.TrimPrefix(listData, `{"`+l.field+`":{"nodes":`), "}"); got != want {
					t.Errorf("%s: nodes(ids:) answered other data than the page:\n%.300s\n%.300s", l.field, got, want)
				}
			}
		})
	}
}
