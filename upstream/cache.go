package upstream

import (
	"context"
	"net/http"
	"sync/atomic"
)

// Cache keeps answers to upstream GETs (Options.Cache). The client asks it
// before each GET that carries credentials and stores only answers that
// decoded and validated; it tells it about every write it sends. The
// implementation (package shared) keys entries by a keyed hash of the
// Authorization value with the URL, so an answer is served only to the
// credentials that fetched it.
type Cache interface {
	// Lookup returns the body cached for a GET of url with authorization.
	// On a miss, ticket (when ticket.Store) says where to store the fresh
	// answer; it pins the invalidation generation read before the request,
	// so an answer that raced a write is never served after it.
	Lookup(ctx context.Context, authorization, url string) (body []byte, hit bool, ticket CacheTicket)
	// Store keeps body under ticket.
	Store(ctx context.Context, ticket CacheTicket, body []byte)
	// Invalidate ends the life of every entry: a write may have changed
	// what any caller sees. It returns once other replicas would miss.
	Invalidate(ctx context.Context, reason string)
}

// CacheTicket is where a missed answer may be stored.
type CacheTicket struct {
	Store bool
	Key   string
	Owner string
	Gen   int64
}

type savingsKey struct{}

// CacheSavings counts the upstream requests the cache answered for one
// GraphQL request.
type CacheSavings struct{ n atomic.Int64 }

// Saved returns the count.
func (s *CacheSavings) Saved() int64 {
	if s == nil {
		return 0
	}
	return s.n.Load()
}

// WithCacheSavings returns a context whose upstream GETs answered by the
// cache are counted in the returned CacheSavings.
func WithCacheSavings(ctx context.Context) (context.Context, *CacheSavings) {
	s := &CacheSavings{}
	return context.WithValue(ctx, savingsKey{}, s), s
}

// CacheSavingsFrom returns the context's counter (nil when none).
func CacheSavingsFrom(ctx context.Context) *CacheSavings {
	s, _ := ctx.Value(savingsKey{}).(*CacheSavings)
	return s
}

// authorization is the Authorization value a request in ctx sends ("" for
// none).
func (c *Client) authorization(ctx context.Context) string {
	if !sendsCredentials(ctx) {
		return ""
	}
	if a := credentialsFrom(ctx); a != "" {
		return a
	}
	if c.token != "" {
		return "Bearer " + c.token
	}
	return ""
}

// cacheLookup asks the cache for a GET that decodes into out. It returns
// the cached body on a hit, else the ticket to store under.
func (c *Client) cacheLookup(ctx context.Context, method, url string, out any) ([]byte, bool, CacheTicket) {
	if c.cache == nil || method != http.MethodGet || out == nil {
		return nil, false, CacheTicket{}
	}
	authz := c.authorization(ctx)
	if authz == "" {
		return nil, false, CacheTicket{}
	}
	body, hit, t := c.cache.Lookup(ctx, authz, url)
	if hit {
		if s := CacheSavingsFrom(ctx); s != nil {
			s.n.Add(1)
		}
	}
	return body, hit, t
}

// cacheWrote tells the cache a write was sent (whatever came back: a
// write that timed out may still have happened).
func (c *Client) cacheWrote(ctx context.Context, method string) {
	if c.cache != nil && method != http.MethodGet && method != http.MethodHead {
		c.cache.Invalidate(context.WithoutCancel(ctx), "write")
	}
}

// validOut reports whether a decoded answer passes its type's checks.
func validOut(out any) bool {
	if v, ok := out.(interface{ validate() error }); ok {
		return v.validate() == nil
	}
	return true
}
