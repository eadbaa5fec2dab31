package upstreamtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

const api = "/api/v3"

type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

func do(t *testing.T, s *upstreamtest.Server, method, path, token string, body any) result {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = strings.NewReader(string(b))
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return result{resp.StatusCode, resp.Header, b}
}

func get(t *testing.T, s *upstreamtest.Server, path string) result {
	t.Helper()
	return do(t, s, "GET", path, upstreamtest.AdminToken, nil)
}

func expect(t *testing.T, r result, status int, body string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.body)
	}
	if body != "" && string(r.body) != body {
		t.Fatalf("body = %s\nwant   %s", r.body, body)
	}
}

type page struct {
	Pagination struct {
		Next, Previous, Count, Current, TotalPages, StartIndex, EndIndex int
	} `json:"-"`
	Raw          map[string]json.RawMessage `json:"-"`
	Results      []map[string]any
	HasAutocompl bool
}

func listPage(t *testing.T, r result) page {
	t.Helper()
	expect(t, r, 200, "")
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &raw); err != nil {
		t.Fatalf("bad JSON: %v", err)
	}
	var p page
	p.Raw = raw
	var pag map[string]int
	if err := json.Unmarshal(raw["pagination"], &pag); err != nil {
		t.Fatalf("bad pagination: %v", err)
	}
	if len(pag) != 7 {
		t.Fatalf("pagination has %d keys, want 7: %v", len(pag), pag)
	}
	p.Pagination.Next, p.Pagination.Previous, p.Pagination.Count = pag["next"], pag["previous"], pag["count"]
	p.Pagination.Current, p.Pagination.TotalPages = pag["current"], pag["total_pages"]
	p.Pagination.StartIndex, p.Pagination.EndIndex = pag["start_index"], pag["end_index"]
	if err := json.Unmarshal(raw["results"], &p.Results); err != nil {
		t.Fatalf("bad results: %v", err)
	}
	_, p.HasAutocompl = raw["autocomplete"]
	return p
}

func strField(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func slugs(p page) []string {
	var out []string
	for _, r := range p.Results {
		out = append(out, strField(r, "slug"))
	}
	return out
}

// mustPK unwraps the (pk, ok) helpers: mustPK(t)(s.StagePK("x")).
func mustPK(t *testing.T) func(string, bool) string {
	return func(pk string, ok bool) string {
		t.Helper()
		if !ok {
			t.Fatal("not found")
		}
		return pk
	}
}

// --- seed -----------------------------------------------------------------------

func TestSeedCounts(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	if upstreamtest.SeedFlows != upstreamtest.DefaultInstallFlows+3 {
		t.Fatal("SeedFlows must be the default install plus three example flows")
	}
	fl := listPage(t, get(t, s, api+"/flows/instances/?page_size=100"))
	st := listPage(t, get(t, s, api+"/stages/all/?page_size=100"))
	bi := listPage(t, get(t, s, api+"/flows/bindings/?page_size=100"))
	if fl.Pagination.Count != 17 || len(fl.Results) != 17 {
		t.Errorf("flows = %d/%d, want 17", fl.Pagination.Count, len(fl.Results))
	}
	if st.Pagination.Count != upstreamtest.SeedStages || upstreamtest.SeedStages != 28 {
		t.Errorf("stages = %d, want 28", st.Pagination.Count)
	}
	if bi.Pagination.Count != upstreamtest.SeedBindings || upstreamtest.SeedBindings != 30 {
		t.Errorf("bindings = %d, want 30", bi.Pagination.Count)
	}
	want := map[string]int{
		"default-authentication-flow": 4, "default-authenticator-static-setup": 1,
		"default-authenticator-totp-setup": 1, "default-authenticator-webauthn-setup": 1,
		"default-invalidation-flow": 1, "default-provider-authorization-explicit-consent": 1,
		"default-provider-authorization-implicit-consent": 0, "default-provider-invalidation-flow": 0,
		"default-source-authentication": 1, "default-source-enrollment": 3,
		"default-source-pre-authentication": 0, "default-user-settings-flow": 2,
		"initial-setup": 3, "default-password-change": 2,
		"default-enrollment-flow": 4, "default-recovery-flow": 5, "default-unenrollment-flow": 1,
	}
	defaults := 0
	for slug, n := range want {
		if got := len(s.BindingPKs(slug)); got != n {
			t.Errorf("%s has %d bindings, want %d", slug, got, n)
		}
		if !strings.HasPrefix(slug, "default-enrollment") && !strings.HasPrefix(slug, "default-recovery") && !strings.HasPrefix(slug, "default-unenrollment") {
			defaults += n
		}
	}
	if defaults != upstreamtest.DefaultInstallBindings {
		t.Errorf("default install bindings = %d, want 20", defaults)
	}
	if got := s.FlowSlugs(); len(got) != len(want) {
		t.Errorf("FlowSlugs = %v", got)
	}
	// Default-install stages: the ones bound to the 14 default flows.
	stages := map[string]bool{}
	for _, r := range st.Results {
		for _, fs := range r["flow_set"].([]any) {
			slug := strField(fs.(map[string]any), "slug")
			if _, ok := want[slug]; ok && slug != "default-enrollment-flow" && slug != "default-recovery-flow" && slug != "default-unenrollment-flow" {
				stages[strField(r, "name")] = true
			}
		}
	}
	if len(stages) != upstreamtest.DefaultInstallStages {
		t.Errorf("default install stages = %d, want 18", len(stages))
	}
}

func TestSeedShapes(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	r := get(t, s, api+"/flows/instances/initial-setup/")
	expect(t, r, 200, "")
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type %q", ct)
	}
	// Field order follows the schema.
	if !strings.HasPrefix(string(r.body), `{"pk":"`) || !strings.Contains(string(r.body), `"background":"","background_url":"/static/dist/assets/images/flow_background.jpg","background_themed_urls":null,"stages":[`) {
		t.Errorf("unexpected flow shape: %s", r.body)
	}
	f := r.json(t)
	for _, k := range []string{"pk", "policybindingmodel_ptr_id", "name", "slug", "title", "designation", "background", "background_url", "background_themed_urls", "stages", "policies", "cache_count", "policy_engine_mode", "compatibility_mode", "export_url", "layout", "denied_action", "authentication"} {
		if _, ok := f[k]; !ok {
			t.Errorf("flow lacks %q", k)
		}
	}
	if len(f) != 18 {
		t.Errorf("flow has %d keys", len(f))
	}
	if f["pk"] == f["policybindingmodel_ptr_id"] {
		t.Error("pk must differ from policybindingmodel_ptr_id")
	}
	if f["export_url"] != "/api/v3/flows/instances/initial-setup/export/" || f["name"] != "default-oobe-setup" || f["denied_action"] != "message_continue" {
		t.Errorf("initial-setup: %v", f)
	}
	if len(f["policies"].([]any)) != 1 {
		t.Errorf("initial-setup policies = %v", f["policies"])
	}
	// Flow.stages is not in binding order: sorted by stage pk here.
	var st []string
	for _, x := range f["stages"].([]any) {
		st = append(st, x.(string))
	}
	if !sort.StringsAreSorted(st) || len(st) != 3 {
		t.Errorf("stages = %v", st)
	}
	login := mustPK(t)(s.StagePK("default-authentication-login"))
	stg := get(t, s, api+"/stages/all/"+login+"/").json(t)
	if stg["component"] != "ak-stage-user-login-form" || stg["verbose_name"] != "User Login Stage" ||
		stg["verbose_name_plural"] != "User Login Stages" || stg["meta_model_name"] != "authentik_stages_user_login.userloginstage" {
		t.Errorf("stage: %v", stg)
	}
	fs := stg["flow_set"].([]any)
	if len(fs) != 2 {
		t.Fatalf("default-authentication-login flow_set = %d, want 2", len(fs))
	}
	set := fs[0].(map[string]any)
	if _, ok := set["background_url"]; !ok || len(set) != 12 {
		t.Errorf("FlowSet shape: %v", set)
	}
	for _, k := range []string{"authentication", "stages", "policies", "cache_count", "background"} {
		if _, ok := set[k]; ok {
			t.Errorf("FlowSet must not have %q", k)
		}
	}
	// Binding embeds the stage with its flow_set.
	pks := s.BindingPKs("initial-setup")
	b := get(t, s, api+"/flows/bindings/"+pks[0]+"/").json(t)
	if b["order"] != 10.0 || b["evaluate_on_plan"] != true || b["re_evaluate_policies"] != false || b["invalid_response_action"] != "retry" {
		t.Errorf("initial-setup binding 10: %v", b)
	}
	if so := b["stage_obj"].(map[string]any); so["name"] != "stage-default-oobe-password" || so["flow_set"] == nil {
		t.Errorf("stage_obj: %v", so)
	}
	// Recovery: binding 30 keeps the blueprint's fixed pk.
	if got := s.BindingPKs("default-recovery-flow")[2]; got != "1219d06e-2c06-4c5b-a162-78e3959c6cf0" {
		t.Errorf("recovery binding 30 pk = %s", got)
	}
}

