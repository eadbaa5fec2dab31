package main

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"flowgate/upstream"
)

// readyCacheTTL is how long a readiness answer is reused, so that frequent
// probes from several load balancers cost authentik one cheap request per
// interval at most.
const readyCacheTTL = 2 * time.Second

// readiness answers GET /readyz: 200 when authentik answers (any status
// below 500, the 403 of a request without credentials included) and the
// circuit is not open; 503 otherwise.
type readiness struct {
	up      *upstream.Client
	timeout time.Duration
	rep     *replicas

	mu      sync.Mutex
	checked time.Time
	err     error

	redisChecked time.Time
}

type readyBody struct {
	Status   string `json:"status"`
	Upstream string `json:"upstream"`
	Circuit  string `json:"circuit"`
	// Redis is "up", or "degraded" while flowgate serves without it
	// ("unavailable" with REDIS_REQUIRED); absent without REDIS_URL.
	Redis string `json:"redis,omitempty"`
}

func (rd *readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	err := rd.check(r.Context())
	body := readyBody{Status: "ready", Upstream: "reachable", Circuit: rd.up.Breaker().String()}
	status := http.StatusOK
	if err != nil {
		body.Status, body.Upstream, status = "unavailable", "unreachable", http.StatusServiceUnavailable
	}
	if rd.rep != nil && rd.rep.redis != nil {
		body.Redis = "up"
		if !rd.redisUp(r.Context()) {
			body.Redis = "degraded"
			if rd.rep.required {
				body.Redis, body.Status, status = "unavailable", "unavailable", http.StatusServiceUnavailable
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// check pings authentik at most once per readyCacheTTL; concurrent probes
// wait for the one ping in flight. An open circuit fails at once.
func (rd *readiness) check(ctx context.Context) error {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if !rd.checked.IsZero() && time.Since(rd.checked) < readyCacheTTL {
		return rd.err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rd.timeout)
	defer cancel()
	rd.err = rd.up.Ping(ctx)
	rd.checked = time.Now()
	return rd.err
}

// redisUp pings Redis at most once per readyCacheTTL.
func (rd *readiness) redisUp(ctx context.Context) bool {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.redisChecked.IsZero() || time.Since(rd.redisChecked) >= readyCacheTTL {
		_ = rd.rep.redis.Ping(context.WithoutCancel(ctx))
		rd.redisChecked = time.Now()
	}
	// Between pings, what the last command (a request's, or the prober's)
	// found.
	return rd.rep.redis.Up()
}
