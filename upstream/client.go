// Package upstream is the authentik REST client: typed calls to the flows,
// flow-stage bindings and stages endpoints of /api/v3/, typed errors, and the
// pagination rules authentik applies (page numbers, a capped page size).
package upstream

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// DefaultPageSize is the page size the client asks for: authentik's default
// maximum (pagination_max_page_size). A smaller tenant maximum is detected
// from the answers and used instead.
const DefaultPageSize = 100

const (
	maxBodyBytes  = 32 << 20 // one page of 100 bindings with embedded stages is ~0.3 MiB
	maxErrorBytes = 64 << 10
)

// Options configures a Client.
type Options struct {
	// Token is the API token used for requests whose context carries no
	// credentials (see WithCredentials). Empty means such requests go out
	// without credentials and authentik answers 403.
	Token string
	// HTTPClient defaults to a client with a 10 s timeout.
	HTTPClient *http.Client
	// PageSize is the page size to ask for; 0 means DefaultPageSize.
	PageSize int
	// MaxConcurrent bounds the client's requests in flight across all
	// callers; 0 means 64.
	MaxConcurrent int
	// UserAgent is sent with each request.
	UserAgent string

	// Retries is how many times a GET (never another method) is sent again
	// after a connection failure or a 429, 502, 503 or 504; 0 means never.
	Retries int
	// RetryBackoff is the wait before the first retry; it doubles for each
	// further one, with jitter. 0 means 100 ms.
	RetryBackoff time.Duration
	// RetryMaxDelay caps one wait. A Retry-After asking for longer ends
	// the retries. 0 means 2 s.
	RetryMaxDelay time.Duration
	// RetryBudget is the time after which a call starts no further retry;
	// 0 means 5 s. The caller's context deadline bounds it too.
	RetryBudget time.Duration
	// BreakerFailures is how many failed attempts in a row (5xx, no
	// connection, timeouts; not 4xx) open the circuit; 0 means no breaker.
	BreakerFailures int
	// BreakerCooldown is how long the circuit stays open before one probe
	// may go out; 0 means 10 s.
	BreakerCooldown time.Duration

	// Observer, if set, is told about every attempt (metrics).
	Observer Observer
	// Tracer, if set, traces every attempt as a client span.
	Tracer trace.Tracer
	// Cache, if set, answers GETs it holds for the same credentials and
	// URL, and hears of every write (see Cache).
	Cache Cache
}

// Client talks to one authentik install. It is safe for concurrent use and
// holds no per-caller state: a caller's credentials ride in the context.
type Client struct {
	base      *url.URL // ends in /api/v3/
	prefix    string   // base.String()
	token     string
	hc        *http.Client
	sem       chan struct{}
	userAgent string
	retry     retryPolicy
	breaker   *breaker
	observer  Observer
	tracer    trace.Tracer
	cache     Cache
	// pageSize is the page size authentik actually serves, learned from
	// answers when the tenant caps it below what we ask for.
	pageSize atomic.Int64
	// The values of the headers every request sends, made once (setHeaders).
	userAgentValue, tokenValue []string
}

// New returns a client for the authentik install at baseURL (for example
// https://auth.example.com or https://example.com/authentik/); the client
// appends api/v3/.
func New(baseURL string, o Options) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("upstream: invalid base URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("upstream: base URL %q: scheme must be http or https", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("upstream: base URL %q has no host", u.Redacted())
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("upstream: base URL %q must not carry credentials, a query or a fragment", u.Redacted())
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/api/v3/"
	u.RawPath = ""
	c := &Client{base: u, token: o.Token, hc: o.HTTPClient, userAgent: o.UserAgent, observer: o.Observer, tracer: o.Tracer, cache: o.Cache}
	c.retry = retryPolicy{
		max:      max(o.Retries, 0),
		backoff:  cmp.Or(o.RetryBackoff, 100*time.Millisecond),
		maxDelay: cmp.Or(o.RetryMaxDelay, 2*time.Second),
		budget:   cmp.Or(o.RetryBudget, 5*time.Second),
	}
	if o.BreakerFailures > 0 {
		c.breaker = &breaker{threshold: o.BreakerFailures, cooldown: cmp.Or(o.BreakerCooldown, 10*time.Second)}
		if o.Observer != nil {
			c.breaker.onChange = o.Observer.BreakerChanged
		}
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: 10 * time.Second}
	}
	if c.userAgent == "" {
		c.userAgent = "flowgate"
	}
	c.prefix = u.String()
	c.userAgentValue = []string{c.userAgent}
	if c.token != "" {
		c.tokenValue = []string{"Bearer " + c.token}
	}
	n := o.MaxConcurrent
	if n <= 0 {
		n = 64
	}
	c.sem = make(chan struct{}, n)
	ps := o.PageSize
	if ps <= 0 {
		ps = DefaultPageSize
	}
	c.pageSize.Store(int64(ps))
	return c, nil
}

