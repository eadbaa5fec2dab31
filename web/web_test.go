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
}

func TestBundleReferencesNoExternalURL(t *testing.T) {
	for name, a := range assets {
		if len(a.body) < 100 {
			t.Errorf("%s is empty: run `make ui`", name)
		}
	}
	// Stylesheets: every url() is inline data, and nothing is imported.
	urlRef := regexp.MustCompile(`url\(\s*['"]?([^'")\s]*)`)
	for _, name := range []string{"graphiql.css", "dashboard.css"} {
		css := string(assets[name].body)
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
	for _, name := range []string{"graphiql.js", "dashboard.js"} {
		found := map[string]bool{}
		for _, o := range origin.FindAllString(string(assets[name].body), -1) {
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
	js := assets["graphiql.js"]

	r := get(t, h, "/assets/graphiql.js?v="+js.hash, nil)
	if r.StatusCode != http.StatusOK || !bytes.Equal(body(t, r), js.body) {
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
	if !bytes.Equal(plain, assets["graphiql.css"].body) {
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

	r := get(t, Dashboard("/graphql"), "/dashboard", nil)
	b := string(body(t, r))
	if got := r.Header.Get("Content-Security-Policy"); got != csp("") || strings.Contains(got, "nonce") || strings.Contains(got, "unsafe") {
		t.Errorf("dashboard CSP = %q", got)
	}
	for _, s := range []string{`src="` + assetURL("dashboard.js") + `"`, `href="` + assetURL("dashboard.css") + `"`, `data-endpoint="/graphql"`} {
		if !strings.Contains(b, s) {
			t.Errorf("the dashboard page lacks %s", s)
		}
	}
}
