package main

// flowgate's request handling, in the order a request meets it. Two
// handlers do it all, each step in turn, with one record of the request
// (requestState) in the context instead of a wrapper, a closure and a
// context value per step:
//
//	edge (every request):
//	 1. request id      an id for logs, the answer and authentik
//	 2. logs            one log line when the request ends (for /graphql: operation,
//	                    error codes, upstream requests)
//	 3. private answers /graphql: Cache-Control and Vary, refusals included
//	 4. header size     headers over maxHeaderBytes: 431 HEADER_TOO_LARGE
//	 5. allowed hosts   a Host not in ALLOWED_HOSTS (DNS rebinding): 421 HOST_NOT_ALLOWED
//	 6. CORS            /graphql: browsers' cross-origin calls and preflights
//	    (routing: the mux picks /graphql, the pages, /healthz, /metrics;
//	    notFound answers the rest)
//	graphqlEndpoint (/graphql):
//	 7. instrument      metrics and the server span
//	 8. deadline        REQUEST_TIMEOUT for the whole request
//	 9. credentials     the caller's Authorization, checked, for upstream calls;
//	                    default credentials only for requests no other site can send
//	    trace           an upstream trace when X-Flowgate-Trace: 1 asks for one
//	10. request shape   method, the GraphQL-over-HTTP shape, the body read once
//	11. shared state    REDIS_REQUIRED (503), the caller's RATE_LIMIT (429), the
//	                    answer cache's savings counter
//	12. meter           the request's upstream budget and cost meter (demand control)
//	then the request's loaders (graph/loader), and
//	13. table status    gqlgen's refusals answered with the status of graph's table
//	and gqlgen's handler.
//
// writeError, at the end, is how every step refuses a request.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"flowgate/graph"
	"flowgate/graph/loader"
	"flowgate/upstream"
)

// requestState is what the edge keeps of one request, in one allocation:
// its id, what the GraphQL layer learns for the log line and metrics, the
// writer that records the answer's status and size, and the writer that
// holds gqlgen's refusals. It is in the request's context.
type requestState struct {
	id   string
	info requestInfo
	rec  statusRecorder
	held heldWriter
}

type requestStateKey struct{}

func requestStateFrom(ctx context.Context) *requestState {
	st, _ := ctx.Value(requestStateKey{}).(*requestState)
	return st
}

// edge is flowgate's HTTP handler: steps 1 to 6 for every request, then
// the routes (mux).
type edge struct {
	logger *slog.Logger
	lines  *logHandler // logger's, when it writes request lines itself
	hosts  hostPolicy
	cors   corsPolicy
	mux    http.Handler
	api    http.Handler // what mux serves at /graphql
}

func (e *edge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st := &requestState{}
	// 1. request id
	st.id = requestIDFor(r)
	w.Header()["X-Request-Id"] = []string{st.id}
	ctx := context.WithValue(r.Context(), requestStateKey{}, st)
	ctx = upstream.WithRequestID(ctx, st.id)
	ctx = propagation.TraceContext{}.Extract(ctx, propagation.HeaderCarrier(r.Header))
	r = r.WithContext(ctx)
	// 2. logs
	start := time.Now()
	st.rec.ResponseWriter = w
	e.serve(&st.rec, r)
	e.logRequest(r, st, start)
}

// serve is steps 3 to 6, then the routes.
func (e *edge) serve(w http.ResponseWriter, r *http.Request) {
	gql := r.URL.Path == "/graphql"
	if gql {
		privateAnswer(w.Header())
	}
	if n := headerBytes(r); n > maxHeaderBytes {
		writeError(w, r, graph.CodeHeaderTooLarge, fmt.Sprintf("request line and headers are larger than %d bytes", maxHeaderBytes),
			map[string]any{"limit": maxHeaderBytes, "actual": n})
		return
	}
	if !e.hosts.allows(r.Host) {
		writeError(w, r, graph.CodeHostNotAllowed, "this server does not answer for this Host; list it in ALLOWED_HOSTS", nil)
		return
	}
	if gql && e.cors.answered(w, r) {
		return
	}
	if gql && r.URL.RawPath == "" && r.Method != http.MethodConnect {
		// What the mux would pick for this path, without its lookup.
		e.api.ServeHTTP(w, r)
		return
	}
	e.mux.ServeHTTP(w, r)
}

// --- 1. request id ------------------------------------------------------------

type requestIDKey struct{}

// requestIDChars are the characters of a sane X-Request-ID.
var requestIDChars = charClass("A-Z", "a-z", "0-9", "._:+/=-")

// saneRequestID reports whether id is ^[A-Za-z0-9._:+/=-]{1,128}$.
func saneRequestID(id string) bool {
	return len(id) >= 1 && len(id) <= 128 && requestIDChars.all(id)
}

// asciiClass is a set of bytes. The checks that run on every request use
// it rather than regular expressions, which cost several times more.
type asciiClass [256]bool

