package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"flowgate/graph"
	"flowgate/upstream/upstreamtest"
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
			r.Header.Set("GraphQL-Preflight", "1") // default credentials: not a cross-site request
			return r
		}, 200, 1, `{"data":{"flow":{"slug":"default-invalidation-flow"}},"extensions":{"cost":{"upstreamRequests":1,"estimatedUpstreamRequests":1}}}`},
		{"form POST refused", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader("query="+url.QueryEscape(query)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 415, 0, `{"errors":[{"message":"Content-Type must be application/json","extensions":{"code":"UNSUPPORTED_MEDIA_TYPE"}}],"data":null}`},
		{"multipart POST refused", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader("--x\r\n\r\n--x--"))
			r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			return r
		}, 415, 0, `{"errors":[{"message":"Content-Type must be application/json","extensions":{"code":"UNSUPPORTED_MEDIA_TYPE"}}],"data":null}`},
		{"text/plain POST refused", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(`{"query":"{ flows { totalCount } }"}`))
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, 415, 0, `{"errors":[{"message":"Content-Type must be application/json","extensions":{"code":"UNSUPPORTED_MEDIA_TYPE"}}],"data":null}`},
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
		{"/dashboard/", "application/json", `"code":"ROUTE_NOT_FOUND"`, 404},
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

