package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

// The headline query: every flow of the first page with its policy
// bindings, and each binding's.
const headlinePolicyQuery = "flows-policy-bindings"

// TestPolicyBindings_DefaultInstall: the headline query costs 3 upstream
// requests (the flows page, the one bindings page, one target_in request
// for all 47 targets), every run, with the same answer.
func TestPolicyBindings_DefaultInstall(t *testing.T) {
	e := newEnv(t, envOptions{})
	var first []byte
	for run := 0; run < 5; run++ {
		e.fake.Reset()
		resp := e.post(t, readQuery(t, headlinePolicyQuery), nil, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %s", resp.Raw)
		}
		want := []string{"GET /api/v3/flows/instances/", "GET /api/v3/flows/bindings/", "GET /api/v3/policies/bindings/"}
		if got := upstreamPaths(e.fake); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("run %d: upstream requests:\n%s\nwant exactly:\n%s", run, describe(e.fake), strings.Join(want, "\n"))
		}
		if run == 0 {
			first = resp.Raw
			golden(t, headlinePolicyQuery, resp.Raw)
			// One request named every target: 17 flows and their 30 bindings.
			if n := strings.Count(e.fake.Requests()[2].RawQuery, "target_in="); n != upstreamtest.SeedFlows+upstreamtest.SeedBindings {
				t.Errorf("target_in values = %d, want %d", n, upstreamtest.SeedFlows+upstreamtest.SeedBindings)
			}
		} else if string(resp.Raw) != string(first) {
			t.Fatalf("run %d answered differently", run)
		}
	}
}

// pbFact is one row of FACTS.md section i's table of the default install's
// policy bindings.
type pbFact struct {
	flow          string
	bindingOrder  int // -1: bound to the flow itself
	policy        string
	order         int
	failureResult bool
}

