package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") == "1", "rewrite golden files in testdata/golden")

// skipIfShort skips a long test (soak, isolation, browser, load) under
// go test -short, the inner loop; make test runs them all.
func skipIfShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("long test: skipped under -short (make test runs it)")
	}
}

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
	logger := slog.New(newLogHandler(logs, nil)) // as run makes it
	tel := newTelemetry(o.tracer, logger)
	rep, err := newReplicas(cfg, logger, tel) // as run() does: before the client, for the cache
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rep.close)
	cfg.replicas = rep
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

// --- answers: shared checks of the soak, isolation, hostile-input and fuzz tests ---

// Shared checks of the soak, isolation, hostile-input and fuzz tests. They
// depend only on what flowgate documents, so they hold whatever limits,
// retries or breakers later change: any documented error code is an
// acceptable answer to a failure.

var (
	codesOnce sync.Once
	codesDoc  map[string]bool
	codesErr  error
)

// documentedCodes returns the error codes listed in README.md's Errors
// table: the codes clients may see.
func documentedCodes(t testing.TB) map[string]bool {
	t.Helper()
	codesOnce.Do(func() { codesDoc, codesErr = readmeCodes("README.md") })
	if codesErr != nil {
		t.Fatal(codesErr)
	}
	return codesDoc
}

func readmeCodes(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	_, section, ok := strings.Cut(string(b), "\n## Errors\n")
	if !ok {
		return nil, fmt.Errorf("%s has no ## Errors section", path)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	codes := map[string]bool{}
	code := regexp.MustCompile("`([A-Z][A-Z0-9_]+)`")
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		for _, m := range code.FindAllStringSubmatch(cells[1], -1) {
			codes[m[1]] = true
		}
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("%s: no codes in the Errors table", path)
	}
	return codes, nil
}

// dataCodes are the documented codes that report a failure while data was
// being fetched (or a bug); every other documented code refuses a request
// before anything runs (bad input, GRAPHQL_*, limits).
var dataCodes = map[string]bool{
	"NOT_FOUND": true, "UNAUTHENTICATED": true, "FORBIDDEN": true, "UPSTREAM_ERROR": true,
	"UPSTREAM_UNAVAILABLE": true, "UPSTREAM_TIMEOUT": true, "INTERNAL": true,
}

// knownCodes are the codes these tests know by name. A documented code
// outside them is a limit (query limits, a circuit breaker...): the
// harness accepts it wherever a request may be refused or fail, so that the
// tests hold with or without such features.
var knownCodes = map[string]bool{"BAD_USER_INPUT": true, "GRAPHQL_PARSE_FAILED": true, "GRAPHQL_VALIDATION_FAILED": true}

func isLimitCode(c string, documented map[string]bool) bool {
	return documented[c] && !dataCodes[c] && !knownCodes[c]
}

// gqlError is one error of a response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string { c, _ := e.Extensions["code"].(string); return c }

// parsed is a response body checked by wellFormed.
type parsed struct {
	Data   any // nil when absent or null
	Errors []gqlError
}

func (p *parsed) codes() []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.code())
	}
	return out
}

// leakMarkers must never appear in a response: upstream HTML pages and the
// fake's tokens.
var leakMarkers = []string{"<html", "<!doctype", "Server Error (500)", upstreamtest.AdminToken, upstreamtest.ReadOnlyToken, upstreamtest.LimitedToken}