// --- routing, auth ----------------------------------------------------------------

func TestTrailingSlashRequired(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	r := get(t, s, api+"/flows/instances")
	expect(t, r, 404, "")
	if !strings.Contains(string(r.body), "<h1>Not Found</h1>") || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Errorf("want Django HTML 404, got %q %s", r.header.Get("Content-Type"), r.body)
	}
	expect(t, get(t, s, api+"/flows/instances/default-authentication-flow"), 404, "")
	expect(t, get(t, s, api+"/flows/nope/"), 404, `{"detail":"Not found."}`)
	expect(t, do(t, s, "GET", api+"/flows/nope/", "", nil), 404, `{"detail":"Not found."}`)
}

func TestAuthentication(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	const noCreds = `{"detail":"Authentication credentials were not provided."}`
	r := do(t, s, "GET", api+"/flows/instances/", "", nil)
	expect(t, r, 403, noCreds)
	if r.header.Get("WWW-Authenticate") != "" {
		t.Error("must not send WWW-Authenticate")
	}
	expect(t, do(t, s, "POST", api+"/flows/bindings/", "", map[string]any{}), 403, noCreds)
	// Detail routes pass has_permission and fail in the object filter.
	expect(t, do(t, s, "GET", api+"/flows/instances/default-authentication-flow/", "", nil), 403,
		`{"detail":"You do not have permission to perform this action."}`)
	expect(t, do(t, s, "GET", api+"/flows/instances/", "nope", nil), 403, `{"detail":"Token invalid/expired"}`)

	for _, h := range []string{"Token " + upstreamtest.AdminToken, "Bearer", upstreamtest.AdminToken, "Basic Zm9vOmJhcg=="} {
		req, _ := http.NewRequest(http.MethodGet, s.URL+api+"/flows/instances/", nil)
		req.Header.Set("Authorization", h)
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || string(b) != noCreds {
			t.Errorf("Authorization %q: %d %s", h, resp.StatusCode, b)
		}
	}
	// Scheme is case-insensitive; cookies are ignored but logged.
	req, _ := http.NewRequest(http.MethodGet, s.URL+api+"/flows/instances/", nil)
	req.Header.Set("Authorization", "bEaReR "+upstreamtest.AdminToken)
	req.Header.Set("Cookie", "authentik_session=abc")
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("lowercase scheme: %d", resp.StatusCode)
	}
	log := s.Requests()
	last := log[len(log)-1]
	if last.Cookie != "authentik_session=abc" || last.Authorization != "bEaReR "+upstreamtest.AdminToken || last.Path != api+"/flows/instances/" {
		t.Errorf("log entry: %+v", last)
	}
	// Session cookie alone is not authentication.
	req, _ = http.NewRequest(http.MethodGet, s.URL+api+"/flows/instances/", nil)
	req.Header.Set("Cookie", "authentik_session=abc")
	resp, _ = s.Client().Do(req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cookie only: %d", resp.StatusCode)
	}
}