// charClass returns the class of the given ranges ("a-z") and lists of
// single characters.
func charClass(parts ...string) *asciiClass {
	var c asciiClass
	for _, p := range parts {
		if len(p) == 3 && p[1] == '-' {
			for b := int(p[0]); b <= int(p[2]); b++ {
				c[b] = true
			}
			continue
		}
		for i := 0; i < len(p); i++ {
			c[p[i]] = true
		}
	}
	return &c
}

// all reports whether every byte of s is in the class.
func (c *asciiClass) all(s string) bool {
	for i := 0; i < len(s); i++ {
		if !c[s[i]] {
			return false
		}
	}
	return true
}

// requestIDFor is a request's id: the caller's X-Request-ID when it is
// sane (1-128 characters of [A-Za-z0-9._:+/=-], and not part of the
// caller's credentials), else a new random one. It is returned in the
// response header, added to every log line of the request and sent to
// authentik. (The edge also reads the caller's W3C trace context, which
// upstream requests continue.)
func requestIDFor(r *http.Request) string {
	id := r.Header.Get("X-Request-ID")
	if !saneRequestID(id) || (len(id) >= 8 && strings.Contains(r.Header.Get("Authorization"), id)) {
		var b [16]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	return id
}

func requestIDFrom(ctx context.Context) string {
	if st := requestStateFrom(ctx); st != nil {
		return st.id
	}
	return ""
}

// --- 2. logs ------------------------------------------------------------------

// logRequest logs one line per request: method, path (never the query
// string, which may carry variables), status, size and duration; for
// /graphql also the operation's name and type, the error codes of the
// answer and the upstream requests it cost, at level WARN when it has
// errors. Headers, variables and argument values are never logged. The
// record is handed to the logger's handler as slog.Logger.LogAttrs would,
// without looking up the caller's source line (no handler of flowgate's
// logs it); flowgate's own handler (logHandler) writes the same bytes
// itself.
func (e *edge) logRequest(r *http.Request, st *requestState, start time.Time) {
	duration := time.Since(start)
	op, opType, codes := st.info.get()
	l := requestLine{level: slog.LevelInfo, method: r.Method, path: r.URL.Path,
		status: max(st.rec.status, http.StatusOK), bytes: st.rec.bytes, durationMs: float64(duration.Microseconds()) / 1000,
		graphql: r.URL.Path == "/graphql" || len(codes) > 0}
	if len(codes) > 0 {
		l.level = slog.LevelWarn
	}
	ctx := r.Context()
	if !e.logger.Enabled(ctx, l.level) {
		return
	}
	if l.graphql {
		l.operation, l.operationType = loggedOperation(op, r.Header.Get("Authorization")), opType
		l.codes, l.upstreamRequests = codes, st.info.upstreamRequests()
	}
	l.time = time.Now()
	if e.lines != nil {
		// What contextHandler adds.
		l.requestID = st.id
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			l.traceID = sc.TraceID().String()
		}
		if l.plain() {
			_ = e.lines.writeRequestLine(&l)
			return
		}
	}
	_ = e.logger.Handler().Handle(ctx, l.record())
}

// record is l as a log record (without contextHandler's members).
func (l *requestLine) record() slog.Record {
	rec := slog.NewRecord(l.time, l.level, "request", 0)
	rec.AddAttrs(slog.String("method", l.method), slog.String("path", l.path),
		slog.Int("status", l.status), slog.Int("bytes", l.bytes), slog.Float64("duration_ms", l.durationMs))
	if l.graphql {
		rec.AddAttrs(slog.String("operation", l.operation), slog.String("operation_type", l.operationType),
			slog.Any("codes", l.codes), slog.Int64("upstream_requests", l.upstreamRequests))
	}
	return rec
}