// BaseURL returns the API root the client calls, ending in /api/v3/.
func (c *Client) BaseURL() string { return c.base.String() }

// PageSize returns the page size the client currently asks for.
func (c *Client) PageSize() int { return int(c.pageSize.Load()) }

// segment escapes one path segment, refusing values that would leave the
// route they are meant for. Resolvers validate input first; this is the
// client's own guarantee that no argument reaches another endpoint.
func segment(s string) (string, error) {
	if s == "" || s == "." || s == ".." || strings.ContainsAny(s, "/\\?#%\x00") {
		return "", fmt.Errorf("%w: path segment %q", ErrInvalidArgument, truncate(s, 64))
	}
	return url.PathEscape(s), nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Breaker returns the circuit breaker's state (BreakerClosed when the
// client has none). An open circuit whose cooldown has passed reports
// BreakerHalfOpen: the next call probes.
func (c *Client) Breaker() BreakerState { return c.breaker.current() }

// Ping checks that authentik answers at all, cheaply: GET
// /api/v3/flows/instances/?page_size=1 without credentials, not retried.
// authentik's 403 for the missing credentials proves it up as well as a 200
// would; only a 5xx, no answer, or an open circuit fail.
func (c *Client) Ping(ctx context.Context) error {
	ctx = withoutCredentials(ctx)
	ctx, cancel := scoped(ctx)
	defer cancel()
	const path = "flows/instances/"
	a := c.attempt(ctx, http.MethodGet, c.url(path, "page=1&page_size=1"), nil, path, 0, nil)
	if a.err != nil {
		return a.err
	}
	if a.status >= 500 {
		return decodeError(http.MethodGet, path, a.status, a.body)
	}
	return nil
}

// url returns the URL of path (relative to /api/v3/, already escaped)
// with rawQuery: what a copy of the base URL with path appended to its Path
// and RawQuery set would print (url.URL.String), made in one string when
// path needs no escaping there (always, for flowgate's paths).
func (c *Client) url(path, rawQuery string) string {
	if !plainPath(path) {
		u := *c.base
		u.Path += path
		u.RawPath = ""
		u.RawQuery = rawQuery
		return u.String()
	}
	if rawQuery == "" {
		return c.prefix + path
	}
	return c.prefix + path + "?" + rawQuery
}

// pathChars are the bytes url.URL.String leaves as they are in a path.
var pathChars = func() (c [256]bool) {
	for _, b := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~$&+,/:;=@") {
		c[b] = true
	}
	return c
}()

// plainPath reports whether every byte of path is in pathChars.
func plainPath(path string) bool {
	for i := 0; i < len(path); i++ {
		if !pathChars[path[i]] {
			return false
		}
	}
	return true
}

// answer is the result of one attempt.
type answer struct {
	status     int
	header     http.Header
	body       []byte // bounded: maxErrorBytes for errors, maxBodyBytes+1 for 2xx
	err        error  // no answer (transport, timeout, cancelled, circuit open)
	retryAfter time.Duration
	// streamed says a 2xx body was decoded by the attempt's sink as it
	// was read (body is then nil): size bytes, with the sink's decodeErr.
	streamed  bool
	size      int64
	decodeErr error
}

