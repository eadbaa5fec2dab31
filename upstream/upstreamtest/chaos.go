package upstreamtest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"
)

// Kinds of misbehaviour, as recorded in Request.Fault.
const (
	// FaultTargeted marks a request that matched a Fault given to Inject.
	FaultTargeted = "fault"
	// FaultError500 marks a chaos 500 with Django's HTML error page.
	FaultError500 = "error500"
	// FaultReset marks a chaos connection reset.
	FaultReset = "reset"
	// FaultSlow marks a chaos delay of Chaos.SlowDelay.
	FaultSlow = "slow"
	// FaultTruncate marks a chaos answer whose body was cut in half.
	FaultTruncate = "truncate"
)

// Chaos makes a random share of all requests misbehave, the way a
// struggling authentik or the proxy in front of it does. Each share is a
// probability from 0 to 1; together they must not exceed 1. Faults given to
// Inject take precedence over chaos.
//
// Every request draws once from a generator seeded with Seed, in arrival
// order: a client that sends one request at a time sees the same faults on
// every run, and concurrent clients see the same sequence of faults in
// whatever order their requests arrive.
//
// A reset connection is seen twice when the client is Go's http.Transport:
// it retries an idempotent request (GET, HEAD, OPTIONS) once, silently, when
// a reused keep-alive connection dies before any response byte. The retry is
// a new request that draws again, so ChaosStats.Reset counts connections
// reset, not client calls that failed.
type Chaos struct {
	// Error500 answers 500 with Django's HTML error page; the request is
	// not executed.
	Error500 float64
	// Reset closes the connection (TCP RST) without answering.
	Reset float64
	// Slow waits SlowDelay before the real answer. A client that gives up
	// first cancels the wait.
	Slow      float64
	SlowDelay time.Duration
	// Truncate executes the request and serves the real status and headers
	// with the body cut to half its length (JSON that does not parse, most
	// often under status 200) and a matching Content-Length.
	Truncate float64
	// Latency is added to every request, faulty or not (on top of
	// WithLatency).
	Latency time.Duration
	// Seed seeds the generator.
	Seed uint64
}

// ChaosStats counts what chaos did since the fake was created (SetChaos
// and Reset keep the counts).
type ChaosStats struct {
	// Requests counts requests that drew while chaos was set.
	Requests int
	// Faults injected, by kind.
	Error500, Reset, Slow, Truncate int
}

// WithChaos starts the fake with chaos c; see Chaos and SetChaos.
// NewServer and NewFake panic when c is invalid.
func WithChaos(c Chaos) Option {
	return func(cfg *config) { cfg.chaos = c }
}

func (c Chaos) validate() error {
	sum := 0.0
	for _, p := range []float64{c.Error500, c.Reset, c.Slow, c.Truncate} {
		if p < 0 || p > 1 {
			return fmt.Errorf("chaos share %v is not between 0 and 1", p)
		}
		sum += p
	}
	if sum > 1 {
		return fmt.Errorf("chaos shares add up to %v, more than 1", sum)
	}
	if c.SlowDelay < 0 || c.Latency < 0 {
		return fmt.Errorf("chaos delays must not be negative")
	}
	return nil
}

func (c Chaos) active() bool {
	return c.Error500+c.Reset+c.Slow+c.Truncate > 0 || c.Latency > 0
}

type chaosState struct {
	Chaos
	rng   *rand.Rand
	stats ChaosStats
}

// SetChaos replaces the chaos settings while the fake serves, and reseeds
// the generator with c.Seed. The zero Chaos turns chaos off. It panics when
// c is invalid (a share outside 0..1, shares adding up to more than 1, a
// negative delay).
func (f *Fake) SetChaos(c Chaos) {
	if err := c.validate(); err != nil {
		panic("upstreamtest: " + err.Error())
	}
	f.logMu.Lock()
	defer f.logMu.Unlock()
	f.chaos.Chaos = c
	f.chaos.rng = rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15))
}

// ChaosStats returns the counts of faults chaos injected, by kind.
func (f *Fake) ChaosStats() ChaosStats {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	return f.chaos.stats
}

// drawLocked draws chaos's decision for one request; caller holds f.logMu.
// It returns the extra latency and the fault (nil for none) with its kind.
// The fault is counted by count, once it is applied.
func (f *Fake) drawLocked() (time.Duration, *Fault, string) {
	c := &f.chaos
	if !c.active() {
		return 0, nil, ""
	}
	c.stats.Requests++
	u := c.rng.Float64()
	switch {
	case u < c.Error500:
		page := htmlServerError()
		return c.Latency, &Fault{Status: page.status, Body: string(page.body), ContentType: page.header.Get("Content-Type")}, FaultError500
	case u < c.Error500+c.Reset:
		return c.Latency, &Fault{ResetConnection: true}, FaultReset
	case u < c.Error500+c.Reset+c.Slow:
		return c.Latency, &Fault{Delay: c.SlowDelay}, FaultSlow
	case u < c.Error500+c.Reset+c.Slow+c.Truncate:
		return c.Latency, &Fault{TruncateJSON: true}, FaultTruncate
	}
	return c.Latency, nil, ""
}

func (s *ChaosStats) count(kind string) {
	switch kind {
	case FaultError500:
		s.Error500++
	case FaultReset:
		s.Reset++
	case FaultSlow:
		s.Slow++
	case FaultTruncate:
		s.Truncate++
	}
}

// ConnStats counts a Server's client connections.
type ConnStats struct {
	// Open connections now, and of those, the ones serving a request
	// (Active) and the ones waiting for the next (Idle).
	Open, Active, Idle int
	// Accepted counts connections since the server started; Peak is the
	// most that were open at once.
	Accepted, Peak int
}

// connTracker follows connections through http.Server.ConnState.
type connTracker struct {
	mu    sync.Mutex
	state map[net.Conn]http.ConnState
	stats ConnStats
}

func (t *connTracker) hook(c net.Conn, s http.ConnState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch s {
	case http.StateNew:
		t.stats.Accepted++
		t.state[c] = s
		t.stats.Peak = max(t.stats.Peak, len(t.state))
	case http.StateActive, http.StateIdle:
		t.state[c] = s
	case http.StateHijacked, http.StateClosed:
		delete(t.state, c)
	}
}

func (t *connTracker) snapshot() ConnStats {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.stats
	s.Open = len(t.state)
	for _, st := range t.state {
		switch st {
		case http.StateActive:
			s.Active++
		case http.StateIdle:
			s.Idle++
		}
	}
	return s
}