func TestReadOnlyCannotWrite(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	const denied = `{"detail":"You do not have permission to perform this action."}`
	ro := upstreamtest.ReadOnlyToken
	b0 := s.BindingPKs("default-authentication-flow")[0]
	login := mustPK(t)(s.StagePK("default-authentication-login"))
	expect(t, do(t, s, "GET", api+"/flows/instances/?page_size=100", ro, nil), 200, "")
	expect(t, do(t, s, "GET", api+"/flows/instances/cache_info/", ro, nil), 200, "")
	expect(t, do(t, s, "POST", api+"/flows/instances/", ro, map[string]any{"name": "x", "slug": "x", "title": "x", "designation": "authentication"}), 403, denied)
	expect(t, do(t, s, "PATCH", api+"/flows/instances/initial-setup/", ro, map[string]any{"title": "x"}), 403, denied)
	expect(t, do(t, s, "DELETE", api+"/flows/instances/initial-setup/", ro, nil), 403, denied)
	expect(t, do(t, s, "PATCH", api+"/flows/bindings/"+b0+"/", ro, map[string]any{"order": 11}), 403, denied)
	expect(t, do(t, s, "DELETE", api+"/stages/all/"+login+"/", ro, nil), 403, denied)
	expect(t, do(t, s, "POST", api+"/flows/instances/cache_clear/", ro, nil), 403, denied)
	if n, _, _ := s.Counts(); n != upstreamtest.SeedFlows {
		t.Error("read-only write changed data")
	}
	// Method not allowed after authentication.
	expect(t, do(t, s, "POST", api+"/stages/all/types/", upstreamtest.AdminToken, nil), 405, `{"detail":"Method \"POST\" not allowed."}`)
}

func TestLimitedToken(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	lim := upstreamtest.LimitedToken
	fl := listPage(t, do(t, s, "GET", api+"/flows/instances/", lim, nil))
	if got := slugs(fl); fl.Pagination.Count != 3 || strings.Join(got, ",") != strings.Join(upstreamtest.LimitedFlowSlugs, ",") {
		t.Errorf("limited flows = %v (%d)", got, fl.Pagination.Count)
	}
	bi := listPage(t, do(t, s, "GET", api+"/flows/bindings/", lim, nil))
	if bi.Pagination.Count != 7 {
		t.Errorf("limited bindings = %d, want 7", bi.Pagination.Count)
	}
	st := listPage(t, do(t, s, "GET", api+"/stages/all/?ordering=name", lim, nil))
	if st.Pagination.Count != 7 {
		t.Errorf("limited stages = %d, want 7", st.Pagination.Count)
	}
	// flow_set is not permission-filtered: the login stage also lists initial-setup.
	for _, r := range st.Results {
		if r["name"] == "default-authentication-login" && len(r["flow_set"].([]any)) != 2 {
			t.Errorf("flow_set filtered: %v", r["flow_set"])
		}
	}
	// Hidden objects are 404 like missing ones.
	expect(t, do(t, s, "GET", api+"/flows/instances/initial-setup/", lim, nil), 404, `{"detail":"No Flow matches the given query."}`)
	expect(t, do(t, s, "GET", api+"/flows/bindings/"+s.BindingPKs("initial-setup")[0]+"/", lim, nil), 404, `{"detail":"No FlowStageBinding matches the given query."}`)
	expect(t, do(t, s, "GET", api+"/flows/instances/default-invalidation-flow/", lim, nil), 200, "")
	// Nothing visible is a 403, not an empty list (search runs before ObjectFilter).
	expect(t, do(t, s, "GET", api+"/flows/instances/?search=recovery", lim, nil), 403, `{"detail":"You do not have permission to perform this action."}`)
	// ...but a filterset filter runs after it: empty page.
	p := listPage(t, do(t, s, "GET", api+"/flows/instances/?designation=recovery", lim, nil))
	if p.Pagination.Count != 0 || p.Pagination.TotalPages != 1 || p.Pagination.Current != 1 || p.Pagination.StartIndex != 0 {
		t.Errorf("empty page: %+v", p.Pagination)
	}
	// Filtering bindings by a hidden (but existing) flow: empty, not 400.
	initial := mustPK(t)(s.FlowBySlug("initial-setup"))
	p = listPage(t, do(t, s, "GET", api+"/flows/bindings/?target="+initial, lim, nil))
	if p.Pagination.Count != 0 {
		t.Errorf("hidden target = %d", p.Pagination.Count)
	}
	expect(t, do(t, s, "PATCH", api+"/flows/instances/default-invalidation-flow/", lim, map[string]any{"title": "x"}), 403, "")
	expect(t, do(t, s, "GET", api+"/flows/instances/cache_info/", lim, nil), 403, "")
}

func TestAddTokenPermissions(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	s.AddToken("binding-writer", upstreamtest.Permissions{
		Global: []string{upstreamtest.PermViewBinding, "authentik_flows.change_flowstagebinding"},
	})
	b0 := s.BindingPKs("default-authentication-flow")[0]
	expect(t, do(t, s, "PATCH", api+"/flows/bindings/"+b0+"/", "binding-writer", map[string]any{"policy_engine_mode": "all"}), 200, "")
	expect(t, do(t, s, "PATCH", api+"/flows/instances/initial-setup/", "binding-writer", map[string]any{"title": "x"}), 403, "")
	// A writer without any view permission cannot even find the object.
	s.AddToken("blind-writer", upstreamtest.Permissions{Global: []string{upstreamtest.PermChangeBinding}})
	expect(t, do(t, s, "PATCH", api+"/flows/bindings/"+b0+"/", "blind-writer", map[string]any{"order": 12}), 403, "")
	s.RemoveToken("binding-writer")
	expect(t, do(t, s, "GET", api+"/flows/bindings/", "binding-writer", nil), 403, `{"detail":"Token invalid/expired"}`)
}

// --- pagination -------------------------------------------------------------------

