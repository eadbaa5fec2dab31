package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"flowgate/shared/redistest"
	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

const testKeySecret = "replica-test-secret-0123456789"

// replicaSet is n flowgate replicas (NewServer instances, each with its
// own upstream client, telemetry and connection to Redis) in front of one
// fake authentik and one real redis-server.
type replicaSet struct {
	fake  *upstreamtest.Server
	redis *redistest.Server
	nodes []*env
	reps  []*replicas
}

type replicaOptions struct {
	n     int
	cfg   func(*config)
	fake  *upstreamtest.Server // nil: a fresh one
	redis *redistest.Server    // nil: a fresh one
}

func newReplicaSet(t *testing.T, o replicaOptions) *replicaSet {
	t.Helper()
	s := &replicaSet{fake: o.fake, redis: o.redis}
	if s.redis == nil {
		s.redis = redistest.Start(t)
	}
	if s.fake == nil {
		s.fake = upstreamtest.NewServer()
		t.Cleanup(s.fake.Close)
	}
	for range max(o.n, 1) {
		cfg := testConfig(t)
		cfg.RedisURL, cfg.RedisKeySecret = s.redis.URL(), testKeySecret
		cfg.WebhookSecret = "webhook-secret-0123456789"
		if o.cfg != nil {
			o.cfg(&cfg)
		}
		logs := &syncBuffer{}
		logger := slog.New(slog.NewJSONHandler(logs, nil))
		tel := newTelemetry(nil, logger)
		rep, err := newReplicas(cfg, logger, tel)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(rep.close)
		cfg.replicas = rep
		up, err := upstream.New(s.fake.URL, upstreamOptions(cfg, upstreamtest.AdminToken, tel))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(NewServer(logger, cfg, up, tel))
		t.Cleanup(srv.Close)
		s.nodes = append(s.nodes, &env{fake: s.fake, srv: srv, logs: logs, tel: tel, up: up})
		s.reps = append(s.reps, rep)
	}
	return s
}

// sum adds a counter over the replicas.
func (s *replicaSet) sum(f func(*replicas) float64) float64 {
	n := 0.0
	for _, r := range s.reps {
		n += f(r)
	}
	return n
}

func cacheLookups(result string) func(*replicas) float64 {
	return func(r *replicas) float64 { return testutil.ToFloat64(r.metrics.CacheLookups.WithLabelValues(result)) }
}

// postJSON sends body to path and returns status, headers and body.
func postJSON(t *testing.T, url string, body any, headers map[string]string) (int, http.Header, []byte) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, raw
}

// A document registered through replica 1 runs by hash alone on replicas 2
// and 3, which never saw it.
func TestReplicas_SharedAPQ(t *testing.T) {
	s := newReplicaSet(t, replicaOptions{n: 3})
	hash := sha(dashboardQuery)
	if r := s.nodes[1].postPersisted(t, hash, ""); string(r.Raw) != `{"errors":[{"message":"PersistedQueryNotFound","extensions":{"code":"PERSISTED_QUERY_NOT_FOUND"}}],"data":null,"extensions":{"cost":{"upstreamRequests":0}}}` {
		t.Fatalf("unknown hash on replica 2: %s", r.Raw)
	}
	first := s.nodes[0].postPersisted(t, hash, dashboardQuery)
	if first.Status != 200 || len(first.Errors) > 0 || !strings.Contains(string(first.Raw), `"totalCount":17`) {
		t.Fatalf("register on replica 1: %d %s", first.Status, first.Raw)
	}
	s.fake.Reset()
	for i, n := range s.nodes[1:] {
		r := n.postPersisted(t, hash, "")
		if r.Status != 200 || !bytes.Equal(r.Raw, first.Raw) {
			t.Errorf("replica %d by hash: %d %s\nwant %s", i+2, r.Status, r.Raw, first.Raw)
		}
	}
	if got := s.fake.RequestCount(); got != 2 {
		t.Errorf("two runs by hash cost %d upstream requests, want 2 (1 each)", got)
	}
	// The size limit holds for shared documents too: over 64 KiB is run
	// but not kept.
	big := "{ flows(first: 1) { totalCount } }" + strings.Repeat(" ", maxCachedDocBytes)
	if r := s.nodes[0].postPersisted(t, sha(big), big); r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("big document: %d %s", r.Status, r.Raw)
	}
	if r := s.nodes[1].postPersisted(t, sha(big), ""); !strings.Contains(string(r.Raw), "PERSISTED_QUERY_NOT_FOUND") {
		t.Errorf("a document over 64 KiB was shared: %s", r.Raw)
	}
}

