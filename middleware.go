package main

// The HTTP wrappers of flowgate's request chain, in the order a request
// meets them (NewServer assembles them in this order):
//
//  1. withRequestID  every request: an id for logs, the answer and authentik
//  2. logRequests    every request: one log line when it ends
//  3. withCORS       /graphql: browsers' cross-origin calls
//     (routing: the mux picks /graphql, the pages, /healthz, /metrics)
//  4. instrument     /graphql: metrics and the server span
//  5. withDeadline   /graphql: REQUEST_TIMEOUT for the whole request
//  6. withCredentials /graphql: the caller's Authorization, checked, into the context
//  7. checkRequest   /graphql: the GraphQL-over-HTTP shape, body read once
//     then loader.Middleware (per-request loaders) and gqlgen's handler.
//
// writeError, at the end, is how every wrapper refuses a request.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"flowgate/graph"
	"flowgate/upstream"
)

// middleware is one wrapper of the chain.
type middleware func(http.Handler) http.Handler

// chain wraps h in the wrappers, the first listed outermost: a request
// meets them in the order they are listed.
func chain(h http.Handler, wrappers ...middleware) http.Handler {
	for i := len(wrappers) - 1; i >= 0; i-- {
		h = wrappers[i](h)
	}
	return h
}

// --- 1. request id ------------------------------------------------------------

type requestIDKey struct{}

var saneRequestID = regexp.MustCompile(`^[A-Za-z0-9._:+/=-]{1,128}$`)

// withRequestID gives every request an id: the caller's X-Request-ID when
// it is sane (1-128 characters of [A-Za-z0-9._:+/=-], and not part of the
// caller's credentials), else a new random one. It is returned in the
// response header, added to every log line of the request and sent to
// authentik. It also reads the caller's W3C trace context, which upstream
// requests continue.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !saneRequestID.MatchString(id) || (len(id) >= 8 && strings.Contains(r.Header.Get("Authorization"), id)) {
			var b [16]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		ctx = upstream.WithRequestID(ctx, id)
		ctx = propagation.TraceContext{}.Extract(ctx, propagation.HeaderCarrier(r.Header))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func requestIDFrom(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}

// --- 2. logs ------------------------------------------------------------------

// logRequests logs one line per request: method, path (never the query
// string, which may carry variables), status, size and duration. Headers
// are never logged.
func logRequests(logger *slog.Logger) middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &statusRecorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			logger.InfoContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path,
				"status", rec.status, "bytes", rec.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000)
		})
	}
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// --- 3. CORS ------------------------------------------------------------------

// CORS: the headers a browser may send, and how long it may cache a
// preflight answer.
const (
	corsAllowHeaders = "Content-Type, Authorization, X-Request-ID"
	corsMaxAge       = "600"
)

// withCORS answers browsers' cross-origin requests to /graphql for the
// origins in cfg.CORSOrigins only. Allowed origins get
// Access-Control-Allow-Origin (their own origin, or * when the list is * and
// credentials are off); a preflight from any other origin, or for another
// method or header, is refused with 403 and no CORS headers. Responses vary
// by Origin. With no origins configured it does nothing, and browsers
// refuse cross-origin calls on their own.
func withCORS(cfg config) middleware {
	return func(next http.Handler) http.Handler {
		if len(cfg.CORSOrigins) == 0 {
			return next
		}
		anyOrigin := slices.Contains(cfg.CORSOrigins, "*")
		allowed := func(origin string) bool {
			return anyOrigin || slices.Contains(cfg.CORSOrigins, strings.ToLower(origin))
		}
		allowOrigin := func(h http.Header, origin string) {
			if anyOrigin && !cfg.CORSAllowCredentials {
				h.Set("Access-Control-Allow-Origin", "*")
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
			}
			if cfg.CORSAllowCredentials {
				h.Set("Access-Control-Allow-Credentials", "true")
			}
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/graphql" {
				next.ServeHTTP(w, r)
				return
			}
			h := w.Header()
			h.Add("Vary", "Origin")
			origin := r.Header.Get("Origin")
			preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
			if !preflight {
				if origin != "" && allowed(origin) {
					allowOrigin(h, origin)
					h.Set("Access-Control-Expose-Headers", "X-Request-ID")
				}
				next.ServeHTTP(w, r)
				return
			}
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			method := r.Header.Get("Access-Control-Request-Method")
			if origin == "" || !allowed(origin) || (method != http.MethodGet && method != http.MethodPost) ||
				!headersAllowed(r.Header.Values("Access-Control-Request-Headers")) {
				http.Error(w, "CORS request not allowed", http.StatusForbidden)
				return
			}
			allowOrigin(h, origin)
			h.Set("Access-Control-Allow-Methods", "GET, POST")
			h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
			h.Set("Access-Control-Max-Age", corsMaxAge)
			w.WriteHeader(http.StatusNoContent)
		})
	}
}