func TestPagination(t *testing.T) {
	s := upstreamtest.NewServer(upstreamtest.WithExtraFlows(150))
	defer s.Close()
	p := listPage(t, get(t, s, api+"/flows/instances/"))
	if len(p.Results) != 20 || p.Pagination.Count != 167 || p.Pagination.TotalPages != 9 || p.Pagination.Next != 2 || p.Pagination.Previous != 0 {
		t.Errorf("default page: %+v (%d results)", p.Pagination, len(p.Results))
	}
	p = listPage(t, get(t, s, api+"/flows/instances/?page_size=1000"))
	if len(p.Results) != 100 || p.Pagination.TotalPages != 2 || p.Pagination.EndIndex != 100 {
		t.Errorf("page_size=1000 must be capped at 100: %+v (%d)", p.Pagination, len(p.Results))
	}
	p = listPage(t, get(t, s, api+"/flows/instances/?page_size=1000&page=2"))
	if len(p.Results) != 67 || p.Pagination.Next != 0 || p.Pagination.Previous != 1 || p.Pagination.StartIndex != 101 || p.Pagination.EndIndex != 167 || p.Pagination.Current != 2 {
		t.Errorf("last page: %+v (%d)", p.Pagination, len(p.Results))
	}
	p = listPage(t, get(t, s, api+"/flows/instances/?page_size=100&page=last"))
	if p.Pagination.Current != 2 {
		t.Errorf("page=last: %+v", p.Pagination)
	}
	for _, ps := range []string{"0", "-5", "abc", "", "1.5"} {
		p = listPage(t, get(t, s, api+"/flows/instances/?page_size="+url.QueryEscape(ps)))
		if len(p.Results) != 20 {
			t.Errorf("page_size=%q: %d results, want default 20", ps, len(p.Results))
		}
	}
	for _, pg := range []string{"3", "0", "-1", "abc", "", "1.0"} {
		expect(t, get(t, s, api+"/flows/instances/?page_size=100&page="+url.QueryEscape(pg)), 404, `{"detail":"Invalid page."}`)
	}
	// Repeated parameter: the last value wins.
	p = listPage(t, get(t, s, api+"/flows/instances/?page_size=5&page_size=7"))
	if len(p.Results) != 7 {
		t.Errorf("repeated page_size: %d", len(p.Results))
	}
	if !strings.HasPrefix(string(get(t, s, api+"/flows/instances/?page_size=1").body), `{"pagination":{"next":2,"previous":0,"count":167,"current":1,"total_pages":167,"start_index":1,"end_index":1},"results":[`) {
		t.Error("pagination key order/values")
	}
	if !strings.HasSuffix(string(get(t, s, api+"/flows/instances/?page_size=1").body), `],"autocomplete":{}}`) {
		t.Error("autocomplete must be {} and last")
	}
}

func TestPaginationAtScale(t *testing.T) {
	s := upstreamtest.NewServer(upstreamtest.WithExtraFlows(40), upstreamtest.WithExtraBindings(3000))
	defer s.Close()
	_, ns, nb := s.Counts()
	if ns != upstreamtest.SeedStages+1500 {
		t.Errorf("stages = %d, want %d", ns, upstreamtest.SeedStages+1500)
	}
	seen := map[string]bool{}
	for pg := 1; ; pg++ {
		r := get(t, s, fmt.Sprintf("%s/flows/bindings/?ordering=order&page_size=100&page=%d", api, pg))
		expect(t, r, 200, "")
		var p struct {
			Pagination struct{ Next, Count int }
			Results    []struct{ PK string }
		}
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Pagination.Count != nb {
			t.Fatalf("count = %d, want %d", p.Pagination.Count, nb)
		}
		for _, r := range p.Results {
			seen[r.PK] = true
		}
		if p.Pagination.Next == 0 {
			break
		}
		if p.Pagination.Next != pg+1 {
			t.Fatalf("next = %d on page %d", p.Pagination.Next, pg)
		}
	}
	if len(seen) != nb || nb < 3000 {
		t.Errorf("saw %d distinct bindings, have %d", len(seen), nb)
	}
}

// --- filtering, ordering ----------------------------------------------------------------

func TestUnknownParamsIgnored(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	auth := mustPK(t)(s.FlowBySlug("default-authentication-flow"))
	p := listPage(t, get(t, s, api+"/flows/bindings/?page_size=100&target__in="+auth))
	if p.Pagination.Count != upstreamtest.SeedBindings {
		t.Errorf("target__in must be ignored: count %d", p.Pagination.Count)
	}
	p = listPage(t, get(t, s, api+"/flows/instances/?page_size=100&flow_uuid__in="+auth+"&pk__in="+auth))
	if p.Pagination.Count != upstreamtest.SeedFlows {
		t.Errorf("flow_uuid__in must be ignored: %d", p.Pagination.Count)
	}
	p = listPage(t, get(t, s, api+"/flows/bindings/?target="+auth))
	if p.Pagination.Count != 4 {
		t.Errorf("target filter: %d", p.Pagination.Count)
	}
	p = listPage(t, get(t, s, api+"/flows/bindings/?page_size=100&target="))
	if p.Pagination.Count != upstreamtest.SeedBindings {
		t.Errorf("empty target means no filter: %d", p.Pagination.Count)
	}
	p = listPage(t, get(t, s, api+"/flows/instances/?flow_uuid="+auth))
	if p.Pagination.Count != 1 || slugs(p)[0] != "default-authentication-flow" {
		t.Errorf("flow_uuid: %v", slugs(p))
	}
}