// wellFormed checks a GraphQL response body: one JSON object with only
// data, errors and extensions; at least one of data and errors; every error
// with a message and a documented code; nothing leaked.
func wellFormed(raw []byte, documented map[string]bool) (*parsed, error) {
	var top map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&top); err != nil || top == nil {
		return nil, fmt.Errorf("not a JSON object: %.200q", raw)
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the JSON object: %.200q", raw)
	}
	for k := range top {
		if k != "data" && k != "errors" && k != "extensions" {
			return nil, fmt.Errorf("unexpected top-level key %q", k)
		}
	}
	p := &parsed{}
	if d, ok := top["data"]; ok {
		if err := json.Unmarshal(d, &p.Data); err != nil {
			return nil, err
		}
		if _, isObj := p.Data.(map[string]any); p.Data != nil && !isObj {
			return nil, fmt.Errorf("data is neither an object nor null: %.100s", d)
		}
	}
	if e, ok := top["errors"]; ok {
		if err := json.Unmarshal(e, &p.Errors); err != nil {
			return nil, fmt.Errorf("errors is not a list of errors: %w", err)
		}
		if len(p.Errors) == 0 {
			return nil, fmt.Errorf("errors is present but empty")
		}
	}
	if _, hasData := top["data"]; !hasData && len(p.Errors) == 0 {
		return nil, fmt.Errorf("neither data nor errors")
	}
	for _, e := range p.Errors {
		if strings.TrimSpace(e.Message) == "" {
			return nil, fmt.Errorf("error without a message: %+v", e)
		}
		if c := e.code(); !documented[c] {
			return nil, fmt.Errorf("error code %q is not documented: %+v", c, e)
		}
	}
	lower := strings.ToLower(string(raw))
	for _, m := range leakMarkers {
		if strings.Contains(lower, strings.ToLower(m)) {
			return nil, fmt.Errorf("response leaks %q", m)
		}
	}
	return p, nil
}

// upstreamPath is every path flowgate may request from authentik: the
// three lists and their detail routes, with a slug or uuid that cannot
// leave its route.
var upstreamPath = regexp.MustCompile(`^/api/v3/(flows/instances/([-a-zA-Z0-9_]+/)?|flows/bindings/([0-9a-f-]{36}/)?|stages/all/([0-9a-f-]{36}/)?)$`)

// checkUpstreamRequests reports upstream requests that are not reads of an
// allowed path with a canonical, fully escaped query string.
func checkUpstreamRequests(reqs []upstreamtest.Request) []string {
	var bad []string
	for _, r := range reqs {
		switch {
		case r.Method != http.MethodGet:
			bad = append(bad, "method "+r.Method+" "+r.Path)
		case !upstreamPath.MatchString(r.Path):
			bad = append(bad, "path "+strconv.Quote(r.Path))
		case !canonicalQuery(r.RawQuery):
			bad = append(bad, "query "+strconv.Quote(r.RawQuery))
		}
	}
	return bad
}

// canonicalQuery reports whether raw is exactly what url.Values.Encode
// makes of it: sorted keys, every special byte escaped, nothing dropped.
func canonicalQuery(raw string) bool {
	if raw == "" {
		return true
	}
	for _, pair := range strings.Split(raw, "&") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || k == "" || !escapedOK(k) || !escapedOK(v) {
			return false
		}
	}
	keys := []string{}
	for _, pair := range strings.Split(raw, "&") {
		k, _, _ := strings.Cut(pair, "=")
		keys = append(keys, k)
	}
	return slices.IsSorted(keys)
}

