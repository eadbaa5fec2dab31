package shared

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// APQTTL is how long a registered document stays in Redis after it was
// last registered or read there.
const APQTTL = 24 * time.Hour

// APQ is the automatic persisted queries store: this process's bounded
// cache in front of Redis. A document registered through any replica is
// found by hash on every other; while Redis is away, each replica keeps
// what it saw, and a client whose hash is unknown sends the document again
// (PERSISTED_QUERY_NOT_FOUND, as the APQ protocol provides).
type APQ struct {
	local    graphql.Cache[string]
	redis    *Redis
	maxBytes int
}

// NewAPQ returns the store; local is the in-process cache (already bounded
// in entries), maxBytes the largest document kept.
func NewAPQ(local graphql.Cache[string], r *Redis, maxBytes int) *APQ {
	return &APQ{local: local, redis: r, maxBytes: maxBytes}
}

var _ graphql.Cache[string] = (*APQ)(nil)

// Get implements graphql.Cache. gqlgen checks the document's hash before
// Add, so a document stored under a hash is that hash's.
func (a *APQ) Get(ctx context.Context, hash string) (string, bool) {
	if q, ok := a.local.Get(ctx, hash); ok {
		return q, true
	}
	if a.redis == nil || !a.redis.usable() {
		return "", false
	}
	q, err := a.redis.c.GetEx(ctx, prefix+"apq:"+hash, APQTTL).Result()
	a.redis.done(ctx, "apq", err)
	if err != nil || len(q) > a.maxBytes {
		return "", false
	}
	a.local.Add(ctx, hash, q)
	return q, true
}

// Add implements graphql.Cache.
func (a *APQ) Add(ctx context.Context, hash, query string) {
	if len(query) > a.maxBytes {
		return
	}
	a.local.Add(ctx, hash, query)
	if a.redis == nil || !a.redis.usable() {
		return
	}
	err := a.redis.c.Set(context.WithoutCancel(ctx), prefix+"apq:"+hash, query, APQTTL).Err()
	a.redis.done(ctx, "apq", err)
}
