// Package web serves flowgate's browser pages from files embedded in the
// binary: GraphiQL (built from the npm graphiql package by `make ui`, the
// output committed in graphiql/) and the dashboard (TypeScript in
// ui/src/dashboard, built by `make ui` into dashboard/: an ES module and
// its chunks, mermaid among them). Nothing is loaded from another origin,
// and each page's Content-Security-Policy forbids it.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

//go:embed graphiql/graphiql.js graphiql/graphiql.css dashboard
var files embed.FS

//go:embed graphiql.html dashboard.html
var pages embed.FS

// DefaultQuery is the query GraphiQL opens with (the README's example).
const DefaultQuery = `# Flows and their stages in execution order.
# Your authentik token goes in the Headers tab below:
# {"Authorization": "Bearer <token>"}
{
  flows(first: 50) {
    totalCount
    nodes {
      slug
      bindings {
        order
        stage {
          name
        }
      }
    }
  }
}
`

// asset is one embedded file, served under /assets/ by its base name. Its
// bytes stay in the binary's read-only data: they are streamed from there,
// never copied onto the heap (the bundles are ~7 MB).
type asset struct {
	path        string // in files
	size        int64
	contentType string
	hash        string // hex sha256 prefix: the ?v= of its URL, and its ETag

	gzOnce sync.Once
	gz     []byte
}

// assetFiles lists the embedded files served under /assets/: GraphiQL's
// two and every file of the dashboard's build.
func assetFiles() []string {
	names := []string{"graphiql/graphiql.js", "graphiql/graphiql.css"}
	entries, err := files.ReadDir("dashboard")
	if err != nil {
		panic(err) // embedded above
	}
	for _, e := range entries {
		names = append(names, "dashboard/"+e.Name())
	}
	return names
}

// isChunk reports whether name is one of esbuild's chunks (chunk-<hash>.js):
// its name changes with its content, so any request for it may be cached.
func isChunk(name string) bool {
	return strings.HasPrefix(name, "chunk-") && strings.HasSuffix(name, ".js")
}

// assets are the files served under /assets/ by base name, hashed on
// first use (the first page or asset served), not at start: a flowgate that
// serves only GraphQL never reads the bundles.
var assets = sync.OnceValue(func() map[string]*asset {
	m := map[string]*asset{}
	for _, p := range assetFiles() {
		if _, dup := m[path.Base(p)]; dup {
			panic("two assets named " + path.Base(p))
		}
		a := &asset{path: p, contentType: "text/javascript; charset=utf-8"}
		if path.Ext(p) == ".css" {
			a.contentType = "text/css; charset=utf-8"
		}
		h := sha256.New()
		n, err := a.writeTo(h)
		if err != nil {
			panic(err) // listed from the same embedded files
		}
		a.size, a.hash = n, hex.EncodeToString(h.Sum(nil)[:8])
		m[path.Base(p)] = a
	}
	return m
})

// writeTo copies the asset's bytes to w, straight from the binary.
func (a *asset) writeTo(w io.Writer) (int64, error) {
	f, err := files.Open(a.path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(w, f)
}

// gzipped compresses the asset once, on first use.
func (a *asset) gzipped() []byte {
	a.gzOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = a.writeTo(zw)
		_ = zw.Close()
		a.gz = buf.Bytes()
	})
	return a.gz
}

// assetURL is the versioned URL of an asset; a new build changes it, so
// browsers may cache each version for good.
func assetURL(name string) string {
	return "/assets/" + name + "?v=" + assets()[name].hash
}

var tmpl = template.Must(template.New("").Funcs(template.FuncMap{"asset": assetURL}).ParseFS(pages, "*.html"))

