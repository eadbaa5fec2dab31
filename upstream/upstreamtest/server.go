package upstreamtest

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fake is the in-memory authentik API. It implements http.Handler and is
// safe for concurrent use. Use NewServer to get a started loopback server,
// or NewFake / NewHandler to mount the handler yourself (e.g. demo mode).
type Fake struct {
	cfg config

	mu          sync.Mutex // guards everything below
	seq         int
	flows       []*flowRec // creation order (the "heap" order)
	stages      []*stageRec
	bindings    []*bindingRec
	policies    []*policyRec
	types       []*stageType
	flowByPK    map[string]*flowRec
	stageByPK   map[string]*stageRec
	bindingByPK map[string]*bindingRec
	policyByPK  map[string]*policyRec
	typeByModel map[string]*stageType
	tokens      map[string]*principal
	prompts     []*promptRec // stages_typed.go
	promptByPK  map[string]*promptRec
	pages       pageCache // big rendered list pages (pagecache.go)

	logMu  sync.Mutex // guards log, faults and chaos
	log    []Request
	faults []*faultState
	chaos  chaosState
}

// Request is one logged request, in arrival order.
type Request struct {
	Method        string
	Path          string
	RawQuery      string
	Authorization string
	Cookie        string
	Header        http.Header
	Body          []byte
	// Canceled is set when the request's context ended (the client went
	// away or gave up) while the fake was still delaying its answer.
	Canceled bool
	// Fault names the misbehaviour applied to the request: "" for none,
	// FaultTargeted for a Fault given to Inject, else the chaos kind
	// (FaultError500, FaultReset, FaultSlow, FaultTruncate).
	Fault string
}

// Fault makes matching requests misbehave. A request matches when Method
// ("" = any) and PathPrefix ("" = any, compared with r.URL.Path) match.
// Faults are tried in injection order; the first match with remaining uses
// applies, and only that one.
type Fault struct {
	Method     string
	PathPrefix string
	// Times is how many matching requests the fault applies to; 0 = forever.
	Times int
	// Status, if non-zero, replaces the real answer by Status and Body
	// (nothing is executed upstream). ContentType defaults to
	// "text/html; charset=utf-8" when Body starts with '<', else
	// "application/json".
	Status      int
	Body        string
	ContentType string
	// Delay sleeps before answering; a cancelled request context aborts the
	// sleep and the handler returns without answering. With no other effect
	// set, the real answer follows the delay.
	Delay time.Duration
	// Block, if non-nil, holds the answer (after Delay) until the channel
	// is closed or the request is cancelled: a request kept in flight for
	// as long as a test needs.
	Block <-chan struct{}
	// TruncateJSON serves the real answer (real status and headers, the
	// request IS executed) with the body cut to half its length and a
	// matching Content-Length.
	TruncateJSON bool
	// ResetConnection hijacks the connection and closes it (with a TCP RST
	// where possible) without writing any response.
	ResetConnection bool
	// Replace rewrites the real body (applied before TruncateJSON).
	Replace func(body []byte) []byte
}

type faultState struct {
	Fault
	remaining int
}

// NewFake returns a seeded fake that is not bound to any listener.
func NewFake(opts ...Option) *Fake {
	f := &Fake{
		cfg:         newConfig(opts),
		flowByPK:    map[string]*flowRec{},
		stageByPK:   map[string]*stageRec{},
		bindingByPK: map[string]*bindingRec{},
		policyByPK:  map[string]*policyRec{},
		typeByModel: map[string]*stageType{},
		tokens:      map[string]*principal{},
	}
	f.seed()
	f.seedTokens()
	f.SetChaos(f.cfg.chaos)
	return f
}

// NewHandler is NewFake under the name used by net/http conventions.
func NewHandler(opts ...Option) *Fake { return NewFake(opts...) }

// Server is a Fake served by an httptest.Server on 127.0.0.1. Clients use
// s.URL + "/api/v3/...".
type Server struct {
	*httptest.Server
	*Fake
	conns *connTracker
}

// NewServer returns a seeded, started fake server. Call Close when done.
func NewServer(opts ...Option) *Server {
	fk := NewFake(opts...)
	s := &Server{Server: httptest.NewUnstartedServer(fk), Fake: fk, conns: &connTracker{state: map[net.Conn]http.ConnState{}}}
	s.Config.ConnState = s.conns.hook
	s.Start()
	return s
}