// loggedOperation is an operation name as logs show it: a GraphQL name of
// at most 64 characters ("invalid" otherwise) that is not part of the
// caller's credentials ("redacted").
func loggedOperation(name, authorization string) string {
	switch {
	case name == "":
		return ""
	case !graphqlName(name):
		return "invalid"
	case len(name) >= 8 && authorization != "" && strings.Contains(authorization, name):
		return "redacted"
	}
	return name
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

// Flush sends what the handler has written so far (the parts of an
// incremental answer).
func (s *statusRecorder) Flush() {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	_ = http.NewResponseController(s.ResponseWriter).Flush()
}

// --- 3. /graphql answers are private -------------------------------------------

// privateAnswer marks every /graphql answer, refusals included, as
// private and not to be stored, varying by the caller's credentials and
// origin: no shared or browser cache may hand one caller's answer to
// another. (The values are shared, never written to: Header.Add makes a
// new slice.)
func privateAnswer(h http.Header) {
	h["Cache-Control"] = cacheControlPrivate[:1:1]
	h["Vary"] = varyCredentials[:1:1]
}

var (
	cacheControlPrivate = []string{"private, no-store"}
	varyCredentials     = []string{"Authorization, Origin"}
)

// --- 4. header size -----------------------------------------------------------

// maxHeaderBytes bounds a request's line and headers. Larger ones get 431
// HEADER_TOO_LARGE here; beyond the server's MaxHeaderBytes (1 MiB) Go's
// net/http refuses them itself, before any handler, with a plain-text 431.
const maxHeaderBytes = 64 << 10

// serverMaxHeaderBytes is http.Server.MaxHeaderBytes: far above
// maxHeaderBytes, so that this chain, not net/http, answers most oversized
// requests.
const serverMaxHeaderBytes = 1 << 20

// headerBytes is the size of a request's line and headers, as the edge
// bounds them.
func headerBytes(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Host) + 16
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// --- 5. allowed hosts ------------------------------------------------------------

// hostPolicy is the set of Host values flowgate answers (ALLOWED_HOSTS).
type hostPolicy struct {
	any        bool            // "*": every host (a proxy in front checks it)
	names      map[string]bool // lower case, no port, IPv6 without brackets
	ipLiterals bool            // any IP address (a wildcard listener's default)
}

// newHostPolicy returns cfg.AllowedHosts, or the default for cfg.Addr: the
// listen host, plus localhost, 127.0.0.1 and ::1 on a loopback listener;
// on a wildcard listener (0.0.0.0, ::, or no host), any IP address and
// localhost. A name other than these (what a DNS-rebinding page sends)
// must be listed.
func newHostPolicy(cfg config) hostPolicy {
	p := hostPolicy{names: map[string]bool{}}
	if len(cfg.AllowedHosts) > 0 {
		for _, h := range cfg.AllowedHosts {
			if h == "*" {
				p.any = true
			}
			p.names[normalizeHost(h)] = true
		}
		return p
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		host = cfg.Addr
	}
	host = normalizeHost(host)
	ip := net.ParseIP(host)
	switch {
	case host == "" || (ip != nil && ip.IsUnspecified()):
		p.ipLiterals = true
		p.names["localhost"] = true
	case host == "localhost" || (ip != nil && ip.IsLoopback()):
		for _, h := range []string{host, "localhost", "127.0.0.1", "::1"} {
			p.names[h] = true
		}
	default:
		p.names[host] = true
	}
	return p
}

// normalizeHost turns a Host header or an ALLOWED_HOSTS entry into the
// form hostPolicy compares: no port, no IPv6 brackets, no trailing dot,
// lower case.
func normalizeHost(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

// allows reports whether flowgate answers for host. The edge refuses the
// others before anything else reads the request: a page on
// attacker.example whose name was rebound to flowgate's address would
// otherwise run requests with the default credentials (demo mode,
// AUTHENTIK_TOKEN) and read the answers.
func (p hostPolicy) allows(host string) bool {
	if p.any {
		return true
	}
	h := normalizeHost(host)
	if h == "" {
		return false
	}
	return p.names[h] || (p.ipLiterals && net.ParseIP(h) != nil)
}

// --- 6. CORS ------------------------------------------------------------------

// CORS: the headers a browser may send, and how long it may cache a
// preflight answer.
const (
	corsAllowHeaders = "Content-Type, Authorization, X-Request-ID, X-Flowgate-Trace"
	corsMaxAge       = "600"
)

// corsPolicy answers browsers' cross-origin requests to /graphql for the
// origins in CORS_ORIGINS only. Allowed origins get
// Access-Control-Allow-Origin (their own origin, or * when the list is * and
// credentials are off); a preflight from any other origin, or for another
// method or header, or any preflight when no origin is configured, is
// refused with 403 CORS_NOT_ALLOWED and no CORS headers (privateAnswer
// already set Vary: Origin).
type corsPolicy struct {
	origins          []string
	anyOrigin        bool
	allowCredentials bool
}

func newCORSPolicy(cfg config) corsPolicy {
	return corsPolicy{origins: cfg.CORSOrigins, anyOrigin: slices.Contains(cfg.CORSOrigins, "*"), allowCredentials: cfg.CORSAllowCredentials}
}

func (c corsPolicy) allowed(origin string) bool {
	return c.anyOrigin || slices.Contains(c.origins, strings.ToLower(origin))
}

func (c corsPolicy) allowOrigin(h http.Header, origin string) {
	if c.anyOrigin && !c.allowCredentials {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	if c.allowCredentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
}

// answered applies the policy to a /graphql request. It reports whether it
// answered the request (a preflight, allowed or not); otherwise it has set
// the headers of an allowed origin and the request goes on.
func (c corsPolicy) answered(w http.ResponseWriter, r *http.Request) bool {
	h := w.Header()
	origin := r.Header.Get("Origin")
	preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
	if !preflight {
		if origin != "" && c.allowed(origin) {
			c.allowOrigin(h, origin)
			h.Set("Access-Control-Expose-Headers", "X-Request-ID")
		}
		return false
	}
	h.Add("Vary", "Access-Control-Request-Method")
	h.Add("Vary", "Access-Control-Request-Headers")
	method := r.Header.Get("Access-Control-Request-Method")
	if origin == "" || !c.allowed(origin) || (method != http.MethodGet && method != http.MethodPost) ||
		!headersAllowed(r.Header.Values("Access-Control-Request-Headers")) {
		writeError(w, r, graph.CodeCORSNotAllowed, "cross-origin request not allowed: CORS_ORIGINS does not list this origin, method or header", nil)
		return true
	}
	c.allowOrigin(h, origin)
	h.Set("Access-Control-Allow-Methods", "GET, POST")
	h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
	h.Set("Access-Control-Max-Age", corsMaxAge)
	w.WriteHeader(http.StatusNoContent)
	return true
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

// --- 7. metrics and traces ----------------------------------------------------

// graphqlEndpoint serves /graphql: steps 7 to 13, then gqlgen's handler.
type graphqlEndpoint struct {
	tel          *telemetry
	timeout      time.Duration // REQUEST_TIMEOUT
	defaults     bool          // default credentials (demo mode, AUTHENTIK_TOKEN)
	parallel     int           // REQUEST_PARALLEL
	trace        bool          // -upstream-trace
	maxBody      int64
	rep          *replicas
	maxRequests  int64
	maxBytes     int64
	up           *upstream.Client
	loaderConfig loader.Options
	gql          http.Handler
}

func newGraphQLEndpoint(cfg config, up *upstream.Client, tel *telemetry, gql http.Handler) *graphqlEndpoint {
	return &graphqlEndpoint{
		tel:          tel,
		timeout:      cfg.RequestTimeout,
		defaults:     cfg.Demo || cfg.AuthentikToken != "",
		parallel:     cfg.RequestParallel,
		trace:        cfg.UpstreamTrace,
		maxBody:      cfg.MaxBodyBytes,
		rep:          cfg.replicas,
		maxRequests:  int64(cfg.MaxUpstreamReqs),
		maxBytes:     cfg.MaxUpstreamBytes,
		up:           up,
		loaderConfig: loader.Options{Wait: cfg.LoaderWait, Naive: cfg.Naive, OnBatch: tel.observeBatch},
		gql:          gql,
	}
}

// ServeHTTP is step 7, instrumenting: it counts requests in flight, opens
// the server span (continuing the caller's traceparent) and records each
// request's outcome and latency by operation; and step 8, the deadline.
func (g *graphqlEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st := requestStateFrom(r.Context())
	if st == nil { // not behind the edge
		st = &requestState{}
		st.rec.ResponseWriter = w
		w = &st.rec
		r = r.WithContext(context.WithValue(r.Context(), requestStateKey{}, st))
	}
	t := g.tel
	start := time.Now()
	t.inFlight.Inc()
	defer t.inFlight.Dec()
	ctx := r.Context()
	var span trace.Span
	if t.tracer != nil {
		ctx, span = t.tracer.Start(ctx, "graphql", trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.request.method", r.Method), attribute.String("http.route", "/graphql")))
	}
	// 8. The deadline bounds the whole GraphQL request: when it passes,
	// upstream calls still running are cancelled and their fields fail
	// with UPSTREAM_TIMEOUT.
	ctx, cancel := context.WithTimeout(ctx, g.timeout)
	defer cancel()
	g.serve(w, r, ctx, st)

	op, opType, errCodes := st.info.get()
	op = t.operationLabel(op, r.Header.Get("Authorization"))
	code := "OK"
	if len(errCodes) > 0 {
		code = errCodes[0]
	}
	t.observeRequest(op, code, time.Since(start))
	if span != nil {
		if opType != "" {
			span.SetName(opType + " " + op)
		}
		span.SetAttributes(attribute.String("graphql.operation.name", op), attribute.String("flowgate.outcome", code),
			attribute.Int("http.response.status_code", max(st.rec.status, 200)))
		if st.id != "" {
			span.SetAttributes(attribute.String("flowgate.request_id", st.id))
		}
		if code != "OK" {
			span.SetStatus(codes.Error, code)
		}
		span.End()
	}
}

// serve is steps 9 to 13 under ctx (r's context with the deadline and
// the span; steps 9 and 10 read only the request itself), then gqlgen's
// handler. A step that refuses the request
// answers it and ends it here.
func (g *graphqlEndpoint) serve(w http.ResponseWriter, r *http.Request, ctx context.Context, st *requestState) {
	// 9. credentials
	authz, ok := checkCredentials(w, r, g.defaults)
	if !ok {
		return
	}
	var tr *upstream.Trace
	if g.trace && r.Header.Get(traceHeader) == "1" {
		tr = upstream.NewTrace()
	}
	// 10. request shape
	if !checkRequest(w, r, g.maxBody) {
		return
	}
	// 11. shared state
	if !checkSharedState(w, r, ctx, g.rep) {
		return
	}
	if g.rep != nil && g.rep.cache != nil {
		ctx, _ = upstream.WithCacheSavings(ctx)
	}
	// 12. the upstream budget
	m := upstream.NewMeter(g.maxRequests, g.maxBytes)
	st.info.setMeter(m) // the log line reports its count
	ctx = upstream.WithRequest(ctx, upstream.Request{Credentials: authz, Parallel: g.parallel, Meter: m, Trace: tr})
	// The request's loaders.
	ctx = loader.WithLoaders(ctx, loader.New(g.up, g.loaderConfig))
	r = r.WithContext(ctx)
	// 13. gqlgen's refusals
	st.held = heldWriter{ResponseWriter: w}
	g.gql.ServeHTTP(&st.held, r)
	if st.held.held {
		st.held.answer(r)
	}
}

// --- 9. credentials -----------------------------------------------------------

// maxAuthorizationLen bounds the Authorization header; real bearer tokens
// (authentik keys, JWT access tokens) are far shorter.
const maxAuthorizationLen = 8192

// token68Chars are the characters of RFC 9110's token68 before its
// padding.
var token68Chars = charClass("A-Z", "a-z", "0-9", "._~+/-")

// token68 reports whether s is RFC 9110's credentials syntax for Bearer
// and Basic: ^[A-Za-z0-9._~+/-]+=*$.
func token68(s string) bool {
	body := strings.TrimRight(s, "=")
	return body != "" && token68Chars.all(body)
}

// checkCredentials is step 9: it returns the caller's Authorization header,
// checked and canonical, for upstream calls (nothing else of the caller's
// goes upstream); the request's upstream concurrency is bounded with it.
// A malformed header is refused (400 BAD_REQUEST). A GET without one runs
// with the default credentials (demo mode, AUTHENTIK_TOKEN) only when no
// other site's page could have sent it (sameSiteOrPreflighted); else 403
// CROSS_SITE_REQUEST. It reports false when it refused the request.
func checkCredentials(w http.ResponseWriter, r *http.Request, defaults bool) (string, bool) {
	switch authz := r.Header.Values("Authorization"); {
	case len(authz) > 1:
		writeError(w, r, graph.CodeBadRequest, "malformed Authorization header: send it once", nil)
		return "", false
	case len(authz) == 1:
		v, msg := parseAuthorization(authz[0])
		if msg != "" {
			writeError(w, r, graph.CodeBadRequest, "malformed Authorization header: "+msg, nil)
			return "", false
		}
		return v, true
	case defaults && r.Method == http.MethodGet && !sameSiteOrPreflighted(r):
		// A POST runs only as application/json (checkRequest), which no
		// other site can send without a preflight.
		writeError(w, r, graph.CodeCrossSiteRequest, "a request without an Authorization header runs with this server's default credentials, "+
			"so it must be one no other site can send: add the header Content-Type: application/json or GraphQL-Preflight: 1, or send your own Authorization", nil)
		return "", false
	}
	return "", true
}

// parseAuthorization checks an Authorization header and returns it in
// canonical form, or what is wrong with it. Only `Bearer <token>` and
// `Basic <base64 of user:password>` (authentik reads the password as a
// token) are forwarded: one scheme, one space, one token68 credential;
// printable ASCII, at most maxAuthorizationLen bytes.
func parseAuthorization(s string) (string, string) {
	if len(s) > maxAuthorizationLen {
		return "", fmt.Sprintf("longer than %d bytes", maxAuthorizationLen)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return "", "only printable ASCII is allowed"
		}
	}
	scheme, cred, _ := strings.Cut(s, " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		scheme = "Bearer"
	case strings.EqualFold(scheme, "Basic"):
		scheme = "Basic"
	default:
		return "", "want Bearer <token> or Basic <credentials>"
	}
	if !token68(cred) {
		return "", "want exactly one credential after " + scheme
	}
	if scheme == "Basic" {
		b, err := base64.StdEncoding.DecodeString(cred)
		if err != nil || !strings.Contains(string(b), ":") {
			return "", "Basic credentials must be base64 of user:password"
		}
	}
	return scheme + " " + cred, ""
}

// sameSiteOrPreflighted reports whether a request is one no other site's
// page can make a browser send without a CORS preflight (which corsPolicy
// refuses unless CORS_ORIGINS lists that site): a Content-Type a form cannot
// send (application/json), a GraphQL-Preflight or X-Requested-With header,
// or the browser's own word that it comes from this origin or the user
// (Sec-Fetch-Site: same-origin or none). A cross-site GET /graphql?query=…
// from an <img> or a link has none of these.
func sameSiteOrPreflighted(r *http.Request) bool {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil &&
		mt != "application/x-www-form-urlencoded" && mt != "multipart/form-data" && mt != "text/plain" {
		return true
	}
	if r.Header.Get("GraphQL-Preflight") != "" || r.Header.Get("X-Requested-With") != "" {
		return true
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	}
	return false
}

// traceHeader asks for the request's upstream trace in extensions.trace
// (server.go's addTrace puts it there).
const traceHeader = "X-Flowgate-Trace"

// An upstream trace starts for a request that asks for one with
// X-Flowgate-Trace: 1, unless -upstream-trace=false. The trace lives in
// that request's context: it lists the caller's own upstream requests and
// nothing of any other request.

// --- 10. request shape --------------------------------------------------------

// checkRequest refuses what gqlgen's transports would answer without an
// error code, or with a message that echoes the request body: a method
// other than GET and POST (405 METHOD_NOT_ALLOWED), a POST that is not
// application/json (415 UNSUPPORTED_MEDIA_TYPE), a body that is not one
// JSON object of the GraphQL-over-HTTP shape or repeats a key, a GET that
// repeats a parameter or whose variables or extensions are not a JSON
// object, a connection upgrade (400 BAD_REQUEST). It is the one place that
// reads a POST body: after the Content-Type check, once, bounded by maxBody
// (larger: 413 QUERY_TOO_LARGE rather than a decode failure deep in the
// handler). It reports false when it refused the request.
func checkRequest(w http.ResponseWriter, r *http.Request, maxBody int64) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		writeError(w, r, graph.CodeMethodNotAllowed, r.Method+" is not allowed: send GraphQL requests with GET (queries) or POST", nil)
		return false
	}
	if r.Header.Get("Upgrade") != "" {
		writeError(w, r, graph.CodeBadRequest, "connection upgrades (websockets) are not supported", nil)
		return false
	}
	var msg string
	switch r.Method {
	case http.MethodPost:
		if mediaType(r.Header.Get("Content-Type")) != "application/json" {
			writeError(w, r, graph.CodeUnsupportedMediaType, "Content-Type must be application/json", nil)
			return false
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			ext := map[string]any{"limit": maxBody}
			if r.ContentLength > 0 {
				ext["actual"] = r.ContentLength
			}
			writeError(w, r, graph.CodeQueryTooLarge, fmt.Sprintf("request body is larger than %d bytes", maxBody), ext)
			return false
		}
		if err != nil {
			writeError(w, r, graph.CodeBadRequest, "request body could not be read", nil)
			return false
		}
		rb := &readBody{body: body}
		rb.Reset(body)
		msg, rb.simple = checkBodyShape(body)
		r.Body = rb
	case http.MethodGet:
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			msg = "the query string is not valid URL encoding"
			break
		}
		for _, k := range []string{"query", "operationName", "variables", "extensions"} {
			if len(q[k]) > 1 {
				msg = "the parameter " + k + " is given more than once"
				break
			}
		}
		for _, k := range []string{"variables", "extensions"} {
			if v := q.Get(k); msg == "" && v != "" {
				if !isObject([]byte(v), true) {
					msg = k + " must be a JSON object"
				} else if key := duplicateKey([]byte(v)); key != "" {
					msg = fmt.Sprintf("%s repeats the key %q", k, key)
				}
			}
		}
	}
	if msg != "" {
		writeError(w, r, graph.CodeBadRequest, msg, nil)
		return false
	}
	return true
}

// readBody is a request body checkRequest has read: the transport takes
// the bytes rather than reading them again.
type readBody struct {
	bytes.Reader
	body   []byte
	simple bool // only query and operationName (checkBodyShape)
}

func (*readBody) Close() error { return nil }

// mediaType is the media type of a Content-Type value (lower case, no
// parameters), or "" when it does not parse; application/json, the
// usual value, without parsing.
func mediaType(v string) string {
	if v == "application/json" {
		return v
	}
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		return ""
	}
	return mt
}

