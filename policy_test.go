package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
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

// upstreamPaths lists the fake's logged requests as "METHOD path".
func upstreamPaths(f *upstreamtest.Server) []string {
	var out []string
	for _, r := range f.Requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

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
		key        string
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

func getJSON(t *testing.T, f *upstreamtest.Server, path string, v any) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, f.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
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
	if testing.Short() {
		t.Skip("large install: about 6 s")
	}
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
			if run == 0 {
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