func TestFilterErrors(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	const choice = `{"target":["Select a valid choice. That choice is not one of the available choices."]}`
	expect(t, get(t, s, api+"/flows/bindings/?target=00000000-0000-0000-0000-000000000000"), 400, choice)
	expect(t, get(t, s, api+"/flows/bindings/?target=not-a-uuid"), 400, choice)
	// target is the flow pk, not policybindingmodel_ptr_id.
	pbm := mustPK(t)(s.FlowPBM("default-authentication-flow"))
	expect(t, get(t, s, api+"/flows/bindings/?target="+pbm), 400, choice)
	expect(t, get(t, s, api+"/flows/bindings/?stage=x"), 400, `{"stage":["Select a valid choice. That choice is not one of the available choices."]}`)
	expect(t, get(t, s, api+"/flows/bindings/?order=abc"), 400, `{"order":["Enter a number."]}`)
	expect(t, get(t, s, api+"/flows/instances/?designation=bogus"), 400, `{"designation":["Select a valid choice. bogus is not one of the available choices."]}`)
	expect(t, get(t, s, api+"/flows/instances/?flow_uuid=xyz"), 400, `{"flow_uuid":["Enter a valid UUID."]}`)
	// Boolean filters follow django-filter's BooleanWidget: unknown values are ignored.
	p := listPage(t, get(t, s, api+"/flows/bindings/?page_size=100&evaluate_on_plan=maybe"))
	if p.Pagination.Count != upstreamtest.SeedBindings {
		t.Errorf("bad bool must be ignored: %d", p.Pagination.Count)
	}
	p = listPage(t, get(t, s, api+"/flows/bindings/?page_size=100&evaluate_on_plan=true"))
	if p.Pagination.Count != 7 {
		t.Errorf("evaluate_on_plan=true: %d", p.Pagination.Count)
	}
	pol := mustPK(t)(s.PolicyPK("default-oobe-prefill-user"))
	pol2 := mustPK(t)(s.PolicyPK("default-authentication-flow-password-stage"))
	p = listPage(t, get(t, s, api+"/flows/bindings/?policies="+pol+"&policies="+pol2))
	if p.Pagination.Count != 2 {
		t.Errorf("policies OR filter: %d", p.Pagination.Count)
	}
	// Detail routes run the filters too (DRF get_object).
	b0 := s.BindingPKs("default-authentication-flow")[0]
	expect(t, get(t, s, api+"/flows/bindings/"+b0+"/?order=999"), 404, `{"detail":"No FlowStageBinding matches the given query."}`)
	expect(t, get(t, s, api+"/flows/bindings/not-a-uuid/"), 404, `{"detail":"Not found."}`)
	expect(t, get(t, s, api+"/flows/bindings/00000000-0000-0000-0000-000000000000/"), 404, `{"detail":"No FlowStageBinding matches the given query."}`)
	expect(t, get(t, s, api+"/stages/all/zzz/"), 404, `{"detail":"Not found."}`)
	expect(t, get(t, s, api+"/stages/all/00000000-0000-0000-0000-000000000000/"), 404, `{"detail":"No Stage matches the given query."}`)
	expect(t, get(t, s, api+"/flows/instances/nope/"), 404, `{"detail":"No Flow matches the given query."}`)
}

func TestOrderingAndSearch(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	p := listPage(t, get(t, s, api+"/flows/instances/?page_size=100"))
	got := slugs(p)
	if !sort.StringsAreSorted(got) {
		t.Errorf("default flow order must be slug: %v", got)
	}
	p = listPage(t, get(t, s, api+"/flows/instances/?page_size=100&ordering=-slug,bogus"))
	if got := slugs(p); got[0] != "initial-setup" {
		t.Errorf("-slug: %v", got)
	}
	p = listPage(t, get(t, s, api+"/flows/instances/?page_size=100&ordering=bogus"))
	if got := slugs(p); !sort.StringsAreSorted(got) {
		t.Errorf("unknown ordering falls back to default: %v", got)
	}
	p = listPage(t, get(t, s, api+"/flows/instances/?search=welcome%20authentication"))
	if got := slugs(p); strings.Join(got, ",") != "default-authentication-flow,default-source-authentication" {
		t.Errorf("search ANDs terms: %v", got)
	}
	// Stages: no default ordering; the order is neither by name nor by pk.
	p = listPage(t, get(t, s, api+"/stages/all/?page_size=100"))
	var names, pks []string
	for _, r := range p.Results {
		names = append(names, strField(r, "name"))
		pks = append(pks, strField(r, "pk"))
	}
	if sort.StringsAreSorted(names) || sort.StringsAreSorted(pks) {
		t.Error("unordered stage list must not look ordered")
	}
	p = listPage(t, get(t, s, api+"/stages/all/?page_size=100&ordering=name"))
	names = nil
	for _, r := range p.Results {
		names = append(names, strField(r, "name"))
	}
	if !sort.StringsAreSorted(names) {
		t.Error("ordering=name")
	}
	// Ordering a list by an m2m field duplicates rows, while count does not.
	p = listPage(t, get(t, s, api+"/stages/all/?page_size=100&ordering=flow_set"))
	if p.Pagination.Count != 28 || len(p.Results) != 28 {
		t.Errorf("flow_set ordering: count %d results %d", p.Pagination.Count, len(p.Results))
	}
	// Bindings: default order,pk; target__uuid is a server error.
	p = listPage(t, get(t, s, api+"/flows/bindings/?page_size=100"))
	last := -1.0
	for _, r := range p.Results {
		if o := r["order"].(float64); o < last {
			t.Fatal("bindings not ordered by order")
		} else {
			last = o
		}
	}
	r := get(t, s, api+"/flows/bindings/?ordering=target__uuid")
	expect(t, r, 500, "")
	if !strings.Contains(string(r.body), "Server Error (500)") {
		t.Errorf("500 body: %s", r.body)
	}
	p = listPage(t, get(t, s, api+"/flows/bindings/?search=recovery"))
	if p.Pagination.Count != 4 {
		t.Errorf("binding search over stage name: %d", p.Pagination.Count)
	}
}

// --- writes -------------------------------------------------------------------------

