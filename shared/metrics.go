package shared

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the shared state's Prometheus series. A nil *Metrics is
// valid and records nothing.
type Metrics struct {
	CacheLookups       *prometheus.CounterVec
	CacheInvalidations *prometheus.CounterVec
	CacheCrossCaller   prometheus.Counter
	RateLimited        prometheus.Counter
	RedisErrors        *prometheus.CounterVec
	RedisUp            prometheus.Gauge
	Degraded           prometheus.Gauge
}

// NewMetrics returns the series, unregistered (see Collectors).
func NewMetrics() *Metrics {
	return &Metrics{
		CacheLookups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowgate_cache_lookups_total",
			Help: "Upstream GET answers looked up in the shared cache, by result (hit, miss, bypass: not looked up because Redis is unavailable).",
		}, []string{"result"}),
		CacheInvalidations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowgate_cache_invalidations_total",
			Help: "Cache generations started, by reason (write: an upstream write through this replica; webhook: an authentik model event; recovery: Redis came back).",
		}, []string{"reason"}),
		CacheCrossCaller: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "flowgate_cache_cross_caller_total",
			Help: "Cache entries found under a caller's key whose owner tag names another caller; refused, never served. Always 0 unless something is badly wrong.",
		}),
		RateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "flowgate_rate_limited_total",
			Help: "GraphQL requests refused with RATE_LIMITED (429).",
		}),
		RedisErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowgate_redis_errors_total",
			Help: "Redis commands that failed, by use (cache, ratelimit, apq, ping).",
		}, []string{"use"}),
		RedisUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "flowgate_redis_up",
			Help: "1 while Redis answers, 0 while flowgate runs degraded (in-process APQ and rate limits, cache bypassed); absent without REDIS_URL.",
		}),
		Degraded: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "flowgate_shared_state_degraded",
			Help: "1 while REDIS_URL is set but Redis is unavailable.",
		}),
	}
}

// Collectors returns the series to register; the Redis ones only when
// Redis is configured.
func (m *Metrics) Collectors(redis bool) []prometheus.Collector {
	cs := []prometheus.Collector{m.CacheLookups, m.CacheInvalidations, m.CacheCrossCaller, m.RateLimited}
	if redis {
		cs = append(cs, m.RedisErrors, m.RedisUp, m.Degraded)
	}
	return cs
}

func (m *Metrics) lookup(result string) {
	if m != nil {
		m.CacheLookups.WithLabelValues(result).Inc()
	}
}

func (m *Metrics) invalidated(reason string) {
	if m != nil {
		m.CacheInvalidations.WithLabelValues(reason).Inc()
	}
}

func (m *Metrics) crossCaller() {
	if m != nil {
		m.CacheCrossCaller.Inc()
	}
}

func (m *Metrics) limited() {
	if m != nil {
		m.RateLimited.Inc()
	}
}

func (m *Metrics) redisError(use string) {
	if m != nil {
		m.RedisErrors.WithLabelValues(use).Inc()
	}
}

func (m *Metrics) redisUp(up bool) {
	if m == nil {
		return
	}
	if up {
		m.RedisUp.Set(1)
		m.Degraded.Set(0)
	} else {
		m.RedisUp.Set(0)
		m.Degraded.Set(1)
	}
}
