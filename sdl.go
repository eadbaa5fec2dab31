package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"flowgate/graph"
)

// sdlHandler serves the schema as one SDL file (graph.SDL, the same bytes
// as the committed schema.graphql) for client code generators: GET
// /graphql/schema.graphql. It reveals what introspection reveals, so it is
// refused with INTROSPECTION_DISABLED when introspection is off.
func sdlHandler(cfg config) http.Handler {
	body := graph.SDL()
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cfg.Introspection {
			writeError(w, r, http.StatusForbidden, graph.CodeIntrospectionDisabled,
				"introspection is disabled on this server, and with it the schema file", nil)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", etag)
		if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
	})
}