// TestPolicyBindings_FactsOfDefaultInstall checks the answer against
// FACTS.md section i: the eight policy bindings of the default install (all
// enabled expression policies, timeout 30, not negated), plus the one the
// fake's example recovery flow adds, and nothing else.
func TestPolicyBindings_FactsOfDefaultInstall(t *testing.T) {
	facts := []pbFact{
		{"default-authentication-flow", 20, "default-authentication-flow-password-stage", 10, true},
		{"default-authentication-flow", 30, "default-authentication-flow-authenticator-validate-stage", 10, true},
		{"default-source-authentication", -1, "default-source-authentication-if-sso", 0, false},
		{"default-source-enrollment", -1, "default-source-enrollment-if-sso", 0, false},
		{"default-source-enrollment", 0, "default-source-enrollment-if-username", 0, false},
		{"initial-setup", -1, "default-oobe-password-usable", 0, false},
		{"initial-setup", 20, "default-oobe-prefill-user", 0, false},
		{"initial-setup", 100, "default-oobe-flow-set-authentication", 0, false},
		// blueprints/example/flows-recovery-email-verification.yaml (not
		// in FACTS' default-install table: the fake's example flow).
		{"default-recovery-flow", 10, "default-recovery-skip-if-restored", 0, false},
	}
	e := newEnv(t, envOptions{})
	resp := e.post(t, readQuery(t, "policy-bindings-facts"), nil, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %s", resp.Raw)
	}
	golden(t, "policy-bindings-facts", resp.Raw)
	type pb struct {
		Order         int
		Enabled       bool
		Negate        bool
		Timeout       int
		FailureResult bool
		Kind          string
		TargetPk      string
		Policy        *struct{ Name, Component, VerboseName, MetaModelName string }
		Group, User   any
	}
	var data struct {
		Flows struct {
			Nodes []struct {
				Slug           string
				PolicyBindings []pb
				Bindings       []struct {
					Order          int
					PolicyBindings []pb
				}
			}
		}
	}
	b, _ := json.Marshal(resp.Data)
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	var got []string
	check := func(flow string, bindingOrder int, p pb) {
		if !p.Enabled || p.Negate || p.Timeout != 30 || p.Kind != "POLICY" || p.Policy == nil || p.Group != nil || p.User != nil ||
			p.Policy.Component != "ak-policy-expression-form" || p.Policy.VerboseName != "Expression Policy" ||
			p.Policy.MetaModelName != "authentik_policies_expression.expressionpolicy" {
			t.Errorf("%s/%d: %+v", flow, bindingOrder, p)
			return
		}
		got = append(got, fmt.Sprint(pbFact{flow, bindingOrder, p.Policy.Name, p.Order, p.FailureResult}))
	}
	for _, f := range data.Flows.Nodes {
		for _, p := range f.PolicyBindings {
			check(f.Slug, -1, p)
		}
		for _, b := range f.Bindings {
			for _, p := range b.PolicyBindings {
				check(f.Slug, b.Order, p)
			}
		}
	}
	var want []string
	for _, f := range facts {
		want = append(want, fmt.Sprint(f))
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("policy bindings:\n%s\nwant (FACTS.md section i):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// installPolicyBindings reads every policy binding from the fake directly
// (as the admin) and returns, per target pk, "pk order negate policy" lines
// in evaluation order.
func installPolicyBindings(t *testing.T, f *upstreamtest.Server) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	type row struct {
		PK, Target string
		Order      int
		Negate     bool
		PolicyObj  *struct{ Name string } `json:"policy_obj"`
	}
	var rows []row
	for page := 1; ; page++ {
		var p struct {
			Pagination struct{ Next int }
			Results    []row
		}
		getJSON(t, f, fmt.Sprintf("/api/v3/policies/bindings/?page_size=100&page=%d", page), &p)
		rows = append(rows, p.Results...)
		if p.Pagination.Next == 0 {
			break
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Order != rows[j].Order {
			return rows[i].Order < rows[j].Order
		}
		return rows[i].PK < rows[j].PK
	})
	for _, r := range rows {
		name := ""
		if r.PolicyObj != nil {
			name = r.PolicyObj.Name
		}
		out[r.Target] = append(out[r.Target], fmt.Sprint(r.PK, " ", r.Order, " ", r.Negate, " ", name))
	}
	return out
}

type pkAnswer struct {
	Flows struct {
		Nodes []struct {
			PK, Slug       string
			PolicyBindings []pkPB
			Bindings       []struct {
				PK             string
				Order          int
				PolicyBindings []pkPB
			}
		}
	}
}

type pkPB struct {
	PK     string
	Order  int
	Negate bool
	Policy *struct{ Name string }
}

func (p pkPB) line() string {
	name := ""
	if p.Policy != nil {
		name = p.Policy.Name
	}
	return fmt.Sprint(p.PK, " ", p.Order, " ", p.Negate, " ", name)
}

// checkExact compares every flow's and binding's policy bindings in a pk
// answer with the install, and returns how many it compared.
func checkExact(t *testing.T, raw map[string]any, install map[string][]string) (targets, bindings int) {
	t.Helper()
	var a pkAnswer
	b, _ := json.Marshal(raw)
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	cmp := func(what, pk string, got []pkPB) {
		targets++
		bindings += len(got)
		var lines []string
		for _, p := range got {
			lines = append(lines, p.line())
		}
		if strings.Join(lines, "\n") != strings.Join(install[pk], "\n") {
			t.Errorf("%s %s: policy bindings\n%s\nwant\n%s", what, pk, strings.Join(lines, "\n"), strings.Join(install[pk], "\n"))
		}
	}
	for _, f := range a.Flows.Nodes {
		cmp("flow "+f.Slug, f.PK, f.PolicyBindings)
		for _, b := range f.Bindings {
			cmp(fmt.Sprintf("binding %s/%d", f.Slug, b.Order), b.PK, b.PolicyBindings)
		}
	}
	return targets, bindings
}

// TestPolicyBindings_LargeInstall: on 2,000 flows × 8 bindings the headline
// query still sends one target_in request for all its targets, costs the same
// every run, and every flow's and binding's policy bindings are exactly the
// install's, in evaluation order, on the first page and deep in the listing.
func TestPolicyBindings_LargeInstall(t *testing.T) {
	skipIfShort(t)
	start := time.Now()
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}})
	t.Logf("large install seeded in %v", time.Since(start))
	start = time.Now()
	install := installPolicyBindings(t, e.fake)
	t.Logf("install's policy bindings read in %v", time.Since(start))
	cases := []struct {
		name  string
		after any
		// wantUpstream: the flows page, the bindings listing's page 1 (which
		// tells that the bindings take 161 pages), each flow's bindings
		// (?target=, 20), and target_in requests of at most 80 targets: 1
		// for the first page's 74 targets, 3 for 20 large flows' 180.
		wantUpstream, wantTargetIn int
	}{
		{"first page", nil, 23, 1},
		{"page at offset 1000", base64.RawURLEncoding.EncodeToString([]byte("o:999")), 25, 3},
	}
	for _, c := range cases {
		var first string
		for run := 0; run < 3; run++ {
			e.fake.Reset()
			resp := e.post(t, readQuery(t, "flows-policy-bindings-pks"), map[string]any{"after": c.after}, nil)
			if len(resp.Errors) > 0 {
				t.Fatalf("%s: errors: %s", c.name, resp.Raw)
			}
			if got := e.fake.RequestCount(); got != c.wantUpstream {
				t.Errorf("%s run %d: upstream requests = %d, want %d:\n%s", c.name, run, got, c.wantUpstream, describe(e.fake))
			}
			if n := e.fake.CountPath("/api/v3/policies/bindings/"); n != c.wantTargetIn {
				t.Errorf("%s: policy binding requests = %d, want %d", c.name, n, c.wantTargetIn)
			}
			longest := 0
			for _, r := range e.fake.Requests() {
				if strings.HasPrefix(r.Path, "/api/v3/policies/bindings/") {
					longest = max(longest, len(r.Path)+1+len(r.RawQuery))
				}
			}
			if longest > 4096 {
				t.Errorf("%s: a target_in request of %d bytes (path and query)", c.name, longest)
			}
			if run == 0 {
				t.Logf("%s: longest target_in request %d bytes (path and query)", c.name, longest)
				first = string(resp.Raw)
				targets, bindings := checkExact(t, resp.Data, install)
				t.Logf("%s: %d targets, %d policy bindings, %d upstream requests, %v", c.name, targets, bindings, e.fake.RequestCount(), time.Since(start))
				start = time.Now()
			} else if string(resp.Raw) != first {
				t.Errorf("%s run %d answered differently", c.name, run)
			}
		}
	}
	// The headline query itself costs the same.
	for run := 0; run < 3; run++ {
		e.fake.Reset()
		resp := e.post(t, readQuery(t, headlinePolicyQuery), nil, nil)
		if len(resp.Errors) > 0 || e.fake.RequestCount() != 23 || e.fake.CountPath("/api/v3/policies/bindings/") != 1 {
			t.Errorf("headline run %d: %d upstream requests (want 23, 1 of them target_in), errors %v", run, e.fake.RequestCount(), resp.codes())
		}
	}
}

