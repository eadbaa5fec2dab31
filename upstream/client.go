// Package upstream is the authentik REST client: typed calls to the flows,
// flow-stage bindings and stages endpoints of /api/v3/, typed errors, and the
// pagination rules authentik applies (page numbers, a capped page size).
package upstream

import (
	"bytes"
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
}

// Client talks to one authentik install. It is safe for concurrent use and
// holds no per-caller state: a caller's credentials ride in the context.
type Client struct {
	base      *url.URL // ends in /api/v3/
	token     string
	hc        *http.Client
	sem       chan struct{}
	userAgent string
	// pageSize is the page size authentik actually serves, learned from
	// answers when the tenant caps it below what we ask for.
	pageSize atomic.Int64
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
	c := &Client{base: u, token: o.Token, hc: o.HTTPClient, userAgent: o.UserAgent}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: 10 * time.Second}
	}
	if c.userAgent == "" {
		c.userAgent = "flowgate"
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

type credentialsKey struct{}

// WithCredentials returns a context whose upstream calls send authorization
// as the Authorization header instead of the client's token. An empty value
// leaves ctx unchanged.
func WithCredentials(ctx context.Context, authorization string) context.Context {
	if authorization == "" {
		return ctx
	}
	return context.WithValue(ctx, credentialsKey{}, authorization)
}

func credentialsFrom(ctx context.Context) string {
	s, _ := ctx.Value(credentialsKey{}).(string)
	return s
}

type limitKey struct{}

// WithLimit returns a context in which at most n upstream calls run at once:
// the per-GraphQL-request bound on concurrency.
func WithLimit(ctx context.Context, n int) context.Context {
	if n <= 0 {
		return ctx
	}
	return context.WithValue(ctx, limitKey{}, make(chan struct{}, n))
}

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

// Response is the raw side of an answer that callers sometimes need.
type Response struct {
	StatusCode int
	Header     http.Header
}

// do sends one request to path (relative to /api/v3/, already escaped) and
// decodes a 2xx JSON answer into out (when out is non-nil). raw, when
// non-nil, receives the body instead of decoding.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body any, out any, raw *[]byte) (*Response, error) {
	u := *c.base
	u.Path += path
	u.RawPath = ""
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("upstream: %s %s: encode body: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("upstream: %s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a := credentialsFrom(ctx); a != "" {
		req.Header.Set("Authorization", a)
	} else if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}

	release, err := c.acquire(ctx)
	if err != nil {
		return nil, wrapTransport(ctx, method, path, err)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		release()
		return nil, wrapTransport(ctx, method, path, err)
	}
	defer release()
	defer resp.Body.Close()
	r := &Response{StatusCode: resp.StatusCode, Header: resp.Header}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
		return r, decodeError(method, path, resp.StatusCode, b)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return r, wrapTransport(ctx, method, path, err)
	}
	if len(b) > maxBodyBytes {
		return r, fmt.Errorf("upstream: %s %s: %w: body larger than %d bytes", method, path, ErrBadResponse, maxBodyBytes)
	}
	if raw != nil {
		*raw = b
		return r, nil
	}
	if out == nil {
		return r, nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return r, fmt.Errorf("upstream: %s %s: %w: %w", method, path, ErrBadResponse, err)
	}
	if v, ok := out.(interface{ validate() error }); ok {
		if err := v.validate(); err != nil {
			return r, fmt.Errorf("upstream: %s %s: %w: %w", method, path, ErrBadResponse, err)
		}
	}
	return r, nil
}

// acquire takes a slot of the per-request limit (if any) and of the client's
// overall limit, in that order, so one greedy request cannot hold global
// slots while it waits for its own.
func (c *Client) acquire(ctx context.Context) (func(), error) {
	var local chan struct{}
	if l, ok := ctx.Value(limitKey{}).(chan struct{}); ok {
		local = l
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
	return func() {
		<-c.sem
		if local != nil {
			<-local
		}
	}, nil
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
