package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"flowgate/graph"
	"flowgate/graph/guard"
	"flowgate/shared"
	"flowgate/upstream"
)

// config is every setting flowgate has. Each comes from a flag whose
// default is read from an environment variable.
type config struct {
	Addr            string
	AuthentikURL    string
	AuthentikToken  string
	Demo            bool
	UpstreamTimeout time.Duration
	PageSize        int
	LoaderWait      time.Duration
	RequestParallel int
	UpstreamMaxConn int
	MaxBodyBytes    int64
	ShutdownTimeout time.Duration
	LogLevel        slog.Level
	Naive           bool

	MemoryLimitMiB    int64
	GCPercent         int // gcPercentAuto: tuneRuntime decides
	RequestTimeout    time.Duration
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration

	Retries         int
	RetryBackoff    time.Duration
	RetryMaxDelay   time.Duration
	RetryBudget     time.Duration
	BreakerFailures int
	BreakerCooldown time.Duration

	MaxDepth         int
	MaxAliases       int
	MaxComplexity    int
	MaxTokens        int
	MaxBreadth       int
	MaxUpstreamReqs  int
	MaxUpstreamBytes int64
	MaxAnswerBytes   int64
	APQCacheSize     int
	TrustedDocuments string
	Introspection    bool
	GraphiQL         bool
	UpstreamTrace    bool

	AllowedHosts         []string
	CORSOrigins          []string
	CORSAllowCredentials bool

	RedisURL       string
	RedisKeySecret string
	RedisRequired  bool
	RateLimit      float64
	RateLimitBurst int
	CacheTTL       time.Duration
	CacheMaxBytes  int
	WebhookSecret  string

	Metrics      bool
	OTLPEndpoint string
	ServiceName  string

	// trusted is the loaded TrustedDocuments file (nil when unset).
	trusted *guard.TrustedDocuments
	// replicas is the state replicas share (see newReplicas); nil until
	// run or a test makes it, and NewServer then makes an in-process one.
	replicas *replicas
}

// setting describes one flag and its environment variable, for --help and
// the README table.
type setting struct {
	flag, env, def, usage string
}

