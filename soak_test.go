package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

// soakDuration is how long TestSoak runs: SOAK_DURATION (make soak sets
// minutes), else 20 s so that make test runs a short soak too.
func soakDuration(t *testing.T) time.Duration {
	t.Helper()
	if s := os.Getenv("SOAK_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("SOAK_DURATION: %v", err)
		}
		return d
	}
	return 20 * time.Second
}

// soakPhase is one stretch of the run with its chaos: the fake switches
// between them while clients keep sending.
type soakPhase struct {
	name  string
	share float64 // of the run's duration
	chaos upstreamtest.Chaos
}

const soakTimeout = time.Second // flowgate's upstream timeout in the soak

func soakPhases(seed uint64) []soakPhase {
	mixed := upstreamtest.Chaos{Error500: 0.05, Reset: 0.02, Slow: 0.05, SlowDelay: 2 * soakTimeout, Truncate: 0.03, Latency: time.Millisecond, Seed: seed}
	heavy := upstreamtest.Chaos{Error500: 0.15, Reset: 0.05, Slow: 0.05, SlowDelay: 2 * soakTimeout, Truncate: 0.1, Latency: 2 * time.Millisecond, Seed: seed + 1}
	return []soakPhase{
		{"mixed", 0.3, mixed},
		{"outage", 0.1, upstreamtest.Chaos{Error500: 1, Seed: seed + 2}},
		{"calm", 0.1, upstreamtest.Chaos{}},
		{"slow", 0.15, upstreamtest.Chaos{Slow: 0.3, SlowDelay: 2 * soakTimeout, Latency: 10 * time.Millisecond, Seed: seed + 3}},
		{"heavy", 0.35, heavy},
	}
}

// soakStats are the figures of a run or of one phase.
type soakStats struct {
	mu        sync.Mutex
	requests  int
	byQuery   map[string]int
	byCode    map[string]int
	partial   int // answers with data and errors
	clean     int // answers without errors
	upstream  int
	chaos     upstreamtest.ChaosStats
	elapsed   time.Duration
	failures  []string
	nFailures int
}

func newSoakStats() *soakStats {
	return &soakStats{byQuery: map[string]int{}, byCode: map[string]int{}}
}

func (s *soakStats) record(name string, x *exchange, bad []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	s.byQuery[name]++
	s.upstream += x.trace.calls
	if x.resp != nil {
		for _, c := range x.resp.codes() {
			s.byCode[c]++
		}
		switch {
		case len(x.resp.Errors) == 0:
			s.clean++
		case x.resp.Data != nil:
			s.partial++
		}
	}
	if len(bad) > 0 {
		s.nFailures++
		if len(s.failures) < 10 {
			s.failures = append(s.failures, fmt.Sprintf("%s: %s\n    trace %+v\n    response %.400s", name, strings.Join(bad[:min(len(bad), 5)], "; "), *x.trace, x.raw))
		}
	}
}

// add folds o into s.
func (s *soakStats) add(o *soakStats) {
	s.requests += o.requests
	s.partial += o.partial
	s.clean += o.clean
	s.upstream += o.upstream
	s.elapsed += o.elapsed
	s.nFailures += o.nFailures
	s.failures = append(s.failures, o.failures[:min(len(o.failures), 10-min(10, len(s.failures)))]...)
	for k, v := range o.byQuery {
		s.byQuery[k] += v
	}
	for k, v := range o.byCode {
		s.byCode[k] += v
	}
	s.chaos.Requests += o.chaos.Requests
	s.chaos.Error500 += o.chaos.Error500
	s.chaos.Reset += o.chaos.Reset
	s.chaos.Slow += o.chaos.Slow
	s.chaos.Truncate += o.chaos.Truncate
}

// summary is one line of figures.
func (s *soakStats) summary() string {
	codes := make([]string, 0, len(s.byCode))
	for c, n := range s.byCode {
		codes = append(codes, fmt.Sprintf("%s %d", c, n))
	}
	sort.Strings(codes)
	c := s.chaos
	return fmt.Sprintf("%d GraphQL requests (%.0f/s; %d clean, %d partial, %d without data), %d upstream requests; "+
		"faults injected: error500 %d, reset %d, slow %d, truncate %d; errors by code: %s",
		s.requests, float64(s.requests)/s.elapsed.Seconds(), s.clean, s.partial, s.requests-s.clean-s.partial, s.upstream,
		c.Error500, c.Reset, c.Slow, c.Truncate, strings.Join(codes, ", "))
}

