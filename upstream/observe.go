package upstream

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Observer is told about every upstream attempt, every call the open
// circuit refused and every breaker transition, for metrics. It must be
// safe for concurrent use and quick (BreakerChanged runs under a lock).
type Observer interface {
	Attempt(Attempt)
	Rejected(endpoint, method string)
	BreakerChanged(BreakerState)
}

// Attempt describes one request sent to authentik.
type Attempt struct {
	// Endpoint is the route template (see Endpoint), never the raw path.
	Endpoint string
	Method   string
	// Status is the HTTP status, or "error", "timeout" or "canceled" when
	// no answer came.
	Status   string
	Duration time.Duration
	// Retry is 0 for the first attempt of a call, 1 for the first retry…
	Retry int
}

// lookupNames are the OpenAPI names of each collection's detail argument.
var lookupNames = map[string]string{
	"flows/instances":   "{slug}",
	"flows/bindings":    "{fsb_uuid}",
	"stages/all":        "{stage_uuid}",
	"policies/all":      "{policy_uuid}",
	"policies/bindings": "{policy_binding_uuid}",
}

// nestedCollections are the path prefixes under which authentik's
// collections have three words: stages/authenticator/validate/,
// stages/prompt/prompts/, stages/invitation/stages/.
var nestedCollections = map[string]bool{"stages/authenticator": true, "stages/prompt": true, "stages/invitation": true}

// Actions on a collection (collection/action/) and on an object
// (collection/{id}/action/) of authentik's API, as far as flowgate uses or
// may use them.
var (
	listActions   = map[string]bool{"cache_info": true, "cache_clear": true, "import": true, "types": true, "user_settings": true}
	detailActions = map[string]bool{"diagram": true, "execute": true, "export": true, "used_by": true, "set_background": true, "set_background_url": true}
)

// apiWord reports whether s is a word of authentik's API routes:
// ^[a-z][a-z_]{0,31}$ (a loop: this runs for every upstream attempt).
func apiWord(s string) bool {
	if len(s) == 0 || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// Endpoint returns the route template of path (relative to /api/v3/): for
// example flows/instances/{slug}/ for flows/instances/default-auth/. It is
// a label of bounded cardinality for metrics and span names: arguments
// never appear in it, and any path it does not recognise is "other".
func Endpoint(path string) string {
	// The segments, as substrings of path (no copies): at most 5 can make
	// an endpoint (a nested collection's head and 4 more).
	p := strings.TrimSuffix(path, "/")
	var all [5]string
	n := 0
	for rest := p; ; {
		if n == len(all) {
			return "other"
		}
		seg, after, found := strings.Cut(rest, "/")
		all[n] = seg
		n++
		if !found {
			break
		}
		rest = after
	}
	segs := all[:n]
	start := 0 // where segs begin in p, past a nested collection's head
	if len(segs) >= 3 && nestedCollections[p[:len(segs[0])+1+len(segs[1])]] && apiWord(segs[2]) {
		start, segs = len(segs[0])+1, segs[1:]
	}
	if len(segs) < 2 || len(segs) > 4 || !apiWord(segs[0]) || !apiWord(segs[1]) {
		return "other"
	}
	if len(segs) == 4 && !detailActions[segs[3]] {
		return "other"
	}
	if len(segs) == 2 || (len(segs) == 3 && listActions[segs[2]]) {
		// The path itself: no argument in it.
		if len(path) == len(p)+1 {
			return path
		}
		return p + "/"
	}
	collEnd := start + len(segs[0]) + 1 + len(segs[1])
	name, ok := lookupNames[p[start:collEnd]]
	if !ok {
		name = "{id}"
	}
	if len(segs) == 4 {
		return p[:collEnd] + "/" + name + "/" + segs[3] + "/"
	}
	return p[:collEnd] + "/" + name + "/"
}

// attemptStatus is Attempt.Status for an answer.
func attemptStatus(ctx context.Context, a *answer) string {
	switch {
	case a.err == nil:
		return strconv.Itoa(a.status)
	case errors.Is(a.err, ErrTimeout):
		return "timeout"
	case errors.Is(ctx.Err(), context.Canceled):
		return "canceled"
	}
	return "error"
}

// setHeaders sets the headers every request carries: credentials (the
// caller's, else the client's token), the request id and the W3C trace
// context (the attempt's span, or the caller's traceparent passed on when
// tracing is off).
func (c *Client) setHeaders(ctx context.Context, h http.Header, hasBody bool) {
	// Canonical keys and values made once, as Header.Set would store them
	// (no one writes to these slices: Header.Add makes new ones).
	h["Accept"] = acceptJSON[:1:1]
	h["User-Agent"] = c.userAgentValue[:1:1]
	if hasBody {
		h["Content-Type"] = contentTypeJSON[:1:1]
	}
	st := stateFrom(ctx)
	switch {
	case st != nil && st.noCredentials:
	case st != nil && st.credentials != "":
		h["Authorization"] = st.credentialsValue()
	case c.tokenValue != nil:
		h["Authorization"] = c.tokenValue[:1:1]
	}
	if st != nil && st.requestID != "" {
		h["X-Request-Id"] = st.requestIDValue()
	}
	propagation.TraceContext{}.Inject(ctx, propagation.HeaderCarrier(h))
}

var (
	acceptJSON      = []string{"application/json"}
	contentTypeJSON = []string{"application/json"}
)

// startSpan starts the client span of one attempt. Its name and attributes
// hold the route template, never the path, query or headers.
func (c *Client) startSpan(ctx context.Context, method, endpoint string, retry int) (context.Context, trace.Span) {
	if c.tracer == nil {
		return ctx, nil
	}
	attrs := []attribute.KeyValue{
		attribute.String("http.request.method", method),
		attribute.String("url.template", "/api/v3/"+endpoint),
		attribute.String("server.address", c.base.Hostname()),
	}
	if retry > 0 {
		attrs = append(attrs, attribute.Int("http.request.resend_count", retry))
	}
	return c.tracer.Start(ctx, method+" "+endpoint, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
}

func endSpan(span trace.Span, status string, a *answer) {
	if span == nil {
		return
	}
	if a.err == nil {
		span.SetAttributes(attribute.Int("http.response.status_code", a.status))
		if a.status >= 500 {
			span.SetAttributes(attribute.String("error.type", status))
			span.SetStatus(codes.Error, "")
		}
	} else {
		span.SetAttributes(attribute.String("error.type", status))
		span.SetStatus(codes.Error, status)
	}
	span.End()
}