// rawExchange sends raw bytes as one HTTP/1.1 request to the test server
// (for what http.Client will not send: a folded header) and reads the
// answer.
func (e *env) rawExchange(t *testing.T, raw string) (*http.Response, []byte) {
	t.Helper()
	c, err := net.Dial("tcp", e.srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, body
}

// TestHostileEdge sends what an attacker or a confused client sends to
// the HTTP edge, in demo mode (requests without Authorization act with the
// fake's admin token). Each gets its documented status and code in the one
// error shape, /graphql answers are private, and none costs an upstream
// request or changes the fake's data.
func TestHostileEdge(t *testing.T) {
	e := newEnv(t, envOptions{})
	const mutation = `mutation { createFlow(input: {name: "pwned", slug: "pwned", title: "pwned", designation: AUTHENTICATION}) { slug } }`
	post := func(body string) func() *http.Request {
		return func() *http.Request {
			r, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			return r
		}
	}
	mutationBody := `{"query": ` + strconv.Quote(mutation) + `}`
	with := func(mk func() *http.Request, edit func(*http.Request)) func() *http.Request {
		return func() *http.Request { r := mk(); edit(r); return r }
	}
	get := func(query string) func() *http.Request {
		return func() *http.Request {
			r, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.srv.URL+"/graphql?"+query, nil)
			return r
		}
	}
	auth := func(values ...string) func(*http.Request) {
		return func(r *http.Request) {
			for _, v := range values {
				r.Header.Add("Authorization", v)
			}
		}
	}
	tests := []struct {
		name    string
		req     func() *http.Request
		raw     string // sent as is instead of req
		status  int
		code    string
		message string // "" to check only the code
		allow   string
	}{
		{name: "DNS rebinding: a mutation with Host attacker.example", req: with(post(mutationBody), func(r *http.Request) { r.Host = "attacker.example" }),
			status: 421, code: "HOST_NOT_ALLOWED", message: "this server does not answer for this Host; list it in ALLOWED_HOSTS"},
		{name: "DNS rebinding: a GET with Host attacker.example:8080", req: with(get("query=%7Bflows%7BtotalCount%7D%7D"), func(r *http.Request) { r.Host = "attacker.example:8080" }),
			status: 421, code: "HOST_NOT_ALLOWED"},
		{name: "cross-site GET with the default credentials", req: with(get("query=%7Bflows%7BtotalCount%7D%7D"), func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }),
			status: 403, code: "CROSS_SITE_REQUEST"},
		{name: "GET with the default credentials and no sign of its site", req: get("query=%7Bflows%7BtotalCount%7D%7D"),
			status: 403, code: "CROSS_SITE_REQUEST"},
		{name: "two tokens in one Authorization header", req: with(post(`{"query":"{ flows { totalCount } }"}`), auth("Bearer "+upstreamtest.AdminToken+" "+upstreamtest.ReadOnlyToken)),
			status: 400, code: "BAD_REQUEST", message: "malformed Authorization header: want exactly one credential after Bearer"},
		{name: "Bearer with no token", req: with(post(`{"query":"{ flows { totalCount } }"}`), auth("Bearer ")),
			status: 400, code: "BAD_REQUEST", message: "malformed Authorization header: want exactly one credential after Bearer"},
		{name: "two Authorization headers", req: with(post(`{"query":"{ flows { totalCount } }"}`), auth("Bearer "+upstreamtest.ReadOnlyToken, "Bearer "+upstreamtest.AdminToken)),
			status: 400, code: "BAD_REQUEST", message: "malformed Authorization header: send it once"},
		{name: "an unknown scheme", req: with(post(`{"query":"{ flows { totalCount } }"}`), auth("Token "+upstreamtest.AdminToken)),
			status: 400, code: "BAD_REQUEST", message: "malformed Authorization header: want Bearer <token> or Basic <credentials>"},
		{name: "Basic that is not user:password", req: with(post(`{"query":"{ flows { totalCount } }"}`), auth("Basic "+base64.StdEncoding.EncodeToString([]byte("no-colon")))),
			status: 400, code: "BAD_REQUEST", message: "malformed Authorization header: Basic credentials must be base64 of user:password"},
		{name: "a folded Authorization header", raw: "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer " + upstreamtest.AdminToken +
			"\r\n " + upstreamtest.ReadOnlyToken + "\r\nContent-Length: 35\r\nConnection: close\r\n\r\n" + `{"query":"{ flows { totalCount } }"}`[:35],
			status: 400, code: "BAD_REQUEST", message: "malformed Authorization header: want exactly one credential after Bearer"},
		{name: "a duplicate key hides a mutation", req: post(`{"query": "{ __typename }", "query": ` + strconv.Quote(mutation) + `}`),
			status: 400, code: "BAD_REQUEST", message: `request body repeats the key "query"`},
		{name: "a key repeated in another case hides a mutation", req: post(`{"query": "{ __typename }", "Query": ` + strconv.Quote(mutation) + `}`),
			status: 400, code: "BAD_REQUEST", message: `request body repeats the key "Query"`},
		{name: "a duplicate key in variables", req: post(`{"query": "query($s: String!) { flow(slug: $s) { slug } }", "variables": {"s": "a", "s": "b"}}`),
			status: 400, code: "BAD_REQUEST", message: `request body repeats the key "s"`},
		{name: "a GET parameter given twice", req: with(get("query=%7B__typename%7D&query=%7Bflows%7BtotalCount%7D%7D"), func(r *http.Request) { r.Header.Set("GraphQL-Preflight", "1") }),
			status: 400, code: "BAD_REQUEST", message: "the parameter query is given more than once"},
		{name: "a mutation over GET", req: with(get("query="+url.QueryEscape(mutation)), func(r *http.Request) { r.Header.Set("GraphQL-Preflight", "1") }),
			status: 405, code: "METHOD_NOT_ALLOWED", message: "GET runs queries only: send mutations with POST", allow: "POST"},
		{name: "PUT /graphql", req: with(post(mutationBody), func(r *http.Request) { r.Method = http.MethodPut }),
			status: 405, code: "METHOD_NOT_ALLOWED", message: "PUT is not allowed: send GraphQL requests with GET (queries) or POST", allow: "GET, POST"},
		{name: "/graphql/", req: func() *http.Request {
			r, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.srv.URL+"/graphql/", strings.NewReader(mutationBody))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, status: 404, code: "ROUTE_NOT_FOUND", message: "nothing is served at this path: GraphQL is at /graphql"},
		{name: "DELETE /healthz", req: func() *http.Request {
			r, _ := http.NewRequestWithContext(t.Context(), http.MethodDelete, e.srv.URL+"/healthz", nil)
			return r
		}, status: 405, code: "METHOD_NOT_ALLOWED", message: "DELETE is not allowed here", allow: "GET, HEAD"},
		{name: "an oversized header", req: with(post(mutationBody), func(r *http.Request) { r.Header.Set("X-Padding", strings.Repeat("a", 100<<10)) }),
			status: 431, code: "HEADER_TOO_LARGE", message: "request line and headers are larger than 65536 bytes"},
		{name: "a form POST", req: with(post("query="+url.QueryEscape(mutation)), func(r *http.Request) { r.Header.Set("Content-Type", "application/x-www-form-urlencoded") }),
			status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "Content-Type must be application/json"},
		{name: "a CORS preflight with no CORS_ORIGINS", req: func() *http.Request {
			r, _ := http.NewRequestWithContext(t.Context(), http.MethodOptions, e.srv.URL+"/graphql", nil)
			r.Header.Set("Origin", "https://attacker.example")
			r.Header.Set("Access-Control-Request-Method", "POST")
			return r
		}, status: 403, code: "CORS_NOT_ALLOWED"},
		{name: "two operations without operationName", req: post(`{"query": "query A { __typename } query B { __typename }"}`),
			status: 422, code: "GRAPHQL_VALIDATION_FAILED", message: "the document has several operations: set operationName to the one to run"},
		{name: "a websocket upgrade", req: with(get("query=%7B__typename%7D"), func(r *http.Request) {
			r.Header.Set("Upgrade", "websocket")
			r.Header.Set("Connection", "Upgrade")
			r.Header.Set("GraphQL-Preflight", "1")
		}), status: 400, code: "BAD_REQUEST", message: "connection upgrades (websockets) are not supported"},
	}
	before := e.fake.Snapshot()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.fake.Reset()
			var resp *http.Response
			var body []byte
			if tt.raw != "" {
				resp, body = e.rawExchange(t, tt.raw)
			} else {
				r, err := http.DefaultClient.Do(tt.req())
				if err != nil {
					t.Fatal(err)
				}
				body, _ = io.ReadAll(r.Body)
				r.Body.Close()
				resp = r
			}
			var got struct {
				Errors []struct {
					Message    string         `json:"message"`
					Extensions map[string]any `json:"extensions"`
				} `json:"errors"`
				Data any `json:"data"`
			}
			if err := json.Unmarshal(body, &got); err != nil || len(got.Errors) != 1 || got.Data != nil {
				t.Fatalf("status %d, body %q: not one GraphQL error (%v)", resp.StatusCode, body, err)
			}
			if code := got.Errors[0].Extensions["code"]; resp.StatusCode != tt.status || code != tt.code {
				t.Errorf("got %d %v, want %d %s: %s", resp.StatusCode, code, tt.status, tt.code, body)
			}
			if want := graph.HTTPStatus(tt.code); want != tt.status {
				t.Errorf("the table gives %s HTTP %d, the test %d", tt.code, want, tt.status)
			}
			if tt.message != "" && got.Errors[0].Message != tt.message {
				t.Errorf("message = %q, want %q", got.Errors[0].Message, tt.message)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q", ct)
			}
			if got := resp.Header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
			if tt.raw != "" || resp.Request.URL.Path == "/graphql" {
				if resp.Header.Get("Cache-Control") != "private, no-store" || !strings.HasPrefix(resp.Header.Get("Vary"), "Authorization, Origin") {
					t.Errorf("Cache-Control %q, Vary %q", resp.Header.Get("Cache-Control"), resp.Header.Get("Vary"))
				}
			}
			if n := e.fake.RequestCount(); n != 0 {
				t.Errorf("%d upstream requests, want 0", n)
			}
		})
	}
	if e.fake.Snapshot() != before {
		t.Error("the fake's data changed: a refused request ran")
	}
	// The same mutation with this server's own Host runs (the rebinding
	// test above refused the Host, not the request).
	resp := e.post(t, mutation, nil, nil)
	if resp.Status != 200 || len(resp.Errors) > 0 || e.fake.Snapshot() == before {
		t.Errorf("the mutation with the right Host: %d %s", resp.Status, resp.Raw)
	}
}