func TestEvaluateFlagsRule(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	const rule = `{"non_field_errors":["Either evaluation on plan or evaluation on run must be enabled"]}`
	// Recovery binding 10: evaluate_on_plan true, re_evaluate true.
	b := s.BindingPKs("default-recovery-flow")[0]
	path := api + "/flows/bindings/" + b + "/"
	expect(t, do(t, s, "PATCH", path, upstreamtest.AdminToken, map[string]any{"re_evaluate_policies": false}), 400, rule)
	r := do(t, s, "PATCH", path, upstreamtest.AdminToken, map[string]any{"re_evaluate_policies": false, "evaluate_on_plan": true})
	expect(t, r, 200, "")
	if m := r.json(t); m["re_evaluate_policies"] != false || m["evaluate_on_plan"] != true {
		t.Errorf("patched: %v", m)
	}
	// The rule only sees the request: this PATCH leaves both flags false.
	r = do(t, s, "PATCH", path, upstreamtest.AdminToken, map[string]any{"evaluate_on_plan": false})
	expect(t, r, 200, "")
	if m := r.json(t); m["re_evaluate_policies"] != false || m["evaluate_on_plan"] != false {
		t.Errorf("patched: %v", m)
	}
	// Create without flags is fine (defaults false/true).
	auth := mustPK(t)(s.FlowBySlug("default-authentication-flow"))
	st := mustPK(t)(s.StagePK("default-recovery-email"))
	expect(t, do(t, s, "POST", api+"/flows/bindings/", upstreamtest.AdminToken, map[string]any{"target": auth, "stage": st, "order": 25, "re_evaluate_policies": false}), 400, rule)
	r = do(t, s, "POST", api+"/flows/bindings/", upstreamtest.AdminToken, map[string]any{"target": auth, "stage": st, "order": 25})
	expect(t, r, 201, "")
	if m := r.json(t); m["evaluate_on_plan"] != false || m["re_evaluate_policies"] != true || m["invalid_response_action"] != "retry" {
		t.Errorf("created: %v", m)
	}
}

func TestBindingValidation(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	admin := upstreamtest.AdminToken
	auth := mustPK(t)(s.FlowBySlug("default-authentication-flow"))
	ident := mustPK(t)(s.StagePK("default-authentication-identification"))
	pks := s.BindingPKs("default-authentication-flow")
	post := func(body any) result { return do(t, s, "POST", api+"/flows/bindings/", admin, body) }
	expect(t, post(map[string]any{"target": auth, "stage": ident, "order": 10}), 400,
		`{"non_field_errors":["The fields target, stage, order must make a unique set."]}`)
	// order alone is not unique within a flow.
	expect(t, post(map[string]any{"target": auth, "stage": mustPK(t)(s.StagePK("default-recovery-email")), "order": 10}), 201, "")
	expect(t, post(map[string]any{}), 400,
		`{"target":["This field is required."],"stage":["This field is required."],"order":["This field is required."]}`)
	expect(t, post(map[string]any{"target": "00000000-0000-0000-0000-000000000000", "stage": ident, "order": 2147483648}), 400,
		`{"target":["Invalid pk \"00000000-0000-0000-0000-000000000000\" - object does not exist."],"order":["Ensure this value is less than or equal to 2147483647."]}`)
	expect(t, post(map[string]any{"target": auth, "stage": ident, "order": "x", "invalid_response_action": "nope"}), 400,
		`{"order":["A valid integer is required."],"invalid_response_action":["\"nope\" is not a valid choice."]}`)
	// PATCH into an existing (target, stage, order).
	expect(t, do(t, s, "PATCH", api+"/flows/bindings/"+pks[1]+"/", admin, map[string]any{"stage": ident, "order": 10}), 400,
		`{"non_field_errors":["The fields target, stage, order must make a unique set."]}`)
	// PUT needs all required fields.
	expect(t, do(t, s, "PUT", api+"/flows/bindings/"+pks[1]+"/", admin, map[string]any{"order": 21}), 400,
		`{"target":["This field is required."],"stage":["This field is required."]}`)
	// Non-JSON bodies.
	req, _ := http.NewRequest(http.MethodPost, s.URL+api+"/flows/bindings/", strings.NewReader("order=1"))
	req.Header.Set("Authorization", "Bearer "+admin)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("form body: %d", resp.StatusCode)
	}
	// Delete, then it is gone and the flow's cache is invalidated.
	expect(t, do(t, s, "DELETE", api+"/flows/bindings/"+pks[3]+"/", admin, nil), 204, "")
	expect(t, get(t, s, api+"/flows/bindings/"+pks[3]+"/"), 404, "")
	if len(s.BindingPKs("default-authentication-flow")) != 4 { // 4 - 1 + 1 created above
		t.Errorf("bindings after delete: %v", s.BindingPKs("default-authentication-flow"))
	}
}

func TestFlowWrites(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	admin := upstreamtest.AdminToken
	post := func(body any) result { return do(t, s, "POST", api+"/flows/instances/", admin, body) }
	expect(t, post(map[string]any{"name": "x", "slug": "default-authentication-flow", "title": "x", "designation": "authentication"}), 400,
		`{"slug":["Flow with this slug already exists."]}`)
	expect(t, post(map[string]any{"slug": "ok", "title": "x", "designation": "x"}), 400,
		`{"name":["This field is required."],"designation":["\"x\" is not a valid choice."]}`)
	expect(t, post(map[string]any{"name": "x", "slug": "bad slug", "title": "x", "designation": "recovery"}), 400,
		`{"slug":["Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."]}`)
	r := post(map[string]any{"name": "New", "slug": "new-flow", "title": "New flow", "designation": "recovery", "layout": "sidebar_left"})
	expect(t, r, 201, "")
	m := r.json(t)
	if m["slug"] != "new-flow" || m["layout"] != "sidebar_left" || m["authentication"] != "none" || len(m["stages"].([]any)) != 0 {
		t.Errorf("created flow: %v", m)
	}
	r = do(t, s, "PATCH", api+"/flows/instances/new-flow/", admin, map[string]any{"slug": "renamed", "compatibility_mode": "true"})
	expect(t, r, 200, "")
	if m := r.json(t); m["export_url"] != "/api/v3/flows/instances/renamed/export/" || m["compatibility_mode"] != true {
		t.Errorf("patched flow: %v", m)
	}
	// Delete cascades bindings.
	pk := mustPK(t)(s.FlowBySlug("default-recovery-flow"))
	used := get(t, s, api+"/flows/instances/default-recovery-flow/used_by/")
	expect(t, used, 200, "")
	var ub []map[string]string
	if err := json.Unmarshal(used.body, &ub); err != nil || len(ub) != 5 {
		t.Fatalf("used_by: %v %s", err, used.body)
	}
	if ub[0]["action"] != "cascade" || ub[0]["model_name"] != "flowstagebinding" || ub[0]["name"] != "Flow-stage binding #10 to "+pk {
		t.Errorf("used_by entry: %v", ub[0])
	}
	expect(t, do(t, s, "DELETE", api+"/flows/instances/default-recovery-flow/", admin, nil), 204, "")
	if _, _, nb := s.Counts(); nb != upstreamtest.SeedBindings-5 {
		t.Errorf("bindings after flow delete = %d", nb)
	}
	expect(t, get(t, s, api+"/flows/bindings/?target="+pk), 400, "")
}

