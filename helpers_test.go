package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") == "1", "rewrite golden files in testdata/golden")

// syncBuffer is a bytes.Buffer safe for the server's concurrent logging.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// env is flowgate (NewServer behind httptest) in front of a fresh fake.
type env struct {
	fake *upstreamtest.Server
	srv  *httptest.Server
	logs *syncBuffer
	tel  *telemetry
	up   *upstream.Client
}

// testConfig is the default configuration with a loader window long
// enough that request-count assertions hold on a loaded 2-core machine.
func testConfig(t testing.TB) config {
	t.Helper()
	cfg, err := loadConfig([]string{"-upstream-retry-backoff", "1ms"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

type envOptions struct {
	fake   []upstreamtest.Option
	token  string // AUTHENTIK_TOKEN; "-" for none
	cfg    func(*config)
	tracer trace.Tracer
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	fake := upstreamtest.NewServer(o.fake...)
	t.Cleanup(fake.Close)
	cfg := testConfig(t)
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	token := o.token
	switch token {
	case "":
		token = upstreamtest.AdminToken
	case "-":
		token = ""
	}
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	tel := newTelemetry(o.tracer, logger)
	up, err := upstream.New(fake.URL, upstreamOptions(cfg, token, tel))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(logger, cfg, up, tel))
	t.Cleanup(srv.Close)
	return &env{fake: fake, srv: srv, logs: logs, tel: tel, up: up}
}

// gqlResponse is a GraphQL response body, decoded loosely.
type gqlResponse struct {
	Status int
	Header http.Header
	Raw    []byte
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (r *gqlResponse) codes() []string {
	var out []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

// post sends a GraphQL request as JSON. headers may set Authorization.
func (e *env) post(t *testing.T, query string, vars map[string]any, headers map[string]string) *gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return e.send(t, req)
}

func (e *env) send(t *testing.T, req *http.Request) *gqlResponse {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := &gqlResponse{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("response is not JSON (status %d): %s", resp.StatusCode, raw)
	}
	return out
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// golden compares body (pretty-printed) with testdata/golden/name.json, or
// rewrites the file with -update.
func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, body, "", "  "); err != nil {
		t.Fatalf("response is not JSON: %s", body)
	}
	pretty.WriteByte('\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `make golden` to create it)", err)
	}
	if !bytes.Equal(want, pretty.Bytes()) {
		t.Errorf("response differs from %s (run `make golden` if the change is intended):\n%s", path, lineDiff(string(want), pretty.String()))
	}
}

// lineDiff shows the first differing lines with a little context.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n- " + w + "\n+ " + g
		}
	}
	return ""
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func readQuery(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "queries", name+".graphql"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