// TestPolicyBindings_DeletedTarget: a binding deleted between the bindings
// listing and the policy bindings lookup makes authentik refuse the whole
// target_in request (400). The gateway drops that target and asks again:
// the deleted binding shows no policy bindings, every other target's still
// arrive, and no request per target is made. authentik names the unknown
// value, which costs one extra request; when the message names none, the
// targets are bisected.
func TestPolicyBindings_DeletedTarget(t *testing.T) {
	cases := []struct {
		name string
		// hideName rewrites authentik's 400 so that it names no value.
		hideName bool
		// wantTargetIn: the refused request, then the retries.
		wantTargetIn int
	}{
		// 47 targets, the named one dropped: 46 in one request.
		{name: "named", wantTargetIn: 2},
		// 47 → 23 + 24: the half with the deleted target is refused and
		// split again, down to the deleted target alone (refused: no
		// bindings); the healthy halves are answered. 47, 23 (ok), 24,
		// 12, 12, 6, 6, 3, 3, 1, 2, 1, 1.
		{name: "bisected", hideName: true, wantTargetIn: 13},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			baseline := e.post(t, readQuery(t, "flows-policy-bindings-pks"), nil, nil)
			install := installPolicyBindings(t, e.fake)
			// The MFA validation binding of default-authentication-flow has a
			// policy binding; another client deletes the binding right after
			// flowgate has listed the bindings.
			victim := e.fake.BindingPKs("default-authentication-flow")[2]
			e.fake.Inject(upstreamtest.Fault{Method: "GET", PathPrefix: "/api/v3/flows/bindings/", Times: 1, Replace: func(b []byte) []byte {
				e.fake.DeleteBinding(victim)
				return b
			}})
			if c.hideName {
				e.fake.Inject(upstreamtest.Fault{Method: "GET", PathPrefix: "/api/v3/policies/bindings/", Replace: func(b []byte) []byte {
					return regexp.MustCompile(`Select a valid choice\. [-0-9a-f]+ is not`).ReplaceAll(b, []byte("Select a valid choice. That choice is not"))
				}})
			}
			e.fake.Reset()
			resp := e.post(t, readQuery(t, "flows-policy-bindings-pks"), nil, nil)
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %s", resp.Raw)
			}
			if got, want := e.fake.CountPath("/api/v3/policies/bindings/"), c.wantTargetIn; got != want {
				t.Errorf("target_in requests = %d, want %d:\n%s", got, want, describe(e.fake))
			}
			if got, want := e.fake.RequestCount(), 2+c.wantTargetIn; got != want {
				t.Errorf("upstream requests = %d, want %d", got, want)
			}
			refused := 0
			for _, r := range e.fake.Requests() {
				if strings.HasPrefix(r.Path, "/api/v3/policies/bindings/") && strings.Count(r.RawQuery, "target_in=") == 1 {
					refused++ // a lone target: only the deleted one is ever asked alone
				}
			}
			if c.hideName && refused != 3 {
				t.Errorf("single-target requests = %d, want 3 (the deleted target and its two last neighbours)", refused)
			}
			// The deleted binding is still in the answer (it was listed) with
			// no policy bindings; everything else equals the install before.
			delete(install, victim)
			targets, _ := checkExact(t, resp.Data, install)
			if targets != upstreamtest.SeedFlows+upstreamtest.SeedBindings {
				t.Errorf("compared %d targets", targets)
			}
			if !strings.Contains(string(resp.Raw), victim) {
				t.Errorf("the deleted binding is missing from the answer")
			}
			// Apart from the victim's policy binding, the answer is the
			// baseline's.
			var before, after pkAnswer
			b1, _ := json.Marshal(baseline.Data)
			b2, _ := json.Marshal(resp.Data)
			_ = json.Unmarshal(b1, &before)
			_ = json.Unmarshal(b2, &after)
			for i, f := range before.Flows.Nodes {
				for j, b := range f.Bindings {
					if b.PK == victim {
						before.Flows.Nodes[i].Bindings[j].PolicyBindings = []pkPB{}
					}
				}
			}
			j1, _ := json.Marshal(before)
			j2, _ := json.Marshal(after)
			if string(j1) != string(j2) {
				t.Errorf("answer differs from the baseline beyond the deleted binding's policy bindings")
			}
		})
	}
}