func TestFlowActions(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	r := get(t, s, api+"/flows/instances/default-authentication-flow/diagram/")
	expect(t, r, 200, "")
	if d := strField(r.json(t), "diagram"); !strings.HasPrefix(d, "graph TD\n") || !strings.Contains(d, "default-authentication-mfa-validation") {
		t.Errorf("diagram: %q", d)
	}
	r = get(t, s, api+"/flows/instances/default-authentication-flow/export/")
	expect(t, r, 200, "")
	if r.header.Get("Content-Disposition") != `attachment; filename="default-authentication-flow.yaml"` || !strings.Contains(string(r.body), "model: authentik_flows.flowstagebinding") {
		t.Errorf("export: %v %s", r.header, r.body)
	}
	expect(t, do(t, s, "GET", api+"/flows/instances/default-authentication-flow/export/", upstreamtest.LimitedToken, nil), 403, "")
	expect(t, get(t, s, api+"/flows/instances/cache_info/"), 200, `{"count":4}`)
	expect(t, do(t, s, "POST", api+"/flows/instances/cache_clear/", upstreamtest.AdminToken, nil), 204, "")
	expect(t, get(t, s, api+"/flows/instances/cache_info/"), 200, `{"count":0}`)
	r = get(t, s, api+"/stages/all/types/")
	var types []map[string]any
	if err := json.Unmarshal(r.body, &types); err != nil || len(types) < 20 {
		t.Fatalf("types: %v %s", err, r.body)
	}
	for i := 1; i < len(types); i++ {
		if types[i-1]["name"].(string) > types[i]["name"].(string) {
			t.Error("types not sorted by name")
		}
	}
	expect(t, get(t, s, api+"/stages/all/user_settings/"), 200, `[]`)
}

// --- versions -------------------------------------------------------------------------

func TestVersion2025(t *testing.T) {
	s := upstreamtest.NewServer(upstreamtest.WithVersion("2025.10"), upstreamtest.WithExtraFlows(150))
	defer s.Close()
	p := listPage(t, get(t, s, api+"/flows/instances/"))
	if len(p.Results) != 100 || !p.HasAutocompl {
		t.Errorf("2025.10 default page size must be 100 with autocomplete: %d %v", len(p.Results), p.HasAutocompl)
	}
	p = listPage(t, get(t, s, api+"/flows/instances/?page_size=1000"))
	if len(p.Results) != 167 {
		t.Errorf("2025.10 page_size is uncapped: %d", len(p.Results))
	}
	f := p.Results[0]
	if _, ok := f["background_url"]; ok {
		t.Error("2025 flow has no background_url")
	}
	if _, ok := f["background_themed_urls"]; ok {
		t.Error("2025 flow has no background_themed_urls")
	}
	if f["background"] != "/static/dist/assets/images/flow_background.jpg" {
		t.Errorf("2025 background = %v", f["background"])
	}
	login := mustPK(t)(s.StagePK("default-authentication-login"))
	set := get(t, s, api+"/stages/all/"+login+"/").json(t)["flow_set"].([]any)[0].(map[string]any)
	if _, ok := set["background"]; !ok {
		t.Error("2025 FlowSet has background")
	}
	if _, ok := set["background_url"]; ok {
		t.Error("2025 FlowSet has no background_url")
	}
	long := strings.Repeat("a", 51)
	expect(t, do(t, s, "POST", api+"/flows/instances/", upstreamtest.AdminToken, map[string]any{"name": "x", "slug": long, "title": "x", "designation": "recovery"}), 400,
		`{"slug":["Ensure this field has no more than 50 characters."]}`)

	old := upstreamtest.NewServer(upstreamtest.WithVersion("2025.2"))
	defer old.Close()
	if p := listPage(t, get(t, old, api+"/flows/instances/")); p.HasAutocompl {
		t.Error("2025.2 lists have no autocomplete key")
	}
	// Explicit page size options win over the version defaults.
	capped := upstreamtest.NewServer(upstreamtest.WithMaxPageSize(10), upstreamtest.WithVersion("2025.10"), upstreamtest.WithDefaultPageSize(5))
	defer capped.Close()
	if p := listPage(t, get(t, capped, api+"/flows/instances/?page_size=50")); len(p.Results) != 10 {
		t.Errorf("WithMaxPageSize(10): %d", len(p.Results))
	}
	if p := listPage(t, get(t, capped, api+"/flows/instances/")); len(p.Results) != 5 {
		t.Errorf("WithDefaultPageSize(5): %d", len(p.Results))
	}
	uncapped := upstreamtest.NewServer(upstreamtest.WithMaxPageSize(0), upstreamtest.WithExtraFlows(150))
	defer uncapped.Close()
	if p := listPage(t, get(t, uncapped, api+"/flows/instances/?page_size=1000")); len(p.Results) != 167 {
		t.Errorf("WithMaxPageSize(0): %d", len(p.Results))
	}
}

// --- faults, log, concurrency ------------------------------------------------------------------

