package shared

import (
	"bytes"
	"container/list"
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"flowgate/upstream"
)

// MaxEntryBytes is the largest answer cached: a page of 100 bindings is
// 3.1 MiB on the generated large install (each embedded stage lists the 80
// flows it is bound in); the default install's 20 bindings are 35 KB.
const MaxEntryBytes = 8 << 20

// genKey is the Redis key of the cache generation: every entry records the
// generation it was fetched under, and a lookup reads both in one MGET.
const genKey = prefix + "cache:gen"

// Cache is the upstream answer cache (upstream.Cache): per caller and URL,
// for TTL, invalidated as a whole by any write or webhook. With Redis it is
// shared by every replica; without, it lives in this process, bounded by
// maxBytes.
type Cache struct {
	ttl   time.Duration
	keys  Keyer
	m     *Metrics
	redis *Redis // nil: in-process

	// in-process store (also the generation when redis is nil)
	mu       sync.Mutex
	gen      int64
	entries  map[string]*list.Element
	lru      *list.List
	bytes    int
	maxBytes int

	// pending is set when an invalidation could not reach Redis; it is
	// sent when Redis answers again.
	pendingMu sync.Mutex
	pending   bool
}

type memEntry struct {
	key     string
	gen     int64
	owner   string
	body    []byte
	expires time.Time
}

// NewCache returns a cache of answers for ttl. r may be nil (in-process,
// at most maxBytes of answers).
func NewCache(ttl time.Duration, keys Keyer, r *Redis, maxBytes int, m *Metrics) *Cache {
	c := &Cache{ttl: ttl, keys: keys, m: m, redis: r, entries: map[string]*list.Element{}, lru: list.New(), maxBytes: maxBytes}
	if r != nil {
		r.OnRecover(func(ctx context.Context) {
			// Writes may have gone unannounced while Redis was away (by
			// this replica or another): start a new generation.
			c.pendingMu.Lock()
			c.pending = false
			c.pendingMu.Unlock()
			c.Invalidate(ctx, "recovery")
		})
	}
	return c
}

var _ upstream.Cache = (*Cache)(nil)

// Lookup implements upstream.Cache.
func (c *Cache) Lookup(ctx context.Context, authorization, url string) ([]byte, bool, upstream.CacheTicket) {
	key := c.keys.entry(authorization, url)
	owner := c.keys.owner(authorization)
	if c.redis == nil {
		return c.memLookup(key, owner)
	}
	if !c.redis.usable() {
		c.m.lookup("bypass")
		return nil, false, upstream.CacheTicket{}
	}
	probe := !c.redis.Up()
	vals, err := c.redis.c.MGet(ctx, genKey, prefix+"c:"+key).Result()
	c.redis.done(ctx, "cache", err)
	if err != nil || probe {
		// A probe's answer predates the invalidation that recovery starts.
		c.m.lookup("bypass")
		return nil, false, upstream.CacheTicket{}
	}
	gen := int64(0)
	if s, ok := vals[0].(string); ok {
		gen, _ = strconv.ParseInt(s, 10, 64)
	}
	t := upstream.CacheTicket{Store: true, Key: key, Owner: owner, Gen: gen}
	if s, ok := vals[1].(string); ok {
		if eGen, eOwner, body, ok := decodeEntry([]byte(s)); ok && eGen == gen {
			if eOwner != owner {
				c.m.crossCaller()
				c.m.lookup("miss")
				return nil, false, upstream.CacheTicket{}
			}
			c.m.lookup("hit")
			return body, true, upstream.CacheTicket{}
		}
	}
	c.m.lookup("miss")
	return nil, false, t
}

// Store implements upstream.Cache.
func (c *Cache) Store(ctx context.Context, t upstream.CacheTicket, body []byte) {
	if !t.Store || len(body) > MaxEntryBytes {
		return
	}
	if c.redis == nil {
		c.memStore(t, body)
		return
	}
	if !c.redis.usable() {
		return
	}
	err := c.redis.c.Set(context.WithoutCancel(ctx), prefix+"c:"+t.Key, encodeEntry(t.Gen, t.Owner, body), c.ttl).Err()
	c.redis.done(ctx, "cache", err)
}