// checkBody checks a POST body's shape: {"query": string, "operationName":
// string, "variables": object, "extensions": object}, each optional or
// null, other keys ignored, no key twice in any object (and none of the
// four twice in any case, as gqlgen's decoder folds case). It returns what is
// wrong, or "". One validation pass and one scan (scanJSON), no decoding.
func checkBody(body []byte) string {
	msg, _ := checkBodyShape(body)
	return msg
}

// checkBodyShape is checkBody, and reports whether a body it accepts holds
// nothing but "query" and "operationName" (whose values are then strings
// or null): such a body decodes the same with json.Unmarshal as with
// gqlgen's json.Decoder (jsonPOST.Do).
func checkBodyShape(body []byte) (string, bool) {
	if !json.Valid(body) || firstByte(body) != '{' {
		return "request body must be one JSON object such as {\"query\": \"{ flows { totalCount } }\"}", false
	}
	var first [4]byte // the first byte of query, operationName, variables, extensions
	members := [4]string{"query", "operationName", "variables", "extensions"}
	simple := true
	var folded [4]bool // a top-level key matched the member, regardless of case
	refold := ""       // the first key that matched a member matched before
	if key := scanJSON(body, func(key []byte, value byte) {
		for i, m := range members {
			if string(key) == m {
				first[i] = value
			}
			if bytes.EqualFold(key, []byte(m)) {
				if folded[i] && refold == "" {
					refold = string(key)
				}
				folded[i] = true
			}
		}
		if string(key) != members[0] && string(key) != members[1] {
			simple = false
		}
	}); key != "" {
		// Decoders disagree on which of two values wins: gqlgen would run
		// the last "query" where a proxy or a log checked the first.
		return fmt.Sprintf("request body repeats the key %q", key), false
	} else if refold != "" {
		// gqlgen's decoder matches member names regardless of case, so
		// {"query": …, "Query": …} runs the second where a proxy or a log
		// read the first.
		return fmt.Sprintf("request body repeats the key %q", refold), false
	}
	for i, want := range []byte{'"', '"', '{', '{'} {
		if c := first[i]; c != 0 && c != 'n' && c != want {
			if want == '"' {
				return members[i] + " must be a string", false
			}
			return members[i] + " must be a JSON object", false
		}
	}
	return "", simple
}

