package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

// The issue's @defer query.
const deferQuery = `{ flow(slug: "default-authentication-flow") { slug ... @defer { name bindings { order } } } }`

// multipartReader sends query as a POST that accepts multipart/mixed and
// returns a reader of the answer's parts, as a streaming client reads them.
func multipartReader(t *testing.T, e *env, query string) (*multipart.Reader, *http.Response) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "multipart/mixed;deferSpec=20220824, application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" || params["boundary"] == "" {
		raw, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d, Content-Type %q, want multipart/mixed with a boundary: %s", resp.StatusCode, resp.Header.Get("Content-Type"), raw)
	}
	return multipart.NewReader(resp.Body, params["boundary"]), resp
}

// nextPayload reads the next part; it fails the test on EOF.
func nextPayload(t *testing.T, r *multipart.Reader) string {
	t.Helper()
	p, err := r.NextPart()
	if err != nil {
		t.Fatalf("next part: %v", err)
	}
	if ct := p.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("part Content-Type = %q, want application/json", ct)
	}
	b, err := io.ReadAll(p)
	if err != nil {
		t.Fatalf("reading part: %v", err)
	}
	if !json.Valid(b) {
		t.Fatalf("part is not JSON: %q", b)
	}
	return string(b)
}

var sentRe = regexp.MustCompile(`"upstreamRequests":(\d+)`)

// sentSoFar checks an early payload's extensions.cost.upstreamRequests,
// which counts the requests sent by the time it was written (deferred
// fields may have started theirs), against lo..hi, and returns the payload
// with the count replaced by N.
func sentSoFar(t *testing.T, payload string, lo, hi int) string {
	t.Helper()
	m := sentRe.FindStringSubmatch(payload)
	if m == nil {
		t.Errorf("payload has no cost: %s", payload)
		return payload
	}
	if n, _ := strconv.Atoi(m[1]); n < lo || n > hi {
		t.Errorf("upstreamRequests so far = %d, want %d to %d", n, lo, hi)
	}
	return sentRe.ReplaceAllString(payload, `"upstreamRequests":N`)
}

func expectEnd(t *testing.T, r *multipart.Reader) {
	t.Helper()
	if p, err := r.NextPart(); !errors.Is(err, io.EOF) {
		var extra []byte
		if p != nil {
			extra, _ = io.ReadAll(p)
		}
		t.Errorf("after the last payload: err %v, part %q; want the closing boundary", err, extra)
	}
}

// TestDefer_Multipart reads the query answer payload by payload
// with a real HTTP client: the first part arrives while the deferred
// bindings are still being fetched (their upstream call is held until the
// test has read it), carries no placeholder for them, and the second part
// brings them. The stream then ends.
func TestDefer_Multipart(t *testing.T) {
	e := newEnv(t, envOptions{})
	hold := make(chan struct{})
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/bindings/", Block: hold})
	e.fake.Reset()

	r, resp := multipartReader(t, e, deferQuery)
	if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("Cache-Control = %q, want flowgate's private, no-store (not gqlgen's no-cache)", cc)
	}
	first := sentSoFar(t, nextPayload(t, r), 1, 2)
	if want := `{"data":{"flow":{"slug":"default-authentication-flow","name":"Welcome to authentik!"}},"hasNext":true,"extensions":{"cost":{"upstreamRequests":N,"estimatedUpstreamRequests":2}}}`; first != want {
		t.Errorf("first payload:\n got %s\nwant %s", first, want)
	}
	// The deferred bindings are still held upstream: the first payload
	// did not wait for them.
	waitFor(t, "the held bindings request", func() bool { return e.fake.CountPath("/api/v3/flows/bindings/") == 1 })
	close(hold)
	second := nextPayload(t, r)
	if want := `{"incremental":[{"data":{"bindings":[{"order":10},{"order":20},{"order":30},{"order":100}]},"path":["flow"],"hasNext":false,"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":2}}}],"hasNext":false}`; second != want {
		t.Errorf("second payload:\n got %s\nwant %s", second, want)
	}
	expectEnd(t, r)
	if n := e.fake.RequestCount(); n != 2 {
		t.Errorf("upstream requests = %d, want 2 (the flow, its bindings)", n)
	}
}

