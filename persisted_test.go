package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const dashboardQuery = `query Dashboard { flows(first: 50) { totalCount nodes { slug } } }`

func TestAPQ_RoundTrip(t *testing.T) {
	e := newEnv(t, envOptions{})
	hash := sha(dashboardQuery)

	// 1. The hash alone, unknown: the client must send the document.
	resp := e.postPersisted(t, hash, "")
	if resp.Status != 200 || string(resp.Raw) != `{"errors":[{"message":"PersistedQueryNotFound","extensions":{"code":"PERSISTED_QUERY_NOT_FOUND"}}],"data":null,"extensions":{"cost":{"upstreamRequests":0}}}` {
		t.Errorf("unknown hash: %d %s", resp.Status, resp.Raw)
	}
	if n := e.fake.RequestCount(); n != 0 {
		t.Errorf("unknown hash cost %d upstream requests", n)
	}

	// 2. Hash and document: registered and run.
	first := e.postPersisted(t, hash, dashboardQuery)
	if first.Status != 200 || len(first.Errors) > 0 || !strings.Contains(string(first.Raw), `"totalCount":17`) {
		t.Fatalf("register: %d %s", first.Status, first.Raw)
	}

	// 3. The hash alone now runs the document, by POST and by GET.
	again := e.postPersisted(t, hash, "")
	if string(again.Raw) != string(first.Raw) {
		t.Errorf("hash only:\n%s\nwant\n%s", again.Raw, first.Raw)
	}
	ext := url.QueryEscape(`{"persistedQuery":{"version":1,"sha256Hash":"` + hash + `"}}`)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.srv.URL+"/graphql?extensions="+ext, nil)
	req.Header.Set("GraphQL-Preflight", "1") // default credentials: not a cross-site request
	if got := e.send(t, req); string(got.Raw) != string(first.Raw) {
		t.Errorf("GET hash only: %s", got.Raw)
	}
	if n := e.fake.RequestCount(); n != 3 {
		t.Errorf("upstream requests = %d, want 3 (one flows page per run)", n)
	}

	// A hash that does not match the document is refused.
	bad := e.postPersisted(t, sha("something else"), dashboardQuery)
	if bad.Status != 422 || fmt.Sprint(bad.codes()) != "[PERSISTED_QUERY_INVALID]" || bad.Errors[0].Message != "provided APQ hash does not match query" {
		t.Errorf("mismatched hash: %d %s", bad.Status, bad.Raw)
	}
	// The limits apply to persisted documents too.
	amp := e.postPersisted(t, sha(amplification), amplification)
	if fmt.Sprint(amp.codes()) != "[QUERY_TOO_COMPLEX]" {
		t.Errorf("amplification by APQ: %s", amp.Raw)
	}
	// A document over the token limit stays refused when later sent by
	// hash alone: the limits measure the document the hash stands for.
	long := "{" + strings.Repeat(" flows(first: 1) { totalCount }", 300) + " }"
	for _, doc := range []string{long, ""} {
		r := e.postPersisted(t, sha(long), doc)
		if fmt.Sprint(r.codes()) != "[QUERY_TOO_LARGE]" {
			t.Errorf("long document (sent: %v): %s", doc != "", r.Raw)
		}
	}
	if n := e.fake.RequestCount(); n != 3 {
		t.Errorf("refused requests reached upstream: %d requests", n)
	}
}

func TestAPQ_Off(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.APQCacheSize = 0 }})
	resp := e.postPersisted(t, sha(dashboardQuery), "")
	if resp.Status != 422 || fmt.Sprint(resp.codes()) != "[GRAPHQL_VALIDATION_FAILED]" {
		t.Errorf("hash only with APQ off: %d %s", resp.Status, resp.Raw)
	}
}

// trustedEnv starts flowgate in trusted-documents mode with the given
// allow-list file contents.
func trustedEnv(t *testing.T, file string) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trusted.json")
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig([]string{"-trusted-documents", path}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return newEnv(t, envOptions{cfg: func(c *config) { c.trusted = cfg.trusted }})
}

func TestTrustedDocuments(t *testing.T) {
	allowed, _ := json.Marshal(map[string]string{sha(dashboardQuery): dashboardQuery})
	e := trustedEnv(t, string(allowed))
	hash := sha(dashboardQuery)

	ok := e.postPersisted(t, hash, "")
	if ok.Status != 200 || len(ok.Errors) > 0 || !strings.Contains(string(ok.Raw), `"totalCount":17`) {
		t.Fatalf("trusted hash: %d %s", ok.Status, ok.Raw)
	}
	withDoc := e.postPersisted(t, hash, dashboardQuery)
	if string(withDoc.Raw) != string(ok.Raw) {
		t.Errorf("trusted hash with its document: %s", withDoc.Raw)
	}
	e.fake.Reset()

	refused := []struct {
		name string
		send func() *gqlResponse
		msg  string
	}{
		{"ad-hoc document", func() *gqlResponse { return e.post(t, dashboardQuery, nil, nil) },
			"this server runs trusted documents only: send extensions.persistedQuery.sha256Hash of an allowed document"},
		{"ad-hoc document by GET", func() *gqlResponse {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.srv.URL+"/graphql?query="+url.QueryEscape(dashboardQuery), nil)
			req.Header.Set("GraphQL-Preflight", "1") // default credentials: not a cross-site request
			return e.send(t, req)
		}, "this server runs trusted documents only: send extensions.persistedQuery.sha256Hash of an allowed document"},
		{"unknown hash", func() *gqlResponse { return e.postPersisted(t, sha("{ flows { totalCount } }"), "") },
			"no trusted document has this hash"},
		{"APQ registration of another document", func() *gqlResponse {
			return e.postPersisted(t, sha("{ flows { totalCount } }"), "{ flows { totalCount } }")
		}, "no trusted document has this hash"},
		{"trusted hash with another document", func() *gqlResponse { return e.postPersisted(t, hash, "{ flows { totalCount } }") },
			"the document sent differs from the trusted document with this hash"},
		{"introspection", func() *gqlResponse { return e.post(t, `{ __schema { queryType { name } } }`, nil, nil) },
			"this server runs trusted documents only: send extensions.persistedQuery.sha256Hash of an allowed document"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			resp := tt.send()
			want := `{"errors":[{"message":"` + tt.msg + `","extensions":{"code":"PERSISTED_QUERY_NOT_ALLOWED"}}],"data":null,"extensions":{"cost":{"upstreamRequests":0}}}`
			if resp.Status != 422 || string(resp.Raw) != want {
				t.Errorf("got %d %s\nwant 422 %s", resp.Status, resp.Raw, want)
			}
		})
	}
	if n := e.fake.RequestCount(); n != 0 {
		t.Errorf("refused requests cost %d upstream requests", n)
	}
	bad := e.postPersisted(t, "not-a-hash", "")
	if fmt.Sprint(bad.codes()) != "[PERSISTED_QUERY_INVALID]" {
		t.Errorf("malformed hash: %s", bad.Raw)
	}
}