func TestFaults(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	const html = "<html><body>502 Bad Gateway</body></html>"
	s.Inject(upstreamtest.Fault{PathPrefix: api + "/flows/bindings/", Times: 2, Status: 502, Body: html})
	for i := 0; i < 2; i++ {
		r := get(t, s, api+"/flows/bindings/")
		expect(t, r, 502, html)
		if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Errorf("fault content type %q", r.header.Get("Content-Type"))
		}
	}
	expect(t, get(t, s, api+"/flows/bindings/"), 200, "")
	expect(t, get(t, s, api+"/flows/instances/"), 200, "")

	s.Inject(upstreamtest.Fault{Method: "GET", PathPrefix: api + "/flows/instances/", Times: 1, Status: 500, Body: "<h1>Server Error (500)</h1>"})
	expect(t, do(t, s, "POST", api+"/flows/instances/", upstreamtest.ReadOnlyToken, map[string]any{}), 403, "") // method does not match
	expect(t, get(t, s, api+"/flows/instances/"), 500, "<h1>Server Error (500)</h1>")

	s.Inject(upstreamtest.Fault{PathPrefix: api + "/stages/", Times: 1, TruncateJSON: true})
	r := get(t, s, api+"/stages/all/")
	expect(t, r, 200, "")
	var v any
	if err := json.Unmarshal(r.body, &v); err == nil {
		t.Error("truncated body must not parse")
	}

	// Go's transport transparently retries an idempotent request once when
	// a reused keep-alive connection dies, so a GET needs Times >= 2.
	s.Inject(upstreamtest.Fault{PathPrefix: api + "/stages/", Times: 2, ResetConnection: true})
	req, _ := http.NewRequest(http.MethodGet, s.URL+api+"/stages/all/", nil)
	req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
	if resp, err := s.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Error("reset connection must fail the request")
	}
	s.Inject(upstreamtest.Fault{Method: "POST", Times: 1, ResetConnection: true})
	if resp, err := s.Client().Post(s.URL+api+"/flows/instances/cache_clear/", "application/json", nil); err == nil {
		resp.Body.Close()
		t.Error("reset connection must fail a POST")
	}

	s.Inject(upstreamtest.Fault{Times: 1, Replace: func(b []byte) []byte {
		return []byte(strings.Replace(string(b), `"designation":"authentication"`, `"designation":"brand_new_value"`, 1))
	}})
	if !strings.Contains(string(get(t, s, api+"/flows/instances/").body), "brand_new_value") {
		t.Error("Replace not applied")
	}

	s.Inject(upstreamtest.Fault{Delay: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, s.URL+api+"/flows/instances/", nil)
	start := time.Now()
	_, err := s.Client().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("delay fault: %v after %v", err, time.Since(start))
	}
	s.ClearFaults()
	expect(t, get(t, s, api+"/flows/instances/"), 200, "")
	// Every request is logged, faulted ones included.
	if n := s.CountPath(api + "/flows/bindings/"); n != 3 {
		t.Errorf("CountPath(bindings) = %d", n)
	}
	if s.RequestCount() != len(s.Requests()) || s.RequestCount() < 10 {
		t.Errorf("RequestCount = %d", s.RequestCount())
	}
	s.Reset()
	if s.RequestCount() != 0 {
		t.Error("Reset")
	}
}

func TestLatency(t *testing.T) {
	s := upstreamtest.NewServer(upstreamtest.WithLatency(30 * time.Millisecond))
	defer s.Close()
	start := time.Now()
	get(t, s, api+"/flows/instances/")
	if time.Since(start) < 30*time.Millisecond {
		t.Error("latency not applied")
	}
}

func TestConcurrency(t *testing.T) {
	s := upstreamtest.NewServer(upstreamtest.WithExtraFlows(20))
	defer s.Close()
	bpk := s.BindingPKs("default-authentication-flow")[0]
	s.Inject(upstreamtest.Fault{PathPrefix: api + "/stages/", Times: 10, Status: 503, Body: `{"detail":"busy"}`})
	var wg sync.WaitGroup
	var mu sync.Mutex
	faulted := 0
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				switch (i + j) % 4 {
				case 0:
					get(t, s, api+"/flows/instances/?page_size=50")
				case 1:
					if r := get(t, s, api+"/stages/all/"); r.status == 503 {
						mu.Lock()
						faulted++
						mu.Unlock()
					}
				case 2:
					do(t, s, "PATCH", api+"/flows/bindings/"+bpk+"/", upstreamtest.AdminToken, map[string]any{"order": 10 + j, "evaluate_on_plan": true})
				default:
					_ = s.Requests()
					_, _ = s.FlowBySlug("initial-setup")
					s.AddToken(fmt.Sprintf("tok-%d", i), upstreamtest.Permissions{ViewAll: true})
				}
			}
		}(i)
	}
	wg.Wait()
	if faulted != 10 {
		t.Errorf("fault with Times=10 applied %d times", faulted)
	}
}

// TestFaults_BlockAndCanceled pins the instrumentation that tests of
// cancellation and shutdown rely on: Block holds an answer until released,
// and a request whose client gives up while held is marked Canceled.
func TestFaults_BlockAndCanceled(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	release := make(chan struct{})
	s.Inject(upstreamtest.Fault{PathPrefix: api + "/flows/instances/", Times: 2, Block: release})

	done := make(chan int, 1)
	go func() { done <- get(t, s, api+"/flows/instances/").status }()
	waitUntil(t, func() bool { return s.RequestCount() == 1 })
	select {
	case <-done:
		t.Fatal("blocked request answered before release")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	if st := <-done; st != 200 {
		t.Errorf("released request: status %d, want the real answer", st)
	}

	s.Reset()
	block := make(chan struct{})
	defer close(block)
	s.ClearFaults()
	s.Inject(upstreamtest.Fault{PathPrefix: api + "/flows/instances/", Block: block})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+api+"/flows/instances/", nil)
	go func() {
		for s.RequestCount() == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	if _, err := s.Client().Do(req); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	waitUntil(t, func() bool { return s.Requests()[0].Canceled })
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
