package upstream

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// retryPolicy decides whether and when a failed GET is sent again.
type retryPolicy struct {
	max      int           // attempts after the first
	backoff  time.Duration // first wait; doubles each time
	maxDelay time.Duration // longest single wait; a longer Retry-After ends retrying
	budget   time.Duration // no retry starts after the call has taken this long
}

// retryableStatus are the answers that say "try again": throttled, or a
// gateway in front of authentik without a healthy backend.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// next returns how long to wait before retry n+1 (n counts from 0), or
// false when the call should end with a's result. Only connection failures
// and retryableStatus are retried; a timeout is not (another attempt would
// add load to an upstream that is already slow).
func (p retryPolicy) next(ctx context.Context, n int, a *answer, started time.Time) (time.Duration, bool) {
	if n >= p.max {
		return 0, false
	}
	switch {
	case a.err != nil:
		if !errors.Is(a.err, ErrUnavailable) || errors.Is(a.err, ErrCircuitOpen) || errors.Is(a.err, ErrTimeout) {
			return 0, false
		}
	case !retryableStatus(a.status):
		return 0, false
	}
	d := min(p.backoff<<n, p.maxDelay)
	if d > 0 {
		d = d/2 + rand.N(d/2+1) // jitter: spread clients that failed together
	}
	if a.retryAfter > 0 {
		if a.retryAfter > p.maxDelay {
			return 0, false // authentik asks for longer than we may wait
		}
		d = max(d, a.retryAfter)
	}
	if time.Since(started)+d > p.budget {
		return 0, false
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= d {
		return 0, false
	}
	return d, true
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP
// date. It returns 0 when absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(min(s, 1<<31)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// BreakerState is the circuit breaker's state.
type BreakerState int

// The circuit is closed while authentik answers; open (every call answered
// at once with ErrCircuitOpen) after BreakerFailures failed attempts in a
// row; half-open after the cooldown, when one probe attempt goes out and
// its outcome closes or reopens the circuit.
const (
	BreakerClosed BreakerState = iota
	BreakerHalfOpen
	BreakerOpen
)

func (s BreakerState) String() string {
	switch s {
	case BreakerHalfOpen:
		return "half_open"
	case BreakerOpen:
		return "open"
	}
	return "closed"
}

type outcome int

const (
	neutral outcome = iota // no evidence: the caller gave up, or we never sent
	success                // authentik answered (4xx included)
	failure                // 5xx, no connection, or no answer in time
)

type breaker struct {
	threshold int
	cooldown  time.Duration
	onChange  func(BreakerState)

	mu       sync.Mutex
	state    BreakerState
	failures int
	openedAt time.Time
	probing  bool
}

// allow reports whether an attempt may go out, and whether it is the
// half-open probe. A nil breaker allows everything.
func (b *breaker) allow() (probe, ok bool) {
	if b == nil {
		return false, true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == BreakerOpen {
		if time.Since(b.openedAt) < b.cooldown {
			return false, false
		}
		b.set(BreakerHalfOpen)
	}
	if b.state == BreakerHalfOpen {
		if b.probing {
			return false, false
		}
		b.probing = true
		return true, true
	}
	return false, true
}

// done records an attempt's outcome. Outcomes of attempts that started
// before the circuit opened do not count: only the probe decides.
func (b *breaker) done(probe bool, o outcome) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.probing = false
	} else if b.state != BreakerClosed {
		return
	}
	switch o {
	case success:
		b.failures = 0
		b.set(BreakerClosed)
	case failure:
		b.failures++
		if probe || b.failures >= b.threshold {
			b.openedAt = time.Now()
			b.set(BreakerOpen)
		}
	}
}

// set changes the state and tells the observer, under b.mu so that
// observers see transitions in order.
func (b *breaker) set(s BreakerState) {
	if b.state == s {
		return
	}
	b.state = s
	if b.onChange != nil {
		b.onChange(s)
	}
}

func (b *breaker) current() BreakerState {
	if b == nil {
		return BreakerClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == BreakerOpen && time.Since(b.openedAt) >= b.cooldown {
		return BreakerHalfOpen // the next call probes
	}
	return b.state
}
