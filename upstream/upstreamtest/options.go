package upstreamtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DefaultVersion is the authentik version emulated when WithVersion is not used.
const DefaultVersion = "2026.5"

type config struct {
	version         string
	major, minor    int
	maxPageSize     int
	maxSet          bool
	defaultPageSize int
	defaultSet      bool
	extraFlows      int
	extraBindings   int
	scale           scale
	latency         time.Duration
	chaos           Chaos
}

// Option configures a Fake or Server.
type Option func(*config)

// WithMaxPageSize sets the tenant setting pagination_max_page_size. The
// default is 100 (20 and uncapped for versions before 2025.12). 0 means
// uncapped, which is the behaviour of authentik before 2025.12.
func WithMaxPageSize(n int) Option {
	return func(c *config) {
		if n < 0 {
			n = 0
		}
		c.maxPageSize, c.maxSet = n, true
	}
}

// WithDefaultPageSize sets the tenant setting pagination_default_page_size
// (default 20; 100 for versions before 2025.12). Values below 1 are ignored.
func WithDefaultPageSize(n int) Option {
	return func(c *config) {
		if n >= 1 {
			c.defaultPageSize, c.defaultSet = n, true
		}
	}
}

// WithVersion selects the emulated authentik version, e.g. "2026.5"
// (default), "2026.2", "2025.10" or "2025.2". It changes response shapes as
// described in the fact sheet's version notes:
//
//   - before 2026: Flow.background is the read-only resolved URL and there is
//     no background_url/background_themed_urls; FlowSet has background
//     instead of background_url; slug is limited to 50 characters;
//     TypeCreate has no deprecated field; the *_frame_background layouts do
//     not exist;
//   - before 2025.12: default page size 100 and page_size is not capped;
//   - before 2025.10: paginated lists have no autocomplete key.
//
// NewServer and NewFake panic on a version string they cannot parse.
func WithVersion(v string) Option {
	return func(c *config) { c.version = v }
}

// WithExtraFlows adds n generated flows "gen-flow-0001", "gen-flow-0002", …
// Their designation cycles through all designations, and each gets 0-3
// bindings to seeded stages. The result is deterministic.
func WithExtraFlows(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.extraFlows = n
		}
	}
}

// WithExtraBindings adds n generated bindings spread over all flows (seeded
// and generated), with orders from 1000 upwards, respecting unique (target,
// stage, order). Each pair of bindings gets a new generated stage
// "gen-stage-0001", … (so the stage count grows by ceil(n/2)); this keeps
// every stage's flow_set, which each binding embeds, realistically small.
// The result is deterministic.
func WithExtraBindings(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.extraBindings = n
		}
	}
}

// scale describes a generated install (see WithScale).
type scale struct {
	flows, bindingsPerFlow, stages, policies int
}

// WithScale adds a generated install on top of the seed: flows generated
// flows "large-flow-0001", … each with bindingsPerFlow bindings (orders 10,
// 20, …) to distinct stages among stages generated stages
// "large-stage-0001", … whose types cycle through every stage type, and
// policies generated expression policies "large-policy-001", … Every third
// flow has one policy binding; every binding whose flow number is a multiple
// of four and whose order is 20 has two (orders 0 and 10). With 2,000 flows,
// 8 bindings and 200 stages each stage is bound in 80 flows, so every
// binding's embedded stage_obj.flow_set lists 80 flows, as on a large real
// install. The result is deterministic.
func WithScale(flows, bindingsPerFlow, stages, policies int) Option {
	return func(c *config) {
		if flows > 0 && bindingsPerFlow >= 0 && stages > 0 {
			if bindingsPerFlow > stages {
				bindingsPerFlow = stages
			}
			if policies < 1 {
				policies = 1
			}
			c.scale = scale{flows, bindingsPerFlow, stages, policies}
		}
	}
}

// Large install sizes, as used by WithLargeInstall.
const (
	LargeFlows           = 2000
	LargeBindingsPerFlow = 8
	LargeStages          = 200
	LargePolicies        = 50
)

// WithLargeInstall is WithScale(2000, 8, 200, 50): the default install plus
// 2,000 flows with 8 bindings each over 200 stages, with policy bindings on
// flows and bindings. It is the scale every loader, field and screen is
// tested on.
func WithLargeInstall() Option {
	return WithScale(LargeFlows, LargeBindingsPerFlow, LargeStages, LargePolicies)
}

// WithLatency adds d to every request (before faults and the real answer).
func WithLatency(d time.Duration) Option {
	return func(c *config) { c.latency = d }
}

func newConfig(opts []Option) config {
	c := config{version: DefaultVersion}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	maj, minor, err := parseVersion(c.version)
	if err != nil {
		panic("upstreamtest: " + err.Error())
	}
	c.major, c.minor = maj, minor
	if !c.maxSet {
		if c.atLeast(2025, 12) {
			c.maxPageSize = 100
		} else {
			c.maxPageSize = 0
		}
	}
	if !c.defaultSet {
		if c.atLeast(2025, 12) {
			c.defaultPageSize = 20
		} else {
			c.defaultPageSize = 100
		}
	}
	return c
}

func parseVersion(v string) (int, int, error) {
	s := strings.TrimSpace(v)
	if i := strings.IndexAny(s, "-+ "); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return 0, 0, fmt.Errorf("cannot parse version %q (want e.g. \"2026.5\")", v)
	}
	maj, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || maj < 2000 {
		return 0, 0, fmt.Errorf("cannot parse version %q (want e.g. \"2026.5\")", v)
	}
	return maj, minor, nil
}

func (c *config) atLeast(maj, minor int) bool {
	return c.major > maj || (c.major == maj && c.minor >= minor)
}

// modern reports whether the 2026 response shapes (background_url etc.) apply.
func (c *config) modern() bool { return c.major >= 2026 }

func (c *config) hasAutocomplete() bool { return c.atLeast(2025, 10) }
