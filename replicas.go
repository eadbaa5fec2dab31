package main

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"flowgate/graph"
	"flowgate/shared"
)

// replicas is the state flowgate replicas share (package shared): in Redis
// with REDIS_URL, in this process without.
type replicas struct {
	keys     shared.Keyer
	redis    *shared.Redis   // nil without REDIS_URL
	cache    *shared.Cache   // nil: CACHE_TTL is 0
	limiter  *shared.Limiter // nil: RATE_LIMIT is 0
	required bool
	metrics  *shared.Metrics
}

// newReplicas connects what cfg asks for. It does not wait for Redis: a
// replica starts degraded when Redis is away and says so.
func newReplicas(cfg config, logger *slog.Logger, tel *telemetry) (*replicas, error) {
	rep := &replicas{keys: shared.NewKeyer(cfg.RedisKeySecret), required: cfg.RedisRequired && cfg.RedisURL != ""}
	if tel != nil {
		rep.metrics = tel.shared
	}
	if cfg.RedisURL != "" {
		r, err := shared.NewRedis(cfg.RedisURL, logger, rep.metrics)
		if err != nil {
			return nil, err
		}
		rep.redis = r
		if tel != nil {
			tel.registerRedis()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := r.Ping(ctx); err == nil && logger != nil {
			logger.Info("redis connected: APQ, rate limits and the cache are shared by the replicas using it",
				"redis", shared.Redact(cfg.RedisURL))
		}
	}
	if cfg.CacheTTL > 0 {
		rep.cache = shared.NewCache(cfg.CacheTTL, rep.keys, rep.redis, cfg.CacheMaxBytes, rep.metrics)
	}
	if cfg.RateLimit > 0 {
		rep.limiter = shared.NewLimiter(cfg.RateLimit, cfg.RateLimitBurst, rep.keys, rep.redis, rep.metrics)
	}
	return rep, nil
}

func (rep *replicas) close() {
	if rep != nil && rep.redis != nil {
		_ = rep.redis.Close()
	}
}

// maxWebhookBody bounds a webhook notification.
const maxWebhookBody = 64 << 10

// webhookApps are the authentik apps whose model events can change what
// flowgate reads or who may read it: flows, stages and policies, and the
// users, groups, tokens and roles that decide visibility (a deleted token
// must not keep reading its cached answers).
var webhookApps = []string{"authentik_flows", "authentik_stages", "authentik_policies", "authentik_core", "authentik_rbac"}

// webhook answers POST /hooks/authentik: authentik's webhook notification
// transport, with the body and header mappings the README gives. The
// secret is compared in constant time. A model_created, model_updated or
// model_deleted event of a model flowgate reads (or one it cannot place)
// invalidates the cache on every replica; other events are acknowledged
// and ignored.
func webhook(secret string, rep *replicas, logger *slog.Logger) http.Handler {
	want := sha256.Sum256([]byte("Bearer " + secret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := sha256.Sum256([]byte(r.Header.Get("Authorization")))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			webhookError(w, r, http.StatusUnauthorized, graph.CodeUnauthenticated, "missing or wrong webhook secret")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			webhookError(w, r, http.StatusRequestEntityTooLarge, graph.CodeBadRequest, "webhook body is larger than 64 KiB")
			return
		}
		var ev struct {
			Action string `json:"action"`
			Model  *struct {
				App       string `json:"app"`
				ModelName string `json:"model_name"`
			} `json:"model"`
		}
		if err != nil || json.Unmarshal(body, &ev) != nil {
			webhookError(w, r, http.StatusBadRequest, graph.CodeBadRequest, "webhook body must be a JSON object")
			return
		}
		invalidate, why := webhookInvalidates(ev.Action, ev.Model != nil, func() string {
			if ev.Model == nil {
				return ""
			}
			return ev.Model.App
		}())
		if invalidate && rep != nil && rep.cache != nil {
			rep.cache.Invalidate(r.Context(), "webhook")
		}
		logger.InfoContext(r.Context(), "authentik webhook", "action", truncateLabel(ev.Action), "invalidated", invalidate, "why", why)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"invalidated": invalidate, "reason": why})
	})
}

// webhookInvalidates decides what an event invalidates: everything for a
// model event of an app in webhookApps, and for a body that does not say
// (authentik's default body, without the README's mapping); nothing for
// other events.
func webhookInvalidates(action string, hasModel bool, app string) (bool, string) {
	switch {
	case action == "":
		return true, "no action in the body: invalidated to be safe (configure the README's body mapping)"
	case action != "model_created" && action != "model_updated" && action != "model_deleted":
		return false, "not a model event"
	case !hasModel:
		return true, "model event without a model: invalidated to be safe"
	}
	for _, a := range webhookApps {
		if app == a || strings.HasPrefix(app, a+"_") {
			return true, "model of " + a
		}
	}
	return false, "model of an app flowgate does not read"
}

// webhookError refuses a webhook call in the one error shape, with its own
// status: the webhook is no GraphQL endpoint, and authentik's transport
// logs the status.
func webhookError(w http.ResponseWriter, _ *http.Request, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	type gqlErr struct {
		Message    string            `json:"message"`
		Extensions map[string]string `json:"extensions"`
	}
	_ = json.NewEncoder(w).Encode(struct {
		Errors []gqlErr `json:"errors"`
		Data   any      `json:"data"`
	}{Errors: []gqlErr{{Message: msg, Extensions: map[string]string{"code": code}}}})
}

func truncateLabel(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}
