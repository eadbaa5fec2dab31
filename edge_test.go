package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The HTTP edge: transports, routes and what each answers.

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