const (
	pbFields = `pk kind order enabled negate timeout failureResult targetPk
		target { __typename ... on Flow { slug } ... on FlowStageBinding { order stage { name } } }
		policy { name } group { name isSuperuser } user { username }`
	createPB = `mutation ($input: CreatePolicyBindingInput!) { createPolicyBinding(input: $input) { ` + pbFields + ` } }`
	updatePB = `mutation ($pk: ID!, $input: UpdatePolicyBindingInput!) { updatePolicyBinding(pk: $pk, input: $input) { pk kind order enabled negate timeout failureResult policy { name } group { name } } }`
	deletePB = `mutation ($pk: ID!) { deletePolicyBinding(pk: $pk) { pk slug } }`
	flowPBs  = `query ($slug: String!) { flow(slug: $slug) { policyBindings { pk order negate enabled policy { name } group { name } } bindings { order policyBindings { pk order user { username } } } } }`
)

// TestPolicyBindings_Mutations: create, read, update (PATCH semantics,
// including a switch from a policy to a group), delete, each with its exact
// upstream requests; a binding's user binding; and authentik's refusals in
// the one BAD_USER_INPUT shape.
func TestPolicyBindings_Mutations(t *testing.T) {
	e := newEnv(t, envOptions{})
	policy, _ := e.fake.PolicyPK("default-source-authentication-if-sso")
	group, _ := upstreamtest.GroupPK("authentik Admins")
	const flow = "default-invalidation-flow"

	// The slug is resolved (GET), the POST, then the target flow afresh
	// (the write cleared the request's cache).
	created := e.gql(t, "", createPB, map[string]any{"input": map[string]any{
		"flowSlug": flow, "policyPk": policy, "order": 5, "negate": true, "timeout": 10,
	}}, 3)
	golden(t, "policy-binding-create", created.Raw)
	pk, _ := dataPath(t, created, "createPolicyBinding", "pk").(string)
	if pk == "" {
		t.Fatalf("no pk: %s", created.Raw)
	}

	// Read back: the flow, its bindings, and one target_in request.
	read := e.gql(t, "", flowPBs, map[string]any{"slug": flow}, 3)
	golden(t, "policy-binding-read", read.Raw)

	// PATCH semantics: only order and enabled change. authentik's validate()
	// needs the target and the policy in the body: read first, then PATCH.
	updated := e.gql(t, "", updatePB, map[string]any{"pk": pk, "input": map[string]any{"order": 7, "enabled": false}}, 2)
	golden(t, "policy-binding-update", updated.Raw)
	if body := string(e.fake.Requests()[1].Body); body != `{"target":"`+flowPK(t, e.fake, flow)+`","policy":"`+policy+`","enabled":false,"order":7}` {
		t.Errorf("PATCH body = %s", body)
	}

	// Switch to a group binding; the target is given, so no read: the slug,
	// the PATCH (policy cleared, group set).
	switched := e.gql(t, "", updatePB, map[string]any{"pk": pk, "input": map[string]any{"flowSlug": flow, "groupPk": group}}, 2)
	golden(t, "policy-binding-switch-to-group", switched.Raw)

	// A user bound to a flow-stage binding: the POST only.
	bpk := e.fake.BindingPKs(flow)[0]
	user := e.gql(t, "", `mutation ($input: CreatePolicyBindingInput!) { createPolicyBinding(input: $input) { kind order user { pk username name } targetPk } }`,
		map[string]any{"input": map[string]any{"flowStageBindingPk": bpk, "userPk": 1, "order": 0}}, 1)
	golden(t, "policy-binding-create-user", user.Raw)
	userPK := ""
	read = e.gql(t, "", flowPBs, map[string]any{"slug": flow}, 3)
	golden(t, "policy-binding-read-after-update", read.Raw)
	if pbs := e.fake.PolicyBindingsOf(bpk); len(pbs) == 1 {
		userPK = pbs[0]
	} else {
		t.Fatalf("binding's policy bindings: %v", pbs)
	}

	// Delete both; the flow has none left.
	for _, p := range []string{pk, userPK} {
		del := e.gql(t, "", deletePB, map[string]any{"pk": p}, 1)
		if got := dataPath(t, del, "deletePolicyBinding", "pk"); got != p {
			t.Errorf("deleted %v, want %s: %s", got, p, del.Raw)
		}
	}
	read = e.gql(t, "", flowPBs, map[string]any{"slug": flow}, 3)
	if !strings.Contains(string(read.Raw), `"policyBindings":[]`) || strings.Contains(string(read.Raw), `"pk"`) {
		t.Errorf("after delete: %s", read.Raw)
	}
	if n := e.fake.PolicyBindingCount(); n != 9 {
		t.Errorf("fake holds %d policy bindings, want the 9 seeded", n)
	}
}

