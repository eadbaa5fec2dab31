package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// inertOrigins are origins that appear in the GraphiQL bundle only as
// text: XML namespaces, links in error messages and license comments.
// Nothing fetches them (the browser tests block and count every request
// off this machine, and the CSP forbids them). A new graphiql version that
// adds an origin fails TestBundleReferencesNoExternalURL: check what uses it
// before adding it here.
var inertOrigins = []string{
	"http://www.w3.org",        // SVG/XLink/XHTML namespaces
	"https://github.com",       // links in comments and messages
	"https://react.dev",        // React's error-decoder links
	"https://yarnpkg.com",      // a comment in a dependency
	"https://en.wikipedia.org", // markdown-it's docs link
	"https://commonmark.org",   // markdown-it's docs link
	"https://codemirror.net",   // CodeMirror's license header
	// The dashboard's chunks (mermaid and its dependencies):
	"http://en.wikipedia.org", // a link in a license comment
	"http://engelschall.com",  // a license comment
	"http://opensource.org",   // a license comment
	"https://jquery.org",      // a license comment
	"https://tldrlegal.com",   // a license comment
	"http://underscorejs.org", // lodash's license comment
	"https://lodash.com",      // lodash's license comment
	"https://openjsf.org",     // lodash's license comment
	"http://www.eclipse.org",  // elkjs's EMF/ELK namespace names (elk is never loaded: the dashboard uses dagre)
	"https://chevrotain.io",   // links in chevrotain's error messages
	"https://langium.org",     // a link in langium's error messages
}

func TestBundleReferencesNoExternalURL(t *testing.T) {
	for name, a := range assets() {
		if len(a.bytes(t)) < 100 && !isChunk(name) {
			t.Errorf("%s is empty: run `make ui`", name)
		}
	}
	// Stylesheets: every url() is inline data, and nothing is imported.
	urlRef := regexp.MustCompile(`url\(\s*['"]?([^'")\s]*)`)
	for _, name := range []string{"graphiql.css", "dashboard.css"} {
		css := string(assets()[name].bytes(t))
		if strings.Contains(css, "@import") {
			t.Errorf("%s has an @import", name)
		}
		for _, m := range urlRef.FindAllStringSubmatch(css, -1) {
			if !strings.HasPrefix(m[1], "data:") {
				t.Errorf("%s loads %q", name, m[1])
			}
		}
	}
	// Scripts: only known inert origins appear, as text.
	origin := regexp.MustCompile(`(?i)\b(?:https?|wss?):(?:\\?/){2}[a-z0-9.-]+`)
	var scripts []string
	for name := range assets() {
		if strings.HasSuffix(name, ".js") {
			scripts = append(scripts, name)
		}
	}
	if len(scripts) < 3 {
		t.Fatalf("scripts: %q, want graphiql.js, dashboard.js and the dashboard's chunks", scripts)
	}
	for _, name := range scripts {
		found := map[string]bool{}
		for _, o := range origin.FindAllString(string(assets()[name].bytes(t)), -1) {
			found[strings.ReplaceAll(o, `\/`, "/")] = true
		}
		for o := range found {
			if !slices.Contains(inertOrigins, o) {
				t.Errorf("%s mentions %s: check that nothing loads it, then add it to inertOrigins", name, o)
			}
		}
	}
	// Pages: no absolute URL at all.
	for _, name := range []string{"graphiql.html", "dashboard.html"} {
		b, _ := pages.ReadFile(name)
		if m := regexp.MustCompile(`(?i)(https?:|wss?:|["'(]//)`).Find(b); m != nil {
			t.Errorf("%s has an absolute URL (%s)", name, m)
		}
	}
}

func get(t *testing.T, h http.Handler, target string, header http.Header) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAssets(t *testing.T) {
	h := Assets()
	js := assets()["graphiql.js"]

	r := get(t, h, "/assets/graphiql.js?v="+js.hash, nil)
	if r.StatusCode != http.StatusOK || !bytes.Equal(body(t, r), js.bytes(t)) {
		t.Fatalf("GET graphiql.js: %s", r.Status)
	}
	want := map[string]string{
		"Content-Type":           "text/javascript; charset=utf-8",
		"Cache-Control":          "public, max-age=31536000, immutable",
		"Etag":                   `"` + js.hash + `"`,
		"X-Content-Type-Options": "nosniff",
		"Vary":                   "Accept-Encoding",
		"Content-Encoding":       "",
	}
	for k, v := range want {
		if got := r.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}

	// Another version than the embedded one must be revalidated.
	r = get(t, h, "/assets/graphiql.js?v=0123", nil)
	if got := r.Header.Get("Cache-Control"); got != "no-cache" {
		t.Errorf("stale version: Cache-Control = %q, want no-cache", got)
	}

	// gzip, when accepted, decompresses to the file.
	r = get(t, h, "/assets/graphiql.css", http.Header{"Accept-Encoding": {"br, gzip;q=0.8"}})
	if r.Header.Get("Content-Encoding") != "gzip" || r.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Fatalf("gzip: headers %v", r.Header)
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, assets()["graphiql.css"].bytes(t)) {
		t.Error("the gzipped stylesheet differs from the file")
	}
	if r := get(t, h, "/assets/graphiql.css", http.Header{"Accept-Encoding": {"gzip;q=0"}}); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}

	// A matching ETag is answered 304 without a body.
	r = get(t, h, "/assets/graphiql.js", http.Header{"If-None-Match": {`"` + js.hash + `"`}})
	if r.StatusCode != http.StatusNotModified || len(body(t, r)) != 0 {
		t.Errorf("If-None-Match: %s", r.Status)
	}

	for _, p := range []string{"/assets/", "/assets/nope.js", "/assets/../web.go", "/assets/graphiql/graphiql.js"} {
		if r := get(t, h, p, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %s, want 404", p, r.Status)
		}
	}
}