// csp is the policy of every page: same-origin scripts, styles, fonts and
// GraphQL requests only; no inline script, no eval, no framing, no form
// posts. styleNonce, when set, admits the <style> elements GraphiQL's
// dialogs add.
// styleAttrs admits style attributes: mermaid sets the size and position
// of the diagram's parts with them while it draws (d3's attr("style")),
// and the CSP has no way to admit only mermaid's. Attributes cannot load
// anything (img-src and font-src stay 'self' and data:), hold no selector
// (so no attribute-selector leaks), and the dashboard builds its DOM with
// textContent only; the dashboard alone asks for them.
func csp(styleNonce string, styleAttrs bool) string {
	style := "'self'"
	if styleNonce != "" {
		style += " 'nonce-" + styleNonce + "'"
	}
	attrs := ""
	if styleAttrs {
		attrs = "; style-src-attr 'unsafe-inline'"
	}
	return "default-src 'none'; script-src 'self'; style-src " + style + attrs +
		"; img-src 'self' data:; font-src 'self' data:; connect-src 'self'" +
		"; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

func securityHeaders(h http.Header, styleNonce string, styleAttrs bool) {
	h.Set("Content-Security-Policy", csp(styleNonce, styleAttrs))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// page renders an HTML page. It is never cached without revalidation, so a
// new flowgate version's assets are picked up at once.
func page(name string, data func(nonce string) any, nonce, styleAttrs bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n string
		if nonce {
			b := make([]byte, 16)
			_, _ = rand.Read(b)
			n = base64.RawURLEncoding.EncodeToString(b)
		}
		var buf bytes.Buffer
		if err := tmpl.ExecuteTemplate(&buf, name, data(n)); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		securityHeaders(w.Header(), n, styleAttrs)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Vary", "Accept-Encoding")
		body := buf.Bytes()
		if acceptsGzip(r) && len(body) > 1024 {
			var gz bytes.Buffer
			zw := gzip.NewWriter(&gz)
			_, _ = zw.Write(body)
			_ = zw.Close()
			body = gz.Bytes()
			w.Header().Set("Content-Encoding", "gzip")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	})
}

// Example is an example operation offered in GraphiQL's Examples panel.
type Example struct {
	Name  string `json:"name"`
	Group string `json:"group"`
	// Description is the document's leading comment, if any.
	Description string `json:"description,omitempty"`
	Query       string `json:"query"`
	// Variables is a JSON object to start the variables editor with.
	Variables string `json:"variables,omitempty"`
}

// GraphiQLOptions configure the GraphiQL page.
type GraphiQLOptions struct {
	// Endpoint is the GraphQL endpoint's path.
	Endpoint string
	// Examples are offered in the Examples panel.
	Examples []Example
	// Trace offers the upstream trace toggle (the server answers
	// X-Flowgate-Trace: 1).
	Trace bool
}

// GraphiQL serves the GraphiQL page. Its script and styles are served by
// Assets; its examples travel in the page (a data attribute: the CSP
// allows no inline script).
func GraphiQL(o GraphiQLOptions) http.Handler {
	ex := o.Examples
	if ex == nil {
		ex = []Example{}
	}
	exJSON, err := json.Marshal(ex)
	if err != nil {
		panic(err) // strings only
	}
	trace := "false"
	if o.Trace {
		trace = "true"
	}
	return page("graphiql.html", func(nonce string) any {
		return map[string]string{"Endpoint": o.Endpoint, "DefaultQuery": DefaultQuery, "StyleNonce": nonce,
			"Examples": string(exJSON), "Trace": trace}
	}, true, false)
}

// Dashboard serves the dashboard page, a client of the GraphQL endpoint at
// endpoint. Its script and styles are served by Assets. authentikURL, when
// not empty, is the base URL of the authentik behind flowgate: a flow's
// screen then links to authentik's page that runs the flow
// (<authentikURL>/if/flow/<slug>/). It is a URL the operator configured;
// the template escapes it into a data attribute, and the script links to it
// only when it is http or https.
func Dashboard(endpoint, authentikURL string) http.Handler {
	return page("dashboard.html", func(string) any {
		return map[string]string{"Endpoint": endpoint, "AuthentikURL": authentikURL}
	}, false, true)
}

// Assets serves the pages' scripts and styles under /assets/. A request
// naming the current version (?v=) may be cached for a year; any other is
// revalidated by ETag. Clients that accept gzip get it.
func Assets() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets()[strings.TrimPrefix(r.URL.Path, "/assets/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		securityHeaders(h, "", false)
		h.Set("Content-Type", a.contentType)
		h.Set("Vary", "Accept-Encoding")
		if r.URL.Query().Get("v") == a.hash || isChunk(path.Base(r.URL.Path)) {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		var gz []byte
		etag := `"` + a.hash + `"`
		if acceptsGzip(r) {
			gz, etag = a.gzipped(), `"`+a.hash+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("ETag", etag)
		if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if gz != nil {
			h.Set("Content-Length", strconv.Itoa(len(gz)))
			_, _ = w.Write(gz)
			return
		}
		h.Set("Content-Length", strconv.FormatInt(a.size, 10))
		_, _ = a.writeTo(w)
	})
}

// acceptsGzip reports whether Accept-Encoding lists gzip with a non-zero
// quality.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