// TestGraphQLAnswersArePrivate: every /graphql answer, success or refusal,
// carries Cache-Control: private, no-store and Vary: Authorization, Origin.
func TestGraphQLAnswersArePrivate(t *testing.T) {
	e := newEnv(t, envOptions{})
	for name, headers := range map[string]map[string]string{
		"an answer":     nil,
		"a refusal":     {"Authorization": "Bearer "},
		"a field error": {"Authorization": "Bearer not-a-token"},
	} {
		resp := e.post(t, `{ flows(first: 1) { totalCount } }`, nil, headers)
		if cc, v := resp.Header.Get("Cache-Control"), resp.Header.Values("Vary"); cc != "private, no-store" || strings.Join(v, ", ") != "Authorization, Origin" {
			t.Errorf("%s (%d): Cache-Control %q, Vary %q", name, resp.Status, cc, v)
		}
	}
}

// referenceFoldedMember returns the first top-level key of the JSON object
// body that matches one of the four members regardless of case after an
// earlier key did (gqlgen's decoder would take the later value).
func referenceFoldedMember(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return ""
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		k, _ := t.(string)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return ""
		}
		for _, m := range []string{"query", "operationName", "variables", "extensions"} {
			if strings.EqualFold(k, m) {
				if seen[m] {
					return k
				}
				seen[m] = true
			}
		}
	}
	return ""
}