// escapedOK reports whether s uses only what url.QueryEscape leaves
// unescaped, '+' and well-formed %XX escapes.
func escapedOK(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~', c == '+':
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// --- more helpers ---

var addrRe = regexp.MustCompile(`"addr":"(127\.0\.0\.1:\d+)"`)

func listenAddr(t *testing.T, logs *syncBuffer) string {
	t.Helper()
	var addr string
	waitFor(t, "the listening log line", func() bool {
		m := addrRe.FindStringSubmatch(logs.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	})
	return addr
}

type plainResponse struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, url string) plainResponse {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var b bytes.Buffer
	_, _ = io.Copy(&b, resp.Body)
	return plainResponse{resp.StatusCode, resp.Header, b.String()}
}

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

// sent lists the upstream requests as "METHOD path" (no query string).
func sent(f *upstreamtest.Server) []string {
	var out []string
	for _, r := range f.Requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// mustOK fails the test when the response has errors.
func mustOK(t *testing.T, r *gqlResponse) map[string]any {
	t.Helper()
	if len(r.Errors) > 0 || r.Status != 200 {
		t.Fatalf("status %d, errors: %s", r.Status, r.Raw)
	}
	return r.Data
}

// step runs one GraphQL request and checks the exact upstream requests it
// cost.
func (e *env) step(t *testing.T, want []string, query string, vars map[string]any, headers map[string]string) *gqlResponse {
	t.Helper()
	e.fake.Reset()
	r := e.post(t, query, vars, headers)
	if got := sent(e.fake); !slices.Equal(got, want) {
		t.Errorf("upstream requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	return r
}

func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// orders returns "stage-name@order" of a bindings list, in list order.
func orders(t *testing.T, bindings any) []string {
	t.Helper()
	var out []string
	for _, b := range bindings.([]any) {
		out = append(out, dig(b, "stage", "name").(string)+"@"+itoa(int(dig(b, "order").(float64))))
	}
	return out
}

func describe(f *upstreamtest.Server) string {
	var b strings.Builder
	for _, r := range f.Requests() {
		fmt.Fprintf(&b, "  %s %s?%s\n", r.Method, r.Path, r.RawQuery)
	}
	return b.String()
}

func flowPK(t *testing.T, f *upstreamtest.Server, slug string) string {
	t.Helper()
	pk, ok := f.FlowBySlug(slug)
	if !ok {
		t.Fatalf("fake has no flow %q", slug)
	}
	return pk
}

func stagePK(t *testing.T, f *upstreamtest.Server, name string) string {
	t.Helper()
	pk, ok := f.StagePK(name)
	if !ok {
		t.Fatalf("fake has no stage %q", name)
	}
	return pk
}

// bindingPBM reads the policybindingmodel_ptr_id of a flow's i-th binding
// from the fake, as authentik serves it.
func bindingPBM(t *testing.T, f *upstreamtest.Server, slug string, i int) string {
	t.Helper()
	pk := f.BindingPKs(slug)[i]
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, f.URL+"/api/v3/flows/bindings/"+pk+"/", nil)
	req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b struct {
		PBM string `json:"policybindingmodel_ptr_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&b); err != nil || b.PBM == "" {
		t.Fatalf("binding %s: %v", pk, err)
	}
	return b.PBM
}

func loadJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// exchange sends one request to flowgate and returns the status and body,
// and the upstream requests it caused.
func (e *env) exchange(t *testing.T, req *http.Request) (int, []byte, []upstreamtest.Request) {
	t.Helper()
	e.fake.Reset()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, body, e.fake.Requests()
}

func (e *env) postBody(t *testing.T, contentType string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return req
}

// baseChecks hold for every response, whatever was sent.
func baseChecks(raw []byte, reqs []upstreamtest.Request, documented map[string]bool) (*parsed, []string) {
	p, err := wellFormed(raw, documented)
	if err != nil {
		return nil, []string{err.Error()}
	}
	var bad []string
	for _, c := range p.codes() {
		if c == "INTERNAL" {
			bad = append(bad, fmt.Sprintf("INTERNAL error for client input: %s", raw))
		}
	}
	for _, b := range checkUpstreamRequests(reqs) {
		bad = append(bad, "upstream request with "+b)
	}
	return p, bad
}

// upstreamPaths lists the fake's logged requests as "METHOD path".
func upstreamPaths(f *upstreamtest.Server) []string {
	var out []string
	for _, r := range f.Requests() {
		out = append(out, r.Method+" "+r.Path)
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

// gql runs one request and checks its upstream request count exactly.
func (e *env) gql(t *testing.T, token, query string, vars map[string]any, wantUpstream int) *gqlResponse {
	t.Helper()
	var h map[string]string
	if token != "" {
		h = bearer(token)
	}
	e.fake.Reset()
	resp := e.post(t, query, vars, h)
	if got := e.fake.RequestCount(); got != wantUpstream {
		t.Errorf("upstream requests = %d, want %d:\n%s", got, wantUpstream, describe(e.fake))
	}
	return resp
}

func dataPath(t *testing.T, r *gqlResponse, path ...string) any {
	t.Helper()
	var v any = r.Data
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("no %v in %s", path, r.Raw)
		}
		v = m[p]
	}
	return v
}