// TestSoak runs concurrent clients against flowgate while the fake
// authentik fails in every way chaos knows, switching between mixed
// failures, a full outage, calm, slowness and heavy failures. It checks
// every answer (well-formed, documented codes, nothing wrong, nothing
// missing without an error, exact when authentik behaved), that nothing
// panicked or logged an internal error, and that goroutines, heap and
// connections return to their baseline afterwards.
func TestSoak(t *testing.T) {
	skipIfShort(t)
	duration := soakDuration(t)
	const workers = 8
	r := newRig(t, rigOptions{loaderWait: 2 * time.Millisecond, upstreamTimeout: soakTimeout})
	queries := r.mix(t)
	callers := []caller{adminCaller, limitedCaller}
	healthy := r.baselines(t, queries, callers)

	goroutines0, heap0, _ := r.settle(t, 1<<30, 1<<62)

	phases := soakPhases(1)
	stats := make([]*soakStats, len(phases))
	for i := range stats {
		stats[i] = newSoakStats()
	}
	var phase atomic.Int32
	ctx, cancel := context.WithTimeout(t.Context(), duration+time.Minute)
	defer cancel()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			c := callers[w%len(callers)]
			for {
				select {
				case <-stop:
					return
				default:
				}
				q := queries[rng.IntN(len(queries))]
				p := phase.Load()
				x := r.do(ctx, c, q.query, q.vars)
				stats[p].record(q.name, x, judge(q, healthy[c.name+"/"+q.name], x, r.documented))
			}
		}()
	}
	for i, p := range phases {
		before := r.fake.ChaosStats()
		t0 := time.Now()
		phase.Store(int32(i))
		r.fake.SetChaos(p.chaos)
		phaseEnd := t0.Add(time.Duration(float64(duration) * p.share))
		for time.Now().Before(phaseEnd) && ctx.Err() == nil {
			time.Sleep(20 * time.Millisecond)
		}
		after := r.fake.ChaosStats()
		stats[i].elapsed = time.Since(t0)
		stats[i].chaos = upstreamtest.ChaosStats{Requests: after.Requests - before.Requests, Error500: after.Error500 - before.Error500,
			Reset: after.Reset - before.Reset, Slow: after.Slow - before.Slow, Truncate: after.Truncate - before.Truncate}
	}
	r.fake.SetChaos(upstreamtest.Chaos{})
	close(stop)
	wg.Wait()

	// Recovery: with authentik healthy again, every query must come back
	// whole (polled: a breaker may keep refusing for a while).
	deadline := time.Now().Add(time.Minute)
	for _, c := range callers {
		for _, q := range queries {
			for {
				x := r.do(ctx, c, q.query, q.vars)
				bad := judge(q, healthy[c.name+"/"+q.name], x, r.documented)
				if len(bad) == 0 && (q.badInput || len(x.resp.Errors) == 0) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("after the chaos, %s as %s does not recover: %v %s", q.name, c.name, bad, x.raw)
				}
				time.Sleep(100 * time.Millisecond)
			}
		}
	}

	// Everything returns to where it was: a few goroutines of slack for
	// the runtime, and heap slack for caches that fill once (gqlgen's
	// query cache, the client's pools).
	const goroutineSlack, heapSlack = 5, 8 << 20
	goroutines1, heap1, ok := r.settle(t, goroutines0+goroutineSlack, heap0+heapSlack)

	total := newSoakStats()
	for i, p := range phases {
		t.Logf("phase %-6s %5.1fs: %s", p.name, stats[i].elapsed.Seconds(), stats[i].summary())
		total.add(stats[i])
	}
	t.Logf("soak: %v, %d workers, %d callers' kinds: %s", total.elapsed.Round(time.Second), workers, len(callers), total.summary())
	t.Logf("goroutines %d before, %d after; heap %.1f MiB before, %.1f MiB after", goroutines0, goroutines1, mib(heap0), mib(heap1))
	t.Logf("connections: flowgate peak %d, fake authentik peak %d (%d accepted); open after: %d and %d",
		r.srvConns.peak, r.fake.Conns().Peak, r.fake.Conns().Accepted, r.srvConns.open(), r.fake.Conns().Open)
	t.Logf("log: %d lines, %d panics, %d ERROR lines, %d with a token", r.logs.lines, r.logs.panics, r.logs.errors, r.logs.tokens)
	t.Logf("by query: %v", total.byQuery)

	if total.nFailures > 0 {
		t.Errorf("%d of %d answers are wrong; first ones:\n%s", total.nFailures, total.requests, strings.Join(total.failures, "\n"))
	}
	if len(r.orphans) > 0 {
		t.Errorf("%d upstream requests carry no in-flight caller's token, e.g. %s", len(r.orphans), r.orphans[0])
	}
	r.logs.check(t)
	if !ok {
		t.Errorf("after the run: %d goroutines (baseline %d + %d), heap %.1f MiB (baseline %.1f + %.1f), open connections: flowgate %d, fake %d",
			goroutines1, goroutines0, goroutineSlack, mib(heap1), mib(heap0), mib(heapSlack), r.srvConns.open(), r.fake.Conns().Open)
	}
	// The run must have exercised what it claims to.
	if c := total.chaos; c.Error500 == 0 || c.Reset == 0 || c.Slow == 0 || c.Truncate == 0 {
		t.Errorf("some fault kinds were never injected: %+v", c)
	}
	for _, want := range []string{"UPSTREAM_UNAVAILABLE", "UPSTREAM_ERROR", "UPSTREAM_TIMEOUT", "BAD_USER_INPUT"} {
		if total.byCode[want] == 0 {
			t.Errorf("no %s answer in the run", want)
		}
	}
	if total.partial == 0 || total.clean == 0 {
		t.Errorf("answers: %d clean, %d partial; want both", total.clean, total.partial)
	}
	for _, q := range queries {
		if total.byQuery[q.name] == 0 {
			t.Errorf("query %q was never sent", q.name)
		}
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