// do sends a request to path (relative to /api/v3/, already escaped) and
// decodes a 2xx JSON answer into out (when out is non-nil). raw, when
// non-nil, receives the body instead of decoding. GETs are retried as
// Options.Retries says; other methods are sent exactly once.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body any, out any, raw *[]byte) error {
	ctx, cancel := scoped(ctx)
	defer cancel()
	var rawQuery string
	if len(query) > 0 {
		rawQuery = query.Encode()
	}
	rawURL := c.url(path, rawQuery)
	var payload []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("upstream: %s %s: encode body: %w", method, path, err)
		}
		payload = b
	}
	idempotent := method == http.MethodGet || method == http.MethodHead
	lookedUp := time.Now()
	cached, hit, ticket := c.cacheLookup(ctx, method, rawURL, out)
	if hit {
		// Validated again: another caller type may decode the same URL.
		if err := decodeInto(cached, out); err == nil && validOut(out) {
			// Not an upstream request: the trace shows it as "cached".
			traceAttempt(ctx, method, Endpoint(path), "cached", lookedUp, time.Since(lookedUp), 0)
			return nil
		}
		ticket = CacheTicket{} // then ask authentik, and keep nothing
	}
	defer c.cacheWrote(ctx, method)
	// A listing page is decoded as its body arrives, unless the cache
	// keeps the body.
	var sink func(io.Reader) error
	if s, ok := out.(streamer); ok && raw == nil && !ticket.Store {
		sink = s.readFrom
	}
	started := time.Now()
	var a *answer
	for n := 0; ; n++ {
		a = c.attempt(ctx, method, rawURL, payload, path, n, sink)
		if !idempotent {
			break
		}
		wait, again := c.retry.next(ctx, n, a, started)
		if !again {
			break
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return wrapTransport(ctx, method, path, err)
		}
	}
	if a.err != nil {
		return a.err
	}
	if a.status < 200 || a.status > 299 {
		return decodeError(method, path, a.status, a.body)
	}
	b := a.body
	if len(b) > maxBodyBytes || a.size > maxBodyBytes {
		return fmt.Errorf("upstream: %s %s: %w: body larger than %d bytes", method, path, ErrBadResponse, maxBodyBytes)
	}
	if a.streamed {
		if a.decodeErr != nil {
			return fmt.Errorf("upstream: %s %s: %w: %w", method, path, ErrBadResponse, a.decodeErr)
		}
		if v, ok := out.(interface{ validate() error }); ok {
			if err := v.validate(); err != nil {
				return fmt.Errorf("upstream: %s %s: %w: %w", method, path, ErrBadResponse, err)
			}
		}
		return nil
	}
	if raw != nil {
		*raw = b
		return nil
	}
	if out == nil {
		return nil
	}
	if err := decodeInto(b, out); err != nil {
		return fmt.Errorf("upstream: %s %s: %w: %w", method, path, ErrBadResponse, err)
	}
	if v, ok := out.(interface{ validate() error }); ok {
		if err := v.validate(); err != nil {
			return fmt.Errorf("upstream: %s %s: %w: %w", method, path, ErrBadResponse, err)
		}
	}
	if ticket.Store {
		c.cache.Store(ctx, ticket, b)
	}
	return nil
}

