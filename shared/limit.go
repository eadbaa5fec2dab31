package shared

import (
	"context"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// tokenBucket is the Redis side of the rate limit: one hash per caller
// (tokens, and the time they were counted at, in microseconds of Redis's
// own clock, so replicas' clocks do not matter), refilled and taken from
// atomically. It returns {allowed, microseconds until a token is due}.
var tokenBucket = redis.NewScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(v[1])
local ts = tonumber(v[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
local elapsed = now - ts
if elapsed < 0 then elapsed = 0 end
tokens = math.min(burst, tokens + elapsed * rate / 1000000)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%.0f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, wait}
`)

// Limiter is a token bucket per caller: Rate requests per second, up to
// Burst at once. With Redis the buckets are shared by every replica; when
// Redis fails, each replica falls back to its own buckets (so the whole
// fleet may allow up to replicas × Rate until Redis answers again).
type Limiter struct {
	rate  float64
	burst int
	keys  Keyer
	redis *Redis
	m     *Metrics
	local *memBuckets
}

// NewLimiter returns a limiter of rate requests per second per caller with
// bursts of burst (at least 1). r may be nil.
func NewLimiter(rate float64, burst int, keys Keyer, r *Redis, m *Metrics) *Limiter {
	burst = max(burst, 1)
	return &Limiter{rate: rate, burst: burst, keys: keys, redis: r, m: m,
		local: &memBuckets{rate: rate, burst: float64(burst), buckets: map[string]*bucket{}}}
}

// Allow takes a token from the bucket of the caller with authorization
// ("" for the default credentials). When none is left it returns false and
// how long until one is.
func (l *Limiter) Allow(ctx context.Context, authorization string) (bool, time.Duration) {
	caller := l.keys.Caller(normalizeAuthorization(authorization))
	ok, wait := l.allow(ctx, caller)
	if !ok {
		l.m.limited()
	}
	return ok, wait
}

func (l *Limiter) allow(ctx context.Context, caller string) (bool, time.Duration) {
	if l.redis != nil && l.redis.usable() {
		res, err := tokenBucket.Run(ctx, l.redis.c, []string{prefix + "rl:" + caller},
			l.rate, l.burst).Int64Slice()
		l.redis.done(ctx, "ratelimit", err)
		if err == nil && len(res) == 2 {
			return res[0] == 1, time.Duration(res[1]) * time.Microsecond
		}
	}
	return l.local.allow(caller, time.Now())
}

// memBuckets are the in-process buckets.
type memBuckets struct {
	rate, burst float64
	mu          sync.Mutex
	buckets     map[string]*bucket
	sweep       time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds the in-process buckets; full buckets (idle callers)
// are dropped first, as they hold no state worth keeping.
const maxBuckets = 100_000

func (m *memBuckets) allow(caller string, now time.Time) (bool, time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.buckets[caller]
	if b == nil {
		if len(m.buckets) >= maxBuckets || now.Sub(m.sweep) > time.Minute {
			m.sweepLocked(now)
		}
		b = &bucket{tokens: m.burst, at: now}
		m.buckets[caller] = b
	}
	elapsed := max(now.Sub(b.at).Seconds(), 0)
	b.tokens = math.Min(m.burst, b.tokens+elapsed*m.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration(math.Ceil((1 - b.tokens) / m.rate * float64(time.Second)))
}

func (m *memBuckets) sweepLocked(now time.Time) {
	m.sweep = now
	full := time.Duration(m.burst / m.rate * float64(time.Second))
	for k, b := range m.buckets {
		if now.Sub(b.at) >= full {
			delete(m.buckets, k)
		}
	}
	if len(m.buckets) >= maxBuckets {
		// Everyone is active: forget half (they start again full) rather
		// than grow.
		n := 0
		for k := range m.buckets {
			delete(m.buckets, k)
			if n++; n >= maxBuckets/2 {
				break
			}
		}
	}
}

// normalizeAuthorization folds the forms one credential can take
// ("Bearer x", "bearer  x") into one, so that a caller cannot multiply its
// buckets by rewriting its header.
func normalizeAuthorization(a string) string {
	f := strings.Fields(a)
	if len(f) != 2 {
		return a
	}
	return strings.ToLower(f[0]) + " " + f[1]
}