// Conns counts the server's client connections: a client that leaks
// response bodies or connections leaves them open after it has closed its
// idle ones.
func (s *Server) Conns() ConnStats { return s.conns.snapshot() }

// Version returns the emulated authentik version string.
func (f *Fake) Version() string { return f.cfg.version }

// Requests returns a copy of the request log, in arrival order.
func (f *Fake) Requests() []Request {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	out := make([]Request, len(f.log))
	for i, r := range f.log {
		r.Header = r.Header.Clone()
		r.Body = append([]byte(nil), r.Body...)
		out[i] = r
	}
	return out
}

// RequestCount returns the number of logged requests.
func (f *Fake) RequestCount() int {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	return len(f.log)
}

// CountPath returns the number of logged requests whose path starts with
// prefix, e.g. "/api/v3/flows/bindings/".
func (f *Fake) CountPath(prefix string) int {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	n := 0
	for _, r := range f.log {
		if strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// TakeRequests returns the request log, in arrival order, and clears it:
// long runs drain the log with it to keep memory bounded.
func (f *Fake) TakeRequests() []Request {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	out := f.log
	f.log = nil
	return out
}

// Reset clears the request log (data, tokens, faults and chaos are kept).
func (f *Fake) Reset() {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	f.log = nil
}

// Inject adds a fault; see Fault.
func (f *Fake) Inject(fault Fault) {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	f.faults = append(f.faults, &faultState{Fault: fault, remaining: fault.Times})
}

// ClearFaults removes all faults.
func (f *Fake) ClearFaults() {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	f.faults = nil
}

// recordAndMatch logs the request and decides its fate: a matching fault
// (consumed atomically, so that concurrent requests count Times exactly),
// else chaos. It returns the request's index in the log, the fault to apply
// (nil for none) and the extra latency chaos adds.
func (f *Fake) recordAndMatch(r *http.Request, body []byte) (int, *Fault, time.Duration) {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	delay, fault, kind := f.drawLocked()
	targeted := false
	for i, fs := range f.faults {
		if fs.Method != "" && !strings.EqualFold(fs.Method, r.Method) {
			continue
		}
		if fs.PathPrefix != "" && !strings.HasPrefix(r.URL.Path, fs.PathPrefix) {
			continue
		}
		ft := fs.Fault
		fault, kind, targeted = &ft, FaultTargeted, true
		if fs.Times > 0 {
			fs.remaining--
			if fs.remaining <= 0 {
				f.faults = append(f.faults[:i:i], f.faults[i+1:]...)
			}
		}
		break
	}
	if !targeted {
		f.chaos.stats.count(kind)
	}
	idx := len(f.log)
	f.log = append(f.log, Request{
		Method:        r.Method,
		Path:          r.URL.Path,
		RawQuery:      r.URL.RawQuery,
		Authorization: r.Header.Get("Authorization"),
		Cookie:        r.Header.Get("Cookie"),
		Header:        r.Header.Clone(),
		Body:          append([]byte(nil), body...),
		Fault:         kind,
	})
	return idx, fault, delay
}

// markCanceled records that request idx was cancelled while it waited. A
// Reset in between leaves the log alone.
func (f *Fake) markCanceled(idx int, r *http.Request) {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	if idx < len(f.log) && f.log[idx].Path == r.URL.Path {
		f.log[idx].Canceled = true
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// ServeHTTP implements http.Handler.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 32<<20))
	}
	idx, fault, chaosDelay := f.recordAndMatch(r, body)
	if !sleepCtx(r.Context(), f.cfg.latency+chaosDelay) {
		f.markCanceled(idx, r)
		return
	}
	if fault != nil {
		if !sleepCtx(r.Context(), fault.Delay) {
			f.markCanceled(idx, r)
			return
		}
		if fault.Block != nil {
			select {
			case <-fault.Block:
			case <-r.Context().Done():
				f.markCanceled(idx, r)
				return
			}
		}
		if fault.ResetConnection {
			resetConnection(w)
			return
		}
		if fault.Status != 0 {
			ct := fault.ContentType
			if ct == "" {
				if strings.HasPrefix(strings.TrimSpace(fault.Body), "<") {
					ct = "text/html; charset=utf-8"
				} else {
					ct = "application/json"
				}
			}
			w.Header().Set("Content-Type", ct)
			w.Header().Set("Content-Length", strconv.Itoa(len(fault.Body)))
			w.WriteHeader(fault.Status)
			_, _ = io.WriteString(w, fault.Body)
			return
		}
	}
	resp := f.handle(r, body)
	if fault != nil && fault.Replace != nil {
		resp.body = fault.Replace(resp.body)
	}
	if fault != nil && fault.TruncateJSON {
		resp.body = resp.body[:len(resp.body)/2]
	}
	for k, vs := range resp.header {
		w.Header()[k] = vs
	}
	if resp.status != http.StatusNoContent {
		w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	}
	w.WriteHeader(resp.status)
	if len(resp.body) > 0 {
		_, _ = w.Write(resp.body)
	}
}

func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// --- routing ----------------------------------------------------------------

// call is the per-request context handed to route handlers.
type call struct {
	r      *http.Request
	method string
	q      url.Values
	body   []byte
	p      *principal
	lookup string
}

type route struct {
	name    string
	model   string // model of the viewset queryset, for has_permission
	detail  bool   // has a lookup kwarg
	methods []string
	handle  func(f *Fake, c *call) *response
}

func (rt *route) allows(m string) bool {
	for _, x := range rt.methods {
		if x == m {
			return true
		}
	}
	return false
}

func (rt *route) allowHeader() string {
	var out []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		if rt.allows(m) {
			out = append(out, m)
		}
	}
	if rt.allows("GET") {
		out = append(out, "HEAD")
	}
	return strings.Join(append(out, "OPTIONS"), ", ")
}

// lookupOK mirrors DRF's default lookup_value_regex [^/.]+.
func lookupOK(s string) bool { return s != "" && !strings.ContainsAny(s, "/.") }

func matchRoute(segs []string) (*route, string) {
	n := len(segs)
	switch {
	case n >= 2 && segs[0] == "flows" && segs[1] == "instances":
		switch {
		case n == 2:
			return &route{"Flow List", "flow", false, []string{"GET", "POST"}, flowResource.list}, ""
		case n == 3 && segs[2] == "cache_info":
			return &route{"Cache Info", "flow", false, []string{"GET"}, (*Fake).flowsCacheInfo}, ""
		case n == 3 && segs[2] == "cache_clear":
			return &route{"Cache Clear", "flow", false, []string{"POST"}, (*Fake).flowsCacheClear}, ""
		case n == 3 && lookupOK(segs[2]):
			return &route{"Flow Instance", "flow", true, []string{"GET", "PUT", "PATCH", "DELETE"}, (*Fake).flowDetail}, segs[2]
		case n == 4 && lookupOK(segs[2]):
			switch segs[3] {
			case "diagram":
				return &route{"Diagram", "flow", true, []string{"GET"}, (*Fake).flowDiagram}, segs[2]
			case "export":
				return &route{"Export", "flow", true, []string{"GET"}, (*Fake).flowExport}, segs[2]
			case "used_by":
				return &route{"Used By", "flow", true, []string{"GET"}, (*Fake).flowUsedBy}, segs[2]
			case "execute":
				return &route{"Execute", "flow", true, []string{"GET"}, (*Fake).flowExecute}, segs[2]
			}
		}
	case n >= 2 && segs[0] == "flows" && segs[1] == "bindings":
		switch {
		case n == 2:
			return &route{"Flow Stage Binding List", "flowstagebinding", false, []string{"GET", "POST"}, bindingResource.list}, ""
		case n == 3 && lookupOK(segs[2]):
			return &route{"Flow Stage Binding Instance", "flowstagebinding", true, []string{"GET", "PUT", "PATCH", "DELETE"}, (*Fake).bindingDetail}, segs[2]
		case n == 4 && lookupOK(segs[2]) && segs[3] == "used_by":
			return &route{"Used By", "flowstagebinding", true, []string{"GET"}, (*Fake).bindingUsedBy}, segs[2]
		}
	case n >= 2 && segs[0] == "stages" && segs[1] == "all":
		switch {
		case n == 2:
			return &route{"Stage List", "stage", false, []string{"GET"}, stageResource.list}, ""
		case n == 3 && segs[2] == "types":
			return &route{"Types", "stage", false, []string{"GET"}, (*Fake).stagesTypes}, ""
		case n == 3 && segs[2] == "user_settings":
			return &route{"User Settings", "stage", false, []string{"GET"}, (*Fake).stagesUserSettings}, ""
		case n == 3 && lookupOK(segs[2]):
			return &route{"Stage Instance", "stage", true, []string{"GET", "DELETE"}, (*Fake).stageDetail}, segs[2]
		case n == 4 && lookupOK(segs[2]) && segs[3] == "used_by":
			return &route{"Used By", "stage", true, []string{"GET"}, (*Fake).stageUsedBy}, segs[2]
		}
	case n >= 2 && segs[0] == "stages":
		return matchTypedRoute(segs)
	}
	return matchPolicyRoute(segs)
}

func modelPermFor(method, model string) string {
	switch method {
	case "POST":
		return "add_" + model
	case "PUT", "PATCH":
		return "change_" + model
	case "DELETE":
		return "delete_" + model
	}
	return ""
}

func (f *Fake) handle(r *http.Request, body []byte) *response {
	path := r.URL.Path
	if !strings.HasSuffix(path, "/") || !strings.HasPrefix(path, "/api/v3/") {
		return htmlNotFound() // APPEND_SLASH = False; no such URL pattern
	}
	segs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(path, "/api/v3/"), "/"), "/")
	rt, lookup := matchRoute(segs)
	if rt == nil {
		return detailResponse(http.StatusNotFound, msgNotFound)
	}
	method := strings.ToUpper(r.Method)
	if method == "HEAD" {
		method = "GET"
	}
	resp := f.dispatch(rt, r, method, lookup, body)
	if resp.header == nil {
		resp.header = http.Header{}
	}
	resp.header.Set("Allow", rt.allowHeader())
	resp.header.Set("Vary", "Accept")
	return resp
}

