package shared

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"flowgate/shared/redistest"
)

const secret = "test-secret-0123456789"

func newRedis(t *testing.T) (*redistest.Server, *Redis, *Metrics) {
	t.Helper()
	srv := redistest.Start(t)
	m := NewMetrics()
	r, err := NewRedis(srv.URL(), nil, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return srv, r, m
}

func TestParseRedisURL(t *testing.T) {
	for _, ok := range []string{"redis://127.0.0.1:6379/0", "redis://:pw@redis:6379/2", "rediss://user:pw@redis.example:6380/1"} {
		if _, err := ParseRedisURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://redis:6379", "redis://", "redis://:topsecret@redis:6379/notanumber", "127.0.0.1:6379"} {
		_, err := ParseRedisURL(bad)
		if err == nil {
			t.Errorf("%s: accepted", bad)
		} else if strings.Contains(err.Error(), "topsecret") {
			t.Errorf("%s: the error shows the password: %v", bad, err)
		}
	}
	o, err := ParseRedisURL("rediss://:pw@redis:6380/3")
	if err != nil || o.Password != "pw" || o.DB != 3 || o.TLSConfig == nil || o.Addr != "redis:6380" {
		t.Errorf("rediss URL parsed as %+v, %v", o, err)
	}
}

// The bucket is shared by every Limiter on one Redis, refills at the
// rate, and names no credential in Redis.
func TestLimiter_Redis(t *testing.T) {
	_, r, m := newRedis(t)
	keys := NewKeyer(secret)
	a := NewLimiter(10, 3, keys, r, m)
	b := NewLimiter(10, 3, keys, r, m)
	ctx := t.Context()
	const authz = "Bearer very-secret-token"
	var got []bool
	for i := range 4 {
		l := a
		if i%2 == 1 {
			l = b
		}
		ok, wait := l.Allow(ctx, authz)
		got = append(got, ok)
		if !ok && (wait <= 0 || wait > 100*time.Millisecond) {
			t.Errorf("refusal %d: wait %v, want (0, 100ms]", i, wait)
		}
	}
	if want := []bool{true, true, true, false}; !equal(got, want) {
		t.Fatalf("allowed %v, want %v (burst 3 shared by two replicas)", got, want)
	}
	if ok, _ := a.Allow(ctx, "bearer  very-secret-token"); ok {
		t.Error("rewriting the header's scheme and spacing gave a fresh bucket")
	}
	if ok, _ := a.Allow(ctx, "Bearer another"); !ok {
		t.Error("another caller shares the first caller's bucket")
	}
	time.Sleep(150 * time.Millisecond)
	if ok, _ := b.Allow(ctx, authz); !ok {
		t.Error("no token after 150 ms at 10/s")
	}
	if n := testutil.ToFloat64(m.RateLimited); n != 2 {
		t.Errorf("rate-limited counter %v, want 2", n)
	}
	assertNoSecretInRedis(t, r, "very-secret-token", "another")
}

// Concurrent takes from many goroutines never allow more than the bucket
// holds: the script is atomic.
func TestLimiter_RedisAtomic(t *testing.T) {
	_, r, m := newRedis(t)
	l := NewLimiter(0.001, 50, NewKeyer(secret), r, m)
	var mu sync.Mutex
	allowed := 0
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if ok, _ := l.Allow(t.Context(), "Bearer x"); ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if allowed != 50 {
		t.Fatalf("%d of 200 concurrent requests allowed from a bucket of 50", allowed)
	}
}

// Without Redis (or while it is down) each process keeps its own buckets.
func TestLimiter_InProcess(t *testing.T) {
	l := NewLimiter(2, 2, NewKeyer(""), nil, nil)
	var got []bool
	for range 3 {
		ok, _ := l.Allow(t.Context(), "")
		got = append(got, ok)
	}
	if want := []bool{true, true, false}; !equal(got, want) {
		t.Fatalf("allowed %v, want %v", got, want)
	}
}

func TestCache_Redis(t *testing.T) {
	_, r, m := newRedis(t)
	keys := NewKeyer(secret)
	c1 := NewCache(time.Minute, keys, r, 0, m)
	c2 := NewCache(time.Minute, keys, r, 0, m) // another replica
	ctx := t.Context()
	const alice, bob = "Bearer alice-secret-token", "Bearer bob-secret-token"
	const url = "http://authentik/api/v3/flows/instances/?page=1"

	body, hit, ticket := c1.Lookup(ctx, alice, url)
	if hit || body != nil || !ticket.Store {
		t.Fatalf("first lookup: hit %v, ticket %+v", hit, ticket)
	}
	c1.Store(ctx, ticket, []byte(`{"alice":1}`))
	if body, hit, _ := c2.Lookup(ctx, alice, url); !hit || string(body) != `{"alice":1}` {
		t.Fatalf("replica 2 for alice: hit %v, %s", hit, body)
	}
	if _, hit, _ := c2.Lookup(ctx, bob, url); hit {
		t.Fatal("bob got alice's answer")
	}
	if _, hit, _ := c2.Lookup(ctx, alice, url+"&page_size=1"); hit {
		t.Fatal("another URL hit")
	}
	// A write through replica 2 invalidates for replica 1.
	c2.Invalidate(ctx, "write")
	if _, hit, _ := c1.Lookup(ctx, alice, url); hit {
		t.Fatal("hit after invalidation")
	}
	// An answer fetched before an invalidation is never stored as fresh.
	_, _, before := c1.Lookup(ctx, alice, url)
	c2.Invalidate(ctx, "write")
	c1.Store(ctx, before, []byte(`{"stale":1}`))
	if _, hit, _ := c1.Lookup(ctx, alice, url); hit {
		t.Fatal("an answer that raced a write was served")
	}
	// A forged entry under alice's key with bob's owner tag is refused.
	_, _, tk := c1.Lookup(ctx, alice, url)
	tk.Owner = keys.owner(bob)
	c1.Store(ctx, tk, []byte(`{"bob":1}`))
	if _, hit, _ := c1.Lookup(ctx, alice, url); hit {
		t.Fatal("an entry owned by another caller was served")
	}
	if n := testutil.ToFloat64(m.CacheCrossCaller); n != 1 {
		t.Errorf("cross-caller counter %v, want 1", n)
	}
	if n := testutil.ToFloat64(m.CacheInvalidations.WithLabelValues("write")); n != 2 {
		t.Errorf("invalidations %v, want 2", n)
	}
	assertNoSecretInRedis(t, r, "alice-secret-token", "bob-secret-token")
}

// Redis stopped: lookups bypass the cache at once, an invalidation waits,
// and when Redis answers again a new generation starts.
func TestCache_RedisStopped(t *testing.T) {
	srv, r, m := newRedis(t)
	c := NewCache(time.Minute, NewKeyer(secret), r, 0, m)
	ctx := t.Context()
	_, _, tk := c.Lookup(ctx, "Bearer a", "u")
	c.Store(ctx, tk, []byte("x"))
	gen0, _ := c.Generation(ctx)
	srv.Stop()
	start := time.Now()
	if _, hit, tk := c.Lookup(ctx, "Bearer a", "u"); hit || tk.Store {
		t.Fatal("lookup with Redis down: hit or store ticket")
	}
	c.Invalidate(ctx, "write")
	if !c.Pending() {
		t.Fatal("the failed invalidation is not pending")
	}
	if _, hit, _ := c.Lookup(ctx, "Bearer a", "u"); hit {
		t.Fatal("hit while down")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("degraded operations took %v", d)
	}
	if r.Up() || testutil.ToFloat64(m.RedisUp) != 0 {
		t.Error("Redis still reported up")
	}
	srv.Restart() // empty: as after a crash without persistence
	time.Sleep(redisRetryAfter)
	if err := r.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	// The background probe may have seen Redis back first and be running
	// the recovery (a new generation) while our Ping returned: wait for it.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if testutil.ToFloat64(m.CacheInvalidations.WithLabelValues("recovery")) == 1 && !c.Pending() {
			break
		}
	}
	gen1, _ := c.Generation(ctx)
	if c.Pending() || gen1 == gen0 && gen1 == 0 {
		t.Errorf("after recovery: pending %v, generation %d (was %d)", c.Pending(), gen1, gen0)
	}
	if testutil.ToFloat64(m.CacheInvalidations.WithLabelValues("recovery")) != 1 || testutil.ToFloat64(m.RedisUp) != 1 {
		t.Error("recovery not counted or Redis not reported up")
	}
}