// Over the limit: 429, Retry-After, RATE_LIMITED, no upstream request; the
// bucket is per caller and shared by the replicas.
func TestReplicas_RateLimitRefusal(t *testing.T) {
	for _, mode := range []string{"redis", "in-process"} {
		t.Run(mode, func(t *testing.T) {
			var nodes []*env
			cfg := func(c *config) { c.RateLimit, c.RateLimitBurst = 0.5, 2 }
			if mode == "redis" {
				nodes = newReplicaSet(t, replicaOptions{n: 2, cfg: cfg}).nodes
			} else {
				nodes = []*env{newEnv(t, envOptions{cfg: cfg})}
			}
			fake := nodes[0].fake
			q := `{ flows(first: 1) { totalCount } }`
			for i := range 2 {
				if r := nodes[i%len(nodes)].post(t, q, nil, nil); r.Status != 200 || len(r.Errors) > 0 {
					t.Fatalf("request %d within the burst: %d %s", i+1, r.Status, r.Raw)
				}
			}
			fake.Reset()
			r := nodes[len(nodes)-1].post(t, q, nil, nil)
			if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "2" ||
				!strings.HasPrefix(string(r.Raw), `{"errors":[{"message":"too many requests for these credentials; retry after 2 s","extensions":{"code":"RATE_LIMITED","retryAfterMs":`) ||
				!strings.HasSuffix(string(r.Raw), `}}],"data":null}`+"\n") {
				t.Errorf("over the limit: %d Retry-After %q %s", r.Status, r.Header.Get("Retry-After"), r.Raw)
			}
			if n := fake.RequestCount(); n != 0 {
				t.Errorf("a refused request cost %d upstream requests", n)
			}
			// Another caller has its own bucket.
			if r := nodes[0].post(t, q, nil, bearer(upstreamtest.ReadOnlyToken)); r.Status != 200 {
				t.Errorf("another caller: %d %s", r.Status, r.Raw)
			}
		})
	}
}