// TestPolicyBindings_MutationErrors: invalid input is BAD_USER_INPUT in the
// one field shape, whether the gateway caught it (no request) or authentik.
func TestPolicyBindings_MutationErrors(t *testing.T) {
	e := newEnv(t, envOptions{})
	policy, _ := e.fake.PolicyPK("default-source-authentication-if-sso")
	group, _ := upstreamtest.GroupPK("authentik Admins")
	before := e.fake.Snapshot()
	cases := []struct {
		name         string
		query        string
		input        map[string]any
		pk           string
		wantUpstream int
	}{
		// No target, two kinds, a bad uuid, a negative timeout: no request.
		{"policy-binding-precheck", createPB, map[string]any{"policyPk": policy, "groupPk": "not-a-uuid", "order": 1, "timeout": -1}, "", 0},
		{"policy-binding-update-precheck", updatePB, map[string]any{"flowSlug": "../x", "flowPk": policy, "order": 2147483648}, "nope", 0},
		// authentik: unique (policy, target, order). The slug, the POST.
		{"policy-binding-unique", createPB, map[string]any{"flowSlug": "default-source-authentication", "policyPk": policy, "order": 0}, "", 2},
		// authentik: no such policy (a well-formed uuid). The POST only.
		{"policy-binding-unknown-policy", createPB, map[string]any{"flowPk": flowPK(t, e.fake, "default-source-authentication"), "policyPk": group, "order": 3}, "", 1},
		// An unknown slug: the GET only.
		{"policy-binding-unknown-flow", createPB, map[string]any{"flowSlug": "no-such-flow", "groupPk": group, "order": 3}, "", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vars := map[string]any{"input": c.input}
			if c.pk != "" {
				vars["pk"] = c.pk
			}
			resp := e.gql(t, "", c.query, vars, c.wantUpstream)
			golden(t, c.name, resp.Raw)
			if codes := resp.codes(); len(codes) != 1 || codes[0] != "BAD_USER_INPUT" {
				t.Errorf("codes = %v", codes)
			}
		})
	}
	if e.fake.Snapshot() != before {
		t.Errorf("a refused mutation changed the install")
	}
}