func TestCache_InProcess(t *testing.T) {
	c := NewCache(50*time.Millisecond, NewKeyer(""), nil, 10, nil)
	ctx := t.Context()
	_, _, tk := c.Lookup(ctx, "Bearer a", "u")
	c.Store(ctx, tk, []byte("12345"))
	if b, hit, _ := c.Lookup(ctx, "Bearer a", "u"); !hit || string(b) != "12345" {
		t.Fatal("miss")
	}
	if _, hit, _ := c.Lookup(ctx, "Bearer b", "u"); hit {
		t.Fatal("other caller hit")
	}
	_, _, tk2 := c.Lookup(ctx, "Bearer a", "v")
	c.Store(ctx, tk2, []byte("123456")) // over maxBytes together: evicts u
	if _, hit, _ := c.Lookup(ctx, "Bearer a", "u"); hit {
		t.Fatal("not evicted at maxBytes")
	}
	time.Sleep(60 * time.Millisecond)
	if _, hit, _ := c.Lookup(ctx, "Bearer a", "v"); hit {
		t.Fatal("hit after TTL")
	}
}

func TestAPQ_Redis(t *testing.T) {
	_, r, _ := newRedis(t)
	a := NewAPQ(lru.New[string](10), r, 100)
	b := NewAPQ(lru.New[string](10), r, 100)
	ctx := context.Background()
	a.Add(ctx, "h1", "{ flows { totalCount } }")
	if q, ok := b.Get(ctx, "h1"); !ok || q != "{ flows { totalCount } }" {
		t.Fatalf("replica 2: %q %v", q, ok)
	}
	a.Add(ctx, "big", strings.Repeat("x", 101))
	if _, ok := b.Get(ctx, "big"); ok {
		t.Fatal("a document over the size limit was shared")
	}
	if ttl := r.c.TTL(ctx, prefix+"apq:h1").Val(); ttl <= 0 || ttl > APQTTL {
		t.Errorf("APQ entry TTL %v", ttl)
	}
}