// firstByte returns the first byte of v that is not JSON whitespace, or 0.
func firstByte(v []byte) byte {
	for _, c := range v {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c
		}
	}
	return 0
}

// duplicateKey returns the first key that an object of the JSON text v
// holds twice (at any depth), or "". v must be valid JSON.
func duplicateKey(v []byte) string { return scanJSON(v, nil) }

// scanJSON walks the valid JSON text v once and returns the first key that
// an object holds twice (at any depth, compared as decoded), or "". For
// each member of the outermost object, top (if not nil) gets its key and
// the first byte of its value. Keys are compared as they stand unless they
// hold an escape or non-ASCII bytes (then decoded, as encoding/json
// would).
func scanJSON(v []byte, top func(key []byte, value byte)) string {
	type frame struct {
		object, wantKey bool
		keys            [][]byte
		set             map[string]bool // once an object has many keys
	}
	var stack []frame
	done := false // the search for a repeated key has ended
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '{', '[':
			n := len(stack)
			if n < cap(stack) {
				stack = stack[:n+1]
				stack[n] = frame{object: c == '{', wantKey: c == '{', keys: stack[n].keys[:0]}
			} else {
				stack = append(stack, frame{object: c == '{', wantKey: c == '{'})
			}
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 && stack[n-1].object {
				stack[n-1].wantKey = true
			}
		case '"':
			end := stringEnd(v, i)
			if end < 0 {
				return ""
			}
			if n := len(stack); n > 0 && stack[n-1].wantKey {
				f := &stack[n-1]
				f.wantKey = false
				key := v[i+1 : end]
				if needsDecoding(key) {
					var s string
					if json.Unmarshal(v[i:end+1], &s) != nil {
						return ""
					}
					key = []byte(s)
				}
				if !done && seenKey(&f.keys, &f.set, key) {
					if len(key) > 0 {
						return string(key)
					}
					// "" twice ends the search, as it always has: it is
					// no key a decoder reads.
					done = true
				}
				if top != nil && n == 1 {
					top(key, firstByte(bytes.TrimLeft(v[end+1:], " \t\n\r:")))
				}
			}
			i = end
		}
	}
	return ""
}