var settings = []setting{
	{"addr", "ADDR", "127.0.0.1:8080", "listen address (host:port)"},
	{"authentik-url", "AUTHENTIK_URL", "", "base URL of the authentik install, e.g. https://auth.example.com (the client appends /api/v3/); empty starts the built-in demo upstream"},
	{"authentik-token", "AUTHENTIK_TOKEN", "", "API token used only for GraphQL requests that carry no Authorization header; it grants its rights to anyone who can reach flowgate"},
	{"demo", "DEMO", "false", "serve the built-in demo upstream (also implied by an empty AUTHENTIK_URL)"},
	{"upstream-timeout", "UPSTREAM_TIMEOUT", "10s", "time limit of one upstream request (each retry gets its own)"},
	{"upstream-page-size", "UPSTREAM_PAGE_SIZE", "100", "page size asked of authentik (authentik caps it at its tenant maximum, 100 by default; smaller caps are detected)"},
	{"loader-wait", "LOADER_WAIT", "0s", "how long a lookup that no lookahead planned waits for others to batch with; 0 sends it at once (lookahead batches never wait)"},
	{"request-parallelism", "REQUEST_PARALLELISM", "8", "upstream calls one GraphQL request may have in flight"},
	{"upstream-max-inflight", "UPSTREAM_MAX_INFLIGHT", "64", "upstream calls in flight across all requests"},
	{"upstream-retries", "UPSTREAM_RETRIES", "2", "times a GET is sent again after a connection failure or a 429, 502, 503 or 504 (other methods never are); 0 turns retries off"},
	{"upstream-retry-backoff", "UPSTREAM_RETRY_BACKOFF", "100ms", "wait before the first retry; doubles for each further one, with jitter"},
	{"upstream-retry-max-delay", "UPSTREAM_RETRY_MAX_DELAY", "2s", "longest single wait between attempts; a Retry-After asking for longer ends the retries"},
	{"upstream-retry-budget", "UPSTREAM_RETRY_BUDGET", "5s", "time after which an upstream call starts no further retry"},
	{"breaker-failures", "BREAKER_FAILURES", "10", "failed upstream attempts in a row (5xx, no connection, timeouts; not 4xx) that open the circuit, which then answers UPSTREAM_UNAVAILABLE without calling authentik; 0 turns the breaker off"},
	{"breaker-cooldown", "BREAKER_COOLDOWN", "5s", "how long the circuit stays open before one probe request may go out"},
	{"memory-limit", "MEMORY_LIMIT", "64", "soft limit, in MiB, on the memory the Go runtime holds: near it the garbage collector runs more often (never failing a request), which keeps peak memory close to what the requests in flight need; 0 turns it off; GOMEMLIMIT, when set, wins"},
	{"gc-percent", "GC_PERCENT", "auto", "how far the heap may grow over what is live before the garbage collector runs, in percent (Go's GOGC). auto: 1000 while a memory limit is in force (MEMORY_LIMIT or GOMEMLIMIT), else the runtime's default (100). At 1000 the limit, not the percentage, decides when a busy server collects: the small heap of point and list queries is collected about 7 times less often than at 150 (make load: CPU per query about 20% lower), while large queries meet the limit as they did at 150 (make mem: the same peaks); so under sustained load the process's memory sits near MEMORY_LIMIT by design. 0 keeps the runtime's default; GOGC, when set, wins"},
	{"request-timeout", "REQUEST_TIMEOUT", "30s", "deadline of a whole GraphQL request; upstream calls still running then fail with UPSTREAM_TIMEOUT"},
	{"read-header-timeout", "READ_HEADER_TIMEOUT", "10s", "time to read a request's headers"},
	{"read-timeout", "READ_TIMEOUT", "30s", "time to read a whole request"},
	{"write-timeout", "WRITE_TIMEOUT", "60s", "time from the end of reading a request to the end of its response; must exceed -request-timeout"},
	{"idle-timeout", "IDLE_TIMEOUT", "120s", "how long an idle keep-alive connection stays open"},
	{"max-body-bytes", "MAX_BODY_BYTES", "1048576", "largest accepted request body (larger: HTTP 413, QUERY_TOO_LARGE)"},
	{"max-tokens", "MAX_TOKENS", strconv.Itoa(guard.Defaults.MaxTokens), "most lexical tokens in a GraphQL document (QUERY_TOO_LARGE); 0 turns the limit off"},
	{"max-breadth", "MAX_BREADTH", strconv.Itoa(guard.Defaults.MaxBreadth), "most fields in one selection set, counted before parsing: validation cost grows with its square (QUERY_TOO_COMPLEX); 0 turns the limit off"},
	{"max-depth", "MAX_DEPTH", strconv.Itoa(guard.Defaults.MaxDepth), "deepest field nesting, introspection excluded (QUERY_TOO_DEEP); 0 turns the limit off"},
	{"max-aliases", "MAX_ALIASES", strconv.Itoa(guard.Defaults.MaxAliases), "most aliased fields in an operation (TOO_MANY_ALIASES); 0 turns the limit off"},
	{"max-complexity", "MAX_COMPLEXITY", strconv.Itoa(guard.Defaults.MaxComplexity), "highest estimated number of objects in an answer: lists count the first argument (connections) or an estimate per item (QUERY_TOO_COMPLEX); 0 turns the limit off"},
	{"max-upstream-requests", "MAX_UPSTREAM_REQUESTS", strconv.Itoa(guard.DefaultMaxUpstreamRequests), "most upstream requests one GraphQL request may cost: estimated before it runs (over it: QUERY_TOO_EXPENSIVE, nothing sent) and counted while it runs (past it: UPSTREAM_BUDGET_EXCEEDED for the remaining fields); 0 turns the limit off"},
	{"max-upstream-bytes", "MAX_UPSTREAM_BYTES", strconv.Itoa(guard.DefaultMaxUpstreamBytes), "most bytes of upstream answers one GraphQL request may read (past it: UPSTREAM_BUDGET_EXCEEDED for the remaining fields); 0 turns the limit off"},
	{"max-answer-bytes", "MAX_ANSWER_BYTES", "16777216", "most bytes of JSON one GraphQL answer may hold, counted while it is built (past it: the rest is null, with ANSWER_TOO_LARGE); it bounds the memory of a query that few upstream requests answer with a huge tree; 0 turns the limit off"},
	{"apq-cache-size", "APQ_CACHE_SIZE", "1000", "automatic persisted queries kept (LRU; documents over 64 KiB are not kept); 0 turns APQ off"},
	{"trusted-documents", "TRUSTED_DOCUMENTS", "", "JSON file of sha256 hash to document, or a directory of *.graphql files: when set, only these documents run (PERSISTED_QUERY_NOT_ALLOWED otherwise) and APQ is off"},
	{"introspection", "INTROSPECTION", strconv.FormatBool(guard.Defaults.Introspection), "answer __schema and __type queries (INTROSPECTION_DISABLED otherwise)"},
	{"graphiql", "GRAPHIQL", "true", "serve GraphiQL at GET /"},
	{"upstream-trace", "UPSTREAM_TRACE", "true", "answer a GraphQL request that carries X-Flowgate-Trace: 1 with extensions.trace, its own upstream requests (method, route template, status, ms, batch size); false ignores the header"},
	{"allowed-hosts", "ALLOWED_HOSTS", "", "comma-separated Host names flowgate answers (421 HOST_NOT_ALLOWED otherwise: a defence against DNS rebinding), or * for any; empty: the -addr host, plus localhost, 127.0.0.1 and ::1 on a loopback address, or any IP address and localhost on a wildcard address"},
	{"cors-origins", "CORS_ORIGINS", "", "comma-separated origins (scheme://host[:port]) allowed to call /graphql from a browser, or * for any; empty allows none"},
	{"cors-allow-credentials", "CORS_ALLOW_CREDENTIALS", "false", "let browsers send credentialed requests (cookies, which flowgate ignores); not with *"},
	{"redis-url", "REDIS_URL", "", "redis:// or rediss:// (TLS) URL of the Redis that replicas share, with password and database, e.g. redis://:secret@redis:6379/0; empty keeps APQ, rate limits and the cache in this process"},
	{"redis-key-secret", "REDIS_KEY_SECRET", "", "secret (at least 16 bytes, the same on every replica) under which callers' credentials are hashed into Redis keys; required with REDIS_URL"},
	{"redis-required", "REDIS_REQUIRED", "false", "while Redis is unavailable, refuse GraphQL requests (503 REDIS_UNAVAILABLE) and fail /readyz, instead of serving degraded"},
	{"rate-limit", "RATE_LIMIT", "0", "GraphQL requests per second per caller (a token bucket per Authorization value, shared by replicas through Redis; requests without one are one caller); over it: 429 RATE_LIMITED; 0 turns it off"},
	{"rate-limit-burst", "RATE_LIMIT_BURST", "0", "size of each caller's bucket: requests allowed at once after a pause; 0 means one second's worth of RATE_LIMIT"},
	{"cache-ttl", "CACHE_TTL", "0s", "how long upstream GET answers are cached, per caller (keyed by a hash of the credentials and the URL) and shared by replicas through Redis; any write or webhook event invalidates; 0s turns the cache off"},
	{"cache-max-bytes", "CACHE_MAX_BYTES", "67108864", "memory for cached answers without REDIS_URL (with Redis, set its maxmemory)"},
	{"webhook-secret", "WEBHOOK_SECRET", "", "shared secret (at least 16 bytes) that authentik's webhook sends as Authorization: Bearer <secret> to POST /hooks/authentik; empty turns the webhook off"},
	{"metrics", "METRICS", "true", "serve Prometheus metrics at GET /metrics"},
	{"otlp-endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT", "", "base URL of an OTLP/HTTP collector, e.g. http://localhost:4318 (spans go to /v1/traces); empty turns tracing off"},
	{"service-name", "OTEL_SERVICE_NAME", "flowgate", "service.name of the spans"},
	{"shutdown-timeout", "SHUTDOWN_TIMEOUT", "15s", "how long in-flight requests may take to finish on SIGTERM/SIGINT"},
	{"log-level", "LOG_LEVEL", "info", "debug, info, warn or error"},
	{"naive-loaders", "NAIVE_LOADERS", "false", "turn batching and deduplication off (one upstream call per parent); for benchmarks only"},
}