// TestReplicas_RateLimitHeld drives one caller through three replicas at
// about 12 times RATE_LIMIT for 10 s: the requests served stay within
// ±10 % of RATE_LIMIT × 10 s (plus the burst), each served request costs
// its one upstream request and no refused one costs any.
func TestReplicas_RateLimitHeld(t *testing.T) {
	skipIfShort(t)
	const rate, burst, d = 20.0, 5, 10 * time.Second
	s := newReplicaSet(t, replicaOptions{n: 3, cfg: func(c *config) { c.RateLimit, c.RateLimitBurst = rate, burst }})
	body, _ := json.Marshal(map[string]any{"query": `{ flows(first: 1) { totalCount } }`})
	var served, refused, other atomic.Int64
	client := &http.Client{Timeout: 10 * time.Second}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			url := s.nodes[w%3].srv.URL + "/graphql"
			for time.Since(start) < d {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+upstreamtest.ReadOnlyToken)
				resp, err := client.Do(req)
				if err != nil {
					other.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch resp.StatusCode {
				case http.StatusOK:
					served.Add(1)
				case http.StatusTooManyRequests:
					refused.Add(1)
				default:
					other.Add(1)
				}
				time.Sleep(25 * time.Millisecond) // 6 workers: ~240 requests/s offered
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	want := rate*elapsed.Seconds() + burst
	got := float64(served.Load())
	t.Logf("%.1f s: %d served (want %.0f ± 10 %%), %d refused, %d other; %.2f requests/s held across 3 replicas",
		elapsed.Seconds(), served.Load(), want, refused.Load(), other.Load(), (got-burst)/elapsed.Seconds())
	if got < 0.9*want || got > 1.1*want {
		t.Errorf("%v requests served in %v, want %.0f ± 10 %%", got, elapsed, want)
	}
	if other.Load() > 0 || refused.Load() < 5*served.Load() {
		t.Errorf("%d answers neither 200 nor 429; %d refused (the load was not over the limit?)", other.Load(), refused.Load())
	}
	if n := s.fake.RequestCount(); n != int(served.Load()) {
		t.Errorf("%d upstream requests for %d served requests (refusals must cost none)", n, served.Load())
	}
}

// cacheCfg turns the cache on.
func cacheCfg(c *config) { c.CacheTTL = time.Minute }

// titleQueries read one flow's title by lookup and in a list: each costs
// exactly one upstream request (two sibling root fields in one document
// could share a page, at a cost that depends on timing).
var titleQueries = []string{
	`{ flow(slug: "default-authentication-flow") { slug title } }`,
	`{ flows(first: 3) { nodes { slug title } } }`,
}

// With the cache on, a mutation through replica 1 is seen by the very next
// read on replicas 2 and 3, although they had the old answer cached.
func TestReplicas_NoStaleRead(t *testing.T) {
	s := newReplicaSet(t, replicaOptions{n: 3, cfg: cacheCfg})
	var warm [][]byte
	for _, q := range titleQueries {
		r := s.nodes[1].post(t, q, nil, nil)
		if r.Status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Raw), `"title":"Welcome to authentik!"`) ||
			!strings.Contains(string(r.Raw), `"upstreamRequestsCached":0`) {
			t.Fatalf("warm-up: %s", r.Raw)
		}
		warm = append(warm, r.Raw)
	}
	s.fake.Reset()
	for i, n := range s.nodes {
		for j, q := range titleQueries {
			r := n.post(t, q, nil, nil)
			if want := bytes.Replace(warm[j], []byte(`"upstreamRequests":1,"estimatedUpstreamRequests":1,"upstreamRequestsCached":0`), []byte(`"upstreamRequests":0,"estimatedUpstreamRequests":1,"upstreamRequestsCached":1`), 1); !bytes.Equal(r.Raw, want) {
				t.Errorf("cached read on replica %d: %s\nwant %s", i+1, r.Raw, want)
			}
		}
	}
	if n := s.fake.RequestCount(); n != 0 {
		t.Errorf("cached reads cost %d upstream requests", n)
	}
	// Another caller's read is not answered from that cache.
	if r := s.nodes[2].post(t, titleQueries[0], nil, bearer(upstreamtest.ReadOnlyToken)); !strings.Contains(string(r.Raw), `"upstreamRequestsCached":0`) {
		t.Errorf("another caller was answered from the cache: %s", r.Raw)
	}

	for round, title := range []string{"Changed through replica 1", "Changed again"} {
		m := s.nodes[0].post(t, `mutation($t: String!) { updateFlow(slug: "default-authentication-flow", input: {title: $t}) { title } }`,
			map[string]any{"t": title}, nil)
		if m.Status != 200 || len(m.Errors) > 0 {
			t.Fatalf("mutation: %s", m.Raw)
		}
		for i, n := range s.nodes[1:] {
			for _, q := range titleQueries {
				r := n.post(t, q, nil, nil)
				if !strings.Contains(string(r.Raw), `"title":"`+title+`"`) {
					t.Errorf("round %d, replica %d after the mutation: %s", round+1, i+2, r.Raw)
				}
			}
		}
	}
	if n := s.sum(func(r *replicas) float64 {
		return testutil.ToFloat64(r.metrics.CacheInvalidations.WithLabelValues("write"))
	}); n != 2 {
		t.Errorf("%v invalidations by writes, want 2", n)
	}
}