// referenceCheckBody is checkBody as it was written first (decoding the
// body into a map, then its tokens one by one): the single-pass checkBody
// must answer exactly as it does.
func referenceCheckBody(body []byte) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		return "request body must be one JSON object such as {\"query\": \"{ flows { totalCount } }\"}"
	}
	if key := referenceDuplicateKey(body); key != "" {
		return "request body repeats the key " + strconv.Quote(key)
	}
	if key := referenceFoldedMember(body); key != "" {
		return "request body repeats the key " + strconv.Quote(key)
	}
	for _, k := range []string{"query", "operationName"} {
		if v, ok := m[k]; ok && string(v) != "null" && (len(v) == 0 || v[0] != '"') {
			return k + " must be a string"
		}
	}
	for _, k := range []string{"variables", "extensions"} {
		if v, ok := m[k]; ok && !isObject(v, true) {
			return k + " must be a JSON object"
		}
	}
	return ""
}

func referenceDuplicateKey(v []byte) string {
	dec := json.NewDecoder(bytes.NewReader(v))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{object: d == '{', keys: map[string]bool{}, key: d == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if top == nil || !top.object {
			continue
		}
		if top.key {
			k, _ := tok.(string)
			if top.keys[k] {
				return k
			}
			top.keys[k] = true
			top.key = false
		} else {
			top.key = true
		}
	}
}