// Invalidate implements upstream.Cache: a new generation, so that every
// entry stored before misses on every replica.
func (c *Cache) Invalidate(ctx context.Context, reason string) {
	c.m.invalidated(reason)
	if c.redis == nil {
		c.mu.Lock()
		c.gen++
		c.entries = map[string]*list.Element{}
		c.lru.Init()
		c.bytes = 0
		c.mu.Unlock()
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), redisIOTimeout)
	defer cancel()
	err := c.redis.c.Incr(ctx, genKey).Err()
	if err != nil {
		// Recorded first, so that the recovery hook (which runs inside
		// done once Redis answers) sends it.
		c.pendingMu.Lock()
		c.pending = true
		c.pendingMu.Unlock()
	}
	c.redis.done(ctx, "cache", err)
}

// Pending reports whether an invalidation waits for Redis.
func (c *Cache) Pending() bool {
	c.pendingMu.Lock()
	defer c.pendingMu.Unlock()
	return c.pending
}

// Generation returns the current generation (Redis: as stored there).
func (c *Cache) Generation(ctx context.Context) (int64, error) {
	if c.redis == nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.gen, nil
	}
	n, err := c.redis.c.Get(ctx, genKey).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return n, err
}

// encodeEntry is "gen owner\n" then the body.
func encodeEntry(gen int64, owner string, body []byte) []byte {
	b := make([]byte, 0, len(body)+64)
	b = strconv.AppendInt(b, gen, 10)
	b = append(b, ' ')
	b = append(b, owner...)
	b = append(b, '\n')
	return append(b, body...)
}

func decodeEntry(v []byte) (gen int64, owner string, body []byte, ok bool) {
	head, body, found := bytes.Cut(v, []byte("\n"))
	if !found {
		return 0, "", nil, false
	}
	g, o, found := bytes.Cut(head, []byte(" "))
	if !found {
		return 0, "", nil, false
	}
	n, err := strconv.ParseInt(string(g), 10, 64)
	if err != nil {
		return 0, "", nil, false
	}
	return n, string(o), body, true
}

func (c *Cache) memLookup(key, owner string) ([]byte, bool, upstream.CacheTicket) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := upstream.CacheTicket{Store: true, Key: key, Owner: owner, Gen: c.gen}
	el, ok := c.entries[key]
	if !ok {
		c.m.lookup("miss")
		return nil, false, t
	}
	e := el.Value.(*memEntry)
	if e.gen != c.gen || time.Now().After(e.expires) {
		c.removeLocked(el)
		c.m.lookup("miss")
		return nil, false, t
	}
	if e.owner != owner {
		c.m.crossCaller()
		c.m.lookup("miss")
		return nil, false, upstream.CacheTicket{}
	}
	c.lru.MoveToFront(el)
	c.m.lookup("hit")
	return e.body, true, upstream.CacheTicket{}
}

func (c *Cache) memStore(t upstream.CacheTicket, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Gen != c.gen || len(body) > c.maxBytes {
		return // invalidated while the request was out
	}
	if el, ok := c.entries[t.Key]; ok {
		c.removeLocked(el)
	}
	e := &memEntry{key: t.Key, gen: t.Gen, owner: t.Owner, body: body, expires: time.Now().Add(c.ttl)}
	c.entries[t.Key] = c.lru.PushFront(e)
	c.bytes += len(body)
	for c.bytes > c.maxBytes {
		c.removeLocked(c.lru.Back())
	}
}

func (c *Cache) removeLocked(el *list.Element) {
	e := el.Value.(*memEntry)
	c.lru.Remove(el)
	delete(c.entries, e.key)
	c.bytes -= len(e.body)
}
