package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowgate/graph"
	"flowgate/graph/guard"
)

func sha(doc string) string {
	s := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(s[:])
}

// postPersisted sends a persisted-query request: the hash, and the
// document unless it is empty.
func (e *env) postPersisted(t *testing.T, hash, doc string) *gqlResponse {
	t.Helper()
	body := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}
	if doc != "" {
		body["query"] = doc
	}
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	return e.send(t, req)
}

const dashboardQuery = `query Dashboard { flows(first: 50) { totalCount nodes { slug } } }`

func TestAPQ_RoundTrip(t *testing.T) {
	e := newEnv(t, envOptions{})
	hash := sha(dashboardQuery)

	// 1. The hash alone, unknown: the client must send the document.
	resp := e.postPersisted(t, hash, "")
	if resp.Status != 200 || string(resp.Raw) != `{"errors":[{"message":"PersistedQueryNotFound","extensions":{"code":"PERSISTED_QUERY_NOT_FOUND"}}],"data":null}` {
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
			want := `{"errors":[{"message":"` + tt.msg + `","extensions":{"code":"PERSISTED_QUERY_NOT_ALLOWED"}}],"data":null}`
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

func TestTrustedDocuments_Load(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	t.Run("directory of .graphql files", func(t *testing.T) {
		dir := t.TempDir()
		for name, doc := range map[string]string{"a.graphql": dashboardQuery, "b.graphql": "{ flow(slug: \"x\") { slug } }\n", "notes.txt": "ignored"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		docs, err := guard.LoadTrustedDocuments(dir, schema)
		if err != nil || docs.Len() != 2 {
			t.Fatalf("docs %v, err %v", docs.Len(), err)
		}
	})
	t.Run("every problem at once", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "docs.json")
		wrong := sha("x")
		content, _ := json.Marshal(map[string]string{
			"NOT-HEX":              "{ flows { totalCount } }",
			wrong:                  "{ flows { totalCount } }",
			sha("{ nope }"):        "{ nope }",
			sha(dashboardQuery):    dashboardQuery,
			sha("{ flows { x } }"): "{ flows { x } }",
		})
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := loadConfig([]string{"-trusted-documents", path, "-max-depth", "-1"}, func(string) string { return "" }, io.Discard)
		if err == nil {
			t.Fatal("no error")
		}
		for _, want := range []string{`key "NOT-HEX" is not a lower-case hex sha256 hash`, "document under " + wrong + " has hash",
			"document " + sha("{ nope }") + " does not validate", "document " + sha("{ flows { x } }") + " does not validate", "-max-depth"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q:\n%v", want, err)
			}
		}
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := loadConfig([]string{"-trusted-documents", "/nonexistent/docs.json"}, func(string) string { return "" }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "-trusted-documents") {
			t.Errorf("err = %v", err)
		}
	})
}