// checkBodyCorpus: bodies of every shape checkBody tells apart.
var checkBodyCorpus = []string{
	`{"query":"{ flows { totalCount } }"}`,
	`{"query":"{ a }","operationName":null,"variables":null,"extensions":null}`,
	`{"query":"q","variables":{"a":{"b":[1,{"c":2,"c":3}]}}}`,
	`{"query":"q","query":"r"}`,
	`{"qu\u0065ry":"q","query":"r"}`,
	`{"qu\u0065ry":1}`,
	`{"query":1}`, `{"query":["x"]}`, `{"query":{}}`, `{"operationName":true}`,
	`{"variables":[]}`, `{"variables":"x"}`, `{"extensions":1}`, `{"extensions":{"persistedQuery":{"sha256Hash":"x"}}}`,
	`{"variables":[] , "query": 1}`, `{"query": 1, "variables": []}`,
	` { "query" : "a" , "variables" : { "x" : "y\"z" , "x" : 1 } } `,
	`{"a":{"k":1},"b":{"k":1}}`, `{"a":[{"k":1},{"k":1}]}`, `{"a":[{"k":1,"k":2}]}`,
	`{"a\"b":1,"a\"b":2}`, `{"\\":1,"\\":2}`, `{"x":"\\","x\\":1}`,
	"{\"\xff\":1,\"\xfe\":2}", "{\"é\":1,\"\\u00e9\":2}",
	`{"query":"a","QUERY":"b"}`, `{"Variables":{},"variables":null}`, `{"operationName":"a","\u004fperationName":"b"}`, `{"extensionſ":{},"extensions":{}}`,
	`null`, `[]`, `"query"`, `1`, ``, `{`, `{"query":"q"} {}`, `{"query":"q",}`, `{"query" "q"}`,
	`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":0,"k11":1,"k12":2,"k13":3,"k14":4,"k15":5,"k16":6,"k17":7,"k18":8,"k19":9,"k20":0,"k21":1,"k22":2,"k23":3,"k24":4,"k25":5,"k26":6,"k27":7,"k28":8,"k29":9,"k30":0,"k31":1,"k32":2,"k33":3,"k5":0}`,
	`{"query":"{ a }","variables":{"deep":[[[[{"x":[{"y":1,"z":{"y":2}}]}]]]]}}`,
}

// TestCheckBody_AsReference: checkBody (one pass, no decoding) answers
// every body of the corpus exactly as the decoding reference does.
func TestCheckBody_AsReference(t *testing.T) {
	for _, body := range checkBodyCorpus {
		if got, want := checkBody([]byte(body)), referenceCheckBody([]byte(body)); got != want {
			t.Errorf("checkBody(%s) = %q, want %q", body, got, want)
		}
		if got, want := duplicateKey([]byte(body)), referenceDuplicateKey([]byte(body)); json.Valid([]byte(body)) && got != want {
			t.Errorf("duplicateKey(%s) = %q, want %q", body, got, want)
		}
	}
}

// FuzzCheckBody: for any body, checkBody answers as the reference does.
func FuzzCheckBody(f *testing.F) {
	for _, body := range checkBodyCorpus {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if got, want := checkBody([]byte(body)), referenceCheckBody([]byte(body)); got != want {
			t.Fatalf("checkBody(%q) = %q, want %q", body, got, want)
		}
	})
}

// The character checks that replaced regular expressions on the request
// path: each answers as its expression does.
var (
	saneRequestIDRE = regexp.MustCompile(`^[A-Za-z0-9._:+/=-]{1,128}$`)
	token68RE       = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+=*$`)
	graphqlNameRE   = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)
)

var charCheckCorpus = []string{
	"", "a", "_", "0", "0a", "a0", "_0", "A_b9", "abc-def", "a.b", "a b", "a=", "=", "==", "a==", "a=b", "a==b",
	"abc~", "a/b+c", "a:b", "é", "a\x00", "a\n", "Bearer x", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_-~+/==",
	strings.Repeat("a", 64), strings.Repeat("a", 65), strings.Repeat("x", 128), strings.Repeat("x", 129), "_" + strings.Repeat("9", 63),
}

func TestCharChecks_AsRegexps(t *testing.T) {
	for _, s := range charCheckCorpus {
		checkCharChecks(t, s)
	}
}

func checkCharChecks(t *testing.T, s string) {
	t.Helper()
	if got, want := saneRequestID(s), saneRequestIDRE.MatchString(s); got != want {
		t.Errorf("saneRequestID(%q) = %v, want %v", s, got, want)
	}
	if got, want := token68(s), token68RE.MatchString(s); got != want {
		t.Errorf("token68(%q) = %v, want %v", s, got, want)
	}
	if got, want := graphqlName(s), graphqlNameRE.MatchString(s); got != want {
		t.Errorf("graphqlName(%q) = %v, want %v", s, got, want)
	}
}

func FuzzCharChecks(f *testing.F) {
	for _, s := range charCheckCorpus {
		f.Add(s)
	}
	f.Fuzz(checkCharChecks)
}