// A webhook naming a changed model invalidates on every replica; a wrong
// secret or an unrelated event does not.
func TestReplicas_Webhook(t *testing.T) {
	s := newReplicaSet(t, replicaOptions{n: 3, cfg: cacheCfg})
	read := func(n int) string {
		t.Helper()
		r := s.nodes[n].post(t, `{ flow(slug: "default-authentication-flow") { title } }`, nil, nil)
		if r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("read: %s", r.Raw)
		}
		return strings.TrimSpace(string(r.Raw))
	}
	before := read(1)
	// Changed in authentik directly (its admin UI), not through flowgate.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPatch, s.fake.URL+"/api/v3/flows/instances/default-authentication-flow/",
		strings.NewReader(`{"title":"Changed in authentik"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("PATCH the fake: %v %v", err, resp)
	}
	resp.Body.Close()
	if got := read(2); got != strings.Replace(before, `"upstreamRequests":1,"estimatedUpstreamRequests":1,"upstreamRequestsCached":0`,
		`"upstreamRequests":0,"estimatedUpstreamRequests":1,"upstreamRequestsCached":1`, 1) {
		t.Fatalf("before the webhook, replica 3 should serve the cached answer: %s", got)
	}

	hook := s.nodes[0].srv.URL + "/hooks/authentik"
	event := map[string]any{"action": "model_updated", "model": map[string]any{
		"app": "authentik_flows", "model_name": "flow", "pk": "x", "name": "Welcome to authentik!"}}
	for _, c := range []struct {
		name    string
		headers map[string]string
		body    any
		status  int
		answer  string
	}{
		{"no secret", nil, event, 401, `{"errors":[{"message":"missing or wrong webhook secret","extensions":{"code":"UNAUTHENTICATED"}}],"data":null}`},
		{"wrong secret", bearer("webhook-secret-0123456788"), event, 401, `{"errors":[{"message":"missing or wrong webhook secret","extensions":{"code":"UNAUTHENTICATED"}}],"data":null}`},
		{"unrelated event", bearer("webhook-secret-0123456789"), map[string]any{"action": "login", "model": nil}, 200, `{"invalidated":false,"reason":"not a model event"}`},
		{"unrelated model", bearer("webhook-secret-0123456789"), map[string]any{"action": "model_updated", "model": map[string]any{"app": "authentik_providers_oauth2", "model_name": "oauth2provider"}}, 200,
			`{"invalidated":false,"reason":"model of an app flowgate does not read"}`},
		{"not JSON", bearer("webhook-secret-0123456789"), "[", 400, `{"errors":[{"message":"webhook body must be a JSON object","extensions":{"code":"BAD_REQUEST"}}],"data":null}`},
	} {
		status, _, raw := postJSON(t, hook, c.body, c.headers)
		if status != c.status || strings.TrimSpace(string(raw)) != c.answer {
			t.Errorf("%s: %d %s, want %d %s", c.name, status, raw, c.status, c.answer)
		}
	}
	if got := read(1); !strings.Contains(got, `"upstreamRequestsCached":1`) {
		t.Fatalf("a refused or unrelated webhook invalidated: %s", got)
	}
	status, _, raw := postJSON(t, hook, event, bearer("webhook-secret-0123456789"))
	if status != 200 || strings.TrimSpace(string(raw)) != `{"invalidated":true,"reason":"model of authentik_flows"}` {
		t.Fatalf("webhook: %d %s", status, raw)
	}
	// The first read after it goes upstream; the next is the fresh entry.
	if got := read(1); got != `{"data":{"flow":{"title":"Changed in authentik"}},"extensions":{"cost":{"upstreamRequests":1,"estimatedUpstreamRequests":1,"upstreamRequestsCached":0}}}` {
		t.Errorf("replica 2 after the webhook: %s", got)
	}
	if got := read(2); got != `{"data":{"flow":{"title":"Changed in authentik"}},"extensions":{"cost":{"upstreamRequests":0,"estimatedUpstreamRequests":1,"upstreamRequestsCached":1}}}` {
		t.Errorf("replica 3 after the webhook: %s", got)
	}
}

// TestReplicas_Isolation is TestIsolation with the cache on: two callers
// with different rights, each with one fixed token (so that the cache
// answers most requests), interleaved over thousands of requests through
// three replicas while webhooks keep starting new cache generations. No
// answer may differ from the caller's own uncached answer or hold an
// object the caller may not see, and no cache entry may be served across
// callers.
func TestReplicas_Isolation(t *testing.T) {
	skipIfShort(t)
	total := isolationRequests(t)
	r := newRig(t, rigOptions{loaderWait: 10 * time.Millisecond})
	s := newReplicaSet(t, replicaOptions{n: 3, fake: r.fake, cfg: cacheCfg})
	plain := newReplicaSet(t, replicaOptions{n: 1, fake: r.fake, redis: s.redis}) // cache off: the baselines
	var queries []rigQuery
	for _, q := range r.mix(t) {
		if !q.badInput {
			queries = append(queries, q)
		}
	}
	callers := []caller{adminCaller, limitedCaller}
	tokens := map[string]string{}
	visible := map[string]map[string]bool{}
	healthy := map[string]any{}
	for _, c := range callers {
		tokens[c.name] = "iso-cache-" + c.name + "-token"
		r.fake.AddToken(tokens[c.name], c.perms)
		visible[c.name] = r.visibleTo(t, c)
		for _, q := range queries {
			resp := plain.nodes[0].post(t, q.query, q.vars, bearer(tokens[c.name]))
			if resp.Status != 200 || len(resp.Errors) > 0 {
				t.Fatalf("baseline %s as %s: %s", q.name, c.name, resp.Raw)
			}
			healthy[c.name+"/"+q.name] = resp.Data
		}
	}
	if a, l := len(visible["admin"]), len(visible["limited"]); l == 0 || l*2 > a {
		t.Fatalf("the callers' views do not differ enough: admin %d values, limited %d", a, l)
	}
	r.fake.TakeRequests()

	var (
		next     atomic.Int64
		mu       sync.Mutex
		failures []string
		nFail    int
	)
	client := &http.Client{Timeout: time.Minute}
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= total {
					return
				}
				node := s.nodes[i%3]
				if i%250 == 0 {
					req, _ := http.NewRequest(http.MethodPost, node.srv.URL+"/hooks/authentik", strings.NewReader(`{"action":"model_updated","model":{"app":"authentik_flows","model_name":"flow"}}`))
					req.Header.Set("Authorization", "Bearer webhook-secret-0123456789")
					if resp, err := client.Do(req); err == nil {
						resp.Body.Close()
					}
				}
				c := callers[(i/3)%2]
				q := queries[(i/6)%len(queries)]
				body, _ := json.Marshal(map[string]any{"query": q.query, "variables": q.vars})
				req, _ := http.NewRequest(http.MethodPost, node.srv.URL+"/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tokens[c.name])
				var bad []string
				resp, err := client.Do(req)
				if err != nil {
					bad = append(bad, err.Error())
				} else {
					raw, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					var got gqlResponse
					if err := json.Unmarshal(raw, &got); err != nil || resp.StatusCode != http.StatusOK || len(got.Errors) > 0 {
						bad = append(bad, fmt.Sprintf("%d %.200s", resp.StatusCode, raw))
					} else {
						bad = append(bad, compareData(healthy[c.name+"/"+q.name], got.Data, nil, nil)...)
						for _, v := range identifiers(got.Data) {
							if !visible[c.name][v] {
								bad = append(bad, fmt.Sprintf("%q, which %s may not see", v, c.name))
							}
						}
					}
				}
				if len(bad) > 0 {
					mu.Lock()
					nFail++
					if len(failures) < 10 {
						failures = append(failures, fmt.Sprintf("%s as %s on replica %d: %s", q.name, c.name, i%3+1, strings.Join(bad[:min(len(bad), 5)], "; ")))
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	hits, misses := s.sum(cacheLookups("hit")), s.sum(cacheLookups("miss"))
	cross := s.sum(func(r *replicas) float64 { return testutil.ToFloat64(r.metrics.CacheCrossCaller) })
	upstreamN := len(r.fake.TakeRequests())
	t.Logf("isolation with the cache on: %d requests over 3 replicas, %v cache hits, %v misses, %d upstream requests, %v entries found across callers",
		total, hits, misses, upstreamN, cross)
	if nFail > 0 {
		t.Errorf("%d of %d answers break isolation; first ones:\n%s", nFail, total, strings.Join(failures, "\n"))
	}
	if cross != 0 {
		t.Errorf("%v cache entries were found under one caller's key with another's owner tag", cross)
	}
	if hits < float64(total) {
		t.Errorf("only %v cache hits over %d requests: the cache was hardly used, the test proves little", hits, total)
	}
	for i, n := range s.nodes {
		for _, tok := range tokens {
			if strings.Contains(n.logs.String(), tok) {
				t.Errorf("replica %d logged a token", i+1)
			}
		}
	}
	assertNoTokenInRedis(t, s, tokens["admin"], tokens["limited"])
}

func assertNoTokenInRedis(t *testing.T, s *replicaSet, tokens ...string) {
	t.Helper()
	rc := s.reps[0].redis.Client()
	ctx := context.Background()
	keys := rc.Keys(ctx, "*").Val()
	if len(keys) == 0 {
		t.Error("redis holds no keys: nothing was shared")
	}
	for _, k := range keys {
		v := rc.Dump(ctx, k).Val()
		for _, tok := range tokens {
			if strings.Contains(k, tok) || strings.Contains(v, tok) {
				t.Errorf("redis key %q (or its value) holds a token", k)
			}
		}
	}
}

func getBody(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// TestReplicas_RedisStopped kills Redis under load and starts it again:
// no GraphQL request fails (the documented degraded mode: in-process APQ
// and rate limits, cache bypassed), a mutation made while Redis is away is
// seen at once by every replica, readiness and metrics say degraded, and
// after Redis returns everything is shared again.
func TestReplicas_RedisStopped(t *testing.T) {
	s := newReplicaSet(t, replicaOptions{n: 3, cfg: func(c *config) {
		c.CacheTTL, c.RateLimit, c.RateLimitBurst = time.Minute, 10000, 10000
	}})
	const doc = `query Titles { flows(first: 3) { nodes { slug title } } }`
	if r := s.nodes[0].postPersisted(t, sha(doc), doc); r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("register: %s", r.Raw)
	}
	for _, n := range s.nodes {
		if code, body := getBody(t, n.srv.URL+"/readyz"); code != 200 || body != `{"status":"ready","upstream":"reachable","circuit":"closed","redis":"up"}` {
			t.Fatalf("readyz with Redis up: %d %s", code, body)
		}
	}
	var (
		mutatedAt               atomic.Int64 // unix nanos when the write answered
		title                   atomic.Value
		sent, failed, staleRead atomic.Int64
		mu                      sync.Mutex
		firstFailures           []string
	)
	title.Store("Welcome to authentik!")
	fail := func(format string, args ...any) {
		failed.Add(1)
		mu.Lock()
		if len(firstFailures) < 5 {
			firstFailures = append(firstFailures, fmt.Sprintf(format, args...))
		}
		mu.Unlock()
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				n := s.nodes[(w+i)%3]
				started := time.Now().UnixNano()
				want := title.Load().(string)
				body := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha(doc)}}}
				if i%2 == 0 {
					body = map[string]any{"query": `{ flow(slug: "default-authentication-flow") { title } }`}
				}
				sent.Add(1)
				status, _, raw := postJSON(t, n.srv.URL+"/graphql", body, nil)
				var got gqlResponse
				if status != 200 || json.Unmarshal(raw, &got) != nil || len(got.Errors) > 0 {
					fail("%d %s", status, raw)
					continue
				}
				// Stale: older than the last write answered before this
				// read started (a newer one, still being answered, is fine).
				if m := mutatedAt.Load(); m != 0 && started > m && !newerOrEqual(string(raw), want) {
					staleRead.Add(1)
					fail("stale read after the write: %s", raw)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	mutate := func(n int, to string) {
		t.Helper()
		r := s.nodes[n].post(t, `mutation($t: String!) { updateFlow(slug: "default-authentication-flow", input: {title: $t}) { title } }`, map[string]any{"t": to}, nil)
		if r.Status != 200 || len(r.Errors) > 0 {
			t.Errorf("mutation: %s", r.Raw)
		}
		title.Store(to)
		mutatedAt.Store(time.Now().UnixNano())
	}
	time.Sleep(500 * time.Millisecond)
	hitsBefore := s.sum(cacheLookups("hit"))
	s.redis.Stop()
	time.Sleep(500 * time.Millisecond)
	for i, n := range s.nodes {
		if code, body := getBody(t, n.srv.URL+"/readyz"); code != 200 || body != `{"status":"ready","upstream":"reachable","circuit":"closed","redis":"degraded"}` {
			t.Errorf("replica %d readyz with Redis down: %d %s", i+1, code, body)
		}
	}
	mutate(0, "Written while Redis is down")
	time.Sleep(500 * time.Millisecond)
	s.redis.Restart()
	waitFor(t, "every replica to reconnect", func() bool {
		for _, r := range s.reps {
			if !r.redis.Up() {
				return false
			}
		}
		return true
	})
	hitsAtRecovery := s.sum(cacheLookups("hit"))
	time.Sleep(300 * time.Millisecond)
	mutate(1, "Written after Redis returned")
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait()

	t.Logf("%d GraphQL requests, %d failed, %d stale; cache hits %v before the stop, %v at recovery, %v at the end",
		sent.Load(), failed.Load(), staleRead.Load(), hitsBefore, hitsAtRecovery, s.sum(cacheLookups("hit")))
	if failed.Load() > 0 {
		t.Errorf("%d requests failed or read stale data; first: %s", failed.Load(), strings.Join(firstFailures, "\n"))
	}
	if hitsBefore == 0 || s.sum(cacheLookups("hit")) <= hitsAtRecovery {
		t.Error("the cache was not used before the stop or after recovery")
	}
	for i, n := range s.nodes {
		if code, body := getBody(t, n.srv.URL+"/readyz"); code != 200 || !strings.HasSuffix(body, `"redis":"up"}`) {
			t.Errorf("replica %d readyz after recovery: %d %s", i+1, code, body)
		}
		_, metrics := getBody(t, n.srv.URL+"/metrics")
		for _, want := range []string{"flowgate_redis_up 1", "flowgate_shared_state_degraded 0", "flowgate_redis_errors_total{use=", "flowgate_cache_lookups_total{result=\"hit\"}"} {
			if !strings.Contains(metrics, want) {
				t.Errorf("replica %d metrics lack %s", i+1, want)
			}
		}
		// Once each, or more if a command timed out on a loaded machine;
		// every outage logged has its recovery.
		logs := n.logs.String()
		if down, up := strings.Count(logs, "redis unavailable: serving degraded"), strings.Count(logs, "redis answers again"); down < 1 || down != up {
			t.Errorf("replica %d logged %d outages and %d recoveries:\n%s", i+1, down, up, logs)
		}
	}
}

// With REDIS_REQUIRED, a replica that lost Redis refuses GraphQL requests
// and fails readiness until Redis is back.
func TestReplicas_RedisRequired(t *testing.T) {
	s := newReplicaSet(t, replicaOptions{n: 1, cfg: func(c *config) { c.RedisRequired = true }})
	n := s.nodes[0]
	s.redis.Stop()
	if code, body := getBody(t, n.srv.URL+"/readyz"); code != 503 || body != `{"status":"unavailable","upstream":"reachable","circuit":"closed","redis":"unavailable"}` {
		t.Errorf("readyz: %d %s", code, body)
	}
	s.fake.Reset()
	r := n.post(t, `{ flows(first: 1) { totalCount } }`, nil, nil)
	if r.Status != 503 || strings.TrimSpace(string(r.Raw)) != `{"errors":[{"message":"the shared state (Redis) is unavailable and REDIS_REQUIRED is set; try again shortly","extensions":{"code":"REDIS_UNAVAILABLE"}}],"data":null}` {
		t.Errorf("GraphQL with Redis down: %d %s", r.Status, r.Raw)
	}
	if s.fake.RequestCount() != 0 {
		t.Error("a refused request went upstream")
	}
	s.redis.Restart()
	waitFor(t, "reconnect", func() bool { return s.reps[0].redis.Up() })
	if r := n.post(t, `{ flows(first: 1) { totalCount } }`, nil, nil); r.Status != 200 || len(r.Errors) > 0 {
		t.Errorf("after recovery: %d %s", r.Status, r.Raw)
	}
}

func TestReplicasConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := loadConfig(nil, env(nil), io.Discard)
	if err != nil || c.RedisURL != "" || c.RateLimit != 0 || c.CacheTTL != 0 || c.WebhookSecret != "" || c.RedisRequired {
		t.Fatalf("defaults must need no Redis and keep everything off: %+v, %v", c, err)
	}
	c, err = loadConfig(nil, env(map[string]string{"REDIS_URL": "rediss://:pw@redis:6380/2", "REDIS_KEY_SECRET": "0123456789abcdef",
		"RATE_LIMIT": "2.5", "CACHE_TTL": "30s", "WEBHOOK_SECRET": "0123456789abcdef"}), io.Discard)
	if err != nil || c.RateLimit != 2.5 || c.RateLimitBurst != 3 || c.CacheTTL != 30*time.Second {
		t.Fatalf("config %+v, %v", c, err)
	}
	_, err = loadConfig(nil, env(map[string]string{"REDIS_URL": "redis://:hunter2hunter2@redis:6379/x", "RATE_LIMIT": "-1",
		"RATE_LIMIT_BURST": "many", "CACHE_TTL": "soon", "WEBHOOK_SECRET": "short"}), io.Discard)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"-redis-url", "-redis-key-secret", "-rate-limit:", "-rate-limit-burst", "-cache-ttl", "-webhook-secret"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the error shows the Redis password: %v", err)
	}
}

// Only answers that decoded and validated are cached: a 5xx (after its
// retries), a body that is not JSON, authentik's 403 and 404 each go
// upstream again on the next request. Without Redis (one process).
func TestCache_ErrorsNeverCached(t *testing.T) {
	e := newEnv(t, envOptions{cfg: cacheCfg})
	const q = `{ flows(first: 2) { nodes { slug } } }`
	type step struct {
		name          string
		fault         *upstreamtest.Fault
		headers       map[string]string
		query         string
		wantUpstream  int
		wantCode      string
		wantCachedExt int
	}
	hidden := `{ flow(slug: "default-enrollment-flow") { slug } }` // hidden from the limited token: 404, a null
	for _, s := range []step{
		{name: "503 three times (one try, two retries)", fault: &upstreamtest.Fault{Method: "GET", PathPrefix: "/api/v3/flows/instances/", Status: 503, Body: "busy", Times: 3},
			query: q, wantUpstream: 3, wantCode: "UPSTREAM_UNAVAILABLE"},
		{name: "junk JSON", fault: &upstreamtest.Fault{Method: "GET", PathPrefix: "/api/v3/flows/instances/", Times: 1, Replace: func([]byte) []byte { return []byte(`{"pagination": 3, "results": "x"}`) }},
			query: q, wantUpstream: 1, wantCode: "UPSTREAM_ERROR"},
		{name: "after the errors: fetched", query: q, wantUpstream: 1},
		{name: "then cached", query: q, wantUpstream: 0, wantCachedExt: 1},
		{name: "403 for a revoked token", headers: bearer("no-such-token"), query: q, wantUpstream: 1, wantCode: "UNAUTHENTICATED"},
		{name: "403 again: not cached", headers: bearer("no-such-token"), query: q, wantUpstream: 1, wantCode: "UNAUTHENTICATED"},
		{name: "404 as limited", headers: bearer(upstreamtest.LimitedToken), query: hidden, wantUpstream: 1},
		{name: "404 again: not cached", headers: bearer(upstreamtest.LimitedToken), query: hidden, wantUpstream: 1},
	} {
		e.fake.Reset()
		e.fake.ClearFaults()
		if s.fault != nil {
			e.fake.Inject(*s.fault)
		}
		r := e.post(t, s.query, nil, s.headers)
		code := ""
		if len(r.Errors) > 0 {
			code = r.codes()[0]
		}
		if n := e.fake.RequestCount(); n != s.wantUpstream || code != s.wantCode ||
			!strings.Contains(string(r.Raw), fmt.Sprintf(`"upstreamRequestsCached":%d`, s.wantCachedExt)) {
			t.Errorf("%s: %d upstream requests (want %d), code %q (want %q): %s", s.name, n, s.wantUpstream, code, s.wantCode, r.Raw)
		}
	}
}

// The dashboard's list query on the generated large install: the cache
// changes nothing in the answer, the first request costs what it costs
// without the cache, the next one nothing.
func TestCache_LargeInstall(t *testing.T) {
	const q = `query DashboardFlows { flows(first: 100) { totalCount nodes { slug name title designation bindings { pk order stage { pk name verboseName } } } } }`
	off := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}})
	on := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}, cfg: cacheCfg})
	want := off.post(t, q, nil, nil)
	cost := off.fake.RequestCount()
	if want.Status != 200 || len(want.Errors) > 0 || cost == 0 {
		t.Fatalf("uncached: %d upstream requests, %.300s", cost, want.Raw)
	}
	var gotFirst []byte
	for i, wantUp := range []int{cost, 0} {
		on.fake.Reset()
		r := on.post(t, q, nil, nil)
		cached := cost - wantUp
		body := withoutCost(r.Raw)
		if n := on.fake.RequestCount(); n != wantUp || !bytes.Equal(body, withoutCost(want.Raw)) ||
			!bytes.HasSuffix(r.Raw, []byte(fmt.Sprintf(`"upstreamRequests":%d,"estimatedUpstreamRequests":102,"upstreamRequestsCached":%d}}}`, wantUp, cached))) {
			t.Errorf("request %d with the cache: %d upstream requests (want %d); answer equal to the uncached one: %v; cost %s", i+1, n, wantUp,
				bytes.Equal(body, withoutCost(want.Raw)), r.Raw[max(0, len(r.Raw)-120):])
		}
		if i == 0 {
			gotFirst = r.Raw
		}
	}
	t.Logf("dashboard list on the large install: %d upstream requests uncached, 0 cached (%d bytes)", cost, len(gotFirst))
}

// titlesInOrder are the titles TestReplicas_RedisStopped writes, oldest
// first.
var titlesInOrder = []string{"Welcome to authentik!", "Written while Redis is down", "Written after Redis returned"}

// newerOrEqual reports whether raw shows want or a title written after it.
func newerOrEqual(raw, want string) bool {
	seen := false
	for _, title := range titlesInOrder {
		seen = seen || title == want
		if seen && strings.Contains(raw, `"title":"`+title+`"`) {
			return true
		}
	}
	return false
}

// withoutCost drops an answer's extensions.cost (the last member).
func withoutCost(b []byte) []byte {
	if i := bytes.LastIndex(b, []byte(`,"extensions":{"cost":`)); i >= 0 {
		return append(b[:i:i], '}')
	}
	return b
}
