package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

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
	{"upstream-timeout", "UPSTREAM_TIMEOUT", "10s", "time limit of one upstream call"},
	{"upstream-page-size", "UPSTREAM_PAGE_SIZE", "100", "page size asked of authentik (authentik caps it at its tenant maximum, 100 by default; smaller caps are detected)"},
	{"loader-wait", "LOADER_WAIT", "2ms", "how long a dataloader collects keys before it sends a batch"},
	{"request-parallelism", "REQUEST_PARALLELISM", "8", "upstream calls one GraphQL request may have in flight"},
	{"upstream-max-inflight", "UPSTREAM_MAX_INFLIGHT", "64", "upstream calls in flight across all requests"},
	{"max-body-bytes", "MAX_BODY_BYTES", "1048576", "largest accepted request body"},
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
	dur := func(name string, min time.Duration) time.Duration {
		d, err := time.ParseDuration(get(name))
		if err != nil || d < min {
			errs = append(errs, fmt.Errorf("-%s: %q is not a duration of at least %s", name, get(name), min))
		}
		return d
	}
	num := func(name string, min, max int64) int64 {
		n, err := strconv.ParseInt(get(name), 10, 64)
		if err != nil || n < min || n > max {
			errs = append(errs, fmt.Errorf("-%s: %q is not a whole number from %d to %d", name, get(name), min, max))
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
	if err := c.LogLevel.UnmarshalText([]byte(get("log-level"))); err != nil {
		errs = append(errs, fmt.Errorf("-log-level: %q is not debug, info, warn or error", get("log-level")))
	}
	c.Naive = boolean("naive-loaders")
	return c, errors.Join(errs...)
}