func TestPages(t *testing.T) {
	nonceAttr := regexp.MustCompile(`data-style-nonce="([A-Za-z0-9_-]{22})"`)
	var nonces []string
	for range 2 {
		r := get(t, GraphiQL(GraphiQLOptions{Endpoint: "/graphql"}), "/", nil)
		b := string(body(t, r))
		m := nonceAttr.FindStringSubmatch(b)
		if m == nil {
			t.Fatalf("no style nonce in the page:\n%s", b)
		}
		nonces = append(nonces, m[1])
		wantCSP := "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-" + m[1] +
			"'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
		if got := r.Header.Get("Content-Security-Policy"); got != wantCSP {
			t.Errorf("CSP = %q, want %q", got, wantCSP)
		}
		for _, s := range []string{
			`src="` + assetURL("graphiql.js") + `"`, `href="` + assetURL("graphiql.css") + `"`,
			`data-endpoint="/graphql"`, `flows(first: 50)`,
		} {
			if !strings.Contains(b, s) {
				t.Errorf("the GraphiQL page lacks %s", s)
			}
		}
		if r.Header.Get("Content-Type") != "text/html; charset=utf-8" || r.Header.Get("Cache-Control") != "no-cache" ||
			r.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GraphiQL page headers: %v", r.Header)
		}
	}
	if nonces[0] == nonces[1] {
		t.Error("two responses share a nonce")
	}

	// The dashboard: style attributes (mermaid's) are the one relaxation;
	// no style nonce, no 'unsafe-eval', nothing inline for scripts.
	r := get(t, Dashboard("/graphql", ""), "/dashboard", nil)
	b := string(body(t, r))
	wantCSP := "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'" +
		"; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	if got := r.Header.Get("Content-Security-Policy"); got != wantCSP {
		t.Errorf("dashboard CSP = %q, want %q", got, wantCSP)
	}
	for _, s := range []string{`<script type="module" src="` + assetURL("dashboard.js") + `"`, `href="` + assetURL("dashboard.css") + `"`, `<body data-endpoint="/graphql">`} {
		if !strings.Contains(b, s) {
			t.Errorf("the dashboard page lacks %s", s)
		}
	}
	if strings.Contains(b, "authentik-url") {
		t.Errorf("without AUTHENTIK_URL the page names one:\n%s", b)
	}

	// With AUTHENTIK_URL, the page carries it in a data attribute, escaped
	// as a URL (html/template), and a URL of another scheme not at all.
	for url, want := range map[string]string{
		`https://auth.example.com/a"b<c`: `<body data-endpoint="/graphql" data-authentik-url="https://auth.example.com/a%22b%3cc">`,
		`javascript:alert(1)`:            `<body data-endpoint="/graphql" data-authentik-url="#ZgotmplZ">`,
	} {
		r = get(t, Dashboard("/graphql", url), "/dashboard", nil)
		if b = string(body(t, r)); !strings.Contains(b, want) {
			t.Errorf("AUTHENTIK_URL %s: the dashboard page lacks %s:\n%s", url, want, b)
		}
	}
}

// TestChunks: the dashboard's chunks are served, cacheable for good (their
// names change with their content) and are every file the build made.
func TestChunks(t *testing.T) {
	entries, err := files.ReadDir("dashboard")
	if err != nil {
		t.Fatal(err)
	}
	chunks := 0
	for _, e := range entries {
		name := e.Name()
		a, ok := assets()[name]
		if !ok {
			t.Errorf("%s is embedded but not served", name)
			continue
		}
		if !isChunk(name) {
			continue
		}
		chunks++
		r := get(t, Assets(), "/assets/"+name, nil)
		if r.StatusCode != http.StatusOK || !bytes.Equal(body(t, r), a.bytes(t)) {
			t.Errorf("GET %s: %s", name, r.Status)
		}
		if got := r.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control = %q", name, got)
		}
	}
	if chunks < 10 {
		t.Errorf("%d chunks, want mermaid's (run `make ui`)", chunks)
	}
}

// bytes reads the whole asset (tests only: the server streams it).
func (a *asset) bytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := a.writeTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