// TestPolicyBindings_Permissions: the read-only token is refused every
// write with FORBIDDEN and nothing changes; the limited token sees only the
// policy bindings of its three flows and their bindings.
func TestPolicyBindings_Permissions(t *testing.T) {
	e := newEnv(t, envOptions{})
	policy, _ := e.fake.PolicyPK("default-source-authentication-if-sso")
	existing := e.fake.PolicyBindingsOf(e.fake.BindingPKs("default-authentication-flow")[1])[0]
	before := e.fake.Snapshot()
	writes := []struct {
		name         string
		query        string
		vars         map[string]any
		wantUpstream int
	}{
		// The slug, the refused POST.
		{"create", createPB, map[string]any{"input": map[string]any{"flowSlug": "default-invalidation-flow", "policyPk": policy, "order": 1}}, 2},
		// The read of the binding (allowed), the refused PATCH.
		{"update", updatePB, map[string]any{"pk": existing, "input": map[string]any{"negate": true}}, 2},
		{"delete", deletePB, map[string]any{"pk": existing}, 1},
	}
	for _, w := range writes {
		resp := e.gql(t, upstreamtest.ReadOnlyToken, w.query, w.vars, w.wantUpstream)
		if codes := resp.codes(); len(codes) != 1 || codes[0] != "FORBIDDEN" {
			t.Errorf("%s as read-only: codes %v: %s", w.name, codes, resp.Raw)
		}
		if !strings.Contains(string(resp.Raw), `"data":null`) {
			t.Errorf("%s as read-only: %s", w.name, resp.Raw)
		}
	}
	if e.fake.Snapshot() != before {
		t.Errorf("a refused write changed the install")
	}

	// The limited token: its three flows, one target_in request for their
	// targets, and exactly what the admin sees of those flows.
	limited := e.gql(t, upstreamtest.LimitedToken, readQuery(t, "flows-policy-bindings-pks"), nil, 3)
	golden(t, "policy-bindings-limited-token", limited.Raw)
	if len(limited.Errors) > 0 {
		t.Fatalf("errors: %s", limited.Raw)
	}
	install := installPolicyBindings(t, e.fake)
	targets, bindings := checkExact(t, limited.Data, install)
	if targets != 3+4+1+2 || bindings != 2 {
		t.Errorf("limited token compared %d targets with %d policy bindings, want 10 and 2", targets, bindings)
	}
	// A policy binding of a flow it may not see is not found.
	other := e.fake.PolicyBindingsOf(flowPK(t, e.fake, "default-source-authentication"))[0]
	resp := e.gql(t, upstreamtest.LimitedToken, `query ($pk: ID!) { policyBinding(pk: $pk) { pk } }`, map[string]any{"pk": other}, 1)
	if v := dataPath(t, resp, "policyBinding"); v != nil || len(resp.Errors) > 0 {
		t.Errorf("limited token, another flow's policy binding: %s", resp.Raw)
	}
}