// loadConfig parses args with defaults from getenv. It validates every
// setting and reports all problems at once.
func loadConfig(args []string, getenv func(string) string, usageOut io.Writer) (config, error) {
	fs := flag.NewFlagSet("flowgate", flag.ContinueOnError)
	fs.SetOutput(usageOut)
	vals := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		vals[s.flag] = fs.String(s.flag, def, fmt.Sprintf("%s (env %s)", s.usage, s.env))
	}
	fs.Usage = func() {
		fmt.Fprintf(usageOut, "Usage: flowgate [flags]\n\nflowgate is a GraphQL gateway over authentik's flows API.\nEvery flag can also be set by the environment variable named with it.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	var c config
	var errs []error
	get := func(name string) string { return strings.TrimSpace(*vals[name]) }
	dur := func(name string, least time.Duration) time.Duration {
		d, err := time.ParseDuration(get(name))
		if err != nil || d < least {
			errs = append(errs, fmt.Errorf("-%s: %q is not a duration of at least %s", name, get(name), least))
		}
		return d
	}
	num := func(name string, lo, hi int64) int64 {
		n, err := strconv.ParseInt(get(name), 10, 64)
		if err != nil || n < lo || n > hi {
			errs = append(errs, fmt.Errorf("-%s: %q is not a whole number from %d to %d", name, get(name), lo, hi))
		}
		return n
	}
	boolean := func(name string) bool {
		b, err := strconv.ParseBool(get(name))
		if err != nil {
			errs = append(errs, fmt.Errorf("-%s: %q is not true or false", name, get(name)))
		}
		return b
	}

	c.Addr = get("addr")
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("-addr: %q is not host:port", c.Addr))
	}
	c.AuthentikURL = get("authentik-url")
	c.AuthentikToken = get("authentik-token")
	c.Demo = boolean("demo") || c.AuthentikURL == ""
	if c.AuthentikURL != "" {
		if _, err := upstream.New(c.AuthentikURL, upstream.Options{}); err != nil {
			errs = append(errs, fmt.Errorf("-authentik-url: %w", err))
		}
		if boolean("demo") {
			errs = append(errs, errors.New("-demo and -authentik-url exclude each other"))
		}
	}
	if strings.ContainsAny(c.AuthentikToken, " \t\r\n") {
		errs = append(errs, errors.New("-authentik-token: must not contain white space"))
	}
	c.UpstreamTimeout = dur("upstream-timeout", time.Millisecond)
	c.PageSize = int(num("upstream-page-size", 1, 1000))
	c.LoaderWait = dur("loader-wait", 0)
	c.RequestParallel = int(num("request-parallelism", 1, 256))
	c.UpstreamMaxConn = int(num("upstream-max-inflight", 1, 4096))
	c.MaxBodyBytes = num("max-body-bytes", 1024, 64<<20)
	c.ShutdownTimeout = dur("shutdown-timeout", 0)

	c.MemoryLimitMiB = num("memory-limit", 0, 1<<20)
	if get("gc-percent") == "auto" {
		c.GCPercent = gcPercentAuto
	} else {
		c.GCPercent = int(num("gc-percent", 0, 10000))
	}
	c.RequestTimeout = dur("request-timeout", time.Millisecond)
	c.ReadHeaderTimeout = dur("read-header-timeout", time.Millisecond)
	c.ReadTimeout = dur("read-timeout", time.Millisecond)
	c.WriteTimeout = dur("write-timeout", time.Millisecond)
	c.IdleTimeout = dur("idle-timeout", time.Millisecond)
	if c.WriteTimeout > 0 && c.RequestTimeout >= c.WriteTimeout {
		errs = append(errs, fmt.Errorf("-write-timeout: %s must exceed -request-timeout %s, or answers past the deadline are cut off", c.WriteTimeout, c.RequestTimeout))
	}

	c.Retries = int(num("upstream-retries", 0, 10))
	c.RetryBackoff = dur("upstream-retry-backoff", time.Millisecond)
	c.RetryMaxDelay = dur("upstream-retry-max-delay", time.Millisecond)
	c.RetryBudget = dur("upstream-retry-budget", time.Millisecond)
	c.BreakerFailures = int(num("breaker-failures", 0, 10000))
	c.BreakerCooldown = dur("breaker-cooldown", time.Millisecond)

	c.MaxTokens = int(num("max-tokens", 0, 1_000_000))
	c.MaxBreadth = int(num("max-breadth", 0, 1_000_000))
	c.MaxDepth = int(num("max-depth", 0, 1000))
	c.MaxAliases = int(num("max-aliases", 0, 100_000))
	c.MaxComplexity = int(num("max-complexity", 0, 1<<40))
	c.MaxUpstreamReqs = int(num("max-upstream-requests", 0, 1_000_000))
	c.MaxUpstreamBytes = num("max-upstream-bytes", 0, 1<<40)
	c.MaxAnswerBytes = num("max-answer-bytes", 0, 1<<40)
	c.APQCacheSize = int(num("apq-cache-size", 0, 1_000_000))
	c.TrustedDocuments = get("trusted-documents")
	if c.TrustedDocuments != "" {
		docs, err := guard.LoadTrustedDocuments(c.TrustedDocuments, graph.NewExecutableSchema(graph.Config{}).Schema())
		if err != nil {
			errs = append(errs, fmt.Errorf("-trusted-documents: %w", err))
		}
		c.trusted = docs
	}
	c.Introspection = boolean("introspection")
	c.GraphiQL = boolean("graphiql")
	c.UpstreamTrace = boolean("upstream-trace")

	for _, h := range strings.Split(get("allowed-hosts"), ",") {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if h != "*" && (strings.ContainsAny(h, "/@?# ") || normalizeHost(h) == "") {
			errs = append(errs, fmt.Errorf("-allowed-hosts: %q is not a host name or address such as flowgate.example.com", h))
			continue
		}
		c.AllowedHosts = append(c.AllowedHosts, h)
	}
	c.CORSAllowCredentials = boolean("cors-allow-credentials")
	for _, o := range strings.Split(get("cors-origins"), ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		norm, err := normalizeOrigin(o)
		if err != nil {
			errs = append(errs, fmt.Errorf("-cors-origins: %w", err))
			continue
		}
		if norm == "*" && c.CORSAllowCredentials {
			errs = append(errs, errors.New("-cors-origins: * cannot be combined with -cors-allow-credentials; list the origins"))
		}
		c.CORSOrigins = append(c.CORSOrigins, norm)
	}

	c.RedisURL = get("redis-url")
	if c.RedisURL != "" {
		if _, err := shared.ParseRedisURL(c.RedisURL); err != nil {
			errs = append(errs, fmt.Errorf("-redis-url: %w", err))
		}
	}
	c.RedisKeySecret = get("redis-key-secret")
	if c.RedisURL != "" && len(c.RedisKeySecret) < 16 {
		errs = append(errs, errors.New("-redis-key-secret: set a secret of at least 16 bytes, the same on every replica, with -redis-url"))
	}
	c.RedisRequired = boolean("redis-required")
	if rl, err := strconv.ParseFloat(get("rate-limit"), 64); err != nil || rl < 0 || rl > 1e6 || rl != rl {
		errs = append(errs, fmt.Errorf("-rate-limit: %q is not a number of requests per second from 0 to 1000000", get("rate-limit")))
	} else {
		c.RateLimit = rl
	}
	c.RateLimitBurst = int(num("rate-limit-burst", 0, 1_000_000))
	if c.RateLimitBurst == 0 {
		c.RateLimitBurst = max(1, int(math.Ceil(c.RateLimit)))
	}
	c.CacheTTL = dur("cache-ttl", 0)
	c.CacheMaxBytes = int(num("cache-max-bytes", 0, 1<<40))
	c.WebhookSecret = get("webhook-secret")
	if c.WebhookSecret != "" && len(c.WebhookSecret) < 16 {
		errs = append(errs, errors.New("-webhook-secret: must be at least 16 bytes"))
	}

	c.Metrics = boolean("metrics")
	c.OTLPEndpoint = get("otlp-endpoint")
	if c.OTLPEndpoint != "" {
		if u, err := url.Parse(c.OTLPEndpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			errs = append(errs, fmt.Errorf("-otlp-endpoint: %q is not an http(s) URL such as http://localhost:4318", c.OTLPEndpoint))
		}
	}
	c.ServiceName = get("service-name")
	if c.ServiceName == "" {
		errs = append(errs, errors.New("-service-name: must not be empty"))
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("log-level"))); err != nil {
		errs = append(errs, fmt.Errorf("-log-level: %q is not debug, info, warn or error", get("log-level")))
	}
	c.Naive = boolean("naive-loaders")
	return c, errors.Join(errs...)
}

// normalizeOrigin checks a CORS origin, scheme://host[:port] with nothing
// after it, and returns it in the lower case browsers send.
func normalizeOrigin(o string) (string, error) {
	if o == "*" {
		return o, nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q is not an origin such as https://dashboard.example.com", o)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}
