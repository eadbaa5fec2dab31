package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCORS(t *testing.T) {
	const allowedOrigin = "https://dashboard.example.com"
	e := newEnv(t, envOptions{cfg: func(c *config) { c.CORSOrigins = []string{allowedOrigin, "http://localhost:5173"} }})
	type answer struct {
		*http.Response
		body []byte
	}
	preflight := func(origin, method, headers string) answer {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodOptions, e.srv.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", method)
		if headers != "" {
			req.Header.Set("Access-Control-Request-Headers", headers)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		return answer{resp, body}
	}
	corsHeaders := func(h http.Header) map[string]string {
		out := map[string]string{}
		for k := range h {
			if strings.HasPrefix(k, "Access-Control-") || k == "Vary" {
				out[k] = strings.Join(h.Values(k), ", ")
			}
		}
		return out
	}
	equal := func(t *testing.T, got, want map[string]string) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("headers = %v\nwant %v", got, want)
			return
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %q, want %q", k, got[k], v)
			}
		}
	}

	t.Run("preflight from an allowed origin", func(t *testing.T) {
		resp := preflight(allowedOrigin, "POST", "content-type, authorization, x-request-id")
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("status = %d", resp.StatusCode)
		}
		equal(t, corsHeaders(resp.Header), map[string]string{
			"Access-Control-Allow-Origin":  allowedOrigin,
			"Access-Control-Allow-Methods": "GET, POST",
			"Access-Control-Allow-Headers": "Content-Type, Authorization, X-Request-ID, X-Flowgate-Trace",
			"Access-Control-Max-Age":       "600",
			"Vary":                         "Authorization, Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
		})
	})
	for name, p := range map[string][3]string{
		"origin not listed":      {"https://evil.example.com", "POST", "content-type"},
		"origin differs by port": {"https://dashboard.example.com:8443", "POST", ""},
		"method not allowed":     {allowedOrigin, "DELETE", ""},
		"header not allowed":     {allowedOrigin, "POST", "content-type, x-api-key"},
	} {
		t.Run("preflight refused: "+name, func(t *testing.T) {
			resp := preflight(p[0], p[1], p[2])
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("status = %d, want 403", resp.StatusCode)
			}
			equal(t, corsHeaders(resp.Header), map[string]string{"Vary": "Authorization, Origin, Access-Control-Request-Method, Access-Control-Request-Headers"})
			if !strings.Contains(string(resp.body), `"code":"CORS_NOT_ALLOWED"`) {
				t.Errorf("body = %s", resp.body)
			}
		})
	}
	t.Run("request from an allowed origin", func(t *testing.T) {
		resp := e.post(t, `{ flows(first: 1) { totalCount } }`, nil, map[string]string{"Origin": "http://localhost:5173"})
		if resp.Status != 200 || len(resp.Errors) > 0 {
			t.Errorf("status %d %s", resp.Status, resp.Raw)
		}
		equal(t, corsHeaders(resp.Header), map[string]string{
			"Access-Control-Allow-Origin":   "http://localhost:5173",
			"Access-Control-Expose-Headers": "X-Request-ID",
			"Vary":                          "Authorization, Origin",
		})
	})
	t.Run("request from another origin gets no CORS headers", func(t *testing.T) {
		resp := e.post(t, `{ flows(first: 1) { totalCount } }`, nil, map[string]string{"Origin": "https://evil.example.com"})
		equal(t, corsHeaders(resp.Header), map[string]string{"Vary": "Authorization, Origin"})
	})
}

func TestCORS_WildcardAndOff(t *testing.T) {
	t.Run("* without credentials", func(t *testing.T) {
		e := newEnv(t, envOptions{cfg: func(c *config) { c.CORSOrigins = []string{"*"} }})
		resp := e.post(t, `{ __typename }`, nil, map[string]string{"Origin": "https://anywhere.example"})
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("Allow-Origin = %q, want *", got)
		}
		if resp.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Error("credentials allowed with *")
		}
	})
	t.Run("credentials echo the origin", func(t *testing.T) {
		e := newEnv(t, envOptions{cfg: func(c *config) {
			c.CORSOrigins, c.CORSAllowCredentials = []string{"https://dashboard.example.com"}, true
		}})
		resp := e.post(t, `{ __typename }`, nil, map[string]string{"Origin": "https://dashboard.example.com"})
		if resp.Header.Get("Access-Control-Allow-Origin") != "https://dashboard.example.com" || resp.Header.Get("Access-Control-Allow-Credentials") != "true" {
			t.Errorf("headers = %v", resp.Header)
		}
	})
	t.Run("none configured: no CORS headers, preflights refused", func(t *testing.T) {
		e := newEnv(t, envOptions{})
		resp := e.post(t, `{ __typename }`, nil, map[string]string{"Origin": "https://dashboard.example.com"})
		for k := range resp.Header {
			if strings.HasPrefix(k, "Access-Control-") {
				t.Errorf("unexpected %s", k)
			}
		}
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodOptions, e.srv.URL+"/graphql", nil)
		req.Header.Set("Origin", "https://dashboard.example.com")
		req.Header.Set("Access-Control-Request-Method", "POST")
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if r.StatusCode != http.StatusForbidden || r.Header.Get("Access-Control-Allow-Origin") != "" ||
			strings.TrimSpace(string(body)) != `{"errors":[{"message":"cross-origin request not allowed: CORS_ORIGINS does not list this origin, method or header","extensions":{"code":"CORS_NOT_ALLOWED"}}],"data":null}` {
			t.Errorf("preflight: %d %v %s", r.StatusCode, r.Header, body)
		}
	})
	t.Run("config", func(t *testing.T) {
		env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
		c, err := loadConfig(nil, env(map[string]string{"CORS_ORIGINS": "https://A.example.com, http://localhost:5173/"}), io.Discard)
		if err != nil || strings.Join(c.CORSOrigins, " ") != "https://a.example.com http://localhost:5173" {
			t.Errorf("origins = %q, err %v", c.CORSOrigins, err)
		}
		_, err = loadConfig(nil, env(map[string]string{"CORS_ORIGINS": "*,https://x.example.com/path", "CORS_ALLOW_CREDENTIALS": "true"}), io.Discard)
		if err == nil || !strings.Contains(err.Error(), "* cannot be combined") || !strings.Contains(err.Error(), `"https://x.example.com/path" is not an origin`) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestGraphiQLSwitch(t *testing.T) {
	for _, on := range []bool{true, false} {
		e := newEnv(t, envOptions{cfg: func(c *config) { c.GraphiQL = on }})
		r := get(t, e.srv.URL+"/")
		if on && (r.status != 200 || !strings.Contains(strings.ToLower(r.body), "graphiql")) || !on && r.status != 404 {
			t.Errorf("GRAPHIQL=%v: GET / answered %d", on, r.status)
		}
	}
}