// TestPolicyBindings_PromptStageValidationPolicies: issue 12's prompt
// stages link their validation policies to Policy objects: the stages, the
// prompt stages' listing, then the one policy (a single key: its detail).
func TestPolicyBindings_PromptStageValidationPolicies(t *testing.T) {
	e := newEnv(t, envOptions{})
	resp := e.gql(t, "", readQuery(t, "prompt-stage-validation-policies"), nil, 3)
	golden(t, "prompt-stage-validation-policies", resp.Raw)
	if !strings.Contains(string(resp.Raw), `"validationPolicies":[{"name":"default-user-settings-authorization","verboseName":"Expression Policy","boundTo":0}]`) {
		t.Errorf("answer: %s", resp.Raw)
	}
}

// TestPolicyBindings_Nodes: policies and policy bindings are Relay nodes;
// their ids fetch them again.
func TestPolicyBindings_Nodes(t *testing.T) {
	e := newEnv(t, envOptions{})
	q := `query ($slug: String!) { flow(slug: $slug) { policyBindings { id policy { id } } } }`
	resp := e.gql(t, "", q, map[string]any{"slug": "default-source-authentication"}, 2)
	pbs := dataPath(t, resp, "flow", "policyBindings").([]any)
	pbID := pbs[0].(map[string]any)["id"].(string)
	polID := pbs[0].(map[string]any)["policy"].(map[string]any)["id"].(string)
	// The policy binding (its detail route), whose embedded policy answers
	// the policy's id; then the binding's target flow.
	again := e.gql(t, "", `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id
		... on PolicyBinding { order target { ... on Flow { slug } } policy { name } }
		... on Policy { name boundTo } } }`, map[string]any{"ids": []string{pbID, polID}}, 2)
	golden(t, "policy-nodes", again.Raw)
	if !strings.Contains(string(again.Raw), `"slug":"default-source-authentication"`) || !strings.Contains(string(again.Raw), `"boundTo":1`) {
		t.Errorf("nodes: %s", again.Raw)
	}
}

// TestPolicyBindings_FlowPolicies: Flow.policies resolves the flow's policy
// ids. Alone, the policies are one listing; with the flows' policy
// bindings, their embedded policies answer them: no request of their own.
func TestPolicyBindings_FlowPolicies(t *testing.T) {
	e := newEnv(t, envOptions{})
	alone := e.gql(t, "", `{ flows(first: 20) { nodes { slug policies { name } } } }`, nil, 2)
	both := e.gql(t, "", `{ flows(first: 20) { nodes { slug policies { name } policyBindings { order } } } }`, nil, 2)
	if e.fake.CountPath("/api/v3/policies/all/") != 0 {
		t.Errorf("with policy bindings, policies were fetched:\n%s", describe(e.fake))
	}
	for _, r := range []*gqlResponse{alone, both} {
		if len(r.Errors) > 0 || !strings.Contains(string(r.Raw), `{"slug":"initial-setup","policies":[{"name":"default-oobe-password-usable"}]`) {
			t.Errorf("answer: %s", r.Raw)
		}
	}
}