// stringEnd returns the index of the quote that ends the JSON string
// starting at v[start], or -1.
func stringEnd(v []byte, start int) int {
	for j := start + 1; ; {
		e := bytes.IndexByte(v[j:], '"')
		if e < 0 {
			return -1
		}
		j += e
		backslashes := 0
		for k := j - 1; k > start && v[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return j
		}
		j++
	}
}

// needsDecoding reports whether a key's raw bytes may differ from its
// decoded form: an escape, or non-ASCII (invalid UTF-8 decodes to U+FFFD).
func needsDecoding(key []byte) bool {
	for _, c := range key {
		if c == '\\' || c >= 0x80 {
			return true
		}
	}
	return false
}

// seenKey reports whether key is among an object's keys so far, and adds
// it. Small objects compare a list; from 32 keys on, a set.
func seenKey(keys *[][]byte, set *map[string]bool, key []byte) bool {
	if *set != nil {
		if (*set)[string(key)] {
			return true
		}
		(*set)[string(key)] = true
		return false
	}
	for _, k := range *keys {
		if bytes.Equal(k, key) {
			return true
		}
	}
	*keys = append(*keys, key)
	if len(*keys) >= 32 {
		*set = make(map[string]bool, 64)
		for _, k := range *keys {
			(*set)[string(k)] = true
		}
	}
	return false
}

