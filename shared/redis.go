package shared

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis timeouts: short, because every use has an in-process fallback and
// a GraphQL request should not wait on a Redis that hangs.
const (
	redisDialTimeout = time.Second
	redisIOTimeout   = 500 * time.Millisecond
	// redisRetryAfter is how long after a failure Redis is left alone
	// (every use takes its fallback at once) before a request tries again.
	redisRetryAfter = time.Second
)

// Redis is the connection to the Redis all replicas share, with its health:
// after a failed command it is marked down and skipped for a second, then
// tried again; each change is logged once and shown in metrics.
type Redis struct {
	c   *redis.Client
	log *slog.Logger
	m   *Metrics

	mu        sync.Mutex
	down      bool
	retryAt   time.Time
	lastErr   string
	onRecover []func(context.Context)
	probing   bool
	closed    chan struct{}
	closeOnce sync.Once
}

// ParseRedisURL checks a REDIS_URL: redis:// or rediss:// (TLS), with an
// optional user and password and a database number as the path.
func ParseRedisURL(raw string) (*redis.Options, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
		return nil, fmt.Errorf("%q is not a URL such as redis://:password@redis:6379/0 or rediss://…", Redact(raw))
	}
	o, err := redis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", Redact(raw), redactErr(err, u))
	}
	return o, nil
}

// Redact returns a REDIS_URL without its password, for logs and errors.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

func redactErr(err error, u *url.URL) string {
	s := err.Error()
	if p, ok := u.User.Password(); ok && p != "" {
		s = strings.ReplaceAll(s, p, "xxxxx")
	}
	return s
}

// quiet drops go-redis's own log lines (dial failures, one per attempt):
// flowgate logs each change of Redis's health once, and counts failures in
// flowgate_redis_errors_total.
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

var quietOnce sync.Once

// NewRedis returns a client for the URL (see ParseRedisURL). It does not
// connect yet; Ping does.
func NewRedis(rawURL string, log *slog.Logger, m *Metrics) (*Redis, error) {
	o, err := ParseRedisURL(rawURL)
	if err != nil {
		return nil, err
	}
	o.DialTimeout = redisDialTimeout
	o.ReadTimeout = redisIOTimeout
	o.WriteTimeout = redisIOTimeout
	o.MaxRetries = -1 // no retries: the fallbacks are the retry
	o.DialerRetries = 1
	quietOnce.Do(func() { redis.SetLogger(quiet{}) })
	o.ClientName = "flowgate"
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Redis{c: redis.NewClient(o), log: log, m: m, closed: make(chan struct{})}
	m.redisUp(true)
	return r, nil
}

// Client is the go-redis client, for tests and tools.
func (r *Redis) Client() *redis.Client { return r.c }

// Close stops the prober and closes the connections.
func (r *Redis) Close() error {
	r.closeOnce.Do(func() { close(r.closed) })
	return r.c.Close()
}

// OnRecover registers f to run (in the goroutine that noticed) each time
// Redis answers again after being down.
func (r *Redis) OnRecover(f func(context.Context)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.onRecover = append(r.onRecover, f)
}

// usable reports whether commands should be sent: Redis is up, or it was
// down and a second has passed since (this request probes).
func (r *Redis) usable() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.down || !time.Now().Before(r.retryAt)
}

// Up reports whether the last command succeeded.
func (r *Redis) Up() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.down
}

// done records a command's outcome for use (a metrics label). redis.Nil
// (no such key) is an answer, not a failure.
func (r *Redis) done(ctx context.Context, use string, err error) {
	if err != nil && !errors.Is(err, redis.Nil) {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return // the caller went away; says nothing about Redis
		}
		r.m.redisError(use)
		r.mu.Lock()
		was := r.down
		r.down, r.retryAt, r.lastErr = true, time.Now().Add(redisRetryAfter), errClass(err)
		r.mu.Unlock()
		if !was {
			r.startProbe()
			r.m.redisUp(false)
			r.log.Warn("redis unavailable: serving degraded (in-process APQ and rate limits, upstream cache bypassed) until it answers",
				"use", use, "err", errClass(err))
		}
		return
	}
	r.mu.Lock()
	was := r.down
	r.down = false
	fs := r.onRecover
	r.mu.Unlock()
	if was {
		r.m.redisUp(true)
		r.log.Info("redis answers again: shared state restored")
		for _, f := range fs {
			f(ctx)
		}
	}
}

// errClass describes a Redis error without anything from the request.
func errClass(err error) string {
	var ne interface{ Timeout() bool }
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	s := err.Error()
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// startProbe pings Redis every redisRetryAfter until it answers, so that
// recovery (and the cache's invalidation on recovery) does not wait for a
// request to come by.
func (r *Redis) startProbe() {
	r.mu.Lock()
	if r.probing {
		r.mu.Unlock()
		return
	}
	r.probing = true
	r.mu.Unlock()
	go func() {
		defer func() {
			r.mu.Lock()
			r.probing = false
			r.mu.Unlock()
		}()
		t := time.NewTicker(redisRetryAfter)
		defer t.Stop()
		for {
			select {
			case <-r.closed:
				return
			case <-t.C:
			}
			if r.Up() {
				return
			}
			if r.Ping(context.Background()) == nil {
				return
			}
		}
	}()
}

// Ping checks Redis now (readiness), whatever its recorded state.
func (r *Redis) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, redisIOTimeout)
	defer cancel()
	err := r.c.Ping(ctx).Err()
	r.done(ctx, "ping", err)
	return err
}

// LastError is the last failure's description, for readiness.
func (r *Redis) LastError() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.down {
		return ""
	}
	return r.lastErr
}