func (f *Fake) dispatch(rt *route, r *http.Request, method, lookup string, body []byte) *response {
	f.mu.Lock()
	defer f.mu.Unlock()

	// Authentication (TokenAuthentication, then an absent session).
	var p *principal
	if key, ok := bearerKey(r.Header.Get("Authorization")); ok {
		p = f.tokens[key]
		if p == nil {
			return detailResponse(http.StatusForbidden, msgTokenInvalid)
		}
	}
	known := rt.allows(method) || method == "OPTIONS"
	if p == nil {
		// has_permission fails for anonymous users on non-detail routes
		// (NotAuthenticated); detail routes pass it and fail in ObjectFilter.
		if !rt.detail {
			return detailResponse(http.StatusForbidden, msgNotAuthenticated)
		}
		if !known {
			return detailResponse(http.StatusMethodNotAllowed, `Method "`+method+`" not allowed.`)
		}
		return detailResponse(http.StatusForbidden, msgPermissionDenied)
	}
	// ObjectPermissions.has_permission: model permission on non-detail routes.
	if !rt.detail {
		if perm := modelPermFor(method, rt.model); perm != "" && !p.has(perm) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
	}
	if !known {
		return detailResponse(http.StatusMethodNotAllowed, `Method "`+method+`" not allowed.`)
	}
	if method == "OPTIONS" {
		return jsonResponse(http.StatusOK, object{
			{"name", rt.name},
			{"description", ""},
			{"renders", []string{"application/json"}},
			{"parses", []string{"application/json"}},
		})
	}
	c := &call{r: r, method: method, q: r.URL.Query(), body: body, p: p, lookup: lookup}
	if method != "GET" {
		f.pages.drop() // a write may change any listing
		return rt.handle(f, c)
	}
	if rt.detail {
		return rt.handle(f, c)
	}
	k := pageKey{p, r.URL.Path, r.URL.RawQuery}
	if resp := f.pages.get(k); resp != nil {
		return resp
	}
	resp := rt.handle(f, c)
	f.pages.put(k, resp)
	return resp
}