// isObject reports whether v is a JSON object (or null, when allowed).
func isObject(v []byte, nullOK bool) bool {
	v = bytes.TrimSpace(v)
	if nullOK && string(v) == "null" {
		return true
	}
	var m map[string]json.RawMessage
	return len(v) > 0 && v[0] == '{' && json.Unmarshal(v, &m) == nil
}

// --- 11. shared state: Redis required, rate limit ----------------------------

// checkSharedState applies the state replicas share (replicas.go): it
// refuses requests while a required Redis is away (503 REDIS_UNAVAILABLE)
// and takes a token from the caller's bucket (429 RATE_LIMITED with
// Retry-After, no upstream request). It reports false when it refused the
// request. (graphqlEndpoint also counts what the cache saves the request.)
// ctx carries the request's deadline: a stalled Redis holds the request no
// longer than REQUEST_TIMEOUT.
func checkSharedState(w http.ResponseWriter, r *http.Request, ctx context.Context, rep *replicas) bool {
	if rep == nil {
		return true
	}
	if rep.required && !rep.redis.Up() {
		writeError(w, r, graph.CodeRedisUnavailable,
			"the shared state (Redis) is unavailable and REDIS_REQUIRED is set; try again shortly", nil)
		return false
	}
	if rep.limiter != nil {
		ok, wait := rep.limiter.Allow(ctx, r.Header.Get("Authorization"))
		if !ok {
			secs := max(1, int(math.Ceil(wait.Seconds())))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			writeError(w, r, graph.CodeRateLimited,
				"too many requests for these credentials; retry after "+strconv.Itoa(secs)+" s",
				map[string]any{"retryAfterMs": wait.Milliseconds()})
			return false
		}
	}
	return true
}

