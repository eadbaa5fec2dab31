package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"flowgate/graph"
)

// checkRequest refuses what gqlgen's transports would answer without an
// error code, or with a message that echoes the request body: a POST that
// is not application/json, a body that is not one JSON object of the
// GraphQL-over-HTTP shape, GET variables or extensions that are not a JSON
// object, a connection upgrade. Each gets BAD_REQUEST (415 for the wrong
// Content-Type, else 400) before any upstream call. It is the one place that
// reads a POST body: after the Content-Type check, once, bounded by maxBody
// (larger: 413 QUERY_TOO_LARGE rather than a decode failure deep in the
// handler).
func checkRequest(maxBody int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			writeError(w, r, http.StatusBadRequest, graph.CodeBadRequest, "connection upgrades (websockets) are not supported", nil)
			return
		}
		var msg string
		status := http.StatusBadRequest
		switch r.Method {
		case http.MethodPost:
			if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
				writeError(w, r, http.StatusUnsupportedMediaType, graph.CodeBadRequest, "Content-Type must be application/json", nil)
				return
			}
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				ext := map[string]any{"limit": maxBody}
				if r.ContentLength > 0 {
					ext["actual"] = r.ContentLength
				}
				writeError(w, r, http.StatusRequestEntityTooLarge, graph.CodeQueryTooLarge,
					fmt.Sprintf("request body is larger than %d bytes", maxBody), ext)
				return
			}
			if err != nil {
				writeError(w, r, http.StatusBadRequest, graph.CodeBadRequest, "request body could not be read", nil)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			msg = checkBody(body)
		case http.MethodGet:
			q := r.URL.Query()
			for _, k := range []string{"variables", "extensions"} {
				if v := q.Get(k); v != "" && !isObject([]byte(v), true) {
					msg = k + " must be a JSON object"
				}
			}
		}
		if msg != "" {
			writeError(w, r, status, graph.CodeBadRequest, msg, nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkBody checks a POST body's shape: {"query": string, "operationName":
// string, "variables": object, "extensions": object}, each optional or
// null, other keys ignored. It returns what is wrong, or "".
func checkBody(body []byte) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		return "request body must be one JSON object such as {\"query\": \"{ flows { totalCount } }\"}"
	}
	for _, k := range []string{"query", "operationName"} {
		if v, ok := m[k]; ok && !isNull(v) && (len(v) == 0 || v[0] != '"') {
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

func isNull(v json.RawMessage) bool { return string(v) == "null" }

// isObject reports whether v is a JSON object (or null, when allowed).
func isObject(v []byte, nullOK bool) bool {
	v = bytes.TrimSpace(v)
	if nullOK && string(v) == "null" {
		return true
	}
	var m map[string]json.RawMessage
	return len(v) > 0 && v[0] == '{' && json.Unmarshal(v, &m) == nil
}