// attempt sends one request, unless the circuit is open, and reads its
// answer. It holds a concurrency slot only while the request is out (not
// while a retry waits). sink, when not nil, decodes a 2xx body as it is
// read, instead of the body being kept.
func (c *Client) attempt(ctx context.Context, method, rawURL string, payload []byte, path string, n int, sink func(io.Reader) error) *answer {
	endpoint := Endpoint(path)
	meter := MeterFrom(ctx)
	if err := meter.Reserve(1); err != nil {
		return &answer{err: fmt.Errorf("upstream: %s %s: %w", method, path, err)}
	}
	probe, ok := c.breaker.allow()
	if !ok {
		if c.observer != nil {
			c.observer.Rejected(endpoint, method)
		}
		traceAttempt(ctx, method, endpoint, "circuit_open", time.Now(), 0, n)
		return &answer{err: fmt.Errorf("upstream: %s %s: %w", method, path, ErrCircuitOpen)}
	}
	result := neutral
	defer func() { c.breaker.done(probe, result) }()

	local, err := c.acquire(ctx)
	if err != nil {
		return &answer{err: wrapTransport(ctx, method, path, err)}
	}
	defer c.release(local)

	ctx, span := c.startSpan(ctx, method, endpoint, n)
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		a := &answer{err: fmt.Errorf("upstream: %s %s: %w", method, path, err)}
		endSpan(span, "error", a)
		return a
	}
	c.setHeaders(ctx, req.Header, payload != nil)
	if err := meter.take(); err != nil {
		a := &answer{err: fmt.Errorf("upstream: %s %s: %w", method, path, err)}
		endSpan(span, "error", a)
		return a
	}

	start := time.Now()
	a := &answer{}
	var overBudget error
	resp, err := c.hc.Do(req)
	if err != nil {
		a.err = wrapTransport(ctx, method, path, err)
	} else {
		a.status, a.header = resp.StatusCode, resp.Header
		a.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		limit := int64(maxErrorBytes)
		if a.status >= 200 && a.status <= 299 {
			limit = maxBodyBytes + 1
		}
		ok := a.status >= 200 && a.status <= 299
		rd := &bodyReader{limited: io.LimitedReader{R: resp.Body, N: meter.readLimit(limit)}}
		if ok && sink != nil {
			rd.counting.r = &rd.limited
			a.streamed, a.decodeErr = true, sink(&rd.counting)
			a.size, err = rd.counting.n, rd.counting.err
		} else {
			a.body, err = io.ReadAll(&rd.limited)
			a.size = int64(len(a.body))
		}
		_ = resp.Body.Close()
		if err != nil && ok {
			a.err = wrapTransport(ctx, method, path, err)
		}
		overBudget = meter.read(a.size)
	}
	d := time.Since(start)

	result = outcomeOf(ctx, a)
	status := attemptStatus(ctx, a)
	at := Attempt{Endpoint: endpoint, Method: method, Status: status, Duration: d, Retry: n}
	if c.observer != nil {
		c.observer.Attempt(at)
	}
	meter.attempted(at)
	traceAttempt(ctx, method, endpoint, status, start, d, n)
	endSpan(span, status, a)
	if overBudget != nil && a.err == nil {
		// authentik answered (the breaker counts it), but the answer does
		// not fit what the GraphQL request may still read: it is dropped.
		a.err, a.body = fmt.Errorf("upstream: %s %s: %w", method, path, overBudget), nil
	}
	return a
}

// bodyReader reads an answer's body within its bound, counting what a
// sink reads: one allocation for both readers.
type bodyReader struct {
	limited  io.LimitedReader
	counting countingReader
}

// outcomeOf is what an attempt tells the breaker about authentik. Only what
// authentik caused counts as a failure: a 5xx, a connection that failed or
// was reset, no answer within UPSTREAM_TIMEOUT (the HTTP client's own
// timeout). An attempt cut short by its caller (a client that went away, or
// the GraphQL request's deadline) is no evidence either way, whatever error
// the transport reported: otherwise one caller's slow queries, ending at
// their deadline, would open the circuit for everyone.
func outcomeOf(ctx context.Context, a *answer) outcome {
	switch {
	case ctx.Err() != nil:
		return neutral
	case a.err == nil && a.status < 500:
		return success
	case a.err == nil, errors.Is(a.err, ErrTimeout), errors.Is(a.err, ErrUnavailable):
		return failure
	}
	return neutral
}

// acquire takes a slot of the per-request limit (if any) and of the client's
// overall limit, in that order, so one greedy request cannot hold global
// slots while it waits for its own. It returns the per-request slots, for
// release.
func (c *Client) acquire(ctx context.Context) (chan struct{}, error) {
	local := limitFrom(ctx)
	if local != nil {
		select {
		case local <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		if local != nil {
			<-local
		}
		return nil, ctx.Err()
	}
	return local, nil
}

// release gives back the slots acquire took.
func (c *Client) release(local chan struct{}) {
	<-c.sem
	if local != nil {
		<-local
	}
}

// wrapTransport classifies a failure to get an answer at all.
func wrapTransport(ctx context.Context, method, path string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		if errors.Is(ctxErr, context.DeadlineExceeded) {
			return fmt.Errorf("upstream: %s %s: %w: %w", method, path, ErrTimeout, ctxErr)
		}
		return fmt.Errorf("upstream: %s %s: %w", method, path, ctxErr)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("upstream: %s %s: %w: %w", method, path, ErrTimeout, stripURL(err))
	}
	return fmt.Errorf("upstream: %s %s: %w: %w", method, path, ErrUnavailable, stripURL(err))
}

// stripURL drops the *url.Error wrapper, whose message repeats the full URL
// (with query) of the request.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