func assertNoSecretInRedis(t *testing.T, r *Redis, secrets ...string) {
	t.Helper()
	ctx := context.Background()
	keys, err := r.c.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		v := r.c.Dump(ctx, k).Val()
		for _, s := range secrets {
			if strings.Contains(k, s) || strings.Contains(v, s) {
				t.Errorf("redis key %q (or its value) contains a credential", k)
			}
		}
		if !strings.HasPrefix(k, prefix) {
			t.Errorf("key %q outside %s", k, prefix)
		}
	}
}

func equal(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// REDIS_URL with a password and a database number reaches that database;
// a wrong password fails without showing it.
func TestRedis_PasswordAndDatabase(t *testing.T) {
	srv := redistest.Start(t, "--requirepass", "s3cret-pw")
	r, err := NewRedis("redis://:s3cret-pw@"+srv.Addr()+"/3", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Ping(t.Context()); err != nil {
		t.Fatalf("ping with the password: %v", err)
	}
	a := NewAPQ(lru.New[string](1), r, 100)
	a.Add(t.Context(), "h", "{ x }")
	if n := r.c.Do(t.Context(), "DBSIZE").Val(); n != int64(1) || r.c.Options().DB != 3 {
		t.Errorf("database %d holds %v keys, want 1 in database 3", r.c.Options().DB, n)
	}
	bad, err := NewRedis("redis://:wrong-pw@"+srv.Addr()+"/3", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if err := bad.Ping(t.Context()); err == nil || strings.Contains(err.Error(), "wrong-pw") {
		t.Errorf("wrong password: %v", err)
	}
	if bad.Up() {
		t.Error("a refused password left Redis reported up")
	}
}
