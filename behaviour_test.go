package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

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

// TestCredentials_OnlyAuthorizationIsForwarded sends cookies and other
// headers and checks that authentik sees only the Authorization header.
func TestCredentials_OnlyAuthorizationIsForwarded(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Reset()
	resp := e.post(t, `{ flows(first: 1) { totalCount } }`, nil, map[string]string{
		"Authorization":    "Bearer " + upstreamtest.ReadOnlyToken,
		"Cookie":           "authentik_session=abc; authentik_csrf=def",
		"X-Authentik-CSRF": "def",
		"X-Api-Key":        "other",
	})
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %s", resp.Raw)
	}
	reqs := e.fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("upstream requests = %d", len(reqs))
	}
	r := reqs[0]
	if r.Authorization != "Bearer "+upstreamtest.ReadOnlyToken {
		t.Errorf("Authorization = %q", r.Authorization)
	}
	if r.Cookie != "" || r.Header.Get("X-Authentik-Csrf") != "" || r.Header.Get("X-Api-Key") != "" {
		t.Errorf("caller headers leaked upstream: %v", r.Header)
	}
}

// TestCredentials_CallersDoNotShareCaches interleaves two callers with
// different rights in concurrent requests.
func TestCredentials_CallersDoNotShareCaches(t *testing.T) {
	e := newEnv(t, envOptions{})
	q := `{ flows(first: 100) { totalCount nodes { slug bindings { stage { name } } } } }`
	done := make(chan error, 40)
	for i := range 40 {
		go func() {
			token, want := upstreamtest.AdminToken, 17.0
			if i%2 == 1 {
				token, want = upstreamtest.LimitedToken, 3.0
			}
			resp := e.post(t, q, nil, bearer(token))
			got, _ := resp.Data["flows"].(map[string]any)["totalCount"].(float64)
			n := len(resp.Data["flows"].(map[string]any)["nodes"].([]any))
			if got != want || float64(n) != want || len(resp.Errors) > 0 {
				done <- fmt.Errorf("caller %d saw %v flows (%d nodes), want %v: %s", i, got, n, want, resp.Raw)
				return
			}
			done <- nil
		}()
	}
	for range 40 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestTransports(t *testing.T) {
	e := newEnv(t, envOptions{})
	query := `{ flow(slug: "default-invalidation-flow") { slug } }`
	tests := []struct {
		name         string
		req          func() *http.Request
		wantStatus   int
		wantUpstream int
		wantBody     string
	}{
		{"GET query", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/graphql?query="+url.QueryEscape(query), nil)
			return r
		}, 200, 1, `{"data":{"flow":{"slug":"default-invalidation-flow"}}}`},
		{"form POST refused", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader("query="+url.QueryEscape(query)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 415, 0, `{"errors":[{"message":"Content-Type must be application/json","extensions":{"code":"BAD_REQUEST"}}],"data":null}`},
		{"multipart POST refused", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader("--x\r\n\r\n--x--"))
			r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			return r
		}, 415, 0, `{"errors":[{"message":"Content-Type must be application/json","extensions":{"code":"BAD_REQUEST"}}],"data":null}`},
		{"text/plain POST refused", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(`{"query":"{ flows { totalCount } }"}`))
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, 415, 0, `{"errors":[{"message":"Content-Type must be application/json","extensions":{"code":"BAD_REQUEST"}}],"data":null}`},
		{"oversized body refused", func() *http.Request {
			big := `{"query":"{ flows { totalCount } }","variables":{"x":"` + strings.Repeat("a", 2<<20) + `"}}`
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(big))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, 413, 0, `{"errors":[{"message":"request body is larger than 1048576 bytes","extensions":{"actual":2097209,"code":"QUERY_TOO_LARGE","limit":1048576}}],"data":null}`},
		{"malformed JSON", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(`{"query":`))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, 400, 0, `{"errors":[{"message":"request body must be one JSON object such as {\"query\": \"{ flows { totalCount } }\"}","extensions":{"code":"BAD_REQUEST"}}],"data":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.fake.Reset()
			resp, err := http.DefaultClient.Do(tt.req())
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d: %s", resp.StatusCode, tt.wantStatus, body)
			}
			if tt.wantBody != "" && strings.TrimSpace(string(body)) != tt.wantBody {
				t.Errorf("body = %s, want %s", body, tt.wantBody)
			}
			if !json.Valid(body) {
				t.Errorf("body is not JSON: %s", body)
			}
			if got := e.fake.RequestCount(); got != tt.wantUpstream {
				t.Errorf("upstream requests = %d, want %d", got, tt.wantUpstream)
			}
		})
	}
}

// TestRun starts the real program in demo mode, as `make run` does, polls
// /healthz, runs the README's query and stops it.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, func(string) string { return "" }, io.Discard, logs)
	}()
	addrRe := regexp.MustCompile(`"addr":"(127\.0\.0\.1:\d+)"`)
	var base string
	waitFor(t, "the listening log line", func() bool {
		m := addrRe.FindStringSubmatch(logs.String())
		if m != nil {
			base = "http://" + m[1]
		}
		return m != nil
	})
	if !strings.Contains(logs.String(), "DEMO MODE") {
		t.Errorf("demo mode is not logged clearly:\n%s", logs)
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(bytes.ToLower(page), []byte("graphiql")) {
		t.Errorf("GraphiQL page: status %d", resp.StatusCode)
	}
	body := `{"query":"{ flows(first: 50) { totalCount nodes { slug bindings { order stage { name } } } } }"}`
	resp, err = http.Post(base+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(out), `"totalCount":17`) || strings.Contains(string(out), `"errors"`) {
		t.Errorf("demo query answered: %s", out)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	if strings.Contains(logs.String(), upstreamtest.AdminToken) {
		t.Error("logs contain the demo token")
	}
}

func TestLoadConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	t.Run("defaults are demo on 127.0.0.1:8080", func(t *testing.T) {
		c, err := loadConfig(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != "127.0.0.1:8080" || !c.Demo || c.UpstreamTimeout != 10*time.Second || c.PageSize != 100 || c.LoaderWait != 0 {
			t.Errorf("config = %+v", c)
		}
	})
	t.Run("environment, then flags", func(t *testing.T) {
		c, err := loadConfig([]string{"-addr", "127.0.0.1:9999"}, env(map[string]string{
			"ADDR": "0.0.0.0:1", "AUTHENTIK_URL": "https://auth.example.com", "AUTHENTIK_TOKEN": "tok", "UPSTREAM_TIMEOUT": "3s",
		}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != "127.0.0.1:9999" || c.Demo || c.AuthentikURL != "https://auth.example.com" || c.AuthentikToken != "tok" || c.UpstreamTimeout != 3*time.Second {
			t.Errorf("config = %+v", c)
		}
	})
	t.Run("every problem at once", func(t *testing.T) {
		_, err := loadConfig([]string{"-addr", "nope", "-upstream-timeout", "soon", "-upstream-page-size", "0", "-log-level", "loud"},
			env(map[string]string{"AUTHENTIK_URL": "ftp://x"}), io.Discard)
		if err == nil {
			t.Fatal("no error")
		}
		for _, want := range []string{"-addr", "-authentik-url", "-upstream-timeout", "-upstream-page-size", "-log-level"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not mention %s:\n%v", want, err)
			}
		}
	})
	t.Run("hardening defaults", func(t *testing.T) {
		c, err := loadConfig(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("depth=%d aliases=%d complexity=%d tokens=%d apq=%d introspection=%v graphiql=%v cors=%v metrics=%v otlp=%q "+
			"request=%v write=%v retries=%d backoff=%v breaker=%d/%v",
			c.MaxDepth, c.MaxAliases, c.MaxComplexity, c.MaxTokens, c.APQCacheSize, c.Introspection, c.GraphiQL, c.CORSOrigins, c.Metrics, c.OTLPEndpoint,
			c.RequestTimeout, c.WriteTimeout, c.Retries, c.RetryBackoff, c.BreakerFailures, c.BreakerCooldown)
		want := `depth=10 aliases=15 complexity=10000 tokens=2000 apq=1000 introspection=true graphiql=true cors=[] metrics=true otlp="" ` +
			`request=30s write=1m0s retries=2 backoff=100ms breaker=10/5s`
		if got != want {
			t.Errorf("defaults:\n got %s\nwant %s", got, want)
		}
	})
	t.Run("every hardening problem at once", func(t *testing.T) {
		_, err := loadConfig([]string{"-request-timeout", "2m", "-upstream-retries", "99", "-max-depth", "deep", "-breaker-cooldown", "0s",
			"-otlp-endpoint", "collector:4318", "-cors-origins", "ftp://x", "-introspection", "maybe", "-service-name", " "}, env(nil), io.Discard)
		if err == nil {
			t.Fatal("no error")
		}
		for _, want := range []string{"-write-timeout: 1m0s must exceed -request-timeout 2m0s", "-upstream-retries", "-max-depth", "-breaker-cooldown",
			"-otlp-endpoint", "-cors-origins", "-introspection", "-service-name"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not mention %s:\n%v", want, err)
			}
		}
	})
	t.Run("help documents every setting", func(t *testing.T) {
		var out bytes.Buffer
		if err := run(t.Context(), []string{"--help"}, env(nil), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		for _, s := range settings {
			if !strings.Contains(out.String(), "-"+s.flag) || !strings.Contains(out.String(), s.env) {
				t.Errorf("--help lacks %s / %s", s.flag, s.env)
			}
		}
	})
}

// TestPageRoutes: NewServer serves GraphiQL, the dashboard and their
// assets, each with its content type and a CSP that names no other origin.
func TestPageRoutes(t *testing.T) {
	e := newEnv(t, envOptions{})
	for _, tt := range []struct {
		path, contentType, contains string
		status                      int
	}{
		{"/", "text/html; charset=utf-8", `id="graphiql"`, 200},
		{"/dashboard", "text/html; charset=utf-8", `id="main"`, 200},
		{"/assets/graphiql.js", "text/javascript; charset=utf-8", "", 200},
		{"/assets/graphiql.css", "text/css; charset=utf-8", "", 200},
		{"/assets/dashboard.js", "text/javascript; charset=utf-8", "reorderFlowStages", 200},
		{"/assets/dashboard.css", "text/css; charset=utf-8", "", 200},
		{"/assets/web.go", "text/plain; charset=utf-8", "", 404},
		{"/dashboard/", "text/plain; charset=utf-8", "", 404},
	} {
		resp, err := http.Get(e.srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != tt.contentType || !strings.Contains(string(body), tt.contains) {
			t.Errorf("GET %s: %d %q, want %d %q containing %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.contentType, tt.contains)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); tt.status == 200 && (!strings.HasPrefix(csp, "default-src 'none'") || strings.Contains(csp, "http")) {
			t.Errorf("GET %s: CSP %q", tt.path, csp)
		}
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