// --- 12. the upstream budget --------------------------------------------------

// Every GraphQL request gets its upstream meter: the budget of
// MAX_UPSTREAM_REQUESTS and MAX_UPSTREAM_BYTES, and the counts that
// extensions.cost reports (guard.DemandControl).

// --- 13. gqlgen's refusals ------------------------------------------------------

// gqlgen's refusals get the status of graph's table and a code: gqlgen
// writes 4xx statuses of its own (406 for a mutation over GET, 422 or 400
// for a document it refuses) and some bodies without a code. Answers
// gqlgen writes without setting a status (executed operations, 200) stream
// through heldWriter untouched; a refusal is small and is held, read and
// answered again.

// heldWriter holds an answer whose status the handler set explicitly.
type heldWriter struct {
	http.ResponseWriter
	started, held bool
	status        int
	body          bytes.Buffer
}

func (h *heldWriter) WriteHeader(code int) {
	if h.started {
		return
	}
	h.started, h.held, h.status = true, true, code
}

func (h *heldWriter) Write(b []byte) (int, error) {
	if !h.started {
		h.started = true
	}
	if h.held {
		return h.body.Write(b)
	}
	return h.ResponseWriter.Write(b)
}

func (h *heldWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }

// answer writes the held answer with the table's status for its first
// error's code. Errors without a code get one from gqlgen's status (406: a
// mutation over GET), with a message of flowgate's.
func (h *heldWriter) answer(r *http.Request) {
	var resp struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	_ = json.Unmarshal(h.body.Bytes(), &resp)
	code := ""
	if len(resp.Errors) > 0 {
		code, _ = resp.Errors[0].Extensions["code"].(string)
	}
	if code == "" || !slices.Contains(graph.Codes(), code) {
		switch h.status {
		case http.StatusNotAcceptable:
			h.Header().Set("Allow", "POST")
			writeError(h.ResponseWriter, r, graph.CodeMethodNotAllowed, "GET runs queries only: send mutations with POST", nil)
		case http.StatusOK:
			h.ResponseWriter.WriteHeader(h.status)
			_, _ = h.ResponseWriter.Write(h.body.Bytes())
		default:
			writeError(h.ResponseWriter, r, graph.CodeBadRequest, "invalid request", nil)
		}
		return
	}
	all := make([]string, 0, len(resp.Errors))
	for _, e := range resp.Errors {
		c, _ := e.Extensions["code"].(string)
		all = append(all, c)
	}
	if info := requestInfoFrom(r.Context()); info != nil {
		info.set("", "", all...)
	}
	status := graph.HTTPStatus(code)
	if status == http.StatusUnprocessableEntity && strings.HasPrefix(h.Header().Get("Content-Type"), "application/graphql-response+json") {
		status = http.StatusBadRequest // GraphQL over HTTP
	}
	h.ResponseWriter.WriteHeader(status)
	_, _ = h.ResponseWriter.Write(h.body.Bytes())
}

// --- routes nothing serves ---------------------------------------------------

// notFound answers what no route serves, as a GraphQL error: 405
// METHOD_NOT_ALLOWED (with Allow) when the path is served for other
// methods, else 404 ROUTE_NOT_FOUND.
func notFound(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, r, graph.CodeMethodNotAllowed, r.Method+" is not allowed here", nil)
			return
		}
		writeError(w, r, graph.CodeRouteNotFound, "nothing is served at this path: GraphQL is at /graphql", nil)
	})
}

// --- refusals -----------------------------------------------------------------

// writeError answers with a GraphQL error body and the status graph's
// table gives code, for refusals outside gqlgen's handler. ext adds to
// extensions.code.
func writeError(w http.ResponseWriter, r *http.Request, code, msg string, ext map[string]any) {
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
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(graph.HTTPStatus(code))
	_ = json.NewEncoder(w).Encode(struct {
		Errors []gqlErr `json:"errors"`
		Data   any      `json:"data"`
	}{Errors: []gqlErr{{Message: msg, Extensions: extensions}}})
}