// headersAllowed checks a preflight's Access-Control-Request-Headers
// against corsAllowHeaders.
func headersAllowed(values []string) bool {
	for _, v := range values {
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			ok := false
			for _, a := range strings.Split(corsAllowHeaders, ", ") {
				ok = ok || strings.EqualFold(name, a)
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

// --- 4. metrics and traces ----------------------------------------------------

// instrument wraps the GraphQL endpoint: it counts requests in flight,
// opens the server span (continuing the caller's traceparent) and records
// each request's outcome and latency by operation.
func (t *telemetry) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		t.inFlight.Inc()
		defer t.inFlight.Dec()
		info := &requestInfo{}
		ctx := context.WithValue(r.Context(), requestInfoKey{}, info)
		var span trace.Span
		if t.tracer != nil {
			ctx, span = t.tracer.Start(ctx, "graphql", trace.WithSpanKind(trace.SpanKindServer),
				trace.WithAttributes(attribute.String("http.request.method", r.Method), attribute.String("http.route", "/graphql")))
		}
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))

		info.mu.Lock()
		op, opType, code := info.operation, info.operationType, info.code
		info.mu.Unlock()
		op = t.operationLabel(op, r.Header.Get("Authorization"))
		switch {
		case code != "":
		case rec.status >= 400:
			code = graph.CodeBadRequest
		default:
			code = "OK"
		}
		t.requests.WithLabelValues(op, code).Inc()
		t.duration.WithLabelValues(op).Observe(time.Since(start).Seconds())
		if span != nil {
			if opType != "" {
				span.SetName(opType + " " + op)
			}
			span.SetAttributes(attribute.String("graphql.operation.name", op), attribute.String("flowgate.outcome", code),
				attribute.Int("http.response.status_code", max(rec.status, 200)))
			if id := requestIDFrom(ctx); id != "" {
				span.SetAttributes(attribute.String("flowgate.request_id", id))
			}
			if code != "OK" {
				span.SetStatus(codes.Error, code)
			}
			span.End()
		}
	})
}

// --- 5. deadline --------------------------------------------------------------

// withDeadline bounds a whole GraphQL request: when it passes, upstream
// calls still running are cancelled and their fields fail with
// UPSTREAM_TIMEOUT.
func withDeadline(d time.Duration) middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// --- 6. credentials -----------------------------------------------------------

// maxAuthorizationLen bounds the Authorization header; real bearer tokens
// (authentik keys, JWT access tokens) are far shorter.
const maxAuthorizationLen = 8192

// withCredentials moves the caller's Authorization header, and nothing else
// of the caller's, into the context for upstream calls, and bounds the
// request's upstream concurrency.
func withCredentials(cfg config) middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			authz := r.Header.Values("Authorization")
			if len(authz) > 1 || (len(authz) == 1 && !validAuthorization(authz[0])) {
				writeError(w, r, http.StatusBadRequest, graph.CodeBadRequest, "malformed Authorization header", nil)
				return
			}
			ctx := r.Context()
			if len(authz) == 1 {
				ctx = upstream.WithCredentials(ctx, authz[0])
			}
			ctx = upstream.WithLimit(ctx, cfg.RequestParallel)
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

func validAuthorization(s string) bool {
	if s == "" || len(s) > maxAuthorizationLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// --- 7. request shape ---------------------------------------------------------

// checkRequest refuses what gqlgen's transports would answer without an
// error code, or with a message that echoes the request body: a POST that
// is not application/json, a body that is not one JSON object of the
// GraphQL-over-HTTP shape, GET variables or extensions that are not a JSON
// object, a connection upgrade. Each gets BAD_REQUEST (415 for the wrong
// Content-Type, else 400) before any upstream call. It is the one place that
// reads a POST body: after the Content-Type check, once, bounded by maxBody
// (larger: 413 QUERY_TOO_LARGE rather than a decode failure deep in the
// handler).
func checkRequest(maxBody int64) middleware {
	return func(next http.Handler) http.Handler {
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

// --- refusals -----------------------------------------------------------------

// writeError answers with a GraphQL error body, for failures before the
// GraphQL handler runs. ext adds to extensions.code.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string, ext map[string]any) {
	if info := requestInfoFrom(r.Context()); info != nil {
		info.set("", "", code)
	}
	extensions := map[string]any{"code": code}
	for k, v := range ext {
		extensions[k] = v
	}
	type gqlErr struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(struct {
		Errors []gqlErr `json:"errors"`
		Data   any      `json:"data"`
	}{Errors: []gqlErr{{Message: msg, Extensions: extensions}}})
}