// TestDefer_ListItems: a deferred fragment on each item of a list. Every
// item's deferred payload arrives, whatever parts they are grouped into,
// and no payload holds a null for the non-null bindings.
func TestDefer_ListItems(t *testing.T) {
	e := newEnv(t, envOptions{})
	r, _ := multipartReader(t, e, `{ flows(first: 3) { nodes { slug ... @defer(label: "chain") { bindings { order } } } } }`)
	first := sentSoFar(t, nextPayload(t, r), 1, 2)
	if want := `{"data":{"flows":{"nodes":[{"slug":"default-authentication-flow"},{"slug":"default-authenticator-static-setup"},{"slug":"default-authenticator-totp-setup"}]}},"hasNext":true,"extensions":{"cost":{"upstreamRequests":N,"estimatedUpstreamRequests":5}}}`; first != want {
		t.Errorf("first payload:\n got %s\nwant %s", first, want)
	}
	got := map[string]string{}
	for hasNext := true; hasNext; {
		var part struct {
			Incremental []struct {
				Data  json.RawMessage `json:"data"`
				Path  []any           `json:"path"`
				Label string          `json:"label"`
			} `json:"incremental"`
			HasNext bool `json:"hasNext"`
		}
		if err := json.Unmarshal([]byte(nextPayload(t, r)), &part); err != nil {
			t.Fatal(err)
		}
		for _, it := range part.Incremental {
			p, _ := json.Marshal(it.Path)
			got[string(p)+" "+it.Label] = string(it.Data)
		}
		hasNext = part.HasNext
	}
	expectEnd(t, r)
	want := map[string]string{
		`["flows","nodes",0] chain`: `{"bindings":[{"order":10},{"order":20},{"order":30},{"order":100}]}`,
		`["flows","nodes",1] chain`: `{"bindings":[{"order":0}]}`,
		`["flows","nodes",2] chain`: `{"bindings":[{"order":0}]}`,
	}
	if len(got) != len(want) {
		t.Errorf("deferred payloads = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("payload %s = %s, want %s", k, got[k], v)
		}
	}
}

// TestDefer_Inline: a client that does not accept multipart/mixed (plain
// POST, GET) and every mutation get the deferred fields inline, in one
// answer: nothing is lost and no non-null field is null.
func TestDefer_Inline(t *testing.T) {
	e := newEnv(t, envOptions{})
	const want = `{"data":{"flow":{"slug":"default-authentication-flow","name":"Welcome to authentik!","bindings":[{"order":10},{"order":20},{"order":30},{"order":100}]}},"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":2}}}`
	if resp := e.post(t, deferQuery, nil, nil); resp.Status != 200 || string(resp.Raw) != want {
		t.Errorf("POST: %d %s", resp.Status, resp.Raw)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.srv.URL+"/graphql?query="+urlQueryEscape(deferQuery), nil)
	req.Header.Set("GraphQL-Preflight", "1")
	if resp := e.send(t, req); resp.Status != 200 || string(resp.Raw) != want {
		t.Errorf("GET: %d %s", resp.Status, resp.Raw)
	}
	// A fragment spread deferred, defined after its use.
	const spread = `{ flow(slug: "default-authentication-flow") { slug ...Chain @defer } } fragment Chain on Flow { name bindings { order } }`
	if resp := e.post(t, spread, nil, nil); resp.Status != 200 || string(resp.Raw) != want {
		t.Errorf("POST, deferred spread: %d %s", resp.Status, resp.Raw)
	}

	r, _ := multipartReader(t, e, `mutation { updateFlow(slug: "default-recovery-flow", input: {title: "Reset"}) { slug ... @defer { title bindings { order } } } }`)
	if got, want := nextPayload(t, r), `{"data":{"updateFlow":{"slug":"default-recovery-flow","title":"Reset","bindings":[{"order":10},{"order":20},{"order":30},{"order":40},{"order":100}]}},"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":2}}}`; got != want {
		t.Errorf("mutation over multipart:\n got %s\nwant %s", got, want)
	}
	expectEnd(t, r)
}

// TestDefer_DeadlineStillEnds: a deferred fragment whose upstream call
// outlives the request deadline still gets its payload (with
// UPSTREAM_TIMEOUT), and the answer ends: gqlgen alone would drop it and
// leave the stream open.
func TestDefer_DeadlineStillEnds(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.RequestTimeout = 300 * time.Millisecond }})
	hold := make(chan struct{})
	defer close(hold)
	e.fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/bindings/", Block: hold})
	e.fake.Reset()

	start := time.Now()
	r, _ := multipartReader(t, e, deferQuery)
	if got, want := sentSoFar(t, nextPayload(t, r), 1, 2), `{"data":{"flow":{"slug":"default-authentication-flow","name":"Welcome to authentik!"}},"hasNext":true,"extensions":{"cost":{"upstreamRequests":N,"estimatedUpstreamRequests":2}}}`; got != want {
		t.Errorf("first payload:\n got %s\nwant %s", got, want)
	}
	second := nextPayload(t, r)
	if want := `{"incremental":[{"errors":[{"message":"upstream timed out","path":["flow","bindings"],"locations":[{"line":1,"column":70}],"extensions":{"code":"UPSTREAM_TIMEOUT"}}],"data":null,"path":["flow"],"hasNext":false,"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":2}}}],"hasNext":false}`; second != want {
		t.Errorf("second payload:\n got %s\nwant %s", second, want)
	}
	expectEnd(t, r)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("answer took %v, want about the 300 ms deadline", d)
	}
	waitFor(t, "the held upstream call to be cancelled", func() bool {
		for _, q := range e.fake.Requests() {
			if strings.HasPrefix(q.Path, "/api/v3/flows/bindings/") {
				return q.Canceled
			}
		}
		return false
	})
}

func urlQueryEscape(s string) string {
	return strings.NewReplacer("%", "%25", " ", "%20", "\"", "%22", "{", "%7B", "}", "%7D", "&", "%26", "#", "%23", "+", "%2B", ":", "%3A").Replace(s)
}
